//! The routes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use datamin::Redacted;

use crate::AppState;
use crate::models::{Booking, JoinRequest, Member, PublicMember};

pub async fn health() -> &'static str {
    "ok"
}

/// `POST /members`.
pub async fn join(
    State(state): State<AppState>,
    Json(req): Json<JoinRequest>,
) -> Result<(StatusCode, Json<PublicMember>), StatusCode> {
    let mut members = state.members.write().await;
    let email = req.email.trim().to_lowercase();
    if members.values().any(|m| m.email == email) {
        tracing::warn!("sign-up attempt for a taken address: {}", email);
        return Err(StatusCode::CONFLICT);
    }
    let id = members.len() as u64 + 1;
    let member = Member {
        id,
        email,
        display_name: req.display_name,
        birthday: None,
        phone: None,
        kiosk_pin: Redacted::new(format!("{:04}", id * 7919 % 10_000)),
        tier: req.tier,
    };
    tracing::info!(member_id = id, tier = ?member.tier, "member joined");
    let public = PublicMember::from(&member);
    members.insert(id, member);
    Ok((StatusCode::CREATED, Json(public)))
}

/// `GET /members/{id}`: public.
pub async fn get_member(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<PublicMember>, StatusCode> {
    let members = state.members.read().await;
    let member = members.get(&id).ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(PublicMember::from(member)))
}

/// `GET /admin/members/{id}`: the front desk's view.
pub async fn admin_member(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Member>, StatusCode> {
    let members = state.members.read().await;
    let member = members.get(&id).cloned().ok_or(StatusCode::NOT_FOUND)?;
    tracing::info!(member_id = member.id, "front desk opened a member");
    Ok(Json(member))
}

/// `GET /admin/members`.
pub async fn list_members(State(state): State<AppState>) -> Json<Vec<Member>> {
    let members: Vec<Member> = state.members.read().await.values().cloned().collect();
    tracing::info!(count = members.len(), "front desk listed members");
    // datamin:allow(log-leaks) the count is no personal data
    Json(members)
}

/// `GET /bookings/{id}`.
pub async fn booking(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Booking>, StatusCode> {
    let bookings = state.bookings.read().await;
    let booking = bookings
        .iter()
        .find(|b| b.id == id)
        .cloned()
        .ok_or(StatusCode::NOT_FOUND)?;
    let guest = booking.guest.full_name.clone();
    tracing::debug!(booking_id = booking.id, court = booking.court, "booking for {}", guest);
    Ok(Json(booking))
}
