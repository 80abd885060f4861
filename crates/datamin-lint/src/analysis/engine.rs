//! The whole-tree analysis: function summaries iterated to a fixpoint over
//! the call graph, and the hits it leaves.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use super::callgraph;
use super::facts::{Facts, SiteId};
use super::flow::{FnCx, FnOut};
use super::ids::IdVec;
use super::ir;
use super::limits::{MAX_ANALYSES_PER_FN, MAX_HIT_TRACE};
use super::model::{FieldId, FnId, FnRole, Model};
use super::types::Ty;
use super::value::{Step, StepKind};
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
    /// Functions are analysed in the order of [`callgraph::ranks`] (callees
    /// first), from a worklist: when a summary grows, the callers that used
    /// it are analysed again, before anything ranked after them; when what a
    /// type prints grows (a hand-written `fmt` impl), every function analysed
    /// so far is. Summaries only grow, within the bounds of [`super::limits`],
    /// so this terminates; [`MAX_ANALYSES_PER_FN`] guards against a bug
    /// there, and is counted in [`Engine::truncated`] if it is ever reached.
    pub fn run(&mut self) -> Hits {
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
        let mut queue: BTreeSet<(usize, FnId)> = fns.map(|f| (rank[f], f)).collect();
        let mut budget = n.saturating_mul(MAX_ANALYSES_PER_FN);
        while let Some((_, fid)) = queue.pop_first() {
            if budget == 0 {
                self.facts.truncated.set(self.facts.truncated.get() + 1);
                break;
            }
            budget -= 1;
            let Some(out) = self.analyse_isolated(fid) else {
                fn_hits[fid].clear();
                continue;
            };
            analysed[fid] = true;
            for &callee in &out.callees {
                if let Some(set) = callers.get_mut(callee) {
                    set.insert(fid);
                }
            }
            fn_hits[fid] = out.hits;
            fn_truncated[fid] = out.truncated;
            let old = &self.facts.summaries[fid];
            let mut merged = (**old).clone();
            merged.absorb(out.summary);
            if !merged.same_shape(old) {
                self.facts.summaries[fid] = Rc::new(merged);
                queue.extend(callers[fid].iter().map(|&c| (rank[c], c)));
            }
            if self.record_fmt(fid, out.fmt_self, out.fmt_fields) {
                let done = self.facts.model.fns.ids().filter(|&f| analysed[f]);
                queue.extend(done.map(|f| (rank[f], f)));
            }
        }
        let cut: usize = fn_truncated.iter().sum();
        self.facts.truncated.set(self.facts.truncated.get() + cut);
        for found in fn_hits {
            for (site, field, trace) in found {
                add_hit(&mut hits, site, field, trace);
            }
        }
        self.graphql_objects(&mut hits);
        hits
    }

    /// Analyses one function; a panic costs that function's findings only
    /// (it is listed in [`Engine::failed`]), never the run.
    fn analyse_isolated(&mut self, fid: FnId) -> Option<FnOut> {
        let facts = &self.facts;
        match catch_unwind(AssertUnwindSafe(|| FnCx::analyse(facts, fid))) {
            Ok(out) => Some(out),
            Err(_) => {
                self.failed.insert(fid);
                None
            }
        }
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
            self.facts.leak_memo.borrow_mut().clear();
        }
        changed
    }

    /// How often an analysis bound cut the analysis short (see
    /// [`super::limits`]).
    pub fn truncated(&self) -> usize {
        self.facts.truncated.get()
    }

    /// Functions whose analysis panicked; their findings are missing.
    pub fn failed(&self) -> &BTreeSet<FnId> {
        &self.failed
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
