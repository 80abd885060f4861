//! Rule `log-leak`: personal data reaches a log line or printed output.

use super::fixes::{self, Leak};
use super::{Diagnosis, RuleId, declare_rule};
use crate::sinks::SinkKind;

/// The rule's name.
pub const NAME: &str = "log-leak";

declare_rule! {
    /// # log-leak
    ///
    /// ## What it does
    ///
    /// Reports every place where a value read from a `#[personal]` field (or
    /// derived from one: bindings, clones, `to_string`, `format!`, string
    /// building, struct literals, closures, function arguments and return values)
    /// reaches a logging or printing sink:
    ///
    /// - `print!`, `println!`, `eprint!`, `eprintln!`, `dbg!`, `panic!`,
    ///   `unreachable!`, `todo!`, `unimplemented!`, the messages of the `assert!`
    ///   family, `.expect(..)` messages, `write!`/`writeln!` to stdout or stderr;
    /// - the `log` crate's `trace!`, `debug!`, `info!`, `warn!`, `error!`, `log!`;
    /// - `tracing`'s events and spans, both format arguments and structured fields
    ///   (`email = %user.email`, `?user`, shorthand `user.email`);
    /// - `#[instrument]` on a function with a personal-carrying argument that is not
    ///   skipped, or with `ret` and a personal-carrying return value;
    /// - `{:?}` of a personal-carrying value whose `Debug` prints personal fields
    ///   (a standard `#[derive(Debug)]`, or a hand-written impl that writes them).
    ///
    /// A value inside a redaction crate's wrapper (`datamin::Redacted`, secrecy's
    /// `SecretBox`/`SecretString`, `redact::Secret`, `masking::Secret`/`StrongSecret`,
    /// `redactrs::Redacted`) is not reported until an expose method
    /// (`expose_secret()`, `peek()`, `expose()`, `into_inner()`) gives it back; the
    /// fields veil's `#[derive(Redact)]` marks with `#[redact]` are hidden in `{:?}`.
    ///
    /// ## Why is this bad
    ///
    /// Logs are copied, shipped to third parties, kept for years and read by many
    /// people. An e-mail address in a log line is a data breach waiting for a
    /// subpoena, a support ticket or a leaked bucket.
    ///
    /// ## Example
    ///
    /// ```rust,ignore
    /// #[derive(Debug, datamin::Personal)]
    /// pub struct Customer {
    ///     pub id: u64,
    ///     #[personal(email)]
    ///     pub email: String,
    /// }
    ///
    /// pub fn place_order(customer: &Customer) {
    ///     tracing::info!(email = %customer.email, "order placed");
    ///     println!("{:?}", customer);
    /// }
    /// ```
    ///
    /// Use instead:
    ///
    /// ```rust,ignore
    /// #[derive(datamin::RedactedDebug, datamin::Personal)]
    /// pub struct Customer {
    ///     pub id: u64,
    ///     #[personal(email)]
    ///     pub email: String,
    /// }
    ///
    /// pub fn place_order(customer: &Customer) {
    ///     tracing::info!(customer_id = customer.id, "order placed");
    ///     println!("{:?}", customer); // prints `email: [redacted]`
    ///     tracing::debug!(email = %datamin::Redacted::new(&customer.email), "sent");
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Each finding carries its fixes (`help:` in the terminal, `fixes` in JSON
    /// and SARIF); `cargo datamin check --fix` applies the machine-applicable
    /// ones:
    ///
    /// - `{:?}` of a type that derives the standard `Debug`: derive
    ///   `datamin::RedactedDebug` instead (machine-applicable when every field
    ///   it hides is marked `#[personal]`);
    /// - `#[instrument]` recording a personal argument: add it to `skip(..)`
    ///   (machine-applicable); a personal value in `fields(..)` is wrapped
    ///   instead, as skipping would not remove it;
    /// - a personal value in a log or print macro: wrap it in
    ///   `datamin::Redacted::new(&..)` (machine-applicable where the crate
    ///   uses datamin), or log the type's id instead (maybe incorrect: it
    ///   changes what the line says);
    /// - when the log line is deliberate and allowed, suppress the finding with a
    ///   reason: `// datamin:allow(log-leak) <reason>` on the line or the line
    ///   above (the fix has a placeholder and is never applied by the tool).
    pub LOG_LEAK = LogLeak, "log-leak", Deny,
        "a personal value reaches a logging or printing sink";
}

/// What `log-leak` says about a leak.
pub(crate) fn diagnose(leak: &Leak<'_>) -> Diagnosis {
    let label = match leak.kind {
        SinkKind::Print => "printed here",
        SinkKind::Panic => "panic message printed here",
        SinkKind::Span => "recorded in a span here",
        SinkKind::InstrumentArgs => "span records the arguments here",
        SinkKind::InstrumentReturn => "span records the return value here",
        SinkKind::Configured => "passed to a configured sink here",
        _ => "logged here",
    };
    let mut fixes = Vec::new();
    let mut help = None;
    match leak.kind {
        SinkKind::InstrumentArgs => {
            fixes.extend(fixes::skip_arguments(leak));
            fixes.extend(fixes::redact_value(leak));
            fixes.extend(fixes::redacted_debug(leak));
        }
        SinkKind::InstrumentReturn => {
            fixes.extend(fixes::redacted_debug(leak));
            help = Some(
                "drop `ret` (or `err`) from `#[instrument]`, or return a type whose `Debug` \
                 redacts its personal fields"
                    .to_owned(),
            );
        }
        _ => {
            fixes.extend(fixes::redacted_debug(leak));
            fixes.extend(fixes::redact_value(leak));
            fixes.extend(fixes::log_id(leak));
        }
    }
    if fixes.is_empty() && help.is_none() {
        help = Some(
            "log a non-personal field (such as an id), wrap the value in `datamin::Redacted`, \
             or derive `datamin::RedactedDebug` on its type"
                .to_owned(),
        );
    }
    fixes.extend(fixes::suppress(RuleId::LogLeak, leak.site.as_ref()));
    Diagnosis {
        message: leak.message(&format!("`{}`", leak.sink)),
        label: label.to_owned(),
        help,
        fixes,
    }
}
