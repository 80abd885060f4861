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

/// The example document of the specification (section 5), as written there.
const SPEC_EXAMPLE: &str = r#"{
  "version": 1,
  "findings": [
    {
      "rule": "log-leak",
      "level": "deny",
      "file": "src/orders.rs",
      "line": 42, "column": 5, "end_line": 42, "end_column": 61,
      "message": "`Customer.email` (email) reaches `tracing::info!`",
      "field": "Customer.email",
      "category": "email",
      "sink": "tracing::info!",
      "trace": [ { "file": "src/orders.rs", "line": 40, "note": "bound to `e`" } ]
    }
  ],
  "errors": [ { "file": "src/broken.rs", "line": 3, "column": 9, "message": "expected `;`" } ],
  "stats": { "files": 12, "personal_fields": 5, "millis": 8 }
}"#;

/// The report the example describes, with the fields JSON does not show set
/// to something that must not appear.
fn spec_example_report() -> datamin_lint::Report {
    let mut finding = common::finding(
        "log-leak",
        datamin_lint::Level::Deny,
        "src/orders.rs",
        (42, 5, 61),
        "`Customer.email` (email) reaches `tracing::info!`",
        Some(("Customer.email", "email")),
        Some("tracing::info!"),
        vec![common::step("src/orders.rs", 40, 13, 27, "bound to `e`")],
        "logged here",
        Some("log the id"),
    );
    finding.end_line = 42;
    datamin_lint::Report {
        version: 1,
        findings: vec![finding],
        errors: vec![datamin_lint::FileError {
            file: "src/broken.rs".to_owned(),
            line: Some(3),
            column: Some(9),
            message: "expected `;`".to_owned(),
        }],
        stats: datamin_lint::Stats {
            files: 12,
            personal_fields: 5,
            millis: 8,
            truncated: 0,
            sanitizers: Vec::new(),
        },
        ..Default::default()
    }
}

/// The example with the keys the specification lists as "added since" that
/// this report has: `taxonomy`, right after `category`.
fn spec_example_with_added_keys() -> String {
    let category = "\"category\": \"email\",\n";
    assert!(SPEC_EXAMPLE.contains(category));
    SPEC_EXAMPLE.replace(
        category,
        &format!("{category}      \"taxonomy\": \"user.contact.email\",\n"),
    )
}

#[test]
fn json_is_the_specification_document_with_its_key_order() {
    let rendered = json::render(&spec_example_report());
    let spec = spec_example_with_added_keys();
    let expected: serde_json::Value = serde_json::from_str(&spec).expect("SPEC example");
    let actual: serde_json::Value = serde_json::from_str(&rendered).expect("rendered JSON");
    assert_eq!(actual, expected);
    // Same names in the same order as the specification writes them.
    assert_eq!(key_order(&rendered), key_order(&spec));
    assert!(rendered.ends_with("}\n"), "{rendered:?}");
}

/// Every object key in document order.
fn key_order(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let token = &after[..end];
        let tail = &after[end + 1..];
        if tail.trim_start().starts_with(':') {
            keys.push(token.to_owned());
        }
        rest = tail;
    }
    keys
}

#[test]
fn human_output_is_colored_only_when_asked() {
    let sources = common::sources();
    let mut load = |path: &std::path::Path| sources.get(path).cloned();
    let report = common::sample_report();
    let colored = human::render_with_sources(&report, true, &mut load);
    let plain = human::render_with_sources(&report, false, &mut load);
    assert!(colored.contains("\u{1b}["), "{colored}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
}

#[test]
fn human_summary_of_a_clean_run() {
    let report = datamin_lint::Report {
        version: 1,
        stats: datamin_lint::Stats {
            files: 1,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        human::render_with_sources(&report, false, &mut |_| None),
        "datamin: no findings in 1 file\n"
    );
}

/// A trace step without a column underlines its whole line; a finding past
/// the end of its file (the file changed since) is shown without a snippet.
#[test]
fn human_output_when_positions_are_partial_or_stale() {
    let mut unknown_column = common::sample_report().findings[3].clone();
    unknown_column.trace = vec![common::step(
        "src/util/log.rs",
        2,
        0,
        0,
        "formatted into `line`",
    )];
    let mut stale = common::sample_report().findings[3].clone();
    stale.line = 40;
    stale.end_line = 40;
    stale.trace = vec![common::step(
        "src/util/log.rs",
        2,
        9,
        13,
        "formatted into `line`",
    )];
    let report = datamin_lint::Report {
        version: 1,
        findings: vec![unknown_column, stale],
        stats: datamin_lint::Stats {
            files: 1,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_snapshot!(human_plain(&report));
}

/// The same report gives the same bytes in every format.
#[test]
fn output_is_deterministic() {
    let report = common::sample_report();
    for _ in 0..3 {
        assert_eq!(human_plain(&report), human_plain(&common::sample_report()));
        assert_eq!(
            sarif::render(&report),
            sarif::render(&common::sample_report())
        );
        assert_eq!(
            json::render(&report),
            json::render(&common::sample_report())
        );
        assert_eq!(
            github::render(&report),
            github::render(&common::sample_report())
        );
    }
}

#[test]
fn github_escapes_messages_and_properties() {
    let mut finding = common::sample_report().findings[1].clone();
    finding.file = "src/a,b:c.rs".to_owned();
    finding.message = "50% of\r\nit".to_owned();
    let report = datamin_lint::Report {
        version: 1,
        findings: vec![finding],
        ..Default::default()
    };
    assert_eq!(
        github::render(&report),
        "::error file=src/a%2Cb%3Ac.rs,line=6,col=5,endLine=6,endColumn=19,title=log-leak::50%25 of%0D%0Ait\n"
    );
}

/// Positions from a stale or odd report (column 0, past the end of the line
/// or file, end before start) never panic the renderer.
#[test]
fn human_output_survives_any_position() {
    let sources = common::sources();
    let base = common::sample_report().findings[3].clone();
    for line in 0..8 {
        for column in [0, 1, 4, 5, 30, 200] {
            for end_column in [0, 1, 6, 300] {
                let mut finding = base.clone();
                finding.line = line;
                finding.end_line = line.saturating_sub(1);
                finding.column = column;
                finding.end_column = end_column;
                finding.trace = vec![
                    common::step("src/util/log.rs", line + 1, end_column, column, "a"),
                    common::step("src/util/log.rs", 99, column, end_column, "b"),
                ];
                let report = datamin_lint::Report {
                    version: 1,
                    findings: vec![finding],
                    ..Default::default()
                };
                let text = human::render_with_sources(&report, false, &mut |path| {
                    sources.get(path).cloned()
                });
                assert!(text.starts_with("error[log-leak]: "), "{text}");
                assert!(text.ends_with("datamin: 1 error in 0 files\n"), "{text}");
            }
        }
    }
}

/// Columns count characters, not bytes, in the location line and the caret.
#[test]
fn human_columns_count_characters() {
    let mut finding = common::sample_report().findings[3].clone();
    finding.trace.clear();
    finding.line = 1;
    finding.end_line = 1;
    finding.column = 12;
    finding.end_column = 20;
    let report = datamin_lint::Report {
        version: 1,
        findings: vec![finding],
        ..Default::default()
    };
    let text = human::render_with_sources(&report, false, &mut |_| {
        Some("let café = println!(\"{café}\");\n".to_owned())
    });
    assert!(text.contains("--> src/util/log.rs:1:12\n"), "{text}");
    assert!(
        text.contains("\n  |            ^^^^^^^^ printed here\n"),
        "{text}"
    );
}
