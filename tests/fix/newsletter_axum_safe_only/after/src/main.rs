//! Newsletter sign-ups: subscribe, confirm, unsubscribe, and an export for
//! the editors.

mod routes;
mod subscribers;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use tokio::sync::Mutex;

use subscribers::Subscriber;

#[derive(Clone, Default)]
pub struct AppState {
    pub subscribers: Arc<Mutex<Vec<Subscriber>>>,
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/subscribe", post(routes::subscribe))
        .route("/confirm/{token}", post(routes::confirm))
        .route("/subscribers/{id}", get(routes::subscriber))
        .route("/export", get(routes::export))
        .route("/stats", get(routes::stats))
        .with_state(AppState::default());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080")
        .await
        .expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
