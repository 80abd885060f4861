//! A hand-built report covering what the renderers must show, and the source
//! files it points into.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use datamin_lint::{FileError, Finding, Level, Report, Stats, TraceStep};

/// `src/orders.rs` of the sample tree.
pub const ORDERS: &str = "\
use crate::models::Customer;

pub fn place_order(customer: &Customer) {
    let e = customer.email.clone();
    let total = 42;
    tracing::info!(email = %e, total, \"order placed\");
    crate::util::log::log_contact(&customer.phone);
}

// datamin:allow(log-leak) the audit log is covered by the DPA
pub fn audit(customer: &Customer) {
    tracing::info!(id = customer.id, \"audited\");
}
";

/// `src/util/log.rs` of the sample tree.
pub const LOG: &str = "\
pub fn log_contact(phone: &str) {
    let line = format!(\"contact {phone}\");
    println!(\"{line}\");
}
";

/// Where the sample files pretend to live on disk.
pub fn disk(rel: &str) -> PathBuf {
    Path::new("/sample").join(rel)
}

/// The sample files by disk path; `src/gone.rs` is missing on purpose.
pub fn sources() -> BTreeMap<PathBuf, String> {
    BTreeMap::from([
        (disk("src/orders.rs"), ORDERS.to_owned()),
        (disk("src/util/log.rs"), LOG.to_owned()),
    ])
}

pub fn step(file: &str, line: usize, column: usize, end_column: usize, note: &str) -> TraceStep {
    TraceStep {
        file: file.to_owned(),
        line,
        column,
        end_column,
        note: note.to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn finding(
    rule: &str,
    level: Level,
    file: &str,
    (line, column, end_column): (usize, usize, usize),
    message: &str,
    field: Option<(&str, &str)>,
    sink: Option<&str>,
    trace: Vec<TraceStep>,
    label: &str,
    help: Option<&str>,
) -> Finding {
    Finding {
        rule: datamin_lint::rules::RuleId::from_name(rule).expect("a rule"),
        level,
        file: file.to_owned(),
        line,
        column,
        end_line: line,
        end_column,
        message: message.to_owned(),
        field: field.map(|(f, _)| f.to_owned()),
        category: field.map(|(_, c)| c.to_owned()),
        taxonomy: field.and_then(|(_, c)| datamin_lint::report::taxonomy(c)),
        sink: sink.map(str::to_owned),
        inferred: false,
        fields: Vec::new(),
        route: None,
        trace,
        fixes: Vec::new(),
        path: disk(file),
        label: label.to_owned(),
        help: help.map(str::to_owned),
    }
}

/// A deny finding with a same-file trace, a warn finding, a finding with a
/// cross-file trace step, a finding whose file cannot be read, and file errors
/// with and without a position.
pub fn sample_report() -> Report {
    let mut report = Report {
        version: 1,
        findings: vec![
            finding(
                "log-leak",
                Level::Deny,
                "src/orders.rs",
                (6, 5, 19),
                "`Customer.email` (email) reaches `tracing::info!`",
                Some(("Customer.email", "email")),
                Some("tracing::info!"),
                vec![
                    step("src/orders.rs", 4, 13, 27, "personal data read here"),
                    step("src/orders.rs", 4, 9, 10, "bound to `e`"),
                ],
                "logged here",
                Some(
                    "log `customer.id`, wrap the value in `datamin::Redacted`, \
                     or suppress with `// datamin:allow(log-leak) <reason>`",
                ),
            ),
            finding(
                "unused-suppression",
                Level::Warn,
                "src/orders.rs",
                (10, 1, 27),
                "`datamin:allow(log-leak)` matches no finding",
                None,
                None,
                Vec::new(),
                "",
                Some("delete the comment"),
            ),
            finding(
                "log-leak",
                Level::Deny,
                "src/util/log.rs",
                (3, 5, 13),
                "`Customer.phone` (phone) reaches `println!`",
                Some(("Customer.phone", "phone")),
                Some("println!"),
                vec![
                    step(
                        "src/orders.rs",
                        7,
                        35,
                        49,
                        "`Customer.phone` passed to `log_contact`",
                    ),
                    step("src/util/log.rs", 2, 9, 13, "formatted into `line`"),
                ],
                "printed here",
                None,
            ),
            finding(
                "log-leak",
                Level::Deny,
                "src/gone.rs",
                (2, 5, 9),
                "`Customer.name` (name) reaches `dbg!`",
                Some(("Customer.name", "name")),
                Some("dbg!"),
                Vec::new(),
                "logged here",
                None,
            ),
        ],
        errors: vec![
            FileError {
                file: "src/broken.rs".to_owned(),
                line: Some(3),
                column: Some(9),
                message: "expected `;`".to_owned(),
            },
            FileError {
                file: "src/huge.rs".to_owned(),
                line: None,
                column: None,
                message: "file is larger than 8 MiB; not analysed".to_owned(),
            },
        ],
        stats: Stats {
            files: 12,
            personal_fields: 5,
            millis: 8,
            truncated: 0,
            sanitizers: Vec::new(),
        },
        ..Report::default()
    };
    report.sort();
    report
}
