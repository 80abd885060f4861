//! `--format sarif`: a SARIF 2.1.0 log with one run, for code-scanning uploads.
//!
//! Locations are relative to `%SRCROOT%` (the checkout the upload belongs to).
//! Each result carries a `partialFingerprints` entry computed from the rule,
//! file, field, sink and message (not the line), so an upload after an edit
//! above a finding keeps the same alert. A result about personal data has
//! `properties` with the field's `category` and its Fides data category key
//! (`taxonomy`), for joining alerts with records of processing.

use std::collections::BTreeMap;

use datamin_lint::rules::{self, RuleInfo};
use datamin_lint::{FileError, Finding, Level, Report, TraceStep};
use serde::Serialize;

/// The schema URI written into the log.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of datamin's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "datamin/v1";
/// Base URI id for relative artifact locations.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// A proposed fix: the finding's edits, grouped by file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
    properties: FixProperties,
}

/// How sure the fix is, with rustc's names, and its kind.
#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// A result's property bag: what the finding says about the personal data.
#[derive(Serialize)]
struct Properties {
    /// datamin's category of the personal field, e.g. `email`.
    category: String,
    /// The category's Fides (fideslang) data category key, e.g. `user.contact.email`.
    #[serde(skip_serializing_if = "Option::is_none")]
    taxonomy: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

/// The report as a pretty-printed SARIF 2.1.0 log, ending in a newline.
pub fn render(report: &Report) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool { driver: driver() },
            invocations: vec![Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: report.errors.iter().map(notification).collect(),
            }],
            column_kind: "unicodeCodePoints",
            results: results(&report.findings),
        }],
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn driver() -> Driver {
    Driver {
        name: "datamin",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri: env!("CARGO_PKG_REPOSITORY"),
        rules: rules::ALL.iter().map(rule).collect(),
    }
}

fn rule(info: &RuleInfo) -> Rule {
    Rule {
        id: info.name,
        short_description: Text {
            text: info.summary.to_owned(),
        },
        full_description: Text {
            text: what_it_does(info),
        },
        help: Help {
            text: info.doc(),
            markdown: info.doc(),
        },
        default_configuration: Configuration {
            level: match info.default_level {
                Level::Deny => "error",
                Level::Warn => "warning",
                Level::Allow => "none",
            },
        },
    }
}

/// The doc's "What it does" section, else the summary.
fn what_it_does(info: &RuleInfo) -> String {
    let doc = info.doc();
    let Some((_, rest)) = doc.split_once("## What it does") else {
        return info.summary.to_owned();
    };
    let section = rest.split("\n## ").next().unwrap_or(rest).trim();
    if section.is_empty() {
        info.summary.to_owned()
    } else {
        section.to_owned()
    }
}

fn result_level(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "note",
    }
}

fn results(findings: &[Finding]) -> Vec<SarifResult> {
    // Findings with the same identity are told apart by their order.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    findings
        .iter()
        .map(|finding| {
            let identity = identity(finding);
            let occurrence = seen.entry(identity.clone()).or_insert(0);
            let fingerprint = format!("{:016x}:{}", fnv1a64(identity.as_bytes()), *occurrence);
            *occurrence += 1;
            SarifResult {
                rule_id: finding.rule.name().to_owned(),
                rule_index: rules::ALL.iter().position(|r| r.id == finding.rule),
                level: result_level(finding.level),
                message: Text {
                    text: finding.message.clone(),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: artifact(&finding.file),
                        region: Some(Region {
                            start_line: finding.line.max(1),
                            start_column: (finding.column > 0).then_some(finding.column),
                            end_line: (finding.end_line >= finding.line)
                                .then_some(finding.end_line),
                            end_column: (finding.end_column > 0).then_some(finding.end_column),
                        }),
                    },
                    message: None,
                }],
                related_locations: finding.trace.iter().enumerate().map(related).collect(),
                partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
                properties: finding.category.as_ref().map(|category| Properties {
                    category: category.clone(),
                    taxonomy: finding.taxonomy,
                }),
                fixes: finding.fixes.iter().map(sarif_fix).collect(),
            }
        })
        .collect()
}

fn sarif_fix(fix: &datamin_lint::report::Fix) -> SarifFix {
    let mut by_file: BTreeMap<&str, Vec<Replacement>> = BTreeMap::new();
    for edit in &fix.edits {
        by_file.entry(&edit.file).or_default().push(Replacement {
            deleted_region: Region {
                start_line: edit.line.max(1),
                start_column: Some(edit.column.max(1)),
                end_line: Some(edit.end_line.max(1)),
                end_column: Some(edit.end_column.max(1)),
            },
            inserted_content: Text {
                text: edit.replacement.clone(),
            },
        });
    }
    SarifFix {
        description: Text {
            text: fix.message.clone(),
        },
        artifact_changes: by_file
            .into_iter()
            .map(|(file, replacements)| ArtifactChange {
                artifact_location: artifact(file),
                replacements,
            })
            .collect(),
        properties: FixProperties {
            applicability: fix.applicability.as_str(),
            kind: fix.kind.as_str(),
        },
    }
}

fn related((id, step): (usize, &TraceStep)) -> Location {
    let has_column = step.column > 0;
    Location {
        id: Some(id),
        physical_location: PhysicalLocation {
            artifact_location: artifact(&step.file),
            region: Some(Region {
                start_line: step.line.max(1),
                start_column: has_column.then_some(step.column),
                end_line: None,
                end_column: (has_column && step.end_column > step.column)
                    .then_some(step.end_column),
            }),
        },
        message: Some(Text {
            text: step.note.clone(),
        }),
    }
}

fn notification(error: &FileError) -> Notification {
    let locations = if error.file.is_empty() {
        Vec::new()
    } else {
        vec![Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: artifact(&error.file),
                region: error.line.map(|line| Region {
                    start_line: line.max(1),
                    start_column: error.column,
                    end_line: None,
                    end_column: None,
                }),
            },
            message: None,
        }]
    };
    Notification {
        level: "error",
        message: Text {
            text: error.message.clone(),
        },
        locations,
    }
}

/// What identifies a finding across edits: everything but its position.
fn identity(finding: &Finding) -> String {
    [
        finding.rule.as_str(),
        finding.file.as_str(),
        finding.field.as_deref().unwrap_or(""),
        finding.sink.as_deref().unwrap_or(""),
        finding.message.as_str(),
    ]
    .join("\0")
}

/// A relative file becomes a `%SRCROOT%`-relative URI reference; an absolute
/// one a `file://` URI.
fn artifact(file: &str) -> ArtifactLocation {
    if file.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(file)),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encode(file),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// 64-bit FNV-1a: tiny, stable across platforms and releases.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn uris_keep_slashes_and_encode_the_rest() {
        assert_eq!(percent_encode("src/my file#1.rs"), "src/my%20file%231.rs");
        assert_eq!(percent_encode("src/é.rs"), "src/%C3%A9.rs");
    }

    #[test]
    fn full_description_is_the_what_it_does_section() {
        let info = RuleInfo {
            id: datamin_lint::rules::RuleId::LogLeak,
            name: "x",
            default_level: Level::Warn,
            summary: "sum",
            raw_doc: " # x\n\n ## What it does\n\n Reports\n things.\n\n ## Why is this bad\n\n Bad.\n",
        };
        assert_eq!(what_it_does(&info), "Reports\nthings.");
    }
}
