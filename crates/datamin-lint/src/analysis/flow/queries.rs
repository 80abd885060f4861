//! Database queries: diesel's schema paths and query builders, sqlx's query
//! macros and functions, and the rows they give (see `analysis::columns`
//! for which columns are personal).
//!
//! A query is a value of type [`Ty::Query`] whose `[]` part is one row: a
//! tuple of columns for a diesel selection (`users::table` selects every
//! column of the table, `.select((users::id, emails::email))` two), a record
//! with a part per column for `sqlx::query!`, the first column for
//! `query_scalar!`, or a value of the named type for `query_as!`. Loading or
//! fetching gives the rows inside a `Result`; a turbofish (`.first::<(i32,
//! String)>`, `.load::<User>`) types them, mapping a tuple's columns onto a
//! struct's fields in order, as `Queryable` does.

use super::*;
use crate::analysis::columns::{self, RowColumn, SchemaPath};
use crate::analysis::model::unraw;
use crate::semantics::diesel::{self, QueryStep};
use crate::semantics::sqlx::{self, RowShape, Rows};

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    /// A path of the schema: a column's value (personal when the column
    /// is), or a table as a query of all its columns.
    pub(super) fn schema_value(&self, segs: &[String], pos: Pos) -> Option<Val> {
        let model = self.e.model;
        if !model.columns.has_tables() {
            return None;
        }
        let path = model.columns.path(model.files[self.file].uses, segs)?;
        Some(match path {
            SchemaPath::Column(Some(fid)) => Val::tainted(Ty::Unknown, self.read_step(fid, pos)),
            SchemaPath::Column(None) => Val::default(),
            SchemaPath::Table(table) => query_of(self.all_columns(table, pos)),
            SchemaPath::AllColumns(table) => self.all_columns(table, pos),
        })
    }

    /// Every column of a table, as a row.
    fn all_columns(&self, table: &columns::Table, pos: Pos) -> Val {
        let mut row = Val::of_ty(Ty::Tuple(vec![Ty::Unknown; table.columns.len()]));
        for (i, (_, _, field)) in table.columns.iter().enumerate() {
            if let Some(fid) = field {
                row.parts.insert(
                    PartKey::index(i),
                    Val::tainted(Ty::Unknown, self.read_step(*fid, pos)),
                );
            }
        }
        row
    }

    /// A record of a query's rows: a part per named column (a clean one
    /// too: the record's fields are known, none is guessed by its name).
    fn record_of(&self, rows: &[RowColumn], pos: Pos) -> Val {
        let mut record = Val::default();
        for col in rows {
            if let Some(name) = &col.name {
                record
                    .parts
                    .insert(PartKey::field(name), self.column_value(col, pos));
            }
        }
        record
    }

    /// The value of one column of a row.
    fn column_value(&self, col: &RowColumn, pos: Pos) -> Val {
        let mut taint = Taint::default();
        for &fid in &col.fields {
            taint.union(&self.read_step(fid, pos));
        }
        Val::tainted(Ty::Unknown, taint)
    }

    /// The row of a query whose SQL is at `sql_pos`, shaped as `shape` says
    /// (`typed`: the row type the call names).
    fn query_row(&self, shape: RowShape, sql_pos: Pos, typed: Option<Ty>) -> Option<Val> {
        let rows = self.e.model.columns.rows(sql_pos);
        Some(match (shape, typed) {
            // `query_as::<_, (i64, String)>`: the columns in order.
            (RowShape::Typed, Some(ty @ Ty::Tuple(_))) => {
                let mut row = Val::of_ty(ty);
                for (i, col) in rows.into_iter().flatten().enumerate() {
                    row.parts
                        .insert(PartKey::index(i), self.column_value(col, sql_pos));
                }
                row
            }
            // A struct of the tree is mapped by type (`analysis::columns`).
            (RowShape::Typed, Some(ty)) => Val::of_ty(ty),
            // `let user: User = query_as("..")..`: the columns by name,
            // typed where the rows land.
            (RowShape::Typed | RowShape::Record, None) => self.record_of(rows?, sql_pos),
            (RowShape::Record, Some(_)) => self.record_of(rows?, sql_pos),
            (RowShape::Scalar, _) => rows?
                .first()
                .map(|col| self.column_value(col, sql_pos))
                .unwrap_or_default(),
        })
    }

    /// sqlx's `query!`, `query_as!`, `query_scalar!`: a query of its rows.
    /// `None` for other macros.
    pub(super) fn query_macro(&mut self, mac: &'m ir::MacroCall) -> Option<Val> {
        let (at, shape) = columns::query_macro(mac.path.last()?)?;
        let typed = mac
            .query_ty
            .as_ref()
            .map(|ty| self.e.model.resolve_ty(ty, &self.cx))
            .filter(|ty| !ty.is_unknown());
        let row = self.query_row(shape, mac.site_pos, typed)?;
        for seg in mac.segs.iter().skip(at + 1) {
            if let Some(e) = &seg.expr {
                self.expr(e);
            }
        }
        Some(query_of(row))
    }

    /// A function taking SQL text (`sqlx::query("SELECT ..")`,
    /// `query_as::<_, User>(..)`, diesel's `sql_query`): a query of its
    /// rows, when they are known. The arguments are already evaluated.
    pub(super) fn query_fn(&self, p: &ir::Path, args: &'m [Expr]) -> Option<Val> {
        let shape = columns::query_fn(unraw(p.last()))?;
        let typed = match shape {
            RowShape::Typed => self.turbofish_last(p),
            RowShape::Record | RowShape::Scalar => None,
        };
        let sql_pos = args.first().map_or(Pos::default(), |a| a.pos);
        let row = self.query_row(shape, sql_pos, typed)?;
        Some(query_of(row))
    }

    /// `User::as_select()`: a row of the type.
    pub(super) fn selection(&self, segs: &[String]) -> Option<Val> {
        let [.., owner, name] = segs else { return None };
        if !diesel::SELECTIONS.contains(&name.as_str()) {
            return None;
        }
        let id = self.e.model.resolve_type_name(
            self.file,
            &self.unself(std::slice::from_ref(owner))[0],
            self.cx.module,
        )?;
        Some(Val::of_ty(Ty::Adt(id, Vec::new())))
    }

    /// A method of a query: chooses columns, joins, loads rows, or builds on
    /// (`filter`, `order`, `bind`: the rows stay). `None` when the tree has
    /// a method of that name, which is then called as usual.
    pub(super) fn query_method(
        &mut self,
        name: &str,
        recv: &Val,
        m: &'m ir::MethodCall,
    ) -> Option<Val> {
        let mut row = recv.part(&PartKey::Elements);
        if row.ty.is_unknown() {
            row.ty = recv.ty.first_arg();
        }
        let step = diesel::query_step(name).or_else(|| sqlx::fetch(name).map(QueryStep::Load));
        let out = match step {
            Some(QueryStep::Select) => {
                let chosen = m.args.first().map(|a| self.expr(a)).unwrap_or_default();
                query_of(chosen)
            }
            Some(QueryStep::Join) => {
                let other = m.args.first().map(|a| self.expr(a)).unwrap_or_default();
                let other_row = other.part(&PartKey::Elements);
                let ty = Ty::Tuple(vec![row.ty.clone(), other_row.ty.clone()]);
                query_of(
                    Val::of_ty(ty)
                        .with_part(PartKey::index(0), row)
                        .with_part(PartKey::index(1), other_row),
                )
            }
            Some(QueryStep::Load(rows)) => {
                for a in &m.args {
                    self.expr(a);
                }
                let row = match m.turbofish.first() {
                    Some(ty) => {
                        let ty = self.e.model.resolve_ty(ty, &self.cx);
                        self.typed_row(row, ty)
                    }
                    None => row,
                };
                fetched(rows, row)
            }
            Some(QueryStep::Clean) => {
                for a in &m.args {
                    self.expr(a);
                }
                Val::default()
            }
            None if matches!(name, "map" | "try_map") => {
                // sqlx's `query(..).map(|row| ..)`: rows become what the closure makes.
                let made = match m.args.first().map(|a| &a.kind) {
                    Some(ExprKind::Closure(c)) => self.closure(c, vec![row]),
                    _ => Val::default(),
                };
                let made = if name == "try_map" {
                    made.unwrapped()
                } else {
                    made
                };
                query_of(made)
            }
            None if self.e.model.methods_by_name.contains_key(name) => return None,
            None => {
                for a in &m.args {
                    self.expr(a);
                }
                recv.clone()
            }
        };
        Some(out)
    }

    /// A row typed by a turbofish: a tuple's columns become the fields of a
    /// struct of the tree in order (`Queryable`), a record's by name
    /// (`QueryableByName`); other types keep the row's columns.
    fn typed_row(&self, mut row: Val, ty: Ty) -> Val {
        if let Ty::Adt(id, _) = &ty
            && !row.parts.is_empty()
            && !matches!(&row.ty, Ty::Adt(other, _) if other == id)
        {
            let def = &self.e.model.types[*id];
            let mut out = Val::of_ty(ty.clone());
            for (i, field) in def.fields.iter().enumerate() {
                let column = field.column.unwrap_or(&field.name).to_lowercase();
                let part = row
                    .parts
                    .get(&PartKey::index(i))
                    .or_else(|| row.parts.get(&PartKey::field(&column)));
                if let Some(part) = part {
                    out.parts.insert(PartKey::field(&field.name), part.clone());
                }
            }
            return out;
        }
        if let Ty::Tuple(items) = &ty {
            // `.first::<(LocalUser,)>`: each position typed by its own.
            for (i, item) in items.iter().enumerate() {
                if let Some(part) = row.parts.remove(&PartKey::index(i)) {
                    let typed = self.typed_row(part, item.clone());
                    row.parts.insert(PartKey::index(i), typed);
                }
            }
        }
        row.retype(ty);
        row
    }

    /// `row.get("email")` on a record whose column `email` is known.
    pub(super) fn row_getter(&self, name: &str, recv: &Val, m: &ir::MethodCall) -> Option<Val> {
        let (_, fallible) = sqlx::ROW_GETTERS.iter().find(|(n, _)| *n == name)?;
        let ExprKind::Str(column) = &m.args.first()?.kind else {
            return None;
        };
        let value = recv
            .parts
            .get(&PartKey::field(&column.to_lowercase()))?
            .clone();
        Some(if *fallible {
            Val::of_ty(Ty::Result(Box::new(Ty::Unknown), Box::new(Ty::Unknown)))
                .with_part(PartKey::Ok, value)
        } else {
            value
        })
    }
}

/// A query whose rows are `row`.
fn query_of(row: Val) -> Val {
    Val::of_ty(Ty::Query(Box::new(row.ty.clone()))).with_part(PartKey::Elements, row)
}

/// What loading or fetching gives: the rows, inside a `Result`.
pub(super) fn fetched(rows: Rows, row: Val) -> Val {
    let inner = match rows {
        Rows::Many => Val::seq_of(row),
        Rows::One => row,
        Rows::Optional => {
            Val::of_ty(Ty::Option(Box::new(row.ty.clone()))).with_part(PartKey::Some, row)
        }
    };
    Val::of_ty(Ty::Result(
        Box::new(inner.ty.clone()),
        Box::new(Ty::Unknown),
    ))
    .with_part(PartKey::Ok, inner)
}
