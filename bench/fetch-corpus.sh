#!/usr/bin/env bash
# Vendors the pinned real-crates corpus (bench/corpus) into target/bench-corpus/
# (or into $CORPUS_DIR if set) and prints how many .rs files and lines the
# whole vendored tree holds. The corpus is never built.
#
# Idempotent: a complete earlier vendoring of the same Cargo.lock is kept.
# Needs the network only through cargo (crates.io), and not at all once the
# crates are in cargo's cache or the corpus is vendored.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$root/bench/corpus/Cargo.toml"
lock="$root/bench/corpus/Cargo.lock"
dest="${CORPUS_DIR:-$root/target/bench-corpus}"
# A hidden file, so neither the linter nor the floor ever reads it.
stamp="$dest/.vendored-from"

want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "corpus: already vendored in $dest" >&2
else
    echo "corpus: vendoring bench/corpus into $dest ..." >&2
    rm -rf "$dest"
    mkdir -p "$(dirname "$dest")" "$root/target"
    # cargo vendor prints the source-replacement config on stdout (not needed)
    # and a line per crate on stderr (kept in a log, shown if it fails).
    log="$root/target/bench-corpus.log"
    if ! cargo vendor --manifest-path "$manifest" --locked --versioned-dirs \
        --respect-source-config "$dest" >/dev/null 2>"$log"; then
        tail -n 20 "$log" >&2
        echo "corpus: cargo vendor failed (full log: target/bench-corpus.log)" >&2
        exit 1
    fi
    echo "$want" >"$stamp"
fi

# Count like the linter walks: *.rs files, no hidden or target/ directories,
# no symbolic links followed.
rust_files() {
    find "$dest" -mindepth 1 \( -type d \( -name '.*' -o -name target \) -prune \) \
        -o \( -type f -name '*.rs' -print0 \)
}
files="$(rust_files | tr -cd '\0' | wc -c)"
lines="$(rust_files | xargs -0 cat -- | wc -l)"
echo "corpus: $files .rs files, $lines lines in $dest (all vendored crates)"
