//! Response sinks of web frameworks: constructors and builder methods that
//! put a value into a public HTTP response.

pub(crate) mod actix;
pub(crate) mod axum;
pub(crate) mod cookies;
pub(crate) mod rocket;
pub(crate) mod warp;

use crate::sinks::Mode;

/// How a response sink is recognised.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Matcher {
    /// A call whose path ends with these segments (`Json`, `reply::json`).
    Call(&'static [&'static str]),
    /// A method on a response builder (`HttpResponse::Ok().json(..)`).
    BuilderMethod(&'static str),
}

/// Which part of the response a sink writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Part {
    Body,
    Header,
    Cookie,
}

/// One row of a response sink table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResponseSink {
    pub matcher: Matcher,
    /// Index of the argument that reaches the response.
    pub arg: usize,
    /// How the argument is rendered.
    pub mode: Mode,
    /// Framework shown in messages, unless the import path names another one.
    pub framework: &'static str,
    /// Short name of the sink (`Json`, `json`, `reply::json`).
    pub name: &'static str,
    pub part: Part,
}

/// Every response sink.
pub(crate) fn tables() -> impl Iterator<Item = &'static ResponseSink> {
    axum::SINKS
        .iter()
        .chain(actix::SINKS)
        .chain(warp::SINKS)
        .chain(rocket::SINKS)
        .chain(cookies::SINKS)
}

/// Whether a call path creates a response builder.
pub(crate) fn creates_builder(segs: &[String]) -> bool {
    let has = |s: &str| segs.iter().any(|x| x == s);
    has("HttpResponse")
        || has("HttpResponseBuilder")
        || (has("Response")
            && segs
                .last()
                .is_some_and(|l| matches!(l.as_str(), "builder" | "build" | "build_from")))
        || segs.last().is_some_and(|l| l == "HttpResponseBuilder")
}

/// The framework a `Json`/`Html` path comes from, by its import path.
pub(crate) fn framework_of(full: &[String], default: &'static str) -> &'static str {
    match full.first().map(String::as_str) {
        Some("axum" | "axum_extra") => "axum",
        Some("actix_web" | "web") => "actix-web",
        Some("rocket" | "rocket_dyn_templates") => "rocket",
        Some("poem") => "poem",
        Some("poem_openapi") => "poem-openapi",
        Some("warp") => "warp",
        _ => default,
    }
}

/// Response types: a function returning one of these serves requests.
pub(crate) const RESPONSE_TYPES: &[&str] = &[
    "IntoResponse",
    "Responder",
    "Reply",
    "Json",
    "Html",
    "HttpResponse",
    "Response",
    "Template",
    "RawHtml",
    "RawJson",
    "IntoResponseParts",
];

/// Response wrappers whose type argument is the payload (`Json<T>`).
pub(crate) const PAYLOAD_WRAPPERS: &[&str] = &["Json", "Html", "PlainText", "Form", "Xml"];

/// Methods that turn a value of the tree into a response.
pub(crate) const RESPONDER_METHODS: &[&str] = &[
    "into_response",
    "respond_to",
    "error_response",
    "into_response_parts",
];

/// Crates whose `Json` and friends are not responses (database columns,
/// client requests).
pub(crate) const NOT_RESPONSE_CRATES: &[&str] = &[
    "sqlx",
    "sea_orm",
    "diesel",
    "serde_json",
    "reqwest",
    "tokio_postgres",
    "postgres",
    "mongodb",
    "redis",
    "surf",
    "ureq",
    "awc",
];

/// Route attributes of actix-web, rocket and poem.
pub(crate) const ROUTE_ATTRIBUTES: &[&str] = &[
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "route",
    "handler",
    "debug_handler",
    "oai",
    "trace",
];

/// Router functions mapping a method to a handler (`get(handler)`).
pub(crate) const METHOD_ROUTERS: &[&str] = &[
    "get", "post", "put", "delete", "patch", "head", "options", "trace", "any",
];

/// A call that starts a group of routes under a path, its first argument:
/// what is registered on it serves that path joined to its own.
#[derive(Debug)]
pub(crate) struct RouteGroup {
    /// The call's path ends with these segments (as imported).
    pub call: &'static [&'static str],
    /// The group is one resource: a route registered on it without a path
    /// (`web::resource("/x").route(web::get().to(h))`) serves the path itself.
    pub resource: bool,
}

/// actix-web's scopes and resources.
pub(crate) const ROUTE_GROUPS: &[RouteGroup] = &[
    RouteGroup {
        call: &["web", "scope"],
        resource: false,
    },
    RouteGroup {
        call: &["Scope", "new"],
        resource: false,
    },
    RouteGroup {
        call: &["web", "resource"],
        resource: true,
    },
    RouteGroup {
        call: &["Resource", "new"],
        resource: true,
    },
];

/// A router method that mounts routes (a router, a scope, a list of handlers,
/// a configuration function) under a path, or under the receiver's own.
#[derive(Debug)]
pub(crate) struct Mount {
    pub method: &'static str,
    pub args: usize,
    /// The argument holding the path it mounts at (`nest("/api", ..)`).
    pub path: Option<usize>,
    /// The argument holding what is mounted.
    pub routes: usize,
}

/// axum's and poem's `nest`, rocket's `mount`, axum's `merge`, actix-web's
/// `service` and `configure`.
pub(crate) const MOUNTS: &[Mount] = &[
    Mount {
        method: "nest",
        args: 2,
        path: Some(0),
        routes: 1,
    },
    Mount {
        method: "nest_service",
        args: 2,
        path: Some(0),
        routes: 1,
    },
    Mount {
        method: "mount",
        args: 2,
        path: Some(0),
        routes: 1,
    },
    Mount {
        method: "merge",
        args: 1,
        path: None,
        routes: 0,
    },
    Mount {
        method: "service",
        args: 1,
        path: None,
        routes: 0,
    },
    Mount {
        method: "configure",
        args: 1,
        path: None,
        routes: 0,
    },
];

/// A derive that exposes a type's fields by itself: its personal fields are
/// reported at the field, whatever value they hold.
#[derive(Debug)]
pub(crate) struct ExposingDerive {
    /// The derive's name (`SimpleObject`).
    pub derive: &'static str,
    /// The sink as findings name it.
    pub sink: &'static str,
}

/// Derives that expose fields: GraphQL objects and templates.
pub(crate) const EXPOSING_DERIVES: &[ExposingDerive] = &[
    ExposingDerive {
        derive: "SimpleObject",
        sink: "async-graphql SimpleObject",
    },
    ExposingDerive {
        derive: "Template",
        sink: "askama Template",
    },
];
