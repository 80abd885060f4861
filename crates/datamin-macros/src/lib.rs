//! Derive and attribute macros for [datamin](https://docs.rs/datamin):
//! `#[derive(Personal)]`, `#[derive(RedactedDebug)]`, `#[sanitizer]` and
//! `#[source(<category>)]`.
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
/// A field reviewed and found not personal, whose name looks otherwise,
/// takes `#[not_personal]`: it changes nothing here and silences the
/// linter's `unmarked-personal-field` for good.
///
/// ```
/// #[derive(datamin::Personal)]
/// struct Campaign {
///     #[not_personal]
///     email_subject: String,
///     #[personal(email)]
///     reply_to: String,
/// }
///
/// assert_eq!(<Campaign as datamin::Personal>::PERSONAL_FIELDS.len(), 1);
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
#[proc_macro_derive(Personal, attributes(personal, not_personal))]
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
#[proc_macro_derive(RedactedDebug, attributes(personal, not_personal))]
pub fn derive_redacted_debug(input: TokenStream) -> TokenStream {
    derive(input, expand::redacted_debug)
}

/// Marks a function or method whose result carries no personal data, whatever
/// it is given (a hash, a mask, the domain of an address). The linter takes
/// its return value as clean; the function itself is unchanged.
///
/// ```
/// #[datamin::sanitizer]
/// fn email_domain(address: &str) -> &str {
///     address.rsplit('@').next().unwrap_or("")
/// }
///
/// assert_eq!(email_domain("ada@example.com"), "example.com");
/// ```
///
/// It takes no arguments, and goes on functions and methods only:
///
/// ```compile_fail
/// #[datamin::sanitizer(email)]
/// fn mask(address: &str) -> String {
///     "***".into()
/// }
/// ```
#[proc_macro_attribute]
pub fn sanitizer(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let mut errors = Vec::new();
    if !args.is_empty() {
        errors.push(syn::Error::new_spanned(
            &args,
            "`#[datamin::sanitizer]` takes no arguments",
        ));
    }
    function_attribute(item, errors, "`#[datamin::sanitizer]`")
}

/// Marks a function or method whose return value is personal data of the
/// given category, whatever it is given (`User::verified_email()`, a lookup
/// of the primary address): the linter takes its result as personal, and its
/// findings name the function (`users::primary_email`). The function itself
/// is unchanged.
///
/// ```
/// struct Account {
///     emails: Vec<String>,
/// }
///
/// impl Account {
///     #[datamin::source(email)]
///     fn primary_email(&self) -> Option<&str> {
///         self.emails.first().map(String::as_str)
///     }
/// }
///
/// let account = Account { emails: vec!["ada@example.com".into()] };
/// assert_eq!(account.primary_email(), Some("ada@example.com"));
/// ```
///
/// It takes exactly one category, and goes on functions and methods only:
///
/// ```compile_fail
/// #[datamin::source]
/// fn primary_email() -> String {
///     String::new()
/// }
/// ```
///
/// ```compile_fail
/// #[datamin::source(emial)]
/// fn primary_email() -> String {
///     String::new()
/// }
/// ```
///
/// ```compile_fail
/// #[datamin::source(email)]
/// struct Email(String);
/// ```
#[proc_macro_attribute]
pub fn source(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let mut errors = Vec::new();
    let mut tokens = args.clone().into_iter();
    match (tokens.next(), tokens.next()) {
        (None, _) => errors.push(syn::Error::new(
            proc_macro2::Span::call_site(),
            "`#[datamin::source(..)]` takes the category of what the function returns, \
             like `#[datamin::source(email)]`",
        )),
        (Some(proc_macro2::TokenTree::Ident(ident)), None) => {
            let name = syn::ext::IdentExt::unraw(&ident).to_string();
            if category::Category::from_name(&name).is_none() {
                let hint = category::suggest(&name)
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "unknown personal-data category `{name}`{hint}; expected one of {}",
                        category::choices()
                    ),
                ));
            }
        }
        _ => errors.push(syn::Error::new_spanned(
            &args,
            "`#[datamin::source(..)]` takes exactly one category name, like \
             `#[datamin::source(email)]`",
        )),
    }
    function_attribute(item, errors, "`#[datamin::source(..)]`")
}

/// The item of a function attribute (`what` names it in messages), unchanged
/// when `errors` is empty and it is a function or method; otherwise every
/// error, and that it goes on functions only, as compile errors beside it.
/// Marks a struct or enum reviewed and found to hold no personal data,
/// whatever its fields are named (a configuration's `support_email`, a
/// template's `recipient_name` placeholder): the linter's
/// `unmarked-personal-field` guesses none of its fields. The type is
/// unchanged. For one field of a type that derives `datamin::Personal`,
/// write `#[not_personal]` on the field instead.
///
/// ```
/// #[datamin::not_personal]
/// struct MailerConfig {
///     support_email: String,
///     sender_name: String,
/// }
///
/// let config = MailerConfig { support_email: "help@example.com".into(), sender_name: "Shop".into() };
/// assert_eq!(config.sender_name, "Shop");
/// ```
///
/// It takes no arguments, and goes on structs and enums only:
///
/// ```compile_fail
/// #[datamin::not_personal]
/// fn template() {}
/// ```
#[proc_macro_attribute]
pub fn not_personal(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = proc_macro2::TokenStream::from(args);
    let item2 = proc_macro2::TokenStream::from(item.clone());
    let mut errors = Vec::new();
    if !args.is_empty() {
        errors.push(syn::Error::new_spanned(
            &args,
            "`#[datamin::not_personal]` takes no arguments",
        ));
    }
    let is_type = syn::parse2::<syn::ItemStruct>(item2.clone()).is_ok()
        || syn::parse2::<syn::ItemEnum>(item2.clone()).is_ok();
    if !is_type {
        errors.push(syn::Error::new_spanned(
            &item2,
            "`#[datamin::not_personal]` goes on a struct or an enum (on a field of a type that \
             derives `datamin::Personal`, write `#[not_personal]`)",
        ));
    }
    unchanged_or_errors(item, errors)
}

/// The item as it is, or, with errors, the errors followed by the item (so
/// that the rest of the crate still compiles against it).
fn unchanged_or_errors(item: TokenStream, errors: Vec<syn::Error>) -> TokenStream {
    let mut errors = errors.into_iter();
    let Some(mut all) = errors.next() else {
        return item;
    };
    for e in errors {
        all.combine(e);
    }
    let mut out = all.into_compile_error();
    out.extend(proc_macro2::TokenStream::from(item));
    out.into()
}

fn function_attribute(item: TokenStream, mut errors: Vec<syn::Error>, what: &str) -> TokenStream {
    let item2 = proc_macro2::TokenStream::from(item.clone());
    let is_fn = syn::parse2::<syn::ItemFn>(item2.clone()).is_ok()
        || syn::parse2::<syn::TraitItemFn>(item2.clone()).is_ok();
    if !is_fn {
        errors.push(syn::Error::new_spanned(
            &item2,
            format!("{what} goes on a function or method"),
        ));
    }
    unchanged_or_errors(item, errors)
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
