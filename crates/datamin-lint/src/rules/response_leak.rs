//! Rule `response-leak`: personal data reaches a public HTTP or GraphQL response.

use super::Level;
use crate::rules::RuleInfo;

/// The rule's name.
pub const NAME: &str = "response-leak";

/// Registry entry of `response-leak`.
pub const INFO: RuleInfo = RuleInfo {
    name: NAME,
    default_level: Level::Deny,
    summary: "a personal value reaches a public HTTP or GraphQL response",
    doc: DOC,
};

const DOC: &str = r#"# response-leak

## What it does

Reports every place where a personal value (read from a `#[personal]` field or
derived from one) reaches a public response:

- axum `Json(..)`, `Html(..)`, tuple responses and `Response::builder()`
  headers and bodies; actix-web `HttpResponse` builders (`.json`, `.body`,
  `.insert_header`, `.cookie`) and `web::Json`; warp `reply::json`,
  `reply::html`, `reply::with_header`; rocket and poem `Json`/`Html`, rocket
  `Template::render` contexts and `Response::build()` bodies and headers
  (`.sized_body`, `.streamed_body`, `.raw_header`); cookies built with `Cookie::new`/`Cookie::build`
  (reported where they are built), unless the function hands the cookie only
  to a private jar, which encrypts it (rocket's `cookies.add_private(..)`,
  axum-extra's `PrivateCookieJar`, tower-cookies' `cookies.private(&key)`),
  or to an outgoing request (see below); a plain or a signed jar
  (`SignedCookieJar`, `cookies.signed(&key)`) leaves the value readable;
- the value returned from a request handler (a function registered in a
  router, with a route attribute, or returning a response type), including
  `serde_json::to_string/to_vec/to_value` and `json!` results, `String`s and
  askama templates;
- the `#[personal]` fields of an askama template whose page reaches a
  response (returned from a handler, or rendered into a response body),
  reported at the field; a template rendered only into an e-mail or a file is
  not a page;
- async-graphql: a `#[derive(SimpleObject)]` type's personal field (reported
  at the field) and an `#[Object]` resolver returning a personal value
  (reported at the resolver).

The message names the route when it is known, as its full path: the
prefixes of actix-web scopes and resources (`web::scope("/api")`,
`.configure(cfg)`), axum and poem `nest`, axum `merge` and rocket `mount` are
joined to the route's own path or its route attribute's, through router
functions and bindings of the tree (`GET /api/v3/users/{id}`). The trace
shows how the value got there, including the steps inside helpers whose
result carries it.

A personal-carrying value serialized whole leaks every personal field serde
writes: `#[serde(skip)]` and `#[serde(skip_serializing)]` remove a field,
`skip_serializing_if` does not; a `datamin::Redacted` field serializes as
`"[redacted]"`. Other redaction crates' wrappers are seen as their
`Serialize` writes them: `secrecy` and `redactrs` values stay hidden, as do
`redact` ones unless a field's `serialize_with = "expose_secret"` writes them
(`no_redact` for `redactrs`), while `masking::Secret` and `StrongSecret`
write the real value and veil's `#[derive(Redact)]` changes `Debug` only.
Request extractors (`Json(body): Json<T>`), serialization to
a database, a file, a cache or a queue, and outgoing requests are not
responses: what is written into `Request::builder()`, actix-web's
`test::TestRequest`, or a client's `get(url)` (reqwest, awc, rocket's local
`Client`), its `Cookie` header, its cookies and its body, goes to a server.

## Why is this bad

A response body is sent to whoever asked. An admin endpoint that returns whole
customer records, or a page that echoes another customer's e-mail address, is
a data breach served over HTTP.

## Example

```rust,ignore
async fn list(State(db): State<Db>) -> Json<Vec<Customer>> {
    Json(db.customers().await) // every customer's email and name
}
```

Use instead:

```rust,ignore
#[derive(Serialize)]
struct PublicCustomer { id: u64, member_since: Date }

async fn list(State(db): State<Db>) -> Json<Vec<PublicCustomer>> {
    Json(db.customers().await.iter().map(PublicCustomer::from).collect())
}
```

## How to fix

Return a DTO that copies only the fields the client needs, mark the personal
field `#[serde(skip_serializing)]` (or `#[graphql(skip)]`), wrap it in
`datamin::Redacted`, keep a cookie's personal value in a private (encrypted)
jar rather than a plain or signed one, or, when the response is deliberately
personal (a user's own profile behind authentication), suppress the finding
with a reason: `// datamin:allow(response-leak) <reason>`.
"#;
