use actix_web::{get, web, HttpResponse, Responder};
use sqlx::PgPool;

use super::model::{Patient, PatientSearch};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(search).service(card);
}

mod wire {
    use chrono::{DateTime, Utc};

    /// What the reception screen shows for a patient.
    #[derive(serde::Serialize, datamin::Personal)]
    pub struct PatientCard {
        pub id: i64,
        #[personal(name)]
        pub display_name: String,
        /// Name of the clinic building, e.g. "Nordstadt Health Centre".
        pub clinic_name: String,
        pub next_appointment: Option<DateTime<Utc>>,
        pub has_alerts: bool,
    }
}

#[get("/patients")]
async fn search(pool: web::Data<PgPool>, q: web::Query<PatientSearch>) -> actix_web::Result<impl Responder> {
    let rows: Vec<(i64, i32)> = sqlx::query_as("SELECT id, primary_clinic_id FROM patients WHERE $1::int IS NULL OR primary_clinic_id = $1 LIMIT 50")
        .bind(q.clinic_id)
        .fetch_all(pool.get_ref())
        .await
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(rows.iter().map(|(id, _)| id).collect::<Vec<_>>()))
}

#[get("/patients/{id}/card")]
async fn card(pool: web::Data<PgPool>, id: web::Path<i64>) -> actix_web::Result<impl Responder> {
    let p: Patient = sqlx::query_as("SELECT * FROM patients WHERE id = $1")
        .bind(*id)
        .fetch_one(pool.get_ref())
        .await
        .map_err(actix_web::error::ErrorNotFound)?;
    let card = wire::PatientCard {
        id: p.id,
        display_name: format!("{} {}", p.first_name, p.last_name),
        clinic_name: String::new(),
        next_appointment: None,
        has_alerts: !p.alerts.is_empty(),
    };
    Ok(HttpResponse::Ok().json(card))
}
