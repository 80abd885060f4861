//! The module tree of the scanned crates, and paths resolved through it the
//! way rustc resolves them.
//!
//! Every crate of the tree (a directory holding a `src/`, or the root) has a
//! root module; every module, and every function body that declares items or
//! `use`s, is a scope holding what it declares: child modules, free
//! functions, the names of its types and traits, its imports and its globs.
//! A path is resolved from the scope it is written in: `crate::`, `self::`
//! and `super::` start at a module; any other first segment is looked up in
//! the enclosing blocks, then in the module (its items, its imports, its
//! globs), then among the crates of the tree by name. Imports and globs are
//! followed wherever a segment is looked up, so a re-export (`pub use
//! inner::send;`, `pub use self::inner::*;`) leads to the item it names.
//!
//! Visibility is not checked: the code compiles, so a path that resolves at
//! all names an item its module may see.

use std::collections::{HashMap, HashSet};

use super::ids::{FnId, IdVec, Idx, ScopeId};
use super::limits::MAX_IMPORT_STEPS;
use super::model::unraw;
use super::names::Import;

/// What a path names, as far as the tree shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// A free function of the tree.
    Fn(FnId),
    /// A module of the tree.
    Module(ScopeId),
    /// Another item of the tree: a type or a trait, or something reached
    /// through one (an associated function, a variant).
    Item,
    /// Something outside the tree: a crate the tree does not hold, or what an
    /// import or a glob from such a crate brings.
    Outside,
    /// A single name that nothing in scope declares or imports.
    Absent,
    /// The tree does not say: the path goes through a module that does not
    /// declare its next segment (a module file the walk placed elsewhere, an
    /// item a macro generates), or through more imports than
    /// [`MAX_IMPORT_STEPS`].
    Unknown,
}

/// The namespace a name is looked up in. A path's leading segments name
/// modules (or types); its last segment names what the path is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    Type,
    Value,
}

/// A module, or a block of a function body.
#[derive(Debug, Default)]
struct Scope {
    /// The root module of its crate.
    root: ScopeId,
    /// The module it is, or the module a block is in.
    module: ScopeId,
    /// A module's parent (`super`); a block's enclosing scope.
    parent: Option<ScopeId>,
    block: bool,
    mods: HashMap<String, ScopeId>,
    fns: HashMap<String, FnId>,
    /// Types, traits and aliases declared here.
    types: HashSet<String>,
    /// Local name → the path it imports.
    imports: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
}

/// The modules and blocks of the tree's crates, with what each declares.
#[derive(Debug, Default)]
pub(crate) struct ModuleTree {
    scopes: IdVec<ScopeId, Scope>,
    /// Crate roots by the crate's directory (`""`, `billing/`).
    roots: HashMap<String, ScopeId>,
    /// Crate roots by the names paths spell the crates with.
    crates: HashMap<String, ScopeId>,
    /// Local names of imports that rename what they import (`use inner::send
    /// as deliver;`).
    renames: HashSet<String>,
}

/// One resolution's state: what it may treat as a way into the tree, and
/// the imports and globs it followed.
struct Walk<'s> {
    /// First segments that may lead into the tree (`Model::tree_roots`).
    tree_roots: &'s HashSet<String>,
    /// Lookups that went through imports or globs, each followed once: a
    /// second visit (a cycle, or two globs that meet) adds nothing.
    followed: Vec<(ScopeId, &'s str, Ns)>,
}

impl ModuleTree {
    /// The root module of the crate in directory `dir`, made on first use.
    pub fn crate_root(&mut self, dir: &str) -> ScopeId {
        if let Some(&root) = self.roots.get(dir) {
            return root;
        }
        let id = ScopeId::new(self.scopes.len());
        self.scopes.push(Scope {
            root: id,
            module: id,
            ..Scope::default()
        });
        self.roots.insert(dir.to_owned(), id);
        id
    }

    /// Lets paths name the crate in directory `dir` (if the tree holds one)
    /// `name`. The first crate to claim a name keeps it.
    pub fn name_crate(&mut self, name: &str, dir: &str) {
        if let Some(&root) = self.roots.get(dir) {
            self.crates.entry(name.to_owned()).or_insert(root);
        }
    }

    /// The child module `name` of `parent` (a module or a block), made on
    /// first use.
    pub fn child(&mut self, parent: ScopeId, name: &str) -> ScopeId {
        let name = unraw(name);
        if let Some(&child) = self.scopes[parent].mods.get(name) {
            return child;
        }
        let id = ScopeId::new(self.scopes.len());
        let scope = Scope {
            root: self.scopes[parent].root,
            module: id,
            parent: Some(self.scopes[parent].module),
            ..Scope::default()
        };
        self.scopes.push(scope);
        self.scopes[parent].mods.insert(name.to_owned(), id);
        id
    }

    /// The module at `path` below `root`, made (with its ancestors) on
    /// first use.
    pub fn module(&mut self, root: ScopeId, path: &[String]) -> ScopeId {
        path.iter().fold(root, |at, name| self.child(at, name))
    }

    /// A new block inside `parent`.
    pub fn block(&mut self, parent: ScopeId) -> ScopeId {
        let scope = Scope {
            root: self.scopes[parent].root,
            module: self.scopes[parent].module,
            parent: Some(parent),
            block: true,
            ..Scope::default()
        };
        self.scopes.push(scope)
    }

    /// Declares free function `id` named `name` in `scope`. Of two of the
    /// same name (`#[cfg]` alternatives), the first is kept.
    pub fn add_fn(&mut self, scope: ScopeId, name: &str, id: FnId) {
        self.scopes[scope]
            .fns
            .entry(unraw(name).to_owned())
            .or_insert(id);
    }

    /// Declares a type, trait or alias named `name` in `scope`.
    pub fn add_type(&mut self, scope: ScopeId, name: &str) {
        self.scopes[scope].types.insert(unraw(name).to_owned());
    }

    /// Adds the imports of a `use` item of `scope`.
    pub fn add_imports(&mut self, scope: ScopeId, imports: &[Import]) {
        for import in imports {
            match import {
                Import::Name(local, path) => {
                    let local = unraw(local);
                    if local == "_" {
                        continue;
                    }
                    if path.last().map(|s| unraw(s)) != Some(local) {
                        self.renames.insert(local.to_owned());
                    }
                    self.scopes[scope]
                        .imports
                        .entry(local.to_owned())
                        .or_insert_with(|| path.clone());
                }
                Import::Glob(path) => self.scopes[scope].globs.push(path.clone()),
            }
        }
    }

    /// Whether some import renames what it imports to `name`: a path ending
    /// in `name` may then name a function declared under another name.
    pub fn is_rename(&self, name: &str) -> bool {
        self.renames.contains(name)
    }

    /// What `segs`, written in `scope`, names in namespace `ns` (that of its
    /// last segment). `tree_roots` are the first segments that may lead into
    /// the tree: a path that starts with anything else, unresolved, is
    /// outside.
    pub fn resolve(
        &self,
        scope: ScopeId,
        segs: &[String],
        ns: Ns,
        tree_roots: &HashSet<String>,
    ) -> Resolution {
        let mut walk = Walk {
            tree_roots,
            followed: Vec::new(),
        };
        self.path(scope, segs, ns, false, &mut walk)
    }

    /// A path from `scope`; `import` for the path of a `use` item, whose
    /// first segment may also name a module of the crate root (Rust 2015:
    /// `use models::User;`).
    fn path<'s>(
        &'s self,
        scope: ScopeId,
        segs: &'s [String],
        ns: Ns,
        import: bool,
        walk: &mut Walk<'s>,
    ) -> Resolution {
        let Some(first) = segs.first() else {
            return Resolution::Unknown;
        };
        let ns_at = |i: usize| if i + 1 == segs.len() { ns } else { Ns::Type };
        let (mut at, start) = match unraw(first) {
            "crate" => (self.scopes[scope].root, 1),
            "self" => (self.scopes[scope].module, 1),
            "super" => {
                let mut at = self.scopes[scope].module;
                let supers = segs.iter().take_while(|s| *s == "super").count();
                for _ in 0..supers {
                    match self.scopes[at].parent {
                        Some(parent) => at = parent,
                        None => return Resolution::Unknown,
                    }
                }
                (at, supers)
            }
            "Self" => return Resolution::Item,
            name => {
                let mut found = self.lexical(scope, name, ns_at(0), walk);
                if found == Resolution::Absent && import {
                    found = self.lookup(self.scopes[scope].root, name, ns_at(0), walk);
                }
                match found {
                    Resolution::Module(m) if segs.len() > 1 => (m, 1),
                    Resolution::Absent if segs.len() == 1 && !import => return Resolution::Absent,
                    Resolution::Absent if walk.tree_roots.contains(name) => {
                        return Resolution::Unknown;
                    }
                    Resolution::Absent => return Resolution::Outside,
                    other => return other,
                }
            }
        };
        if start == segs.len() {
            // `crate`, `self` or `super` alone.
            return match ns {
                Ns::Type => Resolution::Module(at),
                Ns::Value => Resolution::Item,
            };
        }
        for (i, seg) in segs.iter().enumerate().skip(start) {
            let more = i + 1 < segs.len();
            match self.lookup(at, unraw(seg), ns_at(i), walk) {
                Resolution::Module(m) if more => at = m,
                Resolution::Absent => return Resolution::Unknown,
                other => return other,
            }
        }
        Resolution::Unknown
    }

    /// A first segment: the blocks around `scope`, its module, then the
    /// crates of the tree.
    fn lexical<'s>(
        &'s self,
        scope: ScopeId,
        name: &'s str,
        ns: Ns,
        walk: &mut Walk<'s>,
    ) -> Resolution {
        let mut at = scope;
        loop {
            let found = self.lookup(at, name, ns, walk);
            if found != Resolution::Absent {
                return found;
            }
            match self.scopes[at].enclosing() {
                Some(parent) => at = parent,
                None => break,
            }
        }
        match self.crates.get(name) {
            Some(&root) if ns == Ns::Type => Resolution::Module(root),
            _ => Resolution::Absent,
        }
    }

    /// What `at` declares or imports as `name`.
    fn lookup<'s>(&'s self, at: ScopeId, name: &'s str, ns: Ns, walk: &mut Walk<'s>) -> Resolution {
        let scope = &self.scopes[at];
        let item = match ns {
            Ns::Type => scope.mods.get(name).map(|&m| Resolution::Module(m)),
            Ns::Value => scope.fns.get(name).map(|&f| Resolution::Fn(f)),
        };
        if let Some(found) = item {
            return found;
        }
        if scope.types.contains(name) {
            return Resolution::Item;
        }
        let import = scope.imports.get(name);
        if import.is_none() && scope.globs.is_empty() {
            return Resolution::Absent;
        }
        if walk.followed.contains(&(at, name, ns)) {
            return Resolution::Absent;
        }
        if walk.followed.len() >= MAX_IMPORT_STEPS {
            return Resolution::Unknown;
        }
        walk.followed.push((at, name, ns));
        if let Some(path) = import {
            // An import of a name its target does not declare: the tree
            // does not show where it comes from.
            return match self.path(at, path, ns, true, walk) {
                Resolution::Absent => Resolution::Unknown,
                found => found,
            };
        }
        self.globbed(at, name, ns, walk)
    }

    /// What the globs of `at` bring as `name`. A name no glob of the tree
    /// brings, with a glob from outside in scope, is taken to come from that
    /// glob (`use lettre::*;` then `send(..)`).
    fn globbed<'s>(
        &'s self,
        at: ScopeId,
        name: &'s str,
        ns: Ns,
        walk: &mut Walk<'s>,
    ) -> Resolution {
        let (mut unknown, mut outside) = (false, false);
        for glob in &self.scopes[at].globs {
            match self.path(at, glob, Ns::Type, true, walk) {
                Resolution::Module(m) => match self.lookup(m, name, ns, walk) {
                    Resolution::Absent => {}
                    Resolution::Unknown => unknown = true,
                    found => return found,
                },
                Resolution::Outside => outside = true,
                // The variants of an enum, the items of a type: no module,
                // no free function.
                Resolution::Item => {}
                Resolution::Fn(_) | Resolution::Absent | Resolution::Unknown => unknown = true,
            }
        }
        if unknown {
            Resolution::Unknown
        } else if outside {
            Resolution::Outside
        } else {
            Resolution::Absent
        }
    }
}

impl Scope {
    /// Where a name this scope does not declare is looked up next: a
    /// block's enclosing scope; nothing after a module.
    fn enclosing(&self) -> Option<ScopeId> {
        if self.block { self.parent } else { None }
    }
}
