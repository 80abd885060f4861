//! The built binary: arguments, exit codes and output over fixture trees.
//!
//! Tests marked "needs the engine" below rely on `datamin_lint::check`
//! reporting findings and parse errors; they fail until the analysis lands.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

/// Exit code, stdout and stderr of `cargo-datamin ARGS` run in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-datamin"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("exited normally"),
        String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    )
}

/// `cargo-datamin ARGS` run in the package directory (fixtures are under `tests/fixtures`).
fn run(args: &[&str]) -> (i32, String, String) {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Writes a Rust file that is not valid UTF-8 at line 2, column 4.
fn write_non_utf8(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("directory");
    std::fs::write(path, b"fn main() {}\n// \xff\n").expect("written");
}

/// The JSON output with `stats.millis` (the one value that varies) set to 0.
fn json_of(stdout: &str) -> Value {
    let mut value: Value = serde_json::from_str(stdout).expect("JSON output");
    value["stats"]["millis"] = json!(0);
    value
}

const CLEAN_JSON: &str = r#"{
  "version": 1,
  "findings": [],
  "errors": [],
  "stats": {
    "files": 1,
    "personal_fields": 0,
    "millis": 0
  }
}
"#;

#[test]
fn clean_tree_gives_the_empty_json_document_and_exit_0() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/clean", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let millis_at = stdout.find("\"millis\": ").expect("millis") + "\"millis\": ".len();
    let digits = stdout[millis_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    let normalized = format!("{}0{}", &stdout[..millis_at], &stdout[millis_at + digits..]);
    assert_eq!(normalized, CLEAN_JSON);
}

#[test]
fn leading_datamin_argument_is_skipped_as_cargo_passes_it() {
    let direct = run(&["check", "tests/fixtures/clean", "--format", "human"]);
    let via_cargo = run(&[
        "datamin",
        "check",
        "tests/fixtures/clean",
        "--format",
        "human",
    ]);
    assert_eq!(
        via_cargo,
        (
            0,
            "datamin: no findings in 1 file\n".to_owned(),
            String::new()
        )
    );
    assert_eq!(direct, via_cargo);
    assert_eq!(
        run(&["datamin", "explain", "log-leak"]),
        run(&["explain", "log-leak"])
    );
}

#[test]
fn path_defaults_to_the_current_directory() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let (code, stdout, stderr) = run_in(&dir, &["check"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "datamin: no findings in 1 file\n", "")
    );
}

#[test]
fn nonexistent_path_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/clean", "tests/fixtures/nope"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: cannot check tests/fixtures/nope: No such file or directory (os error 2)\n"
    );
}

#[test]
fn unknown_rule_in_configuration_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/bad-config"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with(
            "error: unknown rule `log-leek` in tests/fixtures/bad-config/datamin.toml; known rules: log-leak, "
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn invalid_toml_configuration_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/bad-toml", "--format", "json"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr
            .starts_with("error: invalid configuration in tests/fixtures/bad-toml/datamin.toml: "),
        "{stderr}"
    );
}

#[test]
fn missing_config_file_is_a_usage_error() {
    let (code, stdout, stderr) = run(&[
        "check",
        "tests/fixtures/clean",
        "--config",
        "tests/fixtures/none.toml",
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: cannot read tests/fixtures/none.toml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn given_config_overrides_the_discovered_one() {
    // bad-config's own datamin.toml is invalid; --config replaces it.
    let dir = scratch("given-config");
    std::fs::write(dir.join("ok.toml"), "[rules]\nlog-leak = \"warn\"\n").expect("written");
    let config = dir.join("ok.toml");
    let (code, stdout, stderr) = run(&[
        "check",
        "tests/fixtures/bad-config",
        "--config",
        config.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "datamin: no findings in 0 files\n", "")
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let (code, stdout, stderr) = run(&["explain", "unused-suppression"]);
    let doc = datamin_lint::rules::find("unused-suppression")
        .expect("unused-suppression exists")
        .doc();
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, format!("{}\n", doc.trim_end()));
    assert!(stdout.starts_with("# unused-suppression\n"), "{stdout}");
}

/// The Fides keys as `explain` prints them after the documentation of a rule
/// that reports personal data.
const TAXONOMY_TABLE: &str = "\
## Categories

A finding names the category of the personal field (`category` in JSON)
and its Fides (fideslang) data category key (`taxonomy` in JSON and in
SARIF result properties), to join findings with records of processing:

| category        | Fides key                        |
|-----------------|----------------------------------|
| `name`          | `user.name`                      |
| `email`         | `user.contact.email`             |
| `phone`         | `user.contact.phone_number`      |
| `address`       | `user.contact.address`           |
| `location`      | `user.location`                  |
| `ip_address`    | `user.device.ip_address`         |
| `device_id`     | `user.device.device_id`          |
| `government_id` | `user.government_id`             |
| `date_of_birth` | `user.demographic.date_of_birth` |
| `financial`     | `user.financial`                 |
| `health`        | `user.health_and_medical`        |
| `biometric`     | `user.biometric`                 |
| `credentials`   | `user.authorization.credentials` |
| `other`         | `user`                           |
";

#[test]
fn explain_of_a_personal_data_rule_ends_with_the_fides_keys() {
    for rule in ["log-leak", "response-leak"] {
        let (code, stdout, stderr) = run(&["explain", rule]);
        let doc = datamin_lint::rules::find(rule).expect("rule exists").doc();
        assert_eq!((code, stderr.as_str()), (0, ""));
        assert_eq!(
            stdout,
            format!("{}\n\n{TAXONOMY_TABLE}", doc.trim_end()),
            "{rule}"
        );
        assert!(stdout.starts_with(&format!("# {rule}\n")), "{stdout}");
    }
    for rule in ["suppression-without-reason", "unused-suppression"] {
        let (_, stdout, _) = run(&["explain", rule]);
        assert!(!stdout.contains("Fides"), "{rule}: {stdout}");
    }
}

#[test]
fn explain_without_a_rule_lists_every_rule() {
    let (code, listing, stderr) = run(&["explain"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(listing.starts_with("Rules (name, default level, what it reports):\n\n"));
    for rule in datamin_lint::rules::ALL {
        let line = listing
            .lines()
            .find(|l| l.trim_start().starts_with(rule.name))
            .expect("listed");
        let words: Vec<&str> = line.split_whitespace().take(2).collect();
        assert_eq!(words, [rule.name, rule.default_level.as_str()]);
        assert!(line.ends_with(rule.summary), "{line}");
    }
    assert_eq!(
        run(&["explain", "--list"]),
        (0, listing.clone(), String::new())
    );
    assert_eq!(run(&["explain", "rules"]), (0, listing, String::new()));
}

#[test]
fn explain_of_an_unknown_rule_exits_2_with_the_list() {
    let (code, stdout, stderr) = run(&["explain", "nope"]);
    let (_, listing, _) = run(&["explain"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, format!("error: unknown rule `nope`\n\n{listing}"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let (code, stdout, stderr) = run(&["check", "--format", "xml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("error: invalid value 'xml' for '--format <FORMAT>'"),
        "{stderr}"
    );
    assert_eq!(run(&[]).0, 2);
    assert_eq!(run(&["lint"]).0, 2);
}

#[test]
fn version_is_printed() {
    let expected = format!("cargo-datamin {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(run(&["--version"]), (0, expected, String::new()));
}

#[test]
fn unreadable_file_is_an_error_entry_with_position_and_exit_2() {
    let dir = scratch("non-utf8");
    write_non_utf8(&dir.join("tree/src/bad.rs"));
    std::fs::write(dir.join("tree/src/fine.rs"), "pub fn fine() {}\n").expect("written");
    let (code, stdout, stderr) = run_in(&dir, &["check", "tree", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (2, ""));
    let report = json_of(&stdout);
    assert_eq!(
        report["errors"],
        json!([{"file": "src/bad.rs", "line": 2, "column": 4, "message": "file is not valid UTF-8"}])
    );
    assert_eq!(report["findings"], json!([]));
}

#[test]
fn human_output_lists_file_errors_and_counts_them() {
    let dir = scratch("human-errors");
    write_non_utf8(&dir.join("tree/bad.rs"));
    let (code, stdout, stderr) = run_in(&dir, &["check", "tree"]);
    assert_eq!((code, stderr.as_str()), (2, ""));
    assert_eq!(
        stdout,
        "error: tree/bad.rs:2:4: file is not valid UTF-8\n\n\
         datamin: no findings in 0 files (1 file could not be analysed)\n"
    );
}

#[test]
fn several_paths_are_merged_with_their_path_in_file_names() {
    let dir = scratch("multi");
    write_non_utf8(&dir.join("a/bad.rs"));
    write_non_utf8(&dir.join("b/src/bad.rs"));
    let (code, stdout, _) = run_in(&dir, &["check", "b", "./a/", "--format", "json"]);
    assert_eq!(code, 2);
    let files: Vec<Value> = json_of(&stdout)["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["file"].clone())
        .collect();
    assert_eq!(files, [json!("a/bad.rs"), json!("b/src/bad.rs")]);

    // One PATH: JSON names files relative to it (the contract); annotations
    // are relative to the current directory so GitHub can place them.
    let (_, stdout, _) = run_in(&dir, &["check", "b", "--format", "json"]);
    assert_eq!(json_of(&stdout)["errors"][0]["file"], "src/bad.rs");
    let (code, stdout, _) = run_in(&dir, &["check", "b", "--format", "github"]);
    assert_eq!(code, 2);
    assert_eq!(
        stdout,
        "::error file=b/src/bad.rs,line=2,col=4,title=datamin could not analyse this file::file is not valid UTF-8\n"
    );
}

#[test]
fn sarif_run_with_a_file_error_is_unsuccessful() {
    let dir = scratch("sarif-error");
    write_non_utf8(&dir.join("tree/bad.rs"));
    let (code, stdout, _) = run_in(&dir, &["check", "tree", "--format", "sarif"]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"],
        json!({
            "artifactLocation": {"uri": "tree/bad.rs", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2, "startColumn": 4}
        })
    );
}

#[test]
fn missing_or_malformed_baseline_is_a_usage_error() {
    let (code, stdout, stderr) = run(&[
        "check",
        "tests/fixtures/clean",
        "--baseline",
        "tests/fixtures/baselines/none.json",
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "error: cannot read baseline tests/fixtures/baselines/none.json: No such file or directory (os error 2)\n"
    );
    let (code, stdout, stderr) = run(&[
        "check",
        "tests/fixtures/clean",
        "--baseline",
        "tests/fixtures/baselines/malformed.json",
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with("error: invalid baseline tests/fixtures/baselines/malformed.json: "),
        "{stderr}"
    );
}

#[test]
fn write_baseline_of_a_clean_tree_is_an_empty_baseline() {
    let dir = scratch("write-baseline");
    let file = dir.join("baseline.json");
    let shown = file.to_str().expect("UTF-8 path");
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/clean", "--write-baseline", shown]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "datamin: no findings in 1 file\n");
    assert_eq!(
        stderr,
        format!("datamin: wrote 0 findings to baseline {shown}\n")
    );
    let written = std::fs::read_to_string(&file).expect("baseline written");
    assert_eq!(written, "{\n  \"version\": 1,\n  \"findings\": []\n}\n");
    let (code, _, stderr) = run(&["check", "tests/fixtures/clean", "--baseline", shown]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

// ---------------------------------------------------------------------------
// Needs the engine: these expect findings and parse errors from
// `datamin_lint::check`, which reports neither until the analysis lands.
// ---------------------------------------------------------------------------

/// needs the engine (parse errors)
#[test]
fn syntax_error_is_an_error_entry_with_position_and_exit_2() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/syntax-error", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (2, ""));
    let report = json_of(&stdout);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{stdout}");
    assert_eq!(errors[0]["file"], "src/broken.rs");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], 5);
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("expected `;`")),
        "{stdout}"
    );
    assert_eq!(report["findings"], json!([]));
}

/// needs the engine (findings)
#[test]
fn leaky_tree_reports_the_leak_in_every_format_and_exits_1() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/leaky", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let report = json_of(&stdout);
    let findings = report["findings"].as_array().expect("findings");
    // The suppressed leak in `forward` and the clean `customer.id` line are not reported.
    assert_eq!(findings.len(), 1, "{stdout}");
    let leak = &findings[0];
    assert_eq!(leak["rule"], "log-leak");
    assert_eq!(leak["level"], "deny");
    assert_eq!(leak["file"], "src/orders.rs");
    assert_eq!(
        (leak["line"].clone(), leak["column"].clone()),
        (json!(5), json!(5))
    );
    assert_eq!(leak["field"], "Customer.email");
    assert_eq!(leak["category"], "email");
    assert_eq!(leak["sink"], "tracing::info!");
    let trace = leak["trace"].as_array().expect("trace");
    assert!(
        trace
            .iter()
            .any(|s| s["file"] == "src/orders.rs" && s["line"] == 4),
        "{stdout}"
    );
    assert_eq!(report["errors"], json!([]));
    assert_eq!(report["stats"]["personal_fields"], 1);

    let (code, human, _) = run(&["check", "tests/fixtures/leaky"]);
    assert_eq!(code, 1);
    assert!(human.starts_with("error[log-leak]: "), "{human}");
    assert!(
        human.contains("--> tests/fixtures/leaky/src/orders.rs:5:5\n"),
        "{human}"
    );
    assert!(
        human.contains("5 |     tracing::info!(email = %e, \"order placed\");\n"),
        "{human}"
    );
    assert!(human.ends_with("datamin: 1 error in 2 files\n"), "{human}");

    let (code, github, _) = run(&["check", "tests/fixtures/leaky", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        github.starts_with("::error file=tests/fixtures/leaky/src/orders.rs,line=5,col=5,"),
        "{github}"
    );
    assert_eq!(github.lines().count(), 1, "{github}");
}

/// needs the engine (findings)
#[test]
fn baseline_accepts_current_findings_and_catches_new_ones() {
    let dir = scratch("baseline-flow");
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("src")).expect("tree");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/leaky/src");
    for name in ["models.rs", "orders.rs"] {
        std::fs::copy(fixture.join(name), tree.join("src").join(name)).expect("copied");
    }
    let (code, _, stderr) = run_in(&dir, &["check", "tree", "--write-baseline", "b.json"]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, "datamin: wrote 1 finding to baseline b.json\n")
    );

    // An edit above the finding moves it; the baseline still matches.
    let orders = std::fs::read_to_string(tree.join("src/orders.rs")).expect("read");
    let moved = format!("// moved down\n\n{orders}");
    std::fs::write(tree.join("src/orders.rs"), &moved).expect("written");
    let (code, stdout, stderr) = run_in(&dir, &["check", "tree", "--baseline", "b.json"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        stderr,
        "datamin: 1 finding recorded in baseline b.json not reported\n"
    );

    // A second, identical leak is new.
    let doubled = moved.replace(
        "tracing::info!(customer_id = customer.id, \"order placed\");",
        "tracing::info!(email = %e, \"order placed\");",
    );
    std::fs::write(tree.join("src/orders.rs"), doubled).expect("written");
    let (code, stdout, _) = run_in(
        &dir,
        &["check", "tree", "--baseline", "b.json", "--format", "json"],
    );
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        json_of(&stdout)["findings"]
            .as_array()
            .expect("findings")
            .len(),
        1
    );
}

/// needs the engine (findings)
#[test]
fn json_findings_carry_the_fides_key_right_after_the_category() {
    let dir = scratch("taxonomy");
    std::fs::create_dir_all(dir.join("tree/src")).expect("directory");
    std::fs::write(
        dir.join("tree/src/lib.rs"),
        "pub struct Visit {\n    #[personal(email)]\n    pub email: String,\n    \
         #[personal(ip_address)]\n    pub ip: String,\n}\n\
         pub fn log(visit: &Visit) {\n    println!(\"{}\", visit.email);\n    \
         println!(\"{}\", visit.ip);\n}\n\
         // datamin:allow(log-leak) nothing here\n",
    )
    .expect("written");
    let (code, stdout, stderr) = run_in(&dir, &["check", "tree", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let report = json_of(&stdout);
    let findings = report["findings"].as_array().expect("findings");
    let keys = |f: &Value| {
        (
            f["rule"].clone(),
            f["field"].clone(),
            f["category"].clone(),
            f["taxonomy"].clone(),
        )
    };
    let found: Vec<_> = findings.iter().map(keys).collect();
    assert_eq!(
        found,
        [
            (
                json!("log-leak"),
                json!("Visit.email"),
                json!("email"),
                json!("user.contact.email")
            ),
            (
                json!("log-leak"),
                json!("Visit.ip"),
                json!("ip_address"),
                json!("user.device.ip_address")
            ),
            // A finding about a suppression has neither.
            (
                json!("unused-suppression"),
                Value::Null,
                Value::Null,
                Value::Null
            ),
        ],
        "{stdout}"
    );
    let email = stdout.find("\"category\": \"email\",").expect("category");
    assert!(
        stdout[email..]
            .starts_with("\"category\": \"email\",\n      \"taxonomy\": \"user.contact.email\",\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("\"taxonomy\"").count(), 2, "{stdout}");
}

#[test]
fn jobs_changes_nothing_in_the_output() {
    let tree = "../../tests/fixtures/log-leak/cross_function_helpers";
    let (one_code, one, _) = run(&["check", tree, "--format", "sarif", "--jobs", "1"]);
    let (two_code, two, _) = run(&["check", tree, "--format", "sarif", "--jobs", "2"]);
    assert_eq!(one_code, 1);
    assert_eq!((one_code, one), (two_code, two));
}

#[test]
fn zero_jobs_is_a_usage_error() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/clean", "--jobs", "0"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("--jobs"), "{stderr}");
}

#[test]
fn a_hit_analysis_bound_is_counted_in_json_and_said_in_the_summary() {
    let dir = scratch("truncated");
    let depth = 1_500;
    let text = format!(
        "pub struct User {{\n    #[personal(email)]\n    pub email: String,\n}}\n\
         pub fn deep(user: &User) {} println!(\"{{}}\", user.email); {}\n",
        "{".repeat(depth),
        "}".repeat(depth)
    );
    std::fs::create_dir_all(dir.join("tree/src")).expect("directory");
    std::fs::write(dir.join("tree/src/lib.rs"), text).expect("written");
    let (code, stdout, _) = run_in(&dir, &["check", "tree", "--format", "json"]);
    assert_eq!(code, 0);
    let report = json_of(&stdout);
    assert_eq!(
        report["stats"],
        json!({"files": 1, "personal_fields": 1, "millis": 0, "truncated": 1})
    );
    let (_, stdout, _) = run_in(&dir, &["check", "tree"]);
    assert_eq!(
        stdout,
        "datamin: no findings in 1 file; an analysis bound was hit 1 time, \
         so findings may be missing\n"
    );
}

#[test]
fn suggest_lists_fixes_and_then_has_nothing_left() {
    let dir = scratch("suggest");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(
        dir.join("src/lib.rs"),
        "#[derive(Debug)]\npub struct Member {\n    pub id: u64,\n    pub email: String,\n    pub email_verified: bool,\n}\n",
    )
    .expect("written");
    let (code, stdout, stderr) = run_in(&dir, &["suggest", ".", "--format", "json"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        value,
        json!({"version": 1, "suggestions": [{"file": "src/lib.rs", "line": 4, "type": "Member",
            "field": "email", "category": "email", "confidence": 0.99}]})
    );
    let (code, stdout, _) = run_in(&dir, &["suggest"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "src/lib.rs:4: `Member.email` is probably personal: add `#[personal(email)]` (confidence 0.99)\n\
         datamin: 1 suggestion (`--fix` adds them)\n"
    );
    let (code, stdout, _) = run_in(&dir, &["suggest", "--fix"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "src/lib.rs: annotated `Member.email`; `datamin::Personal` derived on `Member`\n\
         datamin: annotated 1 field in 1 file\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("src/lib.rs")).expect("read"),
        "#[derive(Debug, datamin::Personal)]\npub struct Member {\n    pub id: u64,\n    #[personal(email)]\n    pub email: String,\n    pub email_verified: bool,\n}\n"
    );
    let (code, stdout, _) = run_in(&dir, &["suggest", "--fix"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "datamin: annotated 0 fields in 0 files\n")
    );
    let (code, _, stderr) = run_in(&dir, &["suggest", "--min-confidence", "2"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: --min-confidence must be between 0 and 1, not 2\n"
        )
    );
}

#[test]
fn config_prints_the_effective_configuration_and_rules_the_levels() {
    let dir = scratch("config");
    std::fs::write(
        dir.join("datamin.toml"),
        "exclude = [\"generated\"]\n[rules]\nlog-leak = \"warn\"\n\n[[sources]]\ncolumn = \"users.email\"\ncategory = \"email\"\n",
    )
    .expect("written");
    let (code, stdout, stderr) = run_in(&dir, &["config"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "# datamin's configuration, read from ./datamin.toml\n\n\
         exclude = [\"generated\"]\n\
         sanitizers = []\n\
         errors_keep_input = []\n\
         sinks = []\n\n\
         [rules]\n\
         log-leak = \"warn\"\n\
         response-leak = \"deny\"\n\
         suppression-without-reason = \"deny\"\n\
         unmarked-personal-field = \"warn\"\n\
         unused-suppression = \"warn\"\n\n\
         [[sources]]\n\
         column = \"users.email\"\n\
         category = \"email\"\n\n\
         [infer]\n\
         ignore = []\n\n\
         [infer.extra]\n"
    );
    // What it prints is a configuration that means the same.
    let printed = datamin_lint::Config::from_toml_str(&stdout, "printed").expect("valid TOML");
    let read = datamin_lint::Config::from_file(&dir.join("datamin.toml")).expect("valid");
    assert_eq!(printed.column_sources(), read.column_sources());
    assert_eq!(printed.level("log-leak"), read.level("log-leak"));
    assert_eq!(printed.exclude, read.exclude);

    let (code, stdout, _) = run_in(&dir, &["rules"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("Rules (name, default level, level in ./datamin.toml, what it reports):\n\n  log-leak                    deny   warn   a personal value"),
        "{stdout}"
    );
    let (code, stdout, _) = run_in(&scratch("config-none"), &["config"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("# datamin's configuration: none found, the defaults apply\n"),
        "{stdout}"
    );
    let (code, _, stderr) = run_in(&dir, &["config", "missing-dir"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: cannot read the configuration of missing-dir: "),
        "{stderr}"
    );
}
