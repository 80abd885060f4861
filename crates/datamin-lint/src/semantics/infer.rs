//! What makes an unannotated field look personal: the words of its name,
//! its type, and the type it belongs to (`analysis::infer` reads these).
//!
//! A name matches a term when its last words are the term's words
//! (`billing_email`, `contactEmail` end with `email`; `email_verified` ends
//! with `verified` and matches nothing). Confidences are percentages.

/// What values a term's field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Text or a value type from outside the tree; never a number, a flag,
    /// a date or a type of the tree.
    Text,
    /// Text or a number (coordinates, postcodes, salaries).
    Number,
    /// Text or a date (a birth date).
    Date,
    /// Anything but a flag or a count: an enum of the tree too (a blood type).
    Any,
}

/// A name that looks personal.
#[derive(Debug)]
pub(crate) struct Term {
    /// The words the name ends with, lowercase, singular.
    pub words: &'static [&'static str],
    pub category: &'static str,
    /// How sure the name alone makes it, in percent.
    pub confidence: u8,
    pub holds: Holds,
    /// Words that, right before the term, say it names something else
    /// (`file_name`, `server_address`, `csrf_token`).
    pub not_after: &'static [&'static str],
}

const fn term(words: &'static [&'static str], category: &'static str, confidence: u8) -> Term {
    Term {
        words,
        category,
        confidence,
        holds: Holds::Text,
        not_after: &[],
    }
}

const fn numeric(words: &'static [&'static str], category: &'static str, confidence: u8) -> Term {
    Term {
        words,
        category,
        confidence,
        holds: Holds::Number,
        not_after: &[],
    }
}

const fn date(words: &'static [&'static str], category: &'static str, confidence: u8) -> Term {
    Term {
        words,
        category,
        confidence,
        holds: Holds::Date,
        not_after: &[],
    }
}

/// Words before `name` that make it the name of a thing, not a person.
const THING_NAMES: &[&str] = &[
    "file",
    "table",
    "server",
    "host",
    "header",
    "column",
    "field",
    "type",
    "event",
    "service",
    "app",
    "application",
    "queue",
    "bucket",
    "product",
    "company",
    "org",
    "organization",
    "team",
    "role",
    "plan",
    "project",
    "repo",
    "repository",
    "branch",
    "database",
    "db",
    "schema",
    "domain",
    "key",
    "metric",
    "cookie",
    "param",
    "parameter",
    "attribute",
    "tag",
    "label",
    "class",
    "module",
    "function",
    "method",
    "crate",
    "package",
    "device",
    "network",
    "channel",
    "topic",
    "index",
    "cluster",
    "node",
    "region",
    "zone",
    "bin",
    "binary",
    "command",
    "task",
    "job",
    "feature",
    "bank",
    "template",
    "config",
    "setting",
    "env",
    "variable",
    "var",
    "site",
    "store",
    "shop",
    "brand",
    "category",
    "group",
    "list",
    "folder",
    "dir",
    "directory",
    "path",
    "resource",
    "model",
    "display_name_policy",
    "room",
    "workspace",
    "tenant",
    "realm",
    "scope",
    "provider",
    "issuer",
    "algorithm",
    "algo",
    "codec",
    "format",
    "font",
    "color",
    "theme",
    "locale",
    "language",
    "country",
    "currency",
    "unit",
    "step",
    "stage",
    "state",
    "status",
    "kind",
    "variant",
    "clinic",
    "hospital",
    "business",
    "merchant",
    "vendor",
    "supplier",
    "venue",
    "office",
    "bank",
];

/// Words before `address` that make it a machine's or a contract's.
const MACHINE_ADDRESSES: &[&str] = &[
    "socket",
    "server",
    "bind",
    "listen",
    "local",
    "memory",
    "base",
    "contract",
    "node",
    "broker",
    "proxy",
    "gateway",
    "multicast",
    "broadcast",
    "mac",
    "ip",
    "email",
    "mail",
    "web",
    "url",
    "http",
    "grpc",
    "rpc",
    "metrics",
    "admin",
    "redis",
    "db",
    "database",
];

/// Words before `token`/`secret`/`key` that make it no one's credential.
const NOT_CREDENTIALS: &[&str] = &[
    "csrf",
    "xsrf",
    "next",
    "page",
    "pagination",
    "continuation",
    "cursor",
    "cancel",
    "cancellation",
    "sync",
    "lexer",
    "parser",
    "primary",
    "foreign",
    "sort",
    "partition",
    "cache",
    "idempotency",
    "dedup",
    "map",
    "hash",
    "public",
    "lookup",
];

/// The terms, most specific first (the longest match wins).
pub(crate) const TERMS: &[Term] = &[
    // e-mail
    term(&["email"], "email", 90),
    term(&["e", "mail"], "email", 90),
    term(&["email", "address"], "email", 95),
    term(&["mail", "address"], "email", 85),
    term(&["mail"], "email", 55),
    // phone
    term(&["phone"], "phone", 90),
    term(&["phone", "number"], "phone", 95),
    term(&["mobile"], "phone", 80),
    term(&["mobile", "number"], "phone", 90),
    term(&["telephone"], "phone", 90),
    term(&["msisdn"], "phone", 90),
    term(&["sms"], "phone", 60),
    term(&["fax"], "phone", 60),
    // names
    term(&["first", "name"], "name", 90),
    term(&["firstname"], "name", 90),
    term(&["last", "name"], "name", 90),
    term(&["lastname"], "name", 90),
    term(&["surname"], "name", 90),
    term(&["full", "name"], "name", 90),
    term(&["fullname"], "name", 90),
    term(&["given", "name"], "name", 90),
    term(&["family", "name"], "name", 90),
    term(&["middle", "name"], "name", 90),
    term(&["maiden", "name"], "name", 90),
    term(&["legal", "name"], "name", 90),
    term(&["display", "name"], "name", 80),
    term(&["nickname"], "name", 75),
    term(&["username"], "name", 75),
    term(&["user", "name"], "name", 75),
    term(&["contact", "name"], "name", 85),
    term(&["holder", "name"], "name", 85),
    term(&["billing", "name"], "name", 80),
    term(&["account", "holder"], "name", 80),
    term(&["card", "holder"], "name", 85),
    term(&["cardholder"], "name", 85),
    term(&["holder"], "name", 60),
    Term {
        words: &["name"],
        category: "name",
        confidence: 45,
        holds: Holds::Text,
        not_after: THING_NAMES,
    },
    // postal addresses
    term(&["street"], "address", 85),
    term(&["street", "address"], "address", 90),
    term(&["address", "line"], "address", 90),
    term(&["home", "address"], "address", 90),
    term(&["postal", "address"], "address", 90),
    term(&["billing", "address"], "address", 85),
    term(&["shipping", "address"], "address", 85),
    term(&["house", "number"], "address", 80),
    numeric(&["postcode"], "address", 75),
    numeric(&["post", "code"], "address", 75),
    numeric(&["postal", "code"], "address", 75),
    numeric(&["zip"], "address", 70),
    numeric(&["zip", "code"], "address", 75),
    numeric(&["zipcode"], "address", 75),
    Term {
        words: &["address"],
        category: "address",
        confidence: 55,
        holds: Holds::Text,
        not_after: MACHINE_ADDRESSES,
    },
    term(&["city"], "address", 45),
    // location
    numeric(&["lat"], "location", 45),
    numeric(&["lng"], "location", 45),
    numeric(&["lon"], "location", 45),
    numeric(&["latitude"], "location", 45),
    numeric(&["longitude"], "location", 45),
    term(&["geolocation"], "location", 60),
    term(&["coordinate"], "location", 45),
    // network identity
    term(&["ip"], "ip_address", 85),
    term(&["ip", "addr"], "ip_address", 90),
    term(&["ip", "address"], "ip_address", 90),
    term(&["client", "ip"], "ip_address", 90),
    term(&["remote", "ip"], "ip_address", 90),
    term(&["remote", "addr"], "ip_address", 80),
    term(&["remote", "address"], "ip_address", 80),
    term(&["peer", "addr"], "ip_address", 60),
    term(&["forwarded", "for"], "ip_address", 80),
    // devices
    term(&["device", "id"], "device_id", 85),
    term(&["device", "token"], "device_id", 80),
    term(&["advertising", "id"], "device_id", 90),
    term(&["idfa"], "device_id", 90),
    term(&["imei"], "device_id", 90),
    term(&["mac", "address"], "device_id", 70),
    term(&["user", "agent"], "device_id", 70),
    // government ids
    term(&["ssn"], "government_id", 90),
    term(&["social", "security", "number"], "government_id", 95),
    term(&["national", "id"], "government_id", 90),
    term(&["national", "insurance", "number"], "government_id", 90),
    term(&["passport"], "government_id", 85),
    term(&["passport", "number"], "government_id", 90),
    term(&["tax", "id"], "government_id", 85),
    term(&["tax", "number"], "government_id", 85),
    term(&["driver", "license"], "government_id", 85),
    term(&["drivers", "license"], "government_id", 85),
    term(&["licence", "number"], "government_id", 70),
    // birth
    date(&["dob"], "date_of_birth", 90),
    date(&["birth", "date"], "date_of_birth", 95),
    date(&["birthdate"], "date_of_birth", 95),
    date(&["birthday"], "date_of_birth", 90),
    date(&["date", "of", "birth"], "date_of_birth", 95),
    date(&["born", "on"], "date_of_birth", 85),
    date(&["born", "at"], "date_of_birth", 80),
    date(&["born"], "date_of_birth", 80),
    // money
    term(&["iban"], "financial", 90),
    term(&["card", "number"], "financial", 90),
    term(&["credit", "card"], "financial", 85),
    term(&["account", "number"], "financial", 75),
    term(&["bank", "account"], "financial", 80),
    term(&["routing", "number"], "financial", 70),
    term(&["cvv"], "financial", 90),
    term(&["cvc"], "financial", 90),
    numeric(&["salary"], "financial", 75),
    numeric(&["income"], "financial", 70),
    numeric(&["net", "pay"], "financial", 65),
    numeric(&["gross", "pay"], "financial", 65),
    // health
    term(&["diagnosis"], "health", 80),
    term(&["medical", "history"], "health", 90),
    term(&["medication"], "health", 75),
    term(&["allergy"], "health", 75),
    Term {
        words: &["blood", "type"],
        category: "health",
        confidence: 85,
        holds: Holds::Any,
        not_after: &[],
    },
    term(&["insurance", "number"], "government_id", 70),
    // biometrics
    term(&["fingerprint"], "biometric", 60),
    term(&["fingerprint", "template"], "biometric", 85),
    term(&["face", "template"], "biometric", 80),
    // credentials
    term(&["password"], "credentials", 90),
    term(&["passwd"], "credentials", 90),
    term(&["password", "hash"], "credentials", 90),
    term(&["pin"], "credentials", 50),
    term(&["api", "key"], "credentials", 85),
    term(&["private", "key"], "credentials", 80),
    term(&["secret", "key"], "credentials", 85),
    term(&["access", "token"], "credentials", 85),
    term(&["refresh", "token"], "credentials", 85),
    term(&["session", "token"], "credentials", 85),
    term(&["auth", "token"], "credentials", 85),
    term(&["bearer", "token"], "credentials", 85),
    term(&["reset", "token"], "credentials", 85),
    term(&["session", "id"], "credentials", 70),
    term(&["jwt"], "credentials", 80),
    term(&["auth"], "credentials", 50),
    term(&["otp", "secret"], "credentials", 90),
    term(&["totp", "secret"], "credentials", 90),
    term(&["client", "secret"], "credentials", 85),
    Term {
        words: &["token"],
        category: "credentials",
        confidence: 60,
        holds: Holds::Text,
        not_after: NOT_CREDENTIALS,
    },
    Term {
        words: &["secret"],
        category: "credentials",
        confidence: 60,
        holds: Holds::Text,
        not_after: NOT_CREDENTIALS,
    },
];

/// Words in a type's name that say its values are about a person.
pub(crate) const PERSON_TYPES: &[&str] = &[
    "user",
    "customer",
    "member",
    "subscriber",
    "account",
    "profile",
    "contact",
    "employee",
    "patient",
    "person",
    "people",
    "applicant",
    "student",
    "guest",
    "recipient",
    "sender",
    "author",
    "buyer",
    "seller",
    "lead",
    "candidate",
    "rider",
    "passenger",
    "visitor",
    "attendee",
    "volunteer",
    "donor",
    "beneficiary",
    "payee",
    "signup",
    "registration",
    "identity",
    "citizen",
    "resident",
    "owner",
    "player",
    "staff",
    "doctor",
    "nurse",
    "teacher",
    "parent",
    "child",
    "kin",
    "emergency",
    "shipping",
    "billing",
    "delivery",
    "address",
    "home",
];

/// Words in a type's name that say it is an organisation or a place: its
/// address and phone number are public.
pub(crate) const ORGANISATION_TYPES: &[&str] = &[
    "clinic",
    "hospital",
    "company",
    "organisation",
    "organization",
    "org",
    "warehouse",
    "store",
    "shop",
    "branch",
    "office",
    "building",
    "site",
    "venue",
    "facility",
    "supplier",
    "vendor",
    "merchant",
    "workspace",
    "team",
    "school",
    "restaurant",
    "hotel",
    "business",
    "agency",
    "depot",
    "plant",
    "factory",
    "campus",
    "tenant",
    "app",
    "application",
];

/// Words that, before any term, make the field name something about the
/// data rather than the data (`field_email` names the attribute that holds
/// an address).
pub(crate) const META_WORDS: &[&str] = &[
    "field",
    "column",
    "header",
    "attr",
    "attribute",
    "param",
    "placeholder",
    "sample",
    "example",
    "default",
    "dummy",
    "fake",
    "mock",
    "regex",
    "pattern",
    "format",
    "label",
];

/// Type names of redaction wrappers a tree defines for itself
/// (`Sensitive<String>`): what they hold was meant to be hidden.
pub(crate) const WRAPPER_NAMES: &[&str] = &[
    "Sensitive",
    "Secret",
    "Secure",
    "Protected",
    "Masked",
    "Redacted",
    "Private",
];

/// How much a wrapper of the tree named like a redaction wrapper adds.
pub(crate) const WRAPPER_BOOST: u8 = 20;

/// Words at the end of a name that give a unit, not what is measured
/// (`net_pay_cents` is about pay).
pub(crate) const UNIT_WORDS: &[&str] = &["cent", "minor", "eur", "usd", "gbp", "amount"];

/// Words in a type's name that say its values are not records about a
/// person: a program's configuration (its addresses, tokens and e-mails are
/// the program's own), a test's data, or an error (which carries what it
/// failed on by value, not as a record).
pub(crate) const CONFIG_TYPES: &[&str] = &[
    "config",
    "configuration",
    "settings",
    "setting",
    "options",
    "opts",
    "args",
    "cli",
    "env",
    "params",
    "server",
    "listener",
    "builder",
    "metrics",
    "limits",
    "policy",
    "defaults",
    "client",
    "keypair",
    "secret",
    "test",
    "mock",
    "fake",
    "fixture",
    "dummy",
    "sample",
    "example",
    "smtp",
    "database",
    "error",
    "err",
    "rejection",
    "failure",
];

/// How much a type like a person adds, in percent.
pub(crate) const PERSON_BOOST: u8 = 30;

/// How much an annotated sibling field adds, in percent.
pub(crate) const SIBLING_BOOST: u8 = 15;

/// How much a configuration type takes away, in percent.
pub(crate) const CONFIG_PENALTY: u8 = 45;

/// How sure a field is when it is filled from an annotated field
/// (`View { contact: user.email.clone() }`), in percent.
pub(crate) const COPIED_CONFIDENCE: u8 = 85;

/// Types from outside the tree whose values are personal by themselves.
pub(crate) const PERSONAL_TYPES: &[(&str, &str, u8)] = &[
    ("IpAddr", "ip_address", 75),
    ("Ipv4Addr", "ip_address", 75),
    ("Ipv6Addr", "ip_address", 75),
    ("SocketAddr", "ip_address", 60),
    ("EmailAddress", "email", 90),
    ("Email", "email", 90),
    ("PhoneNumber", "phone", 90),
];

/// Newtypes of the tree named like these hold such data in their one field.
pub(crate) const PERSONAL_NEWTYPES: &[(&str, &str)] = &[
    ("Email", "email"),
    ("EmailAddress", "email"),
    ("PhoneNumber", "phone"),
    ("Phone", "phone"),
    ("Ssn", "government_id"),
    ("Iban", "financial"),
    ("Password", "credentials"),
    ("PasswordHash", "credentials"),
    ("FullName", "name"),
    ("Username", "name"),
];

/// Primitive types that only count or flag (a field of one is never
/// personal unless its term holds numbers).
pub(crate) const NUMBERS: &[&str] = &[
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "f32",
    "f64",
    "NonZeroU32",
    "NonZeroU64",
    "NonZeroUsize",
    "Decimal",
    "BigDecimal",
];

/// Types that are a point in time.
pub(crate) const DATES: &[&str] = &[
    "NaiveDate",
    "Date",
    "NaiveDateTime",
    "DateTime",
    "OffsetDateTime",
    "PrimitiveDateTime",
    "Timestamp",
    "SystemTime",
    "Instant",
    "Duration",
];

/// Types that hold no personal data whatever their name.
pub(crate) const NEVER: &[&str] = &[
    "bool",
    "char",
    "Url",
    "Uri",
    "PathBuf",
    "Path",
    "Regex",
    "Level",
    "LevelFilter",
    "StatusCode",
    "Method",
    "Version",
    "Ordering",
    "PhantomData",
];
