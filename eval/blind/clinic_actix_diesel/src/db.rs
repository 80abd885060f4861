use chrono::{Local, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};

use crate::error::{ClinicError, Result};
use crate::models::{Appointment, Patient};
use crate::schema::{appointments, patients};

pub type DbPool = Pool<ConnectionManager<PgConnection>>;
pub type Conn = PooledConnection<ConnectionManager<PgConnection>>;

/// Runs blocking diesel work on actix's thread pool.
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn) -> Result<T> + Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || work(&mut pool.get()?)).await?
}

pub fn patient(conn: &mut Conn, id: i32) -> Result<Patient> {
    let row = patients::table.find(id).select(Patient::as_select()).first(conn).optional()?;
    row.ok_or(ClinicError::PatientNotFound(id))
}

pub fn patient_id_by_insurance(conn: &mut Conn, number: &str) -> Result<i32> {
    let by_number = patients::insurance_number.eq(number);
    let row = patients::table.filter(by_number).select(patients::id).first::<i32>(conn).optional()?;
    row.ok_or_else(|| ClinicError::UnknownInsurance(number.to_owned()))
}

pub fn check_birth_date(date_of_birth: NaiveDate) -> Result<()> {
    if date_of_birth > Local::now().date_naive() {
        return Err(ClinicError::InvalidBirthDate(date_of_birth));
    }
    Ok(())
}

pub fn appointments_for(conn: &mut Conn, patient_id: i32) -> Result<Vec<Appointment>> {
    let rows = appointments::table
        .filter(appointments::patient_id.eq(patient_id))
        .order(appointments::starts_at.asc())
        .select(Appointment::as_select())
        .load(conn)?;
    log::debug!("loaded {} appointments for patient {}", rows.len(), patient_id);
    Ok(rows)
}

/// Audit trail shared by the patient and appointment handlers.
pub fn audit(action: &str, subject: &str) {
    log::info!(target: "audit", "{action}: {subject}"); //~ log-leak
}
