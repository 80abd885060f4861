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

/// More than one `#[personal]` on one field: every one after the first;
/// `#[not_personal]` with arguments, repeated, or beside `#[personal]`.
fn duplicates(cx: &Ctxt, field: &Field<'_>) {
    for attr in &field.not_personal {
        if !matches!(attr.meta, syn::Meta::Path(_)) {
            cx.error_spanned_by(
                attr,
                format_args!(
                    "`#[not_personal]` takes no arguments (on field `{}`)",
                    field.name
                ),
            );
        }
    }
    for attr in field.not_personal.iter().skip(1) {
        cx.error_spanned_by(
            attr,
            format_args!("duplicate `#[not_personal]` on field `{}`", field.name),
        );
    }
    if let (Some(personal), Some(_)) = (field.attrs.first(), field.not_personal.first()) {
        cx.error_spanned_by(
            personal.attr,
            format_args!(
                "field `{}` is marked both `#[personal]` and `#[not_personal]`; keep one",
                field.name
            ),
        );
    }
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

#[cfg(test)]
mod tests {
    use syn::{DeriveInput, parse_quote};

    /// The messages of every error `input` produces, in order.
    fn errors(input: DeriveInput) -> Vec<String> {
        match crate::run(&input, crate::expand::personal) {
            Ok(_) => Vec::new(),
            Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn valid_input_has_no_errors() {
        let input = parse_quote! {
            enum Contact { A, B(#[personal(phone)] String), C { #[personal] x: u8 } }
        };
        assert!(errors(input).is_empty());
    }

    #[test]
    fn union_without_personal_is_rejected_once() {
        let found = errors(parse_quote!(union U { a: u8, b: u16 }));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("datamin's derives do not support unions"));
    }

    #[test]
    fn union_reports_each_personal_attribute_instead_of_the_keyword() {
        let found = errors(parse_quote! {
            #[personal]
            union U { #[personal(email)] a: u8, #[personal(oops)] b: u16 }
        });
        let on_union = found
            .iter()
            .filter(|m| m.starts_with("`#[personal]` is not supported on unions"))
            .count();
        assert_eq!(on_union, 3);
        assert!(
            found
                .iter()
                .any(|m| m.starts_with("unknown personal-data category `oops`"))
        );
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn personal_on_container_or_variant_is_misplaced() {
        let found = errors(parse_quote! {
            #[personal]
            enum E { #[personal(name)] A(String) }
        });
        assert_eq!(
            found,
            [
                "`#[personal]` goes on fields, not on an enum; mark each personal field instead",
                "`#[personal]` goes on fields, not on an enum variant; mark each personal field instead",
            ]
        );
    }

    #[test]
    fn every_attribute_after_the_first_on_a_field_is_a_duplicate() {
        let found = errors(parse_quote! {
            struct S(#[personal] #[personal] #[personal(email)] String);
        });
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .all(|m| m.starts_with("duplicate `#[personal]` on field `0`"))
        );
    }

    #[test]
    fn all_problems_of_an_input_are_reported_together() {
        let found = errors(parse_quote! {
            #[personal]
            struct S {
                #[personal(emial)] a: String,
                #[personal = "x"] b: String,
                #[personal(email, name)] c: String,
                #[personal("email")] d: String,
                #[personal(email = 1)] e: String,
                #[personal] #[personal] f: String,
            }
        });
        assert_eq!(found.len(), 7, "{found:#?}");
    }
}
