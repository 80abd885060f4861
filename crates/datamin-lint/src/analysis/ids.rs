//! Typed indices of the model's tables, and vectors indexed by them, so a
//! function id cannot index the types (rustc's `newtype_index!`/`IndexVec`,
//! in miniature), and source positions. A leaf module: it depends on nothing
//! in the analysis.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use syn::spanned::Spanned;

/// An index into one of the model's tables.
pub(crate) trait Idx: Copy {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub(crate) struct $name(u32);

        impl Idx for $name {
            fn new(index: usize) -> Self {
                // Tables are built from source files of at most a few MiB
                // each: they never reach u32::MAX entries.
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }

            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id! {
    /// A function or method of the tree (`Model::fns`).
    FnId
}

id! {
    /// A struct or enum of the tree (`Model::types`).
    TypeId
}

id! {
    /// A module or a function body's block (`ModuleTree::scopes`).
    ScopeId
}

id! {
    /// A `#[personal]` field of the tree (`Model::personal`).
    FieldId
}

/// A vector indexed by a typed id.
#[derive(Debug, Clone)]
pub(crate) struct IdVec<I, T> {
    items: Vec<T>,
    _index: PhantomData<fn(I) -> I>,
}

impl<I, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec {
            items: Vec::new(),
            _index: PhantomData,
        }
    }
}

impl<I: Idx, T: Clone> IdVec<I, T> {
    /// `n` copies of `item`, with ids `0..n`.
    pub fn filled(n: usize, item: T) -> Self {
        IdVec {
            items: vec![item; n],
            _index: PhantomData,
        }
    }
}

impl<I: Idx, T> IdVec<I, T> {
    /// Appends an item and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The items with their ids.
    pub fn iter_enumerated(&self) -> impl Iterator<Item = (I, &T)> {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = I> + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
}

impl<I: Idx, T> Index<I> for IdVec<I, T> {
    type Output = T;

    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Idx, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'v, I, T> IntoIterator for &'v IdVec<I, T> {
    type Item = &'v T;
    type IntoIter = std::slice::Iter<'v, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<I: Idx, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec {
            items: iter.into_iter().collect(),
            _index: PhantomData,
        }
    }
}

/// A source position, 1-based line and column, for findings and traces.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub(crate) struct Pos {
    pub file: u32,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl Pos {
    pub fn of(file: usize, span: proc_macro2::Span) -> Pos {
        let start = span.start();
        let end = span.end();
        Pos {
            file: u32::try_from(file).unwrap_or(u32::MAX),
            line: u32::try_from(start.line).unwrap_or(u32::MAX),
            col: u32::try_from(start.column + 1).unwrap_or(u32::MAX),
            end_line: u32::try_from(end.line).unwrap_or(u32::MAX),
            end_col: u32::try_from(end.column + 1).unwrap_or(u32::MAX),
        }
    }

    /// From the start of `first` to the end of `last`.
    pub fn spanning(file: usize, first: proc_macro2::Span, last: proc_macro2::Span) -> Pos {
        let a = Pos::of(file, first);
        let b = Pos::of(file, last);
        Pos {
            end_line: b.end_line,
            end_col: b.end_col,
            ..a
        }
    }

    pub fn of_tokens(file: usize, tokens: &impl Spanned) -> Pos {
        Pos::of(file, tokens.span())
    }
}
