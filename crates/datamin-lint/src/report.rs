//! The result of a check: findings, per-file errors and statistics.

use std::path::PathBuf;

use serde::Serialize;

use crate::rules::{Level, RuleId};

/// One place where personal data reaches a sink (or a problem with a suppression).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule; serialized as its name, e.g. `log-leak`.
    pub rule: RuleId,
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
    /// Changes that resolve the finding, the preferred first; the last is
    /// the suppression. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
    /// Path of the file on disk (for rendering source snippets).
    #[serde(skip)]
    pub path: PathBuf,
    /// Short label under the sink for human output, e.g. `logged here`.
    #[serde(skip)]
    pub label: String,
    /// What to do about it, when no fix says it: a `help:` line.
    #[serde(skip)]
    pub help: Option<String>,
}

/// A change that resolves a finding: what it does, how sure it is, and
/// the exact edits, as rustc's suggestions and ruff's fixes give them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the change does, e.g. "derive `datamin::RedactedDebug` instead
    /// of `Debug` on `Customer` (src/models.rs:12)".
    pub message: String,
    /// Whether a tool may apply it unattended (`check --fix`).
    pub applicability: Applicability,
    /// What kind of change it is (stable names, listed by
    /// [`FixKind::ALL`]).
    pub kind: FixKind,
    /// The edits, in file order; they never overlap.
    pub edits: Vec<Edit>,
}

/// How sure a fix is, with rustc's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The change is what was meant and keeps the code compiling:
    /// `check --fix` applies it.
    MachineApplicable,
    /// The change resolves the finding but may not be what was meant (it
    /// changes what a response contains, or which value is logged):
    /// `check --fix-unsafe` applies it too.
    MaybeIncorrect,
    /// The change has a placeholder to fill in (a suppression's reason):
    /// never applied by the tool.
    HasPlaceholders,
}

impl Applicability {
    /// The name used in JSON and SARIF.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
            Applicability::HasPlaceholders => "has-placeholders",
        }
    }
}

/// The kinds of fix datamin suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    /// Derive `datamin::RedactedDebug` instead of `Debug` on the type whose
    /// `Debug` prints the field.
    RedactedDebug,
    /// Add the argument to `#[instrument(skip(..))]`.
    SkipArgument,
    /// Wrap the logged value in `datamin::Redacted::new(&..)`.
    RedactValue,
    /// Log the type's id field instead of the personal one.
    LogId,
    /// Add `#[serde(skip_serializing)]` to the personal field.
    SkipSerializing,
    /// Add `#[graphql(skip)]` to the personal field.
    GraphqlSkip,
    /// Add `#[personal(<category>)]` (and derive `datamin::Personal`).
    MarkPersonal,
    /// Write the missing reason of a suppression.
    AddReason,
    /// Delete a suppression that matches no finding.
    RemoveSuppression,
    /// Suppress the finding with `// datamin:allow(<rule>) <reason>`.
    Suppress,
}

impl FixKind {
    /// Every kind, in declaration order.
    pub const ALL: [FixKind; 10] = [
        FixKind::RedactedDebug,
        FixKind::SkipArgument,
        FixKind::RedactValue,
        FixKind::LogId,
        FixKind::SkipSerializing,
        FixKind::GraphqlSkip,
        FixKind::MarkPersonal,
        FixKind::AddReason,
        FixKind::RemoveSuppression,
        FixKind::Suppress,
    ];

    /// The name used in JSON and SARIF.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::RedactedDebug => "redacted-debug",
            FixKind::SkipArgument => "skip-argument",
            FixKind::RedactValue => "redact-value",
            FixKind::LogId => "log-id",
            FixKind::SkipSerializing => "skip-serializing",
            FixKind::GraphqlSkip => "graphql-skip",
            FixKind::MarkPersonal => "mark-personal",
            FixKind::AddReason => "add-reason",
            FixKind::RemoveSuppression => "remove-suppression",
            FixKind::Suppress => "suppress",
        }
    }
}

/// One replacement of a range of a file's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edit {
    /// File relative to the scanned root, `/`-separated.
    pub file: String,
    /// 1-based line where the replaced range starts.
    pub line: usize,
    /// 1-based (char) column where it starts.
    pub column: usize,
    /// 1-based line where it ends.
    pub end_line: usize,
    /// 1-based column just past its end (equal to `column` for an insertion).
    pub end_column: usize,
    /// The text that replaces the range.
    pub replacement: String,
    /// Byte offset of the range's start in the file as read.
    #[serde(skip)]
    pub start: usize,
    /// Byte offset just past the range's end.
    #[serde(skip)]
    pub end: usize,
    /// Path of the file on disk.
    #[serde(skip)]
    pub path: PathBuf,
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
