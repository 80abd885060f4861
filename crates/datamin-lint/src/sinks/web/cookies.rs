//! Cookies (the `cookie` crate, re-exported by actix-web, axum-extra, rocket).

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::Call(&["Cookie", "new"]),
        arg: 1,
        mode: Mode::Display,
        framework: "cookie",
        name: "Cookie::new",
        part: Part::Cookie,
    },
    ResponseSink {
        matcher: Matcher::Call(&["Cookie", "build"]),
        arg: 1,
        mode: Mode::Display,
        framework: "cookie",
        name: "Cookie::build",
        part: Part::Cookie,
    },
];
