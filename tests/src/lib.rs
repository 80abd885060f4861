//! Support for datamin's end-to-end tests: fixture trees with inline expectations.
//!
//! A fixture case is a small source tree under `fixtures/<rule>/<case>/`
//! (`src/*.rs`, optionally a `datamin.toml`). It is checked exactly as the CLI
//! would check it: [`Config::discover`] on the case directory, then
//! [`datamin_lint::check`].
//!
//! Expectations sit in the fixture sources themselves, as in clippy's UI tests:
//! a `//~` marker at the end of a line names the rules of the findings that
//! must point at that line.
//!
//! ```text
//! tracing::info!(email = %user.email, "signed up"); //~ log-leak
//! // datamin:allow(log-leak)
//! tracing::info!(email = %user.email, "again"); //~ log-leak
//! //~^^ suppression-without-reason
//! ```
//!
//! `//~^` points one line up, `//~^^` two lines up, and so on: it is for lines
//! that cannot carry a marker themselves (a suppression comment without a
//! reason would take the marker for its reason). Every `//~` on a line starts a
//! marker, wherever it is, so fixtures must not contain that text otherwise.
//! The findings of a case and its markers are compared as multisets of
//! `(file, line, rule)`: a missing or an unexpected finding fails the case.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use datamin_lint::{Config, Finding, Report};

/// The text that starts an inline expectation.
pub const MARKER: &str = "//~";

/// One finding a fixture expects: the file and line it points at, and its rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expected {
    /// File relative to the case directory, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Rule name.
    pub rule: String,
}

/// A marker that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// 1-based line of the marker.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for MarkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses the markers in one file's text into `(line, rule)` pairs, in order.
///
/// A marker is `//~`, optionally followed by `^`s (each one moves the
/// expectation a line up), then one or more rule names separated by spaces,
/// up to the end of the line.
pub fn parse_markers(text: &str) -> Result<Vec<(usize, String)>, MarkerError> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let rest = &line[at + MARKER.len()..];
        let up = rest.len() - rest.trim_start_matches('^').len();
        let rules: Vec<&str> = rest[up..].split_whitespace().collect();
        let error = |message: String| MarkerError {
            line: number,
            message,
        };
        if rules.is_empty() {
            return Err(error(format!("`{MARKER}` names no rule")));
        }
        if let Some(bad) = rules.iter().find(|r| !is_rule_name(r)) {
            return Err(error(format!("`{bad}` is not a rule name")));
        }
        if up >= number {
            return Err(error(format!(
                "`{MARKER}{}` points above the file",
                "^".repeat(up)
            )));
        }
        found.extend(rules.iter().map(|rule| (number - up, (*rule).to_owned())));
    }
    Ok(found)
}

/// A rule name: lowercase words joined by `-`.
fn is_rule_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && !word.ends_with('-')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A difference between what a case expects and what the check reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// A marker with no finding to match it.
    Missing(Expected),
    /// A finding with no marker to match it.
    Unexpected {
        /// Where it points and its rule.
        at: Expected,
        /// The finding's message.
        message: String,
    },
}

impl Mismatch {
    fn at(&self) -> &Expected {
        match self {
            Mismatch::Missing(at) | Mismatch::Unexpected { at, .. } => at,
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Missing(at) => {
                write!(
                    f,
                    "{}:{}: expected {} (not reported)",
                    at.file, at.line, at.rule
                )
            }
            Mismatch::Unexpected { at, message } => {
                write!(
                    f,
                    "{}:{}: unexpected {} ({message})",
                    at.file, at.line, at.rule
                )
            }
        }
    }
}

/// Compares expectations with findings as multisets of `(file, line, rule)`.
/// The result is sorted by file and line; empty means they agree.
pub fn compare(expected: &[Expected], findings: &[Finding]) -> Vec<Mismatch> {
    let mut wanted: BTreeMap<&Expected, usize> = BTreeMap::new();
    for e in expected {
        *wanted.entry(e).or_default() += 1;
    }
    let mut mismatches = Vec::new();
    for finding in findings {
        let at = Expected {
            file: finding.file.clone(),
            line: finding.line,
            rule: finding.rule.name().to_owned(),
        };
        match wanted.get_mut(&at) {
            Some(count) if *count > 0 => *count -= 1,
            _ => mismatches.push(Mismatch::Unexpected {
                at,
                message: finding.message.clone(),
            }),
        }
    }
    for (at, count) in wanted {
        mismatches.extend(std::iter::repeat_n(Mismatch::Missing(at.clone()), count));
    }
    mismatches.sort_by(|a, b| a.at().cmp(b.at()));
    mismatches
}

/// The directory holding every fixture tree.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The directory of one fixture case.
pub fn case_dir(rule: &str, case: &str) -> PathBuf {
    fixtures_dir().join(rule).join(case)
}

/// The names of the case directories under `fixtures/<rule>/`, sorted.
pub fn case_names(rule: &str) -> Vec<String> {
    let dir = fixtures_dir().join(rule);
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every `.rs` file under `dir`, relative to it and `/`-separated, sorted.
pub fn rust_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

/// The expectations of every `.rs` file under a case directory.
///
/// Fails on a malformed marker or on a rule datamin does not have, so that a
/// typo cannot turn an expectation into nothing.
pub fn expectations(dir: &Path) -> Result<Vec<Expected>, String> {
    let mut expected = Vec::new();
    for file in rust_files(dir) {
        let text = std::fs::read_to_string(dir.join(&file))
            .map_err(|e| format!("cannot read {file}: {e}"))?;
        let markers = parse_markers(&text).map_err(|e| format!("{file}: {e}"))?;
        for (line, rule) in markers {
            if datamin_lint::rules::find(&rule).is_none() {
                return Err(format!("{file}:{line}: marker names unknown rule `{rule}`"));
            }
            expected.push(Expected {
                file: file.clone(),
                line,
                rule,
            });
        }
    }
    Ok(expected)
}

/// Checks a case directory the way the CLI would: its own configuration, then
/// the analysis.
pub fn check_case(dir: &Path) -> Report {
    let config =
        Config::discover(dir).unwrap_or_else(|e| panic!("configuration of {}: {e}", dir.display()));
    datamin_lint::check(dir, &config)
}

/// Runs one fixture case and panics, listing every mismatch, unless the
/// findings match the markers exactly and no file failed to analyse.
pub fn assert_case(rule: &str, case: &str) {
    assert_tree(&format!("{rule}/{case}"), &case_dir(rule, case));
}

/// Checks any source tree against its inline expectations (the fixture
/// cases, the bundled example), naming it `label` in failures.
pub fn assert_tree(label: &str, dir: &Path) {
    let (rule, case) = label.split_once('/').unwrap_or((label, ""));
    assert!(dir.is_dir(), "no fixture directory {}", dir.display());
    let expected = expectations(dir).unwrap_or_else(|e| panic!("{rule}/{case}: {e}"));
    let report = check_case(dir);
    let mismatches = compare(&expected, &report.findings);
    let mut problems: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
    problems.extend(report.errors.iter().map(|e| {
        let at = match (e.line, e.column) {
            (Some(line), Some(column)) => format!(":{line}:{column}"),
            (Some(line), None) => format!(":{line}"),
            _ => String::new(),
        };
        format!("{}{at}: error: {}", e.file, e.message)
    }));
    assert!(
        problems.is_empty(),
        "fixture {label}: {} expected, {} reported, {} problem(s):\n  {}",
        expected.len(),
        report.findings.len(),
        problems.len(),
        problems.join("\n  ")
    );
}

/// Panics unless `listed` names exactly the case directories of `rule`, so
/// that no fixture is silently skipped and no stale name lingers.
pub fn assert_all_listed(rule: &str, listed: &[&str]) {
    let on_disk = case_names(rule);
    let missing: Vec<&String> = on_disk
        .iter()
        .filter(|d| !listed.contains(&d.as_str()))
        .collect();
    let stale: Vec<&&str> = listed
        .iter()
        .filter(|c| !on_disk.iter().any(|d| d == *c))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "add these directories to `cases!`: {missing:?}; remove these names: {stale:?}"
    );
}

/// The 1-based line of the only line of `file` (under `dir`) containing
/// `needle`; panics when there is no such line or more than one.
pub fn line_of(dir: &Path, file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .map(|(index, _)| index + 1)
        .collect();
    match lines.as_slice() {
        [line] => *line,
        _ => panic!("`{needle}` is on lines {lines:?} of {file}, expected exactly one"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, line: usize, rule: &str) -> Finding {
        Finding {
            rule: datamin_lint::rules::RuleId::from_name(rule).expect("a rule"),
            level: datamin_lint::Level::Deny,
            file: file.to_owned(),
            line,
            column: 5,
            end_line: line,
            end_column: 12,
            message: format!("{rule} at {line}"),
            field: None,
            category: None,
            taxonomy: None,
            sink: None,
            inferred: false,
            fields: Vec::new(),
            route: None,
            trace: Vec::new(),
            fixes: Vec::new(),
            path: PathBuf::from(file),
            label: String::new(),
            help: None,
        }
    }

    fn expected(file: &str, line: usize, rule: &str) -> Expected {
        Expected {
            file: file.to_owned(),
            line,
            rule: rule.to_owned(),
        }
    }

    #[test]
    fn marker_after_code_names_its_line() {
        let text = "fn f() {\n    println!(\"{}\", u.email); //~ log-leak\n}\n";
        assert_eq!(
            parse_markers(text).unwrap(),
            vec![(2, "log-leak".to_owned())]
        );
    }

    #[test]
    fn marker_with_several_rules_expects_each() {
        let text = "a\nb //~ log-leak unused-suppression  \n";
        assert_eq!(
            parse_markers(text).unwrap(),
            vec![
                (2, "log-leak".to_owned()),
                (2, "unused-suppression".to_owned())
            ]
        );
    }

    #[test]
    fn repeated_rule_expects_two_findings() {
        let text = "x //~ log-leak log-leak\n";
        assert_eq!(parse_markers(text).unwrap().len(), 2);
    }

    #[test]
    fn caret_marker_points_lines_up() {
        let text = "// datamin:allow(log-leak)\ninfo!(e); //~ log-leak\n//~^^ suppression-without-reason\n";
        assert_eq!(
            parse_markers(text).unwrap(),
            vec![
                (2, "log-leak".to_owned()),
                (1, "suppression-without-reason".to_owned())
            ]
        );
    }

    #[test]
    fn lines_without_marker_expect_nothing() {
        let text = "// a comment ~ with a tilde\nlet x = 1; // ~ not a marker\n";
        assert_eq!(parse_markers(text).unwrap(), Vec::new());
    }

    #[test]
    fn marker_without_rule_is_an_error() {
        let err = parse_markers("ok\nx //~   \n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn marker_with_prose_is_an_error() {
        let err = parse_markers("x //~ log-leak, because\n").unwrap_err();
        assert!(err.message.contains("log-leak,"), "{err}");
        assert!(parse_markers("x //~ Log-Leak\n").is_err());
    }

    #[test]
    fn caret_above_the_file_is_an_error() {
        assert!(parse_markers("//~^ log-leak\n").is_err());
    }

    #[test]
    fn compare_matches_multisets() {
        let want = vec![
            expected("src/a.rs", 3, "log-leak"),
            expected("src/a.rs", 3, "log-leak"),
            expected("src/b.rs", 7, "unused-suppression"),
        ];
        let got = vec![
            finding("src/b.rs", 7, "unused-suppression"),
            finding("src/a.rs", 3, "log-leak"),
            finding("src/a.rs", 3, "log-leak"),
        ];
        assert_eq!(compare(&want, &got), Vec::new());
    }

    #[test]
    fn compare_lists_missing_and_unexpected_in_order() {
        let want = vec![
            expected("src/a.rs", 3, "log-leak"),
            expected("src/a.rs", 9, "log-leak"),
        ];
        let got = vec![
            finding("src/a.rs", 9, "log-leak"),
            finding("src/a.rs", 4, "log-leak"),
        ];
        let lines: Vec<String> = compare(&want, &got)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            vec![
                "src/a.rs:3: expected log-leak (not reported)".to_owned(),
                "src/a.rs:4: unexpected log-leak (log-leak at 4)".to_owned(),
            ]
        );
    }

    #[test]
    fn compare_counts_duplicates() {
        let want = vec![expected("src/a.rs", 3, "log-leak")];
        let got = vec![
            finding("src/a.rs", 3, "log-leak"),
            finding("src/a.rs", 3, "log-leak"),
        ];
        assert_eq!(compare(&want, &got).len(), 1);
        assert_eq!(
            compare(&[want[0].clone(), want[0].clone()], &got[..1]).len(),
            1
        );
    }

    #[test]
    fn compare_distinguishes_rules_on_one_line() {
        let want = vec![expected("src/a.rs", 3, "log-leak")];
        let got = vec![finding("src/a.rs", 3, "unused-suppression")];
        assert_eq!(compare(&want, &got).len(), 2);
    }
}
