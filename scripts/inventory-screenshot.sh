#!/usr/bin/env bash
# Writes docs/inventory-shop.png: a screenshot of `cargo datamin inventory --format html`
# of examples/shop in headless Chromium (Debian's `chromium`), for the README.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build --release -q -p cargo-datamin
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd examples/shop && "$root/target/release/cargo-datamin" inventory . --format html) > "$work/shop.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --window-size=1200,1400 \
    --screenshot="$root/docs/inventory-shop.png" "file://$work/shop.html" 2>/dev/null
echo "wrote docs/inventory-shop.png"
