//! The independent case put beside the mutated one, and the test of whether
//! a mutated file can reach it.
//!
//! datamin resolves names across the whole tree (types, functions, methods,
//! fields and macros are looked up by name, wherever they are defined), so a
//! case in its own directory is only independent of a file that defines none
//! of the names it uses, and names none of the names it defines. The case
//! below defines only names that start with `qx`/`Qx` (which nothing in the
//! corpus or the mutator produces) and uses a small vocabulary of outside
//! names (`println`, `tracing`, `String`, ...). A mutated file is taken as
//! unable to affect it when it does not contain `qx` at all and defines none
//! of the words the case is made of ([`independent`]).

use std::collections::BTreeSet;
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// The case's directory beside the mutated case's.
pub const DIR: &str = "b";

/// The case's files, relative to the tree's root, with inline expectations.
pub const FILES: &[(&str, &str)] = &[
    (
        "b/src/lib.rs",
        r#"//! A clinic's ward screen: an independent case beside the mutated one.

pub mod qx_audit;

#[derive(datamin::Personal, Debug, serde::Serialize)]
pub struct QxPatient {
    pub qx_ref: u64,
    #[personal(financial)]
    pub qx_diagnosis: String,
    #[personal(biometric)]
    pub qx_print: String,
}

pub fn qx_admit(qx_p: &QxPatient) {
    println!("admitted {}", qx_p.qx_diagnosis); //~ log-leak
    println!("ref {}", qx_p.qx_ref);
    qx_audit::qx_note(&qx_p.qx_print);
    // datamin:allow(log-leak) the ward screen is not a log
    eprintln!("{:?}", qx_p);
    // datamin:allow(log-leak) nothing here leaks any more
    println!("ref {}", qx_p.qx_ref); //~^ unused-suppression
}
"#,
    ),
    (
        "b/src/qx_audit.rs",
        r#"//! Helpers of the independent case: a cross-file flow and a response.

pub fn qx_note(qx_text: &str) {
    tracing::info!(qx_field = %qx_text, "noted"); //~ log-leak
}

pub async fn qx_show(qx_p: crate::QxPatient) -> axum::Json<crate::QxPatient> {
    axum::Json(qx_p) //~ response-leak
}
"#,
    ),
];

/// Every identifier (keywords included) of the case's files.
pub fn vocabulary() -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for (_, text) in FILES {
        let tokens = TokenStream::from_str(text).expect("the independent case lexes");
        idents_of(tokens, &mut words);
    }
    words
}

/// Why a mutated file might affect the independent case, or `None` when it
/// cannot: the file mentions no `qx` name and defines no word of the case.
pub fn independent(text: &str, vocabulary: &BTreeSet<String>) -> Option<String> {
    if text.to_ascii_lowercase().contains("qx") {
        return Some("the file contains `qx`".to_owned());
    }
    let owned = text.to_owned();
    let defined = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || syn::parse_file(&owned).map(|file| defined_names(&file)))
        .expect("parse thread")
        .join();
    match defined {
        Ok(Ok(defined)) => {
            let shared: Vec<&String> = defined.intersection(vocabulary).collect();
            (!shared.is_empty()).then(|| format!("the file defines {shared:?}"))
        }
        Ok(Err(_)) => Some("syn does not parse the file".to_owned()),
        Err(_) => Some("syn panicked on the file".to_owned()),
    }
}

/// The names a file defines, over-approximated: items and their members,
/// fields, variants, generic parameters, `pub use` names and renames, the
/// identifiers of every `impl`'s self type, and every identifier inside an
/// item-like (braced or item-level) macro invocation such as `macro_rules!`.
pub fn defined_names(file: &syn::File) -> BTreeSet<String> {
    let mut collector = Definitions::default();
    collector.visit_file(file);
    collector.names
}

#[derive(Default)]
struct Definitions {
    names: BTreeSet<String>,
}

impl Definitions {
    fn add(&mut self, ident: &syn::Ident) {
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        self.names.insert(name);
    }
}

impl<'ast> Visit<'ast> for Definitions {
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        self.add(&i.sig.ident);
        syn::visit::visit_item_fn(self, i);
    }
    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        self.add(&i.sig.ident);
        syn::visit::visit_impl_item_fn(self, i);
    }
    fn visit_trait_item_fn(&mut self, i: &'ast syn::TraitItemFn) {
        self.add(&i.sig.ident);
        syn::visit::visit_trait_item_fn(self, i);
    }
    fn visit_foreign_item_fn(&mut self, i: &'ast syn::ForeignItemFn) {
        self.add(&i.sig.ident);
        syn::visit::visit_foreign_item_fn(self, i);
    }
    fn visit_foreign_item_static(&mut self, i: &'ast syn::ForeignItemStatic) {
        self.add(&i.ident);
        syn::visit::visit_foreign_item_static(self, i);
    }
    fn visit_foreign_item_type(&mut self, i: &'ast syn::ForeignItemType) {
        self.add(&i.ident);
        syn::visit::visit_foreign_item_type(self, i);
    }
    fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
        self.add(&i.ident);
        syn::visit::visit_item_struct(self, i);
    }
    fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
        self.add(&i.ident);
        syn::visit::visit_item_enum(self, i);
    }
    fn visit_item_union(&mut self, i: &'ast syn::ItemUnion) {
        self.add(&i.ident);
        syn::visit::visit_item_union(self, i);
    }
    fn visit_item_trait(&mut self, i: &'ast syn::ItemTrait) {
        self.add(&i.ident);
        syn::visit::visit_item_trait(self, i);
    }
    fn visit_item_trait_alias(&mut self, i: &'ast syn::ItemTraitAlias) {
        self.add(&i.ident);
        syn::visit::visit_item_trait_alias(self, i);
    }
    fn visit_item_type(&mut self, i: &'ast syn::ItemType) {
        self.add(&i.ident);
        syn::visit::visit_item_type(self, i);
    }
    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        self.add(&i.ident);
        syn::visit::visit_item_mod(self, i);
    }
    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        self.add(&i.ident);
        syn::visit::visit_item_const(self, i);
    }
    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        self.add(&i.ident);
        syn::visit::visit_item_static(self, i);
    }
    fn visit_item_extern_crate(&mut self, i: &'ast syn::ItemExternCrate) {
        self.add(&i.ident);
        if let Some((_, rename)) = &i.rename {
            self.add(rename);
        }
        syn::visit::visit_item_extern_crate(self, i);
    }
    fn visit_item_macro(&mut self, i: &'ast syn::ItemMacro) {
        if let Some(ident) = &i.ident {
            self.add(ident);
        }
        self.add_tokens(&i.mac);
        syn::visit::visit_item_macro(self, i);
    }
    fn visit_stmt_macro(&mut self, i: &'ast syn::StmtMacro) {
        if matches!(i.mac.delimiter, syn::MacroDelimiter::Brace(_)) {
            self.add_tokens(&i.mac);
        }
        syn::visit::visit_stmt_macro(self, i);
    }
    fn visit_impl_item_macro(&mut self, i: &'ast syn::ImplItemMacro) {
        self.add_tokens(&i.mac);
        syn::visit::visit_impl_item_macro(self, i);
    }
    fn visit_trait_item_macro(&mut self, i: &'ast syn::TraitItemMacro) {
        self.add_tokens(&i.mac);
        syn::visit::visit_trait_item_macro(self, i);
    }
    fn visit_impl_item_type(&mut self, i: &'ast syn::ImplItemType) {
        self.add(&i.ident);
        syn::visit::visit_impl_item_type(self, i);
    }
    fn visit_impl_item_const(&mut self, i: &'ast syn::ImplItemConst) {
        self.add(&i.ident);
        syn::visit::visit_impl_item_const(self, i);
    }
    fn visit_trait_item_type(&mut self, i: &'ast syn::TraitItemType) {
        self.add(&i.ident);
        syn::visit::visit_trait_item_type(self, i);
    }
    fn visit_trait_item_const(&mut self, i: &'ast syn::TraitItemConst) {
        self.add(&i.ident);
        syn::visit::visit_trait_item_const(self, i);
    }
    fn visit_field(&mut self, i: &'ast syn::Field) {
        if let Some(ident) = &i.ident {
            self.add(ident);
        }
        syn::visit::visit_field(self, i);
    }
    fn visit_variant(&mut self, i: &'ast syn::Variant) {
        self.add(&i.ident);
        syn::visit::visit_variant(self, i);
    }
    fn visit_type_param(&mut self, i: &'ast syn::TypeParam) {
        self.add(&i.ident);
        syn::visit::visit_type_param(self, i);
    }
    fn visit_const_param(&mut self, i: &'ast syn::ConstParam) {
        self.add(&i.ident);
        syn::visit::visit_const_param(self, i);
    }
    fn visit_item_use(&mut self, i: &'ast syn::ItemUse) {
        // A private `use` only names things in its own file (datamin keeps a
        // use map per file); a `pub use` re-exports, so it counts.
        if !matches!(i.vis, syn::Visibility::Inherited) {
            syn::visit::visit_item_use(self, i);
        }
    }
    fn visit_use_name(&mut self, i: &'ast syn::UseName) {
        self.add(&i.ident);
        syn::visit::visit_use_name(self, i);
    }
    fn visit_use_rename(&mut self, i: &'ast syn::UseRename) {
        self.add(&i.ident);
        self.add(&i.rename);
        syn::visit::visit_use_rename(self, i);
    }
    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let mut self_type = Idents::default();
        self_type.visit_type(&i.self_ty);
        self.names.extend(self_type.names);
        syn::visit::visit_item_impl(self, i);
    }
}

impl Definitions {
    fn add_tokens(&mut self, mac: &syn::Macro) {
        idents_of(mac.tokens.clone(), &mut self.names);
    }
}

/// Every identifier of a syntax node.
#[derive(Default)]
struct Idents {
    names: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Idents {
    fn visit_ident(&mut self, i: &'ast syn::Ident) {
        let name = i.to_string();
        self.names
            .insert(name.strip_prefix("r#").unwrap_or(&name).to_owned());
    }
    fn visit_macro(&mut self, i: &'ast syn::Macro) {
        idents_of(i.tokens.clone(), &mut self.names);
        syn::visit::visit_macro(self, i);
    }
}

/// Every identifier of a token stream, at any depth (raw prefixes dropped).
fn idents_of(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let mut stack = vec![tokens];
    while let Some(stream) = stack.pop() {
        for tree in stream {
            match tree {
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    out.insert(name.strip_prefix("r#").unwrap_or(&name).to_owned());
                }
                TokenTree::Group(group) => stack.push(group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }
}

#[test]
fn the_independent_case_defines_only_qx_names() {
    let mut defined = BTreeSet::new();
    for (_, text) in FILES {
        let file = syn::parse_file(text).expect("the independent case parses");
        defined.extend(defined_names(&file));
    }
    let others: Vec<&String> = defined
        .iter()
        .filter(|name| !name.to_ascii_lowercase().starts_with("qx"))
        .collect();
    assert!(others.is_empty(), "{others:?}");
}

#[test]
fn definitions_are_found_where_they_hide() {
    let file = syn::parse_file(
        "fn a() { fn inner() {} }
         impl std::fmt::Debug for Wrapper<Inner> { fn fmt(&self) {} }
         macro_rules! m { () => { struct Hidden; } }
         pub use x::{y as z, w};
         use private::Hidden2;
         enum E { V { f: u8 } }",
    )
    .expect("parses");
    let names = defined_names(&file);
    for name in [
        "a", "inner", "Wrapper", "Inner", "fmt", "m", "Hidden", "z", "y", "w", "E", "V", "f",
    ] {
        assert!(names.contains(name), "{name} in {names:?}");
    }
    assert!(!names.contains("Debug"), "{names:?}");
    assert!(!names.contains("Hidden2"), "{names:?}");
}
