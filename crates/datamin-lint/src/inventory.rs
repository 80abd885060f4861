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
                rule: finding.rule.name().to_owned(),
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
    out.push_str(&format!("{}\n\n", summary(inv)));
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
        let status = status_text(f, |r| r.replace('|', "\\|"));
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

/// The counts of sources and flows, in one sentence.
fn summary(inv: &Inventory) -> String {
    let count = |status: &str| inv.flows.iter().filter(|f| f.status == status).count();
    format!(
        "{} personal sources; {} flows to sinks: {} open, {} suppressed, {} baselined.",
        inv.sources.len(),
        inv.flows.len(),
        count("open"),
        count("suppressed"),
        count("baselined")
    )
}

/// A flow's status, with the suppression's reason made safe by `quote`.
fn status_text(flow: &Flow, quote: impl Fn(&str) -> String) -> String {
    match &flow.reason {
        Some(reason) => format!("suppressed: {}", quote(reason)),
        None => flow.status.to_owned(),
    }
}

/// Text made safe for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where a flow's sink is grouped in the picture: its route for a
/// response, else its file.
fn sink_group(flow: &Flow) -> String {
    match &flow.route {
        Some(route) => route.clone(),
        None => flow.file.clone(),
    }
}

/// The inventory as one self-contained HTML page: a summary, a picture of
/// the flows (inline SVG: sources on the left, sinks grouped by route or
/// file on the right, one edge per flow, coloured by rule, dashed when
/// suppressed or baselined), and the sources with their flows. Nothing is
/// loaded from anywhere; a few lines of script filter by category, and
/// without scripts everything is shown.
pub fn html(inv: &Inventory) -> String {
    let category_of = |source: &str| {
        inv.sources
            .iter()
            .find(|s| s.id == source)
            .map_or("other", |s| s.category.as_str())
    };
    let mut categories: Vec<&str> = inv.sources.iter().map(|s| s.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Personal data inventory</title>\n<style>\n\
         body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\n\
         table{border-collapse:collapse;margin:1rem 0}\n\
         td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}\n\
         th{background:#f3f3f3}\n.log-leak{stroke:#c0392b}\n.response-leak{stroke:#2471a3}\n\
         .edge{fill:none;stroke-width:2}\n.edge.suppressed,.edge.baselined{stroke-dasharray:6 4}\n\
         svg text{font-size:12px}\n.hidden{display:none}\n</style>\n</head>\n<body>\n\
         <h1>Personal data inventory</h1>\n",
    );
    out.push_str(&format!("<p>{}</p>\n", summary(inv)));
    out.push_str("<h2>Sources by category</h2>\n<table><tr><th>category</th><th>taxonomy</th><th>sources</th><th>flows</th></tr>\n");
    for cat in &categories {
        let sources: Vec<&Source> = inv.sources.iter().filter(|s| s.category == *cat).collect();
        let flows = inv
            .flows
            .iter()
            .filter(|f| category_of(&f.source) == *cat)
            .count();
        out.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{flows}</td></tr>\n",
            esc(cat),
            esc(sources.first().and_then(|s| s.taxonomy).unwrap_or("")),
            sources.len()
        ));
    }
    out.push_str("</table>\n<h2>Flows by rule</h2>\n<table><tr><th>rule</th><th>open</th><th>suppressed</th><th>baselined</th></tr>\n");
    for rule in FLOW_RULES {
        let n = |status: &str| {
            inv.flows
                .iter()
                .filter(|f| f.rule == rule && f.status == status)
                .count()
        };
        out.push_str(&format!(
            "<tr><td>{rule}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            n("open"),
            n("suppressed"),
            n("baselined")
        ));
    }
    out.push_str("</table>\n<p><label for=\"category\">Category:</label> <select id=\"category\"><option value=\"\">all</option>");
    for cat in &categories {
        out.push_str(&format!("<option>{}</option>", esc(cat)));
    }
    out.push_str("</select></p>\n");
    // The picture.
    let row = 24;
    let mut groups: Vec<String> = inv.flows.iter().map(sink_group).collect();
    groups.sort();
    groups.dedup();
    let rows = inv.sources.len().max(groups.len()).max(1);
    let height = rows * row + 40;
    let (left, right, width) = (250, 650, 1000);
    out.push_str(&format!(
        "<h2>Flows</h2>\n<svg id=\"flows\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"flows from sources to sinks\">\n"
    ));
    let y_of = |i: usize| 30 + i * row;
    for (i, s) in inv.sources.iter().enumerate() {
        out.push_str(&format!(
            "<text class=\"node\" data-category=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            esc(&s.category),
            left - 8,
            y_of(i) + 4,
            esc(&s.id)
        ));
    }
    for (i, g) in groups.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{}</text>\n",
            right + 8,
            y_of(i) + 4,
            esc(g)
        ));
    }
    for flow in &inv.flows {
        let from = inv
            .sources
            .iter()
            .position(|s| s.id == flow.source)
            .unwrap_or(0);
        let to = groups
            .iter()
            .position(|g| *g == sink_group(flow))
            .unwrap_or(0);
        let (y1, y2) = (y_of(from), y_of(to));
        out.push_str(&format!(
            "<path class=\"edge {} {}\" data-category=\"{}\" d=\"M{left},{y1} C{},{y1} {},{y2} {right},{y2}\"><title>{} to {} at {}:{} ({})</title></path>\n",
            flow.rule,
            flow.status,
            esc(category_of(&flow.source)),
            left + 200,
            right - 200,
            esc(&flow.source),
            esc(&flow.sink),
            esc(&flow.file),
            flow.line,
            flow.status
        ));
    }
    out.push_str("</svg>\n<h2>Sources and their flows</h2>\n<table id=\"sources\"><tr><th>source</th><th>category</th><th>declared at</th><th>reaches</th></tr>\n");
    for s in &inv.sources {
        let at = match (&s.file, s.line) {
            (Some(f), Some(l)) => format!("{}:{l}", esc(f)),
            _ => "configuration".to_owned(),
        };
        let flows: Vec<String> = inv
            .flows
            .iter()
            .filter(|f| f.source == s.id)
            .map(|f| {
                let status = status_text(f, esc);
                format!(
                    "{} <code>{}</code>{} at {}:{} ({status})",
                    f.rule,
                    esc(&f.sink),
                    f.route
                        .as_deref()
                        .map(|r| format!(" of {}", esc(r)))
                        .unwrap_or_default(),
                    esc(&f.file),
                    f.line
                )
            })
            .collect();
        out.push_str(&format!(
            "<tr data-category=\"{}\"><td><code>{}</code>{}</td><td>{}</td><td>{at}</td><td>{}</td></tr>\n",
            esc(&s.category),
            esc(&s.id),
            if s.inferred { " (inferred)" } else { "" },
            esc(&s.category),
            if flows.is_empty() { "nothing".to_owned() } else { flows.join("<br>") }
        ));
    }
    out.push_str(
        "</table>\n<script>\n\
         document.getElementById('category').addEventListener('change', function (e) {\n\
         \x20 var c = e.target.value;\n\
         \x20 document.querySelectorAll('[data-category]').forEach(function (n) {\n\
         \x20   n.classList.toggle('hidden', c !== '' && n.getAttribute('data-category') !== c);\n\
         \x20 });\n});\n</script>\n</body>\n</html>\n",
    );
    out
}
