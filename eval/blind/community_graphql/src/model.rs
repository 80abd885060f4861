use std::net::IpAddr;

use async_graphql::{ComplexObject, Context, Enum, InputObject, Result, SimpleObject};
use chrono::{DateTime, Utc};
use datamin::{Personal, RedactedDebug};
use serde::Serialize;
use uuid::Uuid;

use crate::moderation::ModerationLog;

/// The connecting client's address, put into request extensions by `http::client_ip`.
#[derive(Clone, Copy, Personal)]
pub struct ClientIp(#[personal(ip_address)] pub IpAddr);

/// The signed-in member the request acts for.
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    pub id: Uuid,
    pub is_moderator: bool,
}

#[derive(Clone, Personal, RedactedDebug, Serialize, SimpleObject, sqlx::FromRow)]
#[graphql(complex)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: Uuid,
    #[personal(name)]
    pub display_name: String, //~ response-leak
    #[personal(email)]
    #[graphql(skip)]
    pub email: String,
    #[personal(ip_address)]
    #[graphql(skip)]
    #[serde(skip)]
    pub last_ip: Option<String>,
    pub karma: i32,
    pub banned: bool,
    pub created_at: DateTime<Utc>,
}

#[ComplexObject]
impl User {
    /// Only members see their own address.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> { //~ response-leak
        let viewer = ctx.data::<Viewer>()?;
        Ok((viewer.id == self.id).then_some(self.email.as_str()))
    }

    async fn email_domain(&self) -> Option<String> { //~ response-leak
        self.email.split_once('@').map(|(_, domain)| domain.to_owned())
    }

    async fn is_staff(&self) -> bool {
        self.email.ends_with("@example.org")
    }

    async fn avatar_url(&self) -> String {
        format!("https://cdn.example.org/avatars/{}.png", self.id.simple())
    }

    async fn moderation_history(&self, ctx: &Context<'_>) -> Result<Vec<ModerationEvent>> {
        let events = ctx.data::<ModerationLog>()?.for_user(self.id).await?;
        tracing::debug!(user_id = %self.id, events = events.len(), "moderation history resolved");
        Ok(events)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Enum, Serialize, sqlx::Type)]
#[sqlx(type_name = "mod_action", rename_all = "snake_case")]
pub enum ModAction {
    Report,
    Warn,
    Ban,
}

#[derive(Clone, Debug, Personal, Serialize, SimpleObject, sqlx::FromRow)]
pub struct ModerationEvent {
    pub id: Uuid,
    pub user_id: Uuid,
    pub action: ModAction,
    pub note: String,
    #[personal(ip_address)]
    #[graphql(skip)]
    pub reporter_ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What the moderator console shows next to a report.
#[derive(Personal, SimpleObject)]
pub struct SuspectProfile {
    pub user_id: Uuid,
    #[personal(email)]
    pub email: String, //~ response-leak
    #[personal(ip_address)]
    pub last_ip: Option<String>, //~ response-leak
    pub reports: i64,
}

#[derive(Debug, InputObject, Personal)]
pub struct UserFilter {
    #[personal(email)]
    pub email: Option<String>,
    pub min_karma: Option<i32>,
}

#[derive(InputObject)]
pub struct ReportInput {
    pub user_id: Uuid,
    pub note: String,
}
