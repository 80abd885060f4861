//! The bundled example reports exactly its planted leaks, and datamin's own
//! code (checked with the repository's `datamin.toml`) reports none.

use std::path::Path;

use datamin_tests::{assert_tree, check_case};

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn shop_example_reports_exactly_its_planted_leaks() {
    assert_tree("examples/shop", &repo_root().join("examples/shop"));
}

#[test]
fn datamin_checks_its_own_repository_clean() {
    let report = check_case(repo_root());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(
        report.stats.files > 30,
        "walked {} files",
        report.stats.files
    );
}
