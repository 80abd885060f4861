//! The flow analysis of one function body: an abstract interpretation over the
//! AST in which every local holds a [`Val`].
//!
//! The result is a [`FnOut`]: the concrete sink hits (personal fields that
//! reach a sink), the summary (which parameters reach which sinks, what the
//! return value carries) and, for hand-written `Debug`/`Display` impls, the
//! personal fields written to the formatter.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use super::facts::{Facts, SiteId, Summary};
use super::ids::Pos;
use super::ids::TypeId;
use super::limits::{LOOP_PASSES, MAX_EXPR_DEPTH, MAX_LOCAL_DEPTH};
use super::macros::{self, FormatCall, Instrument};
use super::model::{FieldId, FnDef, FnId, FnRole, TyCx};
use super::names::{ident_name, path_segments};
use super::types::Ty;
use super::value::{Origin, ParamPart, PartKey, Step, StepKind, Taint, Val};
use crate::rules::response_leak;
use crate::semantics::web::DEREF_WRAPPERS;
use crate::sinks::Mode;
use crate::sinks::web;
use crate::sinks::{self, MacroKind};

mod calls;
mod macro_calls;
mod methods;
mod patterns;

use crate::semantics::methods::SAME_METHODS;

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
    /// How often an analysis bound cut this analysis short.
    pub truncated: usize,
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
    /// The type a `let` annotation expects of the value being evaluated.
    expected: Option<Ty>,
    /// Closures bound to locals (`let notify = |who| ..`), analysed again
    /// with the arguments of each call.
    closures: HashMap<String, std::rc::Rc<syn::ExprClosure>>,
    /// Nesting depth of the expression being evaluated.
    depth: usize,
    /// Names of the local closures whose bodies are being evaluated: there,
    /// the name is not the closure.
    inlining: Vec<String>,
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
            closures: HashMap::new(),
            depth: 0,
            inlining: Vec::new(),
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
                self.sink(site, &ret.part(&PartKey::Err), mode, *pos);
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
            if self.is_personal_part(&val.ty, key, mode) {
                continue;
            }
            out.union(&self.leaks(part, mode, pos));
        }
        for fid in self.e.type_leaks(&val.ty, mode).iter() {
            let kind = match mode {
                Mode::Serialize => StepKind::SerializedFields,
                _ => StepKind::Formatted(mode),
            };
            out.0
                .entry(Origin::Field(*fid))
                .or_insert_with(|| Rc::new(vec![Step { pos, kind }]));
        }
        out
    }

    /// Parts the type accounts for itself: personal fields (their type
    /// decides), and fields serde skips when serializing.
    fn is_personal_part(&self, ty: &Ty, key: &PartKey, mode: Mode) -> bool {
        match (ty, key.as_field()) {
            (Ty::Adt(id, _), Some(name)) => self.e.model.types[*id]
                .field(name)
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
                Origin::Field(fid) => self.out.hits.push((site, fid, Rc::unwrap_or_clone(trace))),
                Origin::Param(i, part) => {
                    self.out
                        .summary
                        .param_sinks
                        .entry((i, part, site, mode))
                        .or_insert_with(|| Rc::unwrap_or_clone(trace));
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
            Ty::Tuple(_) => base.part(&key),
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

    fn pos(&self, node: &impl Spanned) -> Pos {
        Pos::of_tokens(self.file, node)
    }

    /// Evaluates an expression, within the nesting budget: past
    /// [`MAX_EXPR_DEPTH`] the expression is not evaluated (and the cut is
    /// counted), so no input can overflow the stack.
    pub(crate) fn expr(&mut self, mut e: &syn::Expr) -> Val {
        // Wrappers that only pass their value on are peeled with a loop.
        while let syn::Expr::Paren(syn::ExprParen { expr: inner, .. })
        | syn::Expr::Group(syn::ExprGroup { expr: inner, .. })
        | syn::Expr::Reference(syn::ExprReference { expr: inner, .. }) = e
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

    fn expr_kind(&mut self, e: &syn::Expr) -> Val {
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
            syn::Expr::Tuple(t) => self.tuple(t),
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
            syn::Expr::ForLoop(f) => self.for_loop(f),
            syn::Expr::While(w) => {
                for _ in 0..LOOP_PASSES {
                    self.push();
                    self.expr(&w.cond);
                    self.block(&w.body);
                    self.pop();
                }
                Val::default()
            }
            syn::Expr::Loop(l) => {
                for _ in 0..LOOP_PASSES {
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
                Val::of_ty(Ty::Closure).with_part(PartKey::ClosureRet, ret)
            }
            syn::Expr::Return(r) => {
                if let Some(e) = &r.expr {
                    self.return_value(e);
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
            syn::Expr::Try(t) => self.try_expr(t),
            syn::Expr::Struct(s) => self.struct_lit(s),
            syn::Expr::Call(c) => self.call(c),
            syn::Expr::MethodCall(m) => self.method_call(m),
            syn::Expr::Macro(m) => self.mac(&m.mac),
            _ => Val::default(),
        }
    }

    fn tuple(&mut self, t: &syn::ExprTuple) -> Val {
        let mut out = Val::default();
        let mut tys = Vec::new();
        for (i, el) in t.elems.iter().enumerate() {
            let v = self.expr(el);
            tys.push(v.ty.clone());
            out.parts.insert(PartKey::index(i), v);
        }
        out.ty = Ty::Tuple(tys);
        out
    }

    /// A `for` loop: the pattern binds the elements of what is iterated.
    fn for_loop(&mut self, f: &syn::ExprForLoop) -> Val {
        let elem = self.expr(&f.expr).element();
        for _ in 0..LOOP_PASSES {
            self.push();
            self.bind(&f.pat, elem.clone());
            self.block(&f.body);
            self.pop();
        }
        Val::default()
    }

    /// `return e`: the value joins what the function returns.
    fn return_value(&mut self, e: &syn::Expr) {
        let v = self.expr(e);
        self.returns.push((v.clone(), self.pos(e)));
        self.ret.join(v);
    }

    /// `e?`: the success side; a personal `Err` is returned by the function.
    fn try_expr(&mut self, t: &syn::ExprTry) -> Val {
        let v = self.expr(&t.expr);
        let err = v.part(&PartKey::Err);
        if !err.flat().is_empty() {
            self.ret.join(Val::default().with_part(PartKey::Err, err));
        }
        v.unwrapped()
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

    /// A binary expression. Chains of operators (`a + b + c + ..`, left
    /// nested by the parser) are walked with an explicit stack: generated
    /// code has chains of hundreds of thousands of terms.
    fn binary(&mut self, b: &syn::ExprBinary) -> Val {
        if is_compound_assign(&b.op) {
            // The place is evaluated too: `*counts.entry(key).or_insert(0) += 1`
            // puts `key` into `counts`.
            self.expr(&b.left);
            let right = self.expr(&b.right);
            self.assign(&b.left, Val::tainted(Ty::Unknown, right.flat()), false);
            return Val::default();
        }
        let mut spine = vec![b];
        let mut leftmost = &*b.left;
        while let syn::Expr::Binary(inner) = leftmost
            && !is_compound_assign(&inner.op)
        {
            spine.push(inner);
            leftmost = &inner.left;
        }
        let mut acc = self.expr(leftmost);
        for node in spine.into_iter().rev() {
            let right = self.expr(&node.right);
            acc = binary_value(&node.op, acc, right);
        }
        acc
    }

    /// Writes `val` into a place. A strong update replaces a local's value.
    fn assign(&mut self, place: &syn::Expr, val: Val, strong: bool) {
        self.assign_at(place, Vec::new(), val, strong);
    }

    /// Writes `val` into `place`, or into a part of it (`chain`, innermost
    /// first, e.g. `[Elements]` for the elements of a collection).
    fn assign_at(&mut self, place: &syn::Expr, mut chain: Vec<PartKey>, val: Val, strong: bool) {
        let mut cur = place;
        loop {
            match cur {
                syn::Expr::Field(f) => {
                    chain.push(match &f.member {
                        syn::Member::Named(id) => PartKey::field(&ident_name(id)),
                        syn::Member::Unnamed(i) => PartKey::index(i.index as usize),
                    });
                    cur = &f.base;
                }
                syn::Expr::Index(i) => {
                    chain.push(PartKey::Elements);
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
        if strong && chain.first().is_some_and(|k| *k != PartKey::Elements) {
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

    /// Calls the closure bound to the local `name`, if there is one. Inside
    /// its body the name means what it meant where the closure was written
    /// (`let add = |n| add(n);` calls the function `add`), so the binding is
    /// set aside while the body is evaluated: a closure never inlines itself.
    pub(super) fn call_local_closure(&mut self, name: &str, inputs: Vec<Val>) -> Option<Val> {
        let c = self.closures.remove(name)?;
        self.inlining.push(name.to_owned());
        let out = self.closure(&c, inputs);
        self.inlining.pop();
        self.closures.insert(name.to_owned(), c);
        Some(out)
    }

    /// Applies a function argument (closure or path to a function) to inputs.
    fn apply(&mut self, f: &syn::Expr, inputs: Vec<Val>) -> Val {
        match f {
            syn::Expr::Closure(c) => self.closure(c, inputs),
            syn::Expr::Path(p) => {
                let segs = path_segments(&p.path);
                let pos = self.pos(p);
                if let [name] = segs.as_slice()
                    && self.closures.contains_key(name)
                {
                    return self.call_local_closure(name, inputs).unwrap_or_default();
                }
                if let Some(row) = self.response_call(&segs)
                    && self.input_args == 0
                {
                    // `.map(Json)`: the constructor applied to each value.
                    let v = inputs.into_iter().next().unwrap_or_default();
                    let v = self.with_declared_payload(v);
                    let site = self.response_site(pos, row, &segs);
                    self.sink(site, &v, row.mode, pos);
                    return Val::of_ty(Ty::Response);
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
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(&segs))
        {
            let mut out = Val::of_ty(Ty::Adt(id, Vec::new()));
            for (k, v) in fields {
                out.parts.insert(PartKey::variant_field(&variant, &k), v);
            }
            return out;
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

fn bound_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(id) if id.subpat.is_none() => Some(ident_name(&id.ident)),
        syn::Pat::Type(t) => bound_name(&t.pat),
        _ => None,
    }
}

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

fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp;
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// The value of `left op right`: arithmetic and bit operators carry both
/// sides; comparisons and logic carry nothing (no implicit flows).
fn binary_value(op: &syn::BinOp, left: Val, right: Val) -> Val {
    use syn::BinOp;
    match op {
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
        _ => Val::default(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    /// A function of this name makes its analysis panic (in tests only).
    pub(crate) const PANICS: &str = "datamin_test_analysis_panics";
}
