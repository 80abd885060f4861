//! Finding the Rust files under a scanned root and reading them safely.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::analysis::Workers;
use crate::config::Config;
use crate::report::FileError;

/// Files larger than this are reported, not read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A Rust source file read from disk.
#[derive(Debug)]
pub(crate) struct SourceFile {
    /// Path relative to the scanned root, `/`-separated.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Where its lines start, computed when a fix first needs them.
    pub lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file of `text`, named `rel`, at `path`.
    pub fn new(rel: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            rel,
            path,
            text,
            lines: std::sync::OnceLock::new(),
        }
    }

    /// The file as fixes read and edit it.
    pub fn src(&self) -> crate::rules::fixes::Src<'_> {
        crate::rules::fixes::Src {
            rel: &self.rel,
            path: &self.path,
            text: &self.text,
            lines: self
                .lines
                .get_or_init(|| crate::rules::fixes::line_starts(&self.text)),
        }
    }
}

/// A name a manifest of the tree gives its crate, with where the crate is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CrateName {
    /// The name as paths spell it (`accounts-api` → `accounts_api`).
    pub name: String,
    /// The manifest's directory relative to the root, `/`-terminated (`""`
    /// for the root, `billing/` below it).
    pub dir: String,
}

/// Collects every `.rs` file under `root` (or `root` itself if it is a file),
/// skipping `target/`, hidden directories and excluded paths, never following a
/// symbolic link. Problems become entries in `errors`; the walk goes on.
/// The walk itself is sequential (its order is the report's); the files it
/// keeps are read on `workers`. The crate names the tree's `Cargo.toml`s
/// declare, with their directories, are added to `crates` (sorted, once
/// each).
pub(crate) fn collect(
    root: &Path,
    config: &Config,
    errors: &mut Vec<FileError>,
    crates: &mut Vec<CrateName>,
    workers: &Workers,
) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let meta = match std::fs::symlink_metadata(root) {
        Ok(meta) => meta,
        Err(e) => {
            errors.push(error(
                root.display().to_string(),
                format!("cannot read: {e}"),
            ));
            return files;
        }
    };
    if !meta.is_dir() && !meta.file_type().is_symlink() {
        let rel = root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match read_source(root, rel) {
            Ok(file) => files.push(file),
            Err(e) => errors.push(e),
        }
        return files;
    }
    let canonical_root = match root.canonicalize() {
        Ok(path) => path,
        Err(e) => {
            errors.push(error(
                root.display().to_string(),
                format!("cannot read: {e}"),
            ));
            return files;
        }
    };
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !skipped(entry, root, config));
    // What the walk met, in its order: files to read, and problems.
    let mut met: Vec<Result<(PathBuf, String), FileError>> = Vec::new();
    let mut manifests = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| relative(root, p));
                let message = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                met.push(Err(error(file, format!("cannot read: {message}"))));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() {
            if let Some(problem) = symlink_problem(entry.path(), &canonical_root) {
                met.push(Err(error(rel, problem)));
            }
            continue;
        }
        if entry.file_type().is_file() && rel.ends_with(".rs") {
            met.push(Ok((entry.into_path(), rel)));
        } else if entry.file_type().is_file() && entry.file_name() == "Cargo.toml" {
            let dir = rel
                .strip_suffix("Cargo.toml")
                .unwrap_or_default()
                .to_owned();
            manifests.push((entry.into_path(), dir));
        }
    }
    crates.extend(manifests.iter().flat_map(|(path, dir)| {
        crate_names(path).into_iter().map(|name| CrateName {
            name,
            dir: dir.clone(),
        })
    }));
    crates.sort();
    crates.dedup();
    let read: Vec<Result<SourceFile, FileError>> = workers.install(|| {
        met.into_par_iter()
            .map(|found| found.and_then(|(path, rel)| read_source(&path, rel)))
            .collect()
    });
    for outcome in read {
        match outcome {
            Ok(file) => files.push(file),
            Err(e) => errors.push(e),
        }
    }
    files
}

fn skipped(entry: &walkdir::DirEntry, root: &Path, config: &Config) -> bool {
    let name = entry.file_name().to_string_lossy();
    if entry.file_type().is_dir() && (name.starts_with('.') || name == "target") {
        return true;
    }
    config.is_excluded(&relative(root, entry.path()))
}

/// What is wrong with a symbolic link we will not follow, if anything matters.
/// A link to something inside the tree is skipped quietly: its target is
/// scanned on its own.
fn symlink_problem(link: &Path, canonical_root: &Path) -> Option<String> {
    let is_rust_name = link.extension().is_some_and(|ext| ext == "rs");
    match link.canonicalize() {
        Ok(target) if target.starts_with(canonical_root) => None,
        Ok(target) if is_rust_name || target.is_dir() => Some(format!(
            "symbolic link leads out of the scanned tree (to {}); not followed",
            target.display()
        )),
        Ok(_) => None,
        Err(e) if is_loop(&e) => Some("symbolic link loop; not followed".to_owned()),
        Err(_) if is_rust_name => Some("dangling symbolic link; not followed".to_owned()),
        Err(_) => None,
    }
}

fn is_loop(e: &std::io::Error) -> bool {
    // ELOOP is 40 on Linux and 62 on the BSDs and macOS.
    matches!(e.raw_os_error(), Some(40 | 62)) || e.to_string().contains("symbolic links")
}

fn read_source(path: &Path, rel: String) -> Result<SourceFile, FileError> {
    match read_bounded(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(rel, path.to_path_buf(), text)),
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let column = at
                    - bytes[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1)
                    + 1;
                Err(FileError {
                    file: rel,
                    line: Some(line),
                    column: Some(column),
                    message: "file is not valid UTF-8".to_owned(),
                })
            }
        },
        Err(message) => Err(error(rel, message)),
    }
}

/// The names a manifest gives its crate as paths spell them: the package's
/// (`accounts-api` → `accounts_api`) and its library's. A manifest that
/// cannot be read or parsed names none: it is not ours to report.
fn crate_names(path: &Path) -> Vec<String> {
    let doc = read_bounded(path).ok().and_then(|bytes| {
        let text = String::from_utf8(bytes).ok()?;
        text.parse::<toml::Table>().ok()
    });
    let Some(doc) = doc else {
        return Vec::new();
    };
    ["package", "lib"]
        .iter()
        .filter_map(|table| doc.get(*table)?.get("name")?.as_str())
        .map(|name| name.replace('-', "_"))
        .collect()
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "file is larger than {} MiB; not analysed",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

fn error(file: String, message: String) -> FileError {
    FileError {
        file,
        line: None,
        column: None,
        message,
    }
}

/// `path` relative to `root`, `/`-separated.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        path.display().to_string()
    } else {
        parts.join("/")
    }
}
