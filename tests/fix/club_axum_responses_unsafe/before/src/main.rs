//! A tennis club's member API.

mod handlers;
mod ledger;
mod models;
mod staff;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::sync::RwLock;

use models::{Booking, Member};

#[derive(Clone, Default)]
pub struct AppState {
    pub members: Arc<RwLock<HashMap<u64, Member>>>,
    pub bookings: Arc<RwLock<Vec<Booking>>>,
}

#[tokio::main]
async fn main() {
    let state = AppState::default();
    let app = Router::new()
        .route("/health", get(handlers::health))
        .route("/members", post(handlers::join))
        .route("/members/{id}", get(handlers::get_member))
        .route("/admin/members", get(handlers::list_members))
        .route("/admin/members/{id}", get(handlers::admin_member))
        .route("/bookings/{id}", get(handlers::booking))
        .route("/coaches", get(staff::coaches))
        .route("/ledger/{member_id}", get(ledger::payments_of))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000")
        .await
        .expect("bind");
    tracing::info!(addr = "127.0.0.1:3000", "listening");
    axum::serve(listener, app).await.expect("serve");
}
