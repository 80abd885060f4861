//! Customers, addresses and orders.

use datamin::Personal;

#[derive(Debug, Clone, Personal)]
pub struct Customer {
    pub id: u64,
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub name: String,
}

#[derive(Debug, Clone, Personal)]
pub struct ShippingAddress {
    #[personal(address)]
    pub street: String,
    #[personal(address)]
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone)]
pub struct Order {
    pub id: u64,
    pub customer_id: u64,
    pub total_cents: i64,
    pub items: Vec<String>,
}
