#!/bin/sh
# Vendors Leaflet into assets/leaflet/ for the offline HTML preview (src/writers/preview.rs
# inlines leaflet.js and leaflet.css into the page with include_str!, so the page makes no
# network request). Run from anywhere; needs npm and sha256sum. The tarball is checked against
# the SHA-256 recorded here, so a re-run either reproduces the committed files or fails.
#
#   scripts/vendor_leaflet.sh            # fetch, check, unpack into assets/leaflet/
#
# The checksum is that of the registry tarball (npm view leaflet@1.9.4 dist.integrity gives
# sha512-nxS1ynzJ…FA74PA== for the same file).
#
# Leaflet is BSD-2-Clause (assets/leaflet/LICENSE), credited in the README's NOTICE and in
# the page's attribution control.
set -eu
VERSION=1.9.4
TARBALL_SHA256=84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/assets/leaflet"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "leaflet@$VERSION" >/dev/null)
tgz="$tmp/leaflet-$VERSION.tgz"
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$TARBALL_SHA256" ]; then
  echo "vendor_leaflet: leaflet-$VERSION.tgz has SHA-256 $got, expected $TARBALL_SHA256" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp"
mkdir -p "$dest"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$dest/"
(cd "$dest" && sha256sum leaflet.js leaflet.css LICENSE > SHA256SUMS)
echo "leaflet $VERSION (npm, tarball SHA-256 $TARBALL_SHA256) -> $dest" >&2
