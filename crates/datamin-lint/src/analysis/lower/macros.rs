//! Macro calls and attributes: `syn` leaves their arguments as tokens.
//! They are split at top-level commas (and semicolons) and each segment is
//! parsed once, every way a grammar of `crate::analysis::macros` reads it,
//! keeping the original spans.

use crate::analysis::limits::MAX_ARG_JOIN;
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::{Lower, join};
use crate::analysis::ir::{self, Expr, ExprKind, Seg, SegField, TracingField, UnOp};
use crate::analysis::limits::{MAX_JSON_DEPTH, MAX_LOWER_DEPTH};
use crate::semantics::sqlx;
use crate::sinks::{self, MacroKind, Mode};

/// One arm of a `select!`: `pat = future => body` (with an optional
/// `, if condition` guard before the `=>`, dropped), or `else => body`.
struct SelectArm {
    binding: Option<(syn::Pat, syn::Expr)>,
    body: syn::Expr,
}

/// The arms of `tokio::select! { .. }` / `futures::select! { .. }`, after an
/// optional `biased;`.
fn select_arms(input: syn::parse::ParseStream<'_>) -> syn::Result<Vec<SelectArm>> {
    if input.peek(syn::Ident) && input.peek2(syn::Token![;]) {
        input.parse::<syn::Ident>()?;
        input.parse::<syn::Token![;]>()?;
    }
    let mut arms = Vec::new();
    while !input.is_empty() {
        let binding = if input.peek(syn::Token![else]) || input.peek(syn::Token![default]) {
            input.parse::<proc_macro2::TokenTree>()?;
            None
        } else {
            let pat = syn::Pat::parse_multi(input)?;
            input.parse::<syn::Token![=]>()?;
            let future = input.call(syn::Expr::parse_without_eager_brace)?;
            if input.peek(syn::Token![,]) && input.peek2(syn::Token![if]) {
                input.parse::<syn::Token![,]>()?;
                input.parse::<syn::Token![if]>()?;
                input.call(syn::Expr::parse_without_eager_brace)?;
            }
            Some((pat, future))
        };
        input.parse::<syn::Token![=>]>()?;
        let body: syn::Expr = input.parse()?;
        let block_like = matches!(body, syn::Expr::Block(_));
        if input.peek(syn::Token![,]) {
            input.parse::<syn::Token![,]>()?;
        } else if !block_like && !input.is_empty() {
            return Err(input.error("expected `,` after a select! arm"));
        }
        arms.push(SelectArm { binding, body });
    }
    Ok(arms)
}

/// Splits tokens at top-level occurrences of `sep` (`,` or `;`).
pub(crate) fn split_top(tokens: TokenStream, sep: char) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == sep => out.push(Vec::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(tt);
                }
            }
        }
    }
    if out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

/// [`split_top`] on tokens already collected: the segments are slices of
/// `tokens`.
fn split_slices(tokens: &[TokenTree], sep: char) -> Vec<&[TokenTree]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, tt) in tokens.iter().enumerate() {
        if matches!(tt, TokenTree::Punct(p) if p.as_char() == sep) {
            out.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(&tokens[start..]);
    }
    out
}

/// Splits macro arguments at top-level commas, except those inside a
/// turbofish or another generic argument list, which token trees do not
/// group (`client.post::<Req, Resp>(url, &body)` is one argument): a piece
/// that is no expression alone is joined with the ones after it while the
/// join parses (up to
/// [`MAX_ARG_JOIN`] pieces).
fn split_args(tokens: &[TokenTree]) -> Vec<&[TokenTree]> {
    let mut bounds = vec![0];
    for (i, tt) in tokens.iter().enumerate() {
        if matches!(tt, TokenTree::Punct(p) if p.as_char() == ',') {
            bounds.push(i + 1);
        }
    }
    // Piece `k` is `tokens[bounds[k]..bounds[k + 1] - 1]` (the last one runs
    // to the end).
    let end_of = |k: usize| bounds.get(k + 1).map_or(tokens.len(), |&next| next - 1);
    let mut out = Vec::new();
    let mut k = 0;
    while k < bounds.len() {
        let start = bounds[k];
        let mut last = k;
        let alone = &tokens[start..end_of(k).max(start)];
        let generic = alone
            .iter()
            .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '<'));
        if generic && !alone.is_empty() && syn_expr_of(alone).is_none() {
            for j in k + 1..bounds.len().min(k + MAX_ARG_JOIN) {
                if syn_expr_of(&tokens[start..end_of(j)]).is_some() {
                    last = j;
                    break;
                }
            }
        }
        let end = end_of(last).max(start);
        if start < tokens.len() || end > start {
            out.push(&tokens[start..end]);
        }
        k = last + 1;
    }
    if out.last().is_some_and(|s| s.is_empty())
        && tokens
            .last()
            .is_some_and(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
    {
        out.pop();
    }
    out
}

/// Parses a token segment as an expression, if it is one.
fn syn_expr_of(tokens: &[TokenTree]) -> Option<syn::Expr> {
    if tokens.is_empty() {
        return None;
    }
    syn::parse2::<syn::Expr>(tokens.iter().cloned().collect()).ok()
}

/// The string literal a segment consists of, if it is exactly one.
pub(crate) fn lit_str_of(tokens: &[TokenTree]) -> Option<syn::LitStr> {
    match tokens {
        // What `syn::parse2::<syn::LitStr>` does with one literal token,
        // without building the error it throws away for other literals.
        [TokenTree::Literal(lit)] => match syn::Lit::new(lit.clone()) {
            syn::Lit::Str(s) => Some(s),
            _ => None,
        },
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            lit_str_of(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => None,
    }
}

/// The string literal a segment consists of, through `syn`'s parser (what
/// [`lit_str_of`] does the short way).
#[cfg(test)]
fn lit_str_of_syn(tokens: &[TokenTree]) -> Option<syn::LitStr> {
    match tokens {
        [TokenTree::Literal(lit)] => {
            syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into()).ok()
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            lit_str_of_syn(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => None,
    }
}

/// Whether `syn` surely fails to parse `tokens` as an expression, so that
/// the attempt (and the error it builds) can be skipped: nothing, a
/// `tracing` sigil (`%x`, `?x`), a top-level `;` (the other half of
/// `info!(k = v; "fmt")`, `vec![x; n]`), a `key:` (`target: "x"`), or
/// `name = %x` / `name = ?x`.
fn never_an_expr(tokens: &[TokenTree]) -> bool {
    let sigil = |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == '%' || p.as_char() == '?');
    if tokens.is_empty() || sigil(tokens.first()) || meta_key_shape(tokens) {
        return true;
    }
    if tokens
        .iter()
        .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))
    {
        return true;
    }
    match lone_eq(tokens) {
        // The name is a path, field chain or literal: `syn` reads it, then
        // the `=`, then fails on the sigil (no expression starts with one).
        Some(i) if i > 0 && sigil(tokens.get(i + 1)) => tokens[..i].iter().all(|t| match t {
            TokenTree::Ident(_) | TokenTree::Literal(_) => true,
            TokenTree::Punct(p) => matches!(p.as_char(), '.' | ':'),
            TokenTree::Group(_) => false,
        }),
        _ => false,
    }
}

/// Keywords `syn::Ident`'s parser refuses (its `accept_as_ident`).
fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// An identifier `syn` reads as a segment of an expression's path.
fn is_path_ident(s: &str) -> bool {
    !is_keyword(s) || matches!(s, "self" | "Self" | "super" | "crate")
}

fn is_punct(t: Option<&TokenTree>, c: char, spacing: Option<Spacing>) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c && spacing.is_none_or(|s| p.spacing() == s))
}

/// `ident :` at the start of a segment, the shape [`meta_key`] reads.
fn meta_key_shape(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Ident(_), TokenTree::Punct(p), ..]
        if p.as_char() == ':' && p.spacing() == Spacing::Alone)
}

/// The string of an identifier without its `r#` (`names::ident_name`).
fn unraw(s: &str) -> String {
    s.strip_prefix("r#").unwrap_or(s).to_owned()
}

/// What follows the atom of a postfix chain, as `syn`'s `trailer_helper`
/// reads it.
enum Trailer<'t> {
    /// `(args)`.
    Call(&'t proc_macro2::Group),
    /// `.name(args)`: the name (without `r#`) and its token.
    Method(String, &'t proc_macro2::Ident, &'t proc_macro2::Group),
    /// `.name` or `.0`: the member and its token's span.
    Field(String, proc_macro2::Span),
    /// `[index]`.
    Index(&'t proc_macro2::Group),
    /// `?`.
    Try(&'t proc_macro2::Punct),
}

/// `ident :` at the start of a segment (`target: "x"`, `parent: &span`).
fn meta_key(tokens: &[TokenTree]) -> Option<String> {
    match tokens {
        [TokenTree::Ident(id), TokenTree::Punct(p), ..]
            if p.as_char() == ':' && p.spacing() == Spacing::Alone =>
        {
            Some(id.to_string())
        }
        _ => None,
    }
}

/// Index of a top-level `=` that is an assignment (not `==`, `<=`, `=>`,
/// `+=`). An `=` written against the sigil that follows it (`name =%value`,
/// `name=?value`) is one: no operator starts with `=%` or `=?`.
fn lone_eq(tokens: &[TokenTree]) -> Option<usize> {
    tokens.iter().enumerate().position(|(i, tt)| {
        let TokenTree::Punct(p) = tt else { return false };
        if p.as_char() != '=' {
            return false;
        }
        let ends_here = p.spacing() == Spacing::Alone
            || matches!(tokens.get(i + 1), Some(TokenTree::Punct(next)) if !matches!(next.as_char(), '=' | '>'));
        ends_here
            && !matches!(i.checked_sub(1).map(|j| &tokens[j]), Some(TokenTree::Punct(prev)) if prev.spacing() == Spacing::Joint)
    })
}

/// Index of the `:` separating a key from its value (not part of `::`).
fn key_colon(tokens: &[TokenTree]) -> Option<usize> {
    tokens.iter().enumerate().position(|(i, tt)| {
        let TokenTree::Punct(p) = tt else { return false };
        p.as_char() == ':'
            && p.spacing() == Spacing::Alone
            && !matches!(i.checked_sub(1).map(|j| &tokens[j]), Some(TokenTree::Punct(prev)) if prev.as_char() == ':')
    })
}

/// Macro names whose arguments are a JSON-like literal (`json!`, `context!`).
fn is_json_macro(name: &str) -> bool {
    sinks::macro_tables()
        .any(|row| row.kind == MacroKind::JsonValue && row.path.rsplit("::").next() == Some(name))
}

/// The logging or printing macro a `macro_rules!` body calls, if any
/// (`tracing::info!($($t)*)` in a project's own `log_event!`). Recurses on
/// the brackets, which `crate::analysis::nesting` bounds.
pub(super) fn forwarded_log_macro(tokens: TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) => {
                let bang =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                let name = id.to_string();
                if bang
                    && sinks::macro_tables().any(|row| {
                        row.kind.is_sink() && row.path.rsplit("::").next() == Some(name.as_str())
                    })
                {
                    return Some(name);
                }
            }
            TokenTree::Group(g) => {
                if let Some(found) = forwarded_log_macro(g.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
thread_local! {
    /// Tests: lower every segment through `syn` only, the reference the
    /// short ways are compared with.
    static SYN_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Lower<'_> {
    /// A segment lowered as the expression `syn` parses it to, if it is one.
    /// The common shapes of macro arguments are read directly from the
    /// tokens ([`Lower::quick_expr`]); segments that surely are no
    /// expression are not parsed; the rest goes through `syn`.
    fn expr_of(&mut self, tokens: &[TokenTree]) -> Option<Expr> {
        #[cfg(test)]
        if SYN_ONLY.with(std::cell::Cell::get) {
            return syn_expr_of(tokens).map(|e| self.expr(&e));
        }
        if let Some(e) = self.quick_expr(tokens) {
            #[cfg(test)]
            {
                let reference = syn_expr_of(tokens).map(|x| self.expr(&x));
                assert_eq!(
                    format!("{reference:?}"),
                    format!("{:?}", Some(&e)),
                    "{tokens:?}"
                );
            }
            return Some(e);
        }
        if never_an_expr(tokens) {
            #[cfg(test)]
            assert!(syn_expr_of(tokens).is_none(), "parses: {tokens:?}");
            return None;
        }
        syn_expr_of(tokens).map(|e| self.expr(&e))
    }

    /// The common shapes of an expression, lowered as [`Lower::expr`]
    /// lowers what `syn` parses them to: a path (`email`, `self`, `a::b`)
    /// or a literal, followed by fields (`.b`, `.0`), method calls and calls
    /// (`.f(..)`, `(..)`), indexing (`[..]`) and `?`, under prefixes `&`,
    /// `*`, `!` and `-`; or `place = value` of two of those. Arguments and
    /// indices are read the same way. `None` for anything else, and where
    /// the lowering would reach its depth budget (both left to `syn`).
    fn quick_expr(&mut self, tokens: &[TokenTree]) -> Option<Expr> {
        let depth = self.depth;
        let out = match lone_eq(tokens) {
            Some(i) => self.quick_assign(&tokens[..i], &tokens[i + 1..]),
            None => self.quick_unary(tokens),
        };
        self.depth = depth;
        out
    }

    fn quick_assign(&mut self, left: &[TokenTree], right: &[TokenTree]) -> Option<Expr> {
        if self.depth >= MAX_LOWER_DEPTH {
            return None;
        }
        self.depth += 1;
        let left = Box::new(self.quick_unary(left)?);
        let right = Box::new(self.quick_unary(right)?);
        self.depth -= 1;
        Some(Expr {
            pos: join(left.pos, right.pos),
            kind: ExprKind::Assign { left, right },
        })
    }

    /// Prefixes, an atom and trailers; see [`Lower::quick_expr`]. May leave
    /// `self.depth` changed when it returns `None`.
    fn quick_unary(&mut self, tokens: &[TokenTree]) -> Option<Expr> {
        let prefixes = tokens
            .iter()
            .take_while(|t| {
                matches!(t, TokenTree::Punct(p)
                    if matches!(p.as_char(), '&' | '*' | '!' | '-') && p.spacing() == Spacing::Alone)
            })
            .count();
        let rest = &tokens[prefixes..];
        // The atom: a path of identifiers or a literal.
        let mut at;
        let atom = match rest.first()? {
            TokenTree::Ident(first) => {
                let name = first.to_string();
                if !is_path_ident(&name) {
                    return None;
                }
                let mut segs = vec![name];
                let mut last = first;
                at = 1;
                while is_punct(rest.get(at), ':', Some(Spacing::Joint))
                    && is_punct(rest.get(at + 1), ':', None)
                {
                    let Some(TokenTree::Ident(next)) = rest.get(at + 2) else {
                        return None;
                    };
                    let name = next.to_string();
                    if !is_path_ident(&name) {
                        return None;
                    }
                    segs.push(name);
                    last = next;
                    at += 3;
                }
                (
                    ExprKind::Path(ir::Path {
                        segs,
                        args: Vec::new(),
                        decorated: false,
                    }),
                    self.span_pos(first.span(), last.span()),
                )
            }
            TokenTree::Literal(lit) => {
                at = 1;
                let kind = match syn::Lit::new(lit.clone()) {
                    syn::Lit::Str(s) => ExprKind::Str(s.value()),
                    _ => ExprKind::Lit,
                };
                (kind, self.pos(lit.span()))
            }
            _ => return None,
        };
        // The trailers, in `syn`'s order of checks.
        let mut trailers = Vec::new();
        while let Some(t) = rest.get(at) {
            match t {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                    trailers.push(Trailer::Call(g));
                    at += 1;
                }
                TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => {
                    trailers.push(Trailer::Index(g));
                    at += 1;
                }
                TokenTree::Punct(p) if p.as_char() == '?' => {
                    trailers.push(Trailer::Try(p));
                    at += 1;
                }
                TokenTree::Punct(p) if p.as_char() == '.' && p.spacing() == Spacing::Alone => {
                    match rest.get(at + 1)? {
                        TokenTree::Ident(id) => {
                            let name = id.to_string();
                            if is_keyword(&name)
                                || is_punct(rest.get(at + 2), ':', Some(Spacing::Joint))
                            {
                                return None;
                            }
                            match rest.get(at + 2) {
                                Some(TokenTree::Group(g))
                                    if g.delimiter() == Delimiter::Parenthesis =>
                                {
                                    trailers.push(Trailer::Method(unraw(&name), id, g));
                                    at += 3;
                                }
                                _ => {
                                    trailers.push(Trailer::Field(unraw(&name), id.span()));
                                    at += 2;
                                }
                            }
                        }
                        TokenTree::Literal(lit) => {
                            // An unsuffixed decimal index (`.0`); floats
                            // (`.0.1`) and the rest are left to `syn`.
                            let text = lit.to_string();
                            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                                return None;
                            }
                            let index: u32 = text.parse().ok()?;
                            trailers.push(Trailer::Field(index.to_string(), lit.span()));
                            at += 2;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        // The atom is the innermost node; each trailer and prefix wraps it.
        let root = self.depth;
        let atom_depth = root + prefixes + trailers.len();
        if atom_depth >= MAX_LOWER_DEPTH {
            return None;
        }
        let (kind, pos) = atom;
        let mut e = Expr { pos, kind };
        for (i, trailer) in trailers.into_iter().enumerate() {
            // The depth of the node this trailer makes, plus one: that of
            // its arguments.
            self.depth = atom_depth - i;
            e = match trailer {
                Trailer::Call(g) => {
                    let args = self.quick_args(g)?;
                    Expr {
                        pos: self.end_at(e.pos, g.span_close()),
                        kind: ExprKind::Call {
                            func: Box::new(e),
                            args,
                        },
                    }
                }
                Trailer::Method(method, id, g) => {
                    let args = self.quick_args(g)?;
                    Expr {
                        pos: self.end_at(e.pos, g.span_close()),
                        kind: ExprKind::MethodCall(Box::new(ir::MethodCall {
                            receiver: e,
                            method,
                            method_pos: self.pos(id.span()),
                            turbofish: Vec::new(),
                            args,
                        })),
                    }
                }
                Trailer::Field(member, span) => Expr {
                    pos: self.end_at(e.pos, span),
                    kind: ExprKind::Field {
                        base: Box::new(e),
                        member,
                    },
                },
                Trailer::Index(g) => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    let index = Box::new(self.quick_expr(&inner)?);
                    Expr {
                        pos: self.end_at(e.pos, g.span_close()),
                        kind: ExprKind::Index {
                            base: Box::new(e),
                            index,
                        },
                    }
                }
                Trailer::Try(p) => Expr {
                    pos: self.end_at(e.pos, p.span()),
                    kind: ExprKind::Try(Box::new(e)),
                },
            };
        }
        for t in tokens[..prefixes].iter().rev() {
            let TokenTree::Punct(p) = t else {
                return None;
            };
            let first = self.pos(p.span());
            let pos = join(first, e.pos);
            let inner = Box::new(e);
            let kind = match p.as_char() {
                '&' => ExprKind::Reference(inner),
                '*' => ExprKind::Unary(UnOp::Deref, inner),
                '!' => ExprKind::Unary(UnOp::Not, inner),
                _ => ExprKind::Unary(UnOp::Neg, inner),
            };
            e = Expr { pos, kind };
        }
        self.depth = root;
        Some(e)
    }

    /// The arguments of a call, as `syn`'s `parse_terminated` reads them:
    /// expressions separated by commas, one trailing comma allowed.
    fn quick_args(&mut self, g: &proc_macro2::Group) -> Option<Vec<Expr>> {
        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
        split_slices(&inner, ',')
            .into_iter()
            .map(|arg| self.quick_expr(arg))
            .collect()
    }

    /// A segment read every way: as an expression, a string literal, a
    /// `key:` and a `tracing` field.
    fn seg(&mut self, tokens: &[TokenTree]) -> Seg {
        let expr = self.expr_of(tokens);
        let value_tokens = lone_eq(tokens).map(|i| &tokens[i + 1..]);
        let prefixed = |t: &[TokenTree]| match t.first() {
            Some(TokenTree::Punct(p)) if p.as_char() == '%' => Some(Mode::Display),
            Some(TokenTree::Punct(p)) if p.as_char() == '?' => Some(Mode::Debug),
            _ => None,
        };
        let field = match value_tokens {
            None if prefixed(tokens).is_none() => SegField::AsExpr,
            _ => self.own_field(value_tokens.unwrap_or(tokens)),
        };
        #[cfg(test)]
        if SYN_ONLY.with(std::cell::Cell::get) {
            return Seg {
                lit: lit_str_of_syn(tokens).map(|l| l.value()),
                meta: meta_key(tokens),
                field,
                expr,
            };
        }
        let lit = match (tokens, &expr) {
            // One literal: its expression holds the value already.
            (
                [TokenTree::Literal(_)],
                Some(Expr {
                    kind: ExprKind::Str(value),
                    ..
                }),
            ) => Some(value.clone()),
            (
                [TokenTree::Literal(_)],
                Some(Expr {
                    kind: ExprKind::Lit,
                    ..
                }),
            ) => None,
            _ => lit_str_of(tokens).map(|l| l.value()),
        };
        Seg {
            expr,
            lit,
            meta: meta_key(tokens),
            field,
        }
    }

    /// The field whose value tokens (after any `name =`) are `tokens`.
    fn own_field(&mut self, tokens: &[TokenTree]) -> SegField {
        let (mode, expr_tokens) = match tokens.first() {
            Some(TokenTree::Punct(p)) if p.as_char() == '%' => (Mode::Display, &tokens[1..]),
            Some(TokenTree::Punct(p)) if p.as_char() == '?' => (Mode::Debug, &tokens[1..]),
            _ => (Mode::Value, tokens),
        };
        match self.expr_of(expr_tokens) {
            Some(value) => SegField::Own(TracingField { value, mode }),
            None => SegField::NotAField,
        }
    }

    fn segs(&mut self, tokens: &[TokenTree]) -> Vec<Seg> {
        split_args(tokens)
            .into_iter()
            .map(|seg| self.seg(seg))
            .collect()
    }

    pub(super) fn mac(&mut self, mac: &syn::Macro) -> ir::MacroCall {
        let path: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let first = match (&mac.path.leading_colon, mac.path.segments.first()) {
            (Some(c), _) => c.spans[0],
            (None, Some(seg)) => seg.ident.span(),
            (None, None) => mac.bang_token.span,
        };
        let site_pos = self.span_pos(first, mac.bang_token.span);
        let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
        let halves = split_slices(&tokens, ';');
        let halves = match halves.as_slice() {
            [] | [_] => None,
            [a, b] => Some(Some([self.segs(a), self.segs(b)])),
            _ => Some(None),
        };
        let name = path.last().map(String::as_str).unwrap_or_default();
        let json = is_json_macro(name).then(|| {
            let mut leaves = Vec::new();
            self.json_walk(mac.tokens.clone(), &mut leaves, 0);
            leaves
        });
        let raw = split_args(&tokens);
        let typed_query = sqlx::QUERY_MACROS
            .iter()
            .any(|(n, _, shape)| *n == name && *shape == sqlx::RowShape::Typed);
        let query_ty = if typed_query {
            raw.first()
                .and_then(|first| syn::parse2::<syn::Type>(first.iter().cloned().collect()).ok())
                .map(|ty| self.ty(&ty))
        } else {
            None
        };
        let select_arms = sinks::futures::SELECT_MACROS
            .contains(&name)
            .then(|| syn::parse::Parser::parse2(select_arms, mac.tokens.clone()).ok())
            .flatten()
            .map(|arms: Vec<SelectArm>| self.select_block(&arms));
        let segs = raw.into_iter().map(|seg| self.seg(seg)).collect();
        ir::MacroCall {
            path,
            site_pos,
            segs,
            halves,
            json,
            query_ty,
            select_arms,
        }
    }

    /// The arms of a `select!` as a block of `if let pat = future { body }`
    /// (an `else` arm's body as it is).
    fn select_block(&mut self, arms: &[SelectArm]) -> ir::Block {
        let stmts = arms
            .iter()
            .map(|arm| {
                let body = self.expr(&arm.body);
                let Some((pat, future)) = &arm.binding else {
                    return ir::Stmt::Expr(body, true);
                };
                let pos = body.pos;
                let then = match body.kind {
                    ExprKind::Block(block) => block,
                    _ => ir::Block {
                        stmts: vec![ir::Stmt::Expr(body, true)],
                    },
                };
                let cond = Expr {
                    pos,
                    kind: ExprKind::Let {
                        pat: self.pat(pat),
                        expr: Box::new(self.expr(future)),
                    },
                };
                let kind = ExprKind::If {
                    cond: Box::new(cond),
                    then,
                    els: None,
                };
                ir::Stmt::Expr(Expr { pos, kind }, true)
            })
            .collect();
        ir::Block { stmts }
    }

    /// The leaf expressions of a JSON-like literal (`json!({"a": x, "b": [y]})`,
    /// `context! { email: x, name }`).
    fn json_walk(&mut self, tokens: TokenStream, out: &mut Vec<ir::Expr>, depth: usize) {
        if depth > MAX_JSON_DEPTH {
            return;
        }
        for seg in split_top(tokens, ',') {
            let value = match key_colon(&seg) {
                Some(i) => &seg[i + 1..],
                None => &seg[..],
            };
            match value {
                [TokenTree::Group(g)]
                    if matches!(g.delimiter(), Delimiter::Brace | Delimiter::Bracket) =>
                {
                    self.json_walk(g.stream(), out, depth + 1);
                }
                _ => {
                    if let Some(e) = self.expr_of(value) {
                        out.push(e);
                    }
                }
            }
        }
    }

    /// `#[instrument(..)]` / `#[tracing::instrument(..)]`: its position and
    /// what it says.
    pub(super) fn instrument_attr(
        &mut self,
        attrs: &[syn::Attribute],
    ) -> Option<(crate::analysis::ids::Pos, ir::Instrument)> {
        let attr = attrs.iter().find(|a| {
            let segs = super::path_segments(a.path());
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
        let pos = crate::analysis::ids::Pos::spanning(
            self.file,
            attr.pound_token.span,
            attr.bracket_token.span.join(),
        );
        Some((pos, self.instrument(tokens)))
    }

    fn instrument(&mut self, tokens: TokenStream) -> ir::Instrument {
        let mut out = ir::Instrument::default();
        for seg in split_top(tokens, ',') {
            let Some(TokenTree::Ident(key)) = seg.first() else {
                continue;
            };
            let group = match seg.get(1) {
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    Some(g.stream())
                }
                _ => None,
            };
            match key.to_string().as_str() {
                "skip_all" => out.skip_all = true,
                "skip" => {
                    if let Some(g) = group {
                        for name in split_top(g, ',') {
                            if let Some(TokenTree::Ident(id)) = name.first() {
                                out.skip.push(id.to_string());
                            }
                        }
                    }
                }
                "fields" => {
                    if let Some(g) = group {
                        out.fields = split_top(g, ',')
                            .iter()
                            .filter_map(|s| {
                                let value = match lone_eq(s) {
                                    Some(i) => &s[i + 1..],
                                    None => &s[..],
                                };
                                match self.own_field(value) {
                                    SegField::Own(f) => Some(f),
                                    _ => None,
                                }
                            })
                            .collect();
                    }
                }
                "ret" => out.ret = Some(mode_arg(group)),
                "err" => {
                    let debug = group.is_some_and(|g| g.to_string().contains("Debug"));
                    out.err = Some(if debug { Mode::Debug } else { Mode::Display });
                }
                _ => {}
            }
        }
        out
    }
}

fn mode_arg(group: Option<TokenStream>) -> Mode {
    match group.map(|g| g.to_string()) {
        Some(s) if s.contains("Display") => Mode::Display,
        _ => Mode::Debug,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ir::ExprKind;

    fn seg(text: &str) -> Seg {
        let tokens: Vec<TokenTree> = text
            .parse::<TokenStream>()
            .expect("tokens")
            .into_iter()
            .collect();
        let mut cx = Lower::new(0, "");
        cx.seg(&tokens)
    }

    fn tokens_of(text: &str) -> Vec<TokenTree> {
        text.parse::<TokenStream>()
            .expect("tokens")
            .into_iter()
            .collect()
    }

    fn cx_at(depth: usize) -> Lower<'static> {
        let mut cx = Lower::new(0, "");
        cx.depth = depth;
        cx
    }

    /// A segment lowered the short ways and through `syn` only, serialised,
    /// with what each route counted as truncated.
    fn both_routes(tokens: &[TokenTree], depth: usize) -> ((String, usize), (String, usize)) {
        let mut quick = cx_at(depth);
        let fast = serde_json::to_string(&quick.seg(tokens)).expect("serialises");
        SYN_ONLY.with(|s| s.set(true));
        let mut reference = cx_at(depth);
        let slow = serde_json::to_string(&reference.seg(tokens)).expect("serialises");
        SYN_ONLY.with(|s| s.set(false));
        assert_eq!(quick.depth, depth);
        ((fast, quick.truncated), (slow, reference.truncated))
    }

    /// Segments of every shape the short ways read, and of shapes next to
    /// them that they leave to `syn`.
    const SEGMENTS: &[&str] = &[
        "email",
        "self",
        "self.email",
        "Self",
        "crate",
        "super::x",
        "a.b.c",
        "&a.b",
        "& a . b",
        "&&a",
        "& & a",
        "*a",
        "!a.b",
        "-1",
        "- 1.5",
        "a.0",
        "a.00",
        "a.0.1",
        "a.0 .1",
        "a.1e3",
        "a.0u8",
        "a.0x1",
        "a.b()",
        "a.b(c)",
        "a.b(c,)",
        "a.b(,)",
        "a.b(c,,d)",
        "a.b(c, &d.e, f(g))",
        "a.0()",
        "a()",
        "f(x)",
        "a::b",
        "a::b::c(d)",
        "::a::b",
        "a::<T>",
        "a::b::<T>()",
        "Vec::<u8>::new()",
        "a.b::<T>()",
        "a.b.await",
        "a.r#type",
        "r#type",
        "r#type.r#await()",
        "a.self",
        "a[0]",
        "a[i.j]",
        "a[]",
        "a[0][1].b",
        "a?",
        "a?.b()?",
        "a ?",
        "\"x\"",
        "r\"x\"",
        "r#\"x\"#",
        "b\"x\"",
        "br\"x\"",
        "c\"x\"",
        "'c'",
        "b'c'",
        "\"x\"suffix",
        "1u8",
        "1.0",
        "\"x\".len()",
        "\"{} signed up\"",
        "%user.email",
        "?user",
        "% user",
        "email = %user.email",
        "user.email = ?u",
        "\"k\" = x",
        "id = c.id",
        "hit = found.is_some()",
        "a = b = c",
        "a = ",
        "= a",
        "a == b",
        "a <= b",
        "ok = a == b",
        "a? = b",
        "a.b = &c[0]",
        "target: \"audit\"",
        "parent: &span",
        "a: b",
        "a; b",
        "0; n",
        "a as u8",
        "a + b",
        "a.len() > 0",
        "a..b",
        "..",
        "a[0..2]",
        "|x| x.email",
        "move || a",
        "S { a }",
        "S { a: b.c }",
        "m!(x)",
        "a.b!(x)",
        "&mut a",
        "&raw const a",
        "&raw",
        "raw",
        "(a)",
        "(a, b)",
        "[a, b]",
        "[a; 3]",
        "{ a }",
        "true",
        "false.then(|| 1)",
        "_",
        "async { a }",
        "if a { b } else { c }",
        "match a { _ => b }",
        "return",
        "break",
        "continue",
        "a.b.c.d.e.f.g.h",
        "#[attr] a",
        "<T as Trait>::f()",
        "format!(\"{}\", a)",
        "x.iter().map(|c| c.email.clone()).collect::<Vec<_>>()",
        "union",
        "default::a",
        "a!",
        "a.",
        "a::",
        "a:::b",
        "",
        ",",
    ];

    #[test]
    fn the_short_ways_lower_segments_as_syn_does() {
        for text in SEGMENTS {
            let tokens = tokens_of(text);
            let (fast, slow) = both_routes(&tokens, 0);
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn the_short_ways_cover_the_common_shapes() {
        let quick = |text: &str| cx_at(0).quick_expr(&tokens_of(text)).is_some();
        for text in [
            "email",
            "self.email",
            "a.b.c",
            "&a.b",
            "*a",
            "-1",
            "a.0",
            "a.b()",
            "a.b(c, &d.e, f(g))",
            "a::b",
            "a[0]",
            "a?",
            "\"x\"",
            "r\"x\"",
            "b\"x\"",
            "\"x\"suffix",
            "id = c.id",
            "r#type.r#await()",
        ] {
            assert!(quick(text), "{text}");
        }
        for text in [
            "a as u8",
            "a + b",
            "a.0.1",
            "a.await",
            "a::<T>",
            "a.b::<T>()",
            "|x| x",
            "S { a }",
            "m!(x)",
            "&mut a",
            "(a)",
            "true",
            "a = b = c",
            "%user.email",
        ] {
            assert!(!quick(text), "{text}");
        }
        for text in [
            "%user.email",
            "?user",
            "target: \"x\"",
            "a = %b",
            "e.kind = ?err",
            "a; b",
            "",
        ] {
            assert!(never_an_expr(&tokens_of(text)), "{text}");
        }
        for text in ["a", "a = b", "x == %y", "a :: b"] {
            assert!(!never_an_expr(&tokens_of(text)), "{text}");
        }
    }

    #[test]
    fn the_short_ways_leave_the_depth_budget_to_syn() {
        for text in ["a.b.c", "&a.b()", "f(a.b)", "a = b.c", "x"] {
            let tokens = tokens_of(text);
            for depth in MAX_LOWER_DEPTH - 4..=MAX_LOWER_DEPTH {
                let (fast, slow) = both_routes(&tokens, depth);
                assert_eq!(fast, slow, "{text} at {depth}");
            }
        }
        let (fast, _) = both_routes(&tokens_of("a.b.c"), MAX_LOWER_DEPTH - 1);
        assert!(fast.1 > 0, "truncated");
    }

    #[test]
    fn lit_str_of_reads_literals_as_syn_does() {
        let read = |l: Option<syn::LitStr>| {
            l.map(|l| (l.value(), l.suffix().to_owned(), format!("{:?}", l.span())))
        };
        for text in [
            "\"x\"",
            "\"a\\nb\"",
            "r\"x\"",
            "r#\"x\"y\"#",
            "b\"x\"",
            "br\"x\"",
            "c\"x\"",
            "\"x\"suffix",
            "r\"x\"suffix",
            "'c'",
            "1",
            "1.5f32",
            "x",
            "\"a\" \"b\"",
        ] {
            let tokens = tokens_of(text);
            assert_eq!(
                read(lit_str_of(&tokens)),
                read(lit_str_of_syn(&tokens)),
                "{text}"
            );
            let group = [TokenTree::Group(proc_macro2::Group::new(
                Delimiter::None,
                tokens.iter().cloned().collect(),
            ))];
            assert_eq!(
                read(lit_str_of(&group)),
                read(lit_str_of_syn(&group)),
                "({text})"
            );
            let (fast, slow) = both_routes(&group, 0);
            assert_eq!(fast, slow, "({text})");
        }
    }

    #[test]
    fn whole_files_lower_the_same_both_ways() {
        let text = r#"
            fn f(user: &User, c: &Customer, xs: &[u8]) -> Result<(), E> {
                tracing::info!(target: "audit", id = c.id, plan = %c.plan, email = ?user.email, "saved {}", c.full_name);
                info!(k = v; "fmt {} {}", a.b, &c.d[0]);
                let v = vec![0; n];
                println!("{:?} {}", c, describe(c));
                let j = json!({"email": user.email, "list": [a.b(), c?], "n": -1});
                error!(error = %e, kind = ?e.kind(), "failed: {}", e.to_string());
                format!("{}{}", self.email, r#type.r#await);
                debug!(a as u8, x + 1, |y| y.z, xs.iter().map(|x| x * 2).sum::<u8>());
                Ok(())
            }
            #[tracing::instrument(skip(self), fields(id = %self.id, email = self.email, n = xs.len()))]
            fn g(&self) {}
        "#;
        let ast = syn::parse_file(text).expect("parses");
        let fast =
            serde_json::to_string(&super::super::lower_file(&ast, 1, text)).expect("serialises");
        SYN_ONLY.with(|s| s.set(true));
        let slow =
            serde_json::to_string(&super::super::lower_file(&ast, 1, text)).expect("serialises");
        SYN_ONLY.with(|s| s.set(false));
        assert_eq!(fast, slow);
    }

    #[test]
    fn tracing_field_forms() {
        let mode = |text: &str| seg(text).field().map(|(_, m)| m);
        assert_eq!(mode("email = %u.email"), Some(Mode::Display));
        assert_eq!(mode("user.email = ?u"), Some(Mode::Debug));
        assert_eq!(mode("?user"), Some(Mode::Debug));
        assert_eq!(mode("user.email"), Some(Mode::Value));
        assert_eq!(mode("\"k\" = x"), Some(Mode::Value));
        assert!(matches!(
            seg("ok = a == b").field().map(|(e, _)| &e.kind),
            Some(ExprKind::Binary { .. })
        ));
    }

    #[test]
    fn a_segment_is_read_every_way() {
        let s = seg("target: \"audit\"");
        assert_eq!(s.meta.as_deref(), Some("target"));
        assert!(s.expr.is_none());
        let s = seg("\"{} signed up\"");
        assert_eq!(s.lit.as_deref(), Some("{} signed up"));
        assert!(matches!(s.expr.map(|e| e.kind), Some(ExprKind::Str(_))));
        let s = seg("name = user.name");
        assert!(matches!(
            s.expr.map(|e| e.kind),
            Some(ExprKind::Assign { .. })
        ));
    }
}
