//! The datamin analysis: finds places where personal data (fields marked
//! `#[personal]` with the `datamin` crate) reaches a log line or a public
//! response.
//!
//! The library walks a source tree, parses every Rust file with `syn`, builds a
//! model of the personal-carrying types, follows personal values through
//! functions and across files, and returns a [`Report`]. It never executes or
//! compiles the code it reads, never follows a symbolic link, never touches the
//! network and never prints: presenting the report is the caller's business
//! (see the `cargo-datamin` binary). A finding about a personal field names
//! its category and the category's Fides data category key
//! ([`Finding::taxonomy`], from [`Category::taxonomy`]).
//!
//! ```no_run
//! use datamin_lint::{check, Config};
//!
//! let report = check(std::path::Path::new("examples/shop"), &Config::default());
//! for finding in &report.findings {
//!     println!("{}:{}: {} {}", finding.file, finding.line, finding.rule, finding.message);
//! }
//! std::process::exit(report.exit_code());
//! ```

#![forbid(unsafe_code)]

pub mod build_script;
pub mod config;
pub mod fix;
pub mod inventory;
pub mod report;
pub mod rules;
pub mod suggest;

mod analysis;
mod semantics;
mod sinks;
mod walk;

use std::path::Path;
use std::time::Instant;

pub use config::{ColumnPattern, Config, ConfigError, InferConfig, SinkConfig};
/// The closed set of categories a finding's `category` names, with their
/// Fides keys ([`Category::taxonomy`]).
pub use datamin::Category;
pub use report::{FileError, Finding, Report, Stats, TraceStep};
pub use rules::Level;
pub use walk::MAX_FILE_BYTES;

/// Stack for the analysis and parsing threads: deeply nested input must not
/// overflow it (see `analysis::limits`). Only the pages used are committed.
pub(crate) const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// How a check runs (as opposed to what it checks, which is [`Config`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Threads that parse files; `0` means one per core. The report does
    /// not depend on it.
    pub jobs: usize,
    /// Fields guessed personal (`unmarked-personal-field`) count as
    /// annotated, and their findings say so (`check --infer`).
    pub infer: bool,
}

impl Options {
    /// Options with `jobs` threads (`0`: one per core).
    pub fn with_jobs(jobs: usize) -> Options {
        Options { jobs, infer: false }
    }

    /// These options with guessed fields counted as annotated.
    pub fn inferring(self, infer: bool) -> Options {
        Options { infer, ..self }
    }
}

/// Checks the tree (or single file) at `root` with `config`, on every core.
///
/// Files that cannot be read or parsed become [`FileError`]s; every other file
/// is still analysed. The result is sorted, so the same tree gives the same
/// report (apart from `stats.millis`).
pub fn check(root: &Path, config: &Config) -> Report {
    check_with(root, config, &Options::default())
}

/// [`check`] with run options (the number of threads).
pub fn check_with(root: &Path, config: &Config, options: &Options) -> Report {
    let root = root.to_path_buf();
    let config = config.clone();
    let jobs = options.jobs;
    let infer = options.infer;
    on_big_stack(move || {
        let start = Instant::now();
        let mut errors = Vec::new();
        let workers = analysis::Workers::new(jobs);
        let mut crates = Vec::new();
        let files = walk::collect(&root, &config, &mut errors, &mut crates, &workers);
        finish(
            analysis::run(files, &crates, &config, errors, &workers, infer),
            start,
        )
    })
}

/// Checks one in-memory source file, named `rel` in the report.
pub fn check_source(rel: &str, text: &str, config: &Config) -> Report {
    let file = walk::SourceFile::new(rel.to_owned(), rel.into(), text.to_owned());
    let config = config.clone();
    on_big_stack(move || {
        let start = Instant::now();
        let workers = analysis::Workers::new(1);
        finish(
            analysis::run(vec![file], &[], &config, Vec::new(), &workers, false),
            start,
        )
    })
}

fn finish(mut report: Report, start: Instant) -> Report {
    report.version = 1;
    report.stats.millis = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    report.sort();
    report
}

fn on_big_stack(job: impl FnOnce() -> Report + Send + 'static) -> Report {
    run_on_big_stack(job).unwrap_or_else(|message| Report {
        version: 1,
        errors: vec![FileError {
            file: String::new(),
            line: None,
            column: None,
            message,
        }],
        ..Report::default()
    })
}

/// Runs `job` on a thread with [`ANALYSIS_STACK_BYTES`] of stack; the error
/// says why it gave nothing.
pub(crate) fn run_on_big_stack<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let spawned = std::thread::Builder::new()
        .name("datamin-analysis".to_owned())
        .stack_size(ANALYSIS_STACK_BYTES)
        .spawn(job);
    match spawned {
        Ok(handle) => handle
            .join()
            .map_err(|_| "internal error: the analysis stopped unexpectedly".to_owned()),
        Err(e) => Err(format!("cannot start the analysis thread: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_function_costs_only_its_findings() {
        let source = r#"
            struct U { #[personal(email)] email: String }
            fn datamin_test_analysis_panics(u: &U) { println!("{}", u.email); }
            fn fine(u: &U) { println!("{}", u.email); }
        "#;
        let report = check_source("src/lib.rs", source, &Config::default());
        let lines: Vec<usize> = report.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [4]);
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        let error = &report.errors[0];
        assert_eq!((error.file.as_str(), error.line), ("src/lib.rs", Some(3)));
        assert_eq!(
            error.message,
            "internal error while analysing `datamin_test_analysis_panics`; its findings are \
             missing, the rest of the tree was checked"
        );
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn recursive_wrapping_functions_reach_a_fixpoint() {
        // Each round of the fixpoint used to nest the summary one level deeper.
        let source = r#"
            struct U { #[personal(email)] email: String }
            fn wrap(u: &U, n: u32) -> Option<Option<String>> {
                if n == 0 { return Some(Some(u.email.clone())); }
                Some(wrap(u, n - 1).flatten())
            }
            fn show(u: &U) { println!("{:?}", wrap(u, 3)); }
        "#;
        let report = check_source("src/lib.rs", source, &Config::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        assert_eq!(report.findings[0].line, 7);
    }
}
