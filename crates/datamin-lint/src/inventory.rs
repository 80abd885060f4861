//! The data map: every personal source of a tree and every sink each one
//! reaches, for privacy teams (`cargo datamin inventory`).
//!
//! A flow is one source reaching one sink: a finding about several fields
//! is a flow of each. Open flows are the findings of `check` on the same
//! tree and configuration; suppressed ones carry the suppression's reason;
//! baselined ones are those a baseline records.
//! Sources and flows are sorted, so the same tree gives the same bytes.

use serde::Serialize;

use crate::report::{Finding, Report, taxonomy};
use crate::rules;

/// The inventory document, version 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inventory {
    /// The document's version, 1.
    pub version: u32,
    /// Sorted by id.
    pub sources: Vec<Source>,
    /// Sorted by source, file, line, rule and sink.
    pub flows: Vec<Flow>,
}

/// A personal source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// How findings name it: `Customer.email`, `emails.email`, `users::primary_email`.
    pub id: String,
    /// `field`, `column` or `function`.
    pub kind: &'static str,
    /// The type of a field.
    #[serde(rename = "type")]
    pub type_name: Option<String>,
    /// The field's, column's or function's own name.
    pub field: String,
    /// Its category.
    pub category: String,
    /// The category's Fides data category key.
    pub taxonomy: Option<&'static str>,
    /// Where it is declared, when in the tree.
    pub file: Option<String>,
    /// The 1-based line of its declaration.
    pub line: Option<usize>,
    /// Guessed by `--infer` rather than annotated.
    pub inferred: bool,
}

/// One source reaching one sink.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Flow {
    /// The source's id.
    pub source: String,
    /// `log-leak` or `response-leak`.
    pub rule: String,
    /// The sink, as findings name it.
    pub sink: String,
    /// The route of the response, when known.
    pub route: Option<String>,
    /// The sink's file and 1-based line.
    pub file: String,
    /// The sink's 1-based line.
    pub line: usize,
    /// `open`, `suppressed` or `baselined`.
    pub status: &'static str,
    /// The suppression's reason.
    pub reason: Option<String>,
}

/// The rules whose findings are flows of personal data.
const FLOW_RULES: [&str; 2] = [rules::log_leak::NAME, rules::response_leak::NAME];

/// The inventory of a checked tree; `baselined` are the findings a
/// baseline absorbed (taken out of the report's findings).
pub fn inventory(report: &Report, baselined: &[Finding]) -> Inventory {
    let sources = report
        .sources
        .iter()
        .map(|s| Source {
            id: s.id.clone(),
            kind: s.kind,
            type_name: s.type_name.clone(),
            field: s.field.clone(),
            category: s.category.clone(),
            taxonomy: taxonomy(&s.category),
            file: s.file.clone(),
            line: s.line,
            inferred: s.inferred.is_some(),
        })
        .collect();
    let mut flows = Vec::new();
    let open = report.findings.iter().map(|f| (f, "open", None));
    let suppressed = report
        .suppressed
        .iter()
        .map(|(f, r)| (f, "suppressed", Some(r)));
    let absorbed = baselined.iter().map(|f| (f, "baselined", None));
    for (finding, status, reason) in open.chain(suppressed).chain(absorbed) {
        if !FLOW_RULES.contains(&finding.rule.as_str()) {
            continue;
        }
        for source in sources_of(finding) {
            flows.push(Flow {
                source: source.to_owned(),
                rule: finding.rule.clone(),
                sink: finding.sink.clone().unwrap_or_default(),
                route: finding.route.clone(),
                file: finding.file.clone(),
                line: finding.line,
                status,
                reason: reason.cloned(),
            });
        }
    }
    flows.sort();
    flows.dedup();
    Inventory {
        version: 1,
        sources,
        flows,
    }
}

/// The fields a finding is about (its `field` when it lists none).
fn sources_of(finding: &Finding) -> Vec<&str> {
    if finding.fields.is_empty() {
        finding.field.as_deref().into_iter().collect()
    } else {
        finding.fields.iter().map(String::as_str).collect()
    }
}

/// The inventory as a Markdown document: a summary, the sources with their
/// flows, and every flow.
pub fn markdown(inv: &Inventory) -> String {
    let mut out = String::from("# Personal data inventory\n\n");
    let count = |status: &str| inv.flows.iter().filter(|f| f.status == status).count();
    out.push_str(&format!(
        "{} personal sources; {} flows to sinks: {} open, {} suppressed, {} baselined.\n\n",
        inv.sources.len(),
        inv.flows.len(),
        count("open"),
        count("suppressed"),
        count("baselined")
    ));
    out.push_str("## Sources\n\n| source | kind | category | taxonomy | declared at | flows |\n");
    out.push_str("| --- | --- | --- | --- | --- | ---: |\n");
    for s in &inv.sources {
        let at = match (&s.file, s.line) {
            (Some(f), Some(l)) => format!("{f}:{l}"),
            _ => "configuration".to_owned(),
        };
        let flows = inv.flows.iter().filter(|f| f.source == s.id).count();
        let inferred = if s.inferred { " (inferred)" } else { "" };
        out.push_str(&format!(
            "| `{}`{inferred} | {} | {} | `{}` | {at} | {flows} |\n",
            s.id,
            s.kind,
            s.category,
            s.taxonomy.unwrap_or("")
        ));
    }
    out.push_str("\n## Flows\n\n| source | rule | sink | route | at | status |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    for f in &inv.flows {
        let status = match &f.reason {
            Some(reason) => format!("suppressed: {}", reason.replace('|', "\\|")),
            None => f.status.to_owned(),
        };
        out.push_str(&format!(
            "| `{}` | {} | `{}` | {} | {}:{} | {status} |\n",
            f.source,
            f.rule,
            f.sink,
            f.route.as_deref().unwrap_or(""),
            f.file,
            f.line
        ));
    }
    out
}
