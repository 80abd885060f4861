//! Cookies (the `cookie` crate, re-exported by actix-web, axum-extra, rocket).
//!
//! A cookie built with personal data is a response sink where it is built,
//! unless the function that builds it hands it only to a jar that encrypts
//! it (rocket's `add_private`, axum-extra's `PrivateCookieJar`,
//! tower-cookies' `private(&key)`) or to an outgoing request
//! (`crate::semantics::web`): the client cannot read the first, the second
//! is no response.

use super::{Matcher, Part, ResponseSink};
use crate::sinks::Mode;

pub(crate) const SINKS: &[ResponseSink] = &[
    ResponseSink {
        matcher: Matcher::Call(&["Cookie", "new"]),
        arg: 1,
        mode: Mode::Display,
        framework: "cookie",
        name: "Cookie::new",
        part: Part::Cookie,
    },
    ResponseSink {
        matcher: Matcher::Call(&["Cookie", "build"]),
        arg: 1,
        mode: Mode::Display,
        framework: "cookie",
        name: "Cookie::build",
        part: Part::Cookie,
    },
];

/// Whether the client can read a cookie's value where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Jar {
    /// Sent as it is, or signed (authenticated, still readable).
    Readable,
    /// Encrypted and authenticated: the client holds only ciphertext.
    Private,
}

/// Methods that store a cookie in a jar the response sends.
#[derive(Debug)]
pub(crate) struct JarMethod {
    /// The receiver's type (last path segment); `None`: any receiver.
    pub receiver: Option<&'static str>,
    pub methods: &'static [&'static str],
    pub jar: Jar,
}

/// What every jar type below stores cookies with (axum-extra, tower-cookies,
/// the `cookie` crate).
const STORE: &[&str] = &["add", "add_original", "remove", "force_remove"];

/// Jars by their methods, the first matching row deciding.
pub(crate) const JAR_METHODS: &[JarMethod] = &[
    // rocket: `cookies.add_private(cookie)` on its `CookieJar`.
    JarMethod {
        receiver: None,
        methods: &["add_private", "remove_private"],
        jar: Jar::Private,
    },
    // axum-extra.
    JarMethod {
        receiver: Some("PrivateCookieJar"),
        methods: STORE,
        jar: Jar::Private,
    },
    // tower-cookies: `cookies.private(&key)`.
    JarMethod {
        receiver: Some("PrivateCookies"),
        methods: STORE,
        jar: Jar::Private,
    },
    // The `cookie` crate's view, and the one `JAR_VIEWS` gives.
    JarMethod {
        receiver: Some("PrivateJar"),
        methods: STORE,
        jar: Jar::Private,
    },
    // Signed jars authenticate the value but leave it readable.
    JarMethod {
        receiver: Some("SignedCookieJar"),
        methods: STORE,
        jar: Jar::Readable,
    },
    JarMethod {
        receiver: Some("SignedCookies"),
        methods: STORE,
        jar: Jar::Readable,
    },
    JarMethod {
        receiver: Some("SignedJar"),
        methods: STORE,
        jar: Jar::Readable,
    },
    JarMethod {
        receiver: Some("CookieJar"),
        methods: STORE,
        jar: Jar::Readable,
    },
    JarMethod {
        receiver: Some("Cookies"),
        methods: STORE,
        jar: Jar::Readable,
    },
];

/// Methods taking a key that give an encrypting or signing view of a jar
/// (`cookies.private(&key)` in tower-cookies, `jar.private_mut(&key)` in the
/// `cookie` crate), with the type `JAR_METHODS` knows the view by.
pub(crate) const JAR_VIEWS: &[(&str, &str)] = &[
    ("private", "PrivateJar"),
    ("private_mut", "PrivateJar"),
    ("signed", "SignedJar"),
    ("signed_mut", "SignedJar"),
];

/// The jar a method of a receiver type (its last segment, if known) puts
/// cookies into.
pub(crate) fn jar_of(receiver: Option<&str>, method: &str) -> Option<Jar> {
    JAR_METHODS
        .iter()
        .find(|row| {
            row.receiver.is_none_or(|r| receiver == Some(r)) && row.methods.contains(&method)
        })
        .map(|row| row.jar)
}

/// The view a key-taking method of a jar gives (`private(&key)`).
pub(crate) fn view_of(method: &str) -> Option<&'static str> {
    JAR_VIEWS
        .iter()
        .find(|(m, _)| *m == method)
        .map(|(_, view)| *view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_jars_encrypt_and_signed_jars_do_not() {
        assert_eq!(jar_of(Some("CookieJar"), "add_private"), Some(Jar::Private));
        assert_eq!(jar_of(None, "add_private"), Some(Jar::Private));
        assert_eq!(jar_of(Some("PrivateCookieJar"), "add"), Some(Jar::Private));
        assert_eq!(jar_of(Some("SignedCookieJar"), "add"), Some(Jar::Readable));
        assert_eq!(jar_of(Some("CookieJar"), "add"), Some(Jar::Readable));
        assert_eq!(jar_of(None, "add"), None);
        assert_eq!(jar_of(Some("Cookies"), "private"), None);
    }

    #[test]
    fn views_are_known_by_the_jars_they_give() {
        let view = view_of("private").expect("a view");
        assert_eq!(jar_of(Some(view), "add"), Some(Jar::Private));
        let view = view_of("signed_mut").expect("a view");
        assert_eq!(jar_of(Some(view), "add"), Some(Jar::Readable));
    }
}
