//! Rule `unmarked-personal-field`: a field that is probably personal but
//! carries no `#[personal]` annotation.

use super::fixes::{self, Span};
use super::{Diagnosis, RuleId, declare_rule};
use crate::report::{Applicability, Edit, FixKind};

/// The rule's name.
pub const NAME: &str = "unmarked-personal-field";

declare_rule! {
    /// # unmarked-personal-field
    ///
    /// ## What it does
    ///
    /// Reports a struct or enum-variant field without `#[personal]` that probably
    /// holds personal data, with the attribute to add. The guess rests on:
    ///
    /// - the field's name: its last words (`email`, `billing_email`,
    ///   `contactEmail`, `phone_number`, `first_name`, `street`, `postcode`, `ip`,
    ///   `client_ip`, `ssn`, `date_of_birth`, `iban`, `card_number`, `password`,
    ///   `api_key`, `access_token`, `user_agent`, `device_id`, ...). A name that
    ///   only contains such a word is not one: `email_verified`, `name_len`,
    ///   `address_family`, `ip_version`, `username_max_len`, `token_count`,
    ///   `file_name`, `server_address`, `csrf_token` do not fire;
    /// - the field's type: never a `bool`, a number (except for coordinates,
    ///   postcodes and salaries), a date (except for a birth date), an enum or a
    ///   struct of the tree (whose own fields hold the data); an `IpAddr`, an
    ///   `EmailAddress` or a redaction wrapper (`Secret<String>`) is a reason in
    ///   itself; the one field of a newtype named `Email`, `PhoneNumber`, ... too;
    /// - the type it belongs to: a type named like a person (`User`, `Customer`,
    ///   `Member`, `Patient`, `Employee`, ...) or one with annotated fields makes a
    ///   guess surer, a configuration type (`Config`, `Settings`, `Args`) makes it
    ///   less sure (its `bind_addr` and `support_email` are the program's);
    /// - the code: a field filled from an annotated field
    ///   (`ContactView { contact: user.email.clone() }`) takes that field's
    ///   category.
    ///
    /// Each guess has a confidence; the rule reports those of 0.70 and more
    /// (`cargo datamin suggest` lists lower ones too). The word lists are data,
    /// extended and silenced in `datamin.toml`:
    ///
    /// ```toml
    /// [infer]
    /// extra = { member_no = "government_id", badge = "other" }   # name words → category
    /// ignore = ["Invoice.customer_name", "display_name", "ServerConfig"]
    /// ```
    ///
    /// ## Why is this bad
    ///
    /// A personal field that is not annotated is invisible to `log-leak` and
    /// `response-leak`: the next log line that prints it goes unreported. The
    /// field added last week is the one that leaks.
    ///
    /// ## Example
    ///
    /// ```rust,ignore
    /// #[derive(Debug)]
    /// pub struct Customer {
    ///     pub id: u64,
    ///     pub email: String,
    /// }
    /// ```
    ///
    /// Use instead:
    ///
    /// ```rust,ignore
    /// #[derive(Debug, datamin::Personal)]
    /// pub struct Customer {
    ///     pub id: u64,
    ///     #[personal(email)]
    ///     pub email: String,
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Add the attribute the finding's fix names (a maybe-incorrect fix, as the
    /// field is a guess: `check --fix-unsafe` applies it, and `cargo datamin
    /// suggest --fix` adds them all, and `datamin::Personal` to the derive list). A field reviewed and found
    /// not personal takes `#[not_personal]` (a helper attribute of
    /// `derive(datamin::Personal)`), or a suppression with a reason on its line or
    /// the line above: `// datamin:allow(unmarked-personal-field) <reason>`.
    pub UNMARKED_PERSONAL_FIELD = UnmarkedPersonalField, "unmarked-personal-field", Warn,
        "a field without #[personal] that probably holds personal data";
}

/// A guessed field, as the rule words it.
pub(crate) struct Guess<'a> {
    /// `Customer.email`.
    pub display: &'a str,
    pub category: &'a str,
    /// Why: "named `email`", "of type `IpAddr`".
    pub why: String,
    /// In percent.
    pub confidence: u8,
    /// The type to derive `datamin::Personal` on, when it does not yet.
    pub derive_on: Option<&'a str>,
    /// The edits adding the attribute (and the derive).
    pub edits: Vec<Edit>,
    /// The field's name, for the suppression.
    pub site: Option<Span<'a>>,
}

/// What `unmarked-personal-field` says about a guess.
pub(crate) fn diagnose(guess: &Guess<'_>) -> Diagnosis {
    let confidence = f64::from(guess.confidence) / 100.0;
    let derive = guess
        .derive_on
        .map(|t| format!(", and derive `datamin::Personal` on `{t}`"))
        .unwrap_or_default();
    let mut fixes = Vec::new();
    if !guess.edits.is_empty() {
        fixes.push(fixes::fix(
            FixKind::MarkPersonal,
            Applicability::MaybeIncorrect,
            format!(
                "mark `{}` `#[personal({})]`{derive}",
                guess.display, guess.category
            ),
            guess.edits.clone(),
        ));
    }
    fixes.extend(fixes::suppress(
        RuleId::UnmarkedPersonalField,
        guess.site.as_ref(),
    ));
    Diagnosis {
        message: format!(
            "`{}` is probably personal ({}, {}, confidence {confidence:.2}) but is not marked",
            guess.display, guess.category, guess.why
        ),
        label: "probably personal".to_owned(),
        help: Some(if guess.edits.is_empty() {
            format!(
                "add `#[personal({})]` to the field{derive}; if it is not personal, mark it \
                 `#[not_personal]`",
                guess.category
            )
        } else {
            "if it is not personal, mark it `#[not_personal]`".to_owned()
        }),
        fixes,
    }
}
