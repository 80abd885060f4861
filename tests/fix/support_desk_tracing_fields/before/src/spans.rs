//! Spans around the desk's longer work.

use tracing::{Level, debug_span, info_span};

use crate::models::{Customer, Ticket};

/// The span of a reply being written.
pub fn reply_span(ticket: &Ticket, customer: &Customer) -> tracing::Span {
    info_span!("reply", ticket_id = ticket.id, customer_id = customer.id, customer.full_name)
}

/// The span of a mail import.
pub fn import_span(ticket: &Ticket) -> tracing::Span {
    let sender = ticket.reporter_email.clone().unwrap_or_default();
    tracing::span!(Level::DEBUG, "import", ticket_id = ticket.id, sender)
}

/// The span of an export; names nobody.
pub fn export_span(count: usize) -> tracing::Span {
    debug_span!("export", count)
}

/// The span of a satisfaction survey.
pub fn survey_span(ticket: &Ticket, customer: &Customer) -> tracing::Span {
    info_span!("survey", ticket_id = ticket.id, plan = ?customer.plan)
}
