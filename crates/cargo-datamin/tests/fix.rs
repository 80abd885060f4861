//! `check --fix` and `--fix-unsafe` on copies of real trees: what they
//! change, what they leave, and that a second run changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-datamin"))
        .arg("datamin")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cargo-datamin");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh copy of the tree `from` for one test.
fn copy_of(from: &Path, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fix")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(from, &dir);
    dir
}

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

fn shop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shop")
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).expect("readable")
}

/// The lines of `file` that differ between the two trees, as `-`/`+` pairs.
fn changed_lines(before: &Path, after: &Path, file: &str) -> Vec<String> {
    let (a, b) = (read(before, file), read(after, file));
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    assert_eq!(a.len() + added(&a, &b), b.len(), "{file}");
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && j < b.len() && a.get(i + 1) == b.get(j + 1) {
            out.push(format!("-{}", a[i]));
            out.push(format!("+{}", b[j]));
            i += 1;
            j += 1;
        } else {
            out.push(format!("+{}", b[j]));
            j += 1;
        }
    }
    out
}

/// How many lines `b` has more than `a`.
fn added(a: &[&str], b: &[&str]) -> usize {
    b.len().saturating_sub(a.len())
}

const SAFE_LOG: &str = "\
datamin: fixed src/error.rs: derive `datamin::RedactedDebug` instead of `Debug` on `AppError` (src/error.rs:11) (for src/error.rs:70)
datamin: fixed src/handlers/auth.rs: skip `req` in `#[instrument]` (for src/handlers/auth.rs:18)
datamin: fixed src/handlers/auth.rs: wrap `email` in `datamin::Redacted::new(..)` (for src/handlers/auth.rs:25)
datamin: fixed src/handlers/customers.rs: wrap `customer.email` in `datamin::Redacted::new(..)` (for src/handlers/customers.rs:41)
datamin: fixed src/models.rs: derive `datamin::RedactedDebug` instead of `Debug` on `Customer` (src/models.rs:31) (for src/repo.rs:75)
datamin: fixed src/notify.rs: wrap `email` in `datamin::Redacted::new(..)` (for src/notify.rs:50)
datamin: applied 6 fixes in 5 files
";

#[test]
fn fix_applies_the_machine_applicable_fixes_and_reports_the_rest() {
    let dir = copy_of(&shop(), "shop-safe");
    let (code, stdout, stderr) = run_in(&dir, &["check", "--fix", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, SAFE_LOG);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let left: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().expect("file").to_owned(),
                f["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            ("src/handlers/customers.rs".to_owned(), 78),
            ("src/handlers/orders.rs".to_owned(), 110),
        ]
    );
    assert_eq!(
        changed_lines(&shop(), &dir, "src/handlers/auth.rs"),
        [
            "-#[instrument(skip(state))] //~ log-leak",
            "+#[instrument(skip(state, req))] //~ log-leak",
            "-        warn!(\"login failed for {}\", email); //~ log-leak",
            "+        warn!(\"login failed for {}\", datamin::Redacted::new(&email)); //~ log-leak",
        ]
    );
    assert_eq!(
        changed_lines(&shop(), &dir, "src/notify.rs"),
        [
            "-        tracing::info!(\"sending welcome mail to {email}\"); //~ log-leak",
            "+        tracing::info!(\"sending welcome mail to {email}\", email = datamin::Redacted::new(&email)); //~ log-leak",
        ]
    );
    assert_eq!(
        changed_lines(&shop(), &dir, "src/models.rs"),
        [
            "-#[derive(Debug, Clone, Serialize, Personal)]",
            "+#[derive(datamin::RedactedDebug, Clone, Serialize, Personal)]",
        ]
    );
    // No suppression was written, and nothing changes the second time.
    assert!(!read(&dir, "src/handlers/auth.rs").contains("datamin:allow"));
    let before_second: Vec<String> = ["src/error.rs", "src/models.rs", "src/handlers/auth.rs"]
        .iter()
        .map(|f| read(&dir, f))
        .collect();
    let (code, _, stderr) = run_in(&dir, &["check", "--fix", "--format", "json"]);
    assert_eq!(
        (code, stderr.as_str()),
        (1, "datamin: applied 0 fixes in 0 files\n")
    );
    let after_second: Vec<String> = ["src/error.rs", "src/models.rs", "src/handlers/auth.rs"]
        .iter()
        .map(|f| read(&dir, f))
        .collect();
    assert_eq!(before_second, after_second);
}

#[test]
fn fix_unsafe_also_changes_what_responses_contain() {
    let dir = copy_of(&shop(), "shop-unsafe");
    let (code, _, stderr) = run_in(&dir, &["check", "--fix", "--fix-unsafe"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "datamin: fixed src/models.rs: mark `Customer.email`, `Customer.full_name`, \
             `Customer.phone` and `Customer.shipping_address` `#[serde(skip_serializing)]` \
             (for src/handlers/customers.rs:78)\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("datamin: applied 7 fixes in 5 files\n"),
        "{stderr}"
    );
    let models = read(&dir, "src/models.rs");
    let before = read(&shop(), "src/models.rs");
    assert_eq!(
        models.matches("#[serde(skip_serializing)]").count(),
        before.matches("#[serde(skip_serializing)]").count() + 4
    );
    assert!(models.contains("    #[serde(skip_serializing)]\n    #[personal(email)]\n"));
}

#[test]
fn fix_unsafe_needs_fix() {
    let (code, _, stderr) = run_in(&shop(), &["check", "--fix-unsafe"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--fix"), "{stderr}");
}

#[test]
fn files_that_do_not_parse_are_left_alone_and_the_rest_is_fixed() {
    let dir = copy_of(&shop(), "shop-broken");
    let broken = "fn broken( {\n    println!(\"{}\", 1);\n";
    std::fs::write(dir.join("src/broken.rs"), broken).expect("write");
    let (code, _, stderr) = run_in(&dir, &["check", "--fix"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("datamin: applied 6 fixes in 5 files\n"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "src/broken.rs"), broken);
}

#[test]
fn an_unused_suppression_is_removed_and_one_without_reason_is_kept() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix/suppressions");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("dir");
    let text = "\
#[derive(datamin::Personal)]
pub struct User {
    pub id: u64,
    #[personal(email)]
    pub email: String,
}

pub fn sent(user: &User) {
    // datamin:allow(log-leak) the relay's audit log
    tracing::info!(user_id = user.id, \"sent\");
    tracing::info!(user_id = user.id, \"again\"); // datamin:allow(log-leak) stale
    // datamin:allow(log-leak)
    tracing::info!(user_id = user.id, \"third\");
}
";
    std::fs::write(dir.join("src/lib.rs"), text).expect("write");
    let (code, stdout, stderr) = run_in(&dir, &["check", "--fix", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        read(&dir, "src/lib.rs"),
        text.replace("    // datamin:allow(log-leak) the relay's audit log\n", "")
            .replace(" // datamin:allow(log-leak) stale", "")
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    // The one without a reason stays reported: its fix has a placeholder.
    assert_eq!(rules, ["suppression-without-reason"]);
}

/// The shop's manifest as a crate of its own (outside the workspace), with
/// datamin by path and the repository's lock file, so `cargo check
/// --offline` builds it with what the workspace already fetched.
fn standalone_shop(dir: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let manifest = read(&shop(), "Cargo.toml");
    let datamin = repo.join("crates/datamin").canonicalize().expect("datamin");
    let manifest = manifest
        .replace("rust-version.workspace = true\n", "")
        .replace("version.workspace = true", "version = \"0.1.0\"")
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace("license.workspace = true\n", "")
        .replace(
            "datamin = { workspace = true, features = [\"serde\"] }",
            &format!(
                "datamin = {{ path = {:?}, features = [\"serde\"] }}",
                datamin.display().to_string()
            ),
        )
        .replace("[lints]\nworkspace = true\n", "")
        + "\n[workspace]\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(repo.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

#[test]
fn the_fixed_shop_still_compiles() {
    let dir = copy_of(&shop(), "shop-compiles");
    let (code, _, stderr) = run_in(&dir, &["check", "--fix", "--fix-unsafe"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with("datamin: applied 7 fixes in 5 files\n"),
        "{stderr}"
    );
    standalone_shop(&dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--bins"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo check");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_byte_order_mark_is_kept_and_not_counted_as_a_column() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fix/bom");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("dir");
    let body = "#[derive(Debug, datamin::Personal)]\n\
                pub struct C { pub id: u64, #[personal(email)] pub email: String }\n\
                pub fn f(c: &C) {\n    println!(\"{:?}\", c);\n}\n";
    // An unused suppression on the first line, after the mark.
    let text = format!("\u{feff}// datamin:allow(log-leak) stale\n{body}");
    std::fs::write(dir.join("src/lib.rs"), &text).expect("write");
    let (code, _, stderr) = run_in(&dir, &["check", "--fix"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.ends_with("datamin: applied 2 fixes in 1 file\n"),
        "{stderr}"
    );
    assert_eq!(
        read(&dir, "src/lib.rs"),
        format!(
            "\u{feff}{}",
            body.replace("#[derive(Debug,", "#[derive(datamin::RedactedDebug,")
        )
    );
}
