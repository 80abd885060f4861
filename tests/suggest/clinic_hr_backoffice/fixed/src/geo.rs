//! Home visits and the clinic buildings nurses start from.

use chrono::{DateTime, Utc};

/// A clinic building. Everything here is printed on the website.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct Clinic {
    pub id: i32,
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// Front desk, e.g. `+49 30 1234 0`.
    pub phone: String,
    pub latitude: f64,
    pub longitude: f64,
    pub opens_at: chrono::NaiveTime,
}

/// A nurse's visit at a patient's home.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow, datamin::Personal)]
pub struct HomeVisit {
    pub id: i64,
    pub patient_id: i64,
    pub nurse_id: i32,
    pub start_clinic_id: i32,
    pub scheduled_for: DateTime<Utc>,
    /// Geocoded from the patient's home address.
    #[personal(location)]
    pub lat: f64,
    #[personal(location)]
    pub lng: f64,
    pub address_verified: bool,
    pub travel_minutes: u32,
}

/// Area a clinic serves; used to reject visits that are too far away.
#[derive(Debug, Clone, Copy)]
pub struct ServiceArea {
    pub min_lat: f64,
    pub min_lng: f64,
    pub max_lat: f64,
    pub max_lng: f64,
}

impl ServiceArea {
    pub fn contains(&self, lat: f64, lng: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lng..=self.max_lng).contains(&lng)
    }
}

/// Daily route statistics per nurse.
#[derive(Debug, Default, serde::Serialize)]
pub struct RouteStats {
    pub nurse_id: i32,
    pub stop_count: u32,
    pub distance_km: f32,
    pub city_count: u32,
}
