use std::sync::Arc;
use datamin::{Personal, Redacted};
use sqlx::PgPool;
use tracing::instrument;
use uuid::Uuid;
use crate::error::{BillingError, Result};
use crate::jobs::JobQueue;
use crate::models::{BillingAddress, Customer, Invoice};

#[derive(Debug, Personal)]
pub struct BillingConfig {
    #[personal(credentials)] pub webhook_secret: Redacted<String>,
    pub dunning_after_days: i64,
}

impl BillingConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |key: &str| std::env::var(key).map_err(|_| anyhow::anyhow!("{key} is not set"));
        let dunning_after_days = var("DUNNING_AFTER_DAYS").ok().and_then(|v| v.parse().ok()).unwrap_or(14);
        Ok(Self { webhook_secret: Redacted::new(var("STRIPE_WEBHOOK_SECRET")?), dunning_after_days })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub config: Arc<BillingConfig>,
    pub jobs: JobQueue,
}

impl AppState {
    pub fn new(pool: PgPool, config: Arc<BillingConfig>) -> Self { Self { jobs: JobQueue::new(pool.clone()), pool, config } }

    pub async fn customer(&self, id: Uuid) -> Result<Customer> {
        let sql = "SELECT * FROM customers WHERE id = $1";
        let row = sqlx::query_as::<_, Customer>(sql).bind(id).fetch_optional(&self.pool).await?;
        tracing::trace!(%id, "customer loaded");
        row.ok_or(BillingError::CustomerNotFound(id))
    }

    pub async fn customer_by_email(&self, email: &str) -> Result<Customer> {
        let sql = "SELECT * FROM customers WHERE lower(email) = lower($1)";
        let row = sqlx::query_as::<_, Customer>(sql).bind(email).fetch_optional(&self.pool).await?;
        row.ok_or_else(|| BillingError::UnknownEmail(email.to_owned()))
    }

    pub async fn invoices_for(&self, customer_id: Uuid) -> Result<Vec<Invoice>> {
        let sql = "SELECT * FROM invoices WHERE customer_id = $1";
        Ok(sqlx::query_as::<_, Invoice>(sql).bind(customer_id).fetch_all(&self.pool).await?)
    }

    pub async fn invoice(&self, id: Uuid) -> Result<Invoice> {
        let sql = "SELECT * FROM invoices WHERE id = $1";
        let row = sqlx::query_as::<_, Invoice>(sql).bind(id).fetch_optional(&self.pool).await?;
        row.ok_or(BillingError::InvoiceNotFound(id))
    }

    #[instrument(skip(self), ret)] //~ log-leak
    pub async fn billing_address(&self, customer_id: Uuid) -> Result<Option<BillingAddress>> {
        let sql = "SELECT * FROM addresses WHERE customer_id = $1";
        Ok(sqlx::query_as::<_, BillingAddress>(sql).bind(customer_id).fetch_optional(&self.pool).await?)
    }
}
