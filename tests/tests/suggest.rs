//! `suggest` and the inference behind `unmarked-personal-field` and
//! `check --infer`.
//!
//! Each case of `tests/suggest/` is a service before annotation (`before/`),
//! the same tree as an engineer annotated it blind (`after/`), and the
//! fields annotated there (`expected.tsv`, measured by
//! `eval/suggest/measure.py`). Every suggestion must be one of those fields
//! with its category, the fields not suggested must be exactly
//! [`KNOWN_MISSES`], and `suggest --fix` given the suggestions and those
//! misses must write exactly `after/`, every file of which parses; a second
//! run must change nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use datamin_lint::suggest::{Suggestion, fix, suggest};
use datamin_lint::{Config, Options, check_source, check_with};

/// The default of `suggest --min-confidence`.
const MIN_CONFIDENCE: f64 = 0.5;

fn suggest_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("suggest")
}

fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(suggest_dir())
        .expect("tests/suggest")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before").is_dir())
        .collect();
    out.sort();
    out
}

fn copy_tree(src: &Path, dst: &Path) {
    for entry in fs::read_dir(src).expect("read dir") {
        let entry = entry.expect("entry");
        let to = dst.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            fs::create_dir_all(&to).expect("mkdir");
            copy_tree(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// Every file of a tree, relative path and text, sorted.
fn files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read_to_string(&path).expect("text")));
            }
        }
    }
    out.sort();
    out
}

/// The fields of the cases that `suggest` does not guess at the default
/// confidence: (case, file, line).
const KNOWN_MISSES: &[(&str, &str, usize)] = &[
    // A configuration's secret: the system's, by the README's taxonomy.
    ("accounts_billing_axum", "src/config.rs", 38),
    // A `Vec` of a flag enum that the engineer filed as health data.
    ("clinic_hr_backoffice", "src/patients/model.rs", 41),
];

/// `expected.tsv` of a case: (file, line) to (`Type.field`, category).
fn expected(case: &Path) -> BTreeMap<(String, usize), (String, String)> {
    let text = fs::read_to_string(case.join("expected.tsv")).expect("expected.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let [file, line, field, category] = cols[..] else {
                panic!("a line of expected.tsv: {l:?}");
            };
            (
                (file.to_owned(), line.parse().expect("a line number")),
                (field.to_owned(), category.to_owned()),
            )
        })
        .collect()
}

/// A suggestion of a field `suggest` missed, where `fix` finds it: the
/// column of its name on its line.
fn missed(dir: &Path, file: &str, line: usize, field: &str, category: &str) -> Suggestion {
    let (type_name, name) = field.rsplit_once('.').expect("Type.field");
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("the case's file");
    let source_line = text.lines().nth(line - 1).expect("the line");
    let at = source_line
        .find(&format!("{name}:"))
        .expect("a named field on the line");
    Suggestion {
        file: file.to_owned(),
        line,
        column: source_line[..at].chars().count() + 1,
        type_name: type_name.to_owned(),
        field: name.to_owned(),
        category: category.to_owned(),
        confidence: 0.0,
        path,
    }
}

#[test]
fn each_case_is_fixed_as_its_engineer_annotated_it() {
    let cases = cases();
    assert!(cases.len() >= 3, "{cases:?}");
    for case in cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a case name");
        let truth = expected(&case);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&case.join("before"), dir.path());
        let found = suggest(
            dir.path(),
            &Config::default(),
            &Options::default(),
            MIN_CONFIDENCE,
        );
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        for s in &found.suggestions {
            let annotated = truth.get(&(s.file.clone(), s.line));
            assert_eq!(
                annotated.map(|(_, category)| category.as_str()),
                Some(s.category.as_str()),
                "{name}: {}:{} {}.{} is no field the engineer annotated so",
                s.file,
                s.line,
                s.type_name,
                s.field
            );
        }
        let mut wanted = found.suggestions.clone();
        let mut misses = Vec::new();
        for ((file, line), (field, category)) in &truth {
            if !found
                .suggestions
                .iter()
                .any(|s| s.file == *file && s.line == *line)
            {
                misses.push((file.as_str(), *line));
                wanted.push(missed(dir.path(), file, *line, field, category));
            }
        }
        let known: Vec<(&str, usize)> = KNOWN_MISSES
            .iter()
            .filter(|(c, _, _)| *c == name)
            .map(|(_, f, l)| (*f, *l))
            .collect();
        assert_eq!(misses, known, "{name}: the fields suggest does not guess");
        let report = fix(&wanted);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got = files(dir.path());
        let want = files(&case.join("after"));
        assert_eq!(
            got.iter().map(|(f, _)| f).collect::<Vec<_>>(),
            want.iter().map(|(f, _)| f).collect::<Vec<_>>()
        );
        for ((file, text), (_, expected)) in got.iter().zip(&want) {
            assert!(
                text == expected,
                "{name}: {file} differs from after/{file} after `suggest --fix`"
            );
        }
        // The fixed tree parses, and nothing is left to suggest or fix.
        let report = check_with(dir.path(), &Config::default(), &Options::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let again = suggest(
            dir.path(),
            &Config::default(),
            &Options::default(),
            MIN_CONFIDENCE,
        );
        assert!(again.suggestions.is_empty(), "{:#?}", again.suggestions);
        assert!(fix(&again.suggestions).files.is_empty());
        assert_eq!(files(dir.path()), got);
    }
}

/// The `unmarked-personal-field` findings of one file, as `line field category`.
fn unmarked(text: &str) -> Vec<String> {
    check_source("src/models.rs", text, &Config::default())
        .findings
        .iter()
        .filter(|f| f.rule == "unmarked-personal-field")
        .map(|f| {
            format!(
                "{} {} {}",
                f.line,
                f.field.as_deref().unwrap_or("?"),
                f.category.as_deref().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn names_that_only_contain_a_word_are_not_guessed() {
    let text = "\
pub struct User {
    pub id: u64,
    pub email_verified: bool,
    pub name_len: usize,
    pub address_family: AddressFamily,
    pub ip_version: u8,
    pub username_max_len: usize,
    pub token_count: u64,
    pub email_template: String,
    pub server_name: String,
    pub file_name: String,
    pub csrf_token: String,
    pub phone_verified_at: Option<DateTime<Utc>>,
    pub flags: Vec<UserFlag>,
    pub email: String,
}

pub enum UserFlag { EmailOptIn, PhoneVerified }
pub enum AddressFamily { V4, V6 }

pub struct ServerConfig {
    pub bind_addr: std::net::SocketAddr,
    pub support_email: String,
    pub api_token: String,
}
";
    assert_eq!(unmarked(text), ["15 User.email email"]);
}

#[test]
fn names_types_and_copies_are_guessed_with_their_category() {
    let text = "\
use std::net::IpAddr;

#[derive(datamin::Personal)]
pub struct Customer {
    pub id: u64,
    #[personal(email)]
    pub email: String,
    pub phone_number: String,
    pub last_login: Option<IpAddr>,
}

pub struct EmailAddress(String);

pub struct ContactView {
    pub contact: String,
}

pub fn view(c: &Customer) -> ContactView {
    ContactView { contact: c.email.clone() }
}
";
    assert_eq!(
        unmarked(text),
        [
            "8 Customer.phone_number phone",
            "9 Customer.last_login ip_address",
            "12 EmailAddress.0 email",
            "15 ContactView.contact email",
        ]
    );
}

#[test]
fn a_field_copied_into_an_annotated_one_is_guessed() {
    let text = "\
#[derive(datamin::Personal)]
pub struct Customer {
    pub id: u64,
    #[personal(email)]
    pub email: String,
}

pub struct SignupForm {
    pub reply_to: String,
    pub plan: String,
}

pub fn customer(form: SignupForm) -> Customer {
    Customer { id: 1, email: form.plan.to_lowercase() }
}

pub fn customer_exact(form: &SignupForm) -> Customer {
    Customer { id: 2, email: form.reply_to.clone() }
}
";
    let found = check_source("src/models.rs", text, &Config::default());
    let messages: Vec<&str> = found
        .findings
        .iter()
        .filter(|f| f.rule == "unmarked-personal-field")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`SignupForm.reply_to` is probably personal (email, copied into `Customer.email`, confidence 0.85) but is not marked"
        ]
    );
}

#[test]
fn a_type_reviewed_as_not_personal_is_not_guessed() {
    let text = "\
#[datamin::not_personal]
pub struct MailerConfig {
    pub support_email: String,
}

pub struct Recipient {
    pub email: String,
}
";
    assert_eq!(unmarked(text), ["7 Recipient.email email"]);
}

#[test]
fn not_personal_and_a_suppression_silence_a_guess() {
    let text = "\
#[derive(datamin::Personal)]
pub struct Campaign {
    #[not_personal]
    pub email: String,
    // datamin:allow(unmarked-personal-field) the sender's shared mailbox, not a person's
    pub phone: String,
    pub full_name: String,
}
";
    assert_eq!(unmarked(text), ["7 Campaign.full_name name"]);
}

#[test]
fn infer_counts_guessed_fields_as_annotated() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    fs::write(
        dir.path().join("src/lib.rs"),
        "pub struct Subscriber {\n    pub id: u64,\n    pub email: String,\n}\n\n\
         pub fn welcome(s: &Subscriber) {\n    tracing::info!(id = s.id, \"welcome\");\n    \
         tracing::info!(\"welcome {}\", s.email);\n}\n",
    )
    .expect("write");
    let plain = check_with(dir.path(), &Config::default(), &Options::default());
    let rules: Vec<(&str, usize)> = plain
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.line))
        .collect();
    assert_eq!(rules, [("unmarked-personal-field", 3)]);
    assert_eq!(plain.exit_code(), 0);

    let inferred = check_with(
        dir.path(),
        &Config::default(),
        &Options::default().inferring(true),
    );
    let leak = inferred
        .findings
        .iter()
        .find(|f| f.rule == "log-leak")
        .expect("a log-leak with --infer");
    assert_eq!(leak.line, 8);
    assert!(leak.inferred);
    assert_eq!(
        leak.message,
        "`Subscriber.email` (email) reaches `tracing::info!` (`Subscriber.email` is inferred, confidence 0.99)"
    );
    let json = serde_json::to_value(leak).expect("json");
    assert_eq!(json["inferred"], serde_json::json!(true));
    assert_eq!(inferred.exit_code(), 1);
    let other = plain
        .findings
        .iter()
        .find(|f| f.rule == "unmarked-personal-field")
        .expect("warning");
    assert!(
        serde_json::to_value(other)
            .expect("json")
            .get("inferred")
            .is_none()
    );
}

#[test]
fn fix_leaves_a_file_that_changed_since_the_suggestions() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    let file = dir.path().join("src/lib.rs");
    fs::write(&file, "pub struct User {\n    pub email: String,\n}\n").expect("write");
    let found = suggest(
        dir.path(),
        &Config::default(),
        &Options::default(),
        MIN_CONFIDENCE,
    );
    assert_eq!(found.suggestions.len(), 1);
    fs::write(&file, "pub struct User {\n\n    pub email: String,\n}\n").expect("write");
    let report = fix(&found.suggestions);
    assert!(report.files.is_empty());
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(
        report.errors[0].message,
        "not changed: 1 suggested field(s) are not where the suggestions say; run `suggest` again"
    );
    assert_eq!(
        fs::read_to_string(&file).expect("read"),
        "pub struct User {\n\n    pub email: String,\n}\n"
    );
}

#[test]
fn configured_words_add_and_silence_guesses() {
    let config = Config::from_toml_str(
        "[infer]\nextra = { member_no = \"government_id\" }\nignore = [\"Member.phone\", \"nickname\", \"Invoice\"]\n",
        "datamin.toml",
    )
    .expect("valid");
    let text = "\
pub struct Member {
    pub member_no: String,
    pub phone: String,
    pub nickname: String,
    pub email: String,
}

pub struct Invoice {
    pub billing_email: String,
}
";
    let lines: Vec<String> = check_source("src/models.rs", text, &config)
        .findings
        .iter()
        .filter(|f| f.rule == "unmarked-personal-field")
        .map(|f| {
            format!(
                "{} {}",
                f.field.as_deref().unwrap_or("?"),
                f.category.as_deref().unwrap_or("?")
            )
        })
        .collect();
    assert_eq!(
        lines,
        ["Member.member_no government_id", "Member.email email"]
    );
    let bad = Config::from_toml_str("[infer]\nextra = { badge = \"badges\" }\n", "datamin.toml")
        .expect_err("unknown category");
    assert!(
        bad.to_string()
            .starts_with("invalid [infer] entry in datamin.toml: extra `badge`: unknown category `badges`; expected one of `name`"),
        "{bad}"
    );
}

#[test]
fn a_file_that_does_not_parse_is_named_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    let broken = "pub struct Lead {\n    pub email: String\n    pub phone: String,\n}\n";
    fs::write(dir.path().join("src/broken.rs"), broken).expect("write");
    fs::write(
        dir.path().join("src/lib.rs"),
        "pub struct User {\n    pub email: String,\n}\n",
    )
    .expect("write");
    let found = suggest(
        dir.path(),
        &Config::default(),
        &Options::default(),
        MIN_CONFIDENCE,
    );
    let named: Vec<(&str, usize)> = found
        .suggestions
        .iter()
        .map(|s| (s.file.as_str(), s.line))
        .collect();
    assert_eq!(named, [("src/lib.rs", 2)]);
    assert_eq!(found.errors.len(), 1, "{:?}", found.errors);
    assert_eq!(found.errors[0].file, "src/broken.rs");
    let report = fix(&found.suggestions);
    assert_eq!(report.files.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join("src/broken.rs")).expect("read"),
        broken
    );
}
