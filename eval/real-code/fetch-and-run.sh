#!/usr/bin/env bash
# Fetch two real service crates through cargo, annotate them with the patches beside this
# script, run `cargo-datamin check --format json` on each tree and print the findings, each
# with its verdict from classification.tsv (TP/FP), then the expected leaks it still misses (FN).
#
# Usage: eval/real-code/fetch-and-run.sh [--keep DIR]
#   DATAMIN_BIN=path   use this binary instead of building target/release/cargo-datamin
#   --keep DIR         work in DIR (kept afterwards) instead of a temporary directory
#
# Needs: cargo (registry access to crates.io), patch, python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

work=""
if [[ "${1:-}" == "--keep" ]]; then
    work="$2"
    mkdir -p "$work"
else
    work="$(mktemp -d /tmp/datamin-real-code.XXXXXX)"
    trap 'rm -rf "$work"' EXIT
fi

# Exact versions: the patches and classification.tsv are for these and no others.
ATUIN=(atuin-server@18.24.4 atuin-domain@18.24.4)
LEMMY=(lemmy_api@0.18.2 lemmy_api_crud@0.18.2 lemmy_api_common@0.18.2 lemmy_db_schema@0.18.2
       lemmy_db_views@0.18.2 lemmy_utils@0.18.2)

if [[ -z "${DATAMIN_BIN:-}" ]]; then
    (cd "$repo" && cargo build --release -q -p cargo-datamin)
    DATAMIN_BIN="$repo/target/release/cargo-datamin"
fi

cargo_home="${CARGO_HOME:-$HOME/.cargo}"

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

# tree NAME CRATE@VER...: copy the crates side by side into $work/NAME and annotate them.
tree() {
    local name="$1"; shift
    rm -rf "${work:?}/$name"
    mkdir -p "$work/$name"
    for c in "$@"; do cp -r "$(src "$c")" "$work/$name/${c%@*}"; done
    (cd "$work/$name" && patch -p1 -s < "$here/$name.patch")
}

echo "datamin: $("$DATAMIN_BIN" --version 2>/dev/null || echo "$DATAMIN_BIN"), repo commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "work dir: $work"
fetch atuin "${ATUIN[@]}"
fetch lemmy "${LEMMY[@]}"
tree atuin "${ATUIN[@]}"
tree lemmy "${LEMMY[@]}"

status=0
for name in atuin lemmy; do
    rc=0
    "$DATAMIN_BIN" check "$work/$name" --format json > "$work/$name.json" || rc=$?
    # 0: clean, 1: deny-level findings; anything else is a usage or analysis error.
    if (( rc > 1 )); then status=$rc; fi
    python3 - "$name" "$work/$name.json" "$here/classification.tsv" <<'PY'
import json, sys
name, report, table = sys.argv[1:4]
doc = json.load(open(report))
rows = {}
for line in open(table):
    if line.startswith("#") or not line.strip():
        continue
    tree, file, lineno, verdict, bug, note = line.rstrip("\n").split("\t")
    if tree == name:
        rows[(file, int(lineno))] = (verdict, bug, note)
stats = doc["stats"]
print(f"\n== {name}: {stats['files']} files, {stats['personal_fields']} personal fields, "
      f"{len(doc['findings'])} findings, {len(doc['errors'])} file errors, {stats['millis']} ms")
for e in doc["errors"]:
    print(f"  ERROR {e['file']}:{e['line']}:{e['column']} {e['message']}")
tp = fp = new = 0
seen = set()
for f in doc["findings"]:
    key = (f["file"], f["line"])
    seen.add(key)
    verdict, bug, _ = rows.get(key, ("NEW", "-", ""))
    if verdict == "TP": tp += 1
    elif verdict == "FP": fp += 1
    elif verdict == "FN": verdict = "TP (was FN)"; tp += 1
    else: new += 1
    tag = f" [{bug}]" if bug != "-" else ""
    print(f"  {verdict:<11} {f['file']}:{f['line']}:{f['column']} {f['message']}{tag}")
fn = 0
for (file, lineno), (verdict, bug, note) in sorted(rows.items()):
    if verdict == "FN" and (file, lineno) not in seen:
        fn += 1
        print(f"  {'FN':<11} {file}:{lineno} missed: {note} [{bug}]")
    if verdict in ("TP", "FP") and (file, lineno) not in seen:
        print(f"  {'GONE':<11} {file}:{lineno} was {verdict}: {note}")
prec = f"{tp / (tp + fp):.2f}" if tp + fp else "n/a"
rec = f"{tp / (tp + fn):.2f}" if tp + fn else "n/a"
print(f"  => TP {tp}  FP {fp}  FN {fn}  unclassified {new}  precision {prec}  recall {rec}")
if new:
    print("  (NEW findings are not in classification.tsv: read them and classify them)")
PY
done
exit $status
