//! The club's coaches, as the booking page lists them.

use axum::Json;
use axum::extract::State;
use datamin::Personal;
use serde::Serialize;

use crate::AppState;

/// A coach.
#[derive(Clone, Serialize, Personal)]
pub struct Coach {
    pub id: u32,
    /// As printed on the timetable.
    #[personal(name)]
    pub name: String,
    pub courts: Vec<u8>,
}

/// `GET /coaches`.
pub async fn coaches(State(state): State<AppState>) -> Json<Vec<Coach>> {
    let bookings = state.bookings.read().await.len();
    let coaches = vec![Coach {
        id: 1,
        name: "Steffi".to_owned(),
        courts: vec![1, 2],
    }];
    tracing::info!(count = coaches.len(), bookings, "coaches listed");
    Json(coaches)
}
