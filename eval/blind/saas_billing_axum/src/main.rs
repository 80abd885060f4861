mod admin;
mod api;
mod dto;
mod error;
mod jobs;
mod models;
mod state;
mod webhook;

use anyhow::Context as _;
pub use crate::error::{BillingError, Result};
use crate::state::{AppState, BillingConfig};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().json().init();
    let config = BillingConfig::from_env().context("loading billing config")?;
    tracing::info!(?config, "configuration loaded");
    let url = std::env::var("DATABASE_URL").context("DATABASE_URL is not set")?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(16).connect(&url).await?;
    let state = AppState::new(pool, std::sync::Arc::new(config));
    tokio::spawn(jobs::Worker::new(state.clone()).run());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    tracing::info!(addr = %listener.local_addr()?, "billing api listening");
    if let Err(err) = axum::serve(listener, api::router(state)).await {
        eprintln!("server stopped: {err}");
    }
    Ok(())
}
