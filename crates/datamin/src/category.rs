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
