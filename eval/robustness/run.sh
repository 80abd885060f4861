#!/usr/bin/env bash
# Checks every crate in the local cargo registry (whatever `cargo fetch` put
# there) with the release binary and reports crashes, internal errors,
# time-outs and the slowest crates. Nothing is annotated, so nothing should be
# found: this measures that the linter survives real Rust at scale.
#
# Usage: eval/robustness/run.sh [TIMEOUT_SECONDS]   (default 120 per crate)
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
(cd "$repo" && cargo build --release -q -p cargo-datamin) || exit 1
bin="$repo/target/release/cargo-datamin"
limit="${1:-120}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
crates=0; bad=0
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/*/; do
    crates=$((crates + 1))
    json="$(timeout "$limit" "$bin" check "$dir" --format json 2>/dev/null)"; rc=$?
    name="$(basename "$dir")"
    if [ "$rc" -eq 124 ]; then echo "TIMEOUT  $name"; bad=$((bad + 1)); continue; fi
    if [ "$rc" -gt 2 ]; then echo "CRASH    $name (exit $rc)"; bad=$((bad + 1)); continue; fi
    printf '%s\n' "$json" | python3 -c '
import json, sys
name = sys.argv[1]
d = json.load(sys.stdin)
internal = [e for e in d["errors"] if "internal" in e["message"]]
if internal:
    print("INTERNAL %s %s" % (name, internal[:2]))
print("%8d ms %6d files %s" % (d["stats"]["millis"], d["stats"]["files"], name), file=sys.stderr)
' "$name" 2>>"$out" || { echo "BADJSON  $name"; bad=$((bad + 1)); }
done
echo "slowest:"; sort -rn "$out" | head -5
echo "$crates crates checked, $bad crashed, timed out or printed invalid JSON"
