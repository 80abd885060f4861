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

pub(crate) use model::FnId;
use rayon::prelude::*;
pub(crate) use value::StepKind;
pub(crate) use workers::Workers;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::config::Config;
use crate::report::{FileError, Finding, Report, Stats, TraceStep};
use crate::rules;
use crate::rules::{Level, RuleId};
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
            let datamin = datamin_in_crate(sources, &parsed_files, crates);
            findings.extend(leak_findings(&model, &sites, &hits, sources, &datamin));
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
        f.level = config.level(f.rule.name());
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
        f.level = config.level(f.rule.name());
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
    let sure: Vec<&infer::Guess> = model
        .guesses
        .iter()
        .filter(|g| g.confidence >= infer::REPORT_CONFIDENCE)
        .collect();
    // The attribute each guess needs, planned per file as `suggest --fix`
    // would write it.
    let mut by_file: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let suggestions: Vec<crate::suggest::Suggestion> = sure
        .iter()
        .enumerate()
        .map(|(i, guess)| {
            let def = &model.types[guess.owner];
            let field = &def.fields[guess.field];
            by_file.entry(field.pos.file).or_default().push(i);
            let file = sources.get(field.pos.file as usize);
            crate::suggest::Suggestion {
                file: file.map(|f| f.rel.clone()).unwrap_or_default(),
                line: field.pos.line as usize,
                column: field.pos.col as usize,
                type_name: def.name.clone(),
                field: field.name.clone(),
                category: guess.category.clone(),
                confidence: f64::from(guess.confidence) / 100.0,
                path: file.map(|f| f.path.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let mut edits: Vec<Vec<crate::report::Edit>> = vec![Vec::new(); sure.len()];
    for (file, indices) in &by_file {
        let Some(src) = sources.get(*file as usize).map(SourceFile::src) else {
            continue;
        };
        let wanted: Vec<&crate::suggest::Suggestion> =
            indices.iter().map(|&i| &suggestions[i]).collect();
        if let Ok((planned, _)) = crate::suggest::planned(src.text, &wanted) {
            for (&i, inserts) in indices.iter().zip(planned) {
                edits[i] = inserts
                    .into_iter()
                    .map(|e| {
                        rules::fixes::Span {
                            src,
                            start: e.at,
                            end: e.at,
                        }
                        .replace(e.text)
                    })
                    .collect();
            }
        }
    }
    let mut out = Vec::new();
    for (guess, edits) in sure.into_iter().zip(edits) {
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
        let file = sources.get(field.pos.file as usize);
        let diagnosis = rules::unmarked_field::diagnose(&rules::unmarked_field::Guess {
            display: &display,
            category: &guess.category,
            why,
            confidence: guess.confidence,
            derive_on: (!def.derives("Personal")).then_some(def.name.as_str()),
            edits,
            site: span(sources, field.pos),
        });
        let mut finding = Finding::new(RuleId::UnmarkedPersonalField, file, field.pos, diagnosis);
        finding.level = Level::Warn;
        finding.field = Some(display);
        finding.category = Some(guess.category.clone());
        finding.taxonomy = crate::report::taxonomy(&guess.category);
        out.push(finding);
    }
    out
}

/// The span of a position in its file, `None` when the text has no such place.
fn span(sources: &[SourceFile], pos: Pos) -> Option<rules::fixes::Span<'_>> {
    let src = sources.get(pos.file as usize)?.src();
    rules::fixes::Span::of(
        src,
        pos.line as usize,
        pos.col as usize,
        pos.end_line as usize,
        pos.end_col as usize,
    )
}

/// Whether the crate of each file can name `datamin`: a file of the crate
/// (the files under the innermost manifest's directory) that parsed names
/// it in a path (`datamin::`, `use datamin`, `extern crate datamin`).
fn datamin_in_crate(
    sources: &[SourceFile],
    parsed: &[&SourceFile],
    crates: &[CrateName],
) -> Vec<bool> {
    let crate_of = |rel: &str| {
        crates
            .iter()
            .filter(|c| rel.starts_with(c.dir.as_str()))
            .map(|c| c.dir.as_str())
            .max_by_key(|d| d.len())
            .unwrap_or("")
    };
    let mut mentions: BTreeMap<&str, bool> = BTreeMap::new();
    for file in parsed {
        let dir = crate_of(&file.rel);
        let names = |text: &str| {
            text.contains("datamin::")
                || text.contains("use datamin")
                || text.contains("extern crate datamin")
        };
        let entry = mentions.entry(dir).or_insert(false);
        *entry = *entry || names(&file.text);
    }
    sources
        .iter()
        .map(|f| mentions.get(crate_of(&f.rel)).copied().unwrap_or(false))
        .collect()
}

/// What fixes need of the type that declares a personal field.
fn type_facts<'a>(
    model: &'a Model<'_>,
    tid: ids::TypeId,
    sources: &'a [SourceFile],
) -> rules::TypeFacts<'a> {
    let def = &model.types[tid];
    // `id` first, else the first `*_id` or `uuid`, of the fields that are
    // not personal.
    let candidates = || {
        def.fields
            .iter()
            .filter(|f| f.variant.is_none() && f.personal.is_none())
            .map(|f| f.name.as_str())
    };
    let id_field = candidates()
        .find(|n| *n == "id")
        .or_else(|| candidates().find(|n| n.ends_with("_id") || *n == "uuid"));
    rules::TypeFacts {
        name: &def.name,
        decl: span(sources, def.pos),
        debug_derive: def.debug_derive.and_then(|p| span(sources, p)),
        derives_personal: def.derives("Personal"),
        derives_serialize: def.derives("Serialize"),
        id_field,
    }
}

fn leak_findings(
    model: &Model<'_>,
    sites: &BTreeMap<SiteId, Site>,
    hits: &Hits,
    sources: &[SourceFile],
    datamin: &[bool],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (site_id, fields) in hits {
        let Some(site) = sites.get(site_id) else {
            continue;
        };
        let mut ordered: Vec<(&FieldId, &facts::Flow)> = fields.iter().collect();
        ordered.sort_by_key(|(fid, flow)| (flow.trace.first().map(|s| s.pos), **fid));
        let Some((primary, flow)) = ordered.first() else {
            continue;
        };
        let Some(pf) = model.personal.get(**primary) else {
            continue;
        };
        let leak_fields: Vec<rules::LeakField<'_>> = ordered
            .iter()
            .filter_map(|(fid, flow)| {
                let p = model.personal.get(**fid)?;
                let declared = p.owner.and_then(|tid| {
                    let def = &model.types[tid];
                    let index = def.fields.iter().position(|f| f.personal == Some(**fid))?;
                    Some((tid, index))
                });
                let field = declared.map(|(tid, i)| &model.types[tid].fields[i]);
                Some(rules::LeakField {
                    display: &p.display,
                    category: &p.category,
                    name: field.map(|f| f.name.as_str()),
                    inferred: p.inferred,
                    annotated: p.inferred.is_none()
                        && declared
                            .is_some_and(|(tid, i)| model.types[tid].field_display(i) == p.display),
                    owner: declared.map(|(tid, _)| type_facts(model, tid, sources)),
                    decl: field.and_then(|f| span(sources, f.start)),
                    at: flow.at.and_then(|at| span(sources, at)),
                    capture: flow.capture.as_deref(),
                    through_debug: flow
                        .trace
                        .iter()
                        .any(|s| s.kind == value::StepKind::Formatted(crate::sinks::Mode::Debug)),
                    serialized_whole: flow
                        .trace
                        .iter()
                        .any(|s| s.kind == value::StepKind::SerializedFields),
                })
            })
            .collect();
        let leak = rules::Leak {
            sink: &site.sink,
            kind: &site.kind,
            route: site.route.as_deref(),
            site: span(sources, site.pos),
            fields: leak_fields,
            datamin_in_crate: datamin
                .get(site.pos.file as usize)
                .copied()
                .unwrap_or(false),
        };
        let diagnosis = rules::diagnose(site.rule, &leak);
        let file = sources.get(site.pos.file as usize);
        let mut finding = Finding::new(site.rule, file, site.pos, diagnosis);
        finding.field = Some(pf.display.clone());
        finding.category = Some(pf.category.clone());
        finding.taxonomy = crate::report::taxonomy(&pf.category);
        finding.sink = Some(site.sink.clone());
        finding.inferred = pf.inferred.is_some();
        finding.fields = ordered
            .iter()
            .filter_map(|(fid, _)| model.personal.get(**fid))
            .map(|p| p.display.clone())
            .collect();
        finding.route = site.route.clone();
        finding.trace = flow
            .trace
            .iter()
            .map(|s| trace_step(model, s, sources))
            .collect();
        out.push(finding);
    }
    out
}

impl Finding {
    /// A finding of `rule` at `pos` of `file`, at deny level, saying what
    /// the rule's `diagnosis` says.
    fn new(
        rule: RuleId,
        file: Option<&SourceFile>,
        pos: Pos,
        diagnosis: rules::Diagnosis,
    ) -> Finding {
        Finding {
            rule,
            level: Level::Deny,
            file: file.map(|f| f.rel.clone()).unwrap_or_default(),
            line: pos.line as usize,
            column: pos.col as usize,
            end_line: pos.end_line as usize,
            end_column: pos.end_col as usize,
            message: diagnosis.message,
            field: None,
            category: None,
            taxonomy: None,
            sink: None,
            inferred: false,
            fields: Vec::new(),
            route: None,
            trace: Vec::new(),
            fixes: diagnosis.fixes,
            path: file.map(|f| f.path.clone()).unwrap_or_default(),
            label: diagnosis.label,
            help: diagnosis.help,
        }
    }
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
        note: rules::step_note(&step.kind, |f| model.fns[f].name.clone()),
    }
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
                if covers
                    && !s.reason.is_empty()
                    && s.rules.iter().any(|r| finding.rule == r.as_str())
                {
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
    for (_, (src, sups)) in by_file {
        let text = src.src();
        for (s, used) in sups {
            let unknown = s.rules.iter().find(|r| rules::find(r).is_none());
            // From the `//` to the closing parenthesis, and to the line's end.
            let marker = rules::fixes::Span::of(text, s.line, s.column, s.line, s.end_column);
            let (rule, diagnosis) = if s.reason.is_empty() {
                (
                    RuleId::SuppressionWithoutReason,
                    rules::suppression::without_reason(marker),
                )
            } else if unknown.is_some() || !used {
                let comment = marker.map(|m| {
                    let end = text.text[m.end..]
                        .find('\n')
                        .map_or(text.text.len(), |i| m.end + i);
                    let end = m.end + text.text[m.end..end].trim_end().len();
                    rules::fixes::Span { end, ..m }
                });
                (
                    RuleId::UnusedSuppression,
                    rules::suppression::unused(&s.rules, unknown.map(String::as_str), comment),
                )
            } else {
                continue;
            };
            let pos = Pos {
                file: 0,
                line: u32::try_from(s.line).unwrap_or(u32::MAX),
                col: u32::try_from(s.column).unwrap_or(u32::MAX),
                end_line: u32::try_from(s.line).unwrap_or(u32::MAX),
                end_col: u32::try_from(s.end_column).unwrap_or(u32::MAX),
            };
            kept.push(Finding::new(rule, Some(src), pos, diagnosis));
        }
    }
    (kept, suppressed)
}
