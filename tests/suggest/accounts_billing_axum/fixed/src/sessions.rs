use std::net::IpAddr;
use std::time::Instant;

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A signed-in browser session.
#[derive(Debug, Clone, sqlx::FromRow, datamin::Personal)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    /// Opaque bearer token sent in the `sid` cookie.
    #[personal(credentials)]
    pub token: String,
    #[personal(credentials)]
    pub refresh_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip_version: u8,
    #[personal(device_id)]
    pub user_agent: Option<String>,
}

/// Double-submit CSRF nonce, rotated on every form render.
#[derive(Debug, Clone)]
pub struct CsrfGuard {
    pub token: String,
    pub issued_at: Instant,
}

#[derive(Debug, serde::Deserialize, datamin::Personal)]
pub struct LoginRequest {
    #[personal(email)]
    pub email: String,
    #[personal(credentials)]
    pub password: String,
    #[serde(default)]
    pub remember_me: bool,
}

/// Returned by `POST /oauth/token`.
#[derive(serde::Serialize, datamin::Personal)]
pub struct TokenResponse {
    #[personal(credentials)]
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
}

pub fn ip_version(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 4 } else { 6 }
}
