//! The desk's records.

use datamin::{Personal, Redacted};

/// A customer who opens tickets.
#[derive(Clone, Personal)]
pub struct Customer {
    pub id: u64,
    /// Where replies are sent.
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub full_name: String,
    /// Only for escalations.
    #[personal(phone)]
    pub phone: Option<String>,
    pub plan: Plan,
    /// Signs the customer into the portal.
    #[personal(credentials)]
    pub portal_token: Redacted<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    Free,
    Team,
    Enterprise,
}

/// A support ticket.
#[derive(Clone, Personal)]
pub struct Ticket {
    pub id: u64,
    pub customer_id: u64,
    pub subject: String,
    /// The address the ticket was mailed from, when it came in by mail.
    #[personal(email)]
    pub reporter_email: Option<String>,
    pub priority: u8,
}

/// An agent of the desk.
#[derive(Clone, Debug)]
pub struct Agent {
    pub id: u32,
    pub team: String,
}
