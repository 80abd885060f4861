//! diesel: the schema's paths, the derives that read rows, and the query
//! methods: which load rows, which choose the columns, which join.

use super::sqlx::Rows;
use super::{CallEffect, CallRow};

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

/// Modules of a `table!` that hold its columns (`users::dsl::email`,
/// `users::columns::email`).
pub(crate) const TABLE_MODULES: &[&str] = &["dsl", "columns"];

/// The item of a `table!` module that is the table itself (`users::table`).
pub(crate) const TABLE_ITEM: &str = "table";

/// The item of a `table!` module that is the tuple of all its columns.
pub(crate) const ALL_COLUMNS: &str = "all_columns";

/// Derives whose struct is read from its table's rows, field by column.
pub(crate) const ROW_DERIVES: &[&str] = &["Queryable", "Selectable", "QueryableByName"];

/// The table a row struct reads when no `table_name` says: its name in
/// snake case with an `s` (`UserEmail` → `user_emails`).
pub(crate) fn default_table_name(type_name: &str) -> String {
    let mut out = String::new();
    for (i, c) in type_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out.push('s');
    out
}

/// Associated functions of a `Selectable` type that select its columns
/// (`User::as_select()`): a value of the type.
pub(crate) const SELECTIONS: &[&str] = &["as_select", "as_returning"];

/// What a query method does with the rows of its receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStep {
    /// Its argument is the new row (`select`, `returning`).
    Select,
    /// Its argument, a table, joins the rows: `(left, right)`.
    Join,
    /// Gives rows (`load`, `first`), typed by its turbofish when there is one.
    Load(Rows),
    /// Gives nothing of the rows (`execute`, `count`).
    Clean,
}

/// Query methods of diesel (and the ones sqlx shares), by name; any other
/// method of a query keeps its rows (`filter`, `order`, `limit`, `bind`).
pub(crate) const QUERY_STEPS: &[(&str, QueryStep)] = &[
    ("select", QueryStep::Select),
    ("returning", QueryStep::Select),
    ("inner_join", QueryStep::Join),
    ("left_join", QueryStep::Join),
    ("left_outer_join", QueryStep::Join),
    ("load", QueryStep::Load(Rows::Many)),
    ("load_iter", QueryStep::Load(Rows::Many)),
    ("load_stream", QueryStep::Load(Rows::Many)),
    ("get_results", QueryStep::Load(Rows::Many)),
    ("get_result", QueryStep::Load(Rows::One)),
    ("first", QueryStep::Load(Rows::One)),
    ("execute", QueryStep::Clean),
    ("count", QueryStep::Clean),
    ("exists", QueryStep::Clean),
];

/// What query method `name` does, if diesel has it.
pub(crate) fn query_step(name: &str) -> Option<QueryStep> {
    QUERY_STEPS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, step)| *step)
}

/// `OptionalExtension::optional`: a `QueryResult<T>` becomes a
/// `QueryResult<Option<T>>` (not found is `Ok(None)`).
pub(crate) const OPTIONAL: &str = "optional";

/// diesel's write statements: a statement on a table (or a filtered query
/// of one) whose rows, when it has any, are the table's (`get_result` of an
/// `update` gives the updated row) until `.returning(..)` chooses others.
pub(crate) const CALLS: &[CallRow] = &[CallRow {
    owner: Some("diesel"),
    imported_from: Some("diesel"),
    names: &[
        "insert_into",
        "update",
        "delete",
        "replace_into",
        "insert_or_ignore_into",
    ],
    no_args: false,
    effect: CallEffect::PassFirst,
}];
