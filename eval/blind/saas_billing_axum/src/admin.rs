use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Serialize;
use uuid::Uuid;
use crate::error::Result;
use crate::models::{BillingAddress, Customer};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers/:id", get(customer_detail))
        .route("/customers/:id/export", get(export_customer))
        .route("/customers/:id/anonymize", post(anonymize))
        .layer(middleware::from_fn(require_staff))
}

#[derive(Clone, Copy, Debug)]
struct Staff(Uuid);

async fn require_staff(mut req: Request, next: Next) -> std::result::Result<Response, StatusCode> {
    let header = req.headers().get("x-staff-id").and_then(|v| v.to_str().ok()).and_then(|v| Uuid::parse_str(v).ok());
    let staff = header.map(Staff).ok_or(StatusCode::UNAUTHORIZED)?;
    tracing::info!(?staff, path = %req.uri().path(), "admin access");
    req.extensions_mut().insert(staff);
    Ok(next.run(req).await)
}

#[derive(Serialize)]
struct CustomerDetail {
    #[serde(flatten)]
    customer: Customer,
    address: Option<BillingAddress>,
}

async fn customer_detail(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<CustomerDetail>> {
    let customer = state.customer(id).await?;
    let address = state.billing_address(id).await?;
    tracing::info!(customer = %id, "customer detail viewed");
    Ok(Json(CustomerDetail { customer, address })) //~ response-leak
}

async fn export_customer(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Response> {
    let customer = state.customer(id).await?;
    let invoices = state.invoices_for(id).await?;
    tracing::info!(customer = %customer.id, invoices = invoices.len(), "customer exported");
    let export = (&customer, &invoices);
    Ok(([(header::CONTENT_TYPE, "application/json")], serde_json::to_vec(&export)?).into_response()) //~ response-leak
}

async fn anonymize(State(state): State<AppState>, Extension(staff): Extension<Staff>, Path(id): Path<Uuid>) -> Result<StatusCode> {
    let mut customer = state.customer(id).await?;
    let previous = std::mem::take(&mut customer.email);
    let placeholder = format!("deleted+{}@example.invalid", id.simple());
    customer.email = placeholder.clone();
    sqlx::query("UPDATE customers SET email = $2, name = 'deleted', tax_id = NULL WHERE id = $1").bind(id).bind(&customer.email).execute(&state.pool).await?;
    tracing::warn!(?staff, customer = %id, %placeholder, "customer anonymized");
    tracing::debug!(%previous, "released address"); //~ log-leak
    Ok(StatusCode::NO_CONTENT)
}
