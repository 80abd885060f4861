//! The database handle.

use tracing::instrument;

use crate::models::Customer;

#[derive(Debug)]
pub struct Db {
    url: String,
}

impl Db {
    #[instrument]
    pub fn connect(url: &str) -> Self {
        Self { url: url.to_owned() }
    }

    #[instrument(level = "trace", skip(self))]
    pub fn find_by_email(&self, email: &str) -> Option<Customer> {
        tracing::trace!(db = %self.url, "lookup by address");
        None
    }

    #[instrument(skip(self))]
    pub fn count_orders(&self, customer_id: u64) -> usize {
        0
    }
}
