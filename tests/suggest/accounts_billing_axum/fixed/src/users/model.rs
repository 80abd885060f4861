//! Accounts as stored in Postgres.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A syntactically valid e-mail address (checked at the edge, lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, datamin::Personal)]
#[serde(transparent)]
pub struct EmailAddress(#[personal(email)] String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim().to_lowercase();
        raw.contains('@').then_some(Self(raw))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// E.164 phone number, e.g. `+4930123456`.
#[derive(datamin::Personal)]
pub struct PhoneNumber(#[personal(phone)] pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::Type)]
#[sqlx(type_name = "member_role", rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Member,
    Billing,
}

/// Feature flags stored as a Postgres enum array on the user row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
pub enum UserFlag {
    EmailOptIn,
    PhoneVerified,
    BetaFeatures,
    ForcePasswordReset,
}

#[derive(Debug, Clone, sqlx::FromRow, datamin::Personal)]
pub struct User {
    pub id: Uuid,
    pub workspace_id: Uuid,
    #[personal(email)]
    pub email: String,
    pub email_verified: bool,
    #[personal(name)]
    pub full_name: String,
    #[personal(phone)]
    pub phone: Option<String>,
    pub phone_verified_at: Option<DateTime<Utc>>,
    #[personal(credentials)]
    pub password_hash: String,
    pub role: Role,
    pub flags: Vec<UserFlag>,
    /// BCP 47 tag of the UI language.
    pub locale: String,
    pub created_at: DateTime<Utc>,
    #[personal(ip_address)]
    pub last_login_ip: Option<IpAddr>,
}

/// A customer company; members are `User`s.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Workspace {
    pub id: Uuid,
    /// Company or team name chosen at sign-up, e.g. "Acme Robotics".
    pub name: String,
    pub slug: String,
    pub owner_id: Uuid,
    pub num_accounts: i32,
    pub plan: crate::billing::Plan,
}

/// Notification settings; the user's address itself lives on `User`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NotificationPrefs {
    pub email_enabled: bool,
    pub sms_enabled: bool,
    pub email_digest_hour: u8,
    pub product_updates: bool,
}
