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
