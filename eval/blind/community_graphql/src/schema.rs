use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, EmptySubscription, Object, Result, Schema, ID};
use sqlx::PgPool;
use tracing::{info, instrument, warn};
use uuid::Uuid;

use crate::mailer::Mailer;
use crate::model::*;
use crate::moderation::{record, ModerationLog};
use crate::loader::UserLoader;

pub type CommunitySchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

pub fn build(pool: PgPool, mailer: Mailer) -> CommunitySchema {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .data(DataLoader::new(UserLoader::new(pool.clone()), tokio::spawn))
        .data(ModerationLog::new(pool.clone()))
        .data(mailer)
        .data(pool)
        .finish()
}

fn parse_id(id: &ID) -> Result<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| format!("invalid id {}", id.as_str()).into())
}

fn require_moderator(ctx: &Context<'_>) -> Result<Viewer> {
    let viewer = *ctx.data::<Viewer>()?;
    if !viewer.is_moderator {
        warn!(viewer = %viewer.id, "moderator field requested by member");
        return Err("moderators only".into());
    }
    Ok(viewer)
}

pub struct QueryRoot;

#[Object]
impl QueryRoot {
    async fn user(&self, ctx: &Context<'_>, id: ID) -> Result<Option<User>> {
        let id = parse_id(&id)?;
        let user = ctx.data::<DataLoader<UserLoader>>()?.load_one(id).await?;
        info!(%id, "user resolved");
        Ok(user)
    }

    async fn me(&self, ctx: &Context<'_>) -> Result<User> {
        let viewer = ctx.data::<Viewer>()?;
        let user = ctx.data::<DataLoader<UserLoader>>()?.load_one(viewer.id).await?;
        user.ok_or_else(|| "account deleted".into())
    }

    #[instrument(skip(self, ctx))] //~ log-leak
    async fn search_users(&self, ctx: &Context<'_>, filter: UserFilter) -> Result<Vec<ID>> {
        require_moderator(ctx)?;
        let pool = ctx.data::<PgPool>()?;
        let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM users WHERE ($1::text IS NULL OR email = $1) AND karma >= $2")
            .bind(&filter.email)
            .bind(filter.min_karma.unwrap_or(i32::MIN))
            .fetch_all(pool)
            .await?;
        info!(matches = ids.len(), min_karma = ?filter.min_karma, "user search");
        Ok(ids.into_iter().map(ID::from).collect())
    }

    async fn suspect(&self, ctx: &Context<'_>, id: ID) -> Result<SuspectProfile> {
        require_moderator(ctx)?;
        let user_id = parse_id(&id)?;
        let user = ctx.data::<DataLoader<UserLoader>>()?.load_one(user_id).await?.ok_or("no such user")?;
        let reports = ctx.data::<ModerationLog>()?.for_user(user_id).await?.len() as i64;
        Ok(SuspectProfile { user_id, email: user.email, last_ip: user.last_ip, reports })
    }

    async fn banned_addresses(&self, ctx: &Context<'_>) -> Result<Vec<String>> { //~ response-leak
        require_moderator(ctx)?;
        let rows: Vec<User> = sqlx::query_as("SELECT * FROM users WHERE banned").fetch_all(ctx.data::<PgPool>()?).await?;
        Ok(rows.into_iter().filter_map(|u| u.last_ip).collect())
    }

    async fn my_address(&self, ctx: &Context<'_>) -> Option<String> { //~ response-leak
        ctx.data_opt::<ClientIp>().map(|ip| ip.0.to_string())
    }

    #[graphql(skip)]
    pub async fn viewer_email(&self, ctx: &Context<'_>) -> Result<String> {
        let viewer = ctx.data::<Viewer>()?;
        Ok(ctx.data::<DataLoader<UserLoader>>()?.load_one(viewer.id).await?.map(|u| u.email).unwrap_or_default())
    }

    async fn member_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(ctx.data::<PgPool>()?).await?;
        Ok(count)
    }
}

pub struct MutationRoot;

#[Object]
impl MutationRoot {
    async fn report_user(&self, ctx: &Context<'_>, input: ReportInput) -> Result<ModerationEvent> {
        let reporter = ctx.data_opt::<ClientIp>().map(|ip| ip.0.to_string());
        info!(reported = %input.user_id, reporter = ?reporter, "report filed"); //~ log-leak
        let event = ModerationLog::event(input.user_id, ModAction::Report, input.note, reporter);
        ctx.data::<ModerationLog>()?.insert(&event).await?;
        info!(event_id = %event.id, action = ?event.action, "report stored");
        Ok(event)
    }

    async fn ban_user(&self, ctx: &Context<'_>, id: ID, reason: String) -> Result<User> {
        let moderator = require_moderator(ctx)?;
        let user_id = parse_id(&id)?;
        let pool = ctx.data::<PgPool>()?;
        let user: User = sqlx::query_as("UPDATE users SET banned = true WHERE id = $1 RETURNING *")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
        let event = ModerationLog::event(user_id, ModAction::Ban, reason.clone(), None);
        ctx.data::<ModerationLog>()?.insert(&event).await?;
        record(&user);
        let span = tracing::span!(tracing::Level::INFO, "ban", user = %user.display_name); //~ log-leak
        let _entered = span.enter();
        if let Err(err) = ctx.data::<Mailer>()?.send_ban_notice(&user, &reason).await {
            warn!(user_id = %user.id, error = %err, "ban notice not delivered");
        }
        info!(moderator = %moderator.id, banned = ?user, "user banned");
        Ok(user)
    }

    async fn change_email(&self, ctx: &Context<'_>, new_email: String) -> Result<bool> {
        let viewer = ctx.data::<Viewer>()?;
        let user: User = sqlx::query_as("UPDATE users SET email = $2 WHERE id = $1 RETURNING *")
            .bind(viewer.id)
            .bind(&new_email)
            .fetch_one(ctx.data::<PgPool>()?)
            .await?;
        let token = Uuid::new_v4().simple().to_string();
        match ctx.data::<Mailer>()?.send_verification(&user, &token).await {
            Ok(()) => Ok(true),
            Err(err) => {
                tracing::error!("verification for {} failed: {err:#}", user.id); //~ log-leak
                Ok(false)
            }
        }
    }
}
