//! sqlx: its query macros and functions, how their rows are shaped, and
//! what fetching them gives.

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

/// How the rows of a query are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowShape {
    /// A record with a field per column (`query!`, `query(..)` rows read
    /// with `get("email")`).
    Record,
    /// The first column alone (`query_scalar!`).
    Scalar,
    /// The type the call names (`query_as!(User, ..)`, `query_as::<_, User>`).
    Typed,
}

/// sqlx's query macros: the index of the SQL text among their arguments,
/// and their rows.
pub(crate) const QUERY_MACROS: &[(&str, usize, RowShape)] = &[
    ("query", 0, RowShape::Record),
    ("query_unchecked", 0, RowShape::Record),
    ("query_as", 1, RowShape::Typed),
    ("query_as_unchecked", 1, RowShape::Typed),
    ("query_scalar", 0, RowShape::Scalar),
    ("query_scalar_unchecked", 0, RowShape::Scalar),
];

/// Functions whose first argument is the SQL text (sqlx's, and diesel's
/// `sql_query`, whose rows are read by name like sqlx's records).
pub(crate) const QUERY_FNS: &[(&str, RowShape)] = &[
    ("query", RowShape::Record),
    ("query_with", RowShape::Record),
    ("query_as", RowShape::Typed),
    ("query_as_with", RowShape::Typed),
    ("query_scalar", RowShape::Scalar),
    ("query_scalar_with", RowShape::Scalar),
    ("sql_query", RowShape::Record),
];

/// Methods of a row that read a column by name (`row.get("email")`,
/// `row.try_get("email")`), and whether they give a `Result`.
pub(crate) const ROW_GETTERS: &[(&str, bool)] = &[
    ("get", false),
    ("get_unchecked", false),
    ("try_get", true),
    ("try_get_unchecked", true),
];

/// The derive that reads a struct from a row, field by column name.
pub(crate) const ROW_DERIVE: &str = "FromRow";
