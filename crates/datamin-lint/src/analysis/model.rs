//! The model of the scanned tree: personal fields, types, functions, impls.
//!
//! Built once from the parsed files; the flow analysis reads it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::columns::{self, Columns};
use super::ids::{ScopeId, TypeId};
use super::infer;
use super::ir;
use super::limits::{MAX_TUPLE_POSITIONS, MAX_TYPE_DEPTH};
use super::modules::{ModuleTree, Ns, Resolution};
use super::names::{UseMap, crate_dir_of, module_of};
use super::types::Ty;
use crate::config::{ColumnPattern, InferConfig};
use crate::semantics::diesel;
use crate::semantics::redaction::{self, Wrappers};
use crate::semantics::sqlx::{self, RowShape};
use crate::semantics::{self, TypeShape};
use crate::sinks::Mode;
use crate::walk::CrateName;

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
    /// The struct or enum that declares the field; `None` for a function
    /// whose return value is personal (`#[datamin::source(email)]`) or a
    /// column.
    pub owner: Option<TypeId>,
    /// Not annotated but guessed (`check --infer`), with this confidence in
    /// percent.
    pub inferred: Option<u8>,
}

/// A field of a struct or of an enum variant.
#[derive(Debug, Clone)]
pub(crate) struct Field<'a> {
    pub name: String,
    pub variant: Option<String>,
    pub ty: &'a ir::Type,
    pub personal: Option<FieldId>,
    /// `#[serde(skip)]` or `#[serde(skip_serializing)]`.
    pub serde_skip: bool,
    /// `#[graphql(skip)]` or `#[graphql(skip_output)]`.
    pub graphql_skip: bool,
    /// `#[serde(serialize_with = "..")]`: the helper's path.
    pub serialize_with: Option<&'a str>,
    /// Marked for redaction by a redacting `Debug` derive's attribute
    /// (veil's `#[redact]`, or `#[redact(all)]` on its struct or variant).
    pub redact_marked: bool,
    /// The column it maps to, when not its name (`#[diesel(column_name =
    /// ..)]`, `#[sqlx(rename = "..")]`).
    pub column: Option<&'a str>,
    /// Marked `#[not_personal]`: reviewed, never guessed.
    pub not_personal: bool,
    /// Where the field is declared (its name, or its type for tuple fields).
    pub pos: Pos,
    /// Where attributes added to it go (its first attribute after its doc
    /// comments, its visibility or its name).
    pub start: Pos,
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
    /// The position of its name.
    pub pos: Pos,
    /// The path `Debug` in its `#[derive(..)]`, when it derives the standard one.
    pub debug_derive: Option<Pos>,
    pub manual_debug: bool,
    pub manual_display: bool,
    pub manual_serialize: bool,
    /// The table a database derive maps it to (`#[diesel(table_name = ..)]`).
    pub table: Option<&'a str>,
    /// `#[datamin::not_personal]`: none of its fields is guessed.
    pub not_personal: bool,
}

impl TypeDef<'_> {
    /// How findings name the field at `index`: `Customer.email`, or
    /// `Event::SignedUp.email` for a variant's.
    pub fn field_display(&self, index: usize) -> String {
        let field = &self.fields[index];
        match &field.variant {
            Some(v) => format!("{}::{v}.{}", self.name, field.name),
            None => format!("{}.{}", self.name, field.name),
        }
    }

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
    /// The position of its name.
    pub pos: Pos,
    pub sig: &'a ir::Sig,
    pub attrs: &'a ir::FnAttrs,
    pub block: &'a ir::Block,
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
    pub assoc_types: &'a [(String, ir::Type)],
    /// Marked `#[datamin::sanitizer]`: its result is clean.
    pub sanitizer: bool,
    /// A source: its return value is this personal "field"
    /// (`#[datamin::source(email)]`, or a configured function source).
    pub source: Option<FieldId>,
    /// Where the names in its body are resolved: its module, or the block
    /// of the body that declares items.
    pub scope: ScopeId,
}

impl<'a> FnDef<'a> {
    /// Whether it is a method taking `self` (in any form).
    pub fn takes_self(&self) -> bool {
        matches!(self.sig.inputs.first(), Some(ir::Param::Receiver(_)))
    }

    fn new(
        file: usize,
        module: &[String],
        decl: &'a ir::FnDecl,
        block: &'a ir::Block,
        scope: ScopeId,
    ) -> Self {
        FnDef {
            name: decl.name.clone(),
            file,
            module: module.to_vec(),
            self_id: None,
            pos: decl.pos,
            sig: &decl.sig,
            attrs: &decl.attrs,
            block,
            role: FnRole::Plain,
            generics: decl.sig.generics.clone(),
            trait_name: None,
            resolver: false,
            handler: false,
            route: None,
            assoc_types: &[],
            sanitizer: decl.attrs.sanitizer,
            source: None,
            scope,
        }
    }
}

/// One parsed file.
#[derive(Debug)]
pub(crate) struct FileInfo<'a> {
    /// Its path relative to the scanned root.
    pub rel: &'a str,
    pub ast: &'a ir::File,
    pub uses: &'a UseMap,
    pub module: Vec<String>,
}

/// A `type` alias: its module, file, target and generic parameters.
pub(crate) type Alias<'a> = (Vec<String>, usize, &'a ir::Type, Vec<String>);

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
    /// For a name several free functions share: the first of them (in
    /// `free_fns` order) by each tail of its module path, and by its whole
    /// module path. [`Model::fn_by_name`] then matches a path the module
    /// tree cannot resolve, `m6::describe` among 800 `describe`s, without
    /// comparing 800 paths.
    free_fn_tails: HashMap<String, FnTails>,
    pub methods: HashMap<(TypeId, String), Vec<FnId>>,
    pub methods_by_name: HashMap<String, Vec<FnId>>,
    pub local_macros: HashSet<String>,
    /// Local `macro_rules!` that forward to a logging macro, with its name.
    pub local_log_macros: HashMap<String, String>,
    /// Traits of the tree with their method signatures (bodies or not):
    /// trait name → method name → the file and the signature.
    pub traits: HashMap<String, HashMap<String, (usize, &'a ir::Sig)>>,
    /// Field name → (personal fields with that name, whether a non-personal
    /// field of that name exists somewhere).
    pub field_names: HashMap<String, (Vec<FieldId>, bool)>,
    /// Field names in a fixed order, so a field of a parameter has a small id.
    pub part_names: Vec<String>,
    part_ids: HashMap<String, u32>,
    /// First segments of paths that may lead into the tree: its modules and
    /// types, and the crates whose directories it holds (`api/src/..` →
    /// `api`). A path that starts anywhere else (`actix_web::web::Form`,
    /// `api_v1::UserView`) names something outside the tree.
    tree_roots: HashSet<String>,
    /// Configured function sources (path segments) and their personal
    /// "field", for calls of functions outside the tree.
    pub configured_sources: Vec<(Vec<String>, FieldId)>,
    /// The crates' modules, for resolving call paths ([`Model::resolve_fn`]).
    modules: ModuleTree,
    /// The database's personal columns, the tables the tree declares and
    /// the rows of its queries.
    pub columns: Columns,
    /// String constants by name (free and associated): the SQL a query
    /// names (`query_as(GET_USER)`, `Self::Dialect::GET_USER`).
    texts: HashMap<String, Vec<&'a str>>,
    /// The fields that are probably personal but not annotated.
    pub guesses: Vec<infer::Guess>,
}

/// See [`Model::free_fn_tails`].
#[derive(Debug, Default)]
struct FnTails {
    by_tail: HashMap<Vec<String>, FnId>,
    by_module: HashMap<Vec<String>, FnId>,
}

/// The row type of a query, as far as its call says.
#[derive(Debug, Clone, Copy)]
enum RowType {
    /// A record or a scalar: no struct of the tree.
    None,
    /// The struct it names (`query_as::<_, User>`).
    Named(TypeId),
    /// A struct it does not name (`query_as(..)` typed by where its rows
    /// land): found by its fields.
    ByFields,
}

/// What the configuration adds to the tree's own sources.
#[derive(Debug, Default)]
pub(crate) struct ConfiguredSources {
    /// Function paths and their categories.
    pub functions: Vec<(String, String)>,
    /// Column patterns and their categories.
    pub columns: Vec<(ColumnPattern, String)>,
    /// How fields are guessed personal.
    pub infer: InferConfig,
    /// Guessed fields count as annotated (`check --infer`).
    pub apply_guesses: bool,
}

impl<'a> Model<'a> {
    /// The model of a tree with no configured sources.
    #[cfg(test)]
    pub fn build(parsed: &'a [(String, ir::File)], crates: &[CrateName]) -> Model<'a> {
        Model::build_with(parsed, crates, &ConfiguredSources::default())
    }

    pub fn build_with(
        parsed: &'a [(String, ir::File)],
        crates: &[CrateName],
        sources: &ConfiguredSources,
    ) -> Model<'a> {
        let mut model = Model {
            columns: Columns::new(&sources.columns),
            ..Model::default()
        };
        for (rel, ast) in parsed {
            model.files.push(FileInfo {
                rel,
                ast,
                uses: &ast.uses,
                module: module_of(rel),
            });
        }
        for idx in 0..model.files.len() {
            let ast = model.files[idx].ast;
            let module = model.files[idx].module.clone();
            model.collect_types(idx, &ast.items, &module);
        }
        // Impls are matched to their types as functions are collected: the
        // roots must be known by then.
        model.tree_roots = tree_roots(parsed, crates, &model);
        let scopes = model.file_scopes(parsed, crates);
        for (idx, scope) in scopes.into_iter().enumerate() {
            let ast = model.files[idx].ast;
            let module = model.files[idx].module.clone();
            model.collect_fns(idx, &ast.items, &module, scope);
        }
        model.index_free_fns();
        model.collect_sources();
        model.add_configured_sources(&sources.functions);
        model.collect_columns();
        model.guesses = infer::guesses(&model, &sources.infer);
        if sources.apply_guesses {
            model.apply_guesses();
        }
        model.index_field_names();
        model
    }

    /// Makes the guesses sure enough to report personal, as if annotated.
    fn apply_guesses(&mut self) {
        for g in &self.guesses {
            if g.confidence < infer::REPORT_CONFIDENCE {
                continue;
            }
            let display = self.types[g.owner].field_display(g.field);
            let fid = self.personal.push(PersonalField {
                display,
                category: g.category.clone(),
                owner: Some(g.owner),
                inferred: Some(g.confidence),
            });
            self.types[g.owner].fields[g.field].personal = Some(fid);
        }
    }

    /// Fills [`Model::field_names`] and the part ids, once every field
    /// that is personal is known.
    fn index_field_names(&mut self) {
        for def in self.types.iter() {
            for field in &def.fields {
                if let Some(v) = &field.variant {
                    // Variant fields are also known as `Variant.field`, the
                    // key of their part in a value of the enum.
                    self.field_names
                        .entry(format!("{v}.{}", field.name))
                        .or_default()
                        .1 = true;
                }
                let entry = self.field_names.entry(field.name.clone()).or_default();
                match field.personal {
                    Some(fid) => entry.0.push(fid),
                    None => entry.1 = true,
                }
            }
        }
        // Tuple positions, so that a parameter's position has an id too.
        let positions = (0..MAX_TUPLE_POSITIONS).map(|i| i.to_string());
        let mut names: Vec<String> = self.field_names.keys().cloned().chain(positions).collect();
        names.sort();
        names.dedup();
        for (i, name) in names.iter().enumerate() {
            self.part_ids
                .insert(name.clone(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        self.part_names = names;
    }

    /// The structs that rows of a personal column may be read into when
    /// the query does not name its row type: those deriving `FromRow` whose
    /// every field is a column of the rows (sqlx fills each field from the
    /// column of its name), one of them personal.
    fn row_structs(&self, rows: &[columns::RowColumn]) -> Vec<TypeId> {
        let named = |name: &str| rows.iter().find(|r| r.name.as_deref() == Some(name));
        self.types
            .ids()
            .filter(|&tid| {
                let def = &self.types[tid];
                let columns: Vec<String> = def
                    .fields
                    .iter()
                    .map(|f| f.column.unwrap_or(&f.name).to_lowercase())
                    .collect();
                !def.is_enum
                    && def.derives(sqlx::ROW_DERIVE)
                    && !columns.is_empty()
                    && columns.iter().all(|c| named(c).is_some())
                    && columns
                        .iter()
                        .any(|c| named(c).is_some_and(|r| !r.fields.is_empty()))
            })
            .collect()
    }

    /// The SQL text an argument gives: a literal, or a string constant of
    /// the tree by its name (the first of that name: the dialects of one
    /// query select the same columns).
    fn sql_text(&self, arg: &'a ir::Expr) -> Option<&'a str> {
        match &arg.kind {
            ir::ExprKind::Str(text) => Some(text),
            ir::ExprKind::Path(p) => self.texts.get(p.last())?.first().copied(),
            ir::ExprKind::Reference(inner) | ir::ExprKind::Paren(inner) => self.sql_text(inner),
            _ => None,
        }
    }

    /// Reads the columns of the tree's queries, and makes personal the
    /// fields rows of personal columns are read into (see
    /// [`super::columns`]).
    fn collect_columns(&mut self) {
        if !self.columns.active() {
            return;
        }
        // The queries, in function order, with the row type they are read
        // into: named, or to be found by its fields (`query_as(..)`, typed
        // where its rows land).
        let mut queries: Vec<(Pos, &'a str, RowType)> = Vec::new();
        for fid in self.fns.ids() {
            let f = &self.fns[fid];
            let cx = self.fn_cx(f);
            let row_type = |ty: &ir::Type| match self.resolve_ty(ty, &cx) {
                Ty::Adt(id, _) => Some(id),
                _ => None,
            };
            ir::walk_block(f.block, true, &mut |node| match node {
                ir::Node::Macro(mac) => {
                    let name = mac.path.last().map_or("", String::as_str);
                    if let Some((at, _)) = columns::query_macro(name)
                        && let Some(text) = mac.segs.get(at).and_then(|s| s.lit.as_deref())
                    {
                        let row = match mac.query_ty.as_ref() {
                            Some(ty) => row_type(ty).map_or(RowType::ByFields, RowType::Named),
                            None => RowType::None,
                        };
                        queries.push((mac.site_pos, text, row));
                    }
                }
                ir::Node::Expr(e) => {
                    if let ir::ExprKind::Call { func, args } = &e.kind
                        && let ir::ExprKind::Path(p) = &func.kind
                        && let Some(shape) = columns::query_fn(unraw(p.last()))
                        && let Some(arg) = args.first()
                        && let Some(text) = self.sql_text(arg)
                    {
                        let row = match shape {
                            RowShape::Typed => p
                                .args
                                .last()
                                .and_then(row_type)
                                .map_or(RowType::ByFields, RowType::Named),
                            RowShape::Record | RowShape::Scalar => RowType::None,
                        };
                        queries.push((arg.pos, text, row));
                    }
                }
            });
        }
        for (pos, text, row) in queries {
            let Some(rows) = self.columns.read_query(pos, text, &mut self.personal) else {
                continue;
            };
            let rows = rows.to_vec();
            let targets = match row {
                RowType::None => continue,
                RowType::Named(tid) => vec![tid],
                RowType::ByFields => self.row_structs(&rows),
            };
            for tid in targets {
                for field in &mut self.types[tid].fields {
                    let name = field.column.unwrap_or(&field.name).to_lowercase();
                    if field.personal.is_none()
                        && let Some(col) = rows.iter().find(|r| r.name.as_deref() == Some(&name))
                    {
                        field.personal = col.fields.first().copied();
                    }
                }
            }
        }
        // diesel's row structs, by their table's columns.
        for tid in self.types.ids() {
            let def = &self.types[tid];
            if !diesel::ROW_DERIVES.iter().any(|d| def.derives(d)) {
                continue;
            }
            let table = match def.table {
                Some(t) => t.to_owned(),
                None => diesel::default_table_name(&def.name),
            };
            let found: Vec<Option<FieldId>> = def
                .fields
                .iter()
                .map(|f| {
                    let column = f.column.unwrap_or(&f.name);
                    self.columns.table_column(&table, column)
                })
                .collect();
            for (field, found) in self.types[tid].fields.iter_mut().zip(found) {
                if field.personal.is_none() {
                    field.personal = found;
                }
            }
        }
    }

    /// Whether a path as written in `file` starts outside the tree: its
    /// first segment, after `use` renames, is a crate the tree does not hold.
    /// A single segment that is not imported is in scope here, so inside.
    pub fn path_starts_outside(&self, file: usize, segs: &[String]) -> bool {
        segs.first()
            .is_some_and(|first| self.starts_outside(file, first, segs.len() > 1))
    }

    /// Whether a glob import's path (`use serde_json::*`) starts outside
    /// the tree.
    pub fn glob_starts_outside(&self, file: usize, glob: &[String]) -> bool {
        glob.first()
            .is_some_and(|first| self.starts_outside(file, first, true))
    }

    /// [`Model::path_starts_outside`] of a path given by its first segment,
    /// and whether more follow.
    fn starts_outside(&self, file: usize, first: &str, qualified: bool) -> bool {
        let root = match self.files[file].uses.names.get(first) {
            Some(full) => full.first().map_or(first, String::as_str),
            None if !qualified => return false,
            None => first,
        };
        !matches!(root, "crate" | "self" | "super" | "Self" | "") && !self.tree_roots.contains(root)
    }

    /// The in-tree type a path written in `file` names, if any: never one
    /// for a path that starts outside the tree.
    pub fn resolve_type_path(
        &self,
        file: usize,
        segs: &[String],
        module: &[String],
    ) -> Option<TypeId> {
        if self.path_starts_outside(file, segs) {
            return None;
        }
        self.resolve_type_name(file, segs.last()?, module)
    }

    /// The module of each file in [`Model::modules`], with a root module for
    /// each crate and the crates named as manifests and directories name
    /// them.
    fn file_scopes(&mut self, parsed: &[(String, ir::File)], crates: &[CrateName]) -> Vec<ScopeId> {
        let scopes: Vec<ScopeId> = parsed
            .iter()
            .zip(&self.files)
            .map(|((rel, _), info)| {
                let root = self.modules.crate_root(crate_dir_of(rel));
                self.modules.module(root, &info.module)
            })
            .collect();
        for krate in crates {
            self.modules.name_crate(&krate.name, &krate.dir);
        }
        for (rel, _) in parsed {
            let dir = crate_dir_of(rel);
            if let Some(name) = dir.strip_suffix('/').and_then(|d| d.rsplit('/').next()) {
                self.modules.name_crate(&name.replace('-', "_"), dir);
            }
        }
        scopes
    }

    /// Fills [`Model::free_fn_tails`].
    fn index_free_fns(&mut self) {
        for (name, candidates) in &self.free_fns {
            if candidates.len() <= 1 {
                continue;
            }
            let mut tails = FnTails::default();
            for &id in candidates {
                let module = &self.fns[id].module;
                for start in 0..module.len() {
                    tails.by_tail.entry(module[start..].to_vec()).or_insert(id);
                }
                tails.by_module.entry(module.clone()).or_insert(id);
            }
            self.free_fn_tails.insert(name.clone(), tails);
        }
    }

    fn collect_types(&mut self, file: usize, items: &'a [ir::Item], module: &[String]) {
        for item in items {
            match item {
                ir::Item::Struct(s) => {
                    let fields = s.fields.iter().map(|f| (None, f)).collect();
                    let id = TypeId::new(self.types.len());
                    self.add_type(file, module, s, false, fields, vec![]);
                    self.types[id].table = s.table.as_deref();
                }
                ir::Item::Enum(e) => {
                    let mut fields = Vec::new();
                    let mut variants = Vec::new();
                    for (vname, vfields) in &e.variants {
                        fields.extend(vfields.iter().map(|f| (Some(vname.clone()), f)));
                        variants.push(vname.clone());
                    }
                    let decl = ir::TypeDecl {
                        name: e.name.clone(),
                        pos: e.pos,
                        generics: e.generics.clone(),
                        derives: e.derives.clone(),
                        debug_derive: e.debug_derive,
                        fields: Vec::new(),
                        table: None,
                        not_personal: e.not_personal,
                    };
                    self.add_type(file, module, &decl, true, fields, variants);
                }
                ir::Item::Trait(t) => {
                    let methods = self.traits.entry(t.name.clone()).or_default();
                    for f in &t.fns {
                        methods.insert(f.name.clone(), (file, &f.sig));
                    }
                }
                ir::Item::Alias { name, generics, ty } => {
                    self.aliases.entry(name.clone()).or_default().push((
                        module.to_vec(),
                        file,
                        ty,
                        generics.clone(),
                    ));
                }
                ir::Item::Mod { name, items } => {
                    let mut sub = module.to_vec();
                    sub.push(name.clone());
                    self.collect_types(file, items, &sub);
                }
                ir::Item::MacroRules { name, forwards_to } => {
                    self.local_macros.insert(name.clone());
                    if let Some(target) = forwards_to {
                        self.local_log_macros.insert(name.clone(), target.clone());
                    }
                }
                ir::Item::Fn(f) => self.collect_body_types(file, f, module),
                ir::Item::Impl(imp) => {
                    for f in &imp.fns {
                        self.collect_body_types(file, f, module);
                    }
                    for (name, text) in &imp.texts {
                        self.texts
                            .entry(name.clone())
                            .or_default()
                            .push(text.as_str());
                    }
                }
                ir::Item::Tables(tables) => {
                    for table in tables {
                        self.columns.declare(table, &mut self.personal);
                    }
                }
                ir::Item::Text(name, text) => {
                    self.texts
                        .entry(name.clone())
                        .or_default()
                        .push(text.as_str());
                }
                ir::Item::Use(_) => {}
            }
        }
    }

    /// Types declared inside a function body (`struct Row { .. }` in a
    /// handler), and inside the functions and impls nested there; they
    /// belong to the function's module.
    fn collect_body_types(&mut self, file: usize, f: &'a ir::FnDecl, module: &[String]) {
        let Some(block) = &f.body else { return };
        for stmt in &block.stmts {
            if let ir::Stmt::Item(Some(item)) = stmt {
                self.collect_types(file, std::slice::from_ref(&**item), module);
            }
        }
    }

    fn add_type(
        &mut self,
        file: usize,
        module: &[String],
        decl: &ir::TypeDecl,
        is_enum: bool,
        raw_fields: Vec<(Option<String>, &'a ir::FieldDecl)>,
        variants: Vec<String>,
    ) {
        let name = decl.name.clone();
        let id = TypeId::new(self.types.len());
        let mut fields = Vec::new();
        for (variant, field) in raw_fields {
            let fname = field.name.clone();
            let personal = field.personal.clone().map(|category| {
                let display = match &variant {
                    Some(v) => format!("{name}::{v}.{fname}"),
                    None => format!("{name}.{fname}"),
                };
                self.personal.push(PersonalField {
                    display,
                    category,
                    owner: Some(id),
                    inferred: None,
                })
            });
            fields.push(Field {
                name: fname,
                variant,
                ty: &field.ty,
                personal,
                serde_skip: field.serde_skip,
                graphql_skip: field.graphql_skip,
                serialize_with: field.serialize_with.as_deref(),
                redact_marked: field.redact_marked,
                column: field.column.as_deref(),
                not_personal: field.not_personal,
                pos: field.pos,
                start: field.start,
            });
        }
        self.types.push(TypeDef {
            name: name.clone(),
            module: module.to_vec(),
            file,
            is_enum,
            generics: decl.generics.clone(),
            fields,
            variants,
            derives: decl.derives.iter().cloned().collect(),
            pos: decl.pos,
            debug_derive: decl.debug_derive,
            manual_debug: false,
            manual_display: false,
            manual_serialize: false,
            table: None,
            not_personal: decl.not_personal,
        });
        self.types_by_name.entry(name).or_default().push(id);
    }

    fn collect_fns(
        &mut self,
        file: usize,
        items: &'a [ir::Item],
        module: &[String],
        scope: ScopeId,
    ) {
        for item in items {
            self.collect_fn_item(file, item, module, scope);
        }
    }

    /// The functions of an item declared in `scope`, and what the item
    /// declares there for [`Model::resolve_fn`].
    fn collect_fn_item(
        &mut self,
        file: usize,
        item: &'a ir::Item,
        module: &[String],
        scope: ScopeId,
    ) {
        match item {
            ir::Item::Fn(f) => {
                let Some(block) = &f.body else { return };
                let id = FnId::new(self.fns.len());
                let body = self.body_scope(scope, block);
                self.fns.push(FnDef::new(file, module, f, block, body));
                self.free_fns.entry(f.name.clone()).or_default().push(id);
                self.modules.add_fn(scope, &f.name, id);
                self.collect_nested(file, block, module, body);
            }
            ir::Item::Impl(imp) => self.collect_impl(file, module, imp, scope),
            ir::Item::Trait(t) => {
                self.modules.add_type(scope, &t.name);
                for f in &t.fns {
                    if let Some(block) = &f.body {
                        let id = FnId::new(self.fns.len());
                        // A default method: what `dyn Trait` and `impl
                        // Trait` receivers call when no impl overrides it.
                        let mut def = FnDef::new(file, module, f, block, scope);
                        def.trait_name = Some(t.name.clone());
                        self.fns.push(def);
                        self.methods_by_name
                            .entry(f.name.clone())
                            .or_default()
                            .push(id);
                    }
                }
            }
            ir::Item::Mod { name, items } => {
                let mut sub = module.to_vec();
                sub.push(name.clone());
                let child = self.modules.child(scope, name);
                self.collect_fns(file, items, &sub, child);
            }
            ir::Item::Use(imports) => self.modules.add_imports(scope, imports),
            ir::Item::Struct(ir::TypeDecl { name, .. })
            | ir::Item::Enum(ir::EnumDecl { name, .. })
            | ir::Item::Alias { name, .. } => self.modules.add_type(scope, name),
            ir::Item::MacroRules { .. } | ir::Item::Tables(_) | ir::Item::Text(..) => {}
        }
    }

    /// The scope names in a function body resolve in: a block of its own
    /// when the body declares items or imports, else `outer`.
    fn body_scope(&mut self, outer: ScopeId, block: &ir::Block) -> ScopeId {
        let declares = block
            .stmts
            .iter()
            .any(|stmt| matches!(stmt, ir::Stmt::Item(Some(_))));
        if declares {
            self.modules.block(outer)
        } else {
            outer
        }
    }

    /// Items declared inside a function body (`fn helper() {}` in a block),
    /// in the body's `scope`.
    fn collect_nested(
        &mut self,
        file: usize,
        block: &'a ir::Block,
        module: &[String],
        scope: ScopeId,
    ) {
        for stmt in &block.stmts {
            if let ir::Stmt::Item(Some(item)) = stmt {
                self.collect_fn_item(file, item, module, scope);
            }
        }
    }

    fn collect_impl(
        &mut self,
        file: usize,
        module: &[String],
        imp: &'a ir::ImplDecl,
        scope: ScopeId,
    ) {
        let self_id = imp
            .self_name
            .as_ref()
            .and_then(|name| self.resolve_type_name(file, name, module));
        let trait_name = imp.trait_name.clone();
        if let (Some(id), Some(t)) = (self_id, trait_name.as_deref()) {
            match t {
                "Debug" => self.types[id].manual_debug = true,
                "Display" => self.types[id].manual_display = true,
                "Serialize" => self.types[id].manual_serialize = true,
                _ => {}
            }
        }
        for f in &imp.fns {
            let Some(block) = &f.body else { continue };
            let name = f.name.clone();
            let role = match (self_id, trait_name.as_deref(), name.as_str()) {
                (Some(id), Some("Debug"), "fmt") => FnRole::DebugImpl(id),
                (Some(id), Some("Display"), "fmt") => FnRole::DisplayImpl(id),
                (Some(id), Some("Serialize"), "serialize") => FnRole::SerializeImpl(id),
                _ => FnRole::Plain,
            };
            let mut generics = imp.generics.clone();
            generics.extend(f.sig.generics.iter().cloned());
            let id = FnId::new(self.fns.len());
            let body = self.body_scope(scope, block);
            let mut def = FnDef::new(file, module, f, block, body);
            def.self_id = self_id;
            def.role = role;
            def.generics = generics;
            def.trait_name.clone_from(&trait_name);
            def.resolver = imp.resolver && !f.attrs.graphql_skip;
            def.assoc_types = &imp.assoc_types;
            self.fns.push(def);
            if let Some(tid) = self_id {
                self.methods
                    .entry((tid, name.clone()))
                    .or_default()
                    .push(id);
            }
            self.methods_by_name.entry(name).or_default().push(id);
            self.collect_nested(file, block, module, body);
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
                    ir::Param::Typed { ty: t, .. } => self.resolve_ty(t, &cx) == *ty,
                    ir::Param::Receiver(_) => false,
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
        if self.starts_outside(file, name, false) {
            return None;
        }
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
    pub fn resolve_ty(&self, ty: &ir::Type, cx: &TyCx<'_>) -> Ty {
        self.resolve_ty_depth(ty, cx, 0)
    }

    fn resolve_ty_depth(&self, ty: &ir::Type, cx: &TyCx<'_>, depth: usize) -> Ty {
        if depth > MAX_TYPE_DEPTH {
            return Ty::Unknown;
        }
        match ty {
            ir::Type::Ref(inner) => self.resolve_ty_depth(inner, cx, depth + 1),
            ir::Type::Seq(elem) => Ty::Seq(Box::new(self.resolve_ty_depth(elem, cx, depth + 1))),
            ir::Type::Tuple(elems) => Ty::Tuple(
                elems
                    .iter()
                    .map(|e| self.resolve_ty_depth(e, cx, depth + 1))
                    .collect(),
            ),
            ir::Type::Bounds(bounds) => self.bounds_ty(bounds, cx, depth),
            ir::Type::Path(p) => self.resolve_path_ty(p, cx, depth),
            ir::Type::Other => Ty::Unknown,
        }
    }

    fn bounds_ty(&self, bounds: &[ir::Bound], cx: &TyCx<'_>, depth: usize) -> Ty {
        for bound in bounds {
            if self.traits.contains_key(&bound.name) {
                return Ty::Other(bound.name.clone(), Vec::new());
            }
            if !matches!(
                bound.name.as_str(),
                "Iterator" | "IntoIterator" | "DoubleEndedIterator" | "ExactSizeIterator"
            ) {
                continue;
            }
            if let Some(item) = &bound.item {
                return Ty::Seq(Box::new(self.resolve_ty_depth(item, cx, depth + 1)));
            }
        }
        Ty::Unknown
    }

    fn resolve_path_ty(&self, path: &ir::Path, cx: &TyCx<'_>, depth: usize) -> Ty {
        let Some(last) = path.segs.last() else {
            return Ty::Unknown;
        };
        let name = unraw(last).to_owned();
        let args: Vec<Ty> = path
            .args
            .iter()
            .map(|t| self.resolve_ty_depth(t, cx, depth + 1))
            .collect();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
        if path.segs.len() == 2
            && path.segs[0] == "Self"
            && let Some((_, target)) = cx.assoc.iter().find(|(n, _)| *n == name)
        {
            return self.resolve_ty_depth(target, cx, depth + 1);
        }
        if path.segs.len() == 1 {
            if name == "Self" {
                return cx.self_ty.clone();
            }
            if let Some(i) = cx.generics.iter().position(|g| *g == name) {
                return cx.generic_args.get(i).cloned().unwrap_or_default();
            }
        }
        if let Some(w) = self.wrapper_of(cx.file, cx.module, &path.segs) {
            let inner = if args.is_empty() && w.holds_text(&name) {
                Ty::Str
            } else {
                arg(0)
            };
            return Ty::Redacted(w, Box::new(inner));
        }
        let text_path = path.segs.len() <= 3 && args.is_empty();
        match semantics::type_shape(&name) {
            Some(TypeShape::Transparent) => arg(0),
            Some(TypeShape::Str) if text_path => Ty::Str,
            Some(TypeShape::Option) => Ty::Option(Box::new(arg(0))),
            Some(TypeShape::Result) => Ty::Result(Box::new(arg(0)), Box::new(arg(1))),
            Some(TypeShape::Seq) => Ty::Seq(Box::new(arg(0))),
            Some(TypeShape::Map) => Ty::Map(Box::new(arg(0)), Box::new(arg(1))),
            Some(TypeShape::StdStream) => Ty::StdStream,
            Some(TypeShape::Formatter) => Ty::Formatter,
            Some(TypeShape::Str) | None => {
                if self.path_starts_outside(cx.file, &path.segs) {
                    return Ty::Other(name, args);
                }
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

    /// The redaction wrapper rows a type or owner path written in `file`
    /// may be (`secrecy::SecretString`, `Secret` imported from `masking`);
    /// `None` for a type of the tree of that name.
    pub fn wrapper_of(&self, file: usize, module: &[String], segs: &[String]) -> Option<Wrappers> {
        let uses = &self.files[file].uses;
        let w = redaction::wrappers_named(&uses.expand(segs), &uses.globs)?;
        self.resolve_type_path(file, segs, module)
            .is_none()
            .then_some(w)
    }

    fn resolve_alias(&self, name: &str, cx: &TyCx<'_>) -> Option<(&'a ir::Type, Vec<String>)> {
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
            assoc: f.assoc_types,
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

    /// Functions marked `#[datamin::source(<category>)]`: each is a personal
    /// "field" of its own, named by the function's path
    /// (`users::primary_email`, `Account::verified_email`).
    fn collect_sources(&mut self) {
        for fid in self.fns.ids() {
            let Some(category) = self.fns[fid].attrs.source.clone() else {
                continue;
            };
            let display = self.fn_path(fid);
            let field = self.personal.push(PersonalField {
                display,
                category,
                owner: None,
                inferred: None,
            });
            self.fns[fid].source = Some(field);
        }
    }

    /// Makes the tree's functions that match a configured function source
    /// (trailing path segments) sources, and returns the personal "field"
    /// of each configured source, in order, for the calls outside the tree.
    fn add_configured_sources(&mut self, sources: &[(String, String)]) -> Vec<FieldId> {
        let mut out = Vec::new();
        for (path, category) in sources {
            let field = self.personal.push(PersonalField {
                display: path.trim_start_matches("crate::").to_owned(),
                category: category.clone(),
                owner: None,
                inferred: None,
            });
            let pattern: Vec<&str> = path.trim_start_matches("crate::").split("::").collect();
            for fid in self.fns.ids() {
                let full = self.fn_path(fid);
                let segs: Vec<&str> = full.split("::").collect();
                if self.fns[fid].source.is_none() && segs.ends_with(&pattern) {
                    self.fns[fid].source = Some(field);
                }
            }
            self.configured_sources
                .push((pattern.iter().map(|s| (*s).to_owned()).collect(), field));
            out.push(field);
        }
        out
    }

    /// A function's path as findings name it: `module::name` for a free
    /// function, `Type::name` for a method.
    pub fn fn_path(&self, fid: FnId) -> String {
        let f = &self.fns[fid];
        match f.self_id {
            Some(tid) => format!("{}::{}", self.types[tid].name, f.name),
            None => f
                .module
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(f.name.as_str()))
                .collect::<Vec<_>>()
                .join("::"),
        }
    }

    /// The index of `variant` among the variants of enum `id`.
    pub fn variant_index(&self, id: TypeId, variant: &str) -> Option<u32> {
        let at = self.types[id].variants.iter().position(|v| v == variant)?;
        u32::try_from(at).ok()
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

    /// Resolves a call path written in `caller` to a free function of the
    /// tree, as rustc would ([`ModuleTree::resolve`]). A path the tree
    /// cannot resolve, but that may lead into it, is matched by its last
    /// segment instead ([`Model::fn_by_name`]); a path that leads outside the
    /// tree, or to something of it that is no free function, names none.
    pub fn resolve_fn(&self, caller: &FnDef<'_>, segments: &[String]) -> Option<FnId> {
        let last = unraw(segments.last()?);
        if !self.free_fns.contains_key(last) && !self.modules.is_rename(last) {
            return None;
        }
        match self
            .modules
            .resolve(caller.scope, segments, Ns::Value, &self.tree_roots)
        {
            Resolution::Fn(id) => Some(id),
            Resolution::Absent | Resolution::Unknown => {
                self.fn_by_name(caller.file, &caller.module, segments)
            }
            Resolution::Module(_) | Resolution::Item | Resolution::Outside => None,
        }
    }

    /// The free function a call path names, by its last segment after `use`
    /// renames: the only one of that name, else the first whose module path
    /// ends with the call's, else the first in the caller's module.
    fn fn_by_name(&self, file: usize, module: &[String], segments: &[String]) -> Option<FnId> {
        let full = self.files[file].uses.expand(segments);
        let name = full.last()?;
        let candidates = self.free_fns.get(name)?;
        if candidates.len() == 1 {
            return candidates.first().copied();
        }
        let tails = self.free_fn_tails.get(name)?;
        let module_part = &full[..full.len() - 1];
        if !module_part.is_empty()
            && let Some(&hit) = tails.by_tail.get(module_part)
        {
            return Some(hit);
        }
        tails.by_module.get(module).copied()
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
    pub assoc: &'m [(String, ir::Type)],
}

/// A name without its raw prefix (`r#type` → `type`).
pub(crate) fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Ordered map of personal fields per type and formatting kind, filled by the
/// analysis of hand-written `Debug`/`Display` impls.
pub(crate) type FmtLeaks = BTreeMap<(TypeId, Mode), BTreeSet<FieldId>>;

/// See [`Model::tree_roots`]: the crates the manifests name, the crate
/// directories, every module name and every type name of the tree.
fn tree_roots(
    parsed: &[(String, ir::File)],
    crates: &[CrateName],
    model: &Model<'_>,
) -> HashSet<String> {
    let mut roots: HashSet<String> = crates.iter().map(|c| c.name.clone()).collect();
    for (rel, _) in parsed {
        if let Some(i) = rel.rfind("src/")
            && i > 0
        {
            let dir = rel[..i - 1].rsplit('/').next().unwrap_or_default();
            roots.insert(dir.replace('-', "_"));
        }
    }
    // A path may start at any module of the tree (`users::get` from inside
    // `api`), or at a type of it (`Role::Admin`).
    let modules = model
        .files
        .iter()
        .map(|f| &f.module)
        .chain(model.types.iter().map(|t| &t.module));
    roots.extend(modules.flat_map(|m| m.iter().cloned()));
    roots.extend(model.types_by_name.keys().cloned());
    roots
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::analysis::{lower, parse};
    use crate::walk::SourceFile;

    /// The lowered files of a tree given as (path, text).
    fn lowered(files: &[(&str, &str)]) -> Vec<(String, ir::File)> {
        files
            .iter()
            .enumerate()
            .map(|(i, (rel, text))| {
                let file =
                    SourceFile::new((*rel).to_owned(), PathBuf::from(rel), (*text).to_owned());
                let ast = parse::parse(&file).expect("parses");
                (file.rel.clone(), lower::lower_file(&ast, i, &file.text))
            })
            .collect()
    }

    /// `module::name` of a function.
    fn qualified(f: &FnDef<'_>) -> String {
        let mut path = f.module.clone();
        path.push(f.name.clone());
        path.join("::")
    }

    /// The function (`module::name`) that `path`, written in function
    /// `caller` (`module::name`), calls.
    fn callee(model: &Model<'_>, caller: &str, path: &str) -> Option<String> {
        let f = model
            .fns
            .iter()
            .find(|f| qualified(f) == caller)
            .unwrap_or_else(|| panic!("no function {caller}"));
        let segs: Vec<String> = path.split("::").map(str::to_owned).collect();
        model
            .resolve_fn(f, &segs)
            .map(|id| qualified(&model.fns[id]))
    }

    const MAIL_TREE: &[(&str, &str)] = &[
        ("src/main.rs", "mod jobs; mod mail; fn main() {}"),
        ("src/mail/mod.rs", "mod inner; pub use inner::send;"),
        (
            "src/mail/inner.rs",
            "pub fn send(to: &str) -> usize { to.len() }",
        ),
        (
            "src/jobs.rs",
            "pub fn send(n: u32) -> u32 { n }
             pub fn run() {}
             pub mod nested { pub fn go() {} }",
        ),
    ];

    #[test]
    fn a_re_export_leads_to_the_function_it_names() {
        let parsed = lowered(MAIL_TREE);
        let model = Model::build(&parsed, &[]);
        let at = |caller, path| callee(&model, caller, path);
        assert_eq!(
            at("jobs::run", "crate::mail::send").as_deref(),
            Some("mail::inner::send")
        );
        assert_eq!(
            at("jobs::run", "super::mail::send").as_deref(),
            Some("mail::inner::send")
        );
        assert_eq!(at("jobs::run", "self::send").as_deref(), Some("jobs::send"));
        assert_eq!(at("jobs::run", "send").as_deref(), Some("jobs::send"));
        assert_eq!(
            at("jobs::nested::go", "super::send").as_deref(),
            Some("jobs::send")
        );
        assert_eq!(
            at("jobs::nested::go", "crate::mail::send").as_deref(),
            Some("mail::inner::send")
        );
    }

    #[test]
    fn globs_renames_and_block_imports_are_followed() {
        let parsed = lowered(&[
            (
                "src/lib.rs",
                "pub mod reports; pub mod audit;
                 pub fn digest() {
                     use crate::reports::render_row as row;
                     fn local() {}
                     row(); local();
                 }
                 mod tests { use super::*; fn t() { digest(); } }",
            ),
            (
                "src/reports/mod.rs",
                "mod export; mod text;
                 pub use self::export::render as render_row;
                 pub use self::text::*;",
            ),
            ("src/reports/export.rs", "pub fn render() {}"),
            (
                "src/reports/text.rs",
                "pub fn header() {} pub fn render() {}",
            ),
            ("src/audit.rs", "pub fn header() {} pub fn caller() {}"),
        ]);
        let model = Model::build(&parsed, &[]);
        let at = |caller, path| callee(&model, caller, path);
        assert_eq!(
            at("digest", "row").as_deref(),
            Some("reports::export::render")
        );
        assert_eq!(at("digest", "local").as_deref(), Some("local"));
        assert_eq!(
            at("audit::caller", "crate::reports::render_row").as_deref(),
            Some("reports::export::render")
        );
        assert_eq!(
            at("audit::caller", "crate::reports::header").as_deref(),
            Some("reports::text::header")
        );
        assert_eq!(
            at("audit::caller", "header").as_deref(),
            Some("audit::header")
        );
        assert_eq!(at("tests::t", "digest").as_deref(), Some("digest"));
    }

    #[test]
    fn a_path_that_leads_outside_names_no_function_of_the_tree() {
        let parsed = lowered(&[
            (
                "src/lib.rs",
                "pub mod notify; pub mod cache; pub mod plain;",
            ),
            (
                "src/notify.rs",
                "use lettre::Transport;
                 pub fn send(text: &str) {}
                 pub fn welcome() {}",
            ),
            ("src/cache.rs", "pub fn get(key: &str) {} pub fn new() {}"),
            (
                "src/plain.rs",
                "use lettre::*;
                 use reqwest::get as fetch;
                 pub fn caller() {}",
            ),
        ]);
        let model = Model::build(&parsed, &[]);
        let at = |caller, path| callee(&model, caller, path);
        assert_eq!(at("notify::welcome", "Transport::send"), None);
        assert_eq!(at("notify::welcome", "lettre::send"), None);
        assert_eq!(at("notify::welcome", "reqwest::get"), None);
        assert_eq!(at("notify::welcome", "Vec::new"), None);
        assert_eq!(
            at("notify::welcome", "send").as_deref(),
            Some("notify::send")
        );
        assert_eq!(at("plain::caller", "send"), None);
        assert_eq!(at("plain::caller", "fetch"), None);
        assert_eq!(at("plain::caller", "get"), None);
        assert_eq!(
            at("plain::caller", "crate::cache::get").as_deref(),
            Some("cache::get")
        );
    }

    #[test]
    fn the_crates_of_a_workspace_are_named_by_manifest_and_directory() {
        let parsed = lowered(&[
            ("billing/src/lib.rs", "pub mod invoices; pub fn total() {}"),
            ("billing/src/invoices.rs", "pub fn total() {}"),
            ("api/src/lib.rs", "pub mod users; pub fn total() {}"),
            ("api/src/users.rs", "pub fn total() {}"),
            ("worker/src/main.rs", "fn total() {} fn main() {}"),
        ]);
        let crates = [CrateName {
            name: "billing_core".to_owned(),
            dir: "billing/".to_owned(),
        }];
        let model = Model::build(&parsed, &crates);
        let main = model.fns.iter().find(|f| f.name == "main").expect("main");
        // The file of the function `path` names from the worker's `main`.
        let file_of = |path: &str| {
            let segs: Vec<String> = path.split("::").map(str::to_owned).collect();
            let fid = model.resolve_fn(main, &segs)?;
            Some(parsed[model.fns[fid].file].0.as_str())
        };
        assert_eq!(
            file_of("billing_core::invoices::total"),
            Some("billing/src/invoices.rs")
        );
        assert_eq!(file_of("billing_core::total"), Some("billing/src/lib.rs"));
        assert_eq!(file_of("api::users::total"), Some("api/src/users.rs"));
        assert_eq!(file_of("api::total"), Some("api/src/lib.rs"));
        assert_eq!(file_of("total"), Some("worker/src/main.rs"));
        assert_eq!(file_of("crate::total"), Some("worker/src/main.rs"));
    }

    #[test]
    fn a_path_the_tree_cannot_resolve_is_matched_by_name() {
        let parsed = lowered(&[
            (
                "src/lib.rs",
                "#[path = \"old/legacy_impl.rs\"] mod legacy;
                 mod a { pub use crate::b::*; }
                 mod b { pub use crate::a::*; }
                 pub fn caller() {}",
            ),
            (
                "src/old/legacy_impl.rs",
                "pub fn helper() {} pub fn missing() {}",
            ),
        ]);
        let model = Model::build(&parsed, &[]);
        let at = |caller, path| callee(&model, caller, path);
        assert_eq!(
            at("caller", "legacy::helper").as_deref(),
            Some("old::legacy_impl::helper")
        );
        // A cycle of globs ends; the name is then matched as unresolved.
        assert_eq!(
            at("caller", "crate::a::missing").as_deref(),
            Some("old::legacy_impl::missing")
        );
    }
}
