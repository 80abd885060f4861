//! The whole-tree analysis: function summaries iterated to a fixpoint over
//! the call graph, and the hits it leaves.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;

use super::callgraph::{self, Rank};
use super::facts::{Facts, Site, SiteId};
use super::flow::{FnCx, FnOut};
use super::ids::IdVec;
use super::ir;
use super::limits::{MAX_ANALYSES_PER_FN, MAX_HIT_TRACE};
use super::model::{FieldId, FnId, FnRole, Model};
use super::types::Ty;
use super::value::{Step, StepKind};
use super::workers::Workers;
use crate::config::Config;
use crate::rules::response_leak;
use crate::sinks::{Mode, web};

/// The fixpoint over the tree's functions.
pub(crate) struct Engine<'m, 'a> {
    pub facts: Facts<'m, 'a>,
    failed: BTreeSet<FnId>,
}

/// Sink hits: site → personal field → trace.
pub(crate) type Hits = BTreeMap<SiteId, BTreeMap<FieldId, Vec<Step>>>;

/// Whether a field's declared type is `Redacted<..>` (by its last segment).
fn field_is_redacted(ty: &ir::Type) -> bool {
    matches!(ty, ir::Type::Path(p) if p.last() == "Redacted")
}

/// Records a hit. A sink reached from several call sites keeps one trace,
/// extended with the other call sites.
fn add_hit(hits: &mut Hits, site: SiteId, field: FieldId, trace: Vec<Step>) {
    let known = hits.entry(site).or_default();
    match known.get_mut(&field) {
        None => {
            known.insert(field, trace);
        }
        Some(existing) => {
            for step in trace {
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
        let rank = callgraph::ranks(self.facts.model);
        let fns = self.facts.model.fns.ids();
        let mut fn_hits: IdVec<FnId, Vec<(SiteId, FieldId, Vec<Step>)>> =
            IdVec::filled(n, Vec::new());
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
                let old = &self.facts.summaries[fid];
                let mut merged = (**old).clone();
                merged.absorb(out.summary);
                if !merged.same_shape(old) {
                    self.facts.summaries[fid] = Arc::new(merged);
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
        for found in fn_hits {
            for (site, field, trace) in found {
                add_hit(&mut hits, site, field, trace);
            }
        }
        self.graphql_objects(&mut hits);
        hits
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

    /// Personal fields exposed by `#[derive(SimpleObject)]` types: reported at
    /// the field, whatever value it holds.
    fn graphql_objects(&self, hits: &mut Hits) {
        for (tid, def) in self.facts.model.types.iter_enumerated() {
            let Some(row) = web::EXPOSING_DERIVES.iter().find(|r| def.derives(r.derive)) else {
                continue;
            };
            for field in &def.fields {
                let Some(fid) = field.personal else { continue };
                if field.graphql_skip {
                    continue;
                }
                let ty = self.facts.model.field_ty(tid, &[], field);
                if matches!(ty, Ty::Redacted(_)) || field_is_redacted(field.ty) {
                    continue;
                }
                let site = self.facts.site_with_target(
                    field.pos,
                    row.sink,
                    row.label,
                    response_leak::NAME,
                    format!("{} through `{}` ({})", row.reaches, def.name, row.sink),
                );
                let step = Step {
                    pos: field.pos,
                    kind: StepKind::ExposedBy(row.derive),
                };
                add_hit(hits, site, fid, vec![step]);
            }
        }
    }
}
