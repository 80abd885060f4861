//! What the analysis of one function may read about the rest of the tree:
//! the model, the configuration, the summaries computed so far, the sink
//! sites, and what each type prints or serializes. The fixpoint
//! ([`super::engine`]) owns it and updates it between analyses; the transfer
//! function ([`super::flow`]) only reads it (and interns sites).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::ids::Pos;
use super::ids::{IdVec, TypeId};
use super::limits::{MAX_LEAK_TYPE_DEPTH, MAX_SUMMARY_DEPTH};
use super::model::{Field, FieldId, FmtLeaks, FnId, Model, TypeDef};
use super::types::Ty;
use super::value::{ParamPart, Step, Val};
use crate::config::Config;
use crate::rules::RuleId;
use crate::semantics::redaction::{self, Hides};
use crate::sinks::{self, MacroSink, web};
use crate::sinks::{Mode, SinkKind};

/// A sink site: where, and for which rule. Sites are named by what they
/// are, not by when they were first seen, so every order of analysis, on
/// any number of threads, names them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct SiteId {
    pub pos: Pos,
    pub rule: RuleId,
}

/// A place in the code where values are consumed by a sink: what it is,
/// not how a finding words it (that is the rule's, [`crate::rules`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Site {
    pub pos: Pos,
    pub rule: RuleId,
    /// The sink as findings name it: `tracing::info!`, `axum Json`.
    pub sink: String,
    pub kind: SinkKind,
    /// The route of the handler whose response it is, when known.
    pub route: Option<String>,
}

/// How a personal value reached a sink: the steps of its trace, and the
/// expression the sink consumed (an argument of a log macro, a parameter
/// `#[instrument]` records), where fixes edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flow {
    pub trace: Vec<Step>,
    pub at: Option<Pos>,
    /// The name a format string captured (`{email}`), when the sink
    /// consumed the value that way (`at` is then the macro's path).
    pub capture: Option<Arc<str>>,
}

/// One way data enters a function: a parameter, or one part of it, as it is
/// rendered by a sink (formatted with `Debug` or `Display`, or serialized).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Channel {
    pub param: u16,
    pub part: Option<ParamPart>,
    pub mode: Mode,
}

/// Where a [`Channel`] of a function leads: the function's own sinks, and the
/// calls that hand it on to a channel of a callee. A callee's reach is not
/// copied into its callers (a chain of `n` helpers would then hold `n²/2`
/// entries); it is followed when hits are expanded ([`super::engine`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Reach {
    /// Sinks of this function, each with the steps from the parameter to it.
    pub sinks: BTreeMap<SiteId, Flow>,
    /// Calls that pass the channel on, by the call's position: the callee,
    /// its channel, and the steps from the parameter to the call (the call
    /// included).
    pub calls: BTreeMap<(Pos, FnId, Channel), Vec<Step>>,
}

/// What a function does with its parameters and returns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub ret: Val,
    /// Every channel that reaches a sink, here or in a callee. A channel is
    /// present only once it reaches one.
    pub reach: BTreeMap<Channel, Reach>,
}

impl Summary {
    /// Joins a newer analysis into the summary (the join of the lattice,
    /// widened to [`MAX_SUMMARY_DEPTH`]); what was known first keeps its
    /// trace. True when what callers read grew: the return value's shape, or
    /// the channels that reach a sink (new sinks or calls on a known channel
    /// change no caller's analysis).
    pub fn absorb(&mut self, newer: Summary) -> bool {
        let before = self.ret.clone();
        self.ret.join(newer.ret);
        self.ret.truncate(MAX_SUMMARY_DEPTH);
        let mut grew = !self.ret.same_shape(&before);
        for (channel, reach) in newer.reach {
            let mine = match self.reach.entry(channel) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    grew = true;
                    new.insert(Reach::default())
                }
            };
            for (site, trace) in reach.sinks {
                mine.sinks.entry(site).or_insert(trace);
            }
            for (call, trace) in reach.calls {
                mine.calls.entry(call).or_insert(trace);
            }
        }
        grew
    }
}

/// Derives that make a type's fields reach serialized output: serde,
/// askama templates, poem-openapi objects.
const SERIALIZING_DERIVES: &[&str] = &["Serialize", "Template", "Object"];

/// The facts one function's analysis reads. Analyses run in parallel: they
/// share it read-only, apart from the site table and the memo of what types
/// expose, whose contents do not depend on which analysis filled them.
pub(crate) struct Facts<'m, 'a> {
    pub model: &'m Model<'a>,
    pub config: &'m Config,
    pub(super) summaries: IdVec<FnId, Arc<Summary>>,
    pub(super) fmt_leaks: FmtLeaks,
    /// Hand-written `fmt` impls (type, is Debug) that write data of `self`.
    pub(super) fmt_self: BTreeSet<(TypeId, Mode)>,
    sites: Mutex<BTreeMap<SiteId, Site>>,
    leak_memo: RwLock<LeakMemo>,
    /// Cut-offs hit (see [`super::limits`]).
    truncated: AtomicUsize,
}

/// Personal fields a type exposes per rendering mode, memoised until what a
/// hand-written impl writes changes.
type LeakMemo = HashMap<(Ty, Mode), Arc<BTreeSet<FieldId>>>;

impl<'m, 'a> Facts<'m, 'a> {
    pub fn new(model: &'m Model<'a>, config: &'m Config) -> Self {
        Facts {
            model,
            config,
            summaries: model
                .fns
                .ids()
                .map(|_| Arc::new(Summary::default()))
                .collect(),
            fmt_leaks: FmtLeaks::new(),
            fmt_self: BTreeSet::new(),
            sites: Mutex::new(BTreeMap::new()),
            leak_memo: RwLock::new(HashMap::new()),
            truncated: AtomicUsize::new(0),
        }
    }

    /// The template type whose page shows `field`: a field of an askama
    /// `#[derive(Template)]` type that serde does not serialize.
    pub fn template_of(&self, field: FieldId) -> Option<TypeId> {
        let owner = self.model.personal[field].owner?;
        let def = &self.model.types[owner];
        (def.derives(crate::semantics::web::TEMPLATE_DERIVE) && !def.derives("Serialize"))
            .then_some(owner)
    }

    pub fn summary(&self, fid: FnId) -> Arc<Summary> {
        Arc::clone(&self.summaries[fid])
    }

    /// The sites interned so far.
    pub fn into_sites(self) -> BTreeMap<SiteId, Site> {
        self.sites
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `n` cut-offs.
    pub fn add_truncated(&self, n: usize) {
        self.truncated.fetch_add(n, Ordering::Relaxed);
    }

    pub fn truncated(&self) -> usize {
        self.truncated.load(Ordering::Relaxed)
    }

    /// Forgets what types expose (a hand-written impl writes more now).
    pub fn clear_leak_memo(&mut self) {
        self.leak_memo
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The site of rule `log-leak` at `pos`.
    pub fn site(&self, pos: Pos, sink: &str, kind: SinkKind) -> SiteId {
        self.site_for_rule(pos, sink, kind, RuleId::LogLeak, None)
    }

    /// The site of `rule` at `pos`; `route` is the route of the handler
    /// whose response it is, when known.
    pub fn site_for_rule(
        &self,
        pos: Pos,
        sink: &str,
        kind: SinkKind,
        rule: RuleId,
        route: Option<String>,
    ) -> SiteId {
        let id = SiteId { pos, rule };
        let site = Site {
            pos,
            rule,
            sink: sink.to_owned(),
            kind,
            route,
        };
        let mut sites = self.sites.lock().unwrap_or_else(PoisonError::into_inner);
        // Two sinks at one place for one rule: the least is kept, whichever
        // analysis came first.
        match sites.entry(id) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(site);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => {
                if site < *o.get() {
                    o.insert(site);
                }
            }
        }
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
        if let [first, .., module, _] = full.as_slice()
            && sinks::REEXPORTED_LOG_MODULES.contains(&module.as_str())
            && self
                .model
                .glob_starts_outside(file, std::slice::from_ref(first))
        {
            // `tardis::log::info!` where tardis has `pub use tracing as log;`
            // (ldap3: `pub extern crate log;`): the logging crate through a
            // dependency's re-export. The tracing grammar accepts everything
            // the log grammar does.
            let row = sinks::find_macro(&format!("tracing::{name}"))
                .or_else(|| sinks::find_macro(&format!("log::{name}")))?;
            return Some((row, format!("{joined}!")));
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

    /// Whether rendering a value of `ty` in `mode` shows nothing of it: a
    /// redacting wrapper (in logs; in responses as its row says), or a
    /// hand-written `Debug`/`Display` that writes no data of `self` (a
    /// `Sensitive<T>` wrapper).
    pub fn masks(&self, ty: &Ty, mode: Mode) -> bool {
        match ty {
            Ty::Redacted(w, _) => match mode {
                Mode::Serialize => !w.serializes_value(None),
                Mode::Debug | Mode::Display | Mode::Value => w.masks_logs(),
            },
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
    pub fn type_leaks(&self, ty: &Ty, mode: Mode) -> Arc<BTreeSet<FieldId>> {
        if matches!(ty, Ty::Unknown | Ty::Str | Ty::StdStream | Ty::Formatter)
            || mode == Mode::Value
        {
            return Arc::new(BTreeSet::new());
        }
        let key = (ty.clone(), mode);
        let memo = self
            .leak_memo
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = memo.get(&key) {
            return Arc::clone(hit);
        }
        drop(memo);
        let mut visiting = Vec::new();
        let mut cut = 0;
        let set = Arc::new(self.compute_leaks(ty, mode, &mut visiting, &mut cut));
        let mut memo = self
            .leak_memo
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // Two analyses may compute the same entry: its cut-offs count once.
        let entry = memo.entry(key).or_insert_with(|| {
            self.add_truncated(cut);
            set
        });
        Arc::clone(entry)
    }

    /// The personal fields a value exposes when rendered in `mode`, given
    /// the variant of its enum type it is known to be (built from
    /// `Event::Deleted { id }`): only that variant's fields count. A
    /// hand-written impl is followed for the whole type.
    pub fn variant_leaks(
        &self,
        ty: &Ty,
        variant: Option<u32>,
        mode: Mode,
    ) -> Arc<BTreeSet<FieldId>> {
        let (Some(variant), Ty::Adt(id, args)) = (variant, ty) else {
            return self.type_leaks(ty, mode);
        };
        let def = &self.model.types[*id];
        let Some(name) = def.variants.get(variant as usize) else {
            return self.type_leaks(ty, mode);
        };
        if mode == Mode::Value {
            return Arc::new(BTreeSet::new());
        }
        let mut visiting = vec![ty.clone()];
        let mut cut = 0;
        let set = self.adt_leaks(*id, args, Some(name), mode, &mut visiting, &mut cut);
        self.add_truncated(cut);
        Arc::new(set)
    }

    fn compute_leaks(
        &self,
        ty: &Ty,
        mode: Mode,
        visiting: &mut Vec<Ty>,
        cut: &mut usize,
    ) -> BTreeSet<FieldId> {
        let mut out = BTreeSet::new();
        if visiting.contains(ty) {
            return out;
        }
        if visiting.len() > MAX_LEAK_TYPE_DEPTH {
            *cut += 1;
            return out;
        }
        visiting.push(ty.clone());
        match ty {
            Ty::Option(t) | Ty::Seq(t) => out = self.compute_leaks(t, mode, visiting, cut),
            Ty::Result(a, b) | Ty::Map(a, b) => {
                out = self.compute_leaks(a, mode, visiting, cut);
                out.extend(self.compute_leaks(b, mode, visiting, cut));
            }
            // A response wrapper was checked where it was built.
            Ty::Other(name, _)
                if mode == Mode::Serialize && web::RESPONSE_TYPES.contains(&name.as_str()) => {}
            Ty::Tuple(items) | Ty::Other(_, items) => {
                for t in items {
                    out.extend(self.compute_leaks(t, mode, visiting, cut));
                }
            }
            Ty::Adt(id, args) => out = self.adt_leaks(*id, args, None, mode, visiting, cut),
            Ty::Query(row) => out = self.compute_leaks(row, mode, visiting, cut),
            Ty::Redacted(_, inner) if !self.masks(ty, mode) => {
                out = self.compute_leaks(inner, mode, visiting, cut);
            }
            Ty::Unknown
            | Ty::Str
            | Ty::Redacted(..)
            | Ty::StdStream
            | Ty::Formatter
            | Ty::Closure
            | Ty::Span
            | Ty::Response
            | Ty::ResponseBuilder
            | Ty::Cookie(_)
            | Ty::Request => {}
        }
        visiting.pop();
        out
    }

    fn adt_leaks(
        &self,
        id: TypeId,
        args: &[Ty],
        variant: Option<&str>,
        mode: Mode,
        visiting: &mut Vec<Ty>,
        cut: &mut usize,
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
        let derived = match mode {
            Mode::Debug => {
                def.derives("Debug") || redaction::debug_derive(|d| def.derives(d)).is_some()
            }
            Mode::Display | Mode::Value => return out,
            // A template renders its personal fields; where the page reaches
            // a response, they are reported at the fields themselves
            // (`Engine::rendered_templates`).
            Mode::Serialize => {
                SERIALIZING_DERIVES.iter().any(|d| def.derives(d)) && !def.manual_serialize
            }
        };
        if !derived {
            return out;
        }
        for field in &def.fields {
            if field_hidden(def, field, mode) {
                continue;
            }
            if variant.is_some() && field.variant.as_deref() != variant {
                continue;
            }
            let fty = serialized_as(self.model.field_ty(id, args, field), mode, field);
            match field.personal {
                Some(fid) => {
                    if !self.masks(&fty, mode) {
                        out.insert(fid);
                    }
                }
                None => out.extend(self.compute_leaks(&fty, mode, visiting, cut)),
            }
        }
        out
    }
}

/// Whether a field of `def` is left out when a value is rendered in `mode`:
/// serde skips it, or a redacting `Debug` derive hides it.
pub(crate) fn field_hidden(def: &TypeDef<'_>, field: &Field<'_>, mode: Mode) -> bool {
    match mode {
        Mode::Serialize => field.serde_skip,
        Mode::Debug => {
            redaction::debug_derive(|d| def.derives(d)).is_some_and(|row| match row.hides {
                Hides::PersonalFields => field.personal.is_some(),
                Hides::MarkedFields => field.redact_marked,
            })
        }
        Mode::Display | Mode::Value => false,
    }
}

/// What serializing a field of type `ty` writes: the value inside a
/// redacting wrapper when the field's `serialize_with` helper reveals it
/// (`redact::serde::expose_secret`, `redactrs::serde::no_redact`), also
/// inside an `Option` or a sequence; else the type itself.
pub(crate) fn serialized_as(ty: Ty, mode: Mode, field: &Field<'_>) -> Ty {
    let Some(helper) = field.serialize_with.filter(|_| mode == Mode::Serialize) else {
        return ty;
    };
    revealed_by(ty, helper)
}

fn revealed_by(ty: Ty, helper: &str) -> Ty {
    match ty {
        Ty::Redacted(w, inner) if w.serializes_value(Some(helper)) => *inner,
        Ty::Option(inner) => Ty::Option(Box::new(revealed_by(*inner, helper))),
        Ty::Seq(inner) => Ty::Seq(Box::new(revealed_by(*inner, helper))),
        other => other,
    }
}
