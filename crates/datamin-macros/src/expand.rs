//! Turns a validated model into the derived impls.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use syn::parse_quote;

use crate::ast::{Container, Data, Field, Style, Variant};

/// `impl ::datamin::Personal`: the personal fields as a `'static` slice.
pub(crate) fn personal(cont: &Container<'_>) -> TokenStream {
    let entries: Vec<TokenStream> = match &cont.data {
        Data::Struct(_, fields) => fields
            .iter()
            .filter_map(|field| personal_field(None, field))
            .collect(),
        Data::Enum(variants) => variants
            .iter()
            .flat_map(|variant| {
                let name = variant.name();
                variant
                    .fields
                    .iter()
                    .filter_map(move |field| personal_field(Some(&name), field))
            })
            .collect(),
        // Rejected by validation; never expanded.
        Data::Union { .. } => return TokenStream::new(),
    };
    let ident = cont.ident;
    let (impl_generics, ty_generics, where_clause) = cont.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::datamin::Personal for #ident #ty_generics #where_clause {
            const PERSONAL_FIELDS: &'static [::datamin::PersonalField] = &[#(#entries),*];
        }
    }
}

fn personal_field(variant: Option<&str>, field: &Field<'_>) -> Option<TokenStream> {
    let category = format_ident!("{}", field.category()?.variant);
    let name = &field.name;
    let variant = match variant {
        Some(variant) => quote!(::core::option::Option::Some(#variant)),
        None => quote!(::core::option::Option::None),
    };
    Some(quote! {
        ::datamin::PersonalField {
            name: #name,
            category: ::datamin::Category::#category,
            variant: #variant,
        }
    })
}

/// `impl ::core::fmt::Debug` that prints personal fields as `[redacted]` and
/// every other field exactly as `#[derive(Debug)]` would.
pub(crate) fn redacted_debug(cont: &Container<'_>) -> TokenStream {
    let name = cont.name();
    let body = match &cont.data {
        Data::Struct(style, fields) => {
            let values = fields.iter().map(|field| {
                let member = &field.member;
                if cont.packed {
                    // As std's derive: a packed field may be unaligned, so it
                    // is copied out rather than borrowed (it must be `Copy`).
                    quote!(&{ self.#member })
                } else {
                    quote!(&self.#member)
                }
            });
            debug_fields(&name, *style, fields, values)
        }
        Data::Enum(variants) if variants.is_empty() => quote!(match *self {}),
        Data::Enum(variants) => {
            let arms = variants.iter().map(debug_arm);
            quote!(match self { #(#arms)* })
        }
        // Rejected by validation; never expanded.
        Data::Union { .. } => return TokenStream::new(),
    };

    // Like std's derive: every type parameter must be `Debug`.
    let mut generics = cont.generics.clone();
    let params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let where_clause = generics.make_where_clause();
    for param in params {
        where_clause
            .predicates
            .push(parse_quote!(#param: ::core::fmt::Debug));
    }
    let ident = cont.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        }
    }
}

/// One `match` arm: binds the variant's non-personal fields as references.
fn debug_arm(variant: &Variant<'_>) -> TokenStream {
    let ident = variant.ident;
    let bindings: Vec<TokenStream> = variant
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            if field.is_personal() {
                quote!(_)
            } else {
                let binding = format_ident!("__self_{}", index);
                quote!(#binding)
            }
        })
        .collect();
    let pattern = match variant.style {
        Style::Unit => quote!(Self::#ident),
        Style::Tuple => quote!(Self::#ident(#(#bindings),*)),
        Style::Named => {
            let members = variant.fields.iter().map(|field| &field.member);
            quote!(Self::#ident { #(#members: #bindings),* })
        }
    };
    let values = (0..variant.fields.len()).map(|index| {
        let binding = format_ident!("__self_{}", index);
        quote!(#binding)
    });
    let body = debug_fields(&variant.name(), variant.style, &variant.fields, values);
    quote!(#pattern => #body,)
}

/// The `Formatter` calls printing `name` and its fields; `values` yields a
/// `&impl Debug` expression for each field (unused for personal ones).
fn debug_fields(
    name: &str,
    style: Style,
    fields: &[Field<'_>],
    values: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    // A personal field prints like a `Redacted` value: `[redacted]`, unquoted,
    // honouring width and alignment flags.
    let values = fields.iter().zip(values).map(|(field, value)| {
        if field.is_personal() {
            quote!(&::datamin::Redacted::new(()))
        } else {
            value
        }
    });
    match style {
        Style::Unit => quote!(::core::fmt::Formatter::write_str(f, #name)),
        Style::Named => {
            let names = fields.iter().map(|field| &field.name);
            quote! {
                ::core::fmt::Formatter::debug_struct(f, #name)
                    #(.field(#names, #values))*
                    .finish()
            }
        }
        Style::Tuple => quote! {
            ::core::fmt::Formatter::debug_tuple(f, #name)
                #(.field(#values))*
                .finish()
        },
    }
}
