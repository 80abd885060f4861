//! Snapshots of the human output of every fixture tree of the test suite
//! (an `insta::glob!` over `tests/fixtures/<rule>/<case>`), and of the JSON
//! output of one, so a change of wording, of a fix or of a finding is
//! reviewed, not silently accepted. `cargo insta review` (or
//! `INSTA_UPDATE=always`) records a reviewed change.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
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
fn human_output_of_every_fixture_case() {
    let mut cases = 0;
    insta::glob!("../../../tests/fixtures", "*/*", |dir| {
        if !dir.is_dir() {
            return;
        }
        cases += 1;
        let (text, code) = run(dir, "human");
        // The exit code is part of what is pinned.
        insta::assert_snapshot!(format!("exit code {code}\n\n{text}"));
    });
    assert!(cases > 100, "only {cases} fixture cases found");
}

#[test]
fn json_output_of_cross_function_helpers() {
    let (text, code) = run(&fixtures().join("log-leak/cross_function_helpers"), "json");
    assert_eq!(code, 1);
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    doc["stats"]["millis"] = serde_json::Value::from(0);
    insta::assert_json_snapshot!(doc);
}
