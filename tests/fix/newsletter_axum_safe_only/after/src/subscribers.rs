//! Who receives the newsletter.

use datamin::{Personal, Redacted};
use serde::{Deserialize, Serialize};

/// A subscriber, as stored and as the editors' export shows it.
#[derive(Clone, Serialize, Personal)]
pub struct Subscriber {
    pub id: u64,
    /// Where the newsletter goes.
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub first_name: Option<String>,
    pub confirmed: bool,
    /// Sent in the confirmation link.
    #[personal(credentials)]
    pub confirm_token: Redacted<String>,
    pub topics: Vec<String>,
}

/// The form on the landing page.
#[derive(Debug, Deserialize, Personal)]
pub struct SubscribeForm {
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub first_name: Option<String>,
    pub topics: Vec<String>,
}

/// Counts for the dashboard.
#[derive(Serialize)]
pub struct Stats {
    pub total: usize,
    pub confirmed: usize,
}
