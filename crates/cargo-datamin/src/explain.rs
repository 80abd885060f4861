//! `explain`: a rule's documentation, or the list of rules.

use datamin_lint::rules;

/// What `explain` prints for `rule`: its documentation, ending in a newline,
/// or `None` when there is no such rule.
pub fn doc(rule: &str) -> Option<String> {
    let info = rules::find(rule)?;
    let mut text = info.doc.trim_end().to_owned();
    text.push('\n');
    Some(text)
}

/// Every rule with its default level and summary, one per line, and how to
/// see more.
pub fn list() -> String {
    let width = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut text = String::from("Rules (name, default level, what it reports):\n\n");
    for rule in rules::ALL {
        text.push_str(&format!(
            "  {:width$}  {:5}  {}\n",
            rule.name,
            rule.default_level.as_str(),
            rule.summary
        ));
    }
    text.push_str("\nRun `cargo datamin explain <RULE>` for a rule's documentation.\n");
    text
}
