use axum::{body::Bytes, extract::State, http::HeaderMap, http::StatusCode};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use tracing::{debug, error, info, instrument, warn};
use uuid::Uuid;
use crate::error::{BillingError, Result};
use crate::jobs::Job;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct WebhookEvent {
    pub id: String,
    #[serde(rename = "type")] pub kind: String,
    pub data: EventData,
}

#[derive(Debug, Deserialize, datamin::Personal)]
#[serde(tag = "object", rename_all = "snake_case")]
pub enum EventData {
    Invoice { invoice_id: Uuid, amount_paid: i64, paid: bool },
    Customer { customer_id: Uuid, #[personal(email)] email: Option<String> },
    Charge { charge_id: String, failure_code: Option<String> },
}

fn verify_signature(headers: &HeaderMap, body: &[u8], secret: &str) -> Result<()> {
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).ok_or(BillingError::BadSignature)?;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("hmac takes keys of any length");
    mac.update(body);
    (hex::encode(mac.finalize().into_bytes()) == signature).then_some(()).ok_or(BillingError::BadSignature)
}

#[instrument(skip(state, body))]
pub async fn stripe_webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<StatusCode> {
    verify_signature(&headers, &body, state.config.webhook_secret.expose())?;
    let event: WebhookEvent = serde_json::from_slice(&body)?;
    info!(event_id = %event.id, kind = %event.kind, "webhook received");
    debug!(?event, "webhook payload"); //~ log-leak
    match event.data {
        EventData::Invoice { invoice_id, amount_paid, paid: true } => {
            info!(%invoice_id, amount_paid, "invoice paid");
            sqlx::query("UPDATE invoices SET status = 'paid' WHERE id = $1").bind(invoice_id).execute(&state.pool).await?;
        }
        EventData::Invoice { invoice_id, .. } => warn!(%invoice_id, "invoice event without payment"),
        EventData::Customer { customer_id, email } => {
            debug!(%customer_id, "customer updated upstream");
            if let Some(email) = email {
                info!("customer {customer_id} changed email to {email}"); //~ log-leak
                state.jobs.enqueue(&Job::ConfirmEmail { customer_id, to: email }).await?;
            }
        }
        EventData::Charge { charge_id, failure_code } => error!(%charge_id, ?failure_code, "charge failed"),
    }
    Ok(StatusCode::OK)
}
