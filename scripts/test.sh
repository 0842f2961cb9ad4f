#!/usr/bin/env bash
# Runs all tests. On a fresh machine the first run also builds the bundled PROJ (~5 min).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
cargo test --locked "$@"
