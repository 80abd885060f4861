//! Abstract values: which personal data a value carries, and how it got there.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::limits::{MAX_PARTS, MAX_TRACE};
use super::model::{FieldId, Pos};
use super::types::Ty;

/// The part of a map value holding its keys (`[]` holds its values).
pub(crate) const KEYS: &str = "{keys}";

/// The part of a collection holding its elements (a map's values).
pub(crate) const ELEMENTS: &str = "[]";

/// Part ids (see `Model::part_id`) of [`ELEMENTS`] and [`KEYS`].
const ELEMENTS_ID: u32 = 0;
const KEYS_ID: u32 = 1;

/// Where personal data in a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Origin {
    /// Read from a `#[personal]` field.
    Field(FieldId),
    /// The function's parameter with this index (resolved at call sites),
    /// or one field of it (an index into the model's field names).
    Param(u16, Option<u32>),
}

/// How a value got somewhere, oldest step first; shared, since values are
/// copied far more often than their traces grow.
pub(crate) type Trace = Rc<Vec<Step>>;

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub pos: Pos,
    pub note: String,
}

/// The origins of a value, each with the first trace that reached it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Taint(pub BTreeMap<Origin, Trace>);

impl Taint {
    pub fn single(origin: Origin, trace: Vec<Step>) -> Taint {
        Taint(BTreeMap::from([(origin, Rc::new(trace))]))
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
    pub fn with_step(mut self, pos: Pos, note: impl Fn() -> String) -> Taint {
        for trace in self.0.values_mut() {
            if trace.len() < MAX_TRACE && trace.last().is_none_or(|s| s.pos != pos) {
                Rc::make_mut(trace).push(Step { pos, note: note() });
            }
        }
        self
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
    pub parts: BTreeMap<String, Val>,
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
            parts: BTreeMap::new(),
        }
    }

    pub fn with_part(mut self, key: &str, part: Val) -> Val {
        self.parts.insert(key.to_owned(), part);
        self
    }

    /// Joins another possible value into this one (control-flow merge).
    pub fn join(&mut self, other: Val) {
        if self.ty.is_unknown() {
            self.ty = other.ty;
        }
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
    /// elements (`[]`). The whole value's taint always comes along.
    pub fn part(&self, key: &str) -> Val {
        let inner_ty = || match (key, &self.ty) {
            ("Err", ty) => ty.err(),
            (_, Ty::Tuple(items)) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or_default(),
            ("[]", Ty::Map(_, v)) => (**v).clone(),
            (KEYS, Ty::Map(k, _)) => (**k).clone(),
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
            ELEMENTS => Some(ELEMENTS_ID),
            KEYS => Some(KEYS_ID),
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
            None => out.taint.union(&self.taint),
        }
        out
    }

    /// What a caller put into field `name` of this value (looking through
    /// collections and options to their elements), as taint only: the
    /// field's type is known where it is read.
    pub fn field_taint(&self, name: &str, id: u32) -> Taint {
        let mut whole = Taint::default();
        for (origin, trace) in &self.taint.0 {
            // A caller's own parameter stands for its field here, not all of it.
            let origin = match origin {
                // The parameter, or its elements: their field `name`.
                Origin::Param(i, None | Some(ELEMENTS_ID | KEYS_ID)) => Origin::Param(*i, Some(id)),
                other => *other,
            };
            whole.0.entry(origin).or_insert_with(|| trace.clone());
        }
        if let Some(p) = self.parts.get(name) {
            let mut t = p.flat();
            t.union(&whole);
            return t;
        }
        let container = matches!(
            self.ty,
            Ty::Seq(_) | Ty::Option(_) | Ty::Result(..) | Ty::Map(..)
        ) || ["[]", "Some", "Ok"]
            .iter()
            .any(|k| self.parts.contains_key(*k));
        if container {
            let mut t = self.element().field_taint(name, id);
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
        if ty.is_unknown() {
            return;
        }
        if matches!(ty, Ty::Map(..))
            && let Some(pair) = self.parts.get(ELEMENTS)
            && (pair.parts.contains_key("0") || matches!(pair.ty, Ty::Tuple(_)))
        {
            // `(key, value)` pairs collected into a map.
            let pair = self.parts.remove(ELEMENTS).unwrap_or_default();
            self.parts.insert(KEYS.to_owned(), pair.part("0"));
            self.parts.insert(ELEMENTS.to_owned(), pair.part("1"));
        }
        let inner: Vec<(&str, Ty)> = match &ty {
            Ty::Option(t) => vec![("Some", (**t).clone())],
            Ty::Result(t, e) => vec![("Ok", (**t).clone()), ("Err", (**e).clone())],
            Ty::Seq(t) => vec![("[]", (**t).clone())],
            _ => Vec::new(),
        };
        for (key, t) in inner {
            if let Some(part) = self.parts.get_mut(key) {
                part.retype(t);
            }
        }
        self.ty = ty;
    }

    /// An `Option`, by type or by a `Some` part.
    pub fn is_option_like(&self) -> bool {
        matches!(self.ty, Ty::Option(_)) || self.parts.contains_key("Some")
    }

    /// A `Result`, by type or by an `Ok`/`Err` part.
    pub fn is_result_like(&self) -> bool {
        matches!(self.ty, Ty::Result(..))
            || self.parts.contains_key("Ok")
            || self.parts.contains_key("Err")
    }

    /// Unwraps `Option`/`Result` (the success side); other values are returned as they are.
    pub fn unwrapped(&self) -> Val {
        match &self.ty {
            Ty::Option(_) => self.part("Some"),
            Ty::Result(..) => self.part("Ok"),
            _ if self.parts.contains_key("Some") => self.part("Some"),
            _ if self.parts.contains_key("Ok") => self.part("Ok"),
            _ => self.clone(),
        }
    }

    /// The value of one element when iterating.
    pub fn element(&self) -> Val {
        match &self.ty {
            Ty::Option(_) | Ty::Result(..) => self.unwrapped(),
            Ty::Map(..) => {
                // Iterating a map yields `(key, value)` pairs.
                let (k, v) = (self.part(KEYS), self.part("[]"));
                Val::of_ty(Ty::Tuple(vec![k.ty.clone(), v.ty.clone()]))
                    .with_part("0", k)
                    .with_part("1", v)
            }
            _ => self.part("[]"),
        }
    }

    /// A collection whose elements are `elem`.
    pub fn seq_of(elem: Val) -> Val {
        Val::of_ty(Ty::Seq(Box::new(elem.ty.clone()))).with_part("[]", elem)
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
        arg: &dyn Fn(u16, Option<u32>) -> Option<Taint>,
        whole: &dyn Fn(u16) -> Option<Val>,
        whole_part: &dyn Fn(u16, u32) -> Option<Val>,
        note: &dyn Fn() -> String,
        pos: Pos,
    ) -> Val {
        // A value that is a parameter as it was passed (`Page { items, .. }`
        // in a generic constructor) is the argument, with its type.
        // The parameter itself, possibly with some parts replaced (a builder's
        // `fn name(mut self, ..) -> Self`), is the argument as it was passed.
        if let [(Origin::Param(i, None), _)] = self.taint.0.iter().collect::<Vec<_>>()[..]
            && let Some(mut v) = whole(*i)
        {
            if v.ty.is_unknown() || !self.ty.has_unknown() {
                v.ty = self.ty.clone();
            }
            v.taint = v.taint.with_step(pos, note);
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
            && let [(Origin::Param(i, Some(k)), _)] = self.taint.0.iter().collect::<Vec<_>>()[..]
            && let Some(mut v) = whole_part(*i, *k)
        {
            if v.ty.is_unknown() || !self.ty.has_unknown() {
                v.ty = self.ty.clone();
            }
            v.taint = v.taint.with_step(pos, note);
            return v;
        }
        let mut taint = Taint::default();
        for (origin, trace) in &self.taint.0 {
            match origin {
                Origin::Param(i, part) => {
                    if let Some(carried) = arg(*i, *part) {
                        taint.union(&carried.with_step(pos, note));
                    }
                }
                Origin::Field(_) => {
                    let mut t = trace.clone();
                    if t.len() < MAX_TRACE {
                        Rc::make_mut(&mut t).push(Step { pos, note: note() });
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
        }
    }
}
