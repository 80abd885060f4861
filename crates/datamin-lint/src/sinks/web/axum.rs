//! axum (and the `Json`/`Html` wrappers that poem and rocket share by name).

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::Call(&["Json"]),
        arg: 0,
        mode: Mode::Serialize,
        framework: "axum",
        name: "Json",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["PlainText"]),
        arg: 0,
        mode: Mode::Display,
        framework: "poem",
        name: "PlainText",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::Call(&["Html"]),
        arg: 0,
        mode: Mode::Display,
        framework: "axum",
        name: "Html",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("header"),
        arg: 1,
        mode: Mode::Display,
        framework: "http",
        name: "header",
        part: Part::Header,
    },
];
