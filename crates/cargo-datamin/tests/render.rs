//! Snapshot tests of every output format over a hand-built report.

mod common;

use cargo_datamin::render::{github, human, json, sarif};
use insta::assert_snapshot;

fn human_plain(report: &datamin_lint::Report) -> String {
    let sources = common::sources();
    human::render_with_sources(report, false, &mut |path| sources.get(path).cloned())
}

#[test]
fn human_output_of_the_sample_report() {
    assert_snapshot!(human_plain(&common::sample_report()));
}

#[test]
fn json_output_of_the_sample_report() {
    assert_snapshot!(json::render(&common::sample_report()));
}

/// The SARIF log with what belongs to the rule registry (owned by
/// datamin-lint and checked in `tests/sarif.rs`) replaced by placeholders, so
/// that editing a rule's documentation does not touch this snapshot.
#[test]
fn sarif_output_of_the_sample_report() {
    let mut log: serde_json::Value =
        serde_json::from_str(&sarif::render(&common::sample_report())).expect("valid JSON");
    let run = &mut log["runs"][0];
    run["tool"]["driver"]["rules"] = "<rules::ALL>".into();
    for result in run["results"].as_array_mut().expect("results") {
        result["ruleIndex"] = "<index of ruleId in rules::ALL>".into();
    }
    assert_snapshot!(serde_json::to_string_pretty(&log).expect("serializable"));
}

#[test]
fn github_output_of_the_sample_report() {
    assert_snapshot!(github::render(&common::sample_report()));
}
