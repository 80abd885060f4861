//! The data inventory: which fields of a type hold personal data.

use crate::Category;

/// A type whose personal fields are known at compile time; implement it with
/// `#[derive(Personal)]`.
///
/// The list is `'static` data: reading it allocates nothing and works in
/// `const` context.
///
/// ```
/// use datamin::{Category, Personal, PersonalField};
///
/// #[derive(Personal)]
/// pub struct Customer {
///     pub id: u64,
///     #[personal(email)]
///     pub email: String,
///     #[personal(name)]
///     pub full_name: String,
/// }
///
/// const PERSONAL_COUNT: usize = Customer::PERSONAL_FIELDS.len();
/// assert_eq!(PERSONAL_COUNT, 2);
/// assert_eq!(
///     Customer::personal_fields()[0],
///     PersonalField { name: "email", category: Category::Email, variant: None },
/// );
/// ```
pub trait Personal {
    /// The personal fields, in declaration order (variant by variant for enums).
    ///
    /// ```
    /// use datamin::{Category, Personal};
    ///
    /// #[derive(Personal)]
    /// struct Patient {
    ///     #[personal(name)]
    ///     name: String,
    ///     #[personal(health)]
    ///     diagnosis: String,
    /// }
    ///
    /// const HEALTH_DATA: bool = matches!(Patient::PERSONAL_FIELDS[1].category, Category::Health);
    /// assert!(HEALTH_DATA);
    /// ```
    const PERSONAL_FIELDS: &'static [PersonalField];

    /// The personal fields; the same slice as [`Personal::PERSONAL_FIELDS`].
    ///
    /// ```
    /// use datamin::Personal;
    ///
    /// #[derive(Personal)]
    /// struct Session(#[personal(ip_address)] String, u64);
    ///
    /// assert_eq!(Session::personal_fields()[0].name, "0");
    /// ```
    fn personal_fields() -> &'static [PersonalField] {
        Self::PERSONAL_FIELDS
    }
}

/// One field marked `#[personal]`: where it is and what kind of data it holds.
///
/// ```
/// use datamin::{Category, Personal};
///
/// #[derive(Personal)]
/// enum Contact {
///     Anonymous,
///     Phone(#[personal(phone)] String),
///     Mail { #[personal(email)] address: String, verified: bool },
/// }
///
/// let fields = Contact::PERSONAL_FIELDS;
/// assert_eq!((fields[0].variant, fields[0].name), (Some("Phone"), "0"));
/// assert_eq!((fields[1].variant, fields[1].name), (Some("Mail"), "address"));
/// assert_eq!(fields[1].category, Category::Email);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PersonalField {
    /// The field's name without `r#`; tuple fields are `"0"`, `"1"`, ...
    pub name: &'static str,
    /// What kind of personal data the field holds.
    pub category: Category,
    /// The enum variant the field belongs to; `None` for struct fields.
    pub variant: Option<&'static str>,
}
