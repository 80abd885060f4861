use std::net::SocketAddr;

use askama::Template;
use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use uuid::Uuid;

use crate::model::{ClientIp, User, Viewer};
use crate::schema::CommunitySchema;

#[derive(Clone)]
pub struct AppState {
    pub schema: CommunitySchema,
    pub pool: sqlx::PgPool,
}

/// Records the peer address for rate limiting and abuse reports.
pub async fn client_ip(ConnectInfo(addr): ConnectInfo<SocketAddr>, mut req: Request, next: Next) -> Response {
    let ip = addr.ip();
    req.extensions_mut().insert(ClientIp(ip));
    tracing::trace!(%ip, path = %req.uri().path(), "request accepted");
    next.run(req).await
}

fn viewer_from(req_headers: &axum::http::HeaderMap) -> Option<Viewer> {
    let id = req_headers.get("x-member-id")?.to_str().ok()?.parse().ok()?;
    let is_moderator = req_headers.get("x-member-role").is_some_and(|r| r == "moderator");
    Some(Viewer { id, is_moderator })
}

pub async fn graphql(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::Extension(ip): axum::Extension<ClientIp>,
    req: GraphQLRequest,
) -> Result<GraphQLResponse, StatusCode> {
    let viewer = viewer_from(&headers).ok_or(StatusCode::UNAUTHORIZED)?;
    tracing::debug!(viewer = ?viewer, "graphql request");
    Ok(state.schema.execute(req.into_inner().data(viewer).data(ip)).await.into())
}

pub async fn graphiql() -> impl IntoResponse {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicProfile {
    id: Uuid,
    karma: i32,
    member_since: String,
}

impl From<&User> for PublicProfile {
    fn from(u: &User) -> Self {
        Self { id: u.id, karma: u.karma, member_since: u.created_at.format("%Y-%m").to_string() }
    }
}

async fn fetch(state: &AppState, id: Uuid) -> Result<User, StatusCode> {
    sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.pool)
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "user query failed");
            StatusCode::INTERNAL_SERVER_ERROR
        })?
        .ok_or(StatusCode::NOT_FOUND)
}

pub async fn public_profile(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<PublicProfile>, StatusCode> {
    let user = fetch(&state, id).await?;
    Ok(Json(PublicProfile::from(&user)))
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage<'a> {
    display_name: &'a str,
    karma: i32,
    since: String,
}

pub async fn profile_page(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Html<String>, StatusCode> {
    let user = fetch(&state, id).await?;
    let since = user.created_at.format("%B %Y").to_string();
    let page = ProfilePage { display_name: &user.display_name, karma: user.karma, since };
    let html = page.render().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Html(html)) //~ response-leak
}

/// Support tooling behind the VPN; still an HTTP response.
pub async fn support_lookup(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<impl IntoResponse, StatusCode> {
    let user = fetch(&state, id).await?;
    tracing::info!(user_id = %user.id, "support lookup");
    Ok((StatusCode::OK, Json(user))) //~ response-leak
}
