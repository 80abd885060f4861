//! Billing run: charges the payers whose invoices are due.

mod charge;
mod models;

use models::{Card, Contact, Currency, Invoice, InvoiceLine, Payer, Reminder, Subscription};

fn main() {
    let payer = Payer {
        id: 3,
        legal_name: "Lovelace Analytical Ltd".to_owned(),
        billing_email: "accounts@lovelace.example".to_owned(),
        postal_address: "12 St James's Square, London".to_owned(),
        currency: Currency::Gbp,
    };
    let card = Card {
        payer_id: payer.id,
        last4: "4242".to_owned(),
        holder_name: "A. Lovelace".to_owned(),
        expiry: (11, 2031),
    };
    let invoice = Invoice {
        number: "INV-2024-0117".to_owned(),
        payer: payer.clone(),
        lines: vec![InvoiceLine {
            sku: "seat".to_owned(),
            quantity: 12,
            unit_cents: 900,
        }],
        total_cents: 10_800,
    };
    let subscription = Subscription {
        id: 88,
        plan: "team".to_owned(),
        owner: Contact {
            name: "Ada".to_owned(),
            email: "ada@lovelace.example".to_owned(),
        },
    };
    let reminder = Reminder {
        invoice_number: invoice.number.clone(),
        to: payer.billing_email.clone(),
        days_overdue: 14,
    };
    println!("billing run for {} invoice(s)", 1);
    if let Err(e) = charge::charge(&payer, &card, &invoice) {
        eprintln!("charge failed: {e}");
    }
    charge::renew(&subscription);
    charge::remind(&reminder);
    charge::dump(&invoice);
    println!("billing run done: {:?} {:?}", invoice.lines, payer.currency);
}
