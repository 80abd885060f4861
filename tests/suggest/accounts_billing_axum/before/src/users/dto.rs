use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{EmailAddress, Role};

/// Body of `POST /signup`.
#[derive(Debug, Deserialize)]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
    /// Becomes `Workspace.name`.
    pub workspace_name: String,
    pub accept_terms: bool,
}

/// Body of `POST /workspaces/:id/invites`.
#[derive(Debug, Deserialize)]
pub struct InviteRequest {
    pub email: EmailAddress,
    pub role: Role,
}

#[derive(Debug, Serialize)]
pub struct UserResponse {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
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
