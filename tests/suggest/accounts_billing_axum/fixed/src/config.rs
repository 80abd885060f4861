use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use url::Url;

/// Header that carries the API key on machine-to-machine calls.
pub const API_KEY_HEADER: &str = "x-api-key";

/// How a member's name is shown to the other members of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisplayNamePolicy {
    FullName,
    FirstNameOnly,
    Initials,
}

/// Process configuration, read once at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    pub server_name: String,
    pub hostname: String,
    pub bind_addr: SocketAddr,
    pub database_url: String,
    /// OAuth token endpoint of the identity provider.
    pub token_endpoint: Url,
    pub api_key_header: &'static str,
    pub user_agent_header_name: String,
    pub session_ttl: Duration,
    pub secret_rotation_days: u32,
    pub password_min_length: usize,
    pub username_max_len: usize,
    /// Id of the welcome template at the mail provider, e.g. `welcome-v3`.
    pub email_template: String,
    pub display_name_policy: DisplayNamePolicy,
    /// Secret key of the payment provider (`sk_live_...`).
    pub stripe_secret_key: String,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |k: &str| std::env::var(k).with_context(|| format!("{k} is not set"));
        Ok(Self {
            server_name: var("SERVER_NAME").unwrap_or_else(|_| "accounts-api".into()),
            hostname: var("HOSTNAME")?,
            bind_addr: var("BIND_ADDR")?.parse()?,
            database_url: var("DATABASE_URL")?,
            token_endpoint: var("TOKEN_ENDPOINT")?.parse()?,
            api_key_header: API_KEY_HEADER,
            user_agent_header_name: "user-agent".to_owned(),
            session_ttl: Duration::from_secs(60 * 60 * 24 * 14),
            secret_rotation_days: 90,
            password_min_length: 12,
            username_max_len: 32,
            email_template: var("EMAIL_TEMPLATE").unwrap_or_else(|_| "welcome-v3".into()),
            display_name_policy: DisplayNamePolicy::FullName,
            stripe_secret_key: var("STRIPE_SECRET_KEY")?,
        })
    }
}
