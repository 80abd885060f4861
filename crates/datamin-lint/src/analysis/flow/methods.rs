//! Method calls: methods of the tree, trait dispatch, response builders,
//! formatters, and the standard library's methods by name.

use super::*;
use crate::semantics::methods::{
    CLEAN_METHODS, PICK_METHODS, PUSH_METHODS, SAME_METHODS, SPLIT_METHODS, STR_METHODS,
    is_std_method,
};
use crate::semantics::{self, diesel, tracing};

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    /// Whether an expression is a path that starts outside the tree, as the
    /// receiver `STANDARD` of `STANDARD.encode(..)` after `use
    /// base64::engine::general_purpose::STANDARD`.
    fn named_outside(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Path(p) => self.e.model.path_starts_outside(self.file, &p.segs),
            ExprKind::Reference(inner) | ExprKind::Paren(inner) => self.named_outside(inner),
            _ => false,
        }
    }

    /// `*v` on a type of the tree that implements `Deref` (its `deref`
    /// method, followed like any function) or derives it (`derive_more`:
    /// its only field). `None` for other values, which `*` leaves as they
    /// are (references are not typed).
    pub(super) fn deref_value(&mut self, v: &Val, pos: Pos) -> Option<Val> {
        let Ty::Adt(tid, _) = deref_wrappers(&v.ty) else {
            return None;
        };
        let tid = *tid;
        if let Some(fids) = self
            .e
            .model
            .methods
            .get(&(tid, "deref".to_owned()))
            .cloned()
        {
            return Some(self.call_summary(&fids, &[(v.clone(), pos)], pos));
        }
        let def = &self.e.model.types[tid];
        if def.derives("Deref") && !def.is_enum && def.fields.len() == 1 {
            let name = def.fields[0].name.clone();
            return Some(self.read_field(v, &name, pos));
        }
        None
    }

    /// The receiver a method is called on, after auto-deref: a type of the
    /// tree that has no method `name` of its own (nor one its derives or
    /// `Display` impl give) but dereferences to another type (`ip.to_string()`
    /// on a `ClientIp(IpAddr)` with `Deref`) stands for its target.
    fn autoderef(&mut self, mut recv: Val, name: &str, pos: Pos) -> Val {
        for _ in 0..MAX_AUTODEREF {
            let Ty::Adt(tid, _) = deref_wrappers(&recv.ty) else {
                break;
            };
            let def = &self.e.model.types[*tid];
            let own = self.e.model.methods.contains_key(&(*tid, name.to_owned()))
                || semantics::methods::DERIVED_METHODS.contains(&name)
                || (name == "to_string" && (def.manual_display || def.derives("Display")));
            if own {
                break;
            }
            match self.deref_value(&recv, pos) {
                Some(target) => recv = target,
                None => break,
            }
        }
        recv
    }

    pub(super) fn method_call(&mut self, m: &'m ir::MethodCall) -> Val {
        let name = m.method.clone();
        // What the call must give is for this method (`.into()`), not for
        // its receiver or arguments.
        let expected = self.expected.take();
        let recv = self.expr(&m.receiver);
        let recv = self.autoderef(recv, &name, m.receiver.pos);
        if matches!(self.f.role, FnRole::SerializeImpl(_)) {
            // A hand-written `serialize` writes what it hands to the
            // serializer (`state.serialize_field("email", &self.email)`).
            for a in &m.args {
                let v = self.expr(a);
                let leaked = self.leaks(&v, Mode::Serialize, a.pos);
                self.fmt_out(leaked, &v.flat());
            }
        }
        let mpos = m.method_pos;
        if let Some(row) = sinks::METHOD_SINKS.iter().find(|r| r.name == name) {
            if let Some(arg) = m.args.get(row.arg) {
                let v = self.expr(arg);
                let site = self.e.site(mpos, row.display, SinkKind::Panic);
                self.sink(site, &v, Mode::Display, arg.pos);
            }
            return if name == "expect_err" {
                recv.part(&PartKey::Err)
            } else {
                recv.unwrapped()
            };
        }
        if recv.ty == Ty::Formatter {
            return self.formatter_call(&name, m);
        }
        if recv.ty == Ty::Span {
            return self.span_method(&name, recv, m, mpos);
        }
        // A query's own methods; a method the tree adds to queries sees an
        // untyped receiver.
        let recv = match &recv.ty {
            Ty::Query(_) => match self.query_method(&name, &recv, m) {
                Some(v) => return v,
                None => Val {
                    ty: Ty::Unknown,
                    ..recv
                },
            },
            _ => recv,
        };
        if let Ty::Redacted(w, inner) = &recv.ty
            && w.exposes(&name)
        {
            return Val::tainted((**inner).clone(), recv.taint.clone());
        }
        if let Some(site) = self.configured_method_sink(&name, &recv, mpos) {
            for a in &m.args {
                let v = self.expr(a);
                self.sink(site, &v, Mode::Display, a.pos);
            }
            return Val::default();
        }
        if self.is_sanitizer(std::slice::from_ref(&name)) {
            for a in &m.args {
                self.expr(a);
            }
            return Val::default();
        }
        if recv.ty == Ty::ResponseBuilder {
            return self.builder_method(&name, recv, m, mpos);
        }
        if let Ty::Adt(tid, _) = &recv.ty
            && semantics::web::RENDER_METHODS.contains(&name.as_str())
            && self.e.model.types[*tid].derives(semantics::web::TEMPLATE_DERIVE)
        {
            let pos = m.receiver.pos;
            let text = Val::tainted(Ty::Str, self.leaks(&recv, Mode::Serialize, pos));
            return Val::of_ty(Ty::Result(Box::new(Ty::Str), Box::new(Ty::Unknown)))
                .with_part(PartKey::Ok, text);
        }
        // Methods of the tree, by receiver type (through `State<T>`-like
        // wrappers), else by name: then only methods that take `self`, and
        // never for a receiver named from outside the tree (`STANDARD`
        // imported from base64 has no method of ours).
        let candidates = match deref_wrappers(&recv.ty) {
            Ty::Adt(tid, _) => self.e.model.methods.get(&(*tid, name.clone())).cloned(),
            Ty::Unknown if !is_std_method(&name) && !self.named_outside(&m.receiver) => self
                .e
                .model
                .methods_by_name
                .get(&name)
                .map(|fids| {
                    let model = self.e.model;
                    fids.iter()
                        .copied()
                        .filter(|&f| model.fns[f].takes_self())
                        .collect::<Vec<_>>()
                })
                .filter(|fids| !fids.is_empty()),
            _ => None,
        };
        let candidates = candidates.or_else(|| self.trait_impls(&recv.ty, &name));
        if candidates.is_none()
            && let Some(v) = self.cookie_method(&name, &recv, m)
        {
            return v;
        }
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
            let mut args = vec![(recv.clone(), m.receiver.pos)];
            self.input_args += 1;
            for a in &m.args {
                args.push((self.expr(a), a.pos));
            }
            self.input_args -= 1;
            return self.call_summary(&fids, &args, mpos);
        }
        if matches!(name.as_str(), "into" | "try_into") {
            self.expected = expected;
            return self.conversion(&name, recv, m, mpos);
        }
        self.builtin_method(&name, recv, m)
    }

    /// A method of a `tracing` span: `record` adds a field; closures given
    /// to `in_scope` and friends are analysed.
    fn span_method(&mut self, name: &str, recv: Val, m: &'m ir::MethodCall, mpos: Pos) -> Val {
        if name == tracing::SPAN_RECORD
            && let Some(value) = m.args.get(1)
        {
            // `span.record("email", &user.email)` adds a field to the span.
            let v = self.expr(value);
            let site = self.e.site(mpos, "tracing::Span::record", SinkKind::Span);
            let mode = if is_call_named(value, "debug") {
                Mode::Debug
            } else {
                Mode::Display
            };
            self.sink(site, &v, mode, value.pos);
        } else {
            for a in &m.args {
                match &a.kind {
                    ExprKind::Closure(c) => {
                        self.closure(c, Vec::new());
                    }
                    _ => {
                        self.expr(a);
                    }
                }
            }
        }
        recv
    }

    /// `.into()`/`.try_into()`: the tree's `From` impls decide what a
    /// conversion keeps (the one into the expected type when it is known).
    fn conversion(&mut self, name: &str, recv: Val, m: &'m ir::MethodCall, mpos: Pos) -> Val {
        // `From` impls of the tree decide what a conversion keeps.
        let mut fids = self.e.model.conversions_from(&recv.ty);
        let expected = self.expected.take();
        let expected = match (name, expected) {
            // `try_into()` gives a `Result` of the target.
            ("try_into", Some(Ty::Result(ok, _))) => Some(*ok),
            (_, expected) => expected,
        };
        if let Some(Ty::Adt(want, _)) = &expected {
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
            let args = [(recv, m.receiver.pos)];
            let converted = self.call_summary(&fids, &args, mpos);
            return if name == "try_into" {
                Val::of_ty(Ty::Result(
                    Box::new(converted.ty.clone()),
                    Box::new(Ty::Unknown),
                ))
                .with_part(PartKey::Ok, converted)
            } else {
                converted
            };
        }
        // Into a redacting wrapper (`let s: SecretString = email.into()`).
        if let Some(ty @ Ty::Redacted(..)) = expected {
            return Val::tainted(ty, recv.flat());
        }
        if name == "try_into" {
            // `TryFromIntError` and friends do not hold the value.
            return Val::from_outside(Ty::Unknown, recv.flat());
        }
        Val::tainted(Ty::Unknown, recv.flat())
    }

    /// The tree's impls of a method of the trait a `dyn Trait`/`impl Trait`
    /// receiver names.
    pub(super) fn trait_impls(&self, ty: &Ty, name: &str) -> Option<Vec<FnId>> {
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
    pub(super) fn trait_method_return(&self, ty: &Ty, name: &str) -> Option<Ty> {
        let traits = &self.e.model.traits;
        let (file, sig) = match ty {
            Ty::Other(t, _) if traits.contains_key(t) => *traits.get(t)?.get(name)?,
            Ty::Unknown if !is_std_method(name) => {
                let mut found = traits.values().filter_map(|m| m.get(name));
                let only = found.next()?;
                if found.next().is_some() {
                    return None;
                }
                *only
            }
            _ => return None,
        };
        let ret = sig.output.as_ref()?;
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
    pub(super) fn builder_method(
        &mut self,
        name: &str,
        recv: Val,
        m: &'m ir::MethodCall,
        mpos: Pos,
    ) -> Val {
        let row = web::tables()
            .find(|row| matches!(row.matcher, web::Matcher::BuilderMethod(n) if n == name));
        let args: Vec<(Val, Pos)> = m.args.iter().map(|a| (self.expr(a), a.pos)).collect();
        if let Some(row) = row
            && let Some((v, apos)) = args.get(row.arg)
        {
            let site = self.response_site_named(
                mpos,
                &format!("{} {}", row.framework, row.name),
                row.part,
            );
            let arg = if row.part == web::Part::Body {
                v.clone()
            } else {
                Val::tainted(Ty::Unknown, v.flat())
            };
            self.sink(site, &arg, row.mode, *apos);
            if row.part == web::Part::Cookie {
                self.cookies_go(std::slice::from_ref(v), true);
            }
        }
        // Builders chain: what comes after a header may still be the body.
        recv
    }

    pub(super) fn formatter_call(&mut self, name: &str, m: &'m ir::MethodCall) -> Val {
        let mode = if matches!(name, "write_str" | "write_fmt" | "pad" | "write_char") {
            Mode::Display
        } else {
            Mode::Debug
        };
        for a in &m.args {
            let v = self.expr(a);
            let leaked = self.leaks(&v, mode, a.pos);
            self.fmt_out(leaked, &v.flat());
        }
        Val::of_ty(Ty::Formatter)
    }

    /// Records what a hand-written `fmt` writes: the personal fields it
    /// exposes, and whether it writes any data of `self` at all (`raw`,
    /// before types mask it).
    pub(super) fn fmt_out(&mut self, leaked: Taint, raw: &Taint) {
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

    /// The type in a method's turbofish (`collect::<Vec<_>>()`, `parse::<u64>()`).
    fn method_turbofish(&self, m: &'m ir::MethodCall) -> Option<Ty> {
        m.turbofish
            .first()
            .map(|ty| self.e.model.resolve_ty(ty, &self.cx))
    }

    pub(super) fn builtin_method(&mut self, name: &str, recv: Val, m: &'m ir::MethodCall) -> Val {
        if let Some(lookup) = semantics::web::typed_lookup(name)
            && let Some(ty) = self.method_turbofish(m)
        {
            // `ctx.data_opt::<ClientIp>()`: a value of the named type.
            for a in &m.args {
                self.expr(a);
            }
            return Val::of_ty(match lookup {
                semantics::web::Lookup::Plain => ty,
                semantics::web::Lookup::Optional => Ty::Option(Box::new(ty)),
                semantics::web::Lookup::Fallible => Ty::Result(Box::new(ty), Box::new(Ty::Unknown)),
            });
        }
        if let Some(rows) = semantics::diesel::load(name)
            && let Some(row) = self.method_turbofish(m)
        {
            // `.load::<User>(&mut conn)`: rows of the named type.
            for a in &m.args {
                self.expr(a);
            }
            return queries::fetched(rows, Val::of_ty(row));
        }
        if name == "to_string" {
            let pos = m.receiver.pos;
            return Val::tainted(Ty::Str, self.leaks(&recv, Mode::Display, pos));
        }
        if let Some(v) = self.row_getter(name, &recv, m) {
            return v;
        }
        let recv = match self.combinator_method(name, recv, m) {
            Ok(v) => return v,
            Err(recv) => recv,
        };
        let recv = match self.iterator_method(name, recv, m) {
            Ok(v) => return v,
            Err(recv) => recv,
        };
        let recv = match self.collection_method(name, recv, m) {
            Ok(v) => return v,
            Err(recv) => recv,
        };
        // Any other method: closures it takes see the elements.
        for a in &m.args {
            match &a.kind {
                ExprKind::Closure(c) => {
                    self.closure(c, vec![recv.element()]);
                }
                _ => {
                    self.expr(a);
                }
            }
        }
        // A configured source among the methods outside the tree
        // (`User::verified_email` of a dependency), by the receiver's type
        // name when it is known.
        let owner = match &recv.ty {
            Ty::Other(t, _) => Some(t.clone()),
            Ty::Adt(id, _) => Some(self.e.model.types[*id].name.clone()),
            _ => None,
        };
        let path: Vec<String> = owner.into_iter().chain([name.to_owned()]).collect();
        if let Some(source) = self.configured_source(&path) {
            return Val::from_outside(Ty::Unknown, calls::source_taint(source, m.method_pos));
        }
        // A method from outside the tree on a personal value
        // (`date_of_birth.year()`) derives from it, unless it only
        // answers a question about it.
        let derived = recv.taint.0.keys().any(|o| matches!(o, Origin::Field(_)))
            && !CLEAN_METHODS.contains(&name)
            && !name.starts_with("is_")
            && !name.starts_with("has_");
        if derived && self.err_keeps_input(std::slice::from_ref(&name.to_owned())) {
            Val::tainted(Ty::Unknown, recv.taint.clone())
        } else if derived {
            // Its error, if it has one, does not hold the receiver.
            Val::from_outside(Ty::Unknown, recv.taint.clone())
        } else {
            Val::default()
        }
    }

    /// `Option`/`Result` combinators and error context.
    fn combinator_method(
        &mut self,
        name: &str,
        recv: Val,
        m: &'m ir::MethodCall,
    ) -> Result<Val, Val> {
        let args: Vec<&'m Expr> = m.args.iter().collect();
        let is_result = recv.is_result_like();
        let is_option = recv.is_option_like();

        let out = match name {
            "map" | "and_then" | "filter_map" | "flat_map" | "then" | "map_while" | "find_map" => {
                let Some(f) = args.first() else {
                    return Ok(Val::default());
                };
                let flatten = name != "map";
                if is_option || is_result {
                    let key = if is_option {
                        PartKey::Some
                    } else {
                        PartKey::Ok
                    };
                    let made = self.apply(f, vec![recv.part(&key)]);
                    let mut err = recv.part(&PartKey::Err);
                    let res = if flatten {
                        // `and_then`: the closure's own error is the result's too.
                        if is_result && made.is_result_like() {
                            err.join(made.part(&PartKey::Err));
                        }
                        made.unwrapped()
                    } else {
                        made
                    };
                    let mut out = Val::of_ty(if is_option {
                        Ty::Option(Box::new(res.ty.clone()))
                    } else {
                        Ty::Result(Box::new(res.ty.clone()), Box::new(recv.ty.err()))
                    });
                    if is_result {
                        out.parts.insert(PartKey::Err, err);
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
            diesel::OPTIONAL if is_result => {
                // `QueryResult<T>` to `QueryResult<Option<T>>`.
                let ok = recv.part(&PartKey::Ok);
                let some =
                    Val::of_ty(Ty::Option(Box::new(ok.ty.clone()))).with_part(PartKey::Some, ok);
                Val::of_ty(Ty::Result(
                    Box::new(some.ty.clone()),
                    Box::new(recv.ty.err()),
                ))
                .with_part(PartKey::Ok, some)
                .with_part(PartKey::Err, recv.part(&PartKey::Err))
            }
            "map_err" => {
                let Some(f) = args.first() else {
                    return Ok(Val::default());
                };
                let err = self.apply(f, vec![recv.part(&PartKey::Err)]);
                let mut out = recv.clone();
                out.taint = Taint::default();
                out.parts.insert(PartKey::Ok, recv.part(&PartKey::Ok));
                out.parts.insert(PartKey::Err, err);
                out
            }
            "or_else" | "or" => {
                let alt = match args.first().map(|a| (a, &a.kind)) {
                    Some((_, ExprKind::Closure(c))) => {
                        self.closure(c, vec![recv.part(&PartKey::Err)])
                    }
                    Some((a, _)) => self.expr(a),
                    None => Val::default(),
                };
                let mut out = recv.clone();
                out.join(alt);
                out
            }
            "context" | "with_context" | "wrap_err" | "wrap_err_with" | "with_note"
            | "suggestion" | "note" | "ok_or" | "ok_or_else" | "attach_printable"
            | "change_context" => {
                let msg = match args.first().map(|a| (a, &a.kind)) {
                    Some((_, ExprKind::Closure(c))) => self.closure(c, Vec::new()),
                    Some((a, _)) => self.expr(a),
                    None => Val::default(),
                };
                let ok_key = if is_option || matches!(name, "ok_or" | "ok_or_else") {
                    PartKey::Some
                } else {
                    PartKey::Ok
                };
                let ok = recv.part(&ok_key);
                let err = if matches!(name, "ok_or" | "ok_or_else") {
                    // The error is the value given, as it is (a variant of
                    // the tree's error type keeps its type and parts).
                    msg
                } else {
                    let mut err = recv.part(&PartKey::Err);
                    err.taint.union(&msg.flat());
                    err
                };
                Val::of_ty(Ty::Result(Box::new(ok.ty.clone()), Box::new(Ty::Unknown)))
                    .with_part(PartKey::Ok, ok)
                    .with_part(PartKey::Err, err)
            }
            "and" | "then_some" | "and_then_some" => match args.first() {
                // `opt.and(other)` is `other` (or nothing): not the receiver.
                Some(a) => self.expr(a),
                None => Val::default(),
            },
            "ok" => Val::of_ty(Ty::Option(Box::new(recv.part(&PartKey::Ok).ty)))
                .with_part(PartKey::Some, recv.part(&PartKey::Ok)),
            "err" => Val::of_ty(Ty::Option(Box::new(recv.part(&PartKey::Err).ty)))
                .with_part(PartKey::Some, recv.part(&PartKey::Err)),
            "unwrap" | "unwrap_or_default" | "unwrap_unchecked" | "assume_init" => recv.unwrapped(),
            "unwrap_err" => recv.part(&PartKey::Err),
            "unwrap_or" | "unwrap_or_else" | "map_or" | "map_or_else" | "get_or_insert_with" => {
                let mut out = recv.unwrapped();
                for (i, a) in args.iter().enumerate() {
                    let v = match &a.kind {
                        ExprKind::Closure(c) => {
                            let input = if i + 1 == args.len() && name.starts_with("map_or") {
                                vec![recv.unwrapped()]
                            } else {
                                vec![recv.part(&PartKey::Err)]
                            };
                            self.closure(c, input)
                        }
                        _ => self.expr(a),
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
                        if let ExprKind::Closure(c) = &a.kind {
                            res.join(self.closure(c, vec![recv.unwrapped()]));
                        }
                    }
                    res.join(out);
                    return Ok(res);
                }
                out
            }
            _ => return Err(recv),
        };
        Ok(out)
    }

    /// Iterator adaptors and folds.
    fn iterator_method(
        &mut self,
        name: &str,
        recv: Val,
        m: &'m ir::MethodCall,
    ) -> Result<Val, Val> {
        let args: Vec<&'m Expr> = m.args.iter().collect();
        let closure_arg = args
            .iter()
            .position(|a| matches!(a.kind, ExprKind::Closure(_) | ExprKind::Path(_)));
        let turbofish = self.method_turbofish(m);
        let is_option = recv.is_option_like();

        let out = match name {
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
                        recv.part(&PartKey::Err)
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
                    && matches!(f.kind, ExprKind::Closure(_))
                {
                    self.apply(f, vec![recv.element(), recv.element()]);
                    let elem = recv.element();
                    return Ok(Val::of_ty(Ty::Option(Box::new(elem.ty.clone())))
                        .with_part(PartKey::Some, elem));
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
                let inner = recv.part(&PartKey::Some).unwrapped();
                Val::of_ty(Ty::Option(Box::new(inner.ty.clone()))).with_part(PartKey::Some, inner)
            }
            "flatten" => Val::seq_of(recv.element().element()),
            "enumerate" => {
                let elem = recv.element();
                let tuple = Val::of_ty(Ty::Tuple(vec![Ty::Unknown, elem.ty.clone()]))
                    .with_part(PartKey::index(0), Val::default())
                    .with_part(PartKey::index(1), elem);
                Val::seq_of(tuple)
            }
            "zip" => {
                let other = args.first().map(|a| self.expr(a)).unwrap_or_default();
                let (a, b) = (recv.element(), other.element());
                let tuple = Val::of_ty(Ty::Tuple(vec![a.ty.clone(), b.ty.clone()]))
                    .with_part(PartKey::index(0), a)
                    .with_part(PartKey::index(1), b);
                Val::seq_of(tuple)
            }
            "keys" | "into_keys" => {
                let k = match &recv.ty {
                    Ty::Map(k, _) => (**k).clone(),
                    _ => Ty::Unknown,
                };
                let mut keys = recv.part(&PartKey::Keys);
                keys.retype(k);
                Val::seq_of(keys)
            }
            "values" | "into_values" => {
                let v = match &recv.ty {
                    Ty::Map(_, v) => (**v).clone(),
                    _ => Ty::Unknown,
                };
                let mut elem = recv.part(&PartKey::Elements);
                elem.retype(v);
                Val::seq_of(elem)
            }
            "partition" | "unzip" => Val::of_ty(Ty::Tuple(vec![recv.ty.clone(), recv.ty.clone()]))
                .with_part(PartKey::index(0), recv.clone())
                .with_part(PartKey::index(1), recv.clone()),
            "parse" => Val::of_ty(Ty::Result(
                Box::new(turbofish.clone().unwrap_or_default()),
                Box::new(Ty::Unknown),
            ))
            .with_part(
                PartKey::Ok,
                Val::tainted(turbofish.clone().unwrap_or_default(), recv.flat()),
            ),
            "remove" | "swap_remove" | "take_item" => match &recv.ty {
                Ty::Map(_, v) => {
                    let mut elem = recv.part(&PartKey::Elements);
                    elem.retype((**v).clone());
                    Val::of_ty(Ty::Option(Box::new(elem.ty.clone()))).with_part(PartKey::Some, elem)
                }
                _ => recv.element(),
            },
            _ => return Err(recv),
        };
        Ok(out)
    }

    /// Collections and strings: pushes, conversions, splits, picks.
    fn collection_method(
        &mut self,
        name: &str,
        recv: Val,
        m: &'m ir::MethodCall,
    ) -> Result<Val, Val> {
        let args: Vec<&'m Expr> = m.args.iter().collect();
        let turbofish = self.method_turbofish(m);
        let is_option = recv.is_option_like();

        let out = match name {
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
                                self.assign_at(&m.receiver, vec![PartKey::Keys], key, false);
                            }
                            if name == "entry" {
                                return Ok(Val::default());
                            }
                            args.last().map(|a| self.expr(a)).unwrap_or_default()
                        } else {
                            elem
                        };
                    if recv.ty.is_unknown() {
                        let ty = Ty::Seq(Box::new(elem.ty.clone()));
                        self.assign_at(&m.receiver, Vec::new(), Val::of_ty(ty), false);
                    }
                    self.assign_at(&m.receiver, vec![PartKey::Elements], elem, false);
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
                    out.taint = self.leaks(&recv.element(), Mode::Display, m.receiver.pos);
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
                        // A declared value type wins; an unknown one (`HashMap::new()`)
                        // keeps the type of what was inserted, so its fields resolve.
                        let mut e = recv.part(&PartKey::Elements);
                        e.retype((**v).clone());
                        e
                    }
                    _ if is_option => return Ok(recv),
                    _ => recv.element(),
                };
                Val::of_ty(Ty::Option(Box::new(elem.ty.clone()))).with_part(PartKey::Some, elem)
            }
            _ => return Err(recv),
        };
        Ok(out)
    }

    /// Adds `added` into a receiver mutated in place (`push`, `push_str`, `insert`).
    pub(super) fn mutate_receiver(&mut self, recv: &'m Expr, added: Val) {
        if !added.flat().is_empty() {
            self.assign(recv, added, false);
        }
    }
}

pub(super) fn is_call_named(e: &Expr, name: &str) -> bool {
    match &e.kind {
        ExprKind::Call { func, .. } => {
            matches!(&func.kind, ExprKind::Path(p) if p.segs.last().is_some_and(|s| s == name))
        }
        ExprKind::Reference(inner) => is_call_named(inner, name),
        _ => false,
    }
}
