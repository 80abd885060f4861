use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::Type)]
pub enum Department {
    Nursing,
    Physicians,
    Reception,
    Facilities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Relationship {
    Spouse,
    Parent,
    Sibling,
    Friend,
    Other,
}

/// Who to call if something happens at work.
#[derive(Debug, Clone,
         serde::Serialize, serde::Deserialize, datamin::Personal)]
pub struct EmergencyContact {
    #[personal(name)]
    pub name: String,
    pub relationship: Relationship,
    #[personal(phone)]
    pub phone: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, datamin::Personal)]
pub struct Employee {
    pub id: i32,
    /// Printed on the badge: `E-00417`.
    pub employee_no: String,
    #[personal(name)]
    pub legal_name: String,
    #[personal(email)]
    pub work_email: String,
    pub email_signature_template: Option<String>,
    /// Social security / national insurance number.
    #[personal(government_id)]
    pub national_id: String,
    #[personal(date_of_birth)]
    pub born_on: NaiveDate,
    #[personal(address)]
    pub home_address: String,
    #[personal(financial)]
    pub annual_salary: Decimal,
    pub department: Department,
    pub hired_on: NaiveDate,
    pub emergency_contact: Option<EmergencyContact>,
    /// Template of the time clock's fingerprint reader.
    #[serde(skip)]
    #[personal(biometric)]
    pub fingerprint_template: Vec<u8>,
    pub badge_id: String,
    pub phone_verified_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Head count per department, for the HR dashboard.
#[derive(Debug, Default, serde::Serialize)]
pub struct HeadCount {
    pub department_name: &'static str,
    pub employee_count: u32,
    pub open_positions: u32,
}
