//! Rules about `// datamin:allow(<rule>) <reason>` comments themselves.

use super::Level;
use crate::rules::RuleInfo;

/// Registry entry of `suppression-without-reason`.
pub const WITHOUT_REASON: RuleInfo = RuleInfo {
    name: "suppression-without-reason",
    default_level: Level::Deny,
    summary: "a `datamin:allow` comment gives no reason, so it suppresses nothing",
    doc: r#"# suppression-without-reason

## What it does

Reports a `// datamin:allow(<rule>)` comment that gives no reason after the
closing parenthesis. Such a comment suppresses nothing: the finding it was
meant to silence is still reported as well.

## Why is this bad

A suppression is a decision that personal data may reach a sink. The reason
is the record of that decision for the next reader and for an audit.

## Example

```rust,ignore
// datamin:allow(log-leak)
tracing::info!(email = %user.email, "sent");
```

Use instead:

```rust,ignore
// datamin:allow(log-leak) the mail relay's audit log is covered by the DPA
tracing::info!(email = %user.email, "sent");
```
"#,
};

/// Registry entry of `unused-suppression`.
pub const UNUSED: RuleInfo = RuleInfo {
    name: "unused-suppression",
    default_level: Level::Warn,
    summary: "a `datamin:allow` comment matches no finding",
    doc: r#"# unused-suppression

## What it does

Reports a `// datamin:allow(<rule>) <reason>` comment that suppresses no
finding: nothing of that rule points at its line or at the line below it.

## Why is this bad

Stale suppressions pile up after refactorings and hide the next real leak
that lands on the same line.

## Example

```rust,ignore
// datamin:allow(log-leak) legacy audit trail
tracing::info!(user_id = user.id, "sent"); // nothing personal here any more
```

Use instead: delete the comment.
"#,
};
