//! Mutation testing on stable Rust: hostile variants of real sources must
//! never crash, hang, corrupt the report or disturb the files they cannot
//! affect.
//!
//! # What an iteration does
//!
//! From a fixed seed and its own index (so any iteration can be replayed
//! alone), an iteration picks a tree of the corpus (every fixture case, the
//! bundled example, this repository's crates), one `.rs` file in it, and one
//! to three mutation steps (`mutation/mutate.rs`): token and line deletions,
//! duplications and swaps, splices from another file, truncation, unbalanced
//! delimiters, random and invalid UTF-8 bytes, CRLF, BOMs and other encodings,
//! huge literals and identifiers, deep nesting (generics, closures, matches,
//! blocks, loops, patterns, modules), long chains, thousands of macro
//! arguments, fields, arms or items, `#[personal]` and other attributes in odd
//! places, odd `datamin:allow` comments, and names that shadow, recurse or
//! collide. The tree is copied to a temp dir under `a/`, the mutated file
//! written in place, and checked with `datamin_lint::check_with`.
//!
//! # What must hold
//!
//! - A report comes back: no panic escapes, and no entry of `errors` says
//!   "internal error" (the engine turns a panic in a function or a file into
//!   one: that is a crash too).
//! - It comes back in time: each check runs on its own thread under a
//!   watchdog (60 s, `DATAMIN_MUTATION_TIMEOUT_SECS`).
//! - The report serializes to JSON that parses back to the same document, and
//!   every finding, trace step and error points into a file of the tree,
//!   within its lines.
//! - Files the mutation cannot affect keep their findings and errors. The
//!   analysis is cross-file (summaries and names cross files), so this is
//!   decided against a *baseline*: the same tree with the mutated file left
//!   out, and only where a difference is impossible in principle:
//!   - when the mutated file is not analysed (it does not parse, is not UTF-8,
//!     nests too deep; `stats.files` equals the baseline's), an error must name
//!     it, and *every* other file's findings and errors must equal the
//!     baseline's: a file that is not analysed contributes nothing;
//!   - when it is analysed, it may change any file of its own case, so the
//!     comparison is on an independent case put beside it under `b/`
//!     (`mutation/sentinel.rs`). datamin resolves names tree-wide, so two
//!     directories are not independent by themselves: the case defines only
//!     `qx`-prefixed names, and it is compared only when the mutated file
//!     contains no `qx` and defines (as an item, member, field, variant,
//!     generic, `use` name, `impl` self type or inside an item-like macro) no
//!     identifier the case is made of. The test
//!     `the_independent_case_is_unaffected_by_every_input_beside_it` checks this
//!     premise on every unmutated input.
//! - Every fourth tree is the mutated case alone, checked on one and on two
//!   threads: the results must be equal. Every second mutated file is also
//!   checked in memory with `check_source`.
//!
//! # Crashes that kill the process
//!
//! A stack overflow aborts the process, so iterations run in a child process
//! (this test binary again, `mutation/campaign.rs`): a crash or a hang costs
//! one iteration, is recorded with the mutation's description, and the
//! campaign goes on in a new child.
//!
//! # Running it
//!
//! The default test runs a fixed number of iterations with small sizes (fast
//! in a debug build). The long run is ignored by default:
//!
//! ```text
//! DATAMIN_MUTATION_SECONDS=900 cargo test --release -p datamin-tests --test mutation -- --ignored --nocapture
//! ```
//!
//! Environment: `DATAMIN_MUTATION_ITERATIONS`, `_SEED`, `_START` (replay from
//! an index), `_SECONDS` (time budget), `_TIMEOUT_SECS`, `_KNOWN=1` (also
//! generate inputs past the sizes known to crash today, see
//! `mutate::KNOWN`), `_DUMP=DIR` (write each failing input there).

mod campaign;
mod corpus;
mod mutate;
mod oracle;
mod rng;
mod sentinel;

use std::fs;
use std::time::Duration;

use campaign::Plan;
use mutate::Profile;

const SEED: u64 = 0x00da_7a31_u64;

fn report(plan: &Plan) {
    let summary = campaign::run(plan);
    let rendered = summary.render(plan);
    eprintln!("{rendered}");
    assert!(summary.failures.is_empty(), "{rendered}");
}

#[test]
fn mutated_sources_never_crash_hang_or_disturb_unaffected_files() {
    let plan = Plan {
        test: "mutated_sources_never_crash_hang_or_disturb_unaffected_files",
        ignored: false,
        seed: SEED,
        start: 0,
        iterations: 300,
        budget: None,
        profile: Profile {
            max_depth: 300,
            max_count: 5_000,
            max_literal: 100_000,
            avoid_known: true,
        },
        timeout: Duration::from_secs(60),
        real_sources: true,
    }
    .with_env_overrides();
    if campaign::work_if_worker(&plan) {
        return;
    }
    report(&plan);
}

#[test]
#[ignore = "long run (minutes): DATAMIN_MUTATION_SECONDS=900 cargo test --release -p datamin-tests --test mutation -- --ignored"]
fn long_mutation_campaign() {
    let plan = Plan {
        test: "long_mutation_campaign",
        ignored: true,
        seed: SEED,
        start: 1_000_000,
        iterations: 100_000_000,
        budget: Some(Duration::from_secs(600)),
        profile: Profile {
            max_depth: 100_000,
            max_count: 100_000,
            max_literal: 2_000_000,
            avoid_known: true,
        },
        timeout: Duration::from_secs(60),
        real_sources: true,
    }
    .with_env_overrides();
    if campaign::work_if_worker(&plan) {
        return;
    }
    report(&plan);
}

#[test]
fn the_independent_case_alone_has_exactly_its_expected_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in sentinel::FILES {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        fs::write(path, text).expect("write");
    }
    datamin_tests::assert_tree("independent case", dir.path());
}

#[test]
fn the_independent_case_is_unaffected_by_every_input_beside_it() {
    let vocabulary = sentinel::vocabulary();
    let timeout = Duration::from_secs(120);
    let inputs = corpus::corpus(true);
    let beside = |file: &str| file.starts_with("b/");
    let mut compared = 0;
    for input in &inputs {
        let independent = input.files.iter().all(|(_, bytes)| {
            sentinel::independent(&String::from_utf8_lossy(bytes), &vocabulary).is_none()
        });
        if !independent {
            continue;
        }
        let check = |input: &corpus::Input| {
            let tree = corpus::build(input, usize::MAX, None, true);
            let run = oracle::check_tree(&tree.root(), &input.config, 1, timeout);
            let report = run.unwrap_or_else(|no| panic!("{}: {}", input.label, no.describe()));
            oracle::projection(&report.report, beside)
        };
        let with_input = check(input);
        let reference = check(&corpus::Input {
            label: "the independent case alone".to_owned(),
            files: Vec::new(),
            config: input.config.clone(),
        });
        assert_eq!(
            with_input,
            reference,
            "{}: {}",
            input.label,
            oracle::difference(&with_input, &reference)
        );
        compared += 1;
    }
    // Nearly every input qualifies; a drop here means the premise is rarely
    // usable and the comparison rarely made.
    assert!(
        compared * 10 >= inputs.len() * 8,
        "{compared} of {}",
        inputs.len()
    );
}
