//! warp's reply functions.

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::Call(&["reply", "json"]),
        arg: 0,
        mode: Mode::Serialize,
        framework: "warp",
        name: "reply::json",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["reply", "html"]),
        arg: 0,
        mode: Mode::Display,
        framework: "warp",
        name: "reply::html",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["reply", "with_header"]),
        arg: 2,
        mode: Mode::Display,
        framework: "warp",
        name: "reply::with_header",
        part: Part::Header,
    },
];
