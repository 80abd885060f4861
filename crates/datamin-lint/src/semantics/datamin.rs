//! datamin's own runtime types.

use super::{CallEffect, CallRow, TypeRow, TypeShape};

/// `datamin::Redacted<T>`.
pub(crate) const TYPES: &[TypeRow] = &[TypeRow {
    name: "Redacted",
    shape: TypeShape::Redacted,
}];

/// `Redacted::new(x)`, `Redacted::from(x)`.
pub(crate) const CALLS: &[CallRow] = &[CallRow {
    owner: Some("Redacted"),
    imported_from: None,
    names: &["new", "from"],
    no_args: false,
    effect: CallEffect::Redact,
}];

/// Methods of `Redacted<T>` that hand out the value inside.
pub(crate) const EXPOSE_METHODS: &[&str] = &["expose", "expose_mut", "into_inner"];
