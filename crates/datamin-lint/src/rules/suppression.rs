//! Rules about `// datamin:allow(<rule>) <reason>` comments themselves.

use super::fixes::{self, Span};
use super::{ALL, Diagnosis, declare_rule};
use crate::report::{Applicability, FixKind};

declare_rule! {
    /// # suppression-without-reason
    ///
    /// ## What it does
    ///
    /// Reports a `// datamin:allow(<rule>)` comment that gives no reason after the
    /// closing parenthesis. Such a comment suppresses nothing: the finding it was
    /// meant to silence is still reported as well.
    ///
    /// ## Why is this bad
    ///
    /// A suppression is a decision that personal data may reach a sink. The reason
    /// is the record of that decision for the next reader and for an audit.
    ///
    /// ## Example
    ///
    /// ```rust,ignore
    /// # #[derive(datamin::Personal)]
    /// # pub struct User { #[personal(email)] pub email: String }
    /// pub fn sent(user: &User) {
    ///     // datamin:allow(log-leak)
    ///     tracing::info!(email = %user.email, "sent");
    /// }
    /// ```
    ///
    /// Use instead:
    ///
    /// ```rust,ignore
    /// # #[derive(datamin::Personal)]
    /// # pub struct User { #[personal(email)] pub email: String }
    /// pub fn sent(user: &User) {
    ///     // datamin:allow(log-leak) the mail relay's audit log is covered by the DPA
    ///     tracing::info!(email = %user.email, "sent");
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Write why the data may reach the sink after the closing parenthesis (the
    /// finding's fix inserts a `<reason>` placeholder to replace).
    pub SUPPRESSION_WITHOUT_REASON = SuppressionWithoutReason, "suppression-without-reason", Deny,
        "a `datamin:allow` comment gives no reason, so it suppresses nothing";
}

declare_rule! {
    /// # unused-suppression
    ///
    /// ## What it does
    ///
    /// Reports a `// datamin:allow(<rule>) <reason>` comment that suppresses no
    /// finding: nothing of that rule points at its line or at the line below it,
    /// or it names a rule that does not exist.
    ///
    /// ## Why is this bad
    ///
    /// Stale suppressions pile up after refactorings and hide the next real leak
    /// that lands on the same line.
    ///
    /// ## Example
    ///
    /// ```rust,ignore
    /// # #[derive(datamin::Personal)]
    /// # pub struct User { pub id: u64, #[personal(email)] pub email: String }
    /// pub fn sent(user: &User) {
    ///     // datamin:allow(log-leak) legacy audit trail
    ///     tracing::info!(user_id = user.id, "sent"); // nothing personal here any more
    /// }
    /// ```
    ///
    /// Use instead:
    ///
    /// ```rust,ignore
    /// # #[derive(datamin::Personal)]
    /// # pub struct User { pub id: u64, #[personal(email)] pub email: String }
    /// pub fn sent(user: &User) {
    ///     tracing::info!(user_id = user.id, "sent");
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Delete the comment: the finding's fix does it and is machine-applicable
    /// (`cargo datamin check --fix`).
    pub UNUSED_SUPPRESSION = UnusedSuppression, "unused-suppression", Warn,
        "a `datamin:allow` comment matches no finding";
}

/// What `suppression-without-reason` says about the comment at `comment`.
pub(crate) fn without_reason(comment: Option<Span<'_>>) -> Diagnosis {
    let fixes = comment
        .map(|c| {
            fixes::fix(
                FixKind::AddReason,
                Applicability::HasPlaceholders,
                "write why the data may reach this sink".to_owned(),
                vec![c.at(c.end).replace(" <reason>")],
            )
        })
        .into_iter()
        .collect();
    Diagnosis {
        message:
            "`datamin:allow` needs a reason after the rule name; this comment suppresses nothing"
                .to_owned(),
        label: "this suppression".to_owned(),
        help: None,
        fixes,
    }
}

/// What `unused-suppression` says about a comment naming `rules` that
/// matches no finding, or names `unknown`, a rule that does not exist.
/// `comment` is the comment from `//` to the end of its line.
pub(crate) fn unused(
    rules: &[String],
    unknown: Option<&str>,
    comment: Option<Span<'_>>,
) -> Diagnosis {
    let message = match unknown {
        Some(rule) => {
            let known: Vec<&str> = ALL.iter().map(|r| r.name).collect();
            format!(
                "`datamin:allow` names unknown rule `{rule}`; known rules: {}",
                known.join(", ")
            )
        }
        None => format!(
            "`datamin:allow({})` matches no finding on this line or the next",
            rules.join(", ")
        ),
    };
    let fixes = comment
        .and_then(removal)
        .map(|edit| {
            fixes::fix(
                FixKind::RemoveSuppression,
                if unknown.is_some() {
                    // A misspelt rule name: the comment may be meant.
                    Applicability::MaybeIncorrect
                } else {
                    Applicability::MachineApplicable
                },
                "remove the comment".to_owned(),
                vec![edit],
            )
        })
        .into_iter()
        .collect();
    Diagnosis {
        message,
        label: "this suppression".to_owned(),
        help: None,
        fixes,
    }
}

/// The edit deleting a comment: its whole line when nothing else is on it,
/// else the comment and the blanks before it.
fn removal(comment: Span<'_>) -> Option<crate::report::Edit> {
    let text = comment.src.text;
    let line_start = fixes::line_start_of(text, comment.start);
    let before = &text[line_start..comment.start];
    if before.trim().is_empty() {
        let end = text[comment.end..]
            .find('\n')
            .map_or(text.len(), |i| comment.end + i + 1);
        return Some(
            Span {
                start: line_start,
                end,
                ..comment
            }
            .replace(""),
        );
    }
    // After code: the comment and the blanks around it, up to the line's end.
    let trimmed = before.trim_end();
    let line_end = text[comment.end..]
        .find('\n')
        .map_or(text.len(), |i| comment.end + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    Some(
        Span {
            start: line_start + trimmed.len(),
            end: line_end.max(comment.end),
            ..comment
        }
        .replace(""),
    )
}
