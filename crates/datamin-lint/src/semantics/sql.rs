//! SQL: the words that end a clause, and the functions whose result does
//! not hold their input, for reading which columns a query's rows carry
//! (`analysis::sql`).

/// Keywords that end a statement's `FROM` list (or its output list).
pub(crate) const CLAUSE_ENDS: &[&str] = &[
    "from",
    "where",
    "group",
    "order",
    "limit",
    "offset",
    "having",
    "window",
    "fetch",
    "for",
    "returning",
    "union",
    "intersect",
    "except",
    "on",
    "using",
    "into",
    "values",
    "set",
];

/// Words that make an output a truth value (`email IS NULL`, `name LIKE ..`):
/// it derives from no column.
pub(crate) const PREDICATE_WORDS: &[&str] = &[
    "is", "like", "ilike", "in", "not", "and", "or", "exists", "between", "similar",
];

/// Functions whose result measures or hides their input rather than holding
/// it: counts, lengths, hashes, existence.
pub(crate) const CLEAN_FUNCTIONS: &[&str] = &[
    "count",
    "length",
    "char_length",
    "character_length",
    "octet_length",
    "bit_length",
    "exists",
    "md5",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "digest",
    "crypt",
    "bool_or",
    "bool_and",
    "every",
];

/// Words that join a source to a `FROM` list (`LEFT OUTER JOIN`, `CROSS
/// JOIN LATERAL`, `ONLY t`).
pub(crate) const JOIN_WORDS: &[&str] = &[
    "join", "inner", "left", "right", "full", "outer", "cross", "natural", "lateral", "only",
];

/// The other keywords that are never an alias or a column.
pub(crate) const OTHER_KEYWORDS: &[&str] = &[
    "on", "using", "as", "select", "from", "case", "when", "then", "else", "end", "distinct",
    "null", "true", "false",
];
