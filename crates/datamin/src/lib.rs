//! Keep customer data out of logs and public responses.
//!
//! `datamin` lets application code say which fields hold personal data, so
//! that it can be kept out of log lines and public responses:
//!
//! - [`#[derive(Personal)]`](derive@Personal) with `#[personal(<category>)]` on
//!   fields implements the [`Personal`] trait: a `'static` inventory of the
//!   type's personal fields, with their [`Category`], at no run-time cost. The
//!   datamin linter (`cargo datamin check`) reads the same annotations to find
//!   every place such a value reaches a log line or a public response.
//! - [`#[derive(RedactedDebug)]`](derive@RedactedDebug) implements `Debug`
//!   printing personal fields as `[redacted]`.
//! - [`Redacted<T>`](Redacted) wraps a single value so that it prints as
//!   `[redacted]`; the value comes out only through explicitly named methods.
//!
//! # Annotating a type
//!
//! `#[personal]` goes on named or tuple fields of structs and enum variants.
//! A bare `#[personal]` means category `other`; otherwise name one of the
//! categories: `name email phone address location ip_address device_id
//! government_id date_of_birth financial health biometric credentials other`.
//! An unknown category, a malformed argument, a repeated `#[personal]` or a
//! union is a compile error pointing at the offending tokens. Each category
//! has a Fides (fideslang) data category key, [`Category::taxonomy`]
//! (`email` is `user.contact.email`), which the linter's reports carry too.
//!
//! ```
//! use datamin::{Category, Personal, Redacted, RedactedDebug};
//!
//! #[derive(Personal, RedactedDebug)]
//! pub struct Customer {
//!     pub id: u64,
//!     #[personal(email)]
//!     pub email: String,
//!     #[personal(name)]
//!     pub full_name: String,
//!     #[personal] // category `other`
//!     pub notes: String,
//!     #[personal(credentials)]
//!     pub api_key: Redacted<String>,
//! }
//!
//! let customer = Customer {
//!     id: 42,
//!     email: "ada@example.com".into(),
//!     full_name: "Ada Lovelace".into(),
//!     notes: "prefers email".into(),
//!     api_key: Redacted::new("k-123".into()),
//! };
//!
//! // Safe to log: personal fields are redacted.
//! assert_eq!(
//!     format!("{customer:?}"),
//!     "Customer { id: 42, email: [redacted], full_name: [redacted], \
//!      notes: [redacted], api_key: [redacted] }",
//! );
//!
//! // The inventory, e.g. for a records-of-processing report.
//! let categories: Vec<Category> =
//!     Customer::PERSONAL_FIELDS.iter().map(|field| field.category).collect();
//! assert_eq!(
//!     categories,
//!     [Category::Email, Category::Name, Category::Other, Category::Credentials],
//! );
//! // The same in the Fides taxonomy, for joining with records of processing.
//! let keys: Vec<&str> = categories.iter().map(|c| c.taxonomy()).collect();
//! assert_eq!(
//!     keys,
//!     ["user.contact.email", "user.name", "user", "user.authorization.credentials"],
//! );
//! ```
//!
//! # Features
//!
//! - `serde` (off by default): `Serialize` for [`Redacted`] writes
//!   `"[redacted]"`, `Deserialize` reads the inner value.

#![forbid(unsafe_code)]

mod category;
mod personal;
mod redacted;

pub use category::{Category, ParseCategoryError};
pub use personal::{Personal, PersonalField};
pub use redacted::Redacted;

pub use datamin_macros::{Personal, RedactedDebug, not_personal, sanitizer, source};
