//! The rules datamin reports, one module each. A rule is declared once with
//! [`declare_rule!`]: its doc comment is what `cargo datamin explain` prints,
//! and its module says, for each finding, the message, the label under the
//! sink, the help and the fixes ([`crate::report::Fix`]). The analysis only
//! reports what it saw (the sink, its kind, the fields, the trace; see
//! [`Leak`]); the words are the rule's.

pub mod log_leak;
pub mod response_leak;
pub mod suppression;
pub mod unmarked_field;

pub(crate) mod fixes;

use std::fmt;

use serde::{Deserialize, Serialize};

pub(crate) use fixes::{Leak, LeakField, TypeFacts};

/// How a rule's findings count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The finding fails the check (exit code 1).
    Deny,
    /// The finding is reported but does not fail the check.
    Warn,
    /// The rule does not run.
    Allow,
}

impl Level {
    /// The level's name as written in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

/// A rule, as findings, configuration and suppressions name it. It
/// serializes as its name (`"log-leak"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// [`log_leak::LOG_LEAK`].
    LogLeak,
    /// [`response_leak::RESPONSE_LEAK`].
    ResponseLeak,
    /// [`suppression::SUPPRESSION_WITHOUT_REASON`].
    SuppressionWithoutReason,
    /// [`suppression::UNUSED_SUPPRESSION`].
    UnusedSuppression,
    /// [`unmarked_field::UNMARKED_PERSONAL_FIELD`].
    UnmarkedPersonalField,
}

impl RuleId {
    /// The rule's registry entry.
    pub fn info(self) -> &'static RuleInfo {
        match self {
            RuleId::LogLeak => &log_leak::LOG_LEAK,
            RuleId::ResponseLeak => &response_leak::RESPONSE_LEAK,
            RuleId::SuppressionWithoutReason => &suppression::SUPPRESSION_WITHOUT_REASON,
            RuleId::UnusedSuppression => &suppression::UNUSED_SUPPRESSION,
            RuleId::UnmarkedPersonalField => &unmarked_field::UNMARKED_PERSONAL_FIELD,
        }
    }

    /// The name used in output, configuration and suppressions.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The same as [`RuleId::name`].
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// The rule of that name.
    pub fn from_name(name: &str) -> Option<RuleId> {
        ALL.iter().find(|r| r.name == name).map(|r| r.id)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        self.name()
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A rule's identity, default level and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule.
    pub id: RuleId,
    /// The name used in output, configuration and suppressions.
    pub name: &'static str,
    /// The level when configuration says nothing.
    pub default_level: Level,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// The rule's doc comment, as the compiler gives it: every line with
    /// the space after `///` (see [`RuleInfo::doc`]).
    pub raw_doc: &'static str,
}

impl RuleInfo {
    /// The Markdown documentation `explain` prints: What it does, Why is
    /// this bad, Example, Use instead, How to fix. Lines of a code block
    /// that start with `# ` are hidden, as rustdoc hides them (see
    /// [`RuleInfo::examples`]).
    pub fn doc(&self) -> String {
        let mut out = String::new();
        let mut in_code = false;
        for line in self.raw_doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.starts_with("```") {
                in_code = !in_code;
                // `ignore` is for rustdoc (the test suite checks the code).
                out.push_str(line.strip_suffix(",ignore").unwrap_or(line));
                out.push('\n');
                continue;
            } else if in_code && (line == "#" || line.starts_with("# ")) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// The code of the documentation's `## Example` block and of the block
    /// after `Use instead:`, hidden lines included (a whole file each, which
    /// the test suite checks: the first gives this rule's finding, the
    /// second none).
    pub fn examples(&self) -> (Option<String>, Option<String>) {
        let mut blocks: Vec<(String, String)> = Vec::new();
        let mut section = String::new();
        let mut current: Option<String> = None;
        for line in self.raw_doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(code) = current.as_mut() {
                if line.starts_with("```") {
                    blocks.push((section.clone(), std::mem::take(code)));
                    current = None;
                } else {
                    let shown = if line == "#" {
                        ""
                    } else {
                        line.strip_prefix("# ").unwrap_or(line)
                    };
                    code.push_str(shown);
                    code.push('\n');
                }
            } else if line.starts_with("```rust") {
                current = Some(String::new());
            } else if let Some(heading) = line.strip_prefix("## ") {
                section = heading.to_owned();
            } else if line.starts_with("Use instead") {
                section = "Use instead".to_owned();
            }
        }
        let find = |name: &str| {
            blocks
                .iter()
                .find(|(s, _)| s == name)
                .map(|(_, code)| code.clone())
        };
        (find("Example"), find("Use instead"))
    }
}

/// Declares a rule: its doc comment becomes [`RuleInfo::raw_doc`].
///
/// ```ignore
/// declare_rule! {
///     /// # log-leak
///     /// ...
///     pub LOG_LEAK = LogLeak, "log-leak", Deny,
///         "a personal value reaches a logging or printing sink";
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $konst:ident = $id:ident, $name:literal, $level:ident, $summary:literal;
    ) => {
        $(#[doc = $doc])*
        pub const $konst: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
            id: $crate::rules::RuleId::$id,
            name: $name,
            default_level: $crate::rules::Level::$level,
            summary: $summary,
            raw_doc: concat!($($doc, "\n"),*),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in the order `explain` lists them.
pub const ALL: &[RuleInfo] = &[
    log_leak::LOG_LEAK,
    response_leak::RESPONSE_LEAK,
    suppression::SUPPRESSION_WITHOUT_REASON,
    suppression::UNUSED_SUPPRESSION,
    unmarked_field::UNMARKED_PERSONAL_FIELD,
];

/// Looks a rule up by name.
pub fn find(name: &str) -> Option<&'static RuleInfo> {
    ALL.iter().find(|r| r.name == name)
}

/// What a rule says about one finding.
#[derive(Debug, Clone, Default)]
pub(crate) struct Diagnosis {
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub fixes: Vec<crate::report::Fix>,
}

/// What the rule of a leak says about it.
pub(crate) fn diagnose(rule: RuleId, leak: &Leak<'_>) -> Diagnosis {
    match rule {
        RuleId::ResponseLeak => response_leak::diagnose(leak),
        _ => log_leak::diagnose(leak),
    }
}

/// The note a reader sees at a step of a trace, given the names of the
/// tree's functions.
pub(crate) fn step_note(
    kind: &crate::analysis::StepKind,
    fn_name: impl Fn(crate::analysis::FnId) -> String,
) -> String {
    use crate::analysis::StepKind;
    match kind {
        StepKind::Read => "personal data read here".to_owned(),
        StepKind::Bound(name) => format!("bound to `{name}`"),
        StepKind::PassedTo(f) => format!("passed to `{}` here", fn_name(*f)),
        StepKind::ReturnedFrom(f) => format!("returned from `{}`", fn_name(*f)),
        StepKind::Serialized => "serialized here".to_owned(),
        StepKind::SerializedFields => "serialized here with its personal fields".to_owned(),
        StepKind::Formatted(mode) => {
            let name = if *mode == crate::sinks::Mode::Debug {
                "Debug"
            } else {
                "Display"
            };
            format!("formatted here; its `{name}` prints personal fields")
        }
        StepKind::ExposedBy(derive) => format!("exposed by `#[derive({derive})]`"),
        StepKind::Rendered => "rendered here with its personal fields".to_owned(),
    }
}
