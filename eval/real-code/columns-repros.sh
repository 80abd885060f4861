#!/usr/bin/env bash
# Minimal reproductions of the column-source misses found by columns.sh on atuin and lemmy
# (columns-classification.tsv). Each case is a one-file crate with a datamin.toml that declares
# columns only (no #[personal] anywhere); prints the expected (SPEC.md sections 1, 2, 4) and the
# actual leak findings (log-leak, response-leak) as `line:col rule field (category)`, then OK or DIFFERS. C0a/C0b are controls
# (the shapes the engine handles); C1-C6 are the misses.
#
# Usage: eval/real-code/columns-repros.sh        (DATAMIN_BIN=path to skip the build)
# Exit status: 0 when every case is OK, 1 when some case DIFFERS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ -z "${DATAMIN_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release -q -p cargo-datamin)
    DATAMIN_BIN="$repo/target/release/cargo-datamin"
fi
work="$(mktemp -d /tmp/datamin-colrepros.XXXXXX)"
trap 'rm -rf "$work"' EXIT
differs=0

SQLX_CONFIG='[[sources]]
column = "users.username"
category = "name"
'
DIESEL_CONFIG='[[sources]]
column = "local_user.email"
category = "email"
'

# case_ NAME CONFIG WHAT EXPECTED: src/main.rs on stdin, CONFIG written as datamin.toml.
case_() {
    local name="$1" config="$2" what="$3" expected="$4"
    mkdir -p "$work/$name/src"
    printf '%s' "$config" > "$work/$name/datamin.toml"
    cat > "$work/$name/src/main.rs"
    echo "== $name: $what"
    echo "   expected: $expected"
    local actual
    actual="$({ "$DATAMIN_BIN" check "$work/$name" --format json || true; } | python3 -c '
import json, sys
d = json.load(sys.stdin)
out = ["file error %s:%d %s" % (e["file"], e["line"], e["message"]) for e in d["errors"]]
out += ["%d:%d %s %s (%s)" % (f["line"], f["column"], f["rule"], f["field"], f["category"])
        for f in d["findings"] if f["rule"] in ("log-leak", "response-leak")]
print("; ".join(out) if out else "no findings")')"
    echo "   actual:   $actual"
    if [[ "$actual" == "$expected" ]]; then
        echo "   => OK"
    else
        echo "   => DIFFERS"
        differs=1
    fi
}

case_ C0a-sqlx-turbofish-literal "$SQLX_CONFIG" "control: query_as::<_, Row>(\"SELECT ..\") maps the row struct" \
    "12:5 log-leak users.username (name)" <<'EOF'
#[derive(sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
}

async fn get(pool: &sqlx::PgPool) {
    let user = sqlx::query_as::<_, User>("SELECT id, username FROM users WHERE id = $1")
        .fetch_one(pool)
        .await
        .unwrap();
    tracing::info!("{}", user.username);
}

fn main() {}
EOF

case_ C0b-diesel-plain-derive "$DIESEL_CONFIG" "control: #[derive(Queryable)] #[diesel(table_name = ..)] maps the struct" \
    "16:5 log-leak local_user.email (email)" <<'EOF'
diesel::table! {
    local_user (id) {
        id -> Int4,
        email -> Nullable<Text>,
    }
}

#[derive(Debug, Queryable)]
#[diesel(table_name = local_user)]
pub struct LocalUser {
    pub id: i32,
    pub email: Option<String>,
}

fn log(u: &LocalUser) {
    tracing::info!("{:?}", u.email);
}

fn main() {}
EOF

case_ C1-sqlx-row-type-from-let "$SQLX_CONFIG" \
    "FN: query_as(\"SELECT ..\") without turbofish, the row type only in \`let user: User\`" \
    "12:5 log-leak users.username (name)" <<'EOF'
#[derive(sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
}

async fn get(pool: &sqlx::PgPool) {
    let user: User = sqlx::query_as("SELECT id, username FROM users WHERE id = $1")
        .fetch_one(pool)
        .await
        .unwrap();
    tracing::info!("{}", user.username);
}

fn main() {}
EOF

case_ C2-sqlx-row-type-from-return "$SQLX_CONFIG" \
    "FN: query_as(\"SELECT ..\") without turbofish, the row type only in the fn's return type (atuin db/mod.rs)" \
    "15:5 log-leak users.username (name)" <<'EOF'
#[derive(sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
}

async fn get_user(pool: &sqlx::PgPool) -> Result<User, sqlx::Error> {
    sqlx::query_as("SELECT id, username FROM users WHERE id = $1")
        .fetch_one(pool)
        .await
}

async fn handler(pool: &sqlx::PgPool) {
    let user = get_user(pool).await.unwrap();
    tracing::info!("{}", user.username);
}

fn main() {}
EOF

case_ C3-sqlx-sql-in-const "$SQLX_CONFIG" "FN: the SQL in a \`const\` (even with a turbofish)" \
    "11:5 log-leak users.username (name)" <<'EOF'
#[derive(sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
}

const GET_USER: &str = "SELECT id, username FROM users WHERE id = $1";

async fn get(pool: &sqlx::PgPool) {
    let user = sqlx::query_as::<_, User>(GET_USER).fetch_one(pool).await.unwrap();
    tracing::info!("{}", user.username);
}

fn main() {}
EOF

case_ C4-sqlx-sql-in-assoc-const "$SQLX_CONFIG" \
    "FN: atuin's shape: SQL in an associated const reached through \`Self::Dialect\`, row type from the return type" \
    "29:5 log-leak users.username (name)" <<'EOF'
#[derive(sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
}

pub trait Dialect {
    const GET_USER: &'static str;
}

pub struct Ordinal;

impl Dialect for Ordinal {
    const GET_USER: &'static str = "SELECT id, username FROM users WHERE id = $1";
}

pub trait Database {
    type Dialect: Dialect;
    fn pool(&self) -> &sqlx::PgPool;

    async fn get_user(&self) -> Result<User, sqlx::Error> {
        db::query_as(Self::Dialect::GET_USER).fetch_one(self.pool()).await
    }
}

async fn handler(db: &impl Database) {
    let user = db.get_user().await.unwrap();
    // expected: the same finding as with query_as::<_, User>("SELECT id, username FROM users ..")
    tracing::info!("{}", user.username);
}

fn main() {}
EOF

case_ C5-diesel-cfg-attr-derive "$DIESEL_CONFIG" \
    "FN: lemmy's shape: Queryable and diesel(table_name) behind #[cfg_attr(feature = \"full\", ..)]" \
    "17:5 log-leak local_user.email (email)" <<'EOF'
diesel::table! {
    local_user (id) {
        id -> Int4,
        email -> Nullable<Text>,
    }
}

#[derive(Debug)]
#[cfg_attr(feature = "full", derive(Queryable))]
#[cfg_attr(feature = "full", diesel(table_name = local_user))]
pub struct LocalUser {
    pub id: i32,
    pub email: Option<String>,
}

fn log(u: &LocalUser) {
    tracing::info!("{:?}", u.email);
}

fn main() {}
EOF

case_ C6-diesel-all-columns-tuple "$DIESEL_CONFIG" \
    "FN: lemmy's LocalUserView::read: even in the fn that runs .select((local_user::all_columns,)).first::<(LocalUser,)>(), the row is clean when the derive is behind cfg_attr (also with no derive at all: the tuple position alone says which struct holds the row)" \
    "20:5 log-leak local_user.email (email)" <<'EOF'
diesel::table! {
    local_user (id) {
        id -> Int4,
        email -> Nullable<Text>,
    }
}

#[cfg_attr(feature = "full", derive(Queryable))]
pub struct LocalUser {
    pub id: i32,
    pub email: Option<String>,
}

async fn read(conn: &mut AsyncPgConnection) {
    let (local_user,) = local_user::table
        .select((local_user::all_columns,))
        .first::<(LocalUser,)>(conn)
        .await
        .unwrap();
    tracing::info!("{:?}", local_user.email);
}

fn main() {}
EOF

exit $differs
