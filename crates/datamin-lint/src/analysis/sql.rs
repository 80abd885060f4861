//! Just enough SQL to tell which columns a query's rows hold.
//!
//! `sqlx::query!("SELECT u.id, e.email AS address FROM users u JOIN emails e
//! ON ..")` gives records with fields `id` and `address`; which table and
//! column each comes from decides whether it is personal. This reads a
//! statement's output list (`SELECT` items, or `RETURNING` of an `INSERT`,
//! `UPDATE` or `DELETE`), its tables with their aliases (`FROM`, `JOIN`,
//! the target of a write), and the common table expressions and subqueries
//! in `FROM` it reads from, which are resolved like tables. It never
//! executes or validates anything: text it cannot read yields fewer outputs,
//! never an error. Nesting is bounded by [`MAX_SQL_NESTING`].

use super::limits::MAX_SQL_NESTING;
use crate::semantics::sql::{
    CLAUSE_ENDS, CLEAN_FUNCTIONS, JOIN_WORDS, OTHER_KEYWORDS, PREDICATE_WORDS,
};

/// A statement's rows, as far as the text tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Select {
    /// What it reads from, in order: a table or a subquery, by the name the
    /// statement refers to it by (its alias, else its own name).
    pub from: Vec<(String, Source)>,
    /// The columns of each row, in order.
    pub outputs: Vec<Output>,
}

/// Something a statement reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A table, by its name (without schema).
    Table(String),
    /// A common table expression or a subquery in `FROM`.
    Query(Box<Select>),
}

/// One column of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Output {
    /// The name the row gives it: its alias (without sqlx's type
    /// overrides, `"email!"`, `"email: Email"`), else the column's or the
    /// function's name; `None` when the database would invent one.
    pub name: Option<String>,
    /// The columns its value derives from.
    pub columns: Vec<ColumnRef>,
    /// `*` (`Some(None)`) or `t.*` (`Some(Some(t))`): every column of
    /// the sources, or of one.
    pub star: Option<Option<String>>,
}

/// A column as written: `email` or `u.email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ColumnRef {
    pub qualifier: Option<String>,
    pub column: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// An identifier or keyword, lowercased unless quoted.
    Word(String),
    /// A quoted identifier, as written between the quotes.
    Quoted(String),
    Str,
    Punct(char),
    /// A number, a parameter (`$1`, `?`, `:name`), an operator run.
    Other,
}

impl Tok {
    fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    fn ident(&self) -> Option<&str> {
        match self {
            Tok::Word(w) | Tok::Quoted(w) => Some(w),
            _ => None,
        }
    }
}

fn tokens(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
                out.push(Tok::Str);
            }
            '"' | '`' => {
                let start = i + 1;
                i = start;
                while i < chars.len() && chars[i] != c {
                    i += 1;
                }
                out.push(Tok::Quoted(
                    chars[start..i.min(chars.len())].iter().collect(),
                ));
                i += 1;
            }
            '(' | ')' | ',' | '.' | '*' | ';' => {
                out.push(Tok::Punct(c));
                i += 1;
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                // A cast (`email::text`): the type that follows is no column.
                out.push(Tok::Punct(':'));
                i += 2;
                while i < chars.len() && chars[i].is_whitespace() {
                    i += 1;
                }
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            }
            _ if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push(Tok::Word(word.to_lowercase()));
            }
            _ if c.is_ascii_digit() || matches!(c, '$' | '?' | ':' | '@') => {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Tok::Other);
            }
            _ => {
                // Operators: one token each, so `=` stands out.
                out.push(if matches!(c, '=' | '<' | '>' | '!' | '~') {
                    Tok::Punct('=')
                } else {
                    Tok::Other
                });
                i += 1;
            }
        }
    }
    out
}

/// Reads a statement. `None` when it is no statement this understands
/// (`CREATE`, text that is no SQL at all).
pub(crate) fn parse(sql: &str) -> Option<Select> {
    let toks = tokens(sql);
    statement(&toks, 0)
}

/// The tokens at nesting depth zero of `toks`, split where `split` says,
/// each with its start index.
fn top_level_split(toks: &[Tok], split: impl Fn(&Tok) -> bool) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            _ if depth == 0 && split(t) => {
                out.push(&toks[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&toks[start..]);
    out
}

/// The index of the first top-level token at or after `from` that `stop`
/// accepts, or the end.
fn find_top(toks: &[Tok], from: usize, stop: impl Fn(&Tok) -> bool) -> usize {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(from) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            _ if depth == 0 && stop(t) => return i,
            _ => {}
        }
    }
    toks.len()
}

/// The tokens inside the parentheses opening at `open`, and the index past
/// the closing one.
fn parenthesised(toks: &[Tok], open: usize) -> (&[Tok], usize) {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (&toks[open + 1..i], i + 1);
                }
            }
            _ => {}
        }
    }
    (&toks[(open + 1).min(toks.len())..], toks.len())
}

fn statement(toks: &[Tok], depth: usize) -> Option<Select> {
    if depth > MAX_SQL_NESTING {
        return None;
    }
    let mut i = 0;
    let mut ctes = Vec::new();
    if toks.first().is_some_and(|t| t.is_word("with")) {
        i = 1;
        if toks.get(i).is_some_and(|t| t.is_word("recursive")) {
            i += 1;
        }
        // `name [(cols)] AS [NOT] [MATERIALIZED] (query)`, comma-separated.
        while let Some(name) = toks.get(i).and_then(Tok::ident).map(str::to_owned) {
            i += 1;
            if toks.get(i) == Some(&Tok::Punct('(')) {
                i = parenthesised(toks, i).1;
            }
            while toks
                .get(i)
                .is_some_and(|t| t.is_word("as") || t.is_word("not") || t.is_word("materialized"))
            {
                i += 1;
            }
            if toks.get(i) != Some(&Tok::Punct('(')) {
                break;
            }
            let (body, next) = parenthesised(toks, i);
            if let Some(q) = statement(body, depth + 1) {
                ctes.push((name, q));
            }
            i = next;
            if toks.get(i) == Some(&Tok::Punct(',')) {
                i += 1;
            } else {
                break;
            }
        }
    }
    let rest = &toks[i.min(toks.len())..];
    let mut select = match rest.first().and_then(Tok::word)? {
        "select" => select_statement(rest, depth)?,
        "insert" | "update" | "delete" => write_statement(rest, depth)?,
        _ => return None,
    };
    // A CTE is read from by its name.
    for (name, q) in ctes.into_iter().rev() {
        for (_, source) in &mut select.from {
            if matches!(source, Source::Table(t) if *t == name) {
                *source = Source::Query(Box::new(q.clone()));
            }
        }
    }
    Some(select)
}

/// `SELECT [DISTINCT [ON (..)]] items FROM ..`, up to a `UNION`, whose
/// other branches add their columns position by position.
fn select_statement(toks: &[Tok], depth: usize) -> Option<Select> {
    let branches = top_level_split(toks, |t| {
        t.is_word("union") || t.is_word("intersect") || t.is_word("except")
    });
    let mut out: Option<Select> = None;
    for branch in branches {
        let start = branch.iter().position(|t| t.is_word("select"))?;
        let mut i = start + 1;
        while let Some(t) = branch.get(i) {
            if t.is_word("distinct") || t.is_word("all") {
                i += 1;
            } else if t.is_word("on") && branch.get(i + 1) == Some(&Tok::Punct('(')) {
                i = parenthesised(branch, i + 1).1;
            } else {
                break;
            }
        }
        let from_at = find_top(branch, i, |t| t.is_word("from") || t.is_word("into"));
        let items = &branch[i..from_at];
        let tail_end = find_top(branch, from_at, |t| {
            t.word()
                .is_some_and(|w| CLAUSE_ENDS.contains(&w) && w != "from")
        });
        let from = if branch.get(from_at).is_some_and(|t| t.is_word("from")) {
            from_list(&branch[from_at + 1..tail_end], depth)
        } else {
            Vec::new()
        };
        let outputs = top_level_split(items, |t| *t == Tok::Punct(','))
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(output)
            .collect::<Vec<_>>();
        match &mut out {
            None => out = Some(Select { from, outputs }),
            Some(first) => {
                // Later branches read their own tables: their columns join
                // the first branch's by position, qualified by their source.
                for (mine, theirs) in first.outputs.iter_mut().zip(outputs) {
                    for col in theirs.columns {
                        let resolved = resolve_in(&from, &col);
                        mine.columns.push(ColumnRef {
                            qualifier: resolved.map(|(alias, _)| alias.to_owned()),
                            column: col.column,
                        });
                    }
                }
                for (alias, source) in from {
                    if !first.from.iter().any(|(a, _)| *a == alias) {
                        first.from.push((alias, source));
                    }
                }
            }
        }
    }
    out
}

/// The source a qualified column names, or the only source for an
/// unqualified one.
fn resolve_in<'s>(from: &'s [(String, Source)], col: &ColumnRef) -> Option<(&'s str, &'s Source)> {
    match &col.qualifier {
        Some(q) => from.iter().find(|(a, _)| a == q),
        None if from.len() == 1 => from.first(),
        None => None,
    }
    .map(|(a, s)| (a.as_str(), s))
}

/// `INSERT INTO t ..`, `UPDATE t ..`, `DELETE FROM t ..`: the rows of their
/// `RETURNING` clause.
fn write_statement(toks: &[Tok], depth: usize) -> Option<Select> {
    let mut i = 1;
    while toks
        .get(i)
        .is_some_and(|t| t.is_word("into") || t.is_word("from") || t.is_word("only"))
    {
        i += 1;
    }
    let (table, next) = table_name(toks, i)?;
    let mut alias = table.clone();
    if toks.get(next).is_some_and(|t| t.is_word("as"))
        && let Some(a) = toks.get(next + 1).and_then(Tok::ident)
    {
        alias = a.to_owned();
    }
    let returning = find_top(toks, next, |t| t.is_word("returning"));
    let mut from = vec![(alias, Source::Table(table))];
    // `UPDATE t SET .. FROM u` and `DELETE FROM t USING u` read more tables.
    let extra = find_top(toks, next, |t| t.is_word("from") || t.is_word("using"));
    if extra < returning {
        let end = find_top(toks, extra + 1, |t| {
            t.word().is_some_and(|w| w == "where" || w == "returning")
        });
        from.extend(from_list(&toks[extra + 1..end], depth));
    }
    let outputs = if returning < toks.len() {
        let end = find_top(toks, returning + 1, |t| *t == Tok::Punct(';'));
        top_level_split(&toks[returning + 1..end], |t| *t == Tok::Punct(','))
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(output)
            .collect()
    } else {
        Vec::new()
    };
    Some(Select { from, outputs })
}

/// A table name at `i` (`schema.table` gives `table`), and the index past it.
fn table_name(toks: &[Tok], i: usize) -> Option<(String, usize)> {
    let mut name = toks.get(i)?.ident()?.to_owned();
    let mut next = i + 1;
    while toks.get(next) == Some(&Tok::Punct('.'))
        && let Some(part) = toks.get(next + 1).and_then(Tok::ident)
    {
        name = part.to_owned();
        next += 2;
    }
    Some((name, next))
}

/// The sources of a `FROM` list: `t [AS] a`, joins, `(subquery) [AS] a`,
/// `LATERAL`, comma-separated.
fn from_list(toks: &[Tok], depth: usize) -> Vec<(String, Source)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        while toks
            .get(i)
            .and_then(Tok::word)
            .is_some_and(|w| JOIN_WORDS.contains(&w))
            || toks.get(i) == Some(&Tok::Punct(','))
        {
            i += 1;
        }
        if i >= toks.len() {
            break;
        }
        let (source, own_name, next) = if toks[i] == Tok::Punct('(') {
            let (body, next) = parenthesised(toks, i);
            match statement(body, depth + 1) {
                Some(q) => (Source::Query(Box::new(q)), None, next),
                None => (Source::Table(String::new()), None, next),
            }
        } else if let Some((name, next)) = table_name(toks, i) {
            if toks.get(next) == Some(&Tok::Punct('(')) {
                // A table function (`unnest(..)`, `generate_series(..)`).
                (
                    Source::Table(String::new()),
                    Some(name),
                    parenthesised(toks, next).1,
                )
            } else {
                (Source::Table(name.clone()), Some(name), next)
            }
        } else {
            i += 1;
            continue;
        };
        let mut j = next;
        if toks.get(j).is_some_and(|t| t.is_word("as")) {
            j += 1;
        }
        let alias = match toks.get(j) {
            Some(Tok::Quoted(a)) => {
                j += 1;
                Some(a.clone())
            }
            Some(Tok::Word(a)) if !is_keyword(a) => {
                j += 1;
                Some(a.clone())
            }
            _ => None,
        };
        if toks.get(j) == Some(&Tok::Punct('(')) {
            // Column aliases of the source: `AS t(a, b)`.
            j = parenthesised(toks, j).1;
        }
        if let Some(name) = alias.or(own_name) {
            out.push((name, source));
        }
        // The join condition, up to the next source.
        i = find_top(toks, j, |t| {
            *t == Tok::Punct(',')
                || t.word().is_some_and(|w| {
                    JOIN_WORDS.contains(&w) && !matches!(w, "outer" | "lateral" | "only")
                })
        });
    }
    out
}

fn is_keyword(w: &str) -> bool {
    CLAUSE_ENDS.contains(&w)
        || PREDICATE_WORDS.contains(&w)
        || JOIN_WORDS.contains(&w)
        || OTHER_KEYWORDS.contains(&w)
}

/// One item of an output list.
fn output(item: &[Tok]) -> Output {
    if let [Tok::Punct('*')] = item {
        return Output {
            star: Some(None),
            ..Output::default()
        };
    }
    if let [q, Tok::Punct('.'), Tok::Punct('*')] = item
        && let Some(q) = q.ident()
    {
        return Output {
            star: Some(Some(q.to_owned())),
            ..Output::default()
        };
    }
    // `expr AS alias`, or `expr alias` after something that ends a value.
    let n = item.len();
    let ends_value = |t: &Tok| match t {
        Tok::Word(w) => !is_keyword(w),
        Tok::Quoted(_) | Tok::Punct(')' | ':') | Tok::Str => true,
        _ => false,
    };
    let (expr, alias) = if n >= 2 && item[n - 2].is_word("as") {
        (&item[..n - 2], item[n - 1].ident().map(str::to_owned))
    } else if n >= 2
        && item[n - 1].ident().is_some()
        && ends_value(&item[n - 1])
        && ends_value(&item[n - 2])
    {
        (&item[..n - 1], item[n - 1].ident().map(str::to_owned))
    } else {
        (item, None)
    };
    let columns = derived_columns(expr);
    let name = alias.map(|a| strip_override(&a)).or_else(|| match expr {
        [col] => col.ident().map(str::to_owned),
        [_, Tok::Punct('.'), col] => col.ident().map(str::to_owned),
        [Tok::Word(f), Tok::Punct('('), ..] => Some(f.clone()),
        _ => None,
    });
    Output {
        name,
        columns,
        star: None,
    }
}

/// An alias without sqlx's overrides: `email!`, `email?`, `email: Email`.
fn strip_override(alias: &str) -> String {
    let end = alias.find(['!', '?', ':']).unwrap_or(alias.len());
    alias[..end].trim().to_owned()
}

/// The columns an output expression's value derives from: none for a
/// predicate (`email IS NULL`, `a = b`) or a function that only measures
/// its input (`count(email)`, `length(name)`).
fn derived_columns(mut expr: &[Tok]) -> Vec<ColumnRef> {
    // `(email = $1)`: the parentheses say nothing.
    while expr.first() == Some(&Tok::Punct('(')) && parenthesised(expr, 0).1 == expr.len() {
        expr = parenthesised(expr, 0).0;
    }
    let mut depth = 0usize;
    for t in expr {
        match t {
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth = depth.saturating_sub(1),
            Tok::Punct('=') if depth == 0 => return Vec::new(),
            Tok::Word(w) if depth == 0 && PREDICATE_WORDS.contains(&w.as_str()) => {
                return Vec::new();
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < expr.len() {
        let t = &expr[i];
        // A function whose result does not hold its input: skip its call.
        if let Tok::Word(f) = t
            && expr.get(i + 1) == Some(&Tok::Punct('('))
        {
            if CLEAN_FUNCTIONS.contains(&f.as_str()) {
                i = parenthesised(expr, i + 1).1;
            } else {
                i += 1;
            }
            continue;
        }
        if let Some(name) = t.ident()
            && t.word().is_none_or(|w| !is_keyword(w))
        {
            if expr.get(i + 1) == Some(&Tok::Punct('.'))
                && let Some(col) = expr.get(i + 2).and_then(Tok::ident)
            {
                out.push(ColumnRef {
                    qualifier: Some(name.to_owned()),
                    column: col.to_owned(),
                });
                i += 3;
                continue;
            }
            out.push(ColumnRef {
                qualifier: None,
                column: name.to_owned(),
            });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(q: Option<&str>, c: &str) -> ColumnRef {
        ColumnRef {
            qualifier: q.map(str::to_owned),
            column: c.to_owned(),
        }
    }

    fn names(s: &Select) -> Vec<Option<&str>> {
        s.outputs.iter().map(|o| o.name.as_deref()).collect()
    }

    fn tables(s: &Select) -> Vec<(&str, &str)> {
        s.from
            .iter()
            .map(|(a, src)| match src {
                Source::Table(t) => (a.as_str(), t.as_str()),
                Source::Query(_) => (a.as_str(), "(query)"),
            })
            .collect()
    }

    #[test]
    fn outputs_are_named_by_alias_column_or_function() {
        let s = parse(
            "SELECT u.id, e.email AS address, name, lower(e.email), count(*) AS n, \
             now() FROM public.users u JOIN emails AS e ON e.user_id = u.id WHERE u.id = $1",
        )
        .expect("reads");
        assert_eq!(
            names(&s),
            [
                Some("id"),
                Some("address"),
                Some("name"),
                Some("lower"),
                Some("n"),
                Some("now")
            ]
        );
        assert_eq!(tables(&s), [("u", "users"), ("e", "emails")]);
        assert_eq!(s.outputs[1].columns, [col(Some("e"), "email")]);
        assert_eq!(s.outputs[3].columns, [col(Some("e"), "email")]);
        assert!(s.outputs[4].columns.is_empty());
    }

    #[test]
    fn sqlx_overrides_and_casts_are_read_through() {
        let s = parse(
            r#"select email as "email!", id as "id: UserId", email::text "plain?" from subscriptions"#,
        )
        .expect("reads");
        assert_eq!(names(&s), [Some("email"), Some("id"), Some("plain")]);
        assert_eq!(s.outputs[2].columns, [col(None, "email")]);
    }

    #[test]
    fn predicates_and_measures_derive_nothing() {
        let s = parse(
            "SELECT email IS NOT NULL AS has_email, length(name) AS len, \
             (email = $1) AS same, coalesce(email, '') AS e FROM users",
        )
        .expect("reads");
        assert!(s.outputs[0].columns.is_empty());
        assert!(s.outputs[1].columns.is_empty());
        assert!(s.outputs[2].columns.is_empty());
        assert_eq!(s.outputs[3].columns, [col(None, "email")]);
    }

    #[test]
    fn stars_ctes_subqueries_and_returning() {
        let s = parse("SELECT * FROM users").expect("reads");
        assert_eq!(s.outputs[0].star, Some(None));
        let s = parse(
            "WITH recent AS (SELECT email FROM signups WHERE at > now()) \
             SELECT r.email FROM recent r",
        )
        .expect("reads");
        let [(alias, Source::Query(inner))] = s.from.as_slice() else {
            panic!("a CTE source: {s:?}");
        };
        assert_eq!(alias, "r");
        assert_eq!(tables(inner), [("signups", "signups")]);
        let s = parse("SELECT x.e FROM (SELECT email AS e FROM users) AS x").expect("reads");
        assert!(matches!(&s.from[0].1, Source::Query(_)));
        let s =
            parse("INSERT INTO subscriptions (email, name) VALUES ($1, $2) RETURNING id, email")
                .expect("reads");
        assert_eq!(names(&s), [Some("id"), Some("email")]);
        assert_eq!(tables(&s), [("subscriptions", "subscriptions")]);
        let s = parse("UPDATE users SET name = $1 WHERE id = $2").expect("reads");
        assert!(s.outputs.is_empty());
    }

    #[test]
    fn unions_add_their_columns_by_position() {
        let s = parse("SELECT id FROM a UNION ALL SELECT email FROM b").expect("reads");
        assert_eq!(names(&s), [Some("id")]);
        assert_eq!(
            s.outputs[0].columns,
            [col(None, "id"), col(Some("b"), "email")]
        );
    }

    #[test]
    fn text_that_is_no_query_reads_as_nothing() {
        assert_eq!(parse("CREATE TABLE users (email text)"), None);
        assert_eq!(parse("hello"), None);
        assert_eq!(parse(""), None);
        // Unbalanced text still ends.
        assert!(parse("SELECT (((email FROM users").is_some());
        let deep = format!(
            "SELECT x FROM {}t{}",
            "(SELECT x FROM ".repeat(200),
            ")".repeat(200)
        );
        assert!(parse(&deep).is_some());
    }
}
