//! Reading source text into syntax trees, one file at a time, with every
//! failure turned into an error naming the file.
//!
//! A tree in which no file can declare personal data is only checked for
//! syntax, on every core, each syntax tree dropped as soon as it is read:
//! nothing in it can leak, so the flow analysis has nothing to do. Other
//! trees are parsed on the analysis thread and kept for the model and the
//! flow analysis (`syn`'s trees cannot move between threads).

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use super::limits::MAX_NESTING;
use super::nesting;
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

/// Checks the syntax of every file on `jobs` threads (`0`: one per core),
/// keeping no syntax tree. Returns the files that parse; the others become
/// errors. The order of `files` is kept.
pub(crate) fn check_syntax(
    files: Vec<SourceFile>,
    errors: &mut Vec<FileError>,
    jobs: usize,
) -> Vec<SourceFile> {
    let outcomes =
        || -> Vec<Option<FileError>> { files.par_iter().map(|file| parse(file).err()).collect() };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(crate::ANALYSIS_STACK_BYTES)
        .thread_name(|i| format!("datamin-parse-{i}"))
        .build();
    let outcomes = match pool {
        Ok(pool) => pool.install(outcomes),
        // No threads to be had: parse on this one.
        Err(_) => files.iter().map(|file| parse(file).err()).collect(),
    };
    let mut ok = Vec::with_capacity(files.len());
    for (file, outcome) in files.into_iter().zip(outcomes) {
        match outcome {
            Some(error) => errors.push(error),
            None => ok.push(file),
        }
    }
    ok
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
