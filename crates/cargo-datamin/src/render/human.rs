//! `--format human`: rustc-style diagnostics, rendered by annotate-snippets.
//!
//! ```text
//! error[log-leak]: `Customer.email` (email) reaches `tracing::info!`
//!   --> src/orders.rs:42:5
//!    |
//! 40 |     let e = customer.email.clone();
//!    |             -------------- bound to `e`
//! 41 |
//! 42 |     tracing::info!(email = %e, "order placed");
//!    |     ^^^^^^^^^^^^^^ logged here
//!    |
//!    = help: log `customer.id` instead
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{
    AnnotationKind, Group, Level as Severity, Origin, Patch, Renderer, Snippet,
    normalize_untrusted_str,
};
use datamin_lint::report::{Edit, Fix, FixKind};
use datamin_lint::{FileError, Finding, Level, Report, TraceStep};

/// Label under the sink when the finding brings none.
const DEFAULT_LABEL: &str = "here";

/// Renders the report, reading quoted source files from disk.
pub fn render(report: &Report, color: bool) -> String {
    let mut cache: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    render_with_sources(report, color, &mut |path: &Path| {
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(path).ok())
            .clone()
    })
}

/// Renders the report, asking `source` for the text of each finding's file
/// (`None` renders the finding without a snippet).
pub fn render_with_sources(
    report: &Report,
    color: bool,
    source: &mut dyn FnMut(&Path) -> Option<String>,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for finding in &report.findings {
        let text = source(&finding.path);
        // The texts of the files the fixes edit, read before the groups
        // borrow them.
        let fix_sources: Vec<Vec<Option<String>>> = shown_fixes(finding)
            .map(|fix| fix.edits.iter().map(|e| source(&e.path)).collect())
            .collect();
        let mut groups = vec![finding_group(finding, text.as_deref())];
        for (fix, texts) in shown_fixes(finding).zip(&fix_sources) {
            groups.push(fix_group(fix, texts));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    for error in &report.errors {
        let title = Severity::ERROR.primary_title(error_title(error));
        out.push_str(&renderer.render(&[Group::with_title(title)]));
        out.push('\n');
    }
    if !report.errors.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn finding_group<'a>(finding: &'a Finding, source: Option<&'a str>) -> Group<'a> {
    let severity = match finding.level {
        Level::Deny => Severity::ERROR,
        Level::Warn => Severity::WARNING,
        Level::Allow => Severity::NOTE,
    };
    let title = severity
        .primary_title(finding.message.as_str())
        .id(finding.rule.as_str());
    let mut group = Group::with_title(title);
    let (snippet, placed) = match source.and_then(|text| snippet(finding, text)) {
        Some((snippet, placed)) => (Some(snippet), placed),
        None => (None, Vec::new()),
    };
    group = match snippet {
        Some(snippet) => group.element(snippet),
        None => group.element(
            Origin::path(finding.file.as_str())
                .line(finding.line)
                .char_column(finding.column),
        ),
    };
    for (i, step) in finding.trace.iter().enumerate() {
        if !placed.contains(&i) {
            let note = format!("{}:{}: {}", step.file, step.line, step.note);
            group = group.element(Severity::NOTE.message(normalize_untrusted_str(&note)));
        }
    }
    if let Some(help) = &finding.help {
        group = group.element(Severity::HELP.message(normalize_untrusted_str(help)));
    }
    for fix in finding.fixes.iter().filter(|f| f.kind == FixKind::Suppress) {
        group = group.element(Severity::HELP.message(normalize_untrusted_str(&fix.message)));
    }
    group
}

/// The fixes shown as suggestions (the suppression is a `help:` line).
fn shown_fixes(finding: &Finding) -> impl Iterator<Item = &Fix> {
    finding.fixes.iter().filter(|f| f.kind != FixKind::Suppress)
}

/// A `help:` with the fix's edits shown as a patch of each file, as rustc
/// shows suggestions (`texts` are the files of the edits, in order; an edit
/// whose file cannot be read, or no longer fits it, is left out).
fn fix_group<'a>(fix: &'a Fix, texts: &'a [Option<String>]) -> Group<'a> {
    let title = format!("{} ({})", fix.message, fix.applicability.as_str());
    let mut group =
        Group::with_title(Severity::HELP.secondary_title(normalize_untrusted_str(&title)));
    let mut by_file: BTreeMap<&str, (&str, Vec<&Edit>)> = BTreeMap::new();
    for (edit, text) in fix.edits.iter().zip(texts) {
        let Some(text) = text.as_deref() else {
            continue;
        };
        let fits = edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end);
        if fits {
            by_file
                .entry(edit.file.as_str())
                .or_insert((text, Vec::new()))
                .1
                .push(edit);
        }
    }
    for (file, (text, edits)) in by_file {
        let mut snippet = Snippet::source(text).path(file);
        for edit in edits {
            snippet = snippet.patch(Patch::new(edit.start..edit.end, edit.replacement.as_str()));
        }
        group = group.element(snippet);
    }
    group
}

/// The source excerpt with the sink and the same-file trace steps annotated,
/// and the indices of the trace steps it shows. `None` when the finding does
/// not fit the text (a stale or wrong file).
fn snippet<'a>(
    finding: &'a Finding,
    text: &'a str,
) -> Option<(Snippet<'a, annotate_snippets::Annotation<'a>>, Vec<usize>)> {
    let lines: Vec<&str> = text.lines().collect();
    let in_file = |line: usize| line >= 1 && line <= lines.len();
    if !in_file(finding.line) {
        return None;
    }
    let end_line = finding.end_line.clamp(finding.line, lines.len());
    let local: Vec<(usize, &TraceStep)> = finding
        .trace
        .iter()
        .enumerate()
        .filter(|(_, step)| step.file == finding.file && in_file(step.line))
        .collect();
    let first = local
        .iter()
        .map(|(_, s)| s.line)
        .fold(finding.line, usize::min);
    let last = local.iter().map(|(_, s)| s.line).fold(end_line, usize::max);
    let excerpt = Excerpt::new(&lines[first - 1..last], first);

    let start = excerpt.offset(finding.line, finding.column);
    let end = excerpt.offset(end_line, finding.end_column);
    let label = if finding.label.is_empty() {
        DEFAULT_LABEL
    } else {
        finding.label.as_str()
    };
    let mut annotations = vec![
        AnnotationKind::Primary
            .span(excerpt.widen(start, end))
            .label(label),
    ];
    for (_, step) in &local {
        let span = if step.column == 0 {
            excerpt.line_content(step.line)
        } else {
            let start = excerpt.offset(step.line, step.column);
            excerpt.widen(start, excerpt.offset(step.line, step.end_column))
        };
        annotations.push(AnnotationKind::Context.span(span).label(step.note.as_str()));
    }
    let snippet = Snippet::source(excerpt.text)
        .line_start(first)
        .path(finding.file.as_str())
        .annotations(annotations);
    Some((snippet, local.iter().map(|(i, _)| *i).collect()))
}

/// Consecutive source lines joined by `\n`, addressed by line and char column.
struct Excerpt {
    text: String,
    first_line: usize,
    /// Byte offset in `text` where each line starts, plus the end of the text.
    starts: Vec<usize>,
}

impl Excerpt {
    fn new(lines: &[&str], first_line: usize) -> Excerpt {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len() + 1);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            starts.push(text.len());
            text.push_str(line);
        }
        starts.push(text.len());
        Excerpt {
            text,
            first_line,
            starts,
        }
    }

    /// The line's text (without its line break).
    fn line(&self, line: usize) -> (usize, &str) {
        let i = line
            .saturating_sub(self.first_line)
            .min(self.starts.len().saturating_sub(2));
        let start = self.starts[i];
        let end = if i + 2 < self.starts.len() {
            self.starts[i + 1] - 1
        } else {
            self.starts[i + 1]
        };
        (start, &self.text[start..end])
    }

    /// Byte offset of the 1-based char `column` on `line`, clamped to the line.
    fn offset(&self, line: usize, column: usize) -> usize {
        let (start, text) = self.line(line);
        let at = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        start + at
    }

    /// The span of the line's text without surrounding whitespace.
    fn line_content(&self, line: usize) -> std::ops::Range<usize> {
        let (start, text) = self.line(line);
        let lead = text.len() - text.trim_start().len();
        let content = text.trim();
        let from = start + lead;
        self.widen(from, from + content.len())
    }

    /// `start..end`, made at least one character wide where the text allows.
    fn widen(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        if end > start {
            return start..end;
        }
        let next = self.text[start..].chars().next().filter(|&c| c != '\n');
        start..start + next.map_or(0, char::len_utf8)
    }
}

/// `error: file:line:col: message` without the `error: `.
fn error_title(error: &FileError) -> String {
    let mut place = error.file.clone();
    if let Some(line) = error.line {
        place = format!("{place}:{line}");
        if let Some(column) = error.column {
            place = format!("{place}:{column}");
        }
    }
    if place.is_empty() {
        error.message.clone()
    } else {
        format!("{place}: {}", error.message)
    }
}

/// The closing line, e.g.
/// `datamin: 3 errors, 1 warning in 12 files (2 files could not be analysed)`.
pub fn summary(report: &Report) -> String {
    let count = |level| report.findings.iter().filter(|f| f.level == level).count();
    let (errors, warnings, notes) = (count(Level::Deny), count(Level::Warn), count(Level::Allow));
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning", "warnings"));
    }
    if notes > 0 {
        parts.push(plural(notes, "note", "notes"));
    }
    let found = if parts.is_empty() {
        "no findings".to_owned()
    } else {
        parts.join(", ")
    };
    let mut line = format!(
        "datamin: {found} in {}",
        plural(report.stats.files, "file", "files")
    );
    if !report.errors.is_empty() {
        let mut files: Vec<&str> = report.errors.iter().map(|e| e.file.as_str()).collect();
        files.dedup();
        let failed = plural(files.len(), "file", "files");
        line.push_str(&format!(" ({failed} could not be analysed)"));
    }
    if report.stats.truncated > 0 {
        let times = plural(report.stats.truncated, "time", "times");
        line.push_str(&format!(
            "; an analysis bound was hit {times}, so findings may be missing"
        ));
    }
    line
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
