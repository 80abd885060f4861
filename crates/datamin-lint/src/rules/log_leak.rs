//! Rule `log-leak`: personal data reaches a log line or printed output.

use super::Level;
use crate::rules::RuleInfo;

/// The rule's name.
pub const NAME: &str = "log-leak";

/// Registry entry of `log-leak`.
pub const INFO: RuleInfo = RuleInfo {
    name: NAME,
    default_level: Level::Deny,
    summary: "a personal value reaches a logging or printing sink",
    doc: DOC,
};

const DOC: &str = r#"# log-leak

## What it does

Reports every place where a value read from a `#[personal]` field (or derived
from one: bindings, clones, `to_string`, `format!`, string building, struct
literals, closures, function arguments and return values) reaches a logging or
printing sink:

- `print!`, `println!`, `eprint!`, `eprintln!`, `dbg!`, `panic!`,
  `unreachable!`, `todo!`, `unimplemented!`, the messages of the `assert!`
  family, `.expect(..)` messages, `write!`/`writeln!` to stdout or stderr;
- the `log` crate's `trace!`, `debug!`, `info!`, `warn!`, `error!`, `log!`;
- `tracing`'s events and spans, both format arguments and structured fields
  (`email = %user.email`, `?user`, shorthand `user.email`);
- `#[instrument]` on a function with a personal-carrying argument that is not
  skipped, or with `ret` and a personal-carrying return value;
- `{:?}` of a personal-carrying value whose `Debug` prints personal fields
  (a standard `#[derive(Debug)]`, or a hand-written impl that writes them).

A value inside a redaction crate's wrapper (`datamin::Redacted`, secrecy's
`SecretBox`/`SecretString`, `redact::Secret`, `masking::Secret`/`StrongSecret`,
`redactrs::Redacted`) is not reported until an expose method
(`expose_secret()`, `peek()`, `expose()`, `into_inner()`) gives it back; the
fields veil's `#[derive(Redact)]` marks with `#[redact]` are hidden in `{:?}`.

## Why is this bad

Logs are copied, shipped to third parties, kept for years and read by many
people. An e-mail address in a log line is a data breach waiting for a
subpoena, a support ticket or a leaked bucket.

## Example

```rust,ignore
tracing::info!(email = %customer.email, "order placed");
println!("{:?}", customer); // Customer derives Debug
```

Use instead:

```rust,ignore
tracing::info!(customer_id = customer.id, "order placed");
println!("{:?}", customer); // Customer derives datamin::RedactedDebug
tracing::info!(email = %datamin::Redacted::new(&customer.email), "order placed");
```

## How to fix

Log a non-personal field (an id), wrap the value in `datamin::Redacted`,
derive `datamin::RedactedDebug` instead of `Debug`, or, when the log line is
deliberate and allowed, suppress the finding with a reason:
`// datamin:allow(log-leak) <reason>` on the line or the line above.
"#;
