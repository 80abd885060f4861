//! What the rules read about a finding, and the edits their fixes make.
//!
//! The analysis fills a [`Leak`] with what it saw: the sink and its kind,
//! the personal fields with the types that declare them, and for each the
//! expression the sink consumed. Everything here works on the source text
//! (byte ranges of [`Src`] files), so a fix is an exact edit whichever way
//! the code is formatted.

use std::path::Path;

use crate::report::{Applicability, Edit, Fix, FixKind};
use crate::rules::RuleId;
use crate::sinks::SinkKind;

/// A file of the tree, as fixes read and edit it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Src<'a> {
    pub rel: &'a str,
    pub path: &'a Path,
    pub text: &'a str,
    /// The byte offset where each line starts ([`line_starts`]).
    pub lines: &'a [usize],
}

/// The byte offset where each line of `text` starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A byte range of a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span<'a> {
    pub src: Src<'a>,
    pub start: usize,
    pub end: usize,
}

impl<'a> Span<'a> {
    /// The span of 1-based `line`, 1-based char `col` to `end_line`,
    /// `end_col` (past the end), or `None` when the text has no such place.
    pub fn of(
        src: Src<'a>,
        line: usize,
        col: usize,
        end_line: usize,
        end_col: usize,
    ) -> Option<Self> {
        let start = offset(&src, line, col)?;
        let end = offset(&src, end_line, end_col)?.max(start);
        Some(Span { src, start, end })
    }

    /// The text of the range.
    pub fn text(&self) -> &'a str {
        self.src.text.get(self.start..self.end).unwrap_or("")
    }

    /// The edit replacing the range with `replacement`.
    pub fn replace(&self, replacement: impl Into<String>) -> Edit {
        let (line, column) = line_col(&self.src, self.start);
        let (end_line, end_column) = line_col(&self.src, self.end);
        Edit {
            file: self.src.rel.to_owned(),
            line,
            column,
            end_line,
            end_column,
            replacement: replacement.into(),
            start: self.start,
            end: self.end,
            path: self.src.path.to_path_buf(),
        }
    }

    /// The edit inserting `text` before the range.
    pub fn insert_before(&self, text: impl Into<String>) -> Edit {
        self.at(self.start).replace(text)
    }

    /// The empty span at byte `at` of the same file.
    pub fn at(&self, at: usize) -> Span<'a> {
        Span {
            src: self.src,
            start: at,
            end: at,
        }
    }

    /// The whitespace before the range on its line, when only whitespace
    /// precedes it there.
    pub fn indent(&self) -> Option<&'a str> {
        let line_start = line_start_of(self.src.text, self.start);
        let before = &self.src.text[line_start..self.start];
        before
            .chars()
            .all(|c| c == ' ' || c == '\t')
            .then_some(before)
    }

    /// The line break of the range's line: `\r\n` in a CRLF file.
    pub fn newline(&self) -> &'static str {
        newline_at(self.src.text, self.start)
    }

    /// The edit putting `line` (an attribute, a comment) before the range:
    /// on a line of its own with the range's indentation when the range
    /// starts its line, else inline before it.
    pub fn line_before(&self, line: &str) -> Edit {
        match self.indent() {
            Some(indent) => self.insert_before(format!("{line}{}{indent}", self.newline())),
            None => self.insert_before(format!("{line} ")),
        }
    }

    /// The first non-blank character before the range, with its offset.
    pub fn char_before(&self) -> Option<(usize, char)> {
        self.src.text[..self.start]
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_whitespace())
    }
}

/// The line break that ends the line holding byte `at`: `\r\n` in a CRLF
/// file.
pub(crate) fn newline_at(text: &str, at: usize) -> &'static str {
    let rest = &text[at..];
    let end = rest.find('\n').unwrap_or(rest.len());
    if rest[..end].ends_with('\r') {
        "\r\n"
    } else {
        "\n"
    }
}

/// Where the line holding byte `at` starts (after a byte-order mark on
/// the first line).
pub(crate) fn line_start_of(text: &str, at: usize) -> usize {
    match text[..at].rfind('\n') {
        Some(i) => i + 1,
        None if text.starts_with('\u{feff}') => '\u{feff}'.len_utf8().min(at),
        None => 0,
    }
}

/// The byte offset of a 1-based line and 1-based char column.
fn offset(src: &Src<'_>, line: usize, col: usize) -> Option<usize> {
    offset_in(src.text, src.lines, line, col)
}

/// The byte offset of a 1-based line and 1-based char column of `text`,
/// whose lines start at `lines`; a column past the line's end is its end.
pub(crate) fn offset_in(text: &str, lines: &[usize], line: usize, col: usize) -> Option<usize> {
    let mut start = *lines.get(line.checked_sub(1)?)?;
    if line == 1 && text.starts_with('\u{feff}') {
        // The parser's columns start after a byte-order mark.
        start = '\u{feff}'.len_utf8();
    }
    let rest = text.get(start..)?;
    let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let within = line_text
        .char_indices()
        .nth(col.checked_sub(1)?)
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + within)
}

/// The 1-based line and char column of a byte offset.
fn line_col(src: &Src<'_>, at: usize) -> (usize, usize) {
    let at = at.min(src.text.len());
    let index = src.lines.partition_point(|&start| start <= at).max(1) - 1;
    let mut line_start = src.lines.get(index).copied().unwrap_or(0);
    if index == 0 && src.text.starts_with('\u{feff}') {
        line_start = '\u{feff}'.len_utf8().min(at);
    }
    (index + 1, src.text[line_start..at].chars().count() + 1)
}

/// A leak as the analysis saw it: the words and fixes are the rule's.
#[derive(Debug, Clone)]
pub(crate) struct Leak<'a> {
    /// The sink as findings name it (`tracing::info!`).
    pub sink: &'a str,
    pub kind: &'a SinkKind,
    /// The route of the handler whose response it is.
    pub route: Option<&'a str>,
    /// The sink's first token (for the suppression).
    pub site: Option<Span<'a>>,
    /// The personal fields, the one the finding names first.
    pub fields: Vec<LeakField<'a>>,
    /// The crate of the sink's file can name `datamin` (a file of it
    /// mentions datamin), so an edit may write `datamin::Redacted`.
    pub datamin_in_crate: bool,
}

/// One personal field of a leak.
#[derive(Debug, Clone)]
pub(crate) struct LeakField<'a> {
    /// `Customer.email`.
    pub display: &'a str,
    pub category: &'a str,
    /// Its own name (`email`), for a field of a type.
    pub name: Option<&'a str>,
    /// `check --infer`: guessed, with this confidence in percent.
    pub inferred: Option<u8>,
    /// Marked `#[personal]` in the source (rather than read from a column
    /// or guessed).
    pub annotated: bool,
    /// The type that declares it.
    pub owner: Option<TypeFacts<'a>>,
    /// The field's first token (its first attribute), where attributes go.
    pub decl: Option<Span<'a>>,
    /// The expression the sink consumed.
    pub at: Option<Span<'a>>,
    /// The name a format string captured it by (`{email}`); `at` is then
    /// the macro's path.
    pub capture: Option<&'a str>,
    /// It got there through the `Debug` of a type that carries it.
    pub through_debug: bool,
    /// It got there in a whole value serialized with its personal fields.
    pub serialized_whole: bool,
}

/// What fixes need of the type that declares a field.
#[derive(Debug, Clone)]
pub(crate) struct TypeFacts<'a> {
    pub name: &'a str,
    /// Its name in its declaration.
    pub decl: Option<Span<'a>>,
    /// The standard `Debug` in its derive list.
    pub debug_derive: Option<Span<'a>>,
    pub derives_personal: bool,
    pub derives_serialize: bool,
    /// A non-personal field named like an id (`id`, `customer_id`).
    pub id_field: Option<&'a str>,
}

impl TypeFacts<'_> {
    /// `Customer (src/models.rs:12)`.
    pub fn located(&self) -> String {
        match &self.decl {
            Some(span) => {
                let (line, _) = line_col(&span.src, span.start);
                format!("`{}` ({}:{line})", self.name, span.src.rel)
            }
            None => format!("`{}`", self.name),
        }
    }
}

impl<'a> Leak<'a> {
    /// The first field.
    pub fn primary(&self) -> Option<&LeakField<'a>> {
        self.fields.first()
    }

    /// "`Customer.email` (email) reaches", "`A` (email) and `B` (name)
    /// reach", "`A` (email) and 2 more personal fields reach".
    pub fn subject(&self) -> String {
        let names: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("`{}` ({})", f.display, f.category))
            .collect();
        match names.as_slice() {
            [] => "personal data reaches".to_owned(),
            [one] => format!("{one} reaches"),
            [a, b] => format!("{a} and {b} reach"),
            [a, rest @ ..] => format!("{a} and {} more personal fields reach", rest.len()),
        }
    }

    /// The message: the subject, `target`, and whether the field is a guess.
    pub fn message(&self, target: &str) -> String {
        let mut message = format!("{} {target}", self.subject());
        if let Some(f) = self.primary()
            && let Some(confidence) = f.inferred
        {
            message.push_str(&format!(
                " (`{}` is inferred, confidence {:.2})",
                f.display,
                f64::from(confidence) / 100.0
            ));
        }
        message
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn listing(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A fix.
pub(crate) fn fix(
    kind: FixKind,
    applicability: Applicability,
    message: String,
    mut edits: Vec<Edit>,
) -> Fix {
    edits.sort();
    edits.dedup();
    Fix {
        message,
        applicability,
        kind,
        edits,
    }
}

/// The suppression of a finding of `rule` at `site`: a comment on the line
/// above, with the reason to write.
pub(crate) fn suppress(rule: RuleId, site: Option<&Span<'_>>) -> Option<Fix> {
    let site = site?;
    let line_start = line_start_of(site.src.text, site.start);
    let first = site.src.text[line_start..]
        .find(|c: char| c != ' ' && c != '\t')
        .map_or(line_start, |i| line_start + i);
    let start = site.at(first);
    let indent = &site.src.text[line_start..first];
    let comment = format!("// datamin:allow({rule}) <reason>");
    Some(fix(
        FixKind::Suppress,
        Applicability::HasPlaceholders,
        format!("if this is deliberate, suppress it with a reason: `{comment}`"),
        vec![start.insert_before(format!("{comment}{}{indent}", start.newline()))],
    ))
}

/// Derive `datamin::RedactedDebug` instead of `Debug` on the types whose
/// `Debug` printed the fields. Sure when every such field is marked
/// `#[personal]` on a type that derives `datamin::Personal` (so datamin is
/// a dependency of its crate): `RedactedDebug` hides exactly those.
pub(crate) fn redacted_debug(leak: &Leak<'_>) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut sure = true;
    for field in leak.fields.iter().filter(|f| f.through_debug) {
        let Some(owner) = &field.owner else {
            return None;
        };
        let Some(derive) = &owner.debug_derive else {
            // A hand-written `Debug`: it is the code to change.
            return None;
        };
        sure &= field.annotated && owner.derives_personal;
        let located = owner.located();
        if !names.contains(&located) {
            names.push(located);
            edits.push(derive.replace("datamin::RedactedDebug"));
        }
    }
    if edits.is_empty() {
        return None;
    }
    Some(fix(
        FixKind::RedactedDebug,
        if sure {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        },
        format!(
            "derive `datamin::RedactedDebug` instead of `Debug` on {}",
            listing(&names)
        ),
        edits,
    ))
}

/// How a sink's argument is written, seen from the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A value after `= %` or `= ?`, or a format argument: the expression
    /// itself can be wrapped.
    Value,
    /// A `tracing` field value after a bare `=`: wrapped, it needs `%` (a
    /// `Redacted` is no `tracing::Value`).
    BareField,
    /// A `tracing` field shorthand (`user.email`, `?user`, `%user.email`)
    /// starting at this offset: it becomes `name = %Redacted::new(&name)`.
    Shorthand(usize),
}

/// The argument grammar of a sink macro, as far as fixes need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grammar {
    /// `tracing` events: fields, then a format string and its arguments.
    TracingEvent,
    /// `tracing` spans and `#[instrument(fields(..))]`: a name, then fields
    /// only.
    TracingFields,
    /// The `log` crate: key-values (their own value syntax), a format.
    Log,
    /// A format string and its arguments (`println!`, `panic!`, the tree's
    /// own wrappers, read that way only after their format string).
    Format,
}

fn grammar(leak: &Leak<'_>) -> Grammar {
    match leak.kind {
        SinkKind::InstrumentArgs | SinkKind::Span => Grammar::TracingFields,
        _ if leak.sink.starts_with("tracing::") => Grammar::TracingEvent,
        _ if leak.sink.starts_with("log::") => Grammar::Log,
        _ => Grammar::Format,
    }
}

/// Wrap the logged value in `datamin::Redacted::new(&..)`: its `Debug` and
/// `Display` print `[redacted]`. Offered for the arguments of a log or
/// print macro, of `fields(..)` in `#[instrument]`, written as an
/// expression (not inline in the format string).
pub(crate) fn redact_value(leak: &Leak<'_>) -> Option<Fix> {
    if !leak.sink.ends_with('!') && !matches!(leak.kind, SinkKind::InstrumentArgs) {
        return None;
    }
    let mut edits = Vec::new();
    let mut shown = Vec::new();
    for field in &leak.fields {
        let at = field.at?;
        if let Some(name) = field.capture {
            // `"{email}"`: an explicit named argument takes the capture's
            // place, before the macro's closing delimiter.
            let close = macro_close(&at)?;
            let before = at.src.text[..close].trim_end();
            let sep = if before.ends_with(',') { " " } else { ", " };
            let edit = at
                .at(before.len())
                .replace(format!("{sep}{name} = datamin::Redacted::new(&{name})"));
            if !edits
                .iter()
                .any(|e: &Edit| e.start == edit.start && e.replacement == edit.replacement)
            {
                shown.push(format!("`{name}`"));
                edits.push(edit);
            }
            continue;
        }
        if matches!(leak.kind, SinkKind::InstrumentArgs)
            && leak.site.is_some_and(|s| at.start >= s.end)
        {
            // A parameter `#[instrument]` records: skipping it is the fix.
            return None;
        }
        let text = at.text();
        let simple = is_field_path(text.strip_prefix('&').unwrap_or(text).trim_start());
        if text.is_empty()
            || text.starts_with('"')
            || !simple && syn::parse_str::<syn::Expr>(text).is_err()
        {
            return None;
        }
        let slot = slot(leak, &at)?;
        let inner = text.strip_prefix('&').unwrap_or(text).trim_start();
        let wrapped = format!("datamin::Redacted::new(&{inner})");
        let edit = match slot {
            Slot::Value => at.replace(&wrapped),
            Slot::BareField => at.replace(format!("%{wrapped}")),
            Slot::Shorthand(from) => {
                Span { start: from, ..at }.replace(format!("{inner} = %{wrapped}"))
            }
        };
        if !edits.contains(&edit) {
            shown.push(format!("`{inner}`"));
            edits.push(edit);
        }
    }
    if edits.is_empty() {
        return None;
    }
    let sure = leak.datamin_in_crate && leak.sink != "dbg!";
    Some(fix(
        FixKind::RedactValue,
        if sure {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        },
        format!("wrap {} in `datamin::Redacted::new(..)`", listing(&shown)),
        edits,
    ))
}

/// The slot an argument fills, or `None` when it is not one a wrapper can
/// go into.
fn slot(leak: &Leak<'_>, at: &Span<'_>) -> Option<Slot> {
    let (i, c) = at.char_before()?;
    let sigil = matches!(c, '%' | '?');
    let before_sigil = if sigil {
        at.at(i).char_before().map(|(_, c)| c)
    } else {
        Some(c)
    };
    let shorthand_start = if sigil { i } else { at.start };
    let grammar = grammar(leak);
    match before_sigil? {
        '=' => match grammar {
            _ if sigil => Some(Slot::Value),
            // A named format argument after the format string.
            Grammar::TracingEvent if after_format_string(leak, at) => Some(Slot::Value),
            Grammar::TracingEvent | Grammar::TracingFields => Some(Slot::BareField),
            // A `log` key-value, or a named format argument.
            Grammar::Log | Grammar::Format => after_format_string(leak, at).then_some(Slot::Value),
        },
        '(' | ',' | '[' | '{' => match grammar {
            Grammar::TracingEvent if !sigil && after_format_string(leak, at) => Some(Slot::Value),
            Grammar::TracingEvent | Grammar::TracingFields => {
                is_field_path(at.text()).then_some(Slot::Shorthand(shorthand_start))
            }
            Grammar::Log | Grammar::Format => {
                (!sigil && after_format_string(leak, at)).then_some(Slot::Value)
            }
        },
        _ => None,
    }
}

/// Whether a string literal (the format string) comes before the argument
/// among the macro's arguments (`target: ".."` and `parent: ..` aside).
fn after_format_string(leak: &Leak<'_>, at: &Span<'_>) -> bool {
    let Some(site) = leak.site else { return false };
    if site.src.rel != at.src.rel || at.start < site.start {
        return false;
    }
    let text = &site.src.text[site.start..at.start];
    let Some(open) = text.find(['(', '[', '{']) else {
        return false;
    };
    let Ok(tokens) = text[open + 1..].parse::<proc_macro2::TokenStream>() else {
        return false;
    };
    let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    let mut previous_colon = false;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            proc_macro2::TokenTree::Literal(lit) => {
                if lit.to_string().starts_with('"') && !previous_colon {
                    return true;
                }
            }
            proc_macro2::TokenTree::Punct(p) => {
                // `target:` (one colon, not `::`).
                let joint_before = i > 0
                    && matches!(&tokens[i - 1], proc_macro2::TokenTree::Punct(q) if q.as_char() == ':');
                previous_colon = p.as_char() == ':' && !joint_before;
                continue;
            }
            proc_macro2::TokenTree::Group(_) | proc_macro2::TokenTree::Ident(_) => {}
        }
        previous_colon = false;
    }
    false
}

/// The offset of the closing delimiter of the macro call whose path starts
/// `site` (`info!(..)`, `println![..]`), skipping string and character
/// literals and comments.
fn macro_close(site: &Span<'_>) -> Option<usize> {
    let text = site.src.text;
    let bang = site.start + text[site.start..].find('!')?;
    let open_at = bang + 1 + text[bang + 1..].find(|c: char| !c.is_whitespace())?;
    let bytes = text.as_bytes();
    let (open, close) = match bytes[open_at] {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut i = open_at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i + 1)?,
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let terminator = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                i = body + text[body..].find(&terminator)? + terminator.len() - 1;
            }
            b'\'' => {
                // A character literal (`'a'`, `'\n'`), else a lifetime.
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                } else if let Some(c) = text[i + 1..].chars().next()
                    && text[i + 1 + c.len_utf8()..].starts_with('\'')
                {
                    i += c.len_utf8() + 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += text[i..].find('\n')?;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += text[i..].find("*/")? + 1;
            }
            b if b == open => depth += 1,
            b if b == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the `"` closing a string whose text starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `user.email`, `email`: what a tracing field shorthand may be.
fn is_field_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// Log the type's id instead: `customer.email` becomes `customer.id`, a
/// whole `customer` printed with `{:?}` becomes `customer.id`. Changes what
/// the line says, so never applied unattended.
pub(crate) fn log_id(leak: &Leak<'_>) -> Option<Fix> {
    if !leak.sink.ends_with('!') {
        return None;
    }
    let field = leak.primary()?;
    if field.capture.is_some() {
        return None;
    }
    let owner = field.owner.as_ref()?;
    let id = owner.id_field?;
    let at = field.at?;
    let text = at.text();
    let (amp, path) = match text.strip_prefix('&') {
        Some(rest) => ("&", rest.trim_start()),
        None => ("", text),
    };
    if !is_field_path(path) {
        return None;
    }
    // Only a field read as a format argument (`customer.email`): a whole
    // value printed with `{:?}` may be of another type than the one with
    // the id, and a `key = value` field names what it records.
    if field.through_debug || slot(leak, &at)? != Slot::Value || text_before_is_eq(&at) {
        return None;
    }
    let base = path.strip_suffix(field.name?)?.strip_suffix('.')?;
    let replacement = format!("{base}.{id}");
    // The line logs the id already: dropping the value is the change then.
    let text = at.src.text;
    let line_start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
    let mentions = |part: &str| part.contains(replacement.as_str());
    if mentions(&text[line_start..at.start]) || mentions(&text[at.end..line_end]) {
        return None;
    }
    Some(fix(
        FixKind::LogId,
        Applicability::MaybeIncorrect,
        format!("log `{replacement}` instead"),
        vec![at.replace(format!("{amp}{replacement}"))],
    ))
}

/// Whether the argument follows `=` (or `= %`): a named value.
fn text_before_is_eq(at: &Span<'_>) -> bool {
    match at.char_before() {
        Some((_, '=')) => true,
        Some((i, '%' | '?')) => matches!(at.at(i).char_before(), Some((_, '='))),
        _ => false,
    }
}

/// An attribute on each field (`#[serde(skip_serializing)]`), as one fix.
pub(crate) fn field_attribute(
    kind: FixKind,
    attribute: &str,
    fields: &[&LeakField<'_>],
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut names = Vec::new();
    for field in fields {
        let decl = field.decl?;
        let edit = decl.line_before(attribute);
        if !edits.contains(&edit) {
            edits.push(edit);
            names.push(format!("`{}`", field.display));
        }
    }
    if edits.is_empty() {
        return None;
    }
    Some(fix(
        kind,
        Applicability::MaybeIncorrect,
        format!("mark {} `{attribute}`", listing(&names)),
        edits,
    ))
}

/// `#[instrument]` skips the personal parameters: added to its `skip(..)`,
/// or a `skip(..)` added to it.
pub(crate) fn skip_arguments(leak: &Leak<'_>) -> Option<Fix> {
    let attr = leak.site?;
    let mut names: Vec<&str> = Vec::new();
    for field in &leak.fields {
        let at = field.at?;
        let name = at.text();
        if at.start < attr.end || !is_field_path(name) || name.contains('.') {
            return None;
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return None;
    }
    let edit = skip_edit(&attr, &names)?;
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Some(fix(
        FixKind::SkipArgument,
        Applicability::MachineApplicable,
        format!("skip {} in `#[instrument]`", listing(&listed)),
        vec![edit],
    ))
}

/// The edit adding `names` to the attribute's skip list.
fn skip_edit(attr: &Span<'_>, names: &[&str]) -> Option<Edit> {
    let text = attr.text();
    let joined = names.join(", ");
    // `#[instrument]`, `#[tracing::instrument]`: no arguments yet.
    let close_bracket = text.rfind(']')?;
    let inner = text[..close_bracket].trim_end();
    if !inner.ends_with(')') {
        let at = attr.at(attr.start + inner.len());
        return Some(at.replace(format!("(skip({joined}))")));
    }
    let open = text.find('(')?;
    let args_end = inner.len() - 1;
    let args = &text[open + 1..args_end];
    let tokens: Vec<proc_macro2::TokenTree> = args
        .parse::<proc_macro2::TokenStream>()
        .ok()?
        .into_iter()
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        if let proc_macro2::TokenTree::Ident(id) = token
            && id == "skip"
            && let Some(proc_macro2::TokenTree::Group(g)) = tokens.get(i + 1)
        {
            // The group's closing parenthesis, found in the text: `skip(` is
            // unique among the arguments as tracing accepts them.
            let skip_at = args.find("skip")?;
            let rel_open = args[skip_at..].find('(')? + skip_at;
            let rel_close = matching_paren(&args[rel_open..])? + rel_open;
            let listed = args[rel_open + 1..rel_close].trim_end();
            let insert = open + 1 + rel_open + 1 + listed.len();
            let sep = if g.stream().is_empty() {
                ""
            } else if listed.ends_with(',') {
                " "
            } else {
                ", "
            };
            return Some(
                attr.at(attr.start + insert)
                    .replace(format!("{sep}{joined}")),
            );
        }
    }
    let before_close = text[..args_end].trim_end();
    let sep = if before_close.ends_with('(') {
        ""
    } else if before_close.ends_with(',') {
        " "
    } else {
        ", "
    };
    Some(
        attr.at(attr.start + before_close.len())
            .replace(format!("{sep}skip({joined})")),
    )
}

/// The offset of the parenthesis closing the one `text` starts with.
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src<'a>(text: &'a str, lines: &'a [usize]) -> Src<'a> {
        Src {
            rel: "src/lib.rs",
            path: Path::new("src/lib.rs"),
            text,
            lines,
        }
    }

    fn apply(text: &str, edit: &Edit) -> String {
        format!(
            "{}{}{}",
            &text[..edit.start],
            edit.replacement,
            &text[edit.end..]
        )
    }

    #[test]
    fn skip_lists_are_added_or_extended() {
        for (attr, after) in [
            ("#[instrument]", "#[instrument(skip(customer))]"),
            (
                "#[tracing::instrument ]",
                "#[tracing::instrument(skip(customer)) ]",
            ),
            (
                "#[instrument(level = \"debug\")]",
                "#[instrument(level = \"debug\", skip(customer))]",
            ),
            (
                "#[instrument(skip(db))]",
                "#[instrument(skip(db, customer))]",
            ),
            (
                "#[instrument(skip(db,), ret)]",
                "#[instrument(skip(db, customer), ret)]",
            ),
            (
                "#[instrument(skip(), err)]",
                "#[instrument(skip(customer), err)]",
            ),
            (
                "#[instrument(fields(id = %x.id),)]",
                "#[instrument(fields(id = %x.id), skip(customer))]",
            ),
        ] {
            let lines = line_starts(attr);
            let s = src(attr, &lines);
            let span = Span {
                src: s,
                start: 0,
                end: attr.len(),
            };
            let edit = skip_edit(&span, &["customer"]).expect("an edit");
            assert_eq!(apply(attr, &edit), after, "{attr}");
        }
    }

    #[test]
    fn positions_convert_both_ways() {
        let text = "fn a() {}\n    é = x;\n";
        let lines = line_starts(text);
        let span = Span::of(src(text, &lines), 2, 5, 2, 6).expect("in the text");
        assert_eq!(span.text(), "é");
        let edit = span.replace("e");
        assert_eq!(
            (edit.line, edit.column, edit.end_line, edit.end_column),
            (2, 5, 2, 6)
        );
        assert_eq!(span.indent(), Some("    "));
        assert!(Span::of(src(text, &lines), 9, 1, 9, 1).is_none());
        assert_eq!(line_col(&src(text, &lines), text.len()), (3, 1));
        // A byte-order mark is not a column.
        let text = "\u{feff}#[derive(Debug)]\n";
        let lines = line_starts(text);
        let span = Span::of(src(text, &lines), 1, 10, 1, 15).expect("in the text");
        assert_eq!(span.text(), "Debug");
        let edit = span.replace("x");
        assert_eq!((edit.line, edit.column), (1, 10));
    }

    #[test]
    fn the_close_of_a_macro_call_skips_literals_and_comments() {
        for (text, close) in [
            ("info!(\"a {email}\")", 17),
            ("info!(\"a ) {email}\", x)", 22),
            ("warn![r#\"a \") \"#, '(', ')']", 26),
            ("m!{ (a) /* ) */ }", 16),
            ("m!(x, // )\n y)", 13),
            ("m!(a<'a>)", 8),
        ] {
            let lines = line_starts(text);
            let span = Span {
                src: src(text, &lines),
                start: 0,
                end: 1,
            };
            assert_eq!(macro_close(&span), Some(close), "{text}");
        }
        let lines = line_starts("info!(\"open");
        let span = Span {
            src: src("info!(\"open", &lines),
            start: 0,
            end: 1,
        };
        assert_eq!(macro_close(&span), None);
    }

    #[test]
    fn field_paths() {
        assert!(is_field_path("user.email"));
        assert!(is_field_path("email"));
        assert!(!is_field_path("user.email()"));
        assert!(!is_field_path("&user"));
        assert!(!is_field_path(""));
    }
}
