//! Aggregated reports for the management dashboard. Nothing here is about
//! one person: every row is a count over at least ten patients.

use actix_web::{get, web, HttpResponse, Responder};
use sqlx::PgPool;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(by_city).service(by_diagnosis);
}

#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct CityStats {
    /// City of the patients' home addresses, grouped.
    pub city: String,
    pub patient_count: i64,
    pub home_visit_count: i64,
}

#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct DiagnosisStats {
    /// ICD-10 chapter, e.g. `J00-J99`.
    pub diagnosis_code: String,
    pub patient_count: i64,
}

#[derive(Debug, serde::Serialize)]
pub struct CoverageSummary {
    pub city_count: u32,
    pub clinic_count: u32,
    pub address_geocoded_ratio: f32,
}

#[derive(Debug, serde::Serialize)]
pub struct PublicationStats {
    pub physician_id: i32,
    pub paper_count: u32,
    pub coauthor_count: u32,
}

#[get("/reports/cities")]
async fn by_city(pool: web::Data<PgPool>) -> actix_web::Result<impl Responder> {
    let rows: Vec<CityStats> = sqlx::query_as(
        "SELECT city, count(*) AS patient_count, 0::bigint AS home_visit_count \
         FROM patients GROUP BY city HAVING count(*) >= 10",
    )
    .fetch_all(pool.get_ref())
    .await
    .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(rows))
}

#[get("/reports/diagnoses")]
async fn by_diagnosis(pool: web::Data<PgPool>) -> actix_web::Result<impl Responder> {
    let rows: Vec<DiagnosisStats> = sqlx::query_as(
        "SELECT left(diagnosis, 3) AS diagnosis_code, count(*) AS patient_count \
         FROM encounters GROUP BY 1 HAVING count(*) >= 10",
    )
    .fetch_all(pool.get_ref())
    .await
    .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(rows))
}
