use std::path::PathBuf;

#[derive(Debug, clap::Parser)]
#[command(name = "crm-sync", version, about = "Sync CRM contacts to the mailing provider")]
pub struct Args {
    /// Path of the TOML configuration.
    #[arg(long, default_value = "/etc/crm-sync/config.toml")]
    pub config: PathBuf,
    /// Only contacts changed after this RFC 3339 timestamp.
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    /// Only sync addresses of this domain, e.g. `example.com`.
    #[arg(long)]
    pub email_domain_filter: Option<String>,
    #[arg(long, default_value_t = 500)]
    pub batch_size: usize,
}
