use datamin::Personal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use crate::models::{BillingAddress, Customer, CustomerStatus, Invoice, Plan};

/// Masks `jane.doe@example.com` as `j***@example.com`.
#[datamin::sanitizer]
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

/// What the customer portal shows about an account.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub id: Uuid,
    pub plan: Plan,
    pub email_hint: String,
}

impl From<&Customer> for CustomerView {
    fn from(c: &Customer) -> Self { Self { id: c.id, plan: c.plan, email_hint: mask_email(&c.email) } }
}

#[derive(Serialize)]
pub struct CustomerSummary {
    pub id: Uuid,
    pub plan: Plan,
    pub status: CustomerStatus,
}

impl From<&Customer> for CustomerSummary {
    fn from(c: &Customer) -> Self { Self { id: c.id, plan: c.plan, status: c.status } }
}

/// The invoice as printed, bill-to block included.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintableInvoice {
    pub number: String,
    pub bill_to: String,
    pub address: Option<BillingAddress>,
}

impl PrintableInvoice {
    pub fn new(i: &Invoice, address: Option<BillingAddress>) -> Self { Self { number: i.number.clone(), bill_to: i.bill_to.clone(), address } }
}

#[derive(Debug, Deserialize, Personal)]
pub struct NewCustomer {
    #[personal(email)] pub email: String,
    #[personal(government_id)] pub tax_id: Option<String>,
    pub country: String,
    pub plan: Plan,
}

#[derive(Debug, Deserialize, Personal)]
pub struct LookupQuery {
    #[personal(email)] pub email: String,
}

#[derive(Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Uuid>,
}

impl<T> Page<T> {
    pub fn from_rows<R>(rows: &[R], limit: usize, id_of: impl Fn(&R) -> Uuid, map: impl Fn(&R) -> T) -> Self {
        Self { items: rows.iter().map(map).collect(), next: rows.get(limit - 1).map(id_of) }
    }
}
