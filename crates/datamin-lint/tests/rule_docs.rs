//! Every rule's documentation (its `declare_rule!` doc comment, what
//! `explain` prints) has the sections users expect, and its examples are
//! true: the Example, checked as a file, gives the rule's finding, and the
//! code after "Use instead:" gives no finding at all.

use datamin_lint::{Config, check_source, rules};

const SECTIONS: [&str; 5] = [
    "\n## What it does\n",
    "\n## Why is this bad\n",
    "\n## Example\n",
    "\nUse instead:\n",
    "\n## How to fix\n",
];

#[test]
fn every_rule_documents_what_why_example_use_instead_and_fix() {
    for rule in rules::ALL {
        let doc = rule.doc();
        assert!(
            doc.starts_with(&format!("# {}\n", rule.name)),
            "{}: {doc}",
            rule.name
        );
        let mut at = 0;
        for section in SECTIONS {
            let found = doc[at..].find(section).unwrap_or_else(|| {
                panic!("{}: no `{}` after byte {at}", rule.name, section.trim())
            });
            at += found + section.len();
        }
    }
}

/// The findings of `code` checked as a file, which must analyse cleanly.
fn findings_of(rule: &str, code: &str) -> Vec<datamin_lint::Finding> {
    let report = check_source("src/lib.rs", code, &Config::default());
    assert!(report.errors.is_empty(), "{rule}: {:#?}", report.errors);
    report.findings
}

#[test]
fn every_example_gives_the_finding_and_its_fix_gives_none() {
    for rule in rules::ALL {
        let (example, instead) = rule.examples();
        let example = example.unwrap_or_else(|| panic!("{}: no Example code", rule.name));
        let instead = instead.unwrap_or_else(|| panic!("{}: no Use instead code", rule.name));
        let found = findings_of(rule.name, &example);
        assert!(
            found.iter().any(|f| f.rule == rule.id),
            "{}: the Example gives no finding of the rule: {found:#?}\n{example}",
            rule.name
        );
        let found = findings_of(rule.name, &instead);
        assert!(
            found.is_empty(),
            "{}: the Use instead code gives findings: {found:#?}\n{instead}",
            rule.name
        );
    }
}

#[test]
fn hidden_lines_are_checked_but_not_printed() {
    let rule = rules::find("response-leak").expect("the rule");
    let (example, _) = rule.examples();
    let example = example.expect("an example");
    assert!(example.contains("use axum::{routing::get, Json, Router};\n"));
    assert!(!rule.doc().contains("use axum::"));
}
