//! One checked PATH, and merging the reports of several into one.

use std::path::{Component, Path, PathBuf};

use datamin_lint::Report;

/// The report of one PATH given on the command line.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Directory the report's file names are relative to (the PATH itself, or
    /// the directory holding it when PATH is a file).
    pub base: PathBuf,
    /// `base` as a `/`-separated prefix for file names; empty for `.`.
    pub prefix: String,
    /// What the analysis found, with file names relative to `base`.
    pub report: Report,
}

impl Scan {
    /// Wraps the report of checking `root`.
    pub fn new(root: &Path, report: Report) -> Scan {
        let base = if root.is_file() {
            root.parent().map_or_else(PathBuf::new, Path::to_path_buf)
        } else {
            root.to_path_buf()
        };
        let prefix = slash_prefix(&base);
        Scan {
            base,
            prefix,
            report,
        }
    }

    /// `file` (relative to the scanned root) as seen from the current
    /// directory: `PATH/file`, or `file` itself when PATH is `.`.
    pub fn qualified(&self, file: &str) -> String {
        qualify(&self.prefix, file)
    }
}

/// Joins a `/`-separated prefix and a relative file name.
fn qualify(prefix: &str, file: &str) -> String {
    if prefix.is_empty() || file.is_empty() || file.starts_with('/') {
        file.to_owned()
    } else if prefix.ends_with('/') {
        format!("{prefix}{file}")
    } else {
        format!("{prefix}/{file}")
    }
}

/// A path as a `/`-separated string without `.` components ("" for `.`).
fn slash_prefix(path: &Path) -> String {
    let mut text = String::new();
    for component in path.components() {
        let part = match component {
            Component::CurDir => continue,
            Component::RootDir => {
                text.push('/');
                continue;
            }
            Component::ParentDir => "..".into(),
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            Component::Normal(s) => s.to_string_lossy(),
        };
        if !text.is_empty() && !text.ends_with('/') {
            text.push('/');
        }
        text.push_str(&part);
    }
    text
}

/// Merges the reports of several PATHs into one sorted report.
///
/// With `qualify_files`, every file name (of findings, trace steps, fix edits
/// and errors)
/// is turned into `PATH/file` so that names from different roots stay apart and
/// can be opened from the current directory; without it, names stay relative
/// to their scanned root, as the JSON contract has them for a single PATH.
pub fn merge(scans: Vec<Scan>, qualify_files: bool) -> Report {
    let mut merged = Report {
        version: 1,
        ..Report::default()
    };
    for scan in scans {
        let Scan {
            base,
            prefix,
            report,
        } = scan;
        for mut finding in report.findings {
            if finding.path.as_os_str().is_empty() {
                finding.path = base.join(&finding.file);
            }
            if qualify_files {
                finding.file = qualify(&prefix, &finding.file);
                for step in &mut finding.trace {
                    step.file = qualify(&prefix, &step.file);
                }
                for edit in finding.fixes.iter_mut().flat_map(|f| &mut f.edits) {
                    edit.file = qualify(&prefix, &edit.file);
                }
            }
            merged.findings.push(finding);
        }
        for mut error in report.errors {
            if qualify_files {
                error.file = qualify(&prefix, &error.file);
            }
            merged.errors.push(error);
        }
        let stats = &mut merged.stats;
        stats.files += report.stats.files;
        stats.personal_fields += report.stats.personal_fields;
        stats.millis = stats.millis.saturating_add(report.stats.millis);
        stats.truncated += report.stats.truncated;
        stats.sanitizers.extend(report.stats.sanitizers);
    }
    merged.stats.sanitizers.sort();
    merged.stats.sanitizers.dedup();
    merged.sort();
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_drops_current_dir_and_keeps_the_rest() {
        assert_eq!(slash_prefix(Path::new(".")), "");
        assert_eq!(slash_prefix(Path::new("")), "");
        assert_eq!(slash_prefix(Path::new("./crates/api/")), "crates/api");
        assert_eq!(slash_prefix(Path::new("../other")), "../other");
        assert_eq!(slash_prefix(Path::new("/srv/app")), "/srv/app");
        assert_eq!(slash_prefix(Path::new("/")), "/");
    }

    #[test]
    fn qualify_joins_with_one_slash() {
        assert_eq!(qualify("", "src/a.rs"), "src/a.rs");
        assert_eq!(qualify("crates/api", "src/a.rs"), "crates/api/src/a.rs");
        assert_eq!(qualify("/", "src/a.rs"), "/src/a.rs");
        assert_eq!(qualify("crates/api", ""), "");
    }
}
