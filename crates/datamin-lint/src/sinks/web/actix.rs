//! actix-web's `HttpResponse` builder.

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::BuilderMethod("json"),
        arg: 0,
        mode: Mode::Serialize,
        framework: "actix-web",
        name: "json",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("body"),
        arg: 0,
        mode: Mode::Display,
        framework: "actix-web",
        name: "body",
        part: Part::Body,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("insert_header"),
        arg: 0,
        mode: Mode::Display,
        framework: "actix-web",
        name: "insert_header",
        part: Part::Header,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("append_header"),
        arg: 0,
        mode: Mode::Display,
        framework: "actix-web",
        name: "append_header",
        part: Part::Header,
    },
    ResponseSink {
        matcher: Matcher::BuilderMethod("cookie"),
        arg: 0,
        mode: Mode::Display,
        framework: "actix-web",
        name: "cookie",
        part: Part::Cookie,
    },
    ResponseSink {
        // `response.add_cookie(&cookie)` on a built `HttpResponse`.
        matcher: Matcher::BuilderMethod("add_cookie"),
        arg: 0,
        mode: Mode::Display,
        framework: "actix-web",
        name: "add_cookie",
        part: Part::Cookie,
    },
];
