//! Compile-fail tests of the derives: each `ui/*.rs` must fail to compile
//! with exactly the diagnostics in its `.stderr` (regenerate with
//! `TRYBUILD=overwrite cargo test -p datamin --test ui`, then review).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
