//! accounts-api: sign-up, sessions and billing for the Acme workspace product.

mod audit;
mod billing;
mod config;
mod error;
mod metrics;
mod routes;
mod sessions;
mod users;

use std::sync::Arc;

use axum::Router;

#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::PgPool,
    pub config: Arc<config::Config>,
    pub metrics: Arc<metrics::Metrics>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();

    let config = config::Config::from_env()?;
    let db = sqlx::PgPool::connect(&config.database_url).await?;
    let bind_addr = config.bind_addr;
    let state = AppState {
        db,
        config: Arc::new(config),
        metrics: Arc::default(),
    };

    let app: Router = routes::router(state.clone());
    let listener = tokio::net::TcpListener::bind(bind_addr).await?;
    tracing::info!(server = %state.config.server_name, "listening on {bind_addr}");
    axum::serve(listener, app).await?;
    Ok(())
}
