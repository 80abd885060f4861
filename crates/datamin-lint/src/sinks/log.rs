//! The `log` crate's macros.

use super::{MacroKind, MacroSink};

/// `log::trace!` … `log::error!`, `log::log!`.
pub(crate) const MACROS: &[MacroSink] = &[
    MacroSink {
        path: "log::trace",
        kind: MacroKind::Log { level: false },
    },
    MacroSink {
        path: "log::debug",
        kind: MacroKind::Log { level: false },
    },
    MacroSink {
        path: "log::info",
        kind: MacroKind::Log { level: false },
    },
    MacroSink {
        path: "log::warn",
        kind: MacroKind::Log { level: false },
    },
    MacroSink {
        path: "log::error",
        kind: MacroKind::Log { level: false },
    },
    MacroSink {
        path: "log::log",
        kind: MacroKind::Log { level: true },
    },
];
