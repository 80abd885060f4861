//! The flow analysis of one function body: an abstract interpretation over the
//! AST in which every local holds a [`Val`].
//!
//! The result is a [`FnOut`]: the concrete sink hits (personal fields that
//! reach a sink), the summary (which parameters reach which sinks, what the
//! return value carries) and, for hand-written `Debug`/`Display` impls, the
//! personal fields written to the formatter.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use super::engine::{Engine, SiteId, Summary};
use super::macros::{self, FormatCall, Instrument, Mode};
use super::model::{FieldId, FnDef, FnId, FnRole, Pos, TyCx};
use super::names::{ident_name, path_segments};
use super::types::Ty;
use super::value::{KEYS, Origin, Step, Taint, Val};
use crate::rules::response_leak;
use crate::sinks::web;
use crate::sinks::{self, MacroKind};

/// What the analysis of one function produced.
#[derive(Debug, Default)]
pub(crate) struct FnOut {
    pub summary: Summary,
    pub hits: Vec<(SiteId, FieldId, Vec<Step>)>,
    pub fmt_fields: BTreeSet<FieldId>,
    /// A `fmt` impl writes data of `self` (not only literals).
    pub fmt_self: bool,
    /// Functions of the tree this one calls (their summaries were used).
    pub callees: Vec<FnId>,
}

/// Wrappers that dereference to their first type argument.
const DEREF_WRAPPERS: &[&str] = &[
    "State",
    "Extension",
    "Data",
    "Json",
    "Query",
    "Path",
    "Form",
    "Inner",
    "Guard",
    "Valid",
    "Validated",
    "ReqData",
    "Bytes",
    "Protected",
    "Identity",
    "Authenticated",
];

/// Methods that give back the receiver's data unchanged (as far as personal data goes).
const SAME_METHODS: &[&str] = &[
    "clone",
    "to_owned",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "deref",
    "deref_mut",
    "iter",
    "into_iter",
    "iter_mut",
    "drain",
    "by_ref",
    "lock",
    "read",
    "write",
    "rev",
    "skip",
    "take",
    "step_by",
    "peekable",
    "cycle",
    "fuse",
    "cloned",
    "copied",
    "to_vec",
    "into_vec",
    "as_slice",
    "as_deref",
    "as_deref_mut",
    "collect",
    "into",
    "try_into",
    "to_owned_vec",
    "into_owned",
    "sorted",
    "dedup",
    "flatten",
    "chain",
    "into_inner_unchecked",
    "as_mut_slice",
    "get_ref",
    "get_mut_ref",
    "into_sorted_vec",
    "into_boxed_slice",
    "unwrap_or_clone",
    "blocking_lock",
    "blocking_read",
    "blocking_write",
    "try_lock",
    "values_mut",
];

/// Methods producing a string from the receiver's data.
const STR_METHODS: &[&str] = &[
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "trim",
    "trim_start",
    "trim_end",
    "trim_matches",
    "trim_start_matches",
    "trim_end_matches",
    "replace",
    "replacen",
    "repeat",
    "as_str",
    "into_string",
    "to_str",
    "as_bytes",
    "into_bytes",
    "into_boxed_str",
    "display",
    "to_string_lossy",
    "escape_debug",
    "escape_default",
    "as_os_str",
    "to_path_buf",
    "as_path",
    "file_name",
    "concat",
    "join",
];

/// Methods yielding a sequence of pieces of the receiver.
const SPLIT_METHODS: &[&str] = &[
    "chars",
    "bytes",
    "split",
    "rsplit",
    "splitn",
    "rsplitn",
    "split_terminator",
    "lines",
    "split_whitespace",
    "split_ascii_whitespace",
    "char_indices",
    "windows",
    "chunks",
    "split_inclusive",
    "encode_utf16",
    "matches",
];

/// Methods yielding one element (as an `Option`) of the receiver.
const PICK_METHODS: &[&str] = &[
    "first",
    "last",
    "get",
    "get_mut",
    "pop",
    "pop_front",
    "pop_back",
    "next",
    "next_back",
    "nth",
    "max",
    "min",
    "peek",
    "strip_prefix",
    "strip_suffix",
    "split_once",
    "rsplit_once",
    "front",
    "back",
    "first_mut",
    "last_mut",
    "choose",
];

/// Methods whose result carries nothing of the receiver.
const CLEAN_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "starts_with",
    "ends_with",
    "contains_key",
    "hash",
    "count",
    "position",
    "rposition",
    "any",
    "all",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "capacity",
    "is_ascii",
    "is_char_boundary",
    "is_some_and",
    "is_none_or",
    "is_ok_and",
    "is_err_and",
    "eq_ignore_ascii_case",
    "type_id",
    "sum",
    "product",
    "is_sorted",
    "binary_search",
];

/// Methods that add their arguments to the receiver in place.
const PUSH_METHODS: &[&str] = &[
    "push",
    "push_str",
    "push_back",
    "push_front",
    "insert",
    "extend",
    "append",
    "insert_str",
    "extend_from_slice",
    "write_str",
    "entry",
    "or_insert",
    "replace_range",
];

pub(crate) struct FnCx<'e, 'm, 'a> {
    e: &'e Engine<'m, 'a>,
    f: &'m FnDef<'a>,
    file: usize,
    cx: TyCx<'m>,
    scopes: Vec<HashMap<String, Val>>,
    ret: Val,
    /// Values returned (tail expression and `return`), with their position.
    returns: Vec<(Val, Pos)>,
    /// Nesting depth of arguments passed to functions of the tree.
    input_args: usize,
    /// The type a `let` annotation expects of the value being evaluated.
    expected: Option<Ty>,
    /// Closures bound to locals (`let notify = |who| ..`), analysed again
    /// with the arguments of each call.
    closures: HashMap<String, std::rc::Rc<syn::ExprClosure>>,
    out: FnOut,
}

/// Associated functions from outside the tree that build a value of the
/// type they are called on (clap's `parse`, `Default::default`, derive_new).
const SELF_CONSTRUCTORS: &[&str] = &[
    "parse",
    "parse_from",
    "try_parse",
    "try_parse_from",
    "default",
    "from_args",
    "from_env",
    "new",
];

/// The type of a `tracing` span (from a span macro or `Span::current()`).
const SPAN_TYPE: &str = "{span}";

/// Trace note of a serialization call, which a handler's return points at.
const SERIALIZED: &str = "serialized here";

/// The type of a value that is already a response (its sink was reported).
const RESPONSE_TYPE: &str = "{response}";

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    pub fn analyse(e: &'e Engine<'m, 'a>, fid: FnId) -> FnOut {
        let f = &e.model.fns[fid];
        let mut this = FnCx {
            e,
            f,
            file: f.file,
            cx: e.model.fn_cx(f),
            scopes: vec![HashMap::new()],
            ret: Val::default(),
            returns: Vec::new(),
            input_args: 0,
            expected: None,
            closures: HashMap::new(),
            out: FnOut::default(),
        };
        this.run();
        this.out
    }

    fn run(&mut self) {
        let mut params = Vec::new();
        for (i, input) in self.f.sig.inputs.iter().enumerate() {
            let taint = Taint::single(
                Origin::Param(u16::try_from(i).unwrap_or(u16::MAX), None),
                Vec::new(),
            );
            match input {
                syn::FnArg::Receiver(_) => {
                    let val = Val::tainted(self.cx.self_ty.clone(), taint);
                    params.push(("self".to_owned(), val.clone(), input.span()));
                    self.bind_name("self", val);
                }
                syn::FnArg::Typed(pt) => {
                    let ty = self.e.model.resolve_ty(&pt.ty, &self.cx);
                    let val = Val::tainted(ty, taint);
                    self.bind(&pt.pat, val.clone());
                    // `#[instrument]` records each binding of a destructured parameter.
                    let mut names = Vec::new();
                    pattern_names(&pt.pat, &mut names);
                    for name in names {
                        let bound = self.lookup(&name).cloned().unwrap_or_else(|| val.clone());
                        params.push((name, bound, pt.pat.span()));
                    }
                }
            }
        }
        let instrument = self.instrument_attr();
        if let Some((pos, spec)) = &instrument {
            let site = self
                .e
                .site(*pos, "#[instrument]", "span records the arguments here");
            if !spec.skip_all {
                for (name, val, _) in &params {
                    if !spec.skip.iter().any(|s| s == name) {
                        self.sink(site, val, Mode::Debug, *pos);
                    }
                }
            }
            for field in &spec.fields {
                let val = self.expr(&field.value);
                self.sink(
                    site,
                    &val,
                    field.mode,
                    Pos::of_tokens(self.file, &field.value),
                );
            }
        }
        let body = self.block(self.f.block);
        if let Some(syn::Stmt::Expr(tail, None)) = self.f.block.stmts.last() {
            self.returns.push((body.clone(), self.pos(tail)));
        }
        self.ret.join(body);
        // The declared type knows what the body's values did not (`Ok(row)`
        // from an untyped query is a `Result<Option<Account>, _>`).
        let declared = match &self.f.sig.output {
            syn::ReturnType::Type(_, ty) => self.e.model.resolve_ty(ty, &self.cx),
            syn::ReturnType::Default => Ty::Tuple(Vec::new()),
        };
        self.ret.retype(declared);
        if self.f.resolver {
            let ret = self.ret.clone();
            self.resolver_return(&ret);
        } else if self.f.handler {
            for (mut val, pos) in std::mem::take(&mut self.returns) {
                val.retype(self.ret.ty.clone());
                self.response_return(&val, pos);
            }
        }
        if let Some((pos, spec)) = &instrument {
            let site = self
                .e
                .site(*pos, "#[instrument]", "span records the return value here");
            let ret = self.ret.clone();
            if let Some(mode) = spec.ret {
                self.sink(site, &ret.unwrapped(), mode, *pos);
            }
            if let Some(mode) = spec.err {
                self.sink(site, &ret.part("Err"), mode, *pos);
            }
        }
        self.out.summary.ret = std::mem::take(&mut self.ret);
    }

    fn instrument_attr(&self) -> Option<(Pos, Instrument)> {
        let attr = self.f.attrs.iter().find(|a| {
            let segs = path_segments(a.path());
            match segs.as_slice() {
                [one] if one == "instrument" => true,
                [krate, one] => one == "instrument" && krate == "tracing",
                _ => false,
            }
        })?;
        let tokens = match &attr.meta {
            syn::Meta::List(list) => list.tokens.clone(),
            _ => TokenStream::new(),
        };
        let pos = Pos::spanning(
            self.file,
            attr.pound_token.span,
            attr.bracket_token.span.join(),
        );
        Some((pos, Instrument::parse(tokens)))
    }

    // ----- environment -------------------------------------------------------

    fn bind_name(&mut self, name: &str, val: Val) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_owned(), val);
        }
    }

    fn lookup(&self, name: &str) -> Option<&Val> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    fn lookup_mut(&mut self, name: &str) -> Option<&mut Val> {
        self.scopes.iter_mut().rev().find_map(|s| s.get_mut(name))
    }

    fn push(&mut self) {
        self.scopes.push(HashMap::new());
    }

    fn pop(&mut self) {
        self.scopes.pop();
    }

    fn join_envs(&mut self, envs: Vec<Vec<HashMap<String, Val>>>) {
        let mut iter = envs.into_iter();
        let Some(mut merged) = iter.next() else {
            return;
        };
        for env in iter {
            for (mine, theirs) in merged.iter_mut().zip(env) {
                for (name, val) in theirs {
                    match mine.get_mut(&name) {
                        Some(v) => v.join(val),
                        None => {
                            mine.insert(name, val);
                        }
                    }
                }
            }
        }
        self.scopes = merged;
    }

    // ----- sinks -------------------------------------------------------------

    /// What a value exposes when rendered in `mode`: its own taint, that of
    /// its non-personal parts, and the personal fields its type prints.
    fn leaks(&self, val: &Val, mode: Mode, pos: Pos) -> Taint {
        if self.e.masks(&val.ty, mode) {
            return Taint::default();
        }
        let mut out = val.taint.clone();
        for (key, part) in &val.parts {
            if self.is_personal_part(&val.ty, key, mode) {
                continue;
            }
            out.union(&self.leaks(part, mode, pos));
        }
        for fid in self.e.type_leaks(&val.ty, mode).iter() {
            let note = match mode {
                Mode::Serialize => "serialized here with its personal fields".to_owned(),
                _ => format!(
                    "formatted here; its `{}` prints personal fields",
                    mode_trait(mode)
                ),
            };
            out.0
                .entry(Origin::Field(*fid))
                .or_insert_with(|| vec![Step { pos, note }]);
        }
        out
    }

    /// Parts the type accounts for itself: personal fields (their type
    /// decides), and fields serde skips when serializing.
    fn is_personal_part(&self, ty: &Ty, key: &str, mode: Mode) -> bool {
        match ty {
            Ty::Adt(id, _) => self.e.model.types[*id]
                .field(key)
                .is_some_and(|f| f.personal.is_some() || (mode == Mode::Serialize && f.serde_skip)),
            _ => false,
        }
    }

    fn sink(&mut self, site: SiteId, val: &Val, mode: Mode, pos: Pos) {
        let leaked = self.leaks(val, mode, pos);
        self.record(site, mode, leaked);
    }

    fn record(&mut self, site: SiteId, mode: Mode, leaked: Taint) {
        for (origin, trace) in leaked.0 {
            match origin {
                Origin::Field(fid) => self.out.hits.push((site, fid, trace)),
                Origin::Param(i, part) => {
                    self.out
                        .summary
                        .param_sinks
                        .entry((i, part, site, mode))
                        .or_insert(trace);
                }
            }
        }
    }

    // ----- statements and blocks --------------------------------------------

    fn block(&mut self, block: &syn::Block) -> Val {
        self.push();
        let mut last = Val::default();
        for (i, stmt) in block.stmts.iter().enumerate() {
            let v = self.stmt(stmt);
            if i + 1 == block.stmts.len() {
                last = v;
            }
        }
        self.pop();
        last
    }

    fn stmt(&mut self, stmt: &syn::Stmt) -> Val {
        match stmt {
            syn::Stmt::Local(local) => {
                if let Some(name) = bound_name(&local.pat) {
                    match local.init.as_ref().map(|i| &*i.expr) {
                        Some(syn::Expr::Closure(c)) => {
                            self.closures.insert(name, std::rc::Rc::new(c.clone()));
                        }
                        _ => {
                            self.closures.remove(&name);
                        }
                    }
                }
                self.expected = match &local.pat {
                    syn::Pat::Type(pt) => Some(self.e.model.resolve_ty(&pt.ty, &self.cx)),
                    _ => None,
                };
                let val = match &local.init {
                    Some(init) => {
                        let v = self.expr(&init.expr);
                        self.expected = None;
                        if let Some((_, diverge)) = &init.diverge {
                            let saved = self.scopes.clone();
                            self.expr(diverge);
                            self.scopes = saved;
                        }
                        v
                    }
                    None => Val::default(),
                };
                self.bind(&local.pat, val);
                Val::default()
            }
            syn::Stmt::Expr(e, semi) => {
                let v = self.expr(e);
                if semi.is_some() { Val::default() } else { v }
            }
            syn::Stmt::Macro(m) => self.mac(&m.mac),
            syn::Stmt::Item(_) => Val::default(),
        }
    }

    // ----- patterns -----------------------------------------------------------

    fn bind(&mut self, pat: &syn::Pat, val: Val) {
        match pat {
            syn::Pat::Ident(id) => {
                let name = ident_name(&id.ident);
                if let Some((_, sub)) = &id.subpat {
                    self.bind(sub, val.clone());
                }
                let pos = Pos::of(self.file, id.ident.span());
                let val = Val {
                    taint: val.taint.with_step(pos, || format!("bound to `{name}`")),
                    ..val
                };
                self.bind_name(&name, val);
            }
            syn::Pat::Type(pt) => {
                let ty = self.e.model.resolve_ty(&pt.ty, &self.cx);
                let mut val = if ty.is_unknown() {
                    val
                } else {
                    Val { ty, ..val }
                };
                if let Ty::Adt(id, _) = &val.ty {
                    // The annotation is the authority: parts of another type
                    // (a joined conversion) do not belong to this value.
                    let def = &self.e.model.types[*id];
                    if !def.is_enum {
                        val.parts.retain(|k, _| def.field(k).is_some());
                    }
                }
                self.bind(&pt.pat, val);
            }
            syn::Pat::Reference(r) => self.bind(&r.pat, val),
            syn::Pat::Paren(p) => self.bind(&p.pat, val),
            syn::Pat::Or(or) => {
                if let Some(first) = or.cases.first() {
                    self.bind(first, val);
                }
            }
            syn::Pat::Tuple(t) => self.bind_positional(t.elems.iter(), &val, None),
            syn::Pat::Slice(s) => {
                for elem in &s.elems {
                    match elem {
                        syn::Pat::Rest(_) => {}
                        syn::Pat::Ident(id)
                            if matches!(
                                id.subpat.as_ref().map(|s| &*s.1),
                                Some(syn::Pat::Rest(_))
                            ) =>
                        {
                            self.bind_name(&ident_name(&id.ident), val.clone());
                        }
                        other => self.bind(other, val.element()),
                    }
                }
            }
            syn::Pat::TupleStruct(ts) => self.bind_tuple_struct(ts, val),
            syn::Pat::Struct(ps) => self.bind_struct(ps, val),
            _ => {}
        }
    }

    fn bind_positional<'p>(
        &mut self,
        elems: impl ExactSizeIterator<Item = &'p syn::Pat>,
        val: &Val,
        variant: Option<(usize, &str)>,
    ) {
        let elems: Vec<&syn::Pat> = elems.collect();
        let n = elems.len();
        let rest_at = elems.iter().position(|p| matches!(p, syn::Pat::Rest(_)));
        let arity = match &val.ty {
            Ty::Tuple(items) => items.len(),
            _ => n,
        };
        for (i, p) in elems.iter().enumerate() {
            if matches!(p, syn::Pat::Rest(_)) {
                continue;
            }
            let index = match rest_at {
                Some(r) if i > r => arity.saturating_sub(n - i),
                _ => i,
            };
            let key = index.to_string();
            let part = match variant {
                Some((id, v)) => self.variant_field(val, id, v, &key, Pos::of_tokens(self.file, p)),
                None => match &val.ty {
                    Ty::Adt(..) => self.read_field(val, &key, Pos::of_tokens(self.file, p)),
                    _ => val.part(&key),
                },
            };
            self.bind(p, part);
        }
    }

    fn bind_tuple_struct(&mut self, ts: &syn::PatTupleStruct, val: Val) {
        let segs = path_segments(&ts.path);
        let last = segs.last().map(String::as_str).unwrap_or_default();
        match last {
            "Some" | "Ok" | "Err" => {
                let inner = val.part(last);
                if let Some(p) = ts.elems.first() {
                    self.bind(p, inner);
                }
                return;
            }
            _ => {}
        }
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&segs))
        {
            let val = Val {
                ty: Ty::Adt(id, Vec::new()),
                ..val
            };
            self.bind_positional(ts.elems.iter(), &val, Some((id, &variant)));
            return;
        }
        if let Some(id) = self.resolve_self_or_type(&segs)
            && !self.e.model.types[id].is_enum
        {
            let ty = match val.ty {
                Ty::Adt(..) => val.ty.clone(),
                _ => Ty::Adt(id, Vec::new()),
            };
            let val = Val { ty, ..val };
            self.bind_positional(ts.elems.iter(), &val, None);
            return;
        }
        // An extractor or wrapper from outside the tree: `Json(body)`, `State(s)`.
        let inner = match val.parts.get("0") {
            Some(p) => p.clone(),
            None => Val {
                ty: val.ty.first_arg(),
                taint: val.taint.clone(),
                parts: BTreeMap::new(),
            },
        };
        if let Some(p) = ts.elems.first() {
            self.bind(p, inner);
        }
    }

    fn bind_struct(&mut self, ps: &syn::PatStruct, val: Val) {
        let segs = path_segments(&ps.path);
        let variant = self
            .e
            .model
            .resolve_variant(self.file, self.cx.module, &self.unself(&segs));
        let val = match (&variant, &val.ty, self.resolve_self_or_type(&segs)) {
            (Some((id, _)), _, _) => Val {
                ty: Ty::Adt(*id, Vec::new()),
                ..val
            },
            (None, Ty::Adt(..), _) => val,
            (None, _, Some(id)) => Val {
                ty: Ty::Adt(id, Vec::new()),
                ..val
            },
            _ => val,
        };
        for fp in &ps.fields {
            let key = match &fp.member {
                syn::Member::Named(id) => ident_name(id),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            let pos = Pos::of_tokens(self.file, &fp.member);
            let part = match &variant {
                Some((id, v)) => self.variant_field(&val, *id, v, &key, pos),
                None => self.read_field(&val, &key, pos),
            };
            self.bind(&fp.pat, part);
        }
    }

    fn variant_field(&self, val: &Val, id: usize, variant: &str, key: &str, pos: Pos) -> Val {
        let def = &self.e.model.types[id];
        match def.variant_field(variant, key) {
            Some(field) => {
                let ty = self.e.model.field_ty(id, &[], field);
                match field.personal {
                    Some(fid) => Val::tainted(ty, self.read_step(fid, pos)),
                    None => Val::tainted(ty, val.taint.clone()),
                }
            }
            None => Val::tainted(Ty::Unknown, val.taint.clone()),
        }
    }

    fn read_step(&self, fid: FieldId, pos: Pos) -> Taint {
        Taint::single(
            Origin::Field(fid),
            vec![Step {
                pos,
                note: "personal data read here".to_owned(),
            }],
        )
    }

    /// A path with a leading `Self` replaced by the name of the impl's type.
    fn unself(&self, segs: &[String]) -> Vec<String> {
        match (segs.first(), self.f.self_id) {
            (Some(first), Some(id)) if first == "Self" => {
                let mut out = vec![self.e.model.types[id].name.clone()];
                out.extend(segs[1..].iter().cloned());
                out
            }
            _ => segs.to_vec(),
        }
    }

    fn resolve_self_or_type(&self, segs: &[String]) -> Option<usize> {
        if let [first, assoc] = segs
            && first == "Self"
            && let Some((_, ty)) = self.f.assoc_types.iter().find(|(n, _)| n == assoc)
            && let Ty::Adt(id, _) = self.e.model.resolve_ty(ty, &self.cx)
        {
            return Some(id);
        }
        let name = segs.last()?;
        if name == "Self" {
            return self.f.self_id;
        }
        self.e
            .model
            .resolve_type_name(self.file, name, self.cx.module)
    }

    // ----- field reads -------------------------------------------------------

    fn read_field(&self, base: &Val, name: &str, pos: Pos) -> Val {
        match &base.ty {
            Ty::Adt(id, args) if !self.e.model.types[*id].is_enum => {
                let def = &self.e.model.types[*id];
                let Some(field) = def.field(name) else {
                    return base
                        .parts
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| Val::tainted(Ty::Unknown, base.taint.clone()));
                };
                let ty = self.e.model.field_ty(*id, args, field);
                let mut out = base.parts.get(name).cloned().unwrap_or_default();
                if out.ty.is_unknown() || field.personal.is_some() {
                    out.ty = ty;
                }
                if let Some(fid) = field.personal {
                    // The field names the data better than where it was copied from.
                    out.taint = self.read_step(fid, pos);
                    out.parts.clear();
                } else if let Some(k) = self.e.model.part_id(name) {
                    // A clean field of a parameter carries whatever callers put there.
                    for origin in base.taint.0.keys() {
                        if let Origin::Param(i, None) = origin {
                            out.taint.0.entry(Origin::Param(*i, Some(k))).or_default();
                        }
                    }
                }
                out
            }
            Ty::Other(wrapper, args)
                if DEREF_WRAPPERS.contains(&wrapper.as_str()) && name != "0" =>
            {
                let inner = Val {
                    ty: args.first().cloned().unwrap_or_default(),
                    taint: base.taint.clone(),
                    parts: base
                        .parts
                        .get("0")
                        .map(|p| p.parts.clone())
                        .unwrap_or_default(),
                };
                self.read_field(&inner, name, pos)
            }
            Ty::Other(_, args) if name == "0" => {
                let mut out = base.part("0");
                if out.ty.is_unknown() {
                    out.ty = args.first().cloned().unwrap_or_default();
                }
                out
            }
            Ty::Tuple(_) => base.part(name),
            Ty::Unknown => {
                if let Some(p) = base.parts.get(name) {
                    return p.clone();
                }
                match self.e.model.field_names.get(name) {
                    Some((personal, false)) if !personal.is_empty() => {
                        let mut out = Val::tainted(Ty::Unknown, self.read_step(personal[0], pos));
                        out.taint.union(&base.taint);
                        out
                    }
                    _ => Val::tainted(Ty::Unknown, base.taint.clone()),
                }
            }
            _ => Val::tainted(Ty::Unknown, base.taint.clone()),
        }
    }

    // ----- expressions -------------------------------------------------------

    fn pos(&self, node: &impl Spanned) -> Pos {
        Pos::of_tokens(self.file, node)
    }

    pub(crate) fn expr(&mut self, e: &syn::Expr) -> Val {
        match e {
            syn::Expr::Path(p) => self.path_expr(p),
            syn::Expr::Lit(l) => match l.lit {
                syn::Lit::Str(_) => Val::of_ty(Ty::Str),
                _ => Val::default(),
            },
            syn::Expr::Field(f) => {
                let base = self.expr(&f.base);
                let name = match &f.member {
                    syn::Member::Named(id) => ident_name(id),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                let pos = self.pos(f);
                self.read_field(&base, &name, pos)
            }
            syn::Expr::Reference(r) => self.expr(&r.expr),
            syn::Expr::Paren(p) => self.expr(&p.expr),
            syn::Expr::Group(g) => self.expr(&g.expr),
            syn::Expr::Await(a) => self.expr(&a.base),
            syn::Expr::Unary(u) => {
                let v = self.expr(&u.expr);
                match u.op {
                    syn::UnOp::Not(_) => Val::default(),
                    _ => v,
                }
            }
            syn::Expr::Cast(c) => {
                let v = self.expr(&c.expr);
                Val::tainted(self.e.model.resolve_ty(&c.ty, &self.cx), v.flat())
            }
            syn::Expr::Binary(b) => self.binary(b),
            syn::Expr::Assign(a) => {
                let v = self.expr(&a.right);
                self.assign(&a.left, v, true);
                Val::default()
            }
            syn::Expr::Tuple(t) => {
                let mut out = Val::default();
                let mut tys = Vec::new();
                for (i, el) in t.elems.iter().enumerate() {
                    let v = self.expr(el);
                    tys.push(v.ty.clone());
                    out.parts.insert(i.to_string(), v);
                }
                out.ty = Ty::Tuple(tys);
                out
            }
            syn::Expr::Array(a) => {
                let mut elem = Val::default();
                for el in &a.elems {
                    let v = self.expr(el);
                    elem.join(v);
                }
                Val::seq_of(elem)
            }
            syn::Expr::Repeat(r) => {
                let elem = self.expr(&r.expr);
                self.expr(&r.len);
                Val::seq_of(elem)
            }
            syn::Expr::Index(i) => {
                let base = self.expr(&i.expr);
                self.expr(&i.index);
                base.element()
            }
            syn::Expr::Range(r) => {
                if let Some(s) = &r.start {
                    self.expr(s);
                }
                if let Some(s) = &r.end {
                    self.expr(s);
                }
                Val::default()
            }
            syn::Expr::Block(b) => self.block(&b.block),
            syn::Expr::Unsafe(b) => self.block(&b.block),
            syn::Expr::Const(b) => self.block(&b.block),
            syn::Expr::Async(b) => self.block(&b.block),
            syn::Expr::TryBlock(b) => self.block(&b.block),
            syn::Expr::If(i) => self.if_expr(i),
            syn::Expr::Match(m) => self.match_expr(m),
            syn::Expr::ForLoop(f) => {
                let it = self.expr(&f.expr);
                let elem = it.element();
                for _ in 0..2 {
                    self.push();
                    self.bind(&f.pat, elem.clone());
                    self.block(&f.body);
                    self.pop();
                }
                Val::default()
            }
            syn::Expr::While(w) => {
                for _ in 0..2 {
                    self.push();
                    self.expr(&w.cond);
                    self.block(&w.body);
                    self.pop();
                }
                Val::default()
            }
            syn::Expr::Loop(l) => {
                for _ in 0..2 {
                    self.block(&l.body);
                }
                Val::default()
            }
            syn::Expr::Let(l) => {
                let v = self.expr(&l.expr);
                self.bind(&l.pat, v);
                Val::default()
            }
            syn::Expr::Closure(c) => {
                let ret = self.closure(c, Vec::new());
                Val::of_ty(Ty::Other("{closure}".into(), Vec::new())).with_part("ret", ret)
            }
            syn::Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    let v = self.expr(e);
                    self.returns.push((v.clone(), self.pos(&**e)));
                    self.ret.join(v);
                }
                Val::default()
            }
            syn::Expr::Break(b) => {
                if let Some(v) = &b.expr {
                    self.expr(v);
                }
                Val::default()
            }
            syn::Expr::Yield(y) => {
                if let Some(v) = &y.expr {
                    self.expr(v);
                }
                Val::default()
            }
            syn::Expr::Try(t) => {
                let v = self.expr(&t.expr);
                let err = v.part("Err");
                if !err.flat().is_empty() {
                    self.ret.join(Val::default().with_part("Err", err));
                }
                v.unwrapped()
            }
            syn::Expr::Struct(s) => self.struct_lit(s),
            syn::Expr::Call(c) => self.call(c),
            syn::Expr::MethodCall(m) => self.method_call(m),
            syn::Expr::Macro(m) => self.mac(&m.mac),
            _ => Val::default(),
        }
    }

    fn path_expr(&mut self, p: &syn::ExprPath) -> Val {
        if let Some(id) = p.path.get_ident() {
            let name = ident_name(id);
            if let Some(v) = self.lookup(&name) {
                return v.clone();
            }
        }
        let segs = path_segments(&p.path);
        if let Some((id, _)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&segs))
        {
            return Val::of_ty(Ty::Adt(id, Vec::new()));
        }
        Val::default()
    }

    fn binary(&mut self, b: &syn::ExprBinary) -> Val {
        use syn::BinOp;
        let left = self.expr(&b.left);
        let right = self.expr(&b.right);
        match b.op {
            BinOp::Add(_)
            | BinOp::Sub(_)
            | BinOp::Mul(_)
            | BinOp::Div(_)
            | BinOp::Rem(_)
            | BinOp::BitXor(_)
            | BinOp::BitAnd(_)
            | BinOp::BitOr(_)
            | BinOp::Shl(_)
            | BinOp::Shr(_) => {
                let mut out = Val::tainted(left.ty.clone(), left.flat());
                out.taint.union(&right.flat());
                out
            }
            BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_) => {
                self.assign(&b.left, Val::tainted(Ty::Unknown, right.flat()), false);
                Val::default()
            }
            _ => Val::default(),
        }
    }

    /// Writes `val` into a place. A strong update replaces a local's value.
    fn assign(&mut self, place: &syn::Expr, val: Val, strong: bool) {
        self.assign_at(place, Vec::new(), val, strong);
    }

    /// Writes `val` into `place`, or into a part of it (`chain`, innermost
    /// first, e.g. `["[]"]` for the elements of a collection).
    fn assign_at(&mut self, place: &syn::Expr, mut chain: Vec<String>, val: Val, strong: bool) {
        let mut cur = place;
        loop {
            match cur {
                syn::Expr::Field(f) => {
                    chain.push(match &f.member {
                        syn::Member::Named(id) => ident_name(id),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    });
                    cur = &f.base;
                }
                syn::Expr::Index(i) => {
                    chain.push("[]".to_owned());
                    cur = &i.expr;
                }
                syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
                syn::Expr::Paren(p) => cur = &p.expr,
                syn::Expr::MethodCall(m)
                    if SAME_METHODS.contains(&m.method.to_string().as_str()) =>
                {
                    cur = &m.receiver;
                }
                _ => break,
            }
        }
        let syn::Expr::Path(p) = cur else { return };
        let Some(id) = p.path.get_ident() else { return };
        let name = ident_name(id);
        let Some(slot) = self.lookup_mut(&name) else {
            return;
        };
        if chain.is_empty() {
            if strong {
                *slot = val;
            } else {
                if slot.ty.is_unknown() {
                    slot.ty = val.ty.clone();
                }
                slot.taint.union(&val.flat());
            }
            return;
        }
        let mut target = slot;
        for key in chain.iter().rev() {
            target = target.parts.entry(key.clone()).or_default();
        }
        if strong && chain.first().is_some_and(|k| k != "[]") {
            *target = val;
        } else {
            target.join(val);
        }
    }

    fn if_expr(&mut self, i: &syn::ExprIf) -> Val {
        let saved = self.scopes.clone();
        self.push();
        self.expr(&i.cond);
        let mut v = self.block(&i.then_branch);
        self.pop();
        let then_env = std::mem::replace(&mut self.scopes, saved);
        if let Some((_, els)) = &i.else_branch {
            v.join(self.expr(els));
        }
        let else_env = std::mem::take(&mut self.scopes);
        self.join_envs(vec![then_env, else_env]);
        v
    }

    fn match_expr(&mut self, m: &syn::ExprMatch) -> Val {
        let scrutinee = self.expr(&m.expr);
        let saved = self.scopes.clone();
        let mut envs = Vec::new();
        let mut out = Val::default();
        for arm in &m.arms {
            self.scopes = saved.clone();
            self.push();
            self.bind(&arm.pat, scrutinee.clone());
            if let Some((_, guard)) = &arm.guard {
                self.expr(guard);
            }
            let v = self.expr(&arm.body);
            out.join(v);
            self.pop();
            envs.push(std::mem::take(&mut self.scopes));
        }
        if envs.is_empty() {
            self.scopes = saved;
        } else {
            self.join_envs(envs);
        }
        out
    }

    /// Evaluates a closure's body with its parameters bound to `inputs`.
    fn closure(&mut self, c: &syn::ExprClosure, inputs: Vec<Val>) -> Val {
        self.push();
        for (i, pat) in c.inputs.iter().enumerate() {
            let v = inputs.get(i).cloned().unwrap_or_default();
            self.bind(pat, v);
        }
        let out = self.expr(&c.body);
        self.pop();
        out
    }

    /// Applies a function argument (closure or path to a function) to inputs.
    fn apply(&mut self, f: &syn::Expr, inputs: Vec<Val>) -> Val {
        match f {
            syn::Expr::Closure(c) => self.closure(c, inputs),
            syn::Expr::Path(p) => {
                let segs = path_segments(&p.path);
                let pos = self.pos(p);
                if let [name] = segs.as_slice()
                    && let Some(c) = self.closures.get(name).cloned()
                {
                    return self.closure(&c, inputs);
                }
                if let Some(row) = self.response_call(&segs)
                    && self.input_args == 0
                {
                    // `.map(Json)`: the constructor applied to each value.
                    let v = inputs.into_iter().next().unwrap_or_default();
                    let site = self.response_site(pos, row, &segs);
                    self.sink(site, &v, row.mode, pos);
                    return Val::of_ty(Ty::Other(RESPONSE_TYPE.into(), Vec::new()));
                }
                if let Some(fid) = self.resolve_callee(&segs, inputs.first()) {
                    let args: Vec<(Val, Pos)> = inputs.into_iter().map(|v| (v, pos)).collect();
                    return self.call_summary(&[fid], &args, pos);
                }
                if self.is_sanitizer(&segs) {
                    return Val::default();
                }
                let last = segs.last().map(String::as_str).unwrap_or_default();
                match last {
                    "from" | "to_string" | "to_owned" | "into" | "clone" | "new"
                    | "to_lowercase" | "to_uppercase" | "trim" | "as_str" | "Some" | "Ok"
                    | "Box" => inputs
                        .into_iter()
                        .next()
                        .map(|v| Val::tainted(Ty::Unknown, v.flat()))
                        .unwrap_or_default(),
                    _ => Val::default(),
                }
            }
            other => {
                self.expr(other);
                Val::default()
            }
        }
    }

    fn struct_lit(&mut self, s: &syn::ExprStruct) -> Val {
        let segs = path_segments(&s.path);
        let mut fields = BTreeMap::new();
        for fv in &s.fields {
            let key = match &fv.member {
                syn::Member::Named(id) => ident_name(id),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            let v = self.expr(&fv.expr);
            fields.insert(key, v);
        }
        let base = s.rest.as_ref().map(|r| self.expr(r));
        if let Some((id, _)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&segs))
        {
            let mut taint = Taint::default();
            for v in fields.values() {
                taint.union(&v.flat());
            }
            return Val::tainted(Ty::Adt(id, Vec::new()), taint);
        }
        let ty = match self.resolve_self_or_type(&segs) {
            Some(id) => Ty::Adt(id, Vec::new()),
            None => Ty::Other(segs.last().cloned().unwrap_or_default(), Vec::new()),
        };
        let mut out = Val::of_ty(ty);
        if let Some(base) = base {
            for (k, v) in base.parts {
                out.parts.insert(k, v);
            }
            out.taint.union(&base.taint);
        }
        for (k, v) in fields {
            out.parts.insert(k, v);
        }
        out
    }

    // ----- calls -------------------------------------------------------------

    fn call(&mut self, c: &syn::ExprCall) -> Val {
        let syn::Expr::Path(p) = &*c.func else {
            for a in &c.args {
                self.expr(a);
            }
            self.expr(&c.func);
            return Val::default();
        };
        let segs = path_segments(&p.path);
        // Arguments of a function of the tree are its inputs: a test calling a
        // handler with `Json(body)` does not build a response.
        let input = self.callees(&segs, None).is_some();
        self.input_args += usize::from(input);
        let args: Vec<(Val, Pos)> = c.args.iter().map(|a| (self.expr(a), self.pos(a))).collect();
        self.input_args -= usize::from(input);
        if web::creates_builder(&segs) {
            return Val::of_ty(Ty::Other(web::BUILDER_TYPE.into(), Vec::new()));
        }
        let pos = self.pos(&p.path);
        let first = args.first().map(|(v, _)| v.clone()).unwrap_or_default();
        let last = segs.last().map(String::as_str).unwrap_or_default();
        if segs.len() == 1
            && let Some(c) = self.closures.get(last).cloned()
        {
            let inputs = args.into_iter().map(|(v, _)| v).collect();
            return self.closure(&c, inputs);
        }
        if segs.len() == 1
            && let Some(local) = self.lookup(last)
        {
            // A closure bound to a local: its body was evaluated where it was written.
            return if local.ty.is_other("{closure}") {
                local.part("ret")
            } else {
                Val::default()
            };
        }
        let std_ctor =
            segs.len() == 1 || matches!(segs[0].as_str(), "Option" | "Result" | "std" | "core");
        match last {
            _ if !std_ctor => {}
            "Some" => {
                return Val::of_ty(Ty::Option(Box::new(first.ty.clone()))).with_part("Some", first);
            }
            "Ok" => {
                return Val::of_ty(Ty::Result(
                    Box::new(first.ty.clone()),
                    Box::new(Ty::Unknown),
                ))
                .with_part("Ok", first);
            }
            "Err" => {
                return Val::of_ty(Ty::Result(
                    Box::new(Ty::Unknown),
                    Box::new(first.ty.clone()),
                ))
                .with_part("Err", first);
            }
            _ => {}
        }
        let owner = segs
            .len()
            .checked_sub(2)
            .and_then(|i| segs.get(i))
            .map(String::as_str);
        if owner == Some("Redacted") && matches!(last, "new" | "from") {
            return Val::tainted(Ty::Redacted(Box::new(first.ty.clone())), first.flat());
        }
        if matches!(last, "stdout" | "stderr") && args.is_empty() {
            return Val::of_ty(Ty::StdStream);
        }
        if owner == Some("Span") && matches!(last, "current" | "none") {
            return Val::of_ty(Ty::Other(SPAN_TYPE.into(), Vec::new()));
        }
        if owner == Some("field") && matches!(last, "display" | "debug") {
            // `tracing::field::display(x)` records `x` as it is.
            return first;
        }
        if let Some(site) = self.configured_sink(&segs, pos) {
            for (v, apos) in &args {
                self.sink(site, v, Mode::Display, *apos);
            }
            return Val::default();
        }
        if self.is_sanitizer(&segs) {
            return Val::default();
        }
        if (owner == Some("serde_json")
            || (segs.len() == 1 && self.imported_from(last, "serde_json")))
            && matches!(
                last,
                "to_string" | "to_string_pretty" | "to_vec" | "to_vec_pretty" | "to_value"
            )
        {
            let (v, apos) = args.first().cloned().unwrap_or_default();
            let ty = if last == "to_value" {
                Ty::Other("Value".into(), Vec::new())
            } else {
                Ty::Str
            };
            let taint = self
                .leaks(&v, Mode::Serialize, apos)
                .with_step(pos, || SERIALIZED.to_owned());
            // serde_json's errors never contain the input.
            let ok = Val::tainted(ty.clone(), taint);
            return Val::of_ty(Ty::Result(Box::new(ty), Box::new(Ty::Unknown)))
                .with_part("Ok", ok)
                .with_part("Err", Val::default());
        }
        if last == "with_status" && owner == Some("reply") {
            // warp's `with_status(reply, code)` passes its reply through.
            return first;
        }
        if let Some(row) = self.response_call(&segs) {
            // `Cookie::build((name, value))` has one argument, `Cookie::build(name, value)` two.
            let (v, apos) = args
                .get(row.arg)
                .or(args.last())
                .cloned()
                .unwrap_or_default();
            if self.input_args > 0 {
                return Val::of_ty(Ty::Other(last.to_owned(), vec![v.ty.clone()]))
                    .with_part("0", v);
            }
            let site = self.response_site(pos, row, &segs);
            let arg = if row.part == web::Part::Body {
                v
            } else {
                Val::tainted(Ty::Unknown, v.flat())
            };
            self.sink(site, &arg, row.mode, apos);
            if row.part != web::Part::Body {
                // A header or cookie wrapper passes its reply (argument 0) through.
                return if row.arg == 0 { Val::default() } else { first };
            }
            return Val::of_ty(Ty::Other(RESPONSE_TYPE.into(), Vec::new()));
        }
        if let Some((id, _)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&segs))
        {
            let mut taint = Taint::default();
            for (v, _) in &args {
                taint.union(&v.flat());
            }
            return Val::tainted(Ty::Adt(id, Vec::new()), taint);
        }
        if let Some(fids) = self.callees(&segs, args.first().map(|(v, _)| v)) {
            return self.call_summary(&fids, &args, pos);
        }
        if let Some(empty) = empty_collection(owner, last) {
            return Val::of_ty(empty);
        }
        if segs.len() >= 2
            && let Some(id) = self.resolve_self_or_type(&segs[..segs.len() - 1])
            && SELF_CONSTRUCTORS.contains(&last)
        {
            // Derived or trait constructors (`Cmd::parse()`, `Config::default()`).
            let ty = Ty::Adt(id, Vec::new());
            return if last.starts_with("try_") {
                Val::of_ty(Ty::Result(Box::new(ty), Box::new(Ty::Unknown)))
            } else {
                Val::of_ty(ty)
            };
        }
        if let Some(id) = self.resolve_self_or_type(&segs)
            && segs.len() == 1
            && !self.e.model.types[id].is_enum
        {
            let mut out = Val::of_ty(Ty::Adt(id, Vec::new()));
            for (i, (v, _)) in args.into_iter().enumerate() {
                out.parts.insert(i.to_string(), v);
            }
            return out;
        }
        match (owner, last) {
            (
                Some(
                    "String" | "Box" | "Rc" | "Arc" | "Cow" | "PathBuf" | "RefCell" | "Mutex"
                    | "RwLock" | "Cell" | "From" | "Into" | "ToString" | "ToOwned" | "Some",
                ),
                _,
            )
            | (_, "Box" | "Rc" | "Arc") => {
                let ty = if owner == Some("String") {
                    Ty::Str
                } else {
                    first.ty.clone()
                };
                Val { ty, ..first }
            }
            // A constructor from outside the tree wraps what it is given
            // (`Body::from(bytes)`, `Full::new(text)`).
            (Some(o), "from" | "new" | "from_str" | "try_from" | "from_string")
                if o.chars().next().is_some_and(char::is_uppercase) && args.len() == 1 =>
            {
                Val::tainted(Ty::Other(o.to_owned(), Vec::new()), first.flat())
            }
            _ => Val::default(),
        }
    }

    /// The response sink a call path names, unless the tree defines a type of
    /// that name itself.
    fn response_call(&self, segs: &[String]) -> Option<&'static web::ResponseSink> {
        let last = segs.last()?;
        if segs.len() == 1
            && self
                .e
                .model
                .resolve_type_name(self.file, last, self.cx.module)
                .is_some()
        {
            return None;
        }
        let full = self.e.model.files[self.file].uses.expand(segs);
        if full.len() > 1
            && full
                .first()
                .is_some_and(|k| web::NOT_RESPONSE_CRATES.contains(&k.as_str()))
        {
            // `sqlx::types::Json` stores a column, `reqwest` sends a request.
            return None;
        }
        web::tables().find(|row| match row.matcher {
            web::Matcher::Call(suffix) => {
                suffix.len() <= segs.len()
                    && segs[segs.len() - suffix.len()..]
                        .iter()
                        .zip(suffix)
                        .all(|(a, b)| a == b)
            }
            web::Matcher::BuilderMethod(_) => false,
        })
    }

    /// The site of a response sink, with the handler's route when known.
    fn response_site(&self, pos: Pos, row: &web::ResponseSink, segs: &[String]) -> SiteId {
        let framework = if matches!(row.name, "Json" | "Html") {
            let full = self.e.model.files[self.file].uses.expand(segs);
            web::framework_of(&full, row.framework)
        } else {
            row.framework
        };
        let sink = format!("{framework} {}", row.name);
        self.response_site_named(pos, &sink, row.part.noun())
    }

    fn response_site_named(&self, pos: Pos, sink: &str, noun: &str) -> SiteId {
        let target = match &self.f.route {
            Some(route) => format!("{noun} of {route} ({sink})"),
            None => format!("{noun} of a response ({sink})"),
        };
        self.e.site_with_target(
            pos,
            sink,
            "sent in the response here",
            response_leak::NAME,
            target,
        )
    }

    /// A value a handler returns: everything it serializes goes out, at the
    /// serialization call when there is one, else at the returned expression.
    fn response_return(&mut self, val: &Val, pos: Pos) {
        let is_result = matches!(val.ty, Ty::Result(..)) || val.parts.contains_key("Ok");
        let content = if is_result {
            val.part("Ok")
        } else {
            val.unwrapped()
        };
        if is_result {
            // An error becomes a response through its `IntoResponse` /
            // `ResponseError` impl: what that writes is reported there.
            let err = val.part("Err");
            if let Some(fids) = self.responder_impl(&err.ty) {
                self.call_summary(&fids, &[(err, pos)], pos);
            }
        }
        if let Some(fids) = self.responder_impl(&content.ty) {
            // A type with its own `Responder`/`IntoResponse` impl.
            self.call_summary(&fids, &[(content, pos)], pos);
            return;
        }
        let leaked = self.leaks(&content, Mode::Serialize, pos);
        for (origin, trace) in leaked.0 {
            let serialized = trace
                .iter()
                .rev()
                .find(|s| s.note == SERIALIZED)
                .map(|s| s.pos);
            let site = match serialized {
                Some(at) => self.response_site_named(at, "serde_json", "the body"),
                None => self.response_site_named(pos, "handler return value", "the body"),
            };
            self.record(site, Mode::Serialize, Taint::single(origin, trace));
        }
    }

    /// The tree's `into_response` / `respond_to` / `error_response` of a type.
    fn responder_impl(&self, ty: &Ty) -> Option<Vec<FnId>> {
        let Ty::Adt(tid, _) = ty else { return None };
        let fids: Vec<FnId> = web::RESPONDER_METHODS
            .iter()
            .filter_map(|m| self.e.model.methods.get(&(*tid, (*m).to_owned())))
            .flatten()
            .copied()
            .collect();
        (!fids.is_empty()).then_some(fids)
    }

    /// A GraphQL resolver's return value: what it carries by value (a
    /// `SimpleObject` it returns is reported at its fields instead).
    fn resolver_return(&mut self, val: &Val) {
        let pos = Pos::of(self.file, self.f.sig.ident.span());
        let leaked = self.graphql_shown(&val.unwrapped(), 0);
        if leaked.is_empty() {
            return;
        }
        let target = format!(
            "the GraphQL response through resolver `{}` (async-graphql Object)",
            self.f.name
        );
        let site = self.e.site_with_target(
            pos,
            "async-graphql Object",
            "resolver returns it here",
            response_leak::NAME,
            target,
        );
        self.record(site, Mode::Serialize, leaked);
    }

    /// What a GraphQL client sees of a value a resolver returns: the value
    /// itself, or, for an object, its exposed non-personal fields (personal
    /// fields of a `SimpleObject` are reported at the field; skipped fields
    /// are not in the schema).
    fn graphql_shown(&self, val: &Val, depth: usize) -> Taint {
        match &val.ty {
            Ty::Option(_) | Ty::Seq(_) if depth < 8 => {
                let mut out = val.taint.clone();
                out.union(&self.graphql_shown(&val.element(), depth + 1));
                out
            }
            Ty::Adt(id, _) if depth < 8 => {
                let def = &self.e.model.types[*id];
                let mut out = val.taint.clone();
                for (key, part) in &val.parts {
                    let hidden = def
                        .field(key)
                        .is_some_and(|f| f.personal.is_some() || f.graphql_skip);
                    if !hidden {
                        out.union(&self.graphql_shown(part, depth + 1));
                    }
                }
                out
            }
            _ => val.flat(),
        }
    }

    fn imported_from(&self, name: &str, krate: &str) -> bool {
        self.e.model.files[self.file]
            .uses
            .names
            .get(name)
            .is_some_and(|p| p.first().is_some_and(|k| k == krate))
    }

    /// The functions of the tree a call path may refer to.
    fn callees(&self, segs: &[String], first_arg: Option<&Val>) -> Option<Vec<FnId>> {
        if segs.len() >= 2 {
            let owner = &segs[segs.len() - 2];
            let name = &segs[segs.len() - 1];
            let tid = if owner == "Self" {
                self.f.self_id
            } else {
                self.e
                    .model
                    .resolve_type_name(self.file, owner, self.cx.module)
            };
            if let Some(tid) = tid {
                let candidates = self.e.model.methods.get(&(tid, name.clone()))?;
                return Some(self.pick_by_first_param(candidates, first_arg));
            }
        }
        self.e
            .model
            .resolve_fn(self.file, self.cx.module, segs)
            .map(|f| vec![f])
    }

    fn resolve_callee(&self, segs: &[String], first: Option<&Val>) -> Option<FnId> {
        self.callees(segs, first).and_then(|c| c.first().copied())
    }

    /// Among overloads (`From<A> for T`, `From<B> for T`), those whose first
    /// parameter's type matches the argument; all of them when none does.
    fn pick_by_first_param(&self, candidates: &[FnId], first: Option<&Val>) -> Vec<FnId> {
        if candidates.len() <= 1 {
            return candidates.to_vec();
        }
        let Some(arg) = first else {
            return candidates.to_vec();
        };
        let matching: Vec<FnId> = candidates
            .iter()
            .copied()
            .filter(|&fid| {
                let f = &self.e.model.fns[fid];
                let cx = self.e.model.fn_cx(f);
                f.sig.inputs.iter().find_map(|i| match i {
                    syn::FnArg::Typed(pt) => Some(self.e.model.resolve_ty(&pt.ty, &cx)),
                    syn::FnArg::Receiver(_) => None,
                }) == Some(arg.ty.clone())
            })
            .collect();
        if matching.is_empty() {
            candidates.to_vec()
        } else {
            matching
        }
    }

    /// Applies the summaries of the possible callees to the arguments.
    fn call_summary(&mut self, fids: &[FnId], args: &[(Val, Pos)], pos: Pos) -> Val {
        let mut out: Option<Val> = None;
        for &fid in fids {
            self.out.callees.push(fid);
            let summary = self.e.summary(fid);
            let name = self.e.model.fns[fid].name.clone();
            let passed = || format!("passed to `{name}` here");
            for ((param, part, site, mode), callee_trace) in &summary.param_sinks {
                let Some((arg, apos)) = args.get(usize::from(*param)) else {
                    continue;
                };
                let arg = match part {
                    Some(k) => {
                        Val::tainted(Ty::Unknown, arg.field_taint(self.e.model.part_name(*k), *k))
                    }
                    None => arg.clone(),
                };
                let mut leaked = self.leaks(&arg, *mode, *apos).with_step(pos, passed);
                for trace in leaked.0.values_mut() {
                    for step in callee_trace {
                        if trace.len() < 8 {
                            trace.push(step.clone());
                        }
                    }
                }
                self.record(*site, *mode, leaked);
            }
            let model = self.e.model;
            let carried = |i: u16, part: Option<u32>| {
                let (v, _) = args.get(usize::from(i))?;
                Some(match part {
                    Some(k) => v.field_taint(model.part_name(k), k),
                    None => v.flat(),
                })
            };
            let returned = || format!("returned from `{name}`");
            let passed_whole = |i: u16| args.get(usize::from(i)).map(|(v, _)| v.clone());
            let v = summary
                .ret
                .substitute(&carried, &passed_whole, &returned, pos);
            match &mut out {
                Some(acc) => acc.join(v),
                None => out = Some(v),
            }
        }
        out.unwrap_or_default()
    }

    fn method_call(&mut self, m: &syn::ExprMethodCall) -> Val {
        let recv = self.expr(&m.receiver);
        if matches!(self.f.role, FnRole::SerializeImpl(_)) {
            // A hand-written `serialize` writes what it hands to the
            // serializer (`state.serialize_field("email", &self.email)`).
            for a in &m.args {
                let v = self.expr(a);
                let leaked = self.leaks(&v, Mode::Serialize, self.pos(a));
                self.fmt_out(leaked, &v.flat());
            }
        }
        let name = ident_name(&m.method);
        let mpos = self.pos(&m.method);
        if let Some(row) = sinks::METHOD_SINKS.iter().find(|r| r.name == name) {
            if let Some(arg) = m.args.iter().nth(row.arg) {
                let v = self.expr(arg);
                let site = self.e.site(mpos, row.display, "panic message printed here");
                self.sink(site, &v, Mode::Display, self.pos(arg));
            }
            return if name == "expect_err" {
                recv.part("Err")
            } else {
                recv.unwrapped()
            };
        }
        if recv.ty == Ty::Formatter {
            return self.formatter_call(&name, m);
        }
        if recv.ty.is_other(SPAN_TYPE) {
            if name == "record"
                && let Some(value) = m.args.iter().nth(1)
            {
                // `span.record("email", &user.email)` adds a field to the span.
                let v = self.expr(value);
                let site = self
                    .e
                    .site(mpos, "tracing::Span::record", "recorded in a span here");
                let mode = if is_call_named(value, "debug") {
                    Mode::Debug
                } else {
                    Mode::Display
                };
                self.sink(site, &v, mode, self.pos(value));
            } else {
                for a in &m.args {
                    match a {
                        syn::Expr::Closure(c) => {
                            self.closure(c, Vec::new());
                        }
                        other => {
                            self.expr(other);
                        }
                    }
                }
            }
            return recv;
        }
        if let Ty::Redacted(inner) = &recv.ty
            && matches!(name.as_str(), "expose" | "expose_mut" | "into_inner")
        {
            return Val::tainted((**inner).clone(), recv.taint.clone());
        }
        if let Some(site) = self.configured_method_sink(&name, &recv, mpos) {
            for a in &m.args {
                let v = self.expr(a);
                self.sink(site, &v, Mode::Display, self.pos(a));
            }
            return Val::default();
        }
        if self.is_sanitizer(std::slice::from_ref(&name)) {
            for a in &m.args {
                self.expr(a);
            }
            return Val::default();
        }
        if recv.ty.is_other(web::BUILDER_TYPE) {
            return self.builder_method(&name, recv, m, mpos);
        }
        if let Ty::Adt(tid, _) = &recv.ty
            && name == "render"
            && self.e.model.types[*tid].derives("Template")
        {
            let pos = self.pos(&*m.receiver);
            let text = Val::tainted(Ty::Str, self.leaks(&recv, Mode::Serialize, pos));
            return Val::of_ty(Ty::Result(Box::new(Ty::Str), Box::new(Ty::Unknown)))
                .with_part("Ok", text);
        }
        // Methods of the tree, by receiver type (through `State<T>`-like
        // wrappers), else by a unique name.
        let candidates = match deref_wrappers(&recv.ty) {
            Ty::Adt(tid, _) => self.e.model.methods.get(&(*tid, name.clone())).cloned(),
            Ty::Unknown if !is_builtin_method(&name) => {
                self.e.model.methods_by_name.get(&name).cloned()
            }
            _ => None,
        };
        let candidates = candidates.or_else(|| self.trait_impls(&recv.ty, &name));
        if candidates.is_none()
            && let Some(ty) = self.trait_method_return(&recv.ty, &name)
        {
            // A trait method implemented outside the tree: its declared type.
            for a in &m.args {
                self.expr(a);
            }
            let mut out = Val::default();
            out.retype(ty);
            return out;
        }
        if let Some(fids) = candidates {
            let mut args = vec![(recv.clone(), self.pos(&*m.receiver))];
            self.input_args += 1;
            for a in &m.args {
                args.push((self.expr(a), self.pos(a)));
            }
            self.input_args -= 1;
            return self.call_summary(&fids, &args, mpos);
        }
        if matches!(name.as_str(), "into" | "try_into") {
            // `From` impls of the tree decide what a conversion keeps.
            let mut fids = self.e.model.conversions_from(&recv.ty);
            if let Some(Ty::Adt(want, _)) = &self.expected {
                let exact: Vec<FnId> = fids
                    .iter()
                    .copied()
                    .filter(|&f| self.e.model.fns[f].self_id == Some(*want))
                    .collect();
                if !exact.is_empty() {
                    fids = exact;
                }
            }
            if !fids.is_empty() {
                let args = [(recv, self.pos(&*m.receiver))];
                let converted = self.call_summary(&fids, &args, mpos);
                return if name == "try_into" {
                    Val::of_ty(Ty::Result(
                        Box::new(converted.ty.clone()),
                        Box::new(Ty::Unknown),
                    ))
                    .with_part("Ok", converted)
                } else {
                    converted
                };
            }
            return Val::tainted(Ty::Unknown, recv.flat());
        }
        self.builtin_method(&name, recv, m)
    }

    /// The tree's impls of a method of the trait a `dyn Trait`/`impl Trait`
    /// receiver names.
    fn trait_impls(&self, ty: &Ty, name: &str) -> Option<Vec<FnId>> {
        let Ty::Other(trait_name, _) = ty else {
            return None;
        };
        self.e.model.traits.get(trait_name)?.get(name)?;
        let fids: Vec<FnId> = self
            .e
            .model
            .methods_by_name
            .get(name)?
            .iter()
            .copied()
            .filter(|&f| self.e.model.fns[f].trait_name.as_deref() == Some(trait_name.as_str()))
            .collect();
        (!fids.is_empty()).then_some(fids)
    }

    /// The declared return type of a trait method the receiver may call:
    /// by the receiver's trait, or the only trait of the tree with that method.
    fn trait_method_return(&self, ty: &Ty, name: &str) -> Option<Ty> {
        let traits = &self.e.model.traits;
        let (file, sig) = match ty {
            Ty::Other(t, _) if traits.contains_key(t) => *traits.get(t)?.get(name)?,
            Ty::Unknown if !is_builtin_method(name) => {
                let mut found = traits.values().filter_map(|m| m.get(name));
                let only = found.next()?;
                if found.next().is_some() {
                    return None;
                }
                *only
            }
            _ => return None,
        };
        let syn::ReturnType::Type(_, ret) = &sig.output else {
            return None;
        };
        let cx = TyCx {
            file,
            module: &self.e.model.files[file].module,
            self_ty: Ty::Unknown,
            generics: &[],
            generic_args: Vec::new(),
            assoc: &[],
        };
        Some(self.e.model.resolve_ty(ret, &cx))
    }

    /// A method on a response builder: a sink when the table names it, else
    /// a step of the builder chain.
    fn builder_method(&mut self, name: &str, recv: Val, m: &syn::ExprMethodCall, mpos: Pos) -> Val {
        let row = web::tables()
            .find(|row| matches!(row.matcher, web::Matcher::BuilderMethod(n) if n == name));
        let args: Vec<(Val, Pos)> = m.args.iter().map(|a| (self.expr(a), self.pos(a))).collect();
        if let Some(row) = row
            && let Some((v, apos)) = args.get(row.arg)
        {
            let site = self.response_site_named(
                mpos,
                &format!("{} {}", row.framework, row.name),
                row.part.noun(),
            );
            let arg = if row.part == web::Part::Body {
                v.clone()
            } else {
                Val::tainted(Ty::Unknown, v.flat())
            };
            self.sink(site, &arg, row.mode, *apos);
        }
        // Builders chain: what comes after a header may still be the body.
        recv
    }

    fn formatter_call(&mut self, name: &str, m: &syn::ExprMethodCall) -> Val {
        let mode = if matches!(name, "write_str" | "write_fmt" | "pad" | "write_char") {
            Mode::Display
        } else {
            Mode::Debug
        };
        for a in &m.args {
            let v = self.expr(a);
            let leaked = self.leaks(&v, mode, self.pos(a));
            self.fmt_out(leaked, &v.flat());
        }
        Val::of_ty(Ty::Formatter)
    }

    /// Records what a hand-written `fmt` writes: the personal fields it
    /// exposes, and whether it writes any data of `self` at all (`raw`,
    /// before types mask it).
    fn fmt_out(&mut self, leaked: Taint, raw: &Taint) {
        if matches!(self.f.role, FnRole::Plain) {
            return;
        }
        for origin in leaked.0.keys().chain(raw.0.keys()) {
            match origin {
                Origin::Field(_) | Origin::Param(0, _) => self.out.fmt_self = true,
                Origin::Param(..) => {}
            }
        }
        for origin in leaked.0.keys() {
            if let Origin::Field(fid) = origin {
                self.out.fmt_fields.insert(*fid);
            }
        }
    }

    fn builtin_method(&mut self, name: &str, recv: Val, m: &syn::ExprMethodCall) -> Val {
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        let closure_arg = args
            .iter()
            .position(|a| matches!(a, syn::Expr::Closure(_) | syn::Expr::Path(_)));
        let turbofish = m.turbofish.as_ref().and_then(|t| {
            t.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(ty) => Some(self.e.model.resolve_ty(ty, &self.cx)),
                _ => None,
            })
        });
        let is_result = matches!(recv.ty, Ty::Result(..))
            || recv.parts.contains_key("Ok")
            || recv.parts.contains_key("Err");
        let is_option = matches!(recv.ty, Ty::Option(_)) || recv.parts.contains_key("Some");

        match name {
            "to_string" => Val::tainted(
                Ty::Str,
                self.leaks(&recv, Mode::Display, self.pos(&*m.receiver)),
            ),
            "map" | "and_then" | "filter_map" | "flat_map" | "then" | "map_while" | "find_map" => {
                let Some(f) = args.first() else {
                    return Val::default();
                };
                let flatten = name != "map";
                if is_option || is_result {
                    let key = if is_option { "Some" } else { "Ok" };
                    let mut res = self.apply(f, vec![recv.part(key)]);
                    if flatten {
                        res = res.unwrapped();
                    }
                    let mut out = Val::of_ty(if is_option {
                        Ty::Option(Box::new(res.ty.clone()))
                    } else {
                        Ty::Result(Box::new(res.ty.clone()), Box::new(recv.ty.err()))
                    });
                    if is_result {
                        out.parts.insert("Err".into(), recv.part("Err"));
                    }
                    out.with_part(key, res)
                } else {
                    let mut res = self.apply(f, vec![recv.element()]);
                    if flatten {
                        res = res.element();
                    }
                    Val::seq_of(res)
                }
            }
            "map_err" => {
                let Some(f) = args.first() else {
                    return Val::default();
                };
                let err = self.apply(f, vec![recv.part("Err")]);
                let mut out = recv.clone();
                out.taint = Taint::default();
                out.parts.insert("Ok".into(), recv.part("Ok"));
                out.parts.insert("Err".into(), err);
                out
            }
            "or_else" | "or" => {
                let alt = match args.first() {
                    Some(syn::Expr::Closure(c)) => self.closure(c, vec![recv.part("Err")]),
                    Some(a) => self.expr(a),
                    None => Val::default(),
                };
                let mut out = recv.clone();
                out.join(alt);
                out
            }
            "context" | "with_context" | "wrap_err" | "wrap_err_with" | "with_note"
            | "suggestion" | "note" | "ok_or" | "ok_or_else" | "attach_printable"
            | "change_context" => {
                let msg = match args.first() {
                    Some(syn::Expr::Closure(c)) => self.closure(c, Vec::new()),
                    Some(a) => self.expr(a),
                    None => Val::default(),
                };
                let ok_key = if is_option || matches!(name, "ok_or" | "ok_or_else") {
                    "Some"
                } else {
                    "Ok"
                };
                let ok = recv.part(ok_key);
                let mut err = if matches!(name, "ok_or" | "ok_or_else") {
                    Val::default()
                } else {
                    recv.part("Err")
                };
                err.taint.union(&msg.flat());
                Val::of_ty(Ty::Result(Box::new(ok.ty.clone()), Box::new(Ty::Unknown)))
                    .with_part("Ok", ok)
                    .with_part("Err", err)
            }
            "ok" => Val::of_ty(Ty::Option(Box::new(recv.part("Ok").ty)))
                .with_part("Some", recv.part("Ok")),
            "err" => Val::of_ty(Ty::Option(Box::new(recv.part("Err").ty)))
                .with_part("Some", recv.part("Err")),
            "unwrap" | "unwrap_or_default" | "unwrap_unchecked" | "assume_init" => recv.unwrapped(),
            "unwrap_err" => recv.part("Err"),
            "unwrap_or" | "unwrap_or_else" | "map_or" | "map_or_else" | "get_or_insert_with" => {
                let mut out = recv.unwrapped();
                for (i, a) in args.iter().enumerate() {
                    let v = match a {
                        syn::Expr::Closure(c) => {
                            let input = if i + 1 == args.len() && name.starts_with("map_or") {
                                vec![recv.unwrapped()]
                            } else {
                                vec![recv.part("Err")]
                            };
                            self.closure(c, input)
                        }
                        other => self.expr(other),
                    };
                    if name.starts_with("map_or") {
                        out = Val::default();
                        out.join(v);
                    } else {
                        out.join(v);
                    }
                }
                if name.starts_with("map_or") {
                    let mut res = Val::default();
                    for a in &args {
                        if let syn::Expr::Closure(c) = a {
                            res.join(self.closure(c, vec![recv.unwrapped()]));
                        }
                    }
                    res.join(out);
                    return res;
                }
                out
            }
            "filter"
            | "inspect"
            | "take_while"
            | "skip_while"
            | "filter_ok"
            | "sort_by_key"
            | "sort_by"
            | "sort_unstable_by"
            | "sort_unstable_by_key"
            | "retain"
            | "dedup_by_key"
            | "for_each"
            | "try_for_each"
            | "is_some_and"
            | "any"
            | "all"
            | "position"
            | "inspect_err" => {
                if let Some(f) = closure_arg.and_then(|i| args.get(i)) {
                    let input = if name == "inspect_err" {
                        recv.part("Err")
                    } else {
                        recv.element()
                    };
                    self.apply(f, vec![input]);
                }
                match name {
                    "filter" | "inspect" | "take_while" | "skip_while" | "filter_ok"
                    | "inspect_err" => recv,
                    _ => Val::default(),
                }
            }
            "find" | "max_by_key" | "min_by_key" | "max_by" | "min_by" | "rfind" => {
                if let Some(f) = closure_arg.and_then(|i| args.get(i))
                    && matches!(f, syn::Expr::Closure(_))
                {
                    self.apply(f, vec![recv.element(), recv.element()]);
                    let elem = recv.element();
                    return Val::of_ty(Ty::Option(Box::new(elem.ty.clone())))
                        .with_part("Some", elem);
                }
                for a in &args {
                    self.expr(a);
                }
                Val::default()
            }
            "fold" | "try_fold" | "reduce" => {
                let init = if name == "reduce" {
                    recv.element()
                } else {
                    args.first().map(|a| self.expr(a)).unwrap_or_default()
                };
                let res = match args.last() {
                    Some(f) => self.apply(f, vec![init.clone(), recv.element()]),
                    None => Val::default(),
                };
                let mut out = init;
                out.join(res);
                out
            }
            "flatten" if is_option => {
                let inner = recv.part("Some").unwrapped();
                Val::of_ty(Ty::Option(Box::new(inner.ty.clone()))).with_part("Some", inner)
            }
            "flatten" => Val::seq_of(recv.element().element()),
            "enumerate" => {
                let elem = recv.element();
                let tuple = Val::of_ty(Ty::Tuple(vec![Ty::Unknown, elem.ty.clone()]))
                    .with_part("0", Val::default())
                    .with_part("1", elem);
                Val::seq_of(tuple)
            }
            "zip" => {
                let other = args.first().map(|a| self.expr(a)).unwrap_or_default();
                let (a, b) = (recv.element(), other.element());
                let tuple = Val::of_ty(Ty::Tuple(vec![a.ty.clone(), b.ty.clone()]))
                    .with_part("0", a)
                    .with_part("1", b);
                Val::seq_of(tuple)
            }
            "keys" | "into_keys" => {
                let k = match &recv.ty {
                    Ty::Map(k, _) => (**k).clone(),
                    _ => Ty::Unknown,
                };
                let mut keys = recv.part(KEYS);
                keys.ty = k;
                Val::seq_of(keys)
            }
            "values" | "into_values" => {
                let v = match &recv.ty {
                    Ty::Map(_, v) => (**v).clone(),
                    _ => Ty::Unknown,
                };
                let mut elem = recv.part("[]");
                elem.ty = v;
                Val::seq_of(elem)
            }
            "partition" | "unzip" => Val::of_ty(Ty::Tuple(vec![recv.ty.clone(), recv.ty.clone()]))
                .with_part("0", recv.clone())
                .with_part("1", recv.clone()),
            "parse" => Val::of_ty(Ty::Result(
                Box::new(turbofish.clone().unwrap_or_default()),
                Box::new(Ty::Unknown),
            ))
            .with_part(
                "Ok",
                Val::tainted(turbofish.clone().unwrap_or_default(), recv.flat()),
            ),
            "remove" | "swap_remove" | "take_item" => match &recv.ty {
                Ty::Map(_, v) => {
                    Val::of_ty(Ty::Option(v.clone())).with_part("Some", recv.element())
                }
                _ => recv.element(),
            },
            _ if PUSH_METHODS.contains(&name) => {
                let mut added = Val::default();
                for a in &args {
                    let v = self.expr(a);
                    added.join(v);
                }
                let collection = matches!(recv.ty, Ty::Seq(_) | Ty::Map(..))
                    || (recv.ty.is_unknown()
                        && matches!(name, "push" | "push_back" | "push_front" | "extend"));
                if collection {
                    // Elements keep their type: a `Vec` built by pushes is a `Vec<T>`.
                    let elem = if name == "extend" || name == "append" {
                        added.element()
                    } else {
                        added
                    };
                    let elem =
                        if matches!(recv.ty, Ty::Map(..)) && matches!(name, "insert" | "entry") {
                            // Keys and values are kept apart: a lookup by a
                            // personal key does not make the value personal.
                            if let Some(key) = args.first().map(|a| self.expr(a)) {
                                self.assign_at(&m.receiver, vec![KEYS.to_owned()], key, false);
                            }
                            if name == "entry" {
                                return Val::default();
                            }
                            args.last().map(|a| self.expr(a)).unwrap_or_default()
                        } else {
                            elem
                        };
                    if recv.ty.is_unknown() {
                        let ty = Ty::Seq(Box::new(elem.ty.clone()));
                        self.assign_at(&m.receiver, Vec::new(), Val::of_ty(ty), false);
                    }
                    self.assign_at(&m.receiver, vec!["[]".to_owned()], elem, false);
                } else {
                    self.mutate_receiver(&m.receiver, Val::tainted(Ty::Unknown, added.flat()));
                }
                Val::default()
            }
            _ if SAME_METHODS.contains(&name) => {
                for a in &args {
                    self.expr(a);
                }
                let mut out = recv;
                if let Some(ty) = turbofish {
                    out.ty = ty;
                }
                out
            }
            _ if STR_METHODS.contains(&name)
                || name.starts_with("to_")
                || name.starts_with("as_")
                || name.starts_with("into_") =>
            {
                for a in &args {
                    self.expr(a);
                }
                let ty = if STR_METHODS.contains(&name) {
                    Ty::Str
                } else {
                    Ty::Unknown
                };
                let mut out = Val::tainted(ty, recv.flat());
                if matches!(name, "join" | "concat") {
                    out.taint = self.leaks(&recv.element(), Mode::Display, self.pos(&*m.receiver));
                    out.taint.union(&recv.taint);
                }
                out
            }
            _ if SPLIT_METHODS.contains(&name) => {
                for a in &args {
                    self.expr(a);
                }
                Val::seq_of(Val::tainted(Ty::Str, recv.flat()))
            }
            _ if PICK_METHODS.contains(&name) => {
                for a in &args {
                    self.expr(a);
                }
                let elem = match (&recv.ty, name) {
                    (Ty::Str, _) => Val::tainted(Ty::Str, recv.flat()),
                    (_, "split_once" | "rsplit_once") => {
                        Val::tainted(Ty::Tuple(vec![Ty::Str, Ty::Str]), recv.flat())
                    }
                    (Ty::Map(_, v), "get" | "get_mut") => {
                        let mut e = recv.part("[]");
                        e.ty = (**v).clone();
                        e
                    }
                    _ if is_option => return recv,
                    _ => recv.element(),
                };
                Val::of_ty(Ty::Option(Box::new(elem.ty.clone()))).with_part("Some", elem)
            }
            _ => {
                for a in &args {
                    match a {
                        syn::Expr::Closure(c) => {
                            self.closure(c, vec![recv.element()]);
                        }
                        other => {
                            self.expr(other);
                        }
                    }
                }
                Val::default()
            }
        }
    }

    /// Adds `added` into a receiver mutated in place (`push`, `push_str`, `insert`).
    fn mutate_receiver(&mut self, recv: &syn::Expr, added: Val) {
        if !added.flat().is_empty() {
            self.assign(recv, added, false);
        }
    }

    // ----- macros ------------------------------------------------------------

    fn mac(&mut self, mac: &syn::Macro) -> Val {
        let segs = path_segments(&mac.path);
        let Some(first) = mac.path.segments.first() else {
            return Val::default();
        };
        let pos = Pos::spanning(self.file, first.ident.span(), mac.bang_token.span);
        let site_pos = match &mac.path.leading_colon {
            Some(c) => Pos::spanning(self.file, c.spans[0], mac.bang_token.span),
            None => pos,
        };
        if let Some(site) = self.configured_macro_sink(&segs, site_pos) {
            // A configured macro may render its arguments any way it likes
            // (a message catalogue, key-values): every argument reaches it.
            for seg in macros::split_top(mac.tokens.clone(), ',') {
                if let Some(field) = macros::tracing_field(&seg) {
                    let v = self.expr(&field.value);
                    let mode = if field.mode == Mode::Debug {
                        Mode::Debug
                    } else {
                        Mode::Display
                    };
                    self.sink(site, &v, mode, self.pos(&field.value));
                }
            }
            let call = FormatCall::parse(&macros::split_top(mac.tokens.clone(), ','));
            let (_, captures) = call.rendered();
            for (name, mode) in captures {
                if let Some(v) = self.lookup(&name).cloned() {
                    self.sink(site, &v, mode, site_pos);
                }
            }
            return Val::default();
        }
        let Some((row, display)) = self.e.resolve_macro(self.file, &segs) else {
            return self.unknown_macro(mac);
        };
        let tokens = mac.tokens.clone();
        match row.kind {
            MacroKind::Print { fmt } => {
                let segments = macros::split_top(tokens, ',');
                for seg in segments.iter().take(fmt) {
                    if let Some(e) = macros::expr_of(seg) {
                        self.expr(&e);
                    }
                }
                let site = self.e.site(site_pos, &display, label_for(&display));
                let call = FormatCall::parse(segments.get(fmt..).unwrap_or_default());
                self.render(site, &call);
                Val::default()
            }
            MacroKind::Write => {
                let segments = macros::split_top(tokens, ',');
                let Some(target) = segments.first().and_then(|s| macros::expr_of(s)) else {
                    return Val::default();
                };
                let t = self.expr(&target);
                let call = FormatCall::parse(&segments[1..]);
                match t.ty {
                    Ty::StdStream => {
                        let site = self.e.site(site_pos, &display, "printed here");
                        self.render(site, &call);
                    }
                    Ty::Formatter => {
                        let (leaked, raw) = self.rendered_values(&call, site_pos);
                        self.fmt_out(leaked, &raw);
                    }
                    _ => {
                        let leaked = self.rendered_taint(&call, site_pos);
                        self.assign(&target, Val::tainted(Ty::Unknown, leaked), false);
                    }
                }
                Val::of_ty(Ty::Result(
                    Box::new(Ty::Tuple(Vec::new())),
                    Box::new(Ty::Unknown),
                ))
            }
            MacroKind::Dbg => {
                let site = self.e.site(site_pos, &display, "printed here");
                let mut last = Val::default();
                for seg in macros::split_top(tokens, ',') {
                    if let Some(e) = macros::expr_of(&seg) {
                        let v = self.expr(&e);
                        self.sink(site, &v, Mode::Debug, self.pos(&e));
                        last = v;
                    }
                }
                last
            }
            MacroKind::Log { level } => {
                let site = self.e.site(site_pos, &display, "logged here");
                let halves = macros::split_top(tokens, ';');
                let (kv, fmt_tokens) = match halves.as_slice() {
                    [kv, fmt] => (Some(kv.clone()), fmt.clone()),
                    [only] => (None, only.clone()),
                    _ => (None, Vec::new()),
                };
                let kv_segments = kv.map(|k| macros::split_top(k.into_iter().collect(), ','));
                let mut segments = macros::split_top(fmt_tokens.into_iter().collect(), ',');
                if let Some(kvs) = kv_segments {
                    let kvs = macros::strip_meta(&kvs).to_vec();
                    let rest = if level {
                        kvs.get(1..).unwrap_or_default()
                    } else {
                        &kvs[..]
                    };
                    for seg in rest {
                        if let Some(field) = macros::tracing_field(seg) {
                            let v = self.expr(&field.value);
                            self.sink(site, &v, field.mode, self.pos(&field.value));
                        }
                    }
                } else {
                    segments = macros::strip_meta(&segments).to_vec();
                    if level && !segments.is_empty() {
                        segments.remove(0);
                    }
                }
                let call = FormatCall::parse(&segments);
                self.render(site, &call);
                Val::default()
            }
            MacroKind::TracingEvent { level } | MacroKind::TracingSpan { level } => {
                let is_span = matches!(row.kind, MacroKind::TracingSpan { .. });
                let label = if is_span {
                    "recorded in a span here"
                } else {
                    "logged here"
                };
                let site = self.e.site(site_pos, &display, label);
                let segments = macros::split_top(tokens, ',');
                let mut rest = macros::strip_meta(&segments);
                if level && !rest.is_empty() {
                    rest = &rest[1..];
                }
                rest = macros::strip_meta(rest);
                if is_span
                    && rest
                        .first()
                        .is_some_and(|s| macros::lit_str_of(s).is_some())
                {
                    rest = &rest[1..];
                }
                let (fields, call) = macros::tracing_body(rest);
                for field in &fields {
                    let v = self.expr(&field.value);
                    self.sink(site, &v, field.mode, self.pos(&field.value));
                }
                self.render(site, &call);
                if is_span {
                    Val::of_ty(Ty::Other(SPAN_TYPE.into(), Vec::new()))
                } else {
                    Val::default()
                }
            }
            MacroKind::Format { fmt }
            | MacroKind::ErrorValue { fmt }
            | MacroKind::ErrorReturn { fmt } => {
                let segments = macros::split_top(tokens, ',');
                for seg in segments.iter().take(fmt) {
                    if let Some(e) = macros::expr_of(seg) {
                        self.expr(&e);
                    }
                }
                let call = FormatCall::parse(segments.get(fmt..).unwrap_or_default());
                let taint = self.rendered_taint(&call, site_pos);
                match row.kind {
                    MacroKind::Format { .. } => Val::tainted(Ty::Str, taint),
                    MacroKind::ErrorValue { .. } => {
                        Val::tainted(Ty::Other("Error".into(), Vec::new()), taint)
                    }
                    _ => {
                        let err = Val::tainted(Ty::Other("Error".into(), Vec::new()), taint);
                        self.ret.join(Val::default().with_part("Err", err));
                        Val::default()
                    }
                }
            }
            MacroKind::JsonValue => {
                let mut taint = Taint::default();
                for leaf in macros::json_leaves(tokens) {
                    let v = self.expr(&leaf);
                    taint.union(&self.leaks(&v, Mode::Serialize, self.pos(&leaf)));
                }
                let taint = taint.with_step(site_pos, || SERIALIZED.to_owned());
                Val::tainted(Ty::Other("Value".into(), Vec::new()), taint)
            }
            MacroKind::VecLit => {
                let mut elem = Val::default();
                let halves = macros::split_top(tokens, ';');
                let items = match halves.as_slice() {
                    [first, _count] => vec![first.clone()],
                    [only] => macros::split_top(only.iter().cloned().collect(), ','),
                    _ => Vec::new(),
                };
                for seg in items {
                    if let Some(e) = macros::expr_of(&seg) {
                        let v = self.expr(&e);
                        elem.join(v);
                    }
                }
                Val::seq_of(elem)
            }
        }
    }

    /// Macros the tables don't know: their arguments are evaluated when they
    /// parse as expressions (so sinks nested inside are still seen).
    fn unknown_macro(&mut self, mac: &syn::Macro) -> Val {
        for seg in macros::split_top(mac.tokens.clone(), ',') {
            if let Some(e) = macros::expr_of(&seg) {
                self.expr(&e);
            }
        }
        Val::default()
    }

    /// Everything a format call renders, as taint.
    fn rendered_taint(&mut self, call: &FormatCall, at: Pos) -> Taint {
        self.rendered_values(call, at).0
    }

    /// What a format call renders (as the sink sees it), and the raw taint
    /// of its arguments before any type masks them.
    fn rendered_values(&mut self, call: &FormatCall, at: Pos) -> (Taint, Taint) {
        let mut taint = Taint::default();
        let mut raw = Taint::default();
        let (exprs, captures) = call.rendered();
        for (e, mode) in exprs {
            let v = self.expr(e);
            raw.union(&v.flat());
            taint.union(&self.leaks(&v, mode, self.pos(e)));
        }
        for (name, mode) in captures {
            if let Some(v) = self.lookup(&name).cloned() {
                raw.union(&v.flat());
                taint.union(&self.leaks(&v, mode, at));
            }
        }
        (taint, raw)
    }

    fn render(&mut self, site: SiteId, call: &FormatCall) {
        let (exprs, captures) = call.rendered();
        for (e, mode) in exprs {
            let v = self.expr(e);
            self.sink(site, &v, mode, self.pos(e));
        }
        let site_pos = self.e.site_pos(site);
        for (name, mode) in captures {
            if let Some(v) = self.lookup(&name).cloned() {
                self.sink(site, &v, mode, site_pos);
            }
        }
    }

    // ----- configuration -----------------------------------------------------

    fn configured_sink(&self, segs: &[String], pos: Pos) -> Option<SiteId> {
        let full = self.e.model.files[self.file].uses.expand(segs);
        let row = self
            .e
            .config
            .sinks
            .iter()
            .find(|s| !s.path.ends_with('!') && trailing_match(&s.path, &full))?;
        Some(self.e.site_for_rule(
            pos,
            &row.path,
            "passed to a configured sink here",
            &row.rule,
        ))
    }

    fn configured_method_sink(&self, name: &str, recv: &Val, pos: Pos) -> Option<SiteId> {
        let row = self.e.config.sinks.iter().find(|s| {
            let segs: Vec<&str> = s.path.split("::").collect();
            let Some((last, owner)) = segs.split_last() else {
                return false;
            };
            if *last != name || owner.is_empty() {
                return false;
            }
            match &recv.ty {
                Ty::Adt(id, _) => owner
                    .last()
                    .is_some_and(|o| *o == self.e.model.types[*id].name),
                Ty::Other(n, _) => owner.last().is_some_and(|o| o == n),
                Ty::Unknown => true,
                _ => false,
            }
        })?;
        Some(self.e.site_for_rule(
            pos,
            &row.path,
            "passed to a configured sink here",
            &row.rule,
        ))
    }

    fn configured_macro_sink(&self, segs: &[String], pos: Pos) -> Option<SiteId> {
        let full = self.e.model.files[self.file].uses.expand(segs);
        let row = self.e.config.sinks.iter().find(|s| {
            s.path
                .strip_suffix('!')
                .is_some_and(|p| trailing_match(p, &full))
        })?;
        Some(
            self.e
                .site_for_rule(pos, &row.path, "logged here", &row.rule),
        )
    }

    fn is_sanitizer(&self, segs: &[String]) -> bool {
        let full = self.e.model.files[self.file].uses.expand(segs);
        self.e
            .config
            .sanitizers
            .iter()
            .any(|s| trailing_match(s, &full) || trailing_match(s, segs))
    }
}

/// The type behind `State<T>`, `Data<T>`, `Json<T>` and similar wrappers.
fn deref_wrappers(ty: &Ty) -> &Ty {
    match ty {
        Ty::Other(name, args) if DEREF_WRAPPERS.contains(&name.as_str()) => {
            args.first().map_or(ty, deref_wrappers)
        }
        _ => ty,
    }
}

/// The type of `Vec::new()`, `HashMap::with_capacity(n)`, `String::new()`.
fn empty_collection(owner: Option<&str>, ctor: &str) -> Option<Ty> {
    if !matches!(ctor, "new" | "with_capacity" | "default") {
        return None;
    }
    let unknown = || Box::new(Ty::Unknown);
    match owner? {
        "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "IndexSet" | "BinaryHeap" => {
            Some(Ty::Seq(unknown()))
        }
        "HashMap" | "BTreeMap" | "IndexMap" => Some(Ty::Map(unknown(), unknown())),
        "String" => Some(Ty::Str),
        _ => None,
    }
}

/// Whether `e` is a call of a function whose last path segment is `name`.
fn is_call_named(e: &syn::Expr, name: &str) -> bool {
    match e {
        syn::Expr::Call(c) => {
            matches!(&*c.func, syn::Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
        }
        syn::Expr::Reference(r) => is_call_named(&r.expr, name),
        _ => false,
    }
}

/// The name a `let` pattern binds, when it binds exactly one.
fn bound_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(id) if id.subpat.is_none() => Some(ident_name(&id.ident)),
        syn::Pat::Type(t) => bound_name(&t.pat),
        _ => None,
    }
}

/// The identifiers a pattern binds.
fn pattern_names(pat: &syn::Pat, out: &mut Vec<String>) {
    match pat {
        syn::Pat::Ident(id) => {
            out.push(ident_name(&id.ident));
            if let Some((_, sub)) = &id.subpat {
                pattern_names(sub, out);
            }
        }
        syn::Pat::Type(t) => pattern_names(&t.pat, out),
        syn::Pat::Reference(r) => pattern_names(&r.pat, out),
        syn::Pat::Paren(p) => pattern_names(&p.pat, out),
        syn::Pat::Tuple(t) => t.elems.iter().for_each(|p| pattern_names(p, out)),
        syn::Pat::TupleStruct(t) => t.elems.iter().for_each(|p| pattern_names(p, out)),
        syn::Pat::Slice(s) => s.elems.iter().for_each(|p| pattern_names(p, out)),
        syn::Pat::Struct(s) => s.fields.iter().for_each(|f| pattern_names(&f.pat, out)),
        syn::Pat::Or(o) => {
            if let Some(first) = o.cases.first() {
                pattern_names(first, out);
            }
        }
        _ => {}
    }
}

/// Whether the `::`-separated `pattern` equals the last segments of `full`.
fn trailing_match(pattern: &str, full: &[String]) -> bool {
    let pat: Vec<&str> = pattern.trim_start_matches("crate::").split("::").collect();
    pat.len() <= full.len()
        && full[full.len() - pat.len()..]
            .iter()
            .zip(&pat)
            .all(|(a, b)| a == b)
}

fn is_builtin_method(name: &str) -> bool {
    SAME_METHODS.contains(&name)
        || STR_METHODS.contains(&name)
        || SPLIT_METHODS.contains(&name)
        || PICK_METHODS.contains(&name)
        || CLEAN_METHODS.contains(&name)
        || PUSH_METHODS.contains(&name)
        || matches!(
            name,
            "to_string"
                | "map"
                | "and_then"
                | "unwrap"
                | "expect"
                | "unwrap_or"
                | "unwrap_or_else"
                | "unwrap_or_default"
                | "ok"
                | "err"
                | "map_err"
                | "filter"
                | "find"
                | "fold"
                | "for_each"
                | "collect"
                | "enumerate"
                | "zip"
                | "keys"
                | "values"
                | "parse"
                | "context"
                | "with_context"
                | "remove"
                | "filter_map"
                | "flat_map"
        )
}

fn mode_trait(mode: Mode) -> &'static str {
    match mode {
        Mode::Debug => "Debug",
        _ => "Display",
    }
}

fn label_for(display: &str) -> &'static str {
    if display.starts_with("print") || display.starts_with("eprint") || display.starts_with("dbg") {
        "printed here"
    } else if display.contains("assert")
        || display.starts_with("panic")
        || display.starts_with("unreachable")
        || display.starts_with("todo")
        || display.starts_with("unimplemented")
    {
        "panic message printed here"
    } else {
        "logged here"
    }
}
