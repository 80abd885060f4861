#!/usr/bin/env bash
# The minimal reproductions of the engine bugs found on real code (README.md, "Bugs").
# Writes each snippet into a temporary crate, runs cargo-datamin on it and prints the expected
# and the actual findings. Kept as heredocs so that no .rs file with planted leaks sits in the repo.
#
# Usage: eval/real-code/repros.sh        (DATAMIN_BIN=path to skip the build)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ -z "${DATAMIN_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release -q -p cargo-datamin)
    DATAMIN_BIN="$repo/target/release/cargo-datamin"
fi
work="$(mktemp -d /tmp/datamin-repros.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# case NAME EXPECTED: main.rs on stdin.
case_() {
    local name="$1" expected="$2"
    mkdir -p "$work/$name/src"
    cat > "$work/$name/src/main.rs"
    echo "== $name"
    echo "   expected: $expected"
    { "$DATAMIN_BIN" check "$work/$name" --format json || true; } | python3 -c '
import json, sys
d = json.load(sys.stdin)
for e in d["errors"]: print("   file error: %s:%d %s" % (e["file"], e["line"], e["message"]))
out = ["%d:%d %s" % (f["line"], f["column"], f["message"]) for f in d["findings"]]
print("   actual:   " + ("; ".join(out) if out else "no findings"))'
}

case_ B1-redacting-field-type "no findings (Sensitive's own Debug never writes the value)" <<'EOF'
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

case_ B2-self-variant-pattern "12:42 and 18:45, both \`UserCmd::Delete.username\` (name) reaches \`eprintln!\`" <<'EOF'
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
case_ B3-configured-macro-named-args "11:5 \`User.username\` (name) reaches \`userio::log::info!\`" <<'EOF'
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

case_ B4-trait-method-return-type "17:5 \`User.username\` (name) reaches \`tracing::debug!\`" <<'EOF'
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

case_ B4b-trait-method-wrong-field "17:5 \`User.username\` (email) reaches \`tracing::debug!\`" <<'EOF'
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

case_ B5-out-of-tree-assoc-fn-on-local-type "12:5 and 15:5, both \`Cmd::CreateUser.email\` (email) reaches \`tracing::trace!\`" <<'EOF'
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
