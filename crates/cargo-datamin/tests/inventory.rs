//! `inventory`: reviewed snapshots of the data map of the example shop and
//! of a fixture tree with suppressions, and the promise that every open flow
//! is a finding of `check` and every finding an open flow.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-datamin"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cargo-datamin");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn inventory_of_the_shop() {
    let dir = repo("examples/shop");
    let (json, code) = run(&dir, &["inventory", "."]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("inventory_json_of_the_shop", json);
    let (markdown, code) = run(&dir, &["inventory", ".", "--format", "markdown"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("inventory_markdown_of_the_shop", markdown);
}

#[test]
fn inventory_with_suppressions() {
    let dir = repo("tests/fixtures/log-leak/suppressions");
    let (json, _) = run(&dir, &["inventory", "."]);
    insta::assert_snapshot!("inventory_json_with_suppressions", json);
    let (markdown, _) = run(&dir, &["inventory", ".", "--format", "markdown"]);
    insta::assert_snapshot!("inventory_markdown_with_suppressions", markdown);
}

/// (file, line, rule) of some flows or findings.
type Places = BTreeSet<(String, u64, String)>;

/// (file, line, rule) of the open flows, and of the leak findings of check.
fn open_flows_and_findings(dir: &Path) -> (Places, Places) {
    let (inv, _) = run(dir, &["inventory", "."]);
    let inv: Value = serde_json::from_str(&inv).expect("inventory JSON");
    let flows = inv["flows"]
        .as_array()
        .expect("flows")
        .iter()
        .filter(|f| f["status"] == "open")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let (check, _) = run(dir, &["check", ".", "--format", "json"]);
    let check: Value = serde_json::from_str(&check).expect("check JSON");
    let findings = check["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "log-leak" || f["rule"] == "response-leak")
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (flows, findings)
}

#[test]
fn every_open_flow_is_a_finding_and_every_finding_an_open_flow() {
    for rel in [
        "examples/shop",
        "tests/fixtures/log-leak/suppressions",
        "tests/fixtures/log-leak/column_sources_sqlx",
        "tests/fixtures/log-leak/function_sources",
        "tests/fixtures/response-leak/column_sources_responses",
    ] {
        let (flows, findings) = open_flows_and_findings(&repo(rel));
        assert!(!flows.is_empty(), "{rel}");
        assert_eq!(flows, findings, "{rel}");
    }
}

#[test]
fn a_baseline_makes_its_findings_baselined_flows() {
    let dir = repo("examples/shop");
    let baseline = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inventory-shop-baseline.json");
    let baseline = baseline.to_str().expect("UTF-8 path");
    let (_, code) = run(&dir, &["check", ".", "--write-baseline", baseline]);
    assert_eq!(code, 0);
    let (json, code) = run(&dir, &["inventory", ".", "--baseline", baseline]);
    assert_eq!(code, 0);
    let inv: Value = serde_json::from_str(&json).expect("inventory JSON");
    let statuses: BTreeSet<&str> = inv["flows"]
        .as_array()
        .expect("flows")
        .iter()
        .map(|f| f["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(statuses, BTreeSet::from(["baselined"]));
}
