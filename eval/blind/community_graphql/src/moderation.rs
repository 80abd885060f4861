use std::io::Write as _;
use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;
use tracing::{info, warn};
use uuid::Uuid;

use crate::model::{ModAction, ModerationEvent, User};

/// One line per moderation-relevant change, for the trust & safety archive.
pub trait Audit {
    fn audit_line(&self) -> String;
}

impl Audit for ModerationEvent {
    fn audit_line(&self) -> String {
        format!("{} {:?} user={} at {}", self.id, self.action, self.user_id, self.created_at)
    }
}

impl Audit for User {
    fn audit_line(&self) -> String {
        format!("user {} <{}> karma={}", self.id, self.email, self.karma)
    }
}

pub fn record<T: Audit>(item: &T) {
    let line = item.audit_line();
    info!(target: "audit", %line, "audit"); //~ log-leak
}

#[derive(Clone)]
pub struct ModerationLog {
    pool: PgPool,
}

impl ModerationLog {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn for_user(&self, user_id: Uuid) -> sqlx::Result<Vec<ModerationEvent>> {
        sqlx::query_as("SELECT * FROM moderation_events WHERE user_id = $1 ORDER BY created_at DESC")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
    }

    pub async fn insert(&self, event: &ModerationEvent) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO moderation_events VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(event.id)
            .bind(event.user_id)
            .bind(event.action)
            .bind(&event.note)
            .bind(&event.reporter_ip)
            .bind(event.created_at)
            .execute(&self.pool)
            .await?;
        let mut archive = std::fs::OpenOptions::new().append(true).create(true).open("moderation.jsonl")?;
        serde_json::to_writer(&mut archive, event).map_err(std::io::Error::from)?;
        writeln!(archive)?;
        record(event);
        Ok(())
    }

    pub fn event(user_id: Uuid, action: ModAction, note: String, reporter_ip: Option<String>) -> ModerationEvent {
        ModerationEvent { id: Uuid::new_v4(), user_id, action, note, reporter_ip, created_at: Utc::now() }
    }
}

/// Background job: forget client addresses after thirty days.
pub async fn purge_ips(pool: PgPool) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let purged = sqlx::query("UPDATE users SET last_ip = NULL WHERE last_seen < now() - interval '30 days'")
            .execute(&pool)
            .await;
        match purged {
            Ok(done) => info!(rows = done.rows_affected(), "stale client addresses purged"),
            Err(err) => warn!(error = %err, "ip purge failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_audit_line_has_no_address() {
        let event = ModerationLog::event(Uuid::nil(), ModAction::Warn, "spam".into(), Some("10.0.0.1".into()));
        let line = event.audit_line();
        assert!(!line.contains("10.0.0.1"), "audit line for {} leaks the reporter", event.id);
        assert!(line.contains("Warn"), "unexpected line {line} for {:?}", event); //~ log-leak
    }
}
