use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tracing::{debug, error, info, instrument};
use uuid::Uuid;
use crate::models::Customer;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, datamin::Personal)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    Welcome { customer_id: Uuid, #[personal(email)] to: String },
    ConfirmEmail { customer_id: Uuid, #[personal(email)] to: String },
}

impl Job {
    pub fn kind(&self) -> &'static str {
        if matches!(self, Job::Welcome { .. }) { "welcome" } else { "confirm_email" }
    }
}

/// Structured audit trail, shipped to the compliance index.
pub fn audit(action: &str, subject: &str) {
    info!(target: "audit", action, subject, "audit event"); //~ log-leak
}

#[derive(Clone)]
pub struct JobQueue(PgPool);

impl JobQueue {
    pub fn new(pool: PgPool) -> Self { Self(pool) }

    pub async fn enqueue(&self, job: &Job) -> crate::Result<Uuid> {
        let (id, payload) = (Uuid::new_v4(), serde_json::to_value(job)?);
        sqlx::query("INSERT INTO jobs (id, payload) VALUES ($1, $2)").bind(id).bind(payload).execute(&self.0).await?;
        debug!(job_id = %id, kind = job.kind(), "job enqueued");
        Ok(id)
    }

    async fn next(&self) -> anyhow::Result<Option<(Uuid, Job)>> {
        let sql = "DELETE FROM jobs WHERE id = (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, payload";
        let row: Option<(Uuid, serde_json::Value)> = sqlx::query_as(sql).fetch_optional(&self.0).await?;
        row.map(|(id, payload)| Ok((id, serde_json::from_value(payload)?))).transpose()
    }
}

fn render_receipt(customer: &Customer) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "Hello {}, thanks for choosing {:?}.", customer.name, customer.plan)?;
    if customer.email.ends_with(".invalid") {
        let mut stderr = std::io::stderr().lock();
        writeln!(stderr, "refusing to mail anonymized customer {}", customer.id)?;
        writeln!(stderr, "anonymized address: {}", customer.email)?; //~ log-leak
        bail!("customer {} is anonymized", customer.id);
    }
    Ok(out)
}

pub struct Worker(AppState);

impl Worker {
    pub fn new(state: AppState) -> Self { Self(state) }

    pub async fn run(self) {
        loop {
            match self.0.jobs.next().await {
                Ok(Some((id, job))) => {
                    debug!(job_id = %id, ?job, "dequeued"); //~ log-leak
                    if let Err(err) = self.handle(&job).await {
                        error!(job_id = %id, kind = job.kind(), "job failed: {err:#}"); //~ log-leak
                    }
                }
                Ok(None) => tokio::time::sleep(Duration::from_secs(2)).await,
                Err(err) => error!(error = %err, "job queue unavailable"),
            }
        }
    }

    #[instrument(skip(self, job), fields(kind = job.kind()))]
    async fn handle(&self, job: &Job) -> anyhow::Result<()> {
        let (Job::Welcome { customer_id, to } | Job::ConfirmEmail { customer_id, to }) = job;
        let customer = self.0.customer(*customer_id).await?;
        let body = render_receipt(&customer)?;
        let request = reqwest::Client::new().post("https://mail.internal/send").json(&serde_json::json!({ "to": to, "body": body }));
        request.send().await.with_context(|| format!("sending {} mail to {to}", job.kind()))?;
        audit("mail_sent", to);
        info!(customer_id = %customer.id, "mail sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{CustomerStatus, Plan};

    #[test]
    fn anonymized_customers_get_no_receipt() {
        let (id, name, created_at) = (Uuid::nil(), "Jane Roe".into(), chrono::Utc::now());
        let email = "deleted+1@example.invalid".to_owned();
        let c = Customer { id, email, name, phone: None, tax_id: None, plan: Plan::Growth, status: CustomerStatus::Active, created_at };
        let err = render_receipt(&c).unwrap_err();
        assert!(err.to_string().contains("anonymized"), "wrong error for {}: {err}", c.email); //~ log-leak
        let job = Job::Welcome { customer_id: c.id, to: "jane@example.com".into() };
        let back: Job = serde_json::from_value(serde_json::to_value(&job).unwrap()).expect("job deserializes");
        assert_eq!(back.kind(), "welcome", "round trip changed {job:?}"); //~ log-leak
    }
}
