//! Redaction crates: wrappers that hide a value from `Debug`/`Display`, and
//! derives that redact fields in `Debug`.
//!
//! A wrapper's row says what each sink sees of the value inside: log sinks
//! (`Debug`, `Display`, a `tracing` field) see a placeholder; a serialized
//! response sees what the wrapper's `Serialize` writes, with or without one
//! of its serde helpers on the field (`#[serde(serialize_with = "..")]`); the
//! expose methods hand the value back. Several crates name a wrapper alike
//! (`Secret`, `Redacted`): the file's `use` decides, and when it does not,
//! the type is every row of that name ([`Wrappers`]), redacting in logs and
//! revealing in responses only if each of them reveals.

/// What a wrapper's `Serialize` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Serde {
    /// A placeholder, or nothing (no `Serialize` impl): clean unless a
    /// revealing helper is on the field.
    Hides,
    /// The value inside.
    Reveals,
}

/// A redacting wrapper type of one crate.
#[derive(Debug)]
pub(crate) struct WrapperRow {
    /// The crate, as its first path segment (`secrecy`).
    pub krate: &'static str,
    /// The wrapper types, by their last segment.
    pub types: &'static [&'static str],
    /// Aliases that hold text without a type argument (`SecretString`).
    pub text_types: &'static [&'static str],
    /// Associated functions that wrap their argument (`Secret::new(x)`).
    pub constructors: &'static [&'static str],
    /// Whether `Debug`/`Display` hide the value (every row so far does).
    pub masks_logs: bool,
    pub serde: Serde,
    /// `serialize_with` helpers that write the value inside, by their last
    /// segment (`"redact::serde::expose_secret"`).
    pub revealing_helpers: &'static [&'static str],
    /// Methods that give the value inside back.
    pub expose: &'static [&'static str],
}

/// `serialize_with` helpers of the wrapper crates that write a placeholder,
/// by their last segment.
pub(crate) const REDACTING_HELPERS: &[&str] = &["redact_secret", "redact"];

/// Every wrapper row. Their order is the bit of [`Wrappers`]: at most 8 rows.
pub(crate) const WRAPPERS: &[WrapperRow] = &[
    // `datamin::Redacted<T>`: `Serialize` writes `"[redacted]"`.
    WrapperRow {
        krate: "datamin",
        types: &["Redacted"],
        text_types: &[],
        constructors: &["new", "from"],
        masks_logs: true,
        serde: Serde::Hides,
        revealing_helpers: &[],
        expose: &["expose", "expose_mut", "into_inner"],
    },
    // secrecy 0.10 (`SecretBox`, `SecretString`, `SecretSlice`) and 0.8
    // (`Secret`, `SecretVec`): no `Serialize` unless the inner type opts in
    // with `SerializableSecret`, which is not followed.
    WrapperRow {
        krate: "secrecy",
        types: &[
            "SecretBox",
            "SecretString",
            "SecretSlice",
            "Secret",
            "SecretVec",
        ],
        text_types: &["SecretString"],
        constructors: &["new", "from", "init_with", "init_with_mut"],
        masks_logs: true,
        serde: Serde::Hides,
        revealing_helpers: &[],
        expose: &["expose_secret", "expose_secret_mut"],
    },
    // redact: no `Serialize`; its serde helpers write the value
    // (`expose_secret`) or a placeholder (`redact_secret`).
    WrapperRow {
        krate: "redact",
        types: &["Secret"],
        text_types: &[],
        constructors: &["new", "from"],
        masks_logs: true,
        serde: Serde::Hides,
        revealing_helpers: &["expose_secret"],
        expose: &["expose_secret"],
    },
    // masking (hyperswitch): `Debug` masked, `Serialize` writes the value.
    WrapperRow {
        krate: "masking",
        types: &["Secret", "StrongSecret"],
        text_types: &[],
        constructors: &["new", "from"],
        masks_logs: true,
        serde: Serde::Reveals,
        revealing_helpers: &[],
        expose: &["peek", "peek_mut", "expose"],
    },
    // redactrs: `Serialize` writes the redacted text; `no_redact` the value.
    WrapperRow {
        krate: "redactrs",
        types: &["Redacted"],
        text_types: &[],
        constructors: &["from"],
        masks_logs: true,
        serde: Serde::Hides,
        revealing_helpers: &["no_redact"],
        expose: &["into_inner", "inner", "inner_mut"],
    },
];

/// The rows a wrapper type may be: one when its crate is known, every row
/// of its name when not. Never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Wrappers(u8);

impl Wrappers {
    fn rows(self) -> impl Iterator<Item = &'static WrapperRow> {
        WRAPPERS
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, row)| row)
    }

    /// Whether log sinks (`Debug`, `Display`, a `tracing` value) see a
    /// placeholder: unless every candidate shows the value.
    pub fn masks_logs(self) -> bool {
        self.rows().any(|r| r.masks_logs)
    }

    /// Whether serializing shows the value inside, with the field's
    /// `serialize_with` helper if it has one: only if every candidate does.
    /// A helper no row knows (the project's own `crate::secret::serialize`)
    /// is taken to write the value: a secret gets a serializer of its own
    /// to be written out; a known redacting helper (`redact_secret`) is not.
    pub fn serializes_value(self, helper: Option<&str>) -> bool {
        let helper = helper.map(|h| h.rsplit("::").next().unwrap_or(h));
        if let Some(h) = helper
            && !REDACTING_HELPERS.contains(&h)
            && !WRAPPERS.iter().any(|r| r.revealing_helpers.contains(&h))
        {
            return true;
        }
        self.rows().all(|r| {
            r.serde == Serde::Reveals || helper.is_some_and(|h| r.revealing_helpers.contains(&h))
        })
    }

    /// Whether `method` hands out the value inside (for some candidate).
    pub fn exposes(self, method: &str) -> bool {
        self.rows().any(|r| r.expose.contains(&method))
    }

    /// Whether a type of this name, written without arguments, holds text.
    pub fn holds_text(self, name: &str) -> bool {
        self.rows().any(|r| r.text_types.contains(&name))
    }

    /// Whether `name` is an associated function that wraps its argument.
    pub fn constructs(self, name: &str) -> bool {
        self.rows().any(|r| r.constructors.contains(&name))
    }
}

/// The wrapper rows a type or constructor owner named `full` may be:
/// `full` is the path as written, expanded through the file's `use` items
/// (`["secrecy", "SecretString"]`); `globs` are the file's glob imports.
/// A path that names one of the crates picks its rows; otherwise every row
/// of that name is a candidate.
pub(crate) fn wrappers_named(full: &[String], globs: &[Vec<String>]) -> Option<Wrappers> {
    let name = full.last()?;
    let named = bits(|r| r.types.contains(&name.as_str()));
    if named == 0 {
        return None;
    }
    let krate = match full {
        [krate, .., _] => Some(krate.as_str()),
        [_] => globs
            .iter()
            .filter_map(|g| g.first())
            .map(String::as_str)
            .find(|g| WRAPPERS.iter().any(|r| r.krate == *g)),
        [] => None,
    };
    let of_crate = krate.map_or(0, |k| named & bits(|r| r.krate == k));
    Some(Wrappers(if of_crate == 0 { named } else { of_crate }))
}

fn bits(pred: impl Fn(&WrapperRow) -> bool) -> u8 {
    WRAPPERS
        .iter()
        .enumerate()
        .filter(|(_, r)| pred(r))
        .fold(0, |acc, (i, _)| acc | (1 << i))
}

/// Which fields a redacting `Debug` derive hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hides {
    /// Every `#[personal]` field (`datamin::RedactedDebug`).
    PersonalFields,
    /// The fields its attributes mark ([`FIELD_ATTR`] grammar, veil's
    /// `#[derive(Redact)]`).
    MarkedFields,
}

/// A derive that implements `Debug` with some fields redacted. It changes
/// `Debug` only: serialization is not affected.
#[derive(Debug)]
pub(crate) struct DebugDeriveRow {
    /// The derive's last segment.
    pub derive: &'static str,
    pub hides: Hides,
}

pub(crate) const DEBUG_DERIVES: &[DebugDeriveRow] = &[
    // `datamin::RedactedDebug`.
    DebugDeriveRow {
        derive: "RedactedDebug",
        hides: Hides::PersonalFields,
    },
    // veil's `#[derive(Redact)]`.
    DebugDeriveRow {
        derive: "Redact",
        hides: Hides::MarkedFields,
    },
];

/// The redacting `Debug` derive among a type's derives, if any.
pub(crate) fn debug_derive(derives: impl Fn(&str) -> bool) -> Option<&'static DebugDeriveRow> {
    DEBUG_DERIVES.iter().find(|row| derives(row.derive))
}

/// veil's attribute grammar: `#[redact]` (with any modifiers: `partial`,
/// `fixed = 3`, `with = 'X'`) hides a field, `#[redact(skip)]` keeps it;
/// `#[redact(all)]` on a struct or on an enum variant hides every field
/// not skipped; `variant` is about variant names (`#[redact(all, variant)]`
/// on an enum hides names, not fields).
pub(crate) struct MarkAttr {
    pub attr: &'static str,
    pub all: &'static str,
    pub skip: &'static str,
    pub variant: &'static str,
}

pub(crate) const FIELD_ATTR: MarkAttr = MarkAttr {
    attr: "redact",
    all: "all",
    skip: "skip",
    variant: "variant",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Vec<String> {
        p.split("::").map(str::to_owned).collect()
    }

    fn named(p: &str) -> Wrappers {
        wrappers_named(&path(p), &[]).expect("a wrapper")
    }

    #[test]
    fn the_use_path_picks_the_crate() {
        assert!(named("masking::Secret").serializes_value(None));
        assert!(!named("secrecy::Secret").serializes_value(None));
        assert!(!named("redact::Secret").serializes_value(None));
        assert!(named("redact::Secret").exposes("expose_secret"));
        assert!(!named("redact::Secret").exposes("peek"));
        assert!(named("masking::StrongSecret").exposes("peek"));
        assert!(named("datamin::Redacted").exposes("expose"));
        assert_ne!(named("datamin::Redacted"), named("Redacted"));
        assert!(named("redactrs::Redacted").exposes("inner"));
        assert!(!named("datamin::Redacted").exposes("inner"));
    }

    #[test]
    fn an_unknown_crate_means_every_row_of_the_name() {
        let secret = named("Secret");
        assert!(secret.masks_logs());
        // masking reveals, redact and secrecy do not: not revealing.
        assert!(!secret.serializes_value(None));
        assert!(secret.exposes("expose_secret") && secret.exposes("peek"));
        let elsewhere = named("vendored::Secret");
        assert_eq!(elsewhere, secret);
        assert!(wrappers_named(&path("Customer"), &[]).is_none());
    }

    #[test]
    fn a_glob_import_names_the_crate() {
        let globs = vec![path("std::fmt"), path("masking")];
        let w = wrappers_named(&path("Secret"), &globs).expect("a wrapper");
        assert!(w.serializes_value(None));
    }

    #[test]
    fn serde_helpers_reveal_by_their_last_segment() {
        let redact = named("redact::Secret");
        assert!(redact.serializes_value(Some("expose_secret")));
        assert!(redact.serializes_value(Some("redact::serde::expose_secret")));
        assert!(!redact.serializes_value(Some("redact_secret")));
        let redactrs = named("redactrs::Redacted");
        assert!(!redactrs.serializes_value(None));
        assert!(redactrs.serializes_value(Some("no_redact")));
        // Unknown `Redacted`: datamin's has no revealing helper.
        assert!(!named("Redacted").serializes_value(Some("no_redact")));
        assert!(!named("secrecy::SecretBox").serializes_value(Some("expose_secret")));
    }

    #[test]
    fn text_aliases_and_constructors() {
        let s = named("secrecy::SecretString");
        assert!(s.holds_text("SecretString"));
        assert!(s.constructs("from") && s.constructs("init_with"));
        assert!(!named("redactrs::Redacted").constructs("new"));
    }

    #[test]
    fn debug_derives_say_what_they_hide() {
        let veil = debug_derive(|d| d == "Redact").expect("veil");
        assert_eq!(veil.hides, Hides::MarkedFields);
        let own = debug_derive(|d| d == "RedactedDebug").expect("datamin");
        assert_eq!(own.hides, Hides::PersonalFields);
        assert!(debug_derive(|d| d == "Debug").is_none());
    }

    #[test]
    fn rows_fit_in_the_bit_set() {
        assert!(WRAPPERS.len() <= 8);
        assert!(wrappers_named(&path("secrecy::SecretSlice"), &[]).is_some());
        assert!(wrappers_named(&path("std::boxed::Box"), &[]).is_none());
    }
}
