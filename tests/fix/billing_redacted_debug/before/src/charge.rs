//! Charging cards and chasing payers.

use tracing::{debug, info, warn};

use crate::models::{Card, Invoice, Payer, PaymentEvent, Reminder, Subscription};

/// Charges the card for an invoice.
pub fn charge(payer: &Payer, card: &Card, invoice: &Invoice) -> Result<(), String> {
    println!("charging {:?}", payer);
    debug!(?card, "card selected");
    info!(invoice = %invoice.number, total = invoice.total_cents, "charging");
    debug!(currency = ?payer.currency, payer_id = payer.id, "currency");
    let event = if card.expiry.1 < 2025 {
        PaymentEvent::Refused {
            notify: payer.billing_email.clone(),
            reason: "card expired".to_owned(),
        }
    } else {
        PaymentEvent::Charged {
            payer_id: payer.id,
            amount_cents: invoice.total_cents,
        }
    };
    warn!(event = ?event, "payment provider answered");
    match event {
        PaymentEvent::Charged { amount_cents, .. } => {
            info!(invoice = %invoice.number, amount_cents, "charged");
            Ok(())
        }
        PaymentEvent::Refused { reason, .. } => Err(format!("refused: {reason}")),
    }
}

/// Renews a subscription.
pub fn renew(sub: &Subscription) {
    info!("renewing {sub:?}");
    info!(subscription_id = sub.id, plan = %sub.plan, "renewed");
}

/// Sends a reminder.
pub fn remind(reminder: &Reminder) {
    info!("sending {:?}", reminder);
    debug!(?reminder, "reminder queued");
}

/// Writes an invoice to the operator's terminal.
pub fn dump(invoice: &Invoice) {
    eprintln!("{:#?}", invoice);
    eprintln!("{} line(s): {:?}", invoice.lines.len(), invoice.lines);
}
