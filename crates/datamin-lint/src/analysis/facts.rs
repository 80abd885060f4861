//! What the analysis of one function may read about the rest of the tree:
//! the model, the configuration, the summaries computed so far, the sink
//! sites, and what each type prints or serializes. The fixpoint
//! ([`super::engine`]) owns it and updates it between analyses; the transfer
//! function ([`super::flow`]) only reads it (and interns sites).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::ids::Pos;
use super::ids::{IdVec, TypeId};
use super::limits::{MAX_LEAK_TYPE_DEPTH, MAX_SUMMARY_DEPTH};
use super::model::{FieldId, FmtLeaks, FnId, Model};
use super::types::Ty;
use super::value::{ParamPart, Step, Val};
use crate::config::Config;
use crate::rules::log_leak;
use crate::sinks::Mode;
use crate::sinks::{self, MacroSink, web};

/// Index into the table of sink sites.
pub(crate) type SiteId = usize;

/// A place in the code where values are consumed by a sink.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub pos: Pos,
    pub rule: String,
    pub sink: String,
    pub label: &'static str,
    /// What the data reaches, as the message says it: `` `tracing::info!` ``,
    /// `the body of GET /customers/{id} (axum Json)`.
    pub target: String,
}

/// What a function does with its parameters and returns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub ret: Val,
    /// (parameter, field of it, site, mode) → trace inside the function.
    pub param_sinks: BTreeMap<(u16, Option<ParamPart>, SiteId, Mode), Vec<Step>>,
}

impl Summary {
    /// Same origins everywhere (traces aside): the fixpoint's "unchanged".
    pub fn same_shape(&self, other: &Summary) -> bool {
        self.ret.same_shape(&other.ret)
            && self.param_sinks.len() == other.param_sinks.len()
            && self
                .param_sinks
                .keys()
                .zip(other.param_sinks.keys())
                .all(|(a, b)| a == b)
    }

    /// Joins a newer analysis into the summary (the join of the lattice,
    /// widened to [`MAX_SUMMARY_DEPTH`]).
    pub fn absorb(&mut self, newer: Summary) {
        self.ret.join(newer.ret);
        self.ret.truncate(MAX_SUMMARY_DEPTH);
        for (k, v) in newer.param_sinks {
            self.param_sinks.entry(k).or_insert(v);
        }
    }
}

/// Derives that make a type's fields reach serialized output: serde,
/// askama templates, poem-openapi objects.
const SERIALIZING_DERIVES: &[&str] = &["Serialize", "Template", "Object"];

/// The facts one function's analysis reads.
pub(crate) struct Facts<'m, 'a> {
    pub model: &'m Model<'a>,
    pub config: &'m Config,
    pub(super) summaries: IdVec<FnId, Rc<Summary>>,
    pub(super) fmt_leaks: FmtLeaks,
    /// Hand-written `fmt` impls (type, is Debug) that write data of `self`.
    pub(super) fmt_self: BTreeSet<(TypeId, Mode)>,
    sites: RefCell<Vec<Site>>,
    site_index: RefCell<HashMap<(Pos, String), SiteId>>,
    pub(super) leak_memo: RefCell<LeakMemo>,
    /// Cut-offs hit (see [`super::limits`]).
    pub(super) truncated: Cell<usize>,
}

/// Personal fields a type exposes per rendering mode, memoised per round.
type LeakMemo = HashMap<(Ty, Mode), Rc<BTreeSet<FieldId>>>;

impl<'m, 'a> Facts<'m, 'a> {
    pub fn new(model: &'m Model<'a>, config: &'m Config) -> Self {
        Facts {
            model,
            config,
            summaries: model
                .fns
                .ids()
                .map(|_| Rc::new(Summary::default()))
                .collect(),
            fmt_leaks: FmtLeaks::new(),
            fmt_self: BTreeSet::new(),
            sites: RefCell::new(Vec::new()),
            site_index: RefCell::new(HashMap::new()),
            leak_memo: RefCell::new(HashMap::new()),
            truncated: Cell::new(0),
        }
    }

    pub fn summary(&self, fid: FnId) -> Rc<Summary> {
        Rc::clone(&self.summaries[fid])
    }

    pub fn sites(&self) -> Vec<Site> {
        self.sites.borrow().clone()
    }

    pub fn site_pos(&self, site: SiteId) -> Pos {
        self.sites
            .borrow()
            .get(site)
            .map(|s| s.pos)
            .unwrap_or_default()
    }

    /// The site of rule `log-leak` at `pos`.
    pub fn site(&self, pos: Pos, sink: &str, label: &'static str) -> SiteId {
        self.site_for_rule(pos, sink, label, log_leak::NAME)
    }

    pub fn site_for_rule(&self, pos: Pos, sink: &str, label: &'static str, rule: &str) -> SiteId {
        self.site_with_target(pos, sink, label, rule, format!("`{sink}`"))
    }

    pub fn site_with_target(
        &self,
        pos: Pos,
        sink: &str,
        label: &'static str,
        rule: &str,
        target: String,
    ) -> SiteId {
        let key = (pos, rule.to_owned());
        if let Some(id) = self.site_index.borrow().get(&key) {
            return *id;
        }
        let mut sites = self.sites.borrow_mut();
        let id = sites.len();
        sites.push(Site {
            pos,
            rule: rule.to_owned(),
            sink: sink.to_owned(),
            label,
            target,
        });
        self.site_index.borrow_mut().insert(key, id);
        id
    }

    /// The table row of a macro as called in `file`, with its display name
    /// (`tracing::info!`). `None` for macros that are not known, or that the
    /// tree defines itself.
    pub fn resolve_macro(
        &self,
        file: usize,
        segs: &[String],
    ) -> Option<(&'static MacroSink, String)> {
        let uses = &self.model.files[file].uses;
        let name = segs.last()?;
        let full = uses.expand(segs);
        let joined = full.join("::");
        if let Some(row) = sinks::find_macro(&joined) {
            let display = if row.path.contains("::") {
                row.path
            } else {
                name.as_str()
            };
            return Some((row, format!("{display}!")));
        }
        if segs.len() > 1 || uses.names.contains_key(name) {
            return None;
        }
        if self.model.local_macros.contains(name) {
            return None;
        }
        if let Some((_, krate)) = sinks::PRELUDE_MACROS.iter().find(|(m, _)| m == name) {
            let row = sinks::find_macro(&format!("{krate}::{name}"))?;
            return Some((row, format!("{name}!")));
        }
        for krate in ["tracing", "log"] {
            if uses.glob_from(krate)
                && let Some(row) = sinks::find_macro(&format!("{krate}::{name}"))
            {
                return Some((row, format!("{krate}::{name}!")));
            }
        }
        // Without an import: `#[macro_use] extern crate log`, or a prelude. The
        // tracing grammar accepts everything the log grammar does.
        let bare = sinks::tracing::MACROS
            .iter()
            .chain(sinks::log::MACROS)
            .find(|row| row.path.rsplit("::").next() == Some(name.as_str()))?;
        if sinks::BARE_LOG_NAMES.contains(&name.as_str())
            || bare.path.starts_with("tracing::")
            || name == "log"
        {
            return Some((bare, format!("{name}!")));
        }
        None
    }

    /// Whether rendering a value of `ty` in `mode` shows nothing of it:
    /// `Redacted`, or a hand-written `Debug`/`Display` that writes no data of
    /// `self` (a `Sensitive<T>` wrapper).
    pub fn masks(&self, ty: &Ty, mode: Mode) -> bool {
        match ty {
            Ty::Redacted(_) => true,
            Ty::Option(inner) | Ty::Seq(inner) => self.masks(inner, mode),
            Ty::Adt(id, _) => {
                let def = &self.model.types[*id];
                match mode {
                    Mode::Debug => def.manual_debug && !self.fmt_self.contains(&(*id, Mode::Debug)),
                    Mode::Display => {
                        def.manual_display && !self.fmt_self.contains(&(*id, Mode::Display))
                    }
                    Mode::Serialize => {
                        def.manual_serialize && !self.fmt_self.contains(&(*id, Mode::Serialize))
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The personal fields a value of type `ty` exposes when rendered in `mode`.
    pub fn type_leaks(&self, ty: &Ty, mode: Mode) -> Rc<BTreeSet<FieldId>> {
        if matches!(ty, Ty::Unknown | Ty::Str | Ty::StdStream | Ty::Formatter)
            || mode == Mode::Value
        {
            return Rc::new(BTreeSet::new());
        }
        let key = (ty.clone(), mode);
        if let Some(hit) = self.leak_memo.borrow().get(&key) {
            return Rc::clone(hit);
        }
        let mut visiting = Vec::new();
        let set = Rc::new(self.compute_leaks(ty, mode, &mut visiting));
        self.leak_memo.borrow_mut().insert(key, Rc::clone(&set));
        set
    }

    fn compute_leaks(&self, ty: &Ty, mode: Mode, visiting: &mut Vec<Ty>) -> BTreeSet<FieldId> {
        let mut out = BTreeSet::new();
        if visiting.contains(ty) {
            return out;
        }
        if visiting.len() > MAX_LEAK_TYPE_DEPTH {
            self.truncated.set(self.truncated.get() + 1);
            return out;
        }
        visiting.push(ty.clone());
        match ty {
            Ty::Option(t) | Ty::Seq(t) => out = self.compute_leaks(t, mode, visiting),
            Ty::Result(a, b) | Ty::Map(a, b) => {
                out = self.compute_leaks(a, mode, visiting);
                out.extend(self.compute_leaks(b, mode, visiting));
            }
            // A response wrapper was checked where it was built.
            Ty::Other(name, _)
                if mode == Mode::Serialize && web::RESPONSE_TYPES.contains(&name.as_str()) => {}
            Ty::Tuple(items) | Ty::Other(_, items) => {
                for t in items {
                    out.extend(self.compute_leaks(t, mode, visiting));
                }
            }
            Ty::Adt(id, args) => out = self.adt_leaks(*id, args, mode, visiting),
            Ty::Query(row) => out = self.compute_leaks(row, mode, visiting),
            Ty::Unknown
            | Ty::Str
            | Ty::Redacted(_)
            | Ty::StdStream
            | Ty::Formatter
            | Ty::Closure
            | Ty::Span
            | Ty::Response
            | Ty::ResponseBuilder => {}
        }
        visiting.pop();
        out
    }

    fn adt_leaks(
        &self,
        id: TypeId,
        args: &[Ty],
        mode: Mode,
        visiting: &mut Vec<Ty>,
    ) -> BTreeSet<FieldId> {
        let def = &self.model.types[id];
        let mut out = BTreeSet::new();
        let hand_written = match mode {
            Mode::Debug => def.manual_debug,
            Mode::Display => def.manual_display,
            Mode::Serialize => def.manual_serialize,
            Mode::Value => false,
        };
        if hand_written {
            // A hand-written impl is followed like a function: it leaks what it writes.
            return self.fmt_leaks.get(&(id, mode)).cloned().unwrap_or_default();
        }
        let (redacts, derived) = match mode {
            Mode::Debug => (
                def.derives("RedactedDebug"),
                def.derives("Debug") || def.derives("RedactedDebug"),
            ),
            Mode::Display | Mode::Value => return out,
            // A template's personal fields are reported at the field itself.
            Mode::Serialize => (
                def.derives("Template") && !def.derives("Serialize"),
                SERIALIZING_DERIVES.iter().any(|d| def.derives(d)) && !def.manual_serialize,
            ),
        };
        if !derived {
            return out;
        }
        for field in &def.fields {
            if mode == Mode::Serialize && field.serde_skip {
                continue;
            }
            let fty = self.model.field_ty(id, args, field);
            match field.personal {
                Some(fid) => {
                    if !redacts && !self.masks(&fty, mode) {
                        out.insert(fid);
                    }
                }
                None => out.extend(self.compute_leaks(&fty, mode, visiting)),
            }
        }
        out
    }
}
