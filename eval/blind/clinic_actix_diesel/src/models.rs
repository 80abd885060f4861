use chrono::{NaiveDate, NaiveDateTime};
use datamin::{Personal, RedactedDebug};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::{appointments, doctors, patients};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, Personal)]
#[diesel(table_name = patients)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    pub id: i32,
    #[personal(name)] pub full_name: String,
    #[personal(date_of_birth)] #[serde(skip_serializing)] pub date_of_birth: NaiveDate,
    #[personal(health)] #[serde(skip)] pub condition: Option<String>,
    #[personal(financial)] #[serde(skip)] pub insurance_number: String,
    #[personal(email)] pub email: Option<String>,
    pub clinic_id: i32,
}

/// Printed on the waiting-room badge; columns carry their own markers.
#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = patients)]
pub struct PatientCard {
    pub id: i32,
    pub full_name: String,
    pub clinic_id: i32,
}

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = patients)]
#[serde(rename_all = "camelCase")]
pub struct PatientRef {
    pub id: i32,
    pub clinic_id: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatientSummary {
    pub id: i32,
    pub clinic_id: i32,
}

impl From<&Patient> for PatientSummary {
    fn from(p: &Patient) -> Self {
        Self { id: p.id, clinic_id: p.clinic_id }
    }
}

#[derive(Deserialize, Insertable, Personal, RedactedDebug)]
#[diesel(table_name = patients)]
pub struct NewPatient {
    #[personal(name)] pub full_name: String,
    #[personal(date_of_birth)] pub date_of_birth: NaiveDate,
    #[personal(health)] pub condition: Option<String>,
    #[personal(financial)] pub insurance_number: String,
    #[personal(email)] pub email: Option<String>,
    pub clinic_id: i32,
}

#[derive(Debug, Queryable, Selectable, Serialize, Personal)]
#[diesel(table_name = appointments)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: i32,
    pub patient_id: i32,
    pub doctor_id: i32,
    pub starts_at: NaiveDateTime,
    #[personal(health)] #[serde(skip_serializing)] pub reason: Option<String>,
    pub status: String,
}

#[derive(Debug, Queryable, Selectable, Serialize)]
#[diesel(table_name = doctors)]
pub struct Doctor {
    pub id: i32,
    /// Published on the clinic website.
    #[datamin::not_personal] pub display_name: String,
    pub specialty: String,
}
