//! `// datamin:allow(<rule>) <reason>` comments.

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// 1-based column of the `//`.
    pub column: usize,
    /// 1-based column past the closing parenthesis.
    pub end_column: usize,
    /// The rules named in the parentheses.
    pub rules: Vec<String>,
    /// The text after the parentheses, trimmed.
    pub reason: String,
}

const MARKER: &str = "datamin:allow(";

/// Finds the suppression comments of a file: plain `//` line comments (not
/// doc comments, not text inside string literals) that start with the marker.
pub(crate) fn scan(text: &str) -> Vec<Suppression> {
    // Columns are counted as the parser counts them: after a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    line_comments(text)
        .into_iter()
        .filter_map(|(line, column, body)| parse(line, column, body))
        .collect()
}

fn parse(line: usize, column: usize, body: &str) -> Option<Suppression> {
    // `body` is the comment after `//`.
    if body.starts_with('/') || body.starts_with('!') {
        return None;
    }
    let trimmed = body.trim_start();
    let after = trimmed.strip_prefix(MARKER)?;
    let close = after.find(')')?;
    let rules = after[..close]
        .split(',')
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    let reason = after[close + 1..].trim().to_owned();
    let lead = body.len() - trimmed.len();
    let end_column = column + 2 + body[..lead + MARKER.len() + close + 1].chars().count();
    Some(Suppression {
        line,
        column,
        end_column,
        rules,
        reason,
    })
}

/// Every `//` comment outside string and character literals and block
/// comments: (1-based line, 1-based column of the `//`, text after `//`).
fn line_comments(text: &str) -> Vec<(usize, usize, &str)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let column = |at: usize, start: usize| text[start..at].chars().count() + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                out.push((line, column(i, line_start), &text[i + 2..end]));
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if bytes[i] == b'\n' {
                            line += 1;
                            line_start = i + 1;
                        }
                        i += 1;
                    }
                }
            }
            b'r' if raw_string_start(bytes, i) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let closing: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                i += 2 + hashes;
                while i < bytes.len() && !bytes[i..].starts_with(&closing) {
                    if bytes[i] == b'\n' {
                        line += 1;
                        line_start = i + 1;
                    }
                    i += 1;
                }
                i += closing.len();
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    if bytes.get(i) == Some(&b'\n') {
                        line += 1;
                        line_start = i + 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'\'' => i += char_literal_len(bytes, i),
            _ => i += 1,
        }
    }
    out
}

/// `r"`, `r#"`, `br"` and friends, where the `r` does not end an identifier.
fn raw_string_start(bytes: &[u8], i: usize) -> bool {
    let before_ok = match i.checked_sub(1).map(|j| bytes[j]) {
        Some(b'b') => i < 2 || !is_ident(bytes[i - 2]),
        Some(b) => !is_ident(b),
        None => true,
    };
    let rest = &bytes[i + 1..];
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    before_ok && rest.get(hashes) == Some(&b'"')
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Length of a character literal at `i` (`'a'`, `'\n'`, `'\u{1F600}'`), or 1
/// for a lifetime or label.
fn char_literal_len(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i + 1) == Some(&b'\\') {
        let close = bytes[i + 2..].iter().take(12).position(|&b| b == b'\'');
        return close.map_or(1, |c| c + 3);
    }
    // One (possibly multi-byte) character and a closing quote.
    let Some(&first) = bytes.get(i + 1) else {
        return 1;
    };
    let width = match first {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    if bytes.get(i + 1 + width) == Some(&b'\'') {
        width + 2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_rules_reason_and_position() {
        let text = "fn f() {\n    // datamin:allow(log-leak) audited sink\n    x(); // datamin:allow(log-leak, response-leak)\n}\n";
        let found = scan(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 2);
        assert_eq!(found[0].column, 5);
        assert_eq!(found[0].rules, vec!["log-leak"]);
        assert_eq!(found[0].reason, "audited sink");
        assert_eq!(found[1].line, 3);
        assert_eq!(found[1].rules, vec!["log-leak", "response-leak"]);
        assert_eq!(found[1].reason, "");
    }

    #[test]
    fn ignores_the_marker_outside_line_comments() {
        assert!(scan("let s = \"datamin:allow(log-leak) x\";\n").is_empty());
        let multi_line_string = "let s = \"\n// datamin:allow(log-leak) in a string\n\";\n";
        assert!(scan(multi_line_string).is_empty());
        let raw = "let s = r#\"\n// datamin:allow(log-leak) in a raw string\n\"#;\n";
        assert!(scan(raw).is_empty());
        let block = "/* a\n// datamin:allow(log-leak) in a block comment\n*/\n";
        assert!(scan(block).is_empty());
        let docs = "/// datamin:allow(log-leak) documented\n//! datamin:allow(log-leak) too\n";
        assert!(scan(docs).is_empty());
    }

    #[test]
    fn char_literals_and_lifetimes_do_not_open_strings() {
        let text = "fn f<'a>(c: char) -> bool { c == '\"' }\n// datamin:allow(log-leak) real\n";
        assert_eq!(scan(text).len(), 1);
        let escaped = "let q = '\\'';\n// datamin:allow(log-leak) real\n";
        assert_eq!(scan(escaped).len(), 1);
    }
}
