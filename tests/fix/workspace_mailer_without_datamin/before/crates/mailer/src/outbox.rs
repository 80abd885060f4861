//! The outbox: mails waiting for the relay.

use accounts::Account;
use tracing::{info, instrument, warn};

use crate::templates;

pub struct Outbox {
    queued: Vec<(u64, String)>,
    relay: String,
}

impl Outbox {
    pub fn new(relay: &str) -> Self {
        Self {
            queued: Vec::new(),
            relay: relay.to_owned(),
        }
    }

    /// Queues the welcome mail.
    #[instrument(skip(self))]
    pub fn welcome(&mut self, account: &Account) {
        let body = templates::welcome(account);
        info!("welcome mail for {}", account.email);
        self.queued.push((account.id, body));
        info!(account_id = account.id, queued = self.queued.len(), "welcome queued");
    }

    /// Queues a password reset mail.
    pub fn reset(&mut self, account: &Account, link: &str) {
        let body = templates::reset(account, link);
        info!(to = %account.email, "reset mail queued");
        self.queued.push((account.id, body));
        info!(account_id = account.id, relay = %self.relay, "reset queued");
    }

    /// The relay refused a mail.
    pub fn bounced(&mut self, account: &Account, code: u16) {
        warn!(account.display_name, code, "mail bounced");
        warn!(account_id = account.id, code, "mail bounced");
        self.queued.retain(|(id, _)| *id != account.id);
    }
}
