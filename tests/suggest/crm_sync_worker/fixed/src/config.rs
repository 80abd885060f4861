use std::net::SocketAddr;
use std::path::Path;

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressFamily {
    V4,
    V6,
    Any,
}

#[derive(Debug, Deserialize)]
pub struct Config {
    pub metrics: MetricsConfig,
    pub upstream: UpstreamConfig,
    pub export: ExportConfig,
}

/// Where the Prometheus endpoint listens.
#[derive(Debug, Deserialize)]
pub struct MetricsConfig {
    pub bind_addr: SocketAddr,
    pub address_family: AddressFamily,
    pub ip_version: u8,
    pub hostname: String,
}

#[derive(Debug, Deserialize, datamin::Personal)]
pub struct UpstreamConfig {
    pub base_url: Url,
    pub token_endpoint: Url,
    /// TLS server name when the provider sits behind a shared load balancer.
    pub server_name: Option<String>,
    pub client_id: String,
    #[personal(credentials)]
    pub client_secret: SecretString,
    #[serde(skip, default = "default_api_key_header")]
    pub api_key_header: &'static str,
    /// Sent on every request: `crm-sync/0.2 (+https://status.example.com)`.
    pub user_agent: String,
    pub secret_rotation_days: u32,
    /// Size of the access-token pool shared by the workers.
    pub token_count: u32,
}

#[derive(Debug, Deserialize)]
pub struct ExportConfig {
    pub table_name: String,
    pub file_name: String,
    /// Id of the double opt-in template at the provider.
    pub email_template: String,
    /// Shared mailbox the provider sends bounces to, e.g. `bounces@acme.example`.
    pub sender_address: String,
    pub display_name_policy: String,
    pub username_max_len: usize,
}

fn default_api_key_header() -> &'static str {
    "x-api-key"
}

impl Config {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        Ok(toml::from_str(&std::fs::read_to_string(path)?)?)
    }
}
