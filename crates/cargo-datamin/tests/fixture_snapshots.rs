//! Snapshots of the human and JSON output for one fixture tree of the test
//! suite, so a change of wording or of findings is reviewed, not silently
//! accepted.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/log-leak")
        .join(case)
}

fn run(dir: &Path, format: &str) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-datamin"))
        .args(["datamin", "check", ".", "--format", format])
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
fn human_output_of_cross_function_helpers() {
    let (text, code) = run(&fixture("cross_function_helpers"), "human");
    assert_eq!(code, 1);
    insta::assert_snapshot!(text);
}

#[test]
fn json_output_of_cross_function_helpers() {
    let (text, code) = run(&fixture("cross_function_helpers"), "json");
    assert_eq!(code, 1);
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    doc["stats"]["millis"] = serde_json::Value::from(0);
    insta::assert_json_snapshot!(doc);
}
