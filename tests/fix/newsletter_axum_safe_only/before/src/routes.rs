//! The HTTP routes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use datamin::Redacted;
use tracing::{info, instrument, warn};

use crate::AppState;
use crate::subscribers::{Stats, SubscribeForm, Subscriber};

/// `POST /subscribe`.
#[instrument(skip(state))]
pub async fn subscribe(
    State(state): State<AppState>,
    Json(form): Json<SubscribeForm>,
) -> (StatusCode, Json<Subscriber>) {
    let mut all = state.subscribers.lock().await;
    let sub = Subscriber {
        id: all.len() as u64 + 1,
        email: form.email.to_lowercase(),
        first_name: form.first_name,
        confirmed: false,
        confirm_token: Redacted::new(format!("c{}", all.len() * 31 + 7)),
        topics: form.topics,
    };
    info!(subscriber_id = sub.id, topics = sub.topics.len(), "subscribed");
    info!("confirmation mail queued for {}", sub.email);
    all.push(sub.clone());
    (StatusCode::CREATED, Json(sub))
}

/// `POST /confirm/{token}`.
pub async fn confirm(State(state): State<AppState>, Path(token): Path<String>) -> StatusCode {
    let mut all = state.subscribers.lock().await;
    match all.iter_mut().find(|s| s.confirm_token.expose() == &token) {
        Some(sub) => {
            sub.confirmed = true;
            info!(subscriber_id = sub.id, "confirmed");
            // datamin:allow(log-leak) the editors' audit trail names who confirmed (DPA 2024-03)
            info!(email = %sub.email, "audit: confirmation");
            StatusCode::NO_CONTENT
        }
        None => {
            warn!(token_len = token.len(), "unknown confirmation token");
            StatusCode::NOT_FOUND
        }
    }
}

/// `GET /subscribers/{id}`: the editors' view of one subscriber.
pub async fn subscriber(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Subscriber>, StatusCode> {
    let all = state.subscribers.lock().await;
    let sub = all.iter().find(|s| s.id == id).cloned().ok_or(StatusCode::NOT_FOUND)?;
    // datamin:allow(log_leak) editors may look subscribers up
    warn!(subscriber_id = sub.id, name = ?sub.first_name, "editor looked a subscriber up");
    Ok(Json(sub))
}

/// `GET /export`.
pub async fn export(State(state): State<AppState>) -> Json<Vec<Subscriber>> {
    let all = state.subscribers.lock().await.clone();
    info!(rows = all.len(), "export");
    Json(all)
}

/// `GET /stats`.
pub async fn stats(State(state): State<AppState>) -> Json<Stats> {
    let all = state.subscribers.lock().await;
    let confirmed = all.iter().filter(|s| s.confirmed).count();
    info!(total = all.len(), confirmed, "stats");
    Json(Stats {
        total: all.len(),
        confirmed,
    })
}
