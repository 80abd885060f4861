use std::time::Instant;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use tracing::{debug, info, info_span, instrument, warn};
use uuid::Uuid;
use crate::dto::*;
use crate::error::Result;
use crate::jobs::{audit, Job};
use crate::models::{validate_tax_id, BillingAddress, Customer, InvoiceStatus};
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/customers", post(create_customer).get(list_customers))
        .route("/customers/lookup", get(lookup_customer))
        .route("/customers/:id/address", put(update_address))
        .route("/invoices/:id", get(get_invoice))
        .route("/invoices/:id/print", get(print_invoice))
        .route("/invoices/:id/html", get(invoice_html))
        .route("/webhooks/stripe", post(crate::webhook::stripe_webhook))
        .nest("/admin", crate::admin::router())
        .layer(middleware::from_fn(access_log))
        .with_state(state)
}

async fn access_log(req: Request, next: Next) -> Response {
    let (method, path, started) = (req.method().clone(), req.uri().path().to_owned(), Instant::now());
    let response = next.run(req).await;
    info!(%method, %path, status = response.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "request served");
    response
}

#[instrument(skip_all, fields(email = %input.email))] //~ log-leak
pub async fn create_customer(State(state): State<AppState>, Json(input): Json<NewCustomer>) -> Result<impl IntoResponse> {
    let tax_kind = match input.tax_id.as_deref().map(|raw| validate_tax_id(raw, &input.country)) {
        Some(Ok(kind)) => Some(kind),
        Some(Err(err)) => {
            warn!(error = %err, "rejecting customer with invalid tax id"); //~ log-leak
            return Err(err);
        }
        None => None,
    };
    let sql = "INSERT INTO customers (id, email, tax_id, plan) VALUES ($1, $2, $3, $4) RETURNING *";
    let query = sqlx::query_as::<_, Customer>(sql).bind(Uuid::new_v4()).bind(&input.email).bind(&input.tax_id);
    let customer = query.bind(input.plan).fetch_one(&state.pool).await?;
    info!(customer_id = %customer.id, plan = ?customer.plan, ?tax_kind, "customer created");
    audit("customer_created", &customer.email);
    state.jobs.enqueue(&Job::Welcome { customer_id: customer.id, to: customer.email.clone() }).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/customers/{}", customer.id))], Json(CustomerView::from(&customer))))
}

pub async fn lookup_customer(State(state): State<AppState>, Query(query): Query<LookupQuery>) -> Result<Json<CustomerSummary>> {
    let lookup = state.customer_by_email(&query.email).await;
    let customer = lookup.inspect_err(|err| warn!("customer lookup failed: {err}"))?; //~ log-leak
    debug!(customer_id = %customer.id, "lookup hit");
    Ok(Json(CustomerSummary::from(&customer)))
}

pub async fn list_customers(State(state): State<AppState>) -> Result<Json<Page<CustomerSummary>>> {
    let sql = "SELECT * FROM customers ORDER BY id LIMIT 50";
    let rows = sqlx::query_as::<_, Customer>(sql).fetch_all(&state.pool).await?;
    debug!(returned = rows.len(), with_tax_id = rows.iter().filter(|c| c.tax_id.is_some()).count(), "listed customers");
    Ok(Json(Page::from_rows(&rows, 50, |c| c.id, CustomerSummary::from)))
}

pub async fn update_address(State(state): State<AppState>, Path(id): Path<Uuid>, Json(address): Json<BillingAddress>) -> Result<StatusCode> {
    debug!(?address, "address update received"); //~ log-leak
    let previous = state.billing_address(id).await?;
    let changed = previous.as_ref().map_or(true, |p| p.postal_code != address.postal_code);
    let sql = "UPDATE addresses SET line1 = $2, city = $3, postal_code = $4 WHERE customer_id = $1";
    let query = sqlx::query(sql).bind(id).bind(&address.line1).bind(&address.city).bind(&address.postal_code);
    query.execute(&state.pool).await?;
    info!(customer_id = %id, country = %address.country, changed, "billing address updated");
    Ok(StatusCode::NO_CONTENT)
}

/// Raw invoice record for the accounting integration.
pub async fn get_invoice(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<impl IntoResponse> {
    let invoice = state.invoice(id).await?;
    info!(invoice_id = %invoice.id, status = ?invoice.status, "invoice fetched");
    Ok(Json(invoice)) //~ response-leak
}

pub async fn print_invoice(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<PrintableInvoice>> {
    let invoice = state.invoice(id).await?;
    let address = state.billing_address(invoice.customer_id).await?;
    let span = info_span!("print_invoice", number = %invoice.number, bill_to = %invoice.bill_to); //~ log-leak
    let _entered = span.enter();
    debug!(number = %invoice.number, "rendering printable invoice");
    Ok(Json(PrintableInvoice::new(&invoice, address))) //~ response-leak
}

pub async fn invoice_html(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Html<String>> {
    let invoice = state.invoice(id).await?;
    debug!(invoice = %invoice.number, "rendering invoice html");
    let heading = format!("<h1>Invoice {}</h1><p>{} cents</p>", invoice.number, invoice.amount_cents);
    if invoice.status == InvoiceStatus::Draft {
        return Ok(Html(heading));
    }
    let page = format!("{heading}<address>{}</address>", invoice.bill_to);
    Ok(Html(page)) //~ response-leak
}
