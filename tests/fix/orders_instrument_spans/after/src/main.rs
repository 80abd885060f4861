//! Order service: takes orders, reserves stock, ships and refunds.

mod db;
mod models;
mod orders;

use db::Db;
use models::{Customer, ShippingAddress};

#[tokio::main]
async fn main() {
    let db = Db::connect("postgres://orders@localhost/orders");
    let customer = Customer {
        id: 12,
        email: "grace@example.com".to_owned(),
        name: "Grace Hopper".to_owned(),
    };
    let address = ShippingAddress {
        street: "1 Navy Yard".to_owned(),
        city: "Arlington".to_owned(),
        country: "US".to_owned(),
    };
    let _ = orders::load_customer(&db, customer.id).await;
    let order = orders::place_order(&customer, vec!["cobol-manual".to_owned()]).await;
    orders::reserve_stock(&db, &order, &customer);
    let label = orders::format_label(&address, order.id);
    orders::ship(&db, &order, &address);
    orders::send_receipt(&db, &customer, &order);
    if db.find_by_email(&customer.email).is_none() {
        let _ = orders::save_customer(&db, customer.clone()).await;
    }
    let _ = orders::refund(&db, &order, &customer, "damaged");
    orders::merge_accounts(&db, &customer, customer.clone());
    tracing::info!(order_id = order.id, label_len = label.len(), "done");
}
