//! The first and last tokens of syntax nodes, in the order `syn` prints
//! them, so a node's position can be computed from its children's.

use proc_macro2::Span;

use super::Lower;
use crate::analysis::ids::Pos;

/// The `#` of the first outer attribute of an expression, if it has one
/// (attributes print before the expression).
pub(super) fn leading_attr(e: &syn::Expr) -> Option<Span> {
    use syn::Expr as S;
    let attrs = match e {
        S::Array(x) => &x.attrs,
        S::Assign(x) => &x.attrs,
        S::Async(x) => &x.attrs,
        S::Await(x) => &x.attrs,
        S::Binary(x) => &x.attrs,
        S::Block(x) => &x.attrs,
        S::Break(x) => &x.attrs,
        S::Call(x) => &x.attrs,
        S::Cast(x) => &x.attrs,
        S::Closure(x) => &x.attrs,
        S::Const(x) => &x.attrs,
        S::Continue(x) => &x.attrs,
        S::Field(x) => &x.attrs,
        S::ForLoop(x) => &x.attrs,
        S::Group(x) => &x.attrs,
        S::If(x) => &x.attrs,
        S::Index(x) => &x.attrs,
        S::Infer(x) => &x.attrs,
        S::Let(x) => &x.attrs,
        S::Lit(x) => &x.attrs,
        S::Loop(x) => &x.attrs,
        S::Macro(x) => &x.attrs,
        S::Match(x) => &x.attrs,
        S::MethodCall(x) => &x.attrs,
        S::Paren(x) => &x.attrs,
        S::Path(x) => &x.attrs,
        S::Range(x) => &x.attrs,
        S::RawAddr(x) => &x.attrs,
        S::Reference(x) => &x.attrs,
        S::Repeat(x) => &x.attrs,
        S::Return(x) => &x.attrs,
        S::Struct(x) => &x.attrs,
        S::Try(x) => &x.attrs,
        S::TryBlock(x) => &x.attrs,
        S::Tuple(x) => &x.attrs,
        S::Unary(x) => &x.attrs,
        S::Unsafe(x) => &x.attrs,
        S::While(x) => &x.attrs,
        S::Yield(x) => &x.attrs,
        _ => return None,
    };
    attrs
        .iter()
        .find(|a| matches!(a.style, syn::AttrStyle::Outer))
        .map(|a| a.pound_token.span)
}

/// The position of a path (with its qualified-self prefix `<T as Trait>::`).
pub(super) fn path_pos(cx: &Lower, qself: Option<&syn::QSelf>, path: &syn::Path) -> Pos {
    let first = match (qself, &path.leading_colon, path.segments.first()) {
        (Some(q), _, _) => q.lt_token.span,
        (None, Some(colon), _) => colon.spans[0],
        (None, None, Some(seg)) => seg.ident.span(),
        (None, None, None) => Span::call_site(),
    };
    let last = match path.segments.last() {
        Some(seg) => match &seg.arguments {
            syn::PathArguments::None => seg.ident.span(),
            syn::PathArguments::AngleBracketed(a) => a.gt_token.span,
            syn::PathArguments::Parenthesized(p) => match &p.output {
                syn::ReturnType::Type(_, ty) => {
                    return Pos {
                        end_line: cx.tokens_pos(ty).end_line,
                        end_col: cx.tokens_pos(ty).end_col,
                        ..cx.pos(first)
                    };
                }
                syn::ReturnType::Default => p.paren_token.span.close(),
            },
        },
        None => first,
    };
    cx.span_pos(first, last)
}

/// The first token of a loop or block: its label (`'outer:`), else `token`.
pub(super) fn labelled(label: &Option<syn::Label>, token: Span) -> Span {
    label.as_ref().map_or(token, |l| l.name.apostrophe)
}

/// The first token of a closure: `for<..>`, `const`, `static`, `async`,
/// `move` or its opening `|`.
pub(super) fn closure_start(c: &syn::ExprClosure) -> Span {
    if let Some(l) = &c.lifetimes {
        return l.for_token.span;
    }
    if let Some(t) = &c.constness {
        return t.span;
    }
    if let Some(t) = &c.movability {
        return t.span;
    }
    if let Some(t) = &c.asyncness {
        return t.span;
    }
    if let Some(t) = &c.capture {
        return t.span;
    }
    c.or1_token.spans[0]
}

/// The closing delimiter of a macro call.
pub(super) fn delimiter_close(d: &syn::MacroDelimiter) -> Span {
    match d {
        syn::MacroDelimiter::Paren(p) => p.span.close(),
        syn::MacroDelimiter::Brace(b) => b.span.close(),
        syn::MacroDelimiter::Bracket(b) => b.span.close(),
    }
}
