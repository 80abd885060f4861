//! Web frameworks: what extractors hold and which replies pass through.
//! (What reaches a response is in `crate::sinks::web`.)

use super::{CallEffect, CallRow};

/// Extractors and wrappers that dereference to their first type argument
/// (`State<AppState>`, `Json<Body>`, `web::Data<Pool>`).
pub(crate) const DEREF_WRAPPERS: &[&str] = &[
    "State",
    "Extension",
    "Data",
    "Json",
    "Query",
    "Path",
    "Form",
    "Inner",
    "Guard",
    "Valid",
    "Validated",
    "ReqData",
    "Bytes",
    "Protected",
    "Identity",
    "Authenticated",
];

/// Replies that pass their argument through.
pub(crate) const CALLS: &[CallRow] = &[CallRow {
    // warp's `reply::with_status(reply, code)`.
    owner: Some("reply"),
    imported_from: None,
    names: &["with_status"],
    no_args: false,
    effect: CallEffect::PassFirst,
}];

/// Outgoing requests and the clients that send them. Checked after the
/// tree's own functions (a tree may have a `Client` or `Request` of its own).
/// Nothing written into a request (a `Cookie` header, a cookie) reaches a
/// response: `Request::builder()` is not `Response::builder()`.
pub(crate) const REQUEST_CALLS: &[CallRow] = &[
    // actix-web's `test::TestRequest::get()`, `::default()`, `::with_uri(..)`.
    CallRow {
        owner: Some("TestRequest"),
        imported_from: None,
        names: &[],
        no_args: false,
        effect: CallEffect::Request,
    },
    // The `http` crate's (axum's, hyper's) `Request::builder()`, `Request::get(uri)`.
    CallRow {
        owner: Some("Request"),
        imported_from: None,
        names: &[
            "builder", "get", "post", "put", "delete", "patch", "head", "options", "trace",
            "connect",
        ],
        no_args: false,
        effect: CallEffect::Request,
    },
    // reqwest's and awc's `Client::new()`, rocket's local `Client::tracked(rocket)`.
    CallRow {
        owner: Some("Client"),
        imported_from: None,
        names: &[
            "new",
            "default",
            "tracked",
            "untracked",
            "debug",
            "debug_with",
        ],
        no_args: false,
        effect: CallEffect::Client,
    },
];

/// The type of an HTTP client (reqwest, awc, rocket's local client), by its
/// last segment, as [`CallEffect::Client`] gives it.
pub(crate) const CLIENT_TYPE: &str = "Client";

/// Methods of a client that start a request.
pub(crate) const CLIENT_REQUEST_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "head", "options", "request",
];

/// Methods of a request that send it or finish it: what they give back is
/// the answer or the finished request, not a builder to write into.
pub(crate) const REQUEST_SENDS: &[&str] = &[
    "send",
    "dispatch",
    "to_request",
    "to_srv_request",
    "to_http_request",
    "send_request",
];

/// The derive of an askama template, and the methods that render it into
/// text (its personal fields are reported at the fields themselves).
pub(crate) const TEMPLATE_DERIVE: &str = "Template";

/// Methods of a template that render it.
pub(crate) const RENDER_METHODS: &[&str] = &["render"];

/// What a typed lookup gives back, for the type in its turbofish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The value itself (`ctx.data_unchecked::<T>()`).
    Plain,
    /// An `Option` of it (`ctx.data_opt::<T>()`, `extensions().get::<T>()`).
    Optional,
    /// A `Result` of it (`ctx.data::<T>()`).
    Fallible,
}

/// Methods of request and GraphQL contexts whose turbofish names the type
/// of the value they look up (async-graphql's `Context`).
pub(crate) const TYPED_LOOKUPS: &[(&str, Lookup)] = &[
    ("data_unchecked", Lookup::Plain),
    ("data_opt", Lookup::Optional),
    ("data", Lookup::Fallible),
];

/// The lookup `method` is, if it is one.
pub(crate) fn typed_lookup(method: &str) -> Option<Lookup> {
    TYPED_LOOKUPS
        .iter()
        .find(|(name, _)| *name == method)
        .map(|(_, lookup)| *lookup)
}
