//! Support desk: customers open tickets, agents answer them.

mod audit;
mod models;
mod notify;
mod spans;
mod tickets;

use datamin::Redacted;
use models::{Agent, Customer, Plan};
use tickets::Desk;

fn main() {
    let customer = Customer {
        id: 41,
        email: "ada@example.com".to_owned(),
        full_name: "Ada Lovelace".to_owned(),
        phone: Some("+44 20 7946 0000".to_owned()),
        plan: Plan::Team,
        portal_token: Redacted::new("tok_8c1f".to_owned()),
    };
    let agent = Agent {
        id: 7,
        team: "billing".to_owned(),
    };
    let mut desk = Desk::new();
    let first = desk.open(&customer, "Invoice is wrong", None);
    let second = desk.received_by_mail(&customer, "Re: invoice", customer.email.clone());
    desk.assign(first, &agent, &customer);
    audit::record_viewed(&agent, &customer);
    audit::export_requested(&agent, &customer, 2);
    notify::reply_sent(&customer.email, first);
    desk.escalate(second, &customer);
    desk.close(first, &customer);
    desk.reopen(first, &customer);
    notify::bounce(customer.email.clone(), second);
    println!("desk ready: {} tickets handled for customer {}", 2, customer.id);
    tracing::info!(customer_id = customer.id, token = %customer.portal_token, "portal session");
}
