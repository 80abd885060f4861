//! Append-only audit log, shown to workspace owners.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginMethod {
    Password,
    Sso,
    MagicLink,
}

#[derive(Debug, Clone, Serialize, datamin::Personal)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    SignedIn { method: LoginMethod },
    EmailChanged {
        #[personal(email)]
        new_email: String,
        verified: bool,
    },
    PasswordChanged,
    InvoicePaid { invoice_id: Uuid, amount_cents: i64 },
    /// Only the public prefix is kept, e.g. `ak_live_3f9a`.
    ApiKeyCreated { key_prefix: String, scopes: Vec<String> },
    RoleChanged(Uuid, crate::users::Role),
}

#[derive(Debug, Clone, Serialize, datamin::Personal)]
pub struct AuditEvent {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub kind: AuditKind,
    #[personal(ip_address)]
    pub client_ip: IpAddr,
    pub request_id: String,
}
