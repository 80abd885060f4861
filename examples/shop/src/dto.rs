//! Request and response bodies of the public API.
//!
//! Response types are built from the models with `From`, copying only what a
//! client needs; personal fields stay in the store.

use datamin::{Personal, RedactedDebug};
use serde::{Deserialize, Serialize};

use crate::models::{Address, Customer, Order, OrderStatus};

/// `POST /customers`.
///
/// `RedactedDebug`: `{:?}` prints the personal fields as `[redacted]`.
#[derive(Deserialize, Personal, RedactedDebug)]
pub struct SignUpRequest {
    /// Login and contact address.
    #[personal(email)]
    pub email: String,
    /// Name.
    #[personal(name)]
    pub full_name: String,
    /// Phone number.
    #[personal(phone)]
    pub phone: String,
    /// Password in clear text, hashed before it is stored.
    #[personal(credentials)]
    pub password: String,
    /// Where orders are shipped.
    #[personal(address)]
    pub shipping_address: Address,
    /// Whether the customer wants the newsletter.
    #[serde(default)]
    pub newsletter: bool,
}

/// `POST /login`.
#[derive(Debug, Deserialize, Personal)]
pub struct LoginRequest {
    /// Login address.
    #[personal(email)]
    pub email: String,
    /// Password in clear text.
    #[personal(credentials)]
    pub password: String,
}

/// Answer to a successful login.
#[derive(Serialize)]
pub struct LoginResponse {
    /// The customer who logged in.
    pub customer_id: u64,
    /// Opaque session token for later requests.
    pub token: String,
}

/// A customer as other clients may see it: no contact data, no name.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PublicCustomer {
    /// Store-assigned id.
    pub id: u64,
    /// Sign-up time, seconds since the Unix epoch.
    pub member_since: u64,
}

impl From<&Customer> for PublicCustomer {
    fn from(customer: &Customer) -> Self {
        Self {
            id: customer.id,
            member_since: customer.created_at,
        }
    }
}

/// `POST /orders`.
#[derive(Debug, Deserialize)]
pub struct PlaceOrderRequest {
    /// Who orders.
    pub customer_id: u64,
    /// What, and how many of each.
    pub items: Vec<LineItem>,
}

/// One line of [`PlaceOrderRequest`].
#[derive(Debug, Deserialize)]
pub struct LineItem {
    /// Catalog article number.
    pub sku: String,
    /// How many.
    pub quantity: u32,
}

/// Answer to a placed or cancelled order.
#[derive(Debug, Serialize)]
pub struct OrderReceipt {
    /// Store-assigned id.
    pub order_id: u64,
    /// Where the order is in its life.
    pub status: OrderStatus,
    /// Sum of all lines, in cents.
    pub total_cents: u64,
    /// The page that confirms the order.
    pub confirmation_url: String,
}

impl From<&Order> for OrderReceipt {
    fn from(order: &Order) -> Self {
        Self {
            order_id: order.id,
            status: order.status,
            total_cents: order.total_cents,
            confirmation_url: format!("/orders/{}/confirmation", order.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use datamin::Redacted;

    use super::*;

    fn ada() -> Customer {
        Customer {
            id: 7,
            email: "ada@example.com".to_owned(),
            full_name: "Ada Lovelace".to_owned(),
            phone: "+44 20 7946 0000".to_owned(),
            shipping_address: Address {
                street: "12 St James's Square".to_owned(),
                city: "London".to_owned(),
                postal_code: "SW1Y 4JH".to_owned(),
                country: "GB".to_owned(),
            },
            password_hash: Redacted::new("demo$0123456789abcdef".to_owned()),
            created_at: 1_700_000_000,
        }
    }

    #[test]
    fn public_customer_copies_only_id_and_sign_up_time() {
        let json = serde_json::to_value(PublicCustomer::from(&ada())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "id": 7, "member_since": 1_700_000_000 })
        );
    }

    #[test]
    fn serialized_customer_never_contains_the_password_hash() {
        let json = serde_json::to_string(&ada()).unwrap();
        assert!(!json.contains("password"));
        assert!(!json.contains("0123456789abcdef"));
    }

    #[test]
    fn sign_up_request_debug_is_redacted() {
        let req: SignUpRequest = serde_json::from_value(serde_json::json!({
            "email": "ada@example.com",
            "full_name": "Ada Lovelace",
            "phone": "+44 20 7946 0000",
            "password": "correct horse battery staple",
            "shipping_address": {
                "street": "12 St James's Square",
                "city": "London",
                "postal_code": "SW1Y 4JH",
                "country": "GB"
            }
        }))
        .unwrap();
        let printed = format!("{req:?}");
        assert!(!printed.contains("ada@"));
        assert!(!printed.contains("horse"));
        assert!(printed.contains("newsletter: false"));
    }
}
