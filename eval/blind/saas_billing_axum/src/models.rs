use chrono::{DateTime, Utc};
use datamin::Personal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "plan", rename_all = "snake_case")]
pub enum Plan { Starter, Growth, Enterprise }

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type)]
#[sqlx(type_name = "customer_status", rename_all = "snake_case")]
pub enum CustomerStatus { Active, PastDue, Cancelled }

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type)]
#[sqlx(type_name = "invoice_status", rename_all = "snake_case")]
pub enum InvoiceStatus { Draft, Open, Paid, Void }

#[derive(Debug, Clone, sqlx::FromRow, Personal, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: Uuid,
    #[personal(email)] pub email: String,
    #[personal(name)] pub name: String,
    #[personal(phone)] #[serde(skip_serializing)] pub phone: Option<String>,
    #[personal(government_id)] #[serde(skip)] pub tax_id: Option<String>,
    pub plan: Plan,
    pub status: CustomerStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Personal, Serialize, Deserialize, sqlx::FromRow)]
pub struct BillingAddress {
    #[personal(address)] pub line1: String,
    #[personal(address)] pub city: String,
    #[personal(address)] pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Clone, Personal, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub number: String,
    pub amount_cents: i64,
    pub status: InvoiceStatus,
    #[personal(name)] #[serde(skip_serializing_if = "String::is_empty")] pub bill_to: String,
    #[sqlx(skip)] #[serde(skip)] pub address: Option<BillingAddress>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TaxIdKind { EuVat, Ein, Other }

pub fn validate_tax_id(raw: &str, country: &str) -> crate::Result<TaxIdKind> {
    tracing::debug!(country, "validating tax id");
    let normalized: String = raw.chars().filter(char::is_ascii_alphanumeric).collect();
    match (country, normalized.len()) {
        ("DE" | "FR" | "NL", 9..=12) => Ok(TaxIdKind::EuVat),
        ("US", 9) => Ok(TaxIdKind::Ein),
        (_, 8..=15) => Ok(TaxIdKind::Other),
        _ => Err(crate::BillingError::InvalidTaxId { value: normalized, country: country.to_owned() }),
    }
}
