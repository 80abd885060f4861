//! `#[derive(RedactedDebug)]` prints exactly what `#[derive(Debug)]` prints,
//! except that personal fields print as `[redacted]`.
//!
//! Each type in `ours` has a twin of the same name in `std_twin` deriving the
//! standard `Debug`, where each personal field `x: T` is declared
//! `x: Redacted<T>` (which prints `[redacted]`). The outputs must be
//! byte-identical, compact and pretty, with and without formatter flags.

#![allow(dead_code, non_camel_case_types)]

use std::fmt::Debug;

use datamin::Redacted;

/// Asserts `ours` formats exactly as `twin` under several format specs.
fn assert_same_debug(ours: &impl Debug, twin: &impl Debug) {
    let pairs = [
        (format!("{ours:?}"), format!("{twin:?}")),
        (format!("{ours:#?}"), format!("{twin:#?}")),
        (format!("{ours:>14?}"), format!("{twin:>14?}")),
        (format!("{ours:*^16?}"), format!("{twin:*^16?}")),
        (format!("{ours:#x?}"), format!("{twin:#x?}")),
        (format!("{:?}", &&ours), format!("{:?}", &&twin)),
        (
            format!("{:#?}", Some(vec![ours])),
            format!("{:#?}", Some(vec![twin])),
        ),
    ];
    for (ours, twin) in pairs {
        assert_eq!(ours, twin);
    }
}

#[derive(Debug, Clone, Default)]
struct Address {
    street: String,
    zip: u32,
}

mod ours {
    use super::Address;
    use datamin::RedactedDebug;
    use std::collections::BTreeMap;

    #[derive(RedactedDebug)]
    pub struct Customer {
        pub id: u64,
        #[personal(email)]
        pub email: String,
        #[personal(name)]
        pub full_name: String,
        pub tags: Vec<&'static str>,
        pub address: Option<Address>,
        pub scores: BTreeMap<u8, f32>,
        pub note: &'static str,
    }

    #[derive(RedactedDebug)]
    pub struct Plain {
        pub id: u64,
        pub label: &'static str,
        pub nested: Option<Address>,
    }

    #[derive(RedactedDebug)]
    pub struct Session(pub u64, #[personal(ip_address)] pub String, pub bool);

    #[derive(RedactedDebug)]
    pub struct Unit;

    #[derive(RedactedDebug)]
    pub struct EmptyBraces {}

    #[derive(RedactedDebug)]
    pub struct EmptyTuple();

    #[derive(RedactedDebug)]
    pub enum Contact {
        Anonymous,
        Phone(#[personal(phone)] String),
        Mail {
            #[personal(email)]
            address: String,
            verified: bool,
        },
        Postal(u32, #[personal(address)] Address, String),
        Ids {
            first: u64,
            second: u64,
        },
        NoFields {},
        EmptyTuple(),
    }

    #[derive(RedactedDebug)]
    pub enum Never {}

    #[derive(RedactedDebug)]
    pub struct Borrowed<'a, T: Clone, U, const N: usize>
    where
        U: Default,
    {
        #[personal(email)]
        pub email: &'a str,
        pub items: [T; N],
        pub extra: U,
        #[personal(location)]
        pub last_seen: &'a U,
    }

    #[derive(RedactedDebug)]
    pub enum Event<T, E: Clone>
    where
        T: Into<String>,
    {
        Login {
            #[personal(ip_address)]
            from: T,
            attempt: u8,
        },
        Failed(E),
    }

    #[derive(RedactedDebug)]
    pub struct r#Match {
        pub r#type: u8,
        #[personal(email)]
        pub r#ref: String,
    }

    #[derive(RedactedDebug)]
    pub enum r#enum {
        r#struct {
            #[personal(phone)]
            r#fn: String,
            r#in: u8,
        },
    }

    #[derive(RedactedDebug, serde::Serialize)]
    pub struct Attributed {
        /// The id.
        #[serde(rename = "accountId")]
        pub id: u64,
        #[serde(rename = "mail")]
        #[personal(email)]
        #[allow(unused)]
        pub email: String,
        #[cfg_attr(all(), personal(name))]
        pub display_name: String,
    }

    /// A personal field needs no `Debug` of its own: it is never formatted.
    pub struct NotDebug;

    #[derive(RedactedDebug, Clone, Copy)]
    #[repr(C, packed)]
    pub struct Packed {
        pub flag: u8,
        pub id: u64,
        #[personal(financial)]
        pub balance: i64,
    }

    #[derive(RedactedDebug)]
    #[repr(u8)]
    pub enum Level {
        Low = 1,
        High(#[personal] u8) = 7,
    }

    #[derive(RedactedDebug)]
    pub struct HoldsOpaque {
        pub id: u8,
        #[personal(credentials)]
        pub key: NotDebug,
    }
}

mod std_twin {
    use super::Address;
    use datamin::Redacted;
    use std::collections::BTreeMap;

    #[derive(Debug)]
    pub struct Customer {
        pub id: u64,
        pub email: Redacted<String>,
        pub full_name: Redacted<String>,
        pub tags: Vec<&'static str>,
        pub address: Option<Address>,
        pub scores: BTreeMap<u8, f32>,
        pub note: &'static str,
    }

    #[derive(Debug)]
    pub struct Plain {
        pub id: u64,
        pub label: &'static str,
        pub nested: Option<Address>,
    }

    #[derive(Debug)]
    pub struct Session(pub u64, pub Redacted<String>, pub bool);

    #[derive(Debug)]
    pub struct Unit;

    #[derive(Debug)]
    pub struct EmptyBraces {}

    #[derive(Debug)]
    pub struct EmptyTuple();

    #[derive(Debug)]
    pub enum Contact {
        Anonymous,
        Phone(Redacted<String>),
        Mail {
            address: Redacted<String>,
            verified: bool,
        },
        Postal(u32, Redacted<Address>, String),
        Ids {
            first: u64,
            second: u64,
        },
        NoFields {},
        EmptyTuple(),
    }

    #[derive(Debug)]
    pub struct Borrowed<'a, T: Clone, U, const N: usize>
    where
        U: Default,
    {
        pub email: Redacted<&'a str>,
        pub items: [T; N],
        pub extra: U,
        pub last_seen: Redacted<&'a U>,
    }

    #[derive(Debug)]
    pub enum Event<T, E: Clone>
    where
        T: Into<String>,
    {
        Login { from: Redacted<T>, attempt: u8 },
        Failed(E),
    }

    #[derive(Debug)]
    pub struct r#Match {
        pub r#type: u8,
        pub r#ref: Redacted<String>,
    }

    #[derive(Debug)]
    pub enum r#enum {
        r#struct { r#fn: Redacted<String>, r#in: u8 },
    }

    #[derive(Debug)]
    pub struct Attributed {
        pub id: u64,
        pub email: Redacted<String>,
        pub display_name: Redacted<String>,
    }

    #[derive(Debug, Clone, Copy)]
    #[repr(C, packed)]
    pub struct Packed {
        pub flag: u8,
        pub id: u64,
        pub balance: Redacted<i64>,
    }

    #[derive(Debug)]
    #[repr(u8)]
    pub enum Level {
        Low = 1,
        High(Redacted<u8>) = 7,
    }

    #[derive(Debug)]
    pub struct HoldsOpaque {
        pub id: u8,
        pub key: Redacted<super::ours::NotDebug>,
    }
}

fn address() -> Address {
    Address {
        street: "1 \"Quoted\" Lane\n".into(),
        zip: 12345,
    }
}

#[test]
fn named_struct_matches_std_debug_with_personal_fields_redacted() {
    let ours = ours::Customer {
        id: 42,
        email: "ada@example.com".into(),
        full_name: "Ada Lovelace".into(),
        tags: vec!["vip", "new"],
        address: Some(address()),
        scores: [(1, 0.5), (2, 1.25)].into(),
        note: "tab\there",
    };
    let twin = std_twin::Customer {
        id: 42,
        email: Redacted::new("ada@example.com".into()),
        full_name: Redacted::new("Ada Lovelace".into()),
        tags: vec!["vip", "new"],
        address: Some(address()),
        scores: [(1, 0.5), (2, 1.25)].into(),
        note: "tab\there",
    };
    assert_same_debug(&ours, &twin);
    let shown = format!("{ours:?} {ours:#?}");
    assert!(!shown.contains("ada@example.com") && !shown.contains("Lovelace"));
}

#[test]
fn compact_and_pretty_output_read_as_expected() {
    let session = ours::Session(7, "192.0.2.1".into(), true);
    assert_eq!(format!("{session:?}"), "Session(7, [redacted], true)");
    assert_eq!(
        format!("{session:#?}"),
        "Session(\n    7,\n    [redacted],\n    true,\n)"
    );
    let mail = ours::Contact::Mail {
        address: "a@example.com".into(),
        verified: false,
    };
    assert_eq!(
        format!("{mail:?}"),
        "Mail { address: [redacted], verified: false }"
    );
}

#[test]
fn struct_without_personal_fields_matches_std_debug() {
    let ours = ours::Plain {
        id: 1,
        label: "x\"y",
        nested: Some(address()),
    };
    let twin = std_twin::Plain {
        id: 1,
        label: "x\"y",
        nested: Some(address()),
    };
    assert_same_debug(&ours, &twin);
}

#[test]
fn tuple_struct_matches_std_debug() {
    assert_same_debug(
        &ours::Session(7, "192.0.2.1".into(), true),
        &std_twin::Session(7, Redacted::new("192.0.2.1".into()), true),
    );
}

#[test]
fn unit_and_empty_structs_match_std_debug() {
    assert_same_debug(&ours::Unit, &std_twin::Unit);
    assert_same_debug(&ours::EmptyBraces {}, &std_twin::EmptyBraces {});
    assert_same_debug(&ours::EmptyTuple(), &std_twin::EmptyTuple());
}

#[test]
fn every_enum_variant_shape_matches_std_debug() {
    use ours::Contact as O;
    use std_twin::Contact as T;
    let pairs = [
        (O::Anonymous, T::Anonymous),
        (
            O::Phone("+1 555".into()),
            T::Phone(Redacted::new("+1 555".into())),
        ),
        (
            O::Mail {
                address: "a@example.com".into(),
                verified: true,
            },
            T::Mail {
                address: Redacted::new("a@example.com".into()),
                verified: true,
            },
        ),
        (
            O::Postal(9, address(), "note".into()),
            T::Postal(9, Redacted::new(address()), "note".into()),
        ),
        (
            O::Ids {
                first: 1,
                second: 2,
            },
            T::Ids {
                first: 1,
                second: 2,
            },
        ),
        (O::NoFields {}, T::NoFields {}),
        (O::EmptyTuple(), T::EmptyTuple()),
    ];
    for (ours, twin) in &pairs {
        assert_same_debug(ours, twin);
    }
}

#[test]
fn generics_lifetimes_and_const_params_match_std_debug() {
    let zone = String::from("Europe/London");
    let ours = ours::Borrowed {
        email: "a@example.com",
        items: [1_u8, 2, 3],
        extra: zone.clone(),
        last_seen: &zone,
    };
    let twin = std_twin::Borrowed {
        email: Redacted::new("a@example.com"),
        items: [1_u8, 2, 3],
        extra: zone.clone(),
        last_seen: Redacted::new(&zone),
    };
    assert_same_debug(&ours, &twin);

    assert_same_debug(
        &ours::Event::<String, u8>::Login {
            from: "192.0.2.1".into(),
            attempt: 3,
        },
        &std_twin::Event::<String, u8>::Login {
            from: Redacted::new("192.0.2.1".into()),
            attempt: 3,
        },
    );
    assert_same_debug(
        &ours::Event::<String, Vec<u8>>::Failed(vec![1]),
        &std_twin::Event::<String, Vec<u8>>::Failed(vec![1]),
    );
}

#[test]
fn raw_identifiers_match_std_debug() {
    assert_same_debug(
        &ours::Match {
            r#type: 1,
            r#ref: "a@example.com".into(),
        },
        &std_twin::Match {
            r#type: 1,
            r#ref: Redacted::new("a@example.com".into()),
        },
    );
    assert_same_debug(
        &ours::r#enum::r#struct {
            r#fn: "+1".into(),
            r#in: 2,
        },
        &std_twin::r#enum::r#struct {
            r#fn: Redacted::new("+1".into()),
            r#in: 2,
        },
    );
    assert_eq!(
        format!(
            "{:?}",
            ours::Match {
                r#type: 1,
                r#ref: String::new()
            }
        ),
        "Match { type: 1, ref: [redacted] }"
    );
}

#[test]
fn other_attributes_around_personal_match_std_debug() {
    assert_same_debug(
        &ours::Attributed {
            id: 1,
            email: "a@example.com".into(),
            display_name: "Ada".into(),
        },
        &std_twin::Attributed {
            id: 1,
            email: Redacted::new("a@example.com".into()),
            display_name: Redacted::new("Ada".into()),
        },
    );
}

#[test]
fn packed_struct_matches_std_debug() {
    assert_same_debug(
        &ours::Packed {
            flag: 1,
            id: 2,
            balance: -3,
        },
        &std_twin::Packed {
            flag: 1,
            id: 2,
            balance: Redacted::new(-3),
        },
    );
}

#[test]
fn enum_with_explicit_discriminants_matches_std_debug() {
    assert_same_debug(&ours::Level::Low, &std_twin::Level::Low);
    assert_same_debug(
        &ours::Level::High(3),
        &std_twin::Level::High(Redacted::new(3)),
    );
}

#[test]
fn personal_field_of_a_type_without_debug_is_redacted() {
    assert_same_debug(
        &ours::HoldsOpaque {
            id: 1,
            key: ours::NotDebug,
        },
        &std_twin::HoldsOpaque {
            id: 1,
            key: Redacted::new(ours::NotDebug),
        },
    );
}

#[test]
fn enum_without_variants_derives() {
    fn assert_debug<T: Debug>() {}
    assert_debug::<ours::Never>();
}

mod shadowing {
    //! Generated code uses absolute paths, so local items named like std
    //! items do not break it.
    #![allow(dead_code)]

    pub struct Formatter;
    pub struct Result;
    pub struct Option;
    pub trait Debug {}
    pub mod core {}
    pub mod fmt {}
    pub mod datamin {}

    #[derive(::datamin::RedactedDebug)]
    pub struct Shadowed {
        pub id: u8,
        #[personal]
        pub secret: u8,
    }
}

#[test]
fn generated_paths_are_immune_to_local_shadowing() {
    assert_eq!(
        format!("{:?}", shadowing::Shadowed { id: 1, secret: 2 }),
        "Shadowed { id: 1, secret: [redacted] }"
    );
}

/// Whether `$ty: Debug`, answered at compile time without failing the build:
/// the inherent constant (bounded by `Debug`) wins over the trait's default
/// when the bound holds.
macro_rules! implements_debug {
    ($ty:ty) => {{
        struct Probe<T>(std::marker::PhantomData<T>);
        trait Fallback {
            const YES: bool = false;
        }
        impl<T> Fallback for Probe<T> {}
        impl<T: Debug> Probe<T> {
            const YES: bool = true;
        }
        <Probe<$ty>>::YES
    }};
}

#[derive(datamin::RedactedDebug)]
struct Wrapper<T> {
    #[personal]
    value: T,
}

#[test]
fn type_parameters_must_be_debug_like_std_derive() {
    #[derive(Debug)]
    struct StdWrapper<T> {
        value: T,
    }
    assert!(implements_debug!(Wrapper<u8>));
    assert!(!implements_debug!(Wrapper<ours::NotDebug>));
    assert!(implements_debug!(StdWrapper<u8>));
    assert!(!implements_debug!(StdWrapper<ours::NotDebug>));
}
