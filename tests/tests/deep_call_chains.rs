//! Helpers that call helpers, hundreds deep and across modules: every leak
//! along the chain is found, in whatever order the files define them.

use std::fmt::Write as _;
use std::fs;

use datamin_lint::{Config, check};

const DEPTH: usize = 800;
const MODULES: usize = 40;

/// Which module defines step `i`: scattered so that callers sit both before
/// and after their callees in file order.
fn module_of(i: usize) -> usize {
    (i * 17 + 5) % MODULES
}

#[test]
fn every_leak_along_an_800_deep_chain_is_found() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    fs::create_dir_all(&src).expect("src dir");
    let mut modules = vec![String::new(); MODULES];
    let mut expected = Vec::new();
    for i in 0..DEPTH {
        let m = module_of(i);
        let body = &mut modules[m];
        let line = body.lines().count() + 2;
        let next = if i + 1 < DEPTH {
            format!("    crate::m{}::step_{}(email);\n", module_of(i + 1), i + 1)
        } else {
            String::new()
        };
        write!(
            body,
            "pub fn step_{i}(email: &str) {{\n    tracing::debug!(\"step {i} for {{}}\", email);\n{next}}}\n"
        )
        .expect("write");
        expected.push(format!("src/m{m}.rs:{line}"));
    }
    let mut main = String::from(
        "#[derive(datamin::Personal)]\npub struct Customer {\n    pub id: u64,\n    #[personal(email)]\n    pub email: String,\n}\n\n",
    );
    for m in 0..MODULES {
        writeln!(main, "mod m{m};").expect("write");
    }
    main.push_str(&format!(
        "\npub fn signup(c: &Customer) {{\n    tracing::info!(id = c.id, \"signup\");\n    crate::m{}::step_0(&c.email);\n}}\n",
        module_of(0)
    ));
    fs::write(src.join("main.rs"), main).expect("main.rs");
    for (m, body) in modules.iter().enumerate() {
        fs::write(src.join(format!("m{m}.rs")), body).expect("module");
    }

    let report = check(dir.path(), &Config::default());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.stats.truncated, 0);
    let mut found: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            assert_eq!(f.rule, "log-leak");
            format!("{}:{}", f.file, f.line)
        })
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found.len(), DEPTH);
    assert_eq!(found, expected);
}

#[test]
fn a_personal_struct_handed_down_a_4000_deep_chain_is_reported_once_at_its_end() {
    // Every step holds a `&Patient` and passes it on, so every step passes
    // the struct's personal fields to the next: the hits of all steps meet
    // in the same channels (each is followed a bounded number of times, not
    // once per step above it).
    const STEPS: usize = 4000;
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    fs::create_dir_all(&src).expect("src dir");
    let mut main = String::from(
        "#[derive(Debug, datamin::Personal)]\npub struct Patient {\n    pub id: u64,\n    #[personal(name)]\n    pub name: String,\n}\n\n",
    );
    for i in 0..STEPS {
        writeln!(
            main,
            "pub fn step_{i}(p: &Patient) {{ step_{}(p); }}",
            i + 1
        )
        .expect("write");
    }
    writeln!(
        main,
        "pub fn step_{STEPS}(p: &Patient) {{\n    println!(\"{{:?}}\", p);\n}}"
    )
    .expect("write");
    let sink_line = main.lines().count() - 1;
    fs::write(src.join("main.rs"), main).expect("main.rs");

    let report = check(dir.path(), &Config::default());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.stats.truncated, 0);
    let found: Vec<(String, usize, &str)> = report
        .findings
        .iter()
        .map(|f| (f.file.clone(), f.line, f.rule.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("src/main.rs".to_owned(), sink_line, "log-leak")]
    );
    let trace = &report.findings[0].trace;
    assert!(trace.len() <= 16, "{trace:#?}");
}
