//! rocket's templates, raw content wrappers and `Response::build()` builder.

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
    ResponseSink {
        // `Response::build().sized_body(payload.len(), Cursor::new(payload))`.
        matcher: Matcher::BuilderMethod("sized_body"),
        arg: 1,
        mode: Mode::Display,
        framework: "rocket",
        name: "sized_body",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("streamed_body"),
        arg: 0,
        mode: Mode::Display,
        framework: "rocket",
        name: "streamed_body",
        part: Part::Body,
    },
    ResponseSink {
        // `.raw_header("X-User", email)`.
        matcher: Matcher::BuilderMethod("raw_header"),
        arg: 1,
        mode: Mode::Display,
        framework: "rocket",
        name: "raw_header",
        part: Part::Header,
    },
];
