//! `tracing`: spans and field wrappers.

use super::{CallEffect, CallRow};

/// Spans and field values.
pub(crate) const CALLS: &[CallRow] = &[
    CallRow {
        // `Span::current()`, `Span::none()`.
        owner: Some("Span"),
        imported_from: None,
        names: &["current", "none"],
        no_args: false,
        effect: CallEffect::Span,
    },
    CallRow {
        // `tracing::field::display(x)` records `x` as it is.
        owner: Some("field"),
        imported_from: None,
        names: &["display", "debug"],
        no_args: false,
        effect: CallEffect::PassFirst,
    },
];

/// The method of a span that records a field later (`span.record("k", v)`);
/// its second argument is the value.
pub(crate) const SPAN_RECORD: &str = "record";
