//! Login, and the password hashing it shares with sign-up.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::Json;
use axum::extract::State;
use tracing::{instrument, warn};

use crate::AppState;
use crate::dto::{LoginRequest, LoginResponse};
use crate::error::AppError;
use crate::models::unix_now;

/// `POST /login`: checks email and password, hands out a session token.
///
/// `skip(state)` leaves `req` to the span, which records it with its derived
/// `Debug`: email and clear-text password.
#[instrument(skip(state))] //~ log-leak
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    let email = req.email.trim().to_lowercase();
    let Some(customer) = state.repo.customer_by_email(&email).await else {
        warn!("login failed for {}", email); //~ log-leak
        return Err(AppError::InvalidCredentials);
    };
    if !verify_password(&req.password, customer.password_hash.expose()) {
        warn!(customer_id = customer.id, "login failed: wrong password");
        return Err(AppError::InvalidCredentials);
    }
    tracing::info!(customer_id = customer.id, "login succeeded");
    Ok(Json(LoginResponse {
        customer_id: customer.id,
        token: issue_token(customer.id),
    }))
}

/// Hashes a password for storage.
///
/// A stand-in that keeps the example free of crypto dependencies: a real
/// service uses a slow, salted password hash (argon2, scrypt, bcrypt).
pub fn hash_password(password: &str) -> String {
    let mut hasher = DefaultHasher::new();
    "shop-demo-salt".hash(&mut hasher);
    password.hash(&mut hasher);
    format!("demo${:016x}", hasher.finish())
}

fn verify_password(password: &str, stored_hash: &str) -> bool {
    hash_password(password) == stored_hash
}

/// A session token for the customer (stand-in: not stored, not verified).
fn issue_token(customer_id: u64) -> String {
    let mut hasher = DefaultHasher::new();
    (customer_id, unix_now()).hash(&mut hasher);
    format!("{customer_id}.{:016x}", hasher.finish())
}
