//! The order flow, one span per step.

use tracing::{info, instrument};

use crate::db::Db;
use crate::models::{Customer, Order, ShippingAddress};

#[instrument(skip(db))]
pub async fn load_customer(db: &Db, id: u64) -> Option<Customer> {
    info!(orders = db.count_orders(id), "customer loaded");
    None
}

#[instrument(skip(customer))]
pub async fn place_order(customer: &Customer, items: Vec<String>) -> Order {
    let order = Order {
        id: 501,
        customer_id: customer.id,
        total_cents: 4_200,
        items,
    };
    info!(order_id = order.id, customer_id = customer.id, "order placed");
    order
}

#[instrument(skip(db, customer))]
pub async fn save_customer(db: &Db, customer: Customer) -> Result<(), String> {
    info!(customer_id = customer.id, "customer saved");
    Ok(())
}

#[instrument(
    level = "debug",
    skip(db, customer),
    fields(order_id = order.id)
)]
pub fn reserve_stock(db: &Db, order: &Order, customer: &Customer) {
    info!(items = order.items.len(), customer_id = customer.id, "stock reserved");
}

#[instrument(level = "debug", skip(address))]
pub fn format_label(address: &ShippingAddress, order_id: u64) -> String {
    format!("{}\n{}\n{}", address.street, address.city, address.country)
}

#[instrument(skip_all, fields(order_id = order.id))]
pub fn ship(db: &Db, order: &Order, address: &ShippingAddress) {
    info!(country = %address.country, "handed to the carrier");
}

#[instrument(skip(db, customer), fields(customer_id = customer.id, email = %datamin::Redacted::new(&customer.email)))]
pub fn send_receipt(db: &Db, customer: &Customer, order: &Order) {
    info!(order_id = order.id, total_cents = order.total_cents, "receipt sent");
}

#[tracing::instrument(name = "refund", level = "info", skip(db, customer), err)]
pub fn refund(db: &Db, order: &Order, customer: &Customer, reason: &str) -> Result<(), String> {
    if order.total_cents == 0 {
        return Err(format!("order {} has nothing to refund", order.id));
    }
    info!(order_id = order.id, reason, "refunded");
    Ok(())
}

#[instrument(skip(db, keep, duplicate))]
pub fn merge_accounts(db: &Db, keep: &Customer, duplicate: Customer) {
    info!(keep = keep.id, duplicate = duplicate.id, "accounts merged");
}
