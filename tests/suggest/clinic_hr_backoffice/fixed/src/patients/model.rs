//! Patient records. Field names follow the `patients` and `encounters` tables.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Chart alerts shown in red on the patient header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "alert_flag")]
pub enum AlertFlag {
    FallRisk,
    LatexAllergy,
    DoNotResuscitate,
    NeedsInterpreter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
pub enum BloodType {
    APos,
    ANeg,
    BPos,
    BNeg,
    AbPos,
    AbNeg,
    OPos,
    ONeg,
}

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow, datamin::Personal)]
pub struct Patient {
    pub id: i64,
    pub primary_clinic_id: i32,
    #[personal(name)]
    pub first_name: String,
    #[personal(name)]
    pub last_name: String,
    #[personal(date_of_birth)]
    pub date_of_birth: NaiveDate,
    /// Statutory health insurance number (KVNR), e.g. `A123456780`.
    #[personal(government_id)]
    pub insurance_number: String,
    #[personal(phone)]
    pub contact_phone: Option<String>,
    #[personal(address)]
    pub home_address: String,
    #[personal(health)]
    pub blood_type: Option<BloodType>,
    #[personal(health)]
    pub allergies: Vec<String>,
    pub alerts: Vec<AlertFlag>,
    pub consent_sms: bool,
    pub email_reminders: bool,
    pub created_at: DateTime<Utc>,
}

/// One visit of a patient at a clinic or at home.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, datamin::Personal)]
pub struct Encounter {
    pub id: i64,
    pub patient_id: i64,
    pub clinician_id: i32,
    pub started_at: DateTime<Utc>,
    pub room: Option<String>,
    /// ICD-10 code and free-text diagnosis, e.g. `J20.9 acute bronchitis`.
    #[personal(health)]
    pub diagnosis: String,
    pub icd10_version: u8,
    pub billed: bool,
}

/// Query of `GET /patients`.
#[derive(Debug, Deserialize)]
pub struct PatientSearch {
    pub clinic_id: Option<i32>,
    pub page: Option<u32>,
    pub sort_by: Option<String>,
    #[serde(default)]
    pub include_archived: bool,
}
