//! The whole-tree analysis: function summaries iterated to a fixpoint over
//! the call graph, and the hits it leaves.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;

use super::callgraph::{self, Rank};
use super::facts::{Channel, Facts, Flow, Site, SiteId};
use super::flow::{FnCx, FnOut, Hit};
use super::ids::{IdVec, TypeId};
use super::ir;
use super::limits::{MAX_ANALYSES_PER_FN, MAX_CHANNEL_VISITS, MAX_HIT_TRACE, MAX_TRACE};
use super::model::{FieldId, FnId, FnRole, Model};
use super::types::Ty;
use super::value::{Step, StepKind};
use super::workers::Workers;
use crate::config::Config;
use crate::rules::RuleId;
use crate::semantics::web::TEMPLATE_DERIVE;
use crate::sinks::{Mode, SinkKind, web};

/// The fixpoint over the tree's functions.
pub(crate) struct Engine<'m, 'a> {
    pub facts: Facts<'m, 'a>,
    failed: BTreeSet<FnId>,
}

/// Sink hits: site → personal field → how it got there.
pub(crate) type Hits = BTreeMap<SiteId, BTreeMap<FieldId, Flow>>;

/// Whether a field's declared type is `Redacted<..>` (by its last segment).
fn field_is_redacted(ty: &ir::Type) -> bool {
    matches!(ty, ir::Type::Path(p) if p.last() == "Redacted")
}

/// A trace followed by more steps, up to [`MAX_TRACE`].
fn extended(trace: &[Step], steps: &[Step]) -> Vec<Step> {
    let room = MAX_TRACE.saturating_sub(trace.len());
    trace
        .iter()
        .chain(steps.iter().take(room))
        .cloned()
        .collect()
}

/// A trace followed by a callee's flow to its sink.
fn extended_flow(trace: &[Step], flow: &Flow) -> Flow {
    Flow {
        trace: extended(trace, &flow.trace),
        at: flow.at,
        capture: flow.capture.clone(),
    }
}

/// Records a hit. A sink reached from several call sites keeps one trace,
/// extended with the other call sites.
fn add_hit(hits: &mut Hits, site: SiteId, field: FieldId, flow: Flow) {
    let known = hits.entry(site).or_default();
    match known.get_mut(&field) {
        None => {
            known.insert(field, flow);
        }
        Some(Flow {
            trace: existing, ..
        }) => {
            for step in flow.trace {
                let is_call = matches!(step.kind, StepKind::PassedTo(_));
                if is_call && existing.len() < MAX_HIT_TRACE && !existing.contains(&step) {
                    existing.push(step);
                }
            }
        }
    }
}

impl<'m, 'a> Engine<'m, 'a> {
    pub fn new(model: &'m Model<'a>, config: &'m Config) -> Self {
        Engine {
            facts: Facts::new(model, config),
            failed: BTreeSet::new(),
        }
    }

    /// Runs every function to a fixpoint and returns the hits of the last
    /// analysis of each function.
    ///
    /// Functions are analysed from a worklist in the order of their
    /// [`Rank`] (callees first). All queued functions of the lowest rank form
    /// a batch, analysed side by side on `workers` against the summaries
    /// known before the batch; the results are then merged in the order of
    /// the functions' ids. The schedule does not depend on the number of
    /// threads, so neither does the report. When a summary grows, the
    /// callers that used it are queued again; when what a type prints grows
    /// (a hand-written `fmt` impl), every function analysed so far is.
    /// Summaries only grow, within the bounds of [`super::limits`], so this
    /// terminates; [`MAX_ANALYSES_PER_FN`] guards against a bug there, and is
    /// counted in [`Engine::truncated`] if it is ever reached.
    pub fn run(&mut self, workers: &Workers) -> Hits {
        let mut hits = Hits::new();
        if self.facts.model.personal.is_empty() {
            // Nothing is personal: nothing can leak.
            return hits;
        }
        let n = self.facts.model.fns.len();
        let rank = callgraph::ranks(self.facts.model, workers);
        let fns = self.facts.model.fns.ids();
        let mut fn_hits: IdVec<FnId, Vec<Hit>> = IdVec::filled(n, Vec::new());
        let mut fn_truncated: IdVec<FnId, usize> = IdVec::filled(n, 0);
        let mut callers: IdVec<FnId, BTreeSet<FnId>> = IdVec::filled(n, BTreeSet::new());
        let mut analysed: IdVec<FnId, bool> = IdVec::filled(n, false);
        let mut queue: BTreeSet<(Rank, FnId)> = fns.map(|f| (rank[f], f)).collect();
        let mut budget = n.saturating_mul(MAX_ANALYSES_PER_FN);
        while let Some(&(current, _)) = queue.first() {
            let mut batch = Vec::new();
            while let Some(&(r, fid)) = queue.first()
                && r == current
            {
                queue.pop_first();
                batch.push(fid);
            }
            if budget < batch.len() {
                self.facts.add_truncated(1);
                break;
            }
            budget -= batch.len();
            let outs = self.analyse_batch(&batch, workers);
            // The whole batch first: a function of it that read the summary
            // of another, or what a type prints, is queued again if that
            // grows while the batch is merged.
            for (&fid, out) in batch.iter().zip(&outs) {
                let Some(out) = out else { continue };
                analysed[fid] = true;
                for &callee in &out.callees {
                    if let Some(set) = callers.get_mut(callee) {
                        set.insert(fid);
                    }
                }
            }
            for (fid, out) in batch.into_iter().zip(outs) {
                let Some(out) = out else {
                    self.failed.insert(fid);
                    fn_hits[fid].clear();
                    continue;
                };
                fn_hits[fid] = out.hits;
                fn_truncated[fid] = out.truncated;
                if Arc::make_mut(&mut self.facts.summaries[fid]).absorb(out.summary) {
                    queue.extend(callers[fid].iter().map(|&c| (rank[c], c)));
                }
                if self.record_fmt(fid, out.fmt_self, out.fmt_fields) {
                    let done = self.facts.model.fns.ids().filter(|&f| analysed[f]);
                    queue.extend(done.map(|f| (rank[f], f)));
                }
            }
        }
        let cut: usize = fn_truncated.iter().sum();
        self.facts.add_truncated(cut);
        let mut visits = HashMap::new();
        for found in fn_hits {
            for hit in found {
                match hit {
                    Hit::Sink(site, field, trace) => add_hit(&mut hits, site, field, trace),
                    Hit::Passed(field, trace, callee, channel) => {
                        self.expand(&mut hits, &mut visits, field, trace, callee, channel);
                    }
                }
            }
        }
        let rendered = self.rendered_templates(&mut hits);
        self.exposed_fields(&mut hits, &rendered);
        hits
    }

    /// The templates whose page reaches a response: a template value a
    /// handler returns, or whose rendered text goes into a response body.
    /// Those hits are taken out, as the template's personal fields are
    /// reported at the fields themselves ([`Self::exposed_fields`]); a
    /// template rendered into an e-mail or a file is not a page.
    fn rendered_templates(&self, hits: &mut Hits) -> BTreeSet<TypeId> {
        let mut rendered = BTreeSet::new();
        hits.retain(|site, fields| {
            if site.rule != RuleId::ResponseLeak {
                return true;
            }
            fields.retain(|&field, flow| {
                let template = self.facts.template_of(field);
                let page =
                    template.filter(|_| flow.trace.iter().any(|s| s.kind == StepKind::Rendered));
                rendered.extend(page);
                page.is_none()
            });
            !fields.is_empty()
        });
        rendered
    }

    /// The hits of a field passed to `callee` on `channel`: every sink the
    /// channel leads to, through the calls that hand it on, each with the
    /// first path that reaches it (the callee's own sinks first, then its
    /// calls in source order, depth first). Each channel is entered once, so
    /// this is linear in the size of the summaries it walks; across all the
    /// hits of a field, each channel is entered at most
    /// [`MAX_CHANNEL_VISITS`] times (`visits`).
    fn expand(
        &self,
        hits: &mut Hits,
        visits: &mut HashMap<(FieldId, FnId, Channel), u8>,
        field: FieldId,
        trace: Vec<Step>,
        callee: FnId,
        channel: Channel,
    ) {
        let mut seen: HashSet<(FnId, Channel)> = HashSet::new();
        let mut stack = vec![(callee, channel, trace)];
        while let Some((fid, channel, trace)) = stack.pop() {
            if !seen.insert((fid, channel)) {
                continue;
            }
            let count = visits.entry((field, fid, channel)).or_insert(0);
            if *count >= MAX_CHANNEL_VISITS {
                continue;
            }
            *count += 1;
            let Some(reach) = self.facts.summaries[fid].reach.get(&channel) else {
                continue;
            };
            for (&site, flow) in &reach.sinks {
                add_hit(hits, site, field, extended_flow(&trace, flow));
            }
            for (&(_, next, next_channel), steps) in reach.calls.iter().rev() {
                if !seen.contains(&(next, next_channel)) {
                    stack.push((next, next_channel, extended(&trace, steps)));
                }
            }
        }
    }

    /// Analyses a batch of functions, in parallel when there are several;
    /// `None` for a function whose analysis panicked (it costs that
    /// function's findings only, never the run).
    fn analyse_batch(&self, batch: &[FnId], workers: &Workers) -> Vec<Option<FnOut>> {
        let facts = &self.facts;
        let one = |fid: FnId| catch_unwind(AssertUnwindSafe(|| FnCx::analyse(facts, fid))).ok();
        if batch.len() == 1 {
            return batch.iter().map(|&fid| one(fid)).collect();
        }
        workers.install(|| batch.par_iter().map(|&fid| one(fid)).collect())
    }

    /// Records what a hand-written `fmt`/`serialize` impl writes; true when
    /// that changed what its type exposes.
    fn record_fmt(&mut self, fid: FnId, writes_self: bool, fields: BTreeSet<FieldId>) -> bool {
        let key = match self.facts.model.fns[fid].role {
            FnRole::DebugImpl(t) => (t, Mode::Debug),
            FnRole::DisplayImpl(t) => (t, Mode::Display),
            FnRole::SerializeImpl(t) => (t, Mode::Serialize),
            FnRole::Plain => return false,
        };
        let mut changed = writes_self && self.facts.fmt_self.insert(key);
        let set = self.facts.fmt_leaks.entry(key).or_default();
        let before = set.len();
        set.extend(fields);
        changed |= set.len() != before;
        if changed {
            self.facts.clear_leak_memo();
        }
        changed
    }

    /// How often an analysis bound cut the analysis short (see
    /// [`super::limits`]).
    pub fn truncated(&self) -> usize {
        self.facts.truncated()
    }

    /// The sink sites, the functions whose analysis panicked (their
    /// findings are missing) and how often a bound cut the analysis short.
    pub fn finish(self) -> (BTreeMap<SiteId, Site>, BTreeSet<FnId>, usize) {
        let truncated = self.truncated();
        (self.facts.into_sites(), self.failed, truncated)
    }

    /// Personal fields exposed by a derive of their type: reported at the
    /// field, whatever value it holds. A `#[derive(SimpleObject)]` type is
    /// part of the schema by itself; a template only where its page reaches
    /// a response (`rendered`).
    fn exposed_fields(&self, hits: &mut Hits, rendered: &BTreeSet<TypeId>) {
        for (tid, def) in self.facts.model.types.iter_enumerated() {
            let Some(row) = web::EXPOSING_DERIVES.iter().find(|r| def.derives(r.derive)) else {
                continue;
            };
            if row.derive == TEMPLATE_DERIVE && !rendered.contains(&tid) {
                continue;
            }
            for field in &def.fields {
                let Some(fid) = field.personal else { continue };
                if field.graphql_skip {
                    continue;
                }
                let ty = self.facts.model.field_ty(tid, &[], field);
                let hidden =
                    matches!(&ty, Ty::Redacted(w, _) if !w.serializes_value(field.serialize_with));
                if hidden || field_is_redacted(field.ty) {
                    continue;
                }
                let site = self.facts.site_for_rule(
                    field.pos,
                    row.sink,
                    SinkKind::Exposed(row.derive, def.name.clone()),
                    RuleId::ResponseLeak,
                    None,
                );
                let step = Step {
                    pos: field.pos,
                    kind: StepKind::ExposedBy(row.derive),
                };
                add_hit(
                    hits,
                    site,
                    fid,
                    Flow {
                        trace: vec![step],
                        at: None,
                        capture: None,
                    },
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::analysis::{lower, parse, routes};
    use crate::walk::SourceFile;

    /// A service whose handler passes an e-mail down a chain of `depth`
    /// helpers, each of which logs it and hands it on.
    fn chain(depth: usize) -> String {
        let mut src = String::from(
            "struct Customer { #[personal(email)] email: String }\n\
             fn handler(c: Customer) { step_0(&c.email); }\n",
        );
        for i in 0..depth {
            src.push_str(&format!(
                "fn step_{i}(email: &str) {{\n    tracing::info!(\"{{}}\", email);\n"
            ));
            if i + 1 < depth {
                src.push_str(&format!("    step_{}(email);\n", i + 1));
            }
            src.push_str("}\n");
        }
        src
    }

    #[test]
    fn a_chain_of_helpers_keeps_one_sink_and_one_call_per_helper() {
        let depth = 300;
        let file = SourceFile::new(
            "src/lib.rs".to_owned(),
            PathBuf::from("src/lib.rs"),
            chain(depth),
        );
        let ast = parse::parse(&file).expect("parses");
        let parsed = vec![(file.rel.clone(), lower::lower_file(&ast, 0, &file.text))];
        let mut model = Model::build(&parsed, &[]);
        let workers = Workers::new(1);
        routes::mark_handlers(&mut model, &workers);
        let config = Config::default();
        let mut engine = Engine::new(&model, &config);
        let hits = engine.run(&workers);

        // Every helper's log line is reached, from the handler's one call.
        assert_eq!(hits.len(), depth);
        let lines: BTreeSet<u32> = hits.keys().map(|site| site.pos.line).collect();
        let expected: BTreeSet<u32> = (0..depth).map(|i| 4 + 4 * i as u32).collect();
        assert_eq!(lines.len(), depth);
        assert_eq!(lines, expected);

        // And each helper's summary names its own sink and the next call
        // only: nothing below it is copied up.
        for fid in model.fns.ids() {
            let name = &model.fns[fid].name;
            let Some(i) = name.strip_prefix("step_") else {
                continue;
            };
            let i: usize = i.parse().expect("index");
            let summary = &engine.facts.summaries[fid];
            assert_eq!(summary.reach.len(), 1, "{name}: {:?}", summary.reach.keys());
            let reach = summary.reach.values().next().expect("one channel");
            assert_eq!(reach.sinks.len(), 1, "{name}");
            assert_eq!(reach.calls.len(), usize::from(i + 1 < depth), "{name}");
        }
    }
}
