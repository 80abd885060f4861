//! The directory's records.

use datamin::Personal;

#[derive(datamin::RedactedDebug, Clone, Personal)]
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
    pub number: u32,
    #[personal(name)]
    pub holder: String,
}
