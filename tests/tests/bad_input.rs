//! Trees with one bad entry beside a good file: the bad entry becomes an
//! error naming it, and the good file is still analysed.

use std::fs;
use std::path::Path;

use datamin_lint::{Config, FileError, MAX_FILE_BYTES, Report, check, check_source};
use tempfile::TempDir;

/// A file with one known leak, at [`GOOD_LEAK_LINE`].
const GOOD: &str = "\
use datamin::Personal;

#[derive(Personal)]
pub struct User {
    pub id: u64,
    #[personal(email)]
    pub email: String,
}

pub fn greet(user: &User) {
    println!(\"hello {}\", user.email);
    println!(\"user {}\", user.id);
}
";
const GOOD_FILE: &str = "src/good.rs";
const GOOD_LEAK_LINE: usize = 11;

/// A leaking file of its own, for files that must (or must not) be analysed.
const LEAKY: &str = "\
#[derive(datamin::Personal)]
pub struct Lead {
    #[personal(phone)]
    pub phone: String,
}

pub fn call(lead: &Lead) {
    eprintln!(\"calling {}\", lead.phone);
}
";
const LEAKY_LINE: usize = 8;

fn tree() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), GOOD_FILE, GOOD.as_bytes());
    dir
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
    fs::write(path, bytes).expect("write file");
}

fn run(root: &Path) -> Report {
    check(root, &Config::discover(root).expect("config"))
}

/// Findings as `file:line rule`, sorted.
fn findings(report: &Report) -> Vec<String> {
    let mut all: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{}:{} {}", f.file, f.line, f.rule))
        .collect();
    all.sort();
    all
}

fn good_finding() -> String {
    format!("{GOOD_FILE}:{GOOD_LEAK_LINE} log-leak")
}

fn assert_only_good_finding(report: &Report) {
    assert_eq!(
        findings(report),
        vec![good_finding()],
        "{:#?}",
        report.findings
    );
}

/// The only error of the report, which must name `file`.
fn single_error<'a>(report: &'a Report, file: &str) -> &'a FileError {
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.file, file, "{error:#?}");
    error
}

fn assert_message_has(error: &FileError, words: &[&str]) {
    let message = error.message.to_lowercase();
    assert!(
        words.iter().any(|w| message.contains(&w.to_lowercase())),
        "message {:?} should mention one of {words:?}",
        error.message
    );
}

#[test]
fn good_tree_has_exactly_the_known_finding() {
    let dir = tree();
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_only_good_finding(&report);
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn manifests_that_do_not_parse_or_name_nothing_change_nothing() {
    // Crate names come from the tree's manifests; a broken or odd one below
    // the root (the root's is read as configuration) is not the linter's to
    // report, and must not cost a finding.
    let dir = tree();
    write(dir.path(), "broken/Cargo.toml", b"[package\nname = \"shop");
    write(dir.path(), "sub/Cargo.toml", &[0xff, 0xfe, 0x00, b'[']);
    write(
        dir.path(),
        "other/Cargo.toml",
        b"[package]\nname = 7\n[lib]\n",
    );
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_only_good_finding(&report);
}

#[test]
fn syntax_error_names_file_line_and_column_and_exits_2() {
    let dir = tree();
    write(
        dir.path(),
        "src/broken.rs",
        b"pub fn broken() {\n    let a = 1;\n    let x = ;\n}\n",
    );
    let report = run(dir.path());
    let error = single_error(&report, "src/broken.rs");
    assert_eq!(error.line, Some(3), "{error:#?}");
    assert_eq!(
        error.column,
        Some(13),
        "points at the unexpected `;`: {error:#?}"
    );
    assert_only_good_finding(&report);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn a_column_mark_with_an_unknown_category_is_an_error_and_the_rest_is_analysed() {
    let dir = tree();
    write(
        dir.path(),
        "src/schema.rs",
        b"diesel::table! {\n    users (id) {\n        id -> Int4,\n        email -> Text, // datamin:personal(emial)\n        phone -> Text, // datamin:personal(phone)\n    }\n}\n",
    );
    write(
        dir.path(),
        "src/calls.rs",
        b"pub fn dial(conn: &mut PgConnection) -> QueryResult<()> {\n    let phone: String = users::table.select(users::phone).first(conn)?;\n    println!(\"dialling {phone}\");\n    Ok(())\n}\n",
    );
    let report = run(dir.path());
    let error = single_error(&report, "src/schema.rs");
    assert_eq!((error.line, error.column), (Some(4), Some(9)), "{error:#?}");
    assert!(
        error
            .message
            .starts_with("unknown category `emial` in `// datamin:personal(..)`"),
        "{error:#?}"
    );
    let mut expected = vec![good_finding(), "src/calls.rs:3 log-leak".to_owned()];
    expected.sort();
    assert_eq!(findings(&report), expected);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn non_utf8_file_is_an_error_naming_it() {
    let dir = tree();
    write(dir.path(), "src/latin1.rs", b"// caf\xe9\npub fn f() {}\n");
    let report = run(dir.path());
    let error = single_error(&report, "src/latin1.rs");
    assert_message_has(error, &["UTF-8"]);
    assert_only_good_finding(&report);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn empty_file_is_fine() {
    let dir = tree();
    write(dir.path(), "src/empty.rs", b"");
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_only_good_finding(&report);
}

#[test]
fn directory_named_like_a_rust_file_is_walked() {
    let dir = tree();
    write(dir.path(), "src/x.rs/inner.rs", LEAKY.as_bytes());
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(
        findings(&report),
        vec![
            good_finding(),
            format!("src/x.rs/inner.rs:{LEAKY_LINE} log-leak")
        ],
        "{:#?}",
        report.findings
    );
}

#[cfg(unix)]
mod symlinks {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn dangling_symlink_is_an_error_naming_it() {
        let dir = tree();
        symlink(
            dir.path().join("src/missing.rs"),
            dir.path().join("src/dangling.rs"),
        )
        .expect("symlink");
        let report = run(dir.path());
        let error = single_error(&report, "src/dangling.rs");
        assert_message_has(error, &["symbolic link", "symlink"]);
        assert_only_good_finding(&report);
        assert_eq!(report.exit_code(), 2);
    }

    #[test]
    fn symlink_loop_is_an_error_naming_it() {
        let dir = tree();
        let src = dir.path().join("src");
        symlink(src.join("b.rs"), src.join("a.rs")).expect("symlink a");
        symlink(src.join("a.rs"), src.join("b.rs")).expect("symlink b");
        let report = run(dir.path());
        let files: Vec<&str> = report.errors.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, vec!["src/a.rs", "src/b.rs"], "{:#?}", report.errors);
        for error in &report.errors {
            assert_message_has(error, &["loop"]);
        }
        assert_only_good_finding(&report);
    }

    #[test]
    fn symlink_out_of_the_tree_is_an_error_and_not_followed() {
        let dir = tree();
        let outside = tempfile::tempdir().expect("outside dir");
        write(outside.path(), "secret.rs", LEAKY.as_bytes());
        symlink(
            outside.path().join("secret.rs"),
            dir.path().join("src/outside.rs"),
        )
        .expect("symlink");
        let report = run(dir.path());
        let error = single_error(&report, "src/outside.rs");
        assert_message_has(error, &["outside", "out of the scanned tree"]);
        assert_only_good_finding(&report);
    }

    #[test]
    fn symlink_to_a_directory_out_of_the_tree_is_not_walked() {
        let dir = tree();
        let outside = tempfile::tempdir().expect("outside dir");
        write(outside.path(), "lib/leaky.rs", LEAKY.as_bytes());
        symlink(outside.path().join("lib"), dir.path().join("src/vendored")).expect("symlink");
        let report = run(dir.path());
        let error = single_error(&report, "src/vendored");
        assert_message_has(error, &["outside", "out of the scanned tree"]);
        assert_only_good_finding(&report);
    }

    #[test]
    fn symlink_inside_the_tree_is_not_analysed_twice() {
        let dir = tree();
        symlink(
            dir.path().join("src/good.rs"),
            dir.path().join("src/alias.rs"),
        )
        .expect("symlink");
        let report = run(dir.path());
        assert!(report.errors.is_empty(), "{:#?}", report.errors);
        assert_only_good_finding(&report);
    }
}

#[test]
fn file_over_the_size_limit_is_an_error_naming_it() {
    let dir = tree();
    let size = usize::try_from(MAX_FILE_BYTES).expect("limit fits in memory") + 1;
    let mut text = "// padding\n".repeat(size / 11 + 1).into_bytes();
    text.truncate(size);
    write(dir.path(), "src/huge.rs", &text);
    let report = run(dir.path());
    let error = single_error(&report, "src/huge.rs");
    assert_message_has(error, &["larger", "too large", "size"]);
    assert_only_good_finding(&report);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn target_and_hidden_directories_are_skipped() {
    let dir = tree();
    write(
        dir.path(),
        "target/debug/build/out/leak.rs",
        LEAKY.as_bytes(),
    );
    write(dir.path(), ".git/hooks/leak.rs", LEAKY.as_bytes());
    write(dir.path(), "src/.cache/leak.rs", LEAKY.as_bytes());
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_only_good_finding(&report);
    assert_eq!(report.stats.files, 1, "only src/good.rs is analysed");
}

#[test]
fn configured_exclude_is_skipped() {
    let dir = tree();
    write(dir.path(), "datamin.toml", b"exclude = [\"src/legacy\"]\n");
    write(dir.path(), "src/legacy/old.rs", LEAKY.as_bytes());
    write(dir.path(), "src/legacy/broken.rs", b"fn (");
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_only_good_finding(&report);
}

#[test]
fn single_file_root_is_checked() {
    let dir = tree();
    let report = run(&dir.path().join(GOOD_FILE));
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].line, GOOD_LEAK_LINE);
}

#[test]
fn missing_root_is_an_error_not_a_panic() {
    let dir = tree();
    let report = run(&dir.path().join("does-not-exist"));
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    assert!(report.findings.is_empty());
    assert_eq!(report.exit_code(), 2);
}

/// `check_source` must return normally: a panic inside the analysis shows up
/// as an "internal error" entry.
fn assert_survives(name: &str, text: &str) -> Report {
    let report = check_source("src/nasty.rs", text, &Config::default());
    for error in &report.errors {
        assert!(
            !error.message.contains("internal error"),
            "{name}: the analysis panicked: {error:#?}"
        );
        assert_eq!(error.file, "src/nasty.rs", "{name}: {error:#?}");
    }
    report
}

/// Findings as `line rule`, for a single in-memory file.
fn lines(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.line, f.rule))
        .collect()
}

#[test]
fn deeply_nested_parentheses_are_analysed() {
    let depth = 3_000;
    let in_macro = format!(
        "{GOOD}\nfn h(user: &User) {{ println!(\"{{}}\", {}user.email{}); }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let report = assert_survives("nested parens in a macro", &in_macro);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(lines(&report), ["11 log-leak", "15 log-leak"]);
    assert_eq!(report.stats.truncated, 0);
}

#[test]
fn brackets_nested_past_the_limit_are_an_error_naming_the_file() {
    let dir = tree();
    let depth = 5_000;
    let parens = format!(
        "fn f() {{ let x = {}1{}; }}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    write(dir.path(), "src/nested.rs", parens.as_bytes());
    let report = run(dir.path());
    assert_only_good_finding(&report);
    let error = single_error(&report, "src/nested.rs");
    assert_message_has(error, &["brackets nest 5001 levels", "not analysed"]);
    assert_eq!(report.exit_code(), 2);
}

#[test]
fn nesting_past_the_expression_budget_is_counted_not_fatal() {
    let depth = 2_000;
    let blocks = format!(
        "{GOOD}\nfn g(user: &User) {} println!(\"{{}}\", user.email); {}\n",
        "{".repeat(depth),
        "}".repeat(depth)
    );
    let report = assert_survives("nested blocks", &blocks);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    // The leak inside the cut-off part is missing, and the run says so.
    assert_eq!(lines(&report), ["11 log-leak"]);
    assert_eq!(report.stats.truncated, 1);
    let chain = format!(
        "fn k(s: &str) {{ let t = s{}; println!(\"{{t}}\"); }}\n",
        ".trim()".repeat(5_000)
    );
    assert_survives("long method chain", &chain);
}

#[test]
fn an_operator_chain_of_330_000_terms_is_analysed() {
    let terms = vec!["1"; 330_000].join(" + ");
    let text = format!(
        "{GOOD}\nfn total(user: &User) -> u64 {{ let x = {terms}; println!(\"{{}}\", user.email); x }}\n"
    );
    let report = assert_survives("operator chain", &text);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(lines(&report), ["11 log-leak", "15 log-leak"]);
}

#[test]
fn a_closure_named_like_the_function_it_calls_is_analysed() {
    // Found in a real service: inside the closure, `add` is the function.
    let text = format!(
        "{GOOD}
fn add(name: &str) -> usize {{
    println!(\"adding {{name}}\");
    name.len()
}}

fn register(user: &User) -> usize {{
    let add = |n: &str| add(n);
    add(&user.email)
}}
"
    );
    let report = assert_survives("self-named closure", &text);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(lines(&report), ["11 log-leak", "16 log-leak"]);
}

#[test]
fn unterminated_and_malformed_macro_calls_do_not_crash() {
    let bodies = [
        "println!(\"{}\", user.email",
        "tracing::info!(email = , \"x\");",
        "tracing::info!(email = %, ?);",
        "println!(\"{\", user.email);",
        "println!(\"{:?}}\", user);",
        "println!(\"{0} {1} {2}\", user.email);",
        "println!(\"{missing}\");",
        "println!(user.email);",
        "println!();",
        "info!(target: , \"x\");",
        "log::log!(\"no level\", user.email);",
        "write!();",
        "writeln!(std::io::stderr());",
        "assert!();",
        "assert_eq!(user.email);",
        "user.email.expect();",
        "tracing::span!();",
        "tracing::event!(Level::INFO);",
        "dbg!();",
        "format_args!(\"{}\", user.email);",
        "println!(\"{}\", user.email,,);",
        "println!{\"{}\", user.email};",
        "println![\"{}\", user.email];",
    ];
    for body in bodies {
        let text = format!("{GOOD}\nfn nasty(user: &User) {{ {body} }}\n");
        let report = assert_survives(body, &text);
        let greet = report
            .findings
            .iter()
            .filter(|f| f.line == GOOD_LEAK_LINE)
            .count();
        if report.errors.is_empty() {
            assert_eq!(greet, 1, "{body}: the good function must still be analysed");
        }
    }
}

#[test]
fn malformed_attributes_do_not_crash() {
    let attributes = [
        "#[tracing::instrument(skip(,))]",
        "#[instrument(skip_all, fields(email = %))]",
        "#[instrument(fields(= user.email))]",
        "#[instrument(ret, ret, err, err)]",
        "#[instrument(skip(user), skip(user))]",
        "#[instrument = \"x\"]",
        "#[personal(email)]",
        "#[derive(datamin::Personal)]",
    ];
    for attribute in attributes {
        let text = format!("{GOOD}\n{attribute}\nfn traced(user: &User) {{}}\n");
        assert_survives(attribute, &text);
    }
}

#[test]
fn odd_items_do_not_crash() {
    let items = [
        "#[derive(datamin::Personal)] pub union U { #[personal] a: u32 }",
        "#[derive(datamin::Personal)] pub struct T(#[personal(nope)] String);",
        "#[derive(datamin::Personal)] pub enum E { #[personal] A }",
        "#[derive(datamin::Personal)] pub struct Rec { #[personal] next: Option<Box<Rec>> }",
        "pub struct A { b: B } pub struct B { a: Option<Box<A>> }",
        "impl<T> std::fmt::Display for Wrapper<T> { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{}\", self) } }",
        "fn rec(user: &User) -> String { rec(user) }",
        "fn a(x: &str) { b(x) } fn b(x: &str) { a(x); println!(\"{x}\") }",
        "macro_rules! m { () => { println!(\"{}\", user.email) } }",
        "const _: () = { fn inner(u: &User) { println!(\"{}\", u.email); } };",
        "fn g() { let f = |u: &User| move || println!(\"{}\", u.email); }",
        "type Alias = User; fn h(a: &Alias) { println!(\"{}\", a.email); }",
    ];
    for item in items {
        let text = format!("{GOOD}\n{item}\n");
        assert_survives(item, &text);
    }
}

#[test]
fn random_valid_utf8_does_not_crash() {
    const PIECES: &[&str] = &[
        "fn ",
        "f",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "<",
        ">",
        "::",
        ";",
        ",",
        ".",
        "=",
        "%",
        "?",
        "!",
        "#",
        "'",
        "\"",
        "\\",
        "/",
        "//",
        "/*",
        "*/",
        "\n",
        " ",
        "user",
        ".email",
        "println!",
        "info!",
        "tracing::",
        "#[instrument]",
        "#[personal(email)]",
        "struct ",
        "impl ",
        "let ",
        "match ",
        "=>",
        "|",
        "&",
        "mut ",
        "{}",
        "{:?}",
        "r#\"",
        "é",
        "日本",
        "🦀",
        "\u{200b}",
        "\t",
        "\r\n",
        "0x",
        "1e9",
        "'a",
        "b'x'",
        "datamin:allow(log-leak)",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..200 {
        let len = 1 + usize::try_from(next() % 300).expect("small");
        let mut text = String::new();
        for _ in 0..len {
            let choice = usize::try_from(next() % PIECES.len() as u64).expect("small");
            text.push_str(PIECES[choice]);
        }
        if round % 2 == 0 {
            text = format!("{GOOD}\nfn fuzz(user: &User) {{ {text} }}\n");
        }
        assert_survives(&format!("round {round}"), &text);
    }
}

#[test]
fn check_source_reports_findings_like_check() {
    let report = check_source(GOOD_FILE, GOOD, &Config::default());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(findings(&report), vec![good_finding()]);
}

/// `Some(Some(..))` a thousand deep (found by the long mutation run: each
/// level copied the value and type below it, minutes for 1024 levels). The
/// value is flattened past `MAX_TYPE_DEPTH`, so what it carries is still
/// found at a depth the lowering keeps.
#[test]
fn a_thousand_nested_option_constructors_are_analysed_quickly() {
    let dir = tree();
    let nested = |n: usize| format!("{}c.email.clone(){}", "Some(".repeat(n), ")".repeat(n));
    let text = format!(
        "#[derive(datamin::Personal)]\npub struct C {{ #[personal(email)] pub email: String }}\n\
         pub fn shallow(c: &C) {{ let x = {}; tracing::info!(\"{{:?}}\", x); }}\n\
         pub fn deep(c: &C) {{ let _x = {}; }}\n",
        nested(100),
        nested(1500),
    );
    write(dir.path(), "src/nested.rs", text.as_bytes());
    let report = run(dir.path());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let mut expected = vec![good_finding(), "src/nested.rs:3 log-leak".to_owned()];
    expected.sort();
    assert_eq!(findings(&report), expected, "{:#?}", report.findings);
}
