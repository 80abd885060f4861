//! rocket's templates and raw content wrappers.

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::Call(&["Template", "render"]),
        arg: 1,
        mode: Mode::Serialize,
        framework: "rocket",
        name: "Template::render",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["RawHtml"]),
        arg: 0,
        mode: Mode::Display,
        framework: "rocket",
        name: "RawHtml",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["RawJson"]),
        arg: 0,
        mode: Mode::Display,
        framework: "rocket",
        name: "RawJson",
        part: Part::Body,
    },
];
