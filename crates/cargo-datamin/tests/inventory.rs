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

/// Debian's Chromium, if the machine has it (`.ci/run` installs it).
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

#[test]
fn the_html_report_loads_in_a_browser_with_one_edge_per_flow() {
    let dir = repo("examples/shop");
    let (html, code) = run(&dir, &["inventory", ".", "--format", "html"]);
    assert_eq!(code, 0);
    let (json, _) = run(&dir, &["inventory", "."]);
    let inv: Value = serde_json::from_str(&json).expect("inventory JSON");
    let flows = inv["flows"].as_array().expect("flows").len();
    assert_eq!(html.matches("<path class=\"edge ").count(), flows);
    // Self-contained: nothing to fetch (the SVG namespace is a name, not a request).
    for needle in ["src=", "href=", "@import", "url(", "https://"] {
        assert!(!html.contains(needle), "the report refers to {needle}");
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inventory-browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("scratch");
    let page = out.join("shop-inventory.html");
    std::fs::write(&page, &html).expect("written");
    let Some(browser) = chromium() else {
        eprintln!(
            "SKIPPED: no Chromium at /usr/bin/chromium; `.ci/run` installs Debian's `chromium` \
             (apt-get install chromium) to run this check"
        );
        return;
    };
    let netlog = out.join("netlog.json");
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../inventory-shop.png");
    let common = |extra: &[String]| {
        let mut cmd = Command::new(&browser);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", out.join("profile").display()))
        .args(extra)
        .arg(format!("file://{}", page.display()));
        cmd.output().expect("chromium runs")
    };
    let dom = common(&[
        "--dump-dom".to_owned(),
        format!("--log-net-log={}", netlog.display()),
    ]);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        dom_text.matches("class=\"edge ").count(),
        flows,
        "edges in the loaded page"
    );
    let log = String::from_utf8_lossy(&dom.stderr);
    assert!(
        !log.contains("CONSOLE") && !log.contains("Uncaught"),
        "console messages while loading: {log}"
    );
    // Requests the page made (the browser's own, such as its clock check,
    // have no origin).
    let netlog_text = std::fs::read_to_string(&netlog).expect("the browser wrote its net log");
    let log_json: Value = serde_json::from_str(&netlog_text).expect("net log JSON");
    let page_requests: Vec<&Value> = log_json["events"]
        .as_array()
        .expect("net log events")
        .iter()
        .filter(|e| {
            e["params"]["initiator"]
                .as_str()
                .is_some_and(|i| i != "not an origin")
        })
        .collect();
    assert!(
        page_requests.is_empty(),
        "the page made requests: {page_requests:?}"
    );
    let shot = common(&[
        format!("--screenshot={}", screenshot.display()),
        "--window-size=1200,1800".to_owned(),
    ]);
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    assert!(
        screenshot.exists(),
        "screenshot at {}",
        screenshot.display()
    );
}
