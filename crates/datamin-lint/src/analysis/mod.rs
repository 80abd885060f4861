//! The analysis pipeline, top to bottom in [`run`]:
//!
//! 1. `parse`: each file's text to a syntax tree, lowered by `lower` to the
//!    per-file `ir` and dropped, on every core (a tree that declares no
//!    personal data is only checked for syntax); `nesting` guards the
//!    parser's stack;
//! 2. `model`: the tree's types, fields, functions and `use` maps (`names`),
//!    types resolved by `types` with the rows of `crate::semantics`, call
//!    paths through the module tree (`modules`);
//! 3. `routes`: which functions serve requests;
//! 4. `engine`: the fixpoint, callees first over the strongly connected
//!    components of `callgraph`, each function analysed by `flow` (the
//!    transfer function: an abstract interpretation of the `ir` over
//!    `value`s, reading only `facts`; `macros` holds the macro grammars);
//! 5. findings from the sink hits, `suppress`ions, rule levels.
//!
//! Every bound lives in `limits`. Dependencies only point down this list:
//! the tables (`crate::sinks`, `crate::semantics`) depend on nothing here.

mod callgraph;
mod columns;
mod engine;
mod facts;
mod flow;
mod ids;
mod infer;
mod ir;
mod limits;
mod lower;
mod macros;
mod model;
mod modules;
mod names;
mod nesting;
mod parse;
mod routes;
mod sql;
mod suppress;
mod types;
mod value;
mod vecmap;
mod workers;

use rayon::prelude::*;
pub(crate) use workers::Workers;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::config::Config;
use crate::report::{FileError, Finding, Report, Stats, TraceStep};
use crate::rules;
use crate::rules::Level;
use crate::walk::{CrateName, SourceFile};
use engine::{Engine, Hits};
use facts::{Site, SiteId};
use ids::Pos;
use model::{FieldId, Model};
use value::Step;

/// Analyses the files and builds the report (unsorted), on `workers`.
/// `crates` are the names the tree's manifests give its crates.
pub(crate) fn run(
    files: Vec<SourceFile>,
    crates: &[CrateName],
    config: &Config,
    mut errors: Vec<FileError>,
    workers: &Workers,
    infer: bool,
) -> Report {
    // A tree that declares nothing personal is analysed only to find the
    // fields it should (when that rule runs); else only its syntax is checked.
    let guessing = infer || config.level(rules::unmarked_field::NAME) != Level::Allow;
    let declares = declares_personal(config, &files);
    if !guessing && !declares {
        let sources = parse::check_syntax(files, &mut errors, workers);
        return report(
            apply_suppressions(Vec::new(), &sources.iter().collect::<Vec<_>>(), workers).0,
            config,
            errors,
            Stats {
                files: sources.len(),
                ..Stats::default()
            },
        );
    }
    // Positions name files by their index in `files`; the model numbers
    // only the files that parsed.
    // Without anything personal declared (or inferred), only the guesses
    // are wanted: declarations are all they read.
    let lowered = parse::parse_and_lower(&files, &mut errors, workers, declares || infer);
    let mut parsed = Vec::new();
    let mut parsed_files: Vec<&SourceFile> = Vec::new();
    let mut lowered_truncated = 0;
    for (file, ir) in files.iter().zip(lowered) {
        if let Some(ir) = ir {
            lowered_truncated += ir.truncated;
            parsed.push((file.rel.clone(), ir));
            parsed_files.push(file);
        }
    }
    let sources = &files;
    let analysed = catch_unwind(AssertUnwindSafe(|| {
        let configured = model::ConfiguredSources {
            functions: config.function_sources(),
            columns: config.column_sources(),
            infer: config.infer.clone(),
            apply_guesses: infer,
        };
        let mut model = Model::build_with(&parsed, crates, &configured);
        let mut findings = unmarked_fields(&model, sources);
        let (failed, truncated) = if model.personal.is_empty() {
            // Nothing can leak.
            (std::collections::BTreeSet::new(), 0)
        } else {
            routes::mark_handlers(&mut model, workers);
            let mut engine = Engine::new(&model, config);
            let hits = engine.run(workers);
            let (sites, failed, truncated) = engine.finish();
            findings.extend(leak_findings(&model, &sites, &hits, sources));
            (failed, truncated)
        };
        let failed: Vec<FileError> = failed
            .iter()
            .map(|&fid| failed_fn(&model, fid, sources))
            .collect();
        // Struct and variant fields that are personal: annotated, or read
        // from a personal column.
        let fields = model
            .types
            .iter()
            .flat_map(|t| &t.fields)
            .filter(|f| f.personal.is_some())
            .count();
        let marked: Vec<String> = model
            .fns
            .ids()
            .filter(|&f| model.fns[f].sanitizer)
            .map(|f| model.fn_path(f))
            .collect();
        let personal_sources = personal_sources(&model, sources);
        (
            findings,
            fields,
            truncated,
            failed,
            marked,
            personal_sources,
        )
    }));
    let mut sanitizers = config.sanitizers.clone();
    let mut personal_sources = Vec::new();
    let (findings, personal_fields, truncated) = match analysed {
        Ok((findings, personal, truncated, failed, marked, listed)) => {
            errors.extend(failed);
            sanitizers.extend(marked);
            personal_sources = listed;
            (findings, personal, truncated)
        }
        Err(_) => {
            errors.push(FileError {
                file: String::new(),
                line: None,
                column: None,
                message: "internal error in the flow analysis; no findings were produced"
                    .to_owned(),
            });
            (Vec::new(), 0, 0)
        }
    };
    let (findings, mut suppressed) = apply_suppressions(findings, &parsed_files, workers);
    suppressed.retain_mut(|(f, _)| {
        f.level = config.level(&f.rule);
        f.level != Level::Allow
    });
    // The lowered files are the bulk of what the run allocated: freed on
    // every thread rather than one by one on this one.
    let files_checked = parsed.len();
    workers.install(|| parsed.into_par_iter().for_each(drop));
    let mut out = report(
        findings,
        config,
        errors,
        Stats {
            files: files_checked,
            personal_fields,
            truncated: truncated + lowered_truncated,
            sanitizers: {
                sanitizers.sort();
                sanitizers.dedup();
                sanitizers
            },
            ..Stats::default()
        },
    );
    out.suppressed = suppressed;
    out.sources = personal_sources;
    out
}

/// Whether anything personal may be declared: configured sources, or a
/// file that mentions datamin or `#[personal]` (then function bodies are
/// read; else only declarations, for the guesses).
fn declares_personal(config: &Config, files: &[SourceFile]) -> bool {
    config.has_sources() || files.iter().any(|f| parse::may_declare_personal(&f.text))
}

/// The fields of the tree guessed personal, as `suggest` lists them (all
/// guesses, whatever their confidence), sorted by file and position.
pub(crate) fn suggestions(
    files: Vec<SourceFile>,
    crates: &[CrateName],
    config: &Config,
    errors: &mut Vec<FileError>,
    workers: &Workers,
) -> Vec<crate::suggest::Suggestion> {
    let declares = declares_personal(config, &files);
    let lowered = parse::parse_and_lower(&files, errors, workers, declares);
    // Positions name files by their index in `files`.
    let parsed: Vec<(String, ir::File)> = files
        .iter()
        .zip(lowered)
        .filter_map(|(file, ir)| Some((file.rel.clone(), ir?)))
        .collect();
    let configured = model::ConfiguredSources {
        functions: config.function_sources(),
        columns: config.column_sources(),
        infer: config.infer.clone(),
        apply_guesses: false,
    };
    let Ok(out) = catch_unwind(AssertUnwindSafe(|| {
        let model = Model::build_with(&parsed, crates, &configured);
        model
            .guesses
            .iter()
            .filter_map(|g| {
                let def = &model.types[g.owner];
                let field = &def.fields[g.field];
                let file = files.get(field.pos.file as usize)?;
                Some(crate::suggest::Suggestion {
                    file: file.rel.clone(),
                    line: field.pos.line as usize,
                    column: field.pos.col as usize,
                    type_name: match &field.variant {
                        Some(v) => format!("{}::{v}", def.name),
                        None => def.name.clone(),
                    },
                    field: field.name.clone(),
                    category: g.category.clone(),
                    confidence: f64::from(g.confidence) / 100.0,
                    path: file.path.clone(),
                })
            })
            .collect::<Vec<_>>()
    })) else {
        errors.push(FileError {
            file: String::new(),
            line: None,
            column: None,
            message: "internal error while guessing personal fields; none were listed".to_owned(),
        });
        return Vec::new();
    };
    out
}

/// The report: findings at their configured level (`allow` drops them).
fn report(
    mut findings: Vec<Finding>,
    config: &Config,
    errors: Vec<FileError>,
    stats: Stats,
) -> Report {
    findings.retain_mut(|f| {
        f.level = config.level(&f.rule);
        f.level != Level::Allow
    });
    Report {
        version: 1,
        findings,
        errors,
        stats,
        ..Report::default()
    }
}

/// Every personal source of the model, for the inventory, sorted by id.
fn personal_sources(model: &Model<'_>, files: &[SourceFile]) -> Vec<crate::report::Source> {
    let rel = |pos: Pos| files.get(pos.file as usize).map(|f| f.rel.clone());
    let mut out = Vec::new();
    for fid in model.personal.ids() {
        let pf = &model.personal[fid];
        let source = if let Some(tid) = pf.owner {
            let def = &model.types[tid];
            let Some(field) = def.fields.iter().find(|f| f.personal == Some(fid)) else {
                continue;
            };
            crate::report::Source {
                id: pf.display.clone(),
                kind: "field",
                type_name: Some(match &field.variant {
                    Some(v) => format!("{}::{v}", def.name),
                    None => def.name.clone(),
                }),
                field: field.name.clone(),
                category: pf.category.clone(),
                file: rel(field.pos),
                line: Some(field.pos.line as usize),
                inferred: pf.inferred,
            }
        } else if let Some(f) = model.fns.iter().find(|f| f.source == Some(fid)) {
            crate::report::Source {
                id: pf.display.clone(),
                kind: "function",
                type_name: None,
                field: f.name.clone(),
                category: pf.category.clone(),
                file: rel(f.pos),
                line: Some(f.pos.line as usize),
                inferred: None,
            }
        } else {
            let configured_fn = model.configured_sources.iter().any(|(_, f)| *f == fid);
            crate::report::Source {
                id: pf.display.clone(),
                kind: if configured_fn { "function" } else { "column" },
                type_name: None,
                field: pf
                    .display
                    .rsplit(['.', ':'])
                    .next()
                    .unwrap_or(&pf.display)
                    .to_owned(),
                category: pf.category.clone(),
                file: None,
                line: None,
                inferred: None,
            }
        };
        out.push(source);
    }
    out.sort_by(|a, b| (&a.id, &a.file, a.line).cmp(&(&b.id, &b.file, b.line)));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The guessed fields sure enough for `unmarked-personal-field`.
fn unmarked_fields(model: &Model<'_>, sources: &[SourceFile]) -> Vec<Finding> {
    let mut out = Vec::new();
    for guess in &model.guesses {
        if guess.confidence < infer::REPORT_CONFIDENCE {
            continue;
        }
        let def = &model.types[guess.owner];
        let field = &def.fields[guess.field];
        let display = def.field_display(guess.field);
        let why = match &guess.why {
            infer::Why::Name(words) => format!("named `{words}`"),
            infer::Why::Type(ty) => format!("of type `{ty}`"),
            infer::Why::Copied(fid) => format!("filled from `{}`", model.personal[*fid].display),
            infer::Why::CopiedInto(fid) => {
                format!("copied into `{}`", model.personal[*fid].display)
            }
        };
        let confidence = f64::from(guess.confidence) / 100.0;
        let derive = if def.derives("Personal") {
            String::new()
        } else {
            format!(", and derive `datamin::Personal` on `{}`", def.name)
        };
        let file = sources.get(field.pos.file as usize);
        out.push(Finding {
            rule: rules::unmarked_field::NAME.to_owned(),
            level: Level::Warn,
            file: file.map(|f| f.rel.clone()).unwrap_or_default(),
            line: field.pos.line as usize,
            column: field.pos.col as usize,
            end_line: field.pos.end_line as usize,
            end_column: field.pos.end_col as usize,
            message: format!(
                "`{display}` is probably personal ({}, {why}, confidence {confidence:.2}) but is not marked",
                guess.category
            ),
            field: Some(display),
            category: Some(guess.category.clone()),
            taxonomy: crate::report::taxonomy(&guess.category),
            sink: None,
            inferred: false,
            fields: Vec::new(),
            route: None,
            trace: Vec::new(),
            path: file.map(|f| f.path.clone()).unwrap_or_default(),
            label: "probably personal".to_owned(),
            help: Some(format!(
                "add `#[personal({})]` to the field{derive}; if it is not personal, mark it \
                 `#[not_personal]` or suppress with `// datamin:allow({}) <reason>`",
                guess.category,
                rules::unmarked_field::NAME
            )),
        });
    }
    out
}

fn leak_findings(
    model: &Model<'_>,
    sites: &BTreeMap<SiteId, Site>,
    hits: &Hits,
    sources: &[SourceFile],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (site_id, fields) in hits {
        let Some(site) = sites.get(site_id) else {
            continue;
        };
        let mut ordered: Vec<(&FieldId, &Vec<Step>)> = fields.iter().collect();
        ordered.sort_by_key(|(fid, trace)| (trace.first().map(|s| s.pos), **fid));
        let Some((primary, trace)) = ordered.first() else {
            continue;
        };
        let Some(pf) = model.personal.get(**primary) else {
            continue;
        };
        let names: Vec<String> = ordered
            .iter()
            .filter_map(|(fid, _)| model.personal.get(**fid))
            .map(|p| format!("`{}` ({})", p.display, p.category))
            .collect();
        let subject = match names.len() {
            1 => format!("{} reaches", names[0]),
            2 => format!("{} and {} reach", names[0], names[1]),
            n => format!("{} and {} more personal fields reach", names[0], n - 1),
        };
        let mut message = format!("{subject} {}", site.target);
        if let Some(confidence) = pf.inferred {
            // `check --infer`: the field is a guess.
            message.push_str(&format!(
                " (`{}` is inferred, confidence {:.2})",
                pf.display,
                f64::from(confidence) / 100.0
            ));
        }
        let file = sources.get(site.pos.file as usize);
        out.push(Finding {
            rule: site.rule.to_owned(),
            level: Level::Deny,
            file: file.map(|f| f.rel.clone()).unwrap_or_default(),
            line: site.pos.line as usize,
            column: site.pos.col as usize,
            end_line: site.pos.end_line as usize,
            end_column: site.pos.end_col as usize,
            message,
            field: Some(pf.display.clone()),
            category: Some(pf.category.clone()),
            taxonomy: crate::report::taxonomy(&pf.category),
            sink: Some(site.sink.clone()),
            inferred: pf.inferred.is_some(),
            fields: ordered
                .iter()
                .filter_map(|(fid, _)| model.personal.get(**fid))
                .map(|p| p.display.clone())
                .collect(),
            route: site.route.clone(),
            trace: trace
                .iter()
                .map(|s| trace_step(model, s, sources))
                .collect(),
            path: file.map(|f| f.path.clone()).unwrap_or_default(),
            label: site.label.to_owned(),
            help: Some(help_for(site.rule, site.sink.as_str())),
        });
    }
    out
}

/// The error for a function whose analysis panicked.
fn failed_fn(model: &Model<'_>, fid: model::FnId, sources: &[SourceFile]) -> FileError {
    let f = &model.fns[fid];
    let pos = f.pos;
    FileError {
        file: sources
            .get(pos.file as usize)
            .map(|s| s.rel.clone())
            .unwrap_or_default(),
        line: Some(pos.line as usize),
        column: Some(pos.col as usize),
        message: format!(
            "internal error while analysing `{}`; its findings are missing, the rest of the tree was checked",
            f.name
        ),
    }
}

fn trace_step(model: &Model<'_>, step: &Step, sources: &[SourceFile]) -> TraceStep {
    let Pos {
        file,
        line,
        col,
        end_line,
        end_col,
    } = step.pos;
    TraceStep {
        file: sources
            .get(file as usize)
            .map(|f| f.rel.clone())
            .unwrap_or_default(),
        line: line as usize,
        column: col as usize,
        end_column: if end_line == line {
            end_col as usize
        } else {
            col as usize + 1
        },
        note: step.kind.render(|f| model.fns[f].name.clone()),
    }
}

fn help_for(rule: &str, sink: &str) -> String {
    if rule == rules::response_leak::NAME {
        return format!(
            "return a DTO without the personal fields, mark the field `#[serde(skip_serializing)]` \
             (or `#[graphql(skip)]`), wrap it in `datamin::Redacted`, or suppress with \
             `// datamin:allow({rule}) <reason>`"
        );
    }
    if sink == "#[instrument]" {
        return format!(
            "skip the argument (`skip(..)` or `skip_all`), record a non-personal field in \
             `fields(..)`, derive `datamin::RedactedDebug`, or suppress with \
             `// datamin:allow({rule}) <reason>`"
        );
    }
    format!(
        "log a non-personal field (such as an id), wrap the value in `datamin::Redacted`, \
         derive `datamin::RedactedDebug`, or suppress with `// datamin:allow({rule}) <reason>`"
    )
}

/// Removes suppressed findings and adds the findings about suppressions.
/// The findings no suppression covers (and the findings about
/// suppressions), and those one covers, with its reason.
fn apply_suppressions(
    findings: Vec<Finding>,
    sources: &[&SourceFile],
    workers: &Workers,
) -> (Vec<Finding>, Vec<(Finding, String)>) {
    type Found<'s> = (&'s SourceFile, Vec<(suppress::Suppression, bool)>);
    let scanned: Vec<Vec<suppress::Suppression>> = workers.install(|| {
        sources
            .par_iter()
            .map(|src| suppress::scan(&src.text))
            .collect()
    });
    let mut by_file: BTreeMap<&str, Found<'_>> = BTreeMap::new();
    for (&src, found) in sources.iter().zip(scanned) {
        if !found.is_empty() {
            by_file.insert(
                &src.rel,
                (src, found.into_iter().map(|s| (s, false)).collect()),
            );
        }
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for finding in findings {
        let mut reason = None;
        if let Some((_, sups)) = by_file.get_mut(finding.file.as_str()) {
            for (s, used) in sups.iter_mut() {
                let covers = finding.line == s.line || finding.line == s.line + 1;
                if covers && !s.reason.is_empty() && s.rules.contains(&finding.rule) {
                    *used = true;
                    reason.get_or_insert_with(|| s.reason.clone());
                }
            }
        }
        match reason {
            Some(reason) => suppressed.push((finding, reason)),
            None => kept.push(finding),
        }
    }
    for (rel, (src, sups)) in by_file {
        for (s, used) in sups {
            let unknown: Vec<&String> = s
                .rules
                .iter()
                .filter(|r| rules::find(r).is_none())
                .collect();
            let (rule, message) = if s.reason.is_empty() {
                (
                    rules::suppression::WITHOUT_REASON.name,
                    "`datamin:allow` needs a reason after the rule name; this comment suppresses nothing"
                        .to_owned(),
                )
            } else if !unknown.is_empty() {
                let known: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
                (
                    rules::suppression::UNUSED.name,
                    format!(
                        "`datamin:allow` names unknown rule `{}`; known rules: {}",
                        unknown[0],
                        known.join(", ")
                    ),
                )
            } else if !used {
                (
                    rules::suppression::UNUSED.name,
                    format!(
                        "`datamin:allow({})` matches no finding on this line or the next",
                        s.rules.join(", ")
                    ),
                )
            } else {
                continue;
            };
            kept.push(Finding {
                rule: rule.to_owned(),
                level: Level::Deny,
                file: rel.to_owned(),
                line: s.line,
                column: s.column,
                end_line: s.line,
                end_column: s.end_column,
                message,
                field: None,
                category: None,
                taxonomy: None,
                sink: None,
                inferred: false,
                fields: Vec::new(),
                route: None,
                trace: Vec::new(),
                path: src.path.clone(),
                label: "this suppression".to_owned(),
                help: Some(if s.reason.is_empty() {
                    "write why the data may reach this sink: `// datamin:allow(<rule>) <reason>`"
                        .to_owned()
                } else {
                    "remove the comment".to_owned()
                }),
            });
        }
    }
    (kept, suppressed)
}
