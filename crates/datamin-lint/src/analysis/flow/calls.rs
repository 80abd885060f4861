//! Calls of functions: constructors, functions of the tree (through their
//! summaries), response constructors and what handlers return.

use super::*;
use crate::analysis::limits::{MAX_GRAPHQL_DEPTH, MAX_TYPE_DEPTH};
use crate::analysis::model::Model;
use crate::semantics::{self, CallEffect, CallShape, Serialized};

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

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    // ----- calls -------------------------------------------------------------

    pub(super) fn call(&mut self, func: &'m Expr, call_args: &'m [Expr]) -> Val {
        let ExprKind::Path(p) = &func.kind else {
            for a in call_args {
                self.expr(a);
            }
            self.expr(func);
            return Val::default();
        };
        let segs = &p.segs;
        // Arguments of a function of the tree are its inputs: a test calling a
        // handler with `Json(body)` does not build a response.
        let input = self.callees(segs, None).is_some();
        self.input_args += usize::from(input);
        // What each argument must be, as far as the callee or the expected
        // result says (`Response::Ok(Json(user.into()))` converts into the
        // variant's payload type).
        let outer = self.expected.take();
        let wanted = self.expected_args(segs, outer.as_ref());
        let args: Vec<(Val, Pos)> = call_args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                self.expected = wanted.get(i).cloned();
                let v = self.expr(a);
                (v, a.pos)
            })
            .collect();
        self.expected = None;
        self.input_args -= usize::from(input);
        if (!input || !p.args.is_empty())
            && let Some(v) = self.query_fn(p, call_args)
        {
            return v;
        }
        if web::creates_builder(segs) {
            return Val::of_ty(Ty::ResponseBuilder);
        }
        let pos = func.pos;
        let first = args.first().map(|(v, _)| v.clone()).unwrap_or_default();
        let last = segs.last().map(String::as_str).unwrap_or_default();
        if let [name] = segs.as_slice()
            && let Some(v) = self.local_call(name, &args)
        {
            return v;
        }
        if let Some(v) = std_constructor(segs, &first) {
            return v;
        }
        if let Some(v) = self.selection(segs) {
            return v;
        }
        let owner = segs
            .len()
            .checked_sub(2)
            .and_then(|i| segs.get(i))
            .map(String::as_str);
        if let Some(site) = self.configured_sink(segs, pos) {
            for (v, apos) in &args {
                self.sink(site, v, Mode::Display, *apos);
            }
            return Val::default();
        }
        if self.is_sanitizer(segs) {
            return Val::default();
        }
        if !input && let Some(source) = self.configured_source(segs) {
            // A configured source outside the tree.
            return Val::from_outside(Ty::Unknown, source_taint(source, pos));
        }
        if let Some(v) = self.wrapper_constructor(segs, &args) {
            return v;
        }
        let roots = self.import_roots(segs, input);
        let shape = CallShape {
            owner,
            name: last,
            args: args.len(),
            imported_from: roots.first().copied(),
        };
        let row = semantics::find_call(shape).or_else(|| {
            // Through a later glob: `use std::*; use serde_json::*;`.
            roots.iter().skip(1).find_map(|&root| {
                semantics::find_call(CallShape {
                    imported_from: Some(root),
                    ..shape
                })
            })
        });
        if let Some(row) = row {
            return self.apply_call(row.effect, &args, pos);
        }
        if let Some(row) = self.response_call(segs) {
            return self.response_constructor(row, segs, &args, pos);
        }
        if let Some(v) = self.tree_call(segs, &args, pos) {
            return v;
        }
        if let Some(row) = semantics::find_wrapper(shape) {
            return self.apply_call(row.effect, &args, pos);
        }
        match (owner, last) {
            // A constructor from outside the tree wraps what it is given
            // (`Body::from(bytes)`, `Full::new(text)`, `i64::from_str(raw)`);
            // a fallible one fails with an error that does not hold it,
            // unless a row or the configuration says so.
            (Some(o), "from" | "new" | "from_str" | "try_from" | "from_string")
                if (o.chars().next().is_some_and(char::is_uppercase)
                    || semantics::std::PRIMITIVES.contains(&o))
                    && args.len() == 1 =>
            {
                let ty = Ty::Other(o.to_owned(), Vec::new());
                if self.err_keeps_input(segs) {
                    Val::tainted(ty, first.flat())
                } else {
                    Val::from_outside(ty, first.flat())
                }
            }
            // A variant or tuple struct from outside the tree holds what it
            // is given (`Value::Array(rows)`, `Value::String(email)`).
            (Some(o), name)
                if o.chars().next().is_some_and(char::is_uppercase)
                    && name.chars().next().is_some_and(char::is_uppercase)
                    && !args.is_empty() =>
            {
                let mut taint = Taint::default();
                for (v, _) in &args {
                    taint.union(&v.flat());
                }
                Val::tainted(Ty::Other(o.to_owned(), Vec::new()), taint)
            }
            _ => Val::default(),
        }
    }

    /// The types a call's arguments must have, by position: a variant of
    /// the tree takes its fields' types; `Some`, `Ok`, `Err` and a one-type
    /// wrapper (`Json(x)` where a `Json<T>` is expected) take the expected
    /// result's inner type. Unknown otherwise.
    fn expected_args(&self, segs: &[String], outer: Option<&Ty>) -> Vec<Ty> {
        let model = self.e.model;
        if let Some((id, variant)) =
            model.resolve_variant(self.file, self.cx.module, &self.unself(segs))
        {
            return model.types[id]
                .fields
                .iter()
                .filter(|f| f.variant.as_deref() == Some(variant.as_str()))
                .map(|f| model.field_ty(id, &[], f))
                .collect();
        }
        let (Some(outer), Some(last)) = (outer, segs.last()) else {
            return Vec::new();
        };
        let inner = match (last.as_str(), outer) {
            ("Some", Ty::Option(t)) | ("Ok", Ty::Result(t, _)) => (**t).clone(),
            ("Err", Ty::Result(_, e)) => (**e).clone(),
            (name, Ty::Other(wrapper, args)) if name == wrapper && args.len() == 1 => {
                args[0].clone()
            }
            _ => return Vec::new(),
        };
        vec![inner]
    }

    /// A call of a local: a closure bound to it (analysed with these
    /// arguments), or another local value (a closure whose body was evaluated
    /// where it was written). `None` when `name` is no local.
    fn local_call(&mut self, name: &str, args: &[(Val, Pos)]) -> Option<Val> {
        if self.closures.contains_key(name) {
            let inputs = args.iter().map(|(v, _)| v.clone()).collect();
            return self.call_local_closure(name, inputs);
        }
        if self.inlining.iter().any(|n| n == name) {
            return None;
        }
        let local = self.lookup(name)?;
        Some(if local.ty == Ty::Closure {
            local.part(&PartKey::ClosureRet)
        } else {
            Val::default()
        })
    }

    /// A response constructor (`Json(..)`, a header or cookie): the sink,
    /// unless the call is itself an argument to a function of the tree.
    fn response_constructor(
        &mut self,
        row: &'static web::ResponseSink,
        segs: &[String],
        args: &[(Val, Pos)],
        pos: Pos,
    ) -> Val {
        // `Cookie::build((name, value))` has one argument, `Cookie::build(name, value)` two.
        let (v, apos) = args
            .get(row.arg)
            .or(args.last())
            .cloned()
            .unwrap_or_default();
        if self.input_args > 0 {
            let name = segs.last().cloned().unwrap_or_default();
            return Val::of_ty(Ty::Other(name, vec![v.ty.clone()])).with_part(PartKey::index(0), v);
        }
        let site = self.response_site(pos, row, segs);
        let arg = if row.part == web::Part::Body {
            self.with_declared_payload(v)
        } else {
            Val::tainted(Ty::Unknown, v.flat())
        };
        if row.part == web::Part::Cookie {
            // Reported once the body shows where the cookie went.
            return self.pending_cookie(pos, site, arg, row.mode, apos);
        }
        self.sink(site, &arg, row.mode, apos);
        if row.part == web::Part::Body {
            return Val::of_ty(Ty::Response);
        }
        // A header or cookie wrapper passes its reply (argument 0) through.
        if row.arg == 0 {
            Val::default()
        } else {
            args.first().map(|(v, _)| v.clone()).unwrap_or_default()
        }
    }

    /// A call the tree defines: an enum variant or tuple struct built, a
    /// function's summary applied, a derived or trait constructor, an empty
    /// standard collection.
    fn tree_call(&mut self, segs: &[String], args: &[(Val, Pos)], pos: Pos) -> Option<Val> {
        let last = segs.last().map(String::as_str).unwrap_or_default();
        let owner = segs.len().checked_sub(2).map(|i| segs[i].as_str());
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(segs))
        {
            // Each variant's payload is kept apart: `NotFound(id)` and
            // `Conflict(message)` of one error type carry different data.
            let index = self.e.model.variant_index(id, &variant);
            let mut out = Val::of_variant(Ty::Adt(id, Vec::new()), index);
            for (i, (v, _)) in args.iter().enumerate() {
                let key = PartKey::variant_field(&variant, &i.to_string());
                out.parts.insert(key, v.clone());
            }
            return Some(out);
        }
        if let Some(fids) = self.callees(segs, args.first().map(|(v, _)| v)) {
            return Some(self.call_summary(&fids, args, pos));
        }
        if let Some(empty) = empty_collection(owner, last) {
            return Some(Val::of_ty(empty));
        }
        if segs.len() >= 2
            && let Some(id) = self.resolve_self_or_type(&segs[..segs.len() - 1])
            && SELF_CONSTRUCTORS.contains(&last)
        {
            // Derived or trait constructors (`Cmd::parse()`, `Config::default()`).
            let ty = Ty::Adt(id, Vec::new());
            return Some(if last.starts_with("try_") {
                Val::of_ty(Ty::Result(Box::new(ty), Box::new(Ty::Unknown)))
            } else {
                Val::of_ty(ty)
            });
        }
        if let Some(id) = self.resolve_self_or_type(segs)
            && segs.len() == 1
            && !self.e.model.types[id].is_enum
        {
            let mut out = Val::of_ty(Ty::Adt(id, Vec::new()));
            for (i, (v, _)) in args.iter().enumerate() {
                out.parts.insert(PartKey::index(i), v.clone());
            }
            return Some(out);
        }
        None
    }

    /// A redacting wrapper built around its argument (`Redacted::new(x)`,
    /// `SecretString::from(x)`): its data, hidden as the wrapper's row says.
    fn wrapper_constructor(&self, segs: &[String], args: &[(Val, Pos)]) -> Option<Val> {
        let [owner @ .., name] = segs else {
            return None;
        };
        let [(first, _)] = args else { return None };
        if owner.is_empty() {
            return None;
        }
        let w = self.e.model.wrapper_of(self.file, self.cx.module, owner)?;
        w.constructs(name)
            .then(|| Val::tainted(Ty::Redacted(w, Box::new(first.ty.clone())), first.flat()))
    }

    /// The value of a call from outside the tree that a semantics row knows.
    fn apply_call(&self, effect: CallEffect, args: &[(Val, Pos)], pos: Pos) -> Val {
        let (first, first_pos) = args.first().cloned().unwrap_or_default();
        match effect {
            CallEffect::PassFirst | CallEffect::Wrap => first,
            CallEffect::WrapText => Val {
                ty: Ty::Str,
                ..first
            },
            CallEffect::StdStream => Val::of_ty(Ty::StdStream),
            CallEffect::RunsClosure => {
                let ran = args
                    .iter()
                    .find(|(a, _)| a.ty == Ty::Closure)
                    .map(|(a, _)| a.part(&PartKey::ClosureRet))
                    .unwrap_or_default();
                Val::of_ty(Ty::Unknown).with_part(PartKey::Ok, ran)
            }
            CallEffect::Request => Val::of_ty(Ty::Request),
            CallEffect::Client => Val::of_ty(Ty::Other(
                semantics::web::CLIENT_TYPE.to_owned(),
                Vec::new(),
            )),
            CallEffect::Span => Val::of_ty(Ty::Span),
            CallEffect::Serialize(output) => {
                let ty = match output {
                    Serialized::Text => Ty::Str,
                    Serialized::Value => Ty::Other("Value".into(), Vec::new()),
                };
                let taint = self
                    .leaks(&first, Mode::Serialize, first_pos)
                    .with_step(pos, || StepKind::Serialized);
                let ok = Val::tainted(ty.clone(), taint);
                Val::of_ty(Ty::Result(Box::new(ty), Box::new(Ty::Unknown)))
                    .with_part(PartKey::Ok, ok)
                    .with_part(PartKey::Err, Val::default())
            }
        }
    }

    /// The crates a single-segment call name may come from: the first
    /// segment of the `use` that names it, else those of the globs of
    /// crates outside the tree, in order, when no function of the tree has
    /// the name (`in_tree`; `use serde_json::*;` then `to_string(&body)`).
    fn import_roots(&self, segs: &[String], in_tree: bool) -> Vec<&'m str> {
        let [name] = segs else { return Vec::new() };
        let model: &'m Model<'a> = self.e.model;
        let uses = &model.files[self.file].uses;
        if let Some(path) = uses.names.get(name) {
            return path.first().map(String::as_str).into_iter().collect();
        }
        if uses.globs.is_empty() || in_tree {
            return Vec::new();
        }
        uses.globs
            .iter()
            .filter(|g| model.glob_starts_outside(self.file, g))
            .filter_map(|g| g.first())
            .map(String::as_str)
            .collect()
    }

    /// A response body whose type the code leaves open takes it from the
    /// handler's declared return type (`-> Json<Vec<Comment>>` around an
    /// untyped database call).
    pub(super) fn with_declared_payload(&self, v: Val) -> Val {
        if !self.f.handler || !v.ty.has_unknown() {
            return v;
        }
        let Some(ty) = &self.f.sig.output else {
            return v;
        };
        let mut declared = self.e.model.resolve_ty(ty, &self.cx);
        loop {
            declared = match declared {
                Ty::Result(ok, _) => *ok,
                Ty::Option(inner) => *inner,
                Ty::Other(name, args) if web::PAYLOAD_WRAPPERS.contains(&name.as_str()) => {
                    args.into_iter().next().unwrap_or_default()
                }
                other => break declared_payload(v, other),
            };
        }
    }

    /// The last type argument of a path's turbofish (`query_as::<_, User>`).
    pub(super) fn turbofish_last(&self, path: &ir::Path) -> Option<Ty> {
        let ty = path.args.last()?;
        let resolved = self.e.model.resolve_ty(ty, &self.cx);
        (!resolved.is_unknown()).then_some(resolved)
    }

    /// The response sink a call path names, unless the tree defines a type of
    /// that name itself.
    pub(super) fn response_call(&self, segs: &[String]) -> Option<&'static web::ResponseSink> {
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
    pub(super) fn response_site(
        &self,
        pos: Pos,
        row: &web::ResponseSink,
        segs: &[String],
    ) -> SiteId {
        let framework = if matches!(row.name, "Json" | "Html") {
            let uses = &self.e.model.files[self.file].uses;
            let full = uses.expand(segs);
            match full.as_slice() {
                // A bare name from a glob import (`use actix_web::web::*`).
                [_] => uses
                    .globs
                    .iter()
                    .map(|glob| web::framework_of(glob, ""))
                    .find(|framework| !framework.is_empty())
                    .unwrap_or(row.framework),
                _ => web::framework_of(&full, row.framework),
            }
        } else {
            row.framework
        };
        let sink = format!("{framework} {}", row.name);
        self.response_site_named(pos, &sink, row.part)
    }

    /// The site of a sink writing `part` of the response of this function.
    pub(super) fn response_site_named(&self, pos: Pos, sink: &str, part: web::Part) -> SiteId {
        self.e.site_for_rule(
            pos,
            sink,
            SinkKind::Response(part),
            RuleId::ResponseLeak,
            self.f.route.clone(),
        )
    }

    /// A value a handler returns: everything it serializes goes out, at the
    /// serialization call when there is one, else at the returned expression.
    pub(super) fn response_return(&mut self, val: &Val, pos: Pos) {
        // (An error returned by `?` has only an `Err` part: a `Result` too,
        // whatever the declared type says, such as an alias with a default
        // error type.)
        let is_result = matches!(val.ty, Ty::Result(..)) || val.is_result_like();
        let content = if is_result {
            val.part(&PartKey::Ok)
        } else {
            val.unwrapped()
        };
        if is_result {
            // An error becomes a response through its `IntoResponse` /
            // `ResponseError` impl: what that writes is reported there. A
            // text or tuple error (`Err((StatusCode::CONFLICT, msg))`) is a
            // response body itself, as the success side is.
            let err = val.part(&PartKey::Err);
            if let Some(fids) = self.responder_impl(&err.ty) {
                self.call_summary(&fids, &[(err, pos)], pos);
            } else if matches!(err.ty, Ty::Tuple(_) | Ty::Str) {
                self.returned_body(&err, pos);
            }
        }
        if let Some(fids) = self.responder_impl(&content.ty) {
            // A type with its own `Responder`/`IntoResponse` impl.
            self.call_summary(&fids, &[(content, pos)], pos);
            return;
        }
        self.returned_body(&content, pos);
    }

    /// What a handler returns as the body: reported at its serialization
    /// call when there is one, else at the returned expression.
    fn returned_body(&mut self, content: &Val, pos: Pos) {
        let leaked = self.leaks(content, Mode::Serialize, pos);
        for (origin, trace) in leaked.0 {
            let serialized = trace
                .iter()
                .rev()
                .find(|s| s.kind == StepKind::Serialized)
                .map(|s| s.pos);
            let site = match serialized {
                Some(at) => self.response_site_named(at, "serde_json", web::Part::Body),
                None => self.response_site_named(pos, "handler return value", web::Part::Body),
            };
            self.record(
                site,
                Mode::Serialize,
                Taint(crate::analysis::vecmap::VecMap::from([(origin, trace)])),
                Some(pos),
            );
        }
    }

    /// The tree's `into_response` / `respond_to` / `error_response` of a type.
    pub(super) fn responder_impl(&self, ty: &Ty) -> Option<Vec<FnId>> {
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
    pub(super) fn resolver_return(&mut self, val: &Val) {
        let pos = self.f.pos;
        let leaked = self.graphql_shown(&val.unwrapped(), 0);
        if leaked.is_empty() {
            return;
        }
        let site = self.e.site_for_rule(
            pos,
            "async-graphql Object",
            SinkKind::Resolver(self.f.name.clone()),
            RuleId::ResponseLeak,
            None,
        );
        self.record(site, Mode::Serialize, leaked, None);
    }

    /// What a GraphQL client sees of a value a resolver returns: the value
    /// itself, or, for an object, its exposed non-personal fields (personal
    /// fields of a `SimpleObject` are reported at the field; skipped fields
    /// are not in the schema).
    pub(super) fn graphql_shown(&self, val: &Val, depth: usize) -> Taint {
        match &val.ty {
            Ty::Option(_) | Ty::Seq(_) if depth < MAX_GRAPHQL_DEPTH => {
                let mut out = val.taint.clone();
                out.union(&self.graphql_shown(&val.element(), depth + 1));
                out
            }
            Ty::Adt(id, _) if depth < MAX_GRAPHQL_DEPTH => {
                let def = &self.e.model.types[*id];
                let mut out = val.taint.clone();
                for (key, part) in &val.parts {
                    let hidden = key
                        .as_field()
                        .and_then(|name| def.field(name))
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

    /// The functions of the tree a call path may refer to.
    pub(super) fn callees(&self, segs: &[String], first_arg: Option<&Val>) -> Option<Vec<FnId>> {
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
            // `Database::get_user(self, ..)`: a method of a trait of the
            // tree, its impls' and its default body.
            if self.e.model.traits.contains_key(owner) {
                return self.trait_impls(&Ty::Other(owner.clone(), Vec::new()), name);
            }
        }
        self.e.model.resolve_fn(self.f, segs).map(|f| vec![f])
    }

    pub(super) fn resolve_callee(&self, segs: &[String], first: Option<&Val>) -> Option<FnId> {
        self.callees(segs, first).and_then(|c| c.first().copied())
    }

    /// Among overloads (`From<A> for T`, `From<B> for T`), those whose first
    /// parameter's type matches the argument; all of them when none does.
    pub(super) fn pick_by_first_param(
        &self,
        candidates: &[FnId],
        first: Option<&Val>,
    ) -> Vec<FnId> {
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
                    ir::Param::Typed { ty, .. } => Some(self.e.model.resolve_ty(ty, &cx)),
                    ir::Param::Receiver(_) => None,
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
    pub(super) fn call_summary(&mut self, fids: &[FnId], args: &[(Val, Pos)], pos: Pos) -> Val {
        let mut out: Option<Val> = None;
        for &fid in fids {
            self.out.callees.push(fid);
            let summary = self.e.summary(fid);
            let passed = || StepKind::PassedTo(fid);
            for &channel in summary.reach.keys() {
                let Some((arg, apos)) = args.get(usize::from(channel.param)) else {
                    continue;
                };
                let arg = match channel.part {
                    // Elements and keys keep their type: `{:?}` of an element
                    // of a `Vec<Customer>` prints by the element's type.
                    Some(ParamPart::Elements) if matches!(arg.ty, Ty::Map(..)) => {
                        arg.part(&PartKey::Elements)
                    }
                    Some(ParamPart::Elements) => arg.element(),
                    Some(ParamPart::Keys) => arg.part(&PartKey::Keys),
                    Some(part @ ParamPart::Field(_)) => {
                        Val::tainted(Ty::Unknown, arg.field_taint(&self.param_key(part), part))
                    }
                    None => arg.clone(),
                };
                let leaked = self.leaks(&arg, channel.mode, *apos).with_step(pos, passed);
                self.pass(fid, channel, pos, leaked);
            }
            let flats: Vec<Taint> = args.iter().map(|(v, _)| v.flat()).collect();
            let carried = |i: u16, part: Option<ParamPart>| {
                let (v, _) = args.get(usize::from(i))?;
                Some(match part {
                    Some(part) => v.field_taint(&self.param_key(part), part),
                    None => flats.get(usize::from(i)).cloned().unwrap_or_default(),
                })
            };
            let returned = || StepKind::ReturnedFrom(fid);
            let passed_whole = |i: u16| args.get(usize::from(i)).map(|(v, _)| v.clone());
            let passed_part = |i: u16, part: ParamPart| {
                let (v, _) = args.get(usize::from(i))?;
                match part {
                    ParamPart::Elements if matches!(v.ty, Ty::Map(..)) => {
                        Some(v.part(&PartKey::Elements))
                    }
                    ParamPart::Elements => Some(v.element()),
                    ParamPart::Keys => Some(v.part(&PartKey::Keys)),
                    ParamPart::Field(_) => {
                        let mut p = v.parts.get(&self.param_key(part))?.clone();
                        p.taint.union(&v.taint);
                        Some(p)
                    }
                }
            };
            let mut v = if self.e.model.fns[fid].sanitizer {
                // A sanitizer's result is clean, whatever it was given.
                Val::of_ty(summary.ret.ty.clone())
            } else {
                summary
                    .ret
                    .substitute(&carried, &passed_whole, &passed_part, &returned, pos)
            };
            if v.taint.is_empty()
                && v.parts.is_empty()
                && let Some(ran) = self.closure_result(fid, args)
            {
                // A generic helper that runs the closure it is given
                // (`fn run<T, F: FnOnce() -> T>(work: F) -> T`) returns
                // what the closure returns.
                v.join(ran);
            }
            if let Some(source) = self.e.model.fns[fid].source {
                // A source returns personal data, whatever it was given; its
                // error, if any, is not that data.
                if v.taint.is_empty() {
                    v.clean_err = true;
                }
                v.taint.union(&source_taint(source, pos));
            }
            match &mut out {
                Some(acc) => acc.join(v),
                None => out = Some(v),
            }
        }
        out.unwrap_or_default()
    }

    /// The configured function source a call path outside the tree matches
    /// (by trailing segments, after `use` expansion).
    pub(super) fn configured_source(&self, segs: &[String]) -> Option<FieldId> {
        let model = self.e.model;
        if model.configured_sources.is_empty() {
            return None;
        }
        let full = model.files[self.file].uses.expand(segs);
        model
            .configured_sources
            .iter()
            .find(|(pattern, _)| full.ends_with(pattern) || segs.ends_with(pattern))
            .map(|&(_, field)| field)
    }

    /// What a closure argument returns, when `fid` declares its return type
    /// as one of its own type parameters (`-> T`, `-> Result<T>`,
    /// `-> Result<T, E>`): the helper hands back what the closure made.
    fn closure_result(&self, fid: FnId, args: &[(Val, Pos)]) -> Option<Val> {
        let f = &self.e.model.fns[fid];
        let generic = |ty: &ir::Type| match ty {
            ir::Type::Path(p) => p.segs.len() == 1 && f.generics.contains(&p.segs[0]),
            _ => false,
        };
        let output = f.sig.output.as_ref()?;
        let wrapped = match output {
            ty if generic(ty) => false,
            ir::Type::Path(p)
                if matches!(p.last(), "Result" | "Option")
                    && p.args.first().is_some_and(generic) =>
            {
                true
            }
            _ => return None,
        };
        let mut out: Option<Val> = None;
        for (arg, _) in args.iter().filter(|(a, _)| a.ty == Ty::Closure) {
            let ret = arg.part(&PartKey::ClosureRet);
            // A closure that returns a `Result` (`FnOnce(&mut Conn) ->
            // QueryResult<T>`) hands back both its sides.
            let ret = if wrapped && ret.is_result_like() {
                Val::of_ty(Ty::Unknown)
                    .with_part(PartKey::Ok, ret.part(&PartKey::Ok))
                    .with_part(PartKey::Err, ret.part(&PartKey::Err))
            } else if wrapped {
                Val::of_ty(Ty::Unknown).with_part(PartKey::Ok, ret)
            } else {
                ret
            };
            match &mut out {
                Some(acc) => acc.join(ret),
                None => out = Some(ret),
            }
        }
        out
    }

    /// Data passed to a callee on one of its channels: a personal field is a
    /// hit wherever the channel leads, one of this function's parameters
    /// leads there too.
    fn pass(&mut self, callee: FnId, channel: Channel, pos: Pos, leaked: Taint) {
        for (origin, trace) in leaked.0 {
            let trace = std::sync::Arc::unwrap_or_clone(trace);
            match origin {
                Origin::Field(fid) => self.out.hits.push(Hit::Passed(fid, trace, callee, channel)),
                Origin::Param(param, part) => {
                    let mine = Channel {
                        param,
                        part,
                        mode: channel.mode,
                    };
                    let reach = self.out.summary.reach.entry(mine).or_default();
                    reach.calls.entry((pos, callee, channel)).or_insert(trace);
                }
            }
        }
    }
}

/// The personal data a source function returns, read at the call.
pub(super) fn source_taint(source: FieldId, pos: Pos) -> Taint {
    Taint::single(
        Origin::Field(source),
        vec![Step {
            pos,
            kind: StepKind::Read,
        }],
    )
}

/// `Some(x)`, `Ok(x)`, `Err(x)` (bare, or through `Option::`, `Result::`,
/// `std::`, `core::`).
fn std_constructor(segs: &[String], first: &Val) -> Option<Val> {
    let std_path =
        segs.len() == 1 || matches!(segs[0].as_str(), "Option" | "Result" | "std" | "core");
    if !std_path {
        return None;
    }
    let name = segs.last()?.as_str();
    if matches!(name, "Some" | "Ok" | "Err")
        && (first.ty.deeper_than(MAX_TYPE_DEPTH) || first.deeper_than(MAX_TYPE_DEPTH))
    {
        // `Some(Some(..))` a thousand deep: what it carries, flat.
        return Some(Val::tainted(Ty::Unknown, first.flat()));
    }
    let (key, ty) = match name {
        "Some" => (PartKey::Some, Ty::Option(Box::new(first.ty.clone()))),
        "Ok" => (
            PartKey::Ok,
            Ty::Result(Box::new(first.ty.clone()), Box::new(Ty::Unknown)),
        ),
        "Err" => (
            PartKey::Err,
            Ty::Result(Box::new(Ty::Unknown), Box::new(first.ty.clone())),
        ),
        _ => return None,
    };
    Some(Val::of_ty(ty).with_part(key, first.clone()))
}

pub(super) fn empty_collection(owner: Option<&str>, ctor: &str) -> Option<Ty> {
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

fn declared_payload(mut v: Val, declared: Ty) -> Val {
    if !declared.is_unknown() && !matches!(declared, Ty::Other(..)) {
        v.retype(declared);
    }
    v
}
