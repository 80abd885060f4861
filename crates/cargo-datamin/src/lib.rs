//! `cargo datamin`: the command line of datamin. It parses arguments, runs
//! [`datamin_lint::check`] on each PATH, and presents the report; it holds no
//! analysis of its own.
//!
//! ```text
//! cargo datamin check [PATH ...] [--format human|json|sarif|github]
//!                     [--config FILE] [--baseline FILE] [--write-baseline FILE]
//!                     [--jobs N]
//! cargo datamin explain [RULE | rules | --list]
//! ```
//!
//! Run as `cargo datamin ...` (cargo passes `datamin` as the first argument,
//! which is skipped) or directly as `cargo-datamin ...`.
//!
//! # `check`
//!
//! PATH defaults to the current directory. Each PATH is checked with the
//! configuration given by `--config FILE`, or else the one discovered for that
//! PATH (`datamin.toml`, or `metadata.datamin` in its `Cargo.toml`). A PATH
//! that does not exist or a configuration that cannot be read is a usage error.
//!
//! Formats: `human` (rustc-style diagnostics, coloured only when standard
//! output is a terminal and `NO_COLOR` is not set), `json` (the document of the
//! specification, section 5), `sarif` (SARIF 2.1.0 for code scanning) and
//! `github` (workflow annotations). JSON findings and SARIF results about a
//! personal field carry its category's Fides data category key (`taxonomy`,
//! see [`datamin_lint::Category::taxonomy`]); `explain log-leak` and `explain
//! response-leak` end with the table of those keys.
//!
//! File names: with one PATH, the JSON document names files relative to that
//! PATH, as the specification has it. Everywhere else (the other formats, the
//! JSON of several PATHs, and baselines) files are named `PATH/file`, so that
//! they can be opened from the current directory and annotations and SARIF
//! locations match the repository when run from its root. With PATH `.` (the
//! default) both namings are the same.
//!
//! # Exit codes
//!
//! - `0`: no finding at deny level;
//! - `1`: at least one finding at deny level;
//! - `2`: a usage error (bad arguments, missing PATH, bad configuration or
//!   baseline), or some file could not be analysed (its findings are
//!   incomplete; everything else is still reported).
//!
//! # Baselines
//!
//! A baseline records findings accepted for now, so that a check fails only on
//! new ones. `--write-baseline FILE` records every current finding in FILE and
//! reports none of them (the run behaves as if the new baseline were given).
//! `--baseline FILE` leaves out the findings the baseline records. A missing
//! or malformed baseline is a usage error.
//!
//! A finding is identified by its rule, file, field, sink and message, never
//! by its line or column, so edits above a finding keep it matched. Each entry
//! carries a count and absorbs at most that many identical findings: a second
//! identical leak added to a file is reported. The file is JSON, sorted, and
//! meant to be committed:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "file": "src/orders.rs",
//!       "rule": "log-leak",
//!       "field": "Customer.email",
//!       "sink": "tracing::info!",
//!       "message": "`Customer.email` (email) reaches `tracing::info!`",
//!       "count": 1
//!     }
//!   ]
//! }
//! ```

#![forbid(unsafe_code)]

pub mod baseline;
pub mod cli;
pub mod explain;
pub mod render;
pub mod scan;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Parser;
use datamin_lint::Config;

use crate::baseline::Baseline;
use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, Format};
use crate::scan::Scan;

/// Exit code of a usage error.
pub const USAGE_ERROR: i32 = 2;

/// Runs the command line `args` (with the program name first), writing the
/// report to `out` and diagnostics to `err`; returns the exit code.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, color: bool) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.get(1).is_some_and(|arg| arg == "datamin") {
        args.remove(1);
    }
    let output = match Cli::try_parse_from(args) {
        Ok(Cli {
            command: Command::Check(args),
        }) => check(args, color),
        Ok(Cli {
            command: Command::Explain(args),
        }) => Ok(explain(&args)),
        Err(e) => {
            // Help and version go to stdout with exit 0; mistakes to stderr with 2.
            let text = e.render().to_string();
            let (stdout, stderr) = if e.use_stderr() {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            Ok(Output {
                stdout,
                stderr,
                code: e.exit_code(),
            })
        }
    };
    output
        .unwrap_or_else(|message| Output {
            stdout: String::new(),
            stderr: format!("error: {message}\n"),
            code: USAGE_ERROR,
        })
        .emit(out, err)
}

/// What a command prints and its exit code.
struct Output {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Output {
    fn emit(self, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
        let _ = err.write_all(self.stderr.as_bytes());
        match out
            .write_all(self.stdout.as_bytes())
            .and_then(|()| out.flush())
        {
            Ok(()) => self.code,
            // A reader that stopped early (`| head`) is not an error of ours.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.code,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the report: {e}");
                USAGE_ERROR
            }
        }
    }
}

fn check(args: CheckArgs, color: bool) -> Result<Output, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    for path in &paths {
        if let Err(e) = std::fs::symlink_metadata(path) {
            return Err(format!("cannot check {}: {e}", path.display()));
        }
    }
    let given = match &args.config {
        Some(file) => Some(Config::from_file(file).map_err(|e| e.to_string())?),
        None => None,
    };
    let configs = paths
        .iter()
        .map(|path| match &given {
            Some(config) => Ok(config.clone()),
            None => Config::discover(path).map_err(|e| e.to_string()),
        })
        .collect::<Result<Vec<Config>, String>>()?;
    let old_baseline = match &args.baseline {
        Some(file) => Some(Baseline::read(file).map_err(|e| e.to_string())?),
        None => None,
    };

    let options = datamin_lint::Options::with_jobs(args.jobs.map_or(0, usize::from));
    let mut scans: Vec<Scan> = paths
        .iter()
        .zip(&configs)
        .map(|(path, config)| Scan::new(path, datamin_lint::check_with(path, config, &options)))
        .collect();

    let mut stderr = String::new();
    if let Some(file) = &args.write_baseline {
        let baseline = Baseline::from_scans(&scans);
        baseline.write(file).map_err(|e| e.to_string())?;
        baseline.filter(&mut scans);
        stderr.push_str(&format!(
            "datamin: wrote {} to baseline {}\n",
            count(baseline.len(), "finding"),
            file.display()
        ));
    } else if let (Some(baseline), Some(file)) = (&old_baseline, &args.baseline) {
        let absorbed = baseline.filter(&mut scans);
        if absorbed > 0 {
            stderr.push_str(&format!(
                "datamin: {} recorded in baseline {} not reported\n",
                count(absorbed, "finding"),
                file.display()
            ));
        }
    }

    let qualify_files = paths.len() > 1 || args.format != Format::Json;
    let report = scan::merge(scans, qualify_files);
    let stdout = render::render(&report, args.format, color);
    Ok(Output {
        stdout,
        stderr,
        code: report.exit_code(),
    })
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn explain(args: &ExplainArgs) -> Output {
    let listing = || Output {
        stdout: explain::list(),
        stderr: String::new(),
        code: 0,
    };
    match args.rule.as_deref() {
        _ if args.list => listing(),
        None | Some("rules") => listing(),
        Some(name) => match explain::doc(name) {
            Some(doc) => Output {
                stdout: doc,
                stderr: String::new(),
                code: 0,
            },
            None => Output {
                stdout: String::new(),
                stderr: format!("error: unknown rule `{name}`\n\n{}", explain::list()),
                code: USAGE_ERROR,
            },
        },
    }
}
