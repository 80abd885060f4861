//! The lowered form of one file: what the analysis reads of it, without the
//! syntax tree.
//!
//! `lower` turns a `syn` tree into these types on the thread that parsed it;
//! the tree is then dropped. Everything here owns its data, is `Send`, and
//! is serialisable (the unit a cache or a language server keeps per file).
//! Source positions are resolved while lowering, so nothing later needs the
//! parser's spans.
//!
//! The shapes follow `syn`'s where the interpreter reads them, minus what it
//! never looks at: lifetimes, visibility, attributes other than the ones it
//! understands (lowered to flags: `#[personal]`, serde and GraphQL skips,
//! derives, routes, `#[instrument]`), and the token soup of macro calls,
//! which is pre-split into the segments every macro grammar reads. Operator
//! chains are flattened, so no input nests deeper here than its brackets.

use serde::{Deserialize, Serialize};

use super::ids::Pos;
use super::names::{Import, UseMap};
use crate::sinks::Mode;

/// One lowered file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct File {
    pub items: Vec<Item>,
    /// What its `use` items bring into scope.
    pub uses: UseMap,
    /// Expressions the lowering did not descend into (nested past
    /// [`super::limits::MAX_LOWER_DEPTH`]).
    pub truncated: usize,
    /// What the file says wrongly (a `// datamin:personal(..)` comment with
    /// an unknown category), at its position.
    pub errors: Vec<(Pos, String)>,
}

/// An item the model reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Item {
    /// A struct or union.
    Struct(TypeDecl),
    Enum(EnumDecl),
    Trait(TraitDecl),
    /// `type Name<..> = Ty;`
    Alias {
        name: String,
        generics: Vec<String>,
        ty: Type,
    },
    /// A module: inline (`mod m { .. }`), or declared (`mod m;`, no items:
    /// they are in its own file).
    Mod {
        name: String,
        items: Vec<Item>,
    },
    /// `macro_rules! name`, with the logging macro its body forwards to.
    MacroRules {
        name: String,
        forwards_to: Option<String>,
    },
    Fn(FnDecl),
    Impl(ImplDecl),
    /// What a `use` item imports.
    Use(Vec<Import>),
    /// The tables of a diesel `table!` call.
    Tables(Vec<TableDecl>),
    /// A `const` (or `static`) whose value is a string literal, such as a
    /// query's SQL: its name and text.
    Text(String, String),
}

/// A table of a diesel `table!`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TableDecl {
    /// Its Rust name (`users`).
    pub name: String,
    /// `#[sql_name = ".."]`: its name in the database, when different.
    pub sql_name: Option<String>,
    pub columns: Vec<ColumnDecl>,
}

/// A column of a diesel `table!`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ColumnDecl {
    pub name: String,
    /// `#[sql_name = ".."]`: its name in the database, when different.
    pub sql_name: Option<String>,
    /// The category of a `// datamin:personal(<category>)` comment on its line.
    pub personal: Option<String>,
    /// The position of its name.
    pub pos: Pos,
}

/// A struct (or union) declaration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TypeDecl {
    pub name: String,
    /// The position of its name.
    pub pos: Pos,
    pub generics: Vec<String>,
    pub derives: Vec<String>,
    /// The path `Debug` in its `#[derive(..)]`, when it derives the standard one.
    pub debug_derive: Option<Pos>,
    pub fields: Vec<FieldDecl>,
    /// `#[diesel(table_name = ..)]`: the table its rows come from.
    pub table: Option<String>,
    /// `#[datamin::not_personal]`: reviewed, none of its fields is personal.
    pub not_personal: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EnumDecl {
    pub name: String,
    /// The position of its name.
    pub pos: Pos,
    pub generics: Vec<String>,
    pub derives: Vec<String>,
    /// The path `Debug` in its `#[derive(..)]`, when it derives the standard one.
    pub debug_derive: Option<Pos>,
    /// `#[datamin::not_personal]`.
    pub not_personal: bool,
    pub variants: Vec<(String, Vec<FieldDecl>)>,
}

/// A named or tuple field (`name` is its index for tuple fields).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FieldDecl {
    pub name: String,
    pub ty: Type,
    /// The category of its `#[personal]` attribute.
    pub personal: Option<String>,
    /// `#[not_personal]` (or `#[datamin::not_personal]`): reviewed, not personal.
    pub not_personal: bool,
    /// `#[serde(skip)]` or `#[serde(skip_serializing)]`.
    pub serde_skip: bool,
    /// `#[graphql(skip)]` or `#[graphql(skip_output)]`.
    pub graphql_skip: bool,
    /// `#[serde(serialize_with = "..")]`: the helper's path.
    pub serialize_with: Option<String>,
    /// Marked by a redacting `Debug` derive's field attribute
    /// ([`crate::semantics::redaction::FIELD_ATTR`]), directly or through
    /// `all` on its struct or variant.
    pub redact_marked: bool,
    /// The column it maps to, when not its name: `#[diesel(column_name =
    /// ..)]`, `#[sqlx(rename = "..")]`.
    pub column: Option<String>,
    /// Its name, or its type for a tuple field.
    pub pos: Pos,
    /// Where attributes added to it go: its first attribute after its doc
    /// comments, its visibility or its name.
    pub start: Pos,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TraitDecl {
    pub name: String,
    /// Every method, with or without a default body.
    pub fns: Vec<FnDecl>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ImplDecl {
    /// The last segment of the implementing type's path.
    pub self_name: Option<String>,
    /// The last segment of the implemented trait's path.
    pub trait_name: Option<String>,
    pub generics: Vec<String>,
    pub assoc_types: Vec<(String, Type)>,
    /// Associated consts whose value is a string literal: name and text.
    pub texts: Vec<(String, String)>,
    /// `#[Object]` / `#[ComplexObject]` (async-graphql resolvers).
    pub resolver: bool,
    pub fns: Vec<FnDecl>,
}

/// A function or method.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FnDecl {
    pub name: String,
    /// The position of its name.
    pub pos: Pos,
    pub sig: Sig,
    pub attrs: FnAttrs,
    pub body: Option<Block>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Sig {
    pub inputs: Vec<Param>,
    /// `None` for `-> ()` left out.
    pub output: Option<Type>,
    pub generics: Vec<String>,
    /// The return type mentions a response type (`impl IntoResponse`).
    pub returns_response: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Param {
    /// `self`, `&self`, `&mut self`: the position of `self`.
    Receiver(Pos),
    Typed {
        pat: Pat,
        ty: Type,
    },
}

/// What the attributes of a function say.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct FnAttrs {
    /// `#[datamin::sanitizer]`.
    pub sanitizer: bool,
    /// `#[datamin::source(<category>)]`: the category of what it returns.
    pub source: Option<String>,
    /// `#[graphql(skip)]`: a method of an `#[Object]` impl that is no
    /// resolver.
    pub graphql_skip: bool,
    /// A route attribute (`#[get("/x")]`, `#[handler]`), with the route
    /// when it names one.
    pub route: Option<Option<String>>,
    /// `#[instrument(..)]`: the attribute's position and what it says.
    pub instrument: Option<(Pos, Instrument)>,
}

/// What `#[instrument(...)]` says.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Instrument {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub fields: Vec<TracingField>,
    pub ret: Option<Mode>,
    pub err: Option<Mode>,
}

/// A type as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Type {
    Path(Path),
    /// A reference, pointer or parenthesised type: the type it wraps.
    Ref(Box<Type>),
    Tuple(Vec<Type>),
    /// A slice or an array.
    Seq(Box<Type>),
    /// `impl A + B` / `dyn A + B`: the trait bounds.
    Bounds(Vec<Bound>),
    /// `_`, `!`, fn pointers, macros in type position.
    Other,
}

/// A trait bound: the trait's name and, for iterator traits, `Item = T`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Bound {
    pub name: String,
    pub item: Option<Type>,
}

/// A path, with the type arguments of its last segment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Path {
    pub segs: Vec<String>,
    /// Type arguments of the last segment (`Vec<T>`, `query_as::<_, Row>`).
    pub args: Vec<Type>,
    /// Some segment has arguments, or the path starts with `::`.
    pub decorated: bool,
}

impl Path {
    /// The single identifier this path is, like `syn::Path::get_ident`.
    pub fn ident(&self) -> Option<&str> {
        match self.segs.as_slice() {
            [one] if !self.decorated => Some(one),
            _ => None,
        }
    }

    pub fn last(&self) -> &str {
        self.segs.last().map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Block {
    pub stmts: Vec<Stmt>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Stmt {
    Local {
        pat: Box<Pat>,
        init: Option<Expr>,
        /// `let .. else { .. }`.
        diverge: Option<Expr>,
    },
    /// An expression, and whether a `;` follows it.
    Expr(Expr, bool),
    /// A macro in statement position.
    Macro(Box<MacroCall>),
    /// An item: a function or impl declared in a block (other items are
    /// `None`).
    Item(Option<Box<Item>>),
}

/// A pattern, with its position.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Pat {
    pub pos: Pos,
    pub kind: PatKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum PatKind {
    Ident {
        name: String,
        /// The position of the name (the pattern may start with `ref mut`).
        ident_pos: Pos,
        sub: Option<Box<Pat>>,
    },
    Type {
        pat: Box<Pat>,
        ty: Type,
    },
    Reference(Box<Pat>),
    Paren(Box<Pat>),
    Or(Vec<Pat>),
    Tuple(Vec<Pat>),
    Slice(Vec<Pat>),
    TupleStruct {
        path: Path,
        elems: Vec<Pat>,
    },
    Struct {
        path: Path,
        /// Field name (or index), its position, and the sub-pattern.
        fields: Vec<(String, Pos, Pat)>,
    },
    /// `..`
    Rest,
    /// Literals, wildcards, ranges: they bind nothing.
    Other,
}

/// An expression, with the position of its tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum UnOp {
    Deref,
    Not,
    Neg,
}

/// A binary operator, as far as values are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum BinOp {
    /// Arithmetic and bit operators: the result carries both sides.
    Arith,
    /// Comparisons and logic: the result carries neither.
    Logic,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum ExprKind {
    Path(Path),
    /// A string literal (its value).
    Str(String),
    /// Any other literal.
    Lit,
    Field {
        base: Box<Expr>,
        /// The field's name or index.
        member: String,
    },
    Paren(Box<Expr>),
    Group(Box<Expr>),
    Reference(Box<Expr>),
    Await(Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Cast(Box<Expr>, Type),
    /// A left-nested chain of binary operators: `first op1 e1 op2 e2 ..`.
    Binary {
        first: Box<Expr>,
        rest: Vec<(BinOp, Expr)>,
    },
    /// `place op= value`.
    CompoundAssign {
        place: Box<Expr>,
        value: Box<Expr>,
    },
    Assign {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Tuple(Vec<Expr>),
    Array(Vec<Expr>),
    Repeat {
        elem: Box<Expr>,
        len: Box<Expr>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    Range {
        start: Option<Box<Expr>>,
        end: Option<Box<Expr>>,
    },
    /// A block, `unsafe`, `const`, `async` or `try` block.
    Block(Block),
    If {
        cond: Box<Expr>,
        then: Block,
        els: Option<Box<Expr>>,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    ForLoop {
        pat: Pat,
        iter: Box<Expr>,
        body: Block,
    },
    While {
        cond: Box<Expr>,
        body: Block,
    },
    Loop(Block),
    Let {
        pat: Pat,
        expr: Box<Expr>,
    },
    Closure(Box<Closure>),
    Return(Option<Box<Expr>>),
    Break(Option<Box<Expr>>),
    Yield(Option<Box<Expr>>),
    Try(Box<Expr>),
    Struct {
        path: Path,
        fields: Vec<(String, Expr)>,
        rest: Option<Box<Expr>>,
    },
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
    },
    MethodCall(Box<MethodCall>),
    Macro(Box<MacroCall>),
    /// An expression the analysis has no use for (`continue`, `_`).
    Other,
    /// Nested deeper than the lowering descends (counted in
    /// [`File::truncated`]).
    Truncated,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Closure {
    pub inputs: Vec<Pat>,
    pub body: Expr,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Arm {
    pub pat: Pat,
    pub guard: Option<Expr>,
    pub body: Expr,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MethodCall {
    pub receiver: Expr,
    pub method: String,
    /// The position of the method's name.
    pub method_pos: Pos,
    /// The type arguments of its turbofish (`collect::<Vec<_>>()`).
    pub turbofish: Vec<Type>,
    pub args: Vec<Expr>,
}

/// A macro call, its arguments pre-split into what each macro grammar reads
/// (which grammar applies is only known once names are resolved).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MacroCall {
    pub path: Vec<String>,
    /// From the path (its leading `::` included) to the `!`.
    pub site_pos: Pos,
    /// The arguments split at top-level commas.
    pub segs: Vec<Seg>,
    /// When the arguments hold top-level `;`s: the two halves split at
    /// commas (`info!(k = v; "fmt", x)`, `vec![x; n]`), or `None` for more
    /// than two.
    pub halves: Option<Option<[Vec<Seg>; 2]>>,
    /// The leaves of a JSON-like literal, for macros named like one
    /// (`json!`, `context!`).
    pub json: Option<Vec<Expr>>,
    /// The row type of `query_as!(Row, ..)`, for sqlx's typed query macros.
    pub query_ty: Option<Type>,
    /// What a `select!` (tokio, futures) runs, as one `if let pat = future
    /// { body }` per arm (and the `else` arm's body): its arms bind and run
    /// like any other code.
    pub select_arms: Option<Block>,
}

/// One comma-separated argument of a macro call, read every way a grammar
/// may read it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Seg {
    /// The segment as an expression, if it is one.
    pub expr: Option<Expr>,
    /// The string literal the segment consists of.
    pub lit: Option<String>,
    /// `ident :` at its start (`target: ..`, `parent: ..`).
    pub meta: Option<String>,
    /// The segment as a `tracing` field (`name = %value`, `?value`).
    pub field: SegField,
}

/// How a macro argument reads as a `tracing` field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) enum SegField {
    /// The whole segment is the value, recorded as a `Value` (`user.id`).
    #[default]
    AsExpr,
    /// `name = %value` and the like.
    Own(TracingField),
    /// It does not parse as one.
    NotAField,
}

impl Seg {
    /// The segment as a `tracing` field: its value and how it is rendered.
    pub fn field(&self) -> Option<(&Expr, Mode)> {
        match &self.field {
            SegField::AsExpr => self.expr.as_ref().map(|e| (e, Mode::Value)),
            SegField::Own(f) => Some((&f.value, f.mode)),
            SegField::NotAField => None,
        }
    }
}

/// One structured field of a `tracing` macro or `#[instrument(fields(..))]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TracingField {
    pub value: Expr,
    pub mode: Mode,
}

/// What [`walk_block`] visits.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    Expr(&'a Expr),
    Macro(&'a MacroCall),
}

/// Calls `f` on every expression and macro call of a block, outer before
/// inner, except those in nested items; the expressions in the arguments of
/// macro calls too when `into_macros`.
pub(crate) fn walk_block<'a>(block: &'a Block, into_macros: bool, f: &mut impl FnMut(Node<'a>)) {
    walk_block_pruned(block, into_macros, &mut |node| {
        f(node);
        true
    });
}

/// [`walk_expr`] for an expression (and itself first).
pub(crate) fn walk_expr<'a>(e: &'a Expr, into_macros: bool, f: &mut impl FnMut(Node<'a>)) {
    walk_expr_pruned(e, into_macros, &mut |node| {
        f(node);
        true
    });
}

/// [`walk_block`], where `f` returns whether to go on into what a node
/// holds (a visitor that reads some nodes' parts itself skips them).
pub(crate) fn walk_block_pruned<'a>(
    block: &'a Block,
    into_macros: bool,
    f: &mut impl FnMut(Node<'a>) -> bool,
) {
    for stmt in &block.stmts {
        match stmt {
            Stmt::Local { init, diverge, .. } => {
                for e in init.iter().chain(diverge) {
                    walk_expr_pruned(e, into_macros, f);
                }
            }
            Stmt::Expr(e, _) => walk_expr_pruned(e, into_macros, f),
            Stmt::Macro(m) => walk_macro(m, into_macros, f),
            Stmt::Item(_) => {}
        }
    }
}

fn walk_macro<'a>(m: &'a MacroCall, into_macros: bool, f: &mut impl FnMut(Node<'a>) -> bool) {
    if !f(Node::Macro(m)) || !into_macros {
        return;
    }
    let halves = m.halves.iter().flatten().flatten().flatten();
    for seg in m.segs.iter().chain(halves) {
        if let Some(e) = &seg.expr {
            walk_expr_pruned(e, true, f);
        }
        if let SegField::Own(field) = &seg.field {
            walk_expr_pruned(&field.value, true, f);
        }
    }
    for e in m.json.iter().flatten() {
        walk_expr_pruned(e, true, f);
    }
}

/// [`walk_block_pruned`] for an expression (and itself first).
pub(crate) fn walk_expr_pruned<'a>(
    e: &'a Expr,
    into_macros: bool,
    f: &mut impl FnMut(Node<'a>) -> bool,
) {
    if !f(Node::Expr(e)) {
        return;
    }
    let sub = |x: &'a Expr, f: &mut _| walk_expr_pruned(x, into_macros, f);
    match &e.kind {
        ExprKind::Field { base: x, .. }
        | ExprKind::Paren(x)
        | ExprKind::Group(x)
        | ExprKind::Reference(x)
        | ExprKind::Await(x)
        | ExprKind::Unary(_, x)
        | ExprKind::Cast(x, _)
        | ExprKind::Try(x) => sub(x, f),
        ExprKind::Binary { first, rest } => {
            sub(first, f);
            for (_, x) in rest {
                sub(x, f);
            }
        }
        ExprKind::CompoundAssign { place: a, value: b }
        | ExprKind::Assign { left: a, right: b }
        | ExprKind::Repeat { elem: a, len: b }
        | ExprKind::Index { base: a, index: b } => {
            sub(a, f);
            sub(b, f);
        }
        ExprKind::Tuple(xs) | ExprKind::Array(xs) => {
            for x in xs {
                sub(x, f);
            }
        }
        ExprKind::Range { start, end } => {
            for x in start.iter().chain(end) {
                sub(x, f);
            }
        }
        ExprKind::Block(b) | ExprKind::Loop(b) => walk_block_pruned(b, into_macros, f),
        ExprKind::If { cond, then, els } => {
            sub(cond, f);
            walk_block_pruned(then, into_macros, f);
            if let Some(x) = els {
                sub(x, f);
            }
        }
        ExprKind::Match { scrutinee, arms } => {
            sub(scrutinee, f);
            for arm in arms {
                if let Some(g) = &arm.guard {
                    sub(g, f);
                }
                sub(&arm.body, f);
            }
        }
        ExprKind::ForLoop { iter, body, .. } => {
            sub(iter, f);
            walk_block_pruned(body, into_macros, f);
        }
        ExprKind::While { cond, body } => {
            sub(cond, f);
            walk_block_pruned(body, into_macros, f);
        }
        ExprKind::Let { expr, .. } => sub(expr, f),
        ExprKind::Closure(c) => sub(&c.body, f),
        ExprKind::Return(x) | ExprKind::Break(x) | ExprKind::Yield(x) => {
            if let Some(x) = x {
                sub(x, f);
            }
        }
        ExprKind::Struct { fields, rest, .. } => {
            for (_, x) in fields {
                sub(x, f);
            }
            if let Some(x) = rest {
                sub(x, f);
            }
        }
        ExprKind::Call { func, args } => {
            sub(func, f);
            for x in args {
                sub(x, f);
            }
        }
        ExprKind::MethodCall(m) => {
            sub(&m.receiver, f);
            for x in &m.args {
                sub(x, f);
            }
        }
        ExprKind::Macro(m) => walk_macro(m, into_macros, f),
        ExprKind::Path(_)
        | ExprKind::Str(_)
        | ExprKind::Lit
        | ExprKind::Other
        | ExprKind::Truncated => {}
    }
}
