//! The one error type of the handlers, and how it becomes a response.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use datamin::Personal;
use serde::Serialize;

/// Why a request failed.
#[derive(Debug, thiserror::Error, Personal)]
pub enum AppError {
    /// Sign-up with an email address that already has an account.
    #[error("a customer with email {0} already exists")]
    CustomerExists(#[personal(email)] String),
    /// No customer with this id.
    #[error("customer {0} not found")]
    CustomerNotFound(u64),
    /// No order with this id.
    #[error("order {0} not found")]
    OrderNotFound(u64),
    /// An order line names an article that is not in the catalog.
    #[error("unknown product {0}")]
    UnknownProduct(String),
    /// Only a placed order can be cancelled.
    #[error("order {0} can no longer be cancelled")]
    NotCancellable(u64),
    /// Wrong email or password at login.
    #[error("invalid email or password")]
    InvalidCredentials,
    /// The request body is well-formed but its content is not acceptable.
    #[error("invalid request: {0}")]
    Validation(&'static str),
}

/// The JSON body of every error response.
#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            Self::CustomerExists(_) | Self::NotCancellable(_) => StatusCode::CONFLICT,
            Self::CustomerNotFound(_) | Self::OrderNotFound(_) => StatusCode::NOT_FOUND,
            Self::UnknownProduct(_) | Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
        }
    }

    /// What the client is told: fixed text, so no request data is echoed back.
    fn public_message(&self) -> &'static str {
        match self {
            Self::CustomerExists(_) => "an account with this email already exists",
            Self::CustomerNotFound(_) => "customer not found",
            Self::OrderNotFound(_) => "order not found",
            Self::UnknownProduct(_) => "unknown product",
            Self::NotCancellable(_) => "order can no longer be cancelled",
            Self::InvalidCredentials => "invalid email or password",
            Self::Validation(reason) => reason,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        // The whole error goes to the log for debugging, and with it the
        // email address that `CustomerExists` carries.
        tracing::warn!(error = ?self, status = status.as_u16(), "request failed"); //~ log-leak
        let body = ErrorBody {
            error: self.public_message(),
        };
        (status, Json(body)).into_response()
    }
}
