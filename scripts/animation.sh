#!/bin/sh
# Makes docs/angara-animation.svg, the README's animated corridor: the Angara's voyage
# (routes/angara-to-zhoushan-xinya-2024.toml) drawn by `corridor render` in plate carrée,
# with its positions layer (`corridor build --positions FILE --every STEP`, GeoJSON) shown
# one position after another as SVG animation frames (a dot, the time and whether the
# position is observed or inferred). The map's lon/lat → page transform is read off the two
# fix dots render draws (plate carrée is linear in each). Run from anywhere:
#
#   scripts/animation.sh [STEP]      # the positions' interval, default 4h
#
# Builds corridor first (cargo build --release; honours CARGO_TARGET_DIR), unless
# CORRIDOR_BIN names a built binary to use.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -n "${CORRIDOR_BIN:-}" ]; then
  bin=$CORRIDOR_BIN
else
  . scripts/setup.sh
  cargo build --release --quiet </dev/null
  bin="${CARGO_TARGET_DIR:-$root/target}/release/corridor"
fi
route=routes/angara-to-zhoushan-xinya-2024.toml
step=${1:-4h}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" render "$route" --crs EPSG:4326 --width 900 \
  --title "The Angara, 6–9 Feb 2024: estimated position from two fixes" -o "$tmp/map.svg"
"$bin" build "$route" -o "$tmp/legs.geojson" --positions "$tmp/positions.geojson" --every "$step"
mkdir -p docs
python3 - "$tmp/map.svg" "$tmp/positions.geojson" docs/angara-animation.svg <<'PY'
import json, re, sys

svg, positions, out = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
# The two fixes as the route file gives them, and where render drew them.
fixes = [(128.95, 34.45), (122.1, 30.0)]
dots = [tuple(map(float, m)) for m in re.findall(r'<circle class="fix" cx="([\d.]+)" cy="([\d.]+)"', svg)]
(x1, y1), (x2, y2) = dots[:2]
ax = (x2 - x1) / (fixes[1][0] - fixes[0][0])
ay = (y2 - y1) / (fixes[1][1] - fixes[0][1])
page = lambda lon, lat: (x1 + ax * (lon - fixes[0][0]), y1 + ay * (lat - fixes[0][1]))
steps = []
for f in json.load(open(positions))["features"]:
    lon, lat = f["geometry"]["coordinates"]
    p = f["properties"]
    at = p["time"].replace(":00Z", "Z")  # 2024-02-06T12:00Z
    steps.append((at, page(lon, lat), "observed" if p["observed"] else "inferred"))
n, dur = len(steps), f"{len(steps) * 0.5}s"
anim = lambda attr, vals: f'<animate attributeName="{attr}" values="{";".join(vals)}" dur="{dur}" repeatCount="indefinite" calcMode="discrete"/>'
g = ['<g id="position">']
g.append('<circle r="7" fill="#d62728" stroke="#ffffff" stroke-width="2">'
         + anim("cx", [f"{p[0]:.1f}" for _, p, _ in steps])
         + anim("cy", [f"{p[1]:.1f}" for _, p, _ in steps]) + "</circle>")
for k, (at, _, part) in enumerate(steps):
    shown = ["1" if j == k else "0" for j in range(n)]
    g.append(f'<text x="16" y="62" font-size="15" fill="#222222" opacity="0">{at} ({part}){anim("opacity", shown)}</text>')
g.append("</g>")
open(out, "w").write(svg.replace("</svg>\n", "".join(g) + "</svg>\n"))
print(f"{out}: {n} frames")
PY
