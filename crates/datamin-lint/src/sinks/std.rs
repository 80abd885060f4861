//! The standard library's printing, panicking and formatting macros.

use super::{MacroKind, MacroSink};

/// std macros by bare name (also matched as `std::name`).
pub(crate) const MACROS: &[MacroSink] = &[
    MacroSink {
        path: "print",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "println",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "eprint",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "eprintln",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "panic",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "unreachable",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "todo",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "unimplemented",
        kind: MacroKind::Print { fmt: 0 },
    },
    MacroSink {
        path: "assert",
        kind: MacroKind::Print { fmt: 1 },
    },
    MacroSink {
        path: "debug_assert",
        kind: MacroKind::Print { fmt: 1 },
    },
    MacroSink {
        path: "assert_eq",
        kind: MacroKind::Print { fmt: 2 },
    },
    MacroSink {
        path: "assert_ne",
        kind: MacroKind::Print { fmt: 2 },
    },
    MacroSink {
        path: "debug_assert_eq",
        kind: MacroKind::Print { fmt: 2 },
    },
    MacroSink {
        path: "debug_assert_ne",
        kind: MacroKind::Print { fmt: 2 },
    },
    MacroSink {
        path: "dbg",
        kind: MacroKind::Dbg,
    },
    MacroSink {
        path: "write",
        kind: MacroKind::Write,
    },
    MacroSink {
        path: "writeln",
        kind: MacroKind::Write,
    },
    MacroSink {
        path: "format",
        kind: MacroKind::Format { fmt: 0 },
    },
    MacroSink {
        path: "format_args",
        kind: MacroKind::Format { fmt: 0 },
    },
    MacroSink {
        path: "serde_json::json",
        kind: MacroKind::JsonValue,
    },
    MacroSink {
        path: "rocket::serde::json::json",
        kind: MacroKind::JsonValue,
    },
    MacroSink {
        path: "rocket_dyn_templates::context",
        kind: MacroKind::JsonValue,
    },
    MacroSink {
        path: "vec",
        kind: MacroKind::VecLit,
    },
    MacroSink {
        path: "anyhow::anyhow",
        kind: MacroKind::ErrorValue { fmt: 0 },
    },
    MacroSink {
        path: "anyhow::format_err",
        kind: MacroKind::ErrorValue { fmt: 0 },
    },
    MacroSink {
        path: "anyhow::bail",
        kind: MacroKind::ErrorReturn { fmt: 0 },
    },
    MacroSink {
        path: "anyhow::ensure",
        kind: MacroKind::ErrorReturn { fmt: 1 },
    },
    MacroSink {
        path: "eyre::eyre",
        kind: MacroKind::ErrorValue { fmt: 0 },
    },
    MacroSink {
        path: "eyre::bail",
        kind: MacroKind::ErrorReturn { fmt: 0 },
    },
    MacroSink {
        path: "eyre::ensure",
        kind: MacroKind::ErrorReturn { fmt: 1 },
    },
    MacroSink {
        path: "color_eyre::eyre::eyre",
        kind: MacroKind::ErrorValue { fmt: 0 },
    },
    MacroSink {
        path: "color_eyre::eyre::bail",
        kind: MacroKind::ErrorReturn { fmt: 0 },
    },
    MacroSink {
        path: "color_eyre::eyre::ensure",
        kind: MacroKind::ErrorReturn { fmt: 1 },
    },
];
