//! Abstract values: which personal data a value carries, and how it got there.

use std::sync::Arc;

use super::ids::{FieldId, FnId, Pos};
use super::limits::{MAX_PARTS, MAX_TRACE};
use super::types::Ty;
use super::vecmap::VecMap;
use crate::sinks::Mode;

/// Which part of a value a [`Val`] part holds.
///
/// Parts are ordered as their names would sort (`0` < `Err` < `Ok` < `Some`
/// < `[]` < `email` < `{keys}`), so the first trace kept for an origin does not
/// depend on how parts are encoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PartKey {
    /// The content of `Some(..)`.
    Some,
    /// The content of `Ok(..)`.
    Ok,
    /// The content of `Err(..)`.
    Err,
    /// The elements of a collection (a map's values).
    Elements,
    /// The keys of a map.
    Keys,
    /// What a closure bound to a local returns.
    ClosureRet,
    /// A struct field or a tuple position, by name (`email`, `0`).
    Field(Box<str>),
    /// A field of an enum variant (`SignedUp` `email`).
    VariantField(Box<str>, Box<str>),
}

impl PartKey {
    /// A field or tuple position.
    pub fn field(name: &str) -> PartKey {
        PartKey::Field(name.into())
    }

    /// A tuple position.
    pub fn index(i: usize) -> PartKey {
        PartKey::Field(i.to_string().into())
    }

    /// A field of an enum variant.
    pub fn variant_field(variant: &str, field: &str) -> PartKey {
        PartKey::VariantField(variant.into(), field.into())
    }

    /// The content of the `Some`/`Ok`/`Err` constructor named `name`.
    pub fn constructor(name: &str) -> Option<PartKey> {
        match name {
            "Some" => Some(PartKey::Some),
            "Ok" => Some(PartKey::Ok),
            "Err" => Some(PartKey::Err),
            _ => None,
        }
    }

    /// The field name, for a field or tuple position.
    pub fn as_field(&self) -> Option<&str> {
        match self {
            PartKey::Field(name) => Some(name),
            _ => None,
        }
    }

    /// The tuple position, for a numeric field name.
    fn position(&self) -> Option<usize> {
        self.as_field().and_then(|name| name.parse().ok())
    }

    /// The name the part sorts by, as `(name, variant field)`: a variant's
    /// field sorts as `Variant.field` would. Comparing the pair is the same
    /// as comparing that text, since `.` sorts before every character a name
    /// can hold (identifier characters, `[]`, `{keys}`).
    fn sort_key(&self) -> (&str, &str) {
        match self {
            PartKey::Some => ("Some", ""),
            PartKey::Ok => ("Ok", ""),
            PartKey::Err => ("Err", ""),
            PartKey::Elements => ("[]", ""),
            PartKey::Keys => ("{keys}", ""),
            PartKey::ClosureRet => ("ret", ""),
            PartKey::Field(name) => (name, ""),
            PartKey::VariantField(variant, field) => (variant, field),
        }
    }
}

impl Ord for PartKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.rank().cmp(&other.rank()))
    }
}

impl PartialOrd for PartKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartKey {
    /// Tells apart keys whose names coincide (a field named `Some`).
    fn rank(&self) -> u8 {
        match self {
            PartKey::Some => 0,
            PartKey::Ok => 1,
            PartKey::Err => 2,
            PartKey::Elements => 3,
            PartKey::Keys => 4,
            PartKey::ClosureRet => 5,
            PartKey::Field(_) => 6,
            PartKey::VariantField(..) => 7,
        }
    }
}

/// Which part of a parameter an [`Origin::Param`] stands for, beyond the
/// whole parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ParamPart {
    /// Its elements (a map's values).
    Elements,
    /// A map's keys.
    Keys,
    /// A field, by its id in the model's field names (see `Model::part_id`).
    Field(u32),
}

/// Where personal data in a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Origin {
    /// Read from a `#[personal]` field.
    Field(FieldId),
    /// The function's parameter with this index (resolved at call sites),
    /// or one part of it.
    Param(u16, Option<ParamPart>),
}

/// How a value got somewhere, oldest step first; shared, since values are
/// copied far more often than their traces grow.
pub(crate) type Trace = Arc<Vec<Step>>;

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub pos: Pos,
    pub kind: StepKind,
}

/// What happened to the value at a step of its trace. The engine decides on
/// these; they become text only when the report is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// Read from a `#[personal]` field.
    Read,
    /// Bound to a local or parameter.
    Bound(Arc<str>),
    /// Passed to a function of the tree.
    PassedTo(FnId),
    /// Returned from a function of the tree.
    ReturnedFrom(FnId),
    /// Serialized by a serializer call (`serde_json::to_string`, `json!`):
    /// a handler returning the result reports the response here.
    Serialized,
    /// A personal-carrying value serialized with its personal fields.
    SerializedFields,
    /// A personal-carrying value formatted in this mode, whose `Debug` or
    /// `Display` prints its personal fields.
    Formatted(Mode),
    /// Exposed by a derive of the type (`SimpleObject`, `Template`).
    ExposedBy(&'static str),
    /// A template rendered with its personal fields (into a page where it
    /// reaches a response: reported at the fields then).
    Rendered,
}

/// The origins of a value, each with the first trace that reached it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Taint(pub VecMap<Origin, Trace>);

impl Taint {
    pub fn single(origin: Origin, trace: Vec<Step>) -> Taint {
        Taint(VecMap::from([(origin, Arc::new(trace))]))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn union(&mut self, other: &Taint) {
        for (origin, trace) in &other.0 {
            self.0.entry(*origin).or_insert_with(|| trace.clone());
        }
    }

    /// Appends a step to every trace (up to the cap).
    pub fn with_step(mut self, pos: Pos, kind: impl Fn() -> StepKind) -> Taint {
        for trace in self.0.values_mut() {
            if trace.len() < MAX_TRACE && trace.last().is_none_or(|s| s.pos != pos) {
                Arc::make_mut(trace).push(Step { pos, kind: kind() });
            }
        }
        self
    }

    /// Appends the steps a callee took with a value (the trace of its
    /// parameter's origin inside the callee), then the step at the call, to
    /// every trace. The callee's steps give way to the call's when the cap
    /// is near: the call is what links the caller's steps to the rest.
    pub fn through(mut self, inner: &[Step], pos: Pos, kind: impl Fn() -> StepKind) -> Taint {
        for trace in self.0.values_mut() {
            let room = MAX_TRACE.saturating_sub(trace.len() + 1);
            if room > 0 && !inner.is_empty() {
                Arc::make_mut(trace).extend(inner.iter().take(room).cloned());
            }
        }
        self.with_step(pos, kind)
    }

    /// Whether both have the same origins (traces aside).
    pub fn same_origins(&self, other: &Taint) -> bool {
        self.0.len() == other.0.len() && self.0.keys().zip(other.0.keys()).all(|(a, b)| a == b)
    }
}

/// An abstract value: its type when known, the personal data it carries as a
/// whole, and per-part values for literals (`Ok`/`Err`/`Some`, tuple
/// positions `0`, `1`, struct fields, and `[]` for the elements of a
/// collection).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Val {
    pub ty: Ty,
    pub taint: Taint,
    pub parts: VecMap<PartKey, Val>,
    /// What the value carries as a whole stays out of its `Err` side: the
    /// value came from a call outside the tree, whose error type does not
    /// keep its input (`Address::from_str(email)?` fails with a clean
    /// `AddressError`). The calls whose errors do are rows
    /// (`semantics::std::ERRORS_KEEP_INPUT`) or configured.
    pub clean_err: bool,
    /// The variant of its enum type the value is known to be (index into
    /// the type's variants): built from `Event::Deleted { id }` or a
    /// function that returns only that variant. Its type then exposes only
    /// that variant's fields.
    pub variant: Option<u32>,
}

impl Val {
    pub fn of_ty(ty: Ty) -> Val {
        Val {
            ty,
            ..Val::default()
        }
    }

    pub fn tainted(ty: Ty, taint: Taint) -> Val {
        Val {
            ty,
            taint,
            parts: VecMap::new(),
            clean_err: false,
            variant: None,
        }
    }

    /// A value of one variant (`variant`, an index into its variants) of
    /// the enum `ty`.
    pub fn of_variant(ty: Ty, variant: Option<u32>) -> Val {
        Val {
            variant,
            ..Val::of_ty(ty)
        }
    }

    /// The result of a call outside the tree that derives from `taint`: its
    /// success side carries it, its error side does not (see
    /// [`Val::clean_err`]).
    pub fn from_outside(ty: Ty, taint: Taint) -> Val {
        Val {
            clean_err: true,
            ..Val::tainted(ty, taint)
        }
    }

    pub fn with_part(mut self, key: PartKey, part: Val) -> Val {
        self.parts.insert(key, part);
        self
    }

    /// Whether the value's parts nest more than `depth` levels.
    pub fn deeper_than(&self, depth: usize) -> bool {
        let Some(below) = depth.checked_sub(1) else {
            return !self.parts.is_empty();
        };
        self.parts.iter().any(|(_, p)| p.deeper_than(below))
    }

    /// Joins another possible value into this one (control-flow merge).
    pub fn join(&mut self, other: Val) {
        // Two variants of one enum make a value of any variant.
        if self.ty.is_unknown() {
            self.variant = other.variant;
        } else if self.variant != other.variant && !other.ty.is_unknown() {
            self.variant = None;
        }
        if self.ty.is_unknown() {
            self.ty = other.ty;
        }
        // The whole taint stays out of `Err` only if it does on every side
        // that carries some.
        self.clean_err = match (self.taint.is_empty(), other.taint.is_empty()) {
            (false, true) => self.clean_err,
            (true, false) => other.clean_err,
            _ => self.clean_err && other.clean_err,
        };
        self.taint.union(&other.taint);
        for (key, part) in other.parts {
            match self.parts.get_mut(&key) {
                Some(mine) => mine.join(part),
                None => {
                    self.parts.insert(key, part);
                }
            }
        }
    }

    /// Everything the value carries, parts included, ignoring its type.
    pub fn flat(&self) -> Taint {
        let mut out = self.taint.clone();
        for part in self.parts.values() {
            out.union(&part.flat());
        }
        out
    }

    /// The value inside: `Some`/`Ok`/`Err` content, a tuple position, the
    /// elements (`[]`). The whole value's taint comes along, except into
    /// the `Err` side of a value from outside the tree ([`Val::clean_err`]).
    pub fn part(&self, key: &PartKey) -> Val {
        let inner_ty = || match (key, &self.ty) {
            (PartKey::Err, ty) => ty.err(),
            (_, Ty::Tuple(items)) => key
                .position()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or_default(),
            (PartKey::Elements, Ty::Map(_, v)) => (**v).clone(),
            (PartKey::Keys, Ty::Map(k, _)) => (**k).clone(),
            (_, ty) => ty.element(),
        };
        let mut out = match self.parts.get(key) {
            Some(p) => {
                let mut p = p.clone();
                if p.ty.is_unknown() {
                    // The container's declared type knows what the literal did not.
                    p.ty = inner_ty();
                }
                p
            }
            None => Val::of_ty(inner_ty()),
        };
        let collection_part = match key {
            PartKey::Elements => Some(ParamPart::Elements),
            PartKey::Keys => Some(ParamPart::Keys),
            _ => None,
        };
        match collection_part {
            // A parameter's elements (or keys) stand for what callers put
            // there, not for the whole collection.
            Some(id) => {
                for (origin, trace) in &self.taint.0 {
                    let origin = match origin {
                        Origin::Param(i, None) => Origin::Param(*i, Some(id)),
                        other => *other,
                    };
                    out.taint.0.entry(origin).or_insert_with(|| trace.clone());
                }
            }
            None if *key == PartKey::Err && self.clean_err => {}
            None => out.taint.union(&self.taint),
        }
        out
    }

    /// What a caller put into field `name` of this value (looking through
    /// collections and options to their elements), as taint only: the
    /// field's type is known where it is read.
    pub fn field_taint(&self, key: &PartKey, id: ParamPart) -> Taint {
        let mut whole = Taint::default();
        for (origin, trace) in &self.taint.0 {
            // A caller's own parameter stands for its field here, not all of it.
            let origin = match origin {
                // The parameter, or its elements: their field `name`.
                Origin::Param(i, None | Some(ParamPart::Elements | ParamPart::Keys)) => {
                    Origin::Param(*i, Some(id))
                }
                other => *other,
            };
            whole.0.entry(origin).or_insert_with(|| trace.clone());
        }
        if let Some(p) = self.parts.get(key) {
            let mut t = p.flat();
            t.union(&whole);
            return t;
        }
        let container = matches!(
            self.ty,
            Ty::Seq(_) | Ty::Option(_) | Ty::Result(..) | Ty::Map(..)
        ) || [PartKey::Elements, PartKey::Some, PartKey::Ok]
            .iter()
            .any(|k| self.parts.contains_key(k));
        if container {
            let mut t = self.element().field_taint(key, id);
            t.union(&whole);
            return t;
        }
        whole
    }

    /// Bounds a value's parts: below `depth` levels, or past a total of
    /// `MAX_PARTS` parts, a part's contents fold into its parent's taint.
    /// Recursive functions (`Some(f(x))` in `f`) would otherwise grow their
    /// summary by a level every round, and a `match` building a different
    /// enum variant in each arm would multiply parts at every level.
    pub fn truncate(&mut self, depth: usize) {
        let mut budget = MAX_PARTS;
        self.bound(depth, &mut budget);
    }

    fn bound(&mut self, depth: usize, budget: &mut usize) {
        if self.parts.is_empty() {
            return;
        }
        if depth == 0 || *budget < self.parts.len() {
            let flat = self.flat();
            self.taint = flat;
            self.parts.clear();
            return;
        }
        *budget -= self.parts.len();
        for part in self.parts.values_mut() {
            part.bound(depth - 1, budget);
        }
    }

    /// Gives the value a declared type, pushing it down into its parts
    /// (`Ok`, `Err`, `Some`, elements) where the declaration is known.
    pub fn retype(&mut self, ty: Ty) {
        // A declared `Cookie<'static>` says less than where the cookie was built.
        if ty.is_unknown() || (matches!(self.ty, Ty::Cookie(_)) && matches!(ty, Ty::Other(..))) {
            return;
        }
        if matches!(ty, Ty::Map(..))
            && let Some(pair) = self.parts.get(&PartKey::Elements)
            && (pair.parts.contains_key(&PartKey::index(0)) || matches!(pair.ty, Ty::Tuple(_)))
        {
            // `(key, value)` pairs collected into a map.
            let pair = self.parts.remove(&PartKey::Elements).unwrap_or_default();
            self.parts
                .insert(PartKey::Keys, pair.part(&PartKey::index(0)));
            self.parts
                .insert(PartKey::Elements, pair.part(&PartKey::index(1)));
        }
        let inner: Vec<(PartKey, Ty)> = match &ty {
            Ty::Option(t) => vec![(PartKey::Some, (**t).clone())],
            Ty::Result(t, e) => vec![(PartKey::Ok, (**t).clone()), (PartKey::Err, (**e).clone())],
            Ty::Seq(t) => vec![(PartKey::Elements, (**t).clone())],
            _ => Vec::new(),
        };
        for (key, t) in inner {
            if let Some(part) = self.parts.get_mut(&key) {
                part.retype(t);
            }
        }
        if !matches!((&self.ty, &ty), (Ty::Adt(a, _), Ty::Adt(b, _)) if a == b) {
            self.variant = None;
        }
        self.ty = ty;
    }

    /// An `Option`, by type or by a `Some` part.
    pub fn is_option_like(&self) -> bool {
        matches!(self.ty, Ty::Option(_)) || self.parts.contains_key(&PartKey::Some)
    }

    /// A `Result`, by type or by an `Ok`/`Err` part.
    pub fn is_result_like(&self) -> bool {
        matches!(self.ty, Ty::Result(..))
            || self.parts.contains_key(&PartKey::Ok)
            || self.parts.contains_key(&PartKey::Err)
    }

    /// Unwraps `Option`/`Result` (the success side); other values are returned as they are.
    pub fn unwrapped(&self) -> Val {
        match &self.ty {
            Ty::Option(_) => self.part(&PartKey::Some),
            Ty::Result(..) => self.part(&PartKey::Ok),
            _ if self.parts.contains_key(&PartKey::Some) => self.part(&PartKey::Some),
            _ if self.parts.contains_key(&PartKey::Ok) => self.part(&PartKey::Ok),
            _ => self.clone(),
        }
    }

    /// The value of one element when iterating.
    pub fn element(&self) -> Val {
        match &self.ty {
            Ty::Option(_) | Ty::Result(..) => self.unwrapped(),
            Ty::Map(..) => {
                // Iterating a map yields `(key, value)` pairs.
                let (k, v) = (self.part(&PartKey::Keys), self.part(&PartKey::Elements));
                Val::of_ty(Ty::Tuple(vec![k.ty.clone(), v.ty.clone()]))
                    .with_part(PartKey::index(0), k)
                    .with_part(PartKey::index(1), v)
            }
            _ => self.part(&PartKey::Elements),
        }
    }

    /// A collection whose elements are `elem`.
    pub fn seq_of(elem: Val) -> Val {
        Val::of_ty(Ty::Seq(Box::new(elem.ty.clone()))).with_part(PartKey::Elements, elem)
    }

    /// Same origins everywhere (traces aside): the fixpoint's notion of "unchanged".
    pub fn same_shape(&self, other: &Val) -> bool {
        self.ty == other.ty
            && self.taint.same_origins(&other.taint)
            && self.parts.len() == other.parts.len()
            && self
                .parts
                .iter()
                .zip(&other.parts)
                .all(|((ka, a), (kb, b))| ka == kb && a.same_shape(b))
    }

    /// Replaces `Param` origins with what the arguments carry
    /// (`arg(index, field)` gives it).
    pub fn substitute(
        &self,
        arg: &dyn Fn(u16, Option<ParamPart>) -> Option<Taint>,
        whole: &dyn Fn(u16) -> Option<Val>,
        whole_part: &dyn Fn(u16, ParamPart) -> Option<Val>,
        note: &dyn Fn() -> StepKind,
        pos: Pos,
    ) -> Val {
        // A value that is a parameter as it was passed (`Page { items, .. }`
        // in a generic constructor) is the argument, with its type.
        // The parameter itself, possibly with some parts replaced (a builder's
        // `fn name(mut self, ..) -> Self`), is the argument as it was passed.
        if let [(Origin::Param(i, None), inner)] = self.taint.0.iter().collect::<Vec<_>>()[..]
            && let Some(mut v) = whole(*i)
        {
            if v.ty.is_unknown() || !self.ty.has_unknown() {
                v.ty = self.ty.clone();
            }
            v.taint = v.taint.through(inner, pos, note);
            for (k, p) in &self.parts {
                v.parts
                    .insert(k.clone(), p.substitute(arg, whole, whole_part, note, pos));
            }
            return v;
        }
        // One field (or the elements) of a parameter, as it was passed: the
        // argument's part with its own structure (the values of a map field,
        // not its keys).
        if self.parts.is_empty()
            && let [(Origin::Param(i, Some(k)), inner)] =
                self.taint.0.iter().collect::<Vec<_>>()[..]
            && let Some(mut v) = whole_part(*i, *k)
        {
            if v.ty.is_unknown() || !self.ty.has_unknown() {
                v.ty = self.ty.clone();
            }
            v.taint = v.taint.through(inner, pos, note);
            return v;
        }
        let mut taint = Taint::default();
        for (origin, trace) in &self.taint.0 {
            match origin {
                Origin::Param(i, part) => {
                    // What the argument carried, then what the callee did
                    // with it, then the call.
                    if let Some(carried) = arg(*i, *part) {
                        taint.union(&carried.through(trace, pos, note));
                    }
                }
                Origin::Field(_) => {
                    let mut t = trace.clone();
                    if t.len() < MAX_TRACE {
                        Arc::make_mut(&mut t).push(Step { pos, kind: note() });
                    }
                    taint.0.entry(*origin).or_insert(t);
                }
            }
        }
        Val {
            ty: self.ty.clone(),
            taint,
            parts: self
                .parts
                .iter()
                .map(|(k, v)| (k.clone(), v.substitute(arg, whole, whole_part, note, pos)))
                .collect(),
            clean_err: self.clean_err,
            variant: self.variant,
        }
    }
}
