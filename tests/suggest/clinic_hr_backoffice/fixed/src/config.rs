use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Settings {
    pub listen_addr: SocketAddr,
    pub database_url: String,
    pub smtp_hostname: String,
    pub smtp_port: u16,
    /// Name of the environment variable that holds the insurer API token.
    pub insurance_api_token_env: String,
    pub export_dir: PathBuf,
    /// e.g. `payroll-{period}.csv`
    pub file_name: String,
    pub table_name: String,
    pub reminder_sms_template: String,
    pub show_clinic_phone: bool,
}

impl Settings {
    pub fn load() -> anyhow::Result<Self> {
        let raw = std::fs::read_to_string("backoffice.toml")?;
        Ok(toml::from_str(&raw)?)
    }
}
