//! The tables of categories and Fides keys in the README and in the
//! documentation of `Category::taxonomy` say what the code maps.

use std::path::Path;

use datamin_lint::Category;

fn read(rel: &str) -> String {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The table rows of `text` (after `prefix` on each line) whose first cell is
/// a category in backticks: (category, last cell).
fn rows(text: &str, prefix: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix(prefix))
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let category = cells.first()?.trim_matches('`');
            category.parse::<Category>().ok()?;
            Some((
                category.to_owned(),
                cells.last()?.trim_matches('`').to_owned(),
            ))
        })
        .collect()
}

fn expected() -> Vec<(String, String)> {
    Category::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.taxonomy().to_owned()))
        .collect()
}

#[test]
fn readme_lists_every_category_with_its_fides_key() {
    let readme = read("README.md");
    let section = readme
        .split("### Categories\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Categories section");
    assert_eq!(rows(section, ""), expected());
}

#[test]
fn taxonomy_doc_comment_lists_every_category_with_its_fides_key() {
    let source = read("crates/datamin/src/category.rs");
    assert_eq!(rows(&source, "/// "), expected());
}
