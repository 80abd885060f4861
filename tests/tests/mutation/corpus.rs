//! What gets mutated: every fixture case, and real sources (the bundled
//! example and this repository's own crates), each copied into a fresh tree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use datamin_lint::Config;
use datamin_tests::{case_dir, case_names, fixtures_dir, rust_files};
use tempfile::TempDir;

use super::sentinel;

/// The directory the mutated case is copied to, beside [`sentinel::DIR`].
pub const CASE_DIR: &str = "a";

/// One source tree of the corpus, held in memory.
pub struct Input {
    /// `log-leak/instrument`, `examples/shop`, `crates/datamin-lint`.
    pub label: String,
    /// Its `.rs` files (relative, `/`-separated) and their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Its configuration, without excludes (every file of the copy is checked).
    pub config: Config,
}

/// The fixture cases, then (with `real`) the real sources.
pub fn corpus(real: bool) -> Vec<Input> {
    let mut inputs = Vec::new();
    for rule in ["log-leak", "response-leak"] {
        for case in case_names(rule) {
            inputs.push(load(format!("{rule}/{case}"), &case_dir(rule, &case)));
        }
    }
    if real {
        let repo = fixtures_dir().join("../..");
        for dir in [
            "examples/shop",
            "crates/datamin",
            "crates/datamin-macros",
            "crates/datamin-lint",
            "crates/cargo-datamin",
            "tests/src",
            "bench/floor",
        ] {
            inputs.push(load(dir.to_owned(), &repo.join(dir)));
        }
    }
    inputs
}

fn load(label: String, dir: &Path) -> Input {
    let files = rust_files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(dir.join(&rel))
                .unwrap_or_else(|e| panic!("cannot read {label}/{rel}: {e}"));
            (rel, bytes)
        })
        .collect();
    let mut config = Config::discover(dir).unwrap_or_else(|e| panic!("{label}: {e}"));
    config.exclude.clear();
    Input {
        label,
        files,
        config,
    }
}

/// A tree on disk: the input under [`CASE_DIR`], with one file replaced (or
/// left out), and the independent case beside it when asked.
pub struct Tree {
    pub dir: TempDir,
    /// Every `.rs` file of the tree (relative to its root) with its number
    /// of lines (newlines + 1).
    pub lines: BTreeMap<String, usize>,
}

impl Tree {
    pub fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

/// Writes `input` with file `target` replaced by `replacement` (`None`:
/// left out), plus the independent case when `beside` is true.
pub fn build(input: &Input, target: usize, replacement: Option<&[u8]>, beside: bool) -> Tree {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut lines = BTreeMap::new();
    let mut put = |rel: &str, bytes: &[u8]| {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        fs::write(&path, bytes).expect("write");
        let count = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        lines.insert(rel.to_owned(), count);
    };
    for (index, (rel, bytes)) in input.files.iter().enumerate() {
        let bytes = if index == target {
            match replacement {
                Some(bytes) => bytes,
                None => continue,
            }
        } else {
            bytes.as_slice()
        };
        put(&format!("{CASE_DIR}/{rel}"), bytes);
    }
    if beside {
        for (rel, text) in sentinel::FILES {
            put(rel, text.as_bytes());
        }
    }
    Tree { dir, lines }
}
