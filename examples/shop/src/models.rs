//! What the shop stores: customers and their orders.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use datamin::{Personal, Redacted};
use serde::{Deserialize, Serialize};

/// A postal address: street, city and postal code locate a person's home.
#[derive(Debug, Clone, Serialize, Deserialize, Personal)]
pub struct Address {
    /// Street and house number.
    #[personal(address)]
    pub street: String,
    /// City or town.
    #[personal(address)]
    pub city: String,
    /// Postal or ZIP code.
    #[personal(address)]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code; too coarse to single anyone out.
    pub country: String,
}

/// A registered customer, as the store keeps it.
///
/// `Debug` and `Serialize` are the standard derives, so formatting a
/// `Customer` with `{:?}` or serializing it writes every personal field except
/// the password hash (a `Redacted`, skipped by serde).
#[derive(Debug, Clone, Serialize, Personal)]
pub struct Customer {
    /// Store-assigned id.
    pub id: u64,
    /// Login and contact address, stored lower-case.
    #[personal(email)]
    pub email: String,
    /// Name as entered at sign-up.
    #[personal(name)]
    pub full_name: String,
    /// Phone number for delivery questions.
    #[personal(phone)]
    pub phone: String,
    /// Where orders are shipped.
    #[personal(address)]
    pub shipping_address: Address,
    /// Password hash; never leaves the process.
    #[personal(credentials)]
    #[serde(skip_serializing)]
    pub password_hash: Redacted<String>,
    /// Sign-up time, seconds since the Unix epoch.
    pub created_at: u64,
}

/// A customer before the store has given it an id.
#[derive(Personal)]
pub struct NewCustomer {
    /// Login and contact address, already normalised.
    #[personal(email)]
    pub email: String,
    /// Name as entered at sign-up.
    #[personal(name)]
    pub full_name: String,
    /// Phone number.
    #[personal(phone)]
    pub phone: String,
    /// Where orders are shipped.
    #[personal(address)]
    pub shipping_address: Address,
    /// Password hash.
    #[personal(credentials)]
    pub password_hash: Redacted<String>,
}

/// An order: what was bought, by which customer id. Holds no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct Order {
    /// Store-assigned id.
    pub id: u64,
    /// The customer who placed it.
    pub customer_id: u64,
    /// Lines of the order, priced when it was placed.
    pub items: Vec<OrderItem>,
    /// Sum of all lines, in cents.
    pub total_cents: u64,
    /// Where the order is in its life.
    pub status: OrderStatus,
    /// Time of placing, seconds since the Unix epoch.
    pub placed_at: u64,
}

/// One line of an order.
#[derive(Debug, Clone, Serialize)]
pub struct OrderItem {
    /// Catalog article number.
    pub sku: String,
    /// How many were ordered.
    pub quantity: u32,
    /// Price of one, in cents, at the time of ordering.
    pub unit_price_cents: u64,
}

/// The life of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Accepted, waiting to be packed.
    Placed,
    /// Cancelled by the customer before shipping.
    Cancelled,
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Placed => "placed",
            Self::Cancelled => "cancelled",
        })
    }
}

/// Seconds since the Unix epoch (0 if the clock is before 1970).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}
