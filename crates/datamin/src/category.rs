//! The closed set of personal-data categories.

use std::fmt;
use std::str::FromStr;

/// What kind of personal data a field holds, as named in `#[personal(<category>)]`.
///
/// ```
/// use datamin::Category;
///
/// assert_eq!(Category::IpAddress.to_string(), "ip_address");
/// assert_eq!("date_of_birth".parse(), Ok(Category::DateOfBirth));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A person's name: given name, family name, full name, nickname.
    Name,
    /// An email address.
    Email,
    /// A telephone number.
    Phone,
    /// A postal or street address.
    Address,
    /// A geographic position: coordinates, a geohash, a precise place.
    Location,
    /// An IP address (v4 or v6).
    IpAddress,
    /// A device identifier: advertising id, IMEI, MAC address, push token.
    DeviceId,
    /// A government-issued identifier: passport, national id, tax or social security number.
    GovernmentId,
    /// A date of birth.
    DateOfBirth,
    /// Financial data: card or bank account number, IBAN, income, balance.
    Financial,
    /// Health data: diagnoses, prescriptions, medical records.
    Health,
    /// Biometric data: fingerprints, face or voice templates.
    Biometric,
    /// Secrets that authenticate a person: passwords, tokens, API keys, recovery codes.
    Credentials,
    /// Personal data of any other kind (what a bare `#[personal]` means).
    Other,
}

impl Category {
    /// Every category, in declaration order.
    ///
    /// ```
    /// assert_eq!(datamin::Category::ALL.len(), 14);
    /// ```
    pub const ALL: [Category; 14] = [
        Category::Name,
        Category::Email,
        Category::Phone,
        Category::Address,
        Category::Location,
        Category::IpAddress,
        Category::DeviceId,
        Category::GovernmentId,
        Category::DateOfBirth,
        Category::Financial,
        Category::Health,
        Category::Biometric,
        Category::Credentials,
        Category::Other,
    ];

    /// The snake_case name used in `#[personal(<category>)]` and in reports.
    ///
    /// ```
    /// const NAME: &str = datamin::Category::GovernmentId.as_str();
    /// assert_eq!(NAME, "government_id");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::Email => "email",
            Category::Phone => "phone",
            Category::Address => "address",
            Category::Location => "location",
            Category::IpAddress => "ip_address",
            Category::DeviceId => "device_id",
            Category::GovernmentId => "government_id",
            Category::DateOfBirth => "date_of_birth",
            Category::Financial => "financial",
            Category::Health => "health",
            Category::Biometric => "biometric",
            Category::Credentials => "credentials",
            Category::Other => "other",
        }
    }

    /// The [Fides](https://ethyca.github.io/fideslang/) (fideslang) data
    /// category key of the category, so that datamin's findings and data map
    /// can be joined with records of processing kept in that taxonomy.
    ///
    /// | category | Fides key |
    /// |---|---|
    /// | `name` | `user.name` |
    /// | `email` | `user.contact.email` |
    /// | `phone` | `user.contact.phone_number` |
    /// | `address` | `user.contact.address` |
    /// | `location` | `user.location` |
    /// | `ip_address` | `user.device.ip_address` |
    /// | `device_id` | `user.device.device_id` |
    /// | `government_id` | `user.government_id` |
    /// | `date_of_birth` | `user.demographic.date_of_birth` |
    /// | `financial` | `user.financial` |
    /// | `health` | `user.health_and_medical` |
    /// | `biometric` | `user.biometric` |
    /// | `credentials` | `user.authorization.credentials` |
    /// | `other` | `user` |
    ///
    /// Each key is the most specific one in the fideslang 2 default taxonomy
    /// that holds everything the category admits; a narrower key would be
    /// wrong for some fields. Where fideslang offers more than one candidate:
    ///
    /// - `name` is `user.name`, not one of its children `user.name.first` and
    ///   `user.name.last`: the category takes full names and nicknames too.
    ///   A username filed under `name` gets this key as well (fideslang's
    ///   own key for it is `user.account.username`).
    /// - `address` is `user.contact.address`, not a child such as
    ///   `.street` or `.postal_code`: a field may hold a whole address or any
    ///   part of it.
    /// - `location` is `user.location`, not `.precise` or `.imprecise`
    ///   (fideslang splits them at 500 m): a coordinate pair is precise, a
    ///   short geohash or a city is not, and the category does not say which.
    /// - `date_of_birth` is `user.demographic.date_of_birth`; an age filed
    ///   under this category gets it too, the more identifying of the two
    ///   (fideslang also has `user.demographic.age_range`).
    /// - `device_id` is `user.device.device_id`; cookie ids have their own
    ///   key in fideslang (`user.device.cookie_id`) and are not what the
    ///   category describes.
    /// - `government_id` is the parent `user.government_id`: its children
    ///   (passport number, national identification number, driver's licence,
    ///   ...) each cover one kind of document, the category all of them.
    /// - `financial` is `user.financial` (payment data and financial history,
    ///   with bank account and credit card below it) rather than the narrower
    ///   sibling `user.payment`: the category also takes income and balances.
    /// - `health` is `user.health_and_medical`, not `user.biometric.health`,
    ///   which fideslang keeps for measured body signals.
    /// - `biometric` is `user.biometric`, not `user.authorization.biometric`:
    ///   a fingerprint is biometric data whatever it is used for; only its
    ///   use as a login factor would make it an authorization credential.
    /// - `credentials` is `user.authorization.credentials`, not
    ///   `user.authorization.password` (passwords only; the category also
    ///   takes tokens and API keys) nor `system.authentication` (the system's
    ///   own secrets, not a person's).
    /// - `other` is the root `user`: a bare `#[personal]` says only that the
    ///   field is data about a person.
    ///
    /// ```
    /// use datamin::Category;
    ///
    /// assert_eq!(Category::Email.taxonomy(), "user.contact.email");
    /// assert_eq!(Category::IpAddress.taxonomy(), "user.device.ip_address");
    /// const OTHER: &str = Category::Other.taxonomy();
    /// assert_eq!(OTHER, "user");
    /// ```
    pub const fn taxonomy(self) -> &'static str {
        match self {
            Category::Name => "user.name",
            Category::Email => "user.contact.email",
            Category::Phone => "user.contact.phone_number",
            Category::Address => "user.contact.address",
            Category::Location => "user.location",
            Category::IpAddress => "user.device.ip_address",
            Category::DeviceId => "user.device.device_id",
            Category::GovernmentId => "user.government_id",
            Category::DateOfBirth => "user.demographic.date_of_birth",
            Category::Financial => "user.financial",
            Category::Health => "user.health_and_medical",
            Category::Biometric => "user.biometric",
            Category::Credentials => "user.authorization.credentials",
            Category::Other => "user",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Category {
    type Err = ParseCategoryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|category| category.as_str() == s)
            .ok_or_else(|| ParseCategoryError {
                input: s.to_owned(),
            })
    }
}

/// The error of parsing an unknown category name; its message lists the valid names.
///
/// ```
/// let error = "e-mail".parse::<datamin::Category>().unwrap_err();
/// assert_eq!(error.input(), "e-mail");
/// assert!(error.to_string().contains("ip_address"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCategoryError {
    input: String,
}

impl ParseCategoryError {
    /// The text that is not a category name.
    ///
    /// ```
    /// let error = "Email".parse::<datamin::Category>().unwrap_err();
    /// assert_eq!(error.input(), "Email");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseCategoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown category `{}`, expected one of: ", self.input)?;
        for (index, category) in Category::ALL.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(category.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseCategoryError {}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_the_spec_snake_case_names_in_order() {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "name",
                "email",
                "phone",
                "address",
                "location",
                "ip_address",
                "device_id",
                "government_id",
                "date_of_birth",
                "financial",
                "health",
                "biometric",
                "credentials",
                "other",
            ]
        );
    }

    #[test]
    fn all_lists_each_category_once() {
        let distinct: HashSet<Category> = Category::ALL.into_iter().collect();
        assert_eq!(distinct.len(), Category::ALL.len());
    }

    #[test]
    fn display_and_from_str_round_trip_for_every_category() {
        for category in Category::ALL {
            assert_eq!(category.to_string(), category.as_str());
            assert_eq!(category.to_string().parse::<Category>(), Ok(category));
        }
    }

    #[test]
    fn display_honours_width_and_alignment() {
        assert_eq!(format!("[{:>7}]", Category::Email), "[  email]");
        assert_eq!(format!("[{:-<7}]", Category::Phone), "[phone--]");
    }

    #[test]
    fn from_str_is_exact_and_case_sensitive() {
        for input in [
            "Email",
            "EMAIL",
            " email",
            "email ",
            "ip-address",
            "ipAddress",
            "",
        ] {
            assert!(input.parse::<Category>().is_err(), "{input:?} parsed");
        }
    }

    #[test]
    fn taxonomy_keys_are_the_chosen_fides_data_categories() {
        let table: Vec<(&str, &str)> = Category::ALL
            .iter()
            .map(|c| (c.as_str(), c.taxonomy()))
            .collect();
        assert_eq!(
            table,
            [
                ("name", "user.name"),
                ("email", "user.contact.email"),
                ("phone", "user.contact.phone_number"),
                ("address", "user.contact.address"),
                ("location", "user.location"),
                ("ip_address", "user.device.ip_address"),
                ("device_id", "user.device.device_id"),
                ("government_id", "user.government_id"),
                ("date_of_birth", "user.demographic.date_of_birth"),
                ("financial", "user.financial"),
                ("health", "user.health_and_medical"),
                ("biometric", "user.biometric"),
                ("credentials", "user.authorization.credentials"),
                ("other", "user"),
            ]
        );
    }

    #[test]
    fn taxonomy_keys_are_distinct_user_data_keys() {
        // Distinct keys let a consumer map a key back to its category.
        let distinct: HashSet<&str> = Category::ALL.iter().map(|c| c.taxonomy()).collect();
        assert_eq!(distinct.len(), Category::ALL.len());
        for category in Category::ALL {
            let key = category.taxonomy();
            assert!(key == "user" || key.starts_with("user."), "{key}");
            for segment in key.split('.') {
                assert!(
                    !segment.is_empty()
                        && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn parse_error_names_the_input_and_lists_every_valid_name() {
        let error = "mail".parse::<Category>().unwrap_err();
        assert_eq!(error.input(), "mail");
        assert_eq!(
            error.to_string(),
            "unknown category `mail`, expected one of: name, email, phone, address, location, \
             ip_address, device_id, government_id, date_of_birth, financial, health, biometric, \
             credentials, other"
        );
    }
}
