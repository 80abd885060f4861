//! `suggest`: the fields that are probably personal but not annotated, and
//! the edits that annotate them.
//!
//! [`suggest`] lists every guess of the analysis (see the rule
//! `unmarked-personal-field`) with its confidence. [`fix`] adds
//! `#[personal(<category>)]` to each field it is given, on its own line
//! above the field (inline for a field that shares its line, such as a
//! tuple field), and `datamin::Personal` to its type's derive list (or a
//! `#[derive(datamin::Personal)]` line when the type derives nothing),
//! touching no other byte. A file whose text no longer matches the
//! suggestions, that does not parse, or that would not parse after the
//! edits is left as it is and reported.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::report::FileError;
use crate::rules::fixes::{line_start_of, newline_at};
use crate::{Config, Options, analysis, walk};

/// A field that is probably personal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// File relative to the scanned root, `/`-separated.
    pub file: String,
    /// 1-based line of the field's name (of its type, for a tuple field).
    pub line: usize,
    /// 1-based column of the same.
    #[serde(skip)]
    pub column: usize,
    /// The type, `Type` or `Type::Variant` for a field of an enum variant.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The field's name (its index for a tuple field).
    pub field: String,
    /// The category the attribute names.
    pub category: String,
    /// How sure the guess is, from 0 to 1.
    pub confidence: f64,
    /// The file on disk.
    #[serde(skip)]
    pub path: PathBuf,
}

/// What `suggest` prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Suggestions {
    /// The document's version, 1.
    pub version: u32,
    /// Sorted by file, line and column.
    pub suggestions: Vec<Suggestion>,
    /// Files that could not be read or parsed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FileError>,
}

/// The likely personal fields of the tree at `root` with at least
/// `min_confidence` (0 to 1).
pub fn suggest(
    root: &Path,
    config: &Config,
    options: &Options,
    min_confidence: f64,
) -> Suggestions {
    let root = root.to_path_buf();
    let config = config.clone();
    let jobs = options.jobs;
    let job = move || {
        let mut errors = Vec::new();
        let workers = analysis::Workers::new(jobs);
        let mut crates = Vec::new();
        let files = walk::collect(&root, &config, &mut errors, &mut crates, &workers);
        let suggestions = analysis::suggestions(files, &crates, &config, &mut errors, &workers);
        (suggestions, errors)
    };
    let (mut suggestions, mut errors) = crate::run_on_big_stack(job).unwrap_or_else(|message| {
        let error = FileError {
            file: String::new(),
            line: None,
            column: None,
            message,
        };
        (Vec::new(), vec![error])
    });
    suggestions.retain(|s| s.confidence + f64::EPSILON >= min_confidence);
    suggestions.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.field).cmp(&(&b.file, b.line, b.column, &b.field))
    });
    errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    Suggestions {
        version: 1,
        suggestions,
        errors,
    }
}

/// What [`fix`] changed in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// The file as the suggestions name it.
    pub file: String,
    /// Fields annotated, as `Type.field`.
    pub fields: Vec<String>,
    /// Types that now derive `datamin::Personal`.
    pub derives: Vec<String>,
}

/// What [`fix`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    /// The files changed (or already annotated), in order.
    pub files: Vec<FileFix>,
    /// Files left unchanged, and why.
    pub errors: Vec<FileError>,
}

/// Annotates the suggested fields in their files.
pub fn fix(suggestions: &[Suggestion]) -> FixReport {
    let mut by_file: BTreeMap<&str, Vec<&Suggestion>> = BTreeMap::new();
    for s in suggestions {
        by_file.entry(&s.file).or_default().push(s);
    }
    let mut report = FixReport::default();
    for (file, wanted) in by_file {
        let path = &wanted[0].path;
        let error = |message: String| FileError {
            file: file.to_owned(),
            line: None,
            column: None,
            message,
        };
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                report.errors.push(error(format!("cannot read it: {e}")));
                continue;
            }
        };
        match fixed(&text, &wanted) {
            Ok((new_text, done)) => {
                if new_text != text
                    && let Err(e) = fs::write(path, &new_text)
                {
                    report.errors.push(error(format!("cannot write it: {e}")));
                    continue;
                }
                report.files.push(FileFix {
                    file: file.to_owned(),
                    ..done
                });
            }
            Err(message) => report.errors.push(error(format!("not changed: {message}"))),
        }
    }
    report
}

/// One insertion: at a byte offset, some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub at: usize,
    pub text: String,
}

/// The text with the fields annotated, and what was done.
fn fixed(text: &str, wanted: &[&Suggestion]) -> Result<(String, FileFix), String> {
    let (per_field, done) = planned(text, wanted)?;
    let mut edits: Vec<Edit> = Vec::new();
    for edit in per_field.into_iter().flatten() {
        if !edits.contains(&edit) {
            edits.push(edit);
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    let mut out = text.to_owned();
    for edit in edits {
        out.insert_str(edit.at, &edit.text);
    }
    syn::parse_file(&out).map_err(|e| format!("the edited text would not parse: {e}"))?;
    Ok((out, done))
}

/// The insertions that annotate each of `wanted` (its attribute, and the
/// derive of its type when the type does not derive `datamin::Personal`:
/// the same insertion for every field of one type), and what they do.
pub(crate) fn planned(
    text: &str,
    wanted: &[&Suggestion],
) -> Result<(Vec<Vec<Edit>>, FileFix), String> {
    let ast = syn::parse_file(text).map_err(|e| {
        let at = e.span().start();
        format!("it does not parse ({}:{}: {e})", at.line, at.column + 1)
    })?;
    let lines = LineIndex::new(text);
    let mut per_field: Vec<Vec<Edit>> = vec![Vec::new(); wanted.len()];
    let mut done = FileFix {
        file: String::new(),
        fields: Vec::new(),
        derives: Vec::new(),
    };
    let mut found = 0;
    visit_types(&ast.items, &mut |name, attrs, first_token, fields| {
        let mut annotated = Vec::new();
        for (field, variant) in fields {
            let Some(anchor) = field
                .ident
                .as_ref()
                .map(|i| i.span())
                .or_else(|| Some(syn::spanned::Spanned::span(&field.ty)))
            else {
                continue;
            };
            let at = anchor.start();
            let Some(index) = wanted
                .iter()
                .position(|s| s.line == at.line && s.column == at.column + 1)
            else {
                continue;
            };
            let s = wanted[index];
            found += 1;
            let start = match &field.vis {
                syn::Visibility::Inherited => anchor,
                vis => syn::spanned::Spanned::span(vis),
            };
            let attr = format!("#[personal({})]", s.category);
            per_field[index].push(lines.insert_before(start.start(), &attr));
            done.fields.push(match variant {
                Some(v) => format!("{name}::{v}.{}", s.field),
                None => format!("{name}.{}", s.field),
            });
            annotated.push(index);
        }
        if !annotated.is_empty()
            && let Some(edit) = derive_edit(&lines, attrs, first_token)
        {
            for index in annotated {
                per_field[index].push(edit.clone());
            }
            done.derives.push(name.to_owned());
        }
    });
    if found < wanted.len() {
        return Err(format!(
            "{} suggested field(s) are not where the suggestions say; run `suggest` again",
            wanted.len() - found
        ));
    }
    Ok((per_field, done))
}

/// The edit adding `datamin::Personal` to a type's derives, unless it
/// derives it already.
fn derive_edit(
    lines: &LineIndex<'_>,
    attrs: &[syn::Attribute],
    first_token: proc_macro2::Span,
) -> Option<Edit> {
    let derives: Vec<&syn::Attribute> = attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .collect();
    let has_personal = derives.iter().any(|a| {
        let mut found = false;
        let _ = a.parse_nested_meta(|meta| {
            found |= meta
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Personal");
            Ok(())
        });
        found
    });
    if has_personal {
        return None;
    }
    let Some(last) = derives.last() else {
        return Some(lines.insert_before(first_token.start(), "#[derive(datamin::Personal)]"));
    };
    let syn::Meta::List(list) = &last.meta else {
        return None;
    };
    let close = lines.offset(list.delimiter.span().close().start())?;
    let before = lines.text[..close].trim_end();
    let gap = &lines.text[before.len()..close];
    let text = if before.ends_with(',') {
        if gap.contains('\n') {
            // One derive per line: a line of its own, indented as the others.
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let indent: String = lines.text[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let newline = newline_at(lines.text, before.len());
            return Some(Edit {
                at: before.len(),
                text: format!("{newline}{indent}datamin::Personal,"),
            });
        }
        " datamin::Personal".to_owned()
    } else if before.ends_with('(') {
        "datamin::Personal".to_owned()
    } else {
        ", datamin::Personal".to_owned()
    };
    Some(Edit {
        at: before.len(),
        text,
    })
}

/// Calls `f` on every struct and enum of the items (in modules too), with
/// its name, attributes, the first token after its attributes, and its
/// fields with their variant.
fn visit_types(
    items: &[syn::Item],
    f: &mut impl FnMut(&str, &[syn::Attribute], proc_macro2::Span, Vec<(&syn::Field, Option<String>)>),
) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let first = first_token(&s.vis, s.struct_token.span);
                f(
                    &s.ident.to_string(),
                    &s.attrs,
                    first,
                    s.fields.iter().map(|fd| (fd, None)).collect(),
                );
            }
            syn::Item::Enum(e) => {
                let first = first_token(&e.vis, e.enum_token.span);
                let fields = e
                    .variants
                    .iter()
                    .flat_map(|v| {
                        v.fields
                            .iter()
                            .map(move |fd| (fd, Some(v.ident.to_string())))
                    })
                    .collect();
                f(&e.ident.to_string(), &e.attrs, first, fields);
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    visit_types(inner, f);
                }
            }
            _ => {}
        }
    }
}

fn first_token(vis: &syn::Visibility, keyword: proc_macro2::Span) -> proc_macro2::Span {
    match vis {
        syn::Visibility::Inherited => keyword,
        vis => syn::spanned::Spanned::span(vis),
    }
}

/// Line starts of a text, to turn span positions into byte offsets.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The byte offset of a position (1-based line, 0-based column in
    /// characters).
    fn offset(&self, at: proc_macro2::LineColumn) -> Option<usize> {
        let start = *self.starts.get(at.line.checked_sub(1)?)?;
        let line = &self.text[start..];
        let within = line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }

    /// Inserting `attr` before the token at `at`: on a line of its own with
    /// the token's indentation when the token starts its line, else inline.
    fn insert_before(&self, at: proc_macro2::LineColumn, attr: &str) -> Edit {
        let offset = self.offset(at).unwrap_or(0);
        let indent = &self.text[line_start_of(self.text, offset)..offset];
        if indent.chars().all(|c| c == ' ' || c == '\t') {
            let newline = newline_at(self.text, offset);
            Edit {
                at: offset,
                text: format!("{attr}{newline}{indent}"),
            }
        } else {
            Edit {
                at: offset,
                text: format!("{attr} "),
            }
        }
    }
}

/// Writes `file`'s fixed text for tests and tools that hold text in memory.
pub fn fix_text(text: &str, suggestions: &[Suggestion]) -> Result<String, String> {
    let wanted: Vec<&Suggestion> = suggestions.iter().collect();
    fixed(text, &wanted).map(|(t, _)| t)
}
