#!/usr/bin/env bash
# Fetch seven real service crates (or crate groups) through cargo, annotate them with the patches beside this
# script, run `cargo-datamin check --format json` on each tree and print the findings, each
# with its verdict from classification.tsv (TP/FP), then the expected leaks it still misses (FN),
# then precision and recall per tree and rule (log-leak, response-leak) and overall, as a
# markdown table.
#
# Usage: eval/real-code/fetch-and-run.sh [--keep DIR]
#   DATAMIN_BIN=path   use this binary instead of building target/release/cargo-datamin
#   DATAMIN_RUNS=N     run the check N times per tree and report the median stats.millis (default 1)
#   LIST_OUT=1         also list the leaks classified as outside the SPEC's model (verdict OUT)
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
HERMOD=(hermod-api@0.1.2)                 # actix-web 4 beta, sqlx, tracing
ROCKET_AUTH=(rocket_auth@0.4.0)           # rocket 0.5 (src and examples/)
VELVET=(velvet-web@0.6.15)                # axum 0.7, askama, sqlx
MOCKFORGE=(mockforge-graphql@0.3.238)     # async-graphql 7
BIOS_IAM=(bios-iam@0.2.0)                 # poem-openapi (through tardis 0.1.0-rc)
TREES=(atuin lemmy hermod rocket_auth velvet mockforge bios_iam)

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
# crates NAME: the CRATE@VER list of one tree.
crates() {
    case "$1" in
        atuin) echo "${ATUIN[@]}" ;;
        lemmy) echo "${LEMMY[@]}" ;;
        hermod) echo "${HERMOD[@]}" ;;
        rocket_auth) echo "${ROCKET_AUTH[@]}" ;;
        velvet) echo "${VELVET[@]}" ;;
        mockforge) echo "${MOCKFORGE[@]}" ;;
        bios_iam) echo "${BIOS_IAM[@]}" ;;
    esac
}
for name in "${TREES[@]}"; do
    # shellcheck disable=SC2046
    fetch "$name" $(crates "$name")
    # shellcheck disable=SC2046
    tree "$name" $(crates "$name")
done

runs="${DATAMIN_RUNS:-1}"
status=0
for name in "${TREES[@]}"; do
    : > "$work/$name.millis"
    for ((i = 0; i < runs; i++)); do
        rc=0
        "$DATAMIN_BIN" check "$work/$name" --format json > "$work/$name.json" || rc=$?
        # 0: clean, 1: deny-level findings; anything else is a usage or analysis error.
        if (( rc > 1 )); then status=$rc; fi
        python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["stats"]["millis"])' \
            "$work/$name.json" >> "$work/$name.millis"
    done
done

python3 - "$here/classification.tsv" "$work" "${TREES[@]}" <<'PY'
import json, os, statistics, sys
table, work, trees = sys.argv[1], sys.argv[2], sys.argv[3:]
RULES = ("log-leak", "response-leak")
list_out = os.environ.get("LIST_OUT") == "1"

rows = {}
for line in open(table):
    if line.startswith("#") or not line.strip():
        continue
    tree, file, lineno, rule, verdict, bug, note = line.rstrip("\n").split("\t")
    rows[(tree, file, int(lineno), rule)] = (verdict, bug, note)

def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"

summary = []  # (tree, rule, files, fields, findings, tp, fp, fn, out, millis)
for name in trees:
    doc = json.load(open(f"{work}/{name}.json"))
    millis = [int(x) for x in open(f"{work}/{name}.millis").read().split()]
    ms = int(statistics.median(millis))
    stats = doc["stats"]
    print(f"\n== {name}: {stats['files']} files, {stats['personal_fields']} personal fields, "
          f"{len(doc['findings'])} findings, {len(doc['errors'])} file errors, {ms} ms"
          + (f" (median of {len(millis)} runs: {' '.join(map(str, millis))})" if len(millis) > 1 else ""))
    for e in doc["errors"]:
        print(f"  ERROR {e['file']}:{e['line']}:{e['column']} {e['message']}")
    count = {r: dict(findings=0, tp=0, fp=0, fn=0, out=0, new=0) for r in RULES}
    seen = set()
    for f in doc["findings"]:
        rule = f["rule"]
        if rule not in RULES:
            continue  # unmarked-personal-field is measured by eval/suggest (suggest against annotations)
        c = count.setdefault(rule, dict(findings=0, tp=0, fp=0, fn=0, out=0, new=0))
        c["findings"] += 1
        key = (name, f["file"], f["line"], rule)
        seen.add(key)
        verdict, bug, _ = rows.get(key, ("NEW", "-", ""))
        if verdict == "TP": c["tp"] += 1
        elif verdict == "FP": c["fp"] += 1
        elif verdict == "FN": verdict = "TP (was FN)"; c["tp"] += 1
        elif verdict == "OUT": verdict = "TP (was OUT)"; c["tp"] += 1
        else: c["new"] += 1
        tag = f" [{bug}]" if bug != "-" else ""
        print(f"  {verdict:<12} {rule:<13} {f['file']}:{f['line']}:{f['column']} {f['message']}{tag}")
    for (tree, file, lineno, rule), (verdict, bug, note) in sorted(rows.items()):
        if tree != name or (tree, file, lineno, rule) in seen:
            continue
        c = count.setdefault(rule, dict(findings=0, tp=0, fp=0, fn=0, out=0, new=0))
        tag = f" [{bug}]" if bug != "-" else ""
        if verdict == "FN":
            c["fn"] += 1
            print(f"  {'FN':<12} {rule:<13} {file}:{lineno} missed: {note}{tag}")
        elif verdict == "OUT":
            c["out"] += 1
            if list_out:
                print(f"  {'OUT':<12} {rule:<13} {file}:{lineno} outside the model: {note}")
        elif verdict in ("TP", "FP"):
            print(f"  {'GONE':<12} {rule:<13} {file}:{lineno} was {verdict}: {note}")
    for rule, c in count.items():
        print(f"  => {rule:<13} findings {c['findings']}  TP {c['tp']}  FP {c['fp']}  FN {c['fn']}  "
              f"unclassified {c['new']}  precision {ratio(c['tp'], c['tp'] + c['fp'])}  "
              f"recall {ratio(c['tp'], c['tp'] + c['fn'])}  (outside the model, not counted: {c['out']})")
        summary.append((name, rule, stats["files"], stats["personal_fields"], c, ms))
    if any(c["new"] for c in count.values()):
        print("  (NEW findings are not in classification.tsv: read them and classify them)")
    if not list_out and any(c["out"] for c in count.values()):
        print("  (LIST_OUT=1 lists the leaks outside the model)")

def add(cs):
    t = dict(findings=0, tp=0, fp=0, fn=0, out=0, new=0)
    for c in cs:
        for k in t: t[k] += c[k]
    return t

def line(label, rule, files, fields, c, ms):
    print(f"| {label} | {rule} | {files} | {fields} | {c['findings']} | {c['tp']} | {c['fp']} | {c['fn']} | "
          f"{ratio(c['tp'], c['tp'] + c['fp'])} | {ratio(c['tp'], c['tp'] + c['fn'])} | {ms} |")

print("\n== summary (markdown; unclassified findings count as neither TP nor FP)\n")
print("| tree | rule | files | annotated fields | findings | TP | FP | FN | precision | recall | millis |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in trees:
    mine = [s for s in summary if s[0] == name]
    files, fields, ms = mine[0][2], mine[0][3], mine[0][5]
    for _, rule, _, _, c, _ in mine:
        line(name, rule, files, fields, c, ms)
    line(name, "**all**", files, fields, add(s[4] for s in mine), ms)
files = sum({s[0]: s[2] for s in summary}.values())
fields = sum({s[0]: s[3] for s in summary}.values())
for rule in RULES:
    line("**all trees**", rule, files, fields, add(s[4] for s in summary if s[1] == rule), "")
line("**all trees**", "**all**", files, fields, add(s[4] for s in summary), "")
PY
exit $status
