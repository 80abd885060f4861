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

/// The derive of an askama template, and the methods that render it into
/// text (its personal fields are reported at the fields themselves).
pub(crate) const TEMPLATE_DERIVE: &str = "Template";

/// Methods of a template that render it.
pub(crate) const RENDER_METHODS: &[&str] = &["render"];
