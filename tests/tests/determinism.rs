//! The same tree gives the same report whatever the number of threads, and
//! from one run to the next.

use std::fs;
use std::path::Path;

use datamin_lint::{Config, Options, Report, check_with};
use datamin_tests::{case_dir, case_names, fixtures_dir};

fn run(dir: &Path, jobs: usize) -> Report {
    let config = Config::discover(dir).expect("config");
    let mut report = check_with(dir, &config, &Options::with_jobs(jobs));
    report.stats.millis = 0;
    report
}

fn assert_same_on_one_and_two_threads(dir: &Path) {
    let one = run(dir, 1);
    let two = run(dir, 2);
    assert_eq!(one, two, "{} differs between --jobs 1 and 2", dir.display());
    assert_eq!(two, run(dir, 2), "{} differs between runs", dir.display());
}

#[test]
fn every_fixture_tree_gives_the_same_report_on_one_and_two_threads() {
    for rule in ["log-leak", "response-leak"] {
        for case in case_names(rule) {
            assert_same_on_one_and_two_threads(&case_dir(rule, &case));
        }
    }
    assert_same_on_one_and_two_threads(&fixtures_dir().join("../../examples/shop"));
}

#[test]
fn a_tree_without_personal_data_is_checked_the_same_on_any_thread_count() {
    // Such a tree is only parsed, on every core: errors keep their order.
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    fs::create_dir_all(&src).expect("src");
    for i in 0..40 {
        let text = if i % 7 == 3 {
            format!("fn broken_{i}( {{\n")
        } else {
            format!(
                "pub fn f_{i}(x: u32) -> u32 {{ x + {i} }}\n// datamin:allow(log-leak) kept for later\n"
            )
        };
        fs::write(src.join(format!("m{i:02}.rs")), text).expect("write");
    }
    let report = run(dir.path(), 2);
    assert_eq!(report.errors.len(), 6, "{:#?}", report.errors);
    assert_eq!(report.stats.files, 34);
    // Every suppression comment matches nothing.
    assert_eq!(report.findings.len(), 34);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule == "unused-suppression")
    );
    assert_same_on_one_and_two_threads(dir.path());
}
