//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding and per file that could not be analysed.

use std::fmt::Write as _;

use datamin_lint::report::FixKind;
use datamin_lint::{Level, Report};

/// One workflow command per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let command = match finding.level {
            Level::Deny => "error",
            Level::Warn => "warning",
            Level::Allow => "notice",
        };
        let mut properties = vec![
            ("file", finding.file.clone()),
            ("line", finding.line.to_string()),
            ("col", finding.column.to_string()),
        ];
        if finding.end_line >= finding.line {
            properties.push(("endLine", finding.end_line.to_string()));
        }
        if finding.end_column > 0 {
            properties.push(("endColumn", finding.end_column.to_string()));
        }
        properties.push(("title", finding.rule.name().to_owned()));
        // The fixes as the annotation's further lines: what each changes, and
        // the text it writes.
        let mut message = finding.message.clone();
        for fix in &finding.fixes {
            let _ = write!(
                message,
                "\nhelp: {} ({})",
                fix.message,
                fix.applicability.as_str()
            );
            if fix.kind != FixKind::Suppress {
                for edit in &fix.edits {
                    let _ = write!(
                        message,
                        "\n  {}:{}:{}: `{}`",
                        edit.file,
                        edit.line,
                        edit.column,
                        edit.replacement.trim_end()
                    );
                }
            }
        }
        push_command(&mut out, command, &properties, &message);
    }
    for error in &report.errors {
        let mut properties = Vec::new();
        if !error.file.is_empty() {
            properties.push(("file", error.file.clone()));
        }
        if let Some(line) = error.line {
            properties.push(("line", line.to_string()));
        }
        if let Some(column) = error.column {
            properties.push(("col", column.to_string()));
        }
        properties.push(("title", "datamin could not analyse this file".to_owned()));
        push_command(&mut out, "error", &properties, &error.message);
    }
    out
}

fn push_command(out: &mut String, command: &str, properties: &[(&str, String)], message: &str) {
    out.push_str("::");
    out.push_str(command);
    for (i, (name, value)) in properties.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { ',' });
        let _ = write!(out, "{name}={}", escape_property(value));
    }
    let _ = writeln!(out, "::{}", escape_data(message));
}

/// Escapes a command's message (what follows the second `::`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `,` and `:` also end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_newlines_only() {
        assert_eq!(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:/a,b%\n"), "C%3A/a%2Cb%25%0A");
    }
}
