//! The flow analysis of one function body: an abstract interpretation of its
//! lowered form ([`super::ir`]) in which every local holds a [`Val`].
//!
//! The result is a [`FnOut`]: the concrete sink hits (personal fields that
//! reach a sink), the summary (which parameters reach which sinks, what the
//! return value carries) and, for hand-written `Debug`/`Display` impls, the
//! personal fields written to the formatter.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::facts::{Channel, Facts, Flow, SiteId, Summary, field_hidden, serialized_as};
use super::ids::Pos;
use super::ids::TypeId;
use super::ir::{self, BinOp, Expr, ExprKind, Pat, PatKind, Stmt, UnOp};
use super::limits::{LOOP_PASSES, MAX_AUTODEREF, MAX_EXPR_DEPTH, MAX_LOCAL_DEPTH};
use super::macros::{self, FormatCall};
use super::model::{Field, FieldId, FnDef, FnId, FnRole, TyCx};
use super::types::Ty;
use super::value::{Origin, ParamPart, PartKey, Step, StepKind, Taint, Val};
use crate::rules::RuleId;
use crate::semantics::web::DEREF_WRAPPERS;
use crate::sinks::web;
use crate::sinks::{self, MacroKind};
use crate::sinks::{Mode, SinkKind};

mod calls;
mod cookies;
mod macro_calls;
mod methods;
mod patterns;
mod queries;

use crate::semantics::methods::{ENTRY, ENTRY_VALUE_METHODS, SAME_METHODS};

/// What the analysis of one function produced.
#[derive(Debug, Default)]
pub(crate) struct FnOut {
    pub summary: Summary,
    pub hits: Vec<Hit>,
    pub fmt_fields: BTreeSet<FieldId>,
    /// A `fmt` impl writes data of `self` (not only literals).
    pub fmt_self: bool,
    /// Functions of the tree this one calls (their summaries were used).
    pub callees: Vec<FnId>,
    /// How often an analysis bound cut this analysis short.
    pub truncated: usize,
}

/// Personal data of a function reaching a sink, in the order the analysis
/// met it.
#[derive(Debug, Clone)]
pub(crate) enum Hit {
    /// A field reaches a sink of this function.
    Sink(SiteId, FieldId, Flow),
    /// A field is passed to a callee on a channel: it reaches whatever that
    /// channel reaches once the fixpoint is done. The trace ends at the call.
    Passed(FieldId, Vec<Step>, FnId, Channel),
}

pub(crate) struct FnCx<'e, 'm, 'a> {
    e: &'e Facts<'m, 'a>,
    f: &'m FnDef<'a>,
    file: usize,
    cx: TyCx<'m>,
    scopes: Vec<HashMap<String, Val>>,
    ret: Val,
    /// Values returned (tail expression and `return`), with their position.
    returns: Vec<(Val, Pos)>,
    /// Nesting depth of arguments passed to functions of the tree.
    input_args: usize,
    /// The type the value being evaluated must have: a `let` annotation,
    /// the function's declared return type for its tail and `return`s, or
    /// what the call it is an argument of takes ([`FnCx::expected_args`]).
    /// `.into()` converts into it.
    expected: Option<Ty>,
    /// The function's declared return type (unknown when it has none).
    declared: Ty,
    /// Locals whose type only the function's return says: `let user =
    /// query_as(SQL).fetch_one(pool).await;` then `Ok(user?)` in a function
    /// returning `Result<User>` ([`FnCx::return_hints`]).
    hints: HashMap<String, Ty>,
    /// Closures bound to locals (`let notify = |who| ..`), analysed again
    /// with the arguments of each call.
    closures: HashMap<String, &'m ir::Closure>,
    /// Nesting depth of the expression being evaluated.
    depth: usize,
    /// Names of the local closures whose bodies are being evaluated: there,
    /// the name is not the closure.
    inlining: Vec<String>,
    /// In a handler whose body ends in an `if` or `match`: the branch tails
    /// that are its possible return values, each reported where it is.
    tail_leaves: Vec<&'m Expr>,
    /// Cookies built here, by position, reported once the body is done.
    cookies: BTreeMap<Pos, cookies::PendingCookie>,
    out: FnOut,
}

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    pub fn analyse(e: &'e Facts<'m, 'a>, fid: FnId) -> FnOut {
        let f = &e.model.fns[fid];
        // Lets the tests reach the engine's per-function isolation.
        #[cfg(test)]
        assert!(f.name != tests::PANICS, "a test asked for a panic");
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
            declared: Ty::Unknown,
            hints: HashMap::new(),
            closures: HashMap::new(),
            depth: 0,
            inlining: Vec::new(),
            tail_leaves: Vec::new(),
            cookies: BTreeMap::new(),
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
                ir::Param::Receiver(at) => {
                    let val = Val::tainted(self.cx.self_ty.clone(), taint);
                    params.push(("self".to_owned(), val.clone(), Some(*at)));
                    self.bind_name("self", val);
                }
                ir::Param::Typed { pat, ty } => {
                    let ty = self.e.model.resolve_ty(ty, &self.cx);
                    let val = Val::tainted(ty, taint);
                    self.bind(pat, val.clone());
                    // `#[instrument]` records each binding of a destructured parameter.
                    let mut names = Vec::new();
                    pattern_names(pat, &mut names);
                    for (name, at) in names {
                        let bound = self.lookup(&name).cloned().unwrap_or_else(|| val.clone());
                        params.push((name, bound, Some(at)));
                    }
                }
            }
        }
        let instrument = self.f.attrs.instrument.as_ref();
        if let Some((pos, spec)) = instrument {
            let site = self.e.site(*pos, "#[instrument]", SinkKind::InstrumentArgs);
            if !spec.skip_all {
                for (name, val, at) in &params {
                    if !spec.skip.iter().any(|s| s == name) {
                        self.sink_at(site, val, Mode::Debug, *pos, at.unwrap_or(*pos));
                    }
                }
            }
            for field in &spec.fields {
                let val = self.expr(&field.value);
                self.sink(site, &val, field.mode, field.value.pos);
            }
        }
        let tail = match self.f.block.stmts.last() {
            Some(Stmt::Expr(tail, false)) => Some(tail),
            _ => None,
        };
        if self.f.handler
            && let Some(tail) = tail
        {
            branch_tails(tail, &mut self.tail_leaves);
            if self.tail_leaves.len() == 1 && std::ptr::eq(self.tail_leaves[0], tail) {
                self.tail_leaves.clear();
            }
        }
        if let Some(ty) = &self.f.sig.output {
            self.declared = self.e.model.resolve_ty(ty, &self.cx);
            self.hints = self.return_hints();
        }
        let body = self.block(self.f.block);
        if let Some(tail) = tail
            && self.tail_leaves.is_empty()
        {
            self.returns.push((body.clone(), tail.pos));
        }
        self.tail_leaves.clear();
        self.ret.join(body);
        // The declared type knows what the body's values did not (`Ok(row)`
        // from an untyped query is a `Result<Option<Account>, _>`).
        let declared = match &self.f.sig.output {
            Some(ty) => self.e.model.resolve_ty(ty, &self.cx),
            None => Ty::Tuple(Vec::new()),
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
        if let Some((pos, spec)) = instrument {
            let site = self
                .e
                .site(*pos, "#[instrument]", SinkKind::InstrumentReturn);
            let ret = self.ret.clone();
            if let Some(mode) = spec.ret {
                self.sink(site, &ret.unwrapped(), mode, *pos);
            }
            if let Some(mode) = spec.err {
                self.sink(site, &ret.part(&PartKey::Err), mode, *pos);
            }
        }
        self.report_cookies();
        self.out.summary.ret = std::mem::take(&mut self.ret);
    }

    /// The types the declared return type gives the locals the function
    /// returns as they are: `x`, `Ok(x)` and `Ok(x?)` in its tail or a
    /// `return` (not inside a closure). A local is only retyped when its
    /// own value's type is unknown.
    fn return_hints(&self) -> HashMap<String, Ty> {
        let mut returned: Vec<&Expr> = Vec::new();
        if let Some(Stmt::Expr(tail, false)) = self.f.block.stmts.last() {
            returned.push(tail);
        }
        ir::walk_block_pruned(self.f.block, false, &mut |node| match node {
            ir::Node::Expr(e) => match &e.kind {
                ExprKind::Closure(_) => false,
                ExprKind::Return(Some(x)) => {
                    returned.push(x);
                    true
                }
                _ => true,
            },
            ir::Node::Macro(_) => true,
        });
        let local = |e: &Expr| match &e.kind {
            ExprKind::Path(p) => p.ident().map(str::to_owned),
            _ => None,
        };
        let mut hints = HashMap::new();
        for e in returned {
            let (name, ty) = match (&e.kind, &self.declared) {
                (ExprKind::Call { func, args }, Ty::Result(ok, _))
                    if matches!(&func.kind, ExprKind::Path(p) if p.last() == "Ok")
                        && args.len() == 1 =>
                {
                    match &args[0].kind {
                        ExprKind::Try(inner) => {
                            (local(inner), Ty::Result(ok.clone(), Box::new(Ty::Unknown)))
                        }
                        _ => (local(&args[0]), (**ok).clone()),
                    }
                }
                _ => (local(e), self.declared.clone()),
            };
            if let Some(name) = name
                && !ty.is_unknown()
            {
                hints.entry(name).or_insert(ty);
            }
        }
        hints
    }

    /// The part of a value a parameter part stands for.
    fn param_key(&self, part: ParamPart) -> PartKey {
        match part {
            ParamPart::Elements => PartKey::Elements,
            ParamPart::Keys => PartKey::Keys,
            ParamPart::Field(id) => {
                let name = self.e.model.part_name(id);
                match name.split_once('.') {
                    Some((variant, field)) => PartKey::variant_field(variant, field),
                    None => PartKey::field(name),
                }
            }
        }
    }

    // ----- environment -------------------------------------------------------

    fn bind_name(&mut self, name: &str, mut val: Val) {
        // Locals hold bounded values: deeper parts fold into their parent.
        val.truncate(MAX_LOCAL_DEPTH);
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
            if self.is_personal_part(val, key, mode) {
                continue;
            }
            match self.part_field(val, key) {
                // A serde helper on the field may write what a wrapper hides.
                Some(field) if mode == Mode::Serialize && field.serialize_with.is_some() => {
                    let written = Val {
                        ty: serialized_as(part.ty.clone(), mode, field),
                        ..part.clone()
                    };
                    out.union(&self.leaks(&written, mode, pos));
                }
                _ => out.union(&self.leaks(part, mode, pos)),
            }
        }
        for fid in self.e.variant_leaks(&val.ty, val.variant, mode).iter() {
            let kind = match mode {
                Mode::Serialize if self.e.template_of(*fid).is_some() => StepKind::Rendered,
                Mode::Serialize => StepKind::SerializedFields,
                _ => StepKind::Formatted(mode),
            };
            out.0
                .entry(Origin::Field(*fid))
                .or_insert_with(|| Arc::new(vec![Step { pos, kind }]));
        }
        out
    }

    /// Parts the type accounts for itself: personal fields (their type
    /// decides), and fields the rendering leaves out (serde skips them, a
    /// redacting `Debug` derive hides them, also in an enum variant).
    fn is_personal_part(&self, val: &Val, key: &PartKey, mode: Mode) -> bool {
        let Ty::Adt(id, _) = &val.ty else {
            return false;
        };
        let def = &self.e.model.types[*id];
        if let Some(f) = self.part_field(val, key) {
            return if f.variant.is_none() {
                f.personal.is_some() || field_hidden(def, f, mode)
            } else {
                field_hidden(def, f, mode)
            };
        }
        false
    }

    /// The field of a struct of the tree, or of a variant of an enum of
    /// the tree, that a part of a value is.
    fn part_field(&self, val: &Val, key: &PartKey) -> Option<&Field<'_>> {
        let Ty::Adt(id, _) = &val.ty else {
            return None;
        };
        let def = &self.e.model.types[*id];
        match key {
            PartKey::Field(name) => def.field(name),
            PartKey::VariantField(variant, name) => def.fields.iter().find(|f| {
                f.name == name.as_ref() && f.variant.as_deref() == Some(variant.as_ref())
            }),
            _ => None,
        }
    }

    /// The sink at `site` consumes `val`, the expression at `pos`.
    fn sink(&mut self, site: SiteId, val: &Val, mode: Mode, pos: Pos) {
        self.sink_at(site, val, mode, pos, pos);
    }

    /// [`Self::sink`] where what the sink consumed is written at `at`
    /// (the parameter `#[instrument]` records).
    fn sink_at(&mut self, site: SiteId, val: &Val, mode: Mode, pos: Pos, at: Pos) {
        let leaked = self.leaks(val, mode, pos);
        self.record(site, mode, leaked, Some(at));
    }

    /// [`Self::sink`] of a value a format string captured by `name`.
    fn sink_capture(&mut self, site: SiteId, val: &Val, mode: Mode, name: &str) {
        let leaked = self.leaks(val, mode, site.pos);
        self.record_flows(site, mode, leaked, Some(site.pos), Some(Arc::from(name)));
    }

    fn record(&mut self, site: SiteId, mode: Mode, leaked: Taint, at: Option<Pos>) {
        self.record_flows(site, mode, leaked, at, None);
    }

    fn record_flows(
        &mut self,
        site: SiteId,
        mode: Mode,
        leaked: Taint,
        at: Option<Pos>,
        capture: Option<Arc<str>>,
    ) {
        for (origin, trace) in leaked.0 {
            let flow = Flow {
                trace: Arc::unwrap_or_clone(trace),
                at,
                capture: capture.clone(),
            };
            match origin {
                Origin::Field(fid) => self.out.hits.push(Hit::Sink(site, fid, flow)),
                Origin::Param(param, part) => {
                    let channel = Channel { param, part, mode };
                    let reach = self.out.summary.reach.entry(channel).or_default();
                    reach.sinks.entry(site).or_insert(flow);
                }
            }
        }
    }

    // ----- statements and blocks --------------------------------------------

    fn block(&mut self, block: &'m ir::Block) -> Val {
        self.push();
        let mut last = Val::default();
        // The block's value is its tail's: what is expected of the block
        // (the function's return type for its body) is expected of the tail.
        let expected = if std::ptr::eq(block, self.f.block) {
            Some(self.declared.clone()).filter(|t| !t.is_unknown())
        } else {
            self.expected.take()
        };
        for (i, stmt) in block.stmts.iter().enumerate() {
            if i + 1 == block.stmts.len() && matches!(stmt, Stmt::Expr(_, false)) {
                self.expected.clone_from(&expected);
            }
            let v = self.stmt(stmt);
            self.expected = None;
            if i + 1 == block.stmts.len() {
                last = v;
            }
        }
        self.pop();
        last
    }

    fn stmt(&mut self, stmt: &'m Stmt) -> Val {
        match stmt {
            Stmt::Local { pat, init, diverge } => {
                if let Some(name) = bound_name(pat) {
                    match init.as_ref().map(|i| &i.kind) {
                        Some(ExprKind::Closure(c)) => {
                            self.closures.insert(name, c);
                        }
                        _ => {
                            self.closures.remove(&name);
                        }
                    }
                }
                self.expected = match &pat.kind {
                    PatKind::Type { ty, .. } => Some(self.e.model.resolve_ty(ty, &self.cx)),
                    _ => None,
                };
                let val = match init {
                    Some(init) => {
                        let v = self.expr(init);
                        self.expected = None;
                        if let Some(diverge) = diverge {
                            let saved = self.scopes.clone();
                            self.expr(diverge);
                            self.scopes = saved;
                        }
                        v
                    }
                    None => Val::default(),
                };
                let mut val = val;
                if val.ty.is_unknown()
                    && let Some(name) = bound_name(pat)
                    && let Some(ty) = self.hints.get(&name)
                {
                    val.retype(ty.clone());
                }
                self.bind(pat, val);
                Val::default()
            }
            Stmt::Expr(e, semi) => {
                let v = self.expr(e);
                if *semi { Val::default() } else { v }
            }
            Stmt::Macro(m) => self.mac(m),
            Stmt::Item(_) => Val::default(),
        }
    }

    // ----- field reads -------------------------------------------------------

    fn read_field(&self, base: &Val, name: &str, pos: Pos) -> Val {
        let key = PartKey::field(name);
        match &base.ty {
            Ty::Adt(id, args) if !self.e.model.types[*id].is_enum => {
                let def = &self.e.model.types[*id];
                let Some(field) = def.field(name) else {
                    return base
                        .parts
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| Val::tainted(Ty::Unknown, base.taint.clone()));
                };
                let ty = self.e.model.field_ty(*id, args, field);
                let mut out = base.parts.get(&key).cloned().unwrap_or_default();
                if out.ty.has_unknown() || field.personal.is_some() {
                    // The field's declared type completes what the literal
                    // that filled it left open (`Vec::new()` then pushes).
                    out.retype(ty);
                }
                if let Some(fid) = field.personal {
                    // The field names the data better than where it was copied from.
                    out.taint = self.read_step(fid, pos);
                    out.parts.clear();
                } else if base.taint.0.keys().any(|o| matches!(o, Origin::Field(_))) {
                    // A part of a personal value (`position.lat` of a personal
                    // `position`) is personal too.
                    for (origin, trace) in &base.taint.0 {
                        if matches!(origin, Origin::Field(_)) {
                            out.taint.0.entry(*origin).or_insert_with(|| trace.clone());
                        }
                    }
                } else if let Some(k) = self.e.model.part_id(name) {
                    // A clean field of a parameter carries whatever callers put there.
                    for origin in base.taint.0.keys() {
                        // (An element's field: what callers put into that
                        // field of the elements.)
                        if let Origin::Param(
                            i,
                            None | Some(ParamPart::Elements | ParamPart::Keys),
                        ) = origin
                        {
                            let part = Some(ParamPart::Field(k));
                            out.taint.0.entry(Origin::Param(*i, part)).or_default();
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
                        .get(&PartKey::index(0))
                        .map(|p| p.parts.clone())
                        .unwrap_or_default(),
                    clean_err: false,
                    variant: None,
                };
                self.read_field(&inner, name, pos)
            }
            Ty::Other(_, args) if name == "0" => {
                let mut out = base.part(&PartKey::index(0));
                if out.ty.is_unknown() {
                    out.ty = args.first().cloned().unwrap_or_default();
                }
                out
            }
            Ty::Tuple(_) => match name.parse() {
                Ok(index) => self.position(base, index),
                Err(_) => base.part(&key),
            },
            Ty::Unknown => {
                if let Some(p) = base.parts.get(&key) {
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

    /// Evaluates an expression, within the nesting budget: past
    /// [`MAX_EXPR_DEPTH`] the expression is not evaluated (and the cut is
    /// counted), so no input can overflow the stack.
    pub(crate) fn expr(&mut self, e: &'m Expr) -> Val {
        let v = self.expr_peeled(e);
        if !self.tail_leaves.is_empty()
            && self.tail_leaves.iter().any(|leaf| std::ptr::eq(*leaf, e))
        {
            self.returns.push((v.clone(), e.pos));
        }
        v
    }

    fn expr_peeled(&mut self, mut e: &'m Expr) -> Val {
        // Wrappers that only pass their value on are peeled with a loop.
        while let ExprKind::Paren(inner) | ExprKind::Group(inner) | ExprKind::Reference(inner) =
            &e.kind
        {
            e = inner;
        }
        if self.depth >= MAX_EXPR_DEPTH {
            self.out.truncated += 1;
            return Val::default();
        }
        self.depth += 1;
        let v = self.expr_kind(e);
        self.depth -= 1;
        v
    }

    fn expr_kind(&mut self, e: &'m Expr) -> Val {
        match &e.kind {
            ExprKind::Path(p) => self.path_expr(p, e.pos),
            ExprKind::Str(_) => Val::of_ty(Ty::Str),
            // (A truncated expression was counted where the lowering cut it.)
            ExprKind::Lit | ExprKind::Other | ExprKind::Truncated => Val::default(),
            ExprKind::Field { base, member } => {
                let base = self.expr(base);
                self.read_field(&base, member, e.pos)
            }
            ExprKind::Reference(x) | ExprKind::Paren(x) | ExprKind::Group(x) => self.expr(x),
            ExprKind::Await(x) => self.expr(x),
            ExprKind::Unary(op, x) => {
                let v = self.expr(x);
                match op {
                    UnOp::Not => Val::default(),
                    UnOp::Deref => self.deref_value(&v, e.pos).unwrap_or(v),
                    UnOp::Neg => v,
                }
            }
            ExprKind::Cast(x, ty) => {
                let v = self.expr(x);
                Val::tainted(self.e.model.resolve_ty(ty, &self.cx), v.flat())
            }
            ExprKind::Binary { first, rest } => self.binary(first, rest),
            ExprKind::CompoundAssign { place, value } => {
                // The place is evaluated too: `*counts.entry(key).or_insert(0) += 1`
                // puts `key` into `counts`.
                self.expr(place);
                let right = self.expr(value);
                self.assign(place, Val::tainted(Ty::Unknown, right.flat()), false);
                Val::default()
            }
            ExprKind::Assign { left, right } => {
                let v = self.expr(right);
                self.assign(left, v, true);
                Val::default()
            }
            ExprKind::Tuple(elems) => self.tuple(elems),
            ExprKind::Array(elems) => {
                let mut elem = Val::default();
                for el in elems {
                    let v = self.expr(el);
                    elem.join(v);
                }
                Val::seq_of(elem)
            }
            ExprKind::Repeat { elem, len } => {
                let elem = self.expr(elem);
                self.expr(len);
                Val::seq_of(elem)
            }
            ExprKind::Index { base, index } => {
                let base = self.expr(base);
                self.expr(index);
                base.element()
            }
            ExprKind::Range { start, end } => {
                if let Some(s) = start {
                    self.expr(s);
                }
                if let Some(s) = end {
                    self.expr(s);
                }
                Val::default()
            }
            ExprKind::Block(b) => self.block(b),
            ExprKind::If { cond, then, els } => self.if_expr(cond, then, els.as_deref()),
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms),
            ExprKind::ForLoop { pat, iter, body } => self.for_loop(pat, iter, body),
            ExprKind::While { cond, body } => {
                for _ in 0..LOOP_PASSES {
                    self.push();
                    self.expr(cond);
                    self.block(body);
                    self.pop();
                }
                Val::default()
            }
            ExprKind::Loop(body) => {
                for _ in 0..LOOP_PASSES {
                    self.block(body);
                }
                Val::default()
            }
            ExprKind::Let { pat, expr } => {
                let v = self.expr(expr);
                self.bind(pat, v);
                Val::default()
            }
            ExprKind::Closure(c) => {
                let ret = self.closure(c, Vec::new());
                Val::of_ty(Ty::Closure).with_part(PartKey::ClosureRet, ret)
            }
            ExprKind::Return(value) => {
                if let Some(e) = value {
                    self.return_value(e);
                }
                Val::default()
            }
            ExprKind::Break(value) | ExprKind::Yield(value) => {
                if let Some(v) = value {
                    self.expr(v);
                }
                Val::default()
            }
            ExprKind::Try(x) => self.try_expr(x),
            ExprKind::Struct { path, fields, rest } => {
                self.struct_lit(path, fields, rest.as_deref())
            }
            ExprKind::Call { func, args } => self.call(func, args),
            ExprKind::MethodCall(m) => self.method_call(m),
            ExprKind::Macro(m) => self.mac(m),
        }
    }

    fn tuple(&mut self, elems: &'m [Expr]) -> Val {
        let mut out = Val::default();
        let mut tys = Vec::new();
        for (i, el) in elems.iter().enumerate() {
            let v = self.expr(el);
            tys.push(v.ty.clone());
            out.parts.insert(PartKey::index(i), v);
        }
        out.ty = Ty::Tuple(tys);
        out
    }

    /// A `for` loop: the pattern binds the elements of what is iterated.
    fn for_loop(&mut self, pat: &'m Pat, iter: &'m Expr, body: &'m ir::Block) -> Val {
        let elem = self.expr(iter).element();
        for _ in 0..LOOP_PASSES {
            self.push();
            self.bind(pat, elem.clone());
            self.block(body);
            self.pop();
        }
        Val::default()
    }

    /// `return e`: the value joins what the function returns.
    fn return_value(&mut self, e: &'m Expr) {
        self.expected = Some(self.declared.clone()).filter(|t| !t.is_unknown());
        let v = self.expr(e);
        self.expected = None;
        self.returns.push((v.clone(), e.pos));
        self.ret.join(v);
    }

    /// `e?`: the success side; a personal `Err` is returned by the function.
    fn try_expr(&mut self, e: &'m Expr) -> Val {
        let v = self.expr(e);
        let err = v.part(&PartKey::Err);
        if !err.flat().is_empty() {
            let returned = Val::default().with_part(PartKey::Err, err);
            // A handler's `?` returns the error as its response, as
            // `return Err(e)` would.
            self.returns.push((returned.clone(), e.pos));
            self.ret.join(returned);
        }
        v.unwrapped()
    }

    fn path_expr(&mut self, p: &ir::Path, pos: Pos) -> Val {
        if let Some(name) = p.ident()
            && let Some(v) = self.lookup(super::model::unraw(name))
        {
            return v.clone();
        }
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&p.segs))
        {
            let index = self.e.model.variant_index(id, &variant);
            return Val::of_variant(Ty::Adt(id, Vec::new()), index);
        }
        if let Some(v) = self.schema_value(&p.segs, pos) {
            return v;
        }
        if p.segs.len() > 1
            || p.ident()
                .is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase))
        {
            // A function of the tree passed as a value (`db::run(&pool,
            // insert)`): a closure that returns what the function does.
            if let Some(fids) = self.callees(&p.segs, None) {
                let ret = self.call_summary(&fids, &[], pos);
                return Val::of_ty(Ty::Closure).with_part(PartKey::ClosureRet, ret);
            }
        }
        Val::default()
    }

    /// A chain of binary operators (`a + b + c + ..`, one node in the lowered
    /// form however long: generated code has chains of hundreds of
    /// thousands of terms), evaluated from the left.
    fn binary(&mut self, first: &'m Expr, rest: &'m [(BinOp, Expr)]) -> Val {
        let mut acc = self.expr(first);
        for (op, right) in rest {
            let right = self.expr(right);
            acc = binary_value(*op, acc, right);
        }
        acc
    }

    /// Writes `val` into a place. A strong update replaces a local's value.
    fn assign(&mut self, place: &'m Expr, val: Val, strong: bool) {
        self.assign_at(place, Vec::new(), val, strong);
    }

    /// Writes `val` into `place`, or into a part of it (`chain`, innermost
    /// first, e.g. `[Elements]` for the elements of a collection).
    fn assign_at(&mut self, place: &'m Expr, mut chain: Vec<PartKey>, val: Val, strong: bool) {
        let mut cur = place;
        loop {
            match &cur.kind {
                ExprKind::Field { base, member } => {
                    chain.push(match member.parse::<usize>() {
                        Ok(i) => PartKey::index(i),
                        Err(_) => PartKey::field(member),
                    });
                    cur = base;
                }
                ExprKind::Index { base, .. } => {
                    chain.push(PartKey::Elements);
                    cur = base;
                }
                ExprKind::Unary(UnOp::Deref, x) | ExprKind::Paren(x) => cur = x,
                ExprKind::MethodCall(m) if SAME_METHODS.contains(&m.method.as_str()) => {
                    cur = &m.receiver;
                }
                // `map.entry(k).or_default()`: the map's value at `k`.
                ExprKind::MethodCall(m)
                    if ENTRY_VALUE_METHODS.contains(&m.method.as_str())
                        && matches!(&m.receiver.kind, ExprKind::MethodCall(e) if e.method == ENTRY) =>
                {
                    let ExprKind::MethodCall(entry) = &m.receiver.kind else {
                        break;
                    };
                    chain.push(PartKey::Elements);
                    cur = &entry.receiver;
                }
                _ => break,
            }
        }
        let ExprKind::Path(p) = &cur.kind else { return };
        let Some(name) = p.ident() else { return };
        let Some(slot) = self.lookup_mut(super::model::unraw(name)) else {
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
        if strong && chain.first().is_some_and(|k| *k != PartKey::Elements) {
            *target = val;
        } else {
            target.join(val);
        }
    }

    fn if_expr(&mut self, cond: &'m Expr, then: &'m ir::Block, els: Option<&'m Expr>) -> Val {
        // What the `if` must give, each branch must; the condition is a bool.
        let expected = self.expected.take();
        let saved = self.scopes.clone();
        self.push();
        self.expr(cond);
        self.expected.clone_from(&expected);
        let mut v = self.block(then);
        self.pop();
        let then_env = std::mem::replace(&mut self.scopes, saved);
        if let Some(els) = els {
            self.expected = expected;
            v.join(self.expr(els));
            self.expected = None;
        }
        let else_env = std::mem::take(&mut self.scopes);
        self.join_envs(vec![then_env, else_env]);
        v
    }

    fn match_expr(&mut self, scrutinee: &'m Expr, arms: &'m [ir::Arm]) -> Val {
        // What the `match` must give, each arm must.
        let expected = self.expected.take();
        let scrutinee = self.expr(scrutinee);
        let saved = self.scopes.clone();
        let mut envs = Vec::new();
        let mut out = Val::default();
        for arm in arms {
            self.scopes = saved.clone();
            self.push();
            self.bind(&arm.pat, scrutinee.clone());
            if let Some(guard) = &arm.guard {
                self.expr(guard);
            }
            self.expected.clone_from(&expected);
            let v = self.expr(&arm.body);
            self.expected = None;
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
    fn closure(&mut self, c: &'m ir::Closure, inputs: Vec<Val>) -> Val {
        self.push();
        for (i, pat) in c.inputs.iter().enumerate() {
            let v = inputs.get(i).cloned().unwrap_or_default();
            self.bind(pat, v);
        }
        let out = self.expr(&c.body);
        self.pop();
        out
    }

    /// Calls the closure bound to the local `name`, if there is one. Inside
    /// its body the name means what it meant where the closure was written
    /// (`let add = |n| add(n);` calls the function `add`), so the binding is
    /// set aside while the body is evaluated: a closure never inlines itself.
    pub(super) fn call_local_closure(&mut self, name: &str, inputs: Vec<Val>) -> Option<Val> {
        let c = self.closures.remove(name)?;
        self.inlining.push(name.to_owned());
        let out = self.closure(c, inputs);
        self.inlining.pop();
        self.closures.insert(name.to_owned(), c);
        Some(out)
    }

    /// Applies a function argument (closure or path to a function) to inputs.
    fn apply(&mut self, f: &'m Expr, inputs: Vec<Val>) -> Val {
        match &f.kind {
            ExprKind::Closure(c) => self.closure(c, inputs),
            ExprKind::Path(p) => {
                let segs = &p.segs;
                let pos = f.pos;
                if let [name] = segs.as_slice()
                    && self.closures.contains_key(name)
                {
                    return self.call_local_closure(name, inputs).unwrap_or_default();
                }
                if let Some(row) = self.response_call(segs)
                    && self.input_args == 0
                {
                    // `.map(Json)`: the constructor applied to each value.
                    let v = inputs.into_iter().next().unwrap_or_default();
                    let v = self.with_declared_payload(v);
                    let site = self.response_site(pos, row, segs);
                    self.sink(site, &v, row.mode, pos);
                    return Val::of_ty(Ty::Response);
                }
                if let Some(fid) = self.resolve_callee(segs, inputs.first()) {
                    let args: Vec<(Val, Pos)> = inputs.into_iter().map(|v| (v, pos)).collect();
                    return self.call_summary(&[fid], &args, pos);
                }
                if self.is_sanitizer(segs) {
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
            _ => {
                self.expr(f);
                Val::default()
            }
        }
    }

    fn struct_lit(
        &mut self,
        path: &ir::Path,
        fields: &'m [(String, Expr)],
        rest: Option<&'m Expr>,
    ) -> Val {
        let segs = &path.segs;
        let mut values = BTreeMap::new();
        for (key, e) in fields {
            let v = self.expr(e);
            values.insert(key.clone(), v);
        }
        let base = rest.map(|r| self.expr(r));
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(segs))
        {
            let index = self.e.model.variant_index(id, &variant);
            let mut out = Val::of_variant(Ty::Adt(id, Vec::new()), index);
            for (k, v) in values {
                out.parts.insert(PartKey::variant_field(&variant, &k), v);
            }
            return out;
        }
        let ty = match self.resolve_self_or_type(segs) {
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
        for (k, v) in values {
            out.parts.insert(PartKey::field(&k), v);
        }
        out
    }
}

fn deref_wrappers(ty: &Ty) -> &Ty {
    match ty {
        Ty::Other(name, args) if DEREF_WRAPPERS.contains(&name.as_str()) => {
            args.first().map_or(ty, deref_wrappers)
        }
        _ => ty,
    }
}

fn bound_name(pat: &Pat) -> Option<String> {
    match &pat.kind {
        PatKind::Ident {
            name, sub: None, ..
        } => Some(name.clone()),
        PatKind::Type { pat, .. } => bound_name(pat),
        _ => None,
    }
}

/// The names a pattern binds, with their positions.
fn pattern_names(pat: &Pat, out: &mut Vec<(String, Pos)>) {
    match &pat.kind {
        PatKind::Ident {
            name,
            sub,
            ident_pos,
        } => {
            out.push((name.clone(), *ident_pos));
            if let Some(sub) = sub {
                pattern_names(sub, out);
            }
        }
        PatKind::Type { pat, .. } | PatKind::Reference(pat) | PatKind::Paren(pat) => {
            pattern_names(pat, out);
        }
        PatKind::Tuple(elems) | PatKind::Slice(elems) | PatKind::TupleStruct { elems, .. } => {
            elems.iter().for_each(|p| pattern_names(p, out));
        }
        PatKind::Struct { fields, .. } => fields.iter().for_each(|(_, _, p)| pattern_names(p, out)),
        PatKind::Or(cases) => {
            if let Some(first) = cases.first() {
                pattern_names(first, out);
            }
        }
        PatKind::Rest | PatKind::Other => {}
    }
}

/// The value of `left op right`: arithmetic and bit operators carry both
/// sides; comparisons and logic carry nothing (no implicit flows).
fn binary_value(op: BinOp, left: Val, right: Val) -> Val {
    match op {
        BinOp::Arith => {
            let mut out = Val::tainted(left.ty.clone(), left.flat());
            out.taint.union(&right.flat());
            out
        }
        BinOp::Logic => Val::default(),
    }
}

/// The expressions whose value an expression ending a body returns: the
/// branch tails of an `if` or `match` (through `else if`, blocks and nested
/// ones), else the expression itself. A branch ending in `;` or `return`
/// adds none.
fn branch_tails<'x>(e: &'x Expr, out: &mut Vec<&'x Expr>) {
    let block_tail = |b: &'x ir::Block, out: &mut Vec<&'x Expr>| {
        if let Some(Stmt::Expr(tail, false)) = b.stmts.last() {
            branch_tails(tail, out);
        }
    };
    match &e.kind {
        ExprKind::If { then, els, .. } => {
            block_tail(then, out);
            if let Some(els) = els {
                branch_tails(els, out);
            }
        }
        ExprKind::Match { arms, .. } => {
            for arm in arms {
                branch_tails(&arm.body, out);
            }
        }
        ExprKind::Block(b) => block_tail(b, out),
        ExprKind::Paren(inner) | ExprKind::Group(inner) => branch_tails(inner, out),
        _ => out.push(e),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    /// A function of this name makes its analysis panic (in tests only).
    pub(crate) const PANICS: &str = "datamin_test_analysis_panics";
}
