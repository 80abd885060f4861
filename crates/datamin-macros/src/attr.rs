//! Parses `#[personal]` / `#[personal(<category>)]` attributes.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Attribute, MacroDelimiter, Meta, MetaList};

use crate::category::{self, Category};
use crate::ctxt::Ctxt;

/// One `#[personal ...]` attribute found on an item.
pub(crate) struct PersonalAttr<'a> {
    /// The whole attribute, for spans.
    pub(crate) attr: &'a Attribute,
    /// The category it names, or `None` when its argument was invalid
    /// (that error is already recorded).
    pub(crate) category: Option<Category>,
}

/// Every `#[not_personal]` among `attrs`, in order (checked in `check`).
pub(crate) fn not_personal_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("not_personal"))
        .collect()
}

/// Every `#[personal ...]` among `attrs`, in order; malformed arguments are
/// recorded in `cx` and yield a `PersonalAttr` without a category.
pub(crate) fn personal_attrs<'a>(cx: &Ctxt, attrs: &'a [Attribute]) -> Vec<PersonalAttr<'a>> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("personal"))
        .map(|attr| PersonalAttr {
            attr,
            category: parse_category(cx, &attr.meta),
        })
        .collect()
}

fn parse_category(cx: &Ctxt, meta: &Meta) -> Option<Category> {
    match meta {
        Meta::Path(_) => Some(category::OTHER),
        Meta::List(list) => parse_list(cx, list),
        Meta::NameValue(name_value) => {
            let mut rest = name_value.eq_token.to_token_stream();
            name_value.value.to_tokens(&mut rest);
            cx.error_spanned_by(
                rest,
                format_args!(
                    "expected `#[personal]` or `#[personal(<category>)]`, found `#[personal = ...]`; \
                     the category is one of {}",
                    category::choices()
                ),
            );
            None
        }
    }
}

fn parse_list(cx: &Ctxt, list: &MetaList) -> Option<Category> {
    if !matches!(list.delimiter, MacroDelimiter::Paren(_)) {
        cx.error_at(
            delimiter_span(&list.delimiter),
            "expected parentheses: `#[personal(<category>)]`",
        );
        return None;
    }
    let mut tokens = list.tokens.clone().into_iter();
    let category = match tokens.next() {
        None => {
            cx.error_at(
                delimiter_span(&list.delimiter),
                format_args!(
                    "expected a category in `#[personal(...)]`, one of {} \
                     (or write `#[personal]` for `other`)",
                    category::choices()
                ),
            );
            None
        }
        Some(TokenTree::Ident(ident)) => lookup(cx, &ident),
        Some(TokenTree::Literal(literal)) => {
            let text = literal.to_string();
            let unquoted = text.trim_matches('"');
            let hint = match Category::from_name(unquoted) {
                Some(found) => format!("write `#[personal({})]`", found.name),
                None => format!("expected one of {}", category::choices()),
            };
            cx.error_spanned_by(
                literal,
                format_args!("expected a category name, found the literal `{text}`; {hint}"),
            );
            None
        }
        Some(other) => {
            cx.error_spanned_by(
                &other,
                format_args!(
                    "expected a category name, found `{other}`; expected one of {}",
                    category::choices()
                ),
            );
            None
        }
    };
    let rest: TokenStream = tokens.collect();
    if rest.is_empty() {
        category
    } else {
        cx.error_spanned_by(
            &rest,
            format_args!(
                "unexpected `{rest}`: `#[personal(...)]` takes exactly one category name, \
                 like `#[personal(email)]`"
            ),
        );
        None
    }
}

fn lookup(cx: &Ctxt, ident: &proc_macro2::Ident) -> Option<Category> {
    let name = ident.unraw().to_string();
    let found = Category::from_name(&name);
    if found.is_none() {
        let hint = category::suggest(&name)
            .map(|close| format!(" (did you mean `{close}`?)"))
            .unwrap_or_default();
        cx.error_spanned_by(
            ident,
            format_args!(
                "unknown personal-data category `{name}`{hint}; expected one of {}",
                category::choices()
            ),
        );
    }
    found
}

fn delimiter_span(delimiter: &MacroDelimiter) -> proc_macro2::Span {
    match delimiter {
        MacroDelimiter::Paren(paren) => paren.span.join(),
        MacroDelimiter::Brace(brace) => brace.span.join(),
        MacroDelimiter::Bracket(bracket) => bracket.span.join(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    /// Parses the attributes of `field` and returns the categories' names
    /// (`None` for invalid ones) and the error messages.
    fn parse(field: syn::Field) -> (Vec<Option<&'static str>>, Vec<String>) {
        let cx = Ctxt::new();
        let names = personal_attrs(&cx, &field.attrs)
            .iter()
            .map(|attr| attr.category.map(|c| c.name))
            .collect();
        let messages = match cx.check() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
        };
        (names, messages)
    }

    #[test]
    fn bare_personal_means_other() {
        let (names, errors) = parse(parse_quote!(#[personal] x: u8));
        assert_eq!(names, [Some("other")]);
        assert!(errors.is_empty());
    }

    #[test]
    fn named_category_is_parsed() {
        let (names, errors) = parse(parse_quote!(#[personal(ip_address)] x: u8));
        assert_eq!(names, [Some("ip_address")]);
        assert!(errors.is_empty());
    }

    #[test]
    fn other_attributes_are_ignored() {
        let (names, errors) =
            parse(parse_quote!(#[serde(rename = "e")] #[doc = "d"] #[personal(email)] x: u8));
        assert_eq!(names, [Some("email")]);
        assert!(errors.is_empty());
    }

    #[test]
    fn unknown_category_suggests_and_lists_choices() {
        let (names, errors) = parse(parse_quote!(#[personal(emial)] x: u8));
        assert_eq!(names, [None]);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("unknown personal-data category `emial` (did you mean `email`?)")
        );
        assert!(errors[0].contains(&category::choices()));
    }

    #[test]
    fn string_literal_category_suggests_the_identifier() {
        let (_, errors) = parse(parse_quote!(#[personal("email")] x: u8));
        assert_eq!(
            errors,
            ["expected a category name, found the literal `\"email\"`; write `#[personal(email)]`"]
        );
    }

    #[test]
    fn name_value_form_is_rejected() {
        let (names, errors) = parse(parse_quote!(#[personal = "x"] x: u8));
        assert_eq!(names, [None]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("expected `#[personal]` or `#[personal(<category>)]`"));
    }

    #[test]
    fn two_categories_are_rejected() {
        let (names, errors) = parse(parse_quote!(#[personal(email, name)] x: u8));
        assert_eq!(names, [None]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("unexpected `, name`"));
    }

    #[test]
    fn key_value_argument_is_rejected() {
        let (_, errors) = parse(parse_quote!(#[personal(email = 1)] x: u8));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("unexpected `= 1`"));
    }

    #[test]
    fn empty_parentheses_are_rejected() {
        let (names, errors) = parse(parse_quote!(#[personal()] x: u8));
        assert_eq!(names, [None]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("expected a category in `#[personal(...)]`"));
    }

    #[test]
    fn every_bad_argument_of_a_field_is_reported() {
        let (names, errors) =
            parse(parse_quote!(#[personal(emial)] #[personal("x", y)] #[personal(email)] x: u8));
        assert_eq!(names, [None, None, Some("email")]);
        assert_eq!(errors.len(), 3);
    }
}
