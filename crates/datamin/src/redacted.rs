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
