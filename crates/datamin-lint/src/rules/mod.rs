//! The rules datamin reports, one module each, with their documentation.

pub mod log_leak;
pub mod response_leak;
pub mod suppression;
pub mod unmarked_field;

use serde::{Deserialize, Serialize};

/// How a rule's findings count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The finding fails the check (exit code 1).
    Deny,
    /// The finding is reported but does not fail the check.
    Warn,
    /// The rule does not run.
    Allow,
}

impl Level {
    /// The level's name as written in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}

/// A rule's name, default level and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The name used in output, configuration and suppressions.
    pub name: &'static str,
    /// The level when configuration says nothing.
    pub default_level: Level,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown documentation: what it does, why it matters, example, fix.
    pub doc: &'static str,
}

/// Every rule, in the order `explain` lists them.
pub const ALL: &[RuleInfo] = &[
    log_leak::INFO,
    response_leak::INFO,
    suppression::WITHOUT_REASON,
    suppression::UNUSED,
    unmarked_field::INFO,
];

/// Looks a rule up by name.
pub fn find(name: &str) -> Option<&'static RuleInfo> {
    ALL.iter().find(|r| r.name == name)
}
