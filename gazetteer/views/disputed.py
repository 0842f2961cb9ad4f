#!/usr/bin/env python3
"""Derive gazetteer/views/disputed.tsv: areas whose country depends on the view taken.

    python3 gazetteer/views/disputed.py --src ../shared/data

corridor follows Natural Earth's de facto view, the view its rail network (networks/rail) and
basemap are built from, so that a place and the track beside it carry the same country. Natural
Earth 4.1.0 (world-atlas 2.0.2, public domain) draws Crimea as a separate polygon of Russia; this
script writes that polygon (simplified to 0.005 degrees, about 500 m, which is far inside the
peninsula's distance to the mainland outside the isthmus) with the de jure country beside it.
build.rs relabels every bundled place inside a listed polygon whose country is the de jure one.

Requirements: Python 3.11, shapely >= 2.0.  Deterministic.
"""
import argparse, gzip, json, os
from pathlib import Path

import shapely
from shapely.geometry import Polygon

HERE = Path(__file__).resolve().parent

AREAS = [
    # (name, de facto, de jure, a point inside, the Natural Earth country that holds the polygon)
    ("Crimea", "RU", "UA", (34.1, 44.95), "Russia"),
]


def polygons(src):
    topo = json.load(gzip.open(src / "basemap/countries-10m.topojson.gz", "rt", encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for a in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in a:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for i in idx:
            p = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(p if not out else p[1:])
        return out

    for g in topo["objects"]["countries"]["geometries"]:
        parts = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"] if g["type"] == "MultiPolygon" else []
        for p in parts:
            shell = ring(p[0])
            xs = [q[0] for q in shell]
            if len(shell) < 4 or max(xs) - min(xs) > 180:
                continue  # rings cut at the antimeridian are not near any listed area
            yield g["properties"]["name"], Polygon(shell)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=str(HERE.parent.parent.parent / "shared/data"))
    src = Path(ap.parse_args().src)
    rows = ["area\tde_facto\tde_jure\tsource\tring"]
    polys = list(polygons(src))
    for name, de_facto, de_jure, inside, holder in AREAS:
        hits = [p for n, p in polys if n == holder and p.contains(shapely.Point(inside))]
        assert len(hits) == 1, f"{name}: {len(hits)} polygons"
        ring = hits[0].simplify(0.005, preserve_topology=True).exterior.coords
        text = ";".join(f"{x:.4f} {y:.4f}" for x, y in ring)
        rows.append(f"{name}\t{de_facto}\t{de_jure}\tNatural Earth 4.1.0 admin-0 10m (world-atlas 2.0.2)\t{text}")
    out = HERE / "disputed.tsv"
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(rows) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    print(f"{out}: {len(rows) - 1} areas")


if __name__ == "__main__":
    main()
