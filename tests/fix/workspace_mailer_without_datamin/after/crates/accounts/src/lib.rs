//! User accounts: the only crate of the workspace that knows about personal data.

use datamin::{Personal, Redacted};

/// A user account.
#[derive(datamin::RedactedDebug, Clone, Personal)]
pub struct Account {
    pub id: u64,
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub display_name: String,
    pub locale: String,
    #[personal(credentials)]
    pub password_hash: Redacted<String>,
}

/// Looks an account up by its login address.
pub fn by_email<'a>(accounts: &'a [Account], email: &str) -> Option<&'a Account> {
    let found = accounts.iter().find(|a| a.email == email);
    if found.is_none() {
        tracing::debug!("no account for {}", email);
    }
    tracing::debug!(hit = found.is_some(), "account lookup");
    found
}

/// Changes the login address.
pub fn change_email(account: &mut Account, new_email: String) {
    tracing::info!(account_id = account.id, old = %Redacted::new(&account.email), "email changed");
    account.email = new_email;
}

/// Closes an account at its owner's request.
pub fn deactivate(account: &Account) {
    tracing::warn!("deactivating the account of {}", datamin::Redacted::new(&account.display_name));
    tracing::info!(account_id = account.id, "account deactivated");
}
