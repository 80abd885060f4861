//! Every bound of the analysis, with the reason it exists.
//!
//! A bound keeps the analysis finite and its memory proportional to the code
//! on any input, including generated or hostile code. Bounds come in two
//! kinds:
//!
//! - *widenings* fold detail into a coarser value (a value's deep parts into
//!   its taint, a long trace stops growing): they may cost precision or the
//!   length of a trace, never a finding, and are not counted;
//! - *cut-offs* stop work (an expression nested deeper than the budget is not
//!   evaluated, the fixpoint stops iterating): they may cost findings, so each
//!   time one is hit it is counted in [`Report::stats`](crate::Report)
//!   `.truncated`, and a run whose count is not zero says so.

// ----- widenings ----------------------------------------------------------

/// Longest trace kept per origin of a value. Traces explain a finding; eight
/// steps show every hop of any flow a reader would follow, and a cap keeps
/// recursive flows from growing a trace per fixpoint iteration.
pub(crate) const MAX_TRACE: usize = 8;

/// Most steps kept in the trace of one finding once the call sites that reach
/// the same sink from elsewhere are added to it.
pub(crate) const MAX_HIT_TRACE: usize = 16;

/// How often the hits of one personal field are followed into the same
/// channel of a function after the fixpoint. Each visit only adds the call
/// sites of its path to traces already found, and a trace holds at most
/// [`MAX_HIT_TRACE`] steps, so further visits add nothing a reader sees; a
/// chain of `n` helpers that each pass a personal-carrying value on would
/// otherwise be walked `n²/2` times. A widening: no finding is lost (the
/// first visits reach every sink).
pub(crate) const MAX_CHANNEL_VISITS: u8 = MAX_HIT_TRACE as u8;

/// Most parts a value keeps in all; past it, parts fold into their parent.
/// A `match` building a different enum variant in each arm would otherwise
/// multiply parts at every level.
pub(crate) const MAX_PARTS: usize = 48;

/// How deep the parts of a function's summarised return value may nest. A
/// recursive function (`Some(f(x))` in `f`) would otherwise add a level to
/// its summary every iteration and never converge.
pub(crate) const MAX_SUMMARY_DEPTH: usize = 4;

/// How deep the parts of a local's value may nest (locals see more structure
/// than summaries: a tuple of options of structs).
pub(crate) const MAX_LOCAL_DEPTH: usize = 6;

/// How often a loop body is evaluated. The second pass lets a value
/// assigned late in one iteration reach the uses earlier in the body
/// (`last = email.clone()` after `log(&last)`); a flow through a chain of
/// several loop-carried assignments would need more. Not counted: the
/// approximation is the same on every loop. (A join at the loop head, the
/// sound version, is planned with the lowered form.)
pub(crate) const LOOP_PASSES: usize = 2;

/// How deep a type expression is lowered (`Vec<Option<Box<..>>>`); deeper
/// types are unknown, which only makes the analysis quieter.
pub(crate) const MAX_TYPE_DEPTH: usize = 16;

/// Tuple positions a function's summary tells apart in a parameter
/// (`(id, email)` rows passed to a helper); a later position stands for the
/// whole parameter, which only costs precision.
pub(crate) const MAX_TUPLE_POSITIONS: usize = 16;

/// How deep the SQL of a query is read into subqueries and common table
/// expressions (`analysis::sql`); deeper ones give no columns, which only
/// makes the analysis quieter.
pub(crate) const MAX_SQL_NESTING: usize = 8;

/// How deep GraphQL resolvers' results are searched for exposed objects.
pub(crate) const MAX_GRAPHQL_DEPTH: usize = 8;

/// How many `Deref` steps a method call's receiver is auto-dereferenced
/// through (`Wrapper(Newtype(IpAddr))`); a type whose `deref` returns its
/// own type would otherwise loop. A widening: past it the receiver is kept.
pub(crate) const MAX_AUTODEREF: usize = 4;

/// Most comma-separated pieces of a macro's arguments joined into one
/// argument when a comma sits inside a turbofish (`post::<Req, Resp>(..)`),
/// which token trees do not group. A widening: past it the pieces stay
/// apart (and unevaluated).
pub(crate) const MAX_ARG_JOIN: usize = 8;

/// How deep the token trees of a `json!` literal are searched for values.
pub(crate) const MAX_JSON_DEPTH: usize = 64;

/// How many router functions and bindings deep a mounted router is followed
/// to prefix its routes (`nest("/api", api::router())`, where `api::router`
/// nests another). Past it the inner routes keep the prefixes found so far;
/// only a message's route can be shorter, and every level of real routers
/// fits.
pub(crate) const MAX_ROUTER_NESTING: usize = 8;

/// How many `use` items and globs one path is followed through
/// (`crate::mail::send` → `pub use inner::send;` → `inner::send`, or a name
/// looked up through the globs of a module and the globs of those). Each is
/// followed once per path, so a cycle of globs ends; this bounds the rest.
/// Real re-export chains take a few steps; a path that needs more is taken
/// as one the tree cannot resolve and is matched by its last segment, as a
/// path through a module the walk did not place is. A widening: matching by
/// name is the coarser answer, never fewer callees.
pub(crate) const MAX_IMPORT_STEPS: usize = 256;

/// Most methods of the same name a method call is taken to reach when the
/// analysis order is computed (the order only decides how much work the
/// fixpoint does, never what it finds).
pub(crate) const MAX_ORDER_CANDIDATES: usize = 8;

// ----- cut-offs (counted in `stats.truncated`) ----------------------------

/// Deepest nesting of expressions, patterns and types the lowering keeps
/// (`lower`); what is nested deeper becomes an unknown value. Brackets are
/// bounded by [`MAX_NESTING`] before parsing, but method, field and unary
/// chains (`a.b().c()..`) nest without them. Set well above
/// [`MAX_EXPR_DEPTH`], so the interpreter's budget is what real input meets.
pub(crate) const MAX_LOWER_DEPTH: usize = 4 * MAX_EXPR_DEPTH;

/// Deepest expression nesting the interpreter evaluates in one function.
/// Operator chains (`a + b + c + ..`) and parentheses are evaluated
/// iteratively and do not count towards it; real code nests a few dozen
/// levels, so reaching this means generated or hostile input. The nested part
/// is not evaluated.
pub(crate) const MAX_EXPR_DEPTH: usize = 1024;

/// Deepest nesting of types searched for the personal fields they print
/// (`Vec<Option<Customer>>`); cycles are cut separately.
pub(crate) const MAX_LEAK_TYPE_DEPTH: usize = 32;

/// Deepest bracket nesting (`(`, `[`, `{`) of a file that is parsed at all.
/// The parser recurses on nesting: a file past this is reported as an error
/// (its findings are missing, exit code 2) instead of overflowing the stack.
pub(crate) const MAX_NESTING: usize = 4096;

/// How often the fixpoint may analyse one function, on average over the
/// tree, before it stops. Summaries only grow in a finite lattice, so the
/// fixpoint always converges; this is a guard against a bug, not a tuning
/// knob. Callees are analysed before callers, so a tree without recursion
/// needs one analysis per function.
pub(crate) const MAX_ANALYSES_PER_FN: usize = 64;
