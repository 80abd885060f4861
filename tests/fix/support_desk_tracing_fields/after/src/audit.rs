//! The audit trail of what agents look at.

use tracing::{info, instrument};

use crate::models::{Agent, Customer};

/// An agent opened a customer's record.
pub fn record_viewed(agent: &Agent, customer: &Customer) {
    info!(agent_id = agent.id, customer_id = customer.id, "record viewed");
    info!(target: "audit", agent_id = agent.id, email = %datamin::Redacted::new(&customer.email.as_str()), "record viewed");
}

/// An agent exported a customer's tickets.
#[instrument(skip(agent, customer), fields(agent_id = agent.id, email = %datamin::Redacted::new(&customer.email.as_str())))]
pub fn export_requested(agent: &Agent, customer: &Customer, tickets: usize) {
    info!(tickets, "export requested");
}
