//! A campaign: iterations run in a child process (so that a stack overflow or
//! a hang costs one iteration, not the run), results gathered by the parent.
//!
//! The parent starts this test binary again, filtered to the same test, with
//! [`WORKER`] set to the range of iterations to run. The worker prints one
//! line per event on standard output:
//!
//! ```text
//! @@mutation begin 17
//! @@mutation done 17 {"label": .., "problems": [..], ..}
//! ```
//!
//! If the worker dies between `begin` and `done`, that iteration crashed the
//! process; the parent records it and starts a new worker at the next one.
//! After a hang the worker reports it and exits (the stuck thread cannot be
//! stopped otherwise), and the parent goes on the same way.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use datamin_lint::Report;
use serde_json::{Value, json};

use super::corpus::{self, CASE_DIR, Input};
use super::mutate::{self, KNOWN, Mutated, Profile};
use super::oracle::{self, NoReport};
use super::rng::Rng;
use super::sentinel;

/// Set in a worker: `START END` of the iterations it runs, and the deadline
/// (milliseconds since the epoch, `0` for none).
const WORKER: &str = "DATAMIN_MUTATION_WORKER";
const LINE: &str = "@@mutation ";

/// Everything that decides what a campaign does; the worker rebuilds it from
/// the same environment as the parent.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The test this campaign runs in (the worker is started filtered to it).
    pub test: &'static str,
    pub ignored: bool,
    pub seed: u64,
    pub start: usize,
    pub iterations: usize,
    /// Stop starting iterations after this long.
    pub budget: Option<Duration>,
    pub profile: Profile,
    pub timeout: Duration,
    /// Mutate the example and this repository's crates as well as the fixtures.
    pub real_sources: bool,
}

/// Reads `DATAMIN_MUTATION_<name>` as a number.
pub fn env_number(name: &str) -> Option<u64> {
    let key = format!("DATAMIN_MUTATION_{name}");
    let value = std::env::var(&key).ok()?;
    let parsed = value.trim().parse();
    Some(parsed.unwrap_or_else(|e| panic!("{key}={value:?}: {e}")))
}

fn env_usize(name: &str) -> Option<usize> {
    env_number(name).map(|n| usize::try_from(n).expect("fits"))
}

impl Plan {
    /// The plan with the environment's overrides: `ITERATIONS`, `SEED`,
    /// `START`, `SECONDS`, `TIMEOUT_SECS`, `KNOWN` (1: generate the inputs
    /// known to crash too).
    pub fn with_env_overrides(mut self) -> Plan {
        if let Some(n) = env_usize("ITERATIONS") {
            self.iterations = n;
        }
        if let Some(seed) = env_number("SEED") {
            self.seed = seed;
        }
        if let Some(start) = env_usize("START") {
            self.start = start;
        }
        if let Some(seconds) = env_number("SECONDS") {
            self.budget = Some(Duration::from_secs(seconds));
        }
        if let Some(seconds) = env_number("TIMEOUT_SECS") {
            self.timeout = Duration::from_secs(seconds);
        }
        if env_number("KNOWN") == Some(1) {
            self.profile.avoid_known = false;
        }
        self
    }
}

/// One iteration's input, regenerated from the plan and the index alone.
pub struct Generated<'c> {
    pub input: &'c Input,
    pub input_index: usize,
    pub target: usize,
    pub mutated: Mutated,
    /// The independent case is put beside the mutated one.
    pub beside: bool,
    /// Also checked on two threads, and compared with one.
    pub two_threads: bool,
    /// Also checked as a single in-memory file (`check_source`).
    pub in_memory: bool,
}

impl Generated<'_> {
    pub fn target_rel(&self) -> String {
        format!("{CASE_DIR}/{}", self.input.files[self.target].0)
    }

    pub fn describe(&self) -> String {
        format!(
            "{}: {}: {}",
            self.input.label,
            self.input.files[self.target].0,
            self.mutated.describe()
        )
    }
}

pub fn generate<'c>(plan: &Plan, corpus: &'c [Input], iteration: usize) -> Generated<'c> {
    let mut rng = Rng::for_iteration(plan.seed, iteration);
    let input_index = rng.below(corpus.len());
    let input = &corpus[input_index];
    let target = rng.below(input.files.len());
    let donor_input = rng.pick(corpus);
    let donor = &rng.pick(&donor_input.files).1;
    let mutated = mutate::mutate(&mut rng, &input.files[target].1, donor, &plan.profile);
    // Every fourth tree is the mutated case alone, checked on one and two
    // threads; the others have the independent case beside it.
    let alone = iteration % 4 == 3;
    Generated {
        input,
        input_index,
        target,
        mutated,
        beside: !alone,
        two_threads: alone,
        in_memory: iteration.is_multiple_of(2),
    }
}

// ----- the worker -----------------------------------------------------------

/// When this process is a worker, runs its iterations and returns true.
pub fn work_if_worker(plan: &Plan) -> bool {
    let Ok(spec) = std::env::var(WORKER) else {
        return false;
    };
    let numbers: Vec<u64> = spec
        .split_whitespace()
        .map(|n| n.parse().expect("worker range"))
        .collect();
    let [start, end, deadline] = numbers[..] else {
        panic!("{WORKER}={spec:?}");
    };
    let deadline = (deadline > 0).then(|| UNIX_EPOCH + Duration::from_millis(deadline));
    oracle::record_panics();
    let corpus = corpus::corpus(plan.real_sources);
    let vocabulary = sentinel::vocabulary();
    let mut baselines = HashMap::new();
    let (start, end) = (
        usize::try_from(start).expect("fits"),
        usize::try_from(end).expect("fits"),
    );
    for iteration in start..end {
        if deadline.is_some_and(|d| SystemTime::now() > d) {
            say("stop");
            return true;
        }
        say(&format!("begin {iteration}"));
        oracle::take_panics();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_iteration(plan, &corpus, &vocabulary, &mut baselines, iteration)
        }));
        let (result, hung) = outcome.unwrap_or_else(|_| {
            let panics = oracle::take_panics();
            (
                json!({ "problems": [format!("the test harness panicked: {panics:?}")] }),
                false,
            )
        });
        say(&format!("done {iteration} {result}"));
        if hung {
            std::process::exit(0);
        }
    }
    true
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // A parent that went away cannot be told anything.
    let _ = writeln!(out, "{LINE}{line}");
    let _ = out.flush();
}

type Baselines = HashMap<(usize, usize, bool), Result<Report, String>>;

/// Runs one iteration; the result, and whether a check hung.
fn run_iteration(
    plan: &Plan,
    corpus: &[Input],
    vocabulary: &std::collections::BTreeSet<String>,
    baselines: &mut Baselines,
    iteration: usize,
) -> (Value, bool) {
    let generated = generate(plan, corpus, iteration);
    let input = generated.input;
    let config = &input.config;
    let target = generated.target_rel();
    let bytes = &generated.mutated.bytes;
    let mut problems = Vec::new();
    let mut checks = 0;
    let mut slowest = Duration::ZERO;
    let mut result = json!({
        "label": input.label,
        "file": input.files[generated.target].0,
        "kinds": generated.mutated.kinds,
        "bytes": bytes.len(),
    });
    let tree = corpus::build(input, generated.target, Some(bytes), generated.beside);
    let mutated = match oracle::check_tree(&tree.root(), config, 1, plan.timeout) {
        Ok(run) => {
            checks += 1;
            slowest = slowest.max(run.elapsed);
            run.report
        }
        Err(no) => {
            result["problems"] = json!([no.describe()]);
            return (result, matches!(no, NoReport::Hang(_)));
        }
    };
    problems.extend(oracle::report_problems(&mutated, &tree.lines));
    let key = (generated.input_index, generated.target, generated.beside);
    let baseline = baselines.entry(key).or_insert_with(|| {
        let removed = corpus::build(input, generated.target, None, generated.beside);
        match oracle::check_tree(&removed.root(), config, 1, plan.timeout) {
            Ok(run) => {
                let problems = oracle::report_problems(&run.report, &removed.lines);
                if problems.is_empty() {
                    Ok(run.report)
                } else {
                    Err(format!("the baseline (file left out) fails: {problems:?}"))
                }
            }
            Err(no) => Err(format!("the baseline (file left out): {}", no.describe())),
        }
    });
    let outcome = match baseline {
        Ok(baseline) => compare(
            &generated,
            &target,
            &mutated,
            baseline,
            vocabulary,
            &mut problems,
        ),
        Err(problem) => {
            problems.push(problem.clone());
            "no baseline"
        }
    };
    result["outcome"] = json!(outcome);
    if generated.two_threads {
        match oracle::check_tree(&tree.root(), config, 2, plan.timeout) {
            Ok(run) => {
                checks += 1;
                slowest = slowest.max(run.elapsed);
                let all = |_: &str| true;
                let (one, two) = (
                    oracle::projection(&mutated, all),
                    oracle::projection(&run.report, all),
                );
                if one != two || mutated.stats.files != run.report.stats.files {
                    problems.push(format!(
                        "--jobs 1 and 2 differ: {}",
                        oracle::difference(&one, &two)
                    ));
                }
            }
            Err(no) => {
                problems.push(format!("on two threads: {}", no.describe()));
                result["problems"] = json!(problems);
                return (result, matches!(no, NoReport::Hang(_)));
            }
        }
    }
    if generated.in_memory
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        match oracle::check_text(&target, text, config, plan.timeout) {
            Ok(run) => {
                checks += 1;
                slowest = slowest.max(run.elapsed);
                let lines = BTreeMap::from([(target.clone(), tree.lines[&target])]);
                for problem in oracle::report_problems(&run.report, &lines) {
                    problems.push(format!("check_source: {problem}"));
                }
            }
            Err(no) => {
                problems.push(format!("check_source: {}", no.describe()));
                result["problems"] = json!(problems);
                return (result, matches!(no, NoReport::Hang(_)));
            }
        }
    }
    if !problems.is_empty() {
        let panics = oracle::take_panics();
        if !panics.is_empty() {
            problems.push(format!("panics: {panics:?}"));
        }
    }
    result["checks"] = json!(checks);
    result["millis"] = json!(u64::try_from(slowest.as_millis()).unwrap_or(u64::MAX));
    result["problems"] = json!(problems);
    (result, false)
}

/// Compares the mutated run with the baseline where the file is left out,
/// on the files the mutation could not affect. Returns what was compared.
fn compare(
    generated: &Generated<'_>,
    target: &str,
    mutated: &Report,
    baseline: &Report,
    vocabulary: &std::collections::BTreeSet<String>,
    problems: &mut Vec<String>,
) -> &'static str {
    let (files, base) = (mutated.stats.files, baseline.stats.files);
    if files == base {
        // Not analysed: then it must say so, and it cannot affect anything.
        if !mutated.errors.iter().any(|e| e.file == target) {
            problems.push(format!("{target} was not analysed, and no error names it"));
        }
        let others = |file: &str| file != target;
        let (left, right) = (
            oracle::projection(mutated, others),
            oracle::projection(baseline, others),
        );
        let same_stats = mutated.stats.personal_fields == baseline.stats.personal_fields
            && mutated.stats.truncated == baseline.stats.truncated;
        if left != right || !same_stats {
            problems.push(format!(
                "{target} was not analysed, yet the other files' results changed: {}",
                oracle::difference(&left, &right)
            ));
        }
        return "not analysed";
    }
    if files != base + 1 {
        problems.push(format!(
            "stats.files is {files}; the tree without {target} has {base}"
        ));
        return "miscounted";
    }
    if !generated.beside {
        return "analysed";
    }
    let text = String::from_utf8_lossy(&generated.mutated.bytes);
    if sentinel::independent(&text, vocabulary).is_some() {
        return "analysed, may reach the independent case";
    }
    let beside = |file: &str| file.starts_with(&format!("{}/", sentinel::DIR));
    let (left, right) = (
        oracle::projection(mutated, beside),
        oracle::projection(baseline, beside),
    );
    if left != right {
        problems.push(format!(
            "the independent case's results changed: {}",
            oracle::difference(&left, &right)
        ));
    }
    "analysed, independent case compared"
}

// ----- the parent -----------------------------------------------------------

/// One iteration that failed.
#[derive(Debug)]
pub struct Failure {
    pub iteration: usize,
    pub description: String,
    pub problems: Vec<String>,
}

/// What a campaign did.
#[derive(Debug, Default)]
pub struct Summary {
    pub iterations: usize,
    pub checks: u64,
    pub elapsed: Duration,
    pub outcomes: BTreeMap<String, usize>,
    pub kinds: BTreeMap<String, usize>,
    /// The slowest check: milliseconds, iteration, description.
    pub slowest: Option<(u64, usize, String)>,
    pub processes: usize,
    pub failures: Vec<Failure>,
}

impl Summary {
    pub fn render(&self, plan: &Plan) -> String {
        let mut out = format!(
            "mutation campaign: seed {}, iterations {}..{}, {} inputs tried, {} checks, {:.1} s, {} worker process(es), {} failure(s)\n",
            plan.seed,
            plan.start,
            plan.start + self.iterations,
            self.iterations,
            self.checks,
            self.elapsed.as_secs_f64(),
            self.processes,
            self.failures.len()
        );
        out.push_str(&format!("  outcomes: {:?}\n", self.outcomes));
        out.push_str(&format!("  steps: {:?}\n", self.kinds));
        if let Some((millis, iteration, description)) = &self.slowest {
            out.push_str(&format!(
                "  slowest check: {millis} ms (iteration {iteration}: {description})\n"
            ));
        }
        if plan.profile.avoid_known {
            for known in KNOWN {
                out.push_str(&format!(
                    "  kept below {} for {} (known: bad_input::{})\n",
                    known.below, known.what, known.regression
                ));
            }
        }
        for failure in &self.failures {
            out.push_str(&format!(
                "FAILED iteration {}: {}\n",
                failure.iteration, failure.description
            ));
            for problem in &failure.problems {
                let short: String = problem.chars().take(2_000).collect();
                out.push_str(&format!("    {short}\n"));
            }
        }
        out
    }
}

/// Runs the campaign in worker processes and gathers the results.
pub fn run(plan: &Plan) -> Summary {
    let started = Instant::now();
    let deadline_millis = plan.budget.map_or(0, |budget| {
        let deadline = SystemTime::now() + budget;
        let since = deadline.duration_since(UNIX_EPOCH).expect("after 1970");
        u64::try_from(since.as_millis()).expect("fits")
    });
    let corpus = corpus::corpus(plan.real_sources);
    let end = plan.start + plan.iterations;
    let mut summary = Summary::default();
    let mut next = plan.start;
    while next < end {
        let (stopped, resume) = run_worker(plan, next, end, deadline_millis, &corpus, &mut summary);
        if stopped {
            break;
        }
        next = resume;
    }
    summary.elapsed = started.elapsed();
    if let Ok(dir) = std::env::var("DATAMIN_MUTATION_DUMP") {
        dump(plan, &corpus, &summary, std::path::Path::new(&dir));
    }
    summary
}

/// Runs one worker from `start`; returns whether the campaign stopped (the
/// deadline), and the iteration to resume at.
fn run_worker(
    plan: &Plan,
    start: usize,
    end: usize,
    deadline_millis: u64,
    corpus: &[Input],
    summary: &mut Summary,
) -> (bool, usize) {
    let exe = std::env::current_exe().expect("test binary");
    let mut command = Command::new(exe);
    command.args([plan.test, "--exact", "--nocapture", "--test-threads=1"]);
    if plan.ignored {
        command.arg("--ignored");
    }
    let mut child = command
        .env(WORKER, format!("{start} {end} {deadline_millis}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a worker");
    summary.processes += 1;
    let mut stderr = child.stderr.take().expect("stderr");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut begun = None;
    let mut resume = start;
    let mut stopped = false;
    for line in stdout.lines() {
        let Ok(line) = line else { break };
        let Some(event) = line.strip_prefix(LINE) else {
            continue;
        };
        let mut words = event.splitn(3, ' ');
        match (words.next(), words.next(), words.next()) {
            (Some("begin"), Some(i), _) => begun = Some(i.parse::<usize>().expect("index")),
            (Some("done"), Some(i), Some(result)) => {
                let iteration: usize = i.parse().expect("index");
                let result: Value = serde_json::from_str(result).expect("result line");
                record(plan, corpus, summary, iteration, &result);
                begun = None;
                resume = iteration + 1;
            }
            (Some("stop"), _, _) => stopped = true,
            _ => {}
        }
    }
    let status = child.wait().expect("worker status");
    let stderr = errors.join().unwrap_or_default();
    if let Some(iteration) = begun {
        // The process died inside an iteration.
        let tail: String = {
            let chars: Vec<char> = stderr.chars().collect();
            chars[chars.len().saturating_sub(1_500)..].iter().collect()
        };
        summary.iterations += 1;
        summary.failures.push(Failure {
            iteration,
            description: shorten(&generate(plan, corpus, iteration).describe()),
            problems: vec![format!("the process died ({status}): {tail}")],
        });
        resume = iteration + 1;
    } else if !stopped && resume < end && resume == start {
        panic!("the worker ran nothing ({status}): {stderr}");
    }
    (stopped, resume)
}

fn record(plan: &Plan, corpus: &[Input], summary: &mut Summary, iteration: usize, result: &Value) {
    summary.iterations += 1;
    summary.checks += result["checks"].as_u64().unwrap_or(0);
    let outcome = result["outcome"].as_str().unwrap_or("no report").to_owned();
    *summary.outcomes.entry(outcome).or_default() += 1;
    for kind in result["kinds"].as_array().into_iter().flatten() {
        let kind = kind.as_str().unwrap_or("?").to_owned();
        *summary.kinds.entry(kind).or_default() += 1;
    }
    let millis = result["millis"].as_u64().unwrap_or(0);
    if summary
        .slowest
        .as_ref()
        .is_none_or(|(slowest, _, _)| millis > *slowest)
    {
        let description = generate(plan, corpus, iteration).describe();
        summary.slowest = Some((millis, iteration, shorten(&description)));
    }
    let problems: Vec<String> = result["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p.as_str().unwrap_or("?").to_owned())
        .collect();
    if !problems.is_empty() {
        summary.failures.push(Failure {
            iteration,
            description: shorten(&generate(plan, corpus, iteration).describe()),
            problems,
        });
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 300 {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(300).collect();
    short.push('…');
    short
}

/// Writes each failing input and its description to `dir`.
fn dump(plan: &Plan, corpus: &[Input], summary: &Summary, dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("dump dir");
    for failure in &summary.failures {
        let generated = generate(plan, corpus, failure.iteration);
        let stem = dir.join(format!("{}-{}", plan.seed, failure.iteration));
        std::fs::write(stem.with_extension("rs"), &generated.mutated.bytes).expect("dump");
        let text = format!("{}\n{}\n", failure.description, failure.problems.join("\n"));
        std::fs::write(stem.with_extension("txt"), text).expect("dump");
    }
}
