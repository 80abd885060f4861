//! Transactional mail. Depends on `accounts` for the recipients.

mod outbox;
mod templates;

pub use outbox::Outbox;
