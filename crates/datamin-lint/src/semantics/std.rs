//! The standard library: smart pointers, collections, text, streams.

use super::{CallEffect, CallRow, TypeRow, TypeShape};

const fn ty(name: &'static str, shape: TypeShape) -> TypeRow {
    TypeRow { name, shape }
}

/// Types by their last segment.
pub(crate) const TYPES: &[TypeRow] = &[
    ty("Box", TypeShape::Transparent),
    ty("Rc", TypeShape::Transparent),
    ty("Arc", TypeShape::Transparent),
    ty("Cow", TypeShape::Transparent),
    ty("RefCell", TypeShape::Transparent),
    ty("Cell", TypeShape::Transparent),
    ty("Mutex", TypeShape::Transparent),
    ty("RwLock", TypeShape::Transparent),
    ty("Pin", TypeShape::Transparent),
    ty("ManuallyDrop", TypeShape::Transparent),
    ty("MutexGuard", TypeShape::Transparent),
    ty("RwLockReadGuard", TypeShape::Transparent),
    ty("RwLockWriteGuard", TypeShape::Transparent),
    ty("Ref", TypeShape::Transparent),
    ty("RefMut", TypeShape::Transparent),
    ty("Weak", TypeShape::Transparent),
    ty("OnceCell", TypeShape::Transparent),
    ty("OnceLock", TypeShape::Transparent),
    ty("Lazy", TypeShape::Transparent),
    ty("LazyLock", TypeShape::Transparent),
    ty("Wrapping", TypeShape::Transparent),
    ty("String", TypeShape::Str),
    ty("str", TypeShape::Str),
    ty("OsString", TypeShape::Str),
    ty("OsStr", TypeShape::Str),
    ty("PathBuf", TypeShape::Str),
    ty("Path", TypeShape::Str),
    ty("Option", TypeShape::Option),
    ty("Result", TypeShape::Result),
    ty("Vec", TypeShape::Seq),
    ty("VecDeque", TypeShape::Seq),
    ty("HashSet", TypeShape::Seq),
    ty("BTreeSet", TypeShape::Seq),
    ty("LinkedList", TypeShape::Seq),
    ty("BinaryHeap", TypeShape::Seq),
    ty("IndexSet", TypeShape::Seq),
    ty("SmallVec", TypeShape::Seq),
    ty("Iter", TypeShape::Seq),
    ty("IntoIter", TypeShape::Seq),
    ty("HashMap", TypeShape::Map),
    ty("BTreeMap", TypeShape::Map),
    ty("IndexMap", TypeShape::Map),
    ty("DashMap", TypeShape::Map),
    ty("Stdout", TypeShape::StdStream),
    ty("Stderr", TypeShape::StdStream),
    ty("StdoutLock", TypeShape::StdStream),
    ty("StderrLock", TypeShape::StdStream),
    ty("Formatter", TypeShape::Formatter),
];

/// Receivers and streams whose items are their first type argument.
pub(crate) const CHANNELS: &[&str] = &[
    "Receiver",
    "UnboundedReceiver",
    "Stream",
    "BoxStream",
    "Peekable",
    "ReceiverStream",
    "UnboundedReceiverStream",
    "Sender",
    "UnboundedSender",
    "SyncSender",
];

/// Primitive types, whose associated functions (`i64::from_str`,
/// `u32::try_from`) convert what they are given.
pub(crate) const PRIMITIVES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32",
    "f64", "bool", "char",
];

/// Calls and methods from outside the tree whose error holds their input,
/// by trailing path segments (a bare name is a method): by default the
/// `Err` of an outside call is clean (`AddressError`, `ParseIntError`,
/// `serde_json::Error` and `sqlx::Error` do not keep what they were given).
/// Configuration adds more (`errors_keep_input`).
pub(crate) const ERRORS_KEEP_INPUT: &[&str] = &[
    // `FromUtf8Error` and `NulError` keep the bytes, and `Debug` prints them.
    "String::from_utf8",
    "CString::new",
    // These give the input itself back as the error.
    "into_string",
    "try_unwrap",
    "downcast",
    "into_inner",
];

/// Library functions (checked before the tree's own).
pub(crate) const CALLS: &[CallRow] = &[
    CallRow {
        // `io::stdout()`, `std::io::stderr()`.
        owner: None,
        imported_from: None,
        names: &["stdout", "stderr"],
        no_args: true,
        effect: CallEffect::StdStream,
    },
    CallRow {
        // `web::block(move || load(&mut conn))` (actix-web),
        // `task::spawn_blocking(|| ..)` (tokio): the closure's result.
        owner: Some("web"),
        imported_from: None,
        names: &["block"],
        no_args: false,
        effect: CallEffect::RunsClosure,
    },
    CallRow {
        owner: Some("task"),
        imported_from: None,
        names: &["spawn_blocking", "block_in_place"],
        no_args: false,
        effect: CallEffect::RunsClosure,
    },
    CallRow {
        // `mem::take(&mut c.email)`, `mem::replace(&mut c.email, new)`: the
        // value that was there.
        owner: Some("mem"),
        imported_from: None,
        names: &["take", "replace"],
        no_args: false,
        effect: CallEffect::PassFirst,
    },
];

const fn wrapper(owner: &'static str, effect: CallEffect) -> CallRow {
    CallRow {
        owner: Some(owner),
        imported_from: None,
        names: &[],
        no_args: false,
        effect,
    }
}

/// Constructors and conversions of wrappers: every associated function of
/// these types keeps its first argument (checked after the tree's own).
pub(crate) const WRAPPERS: &[CallRow] = &[
    wrapper("String", CallEffect::WrapText),
    wrapper("Box", CallEffect::Wrap),
    wrapper("Rc", CallEffect::Wrap),
    wrapper("Arc", CallEffect::Wrap),
    wrapper("Cow", CallEffect::Wrap),
    wrapper("PathBuf", CallEffect::Wrap),
    wrapper("RefCell", CallEffect::Wrap),
    wrapper("Mutex", CallEffect::Wrap),
    wrapper("RwLock", CallEffect::Wrap),
    wrapper("Cell", CallEffect::Wrap),
    wrapper("From", CallEffect::Wrap),
    wrapper("Into", CallEffect::Wrap),
    wrapper("ToString", CallEffect::Wrap),
    wrapper("ToOwned", CallEffect::Wrap),
    wrapper("Some", CallEffect::Wrap),
    // Pointers named as functions (`.map(Box::new)` aside): `Rc(x)`.
    CallRow {
        owner: None,
        imported_from: None,
        names: &["Box", "Rc", "Arc"],
        no_args: false,
        effect: CallEffect::Wrap,
    },
];
