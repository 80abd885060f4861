//! In-memory store of customers, orders and the catalog.
//!
//! Stands in for a database: one lock around plain maps, ids handed out in
//! sequence. Cloning a `Repo` clones the handle, not the data.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::RwLock;

use crate::error::AppError;
use crate::models::{Customer, NewCustomer, Order, OrderItem, OrderStatus, unix_now};

/// Article numbers and unit prices (cents) of the demo catalog.
const DEMO_CATALOG: &[(&str, u64)] = &[
    ("mug-classic", 1_250),
    ("tee-logo-m", 2_400),
    ("sticker-pack", 500),
];

/// Handle to the shared store.
#[derive(Clone)]
pub struct Repo {
    store: Arc<RwLock<Store>>,
}

#[derive(Default)]
struct Store {
    customers: BTreeMap<u64, Customer>,
    orders: BTreeMap<u64, Order>,
    catalog: BTreeMap<String, u64>,
    last_customer_id: u64,
    last_order_id: u64,
}

/// One requested order line: article number and quantity.
pub struct Line<'a> {
    /// Catalog article number.
    pub sku: &'a str,
    /// How many.
    pub quantity: u32,
}

impl Repo {
    /// An empty store whose catalog holds the demo articles.
    pub fn with_demo_catalog() -> Self {
        let store = Store {
            catalog: DEMO_CATALOG
                .iter()
                .map(|&(sku, price)| (sku.to_owned(), price))
                .collect(),
            ..Store::default()
        };
        Self {
            store: Arc::new(RwLock::new(store)),
        }
    }

    /// Stores a new customer, unless its email address is taken.
    pub async fn insert_customer(&self, new: NewCustomer) -> Result<Customer, AppError> {
        let mut store = self.store.write().await;
        if store.customers.values().any(|c| c.email == new.email) {
            return Err(AppError::CustomerExists(new.email));
        }
        store.last_customer_id += 1;
        let customer = Customer {
            id: store.last_customer_id,
            email: new.email,
            full_name: new.full_name,
            phone: new.phone,
            shipping_address: new.shipping_address,
            password_hash: new.password_hash,
            created_at: unix_now(),
        };
        tracing::debug!("inserted {:?}", customer); //~ log-leak
        store.customers.insert(customer.id, customer.clone());
        Ok(customer)
    }

    /// The customer with this id.
    pub async fn customer(&self, id: u64) -> Option<Customer> {
        self.store.read().await.customers.get(&id).cloned()
    }

    /// The customer whose (lower-case) email address this is.
    pub async fn customer_by_email(&self, email: &str) -> Option<Customer> {
        let store = self.store.read().await;
        store.customers.values().find(|c| c.email == email).cloned()
    }

    /// All customers, by id.
    pub async fn customers(&self) -> Vec<Customer> {
        self.store
            .read()
            .await
            .customers
            .values()
            .cloned()
            .collect()
    }

    /// Prices the lines from the catalog and stores the order.
    pub async fn insert_order(
        &self,
        customer_id: u64,
        lines: &[Line<'_>],
    ) -> Result<Order, AppError> {
        let mut store = self.store.write().await;
        let mut items = Vec::with_capacity(lines.len());
        for line in lines {
            let Some(&unit_price_cents) = store.catalog.get(line.sku) else {
                return Err(AppError::UnknownProduct(line.sku.to_owned()));
            };
            items.push(OrderItem {
                sku: line.sku.to_owned(),
                quantity: line.quantity,
                unit_price_cents,
            });
        }
        store.last_order_id += 1;
        let order = Order {
            id: store.last_order_id,
            customer_id,
            total_cents: items
                .iter()
                .map(|item| u64::from(item.quantity) * item.unit_price_cents)
                .sum(),
            items,
            status: OrderStatus::Placed,
            placed_at: unix_now(),
        };
        tracing::debug!(?order, "inserted order");
        store.orders.insert(order.id, order.clone());
        Ok(order)
    }

    /// The order with this id.
    pub async fn order(&self, id: u64) -> Option<Order> {
        self.store.read().await.orders.get(&id).cloned()
    }

    /// Sets a placed order's status to cancelled.
    pub async fn cancel_order(&self, id: u64) -> Result<Order, AppError> {
        let mut store = self.store.write().await;
        let order = store
            .orders
            .get_mut(&id)
            .ok_or(AppError::OrderNotFound(id))?;
        if order.status != OrderStatus::Placed {
            return Err(AppError::NotCancellable(id));
        }
        order.status = OrderStatus::Cancelled;
        Ok(order.clone())
    }
}
