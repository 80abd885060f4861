//! The SARIF output is valid SARIF 2.1.0 and carries what code scanning needs.

mod common;

use cargo_datamin::render::sarif::{self, FINGERPRINT_KEY};
use datamin_lint::rules;
use datamin_lint::{Level, Report};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = include_str!("schemas/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("the vendored schema is JSON");
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the vendored schema compiles")
}

fn schema_errors(log: &Value) -> Vec<String> {
    validator()
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn log_of(report: &Report) -> Value {
    serde_json::from_str(&sarif::render(report)).expect("SARIF output is JSON")
}

fn fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .expect("fingerprint")
                .to_owned()
        })
        .collect()
}

#[test]
fn sample_report_validates_against_the_sarif_schema() {
    let errors = schema_errors(&log_of(&common::sample_report()));
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn empty_report_validates_and_marks_the_run_successful() {
    let log = log_of(&Report {
        version: 1,
        ..Report::default()
    });
    assert!(schema_errors(&log).is_empty(), "{:#?}", schema_errors(&log));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn the_validator_rejects_a_log_that_breaks_the_schema() {
    let mut log = log_of(&common::sample_report());
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log.as_object_mut().expect("object").remove("version");
    assert_eq!(schema_errors(&log).len(), 2, "{:#?}", schema_errors(&log));
}

#[test]
fn file_errors_are_notifications_of_an_unsuccessful_run() {
    let log = log_of(&common::sample_report());
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["message"]["text"], "expected `;`");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn driver_lists_every_rule_with_its_default_level() {
    let log = log_of(&Report::default());
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "datamin");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let listed = driver["rules"].as_array().expect("rules");
    assert_eq!(listed.len(), rules::ALL.len());
    for (rule, info) in listed.iter().zip(rules::ALL) {
        let level = match info.default_level {
            Level::Deny => "error",
            Level::Warn => "warning",
            Level::Allow => "none",
        };
        assert_eq!(rule["id"], info.name);
        assert_eq!(rule["shortDescription"]["text"], info.summary);
        assert_eq!(rule["help"]["markdown"], info.doc());
        assert_eq!(rule["defaultConfiguration"]["level"], level);
        let full = rule["fullDescription"]["text"]
            .as_str()
            .expect("full description");
        assert!(!full.is_empty() && info.doc().contains(full), "{full}");
    }
}

#[test]
fn results_point_at_their_rule_by_index() {
    let log = log_of(&common::sample_report());
    for result in log["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(result["ruleId"], rules::ALL[index].name);
    }
}

#[test]
fn fingerprints_ignore_lines_so_edits_above_keep_alerts() {
    let report = common::sample_report();
    let mut moved = report.clone();
    for finding in &mut moved.findings {
        finding.line += 7;
        finding.end_line += 7;
        finding.column += 4;
        finding.end_column += 4;
    }
    assert_eq!(
        fingerprints(&log_of(&report)),
        fingerprints(&log_of(&moved))
    );
}

#[test]
fn fingerprints_tell_identical_findings_apart_and_change_with_the_field() {
    let mut report = common::sample_report();
    let mut twin = report.findings[1].clone();
    twin.line += 1;
    report.findings.push(twin);
    report.sort();
    let prints = fingerprints(&log_of(&report));
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "{prints:#?}");

    let mut other_field = common::sample_report();
    other_field.findings[1].field = Some("Customer.full_name".to_owned());
    assert_ne!(
        fingerprints(&log_of(&common::sample_report()))[1],
        fingerprints(&log_of(&other_field))[1]
    );
}

#[test]
fn results_about_personal_data_carry_category_and_fides_key() {
    let log = log_of(&common::sample_report());
    let properties: Vec<(&Value, &Value)> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (&r["ruleId"], &r["properties"]))
        .collect();
    assert_eq!(
        properties,
        [
            (
                &Value::from("log-leak"),
                &serde_json::json!({"category": "name", "taxonomy": "user.name"})
            ),
            (
                &Value::from("log-leak"),
                &serde_json::json!({"category": "email", "taxonomy": "user.contact.email"})
            ),
            // A result about a suppression has no property bag.
            (&Value::from("unused-suppression"), &Value::Null),
            (
                &Value::from("log-leak"),
                &serde_json::json!({"category": "phone", "taxonomy": "user.contact.phone_number"})
            ),
        ]
    );
}

#[test]
fn the_fides_key_is_not_part_of_the_fingerprint() {
    let mut without = common::sample_report();
    for finding in &mut without.findings {
        finding.taxonomy = None;
    }
    assert_eq!(
        fingerprints(&log_of(&common::sample_report())),
        fingerprints(&log_of(&without))
    );
}

/// The shop example's report, as `check` gives it.
fn shop_report() -> Report {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shop");
    let config = datamin_lint::Config::discover(&root).expect("the shop's configuration");
    datamin_lint::check(&root, &config)
}

#[test]
fn fixes_are_sarif_fixes_with_the_same_edits() {
    let report = shop_report();
    let log = log_of(&report);
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), report.findings.len());
    for (result, finding) in results.iter().zip(&report.findings) {
        let fixes = result["fixes"].as_array().expect("every finding has fixes");
        assert_eq!(fixes.len(), finding.fixes.len());
        for (fix, expected) in fixes.iter().zip(&finding.fixes) {
            assert_eq!(fix["description"]["text"], expected.message.as_str());
            assert_eq!(
                fix["properties"]["applicability"],
                expected.applicability.as_str()
            );
            let replacements: usize = fix["artifactChanges"]
                .as_array()
                .expect("changes")
                .iter()
                .map(|c| c["replacements"].as_array().expect("replacements").len())
                .sum();
            assert_eq!(replacements, expected.edits.len());
        }
    }
    // The `#[instrument]` finding of the login handler: its skip fix, exactly.
    let skip = results
        .iter()
        .flat_map(|r| r["fixes"].as_array().expect("fixes"))
        .find(|f| f["properties"]["kind"] == "skip-argument")
        .expect("a skip fix");
    assert_eq!(
        skip["artifactChanges"][0]["artifactLocation"]["uri"],
        "src/handlers/auth.rs"
    );
    assert_eq!(
        skip["artifactChanges"][0]["replacements"][0],
        serde_json::json!({
            "deletedRegion": {"startLine": 18, "startColumn": 24, "endLine": 18, "endColumn": 24},
            "insertedContent": {"text": ", req"}
        })
    );
}
