//! Binding patterns to values: destructuring, variants, extractors.

use super::*;

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    // ----- patterns -----------------------------------------------------------

    pub(super) fn bind(&mut self, pat: &'m Pat, val: Val) {
        match &pat.kind {
            PatKind::Ident {
                name,
                ident_pos,
                sub,
            } => {
                if sub.is_none() && name.chars().next().is_some_and(char::is_uppercase) {
                    // `None`, a unit variant or a constant: a path pattern,
                    // which binds nothing (bindings are snake_case).
                    return;
                }
                if let Some(sub) = sub {
                    self.bind(sub, val.clone());
                }
                let val = Val {
                    taint: val
                        .taint
                        .with_step(*ident_pos, || StepKind::Bound(name.as_str().into())),
                    ..val
                };
                self.bind_name(name, val);
            }
            PatKind::Type { pat, ty } => {
                let ty = self.e.model.resolve_ty(ty, &self.cx);
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
                self.bind(pat, val);
            }
            PatKind::Reference(p) | PatKind::Paren(p) => self.bind(p, val),
            PatKind::Or(cases) => {
                if let Some(first) = cases.first() {
                    self.bind(first, val);
                }
            }
            PatKind::Tuple(elems) => self.bind_positional(elems, &val, None),
            PatKind::Slice(elems) => {
                for elem in elems {
                    match &elem.kind {
                        PatKind::Rest => {}
                        PatKind::Ident {
                            name,
                            sub: Some(sub),
                            ..
                        } if matches!(sub.kind, PatKind::Rest) => {
                            self.bind_name(name, val.clone());
                        }
                        _ => self.bind(elem, val.element()),
                    }
                }
            }
            PatKind::TupleStruct { path, elems } => self.bind_tuple_struct(path, elems, val),
            PatKind::Struct { path, fields } => self.bind_struct(path, fields, val),
            PatKind::Rest | PatKind::Other => {}
        }
    }

    pub(super) fn bind_positional(
        &mut self,
        elems: &'m [Pat],
        val: &Val,
        variant: Option<(TypeId, &str)>,
    ) {
        let n = elems.len();
        let rest_at = elems.iter().position(|p| matches!(p.kind, PatKind::Rest));
        let arity = match &val.ty {
            Ty::Tuple(items) => items.len(),
            _ => n,
        };
        for (i, p) in elems.iter().enumerate() {
            if matches!(p.kind, PatKind::Rest) {
                continue;
            }
            let index = match rest_at {
                Some(r) if i > r => arity.saturating_sub(n - i),
                _ => i,
            };
            let key = index.to_string();
            let part = match variant {
                Some((id, v)) => self.variant_field(val, id, v, &key, p.pos),
                None => match &val.ty {
                    Ty::Adt(..) => self.read_field(val, &key, p.pos),
                    _ => self.position(val, index),
                },
            };
            self.bind(p, part);
        }
    }

    /// Position `index` of a tuple. Of a parameter (or its elements), it
    /// stands for what callers put at that position, not for all of it.
    pub(super) fn position(&self, val: &Val, index: usize) -> Val {
        let mut out = val.part(&PartKey::index(index));
        let Some(k) = self.e.model.part_id(&index.to_string()) else {
            return out;
        };
        let mut taint = Taint::default();
        for (origin, trace) in &out.taint.0 {
            let origin = match origin {
                Origin::Param(i, None | Some(ParamPart::Elements | ParamPart::Keys))
                    if val.taint.0.contains_key(origin) =>
                {
                    Origin::Param(*i, Some(ParamPart::Field(k)))
                }
                other => *other,
            };
            taint.0.entry(origin).or_insert_with(|| trace.clone());
        }
        out.taint = taint;
        out
    }

    pub(super) fn bind_tuple_struct(&mut self, path: &ir::Path, elems: &'m [Pat], val: Val) {
        let segs = &path.segs;
        let last = segs.last().map(String::as_str).unwrap_or_default();
        match last {
            "Some" | "Ok" | "Err" => {
                let inner = val.part(&PartKey::constructor(last).unwrap_or(PartKey::Some));
                if let Some(p) = elems.first() {
                    self.bind(p, inner);
                }
                return;
            }
            _ => {}
        }
        if let Some((id, variant)) =
            self.e
                .model
                .resolve_variant(self.file, self.cx.module, &self.unself(segs))
        {
            let val = Val {
                ty: Ty::Adt(id, Vec::new()),
                ..val
            };
            self.bind_positional(elems, &val, Some((id, &variant)));
            return;
        }
        if let Some(id) = self.resolve_self_or_type(segs)
            && !self.e.model.types[id].is_enum
        {
            let ty = match val.ty {
                Ty::Adt(..) => val.ty.clone(),
                _ => Ty::Adt(id, Vec::new()),
            };
            let val = Val { ty, ..val };
            self.bind_positional(elems, &val, None);
            return;
        }
        // An extractor or wrapper from outside the tree: `Json(body)`, `State(s)`.
        let inner = match val.parts.get(&PartKey::index(0)) {
            Some(p) => p.clone(),
            None => Val::tainted(val.ty.first_arg(), val.taint.clone()),
        };
        if let Some(p) = elems.first() {
            self.bind(p, inner);
        }
    }

    pub(super) fn bind_struct(
        &mut self,
        path: &ir::Path,
        fields: &'m [(String, Pos, Pat)],
        val: Val,
    ) {
        let segs = &path.segs;
        let variant = self
            .e
            .model
            .resolve_variant(self.file, self.cx.module, &self.unself(segs));
        let val = match (&variant, &val.ty, self.resolve_self_or_type(segs)) {
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
        for (key, pos, pat) in fields {
            let part = match &variant {
                Some((id, v)) => self.variant_field(&val, *id, v, key, *pos),
                None => self.read_field(&val, key, *pos),
            };
            self.bind(pat, part);
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
            .resolve_type_path(self.file, segs, self.cx.module)
    }
}
