//! The contact list.

use datamin::Personal;

#[derive(Clone, Personal)]
pub struct Contact {
    pub id: u64,
    #[personal(name)]
    pub first_name: String,
    #[personal(name)]
    pub last_name: String,
    #[personal(email)]
    pub email: String,
    #[personal(phone)]
    pub mobile: Option<String>,
    pub company: String,
    pub stage: Stage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Lead,
    Customer,
    Churned,
}

impl Contact {
    /// "First Last", as the list shows it.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}
