mod auth;
mod invoices;

use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/signup", post(auth::sign_up))
        .route("/login", post(auth::login))
        .route("/invoices", get(invoices::list))
        .route("/invoices/:id", get(invoices::show))
        .with_state(state)
}
