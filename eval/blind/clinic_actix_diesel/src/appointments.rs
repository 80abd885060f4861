use std::fmt::Write as _;

use actix_web::{get, post, web, HttpResponse, Responder};
use chrono::{Duration, Local, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::{self, audit, DbPool};
use crate::error::{ClinicError, Result};
use crate::models::{Appointment, Doctor};
use crate::schema::{appointments, doctors, patients};

#[derive(Deserialize, datamin::Personal)]
pub struct BookRequest {
    pub patient_id: i32,
    pub doctor_id: i32,
    pub starts_at: NaiveDateTime,
    #[personal(health)] pub reason: Option<String>,
}

#[derive(Serialize)]
struct Booked {
    id: i32,
    starts_at: NaiveDateTime,
    doctor: String,
}

#[derive(Serialize)]
struct VisitHistoryEntry {
    id: i32,
    starts_at: NaiveDateTime,
    reason: Option<String>,
}

#[post("/appointments")]
pub async fn book(pool: web::Data<DbPool>, web::Json(req): web::Json<BookRequest>) -> Result<impl Responder> {
    log::info!("booking patient {} with doctor {} at {}", req.patient_id, req.doctor_id, req.starts_at);
    log::debug!("visit reason: {:?}", req.reason); //~ log-leak
    let slot = req.starts_at;
    let (id, doctor) = db::run(&pool, move |conn| {
        let same_slot = appointments::doctor_id.eq(req.doctor_id).and(appointments::starts_at.eq(slot));
        let taken: i64 = appointments::table.filter(same_slot).count().get_result(conn)?;
        if taken > 0 {
            return Err(ClinicError::SlotTaken(slot));
        }
        let doctor: Doctor = doctors::table.find(req.doctor_id).select(Doctor::as_select()).first(conn)?;
        let values = (
            appointments::patient_id.eq(req.patient_id),
            appointments::doctor_id.eq(req.doctor_id),
            appointments::starts_at.eq(slot),
            appointments::reason.eq(req.reason.as_deref()),
        );
        let id = diesel::insert_into(appointments::table).values(values).returning(appointments::id).get_result(conn)?;
        Ok((id, doctor))
    })
    .await
    .inspect_err(|err| log::warn!("booking failed: {err}"))?;
    log::info!("appointment {} booked with {} ({})", id, doctor.display_name, doctor.specialty);
    Ok(web::Json(Booked { id, starts_at: slot, doctor: doctor.display_name }))
}

#[get("/appointments/{id}")]
pub async fn get_appointment(pool: web::Data<DbPool>, path: web::Path<i32>) -> Result<impl Responder> {
    let id = path.into_inner();
    let appointment: Appointment = db::run(&pool, move |conn| {
        Ok(appointments::table.find(id).select(Appointment::as_select()).first(conn)?)
    })
    .await?;
    log::info!("appointment {} is {}", appointment.id, appointment.status);
    Ok(web::Json(appointment))
}

#[get("/patients/{id}/appointments")]
pub async fn visit_history(pool: web::Data<DbPool>, path: web::Path<i32>) -> Result<HttpResponse> {
    let patient_id = path.into_inner();
    let visits = db::run(&pool, move |conn| db::appointments_for(conn, patient_id)).await?;
    let entries: Vec<VisitHistoryEntry> = visits
        .iter()
        .filter(|a| a.status != "cancelled")
        .map(|a| VisitHistoryEntry { id: a.id, starts_at: a.starts_at, reason: a.reason.clone() })
        .collect();
    log::info!("patient {} has {} visits", patient_id, entries.len());
    Ok(HttpResponse::Ok().json(entries)) //~ response-leak
}

/// Front-desk day sheet, plain text.
#[get("/appointments/today")]
pub async fn day_sheet(pool: web::Data<DbPool>) -> Result<HttpResponse> {
    let today = Local::now().naive_local();
    let rows: Vec<(i32, NaiveDateTime, String)> = db::run(&pool, move |conn| {
        Ok(appointments::table
            .inner_join(patients::table)
            .filter(appointments::starts_at.between(today, today + Duration::hours(24)))
            .select((appointments::id, appointments::starts_at, patients::full_name))
            .load(conn)?)
    })
    .await?;
    let mut sheet = String::new();
    let mut ids = String::new();
    for (id, starts_at, name) in &rows {
        writeln!(sheet, "{} {:>5} {}", starts_at.format("%H:%M"), id, name).expect("writing to a String");
        write!(ids, "{id},").expect("writing to a String");
        audit("day_sheet_listed", name);
    }
    log::info!("day sheet with {} entries: {}", rows.len(), ids);
    if rows.is_empty() {
        return Ok(HttpResponse::NoContent().finish());
    }
    Ok(HttpResponse::Ok().content_type("text/plain").body(sheet)) //~ response-leak
}
