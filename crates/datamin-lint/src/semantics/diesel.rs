//! diesel: the load methods whose turbofish names the row type.

use super::sqlx::Rows;

/// Methods of a diesel query that load rows of the type in their turbofish
/// (`.load::<User>(&mut conn)`, `.first::<User>(..)`), inside a `QueryResult`.
pub(crate) const LOADS: &[(&str, Rows)] = &[
    ("load", Rows::Many),
    ("get_results", Rows::Many),
    ("get_result", Rows::One),
    ("first", Rows::One),
];

/// How many rows `method` loads, if it is a load method.
pub(crate) fn load(method: &str) -> Option<Rows> {
    LOADS
        .iter()
        .find(|(name, _)| *name == method)
        .map(|(_, rows)| *rows)
}
