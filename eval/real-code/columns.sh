#!/usr/bin/env bash
# Column sources on real code: fetch two published database-backed services (lemmy: diesel,
# atuin: sqlx), copy them UNPATCHED (no `#[personal]` annotation anywhere) side by side into one
# tree per service, run `cargo-datamin check --format json` once before (no datamin.toml) and once
# after writing a datamin.toml that declares only `[[sources]] column = ...` (and, for atuin, the
# project's own log macros as sinks), then print every finding of the after-run with its verdict
# from columns-classification.tsv (TP/FP), the classified misses (FN), and the counts.
#
# Usage: eval/real-code/columns.sh [--keep DIR]
#   DATAMIN_BIN=path   use this binary instead of building target/release/cargo-datamin
#   LIST_ALL=1         also list after-run findings of rules other than log-leak/response-leak
#   LIST_OUT=1         also list the leaks classified as outside the SPEC's model (verdict OUT)
#   --keep DIR         work in DIR (kept afterwards) instead of a temporary directory
#
# Needs: cargo (registry access to crates.io), python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

work=""
if [[ "${1:-}" == "--keep" ]]; then
    work="$2"
    mkdir -p "$work"
else
    work="$(mktemp -d /tmp/datamin-columns.XXXXXX)"
    trap 'rm -rf "$work"' EXIT
fi

# Exact versions: columns-classification.tsv is for these and no others. atuin-server-postgres has
# no 18.24.x release on crates.io (its last is 18.20.1); from 18.2x on the postgres, mysql and
# sqlite backends live in atuin-server itself (src/db/), so atuin-server covers the SQL.
LEMMY=(lemmy_api@0.18.2 lemmy_api_crud@0.18.2 lemmy_api_common@0.18.2 lemmy_db_schema@0.18.2
       lemmy_db_views@0.18.2 lemmy_utils@0.18.2)
ATUIN=(atuin-server@18.24.4 atuin-domain@18.24.4)
TREES=(lemmy atuin)

if [[ -z "${DATAMIN_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release -q -p cargo-datamin)
    DATAMIN_BIN="$repo/target/release/cargo-datamin"
fi

cargo_home="${CARGO_HOME:-$HOME/.cargo}"

crates() {
    case "$1" in
        lemmy) echo "${LEMMY[@]}" ;;
        atuin) echo "${ATUIN[@]}" ;;
    esac
}

# The datamin.toml of each tree: column sources only (no field annotations anywhere).
config() {
    case "$1" in
        lemmy) cat <<'EOF'
# lemmy 0.18.2, schema in lemmy_db_schema/src/schema.rs. Declared: what a privacy team would call
# personal or secret per account. Not declared: person.name, person.display_name, person.bio,
# person.avatar, person.matrix_user_id, which lemmy publishes by design (every post and comment
# shows them, and they federate to other instances as the ActivityPub actor); declaring them would
# flag every public view. captcha_answer.answer and secret.jwt_secret are not personal data.
[[sources]]
column = "local_user.email"
category = "email"

[[sources]]
column = "local_user.password_encrypted"
category = "credentials"

[[sources]]
column = "local_user.totp_2fa_secret"
category = "credentials"

[[sources]]
column = "local_user.totp_2fa_url"      # otpauth:// URL, holds the secret
category = "credentials"

[[sources]]
column = "person.private_key"           # the actor's ActivityPub signing key
category = "credentials"

[[sources]]
column = "password_reset_request.token_encrypted"
category = "credentials"

[[sources]]
column = "email_verification.email"
category = "email"

[[sources]]
column = "email_verification.verification_token"
category = "credentials"

[[sources]]
column = "registration_application.answer"   # free text the applicant writes for the admins
category = "other"
EOF
        ;;
        atuin) cat <<'EOF'
# atuin 18.24.4: users (username, email, password hash) and sessions (token), SQL in
# atuin-server/src/db/mod.rs. users.username is declared: atuin accounts are private (a sync
# server, no public profiles), so the login name identifies a person and is shown to nobody else.
[[sources]]
column = "users.username"
category = "name"

[[sources]]
column = "users.email"
category = "email"

[[sources]]
column = "users.password"
category = "credentials"

[[sources]]
column = "sessions.token"
category = "credentials"

# Project log macros that datamin cannot see into (atuin_common is not in the scanned tree).
[[sinks]]
path = "userio::log::info!"

[[sinks]]
path = "userio::log::warn!"

[[sinks]]
path = "userio::log::error!"
EOF
        ;;
    esac
}

# fetch NAME CRATE@VER...: download the sources through a throwaway cargo project.
fetch() {
    local name="$1"; shift
    local proj="$work/fetch-$name"
    if [[ ! -f "$proj/Cargo.toml" ]]; then
        cargo new -q --vcs none --name "fetch_$name" "$proj"
    fi
    local specs=()
    for c in "$@"; do specs+=("${c%@*}@=${c#*@}"); done
    (cd "$proj" && cargo add -q "${specs[@]}" && cargo fetch -q)
}

# src CRATE@VER: the unpacked source directory of one crate version.
src() {
    local dir
    dir="$(ls -d "$cargo_home"/registry/src/*/"${1%@*}-${1#*@}" 2>/dev/null | head -n1)"
    [[ -n "$dir" ]] || { echo "source of $1 not found under $cargo_home/registry/src" >&2; exit 2; }
    echo "$dir"
}

# tree NAME CRATE@VER...: copy the crates side by side into $work/NAME, unpatched.
tree() {
    local name="$1"; shift
    rm -rf "${work:?}/$name"
    mkdir -p "$work/$name"
    for c in "$@"; do cp -r "$(src "$c")" "$work/$name/${c%@*}"; done
}

echo "datamin: $("$DATAMIN_BIN" --version 2>/dev/null || echo "$DATAMIN_BIN"), repo commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "work dir: $work"

status=0
# run NAME PHASE: one check of $work/NAME into $work/NAME.PHASE.json.
run() {
    local rc=0
    "$DATAMIN_BIN" check "$work/$1" --format json > "$work/$1.$2.json" || rc=$?
    # 0: clean, 1: deny-level findings; anything else is a usage or analysis error.
    if (( rc > 1 )); then status=$rc; fi
}
for name in "${TREES[@]}"; do
    # shellcheck disable=SC2046
    fetch "$name" $(crates "$name")
    # shellcheck disable=SC2046
    tree "$name" $(crates "$name")
    run "$name" before
    config "$name" > "$work/$name/datamin.toml"
    run "$name" after
done

python3 - "$here/columns-classification.tsv" "$work" "${TREES[@]}" <<'PY'
import collections, json, os, sys
table, work, trees = sys.argv[1], sys.argv[2], sys.argv[3:]
LEAKS = ("log-leak", "response-leak")
list_all = os.environ.get("LIST_ALL") == "1"
list_out = os.environ.get("LIST_OUT") == "1"

rows = {}
for line in open(table):
    if line.startswith("#") or not line.strip():
        continue
    tree, file, lineno, rule, verdict, note = line.rstrip("\n").split("\t")
    rows[(tree, file, int(lineno), rule)] = (verdict, note)

def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"

def by_rule(doc):
    return collections.Counter(f["rule"] for f in doc["findings"])

summary = []
for name in trees:
    before = json.load(open(f"{work}/{name}.before.json"))
    after = json.load(open(f"{work}/{name}.after.json"))
    b, a = by_rule(before), by_rule(after)
    print(f"\n== {name}: {after['stats']['files']} files, "
          f"before {len(before['findings'])} findings {dict(sorted(b.items()))}, "
          f"after {len(after['findings'])} findings {dict(sorted(a.items()))}, "
          f"{len(after['errors'])} file errors, {after['stats']['millis']} ms")
    for e in after["errors"]:
        print(f"  ERROR {e['file']}:{e['line']}:{e['column']} {e['message']}")
    c = dict(tp=0, fp=0, fn=0, new=0, out=0)
    seen = set()
    for f in after["findings"]:
        rule = f["rule"]
        if rule not in LEAKS and not list_all:
            continue
        key = (name, f["file"], f["line"], rule)
        seen.add(key)
        if rule in LEAKS:
            verdict, note = rows.get(key, ("NEW", ""))
            if verdict == "TP": c["tp"] += 1
            elif verdict == "FP": c["fp"] += 1
            elif verdict == "FN": verdict = "TP (was FN)"; c["tp"] += 1
            elif verdict == "OUT": verdict = "TP (was OUT)"; c["tp"] += 1
            else: c["new"] += 1
        else:
            verdict = "-"
        print(f"  {verdict:<12} {f['file']}:{f['line']} {rule} {f.get('field')} {f['message']}")
    for (tree, file, lineno, rule), (verdict, note) in sorted(rows.items()):
        if tree != name or (tree, file, lineno, rule) in seen:
            continue
        if verdict == "FN":
            c["fn"] += 1
            print(f"  {'FN':<12} {file}:{lineno} {rule} missed: {note}")
        elif verdict == "OUT":
            c["out"] += 1
            if list_out:
                print(f"  {'OUT':<12} {file}:{lineno} {rule} outside the model: {note}")
        elif verdict in ("TP", "FP"):
            print(f"  {'GONE':<12} {file}:{lineno} {rule} was {verdict}: {note}")
    print(f"  => leaks: findings {a['log-leak'] + a['response-leak']}  TP {c['tp']}  FP {c['fp']}  "
          f"FN {c['fn']}  unclassified {c['new']}  precision {ratio(c['tp'], c['tp'] + c['fp'])}  "
          f"recall {ratio(c['tp'], c['tp'] + c['fn'])}  (outside the model, not counted: {c['out']})")
    if not list_out and c["out"]:
        print("  (LIST_OUT=1 lists the leaks outside the model)")
    if c["new"]:
        print("  (NEW findings are not in columns-classification.tsv: read them and classify them)")
    summary.append((name, len(before["findings"]), b, len(after["findings"]), a, c))

print("\n== summary (markdown)\n")
print("| tree | before: all | before: leaks | after: all | after: leaks | TP | FP | FN | precision | recall |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, nb, b, na, a, c in summary:
    lb = b["log-leak"] + b["response-leak"]
    la = a["log-leak"] + a["response-leak"]
    print(f"| {name} | {nb} | {lb} | {na} | {la} | {c['tp']} | {c['fp']} | {c['fn']} | "
          f"{ratio(c['tp'], c['tp'] + c['fp'])} | {ratio(c['tp'], c['tp'] + c['fn'])} |")
PY
exit $status
