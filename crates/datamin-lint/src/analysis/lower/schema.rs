//! diesel's `table!` declarations: the tables and columns of a schema, and
//! the `// datamin:personal(<category>)` comments that mark columns (a
//! macro's input cannot carry attributes of ours, and the parser drops
//! comments, so they are read from the text of the column's line).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::Lower;
use crate::analysis::ids::Pos;
use crate::analysis::ir;
use crate::analysis::names::ident_name;

/// The comment that marks a column personal.
const MARK: &str = "datamin:personal(";

impl Lower<'_> {
    /// The tables a `table!` call declares (diesel 2 takes several, after
    /// optional `use` items).
    pub(super) fn tables(&mut self, tokens: TokenStream) -> Vec<ir::TableDecl> {
        let toks: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::new();
        let mut i = 0;
        let mut sql_name = None;
        while i < toks.len() {
            if let Some(next) = skip_attribute(&toks, i, &mut sql_name) {
                i = next;
                continue;
            }
            match &toks[i] {
                TokenTree::Ident(id) if id == "use" => {
                    while i < toks.len()
                        && !matches!(&toks[i], TokenTree::Punct(p) if p.as_char() == ';')
                    {
                        i += 1;
                    }
                    i += 1;
                }
                TokenTree::Ident(id) => {
                    // `schema.name` names the table `name`.
                    let mut name = id.to_string();
                    let mut j = i + 1;
                    while let (Some(TokenTree::Punct(p)), Some(TokenTree::Ident(next))) =
                        (toks.get(j), toks.get(j + 1))
                    {
                        if p.as_char() != '.' {
                            break;
                        }
                        name = next.to_string();
                        j += 2;
                    }
                    // The primary key, then the columns.
                    while let Some(TokenTree::Group(g)) = toks.get(j) {
                        j += 1;
                        if g.delimiter() == Delimiter::Brace {
                            out.push(ir::TableDecl {
                                name: name.clone(),
                                sql_name: sql_name.take(),
                                columns: self.columns(g.stream()),
                            });
                            break;
                        }
                    }
                    i = j;
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The columns of one table: `[#[sql_name = ".."]] name -> Type,`.
    fn columns(&mut self, body: TokenStream) -> Vec<ir::ColumnDecl> {
        let mut out = Vec::new();
        let mut sql_name = None;
        let mut expect_name = true;
        let toks: Vec<TokenTree> = body.into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            if let Some(next) = skip_attribute(&toks, i, &mut sql_name) {
                i = next;
                continue;
            }
            match &toks[i] {
                TokenTree::Punct(p) if p.as_char() == ',' => expect_name = true,
                TokenTree::Ident(id) if expect_name => {
                    let is_column = matches!(
                        (toks.get(i + 1), toks.get(i + 2)),
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                            if a.as_char() == '-' && b.as_char() == '>'
                    );
                    if is_column {
                        let pos = self.pos(id.span());
                        let personal = self.column_mark(pos);
                        out.push(ir::ColumnDecl {
                            name: ident_name(id),
                            sql_name: sql_name.take(),
                            personal,
                            pos,
                        });
                    }
                    expect_name = false;
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// The category of a `// datamin:personal(<category>)` comment on the
    /// line at `pos` (the comment starts with the mark). An unknown category is an error of the file (the
    /// column is then not a source).
    fn column_mark(&mut self, pos: Pos) -> Option<String> {
        let line = self.line_text(pos.line as usize)?;
        // The comment must start with the mark, as suppressions do.
        let comment = line[line.find("//")? + 2..]
            .trim_start()
            .strip_prefix(MARK)?;
        let category = comment[..comment.find(')')?].trim().to_owned();
        match category.parse::<datamin::Category>() {
            Ok(c) => Some(c.as_str().to_owned()),
            Err(_) => {
                self.errors.push((
                    pos,
                    format!(
                        "unknown category `{category}` in `// datamin:personal(..)`; expected one of {}",
                        crate::config::category_list()
                    ),
                ));
                None
            }
        }
    }
}

/// At a `#[..]` attribute, the index past it, keeping its `sql_name`.
fn skip_attribute(toks: &[TokenTree], i: usize, sql_name: &mut Option<String>) -> Option<usize> {
    let TokenTree::Punct(p) = toks.get(i)? else {
        return None;
    };
    if p.as_char() != '#' {
        return None;
    }
    if let Some(TokenTree::Group(g)) = toks.get(i + 1) {
        *sql_name = sql_name_attr(g.stream()).or(sql_name.take());
    }
    Some(i + 2)
}

/// The value of `#[sql_name = ".."]`.
fn sql_name_attr(attr: TokenStream) -> Option<String> {
    let toks: Vec<TokenTree> = attr.into_iter().collect();
    match toks.as_slice() {
        [
            TokenTree::Ident(key),
            TokenTree::Punct(eq),
            TokenTree::Literal(_),
        ] if key == "sql_name" && eq.as_char() == '=' => {
            super::lit_str_of(std::slice::from_ref(&toks[2])).map(|s| s.value())
        }
        _ => None,
    }
}
