//! The derive input as a plain model: containers, variants, fields and the
//! `#[personal]` attributes found on each.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Generics, Ident, Member};

use crate::attr::{self, PersonalAttr};
use crate::category::Category;
use crate::ctxt::Ctxt;

/// A struct, enum or union that a derive was applied to.
pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) data: Data<'a>,
    /// `#[personal]` on the item itself (always misplaced).
    pub(crate) attrs: Vec<PersonalAttr<'a>>,
    /// `#[repr(packed)]`: fields cannot be borrowed in place.
    pub(crate) packed: bool,
}

/// The body of a container.
pub(crate) enum Data<'a> {
    Struct(Style, Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
    /// A union; `keyword` is the span of the `union` token.
    Union {
        keyword: Span,
        fields: Vec<Field<'a>>,
    },
}

/// How a struct or variant declares its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `{ a: A }`
    Named,
    /// `(A)`
    Tuple,
    /// no fields
    Unit,
}

/// One variant of an enum.
pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
    /// `#[personal]` on the variant itself (always misplaced).
    pub(crate) attrs: Vec<PersonalAttr<'a>>,
}

/// One field of a struct, variant or union.
pub(crate) struct Field<'a> {
    /// How the field is accessed: `self.email`, `self.0`.
    pub(crate) member: Member,
    /// How the field is reported: `email` (without `r#`), `0`.
    pub(crate) name: String,
    pub(crate) attrs: Vec<PersonalAttr<'a>>,
    /// Every `#[not_personal]` on the field.
    pub(crate) not_personal: Vec<&'a syn::Attribute>,
}

impl<'a> Container<'a> {
    /// Builds the model of `input`, recording malformed attributes in `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let data = match &input.data {
            syn::Data::Struct(data) => {
                let (style, fields) = fields_from_ast(cx, &data.fields);
                Data::Struct(style, fields)
            }
            syn::Data::Enum(data) => Data::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        let (style, fields) = fields_from_ast(cx, &variant.fields);
                        Variant {
                            ident: &variant.ident,
                            style,
                            fields,
                            attrs: attr::personal_attrs(cx, &variant.attrs),
                        }
                    })
                    .collect(),
            ),
            syn::Data::Union(data) => Data::Union {
                keyword: data.union_token.span(),
                fields: named_fields(cx, data.fields.named.iter()),
            },
        };
        Container {
            ident: &input.ident,
            generics: &input.generics,
            data,
            attrs: attr::personal_attrs(cx, &input.attrs),
            packed: is_packed(&input.attrs),
        }
    }

    /// The name the container is reported under (without `r#`).
    pub(crate) fn name(&self) -> String {
        self.ident.unraw().to_string()
    }
}

impl Variant<'_> {
    /// The name the variant is reported under (without `r#`).
    pub(crate) fn name(&self) -> String {
        self.ident.unraw().to_string()
    }
}

impl Field<'_> {
    /// The field's category, if it is personal (the first valid attribute's;
    /// duplicates are rejected by validation).
    pub(crate) fn category(&self) -> Option<Category> {
        self.attrs.iter().find_map(|attr| attr.category)
    }

    /// Whether the field carries any `#[personal]` attribute.
    pub(crate) fn is_personal(&self) -> bool {
        !self.attrs.is_empty()
    }
}

fn fields_from_ast<'a>(cx: &Ctxt, fields: &'a syn::Fields) -> (Style, Vec<Field<'a>>) {
    match fields {
        syn::Fields::Named(named) => (Style::Named, named_fields(cx, named.named.iter())),
        syn::Fields::Unnamed(unnamed) => (
            Style::Tuple,
            unnamed
                .unnamed
                .iter()
                .enumerate()
                .map(|(index, field)| Field {
                    member: Member::from(index),
                    name: index.to_string(),
                    attrs: attr::personal_attrs(cx, &field.attrs),
                    not_personal: attr::not_personal_attrs(&field.attrs),
                })
                .collect(),
        ),
        syn::Fields::Unit => (Style::Unit, Vec::new()),
    }
}

fn named_fields<'a>(cx: &Ctxt, fields: impl Iterator<Item = &'a syn::Field>) -> Vec<Field<'a>> {
    fields
        .filter_map(|field| {
            let ident = field.ident.as_ref()?;
            Some(Field {
                member: Member::Named(ident.clone()),
                name: ident.unraw().to_string(),
                attrs: attr::personal_attrs(cx, &field.attrs),
                not_personal: attr::not_personal_attrs(&field.attrs),
            })
        })
        .collect()
}

/// Whether `attrs` hold `#[repr(packed)]` or `#[repr(packed(N))]` (malformed
/// `repr`s are left to the compiler to report).
fn is_packed(attrs: &[Attribute]) -> bool {
    let mut packed = false;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("repr")) {
        let _ = attr.parse_nested_meta(|meta| {
            packed |= meta.path.is_ident("packed");
            if meta.input.peek(syn::token::Paren) {
                meta.input.parse::<proc_macro2::Group>()?;
            }
            Ok(())
        });
    }
    packed
}
