//! Database columns as sources of personal data.
//!
//! A column is personal when a `// datamin:personal(<category>)` comment
//! marks it in a diesel `table!`, or when a configured pattern names it
//! (`emails.email`, `*.phone`). Each personal column is one personal "field"
//! of the model, displayed `table.column`. The model reads, once:
//!
//! - the tables the tree declares, so that diesel's paths (`emails::email`,
//!   `users::table`, `users::dsl::*`) are known as columns and tables;
//! - the SQL text of every sqlx query (`query!`, `query_as!`,
//!   `query_scalar!`, `query_as::<_, T>(..)`, `query(..)`), read by
//!   [`super::sql`], so that each query's rows are known column by column;
//! - the structs rows are read into: a diesel `Queryable`/`Selectable`
//!   struct's fields map to its table's columns by name (or
//!   `#[diesel(column_name = ..)]`), and the row type of a typed sqlx query
//!   maps by name (or `#[sqlx(rename = "..")]`) to the query's columns. Such
//!   a field is personal like an annotated one, as the column's field.
//!
//! The flow analysis then gives values of these columns and rows
//! (`flow::queries`).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ids::{FieldId, IdVec, Pos};
use super::ir;
use super::model::PersonalField;
use super::names::UseMap;
use super::sql::{self, Select, Source};
use crate::config::ColumnPattern;
use crate::semantics::sqlx::RowShape;
use crate::semantics::{diesel, sqlx};

/// A table a `table!` declares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// Its name in the database, lowercased.
    pub sql_name: String,
    /// Its columns in declaration order: Rust name, database name
    /// (lowercased) and personal field.
    pub columns: Vec<(String, String, Option<FieldId>)>,
}

/// One column of a query's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RowColumn {
    /// The name a record gives it (`record.address`).
    pub name: Option<String>,
    /// The personal columns its value derives from.
    pub fields: Vec<FieldId>,
}

/// What a diesel path names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SchemaPath<'c> {
    /// A column, with its personal field if it is one.
    Column(Option<FieldId>),
    /// A table (`users::table`): its default selection is every column.
    Table(&'c Table),
    /// Every column of a table, as a tuple (`users::all_columns`).
    AllColumns(&'c Table),
}

/// The columns of the tree and of its configuration.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// Declared tables by their Rust name.
    tables: BTreeMap<String, Table>,
    /// The last segment a schema path may have: a declared table or column,
    /// `table`, `all_columns`.
    names: HashSet<String>,
    /// Personal columns by (table, column), database names lowercased.
    personal: HashMap<(String, String), FieldId>,
    patterns: Vec<(ColumnPattern, String)>,
    /// The rows of each query the tree writes, by the position of its SQL
    /// text (the macro call, or the string literal given to a function).
    rows: HashMap<Pos, Vec<RowColumn>>,
}

impl Columns {
    pub fn new(patterns: &[(ColumnPattern, String)]) -> Columns {
        Columns {
            patterns: patterns.to_vec(),
            names: [diesel::TABLE_ITEM, diesel::ALL_COLUMNS]
                .into_iter()
                .map(str::to_owned)
                .collect(),
            ..Columns::default()
        }
    }

    /// Whether any column may be personal: otherwise nothing here needs
    /// reading.
    pub fn active(&self) -> bool {
        !self.patterns.is_empty() || !self.personal.is_empty()
    }

    /// Whether the tree declares any table.
    pub fn has_tables(&self) -> bool {
        !self.tables.is_empty()
    }

    /// Declares a `table!`'s table; its personal columns become fields.
    pub fn declare(&mut self, decl: &ir::TableDecl, personal: &mut IdVec<FieldId, PersonalField>) {
        let sql_name = decl
            .sql_name
            .as_deref()
            .unwrap_or(&decl.name)
            .to_lowercase();
        let mut table = self.tables.remove(&decl.name).unwrap_or_else(|| Table {
            sql_name: sql_name.clone(),
            columns: Vec::new(),
        });
        for col in &decl.columns {
            let col_sql = col.sql_name.as_deref().unwrap_or(&col.name).to_lowercase();
            let field = match &col.personal {
                Some(category) => Some(self.field(&sql_name, &col_sql, Some(category), personal)),
                None => self.configured(&sql_name, &col_sql, personal),
            };
            table.columns.push((col.name.clone(), col_sql, field));
        }
        self.names.insert(decl.name.clone());
        self.names
            .extend(table.columns.iter().map(|(rust, _, _)| rust.clone()));
        self.tables.insert(decl.name.clone(), table);
    }

    /// The field of a personal column, made on first use; `category` says
    /// it is personal, else only an existing field or a pattern can.
    fn field(
        &mut self,
        table: &str,
        column: &str,
        category: Option<&str>,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> FieldId {
        let key = (table.to_owned(), column.to_owned());
        if let Some(&fid) = self.personal.get(&key) {
            return fid;
        }
        let fid = personal.push(PersonalField {
            display: format!("{table}.{column}"),
            category: category.unwrap_or("other").to_owned(),
            owner: None,
            inferred: None,
        });
        self.personal.insert(key, fid);
        fid
    }

    /// The field of a column if it is personal: already known, or named by
    /// a pattern.
    fn configured(
        &mut self,
        table: &str,
        column: &str,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> Option<FieldId> {
        if let Some(&fid) = self.personal.get(&(table.to_owned(), column.to_owned())) {
            return Some(fid);
        }
        let category = self
            .patterns
            .iter()
            .find(|(p, _)| p.matches(table, column))
            .map(|(_, c)| c.clone())?;
        Some(self.field(table, column, Some(&category), personal))
    }

    /// What a path names in the schema, as written in a file with `uses`:
    /// `users::email`, `schema::users::dsl::email`, `users::table`, or a
    /// name a glob brings in (`use schema::users::dsl::*;` then `email`).
    pub fn path<'c>(&'c self, uses: &UseMap, segs: &[String]) -> Option<SchemaPath<'c>> {
        if self.tables.is_empty() {
            return None;
        }
        // Most paths name no column: only one whose last segment could, or
        // whose first is an import that may rename one, is expanded.
        let could = segs.last().is_some_and(|last| self.names.contains(last))
            || segs
                .first()
                .is_some_and(|first| uses.names.contains_key(first));
        if !could {
            return None;
        }
        let full = uses.expand(segs);
        if let [name] = full.as_slice() {
            return uses.globs.iter().find_map(|glob| {
                let mut path = glob.clone();
                path.push(name.clone());
                self.schema_path(&path)
            });
        }
        self.schema_path(&full)
    }

    /// [`Columns::path`] of a full path: `[.., table, column]`,
    /// `[.., table, dsl|columns, column]`, `[.., table, table]` (a table's
    /// `dsl` names the table after itself) or `[.., table, "table"]`.
    fn schema_path(&self, full: &[String]) -> Option<SchemaPath<'_>> {
        let name = full.last()?;
        let mut owner = full.get(full.len().checked_sub(2)?)?;
        if diesel::TABLE_MODULES.contains(&owner.as_str()) {
            owner = full.get(full.len().checked_sub(3)?)?;
        }
        let table = self.tables.get(owner)?;
        if name == diesel::TABLE_ITEM || name == owner {
            return Some(SchemaPath::Table(table));
        }
        if name == diesel::ALL_COLUMNS {
            return Some(SchemaPath::AllColumns(table));
        }
        table
            .columns
            .iter()
            .find(|(rust, _, _)| rust == name)
            .map(|(_, _, field)| SchemaPath::Column(*field))
    }

    /// The personal field of a declared table's column, by Rust names.
    pub fn table_column(&self, table: &str, column: &str) -> Option<FieldId> {
        self.tables
            .get(table)?
            .columns
            .iter()
            .find(|(rust, sql, _)| rust == column || sql == column)
            .and_then(|(_, _, f)| *f)
    }

    /// The rows of the query whose SQL is at `pos`.
    pub fn rows(&self, pos: Pos) -> Option<&[RowColumn]> {
        self.rows.get(&pos).map(Vec::as_slice)
    }

    /// Reads the SQL of a query at `pos` and records its rows; returns them.
    pub fn read_query(
        &mut self,
        pos: Pos,
        text: &str,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> Option<&[RowColumn]> {
        let select = sql::parse(text)?;
        let rows = self.resolve(&select, personal);
        self.rows.insert(pos, rows);
        self.rows(pos)
    }

    /// The columns of a statement's rows, each with the personal columns it
    /// derives from.
    fn resolve(
        &mut self,
        select: &Select,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> Vec<RowColumn> {
        let mut out = Vec::new();
        for output in &select.outputs {
            if let Some(star) = &output.star {
                for (alias, source) in &select.from {
                    if star.as_ref().is_none_or(|q| q == alias) {
                        out.extend(self.every_column(source, personal));
                    }
                }
                continue;
            }
            let mut fields = Vec::new();
            for col in &output.columns {
                fields.extend(self.column_fields(select, col, personal));
            }
            fields.sort();
            fields.dedup();
            out.push(RowColumn {
                name: output.name.clone(),
                fields,
            });
        }
        out
    }

    /// The personal fields a column reference of `select` stands for.
    fn column_fields(
        &mut self,
        select: &Select,
        col: &sql::ColumnRef,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> Vec<FieldId> {
        let sources: Vec<&Source> = match &col.qualifier {
            Some(q) => select
                .from
                .iter()
                .filter(|(alias, _)| alias == q)
                .map(|(_, s)| s)
                .collect(),
            // Unqualified with several sources: the database knows which
            // has it; any that may is taken.
            None => select.from.iter().map(|(_, s)| s).collect(),
        };
        for source in sources {
            let found = match source {
                Source::Table(t) if t.is_empty() => Vec::new(),
                Source::Table(t) => self
                    .configured(&self.sql_table(t), &col.column, personal)
                    .into_iter()
                    .collect(),
                Source::Query(sub) => {
                    let rows = self.resolve(sub, personal);
                    rows.into_iter()
                        .filter(|r| r.name.as_deref() == Some(col.column.as_str()))
                        .flat_map(|r| r.fields)
                        .collect()
                }
            };
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// The database name of a table named in SQL (a declared table may be
    /// named by its Rust name there too).
    fn sql_table(&self, name: &str) -> String {
        self.tables
            .get(name)
            .map_or_else(|| name.to_owned(), |t| t.sql_name.clone())
    }

    /// The columns `*` gives of a source: a declared table's columns, else
    /// the ones patterns name for it (the others are not personal).
    fn every_column(
        &mut self,
        source: &Source,
        personal: &mut IdVec<FieldId, PersonalField>,
    ) -> Vec<RowColumn> {
        match source {
            Source::Table(t) if t.is_empty() => Vec::new(),
            Source::Table(t) => {
                let table = self.sql_table(t);
                if let Some(declared) = self.tables.values().find(|d| d.sql_name == table) {
                    return declared
                        .columns
                        .iter()
                        .map(|(_, sql, field)| RowColumn {
                            name: Some(sql.clone()),
                            fields: field.iter().copied().collect(),
                        })
                        .collect();
                }
                let names: Vec<String> = self
                    .patterns
                    .iter()
                    .filter(|(p, _)| p.table.as_deref().is_none_or(|pt| pt == table))
                    .map(|(p, _)| p.column.clone())
                    .collect();
                names
                    .into_iter()
                    .map(|column| RowColumn {
                        fields: self
                            .configured(&table, &column, personal)
                            .into_iter()
                            .collect(),
                        name: Some(column),
                    })
                    .collect()
            }
            Source::Query(sub) => self.resolve(sub, personal),
        }
    }
}

/// Where the SQL text of a query macro is (the index of its argument), and
/// its rows' shape, if `name` is one of sqlx's.
pub(crate) fn query_macro(name: &str) -> Option<(usize, RowShape)> {
    sqlx::QUERY_MACROS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, at, shape)| (*at, *shape))
}

/// The rows' shape of a function taking SQL text first, if `name` is one.
pub(crate) fn query_fn(name: &str) -> Option<RowShape> {
    sqlx::QUERY_FNS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, shape)| *shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str, category: &str) -> (ColumnPattern, String) {
        (
            ColumnPattern::parse(text).expect("a pattern"),
            category.to_owned(),
        )
    }

    /// The rows of `sql` as `name=table.column` (or `name` when clean).
    fn rows_of(
        columns: &mut Columns,
        personal: &mut IdVec<FieldId, PersonalField>,
        sql: &str,
    ) -> Vec<String> {
        let rows = columns
            .read_query(Pos::default(), sql, personal)
            .expect("reads")
            .to_vec();
        rows.iter()
            .map(|r| {
                let name = r.name.clone().unwrap_or_else(|| "?".to_owned());
                let fields: Vec<&str> = r
                    .fields
                    .iter()
                    .map(|&f| personal[f].display.as_str())
                    .collect();
                if fields.is_empty() {
                    name
                } else {
                    format!("{name}={}", fields.join("+"))
                }
            })
            .collect()
    }

    #[test]
    fn a_query_reads_the_configured_columns_of_its_tables_only() {
        let mut columns = Columns::new(&[
            pattern("subscriptions.email", "email"),
            pattern("*.phone", "phone"),
        ]);
        let personal = &mut IdVec::default();
        assert_eq!(
            rows_of(
                &mut columns,
                personal,
                "SELECT s.id, s.email AS address, a.email, phone, count(s.email) \
                 FROM subscriptions s JOIN audit_log a ON a.subscription_id = s.id"
            ),
            [
                "id",
                "address=subscriptions.email",
                "email",
                "phone=subscriptions.phone",
                "count"
            ]
        );
        assert_eq!(
            rows_of(&mut columns, personal, "SELECT * FROM contacts"),
            ["phone=contacts.phone"]
        );
        assert_eq!(
            rows_of(
                &mut columns,
                personal,
                "WITH recent AS (SELECT email AS e FROM subscriptions) SELECT r.e FROM recent r"
            ),
            ["e=subscriptions.email"]
        );
    }

    #[test]
    fn a_declared_table_gives_its_marked_and_configured_columns() {
        let mut personal = IdVec::default();
        let mut columns = Columns::new(&[pattern("*.phone", "phone")]);
        let column = |name: &str, personal: Option<&str>| ir::ColumnDecl {
            name: name.to_owned(),
            sql_name: None,
            personal: personal.map(str::to_owned),
            pos: Pos::default(),
        };
        columns.declare(
            &ir::TableDecl {
                name: "members".to_owned(),
                sql_name: None,
                columns: vec![
                    column("id", None),
                    column("email", Some("email")),
                    column("phone", None),
                ],
            },
            &mut personal,
        );
        let uses = UseMap::default();
        let path = |p: &str| p.split("::").map(str::to_owned).collect::<Vec<_>>();
        let field = |p: &str| match columns.path(&uses, &path(p)) {
            Some(SchemaPath::Column(f)) => f.map(|f| personal[f].display.clone()),
            other => panic!("{p} is no column: {other:?}"),
        };
        assert_eq!(field("members::email").as_deref(), Some("members.email"));
        assert_eq!(
            field("schema::members::dsl::phone").as_deref(),
            Some("members.phone")
        );
        assert_eq!(field("members::columns::id"), None);
        assert!(matches!(
            columns.path(&uses, &path("members::table")),
            Some(SchemaPath::Table(t)) if t.columns.len() == 3
        ));
        assert!(columns.path(&uses, &path("members::nickname")).is_none());
        assert!(columns.path(&uses, &path("users::email")).is_none());
        assert_eq!(
            rows_of(&mut columns, &mut personal, "SELECT m.* FROM members m"),
            ["id", "email=members.email", "phone=members.phone"]
        );
    }
}
