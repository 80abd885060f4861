//! The result of a check: findings, per-file errors and statistics.

use std::path::PathBuf;

use serde::Serialize;

use crate::rules::Level;

/// One place where personal data reaches a sink (or a problem with a suppression).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule name, e.g. `log-leak`.
    pub rule: String,
    /// Level the rule runs at (after configuration).
    pub level: Level,
    /// File relative to the scanned root, `/`-separated.
    pub file: String,
    /// 1-based line of the first token of the sink.
    pub line: usize,
    /// 1-based column of the first token of the sink.
    pub column: usize,
    /// 1-based line where the sink's first token ends.
    pub end_line: usize,
    /// 1-based column just past the sink's first token.
    pub end_column: usize,
    /// One-line description of the finding.
    pub message: String,
    /// The personal field, as `Type.field` (empty for findings about suppressions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The category of the personal field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The Fides (fideslang) data category key of `category`, e.g.
    /// `user.contact.email` (see [`taxonomy`]); present when `category` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxonomy: Option<&'static str>,
    /// The sink, e.g. `tracing::info!`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sink: Option<String>,
    /// The personal field is not annotated but guessed (`check --infer`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Every personal field the finding is about (`field` is the first).
    #[serde(skip)]
    pub fields: Vec<String>,
    /// The route of the response, for `response-leak` when it is known.
    #[serde(skip)]
    pub route: Option<String>,
    /// How the personal value got to the sink, oldest step first.
    pub trace: Vec<TraceStep>,
    /// Path of the file on disk (for rendering source snippets).
    #[serde(skip)]
    pub path: PathBuf,
    /// Short label under the sink for human output, e.g. `logged here`.
    #[serde(skip)]
    pub label: String,
    /// Suggested fix, for `help:` lines.
    #[serde(skip)]
    pub help: Option<String>,
}

/// The Fides (fideslang) data category key of the category named `category`
/// (`email` gives `user.contact.email`), or `None` when it names no category.
/// The table is [`datamin::Category::taxonomy`].
///
/// ```
/// assert_eq!(datamin_lint::report::taxonomy("ip_address"), Some("user.device.ip_address"));
/// assert_eq!(datamin_lint::report::taxonomy("e-mail"), None);
/// ```
pub fn taxonomy(category: &str) -> Option<&'static str> {
    category
        .parse::<datamin::Category>()
        .ok()
        .map(datamin::Category::taxonomy)
}

/// One step of a finding's trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceStep {
    /// File relative to the scanned root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the step's first token (not part of the JSON contract).
    #[serde(skip)]
    pub column: usize,
    /// 1-based column past the step's first token.
    #[serde(skip)]
    pub end_column: usize,
    /// What happened there, e.g. "bound to `e`".
    pub note: String,
}

/// A file that could not be analysed (its findings are incomplete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// File relative to the scanned root (or the path as given).
    pub file: String,
    /// 1-based line, when the error has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when the error has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What went wrong.
    pub message: String,
}

/// Counters about one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Rust files analysed.
    pub files: usize,
    /// Personal fields of the tree's types: `#[personal]` ones, and those read
    /// from a personal column.
    pub personal_fields: usize,
    /// Wall-clock time of the check in milliseconds.
    pub millis: u64,
    /// How often an analysis bound cut work short (deep nesting, the
    /// fixpoint's guard); when not zero, some findings may be missing.
    /// Left out of the JSON when zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub truncated: usize,
    /// The sanitizers the check trusted (configured paths and functions
    /// marked `#[datamin::sanitizer]`), sorted, so a review sees what makes
    /// values clean. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sanitizers: Vec<String>,
}

/// Everything a check produces, in deterministic order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Format version of the JSON document.
    pub version: u32,
    /// Findings sorted by file, line, column, rule.
    pub findings: Vec<Finding>,
    /// Errors sorted by file, line.
    pub errors: Vec<FileError>,
    /// Run statistics.
    pub stats: Stats,
    /// Findings a `datamin:allow` comment suppressed, with its reason (for
    /// the inventory; not part of `check`'s JSON).
    #[serde(skip)]
    pub suppressed: Vec<(Finding, String)>,
    /// Every personal source of the tree (for the inventory).
    #[serde(skip)]
    pub sources: Vec<Source>,
}

/// A source of personal data: a field, a column or a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// How findings name it: `Customer.email`, `emails.email`,
    /// `users::primary_email`.
    pub id: String,
    /// `field`, `column` or `function`.
    pub kind: &'static str,
    /// The type of a field (`Customer`, `Event::SignedUp`).
    pub type_name: Option<String>,
    /// The field's, column's or function's own name.
    pub field: String,
    /// Its category.
    pub category: String,
    /// The file that declares it, when in the tree (a configured column has none).
    pub file: Option<String>,
    /// The 1-based line of its name there.
    pub line: Option<usize>,
    /// Guessed rather than annotated (`--infer`), with this confidence in
    /// percent.
    pub inferred: Option<u8>,
}

impl Report {
    /// Sorts findings and errors into the order the JSON contract fixes.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.rule, &b.message))
        });
        self.errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
    }

    /// True when at least one finding is at deny level.
    pub fn has_denied(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Deny)
    }

    /// The process exit code the SPEC gives for this report: 2 if a file could
    /// not be analysed, else 1 if a deny-level finding exists, else 0.
    pub fn exit_code(&self) -> i32 {
        if !self.errors.is_empty() {
            2
        } else if self.has_denied() {
            1
        } else {
            0
        }
    }
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde passes a reference"
)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}
