//! `cargo datamin`: the command line of datamin. It parses arguments, runs
//! [`datamin_lint::check`] on each PATH, and presents the report; it holds no
//! analysis of its own.
//!
//! ```text
//! cargo datamin check [PATH ...] [--format human|json|sarif|github]
//!                     [--config FILE] [--baseline FILE] [--write-baseline FILE]
//!                     [--jobs N] [--infer] [--fix [--fix-unsafe]]
//! cargo datamin suggest [PATH ...] [--fix] [--min-confidence X] [--format human|json]
//! cargo datamin explain [RULE | rules | --list]
//! cargo datamin inventory [PATH ...] [--format json|markdown|html] [--infer] [--baseline FILE]
//! cargo datamin rules [PATH] [--config FILE]
//! cargo datamin config [PATH] [--config FILE]
//! ```
//!
//! `inventory` prints the data map of [`datamin_lint::inventory`]: every
//! personal source and every sink it reaches, open, suppressed (with the
//! reason) or baselined.
//!
//! `rules` lists the rules with their default level and the level the
//! configuration of PATH gives them; `config` prints that configuration as it
//! applies (every rule's level, every list), as TOML, after a comment naming
//! where it was read from.
//!
//! `check --infer` counts the fields that `unmarked-personal-field` guesses
//! personal as annotated (their findings say so, `"inferred": true` in JSON).
//! `suggest` lists the guesses of at least `--min-confidence` (0.5) and with
//! `--fix` annotates them (`datamin_lint::suggest`); it exits 2 when a file
//! could not be read, parsed or fixed.
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
//! # Fixes
//!
//! Every finding carries fixes (`fixes` in JSON and SARIF, `help:` with
//! the patched lines in the terminal). `--fix` applies each finding's first
//! machine-applicable fix, `--fix-unsafe` maybe-incorrect ones too, with
//! [`datamin_lint::fix::apply`], in rounds (a re-check after each, at most
//! four) until one changes nothing; fixes with placeholders (suppressions)
//! never. What changed goes to standard error, one line per change; the
//! report printed is the last re-check's.
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
use crate::cli::{
    CheckArgs, Cli, Command, ConfigArgs, ExplainArgs, Format, InventoryArgs, InventoryFormat,
    SuggestArgs, SuggestFormat,
};
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
        Ok(Cli {
            command: Command::Suggest(args),
        }) => suggest(args),
        Ok(Cli {
            command: Command::Inventory(args),
        }) => inventory(args),
        Ok(Cli {
            command: Command::Rules(args),
        }) => effective_config(&args).map(|(config, origin)| Output {
            stdout: explain::levels(&config, origin.as_deref()),
            stderr: String::new(),
            code: 0,
        }),
        Ok(Cli {
            command: Command::Config(args),
        }) => effective_config(&args).map(|(config, origin)| Output {
            stdout: config.effective_toml(origin.as_deref()),
            stderr: String::new(),
            code: 0,
        }),
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
    let paths = existing_paths(args.paths, "check")?;
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

    let options =
        datamin_lint::Options::with_jobs(args.jobs.map_or(0, usize::from)).inferring(args.infer);
    let check_all = || -> Vec<datamin_lint::Report> {
        paths
            .iter()
            .zip(&configs)
            .map(|(path, config)| datamin_lint::check_with(path, config, &options))
            .collect()
    };
    let mut reports = check_all();
    let mut stderr = String::new();
    if args.fix {
        let safety = if args.fix_unsafe {
            datamin_lint::fix::Safety::Unsafe
        } else {
            datamin_lint::fix::Safety::Safe
        };
        let (log, broken) = fix_until_done(&paths, &mut reports, safety, &check_all);
        stderr.push_str(&log);
        if broken {
            // The files are as they were; the report says what is there.
            stderr.push_str("datamin: some files were not fixed (see above)\n");
        }
    }
    let mut scans: Vec<Scan> = paths
        .iter()
        .zip(reports)
        .map(|(path, report)| Scan::new(path, report))
        .collect();

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

/// Most rounds of fixing: a round applies the fixes that do not overlap,
/// the re-check after it offers the rest.
const FIX_ROUNDS: usize = 4;

/// Applies the fixes of `reports` (one per PATH), re-checking after each
/// round, until a round changes nothing. Returns what it did, one line per
/// fix, and whether a file could not be fixed.
fn fix_until_done(
    paths: &[PathBuf],
    reports: &mut Vec<datamin_lint::Report>,
    safety: datamin_lint::fix::Safety,
    check_all: &dyn Fn() -> Vec<datamin_lint::Report>,
) -> (String, bool) {
    let mut log = String::new();
    let mut total = 0;
    let mut files = std::collections::BTreeSet::new();
    let mut broken = false;
    for _ in 0..FIX_ROUNDS {
        let mut applied_now = 0;
        for (path, report) in paths.iter().zip(reports.iter()) {
            let scan = Scan::new(path, datamin_lint::Report::default());
            let applied = datamin_lint::fix::apply(report, safety);
            for file in &applied.files {
                let name = scan.qualified(&file.file);
                // One line per change, naming every finding it resolves.
                let mut changes: Vec<(&datamin_lint::fix::AppliedFix, Vec<String>)> = Vec::new();
                for fix in &file.fixes {
                    let place =
                        format!("{}:{}", scan.qualified(&fix.finding_file), fix.finding_line);
                    match changes
                        .iter_mut()
                        .find(|(f, _)| f.message == fix.message && f.at == fix.at)
                    {
                        Some((_, places)) => places.push(place),
                        None => changes.push((fix, vec![place])),
                    }
                }
                for (fix, places) in changes {
                    log.push_str(&format!(
                        "datamin: fixed {name}: {} (for {})\n",
                        fix.message,
                        places.join(", ")
                    ));
                }
                files.insert(name);
            }
            for error in &applied.errors {
                log.push_str(&format!(
                    "datamin: {}: {}\n",
                    scan.qualified(&error.file),
                    error.message
                ));
                broken = true;
            }
            applied_now += applied.count();
        }
        if applied_now == 0 {
            break;
        }
        total += applied_now;
        *reports = check_all();
    }
    log.push_str(&format!(
        "datamin: applied {total} {} in {}\n",
        if total == 1 { "fix" } else { "fixes" },
        count(files.len(), "file")
    ));
    (log, broken)
}

fn suggest(args: SuggestArgs) -> Result<Output, String> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        return Err(format!(
            "--min-confidence must be between 0 and 1, not {}",
            args.min_confidence
        ));
    }
    let paths = existing_paths(args.paths, "look at")?;
    let options = datamin_lint::Options::with_jobs(args.jobs.map_or(0, usize::from));
    let qualify = paths.len() > 1 || args.format == SuggestFormat::Human;
    let mut all = datamin_lint::suggest::Suggestions {
        version: 1,
        ..Default::default()
    };
    for path in &paths {
        let config = match &args.config {
            Some(file) => Config::from_file(file).map_err(|e| e.to_string())?,
            None => Config::discover(path).map_err(|e| e.to_string())?,
        };
        let found = datamin_lint::suggest::suggest(path, &config, &options, args.min_confidence);
        let scan = Scan::new(path, datamin_lint::Report::default());
        let name = |file: &str| {
            if qualify {
                scan.qualified(file)
            } else {
                file.to_owned()
            }
        };
        all.suggestions
            .extend(found.suggestions.into_iter().map(|mut s| {
                s.file = name(&s.file);
                s
            }));
        all.errors.extend(found.errors.into_iter().map(|mut e| {
            e.file = name(&e.file);
            e
        }));
    }
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut code = if all.errors.is_empty() {
        0
    } else {
        USAGE_ERROR
    };
    if args.fix {
        let fixed = datamin_lint::suggest::fix(&all.suggestions);
        let mut fields = 0;
        for file in &fixed.files {
            fields += file.fields.len();
            let derives = if file.derives.is_empty() {
                String::new()
            } else {
                format!(
                    "; `datamin::Personal` derived on {}",
                    file.derives
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            stdout.push_str(&format!(
                "{}: annotated {}{derives}\n",
                file.file,
                file.fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for error in &fixed.errors {
            stderr.push_str(&format!("error: {}: {}\n", error.file, error.message));
            code = USAGE_ERROR;
        }
        stdout.push_str(&format!(
            "datamin: annotated {} in {}\n",
            count(fields, "field"),
            count(fixed.files.len(), "file")
        ));
    } else {
        match args.format {
            SuggestFormat::Json => {
                stdout = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())? + "\n";
            }
            SuggestFormat::Human => {
                for s in &all.suggestions {
                    stdout.push_str(&format!(
                        "{}:{}: `{}.{}` is probably personal: add `#[personal({})]` (confidence {:.2})\n",
                        s.file, s.line, s.type_name, s.field, s.category, s.confidence
                    ));
                }
                stdout.push_str(&format!(
                    "datamin: {}{}\n",
                    count(all.suggestions.len(), "suggestion"),
                    if all.suggestions.is_empty() {
                        ""
                    } else {
                        " (`--fix` adds them)"
                    }
                ));
            }
        }
    }
    for error in &all.errors {
        let at = match (error.line, error.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        stderr.push_str(&format!("error: {}{at}: {}\n", error.file, error.message));
    }
    Ok(Output {
        stdout,
        stderr,
        code,
    })
}

fn inventory(args: InventoryArgs) -> Result<Output, String> {
    let paths = existing_paths(args.paths, "map")?;
    let baseline = match &args.baseline {
        Some(file) => Some(Baseline::read(file).map_err(|e| e.to_string())?),
        None => None,
    };
    let options =
        datamin_lint::Options::with_jobs(args.jobs.map_or(0, usize::from)).inferring(args.infer);
    let qualify = paths.len() > 1;
    let mut all = datamin_lint::inventory::Inventory {
        version: 1,
        sources: Vec::new(),
        flows: Vec::new(),
    };
    let mut stderr = String::new();
    let mut code = 0;
    for path in &paths {
        let config = match &args.config {
            Some(file) => Config::from_file(file).map_err(|e| e.to_string())?,
            None => Config::discover(path).map_err(|e| e.to_string())?,
        };
        let report = datamin_lint::check_with(path, &config, &options);
        // Findings a baseline records are flows of their own status.
        let mut scans = [Scan::new(path, report)];
        let absorbed = match &baseline {
            Some(b) => b.absorb(&mut scans).pop().unwrap_or_default(),
            None => Vec::new(),
        };
        let [scan] = scans;
        let name = |file: &str| {
            if qualify {
                scan.qualified(file)
            } else {
                file.to_owned()
            }
        };
        let report = &scan.report;
        for error in &report.errors {
            stderr.push_str(&format!(
                "error: {}: {}\n",
                name(&error.file),
                error.message
            ));
            code = USAGE_ERROR;
        }
        let mut inv = datamin_lint::inventory::inventory(report, &absorbed);
        for s in &mut inv.sources {
            s.file = s.file.as_deref().map(name);
        }
        for f in &mut inv.flows {
            f.file = name(&f.file);
        }
        all.sources.extend(inv.sources);
        all.flows.extend(inv.flows);
    }
    all.sources
        .sort_by(|a, b| (&a.id, &a.file, a.line).cmp(&(&b.id, &b.file, b.line)));
    all.flows.sort();
    let stdout = match args.format {
        InventoryFormat::Json => {
            serde_json::to_string_pretty(&all).map_err(|e| e.to_string())? + "\n"
        }
        InventoryFormat::Markdown => datamin_lint::inventory::markdown(&all),
        InventoryFormat::Html => datamin_lint::inventory::html(&all),
    };
    Ok(Output {
        stdout,
        stderr,
        code,
    })
}

/// The configuration `rules` and `config` show, and where it was read from.
fn effective_config(args: &ConfigArgs) -> Result<(Config, Option<String>), String> {
    if let Some(file) = &args.config {
        let config = Config::from_file(file).map_err(|e| e.to_string())?;
        return Ok((config, Some(file.display().to_string())));
    }
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::symlink_metadata(&path) {
        return Err(format!(
            "cannot read the configuration of {}: {e}",
            path.display()
        ));
    }
    Config::discover_with_origin(&path).map_err(|e| e.to_string())
}

/// The PATH arguments (`.` when none is given), each of which must exist.
fn existing_paths(paths: Vec<PathBuf>, verb: &str) -> Result<Vec<PathBuf>, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    for path in &paths {
        if let Err(e) = std::fs::symlink_metadata(path) {
            return Err(format!("cannot {verb} {}: {e}", path.display()));
        }
    }
    Ok(paths)
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
