mod http;
mod loader;
mod mailer;
mod model;
mod moderation;
mod schema;

use std::net::SocketAddr;

use anyhow::Context as _;
use axum::routing::get;
use axum::{middleware, Router};

use crate::http::AppState;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let pool = sqlx::PgPool::connect(&std::env::var("DATABASE_URL")?).await.context("database")?;
    let mailer = mailer::Mailer::new("smtp.example.org", "community <noreply@example.org>".parse()?)?;
    tokio::spawn(moderation::purge_ips(pool.clone()));

    let state = AppState { schema: schema::build(pool.clone(), mailer), pool };
    let app = Router::new()
        .route("/graphql", get(http::graphiql).post(http::graphql))
        .route("/api/users/:id", get(http::public_profile))
        .route("/support/users/:id", get(http::support_lookup))
        .route("/u/:id", get(http::profile_page))
        .layer(middleware::from_fn(http::client_ip))
        .with_state(state);

    let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await?;
    tracing::info!(addr = %listener.local_addr()?, "community graph listening");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    Ok(())
}
