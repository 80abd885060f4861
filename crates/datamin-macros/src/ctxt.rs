//! Collects every error found in a derive input, so one compile reports all.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// The errors found so far while parsing and validating one derive input.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// A collector with no errors.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records an error spanning `tokens` (from their first to their last token).
    pub(crate) fn error_spanned_by<T: ToTokens>(&self, tokens: T, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error at one span.
    pub(crate) fn error_at(&self, span: proc_macro2::Span, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, message));
    }

    /// `Ok` if nothing was recorded, otherwise every error combined into one,
    /// in source order.
    pub(crate) fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner();
        // Parsing and validation find problems in different passes; report
        // them top to bottom. (Where the compiler gives no locations, every
        // key is equal and the stable sort keeps the order of discovery.)
        errors.sort_by_key(|error| {
            let start = error.span().start();
            (start.line, start.column)
        });
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
