//! Configuration: rule levels, excluded paths, extra sinks and sanitizers.
//!
//! Read from `datamin.toml` at the scanned root, or from
//! `[workspace.metadata.datamin]` / `[package.metadata.datamin]` in the root's
//! `Cargo.toml`. With neither, [`Config::default`] applies.
//!
//! ```toml
//! exclude = ["generated", "src/legacy/*.rs"]
//! sanitizers = ["crate::privacy::mask_email", "hash_email"]
//! errors_keep_input = ["vendor_sdk::Client::lookup"]   # its `Err` holds its input
//!
//! [rules]
//! log-leak = "deny"
//! unused-suppression = "allow"
//!
//! [[sinks]]
//! path = "audit::record"      # a function; `my_log!` for a macro
//! rule = "log-leak"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::rules::Level;

/// A user-configured sink: calls to `path` consume their arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinkConfig {
    /// Path of a function or method (`audit::record`, `AuditLog::write`) or of a
    /// macro (`my_log!`). Matched against the call's path by trailing segments.
    pub path: String,
    /// The rule its findings belong to.
    #[serde(default = "default_sink_rule")]
    pub rule: String,
}

/// A configured source of personal data: a function (or method) whose
/// return value is personal, or a database column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// A function or method path, matched by trailing segments
    /// (`crate::users::primary_email`, `User::verified_email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// A column, `table.column` or `*.column`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The category of the data (`email`, `name`, ...).
    pub category: String,
}

/// A configured column: `table.column`, or `*.column` for that column in
/// any table. Names compare as SQL compares unquoted names, ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPattern {
    /// The table, lowercased; `None` for `*`.
    pub table: Option<String>,
    /// The column, lowercased.
    pub column: String,
}

impl ColumnPattern {
    /// Reads `table.column` or `*.column`; `None` for anything else.
    pub fn parse(text: &str) -> Option<ColumnPattern> {
        let (table, column) = text.trim().split_once('.')?;
        let ident = |s: &str| {
            !s.is_empty()
                && s.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !s.starts_with(|c: char| c.is_ascii_digit())
        };
        if !ident(column) || !(table == "*" || ident(table)) {
            return None;
        }
        Some(ColumnPattern {
            table: (table != "*").then(|| table.to_lowercase()),
            column: column.to_lowercase(),
        })
    }

    /// Whether it names `column` of `table` (both lowercase).
    pub fn matches(&self, table: &str, column: &str) -> bool {
        self.column == column && self.table.as_deref().is_none_or(|t| t == table)
    }
}

/// The category names, quoted and comma-separated, for error messages.
pub(crate) fn category_list() -> String {
    datamin::Category::ALL
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn default_sink_rule() -> String {
    "log-leak".to_owned()
}

/// How unannotated fields are guessed personal (`[infer]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InferConfig {
    /// More names that look personal, with their category: a field whose
    /// name ends with the key's words (`member_no`, `badge`) is guessed.
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
    /// Fields never guessed: `Type.field`, a field name, or a type name.
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// The whole configuration of one check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths (relative to the scanned root) to skip: a directory or file path,
    /// or a pattern with `*` (any run of characters except `/`) and `**`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Rule levels overriding the defaults.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Extra sinks.
    #[serde(default)]
    pub sinks: Vec<SinkConfig>,
    /// Functions whose result is never personal (hashing, masking).
    #[serde(default)]
    pub sanitizers: Vec<String>,
    /// Functions and methods outside the tree whose error holds their input
    /// (by trailing path segments; a bare name is a method). By default the
    /// `Err` of a call outside the tree is clean.
    #[serde(default)]
    pub errors_keep_input: Vec<String>,
    /// Sources of personal data besides `#[personal]` fields.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// How unannotated fields are guessed personal.
    #[serde(default, skip_serializing_if = "InferConfig::is_empty")]
    pub infer: InferConfig,
}

impl InferConfig {
    fn is_empty(&self) -> bool {
        self.extra.is_empty() && self.ignore.is_empty()
    }
}

/// A [`Config`] serialized with every table, even empty ones, in the order
/// a reader looks for them.
struct Effective<'c>(&'c Config);

impl Serialize for Effective<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let c = self.0;
        let mut out = serializer.serialize_struct("Config", 8)?;
        out.serialize_field("exclude", &c.exclude)?;
        out.serialize_field("sanitizers", &c.sanitizers)?;
        out.serialize_field("errors_keep_input", &c.errors_keep_input)?;
        out.serialize_field("rules", &c.rules)?;
        out.serialize_field("sinks", &c.sinks)?;
        out.serialize_field("sources", &c.sources)?;
        out.serialize_field("infer", &c.infer)?;
        out.end()
    }
}

/// A configuration file that could not be read or understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("invalid configuration in {path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, with the position where TOML gives one.
        message: String,
    },
    /// A source that names no function, or an unknown category.
    #[error("invalid source in {path}: {message}")]
    InvalidSource {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An `[infer]` entry with an unknown category.
    #[error("invalid [infer] entry in {path}: {message}")]
    InvalidInfer {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A rule name that does not exist.
    #[error("unknown rule `{rule}` in {path}; known rules: {known}")]
    UnknownRule {
        /// The file.
        path: String,
        /// The name given.
        rule: String,
        /// The rules that exist.
        known: String,
    },
}

impl Config {
    /// Parses a `datamin.toml` document; `path` names it in errors.
    pub fn from_toml_str(text: &str, path: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.to_string().trim().to_owned(),
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Reads the configuration file at `path` (a `datamin.toml`).
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        Config::from_toml_str(&text, &shown)
    }

    /// Finds the configuration for a scanned root: `datamin.toml`, then the
    /// `metadata.datamin` tables of `Cargo.toml`, else the defaults.
    pub fn discover(root: &Path) -> Result<Config, ConfigError> {
        Config::discover_with_origin(root).map(|(config, _)| config)
    }

    /// [`Config::discover`], with where the configuration was read from
    /// (`None` for the defaults): a file, or a manifest's table.
    pub fn discover_with_origin(root: &Path) -> Result<(Config, Option<String>), ConfigError> {
        let dir = if root.is_file() {
            root.parent().unwrap_or(root)
        } else {
            root
        };
        let own = dir.join("datamin.toml");
        if own.is_file() {
            return Config::from_file(&own).map(|c| (c, Some(own.display().to_string())));
        }
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            return Ok((Config::default(), None));
        }
        let shown = manifest.display().to_string();
        let text = std::fs::read_to_string(&manifest).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        let doc: toml::Table = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            path: shown.clone(),
            message: e.to_string().trim().to_owned(),
        })?;
        for section in ["workspace", "package"] {
            let table = doc
                .get(section)
                .and_then(|s| s.get("metadata"))
                .and_then(|m| m.get("datamin"));
            if let Some(table) = table {
                let config: Config = table.clone().try_into().map_err(|e: toml::de::Error| {
                    ConfigError::Invalid {
                        path: format!("{shown} [{section}.metadata.datamin]"),
                        message: e.to_string().trim().to_owned(),
                    }
                })?;
                config.validate(&shown)?;
                return Ok((
                    config,
                    Some(format!("{shown} [{section}.metadata.datamin]")),
                ));
            }
        }
        Ok((Config::default(), None))
    }

    /// The configuration as it applies, as TOML: every rule with its level,
    /// every list even when empty, after a comment naming `origin` (where it
    /// was read from; `None` for the defaults).
    pub fn effective_toml(&self, origin: Option<&str>) -> String {
        let mut effective = self.clone();
        for rule in crate::rules::ALL {
            effective
                .rules
                .insert(rule.name.to_owned(), self.level(rule.name));
        }
        let header = match origin {
            Some(origin) => format!("# datamin's configuration, read from {origin}\n"),
            None => "# datamin's configuration: none found, the defaults apply\n".to_owned(),
        };
        let mut body = toml::to_string(&Effective(&effective)).unwrap_or_default();
        if !body.ends_with('\n') {
            body.push('\n');
        }
        format!("{header}\n{body}")
    }

    fn validate(&self, path: &str) -> Result<(), ConfigError> {
        for rule in self.rules.keys().chain(self.sinks.iter().map(|s| &s.rule)) {
            if !crate::rules::ALL.iter().any(|r| r.name == rule) {
                let known: Vec<&str> = crate::rules::ALL.iter().map(|r| r.name).collect();
                return Err(ConfigError::UnknownRule {
                    path: path.to_owned(),
                    rule: rule.clone(),
                    known: known.join(", "),
                });
            }
        }
        for (name, category) in &self.infer.extra {
            if category.parse::<datamin::Category>().is_err() {
                return Err(ConfigError::InvalidInfer {
                    path: path.to_owned(),
                    message: format!(
                        "extra `{name}`: unknown category `{category}`; expected one of {}",
                        category_list()
                    ),
                });
            }
        }
        for source in &self.sources {
            let invalid = |message: String| ConfigError::InvalidSource {
                path: path.to_owned(),
                message,
            };
            if source.category.parse::<datamin::Category>().is_err() {
                return Err(invalid(format!(
                    "unknown category `{}`; expected one of {}",
                    source.category,
                    category_list()
                )));
            }
            match (&source.function, &source.column) {
                (Some(_), None) => {}
                (None, Some(column)) => {
                    if ColumnPattern::parse(column).is_none() {
                        return Err(invalid(format!(
                            "column source `{column}`: expected `table.column`, or \
                             `*.column` for that column in any table"
                        )));
                    }
                }
                _ => {
                    return Err(invalid(
                        "a source names exactly one of `function` or `column`".to_owned(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The configured function sources: (path, category).
    pub fn function_sources(&self) -> Vec<(String, String)> {
        self.sources
            .iter()
            .filter_map(|s| Some((s.function.clone()?, s.category.clone())))
            .collect()
    }

    /// The configured column sources, with their categories.
    pub fn column_sources(&self) -> Vec<(ColumnPattern, String)> {
        self.sources
            .iter()
            .filter_map(|s| {
                Some((
                    ColumnPattern::parse(s.column.as_deref()?)?,
                    s.category.clone(),
                ))
            })
            .collect()
    }

    /// Whether any source is configured: a tree that declares no personal
    /// data itself may still read some.
    pub fn has_sources(&self) -> bool {
        !self.sources.is_empty()
    }

    /// The level `rule` runs at: the configured one, else the rule's default.
    pub fn level(&self, rule: &str) -> Level {
        if let Some(level) = self.rules.get(rule) {
            return *level;
        }
        crate::rules::ALL
            .iter()
            .find(|r| r.name == rule)
            .map_or(Level::Deny, |r| r.default_level)
    }

    /// Whether the root-relative, `/`-separated `path` is excluded.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.exclude
            .iter()
            .any(|pattern| exclude_matches(pattern.trim_matches('/'), path))
    }
}

/// A pattern matches the path itself or any directory above it.
fn exclude_matches(pattern: &str, path: &str) -> bool {
    if glob_match(pattern.as_bytes(), path.as_bytes()) {
        return true;
    }
    path.char_indices()
        .filter(|&(_, c)| c == '/')
        .any(|(i, _)| glob_match(pattern.as_bytes(), &path.as_bytes()[..i]))
}

fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    match pattern {
        [] => text.is_empty(),
        [b'*', b'*', rest @ ..] => {
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=text.len()).any(|i| glob_match(rest, &text[i..]))
        }
        [b'*', rest @ ..] => {
            let limit = text.iter().position(|&c| c == b'/').unwrap_or(text.len());
            (0..=limit).any(|i| glob_match(rest, &text[i..]))
        }
        [p, rest @ ..] => text.first() == Some(p) && glob_match(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_matches_directories_and_globs() {
        let config = Config {
            exclude: vec!["generated".into(), "src/**/legacy_*.rs".into()],
            ..Config::default()
        };
        assert!(config.is_excluded("generated/a.rs"));
        assert!(config.is_excluded("generated"));
        assert!(!config.is_excluded("generated_not/a.rs"));
        assert!(config.is_excluded("src/a/b/legacy_x.rs"));
        assert!(config.is_excluded("src/legacy_x.rs"));
        assert!(!config.is_excluded("src/a/modern.rs"));
    }

    #[test]
    fn unknown_rule_is_an_error_listing_known_rules() {
        let err = Config::from_toml_str("[rules]\nlog-leek = \"warn\"\n", "datamin.toml")
            .expect_err("unknown rule");
        let text = err.to_string();
        assert!(text.contains("unknown rule `log-leek`"), "{text}");
        assert!(text.contains("log-leak"), "{text}");
    }

    #[test]
    fn function_sources_are_read_and_bad_sources_are_errors() {
        let config = Config::from_toml_str(
            "[[sources]]\nfunction = \"crate::users::primary_email\"\ncategory = \"email\"\n",
            "datamin.toml",
        )
        .expect("valid");
        assert_eq!(
            config.function_sources(),
            vec![("crate::users::primary_email".to_owned(), "email".to_owned())]
        );
        let error = |text: &str| {
            Config::from_toml_str(text, "datamin.toml")
                .expect_err("invalid")
                .to_string()
        };
        assert_eq!(
            error("[[sources]]\nfunction = \"f\"\ncategory = \"emial\"\n"),
            "invalid source in datamin.toml: unknown category `emial`; expected one of `name`, \
             `email`, `phone`, `address`, `location`, `ip_address`, `device_id`, \
             `government_id`, `date_of_birth`, `financial`, `health`, `biometric`, \
             `credentials`, `other`"
        );
        assert_eq!(
            error("[[sources]]\ncategory = \"email\"\n"),
            "invalid source in datamin.toml: a source names exactly one of `function` or `column`"
        );
        assert_eq!(
            error("[[sources]]\ncolumn = \"email\"\ncategory = \"email\"\n"),
            "invalid source in datamin.toml: column source `email`: expected `table.column`, \
             or `*.column` for that column in any table"
        );
        assert_eq!(
            error("[[sources]]\ncolumn = \"a.b.c\"\ncategory = \"email\"\n"),
            "invalid source in datamin.toml: column source `a.b.c`: expected `table.column`, \
             or `*.column` for that column in any table"
        );
    }

    #[test]
    fn column_sources_name_a_table_or_any_table() {
        let config = Config::from_toml_str(
            "[[sources]]\ncolumn = \"Emails.Email\"\ncategory = \"email\"\n\
             [[sources]]\ncolumn = \"*.phone\"\ncategory = \"phone\"\n",
            "datamin.toml",
        )
        .expect("valid");
        let sources = config.column_sources();
        let [(emails, _), (phone, category)] = sources.as_slice() else {
            panic!("two column sources: {sources:?}");
        };
        assert!(emails.matches("emails", "email"));
        assert!(!emails.matches("audit_log", "email"));
        assert!(phone.matches("contacts", "phone"));
        assert!(!phone.matches("contacts", "phone_verified"));
        assert_eq!(category, "phone");
        assert!(config.function_sources().is_empty());
    }

    #[test]
    fn levels_default_per_rule_and_can_be_overridden() {
        let config =
            Config::from_toml_str("[rules]\nlog-leak = \"warn\"\n", "datamin.toml").expect("valid");
        assert_eq!(config.level("log-leak"), Level::Warn);
        assert_eq!(config.level("unused-suppression"), Level::Warn);
        assert_eq!(Config::default().level("log-leak"), Level::Deny);
    }
}
