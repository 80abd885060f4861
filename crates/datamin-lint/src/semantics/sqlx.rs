//! sqlx: typed queries and what fetching them gives.

/// Functions whose turbofish names the row type (`query_as::<_, User>(..)`).
pub(crate) const TYPED_QUERY_FNS: &[&str] = &["query_as", "query_as_with"];

/// Macros whose first argument is the row type (`query_as!(User, "..")`).
pub(crate) const TYPED_QUERY_MACROS: &[&str] = &["query_as"];

/// How many rows a fetch method gives (inside its `Result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rows {
    /// A collection (or stream) of rows.
    Many,
    /// Exactly one row.
    One,
    /// An optional row.
    Optional,
}

/// Fetch methods of a typed query.
pub(crate) const FETCH: &[(&str, Rows)] = &[
    ("fetch_all", Rows::Many),
    ("fetch", Rows::Many),
    ("fetch_one", Rows::One),
    ("fetch_optional", Rows::Optional),
];

/// What fetching a typed query with `method` gives, if it fetches.
pub(crate) fn fetch(method: &str) -> Option<Rows> {
    FETCH
        .iter()
        .find(|(name, _)| *name == method)
        .map(|(_, rows)| *rows)
}
