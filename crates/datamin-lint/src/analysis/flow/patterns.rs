//! Binding patterns to values: destructuring, variants, extractors.

use super::*;

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    // ----- patterns -----------------------------------------------------------

    pub(super) fn bind(&mut self, pat: &syn::Pat, val: Val) {
        match pat {
            syn::Pat::Ident(id) => {
                let name = ident_name(&id.ident);
                if let Some((_, sub)) = &id.subpat {
                    self.bind(sub, val.clone());
                }
                let pos = Pos::of(self.file, id.ident.span());
                let val = Val {
                    taint: val
                        .taint
                        .with_step(pos, || StepKind::Bound(name.as_str().into())),
                    ..val
                };
                self.bind_name(&name, val);
            }
            syn::Pat::Type(pt) => {
                let ty = self.e.model.resolve_ty(&pt.ty, &self.cx);
                let mut val = val;
                val.retype(ty);
                if let Ty::Adt(id, _) = &val.ty {
                    // The annotation is the authority: parts of another type
                    // (a joined conversion) do not belong to this value.
                    let def = &self.e.model.types[*id];
                    if !def.is_enum {
                        val.parts
                            .retain(|k, _| k.as_field().is_some_and(|n| def.field(n).is_some()));
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

    pub(super) fn bind_positional<'p>(
        &mut self,
        elems: impl ExactSizeIterator<Item = &'p syn::Pat>,
        val: &Val,
        variant: Option<(TypeId, &str)>,
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
                    _ => val.part(&PartKey::field(&key)),
                },
            };
            self.bind(p, part);
        }
    }

    pub(super) fn bind_tuple_struct(&mut self, ts: &syn::PatTupleStruct, val: Val) {
        let segs = path_segments(&ts.path);
        let last = segs.last().map(String::as_str).unwrap_or_default();
        match last {
            "Some" | "Ok" | "Err" => {
                let inner = val.part(&PartKey::constructor(last).unwrap_or(PartKey::Some));
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
        let inner = match val.parts.get(&PartKey::index(0)) {
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

    pub(super) fn bind_struct(&mut self, ps: &syn::PatStruct, val: Val) {
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

    pub(super) fn variant_field(
        &self,
        val: &Val,
        id: TypeId,
        variant: &str,
        key: &str,
        pos: Pos,
    ) -> Val {
        let def = &self.e.model.types[id];
        let qualified = format!("{variant}.{key}");
        match def.variant_field(variant, key) {
            Some(field) => {
                let ty = self.e.model.field_ty(id, &[], field);
                if let Some(fid) = field.personal {
                    return Val::tainted(ty, self.read_step(fid, pos));
                }
                let part = PartKey::variant_field(variant, key);
                let mut out = val.parts.get(&part).cloned().unwrap_or_default();
                if out.ty.is_unknown() {
                    out.ty = ty;
                }
                // What a caller put into this variant's field, or what the
                // whole value carries when it was not built here.
                for (origin, trace) in &val.taint.0 {
                    let origin = match (origin, self.e.model.part_id(&qualified)) {
                        (Origin::Param(i, None), Some(k)) => {
                            Origin::Param(*i, Some(ParamPart::Field(k)))
                        }
                        (other, _) => *other,
                    };
                    out.taint.0.entry(origin).or_insert_with(|| trace.clone());
                }
                out
            }
            None => Val::tainted(Ty::Unknown, val.taint.clone()),
        }
    }

    pub(super) fn read_step(&self, fid: FieldId, pos: Pos) -> Taint {
        Taint::single(
            Origin::Field(fid),
            vec![Step {
                pos,
                kind: StepKind::Read,
            }],
        )
    }

    /// A path with a leading `Self` replaced by the name of the impl's type.
    pub(super) fn unself(&self, segs: &[String]) -> Vec<String> {
        match (segs.first(), self.f.self_id) {
            (Some(first), Some(id)) if first == "Self" => {
                let mut out = vec![self.e.model.types[id].name.clone()];
                out.extend(segs[1..].iter().cloned());
                out
            }
            _ => segs.to_vec(),
        }
    }

    pub(super) fn resolve_self_or_type(&self, segs: &[String]) -> Option<TypeId> {
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
}
