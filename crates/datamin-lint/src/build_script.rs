//! Running the check as a build step from a `build.rs`.
//!
//! In the `build.rs` of the crate to check (with `datamin-lint` in
//! `[build-dependencies]`), `main` calls:
//!
//! ```no_run
//! datamin_lint::build_script::check_crate();
//! ```
//!
//! Every finding becomes a `cargo:warning=` line (cargo shows them after the
//! build); a deny-level finding, or a file that could not be analysed, fails
//! the build. Configuration comes from `datamin.toml` or the `Cargo.toml`
//! metadata of the crate, as for `cargo datamin check`.

use std::path::Path;

use crate::config::Config;
use crate::report::Report;
use crate::rules::Level;

/// Checks the crate being built (`CARGO_MANIFEST_DIR`) and exits the build
/// script with status 1 when the check fails.
pub fn check_crate() {
    let dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| ".".into(), std::path::PathBuf::from);
    if !run(&dir) {
        std::process::exit(1);
    }
}

/// Checks `root`, prints the build-script protocol lines, and says whether
/// the build may go on.
pub fn run(root: &Path) -> bool {
    let (lines, ok) = match Config::discover(root) {
        Ok(config) => protocol_lines(&crate::check(root, &config)),
        Err(e) => (vec![format!("cargo:warning=datamin: {e}")], false),
    };
    for line in lines {
        println!("{line}");
    }
    ok
}

/// The `cargo:` lines for a report, and whether the build may go on.
pub fn protocol_lines(report: &Report) -> (Vec<String>, bool) {
    let mut lines = vec![
        "cargo:rerun-if-changed=src".to_owned(),
        "cargo:rerun-if-changed=datamin.toml".to_owned(),
    ];
    for f in &report.findings {
        let level = if f.level == Level::Deny {
            "error"
        } else {
            "warning"
        };
        lines.push(one_line(&format!(
            "cargo:warning=datamin {level}[{}]: {}:{}:{}: {}",
            f.rule, f.file, f.line, f.column, f.message
        )));
        // The preferred fix, which `cargo datamin check --fix` may apply.
        if let Some(fix) = f.fixes.first() {
            lines.push(one_line(&format!(
                "cargo:warning=  help: {} ({})",
                fix.message,
                fix.applicability.as_str()
            )));
        }
    }
    for e in &report.errors {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!(":{l}:{c}"),
            (Some(l), None) => format!(":{l}"),
            _ => String::new(),
        };
        lines.push(one_line(&format!(
            "cargo:warning=datamin error: {}{at}: {}",
            e.file, e.message
        )));
    }
    (lines, report.exit_code() == 0)
}

/// Cargo reads one directive per line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_finding_fails_the_build_with_a_warning_line() {
        let report = crate::check_source(
            "src/lib.rs",
            "struct U { #[personal(email)] email: String }\nfn f(u: &U) { println!(\"{}\", u.email); }\n",
            &Config::default(),
        );
        let (lines, ok) = protocol_lines(&report);
        assert!(!ok);
        assert_eq!(
            lines[2..],
            [
                "cargo:warning=datamin error[log-leak]: src/lib.rs:2:15: `U.email` (email) reaches `println!`",
                "cargo:warning=  help: wrap `u.email` in `datamin::Redacted::new(..)` (maybe-incorrect)",
            ]
        );
    }

    #[test]
    fn clean_crate_passes() {
        let report = crate::check_source(
            "src/lib.rs",
            "fn f() { println!(\"hi\"); }\n",
            &Config::default(),
        );
        let (lines, ok) = protocol_lines(&report);
        assert!(ok);
        assert_eq!(lines.len(), 2);
    }
}
