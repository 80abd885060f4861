//! Types as far as syntax tells them.

use crate::semantics::redaction::Wrappers;
use crate::semantics::std::CHANNELS;

use super::ids::Pos;
pub(crate) use super::ids::TypeId;

/// A type, normalised for the analysis: references, `Box`, `Rc`, `Arc`, `Cow`
/// and locks are transparent; sequences and sets are `Seq`, maps are `Map`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub(crate) enum Ty {
    /// Not known from syntax.
    #[default]
    Unknown,
    /// A struct or enum of the tree, with its type arguments.
    Adt(TypeId, Vec<Ty>),
    /// `String`, `&str`, `Cow<str>` and friends.
    Str,
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `Result<T, E>`.
    Result(Box<Ty>, Box<Ty>),
    /// `Vec<T>`, slices, arrays, sets, iterators over `T`.
    Seq(Box<Ty>),
    /// Maps from `K` to `V`.
    Map(Box<Ty>, Box<Ty>),
    /// Tuples (the unit type is the empty tuple).
    Tuple(Vec<Ty>),
    /// A redacting wrapper (`datamin::Redacted<T>`, `secrecy::SecretBox<T>`),
    /// with the table rows it may be.
    Redacted(Wrappers, Box<Ty>),
    /// `std::io::Stdout`/`Stderr` and their locks.
    StdStream,
    /// `std::fmt::Formatter`.
    Formatter,
    /// A closure bound to a local (its return value is the `ClosureRet` part).
    Closure,
    /// A `tracing` span (from a span macro or `Span::current()`).
    Span,
    /// A typed database query (`sqlx::query_as::<_, Row>`) whose rows are `Row`.
    Query(Box<Ty>),
    /// A value that is already a response: its sink was reported where it
    /// was built.
    Response,
    /// A response under construction (`HttpResponse::Ok()`, `Response::builder()`).
    ResponseBuilder,
    /// A cookie built from outside the tree (`Cookie::new`, `Cookie::build`)
    /// at this position: its value is reported there once the function's
    /// analysis knows the cookie did not go into an encrypting jar or a request.
    Cookie(Pos),
    /// An outgoing request under construction (`Request::builder()`, a test
    /// request, a client's `get(url)`): nothing written into it is a response.
    Request,
    /// Any other named type from outside the tree, by its last segment.
    Other(String, Vec<Ty>),
}

impl Ty {
    /// Whether the type nests more than `depth` levels (`Option<Option<..>>`).
    pub fn deeper_than(&self, depth: usize) -> bool {
        let Some(below) = depth.checked_sub(1) else {
            return true;
        };
        match self {
            Ty::Adt(_, args) | Ty::Tuple(args) => args.iter().any(|t| t.deeper_than(below)),
            Ty::Option(t) | Ty::Seq(t) | Ty::Redacted(_, t) | Ty::Query(t) => t.deeper_than(below),
            Ty::Result(a, b) | Ty::Map(a, b) => a.deeper_than(below) || b.deeper_than(below),
            _ => false,
        }
    }

    /// The element type when iterating, unwrapping or indexing.
    pub fn element(&self) -> Ty {
        match self {
            Ty::Option(t) | Ty::Seq(t) | Ty::Result(t, _) | Ty::Redacted(_, t) => (**t).clone(),
            Ty::Map(k, v) => Ty::Tuple(vec![(**k).clone(), (**v).clone()]),
            // Channels and streams yield their item type.
            Ty::Other(name, args) if CHANNELS.contains(&name.as_str()) => {
                args.first().cloned().unwrap_or_default()
            }
            _ => Ty::Unknown,
        }
    }

    /// The first type argument of a wrapper such as `Json<T>` or `State<T>`.
    pub fn first_arg(&self) -> Ty {
        match self {
            Ty::Other(_, args) | Ty::Adt(_, args) => args.first().cloned().unwrap_or_default(),
            Ty::Query(row) => (**row).clone(),
            other => other.element(),
        }
    }

    /// Whether some part of the type is not known (a generic parameter).
    pub fn has_unknown(&self) -> bool {
        match self {
            Ty::Unknown => true,
            Ty::Option(t) | Ty::Seq(t) | Ty::Redacted(_, t) | Ty::Query(t) => t.has_unknown(),
            Ty::Result(a, b) | Ty::Map(a, b) => a.has_unknown() || b.has_unknown(),
            Ty::Tuple(items) | Ty::Adt(_, items) | Ty::Other(_, items) => {
                items.iter().any(Ty::has_unknown)
            }
            Ty::Str
            | Ty::StdStream
            | Ty::Formatter
            | Ty::Closure
            | Ty::Span
            | Ty::Response
            | Ty::ResponseBuilder
            | Ty::Cookie(_)
            | Ty::Request => false,
        }
    }

    /// Whether nothing is known.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Ty::Unknown)
    }

    /// The error type of a `Result`.
    pub fn err(&self) -> Ty {
        match self {
            Ty::Result(_, e) => (**e).clone(),
            _ => Ty::Unknown,
        }
    }
}
