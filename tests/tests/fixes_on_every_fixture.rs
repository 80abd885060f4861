//! The fixes of every fixture case, applied to a copy of it until nothing
//! is left to apply (`check --fix --fix-unsafe` as a library call): no
//! round fails on a file, the edited tree still parses, a fix that claims
//! to resolve its finding does (a later round never applies the same fix
//! again, so the rounds end), and no fix makes a finding of its own.

use std::path::Path;

use datamin_lint::fix::{self, Safety};
use datamin_lint::report::Applicability;
use datamin_tests::{case_dir, case_names, check_case};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("directory");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn fixes_apply_cleanly_and_end_on_every_fixture_case() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixes-on-fixtures");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut applied_total = 0;
    for rule in ["log-leak", "response-leak"] {
        for case in case_names(rule) {
            let dir = scratch.join(rule).join(&case);
            copy_dir(&case_dir(rule, &case), &dir);
            let first = check_case(&dir);
            // Machine-applicable fixes first: they only ever remove findings.
            let report = fix_until_done(&dir, first.clone(), Safety::Safe, &mut applied_total);
            let per_file = |r: &datamin_lint::Report| {
                let mut counts = std::collections::BTreeMap::new();
                for f in &r.findings {
                    *counts.entry((f.rule, f.file.clone())).or_insert(0usize) += 1;
                }
                counts
            };
            let (before, after) = (per_file(&first), per_file(&report));
            for (key, n) in &after {
                assert!(
                    before.get(key).is_some_and(|m| n <= m),
                    "{rule}/{case}: {key:?} had {:?} findings, now {n}",
                    before.get(key)
                );
            }
            left_with(&report, Applicability::MachineApplicable, rule, &case);
            // Then the rest, which may reveal findings (a field marked
            // personal is followed from then on).
            let report = fix_until_done(&dir, report, Safety::Unsafe, &mut applied_total);
            left_with(&report, Applicability::MaybeIncorrect, rule, &case);
        }
    }
    assert!(applied_total > 500, "only {applied_total} fixes applied");
}

/// Applies fixes round after round until a round applies none (at most
/// four), and returns the last report.
fn fix_until_done(
    dir: &Path,
    mut report: datamin_lint::Report,
    safety: Safety,
    total: &mut usize,
) -> datamin_lint::Report {
    for _ in 0..4 {
        let applied = fix::apply(&report, safety);
        assert!(
            applied.errors.is_empty(),
            "{}: {:#?}",
            dir.display(),
            applied.errors
        );
        if applied.count() == 0 {
            return report;
        }
        *total += applied.count();
        report = check_case(dir);
        assert!(
            report.errors.is_empty(),
            "{}: {:#?}",
            dir.display(),
            report.errors
        );
    }
    assert_eq!(
        fix::apply(&report, safety).count(),
        0,
        "{}: fixes keep applying",
        dir.display()
    );
    report
}

/// No finding still offers a fix of `applicability` (they were applied).
fn left_with(report: &datamin_lint::Report, applicability: Applicability, rule: &str, case: &str) {
    for finding in &report.findings {
        assert!(
            !finding
                .fixes
                .iter()
                .any(|f| f.applicability == applicability),
            "{rule}/{case}: a {applicability:?} fix is left after the rounds: {finding:#?}"
        );
    }
}
