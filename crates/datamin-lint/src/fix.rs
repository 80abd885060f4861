//! Applying the fixes of a report to the files (`cargo datamin check --fix`).
//!
//! Each finding contributes its first fix that is sure enough: a
//! [`Applicability::MachineApplicable`] one, or with
//! [`Safety::Unsafe`] also a [`Applicability::MaybeIncorrect`] one (which
//! may change what a response contains or which value a line logs).
//! Suppressions and other fixes with placeholders are never applied. The
//! edits are exact replacements of byte ranges, so everything else in a
//! file stays as written. A fix is applied whole or not at all: one whose
//! edits overlap an edit already taken waits for the next round (after a
//! re-check). A file that does not parse, that changed since the check, or
//! that would not parse after the edits, is left alone and reported.
//!
//! ```no_run
//! use datamin_lint::{check, fix, Config};
//!
//! let root = std::path::Path::new("examples/shop");
//! let report = check(root, &Config::default());
//! let applied = fix::apply(&report, fix::Safety::Safe);
//! for file in &applied.files {
//!     println!("{}: {} fixes", file.file, file.fixes.len());
//! }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use crate::report::{Applicability, Edit, FileError, Fix, FixKind, Report};
use crate::rules::fixes::{line_starts, offset_in};

/// Which fixes may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Machine-applicable fixes only (`--fix`).
    Safe,
    /// Maybe-incorrect fixes too (`--fix-unsafe`).
    Unsafe,
}

impl Safety {
    fn allows(self, fix: &Fix) -> bool {
        fix.kind != FixKind::Suppress
            && match fix.applicability {
                Applicability::MachineApplicable => true,
                Applicability::MaybeIncorrect => self == Safety::Unsafe,
                Applicability::HasPlaceholders => false,
            }
    }
}

/// What was changed in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFixes {
    /// The file as the report names it.
    pub file: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Each fix applied, in the order of the findings.
    pub fixes: Vec<AppliedFix>,
}

/// One fix applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    /// The file of the finding it resolves, as the report names it.
    pub finding_file: String,
    /// The finding's line.
    pub finding_line: usize,
    /// What the fix did.
    pub message: String,
    /// Byte offset of its first edit in this file (fixes of several
    /// findings that make the same edit share it).
    pub at: usize,
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The files written, sorted.
    pub files: Vec<FileFixes>,
    /// Files left unchanged, and why.
    pub errors: Vec<FileError>,
}

impl Applied {
    /// The number of fixes applied.
    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.fixes.len()).sum()
    }
}

/// Applies the fixes of `report` that `safety` allows, one round: the
/// caller re-checks the tree and may apply again (fixes skipped because
/// they overlapped another come then).
pub fn apply(report: &Report, safety: Safety) -> Applied {
    let broken: BTreeSet<&str> = report.errors.iter().map(|e| e.file.as_str()).collect();
    // The edits taken per file (by path), and the fixes they make.
    type Taken = (String, Vec<Edit>, Vec<AppliedFix>);
    let mut taken: BTreeMap<PathBuf, Taken> = BTreeMap::new();
    for finding in &report.findings {
        let Some(fix) = finding.fixes.iter().find(|f| safety.allows(f)) else {
            continue;
        };
        if fix.edits.is_empty() || fix.edits.iter().any(|e| broken.contains(e.file.as_str())) {
            continue;
        }
        let fits = fix.edits.iter().all(|edit| {
            taken
                .get(&edit.path)
                .is_none_or(|(_, edits, _)| edits.iter().all(|e| e == edit || !overlaps(e, edit)))
        });
        if !fits {
            continue;
        }
        for edit in &fix.edits {
            let entry = taken
                .entry(edit.path.clone())
                .or_insert_with(|| (edit.file.clone(), Vec::new(), Vec::new()));
            if !entry.1.contains(edit) {
                entry.1.push(edit.clone());
            }
        }
        let home = &fix.edits[0].path;
        if let Some(entry) = taken.get_mut(home) {
            entry.2.push(AppliedFix {
                finding_file: finding.file.clone(),
                finding_line: finding.line,
                message: fix.message.clone(),
                at: fix.edits[0].start,
            });
        }
    }
    let mut out = Applied::default();
    for (path, (file, mut edits, fixes)) in taken {
        let error = |message: String| FileError {
            file: file.clone(),
            line: None,
            column: None,
            message,
        };
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                out.errors
                    .push(error(format!("not fixed: cannot read it: {e}")));
                continue;
            }
        };
        let lines = line_starts(&text);
        if edits.iter().any(|e| !still_fits(&text, &lines, e)) {
            out.errors.push(error(
                "not fixed: it changed since it was checked; run the check again".to_owned(),
            ));
            continue;
        }
        edits.sort_by_key(|e| std::cmp::Reverse((e.start, e.end)));
        let mut new_text = text.clone();
        for edit in &edits {
            new_text.replace_range(edit.start..edit.end, &edit.replacement);
        }
        if let Err(e) = syn::parse_file(&new_text) {
            out.errors.push(error(format!(
                "not fixed: the edited text would not parse ({e})"
            )));
            continue;
        }
        if new_text == text {
            continue;
        }
        if let Err(e) = fs::write(&path, &new_text) {
            out.errors
                .push(error(format!("not fixed: cannot write it: {e}")));
            continue;
        }
        out.files.push(FileFixes { file, path, fixes });
    }
    out.files.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// Whether two edits touch the same text (two insertions at one place
/// overlap: their order would be a guess).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.start == a.end && b.start == b.end {
        return a.start == b.start;
    }
    // Ranges that share text; an insertion strictly inside a replacement.
    a.start < b.end && b.start < a.end
}

/// Whether the edit's byte range is still where its line and column say
/// (the file did not change since it was checked).
fn still_fits(text: &str, lines: &[usize], edit: &Edit) -> bool {
    offset_in(text, lines, edit.line, edit.column) == Some(edit.start)
        && offset_in(text, lines, edit.end_line, edit.end_column) == Some(edit.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize) -> Edit {
        Edit {
            file: "f.rs".to_owned(),
            line: 1,
            column: start + 1,
            end_line: 1,
            end_column: end + 1,
            replacement: "x".to_owned(),
            start,
            end,
            path: PathBuf::from("f.rs"),
        }
    }

    #[test]
    fn overlapping_edits() {
        assert!(overlaps(&edit(0, 4), &edit(2, 6)));
        assert!(!overlaps(&edit(0, 2), &edit(2, 4)));
        assert!(overlaps(&edit(3, 3), &edit(3, 3)));
        assert!(overlaps(&edit(3, 3), &edit(1, 5)));
        assert!(!overlaps(&edit(1, 1), &edit(1, 5)));
    }

    #[test]
    fn an_edit_fits_the_text_it_was_made_for() {
        assert!(still_fits(
            "abcdef\n",
            &line_starts("abcdef\n"),
            &edit(2, 4)
        ));
        assert!(!still_fits("ab\n", &line_starts("ab\n"), &edit(2, 4)));
    }
}
