//! Baselines: findings accepted for now, so that only new ones fail a check.
//!
//! A finding is identified by its rule, file, field, sink and message, not by
//! its line, so editing code above it does not invalidate the baseline. The
//! same identity can occur more than once; the baseline keeps a count, and each
//! entry absorbs at most that many findings.

use std::collections::BTreeMap;
use std::path::Path;

use datamin_lint::Finding;
use serde::{Deserialize, Serialize};

use crate::scan::Scan;

/// The baseline format version this binary reads and writes.
pub const VERSION: u32 = 1;

/// What identifies a finding across edits. Field order is the file's sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    /// File as seen from the current directory (`PATH/file`), `/`-separated.
    pub file: String,
    /// Rule name.
    pub rule: String,
    /// The personal field, `Type.field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The sink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sink: Option<String>,
    /// The finding's message.
    pub message: String,
}

impl Key {
    /// The key of `finding`, found in `scan`.
    pub fn of(scan: &Scan, finding: &Finding) -> Key {
        Key {
            file: scan.qualified(&finding.file),
            rule: finding.rule.name().to_owned(),
            field: finding.field.clone(),
            sink: finding.sink.clone(),
            message: finding.message.clone(),
        }
    }
}

/// One line of the baseline file: a key and how many findings it stands for.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    #[serde(default = "one")]
    count: usize,
}

fn one() -> usize {
    1
}

/// The baseline file.
#[derive(Debug, Serialize, Deserialize)]
struct Document {
    version: u32,
    findings: Vec<Entry>,
}

/// A set of accepted findings with their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

/// Why a baseline file could not be used.
#[derive(Debug)]
pub struct BaselineError(pub String);

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BaselineError {}

impl Baseline {
    /// Records every finding of `scans`.
    pub fn from_scans(scans: &[Scan]) -> Baseline {
        let mut counts = BTreeMap::new();
        for scan in scans {
            for finding in &scan.report.findings {
                *counts.entry(Key::of(scan, finding)).or_insert(0) += 1;
            }
        }
        Baseline { counts }
    }

    /// Number of findings the baseline stands for.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    /// True when the baseline accepts nothing.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Parses a baseline document; `name` names it in errors.
    pub fn parse(text: &str, name: &str) -> Result<Baseline, BaselineError> {
        let doc: Document = serde_json::from_str(text)
            .map_err(|e| BaselineError(format!("invalid baseline {name}: {e}")))?;
        if doc.version != VERSION {
            return Err(BaselineError(format!(
                "unsupported baseline version {} in {name} (expected {VERSION})",
                doc.version
            )));
        }
        let mut counts = BTreeMap::new();
        for entry in doc.findings {
            *counts.entry(entry.key).or_insert(0) += entry.count;
        }
        Ok(Baseline { counts })
    }

    /// Reads the baseline file at `path`.
    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| BaselineError(format!("cannot read baseline {name}: {e}")))?;
        Baseline::parse(&text, &name)
    }

    /// The baseline as a pretty-printed JSON document ending in a newline.
    pub fn to_json(&self) -> String {
        let doc = Document {
            version: VERSION,
            findings: self
                .counts
                .iter()
                .map(|(key, &count)| Entry {
                    key: key.clone(),
                    count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Writes the baseline to `path`.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json())
            .map_err(|e| BaselineError(format!("cannot write baseline {}: {e}", path.display())))
    }

    /// Removes from `scans` every finding the baseline accepts, in report order,
    /// each entry absorbing at most its count. Returns how many were removed.
    pub fn filter(&self, scans: &mut [Scan]) -> usize {
        self.absorb(scans).iter().map(Vec::len).sum()
    }

    /// [`Baseline::filter`], giving back the findings removed from each scan.
    pub fn absorb(&self, scans: &mut [Scan]) -> Vec<Vec<datamin_lint::Finding>> {
        let mut left = self.counts.clone();
        let mut out = Vec::with_capacity(scans.len());
        for scan in scans.iter_mut() {
            let findings = std::mem::take(&mut scan.report.findings);
            let (absorbed, kept): (Vec<_>, Vec<_>) = findings.into_iter().partition(|finding| {
                match left.get_mut(&Key::of(scan, finding)) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        true
                    }
                    _ => false,
                }
            });
            scan.report.findings = kept;
            out.push(absorbed);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use datamin_lint::{Level, Report};

    use super::*;

    fn finding(file: &str, line: usize, field: &str) -> Finding {
        Finding {
            rule: datamin_lint::rules::RuleId::LogLeak,
            level: Level::Deny,
            file: file.to_owned(),
            line,
            column: 5,
            end_line: line,
            end_column: 19,
            message: format!("`{field}` reaches `tracing::info!`"),
            field: Some(field.to_owned()),
            category: Some("email".to_owned()),
            taxonomy: Some("user.contact.email"),
            sink: Some("tracing::info!".to_owned()),
            inferred: false,
            fields: Vec::new(),
            route: None,
            trace: Vec::new(),
            fixes: Vec::new(),
            path: Default::default(),
            label: String::new(),
            help: None,
        }
    }

    fn scan(root: &str, findings: Vec<Finding>) -> Scan {
        Scan::new(
            Path::new(root),
            Report {
                version: 1,
                findings,
                ..Report::default()
            },
        )
    }

    fn lines(scans: &[Scan]) -> Vec<usize> {
        scans
            .iter()
            .flat_map(|s| s.report.findings.iter().map(|f| f.line))
            .collect()
    }

    #[test]
    fn written_baseline_is_sorted_counted_and_has_no_positions() {
        let scans = [scan(
            "crates/api",
            vec![
                finding("src/b.rs", 9, "Customer.email"),
                finding("src/a.rs", 3, "Customer.email"),
                finding("src/a.rs", 7, "Customer.email"),
            ],
        )];
        let expected = r#"{
  "version": 1,
  "findings": [
    {
      "file": "crates/api/src/a.rs",
      "rule": "log-leak",
      "field": "Customer.email",
      "sink": "tracing::info!",
      "message": "`Customer.email` reaches `tracing::info!`",
      "count": 2
    },
    {
      "file": "crates/api/src/b.rs",
      "rule": "log-leak",
      "field": "Customer.email",
      "sink": "tracing::info!",
      "message": "`Customer.email` reaches `tracing::info!`",
      "count": 1
    }
  ]
}
"#;
        let baseline = Baseline::from_scans(&scans);
        assert_eq!(baseline.to_json(), expected);
        assert_eq!(baseline.len(), 3);
        assert_eq!(
            Baseline::parse(expected, "b.json").expect("parses"),
            baseline
        );
    }

    #[test]
    fn findings_that_moved_stay_matched() {
        let baseline = Baseline::from_scans(&[scan(".", vec![finding("src/a.rs", 3, "C.email")])]);
        let mut now = [scan(".", vec![finding("src/a.rs", 30, "C.email")])];
        assert_eq!(baseline.filter(&mut now), 1);
        assert!(lines(&now).is_empty());
    }

    #[test]
    fn each_entry_absorbs_at_most_its_count() {
        let baseline = Baseline::from_scans(&[scan(".", vec![finding("src/a.rs", 3, "C.email")])]);
        let mut now = [scan(
            ".",
            vec![
                finding("src/a.rs", 3, "C.email"),
                finding("src/a.rs", 8, "C.email"),
            ],
        )];
        assert_eq!(baseline.filter(&mut now), 1);
        assert_eq!(lines(&now), [8]);
    }

    #[test]
    fn other_fields_files_and_roots_are_not_matched() {
        let baseline =
            Baseline::from_scans(&[scan("crates/api", vec![finding("src/a.rs", 3, "C.email")])]);
        let mut now = [
            scan("crates/api", vec![finding("src/a.rs", 3, "C.phone")]),
            scan("crates/api", vec![finding("src/b.rs", 3, "C.email")]),
            scan("crates/web", vec![finding("src/a.rs", 3, "C.email")]),
        ];
        assert_eq!(baseline.filter(&mut now), 0);
        assert_eq!(lines(&now), [3, 3, 3]);
    }

    #[test]
    fn category_and_fides_key_are_not_part_of_the_identity() {
        // A baseline written before findings carried a Fides key still matches.
        let before = r#"{"version": 1, "findings": [
            {"file": "src/a.rs", "rule": "log-leak", "field": "C.email",
             "sink": "tracing::info!", "message": "`C.email` reaches `tracing::info!`"}
        ]}"#;
        let baseline = Baseline::parse(before, "b.json").expect("parses");
        let mut now = [scan(".", vec![finding("src/a.rs", 3, "C.email")])];
        assert_eq!(
            now[0].report.findings[0].taxonomy,
            Some("user.contact.email")
        );
        assert_eq!(baseline.filter(&mut now), 1);

        let mut without = finding("src/a.rs", 3, "C.email");
        without.category = None;
        without.taxonomy = None;
        let written = Baseline::from_scans(&[scan(".", vec![without])]);
        assert_eq!(written, baseline);
        assert!(!written.to_json().contains("user.contact"));
    }

    #[test]
    fn count_defaults_to_one_and_unknown_keys_are_ignored() {
        let text = r#"{"version": 1, "note": "x", "findings": [
            {"file": "src/a.rs", "rule": "log-leak", "message": "m", "line": 3}
        ]}"#;
        let baseline = Baseline::parse(text, "b.json").expect("parses");
        assert_eq!(baseline.len(), 1);
    }

    #[test]
    fn malformed_baselines_are_rejected_with_the_reason() {
        let err = |text: &str| {
            Baseline::parse(text, "b.json")
                .expect_err("rejected")
                .to_string()
        };
        assert!(err("not json").starts_with("invalid baseline b.json: expected ident"));
        assert!(err(r#"{"version": 1}"#).contains("missing field `findings`"));
        assert!(err(r#"{"version": 1, "findings": [{"file": "a.rs"}]}"#).contains("missing field"));
        assert_eq!(
            err(r#"{"version": 2, "findings": []}"#),
            "unsupported baseline version 2 in b.json (expected 1)"
        );
    }
}
