//! Per-file name resolution: `use` items and module paths.

use std::collections::BTreeMap;

/// What the `use` items of one file (and its inline modules, merged) bring into scope.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct UseMap {
    /// Local name → full path, e.g. `tinfo` → `["tracing", "info"]`.
    pub names: BTreeMap<String, Vec<String>>,
    /// Glob imports, e.g. `["tracing"]` for `use tracing::*;`.
    pub globs: Vec<Vec<String>>,
}

impl UseMap {
    /// Collects every `use` item of a file, including those in inline modules
    /// and function bodies (names rarely collide within one file).
    pub fn of_file(file: &syn::File) -> UseMap {
        let mut map = UseMap::default();
        collect_items(&file.items, &mut map);
        map
    }

    /// Full path of a path as written, e.g. `info` → `tracing::info` when
    /// imported, `log::info` stays `log::info`, a renamed crate is followed.
    pub fn expand(&self, segments: &[String]) -> Vec<String> {
        let Some(first) = segments.first() else {
            return Vec::new();
        };
        let mut full = match self.names.get(first) {
            Some(target) => target.clone(),
            None => vec![first.clone()],
        };
        full.extend(segments[1..].iter().cloned());
        while matches!(
            full.first().map(String::as_str),
            Some("crate" | "self" | "super" | "")
        ) {
            full.remove(0);
        }
        full
    }

    /// Whether `name` is imported through a glob of the crate `krate`.
    pub fn glob_from(&self, krate: &str) -> bool {
        self.globs
            .iter()
            .any(|g| g.first().is_some_and(|s| s == krate))
    }
}

fn collect_items(items: &[syn::Item], map: &mut UseMap) {
    for item in items {
        match item {
            syn::Item::Use(u) => collect_tree(&u.tree, map),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_items(inner, map);
                }
            }
            syn::Item::Fn(f) => collect_stmts(&f.block.stmts, map),
            syn::Item::Impl(i) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        collect_stmts(&f.block.stmts, map);
                    }
                }
            }
            _ => {}
        }
    }
}

fn collect_stmts(stmts: &[syn::Stmt], map: &mut UseMap) {
    for stmt in stmts {
        if let syn::Stmt::Item(syn::Item::Use(u)) = stmt {
            collect_tree(&u.tree, map);
        }
    }
}

fn collect_tree(tree: &syn::UseTree, map: &mut UseMap) {
    for import in imports_of(tree) {
        match import {
            Import::Name(local, path) => {
                map.names.insert(local, path);
            }
            Import::Glob(path) => map.globs.push(path),
        }
    }
}

/// One name a `use` item brings into scope, or one glob of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Import {
    /// The local name and the path it stands for: `use a::b;` (`b`),
    /// `use a::b as c;` (`c`), `use a::{self};` (`a`).
    Name(String, Vec<String>),
    /// `use a::b::*;`: the path whose items it brings.
    Glob(Vec<String>),
}

/// The imports of a `use` item's tree.
pub(crate) fn imports_of(tree: &syn::UseTree) -> Vec<Import> {
    let mut out = Vec::new();
    push_imports(tree, &mut Vec::new(), &mut out);
    out
}

/// Adds the imports of `tree`, below `prefix` (the path so far), to `out`.
fn push_imports(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Import>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            push_imports(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push(Import::Name(last.clone(), prefix.clone()));
                }
            } else {
                let mut full = prefix.clone();
                full.push(name.clone());
                out.push(Import::Name(name, full));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            out.push(Import::Name(r.rename.to_string(), full));
        }
        syn::UseTree::Glob(_) => out.push(Import::Glob(prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                push_imports(t, prefix, out);
            }
        }
    }
}

/// The directory of the crate a file belongs to, from its root-relative
/// path: what comes before its `src/` (`billing/src/lib.rs` → `billing/`,
/// `src/main.rs` → the empty string, the root), or the root for a file
/// outside any `src/`.
pub(crate) fn crate_dir_of(rel: &str) -> &str {
    match rel.rfind("src/") {
        Some(i) if i == 0 || rel.as_bytes()[i - 1] == b'/' => &rel[..i],
        _ => "",
    }
}

/// The module path of a file from its root-relative path: `src/models/user.rs`
/// → `["models", "user"]`; `src/lib.rs`, `src/main.rs` → `[]`.
pub(crate) fn module_of(rel: &str) -> Vec<String> {
    let after_src = match rel.rfind("src/") {
        Some(i) if i == 0 || rel.as_bytes()[i - 1] == b'/' => &rel[i + 4..],
        _ => rel,
    };
    let trimmed = after_src.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The identifier without a raw prefix.
pub(crate) fn ident_name(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map_or(s.clone(), str::to_owned)
}
