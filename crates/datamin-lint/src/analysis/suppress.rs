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

/// Finds the suppression comments of a file.
pub(crate) fn scan(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(MARKER) else {
            continue;
        };
        let before = line[..at].trim_end();
        let Some(slashes) = before.rfind("//") else {
            continue;
        };
        if !before[slashes..].chars().all(|c| c == '/' || c == '!') {
            continue;
        }
        let after = &line[at + MARKER.len()..];
        let Some(close) = after.find(')') else {
            continue;
        };
        let rules = after[..close]
            .split(',')
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        let reason = after[close + 1..].trim().to_owned();
        let column = line[..slashes].chars().count() + 1;
        let end_column = line[..at + MARKER.len() + close + 1].chars().count() + 1;
        out.push(Suppression {
            line: i + 1,
            column,
            end_column,
            rules,
            reason,
        });
    }
    out
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
    }
}
