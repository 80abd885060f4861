//! `#[derive(Personal)]`: the inventory of personal fields for every shape.

#![allow(dead_code, non_camel_case_types)]

use datamin::{Category, Personal, PersonalField};

/// `(variant, name, category)` of each personal field, for compact asserts.
fn summary<T: Personal>() -> Vec<(Option<&'static str>, &'static str, Category)> {
    T::personal_fields()
        .iter()
        .map(|field| (field.variant, field.name, field.category))
        .collect()
}

#[derive(Personal)]
struct Customer {
    id: u64,
    #[personal(email)]
    email: String,
    #[personal(name)]
    full_name: String,
    #[personal]
    notes: String,
    created_at: u64,
}

#[test]
fn named_struct_lists_personal_fields_in_declaration_order() {
    assert_eq!(
        Customer::PERSONAL_FIELDS,
        [
            PersonalField {
                name: "email",
                category: Category::Email,
                variant: None
            },
            PersonalField {
                name: "full_name",
                category: Category::Name,
                variant: None
            },
            PersonalField {
                name: "notes",
                category: Category::Other,
                variant: None
            },
        ]
    );
}

#[test]
fn personal_fields_returns_the_constant() {
    assert_eq!(Customer::personal_fields(), Customer::PERSONAL_FIELDS);
}

const CUSTOMER_PERSONAL_COUNT: usize = Customer::PERSONAL_FIELDS.len();
const CUSTOMER_FIRST: PersonalField = Customer::PERSONAL_FIELDS[0];
const CUSTOMER_FIRST_IS_EMAIL: bool = matches!(CUSTOMER_FIRST.category, Category::Email);
// Checked by the compiler: a wrong inventory fails the build.
const _: () = assert!(Customer::PERSONAL_FIELDS.len() == 3);
const _: () = assert!(CUSTOMER_FIRST_IS_EMAIL);

#[test]
fn inventory_is_usable_in_const_context() {
    assert_eq!(CUSTOMER_PERSONAL_COUNT, 3);
    assert_eq!(CUSTOMER_FIRST.name, "email");
    assert_eq!(CUSTOMER_FIRST.category, Category::Email);
    // Sizes an array at compile time.
    let slots = [0_u8; Customer::PERSONAL_FIELDS.len()];
    assert_eq!(slots.len(), 3);
}

#[derive(Personal)]
struct EveryCategory {
    #[personal(name)]
    a: (),
    #[personal(email)]
    b: (),
    #[personal(phone)]
    c: (),
    #[personal(address)]
    d: (),
    #[personal(location)]
    e: (),
    #[personal(ip_address)]
    f: (),
    #[personal(device_id)]
    g: (),
    #[personal(government_id)]
    h: (),
    #[personal(date_of_birth)]
    i: (),
    #[personal(financial)]
    j: (),
    #[personal(health)]
    k: (),
    #[personal(biometric)]
    l: (),
    #[personal(credentials)]
    m: (),
    #[personal(other)]
    n: (),
}

#[test]
fn every_category_name_maps_to_the_category_of_that_name() {
    let categories: Vec<Category> = EveryCategory::PERSONAL_FIELDS
        .iter()
        .map(|f| f.category)
        .collect();
    assert_eq!(categories, Category::ALL);
    for field in EveryCategory::PERSONAL_FIELDS {
        assert_eq!(field.variant, None);
    }
}

#[derive(Personal)]
struct Session(
    u64,
    #[personal(ip_address)] String,
    #[personal(device_id)] String,
    bool,
);

#[test]
fn tuple_struct_fields_are_named_by_index() {
    assert_eq!(
        summary::<Session>(),
        [
            (None, "1", Category::IpAddress),
            (None, "2", Category::DeviceId)
        ]
    );
}

#[derive(Personal)]
struct Marker;

#[derive(Personal)]
struct EmptyBraces {}

#[derive(Personal)]
struct EmptyTuple();

#[derive(Personal)]
struct NothingPersonal {
    id: u64,
    sku: String,
}

#[test]
fn types_without_personal_fields_list_none() {
    assert!(Marker::PERSONAL_FIELDS.is_empty());
    assert!(EmptyBraces::PERSONAL_FIELDS.is_empty());
    assert!(EmptyTuple::PERSONAL_FIELDS.is_empty());
    assert!(NothingPersonal::PERSONAL_FIELDS.is_empty());
}

#[derive(Personal)]
enum Contact {
    Anonymous,
    Phone(#[personal(phone)] String),
    Mail {
        #[personal(email)]
        address: String,
        verified: bool,
    },
    Postal(u32, #[personal(address)] String, #[personal(name)] String),
    Unmarked {
        id: u64,
    },
}

#[test]
fn enum_fields_carry_their_variant() {
    assert_eq!(
        summary::<Contact>(),
        [
            (Some("Phone"), "0", Category::Phone),
            (Some("Mail"), "address", Category::Email),
            (Some("Postal"), "1", Category::Address),
            (Some("Postal"), "2", Category::Name),
        ]
    );
}

#[derive(Personal)]
enum Never {}

#[derive(Personal)]
enum OnlyUnits {
    A,
    B,
}

#[derive(Personal)]
#[repr(u8)]
enum Level {
    Low = 1,
    High(#[personal(health)] u8) = 7,
}

#[test]
fn enum_with_explicit_discriminants_lists_its_fields() {
    assert_eq!(summary::<Level>(), [(Some("High"), "0", Category::Health)]);
}

#[test]
fn enums_without_personal_fields_list_none() {
    assert!(Never::PERSONAL_FIELDS.is_empty());
    assert!(OnlyUnits::PERSONAL_FIELDS.is_empty());
}

#[derive(Personal)]
struct Borrowed<'a, 'b: 'a, T: Clone + 'a, U, const N: usize>
where
    U: Default + PartialEq<T>,
{
    #[personal(email)]
    email: &'a str,
    items: [T; N],
    #[personal(location)]
    last_seen: &'b U,
}

#[derive(Personal)]
enum Event<T>
where
    T: Into<String>,
{
    Login {
        #[personal(ip_address)]
        from: T,
    },
    Logout(u64),
}

#[test]
fn generic_types_with_bounds_lifetimes_and_where_clauses() {
    assert_eq!(
        summary::<Borrowed<'static, 'static, u8, u8, 4>>(),
        [
            (None, "email", Category::Email),
            (None, "last_seen", Category::Location)
        ]
    );
    assert_eq!(
        summary::<Event<String>>(),
        [(Some("Login"), "from", Category::IpAddress)]
    );
    const N: usize = Event::<&'static str>::PERSONAL_FIELDS.len();
    assert_eq!(N, 1);
}

#[derive(Personal)]
struct r#Match {
    r#type: u8,
    #[personal(email)]
    r#ref: String,
}

#[derive(Personal)]
enum r#enum {
    r#struct {
        #[personal(phone)]
        r#fn: String,
    },
}

#[test]
fn raw_identifiers_are_reported_without_the_r_prefix() {
    assert_eq!(summary::<Match>(), [(None, "ref", Category::Email)]);
    assert_eq!(
        summary::<r#enum>(),
        [(Some("struct"), "fn", Category::Phone)]
    );
}

#[derive(Personal, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    /// The account's id.
    #[serde(rename = "accountId")]
    id: u64,
    #[serde(rename = "mail")]
    #[personal(email)]
    #[allow(unused)]
    email: String,
    #[doc = "Hidden from responses."]
    #[personal(credentials)]
    #[serde(skip_serializing, default)]
    password_hash: String,
    #[cfg_attr(all(), personal(name))]
    display_name: String,
    #[cfg(any())]
    #[personal(health)]
    compiled_out: String,
}

#[test]
fn other_attributes_around_personal_are_left_alone() {
    assert_eq!(
        summary::<Account>(),
        [
            (None, "email", Category::Email),
            (None, "password_hash", Category::Credentials),
            (None, "display_name", Category::Name),
        ]
    );
    let account = Account {
        id: 1,
        email: "a@example.com".into(),
        password_hash: "x".into(),
        display_name: "Ada".into(),
    };
    assert_eq!(
        serde_json::to_string(&account).unwrap(),
        r#"{"accountId":1,"mail":"a@example.com","displayName":"Ada"}"#
    );
}

mod shadowing {
    //! Generated code uses absolute paths, so local items named like std or
    //! datamin items do not break it.
    #![allow(dead_code, non_camel_case_types)]

    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct PersonalField;
    pub struct Category;
    pub mod core {}
    pub mod datamin {}

    #[derive(::datamin::Personal)]
    pub struct Shadowed {
        #[personal(email)]
        pub email: String,
    }

    #[derive(::datamin::Personal)]
    pub enum ShadowedEnum {
        V(#[personal] String),
    }
}

#[test]
fn generated_paths_are_immune_to_local_shadowing() {
    assert_eq!(
        summary::<shadowing::Shadowed>(),
        [(None, "email", Category::Email)]
    );
    assert_eq!(
        summary::<shadowing::ShadowedEnum>(),
        [(Some("V"), "0", Category::Other)]
    );
}

#[test]
fn personal_is_usable_as_a_generic_bound_and_on_manual_impls() {
    struct Manual;
    impl Personal for Manual {
        const PERSONAL_FIELDS: &'static [PersonalField] = &[PersonalField {
            name: "token",
            category: Category::Credentials,
            variant: None,
        }];
    }

    fn names<T: Personal>() -> Vec<&'static str> {
        T::personal_fields().iter().map(|f| f.name).collect()
    }
    assert_eq!(names::<Manual>(), ["token"]);
    assert_eq!(names::<Customer>(), ["email", "full_name", "notes"]);
}
