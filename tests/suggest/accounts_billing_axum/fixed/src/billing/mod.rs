pub mod invoice;
pub mod payment;

pub use invoice::{Invoice, InvoiceStatus, LineItem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::Type)]
pub enum Plan {
    Free,
    Team,
    Business,
}

/// A plan as shown on the pricing page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanInfo {
    pub plan: Plan,
    pub name: &'static str,
    pub monthly_cents: i64,
    pub max_accounts: u32,
}
