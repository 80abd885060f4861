//! Validation of the parsed model: every misplaced or repeated `#[personal]`
//! is recorded, so one compile reports all of them.

use crate::ast::{Container, Data, Field};
use crate::attr::PersonalAttr;
use crate::ctxt::Ctxt;

/// Records every problem of `cont` in `cx`.
pub(crate) fn check(cx: &Ctxt, cont: &Container<'_>) {
    match &cont.data {
        Data::Struct(_, fields) => {
            misplaced(cx, &cont.attrs, "a struct");
            fields.iter().for_each(|field| duplicates(cx, field));
        }
        Data::Enum(variants) => {
            misplaced(cx, &cont.attrs, "an enum");
            for variant in variants {
                misplaced(cx, &variant.attrs, "an enum variant");
                variant
                    .fields
                    .iter()
                    .for_each(|field| duplicates(cx, field));
            }
        }
        Data::Union { keyword, fields } => {
            let marked: Vec<&PersonalAttr<'_>> = cont
                .attrs
                .iter()
                .chain(fields.iter().flat_map(|field| &field.attrs))
                .collect();
            if marked.is_empty() {
                cx.error_at(
                    *keyword,
                    "datamin's derives do not support unions: which field holds the value \
                     is unknown; use a struct or an enum",
                );
            }
            for attr in marked {
                cx.error_spanned_by(
                    attr.attr,
                    "`#[personal]` is not supported on unions: which field holds the value \
                     is unknown; use a struct or an enum",
                );
            }
        }
    }
}

/// `#[personal]` on a container or variant instead of on a field.
fn misplaced(cx: &Ctxt, attrs: &[PersonalAttr<'_>], kind: &str) {
    for attr in attrs {
        cx.error_spanned_by(
            attr.attr,
            format_args!(
                "`#[personal]` goes on fields, not on {kind}; mark each personal field instead"
            ),
        );
    }
}

/// More than one `#[personal]` on one field: every one after the first.
fn duplicates(cx: &Ctxt, field: &Field<'_>) {
    for attr in field.attrs.iter().skip(1) {
        cx.error_spanned_by(
            attr.attr,
            format_args!(
                "duplicate `#[personal]` on field `{}`: a field has one category, \
                 keep a single `#[personal(...)]`",
                field.name
            ),
        );
    }
}
