//! Customer mail: queued here, delivered by a background task.

use tokio::sync::mpsc;

use datamin::{Personal, Redacted, RedactedDebug};

use crate::models::Customer;

/// A mail waiting for delivery.
///
/// `RedactedDebug`: logging a `Mail` with `{:?}` shows the template and the
/// customer id, not the address.
#[derive(Personal, RedactedDebug)]
pub struct Mail {
    /// Recipient address.
    #[personal(email)]
    pub to: String,
    /// Which mail to render.
    pub template: Template,
    /// Recipient's customer id.
    pub customer_id: u64,
    /// Order the mail is about, if any.
    pub order_id: Option<u64>,
}

/// The mails the shop sends.
#[derive(Debug, Clone, Copy)]
pub enum Template {
    /// After sign-up.
    Welcome,
    /// After an order was placed.
    OrderConfirmation,
}

/// Queues mails for the relay task. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    outbox: mpsc::UnboundedSender<Mail>,
}

impl Mailer {
    /// A mailer, and the receiving end of its outbox for [`run_relay`].
    pub fn new() -> (Self, mpsc::UnboundedReceiver<Mail>) {
        let (outbox, queued) = mpsc::unbounded_channel();
        (Self { outbox }, queued)
    }

    /// Queues the welcome mail for a new customer.
    pub fn send_welcome(&self, customer_id: u64, email: &str) {
        tracing::info!("sending welcome mail to {email}"); //~ log-leak
        self.enqueue(Mail {
            to: email.to_owned(),
            template: Template::Welcome,
            customer_id,
            order_id: None,
        });
    }

    /// Queues the confirmation of an order.
    pub fn send_order_confirmation(&self, customer: &Customer, order_id: u64) {
        tracing::info!(
            customer_id = customer.id,
            order_id,
            to = %Redacted::new(&customer.email),
            "sending order confirmation"
        );
        self.enqueue(Mail {
            to: customer.email.clone(),
            template: Template::OrderConfirmation,
            customer_id: customer.id,
            order_id: Some(order_id),
        });
    }

    fn enqueue(&self, mail: Mail) {
        tracing::debug!(?mail, "mail queued");
        if self.outbox.send(mail).is_err() {
            tracing::error!("mail relay has stopped; mail dropped");
        }
    }
}

/// Delivers queued mails until every [`Mailer`] is dropped.
///
/// Stand-in for the SMTP relay: records the delivery and forgets the mail.
pub async fn run_relay(mut queued: mpsc::UnboundedReceiver<Mail>) {
    while let Some(mail) = queued.recv().await {
        tracing::info!(
            customer_id = mail.customer_id,
            order_id = mail.order_id,
            template = ?mail.template,
            "mail delivered"
        );
    }
}
