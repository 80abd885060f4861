//! A wrapper that keeps a value out of formatted output.

use std::fmt;

/// A value that prints as `[redacted]` with both `{:?}` and `{}`.
///
/// Wrapping a value in `Redacted` makes it safe to hand to log sinks: the
/// inner value is reachable only through the explicitly named
/// [`expose`](Redacted::expose), [`expose_mut`](Redacted::expose_mut) and
/// [`into_inner`](Redacted::into_inner), which the datamin linter treats as
/// the only ways out. There is deliberately no `Deref`, `AsRef` or `Borrow`.
///
/// `Clone`, `Copy`, `PartialEq`, `Eq`, `PartialOrd`, `Ord`, `Hash` and
/// `Default` are implemented when `T` implements them, and behave as `T`'s.
///
/// # Serde (feature `serde`)
///
/// Serialization is one-way on purpose. `Serialize` always writes the string
/// `"[redacted]"`, whatever `T` is, so serializing a response or a log record
/// can never reveal the value by accident; send the value itself
/// (`redacted.expose()`) where it really must go out. `Deserialize` reads a
/// plain `T`, so request types can hold `Redacted<String>` for a password or
/// an email address that arrives from a client. A serialized `Redacted<T>`
/// therefore deserializes back only when `T` accepts the string `"[redacted]"`.
///
/// ```
/// use datamin::Redacted;
///
/// let email = Redacted::new(String::from("ada@example.com"));
/// assert_eq!(format!("{email:?} {email}"), "[redacted] [redacted]");
/// assert_eq!(email.expose(), "ada@example.com");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Redacted<T>(T);

impl<T> Redacted<T> {
    /// Wraps `value`.
    ///
    /// ```
    /// let token = datamin::Redacted::new("s3cr3t");
    /// assert_eq!(token.to_string(), "[redacted]");
    /// ```
    pub const fn new(value: T) -> Self {
        Redacted(value)
    }

    /// The inner value, by reference: an explicit way out of redaction.
    ///
    /// ```
    /// let phone = datamin::Redacted::new(String::from("+44 20 7946 0958"));
    /// assert!(phone.expose().starts_with("+44"));
    /// ```
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// The inner value, mutably: an explicit way out of redaction.
    ///
    /// ```
    /// let mut name = datamin::Redacted::new(String::from("Ada"));
    /// name.expose_mut().push_str(" Lovelace");
    /// assert_eq!(name.expose(), "Ada Lovelace");
    /// ```
    pub fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }

    /// Unwraps the inner value: an explicit way out of redaction.
    ///
    /// ```
    /// let card = datamin::Redacted::new(4_111_111_111_111_111_u64);
    /// assert_eq!(card.into_inner(), 4_111_111_111_111_111);
    /// ```
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Redacted<T> {
    /// Wraps `value`, as [`Redacted::new`].
    ///
    /// ```
    /// let ip: datamin::Redacted<&str> = "192.0.2.1".into();
    /// assert_eq!(format!("{ip:?}"), "[redacted]");
    /// ```
    fn from(value: T) -> Self {
        Redacted(value)
    }
}

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad("[redacted]")
    }
}

impl<T> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad("[redacted]")
    }
}

#[cfg(feature = "serde")]
impl<T> serde::Serialize for Redacted<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("[redacted]")
    }
}

#[cfg(feature = "serde")]
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Redacted<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Redacted)
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};

    use super::*;

    fn hash_of(value: &impl Hash) -> u64 {
        let mut hasher = DefaultHasher::new();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Redacted::new(String::from("hunter2"));
        for shown in [
            format!("{secret:?}"),
            format!("{secret}"),
            format!("{secret:#?}"),
            format!("{:?}", Some(&secret)),
            format!("{:?}", vec![secret.clone()]),
        ] {
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{secret:#?}"), "[redacted]");
    }

    #[test]
    fn debug_and_display_honour_width_fill_and_alignment() {
        let secret = Redacted::new(5_u8);
        assert_eq!(format!("{secret:>12}"), "  [redacted]");
        assert_eq!(format!("{secret:<12?}"), "[redacted]  ");
        assert_eq!(format!("{secret:*^14}"), "**[redacted]**");
        assert_eq!(format!("{secret:>5}"), "[redacted]");
        assert_eq!(format!("{secret:.3}"), "[re");
    }

    #[test]
    fn formatting_needs_no_debug_or_display_on_the_inner_type() {
        struct Opaque;
        assert_eq!(
            format!("{:?} {}", Redacted::new(Opaque), Redacted::new(Opaque)),
            "[redacted] [redacted]"
        );
    }

    #[test]
    fn expose_expose_mut_and_into_inner_reach_the_value() {
        let mut name = Redacted::new(String::from("Ada"));
        assert_eq!(name.expose(), "Ada");
        name.expose_mut().push('!');
        assert_eq!(name.into_inner(), "Ada!");
    }

    #[test]
    fn new_and_expose_work_in_const_context() {
        const PIN: Redacted<u16> = Redacted::new(1234);
        const EXPOSED: &u16 = PIN.expose();
        assert_eq!(*EXPOSED, 1234);
    }

    #[test]
    fn from_wraps_the_value() {
        let wrapped: Redacted<u32> = 7.into();
        assert_eq!(wrapped, Redacted::new(7));
        assert_eq!(Redacted::from("x").into_inner(), "x");
    }

    #[test]
    fn comparisons_hashing_and_default_follow_the_inner_value() {
        let a = Redacted::new(1);
        let b = Redacted::new(2);
        assert_eq!(a, Redacted::new(1));
        assert_ne!(a, b);
        assert!(a < b);
        assert_eq!(a.cmp(&b), Ordering::Less);
        assert_eq!(b.partial_cmp(&a), Some(Ordering::Greater));
        assert_eq!(hash_of(&a), hash_of(&Redacted::new(1)));
        assert_eq!(hash_of(&a), hash_of(&1));
        assert_eq!(Redacted::<String>::default().into_inner(), "");
        assert_eq!(Redacted::<u8>::default(), Redacted::new(0));
    }

    #[test]
    fn clone_and_copy_follow_the_inner_value() {
        let text = Redacted::new(String::from("a"));
        let cloned = text.clone();
        assert_eq!(cloned.expose(), text.expose());

        let number = Redacted::new(3_u8);
        let copied = number;
        assert_eq!(copied.into_inner() + number.into_inner(), 6);
    }
}
