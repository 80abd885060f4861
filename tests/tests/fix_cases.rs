//! `check --fix` on the cases of `tests/fix/`: each is a small application
//! before its fixes (`before/`), the same tree as it must be after them
//! (`after/`, written by hand from the README's "Fixes" section, byte for
//! byte), and the command line it is fixed with (`args`: `--fix` or
//! `--fix --fix-unsafe`).
//!
//! Each case is copied to a scratch directory and fixed as the CLI does it,
//! through the library: check, apply, check again, up to four rounds, until
//! a round applies nothing. Every file must then equal `after/`, and one
//! more round must apply nothing. Where the tool is known to write something
//! else than what the README describes, the case is listed in
//! [`KNOWN_DIFFERENCES`] with the files that differ: the test then checks
//! that exactly those files still differ, so that the difference stays
//! recorded and a fix of the tool is noticed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use datamin_lint::Report;
use datamin_lint::fix::{self, Safety};
use datamin_tests::check_case;

/// Rounds of `check --fix` at most, as the README says.
const ROUNDS: usize = 4;

/// Files of cases whose `after/` follows the README but where the tool
/// writes something else (probable bugs of the tool, kept as they are):
/// (case, file, what the tool does instead). The fixed copy of a case must
/// differ from its `after/` in exactly the files listed for it.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[(
    "club_axum_responses_unsafe",
    "src/ledger.rs",
    "no skip-serializing fix for a field that is personal through its diesel column \
         (`payments.payer_email`): the response-leak is left with no fix, not even with --fix-unsafe",
)];

macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        /// Every case directory under `tests/fix/`, each with its own test.
        const CASES: &[&str] = &[$(stringify!($case)),*];
        $(
            #[test]
            fn $case() {
                check_fix_case(stringify!($case));
            }
        )*
    };
}

cases! {
    billing_redacted_debug,
    club_axum_responses_unsafe,
    crm_cli_print_and_log,
    directory_sync_suppressions,
    newsletter_axum_safe_only,
    orders_instrument_spans,
    support_desk_tracing_fields,
    workspace_mailer_without_datamin,
}

fn fix_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fix")
}

/// The case directories on disk, sorted.
fn case_dirs() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fix_dir())
        .expect("tests/fix")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_case_directory_is_listed() {
    let on_disk = case_dirs();
    let missing: Vec<&String> = on_disk
        .iter()
        .filter(|d| !CASES.contains(&d.as_str()))
        .collect();
    let stale: Vec<&&str> = CASES
        .iter()
        .filter(|c| !on_disk.iter().any(|d| d == *c))
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "add these directories to `cases!`: {missing:?}; remove these names: {stale:?}"
    );
    for case in &on_disk {
        let dir = fix_dir().join(case);
        for part in ["before", "after"] {
            assert!(dir.join(part).is_dir(), "{case}: no {part}/");
        }
        safety(case);
    }
    for (case, file, reason) in KNOWN_DIFFERENCES {
        assert!(
            CASES.contains(case),
            "KNOWN_DIFFERENCES names no case: {case}"
        );
        assert!(
            fix_dir().join(case).join("after").join(file).is_file(),
            "{case}: a known difference names no file of after/: {file}"
        );
        assert!(
            !reason.trim().is_empty(),
            "{case}: the known difference in {file} needs a reason"
        );
    }
}

/// The safety level of a case's `args`.
fn safety(case: &str) -> Safety {
    let path = fix_dir().join(case).join("args");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{case}: args: {e}"));
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["--fix"] => Safety::Safe,
        ["--fix", "--fix-unsafe"] => Safety::Unsafe,
        _ => panic!("{case}: args must be `--fix` or `--fix --fix-unsafe`, not {text:?}"),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("directory");
    for entry in fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file of a tree: relative `/`-separated path and text, sorted.
fn files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("inside")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, fs::read_to_string(&path).expect("text")));
            }
        }
    }
    out.sort();
    out
}

/// Checks a tree, failing if a file could not be analysed.
fn check(case: &str, dir: &Path) -> Report {
    let report = check_case(dir);
    assert!(
        report.errors.is_empty(),
        "{case}: errors while checking {}: {:#?}",
        dir.display(),
        report.errors
    );
    report
}

/// `check --fix` on `dir`: rounds of check and apply until one applies
/// nothing, at most [`ROUNDS`]. Returns the fixes applied per round.
fn fix_rounds(case: &str, dir: &Path, safety: Safety) -> Vec<usize> {
    let mut report = check(case, dir);
    let mut applied = Vec::new();
    for _ in 0..ROUNDS {
        let round = fix::apply(&report, safety);
        assert!(
            round.errors.is_empty(),
            "{case}: a round failed: {:#?}",
            round.errors
        );
        applied.push(round.count());
        if round.count() == 0 {
            break;
        }
        report = check(case, dir);
    }
    applied
}

/// A line diff of `want` (after/) and `got` (the fixed copy), `-` for lines
/// only in after/, `+` for lines only in the fixed copy, with a line of
/// context around each change. Lines keep their ending, so a line that
/// differs only in it (`\r\n` or `\n`) shows up, with a `\r` spelled out.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i + 1, a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', j + 1, b[j]));
            j += 1;
        } else {
            ops.push(('-', i + 1, a[i]));
            i += 1;
        }
    }
    let near = |k: usize| {
        ops[k.saturating_sub(1)..(k + 2).min(ops.len())]
            .iter()
            .any(|(op, _, _)| *op != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line, text)) in ops.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("    ...\n");
                skipped = false;
            }
            let shown = match text.strip_suffix('\n') {
                Some(line) => line.replace('\r', "\\r"),
                None => format!("{} (no newline at the end)", text.replace('\r', "\\r")),
            };
            let _ = writeln!(out, "{op}{line:>4} {shown}");
        } else {
            skipped = true;
        }
    }
    out
}

/// The files where the fixed copy and after/ differ, and a readable diff.
fn compare(fixed: &Path, after: &Path) -> (Vec<String>, String) {
    let got = files(fixed);
    let want = files(after);
    let mut names: Vec<&String> = got.iter().chain(&want).map(|(f, _)| f).collect();
    names.sort();
    names.dedup();
    let mut differing = Vec::new();
    let mut report = String::new();
    for name in names {
        let g = got.iter().find(|(f, _)| f == name).map(|(_, t)| t);
        let w = want.iter().find(|(f, _)| f == name).map(|(_, t)| t);
        match (w, g) {
            (Some(w), Some(g)) if w == g => {}
            (Some(w), Some(g)) => {
                differing.push(name.clone());
                let _ = writeln!(report, "--- after/{name}\n+++ fixed {name}\n{}", diff(w, g));
            }
            (Some(_), None) => {
                differing.push(name.clone());
                let _ = writeln!(report, "{name}: in after/, not in the fixed copy");
            }
            (None, _) => {
                differing.push(name.clone());
                let _ = writeln!(report, "{name}: in the fixed copy, not in after/");
            }
        }
    }
    (differing, report)
}

fn check_fix_case(case: &str) {
    let dir = fix_dir().join(case);
    let safety = safety(case);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fix-cases")
        .join(case);
    let _ = fs::remove_dir_all(&scratch);
    copy_tree(&dir.join("before"), &scratch);
    // after/ must parse: a tree the fixes are to produce is valid Rust.
    check(case, &dir.join("after"));

    let rounds = fix_rounds(case, &scratch, safety);
    assert_eq!(
        rounds.last(),
        Some(&0),
        "{case}: fixes still applied after {ROUNDS} rounds: {rounds:?}"
    );
    let (differing, report) = compare(&scratch, &dir.join("after"));
    let known: Vec<(&str, &str)> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(c, _, _)| *c == case)
        .map(|(_, file, reason)| (*file, *reason))
        .collect();
    let mut recorded: Vec<String> = known.iter().map(|(f, _)| (*f).to_owned()).collect();
    recorded.sort();
    let reasons: Vec<String> = known.iter().map(|(f, r)| format!("{f}: {r}")).collect();
    assert!(
        differing == recorded,
        "{case}: the fixed tree ({rounds:?} fixes per round) differs from after/ in {differing:?}, \
         KNOWN_DIFFERENCES records {recorded:?} {reasons:#?}:\n{report}"
    );

    // Idempotent: one more check and round changes nothing.
    let before_again = files(&scratch);
    let again = fix::apply(&check(case, &scratch), safety);
    assert!(again.errors.is_empty(), "{case}: {:#?}", again.errors);
    assert_eq!(again.count(), 0, "{case}: a further round applied fixes");
    assert!(
        files(&scratch) == before_again,
        "{case}: a further round changed files"
    );
}
