//! Sink tables: which macros and methods consume values, and how.
//!
//! Sinks are data, not code paths: adding a logging crate means adding rows
//! here, and configured sinks (`[[sinks]]` in `datamin.toml`) join the same
//! lookup.

pub(crate) mod futures;
pub(crate) mod log;
pub(crate) mod std;

pub(crate) mod tracing;
pub(crate) mod web;

/// How a value is rendered by a sink.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Mode {
    /// `{}` or `%value`.
    Display,
    /// `{:?}` or `?value`.
    Debug,
    /// Recorded as a `tracing::Value` / `log` key-value (strings, numbers).
    Value,
    /// Serialized (serde) into a response.
    Serialize,
}

/// What a sink does with the values it consumes, as the analysis sees it.
/// The rule that reports the sink says it in words (`crate::rules`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum SinkKind {
    /// A logging macro (`log`, `tracing` events, the tree's own wrappers).
    Log,
    /// Printed to stdout or stderr (`println!`, `dbg!`, `write!` to a stream).
    Print,
    /// A panic message (`panic!`, the `assert!` family, `.expect(..)`).
    Panic,
    /// Recorded in a `tracing` span (`info_span!`, `Span::record`).
    Span,
    /// `#[instrument]` recording the function's arguments or its `fields(..)`.
    InstrumentArgs,
    /// `#[instrument(ret)]` / `err` recording the return value.
    InstrumentReturn,
    /// A sink configured in `[[sinks]]` (a function, a method or a macro).
    Configured,
    /// A part of an HTTP response.
    Response(web::Part),
    /// An async-graphql `#[Object]` resolver returning the value, by name.
    Resolver(String),
    /// A derive that exposes a type's fields by itself (`SimpleObject`,
    /// `Template`): the derive and the type.
    Exposed(&'static str, String),
}

impl SinkKind {
    /// The kind of a print-family macro, by its display name.
    pub fn of_print_macro(display: &str) -> SinkKind {
        if display.starts_with("print")
            || display.starts_with("eprint")
            || display.starts_with("dbg")
        {
            SinkKind::Print
        } else if display.contains("assert")
            || display.starts_with("panic")
            || display.starts_with("unreachable")
            || display.starts_with("todo")
            || display.starts_with("unimplemented")
        {
            SinkKind::Panic
        } else {
            SinkKind::Log
        }
    }
}

/// The grammar of a macro's arguments and what the macro does with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MacroKind {
    /// Prints a format string at argument index `fmt` (`println!`, `panic!`,
    /// `assert!` has its message at 1).
    Print { fmt: usize },
    /// `write!`/`writeln!`: a sink when the target is stdout or stderr.
    Write,
    /// `dbg!`: each argument with `Debug`.
    Dbg,
    /// The `log` crate: `target:`, key-values before `;`, a format string.
    /// `level` when the first argument is a level (`log!`).
    Log { level: bool },
    /// A `tracing` event: `target:`/`parent:`, fields, a format string.
    TracingEvent { level: bool },
    /// A `tracing` span: a name, then fields.
    TracingSpan { level: bool },
    /// Builds a `String` from a format string (`format!`): not a sink.
    Format { fmt: usize },
    /// Builds an error from a format string (`anyhow!`): not a sink.
    ErrorValue { fmt: usize },
    /// Returns early with an error built from a format string (`bail!`).
    ErrorReturn { fmt: usize },
    /// `vec![..]`.
    VecLit,
    /// A JSON-like literal whose leaves are expressions (`json!`, rocket's
    /// `context!`): serializes them.
    JsonValue,
    /// `join!(a, b)`: the tuple of the futures' outputs; `try_join!`: that
    /// tuple as the `Ok` of a `Result`, from the `Ok` of each.
    Join { fallible: bool },
}

impl MacroKind {
    /// Whether calls of the macro print or log their arguments.
    pub fn is_sink(self) -> bool {
        matches!(
            self,
            MacroKind::Print { .. }
                | MacroKind::Dbg
                | MacroKind::Log { .. }
                | MacroKind::TracingEvent { .. }
                | MacroKind::TracingSpan { .. }
        )
    }
}

/// One row of a macro table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MacroSink {
    /// Full path, e.g. `tracing::info`; std macros by bare name.
    pub path: &'static str,
    /// The grammar.
    pub kind: MacroKind,
}

/// Every known macro, std first.
pub(crate) fn macro_tables() -> impl Iterator<Item = &'static MacroSink> {
    self::std::MACROS
        .iter()
        .chain(log::MACROS)
        .chain(tracing::MACROS)
        .chain(futures::MACROS)
}

/// Looks a macro up by its full path (`tracing::info`, `println`,
/// `std::println`, `anyhow::bail`).
pub(crate) fn find_macro(full: &str) -> Option<&'static MacroSink> {
    let full = full
        .strip_prefix("std::")
        .or_else(|| full.strip_prefix("core::"))
        .unwrap_or(full);
    macro_tables().find(|row| row.path == full)
}

/// Macros used without an import (`#[macro_use]`, a prelude), with the crate
/// whose table row they take: `json!` is serde_json's, `context!` rocket's.
pub(crate) const PRELUDE_MACROS: &[(&str, &str)] =
    &[("json", "serde_json"), ("context", "rocket_dyn_templates")];

/// Module names under which crates re-export a logging crate (`pub use
/// tracing as log;` in tardis, `pub extern crate log;` in ldap3): a
/// `dep::log::info!` of a dependency is that crate's macro.
pub(crate) const REEXPORTED_LOG_MODULES: &[&str] = &["log", "tracing"];

/// Macro names that, called without any import, are taken as `log`/`tracing`
/// events (crates with `#[macro_use] extern crate log` or a prelude).
pub(crate) const BARE_LOG_NAMES: &[&str] = &["trace", "debug", "info", "warn", "error"];

/// A method whose argument is a sink: `.expect(msg)` prints `msg` on panic.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MethodSink {
    /// Method name.
    pub name: &'static str,
    /// Index of the consumed argument.
    pub arg: usize,
    /// Shown as the sink in messages.
    pub display: &'static str,
}

/// Methods whose arguments reach a log sink.
pub(crate) const METHOD_SINKS: &[MethodSink] = &[
    MethodSink {
        name: "expect",
        arg: 0,
        display: "expect",
    },
    MethodSink {
        name: "expect_err",
        arg: 0,
        display: "expect_err",
    },
];
