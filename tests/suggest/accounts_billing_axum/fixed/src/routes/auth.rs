use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::error::ApiError;
use crate::sessions::{LoginRequest, TokenResponse};
use crate::users::dto::{SignUpRequest, UserResponse};
use crate::AppState;

pub async fn sign_up(
    State(state): State<AppState>,
    Json(body): Json<SignUpRequest>,
) -> Result<(StatusCode, Json<UserResponse>), ApiError> {
    if body.password.len() < state.config.password_min_length {
        return Err(ApiError::Validation { field_name: "password" });
    }
    let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)")
        .bind(&body.email)
        .fetch_one(&state.db)
        .await?;
    if taken {
        return Err(ApiError::EmailTaken);
    }
    let id = uuid::Uuid::new_v4();
    tracing::info!(%id, workspace = %body.workspace_name, "sign-up");
    Ok((
        StatusCode::CREATED,
        Json(UserResponse {
            id,
            email: body.email,
            email_verified: false,
            display_name: String::new(),
            role: crate::users::Role::Owner,
        }),
    ))
}

pub async fn login(
    State(state): State<AppState>,
    Json(body): Json<LoginRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1")
        .bind(&body.email)
        .fetch_optional(&state.db)
        .await?;
    let Some(_hash) = hash else {
        return Err(ApiError::InvalidCredentials);
    };
    state.metrics.signed_in();
    Ok(Json(TokenResponse {
        access_token: uuid::Uuid::new_v4().to_string(),
        token_type: "Bearer",
        expires_in: state.config.session_ttl.as_secs(),
    }))
}
