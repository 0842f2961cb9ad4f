#!/bin/sh
# Makes docs/angara-animation.svg, the README's animated corridor: the Angara's voyage
# (routes/angara-to-zhoushan-xinya-2024.toml) drawn by `corridor render` in plate carrée,
# with its estimated position from `corridor where --format json` at N instants between its
# Korea Strait fix and its arrival, shown one after another as SVG animation frames (a dot
# and the time). The map's lon/lat → page transform is read off the two fix dots render
# draws (plate carrée is linear in each). Run from anywhere:
#
#   scripts/animation.sh [N]      # N frames, default 16
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
frames=${1:-16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" render "$route" --crs EPSG:4326 --width 900 \
  --title "The Angara, 6–9 Feb 2024: estimated position from two fixes" -o "$tmp/map.svg"
# From the Korea Strait fix (6 Feb 10:00Z) to noon of the arrival day, in equal steps.
first=$(date -u -d 2024-02-06T10:00Z +%s)
last=$(date -u -d 2024-02-09T12:00Z +%s)
i=0
while [ "$i" -lt "$frames" ]; do
  t=$((first + (last - first) * i / (frames - 1)))
  at=$(date -u -d "@$t" +%Y-%m-%dT%H:%MZ)
  "$bin" where "$route" --at "$at" --format json 2>/dev/null >"$tmp/$i.json"
  echo "$at $tmp/$i.json" >>"$tmp/frames"
  i=$((i + 1))
done
mkdir -p docs
python3 - "$tmp/map.svg" "$tmp/frames" docs/angara-animation.svg <<'PY'
import json, re, sys

svg, frames, out = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
# The two fixes as the route file gives them, and where render drew them.
fixes = [(128.95, 34.45), (122.1, 30.0)]
dots = [tuple(map(float, m)) for m in re.findall(r'<circle class="fix" cx="([\d.]+)" cy="([\d.]+)"', svg)]
(x1, y1), (x2, y2) = dots[:2]
ax = (x2 - x1) / (fixes[1][0] - fixes[0][0])
ay = (y2 - y1) / (fixes[1][1] - fixes[0][1])
page = lambda lon, lat: (x1 + ax * (lon - fixes[0][0]), y1 + ay * (lat - fixes[0][1]))
steps = []
for line in open(frames):
    at, path = line.split()
    rows = json.load(open(path))
    if rows:
        steps.append((at, page(rows[0]["lon"], rows[0]["lat"]), rows[0]["part"]))
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
