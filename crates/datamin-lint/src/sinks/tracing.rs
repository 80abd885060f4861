//! `tracing`'s event and span macros.

use super::{MacroKind, MacroSink};

/// Events (`info!`, `event!`) and spans (`info_span!`, `span!`).
pub(crate) const MACROS: &[MacroSink] = &[
    MacroSink {
        path: "tracing::trace",
        kind: MacroKind::TracingEvent { level: false },
    },
    MacroSink {
        path: "tracing::debug",
        kind: MacroKind::TracingEvent { level: false },
    },
    MacroSink {
        path: "tracing::info",
        kind: MacroKind::TracingEvent { level: false },
    },
    MacroSink {
        path: "tracing::warn",
        kind: MacroKind::TracingEvent { level: false },
    },
    MacroSink {
        path: "tracing::error",
        kind: MacroKind::TracingEvent { level: false },
    },
    MacroSink {
        path: "tracing::event",
        kind: MacroKind::TracingEvent { level: true },
    },
    MacroSink {
        path: "tracing::trace_span",
        kind: MacroKind::TracingSpan { level: false },
    },
    MacroSink {
        path: "tracing::debug_span",
        kind: MacroKind::TracingSpan { level: false },
    },
    MacroSink {
        path: "tracing::info_span",
        kind: MacroKind::TracingSpan { level: false },
    },
    MacroSink {
        path: "tracing::warn_span",
        kind: MacroKind::TracingSpan { level: false },
    },
    MacroSink {
        path: "tracing::error_span",
        kind: MacroKind::TracingSpan { level: false },
    },
    MacroSink {
        path: "tracing::span",
        kind: MacroKind::TracingSpan { level: true },
    },
];
