//! `datamin-floor`: the yardstick of the benchmark suite (see `BENCHMARKS.md`).
//!
//! It does the work that no syn-based checker of a source tree can avoid, and
//! nothing else: walk the tree the way `cargo datamin check` does (skipping
//! `target/` and hidden directories, taking only `*.rs` files, never following
//! a symbolic link), read every file, `syn::parse_file` it and visit every node
//! of the syntax tree once. It keeps no tree after its file is visited.
//!
//! ```text
//! datamin-floor [--jobs N] PATH...
//! ```
//!
//! It prints `files=… lines=… exprs=… errors=…` on one line; each file that
//! cannot be read or parsed is also described on standard error. It exits 0
//! whatever the files hold, and 2 on a usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use syn::visit::Visit;
use walkdir::WalkDir;

/// Files larger than this are not read, as in `datamin_lint::walk`.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

const USAGE: &str = "usage: datamin-floor [--jobs N] PATH...";

/// What one file, or the whole run, adds up to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Totals {
    files: u64,
    lines: u64,
    exprs: u64,
    errors: u64,
}

impl Totals {
    fn error() -> Self {
        Totals {
            errors: 1,
            ..Totals::default()
        }
    }

    fn add(self, other: Totals) -> Totals {
        Totals {
            files: self.files + other.files,
            lines: self.lines + other.lines,
            exprs: self.exprs + other.exprs,
            errors: self.errors + other.errors,
        }
    }
}

/// Counts every expression of a syntax tree, so that the whole tree is visited.
#[derive(Debug, Default)]
struct ExprCounter {
    exprs: u64,
}

impl<'ast> Visit<'ast> for ExprCounter {
    fn visit_expr(&mut self, node: &'ast syn::Expr) {
        self.exprs += 1;
        syn::visit::visit_expr(self, node);
    }
}

/// The command line, once understood.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    jobs: Option<usize>,
    paths: Vec<PathBuf>,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut jobs = None;
    let mut paths = Vec::new();
    let mut args = args.into_iter();
    let mut only_paths = false;
    while let Some(arg) = args.next() {
        let value = if only_paths {
            None
        } else if arg == "--" {
            only_paths = true;
            continue;
        } else if arg == "--jobs" || arg == "-j" {
            Some(args.next().ok_or("--jobs needs a value")?)
        } else if let Some(value) = arg.strip_prefix("--jobs=") {
            Some(value.to_owned())
        } else if arg == "-h" || arg == "--help" {
            return Err(String::new());
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option `{arg}`"));
        } else {
            None
        };
        match value {
            Some(value) => match value.parse::<usize>() {
                Ok(n) if n > 0 => jobs = Some(n),
                _ => return Err(format!("--jobs needs a positive number, not `{value}`")),
            },
            None => paths.push(PathBuf::from(arg)),
        }
    }
    if paths.is_empty() {
        return Err("no PATH given".to_owned());
    }
    Ok(Args { jobs, paths })
}

/// The Rust files under `root` (or `root` itself if it is a file), in the order
/// the linter visits them. Walk errors are reported and counted.
fn collect(root: &Path, files: &mut Vec<PathBuf>, errors: &mut u64) {
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !skipped(entry));
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_rust = entry.path().extension().is_some_and(|ext| ext == "rs");
                if entry.file_type().is_file() && is_rust {
                    files.push(entry.into_path());
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                *errors += 1;
            }
        }
    }
}

fn skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir() && (name.starts_with('.') || name == "target")
}

/// Reads, parses and visits one file.
fn floor_file(path: &Path) -> Totals {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            eprintln!(
                "error: {}: larger than {MAX_FILE_BYTES} bytes",
                path.display()
            );
            return Totals::error();
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return Totals::error();
        }
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            return Totals::error();
        }
    };
    let lines = text.lines().count() as u64;
    let (exprs, errors) = match syn::parse_file(&text) {
        Ok(file) => {
            let mut counter = ExprCounter::default();
            counter.visit_file(&file);
            (counter.exprs, 0)
        }
        Err(e) => {
            let at = e.span().start();
            eprintln!(
                "error: {}:{}:{}: {e}",
                path.display(),
                at.line,
                at.column + 1
            );
            (0, 1)
        }
    };
    Totals {
        files: 1,
        lines,
        exprs,
        errors,
    }
}

fn run(args: &Args) -> Result<Totals, String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        builder = builder.num_threads(jobs);
    }
    let pool = builder
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))?;
    let mut files = Vec::new();
    let mut walk_errors = 0;
    for root in &args.paths {
        collect(root, &mut files, &mut walk_errors);
    }
    let totals = pool.install(|| {
        files
            .par_iter()
            .map(|path| floor_file(path))
            .reduce(Totals::default, Totals::add)
    });
    Ok(totals.add(Totals {
        errors: walk_errors,
        ..Totals::default()
    }))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("datamin-floor: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(t) => {
            println!(
                "files={} lines={} exprs={} errors={}",
                t.files, t.lines, t.exprs, t.errors
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("datamin-floor: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, String> {
        parse_args(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn reads_jobs_and_paths() {
        let expected = Args {
            jobs: Some(3),
            paths: vec![PathBuf::from("a"), PathBuf::from("b")],
        };
        assert_eq!(args(&["--jobs", "3", "a", "b"]), Ok(expected));
        assert_eq!(args(&["a", "--jobs=3", "b"]).map(|a| a.jobs), Ok(Some(3)));
        assert_eq!(args(&["-j", "1", "a"]).map(|a| a.jobs), Ok(Some(1)));
        assert_eq!(args(&["a"]).map(|a| a.jobs), Ok(None));
        assert_eq!(
            args(&["--", "--jobs"]).map(|a| a.paths),
            Ok(vec![PathBuf::from("--jobs")])
        );
    }

    #[test]
    fn rejects_bad_command_lines() {
        assert!(args(&[]).is_err());
        assert!(args(&["--jobs", "0", "a"]).is_err());
        assert!(args(&["--jobs", "x", "a"]).is_err());
        assert!(args(&["--jobs"]).is_err());
        assert!(args(&["--fast", "a"]).is_err());
    }

    #[test]
    fn walks_parses_and_visits_like_the_linter() {
        let root = std::env::temp_dir().join(format!("datamin-floor-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("src/main.rs", "fn main() {\n    let x = 1 + 2;\n}\n");
        write("src/broken.rs", "fn (\n");
        write("src/notes.txt", "fn main() {}\n");
        write("target/debug/gen.rs", "fn f() {}\n");
        write(".hidden/x.rs", "fn f() {}\n");
        let totals = run(&Args {
            jobs: Some(2),
            paths: vec![root.clone()],
        })
        .expect("runs");
        let _ = std::fs::remove_dir_all(&root);
        // `1 + 2`, `1`, `2` and the block of `main` is not an expression.
        let expected = Totals {
            files: 2,
            lines: 4,
            exprs: 3,
            errors: 1,
        };
        assert_eq!(totals, expected);
    }
}
