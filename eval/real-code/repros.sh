#!/usr/bin/env bash
# The minimal reproductions of the engine bugs found on real code (README.md, "Bugs").
# Writes each snippet into a temporary crate, runs cargo-datamin on it and prints the expected
# and the actual findings, each as `line:column rule field (category)`, then OK when they are
# equal and DIFFERS when not. Kept as heredocs so that no .rs file with planted leaks sits in the
# repo. B1-B5 are fixed (OK); B6 and B7 are open (DIFFERS until the engine fixes them).
#
# Usage: eval/real-code/repros.sh        (DATAMIN_BIN=path to skip the build)
# Exit status: 0 when every case is OK, 1 when some case DIFFERS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ -z "${DATAMIN_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release -q -p cargo-datamin)
    DATAMIN_BIN="$repo/target/release/cargo-datamin"
fi
work="$(mktemp -d /tmp/datamin-repros.XXXXXX)"
trap 'rm -rf "$work"' EXIT
differs=0

# case_ NAME WHAT EXPECTED [formatted]: src/main.rs on stdin (other files may be written first).
# EXPECTED is the findings as `line:col rule field (category)` joined by "; ", or "no findings".
# With `formatted`, each finding also shows where its trace says the value was formatted with
# Debug (`formatted-at file:line`).
case_() {
    local name="$1" what="$2" expected="$3" mode="${4:-}"
    mkdir -p "$work/$name/src"
    cat > "$work/$name/src/main.rs"
    echo "== $name: $what"
    echo "   expected: $expected"
    local actual
    actual="$({ "$DATAMIN_BIN" check "$work/$name" --format json || true; } | python3 -c '
import json, sys
mode = sys.argv[1]
d = json.load(sys.stdin)
out = []
for e in d["errors"]:
    out.append("file error %s:%d %s" % (e["file"], e["line"], e["message"]))
for f in d["findings"]:
    s = "%d:%d %s %s (%s)" % (f["line"], f["column"], f["rule"], f["field"], f["category"])
    if mode == "formatted":
        for t in f["trace"]:
            if t["note"].startswith("formatted here"):
                s += " formatted-at %s:%d" % (t["file"], t["line"])
    out.append(s)
print("; ".join(out) if out else "no findings")' "$mode")"
    echo "   actual:   $actual"
    if [[ "$actual" == "$expected" ]]; then
        echo "   => OK"
    else
        echo "   => DIFFERS"
        differs=1
    fi
}

case_ B1-redacting-field-type "FP, fixed: a field type whose own Debug never writes the value" \
    "no findings" <<'EOF'
pub struct Sensitive<T>(T);

impl<T> std::fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sensitive").finish() // never writes self.0
    }
}

#[derive(Debug)]
pub struct CreatePost {
    pub name: String,
    #[personal(credentials)]
    pub auth: Sensitive<String>,
}

pub trait Perform {
    fn perform(&self, context: &str);
}

impl Perform for CreatePost {
    #[tracing::instrument(skip(context))] // records `self` with Debug
    fn perform(&self, context: &str) {}
}

fn log_it(req: &CreatePost) {
    tracing::info!("{:?}", req);
    tracing::info!("{:?}", req.auth);
}

fn main() {}
EOF

case_ B2-self-variant-pattern "FN, fixed: Self::Variant { field } patterns" \
    "12:42 log-leak UserCmd::Delete.username (name); 18:45 log-leak UserCmd::Delete.username (name)" <<'EOF'
pub enum UserCmd {
    Delete {
        #[personal(name)]
        username: String,
    },
}

impl UserCmd {
    pub fn run(self) {
        match self {
            // `Self::` instead of `UserCmd::`
            Self::Delete { username } => eprintln!("Delete {username}?"),
        }
    }

    pub fn run_named(self) {
        match self {
            UserCmd::Delete { username } => eprintln!("Delete {username}?"),
        }
    }
}

fn main() {}
EOF

mkdir -p "$work/B3-configured-macro-named-args"
printf '[[sinks]]\npath = "userio::log::info!"\n' > "$work/B3-configured-macro-named-args/datamin.toml"
case_ B3-configured-macro-named-args "FN, fixed: named arguments of a configured macro sink" \
    "11:5 log-leak User.username (name)" <<'EOF'
// userio::log::info! is configured as a sink (datamin.toml). It takes a message id and
// named arguments for a translation catalogue, not a format string that names them.
use atuin_common::userio;

pub struct User {
    #[personal(name)]
    pub username: String,
}

fn created(user: &User) {
    userio::log::info!("server-admin-user-created", username = user.username.to_string());
}

fn main() {}
EOF

case_ B4-trait-method-return-type "FN, fixed: the declared return type of a trait method called through &dyn Trait" \
    "17:5 log-leak User.username (name)" <<'EOF'
pub struct User {
    pub id: i64,
    #[personal(name)]
    pub username: String,
}

pub struct Settings {
    pub username: String, // a clean field with the same name elsewhere in the tree
}

pub trait Database {
    fn get_session_user(&self, token: &str) -> Result<User, String>;
}

fn authenticate(db: &dyn Database, token: &str) -> Result<User, String> {
    let user = db.get_session_user(token)?;
    tracing::debug!(user.username = %user.username, "request authenticated");
    Ok(user)
}

fn main() {}
EOF

case_ B4b-trait-method-wrong-field "wrong field, fixed: the same, where another struct has a personal field of that name" \
    "17:5 log-leak User.username (email)" <<'EOF'
pub struct UserResponse {
    #[personal(name)]
    pub username: String,
}

pub struct User {
    #[personal(email)]
    pub username: String,
}

pub trait Database {
    fn get_session_user(&self, token: &str) -> Result<User, String>;
}

fn authenticate(db: &dyn Database, token: &str) -> Result<User, String> {
    let user = db.get_session_user(token)?;
    tracing::debug!(user.username = %user.username, "request authenticated");
    Ok(user)
}

fn main() {}
EOF

case_ B5-out-of-tree-assoc-fn-on-local-type "FN, fixed: Type::parse() from an out-of-tree trait builds a Type" \
    "12:5 log-leak Cmd::CreateUser.email (email); 15:5 log-leak Cmd::CreateUser.email (email)" <<'EOF'
#[derive(Debug, clap::Parser)]
pub enum Cmd {
    Start,
    CreateUser {
        #[personal(email)]
        email: String,
    },
}

fn main() {
    let cmd = Cmd::parse(); // clap's derived Parser::parse, returns Self
    tracing::trace!(command = ?cmd, "server command");

    let typed: Cmd = Cmd::parse();
    tracing::trace!(command = ?typed, "server command");
}
EOF

mkdir -p "$work/B6-trace-line-zero/src"
cat > "$work/B6-trace-line-zero/src/api.rs" <<'EOF'
#[derive(Debug)]
pub struct LoginRequest {
    #[personal(name)]
    pub username: String,
}
EOF
case_ B6-trace-line-zero "open: the trace step of a {:?} inside format! points at line 0 of the type's file" \
    "7:5 log-leak LoginRequest.username (name) formatted-at src/main.rs:6" formatted <<'EOF'
mod api;

use api::LoginRequest;

fn check(req: &LoginRequest) {
    let debug = format!("{req:?}"); // the Debug formatting happens here
    println!("{debug}");
}

fn main() {}
EOF

case_ B7-impl-associated-return-type "open, FN: a method declared \`-> Self::Response\` in an impl with \`type Response = T\` returns an unknown type" \
    "33:5 log-leak LoginResponse.jwt (credentials); 34:24 response-leak LoginResponse.jwt (credentials); 39:5 log-leak LoginResponse.jwt (credentials); 40:24 response-leak LoginResponse.jwt (credentials)" <<'EOF'
use actix_web::HttpResponse;

#[derive(Debug, serde::Serialize)]
pub struct LoginResponse {
    #[personal(credentials)]
    pub jwt: String,
}

pub struct Login;
pub struct Refresh;

pub trait Perform {
    type Response;
    fn perform(&self) -> Self::Response;
}

impl Perform for Login {
    type Response = LoginResponse;
    fn perform(&self) -> Self::Response { // the impl's associated type
        LoginResponse { jwt: String::new() }
    }
}

impl Perform for Refresh {
    type Response = LoginResponse;
    fn perform(&self) -> LoginResponse { // the same type, named
        LoginResponse { jwt: String::new() }
    }
}

pub fn login(req: &Login) -> HttpResponse {
    let res = req.perform();
    tracing::debug!(?res, "login");
    HttpResponse::Ok().json(res)
}

pub fn refresh(req: &Refresh) -> HttpResponse {
    let res = req.perform();
    tracing::debug!(?res, "refresh");
    HttpResponse::Ok().json(res)
}

fn main() {}
EOF

case_ B7b-impl-associated-type-literal "open, FN: the same for a \`Self::Response { .. }\` struct literal" \
    "9:9 log-leak LoginResponse.jwt (credentials); 10:28 response-leak LoginResponse.jwt (credentials)" <<'EOF'
use actix_web::HttpResponse;

pub struct Login;

impl Perform for Login {
    type Response = LoginResponse;
    fn respond(&self) -> HttpResponse {
        let res = Self::Response { jwt: String::new() }; // a LoginResponse
        tracing::debug!(?res, "login");
        HttpResponse::Ok().json(res)
    }
}

pub trait Perform {
    type Response;
    fn respond(&self) -> HttpResponse;
}

#[derive(Debug, serde::Serialize)]
pub struct LoginResponse {
    #[personal(credentials)]
    pub jwt: String,
}

fn main() {}
EOF

exit $differs
