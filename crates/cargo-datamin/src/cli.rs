//! Command-line arguments, as clap parses them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep personal data out of logs and public responses.
#[derive(Debug, Parser)]
#[command(name = "cargo-datamin", bin_name = "cargo datamin", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check source trees for personal data that reaches logs or public responses.
    Check(CheckArgs),
    /// List the fields that are probably personal but not annotated; with
    /// --fix, annotate them.
    Suggest(SuggestArgs),
    /// Print a rule's documentation, or list the rules.
    Explain(ExplainArgs),
    /// Print the data map: every personal source and every sink it reaches.
    Inventory(InventoryArgs),
    /// List the rules with their default and configured levels.
    Rules(ConfigArgs),
    /// Print the configuration that applies to PATH, as TOML.
    Config(ConfigArgs),
}

/// Arguments of `inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Directories or files to map [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InventoryFormat::Json)]
    pub format: InventoryFormat,
    /// Configuration file to use for every PATH instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Count the fields guessed personal as sources (marked inferred).
    #[arg(long)]
    pub infer: bool,
    /// Flows of the findings this baseline records are `baselined`, not `open`.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Threads that parse files [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// How `inventory` presents the data map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    /// `{"version": 1, "sources": [..], "flows": [..]}`.
    Json,
    /// A summary and two tables.
    Markdown,
    /// One self-contained page with a picture of the flows.
    Html,
}

/// Arguments of `rules` and `config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The tree whose configuration to read [default: .]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Configuration file to read instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Directories or files to look at [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Add `#[personal(..)]` to each suggested field and `datamin::Personal` to its derives.
    #[arg(long)]
    pub fix: bool,
    /// Only fields guessed with at least this confidence (0 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_confidence: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SuggestFormat::Human)]
    pub format: SuggestFormat,
    /// Configuration file to use for every PATH instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Threads that parse files [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// How `suggest` presents its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SuggestFormat {
    /// One line per field.
    Human,
    /// `{"version": 1, "suggestions": [..]}`.
    Json,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Directories or files to check [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Configuration file to use for every PATH instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not report findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (and report none of them).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Threads that parse files [default: one per core]; the report does not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Count the fields guessed personal (`unmarked-personal-field`) as annotated; their
    /// findings say so.
    #[arg(long)]
    pub infer: bool,
    /// Apply the machine-applicable fixes, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, apply the maybe-incorrect fixes too (they may change what a response
    /// contains or what a log line says).
    #[arg(long, requires = "fix")]
    pub fix_unsafe: bool,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule to explain; without it (or with `rules`), the rules are listed.
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,
    /// List the rules with their default level and summary.
    #[arg(long, conflicts_with = "rule")]
    pub list: bool,
}

/// How `check` presents its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    Human,
    /// The JSON document of the datamin specification, version 1.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}
