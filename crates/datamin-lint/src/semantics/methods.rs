//! The standard library's methods, by what their result carries of the
//! receiver. The interpreter (`analysis::flow::methods`) applies each family's
//! effect; a method in none of them is followed only when the tree defines it.

/// Methods that give back the receiver's data unchanged (as far as personal data goes).
/// A map's `entry(key)`.
pub(crate) const ENTRY: &str = "entry";

/// Methods of a map's entry that give the value at its key
/// (`map.entry(k).or_default().push(v)` writes into the map).
pub(crate) const ENTRY_VALUE_METHODS: &[&str] = &[
    "or_default",
    "or_insert",
    "or_insert_with",
    "or_insert_with_key",
];

pub(crate) const SAME_METHODS: &[&str] = &[
    "clone",
    "to_owned",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "deref",
    "deref_mut",
    "iter",
    "into_iter",
    "iter_mut",
    "drain",
    "by_ref",
    "lock",
    "read",
    "write",
    "rev",
    "skip",
    "take",
    "step_by",
    "peekable",
    "cycle",
    "fuse",
    "cloned",
    "copied",
    "to_vec",
    "into_vec",
    "as_slice",
    "as_deref",
    "as_deref_mut",
    "collect",
    "into",
    "try_into",
    "to_owned_vec",
    "into_owned",
    "sorted",
    "dedup",
    "flatten",
    "chain",
    "into_inner_unchecked",
    "as_mut_slice",
    "get_ref",
    "get_mut_ref",
    "into_sorted_vec",
    "into_boxed_slice",
    "unwrap_or_clone",
    "blocking_lock",
    "blocking_read",
    "blocking_write",
    "try_lock",
    "values_mut",
];

/// Methods producing a string from the receiver's data.
pub(crate) const STR_METHODS: &[&str] = &[
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "trim",
    "trim_start",
    "trim_end",
    "trim_matches",
    "trim_start_matches",
    "trim_end_matches",
    "replace",
    "replacen",
    "repeat",
    "as_str",
    "into_string",
    "to_str",
    "as_bytes",
    "into_bytes",
    "into_boxed_str",
    "display",
    "to_string_lossy",
    "escape_debug",
    "escape_default",
    "as_os_str",
    "to_path_buf",
    "as_path",
    "file_name",
    "concat",
    "join",
];

/// Methods yielding a sequence of pieces of the receiver.
pub(crate) const SPLIT_METHODS: &[&str] = &[
    "chars",
    "bytes",
    "split",
    "rsplit",
    "splitn",
    "rsplitn",
    "split_terminator",
    "lines",
    "split_whitespace",
    "split_ascii_whitespace",
    "char_indices",
    "windows",
    "chunks",
    "split_inclusive",
    "encode_utf16",
    "matches",
];

/// Methods yielding one element (as an `Option`) of the receiver.
pub(crate) const PICK_METHODS: &[&str] = &[
    "first",
    "recv",
    "try_recv",
    "blocking_recv",
    "recv_timeout",
    "last",
    "get",
    "get_mut",
    "pop",
    "pop_front",
    "pop_back",
    "next",
    "next_back",
    "nth",
    "max",
    "min",
    "peek",
    "strip_prefix",
    "strip_suffix",
    "split_once",
    "rsplit_once",
    "front",
    "back",
    "first_mut",
    "last_mut",
    "choose",
];

/// Methods a type gets from its derives and blanket impls (`Clone`,
/// `PartialEq`, `Hash`, `Debug`, conversions): called on a type of the tree,
/// they are the type's own, never its `Deref` target's.
pub(crate) const DERIVED_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "to_owned",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "hash",
    "fmt",
    "serialize",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
];

/// Methods whose result carries nothing of the receiver.
pub(crate) const CLEAN_METHODS: &[&str] = &[
    "len",
    "is_empty",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "starts_with",
    "ends_with",
    "contains_key",
    "hash",
    "count",
    "position",
    "rposition",
    "any",
    "all",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "capacity",
    "is_ascii",
    "is_char_boundary",
    "is_some_and",
    "is_none_or",
    "is_ok_and",
    "is_err_and",
    "eq_ignore_ascii_case",
    "type_id",
    "sum",
    "product",
    "is_sorted",
    "binary_search",
];

/// Methods that add their arguments to the receiver in place.
pub(crate) const PUSH_METHODS: &[&str] = &[
    "push",
    "push_str",
    "push_back",
    "push_front",
    "insert",
    "extend",
    "append",
    "insert_str",
    "extend_from_slice",
    "write_str",
    "entry",
    "or_insert",
    "replace_range",
];

/// Whether the standard library's families above (or the combinators,
/// iterator adaptors and conversions the interpreter handles by name) know
/// a method of this name: a call of it on a receiver of unknown type is
/// never taken for a method of the tree.
pub(crate) fn is_std_method(name: &str) -> bool {
    SAME_METHODS.contains(&name)
        || STR_METHODS.contains(&name)
        || SPLIT_METHODS.contains(&name)
        || PICK_METHODS.contains(&name)
        || CLEAN_METHODS.contains(&name)
        || PUSH_METHODS.contains(&name)
        || matches!(
            name,
            "to_string"
                | "map"
                | "and_then"
                | "unwrap"
                | "expect"
                | "unwrap_or"
                | "unwrap_or_else"
                | "unwrap_or_default"
                | "ok"
                | "err"
                | "map_err"
                | "filter"
                | "find"
                | "fold"
                | "for_each"
                | "collect"
                | "enumerate"
                | "zip"
                | "keys"
                | "values"
                | "parse"
                | "context"
                | "with_context"
                | "remove"
                | "filter_map"
                | "flat_map"
        )
}
