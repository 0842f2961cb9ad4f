#!/usr/bin/env bash
# Maps the bundled seed corridors: GeoJSON of legs and places, distance and aggregate tables.
# Usage: ./scripts/map-seeds.sh [OUT_DIR]   (default: out/)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
out="${1:-out}"
mkdir -p "$out"
# The dev profile: after the tests it is already built (a release build would compile the
# bundled PROJ a second time, ~5 min); the whole job takes well under a second either way.
cargo build --locked --quiet
bin=target/debug/corridor
"$bin" check routes
"$bin" build routes -o "$out/corridors.geojson" --places "$out/places.geojson"
# The GeoPackage with its time layers (positions every 6 h, every fix) for QGIS's temporal
# controller, and kepler.gl's trips.
"$bin" build routes -o "$out/corridors.gpkg" --positions "$out/corridors.gpkg" --sightings "$out/corridors.gpkg"
"$bin" build routes --format trips -o "$out/trips.json"
"$bin" render routes -o "$out/map.png"
"$bin" preview routes -o "$out/map.html"
"$bin" distances routes --format csv > "$out/distances.csv"
"$bin" aggregate routes --by mode --format csv > "$out/by-mode.csv"
"$bin" distances routes
echo
"$bin" aggregate routes --by corridor
echo
echo "wrote $out/corridors.geojson, $out/places.geojson, $out/corridors.gpkg (with positions and sightings), $out/trips.json, $out/map.png, $out/map.html, $out/distances.csv, $out/by-mode.csv"
