//! What the analysis knows about code outside the scanned tree, as rows.
//!
//! Like the sink tables beside it (`crate::sinks`), these are data: the
//! interpreter in `analysis::flow` looks a call or a type up here and applies
//! the effect the row names. Adding a crate means adding rows. Every table
//! depends on nothing above it.

pub(crate) mod diesel;
pub(crate) mod infer;
pub(crate) mod methods;
pub(crate) mod redaction;
pub(crate) mod serde;
pub(crate) mod sql;
pub(crate) mod sqlx;
pub(crate) mod std;
pub(crate) mod tracing;
pub(crate) mod web;

/// How a type from outside the tree is seen by the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeShape {
    /// A smart pointer, lock or cell: the type is its first argument.
    Transparent,
    /// Text (`String`, `&str`, paths): only when written without arguments.
    Str,
    /// `Option<T>`.
    Option,
    /// `Result<T, E>`.
    Result,
    /// A sequence or set of its first argument.
    Seq,
    /// A map from its first argument to its second.
    Map,
    /// Standard output or error, or a lock of one.
    StdStream,
    /// `std::fmt::Formatter`.
    Formatter,
}

/// A named type from outside the tree.
#[derive(Debug)]
pub(crate) struct TypeRow {
    /// The type's last path segment.
    pub name: &'static str,
    pub shape: TypeShape,
}

/// The shape of an outside type by its last segment.
pub(crate) fn type_shape(name: &str) -> Option<TypeShape> {
    std::TYPES
        .iter()
        .find(|row| row.name == name)
        .map(|row| row.shape)
}

/// What a call of a function from outside the tree gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallEffect {
    /// Its first argument, as it is (`tracing::field::display(x)`, warp's
    /// `reply::with_status(reply, code)`).
    PassFirst,
    /// Its first argument wrapped: the same value, typed by the argument
    /// (`Box::new(x)`, `Arc::from(x)`).
    Wrap,
    /// Its first argument's data as text (`String::from(x)`).
    WrapText,
    /// A handle of standard output or error.
    StdStream,
    /// A `tracing` span.
    Span,
    /// Its first argument serialized: `Ok` carries the personal fields the
    /// argument's type serializes; the error never holds the input.
    Serialize(Serialized),
    /// Runs its closure argument on another thread and gives back, in a
    /// `Result`, what the closure returns (`web::block(|| ..)`,
    /// `task::spawn_blocking(|| ..)`).
    RunsClosure,
    /// An outgoing request under construction (a test request, `http`'s
    /// request builder): what is written into it reaches no response.
    Request,
    /// An HTTP client, whose request methods start an outgoing request.
    Client,
}

/// What a serializer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Serialized {
    /// Text or bytes.
    Text,
    /// A JSON value (`serde_json::Value`).
    Value,
}

/// A function or associated function from outside the tree.
#[derive(Debug)]
pub(crate) struct CallRow {
    /// The path segment before the name (`Box` in `Box::new`); `None`
    /// matches any owner, or none.
    pub owner: Option<&'static str>,
    /// The crate a bare name must be imported from instead (`use
    /// serde_json::to_string; to_string(&x)`).
    pub imported_from: Option<&'static str>,
    /// The function names the row covers; empty: every name.
    pub names: &'static [&'static str],
    /// Only calls without arguments match (`io::stdout()`).
    pub no_args: bool,
    pub effect: CallEffect,
}

/// How a call looks to the tables: its last two path segments, its
/// argument count, and where a bare name was imported from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallShape<'s> {
    pub owner: Option<&'s str>,
    pub name: &'s str,
    pub args: usize,
    /// The first segment of the `use` a single-segment name came from.
    pub imported_from: Option<&'s str>,
}

/// The row for a call from outside the tree, if one knows it. Checked
/// before the tree's own functions: these paths name library items.
pub(crate) fn find_call(call: CallShape<'_>) -> Option<&'static CallRow> {
    let tables = std::CALLS
        .iter()
        .chain(tracing::CALLS)
        .chain(serde::CALLS)
        .chain(web::CALLS)
        .chain(diesel::CALLS);
    find_in(tables, call)
}

/// The row for a constructor of a standard wrapper (`Box::new`,
/// `String::from`), an outgoing request or an HTTP client
/// (`Request::builder()`, `Client::new()`). Checked after the tree's own
/// functions: a tree may define a type of the same name.
pub(crate) fn find_wrapper(call: CallShape<'_>) -> Option<&'static CallRow> {
    find_in(std::WRAPPERS.iter().chain(web::REQUEST_CALLS), call)
}

fn find_in(
    mut rows: impl Iterator<Item = &'static CallRow>,
    call: CallShape<'_>,
) -> Option<&'static CallRow> {
    rows.find(|row| {
        let owner_ok = match row.owner {
            None => true,
            Some(owner) => {
                call.owner == Some(owner)
                    || (call.owner.is_none()
                        && row.imported_from.is_some()
                        && call.imported_from == row.imported_from)
            }
        };
        let name_ok = row.names.is_empty() || row.names.contains(&call.name);
        owner_ok && name_ok && (!row.no_args || call.args == 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call<'s>(owner: Option<&'s str>, name: &'s str, args: usize) -> CallShape<'s> {
        CallShape {
            owner,
            name,
            args,
            imported_from: None,
        }
    }

    #[test]
    fn calls_are_found_by_owner_and_name() {
        let row = find_call(call(Some("serde_json"), "to_vec", 1)).expect("row");
        assert_eq!(row.effect, CallEffect::Serialize(Serialized::Text));
        assert!(find_call(call(Some("Customer"), "to_vec", 1)).is_none());
    }

    #[test]
    fn a_bare_name_matches_through_its_import() {
        let shape = CallShape {
            imported_from: Some("serde_json"),
            ..call(None, "to_string", 1)
        };
        assert!(matches!(
            find_call(shape).map(|r| r.effect),
            Some(CallEffect::Serialize(Serialized::Text))
        ));
        assert!(find_call(call(None, "to_string", 1)).is_none());
    }

    #[test]
    fn std_handles_take_no_arguments() {
        assert_eq!(
            find_call(call(Some("io"), "stderr", 0)).map(|r| r.effect),
            Some(CallEffect::StdStream)
        );
        assert!(find_call(call(Some("io"), "stderr", 1)).is_none());
    }

    #[test]
    fn wrappers_keep_their_argument() {
        let wrap = |owner, name| find_wrapper(call(owner, name, 1)).map(|r| r.effect);
        assert_eq!(wrap(Some("Arc"), "new"), Some(CallEffect::Wrap));
        assert_eq!(wrap(Some("String"), "from"), Some(CallEffect::WrapText));
        assert_eq!(wrap(None, "Box"), Some(CallEffect::Wrap));
        assert_eq!(wrap(Some("Customer"), "new"), None);
    }

    #[test]
    fn requests_and_clients_are_not_responses() {
        let ctor = |owner, name| find_wrapper(call(owner, name, 0)).map(|r| r.effect);
        assert_eq!(ctor(Some("Request"), "builder"), Some(CallEffect::Request));
        assert_eq!(ctor(Some("TestRequest"), "get"), Some(CallEffect::Request));
        assert_eq!(ctor(Some("Client"), "tracked"), Some(CallEffect::Client));
        assert_eq!(ctor(Some("Response"), "builder"), None);
    }

    #[test]
    fn types_have_shapes() {
        assert_eq!(type_shape("Arc"), Some(TypeShape::Transparent));
        assert_eq!(type_shape("BTreeMap"), Some(TypeShape::Map));
        assert_eq!(type_shape("Redacted"), None);
        assert_eq!(type_shape("Customer"), None);
    }
}
