//! Court fees, read from the club's accounting database.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use diesel::prelude::*;
use serde::Serialize;

diesel::table! {
    payments (id) {
        id -> Int4,
        member_id -> Int4,
        payer_email -> Varchar, // datamin:personal(email)
        amount_cents -> Int8,
    }
}

/// A payment, as the ledger keeps it.
#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = payments)]
pub struct Payment {
    pub id: i32,
    pub member_id: i32,
    /// Who paid, from the card statement.
    pub payer_email: String,
    pub amount_cents: i64,
}

fn connect() -> Result<PgConnection, StatusCode> {
    PgConnection::establish("postgres://club@localhost/ledger")
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)
}

/// `GET /ledger/{member_id}`.
pub async fn payments_of(Path(member_id): Path<i32>) -> Result<Json<Vec<Payment>>, StatusCode> {
    let mut conn = connect()?;
    let rows = payments::table
        .filter(payments::member_id.eq(member_id))
        .select(Payment::as_select())
        .load::<Payment>(&mut conn)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let total: i64 = rows.iter().map(|p| p.amount_cents).sum();
    tracing::info!(member_id, rows = rows.len(), total, "ledger read");
    Ok(Json(rows))
}
