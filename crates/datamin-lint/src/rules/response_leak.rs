//! Rule `response-leak`: personal data reaches a public HTTP or GraphQL response.

use super::fixes::{self, Leak, LeakField};
use super::{Diagnosis, RuleId, declare_rule};
use crate::report::FixKind;
use crate::sinks::SinkKind;
use crate::sinks::web::Part;

/// The rule's name.
pub const NAME: &str = "response-leak";

declare_rule! {
    /// # response-leak
    ///
    /// ## What it does
    ///
    /// Reports every place where a personal value (read from a `#[personal]` field or
    /// derived from one) reaches a public response:
    ///
    /// - axum `Json(..)`, `Html(..)`, tuple responses and `Response::builder()`
    ///   headers and bodies; actix-web `HttpResponse` builders (`.json`, `.body`,
    ///   `.insert_header`, `.cookie`) and `web::Json`; warp `reply::json`,
    ///   `reply::html`, `reply::with_header`; rocket and poem `Json`/`Html`, rocket
    ///   `Template::render` contexts and `Response::build()` bodies and headers
    ///   (`.sized_body`, `.streamed_body`, `.raw_header`); cookies built with `Cookie::new`/`Cookie::build`
    ///   (reported where they are built), unless the function hands the cookie only
    ///   to a private jar, which encrypts it (rocket's `cookies.add_private(..)`,
    ///   axum-extra's `PrivateCookieJar`, tower-cookies' `cookies.private(&key)`),
    ///   or to an outgoing request (see below); a plain or a signed jar
    ///   (`SignedCookieJar`, `cookies.signed(&key)`) leaves the value readable;
    /// - the value returned from a request handler (a function registered in a
    ///   router, with a route attribute, or returning a response type), including
    ///   `serde_json::to_string/to_vec/to_value` and `json!` results, `String`s and
    ///   askama templates;
    /// - the `#[personal]` fields of an askama template whose page reaches a
    ///   response (returned from a handler, or rendered into a response body),
    ///   reported at the field; a template rendered only into an e-mail or a file is
    ///   not a page;
    /// - async-graphql: a `#[derive(SimpleObject)]` type's personal field (reported
    ///   at the field) and an `#[Object]` resolver returning a personal value
    ///   (reported at the resolver).
    ///
    /// The message names the route when it is known, as its full path: the
    /// prefixes of actix-web scopes and resources (`web::scope("/api")`,
    /// `.configure(cfg)`), axum and poem `nest`, axum `merge` and rocket `mount` are
    /// joined to the route's own path or its route attribute's, through router
    /// functions and bindings of the tree (`GET /api/v3/users/{id}`). The trace
    /// shows how the value got there, including the steps inside helpers whose
    /// result carries it.
    ///
    /// A personal-carrying value serialized whole leaks every personal field serde
    /// writes: `#[serde(skip)]` and `#[serde(skip_serializing)]` remove a field,
    /// `skip_serializing_if` does not; a `datamin::Redacted` field serializes as
    /// `"[redacted]"`. Other redaction crates' wrappers are seen as their
    /// `Serialize` writes them: `secrecy` and `redactrs` values stay hidden, as do
    /// `redact` ones unless a field's `serialize_with = "expose_secret"` writes them
    /// (`no_redact` for `redactrs`), while `masking::Secret` and `StrongSecret`
    /// write the real value and veil's `#[derive(Redact)]` changes `Debug` only.
    /// Request extractors (`Json(body): Json<T>`), serialization to
    /// a database, a file, a cache or a queue, and outgoing requests are not
    /// responses: what is written into `Request::builder()`, actix-web's
    /// `test::TestRequest`, or a client's `get(url)` (reqwest, awc, rocket's local
    /// `Client`), its `Cookie` header, its cookies and its body, goes to a server.
    ///
    /// ## Why is this bad
    ///
    /// A response body is sent to whoever asked. An admin endpoint that returns whole
    /// customer records, or a page that echoes another customer's e-mail address, is
    /// a data breach served over HTTP.
    ///
    /// ## Example
    ///
    /// ```rust,ignore
    /// # use axum::{routing::get, Json, Router};
    /// #[derive(serde::Serialize, datamin::Personal)]
    /// pub struct Customer {
    ///     pub id: u64,
    ///     #[personal(email)]
    ///     pub email: String,
    /// }
    ///
    /// async fn list() -> Json<Vec<Customer>> {
    ///     Json(load_customers()) // every customer's email
    /// }
    /// # fn load_customers() -> Vec<Customer> { Vec::new() }
    /// # pub fn app() -> Router { Router::new().route("/customers", get(list)) }
    /// ```
    ///
    /// Use instead:
    ///
    /// ```rust,ignore
    /// # use axum::{routing::get, Json, Router};
    /// # #[derive(serde::Serialize, datamin::Personal)]
    /// # pub struct Customer {
    /// #     pub id: u64,
    /// #     #[personal(email)]
    /// #     pub email: String,
    /// # }
    /// #[derive(serde::Serialize)]
    /// pub struct PublicCustomer {
    ///     pub id: u64,
    /// }
    ///
    /// async fn list() -> Json<Vec<PublicCustomer>> {
    ///     Json(load_customers().iter().map(|c| PublicCustomer { id: c.id }).collect())
    /// }
    /// # fn load_customers() -> Vec<Customer> { Vec::new() }
    /// # pub fn app() -> Router { Router::new().route("/customers", get(list)) }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Return a DTO that copies only the fields the client needs, or mark the
    /// personal field `#[serde(skip_serializing)]` (`#[graphql(skip)]` for a
    /// GraphQL object): the finding's fix does it, as a maybe-incorrect edit,
    /// since it changes what clients receive (`check --fix-unsafe` applies it).
    /// Wrap the value in `datamin::Redacted`, keep a cookie's personal value in a
    /// private (encrypted) jar rather than a plain or signed one, or, when the
    /// response is deliberately personal (a user's own profile behind
    /// authentication), suppress the finding with a reason:
    /// `// datamin:allow(response-leak) <reason>`.
    pub RESPONSE_LEAK = ResponseLeak, "response-leak", Deny,
        "a personal value reaches a public HTTP or GraphQL response";
}

/// What `response-leak` says about a leak.
pub(crate) fn diagnose(leak: &Leak<'_>) -> Diagnosis {
    let (target, label) = match leak.kind {
        SinkKind::Response(part) => {
            let noun = match part {
                Part::Body => "the body",
                Part::Header => "a header",
                Part::Cookie => "a cookie",
            };
            let place = leak.route.unwrap_or("a response");
            (
                format!("{noun} of {place} ({})", leak.sink),
                "sent in the response here",
            )
        }
        SinkKind::Resolver(name) => (
            format!(
                "the GraphQL response through resolver `{name}` ({})",
                leak.sink
            ),
            "resolver returns it here",
        ),
        SinkKind::Exposed(derive, owner) if *derive == "SimpleObject" => (
            format!("the GraphQL schema through `{owner}` ({})", leak.sink),
            "exposed in the GraphQL schema here",
        ),
        SinkKind::Exposed(_, owner) => (
            format!("a rendered page through `{owner}` ({})", leak.sink),
            "rendered into the page here",
        ),
        _ => (format!("`{}`", leak.sink), "sent in the response here"),
    };
    let mut fixes = Vec::new();
    let help = match leak.kind {
        SinkKind::Exposed(derive, _) if *derive == "SimpleObject" => {
            let fields: Vec<&LeakField<'_>> = leak.fields.iter().collect();
            fixes.extend(fixes::field_attribute(
                FixKind::GraphqlSkip,
                "#[graphql(skip)]",
                &fields,
            ));
            None
        }
        SinkKind::Exposed(..) => Some(
            "leave the field out of the template, or wrap it in `datamin::Redacted`".to_owned(),
        ),
        SinkKind::Response(Part::Cookie) => Some(
            "keep the value in a private (encrypted) cookie jar, or store an opaque id".to_owned(),
        ),
        _ => {
            let whole: Vec<&LeakField<'_>> = leak
                .fields
                .iter()
                .filter(|f| {
                    f.serialized_whole && f.owner.as_ref().is_some_and(|o| o.derives_serialize)
                })
                .collect();
            if whole.len() == leak.fields.len() {
                fixes.extend(fixes::field_attribute(
                    FixKind::SkipSerializing,
                    "#[serde(skip_serializing)]",
                    &whole,
                ));
            }
            Some("return a DTO that copies only the fields the client needs".to_owned())
        }
    };
    fixes.extend(fixes::suppress(RuleId::ResponseLeak, leak.site.as_ref()));
    Diagnosis {
        message: leak.message(&target),
        label: label.to_owned(),
        help,
        fixes,
    }
}
