use actix_web::http::header;
use actix_web::{web, HttpResponse, Responder, Scope};
use diesel::prelude::*;
use log::{debug, info, warn};
use serde::{Deserialize, Serialize};

use crate::db::{self, audit, DbPool};
use crate::error::{ErrorBody, Result};
use crate::models::*;
use crate::schema::patients::{self, dsl as p};

pub fn scope() -> Scope {
    web::scope("/patients")
        .route("", web::post().to(create_patient))
        .route("", web::get().to(list_patients))
        .route("/lookup", web::post().to(lookup_by_insurance))
        .route("/{id}", web::get().to(get_patient))
        .route("/{id}/card", web::get().to(patient_card))
        .route("/{id}/export", web::get().to(export_patient))
}

async fn create_patient(pool: web::Data<DbPool>, web::Json(new): web::Json<NewPatient>) -> Result<HttpResponse> {
    debug!("registration payload: {:?}", new);
    info!("registering {} at clinic {}", new.full_name, new.clinic_id); //~ log-leak
    if let Err(err) = db::check_birth_date(new.date_of_birth) {
        warn!("registration rejected: {err}"); //~ log-leak
        return Err(err);
    }
    let insert = move |conn: &mut db::Conn| {
        Ok(diesel::insert_into(patients::table).values(&new).returning(Patient::as_returning()).get_result(conn)?)
    };
    let patient = db::run(&pool, insert).await?;
    info!("patient {} registered at clinic {}", patient.id, patient.clinic_id);
    audit("patient_registered", &patient.full_name);
    let invite = datamin::Redacted::new(patient.email.clone().unwrap_or_default());
    info!("portal invite for patient {} sent to {} ({:?})", patient.id, invite, invite);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/patients/{}", patient.id)))
        .json(PatientSummary::from(&patient)))
}

#[derive(Deserialize)]
struct ListParams {
    clinic_id: i32,
}

async fn list_patients(pool: web::Data<DbPool>, query: web::Query<ListParams>) -> Result<impl Responder> {
    let clinic = query.clinic_id;
    let load = move |conn: &mut db::Conn| Ok(p::patients.filter(p::clinic_id.eq(clinic)).select(PatientRef::as_select()).load(conn)?);
    let rows: Vec<PatientRef> = db::run(&pool, load).await?;
    info!("clinic {} has {} patients", clinic, rows.len());
    Ok(web::Json(rows))
}

/// Full chart header for the treating physician.
async fn get_patient(pool: web::Data<DbPool>, path: web::Path<i32>) -> Result<HttpResponse> {
    let id = path.into_inner();
    let patient = db::run(&pool, move |conn| db::patient(conn, id)).await?;
    log::info!(target: "audit", "patient {} chart opened", patient.id);
    debug!("chart for {:?}", patient); //~ log-leak
    Ok(HttpResponse::Ok().json(patient)) //~ response-leak
}

async fn patient_card(pool: web::Data<DbPool>, path: web::Path<i32>) -> Result<HttpResponse> {
    let id = path.into_inner();
    let (card, name) = db::run(&pool, move |conn| {
        let card = p::patients.find(id).select(PatientCard::as_select()).first(conn)?;
        let name: String = p::patients.find(id).select(p::full_name).first(conn)?;
        Ok((card, name))
    })
    .await?;
    info!("badge printed for patient {}", card.id);
    info!("badge name: {}", name); //~ log-leak
    Ok(HttpResponse::Ok().json(card)) //~ response-leak
}

#[derive(Deserialize, datamin::Personal)]
struct InsuranceLookup {
    #[personal(financial)] insurance_number: String,
}

#[derive(Serialize)]
struct Found {
    id: i32,
}

async fn lookup_by_insurance(pool: web::Data<DbPool>, body: web::Json<InsuranceLookup>) -> HttpResponse {
    let number = body.into_inner().insurance_number;
    match db::run(&pool, move |conn| db::patient_id_by_insurance(conn, &number)).await {
        Ok(id) => {
            info!("insurance lookup matched patient {id}");
            HttpResponse::Ok().json(Found { id })
        }
        Err(err) => {
            warn!("insurance lookup failed: {err}"); //~ log-leak
            HttpResponse::NotFound().json(ErrorBody { error: err.to_string() }) //~ response-leak
        }
    }
}

/// GDPR export: everything we hold, as a download.
async fn export_patient(pool: web::Data<DbPool>, path: web::Path<i32>) -> Result<HttpResponse> {
    let id = path.into_inner();
    let patient = db::run(&pool, move |conn| db::patient(conn, id)).await?;
    let archive = std::env::temp_dir().join(format!("patient-{}.json", patient.id));
    std::fs::write(&archive, serde_json::to_vec(&patient).unwrap_or_default()).ok();
    log::warn!(target: "audit", "export of patient {} ({})", patient.id, patient.full_name); //~ log-leak
    Ok(HttpResponse::Ok().content_type("application/json").body(serde_json::to_string(&patient)?)) //~ response-leak
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_keeps_only_ids() {
        let date_of_birth = chrono::NaiveDate::from_ymd_opt(1990, 12, 10).expect("valid date");
        let (full_name, condition, insurance_number) = ("Ada Byron".into(), Some("asthma".into()), "AOK-123".into());
        let patient = Patient { id: 7, full_name, date_of_birth, condition, insurance_number, email: None, clinic_id: 2 };
        let json = serde_json::to_string(&PatientSummary::from(&patient)).expect(&format!("{} serializes", patient.full_name)); //~ log-leak
        dbg!(&json);
        assert!(!json.contains("Ada"), "summary of patient {} leaked the name", patient.id);
        assert_eq!(json, r#"{"id":7,"clinicId":2}"#, "summary for {}", patient.full_name); //~ log-leak
    }
}
