//! The `join!` family of `futures` and `tokio`: not sinks, but they hand on
//! the outputs of the futures they are given.

use super::{MacroKind, MacroSink};

/// Macros whose arms are `pat = future => body` (`tokio::select!`,
/// `futures::select!`), by last segment: lowered to one `if let` per arm.
pub(crate) const SELECT_MACROS: &[&str] = &["select"];

pub(crate) const MACROS: &[MacroSink] = &[
    MacroSink {
        path: "futures::join",
        kind: MacroKind::Join { fallible: false },
    },
    MacroSink {
        path: "futures::future::join",
        kind: MacroKind::Join { fallible: false },
    },
    MacroSink {
        path: "futures::try_join",
        kind: MacroKind::Join { fallible: true },
    },
    MacroSink {
        path: "futures::future::try_join",
        kind: MacroKind::Join { fallible: true },
    },
    MacroSink {
        path: "tokio::join",
        kind: MacroKind::Join { fallible: false },
    },
    MacroSink {
        path: "tokio::try_join",
        kind: MacroKind::Join { fallible: true },
    },
];
