//! `cargo-datamin`: run as `cargo datamin ...` or directly. All the work is in
//! the library; this only connects it to the process.

use std::io::{IsTerminal, Write};

fn main() {
    let stdout = std::io::stdout();
    // Colour only for a terminal, and never when NO_COLOR is set (no-color.org).
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr().lock();
    let code = cargo_datamin::run(std::env::args_os(), &mut out, &mut err, color);
    // `exit` runs no destructors: flush what is buffered (a closed pipe is fine).
    let _ = out.flush();
    std::process::exit(code);
}
