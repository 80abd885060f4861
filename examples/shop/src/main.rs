//! shop: a small web shop API, the example that datamin's quick start lints.
//!
//! Customers sign up, log in and place orders; the support team lists
//! customers. Personal fields are marked with `#[personal(..)]`, and a few
//! leaks are left in on purpose (see the README): `cargo datamin check`
//! reports each of them and none of the correct patterns beside them.

mod dto;
mod error;
mod handlers;
mod models;
mod notify;
mod repo;

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use crate::handlers::{auth, customers, orders};
use crate::notify::Mailer;
use crate::repo::Repo;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub repo: Repo,
    /// Outgoing customer mail.
    pub mailer: Mailer,
}

/// The API's routes.
fn app(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/customers", post(customers::sign_up))
        .route("/customers/{id}", get(customers::get_customer))
        .route("/login", post(auth::login))
        .route("/orders", post(orders::place_order))
        .route("/orders/{id}/cancel", post(orders::cancel_order))
        .route("/orders/{id}/confirmation", get(orders::confirmation_page))
        .route("/admin/customers", get(customers::list_customers))
        .with_state(state)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,shop=debug")),
        )
        .init();

    let (mailer, queued) = Mailer::new();
    tokio::spawn(notify::run_relay(queued));
    let state = AppState {
        repo: Repo::with_demo_catalog(),
        mailer,
    };

    let addr = std::env::var("SHOP_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = TcpListener::bind(&addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "shop listening");
    axum::serve(listener, app(state)).await
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode, header};
    use serde_json::{Value, json};
    use tower::ServiceExt;

    use super::*;

    fn test_app() -> Router {
        let (mailer, queued) = Mailer::new();
        tokio::spawn(notify::run_relay(queued));
        app(AppState {
            repo: Repo::with_demo_catalog(),
            mailer,
        })
    }

    async fn call(
        app: &Router,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, String) {
        let request = Request::builder().method(method).uri(uri);
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    fn sign_up_body() -> Value {
        json!({
            "email": "Grace@Example.com",
            "full_name": "Grace Hopper",
            "phone": "+1 202 555 0100",
            "password": "cobol-1959",
            "shipping_address": {
                "street": "1 Navy Yard",
                "city": "Arlington",
                "postal_code": "22202",
                "country": "US"
            }
        })
    }

    #[tokio::test]
    async fn sign_up_answers_with_the_public_view_only() {
        let app = test_app();
        let (status, body) = call(&app, "POST", "/customers", Some(sign_up_body())).await;
        assert_eq!(status, StatusCode::CREATED);
        let json: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["id"], 1);
        assert!(!body.contains("grace@example.com"));
        assert!(!body.contains("Hopper"));

        let (status, body) = call(&app, "GET", "/customers/1", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("grace@example.com"));
    }

    #[tokio::test]
    async fn duplicate_sign_up_is_a_conflict_that_does_not_echo_the_email() {
        let app = test_app();
        call(&app, "POST", "/customers", Some(sign_up_body())).await;
        let (status, body) = call(&app, "POST", "/customers", Some(sign_up_body())).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(!body.to_lowercase().contains("grace@example.com"));
    }

    #[tokio::test]
    async fn login_then_order_then_confirmation_page() {
        let app = test_app();
        call(&app, "POST", "/customers", Some(sign_up_body())).await;

        let login = json!({ "email": "grace@example.com", "password": "cobol-1959" });
        let (status, _) = call(&app, "POST", "/login", Some(login)).await;
        assert_eq!(status, StatusCode::OK);
        let wrong = json!({ "email": "grace@example.com", "password": "fortran" });
        let (status, _) = call(&app, "POST", "/login", Some(wrong)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let order = json!({ "customer_id": 1, "items": [{ "sku": "mug-classic", "quantity": 2 }] });
        let (status, body) = call(&app, "POST", "/orders", Some(order)).await;
        assert_eq!(status, StatusCode::CREATED);
        let receipt: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(receipt["total_cents"], 2_500);
        assert_eq!(receipt["confirmation_url"], "/orders/1/confirmation");

        let (status, page) = call(&app, "GET", "/orders/1/confirmation", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("25.00 EUR"));
    }
}
