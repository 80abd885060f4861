//! Derive macros for [datamin](https://docs.rs/datamin): `#[derive(Personal)]`
//! and `#[derive(RedactedDebug)]`.
//!
//! Depend on `datamin`, not on this crate: it re-exports both derives, and the
//! generated code refers to `::datamin::...`.
//!
//! Each derive parses its input into a plain model (`ast`, `attr`), validates
//! it collecting every error (`check`, `ctxt`), then expands it (`expand`).

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod category;
mod check;
mod ctxt;
mod expand;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

use crate::ast::Container;
use crate::ctxt::Ctxt;

/// Implements `datamin::Personal`: lists the fields marked `#[personal]` or
/// `#[personal(<category>)]` as `'static` data.
///
/// The attribute goes on named or tuple fields of structs and enum variants;
/// a bare `#[personal]` means category `other`. Tuple fields are named `"0"`,
/// `"1"`, ...; fields of enum variants carry the variant's name.
///
/// ```
/// use datamin::{Category, Personal};
///
/// #[derive(Personal)]
/// struct Customer {
///     id: u64,
///     #[personal(email)]
///     email: String,
///     #[personal]
///     notes: String,
/// }
///
/// let fields = Customer::PERSONAL_FIELDS;
/// assert_eq!(fields.len(), 2);
/// assert_eq!((fields[0].name, fields[0].category), ("email", Category::Email));
/// assert_eq!((fields[1].name, fields[1].category), ("notes", Category::Other));
/// ```
///
/// An unknown category, a malformed argument, a repeated `#[personal]` or a
/// union is a compile error pointing at the offending tokens:
///
/// ```compile_fail
/// #[derive(datamin::Personal)]
/// struct Customer {
///     #[personal(e_mail)]
///     email: String,
/// }
/// ```
#[proc_macro_derive(Personal, attributes(personal))]
pub fn derive_personal(input: TokenStream) -> TokenStream {
    derive(input, expand::personal)
}

/// Implements `Debug` printing each `#[personal]` field as `[redacted]` and
/// every other field exactly as `#[derive(Debug)]` would.
///
/// As with `#[derive(Debug)]`, every type parameter must implement `Debug`.
///
/// ```
/// use datamin::RedactedDebug;
///
/// #[derive(RedactedDebug)]
/// struct Customer {
///     id: u64,
///     #[personal(email)]
///     email: String,
/// }
///
/// let customer = Customer { id: 7, email: "ada@example.com".into() };
/// assert_eq!(format!("{customer:?}"), "Customer { id: 7, email: [redacted] }");
/// ```
#[proc_macro_derive(RedactedDebug, attributes(personal))]
pub fn derive_redacted_debug(input: TokenStream) -> TokenStream {
    derive(input, expand::redacted_debug)
}

fn derive(
    input: TokenStream,
    expand: fn(&Container<'_>) -> proc_macro2::TokenStream,
) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    run(&input, expand)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Parses, validates (reporting every error at once) and expands `input`.
fn run(
    input: &DeriveInput,
    expand: fn(&Container<'_>) -> proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input);
    check::check(&cx, &cont);
    cx.check()?;
    Ok(expand(&cont))
}
