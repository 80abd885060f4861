//! Guessing which unannotated fields hold personal data, from their names,
//! their types and the types they belong to (the tables are in
//! `crate::semantics::infer`).
//!
//! A guess starts from a name term (`billing_email` ends with `email`) or a
//! type (`IpAddr`, a newtype named `EmailAddress`, a redaction wrapper), if
//! the field's type can hold such data (never a `bool`, a count, a flag enum
//! or a struct of the tree, whose own fields are where the data is). The
//! type it belongs to adds to it (a `Customer`, a struct with annotated
//! fields) or takes from it (a `Config`). A field filled from an annotated
//! field (`View { contact: user.email.clone() }`) is a guess of that field's
//! category whatever its name.

use std::collections::{BTreeMap, HashMap};

use super::ids::{FieldId, TypeId};
use super::ir::{self, ExprKind};
use super::model::Model;
use super::types::Ty;
use crate::config::InferConfig;
use crate::semantics::infer::{
    self as table, CONFIG_PENALTY, CONFIG_TYPES, COPIED_CONFIDENCE, Holds, LOCAL_WORDS, META_WORDS,
    ORGANISATION_TYPES, PERSON_BOOST, PERSON_TYPES, PERSONAL_NEWTYPES, PERSONAL_TYPES,
    SIBLING_BOOST, TERMS, UNIT_WORDS, WRAPPER_BOOST, WRAPPER_NAMES,
};

/// Guesses below this confidence are not reported by the rule, nor
/// treated as annotated by `check --infer` (percent).
pub(crate) const REPORT_CONFIDENCE: u8 = 70;

/// A field that is probably personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Guess {
    pub owner: TypeId,
    /// Its index among the owner's fields.
    pub field: usize,
    pub category: String,
    /// Percent.
    pub confidence: u8,
    pub why: Why,
}

/// What a guess rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its name ends with these words.
    Name(String),
    /// Its type.
    Type(String),
    /// It is filled from this annotated field.
    Copied(FieldId),
    /// It is copied into this annotated field.
    CopiedInto(FieldId),
}

/// The words of a name, lowercase, trailing digits dropped, the last one
/// singular: `billingEmailAddresses` gives `billing email address`.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = name_parts(name);
    if let Some(last) = out.last_mut() {
        *last = singular(last);
    }
    out
}

/// The words of a name, lowercase, trailing digits dropped.
fn name_parts(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.trim_start_matches("r#").chars() {
        if c == '_' || c == '-' || c.is_ascii_digit() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("sses") {
        return format!("{stem}ss");
    }
    if let Some(stem) = word.strip_suffix("ies")
        && stem.len() >= 2
    {
        return format!("{stem}y");
    }
    // (`diagnosis`, `address`, `status`, `alias` are singular.)
    let singular_s = ["ss", "us", "is", "as"]
        .iter()
        .any(|end| word.ends_with(end));
    if word.len() > 3 && word.ends_with('s') && !singular_s {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// What a field's type allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Date,
    /// A redaction wrapper: text someone chose to hide.
    Hidden,
    /// An enum of the tree (flags, unless the term says otherwise).
    Enum,
    /// A newtype of the tree around one value.
    Newtype,
    /// Never personal by itself (a flag, a struct of the tree, a map).
    Never,
}

impl Kind {
    fn allows(self, holds: Holds) -> bool {
        match self {
            Kind::Text | Kind::Hidden | Kind::Newtype => true,
            Kind::Number => holds == Holds::Number,
            Kind::Date => holds == Holds::Date,
            Kind::Enum => holds == Holds::Any,
            Kind::Never => false,
        }
    }
}

/// The kind of a field's type, looking through `Option`, collections and
/// references; and the outside type's name, for type-based guesses.
fn kind_of<'t>(model: &Model<'_>, ty: &'t Ty) -> (Kind, Option<&'t str>) {
    match ty {
        Ty::Str => (Kind::Text, None),
        // Bytes are data, not a count (`fingerprint_template: Vec<u8>`).
        Ty::Seq(inner) if matches!(&**inner, Ty::Other(n, _) if n == "u8") => (Kind::Text, None),
        Ty::Option(inner) | Ty::Seq(inner) => kind_of(model, inner),
        Ty::Redacted(..) => (Kind::Hidden, None),
        Ty::Other(name, _) => {
            let n = name.as_str();
            if table::NEVER.contains(&n) {
                (Kind::Never, None)
            } else if table::NUMBERS.contains(&n) {
                (Kind::Number, None)
            } else if table::DATES.contains(&n) {
                (Kind::Date, None)
            } else {
                (Kind::Text, Some(n))
            }
        }
        // A struct of the tree holds its data in its own fields; an enum
        // is a set of flags unless the name says otherwise; a newtype
        // around one value is the value.
        Ty::Adt(id, _) => {
            let def = &model.types[*id];
            if def.is_enum {
                (Kind::Enum, None)
            } else if WRAPPER_NAMES.contains(&def.name.as_str()) {
                (Kind::Hidden, None)
            } else if def.fields.len() == 1 && def.fields[0].name == "0" {
                (Kind::Newtype, None)
            } else {
                (Kind::Never, None)
            }
        }
        // Generic parameters, maps and tuples say nothing.
        _ => (Kind::Never, None),
    }
}

/// The longest term the name ends with, if the word before it does not
/// say it names something else.
fn term_of(
    words: &[String],
    type_words: &[String],
    extra: &[(Vec<String>, String)],
) -> Option<(Vec<String>, String, u8, Holds)> {
    let ends = |term: &[&str]| {
        words.len() >= term.len()
            && words[words.len() - term.len()..]
                .iter()
                .zip(term)
                .all(|(w, t)| w == t)
    };
    for (key, category) in extra {
        let key: Vec<&str> = key.iter().map(String::as_str).collect();
        if ends(&key) {
            return Some((
                key.iter().map(|s| (*s).to_owned()).collect(),
                category.clone(),
                90,
                Holds::Number,
            ));
        }
    }
    let best = TERMS
        .iter()
        .filter(|t| ends(t.words))
        .max_by_key(|t| (t.words.len(), t.confidence))?;
    let before = words
        .len()
        .checked_sub(best.words.len() + 1)
        .map(|i| words[i].as_str());
    // The word before a generic term, or the type's name, may say it
    // names something else (`file_name`; `token` of a `CsrfGuard`).
    let qualified_away = before.is_some_and(|w| {
        best.not_after.contains(&w)
            || META_WORDS.contains(&w)
            || (!best.only_after.is_empty() && !best.only_after.contains(&w))
    }) || (best.words.len() == 1
        && type_words
            .iter()
            .any(|w| best.not_after.contains(&w.as_str())));
    if qualified_away {
        return None;
    }
    Some((
        best.words.iter().map(|s| (*s).to_owned()).collect(),
        best.category.to_owned(),
        best.confidence,
        best.holds,
    ))
}

/// Every guess of the tree, in type and field order.
pub(crate) fn guesses(model: &Model<'_>, config: &InferConfig) -> Vec<Guess> {
    let extra: Vec<(Vec<String>, String)> = config
        .extra
        .iter()
        .map(|(k, c)| (words(k), c.clone()))
        .collect();
    let copied = copied_fields(model);
    let mut out = Vec::new();
    for tid in model.types.ids() {
        let def = &model.types[tid];
        if def.not_personal
            || config.ignore.contains(&def.name)
            || is_test_code(model.files[def.file].rel, &def.module)
        {
            continue;
        }
        // (Not made singular: `ConnectionOptions` is about options.)
        let type_words = name_parts(&def.name);
        let is_config = type_words
            .iter()
            .any(|w| CONFIG_TYPES.contains(&w.as_str()));
        let person = type_words
            .iter()
            .any(|w| PERSON_TYPES.contains(&w.as_str()));
        let organisation = type_words
            .iter()
            .any(|w| ORGANISATION_TYPES.contains(&w.as_str()));
        let newtype = PERSONAL_NEWTYPES
            .iter()
            .find(|(n, _)| *n == def.name)
            .filter(|_| !def.is_enum && def.fields.len() == 1);
        for (i, field) in def.fields.iter().enumerate() {
            if field.personal.is_some() || field.not_personal {
                continue;
            }
            let qualified = def.field_display(i);
            if config
                .ignore
                .iter()
                .any(|i| *i == field.name || *i == qualified)
            {
                continue;
            }
            let siblings = def
                .fields
                .iter()
                .any(|f| f.personal.is_some() && f.variant == field.variant);
            let ty = model.field_ty(tid, &[], field);
            let (kind, outside) = kind_of(model, &ty);
            // A configuration's or an organisation's data is not a person's:
            // its secrets are the system's own, not a user's credentials
            // (`system.authentication`, not `user.authorization`).
            let adjust = |_category: &str, base: u8| -> u8 {
                let mut c = i16::from(base);
                if is_config || organisation {
                    c -= i16::from(CONFIG_PENALTY);
                } else if person {
                    c += i16::from(PERSON_BOOST);
                }
                if siblings {
                    c += i16::from(SIBLING_BOOST);
                }
                if kind == Kind::Hidden {
                    c += i16::from(WRAPPER_BOOST);
                }
                u8::try_from(c.clamp(0, 99)).unwrap_or(0)
            };
            let mut guess: Option<(String, u8, Why)> = None;
            if let Some((_, category)) = newtype {
                guess = Some(((*category).to_owned(), 90, Why::Type(def.name.clone())));
            }
            // A variant's one tuple field is named by its variant
            // (`Sms(String)`); a unit at the end says nothing (`pay_cents`).
            let mut name_words = match &field.variant {
                Some(v) if field.name == "0" => words(v),
                _ => words(&field.name),
            };
            while name_words.len() > 1
                && name_words
                    .last()
                    .is_some_and(|w| UNIT_WORDS.contains(&w.as_str()))
            {
                name_words.pop();
            }
            if guess.is_none()
                && let Some((term, category, base, holds)) =
                    term_of(&name_words, &type_words, &extra)
                && kind.allows(holds)
            {
                guess = Some((
                    category.clone(),
                    adjust(&category, base),
                    Why::Name(term.join("_")),
                ));
            }
            if guess.is_none()
                && let Some(name) = outside
                && !name_words.iter().any(|w| LOCAL_WORDS.contains(&w.as_str()))
                && let Some((_, category, base)) =
                    PERSONAL_TYPES.iter().find(|(n, _, _)| *n == name)
            {
                guess = Some((
                    (*category).to_owned(),
                    adjust(category, *base),
                    Why::Type(name.to_owned()),
                ));
            }
            if guess.is_none() && kind == Kind::Hidden {
                guess = Some((
                    "other".to_owned(),
                    adjust("other", 60),
                    Why::Type("a redaction wrapper".to_owned()),
                ));
            }
            if let Some(why) = copied.get(&(tid, field.name.as_str()))
                && guess
                    .as_ref()
                    .is_none_or(|(_, c, _)| *c < COPIED_CONFIDENCE)
                && kind != Kind::Never
            {
                let source = match why {
                    Why::Copied(f) | Why::CopiedInto(f) => *f,
                    Why::Name(_) | Why::Type(_) => continue,
                };
                let category = model.personal[source].category.clone();
                guess = Some((category, COPIED_CONFIDENCE, why.clone()));
            }
            if let Some((category, confidence, why)) = guess
                && confidence > 0
            {
                out.push(Guess {
                    owner: tid,
                    field: i,
                    category,
                    confidence,
                    why,
                });
            }
        }
    }
    out
}

/// Whether a type is test, example or benchmark code (a file under
/// `tests/`, `examples/` or `benches/`, a `tests` module, `test_utils.rs`):
/// its fields are made-up data, not the service's.
fn is_test_code(rel: &str, module: &[String]) -> bool {
    let mut parts = rel.split('/');
    let file = rel.rsplit('/').next().unwrap_or(rel);
    parts.any(|p| matches!(p, "tests" | "examples" | "benches"))
        || module
            .iter()
            .any(|m| matches!(m.as_str(), "tests" | "test"))
        || matches!(
            file,
            "tests.rs" | "test.rs" | "test_utils.rs" | "test_helpers.rs"
        )
        || file.ends_with("_test.rs")
        || file.ends_with("_tests.rs")
}

/// Fields of the tree's types filled from an annotated field in a struct
/// literal (`View { contact: user.email.clone() }`), or copied into one
/// (`Customer { email: form.mail }`, when one type alone has a `mail`
/// field), with that annotated field.
fn copied_fields<'m>(model: &'m Model<'_>) -> HashMap<(TypeId, &'m str), Why> {
    // Field names only ever personal, with their field.
    let mut by_name: BTreeMap<&str, (Option<FieldId>, bool)> = BTreeMap::new();
    for def in model.types.iter() {
        for f in &def.fields {
            let entry = by_name.entry(f.name.as_str()).or_default();
            match f.personal {
                Some(fid) if entry.0.is_none() => entry.0 = Some(fid),
                Some(_) => {}
                None => entry.1 = true,
            }
        }
    }
    // The field a value reads, through copies and conversions.
    let read_member = |e: &'m ir::Expr| -> Option<&'m str> {
        let mut e = e;
        loop {
            match &e.kind {
                ExprKind::Reference(inner) | ExprKind::Paren(inner) => e = inner,
                ExprKind::MethodCall(m)
                    if matches!(
                        m.method.as_str(),
                        "clone" | "to_string" | "to_owned" | "into" | "as_str" | "as_deref"
                    ) =>
                {
                    e = &m.receiver;
                }
                ExprKind::Field { member, .. } => return Some(member),
                _ => return None,
            }
        }
    };
    let personal_read = |e: &'m ir::Expr| -> Option<FieldId> {
        match by_name.get(read_member(e)?) {
            Some((Some(fid), false)) => Some(*fid),
            _ => None,
        }
    };
    // Unannotated fields by name, when one type alone has a field so named:
    // what is copied into an annotated field from `x.mail` is that field.
    let mut unannotated: HashMap<&str, Vec<(TypeId, &str)>> = HashMap::new();
    for tid in model.types.ids() {
        for f in &model.types[tid].fields {
            if f.personal.is_none() && f.variant.is_none() && f.name.parse::<usize>().is_err() {
                unannotated
                    .entry(f.name.as_str())
                    .or_default()
                    .push((tid, f.name.as_str()));
            }
        }
    }
    let mut out = HashMap::new();
    if model.personal.is_empty() {
        // No annotated field to copy from or into.
        return out;
    }
    for f in model.fns.iter() {
        let cx = model.fn_cx(f);
        ir::walk_block(f.block, false, &mut |node| {
            let ir::Node::Expr(e) = node else { return };
            let ExprKind::Struct { path, fields, .. } = &e.kind else {
                return;
            };
            let Some(tid) = model.resolve_type_name(cx.file, path.last(), cx.module) else {
                return;
            };
            for (name, value) in fields {
                let Some(field) = model.types[tid].fields.iter().find(|f| f.name == *name) else {
                    continue;
                };
                match field.personal {
                    // Copied from an annotated field.
                    None => {
                        if let Some(fid) = personal_read(value) {
                            out.entry((tid, field.name.as_str()))
                                .or_insert(Why::Copied(fid));
                        }
                    }
                    // Copied into one (`Customer { email: form.mail }`).
                    Some(fid) => {
                        if let Some(member) = read_member(value)
                            && let Some([(from, from_name)]) =
                                unannotated.get(member).map(Vec::as_slice)
                            && *from != tid
                        {
                            out.entry((*from, *from_name))
                                .or_insert(Why::CopiedInto(fid));
                        }
                    }
                }
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn names_split_into_singular_words() {
        assert_eq!(
            words("billingEmailAddresses"),
            ["billing", "email", "address"]
        );
        assert_eq!(words("address_line1"), ["address", "line"]);
        assert_eq!(words("emails"), ["email"]);
        assert_eq!(words("allergies"), ["allergy"]);
        assert_eq!(words("status"), ["status"]);
        assert_eq!(words("diagnosis"), ["diagnosis"]);
        assert_eq!(words("r#type"), ["type"]);
        assert_eq!(words("IP"), ["ip"]);
        assert_eq!(words("clientIP"), ["client", "ip"]);
    }
}
