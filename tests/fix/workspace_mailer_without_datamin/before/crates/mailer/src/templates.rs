//! Mail bodies.

use accounts::Account;

/// The body of the welcome mail.
pub fn welcome(account: &Account) -> String {
    tracing::debug!("rendering welcome mail for {:?}", account);
    tracing::debug!(account_id = account.id, locale = %account.locale, "template chosen");
    format!("Hello {},\n\nwelcome aboard.\n", account.display_name)
}

/// The body of the password reset mail.
pub fn reset(account: &Account, link: &str) -> String {
    tracing::debug!(account_id = account.id, link_len = link.len(), "rendering reset mail");
    format!("Hello {},\n\nreset your password here: {link}\n", account.display_name)
}
