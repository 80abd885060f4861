use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use sqlx::PgPool;
use uuid::Uuid;

use crate::model::User;

/// Batches `User` lookups within one GraphQL request.
pub struct UserLoader {
    pool: PgPool,
}

impl UserLoader {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

impl Loader<Uuid> for UserLoader {
    type Value = User;
    type Error = Arc<sqlx::Error>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, User>, Self::Error> {
        let users = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = ANY($1)")
            .bind(keys)
            .fetch_all(&self.pool)
            .await
            .map_err(Arc::new)?;
        let missing = keys.iter().filter(|k| !users.iter().any(|u| u.id == **k)).count();
        tracing::debug!(requested = keys.len(), missing, "user batch loaded");
        tracing::trace!(batch = ?users, "user batch");
        Ok(users.into_iter().map(|u| (u.id, u)).collect())
    }
}
