#!/usr/bin/env bash
# Runs all tests. On a fresh machine the first run also builds the bundled PROJ (~5 min) and
# installs the independent readers the tests use where they can: GDAL (ogrinfo) and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
if [ -z "${CORRIDOR_NO_APT:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  missing=""
  command -v ogrinfo >/dev/null 2>&1 || missing="$missing gdal-bin"
  [ -x /usr/bin/chromium ] || missing="$missing chromium"
  if [ -n "$missing" ]; then
    echo "installing$missing from Debian for the GDAL and browser tests..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; } \
      || echo "could not install$missing: those tests will say they were skipped" >&2
  fi
fi
cargo test --locked "$@"
