use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Draft,
    Open,
    Paid,
    Void,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineItem {
    pub description: String,
    pub quantity: u32,
    pub unit_cents: i64,
}

/// An invoice as rendered to PDF and returned by `GET /invoices/:id`.
#[derive(Debug, Clone, Serialize, datamin::Personal)]
pub struct Invoice {
    pub id: Uuid,
    /// Sequential, printed on the PDF: `INV-2024-000123`.
    pub number: String,
    pub workspace_id: Uuid,
    #[personal(name)]
    pub billing_name: String,
    #[personal(email)]
    pub billing_email: String,
    /// Multi-line postal address as printed on the invoice.
    #[personal(address)]
    pub billing_address: String,
    /// ISO 3166-1 alpha-2, decides the VAT treatment.
    pub billing_country: String,
    /// VAT id; sole traders use their own tax number.
    #[personal(government_id)]
    pub tax_id: Option<String>,
    pub card_last4: Option<String>,
    pub amount_cents: i64,
    pub currency: &'static str,
    pub status: InvoiceStatus,
    pub issued_at: DateTime<Utc>,
    pub lines: Vec<LineItem>,
}

/// Totals for the finance dashboard.
#[derive(Debug, Default, Serialize)]
pub(crate) struct RevenueSummary {
    pub(crate) invoice_count: u64,
    pub(crate) paid_cents: i64,
    pub(crate) city_count: u32,
    pub(crate) num_accounts: u64,
}
