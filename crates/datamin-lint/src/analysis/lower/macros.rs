//! Macro calls and attributes: `syn` leaves their arguments as tokens.
//! They are split at top-level commas (and semicolons) and each segment is
//! parsed once, every way a grammar of `crate::analysis::macros` reads it,
//! keeping the original spans.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::Lower;
use crate::analysis::ir::{self, Seg, SegField, TracingField};
use crate::analysis::limits::MAX_JSON_DEPTH;
use crate::semantics::sqlx;
use crate::sinks::{self, MacroKind, Mode};

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
fn syn_expr_of(tokens: &[TokenTree]) -> Option<syn::Expr> {
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

impl Lower {
    /// A segment read every way: as an expression, a string literal, a
    /// `key:` and a `tracing` field.
    fn seg(&mut self, tokens: &[TokenTree]) -> Seg {
        let expr = syn_expr_of(tokens).map(|e| self.expr(&e));
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
        Seg {
            expr,
            lit: lit_str_of(tokens).map(|l| l.value()),
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
        match syn_expr_of(expr_tokens) {
            Some(e) => SegField::Own(TracingField {
                value: self.expr(&e),
                mode,
            }),
            None => SegField::NotAField,
        }
    }

    fn segs(&mut self, tokens: TokenStream) -> Vec<Seg> {
        split_top(tokens, ',')
            .iter()
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
        let halves = split_top(mac.tokens.clone(), ';');
        let halves = match halves.len() {
            0 | 1 => None,
            2 => Some(Some([
                self.segs(halves[0].iter().cloned().collect()),
                self.segs(halves[1].iter().cloned().collect()),
            ])),
            _ => Some(None),
        };
        let name = path.last().map(String::as_str).unwrap_or_default();
        let json = is_json_macro(name).then(|| {
            let mut leaves = Vec::new();
            self.json_walk(mac.tokens.clone(), &mut leaves, 0);
            leaves
        });
        let raw = split_top(mac.tokens.clone(), ',');
        let query_ty = if sqlx::TYPED_QUERY_MACROS.contains(&name) {
            raw.first()
                .and_then(|first| syn::parse2::<syn::Type>(first.iter().cloned().collect()).ok())
                .map(|ty| self.ty(&ty))
        } else {
            None
        };
        let segs = raw.iter().map(|seg| self.seg(seg)).collect();
        ir::MacroCall {
            path,
            site_pos,
            segs,
            halves,
            json,
            query_ty,
        }
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
                    if let Some(e) = syn_expr_of(value) {
                        out.push(self.expr(&e));
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
        let pos = self.span_pos(attr.pound_token.span, attr.bracket_token.span.join());
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
        let mut cx = Lower {
            file: 0,
            depth: 0,
            truncated: 0,
        };
        cx.seg(&tokens)
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
