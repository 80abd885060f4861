#!/usr/bin/env bash
# The datamin benchmark suite (see BENCHMARKS.md).
#
#   bench/run.sh [--runs N] [--jobs J] [--all-corpus]
#
# Builds cargo-datamin and the floor (bench/floor) in release mode, vendors the
# pinned real-crates corpus (bench/fetch-corpus.sh), generates the synthetic
# services (bench/gen-service.py) into target/bench-gen/, then for every tree
# runs the floor and `cargo-datamin check DIR... --format json` alternately, N
# times each (default 5), under GNU time, and prints a markdown table of the
# median wall times, peak RSS and, for the generated services, how many of the
# planted leaks were found, then the corpus's crates with their file and line
# counts. J (default 2) is the floor's thread count, and check's too if it has
# a --jobs option. The "corpus" tree is the directories of the 20 crates pinned
# in bench/corpus/Cargo.toml, passed as 20 paths; with --all-corpus, a
# "corpus-all" row adds the whole vendored tree (every transitive dependency).
# CORPUS_DIR (default target/bench-corpus) is where the corpus is vendored.
# Progress goes to standard error, the tables to standard output and to
# target/bench-results/results.md; the last JSON report of each tree is kept in
# target/bench-results/.
#
# Needs no network except cargo's own access to crates.io for the corpus.
set -euo pipefail

runs=5
jobs=2
all_corpus=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
        --runs=*) runs="${1#--runs=}"; shift ;;
        --jobs) jobs="${2:?--jobs needs a value}"; shift 2 ;;
        --jobs=*) jobs="${1#--jobs=}"; shift ;;
        --all-corpus) all_corpus=1; shift ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a positive number" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --jobs needs a positive number" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
gen="$root/target/bench-gen"
export CORPUS_DIR="${CORPUS_DIR:-$root/target/bench-corpus}"
corpus="$(realpath -m -- "$CORPUS_DIR")"
case "$corpus$root" in
    *[[:space:]]*) echo "run.sh: the paths must not contain white space: $corpus, $root" >&2; exit 2 ;;
esac
out="$root/target/bench-results"
say() { echo "bench: $*" >&2; }

# The synthetic services: name, modules, chain depth. Sizes are chosen so the
# whole run stays well under 15 minutes on 2 cores with runs=5.
services=(
    "svc-200 200 0"
    "svc-400 400 0"
    "svc-800 800 0"
    "svc-200-chain800 200 800"
    "svc-400-chain800 400 800"
    "svc-800-chain800 800 800"
)

# GNU time, for wall time and peak RSS.
gnu_time=/usr/bin/time
if ! "$gnu_time" --version 2>&1 | grep -q GNU; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        say "installing GNU time"
        apt-get install -y time >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }
    fi
    "$gnu_time" --version 2>&1 | grep -q GNU ||
        { echo "run.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2; exit 1; }
fi

say "building (cargo build --release -p cargo-datamin -p datamin-floor)"
cargo build --release -p cargo-datamin -p datamin-floor >&2
check_bin="$root/target/release/cargo-datamin"
floor_bin="$root/target/release/datamin-floor"

check_flags=(--format json)
check_help="$("$check_bin" check --help)"
if grep -q -- '--jobs' <<<"$check_help"; then
    check_flags+=(--jobs "$jobs")
fi
# "Cold" check: if the checker ever keeps a cache, don't let it help.
if grep -q -- '--no-cache' <<<"$check_help"; then
    check_flags+=(--no-cache)
fi

"$root/bench/fetch-corpus.sh" >&2

rm -rf "$out"
mkdir -p "$gen" "$out"

# The "corpus" tree: the vendored directory (`cargo vendor --versioned-dirs`
# names it NAME-VERSION) of each crate pinned in bench/corpus/Cargo.toml.
pinned="$(python3 - "$root/bench/corpus/Cargo.toml" <<'EOF'
import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    deps = tomllib.load(f)["dependencies"]
for key, spec in sorted(deps.items()):
    if isinstance(spec, str):
        spec = {"version": spec}
    version = spec.get("version", "")
    if not version.startswith("="):
        sys.exit(f"run.sh: bench/corpus/Cargo.toml: {key} is not pinned with '=': {version!r}")
    print(f"{spec.get('package', key)}-{version[1:]}")
EOF
)"
corpus_dirs=()
# Count like the linter walks: *.rs files, no hidden or target/ directories,
# no symbolic links followed.
rust_files() {
    find "$1" -mindepth 1 \( -type d \( -name '.*' -o -name target \) -prune \) \
        -o \( -type f -name '*.rs' -print0 \)
}
printf '%s\t%s\t%s\n' crate files lines >"$out/corpus.tsv"
for crate in $pinned; do
    dir="$corpus/$crate"
    [[ -d "$dir" ]] || { echo "run.sh: $dir is missing: is the corpus vendored?" >&2; exit 1; }
    corpus_dirs+=("$dir")
    files="$(rust_files "$dir" | tr -cd '\0' | wc -c)"
    lines="$(rust_files "$dir" | xargs -0 cat -- | wc -l)"
    printf '%s\t%s\t%s\n' "$crate" "$files" "$lines" >>"$out/corpus.tsv"
done
say "corpus: ${#corpus_dirs[@]} pinned crates, $(awk -F'\t' 'NR > 1 { f += $2; l += $3 } END { print f " .rs files, " l " lines" }' "$out/corpus.tsv")"
trees=("corpus ${corpus_dirs[*]}")
if [[ "$all_corpus" == 1 ]]; then
    trees+=("corpus-all $corpus")
fi
for spec in "${services[@]}"; do
    read -r name modules chain <<<"$spec"
    args=(--modules "$modules")
    if [[ "$chain" != 0 ]]; then
        args+=(--chain "$chain")
    fi
    expected="$(python3 "$root/bench/gen-service.py" "$gen/$name" "${args[@]}")"
    say "generated $name: $modules modules, chain $chain, $expected planted leaks"
    trees+=("$name $gen/$name")
done

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$root" status --porcelain -- crates 2>/dev/null)" ]]; then
    commit="$commit + uncommitted changes under crates/"
fi
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# One timed run: appends "SECONDS KB RC" to the file $1; the rest is the command.
# The wall time is taken around GNU time (whose %e has only 10 ms steps); the
# peak RSS (%M, in KB) is GNU time's.
timed() {
    local record="$1"
    shift
    local rc=0 start end
    start="$(date +%s%N)"
    "$gnu_time" -f '%M' -o "$out/time.tmp" "$@" || rc=$?
    end="$(date +%s%N)"
    echo "$(( (end - start) / 1000000 )) $(tail -n 1 "$out/time.tmp") $rc" >>"$record"
}

for tree in "${trees[@]}"; do
    read -r name paths <<<"$tree"
    read -r -a dirs <<<"$paths"
    for ((run = 1; run <= runs; run++)); do
        say "$name: run $run/$runs"
        timed "$out/$name.floor" "$floor_bin" --jobs "$jobs" "${dirs[@]}" \
            >"$out/$name.floor.out" 2>"$out/$name.floor.err"
        timed "$out/$name.check" "$check_bin" check "${dirs[@]}" "${check_flags[@]}" \
            >"$out/$name.json" 2>"$out/$name.check.err"
    done
    path="${dirs[0]}"
    if [[ "${#dirs[@]}" == 1 && -f "$path/EXPECTED" ]]; then
        if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/$name.json" 2>/dev/null; then
            python3 "$root/bench/score.py" "$out/$name.json" "$path" >"$out/$name.score"
        else
            echo "no-report" >"$out/$name.score"
        fi
    fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out" "$commit" "$runs" "$jobs" "$load_before" "$load_after" "${check_flags[*]}" "$corpus" \
    "${trees[@]}" <<'EOF' | tee "$out/results.md"
import os
import statistics
import sys

out, commit, runs, jobs, load_before, load_after, flags, corpus = sys.argv[1:9]
trees = [t.split(" ", 1)[0] for t in sys.argv[9:]]


def records(name, tool):
    rows = []
    with open(os.path.join(out, f"{name}.{tool}")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                rows.append((int(parts[0]) / 1000, int(parts[1]), int(parts[2])))
            else:  # killed before GNU time could say anything usable
                rows.append((float("nan"), 0, int(parts[-1])))
    return rows


def floor_counts(name):
    with open(os.path.join(out, f"{name}.floor.out")) as f:
        text = f.read().split()
    return dict(item.split("=", 1) for item in text if "=" in item)


def score(name):
    path = os.path.join(out, f"{name}.score")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        line = f.read().strip()
    if line == "no-report":
        return {"no-report": True}
    return {k: int(v) for k, v in (item.split("=") for item in line.split())}


print(f"Commit {commit}; runs={runs}, floor --jobs {jobs}, check flags: `{flags}`; "
      f"load average before {load_before}, after {load_after}.")
print()
print("| tree | files | lines | floor median s | check median s | ratio "
      "| floor peak RSS MB | check peak RSS MB | RSS ratio | check lines/s | log-leak found / expected |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
notes = []
for name in trees:
    floor, check = records(name, "floor"), records(name, "check")
    counts = floor_counts(name)
    lines = int(counts.get("lines", 0))
    f_med = statistics.median(r[0] for r in floor)
    c_med = statistics.median(r[0] for r in check)
    f_rss = max(r[1] for r in floor) / 1024
    c_rss = max(r[1] for r in check) / 1024
    bad = sorted({r[2] for r in check if r[2] not in (0, 1, 2)})
    if bad:
        notes.append(f"{name}: check exited with {', '.join(map(str, bad))} (a failure)")
    if int(counts.get("errors", 0)):
        notes.append(f"{name}: the floor could not parse {counts['errors']} file(s)")
    sc = score(name)
    if sc is None:
        leaks = "—"
    elif sc.get("no-report"):
        leaks = "no report"
    else:
        leaks = f"{sc['found']} / {sc['expected']}"
        if sc["unexpected"]:
            leaks += f" (+{sc['unexpected']} unmarked)"
        if sc["missed"]:
            notes.append(f"{name}: {sc['missed']} planted leaks missed")
        if sc["errors"]:
            notes.append(f"{name}: check reported {sc['errors']} file error(s)")
    rate = f"{lines / c_med:,.0f}" if c_med > 0 else "—"
    ratio = f"{c_med / f_med:.1f}×" if f_med > 0 else "—"
    rss_ratio = f"{c_rss / f_rss:.1f}×" if f_rss > 0 else "—"
    print(f"| {name} | {counts.get('files', '?')} | {lines:,} | {f_med:.3f} | {c_med:.3f} "
          f"| {ratio} | {f_rss:.0f} | {c_rss:.0f} | {rss_ratio} | {rate} | {leaks} |")
if notes:
    print()
    for note in notes:
        print(f"- {note}")

with open(os.path.join(out, "corpus.tsv")) as f:
    crates = [line.rstrip("\n").split("\t") for line in f][1:]
print()
print(f"The corpus: {len(crates)} crates pinned in bench/corpus/Cargo.toml, "
      f"vendored in {corpus}; .rs files and lines as the linter walks them.")
print()
print("| crate | files | lines |")
print("|---|--:|--:|")
for crate, files, lines in crates:
    print(f"| {crate} | {files} | {int(lines):,} |")
print(f"| total | {sum(int(c[1]) for c in crates)} | {sum(int(c[2]) for c in crates):,} |")
EOF
