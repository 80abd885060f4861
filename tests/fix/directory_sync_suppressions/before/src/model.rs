//! The directory's records.

use datamin::Personal;

#[derive(Debug, Clone, Personal)]
pub struct Employee {
    pub id: u32,
    #[personal(name)]
    pub name: String,
    #[personal(email)]
    pub work_email: String,
    pub department: String,
}

/// A door badge.
#[derive(Clone, Personal)]
pub struct Badge {
    // datamin:allow(unmarked-personal-field) badge numbers are reissued, not personal
    pub number: u32,
    #[personal(name)]
    pub holder: String,
}
