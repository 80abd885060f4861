//! How deeply a file's brackets nest, measured before it is parsed.
//!
//! `syn`'s parser recurses once per level of `(`, `[` and `{`, so a file with
//! tens of thousands of nested brackets overflows any stack. A single pass
//! over the text, skipping comments, strings and character literals, finds
//! the depth first; a file past [`super::limits::MAX_NESTING`] is reported
//! instead of parsed.

/// The deepest bracket nesting of Rust source text. Unbalanced brackets are
/// counted as they come (the parser reports them properly).
pub(crate) fn max_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'"' => i = skip_string(bytes, i + 1),
            b'r' if raw_string_hashes(bytes, i + 1).is_some() && !ident_before(bytes, i) => {
                i = skip_raw_string(bytes, i + 1);
            }
            b'\'' => i = skip_char_or_lifetime(bytes, i),
            _ => i += 1,
        }
    }
    max
}

fn ident_before(bytes: &[u8], i: usize) -> bool {
    // `br"..."` and `cr"..."` are raw strings too; `bar"` is not Rust.
    i > 0 && {
        let b = bytes[i - 1];
        (b.is_ascii_alphanumeric() || b == b'_') && !(b == b'b' || b == b'c')
    }
}

fn skip_line(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + p + 1)
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    // Block comments nest in Rust.
    let mut level = 0usize;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// Skips to just after the closing quote of a string whose body starts at `i`.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// `r"`, `r#"`, `r##"`…: the number of hashes when a raw string starts at `i`.
fn raw_string_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    let hashes = bytes[i.min(bytes.len())..]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    (bytes.get(i + hashes) == Some(&b'"')).then_some(hashes)
}

fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = raw_string_hashes(bytes, i).unwrap_or(0);
    let mut j = i + hashes + 1;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    j
}

/// `'a'`, `'\n'`, `'\u{1F600}'` are characters; `'a` is a lifetime or label.
fn skip_char_or_lifetime(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i + 1) {
        Some(b'\\') => {
            let close = bytes[i + 2..].iter().take(12).position(|&b| b == b'\'');
            close.map_or(i + 1, |p| i + 2 + p + 1)
        }
        Some(_) => {
            // One character (up to four UTF-8 bytes) and a closing quote.
            let width = text_char_width(bytes, i + 1);
            if bytes.get(i + 1 + width) == Some(&b'\'') {
                i + 2 + width
            } else {
                i + 1
            }
        }
        None => i + 1,
    }
}

fn text_char_width(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::max_depth;

    #[test]
    fn counts_brackets_of_code() {
        assert_eq!(max_depth("fn f() { let x = [(1, 2)]; }"), 3);
        assert_eq!(max_depth(""), 0);
    }

    #[test]
    fn ignores_brackets_in_comments_strings_and_chars() {
        let src = r####"
            // ((((((
            /* [[[[ /* nested {{{{ */ ]]]] */
            fn f<'a>(x: &'a str) -> char {
                let _ = "(((\" [[[";
                let _ = r#"{{{{ "# ;
                let _ = br##"(("##;
                let _ = '(';
                let _ = '\'';
                let _ = '{';
                'label: loop { break 'label; }
                '\u{1F600}'
            }
        "####;
        assert_eq!(max_depth(src), 2);
    }

    #[test]
    fn deep_nesting_is_measured_without_recursion() {
        let src = format!(
            "fn f() {{ {}1{} }}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        assert_eq!(max_depth(&src), 100_001);
    }
}
