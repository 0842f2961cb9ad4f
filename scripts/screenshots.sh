#!/bin/sh
# Regenerates the README's screenshots of `corridor render`: the bundled routes plus a flight
# across the Pacific (tests/data/screenshots/pacific.toml), in EPSG:4326 (plate carrée) and
# EPSG:3857 (Web Mercator), with a 30° graticule, into docs/. Run from anywhere:
#
#   scripts/screenshots.sh
#
# Builds corridor first (cargo build --release; honours CARGO_TARGET_DIR). The PNGs are
# byte-identical for the same code and data.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/setup.sh
cargo build --release --quiet </dev/null
bin="${CARGO_TARGET_DIR:-$root/target}/release/corridor"
mkdir -p docs
for crs in EPSG:4326 EPSG:3857; do
  out="docs/map-$(echo "$crs" | tr 'A-Z:' 'a-z-').png"
  "$bin" render routes tests/data/screenshots/pacific.toml --crs "$crs" --graticule 30 \
    --width 1400 --title "Bundled corridors and a flight across the Pacific, $crs" -o "$out"
  echo "$out" >&2
done
