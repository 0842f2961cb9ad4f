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
import argparse
import sys
from pathlib import Path

import shapely
from shapely.geometry import Polygon

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
from derivelib import COUNTRIES_10M, SHARED_DATA, Topology, atomic_write  # noqa: E402

AREAS = [
    # (name, de facto, de jure, a point inside, the Natural Earth country that holds the polygon)
    ("Crimea", "RU", "UA", (34.1, 44.95), "Russia"),
]


def polygons(src):
    topo = Topology(src / COUNTRIES_10M)
    for g in topo.objects["countries"]["geometries"]:
        for p in Topology.polygons(g):
            shell = topo.ring(p[0])
            xs = [q[0] for q in shell]
            if len(shell) < 4 or max(xs) - min(xs) > 180:
                continue  # rings cut at the antimeridian are not near any listed area
            yield g["properties"]["name"], Polygon(shell)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=str(SHARED_DATA))
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
    atomic_write(out, "\n".join(rows) + "\n")
    print(f"{out}: {len(rows) - 1} areas")


if __name__ == "__main__":
    main()
