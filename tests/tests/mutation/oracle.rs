//! Running one check under a watchdog, and what its report must satisfy.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, Once, mpsc};
use std::time::{Duration, Instant};

use datamin_lint::{Config, Options, Report, check_source, check_with};
use serde_json::Value;

/// Panic messages (with their location) seen since the last [`take_panics`],
/// from any thread: the engine catches panics per function and per file and
/// turns them into "internal error" entries, and the message says where.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Records panics instead of printing them.
pub fn record_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            let name = thread.name().unwrap_or("unnamed");
            let mut panics = PANICS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if panics.len() < 8 {
                panics.push(format!("thread '{name}' {info}"));
            }
        }));
    });
}

pub fn take_panics() -> Vec<String> {
    let mut panics = PANICS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::mem::take(&mut *panics)
}

/// A report and how long it took.
pub struct Run {
    pub report: Report,
    pub elapsed: Duration,
}

/// Why a check gave no report.
pub enum NoReport {
    /// Still running when the watchdog fired: the thread is left behind.
    Hang(Duration),
    /// A panic escaped the library.
    Panic(Vec<String>),
}

/// Checks the tree at `root` with `jobs` threads, giving up after `timeout`.
pub fn check_tree(
    root: &Path,
    config: &Config,
    jobs: usize,
    timeout: Duration,
) -> Result<Run, NoReport> {
    let root = root.to_path_buf();
    let config = config.clone();
    bounded(timeout, move || {
        check_with(&root, &config, &Options::with_jobs(jobs))
    })
}

/// Checks one in-memory file, giving up after `timeout`.
pub fn check_text(
    rel: &str,
    text: &str,
    config: &Config,
    timeout: Duration,
) -> Result<Run, NoReport> {
    let (rel, text, config) = (rel.to_owned(), text.to_owned(), config.clone());
    bounded(timeout, move || check_source(&rel, &text, &config))
}

fn bounded(
    timeout: Duration,
    job: impl FnOnce() -> Report + Send + 'static,
) -> Result<Run, NoReport> {
    let (send, receive) = mpsc::channel();
    let start = Instant::now();
    let spawned = std::thread::Builder::new()
        .name("mutation-check".to_owned())
        .spawn(move || {
            // The receiver may be gone after a timeout: nothing to do then.
            let _ = send.send(job());
        });
    if spawned.is_err() {
        return Err(NoReport::Panic(vec!["cannot spawn a thread".to_owned()]));
    }
    match receive.recv_timeout(timeout) {
        Ok(report) => Ok(Run {
            report,
            elapsed: start.elapsed(),
        }),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(NoReport::Hang(timeout)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(NoReport::Panic(take_panics())),
    }
}

impl NoReport {
    pub fn describe(&self) -> String {
        match self {
            NoReport::Hang(timeout) => format!("no report after {} s (a hang)", timeout.as_secs()),
            NoReport::Panic(panics) => format!("a panic escaped the library: {panics:?}"),
        }
    }
}

/// Problems with a report on its own: internal errors (a caught panic is a
/// crash), a JSON document that does not round-trip, positions that are not
/// in the tree. `lines` holds every file of the tree with its line count.
pub fn report_problems(report: &Report, lines: &BTreeMap<String, usize>) -> Vec<String> {
    let mut problems = Vec::new();
    for error in &report.errors {
        if error.message.to_lowercase().contains("internal error") {
            problems.push(format!(
                "internal error: {} {:?}:{:?}: {}",
                error.file, error.line, error.column, error.message
            ));
        }
    }
    if let Err(problem) = json_round_trip(report) {
        problems.push(problem);
    }
    for error in &report.errors {
        if !lines.contains_key(&error.file) {
            problems.push(format!(
                "error names {:?}, not a file of the tree: {}",
                error.file, error.message
            ));
        }
    }
    for finding in &report.findings {
        let place = format!(
            "{} {}:{}:{}",
            finding.rule, finding.file, finding.line, finding.column
        );
        match lines.get(&finding.file) {
            None => problems.push(format!("finding in a file not in the tree: {place}")),
            Some(&count) if finding.line == 0 || finding.line > count => {
                problems.push(format!("finding past the file's {count} lines: {place}"));
            }
            Some(_) if finding.column == 0 || finding.end_line < finding.line => {
                problems.push(format!("finding with a bad span: {place}"));
            }
            Some(_) => {}
        }
        for step in &finding.trace {
            let fits = lines
                .get(&step.file)
                .is_some_and(|&count| step.line >= 1 && step.line <= count);
            if !fits {
                problems.push(format!(
                    "trace step {}:{} of {place} is not in the tree",
                    step.file, step.line
                ));
            }
        }
    }
    problems
}

/// The report serializes, the text parses back to the same document, and the
/// contract's top-level fields are there.
fn json_round_trip(report: &Report) -> Result<(), String> {
    let text = serde_json::to_string(report).map_err(|e| format!("JSON: {e}"))?;
    let parsed: Value = serde_json::from_str(&text).map_err(|e| format!("JSON reparse: {e}"))?;
    let direct = serde_json::to_value(report).map_err(|e| format!("JSON value: {e}"))?;
    if parsed != direct {
        return Err("the JSON text does not parse back to the same document".to_owned());
    }
    let shaped = parsed["version"] == 1
        && parsed["findings"].is_array()
        && parsed["errors"].is_array()
        && parsed["stats"]["files"].is_u64();
    if !shaped {
        return Err("the JSON document lacks version, findings, errors or stats".to_owned());
    }
    Ok(())
}

/// The findings and errors of the files `keep` selects, as their JSON, and
/// the statistics that do not depend on time. Reports of different temp
/// directories compare equal this way (a finding's disk path is not in it).
pub fn projection(report: &Report, keep: impl Fn(&str) -> bool) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| keep(&f.file))
        .map(|f| serde_json::to_value(f).expect("finding to JSON"))
        .collect();
    let errors: Vec<Value> = report
        .errors
        .iter()
        .filter(|e| keep(&e.file))
        .map(|e| serde_json::to_value(e).expect("error to JSON"))
        .collect();
    serde_json::json!({ "findings": findings, "errors": errors })
}

/// What differs between two projections, briefly.
pub fn difference(left: &Value, right: &Value) -> String {
    let lines = |v: &Value| -> Vec<String> {
        ["findings", "errors"]
            .iter()
            .flat_map(|key| {
                v[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(move |item| format!("{key}: {item}"))
            })
            .collect()
    };
    let (l, r) = (lines(left), lines(right));
    let only_left: Vec<&String> = l.iter().filter(|x| !r.contains(x)).take(4).collect();
    let only_right: Vec<&String> = r.iter().filter(|x| !l.contains(x)).take(4).collect();
    format!("only in the mutated run: {only_left:?}; only in the baseline: {only_right:?}")
}
