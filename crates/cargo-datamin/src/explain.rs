//! `explain`: a rule's documentation, or the list of rules.

use datamin_lint::{Category, rules};

/// The rules whose findings are about a personal field, and so name its
/// category and Fides key.
const PERSONAL_DATA_RULES: [&str; 2] = [rules::log_leak::NAME, rules::response_leak::NAME];

/// What `explain` prints for `rule`: its documentation, ending in a newline,
/// or `None` when there is no such rule. For a rule that reports personal
/// data, the documentation ends with the table of categories and their Fides
/// keys.
pub fn doc(rule: &str) -> Option<String> {
    let info = rules::find(rule)?;
    let mut text = info.doc().trim_end().to_owned();
    text.push('\n');
    if PERSONAL_DATA_RULES.contains(&info.name) {
        text.push('\n');
        text.push_str(&taxonomy_table());
    }
    Some(text)
}

/// A Markdown section listing every category with its Fides data category
/// key, columns aligned for the terminal.
fn taxonomy_table() -> String {
    let cell = |s: &str| format!("`{s}`");
    let rows: Vec<(String, String)> = Category::ALL
        .iter()
        .map(|c| (cell(c.as_str()), cell(c.taxonomy())))
        .collect();
    let left = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let right = rows.iter().map(|(_, k)| k.len()).max().unwrap_or(0);
    let mut text = String::from(
        "## Categories\n\n\
         A finding names the category of the personal field (`category` in JSON)\n\
         and its Fides (fideslang) data category key (`taxonomy` in JSON and in\n\
         SARIF result properties), to join findings with records of processing:\n\n",
    );
    text.push_str(&format!(
        "| {:left$} | {:right$} |\n|{}|{}|\n",
        "category",
        "Fides key",
        "-".repeat(left + 2),
        "-".repeat(right + 2)
    ));
    for (category, key) in rows {
        text.push_str(&format!("| {category:left$} | {key:right$} |\n"));
    }
    text
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

/// What `rules` prints: each rule with its default level and the level the
/// configuration (read from `origin`, `None` for the defaults) gives it.
pub fn levels(config: &datamin_lint::Config, origin: Option<&str>) -> String {
    let width = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut text = match origin {
        Some(origin) => {
            format!("Rules (name, default level, level in {origin}, what it reports):\n\n")
        }
        None => "Rules (name, default level, level with no configuration, what it reports):\n\n"
            .to_owned(),
    };
    for rule in rules::ALL {
        text.push_str(&format!(
            "  {:width$}  {:5}  {:5}  {}\n",
            rule.name,
            rule.default_level.as_str(),
            config.level(rule.name).as_str(),
            rule.summary
        ));
    }
    text
}
