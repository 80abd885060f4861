//! The model of the scanned tree: personal fields, types, functions, impls.
//!
//! Built once from the parsed files; the flow analysis reads it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::ids::TypeId;
use super::limits::MAX_TYPE_DEPTH;
use super::names::{UseMap, ident_name, module_of, path_segments};
use super::types::Ty;
use crate::semantics::{self, TypeShape};
use crate::sinks::Mode;

use super::ids::Pos;
pub(crate) use super::ids::{FieldId, FnId};
use super::ids::{IdVec, Idx};

/// A `#[personal]` field somewhere in the tree.
#[derive(Debug, Clone)]
pub(crate) struct PersonalField {
    /// `Customer.email` or `Event::SignedUp.email`.
    pub display: String,
    /// The category name (`email`, `other`, ...).
    pub category: String,
}

/// A field of a struct or of an enum variant.
#[derive(Debug, Clone)]
pub(crate) struct Field<'a> {
    pub name: String,
    pub variant: Option<String>,
    pub ty: &'a syn::Type,
    pub personal: Option<FieldId>,
    /// `#[serde(skip)]` or `#[serde(skip_serializing)]`.
    pub serde_skip: bool,
    /// `#[graphql(skip)]` or `#[graphql(skip_output)]`.
    pub graphql_skip: bool,
    /// Where the field is declared (its name, or its type for tuple fields).
    pub pos: Pos,
}

/// A struct or enum of the tree.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef<'a> {
    pub name: String,
    pub module: Vec<String>,
    pub file: usize,
    pub is_enum: bool,
    pub generics: Vec<String>,
    pub fields: Vec<Field<'a>>,
    pub variants: Vec<String>,
    pub derives: BTreeSet<String>,
    pub manual_debug: bool,
    pub manual_display: bool,
    pub manual_serialize: bool,
}

impl TypeDef<'_> {
    pub fn derives(&self, name: &str) -> bool {
        self.derives.contains(name)
    }

    pub fn field(&self, name: &str) -> Option<&Field<'_>> {
        self.fields
            .iter()
            .find(|f| f.variant.is_none() && f.name == name)
    }

    pub fn variant_field(&self, variant: &str, name: &str) -> Option<&Field<'_>> {
        self.fields
            .iter()
            .find(|f| f.variant.as_deref() == Some(variant) && f.name == name)
    }
}

/// What role a function plays beyond being callable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FnRole {
    Plain,
    /// `fmt` of a hand-written `Debug` impl for the type.
    DebugImpl(TypeId),
    /// `fmt` of a hand-written `Display` impl for the type.
    DisplayImpl(TypeId),
    /// `serialize` of a hand-written `Serialize` impl for the type.
    SerializeImpl(TypeId),
}

/// A function or method with a body.
#[derive(Debug, Clone)]
pub(crate) struct FnDef<'a> {
    pub name: String,
    pub file: usize,
    pub module: Vec<String>,
    pub self_id: Option<TypeId>,
    pub sig: &'a syn::Signature,
    pub attrs: &'a [syn::Attribute],
    pub block: &'a syn::Block,
    pub role: FnRole,
    /// Generic parameter names of the impl and the function.
    pub generics: Vec<String>,
    /// The trait of the impl block the method is in (`From`, `Display`).
    pub trait_name: Option<String>,
    /// A GraphQL resolver (`#[Object]` / `#[ComplexObject]` impl).
    pub resolver: bool,
    /// Serves requests: registered in a router, has a route attribute, or
    /// returns a response type.
    pub handler: bool,
    /// `GET /customers/{id}`, when the route is known.
    pub route: Option<String>,
    /// Associated types of the impl block the method is in.
    pub assoc_types: Vec<(String, &'a syn::Type)>,
    /// Marked `#[datamin::sanitizer]`: its result is clean.
    pub sanitizer: bool,
}

impl<'a> FnDef<'a> {
    fn new(
        name: String,
        file: usize,
        module: &[String],
        sig: &'a syn::Signature,
        attrs: &'a [syn::Attribute],
        block: &'a syn::Block,
    ) -> Self {
        FnDef {
            name,
            file,
            module: module.to_vec(),
            self_id: None,
            sig,
            attrs,
            block,
            role: FnRole::Plain,
            generics: generic_names(&sig.generics),
            trait_name: None,
            resolver: false,
            handler: false,
            route: None,
            assoc_types: Vec::new(),
            sanitizer: attrs.iter().any(is_sanitizer_attr),
        }
    }
}

/// One parsed file.
#[derive(Debug)]
pub(crate) struct FileInfo<'a> {
    pub ast: &'a syn::File,
    pub uses: UseMap,
    pub module: Vec<String>,
}

/// A `type` alias: its module, file, target and generic parameters.
pub(crate) type Alias<'a> = (Vec<String>, usize, &'a syn::Type, Vec<String>);

/// The whole tree.
#[derive(Debug, Default)]
pub(crate) struct Model<'a> {
    pub files: Vec<FileInfo<'a>>,
    pub types: IdVec<TypeId, TypeDef<'a>>,
    pub types_by_name: HashMap<String, Vec<TypeId>>,
    pub aliases: HashMap<String, Vec<Alias<'a>>>,
    pub personal: IdVec<FieldId, PersonalField>,
    pub fns: IdVec<FnId, FnDef<'a>>,
    pub free_fns: HashMap<String, Vec<FnId>>,
    pub methods: HashMap<(TypeId, String), Vec<FnId>>,
    pub methods_by_name: HashMap<String, Vec<FnId>>,
    pub local_macros: HashSet<String>,
    /// Local `macro_rules!` that forward to a logging macro, with its name.
    pub local_log_macros: HashMap<String, String>,
    /// Traits of the tree with their method signatures (bodies or not):
    /// trait name → method name → the file and the signature.
    pub traits: HashMap<String, HashMap<String, (usize, &'a syn::Signature)>>,
    /// Field name → (personal fields with that name, whether a non-personal
    /// field of that name exists somewhere).
    pub field_names: HashMap<String, (Vec<FieldId>, bool)>,
    /// Field names in a fixed order, so a field of a parameter has a small id.
    pub part_names: Vec<String>,
    part_ids: HashMap<String, u32>,
}

impl<'a> Model<'a> {
    pub fn build(parsed: &'a [(String, syn::File)]) -> Model<'a> {
        let mut model = Model::default();
        for (rel, ast) in parsed {
            model.files.push(FileInfo {
                ast,
                uses: UseMap::of_file(ast),
                module: module_of(rel),
            });
        }
        for idx in 0..model.files.len() {
            let ast = model.files[idx].ast;
            let module = model.files[idx].module.clone();
            model.collect_types(idx, &ast.items, &module);
        }
        for idx in 0..model.files.len() {
            let ast = model.files[idx].ast;
            let module = model.files[idx].module.clone();
            model.collect_fns(idx, &ast.items, &module);
        }
        let mut names: Vec<String> = model.field_names.keys().cloned().collect();
        names.sort();
        for (i, name) in names.iter().enumerate() {
            model
                .part_ids
                .insert(name.clone(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        model.part_names = names;
        model
    }

    fn collect_types(&mut self, file: usize, items: &'a [syn::Item], module: &[String]) {
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    let fields = named_or_tuple(&s.fields, None);
                    self.add_type(
                        file,
                        module,
                        &s.ident,
                        &s.generics,
                        &s.attrs,
                        false,
                        fields,
                        vec![],
                    );
                }
                syn::Item::Enum(e) => {
                    let mut fields = Vec::new();
                    let mut variants = Vec::new();
                    for v in &e.variants {
                        let vname = ident_name(&v.ident);
                        fields.extend(named_or_tuple(&v.fields, Some(vname.clone())));
                        variants.push(vname);
                    }
                    self.add_type(
                        file,
                        module,
                        &e.ident,
                        &e.generics,
                        &e.attrs,
                        true,
                        fields,
                        variants,
                    );
                }
                syn::Item::Union(u) => {
                    let fields = u
                        .fields
                        .named
                        .iter()
                        .map(|f| {
                            (
                                f.ident.as_ref().map(ident_name).unwrap_or_default(),
                                None,
                                f,
                            )
                        })
                        .collect();
                    self.add_type(
                        file,
                        module,
                        &u.ident,
                        &u.generics,
                        &u.attrs,
                        false,
                        fields,
                        vec![],
                    );
                }
                syn::Item::Trait(t) => {
                    let methods = self.traits.entry(ident_name(&t.ident)).or_default();
                    for ti in &t.items {
                        if let syn::TraitItem::Fn(f) = ti {
                            methods.insert(ident_name(&f.sig.ident), (file, &f.sig));
                        }
                    }
                }
                syn::Item::Type(t) => {
                    self.aliases.entry(ident_name(&t.ident)).or_default().push((
                        module.to_vec(),
                        file,
                        &t.ty,
                        generic_names(&t.generics),
                    ));
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        let mut sub = module.to_vec();
                        sub.push(ident_name(&m.ident));
                        self.collect_types(file, inner, &sub);
                    }
                }
                syn::Item::Macro(m) => {
                    if m.mac.path.is_ident("macro_rules")
                        && let Some(ident) = &m.ident
                    {
                        self.local_macros.insert(ident.to_string());
                        if let Some(target) = forwarded_log_macro(m.mac.tokens.clone()) {
                            self.local_log_macros.insert(ident.to_string(), target);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_type(
        &mut self,
        file: usize,
        module: &[String],
        ident: &syn::Ident,
        generics: &syn::Generics,
        attrs: &[syn::Attribute],
        is_enum: bool,
        raw_fields: Vec<(String, Option<String>, &'a syn::Field)>,
        variants: Vec<String>,
    ) {
        let name = ident_name(ident);
        let id = TypeId::new(self.types.len());
        let mut fields = Vec::new();
        for (fname, variant, field) in raw_fields {
            let personal = personal_category(&field.attrs).map(|category| {
                let display = match &variant {
                    Some(v) => format!("{name}::{v}.{fname}"),
                    None => format!("{name}.{fname}"),
                };
                self.personal.push(PersonalField { display, category })
            });
            if let Some(v) = &variant {
                // Variant fields are also known as `Variant.field`, the key
                // of their part in a value of the enum.
                self.field_names
                    .entry(format!("{v}.{fname}"))
                    .or_default()
                    .1 = true;
            }
            let entry = self.field_names.entry(fname.clone()).or_default();
            match personal {
                Some(fid) => entry.0.push(fid),
                None => entry.1 = true,
            }
            fields.push(Field {
                name: fname,
                variant,
                ty: &field.ty,
                personal,
                serde_skip: serde_skips(&field.attrs),
                graphql_skip: graphql_skips(&field.attrs),
                pos: match &field.ident {
                    Some(ident) => Pos::of(file, ident.span()),
                    None => Pos::of_tokens(file, &field.ty),
                },
            });
        }
        self.types.push(TypeDef {
            name: name.clone(),
            module: module.to_vec(),
            file,
            is_enum,
            generics: generic_names(generics),
            fields,
            variants,
            derives: derives(attrs),
            manual_debug: false,
            manual_display: false,
            manual_serialize: false,
        });
        self.types_by_name.entry(name).or_default().push(id);
    }

    fn collect_fns(&mut self, file: usize, items: &'a [syn::Item], module: &[String]) {
        for item in items {
            match item {
                syn::Item::Fn(f) => {
                    let id = FnId::new(self.fns.len());
                    self.fns.push(FnDef::new(
                        ident_name(&f.sig.ident),
                        file,
                        module,
                        &f.sig,
                        &f.attrs,
                        &f.block,
                    ));
                    self.free_fns
                        .entry(ident_name(&f.sig.ident))
                        .or_default()
                        .push(id);
                    self.collect_nested(file, &f.block, module);
                }
                syn::Item::Impl(imp) => self.collect_impl(file, module, imp),
                syn::Item::Trait(t) => {
                    for ti in &t.items {
                        if let syn::TraitItem::Fn(f) = ti
                            && let Some(block) = &f.default
                        {
                            let id = FnId::new(self.fns.len());
                            self.fns.push(FnDef::new(
                                ident_name(&f.sig.ident),
                                file,
                                module,
                                &f.sig,
                                &f.attrs,
                                block,
                            ));
                            self.methods_by_name
                                .entry(ident_name(&f.sig.ident))
                                .or_default()
                                .push(id);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        let mut sub = module.to_vec();
                        sub.push(ident_name(&m.ident));
                        self.collect_fns(file, inner, &sub);
                    }
                }
                _ => {}
            }
        }
    }

    /// Items declared inside a function body (`fn helper() {}` in a block).
    fn collect_nested(&mut self, file: usize, block: &'a syn::Block, module: &[String]) {
        let items: Vec<&'a syn::Item> = block
            .stmts
            .iter()
            .filter_map(|s| match s {
                syn::Stmt::Item(item @ (syn::Item::Fn(_) | syn::Item::Impl(_))) => Some(item),
                _ => None,
            })
            .collect();
        for item in items {
            self.collect_fns(file, std::slice::from_ref(item), module);
        }
    }

    fn collect_impl(&mut self, file: usize, module: &[String], imp: &'a syn::ItemImpl) {
        let self_id = match &*imp.self_ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .and_then(|s| self.resolve_type_name(file, &ident_name(&s.ident), module)),
            _ => None,
        };
        let trait_name = imp
            .trait_
            .as_ref()
            .and_then(|(_, path, _)| path.segments.last().map(|s| s.ident.to_string()));
        if let (Some(id), Some(t)) = (self_id, trait_name.as_deref()) {
            match t {
                "Debug" => self.types[id].manual_debug = true,
                "Display" => self.types[id].manual_display = true,
                "Serialize" => self.types[id].manual_serialize = true,
                _ => {}
            }
        }
        let impl_generics = generic_names(&imp.generics);
        let assoc_types: Vec<(String, &'a syn::Type)> = imp
            .items
            .iter()
            .filter_map(|it| match it {
                syn::ImplItem::Type(t) => Some((ident_name(&t.ident), &t.ty)),
                _ => None,
            })
            .collect();
        let resolver = imp.attrs.iter().any(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| s.ident == "Object" || s.ident == "ComplexObject")
        });
        for it in &imp.items {
            let syn::ImplItem::Fn(f) = it else { continue };
            let name = ident_name(&f.sig.ident);
            let role = match (self_id, trait_name.as_deref(), name.as_str()) {
                (Some(id), Some("Debug"), "fmt") => FnRole::DebugImpl(id),
                (Some(id), Some("Display"), "fmt") => FnRole::DisplayImpl(id),
                (Some(id), Some("Serialize"), "serialize") => FnRole::SerializeImpl(id),
                _ => FnRole::Plain,
            };
            let mut generics = impl_generics.clone();
            generics.extend(generic_names(&f.sig.generics));
            let id = FnId::new(self.fns.len());
            let mut def = FnDef::new(name.clone(), file, module, &f.sig, &f.attrs, &f.block);
            def.self_id = self_id;
            def.role = role;
            def.generics = generics;
            def.trait_name.clone_from(&trait_name);
            def.resolver = resolver;
            def.assoc_types.clone_from(&assoc_types);
            self.fns.push(def);
            if let Some(tid) = self_id {
                self.methods
                    .entry((tid, name.clone()))
                    .or_default()
                    .push(id);
            }
            self.methods_by_name.entry(name).or_default().push(id);
            self.collect_nested(file, &f.block, module);
        }
    }

    /// `From` impls whose `from` converts a value of type `ty`.
    pub fn conversions_from(&self, ty: &Ty) -> Vec<FnId> {
        let Some(candidates) = self.methods_by_name.get("from") else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&fid| {
                let f = &self.fns[fid];
                if f.trait_name.as_deref() != Some("From") {
                    return false;
                }
                let cx = self.fn_cx(f);
                f.sig.inputs.iter().any(|i| match i {
                    syn::FnArg::Typed(pt) => self.resolve_ty(&pt.ty, &cx) == *ty,
                    syn::FnArg::Receiver(_) => false,
                })
            })
            .collect()
    }

    /// The id of a field name, if some type of the tree has a field so named.
    pub fn part_id(&self, name: &str) -> Option<u32> {
        self.part_ids.get(name).copied()
    }

    /// The field name of an id from [`Model::part_id`].
    pub fn part_name(&self, id: u32) -> &str {
        self.part_names.get(id as usize).map_or("", String::as_str)
    }

    /// Resolves a type name as written in `file` (inside `module`) to a type of the tree.
    pub fn resolve_type_name(&self, file: usize, name: &str, module: &[String]) -> Option<TypeId> {
        let info = &self.files[file];
        let (lookup, path) = match info.uses.names.get(name) {
            Some(full) => (
                full.last().cloned().unwrap_or_else(|| name.to_owned()),
                Some(full),
            ),
            None => (name.to_owned(), None),
        };
        let candidates = self.types_by_name.get(&lookup)?;
        if candidates.len() == 1 {
            return candidates.first().copied();
        }
        if let Some(full) = path {
            let wanted: Vec<&String> = full
                .iter()
                .filter(|s| !matches!(s.as_str(), "crate" | "self" | "super"))
                .collect();
            let module_part = &wanted[..wanted.len().saturating_sub(1)];
            let hit = candidates.iter().copied().find(|&id| {
                let m = &self.types[id].module;
                m.len() >= module_part.len()
                    && m[m.len() - module_part.len()..]
                        .iter()
                        .zip(module_part)
                        .all(|(a, b)| a == *b)
            });
            if hit.is_some() {
                return hit;
            }
        }
        candidates
            .iter()
            .copied()
            .find(|&id| self.types[id].module == module)
    }

    /// Resolves a syntactic type in the context of `file`, `module`, the
    /// enclosing `Self` type and the generic parameters in scope.
    pub fn resolve_ty(&self, ty: &syn::Type, cx: &TyCx<'_>) -> Ty {
        self.resolve_ty_depth(ty, cx, 0)
    }

    fn resolve_ty_depth(&self, ty: &syn::Type, cx: &TyCx<'_>, depth: usize) -> Ty {
        if depth > MAX_TYPE_DEPTH {
            return Ty::Unknown;
        }
        match ty {
            syn::Type::Reference(r) => self.resolve_ty_depth(&r.elem, cx, depth + 1),
            syn::Type::Paren(p) => self.resolve_ty_depth(&p.elem, cx, depth + 1),
            syn::Type::Group(g) => self.resolve_ty_depth(&g.elem, cx, depth + 1),
            syn::Type::Ptr(p) => self.resolve_ty_depth(&p.elem, cx, depth + 1),
            syn::Type::Slice(s) => Ty::Seq(Box::new(self.resolve_ty_depth(&s.elem, cx, depth + 1))),
            syn::Type::Array(a) => Ty::Seq(Box::new(self.resolve_ty_depth(&a.elem, cx, depth + 1))),
            syn::Type::Tuple(t) => Ty::Tuple(
                t.elems
                    .iter()
                    .map(|e| self.resolve_ty_depth(e, cx, depth + 1))
                    .collect(),
            ),
            syn::Type::ImplTrait(it) => self.bounds_ty(it.bounds.iter(), cx, depth),
            syn::Type::TraitObject(to) => self.bounds_ty(to.bounds.iter(), cx, depth),
            syn::Type::Path(p) => self.resolve_path_ty(&p.path, cx, depth),
            _ => Ty::Unknown,
        }
    }

    fn bounds_ty<'b>(
        &self,
        bounds: impl Iterator<Item = &'b syn::TypeParamBound>,
        cx: &TyCx<'_>,
        depth: usize,
    ) -> Ty {
        for bound in bounds {
            let syn::TypeParamBound::Trait(t) = bound else {
                continue;
            };
            let Some(last) = t.path.segments.last() else {
                continue;
            };
            let name = last.ident.to_string();
            if self.traits.contains_key(&name) {
                return Ty::Other(name, Vec::new());
            }
            if !matches!(
                name.as_str(),
                "Iterator" | "IntoIterator" | "DoubleEndedIterator" | "ExactSizeIterator"
            ) {
                continue;
            }
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                for arg in &args.args {
                    if let syn::GenericArgument::AssocType(assoc) = arg
                        && assoc.ident == "Item"
                    {
                        return Ty::Seq(Box::new(self.resolve_ty_depth(&assoc.ty, cx, depth + 1)));
                    }
                }
            }
        }
        Ty::Unknown
    }

    fn resolve_path_ty(&self, path: &syn::Path, cx: &TyCx<'_>, depth: usize) -> Ty {
        let Some(last) = path.segments.last() else {
            return Ty::Unknown;
        };
        let name = ident_name(&last.ident);
        let args: Vec<Ty> = match &last.arguments {
            syn::PathArguments::AngleBracketed(a) => a
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(t) => Some(self.resolve_ty_depth(t, cx, depth + 1)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        if path.segments.len() == 2
            && path.segments[0].ident == "Self"
            && let Some((_, target)) = cx.assoc.iter().find(|(n, _)| *n == name)
        {
            return self.resolve_ty_depth(target, cx, depth + 1);
        }
        if path.segments.len() == 1 {
            if name == "Self" {
                return cx.self_ty.clone();
            }
            if let Some(i) = cx.generics.iter().position(|g| *g == name) {
                return cx.generic_args.get(i).cloned().unwrap_or_default();
            }
        }
        let text_path = path.segments.len() <= 3 && args.is_empty();
        match semantics::type_shape(&name) {
            Some(TypeShape::Transparent) => arg(0),
            Some(TypeShape::Str) if text_path => Ty::Str,
            Some(TypeShape::Option) => Ty::Option(Box::new(arg(0))),
            Some(TypeShape::Result) => Ty::Result(Box::new(arg(0)), Box::new(arg(1))),
            Some(TypeShape::Seq) => Ty::Seq(Box::new(arg(0))),
            Some(TypeShape::Map) => Ty::Map(Box::new(arg(0)), Box::new(arg(1))),
            Some(TypeShape::Redacted) => Ty::Redacted(Box::new(arg(0))),
            Some(TypeShape::StdStream) => Ty::StdStream,
            Some(TypeShape::Formatter) => Ty::Formatter,
            Some(TypeShape::Str) | None => {
                if let Some(id) = self.resolve_type_name(cx.file, &name, cx.module) {
                    return Ty::Adt(id, args);
                }
                if let Some(target) = self.resolve_alias(&name, cx) {
                    let (target_ty, alias_generics) = target;
                    let inner = TyCx {
                        file: cx.file,
                        module: cx.module,
                        self_ty: cx.self_ty.clone(),
                        generics: &alias_generics,
                        generic_args: args,
                        assoc: cx.assoc,
                    };
                    return self.resolve_ty_depth(target_ty, &inner, depth + 1);
                }
                Ty::Other(name, args)
            }
        }
    }

    fn resolve_alias(&self, name: &str, cx: &TyCx<'_>) -> Option<(&'a syn::Type, Vec<String>)> {
        let lookup = self.files[cx.file]
            .uses
            .names
            .get(name)
            .and_then(|p| p.last().cloned())
            .unwrap_or_else(|| name.to_owned());
        let candidates = self.aliases.get(&lookup)?;
        let pick = if candidates.len() == 1 {
            candidates.first()
        } else {
            candidates.iter().find(|c| c.0 == cx.module)
        }?;
        Some((pick.2, pick.3.clone()))
    }

    /// The context to resolve types written inside function `f`.
    pub fn fn_cx<'s>(&'s self, f: &'s FnDef<'_>) -> TyCx<'s> {
        let self_ty = match f.self_id {
            Some(id) => Ty::Adt(id, Vec::new()),
            None => Ty::Unknown,
        };
        TyCx {
            file: f.file,
            module: &self.files[f.file].module,
            self_ty,
            generics: &f.generics,
            generic_args: Vec::new(),
            assoc: &f.assoc_types,
        }
    }

    /// The field's type, with the owner's generic arguments substituted.
    pub fn field_ty(&self, owner: TypeId, args: &[Ty], field: &Field<'_>) -> Ty {
        let def = &self.types[owner];
        let cx = TyCx {
            file: def.file,
            module: &def.module,
            self_ty: Ty::Adt(owner, args.to_vec()),
            generics: &def.generics,
            generic_args: args.to_vec(),
            assoc: &[],
        };
        self.resolve_ty(field.ty, &cx)
    }

    /// Resolves a value path such as `Error::NotFound` to an enum of the tree
    /// and its variant.
    pub fn resolve_variant(
        &self,
        file: usize,
        module: &[String],
        segments: &[String],
    ) -> Option<(TypeId, String)> {
        let (variant, owner) = match segments {
            [.., owner, variant] => (variant, owner),
            [variant] => {
                // `use Error::*`-style imports: look for the variant's enum.
                let full = self.files[file].uses.names.get(variant)?;
                let owner = full.get(full.len().checked_sub(2)?)?;
                let id = self.resolve_type_name(file, owner, module)?;
                return self.types[id]
                    .variants
                    .contains(variant)
                    .then(|| (id, variant.clone()));
            }
            [] => return None,
        };
        let id = if owner == "Self" {
            None
        } else {
            self.resolve_type_name(file, owner, module)
        }?;
        let def = &self.types[id];
        (def.is_enum && def.variants.contains(variant)).then(|| (id, variant.clone()))
    }

    /// Resolves a call path to a function of the tree.
    pub fn resolve_fn(&self, file: usize, module: &[String], segments: &[String]) -> Option<FnId> {
        let full = self.files[file].uses.expand(segments);
        let name = full.last()?;
        let candidates = self.free_fns.get(name)?;
        if candidates.len() == 1 {
            return candidates.first().copied();
        }
        let module_part = &full[..full.len() - 1];
        if !module_part.is_empty()
            && let Some(hit) = candidates.iter().copied().find(|&id| {
                let m = &self.fns[id].module;
                m.len() >= module_part.len() && m[m.len() - module_part.len()..] == *module_part
            })
        {
            return Some(hit);
        }
        candidates
            .iter()
            .copied()
            .find(|&id| self.fns[id].module == module)
    }
}

/// What a type is resolved against.
#[derive(Debug, Clone)]
pub(crate) struct TyCx<'m> {
    pub file: usize,
    pub module: &'m [String],
    pub self_ty: Ty,
    pub generics: &'m [String],
    pub generic_args: Vec<Ty>,
    /// Associated types of the enclosing impl (`type Response = Login;`).
    pub assoc: &'m [(String, &'m syn::Type)],
}

fn named_or_tuple(
    fields: &syn::Fields,
    variant: Option<String>,
) -> Vec<(String, Option<String>, &syn::Field)> {
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = f.ident.as_ref().map_or_else(|| i.to_string(), ident_name);
            (name, variant.clone(), f)
        })
        .collect()
}

fn generic_names(generics: &syn::Generics) -> Vec<String> {
    generics
        .type_params()
        .map(|t| t.ident.to_string())
        .collect()
}

/// `#[datamin::sanitizer]`, or `#[sanitizer]` imported from datamin.
fn is_sanitizer_attr(attr: &syn::Attribute) -> bool {
    let segs = path_segments(attr.path());
    match segs.as_slice() {
        [one] => one == "sanitizer",
        [krate, one] => krate == "datamin" && one == "sanitizer",
        _ => false,
    }
}

/// The category of a `#[personal]` / `#[personal(cat)]` attribute, if present.
fn personal_category(attrs: &[syn::Attribute]) -> Option<String> {
    let attr = attrs.iter().find(|a| {
        let segs = path_segments(a.path());
        segs.last().is_some_and(|s| s == "personal") && segs.len() <= 2
    })?;
    let category = match &attr.meta {
        syn::Meta::List(list) => {
            let text = list.tokens.to_string();
            let text = text.trim();
            if text.parse::<datamin::Category>().is_ok() {
                text.to_owned()
            } else {
                "other".to_owned()
            }
        }
        _ => "other".to_owned(),
    };
    Some(category)
}

fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.insert(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

/// The logging or printing macro a `macro_rules!` body calls, if any
/// (`tracing::info!($($t)*)` in a project's own `log_event!`).
fn forwarded_log_macro(tokens: proc_macro2::TokenStream) -> Option<String> {
    let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            proc_macro2::TokenTree::Ident(id) => {
                let bang = matches!(trees.get(i + 1), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '!');
                let name = id.to_string();
                if bang
                    && crate::sinks::macro_tables().any(|row| {
                        row.kind.is_sink() && row.path.rsplit("::").next() == Some(name.as_str())
                    })
                {
                    return Some(name);
                }
            }
            proc_macro2::TokenTree::Group(g) => {
                if let Some(found) = forwarded_log_macro(g.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether async-graphql attributes hide the field from the schema.
fn graphql_skips(attrs: &[syn::Attribute]) -> bool {
    has_flag(attrs, "graphql", &["skip", "skip_output"])
}

/// Whether serde attributes remove the field from serialized output.
fn serde_skips(attrs: &[syn::Attribute]) -> bool {
    has_flag(attrs, "serde", &["skip", "skip_serializing"])
}

/// Whether an attribute `#[<attr>(..)]` lists one of `flags`, reading past
/// `key = value` and nested lists it does not care about.
fn has_flag(attrs: &[syn::Attribute], attr: &str, flags: &[&str]) -> bool {
    let mut found = false;
    for a in attrs.iter().filter(|a| a.path().is_ident(attr)) {
        let _ = a.parse_nested_meta(|meta| {
            if flags.iter().any(|f| meta.path.is_ident(f)) {
                found = true;
            }
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _ = meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        let _: syn::Expr = inner.value()?.parse()?;
                    }
                    Ok(())
                });
            }
            Ok(())
        });
    }
    found
}

/// Ordered map of personal fields per type and formatting kind, filled by the
/// analysis of hand-written `Debug`/`Display` impls.
pub(crate) type FmtLeaks = BTreeMap<(TypeId, Mode), BTreeSet<FieldId>>;
