//! The grammars of the macro families the analysis understands, over the
//! argument segments the lowering pre-parsed (`super::ir::Seg`): format
//! strings and their arguments, `log` key-values, `tracing` fields.

use super::ir::{Expr, ExprKind, Seg};
use crate::sinks::Mode;

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
pub(crate) type Rendered<'c> = (Vec<(&'c Expr, Mode)>, Vec<(String, Mode)>);

/// A format string with its arguments.
#[derive(Debug, Default)]
pub(crate) struct FormatCall<'s> {
    pub fmt: Option<&'s str>,
    pub positional: Vec<&'s Expr>,
    pub named: Vec<(&'s str, &'s Expr)>,
}

impl<'s> FormatCall<'s> {
    /// Reads `"fmt", a, b, name = c` from segments. Without a literal format
    /// string every argument is taken as displayed.
    pub fn parse(segments: &'s [Seg]) -> FormatCall<'s> {
        let mut call = FormatCall::default();
        let mut rest = segments;
        if let Some(first) = segments.first()
            && let Some(lit) = &first.lit
        {
            call.fmt = Some(lit);
            rest = &segments[1..];
        }
        for seg in rest {
            let Some(expr) = &seg.expr else { continue };
            match &expr.kind {
                ExprKind::Assign { left, right } => match &left.kind {
                    ExprKind::Path(p) if p.ident().is_some() => {
                        call.named.push((p.ident().unwrap_or_default(), right));
                    }
                    _ => call.positional.push(expr),
                },
                _ => call.positional.push(expr),
            }
        }
        call
    }

    /// Every (argument, mode) the format string renders. Implicit captures
    /// (`{email}` with no named argument) are returned as names to look up.
    pub fn rendered(&self) -> Rendered<'s> {
        let mut exprs = Vec::new();
        let mut captures = Vec::new();
        let Some(fmt) = self.fmt else {
            return (
                self.positional
                    .iter()
                    .map(|e| (*e, Mode::Display))
                    .collect(),
                captures,
            );
        };
        for ph in placeholders(fmt) {
            match ph.arg {
                ArgRef::Index(i) => {
                    if let Some(e) = self.positional.get(i) {
                        exprs.push((*e, ph.mode));
                    }
                }
                ArgRef::Name(name) => match self.named.iter().find(|(n, _)| *n == name) {
                    Some((_, e)) => exprs.push((*e, ph.mode)),
                    None => captures.push((name, ph.mode)),
                },
            }
        }
        (exprs, captures)
    }
}

/// The structured fields and the trailing format call of a `tracing` event
/// or span, after its leading `target:`/`parent:`/`name:` and level/name
/// arguments have been removed by the caller.
pub(crate) fn tracing_body(segments: &[Seg]) -> (Vec<(&Expr, Mode)>, FormatCall<'_>) {
    let mut fields = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if seg.lit.is_some() {
            return (fields, FormatCall::parse(&segments[i..]));
        }
        if let Some(field) = seg.field() {
            fields.push(field);
        }
    }
    (fields, FormatCall::default())
}

/// Drops leading `target: ..`, `parent: ..`, `name: ..` segments.
pub(crate) fn strip_meta(segments: &[Seg]) -> &[Seg] {
    let mut rest = segments;
    while let Some(first) = rest.first() {
        if first
            .meta
            .as_deref()
            .is_some_and(|k| matches!(k, "target" | "parent" | "name"))
        {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    rest
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
}
