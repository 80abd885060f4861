//! Placing and cancelling orders, and the confirmation page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Html;
use tracing::instrument;

use crate::AppState;
use crate::dto::{OrderReceipt, PlaceOrderRequest};
use crate::error::AppError;
use crate::repo::Line;

/// `POST /orders`: prices and stores an order, mails a confirmation.
///
/// `req` holds ids, article numbers and quantities only, so the span may
/// record it.
#[instrument(skip(state))]
pub async fn place_order(
    State(state): State<AppState>,
    Json(req): Json<PlaceOrderRequest>,
) -> Result<(StatusCode, Json<OrderReceipt>), AppError> {
    if req.items.is_empty() || req.items.iter().any(|item| item.quantity == 0) {
        return Err(AppError::Validation("an order needs at least one article"));
    }
    let customer = state
        .repo
        .customer(req.customer_id)
        .await
        .ok_or(AppError::CustomerNotFound(req.customer_id))?;
    let lines: Vec<Line<'_>> = req
        .items
        .iter()
        .map(|item| Line {
            sku: &item.sku,
            quantity: item.quantity,
        })
        .collect();
    let order = state.repo.insert_order(customer.id, &lines).await?;
    tracing::info!(
        order_id = order.id,
        customer_id = order.customer_id,
        total_cents = order.total_cents,
        status = %order.status,
        "order placed"
    );
    state.mailer.send_order_confirmation(&customer, order.id);
    Ok((StatusCode::CREATED, Json(OrderReceipt::from(&order))))
}

/// `POST /orders/{id}/cancel`.
#[instrument(skip_all, fields(order_id = %id))]
pub async fn cancel_order(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<OrderReceipt>, AppError> {
    let order = state.repo.cancel_order(id).await?;
    tracing::info!(order_id = order.id, status = %order.status, "order cancelled");
    Ok(Json(OrderReceipt::from(&order)))
}

/// `GET /orders/{id}/confirmation`: the page shown after checkout.
///
/// Anyone who knows (or guesses) an order id gets this page, and it greets the
/// customer by name and prints their email address.
#[instrument(skip(state))]
pub async fn confirmation_page(
    State(state): State<AppState>,
    Path(order_id): Path<u64>,
) -> Result<Html<String>, AppError> {
    let order = state
        .repo
        .order(order_id)
        .await
        .ok_or(AppError::OrderNotFound(order_id))?;
    let customer = state
        .repo
        .customer(order.customer_id)
        .await
        .ok_or(AppError::CustomerNotFound(order.customer_id))?;
    let lines: String = order
        .items
        .iter()
        .map(|item| {
            format!(
                "<li>{} &times; {}</li>",
                item.quantity,
                escape_html(&item.sku)
            )
        })
        .collect();
    let page = format!(
        "<!doctype html>\n<title>Order {id}</title>\n\
         <h1>Thank you, {name}!</h1>\n\
         <p>Order {id} is {status}. Total: {euros}.{cents:02} EUR</p>\n\
         <ul>{lines}</ul>\n\
         <p>A receipt is on its way to {email}.</p>\n",
        id = order.id,
        name = escape_html(&customer.full_name),
        status = order.status,
        euros = order.total_cents / 100,
        cents = order.total_cents % 100,
        email = escape_html(&customer.email),
    );
    tracing::debug!(
        order_id = order.id,
        lines = order.items.len(),
        "confirmation page rendered"
    );
    Ok(Html(page)) //~ response-leak
}

/// Escapes text for use in HTML element content.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}
