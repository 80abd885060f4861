use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use uuid::Uuid;

pub type Result<T, E = BillingError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum BillingError {
    #[error("customer {0} not found")] CustomerNotFound(Uuid),
    #[error("invoice {0} not found")] InvoiceNotFound(Uuid),
    #[error("no customer registered under {0}")] UnknownEmail(String),
    #[error("tax id {value} is not valid in {country}")] InvalidTaxId { value: String, country: String },
    #[error("webhook signature mismatch")]
    BadSignature,
    #[error(transparent)] Database(#[from] sqlx::Error),
    #[error(transparent)] Payload(#[from] serde_json::Error),
}

impl IntoResponse for BillingError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            Self::CustomerNotFound(_) | Self::UnknownEmail(_) => (StatusCode::NOT_FOUND, "customer_not_found"),
            Self::InvoiceNotFound(_) => (StatusCode::NOT_FOUND, "invoice_not_found"),
            Self::InvalidTaxId { .. } | Self::Payload(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
            Self::BadSignature => (StatusCode::UNAUTHORIZED, "bad_signature"),
            Self::Database(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        if status.is_server_error() {
            tracing::error!(code, "billing request failed");
        } else {
            tracing::warn!(code, %status, "billing request rejected");
        }
        (status, Json(serde_json::json!({ "code": code }))).into_response()
    }
}
