//! Mail to customers, through the relay.

use datamin::Redacted;

/// Queues the mail that says a ticket was closed.
pub fn ticket_closed(to: &str, ticket_id: u64) {
    log::info!(target: "mail", "ticket {} closed, mailing {}", ticket_id, to);
    log::debug!(target: "mail", "queued closing mail for ticket {}", ticket_id);
}

/// Records that an agent's reply went out.
pub fn reply_sent(to: &str, ticket_id: u64) {
    log::info!("reply for ticket {} sent to {}", ticket_id, Redacted::new(to));
    log::warn!("relay slow for ticket {}", ticket_id);
}

/// The relay could not deliver a mail.
pub fn bounce(to: String, ticket_id: u64) {
    log::warn!("mail for ticket {ticket_id} bounced: {}", to);
}
