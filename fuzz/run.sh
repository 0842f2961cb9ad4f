#!/usr/bin/env bash
# Builds the fuzz targets once, then runs each (or those named) one after the other for
# SECONDS_EACH seconds (default 600) in one process (libFuzzer's default, the same single
# job as `-jobs=1 -workers=1` without its ./fuzz-0.log), logging to fuzz/logs/<target>.log.
# New inputs grow fuzz/corpus/<target>/ (not committed); the committed seeds are read from
# fuzz/seeds/<target>/; a crash is saved in fuzz/artifacts/<target>/.
# Needs the nightly toolchain and `cargo install cargo-fuzz`.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${SECONDS_EACH:-600}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(route_toml route_csv places_file place_lookup geonames ourairports places_tsv disputed)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/fuzz/target}"
mkdir -p fuzz/logs
# Built once and run directly: `cargo fuzz run` would rebuild before each target.
cargo +nightly fuzz build -O < /dev/null > fuzz/logs/build.log 2>&1 || exit 1
bin="$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release"
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "$(date -u +%FT%TZ) start $t" >> fuzz/logs/runs.log
  "$bin/$t" -artifact_prefix="fuzz/artifacts/$t/" -max_total_time="$seconds" -timeout=30 \
    -max_len=8192 "fuzz/corpus/$t" "fuzz/seeds/$t" < /dev/null > "fuzz/logs/$t.log" 2>&1
  echo "$(date -u +%FT%TZ) end $t rc=$?" >> fuzz/logs/runs.log
done
