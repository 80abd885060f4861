//! Parsers for the arguments of the macro families the analysis understands.
//!
//! `syn` leaves a macro call's arguments as tokens. Each family has its own
//! grammar (format macros, `log`, `tracing`, `#[instrument]`); these parsers
//! turn the tokens into the expressions the flow analysis evaluates, keeping
//! the original spans.

use super::limits::MAX_JSON_DEPTH;
use crate::sinks::Mode;
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

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

/// Parses a token segment as an expression, if it is one.
pub(crate) fn expr_of(tokens: &[TokenTree]) -> Option<syn::Expr> {
    if tokens.is_empty() {
        return None;
    }
    syn::parse2::<syn::Expr>(tokens.iter().cloned().collect()).ok()
}

/// The string literal a segment consists of, if it is exactly one.
pub(crate) fn lit_str_of(tokens: &[TokenTree]) -> Option<syn::LitStr> {
    match tokens {
        [TokenTree::Literal(lit)] => {
            syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into()).ok()
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            lit_str_of(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => None,
    }
}

/// `ident :` at the start of a segment (`target: "x"`, `parent: &span`).
pub(crate) fn meta_key(tokens: &[TokenTree]) -> Option<String> {
    match tokens {
        [TokenTree::Ident(id), TokenTree::Punct(p), ..]
            if p.as_char() == ':' && p.spacing() == Spacing::Alone =>
        {
            Some(id.to_string())
        }
        _ => None,
    }
}

/// A reference from a format placeholder to an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgRef {
    Index(usize),
    Name(String),
}

/// One `{...}` of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder {
    pub arg: ArgRef,
    pub mode: Mode,
}

/// The placeholders of a format string, with implicit positions made explicit.
pub(crate) fn placeholders(fmt: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let (arg, spec) = match inner.split_once(':') {
                    Some((a, s)) => (a.trim(), s),
                    None => (inner.trim(), ""),
                };
                if spec.contains(".*") {
                    // The precision is taken from the next positional argument.
                    next += 1;
                }
                let arg = if arg.is_empty() {
                    next += 1;
                    ArgRef::Index(next - 1)
                } else if let Ok(i) = arg.parse::<usize>() {
                    ArgRef::Index(i)
                } else {
                    ArgRef::Name(arg.to_owned())
                };
                let mode = if spec.contains('?') {
                    Mode::Debug
                } else {
                    Mode::Display
                };
                out.push(Placeholder { arg, mode });
            }
            _ => {}
        }
    }
    out
}

/// What a format call renders: argument expressions, and names captured
/// implicitly from the format string, each with its mode.
pub(crate) type Rendered<'c> = (Vec<(&'c syn::Expr, Mode)>, Vec<(String, Mode)>);

/// A format string with its arguments.
#[derive(Debug, Default)]
pub(crate) struct FormatCall {
    pub fmt: Option<String>,
    pub positional: Vec<syn::Expr>,
    pub named: Vec<(String, syn::Expr)>,
}

impl FormatCall {
    /// Parses `"fmt", a, b, name = c` from segments. Without a literal format
    /// string every argument is taken as displayed.
    pub fn parse(segments: &[Vec<TokenTree>]) -> FormatCall {
        let mut call = FormatCall::default();
        let mut rest = segments;
        if let Some(first) = segments.first()
            && let Some(lit) = lit_str_of(first)
        {
            call.fmt = Some(lit.value());
            rest = &segments[1..];
        }
        for seg in rest {
            let Some(expr) = expr_of(seg) else { continue };
            match expr {
                syn::Expr::Assign(assign) => match &*assign.left {
                    syn::Expr::Path(p) if p.path.get_ident().is_some() => {
                        let name = p
                            .path
                            .get_ident()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        call.named.push((name, *assign.right));
                    }
                    _ => call.positional.push(syn::Expr::Assign(assign)),
                },
                other => call.positional.push(other),
            }
        }
        call
    }

    /// Every (argument, mode) the format string renders. Implicit captures
    /// (`{email}` with no named argument) are returned as names to look up.
    pub fn rendered(&self) -> Rendered<'_> {
        let mut exprs = Vec::new();
        let mut captures = Vec::new();
        let Some(fmt) = &self.fmt else {
            return (
                self.positional.iter().map(|e| (e, Mode::Display)).collect(),
                captures,
            );
        };
        for ph in placeholders(fmt) {
            match ph.arg {
                ArgRef::Index(i) => {
                    if let Some(e) = self.positional.get(i) {
                        exprs.push((e, ph.mode));
                    }
                }
                ArgRef::Name(name) => match self.named.iter().find(|(n, _)| *n == name) {
                    Some((_, e)) => exprs.push((e, ph.mode)),
                    None => captures.push((name, ph.mode)),
                },
            }
        }
        (exprs, captures)
    }
}

/// One structured field of a `tracing` macro or `#[instrument(fields(..))]`.
#[derive(Debug)]
pub(crate) struct TracingField {
    pub value: syn::Expr,
    pub mode: Mode,
}

/// Parses one field segment: `name = %expr`, `a.b = ?expr`, `"k" = expr`,
/// `%expr`, `?expr`, or shorthand `ident.path`. An empty declaration
/// (`name = tracing::field::Empty`) yields nothing.
pub(crate) fn tracing_field(tokens: &[TokenTree]) -> Option<TracingField> {
    let value_tokens = match lone_eq(tokens) {
        Some(i) => &tokens[i + 1..],
        None => tokens,
    };
    let (mode, expr_tokens) = match value_tokens.first() {
        Some(TokenTree::Punct(p)) if p.as_char() == '%' => (Mode::Display, &value_tokens[1..]),
        Some(TokenTree::Punct(p)) if p.as_char() == '?' => (Mode::Debug, &value_tokens[1..]),
        _ => (Mode::Value, value_tokens),
    };
    let value = expr_of(expr_tokens)?;
    Some(TracingField { value, mode })
}

/// Index of a top-level `=` that is an assignment (not `==`, `<=`, `=>`).
fn lone_eq(tokens: &[TokenTree]) -> Option<usize> {
    tokens.iter().enumerate().position(|(i, tt)| {
        let TokenTree::Punct(p) = tt else { return false };
        if p.as_char() != '=' || p.spacing() != Spacing::Alone {
            return false;
        }
        !matches!(i.checked_sub(1).map(|j| &tokens[j]), Some(TokenTree::Punct(prev)) if prev.spacing() == Spacing::Joint)
    })
}

/// The structured fields and the trailing format call of a `tracing` event
/// or span, after its leading `target:`/`parent:`/`name:` and level/name
/// arguments have been removed by the caller.
pub(crate) fn tracing_body(segments: &[Vec<TokenTree>]) -> (Vec<TracingField>, FormatCall) {
    let mut fields = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if lit_str_of(seg).is_some() {
            return (fields, FormatCall::parse(&segments[i..]));
        }
        if let Some(field) = tracing_field(seg) {
            fields.push(field);
        }
    }
    (fields, FormatCall::default())
}

/// Drops leading `target: ..`, `parent: ..`, `name: ..` segments.
pub(crate) fn strip_meta(segments: &[Vec<TokenTree>]) -> &[Vec<TokenTree>] {
    let mut rest = segments;
    while let Some(first) = rest.first() {
        if meta_key(first).is_some_and(|k| matches!(k.as_str(), "target" | "parent" | "name")) {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    rest
}

/// The leaf expressions of a JSON-like literal (`json!({"a": x, "b": [y]})`,
/// `context! { email: x, name }`).
pub(crate) fn json_leaves(tokens: TokenStream) -> Vec<syn::Expr> {
    let mut out = Vec::new();
    json_walk(tokens, &mut out, 0);
    out
}

fn json_walk(tokens: TokenStream, out: &mut Vec<syn::Expr>, depth: usize) {
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
                json_walk(g.stream(), out, depth + 1);
            }
            _ => {
                if let Some(e) = expr_of(value) {
                    out.push(e);
                }
            }
        }
    }
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

/// What `#[instrument(...)]` says.
#[derive(Debug, Default)]
pub(crate) struct Instrument {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub fields: Vec<TracingField>,
    pub ret: Option<Mode>,
    pub err: Option<Mode>,
}

impl Instrument {
    pub fn parse(tokens: TokenStream) -> Instrument {
        let mut out = Instrument::default();
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
                            .filter_map(|s| tracing_field(s))
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

    #[test]
    fn placeholders_number_implicit_positions_and_spot_debug() {
        let ph = placeholders("{} {{lit}} {:?} {name:>8} {0:#?} {:.*}");
        assert_eq!(
            ph,
            vec![
                Placeholder {
                    arg: ArgRef::Index(0),
                    mode: Mode::Display
                },
                Placeholder {
                    arg: ArgRef::Index(1),
                    mode: Mode::Debug
                },
                Placeholder {
                    arg: ArgRef::Name("name".into()),
                    mode: Mode::Display
                },
                Placeholder {
                    arg: ArgRef::Index(0),
                    mode: Mode::Debug
                },
                Placeholder {
                    arg: ArgRef::Index(3),
                    mode: Mode::Display
                },
            ]
        );
    }

    #[test]
    fn tracing_field_forms() {
        let seg = |s: &str| {
            s.parse::<TokenStream>()
                .map(|t| t.into_iter().collect::<Vec<_>>())
                .unwrap()
        };
        assert_eq!(
            tracing_field(&seg("email = %u.email")).map(|f| f.mode),
            Some(Mode::Display)
        );
        assert_eq!(
            tracing_field(&seg("user.email = ?u")).map(|f| f.mode),
            Some(Mode::Debug)
        );
        assert_eq!(
            tracing_field(&seg("?user")).map(|f| f.mode),
            Some(Mode::Debug)
        );
        assert_eq!(
            tracing_field(&seg("user.email")).map(|f| f.mode),
            Some(Mode::Value)
        );
        assert_eq!(
            tracing_field(&seg("\"k\" = x")).map(|f| f.mode),
            Some(Mode::Value)
        );
        assert!(matches!(
            tracing_field(&seg("ok = a == b")).map(|f| f.value),
            Some(syn::Expr::Binary(_))
        ));
    }
}
