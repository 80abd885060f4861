//! Lowering: a `syn` tree to the [`ir`] the analysis reads.
//!
//! Runs on the thread that parsed the file (spans resolve to positions only
//! there). Expression positions are computed bottom-up from the first and
//! last token of each node (`spans`), as `syn::spanned::Spanned` would give
//! them but without printing every subtree again. Macro arguments are split
//! and parsed once, here (`macros`).

mod macros;
mod schema;
mod spans;

use proc_macro2::Span;
use syn::spanned::Spanned;

use super::ids::Pos;
use super::ir::{self, BinOp, Expr, ExprKind, Pat, PatKind, Stmt, UnOp};
use super::limits::MAX_LOWER_DEPTH;
use super::names::{UseMap, ident_name, imports_of};
use crate::semantics::redaction;
use crate::sinks::web::{RESPONSE_TYPES, ROUTE_ATTRIBUTES};

pub(crate) use macros::{lit_str_of, split_top};

/// Lowers a parsed file; `file` is its index in the analysis.
#[cfg(test)]
pub(crate) fn lower_file(ast: &syn::File, file: usize, text: &str) -> ir::File {
    lower_with(ast, file, text, true)
}

/// Lowers a file; with `bodies` false, of function bodies only the items
/// they declare: all a tree that declares nothing personal is read for (its
/// fields' names and types), at a fraction of the memory.
pub(crate) fn lower_with(ast: &syn::File, file: usize, text: &str, bodies: bool) -> ir::File {
    let mut cx = Lower::new(file, text);
    cx.bodies = bodies;
    let items = cx.items(&ast.items);
    ir::File {
        items,
        uses: UseMap::of_file(ast),
        truncated: cx.truncated,
        errors: cx.errors,
    }
}

struct Lower<'t> {
    file: usize,
    /// The file's text, for the comments the syntax tree drops.
    text: &'t str,
    /// Where each line of `text` starts, once a comment is looked for.
    line_starts: Vec<usize>,
    /// Nesting depth of the expression being lowered.
    depth: usize,
    truncated: usize,
    errors: Vec<(Pos, String)>,
    /// Whether function bodies are lowered.
    bodies: bool,
}

impl<'t> Lower<'t> {
    fn new(file: usize, text: &'t str) -> Self {
        Lower {
            file,
            text,
            line_starts: Vec::new(),
            depth: 0,
            truncated: 0,
            errors: Vec::new(),
            bodies: true,
        }
    }

    /// The text of 1-based line `line`.
    fn line_text(&mut self, line: usize) -> Option<&str> {
        if self.line_starts.is_empty() {
            self.line_starts = std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
        }
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text.get(start..end)
    }

    fn pos(&self, span: Span) -> Pos {
        Pos::of(self.file, span)
    }

    /// `Pos::spanning`, reading only the start of `first` and the end of
    /// `last`.
    fn span_pos(&self, first: Span, last: Span) -> Pos {
        self.end_at(self.start_at(first), last)
    }

    /// `Pos::of(span)` with only its start read: the end is the start's.
    fn start_at(&self, span: Span) -> Pos {
        let start = span.start();
        let line = u32::try_from(start.line).unwrap_or(u32::MAX);
        let col = u32::try_from(start.column + 1).unwrap_or(u32::MAX);
        Pos {
            file: u32::try_from(self.file).unwrap_or(u32::MAX),
            line,
            col,
            end_line: line,
            end_col: col,
        }
    }

    /// `join(pos, self.pos(span))`, reading only the end of `span`.
    fn end_at(&self, pos: Pos, span: Span) -> Pos {
        let end = span.end();
        Pos {
            end_line: u32::try_from(end.line).unwrap_or(u32::MAX),
            end_col: u32::try_from(end.column + 1).unwrap_or(u32::MAX),
            ..pos
        }
    }

    fn tokens_pos(&self, node: &impl Spanned) -> Pos {
        Pos::of_tokens(self.file, node)
    }

    // ----- items -------------------------------------------------------------

    fn items(&mut self, items: &[syn::Item]) -> Vec<ir::Item> {
        // Most items are lowered: sized up front rather than grown by
        // doubling (an `ir::Item` is large, and every file keeps its items).
        let mut out = Vec::with_capacity(items.len());
        out.extend(items.iter().filter_map(|i| self.item(i)));
        out
    }

    fn item(&mut self, item: &syn::Item) -> Option<ir::Item> {
        Some(match item {
            syn::Item::Struct(s) => {
                let attrs = cfg_attrs_applied(&s.attrs);
                ir::Item::Struct(ir::TypeDecl {
                    name: ident_name(&s.ident),
                    pos: self.pos(s.ident.span()),
                    generics: generic_names(&s.generics),
                    derives: derives(&attrs),
                    debug_derive: self.debug_derive(&attrs),
                    fields: self.fields(s.fields.iter(), redacts_all(&attrs, true)),
                    table: db_name(&attrs, "table_name"),
                    not_personal: marked_not_personal(&attrs),
                })
            }
            syn::Item::Union(u) => ir::Item::Struct(ir::TypeDecl {
                name: ident_name(&u.ident),
                pos: self.pos(u.ident.span()),
                generics: generic_names(&u.generics),
                derives: derives(&u.attrs),
                debug_derive: self.debug_derive(&u.attrs),
                fields: self.fields(u.fields.named.iter(), false),
                table: None,
                not_personal: marked_not_personal(&u.attrs),
            }),
            syn::Item::Enum(e) => {
                let attrs = cfg_attrs_applied(&e.attrs);
                ir::Item::Enum(ir::EnumDecl {
                    name: ident_name(&e.ident),
                    pos: self.pos(e.ident.span()),
                    generics: generic_names(&e.generics),
                    derives: derives(&attrs),
                    debug_derive: self.debug_derive(&attrs),
                    not_personal: marked_not_personal(&attrs),
                    variants: e
                        .variants
                        .iter()
                        .map(|v| {
                            let all = redacts_all(&attrs, true)
                                || redacts_all(&cfg_attrs_applied(&v.attrs), false);
                            (ident_name(&v.ident), self.fields(v.fields.iter(), all))
                        })
                        .collect(),
                })
            }
            syn::Item::Trait(t) => ir::Item::Trait(ir::TraitDecl {
                name: ident_name(&t.ident),
                fns: t
                    .items
                    .iter()
                    .filter_map(|ti| match ti {
                        syn::TraitItem::Fn(f) => {
                            Some(self.fn_decl(&f.sig, &f.attrs, f.default.as_ref()))
                        }
                        _ => None,
                    })
                    .collect(),
            }),
            syn::Item::Type(t) => ir::Item::Alias {
                name: ident_name(&t.ident),
                generics: generic_names(&t.generics),
                ty: self.ty(&t.ty),
            },
            // `mod name;` too: its file may be placed where the walk does
            // not look for it (`#[path]`), but paths through it lead into
            // the tree.
            syn::Item::Mod(m) => ir::Item::Mod {
                name: ident_name(&m.ident),
                items: m
                    .content
                    .as_ref()
                    .map(|(_, inner)| self.items(inner))
                    .unwrap_or_default(),
            },
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "table") =>
            {
                ir::Item::Tables(self.tables(m.mac.tokens.clone()))
            }
            syn::Item::Macro(m) => {
                if !m.mac.path.is_ident("macro_rules") {
                    return None;
                }
                ir::Item::MacroRules {
                    name: m.ident.as_ref()?.to_string(),
                    forwards_to: macros::forwarded_log_macro(m.mac.tokens.clone()),
                }
            }
            syn::Item::Fn(f) => ir::Item::Fn(self.fn_decl(&f.sig, &f.attrs, Some(&f.block))),
            syn::Item::Impl(imp) => ir::Item::Impl(self.impl_decl(imp)),
            syn::Item::Use(u) => ir::Item::Use(imports_of(&u.tree)),
            syn::Item::Const(c) => ir::Item::Text(ident_name(&c.ident), text_of(&c.expr)?),
            syn::Item::Static(c) => ir::Item::Text(ident_name(&c.ident), text_of(&c.expr)?),
            _ => return None,
        })
    }

    /// The fields of a struct or variant; `redact_all`: a redacting derive's
    /// `all` covers them.
    fn fields<'f>(
        &mut self,
        fields: impl Iterator<Item = &'f syn::Field>,
        redact_all: bool,
    ) -> Vec<ir::FieldDecl> {
        fields
            .enumerate()
            .map(|(i, f)| {
                let attrs = cfg_attrs_applied(&f.attrs);
                ir::FieldDecl {
                    name: f.ident.as_ref().map_or_else(|| i.to_string(), name_of),
                    ty: self.ty(&f.ty),
                    personal: personal_category(&attrs),
                    not_personal: marked_not_personal(&attrs),
                    serde_skip: has_flag(&attrs, "serde", &["skip", "skip_serializing"]),
                    graphql_skip: has_flag(&attrs, "graphql", &["skip", "skip_output"]),
                    serialize_with: attr_value(&attrs, "serde", "serialize_with"),
                    redact_marked: redact_marked(&attrs, redact_all),
                    column: db_name(&attrs, "column_name")
                        .or_else(|| attr_value(&attrs, "sqlx", "rename")),
                    pos: match &f.ident {
                        Some(ident) => self.pos(ident.span()),
                        None => self.tokens_pos(&f.ty),
                    },
                    start: self.field_start(f),
                }
            })
            .collect()
    }

    fn impl_decl(&mut self, imp: &syn::ItemImpl) -> ir::ImplDecl {
        ir::ImplDecl {
            self_name: match &*imp.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| ident_name(&s.ident)),
                _ => None,
            },
            trait_name: imp
                .trait_
                .as_ref()
                .and_then(|(_, path, _)| path.segments.last().map(|s| s.ident.to_string())),
            generics: generic_names(&imp.generics),
            assoc_types: imp
                .items
                .iter()
                .filter_map(|it| match it {
                    syn::ImplItem::Type(t) => Some((ident_name(&t.ident), self.ty(&t.ty))),
                    _ => None,
                })
                .collect(),
            texts: imp
                .items
                .iter()
                .filter_map(|it| match it {
                    syn::ImplItem::Const(c) => Some((ident_name(&c.ident), text_of(&c.expr)?)),
                    _ => None,
                })
                .collect(),
            resolver: imp.attrs.iter().any(|a| {
                a.path()
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Object" || s.ident == "ComplexObject")
            }),
            fns: imp
                .items
                .iter()
                .filter_map(|it| match it {
                    syn::ImplItem::Fn(f) => Some(self.fn_decl(&f.sig, &f.attrs, Some(&f.block))),
                    _ => None,
                })
                .collect(),
        }
    }

    fn fn_decl(
        &mut self,
        sig: &syn::Signature,
        attrs: &[syn::Attribute],
        body: Option<&syn::Block>,
    ) -> ir::FnDecl {
        let inputs = sig
            .inputs
            .iter()
            .map(|input| match input {
                syn::FnArg::Receiver(r) => ir::Param::Receiver(self.pos(r.self_token.span)),
                syn::FnArg::Typed(pt) => ir::Param::Typed {
                    pat: self.pat(&pt.pat),
                    ty: self.ty(&pt.ty),
                },
            })
            .collect();
        let (output, returns_response) = match &sig.output {
            syn::ReturnType::Type(_, ty) => (Some(self.ty(ty)), names_response_type(ty)),
            syn::ReturnType::Default => (None, false),
        };
        ir::FnDecl {
            name: ident_name(&sig.ident),
            pos: self.pos(sig.ident.span()),
            sig: ir::Sig {
                inputs,
                output,
                generics: generic_names(&sig.generics),
                returns_response,
            },
            attrs: ir::FnAttrs {
                sanitizer: attrs.iter().any(|a| is_datamin_attr(a, "sanitizer")),
                source: source_category(attrs),
                graphql_skip: has_flag(attrs, "graphql", &["skip"]),
                route: route_attribute(attrs),
                instrument: self.instrument_attr(attrs),
            },
            body: body.map(|b| {
                if self.bodies {
                    self.block(b)
                } else {
                    self.declarations(b)
                }
            }),
        }
    }

    /// A body's items alone (types and functions declared in it), for a
    /// tree read only for its declarations.
    fn declarations(&mut self, block: &syn::Block) -> ir::Block {
        let stmts = block
            .stmts
            .iter()
            .filter_map(|stmt| match stmt {
                syn::Stmt::Item(
                    item @ (syn::Item::Fn(_)
                    | syn::Item::Impl(_)
                    | syn::Item::Struct(_)
                    | syn::Item::Enum(_)),
                ) => Some(Stmt::Item(self.item(item).map(Box::new))),
                _ => None,
            })
            .collect();
        ir::Block { stmts }
    }

    // ----- types -------------------------------------------------------------

    fn ty(&mut self, ty: &syn::Type) -> ir::Type {
        if self.depth >= MAX_LOWER_DEPTH {
            self.truncated += 1;
            return ir::Type::Other;
        }
        self.depth += 1;
        let out = match ty {
            syn::Type::Reference(r) => ir::Type::Ref(Box::new(self.ty(&r.elem))),
            syn::Type::Paren(p) => ir::Type::Ref(Box::new(self.ty(&p.elem))),
            syn::Type::Group(g) => ir::Type::Ref(Box::new(self.ty(&g.elem))),
            syn::Type::Ptr(p) => ir::Type::Ref(Box::new(self.ty(&p.elem))),
            syn::Type::Slice(s) => ir::Type::Seq(Box::new(self.ty(&s.elem))),
            syn::Type::Array(a) => ir::Type::Seq(Box::new(self.ty(&a.elem))),
            syn::Type::Tuple(t) => ir::Type::Tuple(t.elems.iter().map(|e| self.ty(e)).collect()),
            syn::Type::ImplTrait(it) => ir::Type::Bounds(self.bounds(it.bounds.iter())),
            syn::Type::TraitObject(to) => ir::Type::Bounds(self.bounds(to.bounds.iter())),
            syn::Type::Path(p) => ir::Type::Path(self.path(&p.path)),
            _ => ir::Type::Other,
        };
        self.depth -= 1;
        out
    }

    fn bounds<'b>(
        &mut self,
        bounds: impl Iterator<Item = &'b syn::TypeParamBound>,
    ) -> Vec<ir::Bound> {
        let mut out = Vec::new();
        for bound in bounds {
            let syn::TypeParamBound::Trait(t) = bound else {
                continue;
            };
            let Some(last) = t.path.segments.last() else {
                continue;
            };
            let mut item = None;
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                for arg in &args.args {
                    if let syn::GenericArgument::AssocType(assoc) = arg
                        && assoc.ident == "Item"
                        && item.is_none()
                    {
                        item = Some(self.ty(&assoc.ty));
                    }
                }
            }
            out.push(ir::Bound {
                name: last.ident.to_string(),
                item,
            });
        }
        out
    }

    fn path(&mut self, path: &syn::Path) -> ir::Path {
        let args = match path.segments.last().map(|s| &s.arguments) {
            Some(syn::PathArguments::AngleBracketed(a)) => a
                .args
                .iter()
                .filter_map(|arg| match arg {
                    syn::GenericArgument::Type(t) => Some(self.ty(t)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        ir::Path {
            segs: path.segments.iter().map(|s| s.ident.to_string()).collect(),
            args,
            decorated: path.leading_colon.is_some()
                || path.segments.iter().any(|s| !s.arguments.is_none()),
        }
    }

    // ----- statements --------------------------------------------------------

    fn block(&mut self, block: &syn::Block) -> ir::Block {
        ir::Block {
            stmts: block.stmts.iter().map(|s| self.stmt(s)).collect(),
        }
    }

    fn stmt(&mut self, stmt: &syn::Stmt) -> Stmt {
        match stmt {
            syn::Stmt::Local(local) => Stmt::Local {
                pat: Box::new(self.pat(&local.pat)),
                init: local.init.as_ref().map(|i| self.expr(&i.expr)),
                diverge: local
                    .init
                    .as_ref()
                    .and_then(|i| i.diverge.as_ref())
                    .map(|(_, d)| self.expr(d)),
            },
            syn::Stmt::Expr(e, semi) => Stmt::Expr(self.expr(e), semi.is_some()),
            syn::Stmt::Macro(m) => Stmt::Macro(Box::new(self.mac(&m.mac))),
            syn::Stmt::Item(
                item @ (syn::Item::Fn(_)
                | syn::Item::Impl(_)
                | syn::Item::Struct(_)
                | syn::Item::Enum(_)
                | syn::Item::Use(_)),
            ) => Stmt::Item(self.item(item).map(Box::new)),
            syn::Stmt::Item(_) => Stmt::Item(None),
        }
    }

    // ----- patterns ----------------------------------------------------------

    fn pat(&mut self, pat: &syn::Pat) -> Pat {
        if self.depth >= MAX_LOWER_DEPTH {
            self.truncated += 1;
            return Pat {
                pos: Pos::default(),
                kind: PatKind::Other,
            };
        }
        self.depth += 1;
        let kind = match pat {
            syn::Pat::Ident(id) => PatKind::Ident {
                name: name_of(&id.ident),
                ident_pos: self.pos(id.ident.span()),
                sub: id.subpat.as_ref().map(|(_, p)| Box::new(self.pat(p))),
            },
            syn::Pat::Type(pt) => PatKind::Type {
                pat: Box::new(self.pat(&pt.pat)),
                ty: self.ty(&pt.ty),
            },
            syn::Pat::Reference(r) => PatKind::Reference(Box::new(self.pat(&r.pat))),
            syn::Pat::Paren(p) => PatKind::Paren(Box::new(self.pat(&p.pat))),
            syn::Pat::Or(o) => PatKind::Or(o.cases.iter().map(|p| self.pat(p)).collect()),
            syn::Pat::Tuple(t) => PatKind::Tuple(t.elems.iter().map(|p| self.pat(p)).collect()),
            syn::Pat::Slice(s) => PatKind::Slice(s.elems.iter().map(|p| self.pat(p)).collect()),
            syn::Pat::TupleStruct(ts) => PatKind::TupleStruct {
                path: self.path(&ts.path),
                elems: ts.elems.iter().map(|p| self.pat(p)).collect(),
            },
            syn::Pat::Struct(ps) => PatKind::Struct {
                path: self.path(&ps.path),
                fields: ps
                    .fields
                    .iter()
                    .map(|fp| {
                        let name = match &fp.member {
                            syn::Member::Named(id) => name_of(id),
                            syn::Member::Unnamed(i) => i.index.to_string(),
                        };
                        (name, self.tokens_pos(&fp.member), self.pat(&fp.pat))
                    })
                    .collect(),
            },
            syn::Pat::Rest(_) => PatKind::Rest,
            _ => PatKind::Other,
        };
        self.depth -= 1;
        Pat {
            pos: self.tokens_pos(pat),
            kind,
        }
    }

    // ----- expressions -------------------------------------------------------

    fn boxed(&mut self, e: &syn::Expr) -> Box<Expr> {
        Box::new(self.expr(e))
    }

    fn exprs<'e>(&mut self, es: impl Iterator<Item = &'e syn::Expr>) -> Vec<Expr> {
        es.map(|e| self.expr(e)).collect()
    }

    pub(super) fn expr(&mut self, e: &syn::Expr) -> Expr {
        if self.depth >= MAX_LOWER_DEPTH {
            self.truncated += 1;
            return Expr {
                pos: Pos::default(),
                kind: ExprKind::Truncated,
            };
        }
        self.depth += 1;
        let out = self.expr_kind(e);
        self.depth -= 1;
        match spans::leading_attr(e) {
            Some(attr) => Expr {
                pos: Pos {
                    end_line: out.pos.end_line,
                    end_col: out.pos.end_col,
                    ..self.pos(attr)
                },
                ..out
            },
            None => out,
        }
    }

    fn expr_kind(&mut self, e: &syn::Expr) -> Expr {
        use syn::Expr as S;
        let (kind, pos) = match e {
            S::Path(p) => (
                ExprKind::Path(self.path(&p.path)),
                spans::path_pos(self, p.qself.as_ref(), &p.path),
            ),
            S::Lit(l) => (
                match &l.lit {
                    syn::Lit::Str(s) => ExprKind::Str(s.value()),
                    _ => ExprKind::Lit,
                },
                self.pos(l.lit.span()),
            ),
            S::Field(f) => {
                let base = self.boxed(&f.base);
                let member = match &f.member {
                    syn::Member::Named(id) => name_of(id),
                    syn::Member::Unnamed(i) => i.index.to_string(),
                };
                let pos = join(base.pos, self.tokens_pos(&f.member));
                (ExprKind::Field { base, member }, pos)
            }
            S::Paren(p) => (
                ExprKind::Paren(self.boxed(&p.expr)),
                self.pos(p.paren_token.span.join()),
            ),
            S::Group(g) => {
                let inner = self.boxed(&g.expr);
                let pos = inner.pos;
                (ExprKind::Group(inner), pos)
            }
            S::Reference(r) => {
                let inner = self.boxed(&r.expr);
                let pos = join(self.pos(r.and_token.span), inner.pos);
                (ExprKind::Reference(inner), pos)
            }
            S::Await(a) => {
                let base = self.boxed(&a.base);
                let pos = join(base.pos, self.pos(a.await_token.span));
                (ExprKind::Await(base), pos)
            }
            S::Unary(u) => {
                let op = match u.op {
                    syn::UnOp::Deref(_) => UnOp::Deref,
                    syn::UnOp::Not(_) => UnOp::Not,
                    _ => UnOp::Neg,
                };
                let inner = self.boxed(&u.expr);
                let pos = join(self.tokens_pos(&u.op), inner.pos);
                (ExprKind::Unary(op, inner), pos)
            }
            S::Cast(c) => {
                let inner = self.boxed(&c.expr);
                let pos = join(inner.pos, self.tokens_pos(&c.ty));
                (ExprKind::Cast(inner, self.ty(&c.ty)), pos)
            }
            S::Binary(b) => return self.binary(b),
            S::Assign(a) => {
                let left = self.boxed(&a.left);
                let right = self.boxed(&a.right);
                let pos = join(left.pos, right.pos);
                (ExprKind::Assign { left, right }, pos)
            }
            S::Tuple(t) => (
                ExprKind::Tuple(self.exprs(t.elems.iter())),
                self.pos(t.paren_token.span.join()),
            ),
            S::Array(a) => (
                ExprKind::Array(self.exprs(a.elems.iter())),
                self.pos(a.bracket_token.span.join()),
            ),
            S::Repeat(r) => (
                ExprKind::Repeat {
                    elem: self.boxed(&r.expr),
                    len: self.boxed(&r.len),
                },
                self.pos(r.bracket_token.span.join()),
            ),
            S::Index(i) => {
                let base = self.boxed(&i.expr);
                let index = self.boxed(&i.index);
                let pos = join(base.pos, self.pos(i.bracket_token.span.close()));
                (ExprKind::Index { base, index }, pos)
            }
            S::Range(r) => {
                let start = r.start.as_ref().map(|s| self.boxed(s));
                let end = r.end.as_ref().map(|s| self.boxed(s));
                let limits = self.tokens_pos(&r.limits);
                let pos = join(
                    start.as_ref().map_or(limits, |s| s.pos),
                    end.as_ref().map_or(limits, |s| s.pos),
                );
                (ExprKind::Range { start, end }, pos)
            }
            S::Block(b) => {
                let first = spans::labelled(&b.label, b.block.brace_token.span.open());
                self.block_expr(first, &b.block)
            }
            S::Unsafe(b) => self.block_expr(b.unsafe_token.span, &b.block),
            S::Const(b) => self.block_expr(b.const_token.span, &b.block),
            S::Async(b) => self.block_expr(b.async_token.span, &b.block),
            S::TryBlock(b) => self.block_expr(b.try_token.span, &b.block),
            S::If(i) => {
                let cond = self.boxed(&i.cond);
                let then = self.block(&i.then_branch);
                let els = i.else_branch.as_ref().map(|(_, e)| self.boxed(e));
                let first = self.pos(i.if_token.span);
                let pos = match &els {
                    Some(e) => join(first, e.pos),
                    None => join(first, self.pos(i.then_branch.brace_token.span.close())),
                };
                (ExprKind::If { cond, then, els }, pos)
            }
            S::Match(m) => {
                let scrutinee = self.boxed(&m.expr);
                let arms = m
                    .arms
                    .iter()
                    .map(|arm| ir::Arm {
                        pat: self.pat(&arm.pat),
                        guard: arm.guard.as_ref().map(|(_, g)| self.expr(g)),
                        body: self.expr(&arm.body),
                    })
                    .collect();
                (
                    ExprKind::Match { scrutinee, arms },
                    self.span_pos(m.match_token.span, m.brace_token.span.close()),
                )
            }
            S::ForLoop(f) => {
                let first = spans::labelled(&f.label, f.for_token.span);
                (
                    ExprKind::ForLoop {
                        pat: self.pat(&f.pat),
                        iter: self.boxed(&f.expr),
                        body: self.block(&f.body),
                    },
                    self.span_pos(first, f.body.brace_token.span.close()),
                )
            }
            S::While(w) => {
                let first = spans::labelled(&w.label, w.while_token.span);
                (
                    ExprKind::While {
                        cond: self.boxed(&w.cond),
                        body: self.block(&w.body),
                    },
                    self.span_pos(first, w.body.brace_token.span.close()),
                )
            }
            S::Loop(l) => {
                let first = spans::labelled(&l.label, l.loop_token.span);
                (
                    ExprKind::Loop(self.block(&l.body)),
                    self.span_pos(first, l.body.brace_token.span.close()),
                )
            }
            S::Let(l) => {
                let pat = self.pat(&l.pat);
                let expr = self.boxed(&l.expr);
                let pos = join(self.pos(l.let_token.span), expr.pos);
                (ExprKind::Let { pat, expr }, pos)
            }
            S::Closure(c) => {
                let inputs = c.inputs.iter().map(|p| self.pat(p)).collect();
                let body = self.expr(&c.body);
                let pos = join(self.pos(spans::closure_start(c)), body.pos);
                (
                    ExprKind::Closure(Box::new(ir::Closure { inputs, body })),
                    pos,
                )
            }
            S::Return(r) => {
                let value = r.expr.as_ref().map(|e| self.boxed(e));
                let first = self.pos(r.return_token.span);
                let pos = value.as_ref().map_or(first, |v| join(first, v.pos));
                (ExprKind::Return(value), pos)
            }
            S::Break(b) => {
                let value = b.expr.as_ref().map(|e| self.boxed(e));
                let first = self.pos(b.break_token.span);
                let pos = match (&value, &b.label) {
                    (Some(v), _) => join(first, v.pos),
                    (None, Some(l)) => join(first, self.tokens_pos(l)),
                    (None, None) => first,
                };
                (ExprKind::Break(value), pos)
            }
            S::Yield(y) => {
                let value = y.expr.as_ref().map(|e| self.boxed(e));
                let first = self.pos(y.yield_token.span);
                let pos = value.as_ref().map_or(first, |v| join(first, v.pos));
                (ExprKind::Yield(value), pos)
            }
            S::Try(t) => {
                let inner = self.boxed(&t.expr);
                let pos = join(inner.pos, self.pos(t.question_token.span));
                (ExprKind::Try(inner), pos)
            }
            S::Struct(s) => {
                let path = self.path(&s.path);
                let fields = s
                    .fields
                    .iter()
                    .map(|fv| {
                        let key = match &fv.member {
                            syn::Member::Named(id) => name_of(id),
                            syn::Member::Unnamed(i) => i.index.to_string(),
                        };
                        (key, self.expr(&fv.expr))
                    })
                    .collect();
                let rest = s.rest.as_ref().map(|r| self.boxed(r));
                let first = spans::path_pos(self, s.qself.as_ref(), &s.path);
                let pos = join(first, self.pos(s.brace_token.span.close()));
                (ExprKind::Struct { path, fields, rest }, pos)
            }
            S::Call(c) => {
                let func = self.boxed(&c.func);
                let args = self.exprs(c.args.iter());
                let pos = join(func.pos, self.pos(c.paren_token.span.close()));
                (ExprKind::Call { func, args }, pos)
            }
            S::MethodCall(m) => {
                let receiver = self.expr(&m.receiver);
                let turbofish = m
                    .turbofish
                    .as_ref()
                    .map(|t| {
                        t.args
                            .iter()
                            .filter_map(|a| match a {
                                syn::GenericArgument::Type(ty) => Some(self.ty(ty)),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let args = self.exprs(m.args.iter());
                let pos = join(receiver.pos, self.pos(m.paren_token.span.close()));
                let call = ir::MethodCall {
                    receiver,
                    method: name_of(&m.method),
                    method_pos: self.pos(m.method.span()),
                    turbofish,
                    args,
                };
                (ExprKind::MethodCall(Box::new(call)), pos)
            }
            S::Macro(m) => {
                let call = self.mac(&m.mac);
                let pos = join(
                    call.site_pos,
                    self.pos(spans::delimiter_close(&m.mac.delimiter)),
                );
                (ExprKind::Macro(Box::new(call)), pos)
            }
            other => (ExprKind::Other, self.tokens_pos(other)),
        };
        Expr { pos, kind }
    }

    /// A block-like expression (`{..}`, `unsafe {..}`, `async {..}`) that
    /// starts at `first`.
    fn block_expr(&mut self, first: Span, block: &syn::Block) -> (ExprKind, Pos) {
        (
            ExprKind::Block(self.block(block)),
            self.span_pos(first, block.brace_token.span.close()),
        )
    }

    /// A binary expression. Chains of operators (`a + b + c + ..`, nested to
    /// the left by the parser) become one node, walked with a loop.
    fn binary(&mut self, b: &syn::ExprBinary) -> Expr {
        if is_compound_assign(&b.op) {
            let place = self.boxed(&b.left);
            let value = self.boxed(&b.right);
            let pos = join(place.pos, value.pos);
            return Expr {
                pos,
                kind: ExprKind::CompoundAssign { place, value },
            };
        }
        let mut spine = vec![b];
        let mut leftmost = &*b.left;
        while let syn::Expr::Binary(inner) = leftmost
            && !is_compound_assign(&inner.op)
            && spans::leading_attr(leftmost).is_none()
        {
            spine.push(inner);
            leftmost = &inner.left;
        }
        let first = self.boxed(leftmost);
        let rest: Vec<(BinOp, Expr)> = spine
            .into_iter()
            .rev()
            .map(|node| (bin_op(&node.op), self.expr(&node.right)))
            .collect();
        let end = rest.last().map_or(first.pos, |(_, e)| e.pos);
        Expr {
            pos: join(first.pos, end),
            kind: ExprKind::Binary { first, rest },
        }
    }
}

/// [`ident_name`] (the identifier without `r#`) without copying the string
/// twice, for the names of patterns, fields and members.
fn name_of(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(unraw) => unraw.to_owned(),
        None => s,
    }
}

/// From the start of `a` to the end of `b`.
fn join(a: Pos, b: Pos) -> Pos {
    Pos {
        end_line: b.end_line,
        end_col: b.end_col,
        ..a
    }
}

fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp as B;
    matches!(
        op,
        B::AddAssign(_)
            | B::SubAssign(_)
            | B::MulAssign(_)
            | B::DivAssign(_)
            | B::RemAssign(_)
            | B::BitXorAssign(_)
            | B::BitAndAssign(_)
            | B::BitOrAssign(_)
            | B::ShlAssign(_)
            | B::ShrAssign(_)
    )
}

fn bin_op(op: &syn::BinOp) -> BinOp {
    use syn::BinOp as B;
    match op {
        B::Add(_)
        | B::Sub(_)
        | B::Mul(_)
        | B::Div(_)
        | B::Rem(_)
        | B::BitXor(_)
        | B::BitAnd(_)
        | B::BitOr(_)
        | B::Shl(_)
        | B::Shr(_) => BinOp::Arith,
        _ => BinOp::Logic,
    }
}

fn generic_names(generics: &syn::Generics) -> Vec<String> {
    generics
        .type_params()
        .map(|t| t.ident.to_string())
        .collect()
}

fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// `#[datamin::<name>]`, or `#[<name>]` imported from datamin.
fn is_datamin_attr(attr: &syn::Attribute, name: &str) -> bool {
    let segs = path_segments(attr.path());
    match segs.as_slice() {
        [one] => one == name,
        [krate, one] => krate == "datamin" && one == name,
        _ => false,
    }
}

/// The category an attribute's argument names (`email` in
/// `#[personal(email)]`); `other` when it names none, or one the derive
/// would reject (the compiler reports it there).
fn category_of(attr: &syn::Attribute) -> String {
    let syn::Meta::List(list) = &attr.meta else {
        return "other".to_owned();
    };
    let text = list.tokens.to_string();
    let text = text.trim();
    if text.parse::<datamin::Category>().is_ok() {
        text.to_owned()
    } else {
        "other".to_owned()
    }
}

/// The category of `#[datamin::source(<category>)]`, if present.
fn source_category(attrs: &[syn::Attribute]) -> Option<String> {
    let attr = attrs.iter().find(|a| is_datamin_attr(a, "source"))?;
    Some(category_of(attr))
}

/// The category of a `#[personal]` / `#[personal(cat)]` attribute, if present.
fn personal_category(attrs: &[syn::Attribute]) -> Option<String> {
    let attr = attrs.iter().find(|a| {
        let segs = path_segments(a.path());
        segs.last().is_some_and(|s| s == "personal") && segs.len() <= 2
    })?;
    Some(category_of(attr))
}

/// `#[not_personal]` or `#[datamin::not_personal]` among the attributes.
fn marked_not_personal(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let segs = path_segments(a.path());
        segs.last().is_some_and(|s| s == "not_personal") && segs.len() <= 2
    })
}

/// The text of a string literal (in parentheses or a group too).
fn text_of(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        syn::Expr::Paren(p) => text_of(&p.expr),
        syn::Expr::Group(g) => text_of(&g.expr),
        _ => None,
    }
}

/// The attributes with each `#[cfg_attr(pred, a, b)]` replaced by `a` and
/// `b`: whether the predicate holds is not known, and a derive or serde
/// attribute behind a feature (`#[cfg_attr(feature = "full",
/// derive(Queryable))]`) is what the code is read for. Borrowed when there
/// is none.
fn cfg_attrs_applied(attrs: &[syn::Attribute]) -> std::borrow::Cow<'_, [syn::Attribute]> {
    if !attrs.iter().any(|a| a.path().is_ident("cfg_attr")) {
        return std::borrow::Cow::Borrowed(attrs);
    }
    let mut out = Vec::with_capacity(attrs.len());
    for attr in attrs {
        let syn::Meta::List(list) = &attr.meta else {
            out.push(attr.clone());
            continue;
        };
        if !list.path.is_ident("cfg_attr") {
            out.push(attr.clone());
            continue;
        }
        let parser = syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated;
        let Ok(metas) = syn::parse::Parser::parse2(parser, list.tokens.clone()) else {
            continue;
        };
        // The predicate first, then the attributes it guards (which may
        // be `cfg_attr`s themselves: they are read once, not expanded).
        out.extend(metas.into_iter().skip(1).map(|meta| syn::Attribute {
            pound_token: attr.pound_token,
            style: attr.style,
            bracket_token: attr.bracket_token,
            meta,
        }));
    }
    std::borrow::Cow::Owned(out)
}

impl Lower<'_> {
    /// Where attributes added to a field go: its first attribute after its
    /// doc comments, else its visibility, its name or its type.
    fn field_start(&self, f: &syn::Field) -> Pos {
        if let Some(attr) = f.attrs.iter().find(|a| !a.path().is_ident("doc")) {
            return self.pos(attr.pound_token.span);
        }
        match (&f.vis, &f.ident) {
            (syn::Visibility::Inherited, Some(ident)) => self.pos(ident.span()),
            (syn::Visibility::Inherited, None) => self.tokens_pos(&f.ty),
            (vis, _) => self.tokens_pos(vis),
        }
    }

    /// The path of the standard `Debug` in the type's `#[derive(..)]`.
    fn debug_derive(&self, attrs: &[syn::Attribute]) -> Option<Pos> {
        let mut found = None;
        for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
            let _ = attr.parse_nested_meta(|meta| {
                let is_debug = meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Debug");
                let std_path = meta.path.segments.len() == 1
                    || meta
                        .path
                        .segments
                        .first()
                        .is_some_and(|s| s.ident == "std" || s.ident == "core");
                if is_debug && std_path {
                    found = Some(self.tokens_pos(&meta.path));
                }
                Ok(())
            });
        }
        found
    }
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

/// Whether a redacting derive's `all` on a type (`on_type`) or on an enum
/// variant covers its fields. On a type, `all` with `variant` is about
/// variant names.
fn redacts_all(attrs: &[syn::Attribute], on_type: bool) -> bool {
    let mark = &redaction::FIELD_ATTR;
    has_flag(attrs, mark.attr, &[mark.all])
        && !(on_type && has_flag(attrs, mark.attr, &[mark.variant]))
}

/// Whether a field is marked for redaction: by its own attribute, or by
/// `all` on its struct or variant, unless it says `skip`.
fn redact_marked(attrs: &[syn::Attribute], all: bool) -> bool {
    let mark = &redaction::FIELD_ATTR;
    let own = attrs.iter().any(|a| a.path().is_ident(mark.attr));
    (own || all) && !has_flag(attrs, mark.attr, &[mark.skip])
}

/// Calls `f` on each entry of the attributes `#[<attr>(..)]`, with its
/// value when it is `key = value`; nested lists (`validator(..)`) are read
/// past.
fn attr_entries(
    attrs: &[syn::Attribute],
    attr: &str,
    mut f: impl FnMut(&syn::Path, Option<&syn::Expr>),
) {
    for a in attrs.iter().filter(|a| a.path().is_ident(attr)) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                f(&meta.path, Some(&value));
            } else {
                f(&meta.path, None);
                if meta.input.peek(syn::token::Paren) {
                    let _ = meta.parse_nested_meta(|inner| {
                        if inner.input.peek(syn::Token![=]) {
                            let _: syn::Expr = inner.value()?.parse()?;
                        }
                        Ok(())
                    });
                }
            }
            Ok(())
        });
    }
}

/// The string value of `key` in an attribute `#[<attr>(key = "..")]`.
fn attr_value(attrs: &[syn::Attribute], attr: &str, key: &str) -> Option<String> {
    let mut found = None;
    attr_entries(attrs, attr, |path, value| {
        if path.is_ident(key)
            && let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            })) = value
        {
            found = Some(s.value());
        }
    });
    found
}

/// The table or column a database derive maps a struct or field to:
/// `#[diesel(<key> = name)]` (a path: its last segment), or diesel 1's
/// `#[<key> = "name"]`.
fn db_name(attrs: &[syn::Attribute], key: &str) -> Option<String> {
    let mut found = None;
    attr_entries(attrs, "diesel", |path, value| {
        if path.is_ident(key) {
            found = match value {
                Some(syn::Expr::Path(p)) => p.path.segments.last().map(|s| ident_name(&s.ident)),
                Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                })) => Some(s.value()),
                _ => found.take(),
            };
        }
    });
    found.or_else(|| {
        attrs.iter().find_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident(key) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
    })
}

/// Whether an attribute `#[<attr>(..)]` lists one of `flags`.
fn has_flag(attrs: &[syn::Attribute], attr: &str, flags: &[&str]) -> bool {
    let mut found = false;
    attr_entries(attrs, attr, |path, _| {
        found |= flags.iter().any(|f| path.is_ident(f));
    });
    found
}

/// A route attribute (`#[get("/x")]`, `#[handler]`, `#[oai(path = .., method = ..)]`),
/// with the route when it names one.
fn route_attribute(attrs: &[syn::Attribute]) -> Option<Option<String>> {
    let mut out = None;
    for attr in attrs {
        let Some(last) = attr.path().segments.last() else {
            continue;
        };
        let name = last.ident.to_string();
        if !ROUTE_ATTRIBUTES.contains(&name.as_str()) {
            continue;
        }
        let mut route = None;
        if let syn::Meta::List(list) = &attr.meta {
            let segments = split_top(list.tokens.clone(), ',');
            let path = segments
                .first()
                .and_then(|s| lit_str_of(s))
                .map(|l| l.value());
            let mut method = crate::sinks::web::METHOD_ROUTERS
                .contains(&name.as_str())
                .then(|| name.to_uppercase());
            let mut oai_path = None;
            for seg in &segments {
                let text: Vec<String> = seg.iter().map(ToString::to_string).collect();
                if let [key, eq, value] = text.as_slice() {
                    if eq == "=" && key == "method" {
                        method = Some(value.trim_matches('"').to_uppercase());
                    }
                    if eq == "=" && key == "path" {
                        oai_path = Some(value.trim_matches('"').to_owned());
                    }
                }
            }
            if let (Some(m), Some(p)) = (method, path.or(oai_path)) {
                route = Some(format!("{m} {p}"));
            }
        }
        out = Some(route);
    }
    out
}

/// Whether a return type mentions a response type anywhere.
fn names_response_type(ty: &syn::Type) -> bool {
    use syn::visit::Visit;
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let segs = path_segments(path);
            // `Self::Response` is an associated type, not a response; client
            // responses are not served.
            if segs.first().is_some_and(|s| s == "Self")
                || segs.iter().any(|s| s == "reqwest" || s == "hyper_util")
            {
                return;
            }
            if segs
                .last()
                .is_some_and(|l| RESPONSE_TYPES.contains(&l.as_str()))
            {
                self.0 = true;
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(text: &str) -> ir::File {
        let ast = syn::parse_file(text).expect("parses");
        lower_file(&ast, 3, text)
    }

    /// The first expression of the body of the first function.
    fn first_expr(file: &ir::File) -> &Expr {
        let Some(ir::Item::Fn(f)) = file.items.first() else {
            panic!("a function first");
        };
        match f.body.as_ref().and_then(|b| b.stmts.first()) {
            Some(Stmt::Expr(e, _)) => e,
            other => panic!("an expression first, not {other:?}"),
        }
    }

    /// The tables of a file's `table!` calls: (table, columns as
    /// `name[=sql_name][:category]`).
    fn tables_of(file: &ir::File) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for item in &file.items {
            let items = match item {
                ir::Item::Mod { items, .. } => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                if let ir::Item::Tables(tables) = item {
                    for t in tables {
                        let cols = t
                            .columns
                            .iter()
                            .map(|c| {
                                let mut s = c.name.clone();
                                if let Some(sql) = &c.sql_name {
                                    s = format!("{s}={sql}");
                                }
                                if let Some(cat) = &c.personal {
                                    s = format!("{s}:{cat}");
                                }
                                s
                            })
                            .collect();
                        out.push((t.sql_name.clone().unwrap_or_else(|| t.name.clone()), cols));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn table_macros_give_their_columns_and_the_marks_on_their_lines() {
        let file = lowered(
            r#"
            pub mod schema {
                diesel::table! {
                    use diesel::sql_types::*;

                    /// Accounts.
                    users (id) {
                        id -> Int4,
                        /// The login address.
                        email -> Varchar, // datamin:personal(email)
                        #[sql_name = "display"]
                        shown_name -> Nullable<Text>, //datamin:personal( name )
                        created_at -> Timestamp, // not datamin:personal(email): no comment
                    }
                }
                table! {
                    #[sql_name = "audit_entries"]
                    public.audit (id) { id -> Int8, actor_email -> Text, }
                    sessions { token -> Text, /* datamin:personal(credentials) */ }
                }
            }
            "#,
        );
        assert_eq!(
            tables_of(&file),
            [
                (
                    "users".to_owned(),
                    vec![
                        "id".to_owned(),
                        "email:email".to_owned(),
                        "shown_name=display:name".to_owned(),
                        "created_at".to_owned()
                    ]
                ),
                (
                    "audit_entries".to_owned(),
                    vec!["id".to_owned(), "actor_email".to_owned()]
                ),
                ("sessions".to_owned(), vec!["token".to_owned()]),
            ]
        );
        assert!(file.errors.is_empty(), "{:?}", file.errors);
    }

    #[test]
    fn an_unknown_category_in_a_column_mark_is_an_error_at_the_column() {
        let file = lowered(
            "table! {
 users (id) {
  id -> Int4,
  email -> Text, // datamin:personal(emial)
 }
}
",
        );
        assert_eq!(
            tables_of(&file),
            [(
                "users".to_owned(),
                vec!["id".to_owned(), "email".to_owned()]
            )]
        );
        let [(pos, message)] = file.errors.as_slice() else {
            panic!("one error: {:?}", file.errors);
        };
        assert_eq!((pos.line, pos.col), (4, 3));
        assert!(
            message.starts_with("unknown category `emial` in `// datamin:personal(..)`; expected one of `name`, `email`"),
            "{message}"
        );
    }

    #[test]
    fn the_lowered_form_is_send_and_survives_serialisation() {
        fn is_send<T: Send>() {}
        is_send::<ir::File>();
        let file = lowered(
            r#"
            use tracing::info;
            #[derive(Debug, Serialize)]
            struct Customer { #[personal(email)] email: String, id: u64 }
            impl Customer {
                #[tracing::instrument(skip(self), fields(id = %self.id))]
                fn greet(&self, others: &[Customer]) -> Option<String> {
                    let names: Vec<_> = others.iter().map(|c| c.email.clone()).collect();
                    info!(count = names.len(), "greeting {}", self.email);
                    Some(format!("{names:?}"))
                }
            }
            "#,
        );
        let json = serde_json::to_string(&file).expect("serialises");
        let back: ir::File = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(serde_json::to_string(&back).expect("serialises"), json);
    }

    #[test]
    fn positions_span_the_tokens_of_each_expression() {
        let file = lowered("fn f() {\n    user\n        .email\n        .trim(); }");
        let e = first_expr(&file);
        assert_eq!(
            (
                e.pos.file,
                e.pos.line,
                e.pos.col,
                e.pos.end_line,
                e.pos.end_col
            ),
            (3, 2, 5, 4, 16)
        );
        let ExprKind::MethodCall(m) = &e.kind else {
            panic!("a method call");
        };
        assert_eq!((m.method_pos.line, m.method_pos.col), (4, 10));
        assert_eq!(
            (
                m.receiver.pos.line,
                m.receiver.pos.end_line,
                m.receiver.pos.end_col
            ),
            (2, 3, 15)
        );
    }

    #[test]
    fn operator_chains_become_one_node() {
        let terms = vec!["x"; 5000].join(" + ");
        let file = lowered(&format!("fn f() {{ {terms} }}"));
        let ExprKind::Binary { first, rest } = &first_expr(&file).kind else {
            panic!("a binary chain");
        };
        assert!(matches!(first.kind, ExprKind::Path(_)));
        assert_eq!(rest.len(), 4999);
        assert_eq!(file.truncated, 0);
    }

    #[test]
    fn lowering_stops_at_its_depth_budget_and_counts_it() {
        // The parser needs the analysis stack for a chain this long.
        let truncated = std::thread::Builder::new()
            .stack_size(crate::ANALYSIS_STACK_BYTES)
            .spawn(|| {
                let chain = ".m()".repeat(MAX_LOWER_DEPTH + 10);
                lowered(&format!("fn f() {{ x{chain} }}")).truncated
            })
            .expect("thread")
            .join()
            .expect("no panic");
        assert_eq!(truncated, 1);
    }

    #[test]
    fn macro_arguments_are_split_and_parsed_once() {
        let file =
            lowered(r#"fn f() { info!(target: "audit", user.id, email = %user.email; "{}", n) }"#);
        let ExprKind::Macro(m) = &first_expr(&file).kind else {
            panic!("a macro call");
        };
        assert_eq!(m.path, ["info"]);
        let Some(Some([kv, fmt])) = &m.halves else {
            panic!("two halves");
        };
        assert_eq!(kv.len(), 3);
        assert_eq!(kv[0].meta.as_deref(), Some("target"));
        assert_eq!(
            kv[2].field().map(|(_, mode)| mode),
            Some(crate::sinks::Mode::Display)
        );
        assert_eq!(fmt[0].lit.as_deref(), Some("{}"));
        assert!(m.json.is_none());
    }
}
