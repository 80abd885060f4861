use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{EmailAddress, Role};

/// Body of `POST /signup`.
#[derive(Debug, Deserialize, datamin::Personal)]
pub struct SignUpRequest {
    #[personal(email)]
    pub email: String,
    #[personal(credentials)]
    pub password: String,
    /// Becomes `Workspace.name`.
    pub workspace_name: String,
    pub accept_terms: bool,
}

/// Body of `POST /workspaces/:id/invites`.
#[derive(Debug, Deserialize, datamin::Personal)]
pub struct InviteRequest {
    #[personal(email)]
    pub email: EmailAddress,
    pub role: Role,
}

#[derive(Debug, Serialize, datamin::Personal)]
pub struct UserResponse {
    pub id: Uuid,
    #[personal(email)]
    pub email: String,
    pub email_verified: bool,
    #[personal(name)]
    pub display_name: String,
    pub role: Role,
}

/// Limits the sign-up form validates against; served to the SPA.
#[derive(Debug, Serialize)]
pub struct SignUpLimits {
    pub name_len: usize,
    pub username_max_len: usize,
    pub password_min_length: usize,
    pub email_verification_required: bool,
}
