//! The mutator: turns one source file into a hostile variant of itself.
//!
//! A mutation is a sequence of one to three steps drawn from [`STEPS`], each
//! described in words so that a failure says what the input was. Steps work
//! on bytes (a step may leave the file invalid UTF-8 on purpose); the ones that
//! insert code harvest names from the file (identifiers, type and function
//! names, `a.b` paths) so that the inserted code touches the file's own
//! personal values and functions.

use super::rng::Rng;

/// How big generated constructs may get.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Deepest nesting generated.
    pub max_depth: usize,
    /// Most repetitions (arguments, arms, fields, items) generated.
    pub max_count: usize,
    /// Longest literal or identifier generated, in bytes.
    pub max_literal: usize,
    /// Keep generated inputs below the sizes that crash or hang the linter
    /// today (see [`KNOWN`]), so that a run finds new problems.
    pub avoid_known: bool,
}

/// Constructs that crash or hang the linter today above some size, each with
/// the regression test in `bad_input.rs` that pins it (ignored until fixed).
/// With [`Profile::avoid_known`], generation stays at or below the size.
pub struct Known {
    pub what: &'static str,
    pub below: usize,
    pub regression: &'static str,
}

/// Nesting that `syn` parses by recursion without the bracket guard
/// (`<`, `&`, `|..|`, `->`, `@`): deep enough, it overflows the stack.
pub const UNGUARDED: Known = Known {
    what: "nesting syn parses recursively without brackets",
    below: 1_000,
    regression: "deeply_nested_generic_types_do_not_overflow_the_stack",
};

/// Nested loops: each loop body is evaluated twice, so the time doubles with
/// every level.
pub const LOOPS: Known = Known {
    what: "nested loops",
    below: 8,
    regression: "nested_loops_are_analysed_in_bounded_time",
};

/// Integer literals: `syn` builds each one's value digit by digit in a big
/// integer, in time quadratic in its length.
pub const DIGITS: Known = Known {
    what: "digits of an integer literal",
    below: 4_096,
    regression: "an_integer_literal_of_100_000_digits_is_checked_in_bounded_time",
};

/// Every known problem, for the campaign's summary.
pub const KNOWN: &[&Known] = &[&UNGUARDED, &LOOPS, &DIGITS];

/// The result of mutating one file.
#[derive(Debug, Clone)]
pub struct Mutated {
    pub bytes: Vec<u8>,
    /// One line per step, in order.
    pub steps: Vec<String>,
    /// The names of the steps, for statistics.
    pub kinds: Vec<&'static str>,
}

impl Mutated {
    pub fn describe(&self) -> String {
        self.steps.join("; ")
    }
}

/// Mutates `original` with one to three steps; `donor` is another file of
/// the corpus that lines can be spliced from.
pub fn mutate(rng: &mut Rng, original: &[u8], donor: &[u8], profile: &Profile) -> Mutated {
    let mut bytes = original.to_vec();
    let mut steps = Vec::new();
    let mut kinds = Vec::new();
    let count = 1 + usize::from(rng.chance(1, 2)) + usize::from(rng.chance(1, 4));
    for _ in 0..count {
        let names = Names::harvest(&bytes);
        let step = if rng.chance(1, 2) {
            let generating: Vec<&Step> = STEPS.iter().filter(|s| s.generates).collect();
            *rng.pick(&generating)
        } else {
            rng.pick(STEPS)
        };
        let mut cx = Cx {
            rng,
            names: &names,
            donor,
            profile,
        };
        let description = (step.apply)(&mut cx, &mut bytes);
        steps.push(format!("{}: {description}", step.name));
        kinds.push(step.name);
    }
    Mutated {
        bytes,
        steps,
        kinds,
    }
}

/// One kind of mutation step.
pub struct Step {
    pub name: &'static str,
    apply: fn(&mut Cx<'_, '_>, &mut Vec<u8>) -> String,
    /// Inserts generated code (and usually leaves the file parseable).
    generates: bool,
}

/// Every step. Half the steps are drawn from those that generate code, so
/// that enough mutated files still parse and reach the flow analysis.
pub const STEPS: &[Step] = &[
    Step {
        name: "delete-token",
        apply: delete_token,
        generates: false,
    },
    Step {
        name: "duplicate-token",
        apply: duplicate_token,
        generates: false,
    },
    Step {
        name: "swap-tokens",
        apply: swap_tokens,
        generates: false,
    },
    Step {
        name: "replace-identifier",
        apply: replace_identifier,
        generates: false,
    },
    Step {
        name: "delete-lines",
        apply: delete_lines,
        generates: false,
    },
    Step {
        name: "duplicate-lines",
        apply: duplicate_lines,
        generates: false,
    },
    Step {
        name: "swap-lines",
        apply: swap_lines,
        generates: false,
    },
    Step {
        name: "splice-donor",
        apply: splice_donor,
        generates: false,
    },
    Step {
        name: "truncate",
        apply: truncate,
        generates: false,
    },
    Step {
        name: "unbalanced",
        apply: unbalanced,
        generates: false,
    },
    Step {
        name: "random-bytes",
        apply: random_bytes,
        generates: false,
    },
    Step {
        name: "encoding",
        apply: encoding,
        generates: false,
    },
    Step {
        name: "huge-literal",
        apply: huge_literal,
        generates: true,
    },
    Step {
        name: "long-identifier",
        apply: long_identifier,
        generates: true,
    },
    Step {
        name: "deep-nesting",
        apply: deep_nesting,
        generates: true,
    },
    Step {
        name: "long-chain",
        apply: long_chain,
        generates: true,
    },
    Step {
        name: "many",
        apply: many,
        generates: true,
    },
    Step {
        name: "odd-attribute",
        apply: odd_attribute,
        generates: true,
    },
    Step {
        name: "odd-suppression",
        apply: odd_suppression,
        generates: true,
    },
    Step {
        name: "name-games",
        apply: name_games,
        generates: true,
    },
];

/// What a step can use.
struct Cx<'r, 'a> {
    rng: &'r mut Rng,
    names: &'a Names,
    donor: &'a [u8],
    profile: &'a Profile,
}

impl Cx<'_, '_> {
    /// A nesting depth: mostly around the linter's bounds (1024 expression
    /// levels, 4096 brackets), sometimes far past them.
    fn depth(&mut self, known: Option<&Known>) -> usize {
        const DEPTHS: &[usize] = &[
            2, 3, 8, 16, 30, 64, 100, 255, 256, 300, 500, 1_000, 1_023, 1_024, 1_025, 2_000, 4_095,
            4_096, 4_097, 5_000, 10_000, 30_000, 100_000,
        ];
        let mut max = self.profile.max_depth;
        if let Some(known) = known.filter(|_| self.profile.avoid_known) {
            max = max.min(known.below);
        }
        let allowed: Vec<usize> = DEPTHS.iter().copied().filter(|&d| d <= max).collect();
        *self.rng.pick(&allowed)
    }

    /// A repetition count.
    fn count(&mut self) -> usize {
        const COUNTS: &[usize] = &[
            0, 1, 2, 10, 100, 255, 256, 1_000, 5_000, 20_000, 65_536, 100_000,
        ];
        let max = self.profile.max_count;
        let allowed: Vec<usize> = COUNTS.iter().copied().filter(|&c| c <= max).collect();
        *self.rng.pick(&allowed)
    }

    /// A literal or identifier length.
    fn length(&mut self) -> usize {
        const LENGTHS: &[usize] = &[
            1, 64, 255, 256, 4_096, 65_535, 65_536, 100_000, 1_000_000, 2_000_000,
        ];
        let max = self.profile.max_literal;
        let allowed: Vec<usize> = LENGTHS.iter().copied().filter(|&l| l <= max).collect();
        *self.rng.pick(&allowed)
    }

    /// An expression from the file: a `a.b` path when there is one.
    fn atom(&mut self) -> String {
        if !self.names.paths.is_empty() && self.rng.chance(3, 4) {
            return self.rng.pick(&self.names.paths).clone();
        }
        if !self.names.idents.is_empty() && self.rng.chance(1, 2) {
            return self.rng.pick(&self.names.idents).clone();
        }
        "\"x\"".to_owned()
    }

    fn type_name(&mut self) -> String {
        if self.names.types.is_empty() {
            "String".to_owned()
        } else {
            self.rng.pick(&self.names.types).clone()
        }
    }

    fn fn_name(&mut self) -> String {
        if self.names.fns.is_empty() {
            "qz_f".to_owned()
        } else {
            self.rng.pick(&self.names.fns).clone()
        }
    }

    /// Fills `{a}` (a fresh atom each time), `{T}` and `{f}` in a template.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(after) = tail.strip_prefix("{a}") {
                out.push_str(&self.atom());
                rest = after;
            } else if let Some(after) = tail.strip_prefix("{T}") {
                out.push_str(&self.type_name());
                rest = after;
            } else if let Some(after) = tail.strip_prefix("{f}") {
                out.push_str(&self.fn_name());
                rest = after;
            } else {
                out.push('{');
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
        out
    }

    /// Inserts an item: at the end, or before a line that starts an item.
    fn insert_item(&mut self, bytes: &mut Vec<u8>, item: &str) -> String {
        let starts: Vec<usize> = line_starts(bytes)
            .into_iter()
            .filter(|&at| starts_item(&bytes[at..]))
            .collect();
        if starts.is_empty() || self.rng.chance(1, 3) {
            if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(item.as_bytes());
            bytes.push(b'\n');
            return "as a new item at the end".to_owned();
        }
        let at = *self.rng.pick(&starts);
        let mut text = item.as_bytes().to_vec();
        text.push(b'\n');
        bytes.splice(at..at, text);
        format!("as a new item at byte {at}")
    }

    /// Inserts a statement at the start of a function body (or in a new
    /// function when the file has none).
    fn insert_stmt(&mut self, bytes: &mut Vec<u8>, stmt: &str) -> String {
        let bodies = fn_bodies(bytes);
        if bodies.is_empty() || self.rng.chance(1, 5) {
            let host = format!("fn qz_host(v: &{}) {{ {stmt} }}", self.type_name());
            let place = self.insert_item(bytes, &host);
            return format!("in a new function {place}");
        }
        let at = *self.rng.pick(&bodies);
        bytes.splice(at..at, format!(" {stmt} ").into_bytes());
        format!("in the function body at byte {at}")
    }

    /// Inserts an expression: as a `let`, as a log argument, or as a return.
    fn insert_expr(&mut self, bytes: &mut Vec<u8>, expr: &str) -> String {
        let stmt = match self.rng.below(3) {
            0 => format!("let qz_e = {expr};"),
            1 => format!("println!(\"{{:?}}\", {expr});"),
            _ => format!("tracing::info!(qz = ?{expr}, \"mutant\");"),
        };
        self.insert_stmt(bytes, &stmt)
    }
}

/// Names harvested from a file.
#[derive(Debug, Default)]
struct Names {
    idents: Vec<String>,
    types: Vec<String>,
    fns: Vec<String>,
    /// `a.b` and `a.b.c` paths, as written.
    paths: Vec<String>,
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

impl Names {
    fn harvest(bytes: &[u8]) -> Names {
        let text = String::from_utf8_lossy(bytes);
        let words = words(&text);
        let mut names = Names::default();
        for (i, &(word, _)) in words.iter().enumerate() {
            let first = word.chars().next().unwrap_or('0');
            if first.is_ascii_digit() || (KEYWORDS.contains(&word) && word != "self") {
                continue;
            }
            names.idents.push(word.to_owned());
            if first.is_ascii_uppercase() {
                names.types.push(word.to_owned());
            }
            if i > 0 && words[i - 1].0 == "fn" {
                names.fns.push(word.to_owned());
            }
            // `a.b`: the next word starts right after a dot.
            if let Some(&(next, next_at)) = words.get(i + 1) {
                let end = words[i].1 + word.len();
                if next_at == end + 1 && text.as_bytes().get(end) == Some(&b'.') {
                    names.paths.push(format!("{word}.{next}"));
                }
            }
        }
        for list in [
            &mut names.idents,
            &mut names.types,
            &mut names.fns,
            &mut names.paths,
        ] {
            list.sort();
            list.dedup();
            list.retain(|n| n.len() <= 64);
        }
        names
    }
}

/// Identifier-like words of a text with their byte offsets.
fn words(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let word = c == '_' || c.is_ascii_alphanumeric();
        match (word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push((&text[s..at], s));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], s));
    }
    out
}

// ----- byte-level helpers -------------------------------------------------

/// Byte ranges of the tokens of a text, roughly: runs of word bytes
/// (ASCII alphanumerics, `_` and every non-ASCII byte, so that a UTF-8
/// sequence stays whole) and single punctuation bytes; whitespace is not a
/// token.
fn tokens(bytes: &[u8]) -> Vec<(usize, usize)> {
    let word = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if word(b) {
            let start = i;
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
            out.push((start, i));
        } else {
            out.push((i, i + 1));
            i += 1;
        }
    }
    out
}

/// The lines of a text, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < bytes.len()),
    );
    starts
}

fn starts_item(line: &[u8]) -> bool {
    const ITEMS: &[&[u8]] = &[
        b"pub ",
        b"fn ",
        b"struct ",
        b"enum ",
        b"impl",
        b"#[",
        b"mod ",
        b"use ",
        b"async fn ",
        b"trait ",
        b"const ",
        b"static ",
        b"type ",
    ];
    ITEMS.iter().any(|item| line.starts_with(item))
}

/// Offsets just past the `{` that opens each `fn`'s body (roughly: the
/// first `{` after the keyword).
fn fn_bodies(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    for (start, end) in tokens(bytes) {
        if &bytes[start..end] != b"fn" {
            continue;
        }
        if let Some(open) = bytes[end..].iter().position(|&b| b == b'{') {
            out.push(end + open + 1);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A position between two characters (never inside a UTF-8 sequence, so that
/// a step breaks UTF-8 only when it means to).
fn boundary(rng: &mut Rng, bytes: &[u8]) -> usize {
    let mut at = rng.below(bytes.len() + 1);
    while at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut short: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        short.push('…');
    }
    format!("{short:?}")
}

// ----- token and line steps -----------------------------------------------

fn delete_token(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let tokens = tokens(bytes);
    if tokens.is_empty() {
        return "nothing to delete".to_owned();
    }
    let (start, end) = *cx.rng.pick(&tokens);
    let gone = shown(&bytes[start..end]);
    bytes.drain(start..end);
    format!("{gone} at byte {start}")
}

fn duplicate_token(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let tokens = tokens(bytes);
    if tokens.is_empty() {
        return "nothing to duplicate".to_owned();
    }
    let (start, end) = *cx.rng.pick(&tokens);
    let copies = *cx.rng.pick(&[1, 2, 10]);
    let mut copy = Vec::new();
    for _ in 0..copies {
        copy.push(b' ');
        copy.extend_from_slice(&bytes[start..end]);
    }
    let what = shown(&bytes[start..end]);
    bytes.splice(end..end, copy);
    format!("{what} at byte {start}, {copies} more times")
}

fn swap_tokens(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let tokens = tokens(bytes);
    if tokens.len() < 2 {
        return "too few tokens".to_owned();
    }
    let i = cx.rng.below(tokens.len());
    // Mostly neighbours (`a.b` → `.ab`), sometimes anywhere.
    let j = if cx.rng.chance(1, 2) {
        (i + 1).min(tokens.len() - 1)
    } else {
        cx.rng.below(tokens.len())
    };
    let (a, b) = (tokens[i.min(j)], tokens[i.max(j)]);
    if a == b {
        return "a token with itself".to_owned();
    }
    let first = bytes[a.0..a.1].to_vec();
    let second = bytes[b.0..b.1].to_vec();
    let description = format!(
        "{} at byte {} with {} at byte {}",
        shown(&first),
        a.0,
        shown(&second),
        b.0
    );
    bytes.splice(b.0..b.1, first);
    bytes.splice(a.0..a.1, second);
    description
}

/// Identifiers that mean something to Rust or to the linter.
const LOADED_WORDS: &[&str] = &[
    "fn",
    "match",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "union",
    "macro_rules",
    "r#fn",
    "r#match",
    "_",
    "static",
    "println",
    "info",
    "tracing",
    "log",
    "Json",
    "serde_json",
    "instrument",
    "personal",
    "datamin",
    "Redacted",
    "expose_secret",
    "Personal",
    "RedactedDebug",
    "Serialize",
    "Debug",
    "Display",
    "fmt",
    "to_string",
    "clone",
    "String",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "Box",
    "format",
    "write",
    "expect",
    "unwrap",
    "café",
    "日本",
    "ʼ",
];

fn replace_identifier(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let words = words(&text);
    if words.is_empty() || text.len() != bytes.len() {
        return "no identifier".to_owned();
    }
    let (old, at) = *cx.rng.pick(&words);
    let new = if cx.rng.chance(1, 2) || cx.names.idents.is_empty() {
        (*cx.rng.pick(LOADED_WORDS)).to_owned()
    } else {
        cx.rng.pick(&cx.names.idents).clone()
    };
    let every = cx.rng.chance(1, 3);
    if every {
        let replaced = replace_word(&text, old, &new);
        *bytes = replaced.into_bytes();
        format!("every `{old}` with `{new}`")
    } else {
        bytes.splice(at..at + old.len(), new.bytes());
        format!("`{old}` at byte {at} with `{new}`")
    }
}

/// `text` with every whole-word `old` replaced by `new`.
fn replace_word(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (word, at) in words(text) {
        if word == old {
            out.push_str(&text[last..at]);
            out.push_str(new);
            last = at + word.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A range of whole lines: mostly one, sometimes a dozen.
fn line_range(cx: &mut Cx<'_, '_>, bytes: &[u8]) -> (usize, usize) {
    let starts = line_starts(bytes);
    let first = cx.rng.below(starts.len());
    let len = if cx.rng.chance(2, 3) {
        1
    } else {
        cx.rng.between(2, 12)
    };
    let last = (first + len).min(starts.len());
    let end = starts.get(last).copied().unwrap_or(bytes.len());
    (starts[first], end)
}

fn delete_lines(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let (start, end) = line_range(cx, bytes);
    let count = bytes[start..end].iter().filter(|&&b| b == b'\n').count();
    bytes.drain(start..end);
    format!("{count} line(s) from byte {start}")
}

fn duplicate_lines(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    if cx.rng.chance(1, 6) {
        let copy = bytes.clone();
        bytes.push(b'\n');
        bytes.extend_from_slice(&copy);
        return "the whole file, twice".to_owned();
    }
    let (start, end) = line_range(cx, bytes);
    let copy = bytes[start..end].to_vec();
    let to = *cx.rng.pick(&line_starts(bytes));
    bytes.splice(to..to, copy);
    format!("bytes {start}..{end} copied to byte {to}")
}

fn swap_lines(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let mut all: Vec<Vec<u8>> = lines(bytes).into_iter().map(<[u8]>::to_vec).collect();
    if all.len() < 2 {
        return "too few lines".to_owned();
    }
    let i = cx.rng.below(all.len());
    let j = cx.rng.below(all.len());
    all.swap(i, j);
    *bytes = all.concat();
    format!("lines {} and {}", i + 1, j + 1)
}

fn splice_donor(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    if cx.donor.is_empty() {
        return "empty donor".to_owned();
    }
    let donor = cx.donor;
    let (start, end) = line_range(cx, donor);
    let mut piece = donor[start..end].to_vec();
    if !piece.ends_with(b"\n") {
        piece.push(b'\n');
    }
    let starts = line_starts(bytes);
    let to = *cx.rng.pick(&starts);
    let description = format!("{} inserted at byte {to}", shown(&piece));
    bytes.splice(to..to, piece);
    description
}

fn truncate(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    // Any byte: cutting a UTF-8 sequence in two is part of the point.
    let at = cx.rng.below(bytes.len() + 1);
    bytes.truncate(at);
    format!("at byte {at}")
}

fn unbalanced(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "<", ">", "\"", "'", "/*", "*/", "/* /* */", "r#\"",
        "r###\"", "b'", "#", "#[", "#![", "'a", "|", "$", "::", "=>", "->", "\\", "`", "//", "///",
        "//!", "br\"", "c\"", "#!",
    ];
    let piece = *cx.rng.pick(PIECES);
    let copies = *cx.rng.pick(&[1, 1, 1, 3, 100]);
    let at = boundary(cx.rng, bytes);
    bytes.splice(at..at, piece.repeat(copies).into_bytes());
    format!("{piece:?} ×{copies} at byte {at}")
}

// ----- bytes and encodings ------------------------------------------------

fn random_bytes(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    const SEQUENCES: &[&[u8]] = &[
        b"\x00",
        b"\xff",
        b"\xc0\x80",
        b"\xed\xa0\x80",
        b"\xf5\x80\x80\x80",
        b"\xe2\x82",
        b"\x80",
        b"\xef\xbb\xbf",
        b"\xe2\x80\xae",
        b"\xe2\x80\x8b",
        b"\x0b\x0c",
        b"\x1b[31m",
    ];
    let at = cx.rng.below(bytes.len() + 1);
    if cx.rng.chance(1, 2) {
        let sequence = *cx.rng.pick(SEQUENCES);
        bytes.splice(at..at, sequence.iter().copied());
        return format!("{sequence:02x?} at byte {at}");
    }
    let n = *cx.rng.pick(&[1, 4, 64, 1_000]);
    let noise: Vec<u8> = (0..n).map(|_| cx.rng.byte()).collect();
    let overwrite = cx.rng.chance(1, 2);
    if overwrite {
        let end = (at + n).min(bytes.len());
        bytes.splice(at..end, noise);
        format!("{n} random bytes over byte {at}")
    } else {
        bytes.splice(at..at, noise);
        format!("{n} random bytes inserted at byte {at}")
    }
}

fn encoding(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    match cx.rng.below(9) {
        0 => {
            let mut out = Vec::with_capacity(bytes.len() * 2);
            for &b in bytes.iter() {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
            *bytes = out;
            "CRLF line endings".to_owned()
        }
        1 => {
            bytes.splice(0..0, *b"\xef\xbb\xbf");
            "a byte order mark".to_owned()
        }
        2 => {
            bytes.splice(0..0, *b"\xef\xbb\xbf\xef\xbb\xbf");
            "two byte order marks".to_owned()
        }
        3 => {
            for b in bytes.iter_mut() {
                if *b == b'\n' {
                    *b = b'\r';
                }
            }
            "lone CR line endings".to_owned()
        }
        4 => {
            bytes.retain(|&b| b != b'\n');
            "every line joined into one".to_owned()
        }
        5 => {
            let at = boundary(cx.rng, bytes);
            bytes.splice(at..at, "\u{2028}\u{85}\u{200e}\u{feff}".bytes());
            format!("unicode line separators and marks at byte {at}")
        }
        6 => {
            bytes.splice(0..0, *b"#!/usr/bin/env run-cargo-script\n");
            "a shebang line".to_owned()
        }
        7 => {
            bytes.clear();
            "the file emptied".to_owned()
        }
        _ => {
            for b in bytes.iter_mut() {
                if *b == b' ' {
                    *b = b'\t';
                }
            }
            "every space a tab".to_owned()
        }
    }
}

// ----- generated constructs -----------------------------------------------

fn huge_literal(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let n = cx.length();
    let digits = if cx.profile.avoid_known {
        n.min(DIGITS.below)
    } else {
        n
    };
    let (what, literal) = match cx.rng.below(10) {
        0 => ("integer", "9".repeat(digits)),
        1 => ("float", format!("1.{}e99999", "5".repeat(n))),
        2 => ("string", format!("\"{}\"", "é".repeat(n / 2 + 1))),
        3 => ("byte string", format!("b\"{}\"", "\\xff".repeat(n / 4 + 1))),
        4 => {
            let hashes = "#".repeat(cx.rng.between(1, 300));
            (
                "raw string",
                format!("r{hashes}\"{}\"{hashes}", "\"#".repeat(n / 2 + 1)),
            )
        }
        5 => ("format string", format!("\"{}\"", "{}".repeat(n / 2 + 1))),
        6 => (
            "escapes",
            format!("\"{}\"", "\\u{10FFFF}\\n".repeat(n / 12 + 1)),
        ),
        7 => ("hex integer", format!("0x{}u128", "F".repeat(digits))),
        8 => ("integral float", format!("{}.0", "5".repeat(digits))),
        _ => ("char", "'\\u{110000}'".to_owned()),
    };
    let place = if cx.rng.chance(1, 2) {
        let stmt = format!("println!(\"{{}} {{}}\", {literal}, {});", cx.atom());
        cx.insert_stmt(bytes, &stmt)
    } else {
        cx.insert_expr(bytes, &literal)
    };
    format!("{what} literal of {} bytes {place}", literal.len())
}

fn long_identifier(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let n = cx.length();
    let long = format!("q{}", "z".repeat(n));
    let text = String::from_utf8_lossy(bytes).into_owned();
    let old = if cx.names.idents.is_empty() {
        None
    } else {
        Some(cx.rng.pick(&cx.names.idents).clone())
    };
    match old {
        Some(old) if text.len() == bytes.len() => {
            *bytes = replace_word(&text, &old, &long).into_bytes();
            format!("every `{old}` renamed to an identifier of {} bytes", n + 1)
        }
        _ => {
            let item = format!("fn {long}() {{ {long}() }}");
            let place = cx.insert_item(bytes, &item);
            format!("a function named with {} bytes {place}", n + 1)
        }
    }
}

/// Where nested code goes.
#[derive(Clone, Copy)]
enum Place {
    Type,
    Expr,
    Pattern,
    Stmt,
    Item,
}

/// One way of nesting: `open` ×n, the core, `close` ×n.
struct Nest {
    what: &'static str,
    place: Place,
    open: &'static str,
    core: &'static str,
    close: &'static str,
    known: Option<&'static Known>,
}

const NESTS: &[Nest] = &[
    Nest {
        what: "generic types",
        place: Place::Type,
        open: "Vec<",
        core: "{T}",
        close: ">",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "option types",
        place: Place::Type,
        open: "Option<Box<",
        core: "{T}",
        close: ">>",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "reference types",
        place: Place::Type,
        open: "&",
        core: "{T}",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "array types",
        place: Place::Type,
        open: "[",
        core: "{T}",
        close: "; 1]",
        known: None,
    },
    Nest {
        what: "tuple types",
        place: Place::Type,
        open: "(",
        core: "{T}",
        close: ",)",
        known: None,
    },
    Nest {
        what: "function pointer types",
        place: Place::Type,
        open: "fn() -> ",
        core: "{T}",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "boxed closure types",
        place: Place::Type,
        open: "Box<dyn Fn({T}) -> ",
        core: "{T}",
        close: ">",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "qualified paths",
        place: Place::Type,
        open: "<",
        core: "{T}",
        close: " as Iterator>::Item",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "closures",
        place: Place::Expr,
        open: "|qz| ",
        core: "{a}",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "move closures",
        place: Place::Expr,
        open: "move || ",
        core: "println!(\"{}\", {a})",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "parentheses",
        place: Place::Expr,
        open: "(",
        core: "{a}",
        close: ")",
        known: None,
    },
    Nest {
        what: "Some calls",
        place: Place::Expr,
        open: "Some(",
        core: "{a}",
        close: ")",
        known: None,
    },
    Nest {
        what: "function calls",
        place: Place::Expr,
        open: "{f}(",
        core: "{a}",
        close: ")",
        known: None,
    },
    Nest {
        what: "format! calls",
        place: Place::Expr,
        open: "format!(\"{}\", ",
        core: "{a}",
        close: ")",
        known: None,
    },
    Nest {
        what: "blocks",
        place: Place::Expr,
        open: "{ ",
        core: "{a}",
        close: " }",
        known: None,
    },
    Nest {
        what: "matches",
        place: Place::Expr,
        open: "match {a} { _ => ",
        core: "println!(\"{}\", {a})",
        close: " }",
        known: None,
    },
    Nest {
        what: "if-else",
        place: Place::Expr,
        open: "if true { ",
        core: "{a}",
        close: " } else { Default::default() }",
        known: None,
    },
    Nest {
        what: "references",
        place: Place::Expr,
        open: "&",
        core: "{a}",
        close: "",
        known: None,
    },
    Nest {
        what: "negations",
        place: Place::Expr,
        open: "!",
        core: "{a}",
        close: "",
        known: None,
    },
    Nest {
        what: "arrays",
        place: Place::Expr,
        open: "[",
        core: "{a}",
        close: "]",
        known: None,
    },
    Nest {
        what: "loops",
        place: Place::Stmt,
        open: "loop { ",
        core: "println!(\"{}\", {a});",
        close: " }",
        known: Some(&LOOPS),
    },
    Nest {
        what: "for loops",
        place: Place::Stmt,
        open: "for qz in {a}.iter() { ",
        core: "println!(\"{}\", qz);",
        close: " }",
        known: Some(&LOOPS),
    },
    Nest {
        what: "async blocks",
        place: Place::Stmt,
        open: "async { ",
        core: "println!(\"{}\", {a});",
        close: " };",
        known: None,
    },
    Nest {
        what: "tuple patterns",
        place: Place::Pattern,
        open: "(",
        core: "qz",
        close: ",)",
        known: None,
    },
    Nest {
        what: "Some patterns",
        place: Place::Pattern,
        open: "Some(",
        core: "qz",
        close: ")",
        known: None,
    },
    Nest {
        what: "reference patterns",
        place: Place::Pattern,
        open: "&",
        core: "qz",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "binding patterns",
        place: Place::Pattern,
        open: "qz @ ",
        core: "_",
        close: "",
        known: Some(&UNGUARDED),
    },
    Nest {
        what: "modules",
        place: Place::Item,
        open: "mod qz { use super::*; ",
        core: "pub fn qz_in(v: &{T}) { println!(\"{:?}\", v); }",
        close: " }",
        known: None,
    },
    Nest {
        what: "attribute arguments",
        place: Place::Item,
        open: "qz(",
        core: "personal",
        close: ")",
        known: None,
    },
];

fn deep_nesting(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let nest = cx.rng.pick(NESTS);
    let n = cx.depth(nest.known);
    let core = cx.fill(nest.core);
    let open: Vec<String> = (0..n).map(|_| cx.fill(nest.open)).collect();
    let built = format!("{}{core}{}", open.concat(), nest.close.repeat(n));
    let place = match nest.place {
        Place::Type => match cx.rng.below(3) {
            0 => cx.insert_stmt(bytes, &format!("let qz_t: {built} = todo!();")),
            1 => cx.insert_item(bytes, &format!("pub struct QzDeep {{ pub f: {built} }}")),
            _ => cx.insert_item(
                bytes,
                &format!("pub fn qz_deep(x: {built}) {{ println!(\"{{:?}}\", x); }}"),
            ),
        },
        Place::Expr => cx.insert_expr(bytes, &built),
        Place::Pattern => {
            let value = cx.atom();
            cx.insert_stmt(
                bytes,
                &format!("if let {built} = {value} {{ println!(\"{{:?}}\", {value}); }}"),
            )
        }
        Place::Stmt => cx.insert_stmt(bytes, &built),
        Place::Item => {
            let item = if nest.what == "attribute arguments" {
                format!("#[{built}] fn qz_attr() {{}}")
            } else {
                built
            };
            cx.insert_item(bytes, &item)
        }
    };
    format!("{} ×{n} {place}", nest.what)
}

/// Long sequences that are not nesting in the source, though a parser or
/// interpreter may recurse on them.
fn long_chain(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let n = cx.depth(None);
    let a = cx.atom();
    let (what, built) = match cx.rng.below(11) {
        0 => (
            "else-if chain",
            format!(
                "if {a}.is_empty() {{}}{} else {{ println!(\"{{}}\", {a}); }}",
                format!(" else if {a}.is_empty() {{ println!(\"{{}}\", {a}); }}").repeat(n)
            ),
        ),
        1 => (
            "method chain",
            format!("let qz = {a}{};", ".clone()".repeat(n)),
        ),
        2 => ("field chain", format!("let qz = {a}{};", ".qz".repeat(n))),
        3 => ("try chain", format!("let qz = {a}{};", "?".repeat(n))),
        4 => (
            "cast chain",
            format!("let qz = {a}{};", " as u64".repeat(n)),
        ),
        5 => ("return chain", format!("{}{a};", "return ".repeat(n))),
        6 => ("assignment chain", format!("{}{a};", "qz = ".repeat(n))),
        7 => (
            "operator chain",
            format!("let qz = {};", vec![a.as_str(); n + 1].join(" + ")),
        ),
        8 => (
            "path",
            format!("let qz = {}::{a};", vec!["qz"; n].join("::")),
        ),
        9 => (
            "let chain",
            format!(
                "if {} {{ println!(\"{{}}\", {a}); }}",
                vec![format!("let Some(qz) = {a}"); n.max(1)].join(" && ")
            ),
        ),
        _ => (
            "tuple index chain",
            format!("let qz = {a}{};", ".0".repeat(n)),
        ),
    };
    let place = cx.insert_stmt(bytes, &built);
    format!("{what} of {n} {place}")
}

fn many(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let n = cx.count();
    let a = cx.atom();
    let t = cx.type_name();
    let list = |item: &dyn Fn(usize) -> String, sep: &str| -> String {
        (0..n).map(item).collect::<Vec<_>>().join(sep)
    };
    let (what, stmt, item) = match cx.rng.below(14) {
        0 => (
            "println! arguments",
            format!(
                "println!(\"{}\", {});",
                "{}".repeat(n),
                list(&|_| a.clone(), ", ")
            ),
            None,
        ),
        1 => (
            "tracing fields",
            format!(
                "tracing::info!({}, \"many\");",
                list(&|i| format!("f{i} = %{a}"), ", ")
            ),
            None,
        ),
        2 => (
            "vec! elements",
            format!("let qz = vec![{}];", list(&|_| a.clone(), ", ")),
            None,
        ),
        3 => (
            "json! keys",
            format!(
                "let qz = serde_json::json!({{ {} }});",
                list(&|i| format!("\"k{i}\": {a}"), ", ")
            ),
            None,
        ),
        4 => (
            "call arguments",
            format!("qz_many({});", list(&|_| a.clone(), ", ")),
            None,
        ),
        5 => (
            "format! arguments without placeholders",
            format!("let qz = format!(\"x\", {});", list(&|_| a.clone(), ", ")),
            None,
        ),
        6 => (
            "match arms",
            format!(
                "match 0u64 {{ {} _ => {{}} }}",
                list(&|i| format!("{i} => println!(\"{{}}\", {a}),"), " ")
            ),
            None,
        ),
        7 => (
            "parameters",
            String::new(),
            Some(format!(
                "pub fn qz_params({}) {{ {} }}",
                list(&|i| format!("p{i}: &{t}"), ", "),
                if n == 0 {
                    ""
                } else {
                    "println!(\"{:?}\", p0);"
                }
            )),
        ),
        8 => (
            "personal fields",
            String::new(),
            Some(format!(
                "#[derive(datamin::Personal, Debug, serde::Serialize)] pub struct QzWide {{ {} }} pub fn qz_wide(w: &QzWide) {{ println!(\"{{:?}}\", w); }}",
                list(&|i| format!("#[personal(email)] pub f{i}: String,"), " ")
            )),
        ),
        9 => (
            "enum variants",
            String::new(),
            Some(format!(
                "#[derive(Debug)] pub enum QzMany {{ {} }} pub fn qz_variants(v: &{t}) {{ println!(\"{{:?}}\", QzMany::V0(v.clone())); }}",
                list(&|i| format!("V{i}({t}),"), " ")
            )),
        ),
        10 => (
            "functions in a chain",
            String::new(),
            Some(
                list(
                    &|i| format!("pub fn qz_chain{i}(v: &{t}) {{ qz_chain{}(v); }}", i + 1),
                    "\n",
                ) + &format!("\npub fn qz_chain{n}(v: &{t}) {{ println!(\"{{:?}}\", v); }}"),
            ),
        ),
        11 => (
            "functions in a ring",
            String::new(),
            Some(list(
                &|i| {
                    format!(
                        "pub fn qz_ring{i}(v: &{t}) {{ println!(\"{{:?}}\", v); qz_ring{}(v); }}",
                        (i + 1) % n.max(1)
                    )
                },
                "\n",
            )),
        ),
        12 => (
            "impl blocks",
            String::new(),
            Some(list(
                &|i| {
                    format!(
                        "impl {t} {{ pub fn qz_m{i}(&self) -> &Self {{ self.qz_m{}() }} }}",
                        (i + 1) % n.max(1)
                    )
                },
                "\n",
            )),
        ),
        _ => (
            "use names",
            String::new(),
            Some(format!(
                "use crate::{{{}}};",
                list(
                    &|i| format!("qz{i} as {}", if i % 2 == 0 { "info" } else { "println" }),
                    ", "
                )
            )),
        ),
    };
    let place = match item {
        Some(item) => cx.insert_item(bytes, &item),
        None => cx.insert_stmt(bytes, &stmt),
    };
    format!("{n} {what} {place}")
}

/// Attributes of datamin and its neighbours in odd places and shapes.
fn odd_attribute(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    const ATTRIBUTES: &[&str] = &[
        "#[personal]",
        "#[personal(email)]",
        "#[personal(email, phone)]",
        "#[personal()]",
        "#[personal(123)]",
        "#[personal = \"email\"]",
        "#[personal(email = \"x\")]",
        "#[personal(nope)]",
        "#[personal(email(phone(name)))]",
        "#[personal(🦀)]",
        "#[datamin::personal(email)]",
        "#[::personal]",
        "#![personal]",
        "#[derive(datamin::Personal)]",
        "#[derive(datamin::Personal, datamin::Personal, datamin::RedactedDebug)]",
        "#[datamin::source(email)]",
        "#[datamin::source]",
        "#[datamin::source(email, phone)]",
        "#[datamin::sanitizer]",
        "#[datamin::sanitizer(x)]",
        "#[datamin::not_personal]",
        "#[serde(skip)]",
        "#[serde(skip_serializing_if = \"personal\")]",
        "#[graphql(skip)]",
        "#[tracing::instrument]",
        "#[instrument(skip_all, ret)]",
        "#[instrument(skip(self, v), fields(qz = %v))]",
        "#[instrument(ret, err, level = \"info\")]",
        "#[doc = \"datamin:allow(log-leak) in a doc attribute\"]",
        "#[cfg(any())]",
        "#[path = \"../../../../../../../../etc/passwd\"]",
    ];
    let attribute = *cx.rng.pick(ATTRIBUTES);
    let text = String::from_utf8_lossy(bytes).into_owned();
    if text.len() != bytes.len() {
        return "no place (not UTF-8)".to_owned();
    }
    // Before a random token that starts a line, statement, field, arm or
    // parameter, or anywhere at all.
    let places: Vec<usize> = tokens(bytes)
        .into_iter()
        .map(|(start, _)| start)
        .filter(|&s| s == 0 || matches!(bytes[s - 1], b'\n' | b'{' | b'(' | b',' | b';' | b' '))
        .collect();
    if places.is_empty() {
        let place = cx.insert_item(bytes, &format!("{attribute} fn qz_attr() {{}}"));
        return format!("{attribute} on a new function {place}");
    }
    let at = *cx.rng.pick(&places);
    bytes.splice(at..at, format!("{attribute} ").into_bytes());
    format!("{attribute} at byte {at}")
}

/// `datamin:allow` (and `datamin:personal`) comments with odd content.
fn odd_suppression(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    let n = cx.length().min(100_000);
    let comment = match cx.rng.below(22) {
        0 => "// datamin:allow(".to_owned(),
        1 => "// datamin:allow()".to_owned(),
        2 => "// datamin:allow() reason".to_owned(),
        3 => "// datamin:allow(log-leak".to_owned(),
        4 => "// datamin:allow(log-leak))) reason".to_owned(),
        5 => "// datamin:allow((log-leak)) reason".to_owned(),
        6 => "// datamin:allow(log-leak,,response-leak) reason".to_owned(),
        7 => format!("// datamin:allow(log-leak) {}", "é".repeat(n / 2)),
        8 => "// datamin:allow(🦀) 🦀".to_owned(),
        9 => "// datamin:allow(log-leak)\t\r reason".to_owned(),
        10 => "/* datamin:allow(log-leak) in a block comment */".to_owned(),
        11 => "/// datamin:allow(log-leak) in a doc comment".to_owned(),
        12 => "//! datamin:allow(log-leak) in an inner doc comment".to_owned(),
        13 => "let _ = \"// datamin:allow(log-leak) in a string\";".to_owned(),
        14 => "// datamin:allow(log-leak) datamin:allow(response-leak) twice".to_owned(),
        15 => "//datamin:allow(LOG-LEAK) capitals".to_owned(),
        16 => format!(
            "// datamin:allow({}) many rules",
            vec!["log-leak"; n.min(10_000)].join(",")
        ),
        17 => "// datamin:allow(log-leak)é".to_owned(),
        18 => "// datamin:allow(unused-suppression) meta".to_owned(),
        19 => "// datamin:allow(suppression-without-reason)".to_owned(),
        20 => "// datamin:personal(email)".to_owned(),
        _ => "// datamin:personal(nope) datamin:personal(".to_owned(),
    };
    let at = if cx.rng.chance(1, 2) {
        // At the end of a line: the comment then applies to that line.
        let ends: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        if ends.is_empty() {
            bytes.len()
        } else {
            *cx.rng.pick(&ends)
        }
    } else {
        *cx.rng.pick(&line_starts(bytes))
    };
    let mut text = format!(" {comment}").into_bytes();
    if at < bytes.len() && bytes[at] != b'\n' {
        text.push(b'\n');
    }
    let shown_comment = shown(comment.as_bytes());
    bytes.splice(at..at, text);
    format!("{shown_comment} at byte {at}")
}

/// Names that shadow, recurse or collide.
fn name_games(cx: &mut Cx<'_, '_>, bytes: &mut Vec<u8>) -> String {
    const ITEMS: &[(&str, &str)] = &[
        (
            "a closure named like the function it calls",
            "fn {f}(x: &str) -> usize { let {f} = |n: &str| {f}(n); {f}(x) }",
        ),
        (
            "a self-recursive Display",
            "impl std::fmt::Display for {T} { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{}\", self) } }",
        ),
        (
            "a self-recursive Debug",
            "impl std::fmt::Debug for {T} { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{:?}\", self) } }",
        ),
        (
            "a self-recursive method",
            "impl {T} { pub fn {f}(&self) -> Self { self.{f}() } }",
        ),
        (
            "a Deref to itself",
            "impl std::ops::Deref for {T} { type Target = {T}; fn deref(&self) -> &{T} { &**self } }",
        ),
        (
            "a From of itself",
            "impl From<{T}> for {T} { fn from(x: {T}) -> {T} { {T}::from(x) } }",
        ),
        ("an alias of itself", "type {T} = {T};"),
        (
            "aliases in a cycle",
            "type QzA = QzB; type QzB = QzA; fn qz_alias(a: &QzA) { println!(\"{:?}\", a); }",
        ),
        ("a recursive generic alias", "type QzA<T> = QzA<Option<T>>;"),
        (
            "polymorphic recursion",
            "#[derive(datamin::Personal, Debug)] pub struct QzRec<T> { pub next: Box<QzRec<Option<T>>>, #[personal(email)] pub v: T } fn qz_rec(r: &QzRec<{T}>) { println!(\"{:?}\", r); }",
        ),
        (
            "a personal self-containing type",
            "#[derive(datamin::Personal, Debug)] pub struct QzSelf { #[personal] pub me: Box<QzSelf>, pub all: Vec<QzSelf> } fn qz_me(s: QzSelf) { println!(\"{:?}\", s.me.me.all); }",
        ),
        (
            "mutually recursive default methods",
            "trait QzT { fn a(&self) { self.b() } fn b(&self) { self.a() } } impl<T> QzT for T {}",
        ),
        (
            "a blanket Display",
            "impl<T: std::fmt::Debug> std::fmt::Display for T { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{:?}\", self) } }",
        ),
        (
            "a println! forwarding to itself",
            "macro_rules! println { ($($t:tt)*) => { println!($($t)*) } }",
        ),
        (
            "a recursive macro",
            "macro_rules! qz { ($($t:tt)*) => { qz!($($t)*) } } fn qz_use(v: &{T}) { qz!(v); qz!(\"{:?}\", v); }",
        ),
        (
            "mutually recursive macros",
            "macro_rules! qz_a { ($e:expr) => { qz_b!($e) } } macro_rules! qz_b { ($e:expr) => { qz_a!($e); println!(\"{}\", $e) } } fn qz_ab(v: &{T}) { qz_a!(v); }",
        ),
        (
            "a local info! forwarding to tracing",
            "macro_rules! info { ($($t:tt)*) => { tracing::info!($($t)*) } }",
        ),
        (
            "a local macro that logs its argument",
            "macro_rules! {f} { ($e:expr) => { eprintln!(\"{:?}\", $e) } }",
        ),
        (
            "shadowed std names",
            "pub struct String { #[personal] pub s: std::string::String } pub enum Option<T> { Some(T), None } pub struct Json<T>(pub T);",
        ),
        ("a function named println", "fn println() { println() }"),
        (
            "a module named tracing",
            "mod tracing { pub fn info() {} pub use super::*; }",
        ),
        (
            "renamed sinks",
            "use std::println as info; use tracing::info as println;",
        ),
        ("a function that calls itself", "fn {f}() { {f}() }"),
        (
            "a function without a body",
            "extern \"C\" { fn {f}(x: &{T}); }",
        ),
        (
            "a struct and a function with one name",
            "struct {f}; fn {T}() {}",
        ),
        (
            "glob imports in a cycle",
            "use self::*; use crate::*; use super::*;",
        ),
        (
            "more supers than modules",
            "use super::super::super::super::qz;",
        ),
        ("a missing module", "mod qz_missing;"),
        (
            "a module read from outside the tree",
            "#[path = \"/etc/passwd\"] mod qz_outside;",
        ),
        ("include! of a device", "include!(\"/dev/zero\");"),
        (
            "include_str! of a device",
            "fn qz_inc() { println!(\"{}\", include_str!(\"/dev/zero\")); }",
        ),
        (
            "shadowed parameters",
            "fn qz_shadow(v: &{T}) { let v = {a}; let v = &v; println!(\"{:?}\", v); }",
        ),
        (
            "a trait method without a body",
            "trait QzNo { fn {f}(&self) -> {T}; }",
        ),
        ("a const fn", "const fn {f}() -> usize { {f}() }"),
        (
            "a static closure",
            "static QZ: fn(&{T}) = |v| println!(\"{:?}\", v);",
        ),
        (
            "an impl of a trait of the tree for a reference",
            "impl std::fmt::Debug for &{T} { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{:?}\", *self) } }",
        ),
    ];
    let (what, template) = *cx.rng.pick(ITEMS);
    let item = cx.fill(template);
    let place = cx.insert_item(bytes, &item);
    format!("{what} {place}")
}

#[test]
fn mutations_are_deterministic_and_described() {
    let profile = Profile {
        max_depth: 300,
        max_count: 1_000,
        max_literal: 4_096,
        avoid_known: true,
    };
    let text = b"use datamin::Personal;\n#[derive(Personal)]\npub struct User {\n    #[personal(email)]\n    pub email: String,\n}\npub fn greet(user: &User) {\n    println!(\"{}\", user.email);\n}\n";
    for i in 0..200 {
        let one = mutate(&mut Rng::for_iteration(1, i), text, text, &profile);
        let two = mutate(&mut Rng::for_iteration(1, i), text, text, &profile);
        assert_eq!(one.bytes, two.bytes, "iteration {i}");
        assert_eq!(one.steps.len(), one.kinds.len());
        assert!(!one.describe().is_empty());
    }
}

#[test]
fn names_are_harvested() {
    let names = Names::harvest(b"fn greet(user: &User) { println!(\"{}\", user.email); }");
    assert_eq!(names.fns, ["greet"]);
    assert_eq!(names.types, ["User"]);
    assert_eq!(names.paths, ["user.email"]);
}
