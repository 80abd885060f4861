//! Billing records.

use datamin::{Personal, RedactedDebug};

/// Who pays.
#[derive(datamin::RedactedDebug, Clone, Personal)]
pub struct Payer {
    pub id: u64,
    /// The name on the invoice.
    #[personal(name)]
    pub legal_name: String,
    #[personal(email)]
    pub billing_email: String,
    #[personal(address)]
    pub postal_address: String,
    pub currency: Currency,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Currency {
    Eur,
    Usd,
    Gbp,
}

/// A card on file.
#[derive(
    Clone,
    datamin::RedactedDebug,
    PartialEq,
    Personal,
)]
pub struct Card {
    pub payer_id: u64,
    /// Last four digits, printed on invoices.
    pub last4: String,
    #[personal(name)]
    pub holder_name: String,
    pub expiry: (u8, u16),
}

/// An invoice: amounts, and who receives it.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub number: String,
    pub payer: Payer,
    pub lines: Vec<InvoiceLine>,
    pub total_cents: i64,
}

/// One line of an invoice.
#[derive(Debug, Clone)]
pub struct InvoiceLine {
    pub sku: String,
    pub quantity: u32,
    pub unit_cents: i64,
}

/// Who to talk to about a subscription.
#[derive(Clone, PartialEq, datamin::RedactedDebug, Personal)]
pub struct Contact {
    #[personal(name)]
    pub name: String,
    #[personal(email)]
    pub email: String,
}

/// A recurring plan. Holds no personal field of its own.
#[derive(Debug)]
pub struct Subscription {
    pub id: u64,
    pub plan: String,
    pub owner: Contact,
}

/// A payment reminder; its `Debug` already redacts.
#[derive(RedactedDebug, Personal)]
pub struct Reminder {
    pub invoice_number: String,
    #[personal(email)]
    pub to: String,
    pub days_overdue: u32,
}

/// What the payment provider answered.
#[derive(datamin::RedactedDebug, Personal)]
pub enum PaymentEvent {
    Charged {
        payer_id: u64,
        amount_cents: i64,
    },
    Refused {
        #[personal(email)]
        notify: String,
        reason: String,
    },
}
