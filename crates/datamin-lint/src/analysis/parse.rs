//! Reading source text into syntax trees, one file at a time, with every
//! failure turned into an error naming the file.
//!
//! Files are parsed on every core (`--jobs`), each syntax tree lowered to its
//! [`ir::File`] on the thread that parsed it (`syn`'s trees cannot move
//! between threads, and their spans resolve only there) and dropped. A tree
//! in which no file can declare personal data is only checked for syntax:
//! nothing in it can leak, so the flow analysis has nothing to do.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use super::ir;
use super::limits::MAX_NESTING;
use super::lower;
use super::nesting;
use super::workers::Workers;
use crate::report::FileError;
use crate::walk::SourceFile;

/// Whether the text may declare personal data: a `#[personal]` attribute
/// (`personal` right after `[` or `::`, spaces aside), or any mention of
/// `datamin` other than a suppression comment (derives,
/// `#[datamin::source]`, `// datamin:personal` column comments). A superset of what the model recognises; it only decides how
/// much work the tree gets, never what it reports.
pub(crate) fn may_declare_personal(text: &str) -> bool {
    let names_datamin = text
        .match_indices("datamin")
        .any(|(at, _)| !text[at + "datamin".len()..].starts_with(":allow"));
    if names_datamin {
        return true;
    }
    text.match_indices("personal").any(|(at, _)| {
        let before = text[..at].trim_end();
        before.ends_with('[') || before.ends_with("::")
    })
}

/// Parses one file, or says why it cannot be analysed.
pub(crate) fn parse(file: &SourceFile) -> Result<syn::File, FileError> {
    let depth = nesting::max_depth(&file.text);
    if depth > MAX_NESTING {
        return Err(FileError {
            file: file.rel.clone(),
            line: None,
            column: None,
            message: format!(
                "brackets nest {depth} levels deep (the limit is {MAX_NESTING}); this file was not analysed"
            ),
        });
    }
    match catch_unwind(AssertUnwindSafe(|| syn::parse_file(&file.text))) {
        Ok(Ok(ast)) => Ok(ast),
        Ok(Err(e)) => {
            let start = e.span().start();
            Err(FileError {
                file: file.rel.clone(),
                line: Some(start.line.max(1)),
                column: Some(start.column + 1),
                message: e.to_string(),
            })
        }
        Err(_) => Err(FileError {
            file: file.rel.clone(),
            line: None,
            column: None,
            message: "internal error while parsing this file; it was not analysed".to_owned(),
        }),
    }
}

/// Checks the syntax of every file on `workers`, keeping no syntax tree. Returns the files that parse; the others become
/// errors. The order of `files` is kept.
pub(crate) fn check_syntax(
    files: Vec<SourceFile>,
    errors: &mut Vec<FileError>,
    workers: &Workers,
) -> Vec<SourceFile> {
    let outcomes: Vec<Option<FileError>> =
        workers.install(|| files.par_iter().map(|file| parse(file).err()).collect());
    let mut ok = Vec::with_capacity(files.len());
    for (file, outcome) in files.into_iter().zip(outcomes) {
        match outcome {
            Some(error) => errors.push(error),
            None => ok.push(file),
        }
    }
    ok
}

/// Parses and lowers every file on `workers` (without function bodies
/// unless `bodies`). The
/// lowered file at index `i` of `files` has its positions in file `i`; a
/// file that does not parse is `None` and its error is pushed, in the order
/// of `files`.
pub(crate) fn parse_and_lower(
    files: &[SourceFile],
    errors: &mut Vec<FileError>,
    workers: &Workers,
    bodies: bool,
) -> Vec<Option<ir::File>> {
    let outcomes: Vec<Result<ir::File, FileError>> = workers.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(i, file)| {
                let ast = parse(file)?;
                catch_unwind(AssertUnwindSafe(|| {
                    lower::lower_with(&ast, i, &file.text, bodies)
                }))
                .map_err(|_| FileError {
                    file: file.rel.clone(),
                    line: None,
                    column: None,
                    message: "internal error while reading this file; it was not analysed"
                        .to_owned(),
                })
            })
            .collect()
    });
    outcomes
        .into_iter()
        .zip(files)
        .map(|(outcome, file)| match outcome {
            Ok(mut lowered) => {
                // What the file says wrongly; the rest of it is analysed.
                errors.extend(lowered.errors.drain(..).map(|(pos, message)| FileError {
                    file: file.rel.clone(),
                    line: Some(pos.line as usize),
                    column: Some(pos.col as usize),
                    message,
                }));
                Some(lowered)
            }
            Err(error) => {
                errors.push(error);
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::may_declare_personal;

    #[test]
    fn personal_attributes_and_datamin_mark_a_file() {
        assert!(may_declare_personal(
            "struct A { #[personal(email)] e: String }"
        ));
        assert!(may_declare_personal("struct A { #[ personal ] e: String }"));
        assert!(may_declare_personal(
            "struct A { #[x::personal] e: String }"
        ));
        assert!(may_declare_personal(
            "#[derive(datamin::Personal)] struct A;"
        ));
        assert!(may_declare_personal("// datamin:personal(email)"));
    }

    #[test]
    fn the_word_alone_does_not() {
        assert!(!may_declare_personal(
            "// personal data is handled elsewhere"
        ));
        assert!(!may_declare_personal("fn personal_best() {}"));
        assert!(!may_declare_personal("let personal = 1;"));
        assert!(!may_declare_personal("// datamin:allow(log-leak) reviewed"));
    }
}
