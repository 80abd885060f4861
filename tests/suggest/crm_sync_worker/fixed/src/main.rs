//! crm-sync: copies new CRM contacts into the mailing provider's audience,
//! once an hour, from a Kubernetes CronJob.

mod cli;
mod config;
mod crm;
mod stats;

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = cli::Args::parse();
    let cfg = config::Config::load(&args.config)?;
    let mut stats = stats::RunStats::default();

    let contacts = crm::fetch_since(&cfg.upstream, args.since.as_deref()).await?;
    for c in contacts.iter().filter(|c| !c.unsubscribed) {
        if args.dry_run {
            stats.skipped += 1;
            continue;
        }
        crm::push(&cfg.upstream, c).await?;
        stats.pushed += 1;
    }
    tracing::info!(pushed = stats.pushed, skipped = stats.skipped, table = %cfg.export.table_name, "sync done");
    Ok(())
}
