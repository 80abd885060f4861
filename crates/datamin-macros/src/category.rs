//! The closed set of personal-data categories, as the derives spell them.
//!
//! Mirrors `datamin::Category` (which this crate cannot depend on: the facade
//! depends on the derives). `crates/datamin/tests/personal_fields.rs` checks
//! that both lists agree, name for name and in order.

/// A category accepted in `#[personal(<category>)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Category {
    /// The snake_case name written in the attribute.
    pub(crate) name: &'static str,
    /// The matching variant of `datamin::Category`.
    pub(crate) variant: &'static str,
}

const fn category(name: &'static str, variant: &'static str) -> Category {
    Category { name, variant }
}

/// Every category, in the order of `datamin::Category::ALL`.
pub(crate) const ALL: [Category; 14] = [
    category("name", "Name"),
    category("email", "Email"),
    category("phone", "Phone"),
    category("address", "Address"),
    category("location", "Location"),
    category("ip_address", "IpAddress"),
    category("device_id", "DeviceId"),
    category("government_id", "GovernmentId"),
    category("date_of_birth", "DateOfBirth"),
    category("financial", "Financial"),
    category("health", "Health"),
    category("biometric", "Biometric"),
    category("credentials", "Credentials"),
    category("other", "Other"),
];

/// The category of a bare `#[personal]`.
pub(crate) const OTHER: Category = category("other", "Other");

impl Category {
    /// The category spelled `name`, if there is one.
    pub(crate) fn from_name(name: &str) -> Option<Category> {
        ALL.into_iter().find(|c| c.name == name)
    }
}

/// The valid names as a list for error messages: "`name`, `email`, ...".
pub(crate) fn choices() -> String {
    let names: Vec<String> = ALL.iter().map(|c| format!("`{}`", c.name)).collect();
    names.join(", ")
}

/// The category a misspelled `name` most likely meant, if one is close enough.
pub(crate) fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    ALL.iter()
        .map(|c| (edit_distance(&lower, c.name), c.name))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_is_found_by_its_name() {
        for c in ALL {
            assert_eq!(Category::from_name(c.name), Some(c));
        }
        assert_eq!(Category::from_name("other"), Some(OTHER));
    }

    #[test]
    fn names_are_case_sensitive() {
        assert_eq!(Category::from_name("Email"), None);
    }

    #[test]
    fn choices_list_all_fourteen_names_in_order() {
        assert_eq!(
            choices(),
            "`name`, `email`, `phone`, `address`, `location`, `ip_address`, `device_id`, \
             `government_id`, `date_of_birth`, `financial`, `health`, `biometric`, \
             `credentials`, `other`"
        );
    }

    #[test]
    fn close_misspellings_get_a_suggestion() {
        assert_eq!(suggest("emial"), Some("email"));
        assert_eq!(suggest("Email"), Some("email"));
        assert_eq!(suggest("ip_adress"), Some("ip_address"));
        assert_eq!(suggest("dob"), None);
        assert_eq!(suggest("password"), None);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
