//! Opening, assigning, escalating and closing tickets.

use tracing::{debug, info, warn};

use crate::models::{Agent, Customer, Plan, Ticket};
use crate::notify;

pub struct Desk {
    next_id: u64,
    open: Vec<Ticket>,
}

impl Desk {
    pub fn new() -> Self {
        Self {
            next_id: 1,
            open: Vec::new(),
        }
    }

    /// Opens a ticket for a customer.
    pub fn open(&mut self, customer: &Customer, subject: &str, from: Option<String>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let priority = match customer.plan {
            Plan::Enterprise => 1,
            Plan::Team => 2,
            Plan::Free => 3,
        };
        self.open.push(Ticket {
            id,
            customer_id: customer.id,
            subject: subject.to_owned(),
            reporter_email: from,
            priority,
        });
        info!(ticket_id = id, customer_id = customer.id, priority, "ticket opened");
        info!(ticket_id = id, email = %datamin::Redacted::new(&customer.email), "ticket opened for customer");
        debug!(ticket_id = id, plan = ?customer.plan, "plan looked up");
        id
    }

    /// A ticket that came in by mail.
    pub fn received_by_mail(&mut self, customer: &Customer, subject: &str, sender: String) -> u64 {
        let id = self.open(customer, subject, Some(sender.clone()));
        let ticket = self.open.last().expect("just pushed");
        debug!(ticket_id = ticket.id, reporter = ?datamin::Redacted::new(&ticket.reporter_email), "ticket came in by mail");
        if sender != customer.email {
            warn!(ticket_id = id, customer_id = customer.id, "sender is not the customer's address");
        }
        id
    }

    /// Assigns a ticket to an agent.
    pub fn assign(&mut self, ticket_id: u64, agent: &Agent, customer: &Customer) {
        info!(ticket_id, agent_id = agent.id, team = %agent.team, "ticket assigned");
        info!(ticket_id, customer.full_name = %datamin::Redacted::new(&customer.full_name), "assigned ticket's customer");
        debug!(ticket_id, customer.id, "assignment recorded");
    }

    /// Hands a ticket to the phone team.
    pub fn escalate(&self, ticket_id: u64, customer: &Customer) {
        let phone = customer.phone.clone().unwrap_or_default();
        warn!("escalating ticket {ticket_id}: call {phone}", phone = datamin::Redacted::new(&phone));
        warn!(ticket_id, customer_id = customer.id, "escalated");
        if self.open.len() > 100 {
            warn!(open = self.open.len(), "queue is long; could not reach {}", datamin::Redacted::new(&customer.email));
        }
    }

    /// Closes a ticket and tells the customer.
    pub fn close(&mut self, ticket_id: u64, customer: &Customer) {
        self.open.retain(|t| t.id != ticket_id);
        let email = customer.email.clone();
        info!(ticket_id, email = %datamin::Redacted::new(&email), "closing ticket");
        notify::ticket_closed(&email, ticket_id);
        info!(ticket_id, remaining = self.open.len(), "ticket closed");
    }

    /// Reopens a closed ticket.
    pub fn reopen(&mut self, ticket_id: u64, customer: &Customer) {
        info!("ticket {} reopened by {}", ticket_id, datamin::Redacted::new(&customer.full_name.to_uppercase()));
        debug!("ticket {} reopened, plan {:?}", ticket_id, customer.plan);
    }
}
