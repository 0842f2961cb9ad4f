#!/usr/bin/env bash
# Runs all tests. On a fresh machine the first run also builds the bundled PROJ (~5 min) and
# installs the independent readers the tests use where they can: GDAL (ogrinfo), Chromium and
# QGIS (PyQGIS for the system Python, without the recommended extras), and pyarrow from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
if [ -z "${CORRIDOR_NO_APT:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing="" lean=""
  command -v ogrinfo >/dev/null 2>&1 || missing="$missing gdal-bin"
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  /usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1 || lean=" qgis python3-qgis"
  if [ -n "$missing$lean" ]; then
    echo "installing$missing$lean from Debian for the GDAL, browser and QGIS tests..." >&2
    { apt-get update -qq \
      && { [ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; } \
      && { [ -z "$lean" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
             --no-install-recommends $lean >/dev/null; }; } \
      || echo "could not install$missing$lean: the tests that need them will fail" >&2
  fi
fi
# pyarrow reads the GeoParquet output back (tests/geoparquet_check.py); from PyPI, as CMake.
if ! python3 -c 'import pyarrow' >/dev/null 2>&1; then
  echo "installing pyarrow from PyPI for the GeoParquet test..." >&2
  python3 -m pip install --quiet --disable-pip-version-check pyarrow >&2 \
    || echo "could not install pyarrow: the GeoParquet tests will fail" >&2
fi
# The library and binary also build without PROJ and the renderer (cargo features).
cargo check --locked --quiet --no-default-features --lib --bins
cargo test --locked "$@"
