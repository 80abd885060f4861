//! Sign-up, a customer's public profile, and the admin listing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use datamin::Redacted;
use tracing::instrument;

use crate::AppState;
use crate::dto::{PublicCustomer, SignUpRequest};
use crate::error::AppError;
use crate::handlers::auth;
use crate::models::{Customer, NewCustomer};

/// `POST /customers`: registers a customer and sends the welcome mail.
#[instrument(skip(state, req))]
pub async fn sign_up(
    State(state): State<AppState>,
    Json(req): Json<SignUpRequest>,
) -> Result<(StatusCode, Json<PublicCustomer>), AppError> {
    tracing::debug!(?req, "sign-up received");
    let email = req.email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(AppError::Validation("email must contain '@'"));
    }
    if req.password.chars().count() < 8 {
        return Err(AppError::Validation(
            "password must have at least 8 characters",
        ));
    }
    let customer = state
        .repo
        .insert_customer(NewCustomer {
            email,
            full_name: req.full_name,
            phone: req.phone,
            shipping_address: req.shipping_address,
            password_hash: Redacted::new(auth::hash_password(&req.password)),
        })
        .await?;
    tracing::info!(customer_id = customer.id, email = %customer.email, "signed up"); //~ log-leak
    tracing::info!(
        customer_id = customer.id,
        newsletter = req.newsletter,
        "preferences saved"
    );
    state.mailer.send_welcome(customer.id, &customer.email);
    Ok((StatusCode::CREATED, Json(PublicCustomer::from(&customer))))
}

/// `GET /customers/{id}`: what anyone may see of a customer.
#[instrument(skip_all, fields(customer_id = %id))]
pub async fn get_customer(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<PublicCustomer>, AppError> {
    let customer = state
        .repo
        .customer(id)
        .await
        .ok_or(AppError::CustomerNotFound(id))?;
    tracing::debug!(
        customer_id = customer.id,
        member_since = customer.created_at,
        "customer found"
    );
    Ok(Json(PublicCustomer::from(&customer)))
}

/// `GET /admin/customers`: every customer, for the support team.
///
/// Serializes whole `Customer`s: email, name, phone and address go out in the
/// response (only the password hash is skipped).
#[instrument(skip(state))]
pub async fn list_customers(State(state): State<AppState>) -> Json<Vec<Customer>> {
    let customers = state.repo.customers().await;
    tracing::info!(count = customers.len(), "admin listed customers");
    Json(customers) //~ response-leak
}
