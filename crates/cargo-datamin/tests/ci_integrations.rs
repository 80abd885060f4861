//! The GitHub Action (`action.yml`) and the pre-commit hooks
//! (`.pre-commit-hooks.yaml`) call the CLI with arguments it accepts, and
//! the action does what the README says: installs with `cargo install
//! --locked`, uploads SARIF, annotates with `--format github`, and never
//! pastes an input into a shell line.

use std::path::Path;

use clap::Parser;

fn repo_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The arguments after `cargo datamin` on a line, with the action's
/// variables given example values and the shell's redirections dropped.
fn datamin_args(line: &str) -> Option<Vec<String>> {
    let (_, rest) = line.split_once("cargo datamin ")?;
    let mut args = vec!["cargo-datamin".to_owned()];
    for word in rest.split_whitespace() {
        match word {
            ">" | "||" | "|" | "&&" => break,
            "\"$DATAMIN_PATH\"" => args.push(".".to_owned()),
            "$DATAMIN_ARGS" => args.extend(["--baseline".to_owned(), "b.json".to_owned()]),
            word => args.push(word.trim_matches('"').to_owned()),
        }
    }
    Some(args)
}

fn assert_accepted(args: &[String]) {
    if let Err(e) = cargo_datamin::cli::Cli::try_parse_from(args) {
        panic!("{args:?} is not a valid command line: {e}");
    }
}

#[test]
fn the_action_runs_valid_commands_and_uploads_sarif() {
    let action = repo_file("action.yml");
    // The shell lines (`run: cargo datamin ..`), not the descriptions.
    let commands: Vec<Vec<String>> = action
        .lines()
        .filter(|l| l.trim_start().starts_with("run: cargo datamin "))
        .filter_map(datamin_args)
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    for args in &commands {
        assert_accepted(args);
    }
    assert!(commands[0].windows(2).any(|w| w == ["--format", "sarif"]));
    assert!(commands[1].windows(2).any(|w| w == ["--format", "github"]));
    assert!(
        action.contains("cargo install --locked --path \"$DATAMIN_SOURCE/crates/cargo-datamin\"")
    );
    assert!(action.contains("cargo install --locked cargo-datamin --version \"$DATAMIN_VERSION\""));
    assert!(action.contains("uses: github/codeql-action/upload-sarif@v3"));
    assert!(action.contains("sarif_file: datamin.sarif"));
}

#[test]
fn the_action_passes_inputs_through_the_environment_only() {
    let action = repo_file("action.yml");
    let declared: Vec<&str> = action
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|rest| rest.split("\nruns:").next())
        .expect("an inputs section")
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    assert_eq!(declared, ["path", "args", "upload-sarif", "version"]);
    for (n, line) in action.lines().enumerate() {
        for used in line.split("inputs.").skip(1) {
            let name: String = used
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            assert!(
                declared.contains(&name.as_str()),
                "line {}: unknown input {name}",
                n + 1
            );
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("run:") || trimmed.starts_with("cargo ") {
            assert!(
                !line.contains("${{"),
                "line {}: an expression in a shell line",
                n + 1
            );
        }
    }
}

#[test]
fn the_pre_commit_hooks_run_valid_commands_on_the_whole_tree() {
    let hooks = repo_file(".pre-commit-hooks.yaml");
    let entries: Vec<Vec<String>> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .filter_map(datamin_args)
        .collect();
    assert_eq!(
        entries,
        [
            vec!["cargo-datamin", "check"],
            vec!["cargo-datamin", "check", "--fix"]
        ]
    );
    for args in &entries {
        assert_accepted(args);
    }
    assert_eq!(hooks.matches("pass_filenames: false").count(), 2);
    assert_eq!(hooks.matches("language: system").count(), 2);
}
