#!/usr/bin/env python3
"""Derive corridor's bundled basemap (networks/basemap/*) from Natural Earth via npm world-atlas.

Run from the repository root:

    python3 networks/basemap/derive.py --src ../shared/data

(--src defaults to ../shared/data, taken relative to the repository root.)  Python 3.11 standard
library only.  The output is deterministic (source order, fixed number format, gzip with mtime 0)
and every file is written atomically:

    networks/basemap/land-50m.tsv.gz      land polygon rings (outer rings and holes), one per line,
                                          re-cut at the antimeridian (see planar_rings)
    networks/basemap/land-110m.tsv.gz
    networks/basemap/borders-50m.tsv.gz   land borders between countries (no coastline), one
    networks/basemap/borders-110m.tsv.gz  polyline per line
    networks/basemap/README.md            generated documentation with counts and sizes

Line format (all four files): `lon,lat lon,lat ...`, WGS84 degrees, at most 4 decimals.

Inputs (below --src; never needed at run time by corridor itself):
    basemap/land-{50m,110m}.topojson.gz       npm world-atlas 2.0.2 = Natural Earth 4.1.0
    basemap/countries-{50m,110m}.topojson.gz  (Natural Earth: public domain; world-atlas: ISC)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
from derivelib import Topology, atomic_write, fmt_num, gzip_bytes, log, src_out, src_out_parser  # noqa: E402

SCALES = ("50m", "110m")
DECIMALS = 4


# ---------------------------------------------------------------------------------------------
# Line text (TopoJSON decoding, number format and file writing: scripts/derivelib.py)
# ---------------------------------------------------------------------------------------------

def rounded(pts: list[tuple[float, float]]) -> list[tuple[str, str]]:
    """Format to DECIMALS decimals and drop consecutive duplicates created by rounding."""
    out: list[tuple[str, str]] = []
    for lon, lat in pts:
        p = (fmt_num(lon, DECIMALS), fmt_num(lat, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    return out


def line_text(pts: list[tuple[str, str]]) -> str:
    return " ".join(f"{x},{y}" for x, y in pts)


def split_antimeridian(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Split a polyline wherever a segment jumps by more than 180 degrees of longitude."""
    parts = [[pts[0]]]
    for a, b in zip(pts, pts[1:]):
        if abs(b[0] - a[0]) > 180:
            parts.append([b])
        else:
            parts[-1].append(b)
    return parts


# ---------------------------------------------------------------------------------------------
# Land rings
# ---------------------------------------------------------------------------------------------

def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous: every step becomes the short way round (|dlon| <= 180)."""
    out = [ring[0]]
    for (a, _), (b, lat) in zip(ring, ring[1:]):
        d = b - a
        d -= 360.0 * round(d / 360.0)
        out.append((out[-1][0] + d, lat))
    return out


def clip_half(ring: list[tuple[float, float]], x0: float, keep_below: bool):
    """Sutherland-Hodgman clip of a closed ring against the half-plane lon <= x0 (or >= x0)."""
    def inside(p):
        return p[0] <= x0 if keep_below else p[0] >= x0

    out = []
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    n = len(pts)
    for k in range(n):
        a, b = pts[k - 1], pts[k]
        ia, ib = inside(a), inside(b)
        if ia != ib:
            t = (x0 - a[0]) / (b[0] - a[0])
            cross = (x0, a[1] + t * (b[1] - a[1]))
            if ib:
                out.extend([cross, b])
            else:
                out.append(cross)
        elif ib:
            out.append(b)
    if out:
        out.append(out[0])
    return out


def area2(ring: list[tuple[float, float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])))


def planar_rings(ring: list[tuple[float, float]], stats: dict) -> list[list[tuple[float, float]]]:
    """Turn one world-atlas ring into rings that live inside -180..180 without seam jumps.

    world-atlas builds its topology with topojson's antimeridian *stitching*: the cuts Natural
    Earth makes at +-180 are removed, so a few rings (Chukotka, Wrangel Island, some Fiji
    islands, Antarctica) cross the antimeridian, i.e. have a segment with |dlon| > 180.  Those
    are cut again here: the ring is unwrapped to continuous longitudes and clipped to each
    360-degree window it touches, each piece shifted back into -180..180.  Antarctica's ring
    winds once around the South Pole (net dlon = 360): it is closed along the pole (lat -90)
    before clipping, as Natural Earth's original polygon is.  Rings that do not cross the seam
    are returned unchanged.
    """
    if not any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:])):
        return [ring]
    u = unwrap(ring)
    net = round((u[-1][0] - u[0][0]) / 360.0)
    if net != 0:
        if abs(net) != 1:
            raise SystemExit(f"ring winds {net} times around a pole")
        lat_pole = -90.0 if sum(p[1] for p in ring) < 0 else 90.0
        if all(abs(p[1]) > 89.9 for p in ring):
            stats["pole_line_rings"] += 1    # a zero-area ring along the pole: nothing to draw
            return []
        # close along the pole, with a vertex every 90 degrees so that no segment, even there,
        # spans more than 180 degrees of longitude
        x1, x0 = u[-1][0], u[0][0]
        steps = 4 * abs(net)
        pole = [(x1 + (x0 - x1) * i / steps, lat_pole) for i in range(steps + 1)]
        u = u[:-1] + pole + [u[0]]
        stats["polar_rings_closed"] += 1
    else:
        stats["seam_rings_cut"] += 1
    lo, hi = min(p[0] for p in u), max(p[0] for p in u)
    pieces = []
    k = int((lo + 180.0) // 360.0)
    while -180.0 + 360.0 * k < hi:
        w0, w1 = -180.0 + 360.0 * k, 180.0 + 360.0 * k
        piece = clip_half(clip_half(u, w0, False), w1, True) if u else []
        piece = [(x - 360.0 * k, y) for x, y in piece]
        # snap the cut to exactly +-180 (no float noise), keep pieces with an area
        piece = [(max(-180.0, min(180.0, x)), y) for x, y in piece]
        if len(piece) >= 4 and area2(piece) > 1e-12:
            pieces.append(piece)
        k += 1
    return pieces


def derive_land(topo: Topology, stats: dict) -> list[str]:
    geoms = [topo.objects["land"]]
    lines, dropped, seam, npts, outer, holes = [], 0, 0, 0, 0, 0
    stats.update(seam_rings_cut=0, polar_rings_closed=0, pole_line_rings=0)
    source_rings = 0
    for g in geoms:
        for poly in Topology.polygons(g):
            for r, refs in enumerate(poly):
                source_rings += 1
                ring = topo.ring(refs)
                if ring[0] != ring[-1]:
                    ring.append(ring[0])
                for piece in planar_rings(ring, stats):
                    if any(abs(abs(lon) - 180) < 1e-9 for lon, _ in piece):
                        seam += 1
                    pts = rounded(piece)
                    if pts[0] != pts[-1]:
                        pts.append(pts[0])
                    if len(pts) < 4:
                        dropped += 1
                        continue
                    npts += len(pts)
                    outer += r == 0
                    holes += r > 0
                    lines.append(line_text(pts))
    stats.update(source_rings=source_rings, rings=len(lines), dropped=dropped, seam_rings=seam,
                 points=npts, outer=outer, holes=holes)
    return lines


# ---------------------------------------------------------------------------------------------
# Country borders (arcs shared by two different countries), stitched into maximal polylines
# ---------------------------------------------------------------------------------------------

def derive_borders(topo: Topology, stats: dict) -> list[str]:
    countries = topo.objects["countries"]["geometries"]
    users: dict[int, set[int]] = {}
    for gi, g in enumerate(countries):
        for poly in Topology.polygons(g):
            for refs in poly:
                for i in refs:
                    users.setdefault(i if i >= 0 else ~i, set()).add(gi)
    border = sorted(a for a, u in users.items() if len(u) >= 2)
    pairs = {tuple(sorted(users[a])) for a in border}

    # Stitch border arcs through nodes where exactly two border arcs meet (tripoints, coasts and
    # arcs shared by more than two geometries stay line ends).  Node keys are exact quantized
    # positions, so the matching is exact.
    def ends(a):
        q = topo.qarcs[a]
        return q[0], q[-1]

    node_arcs: dict[tuple, list[int]] = {}
    for a in border:
        s, e = ends(a)
        node_arcs.setdefault(s, []).append(a)
        node_arcs.setdefault(e, []).append(a)
    used: set[int] = set()

    def walk(a: int, node) -> list[int]:
        """Continue from arc reference a (oriented) through degree-2 nodes; returns references."""
        chain = [a]
        while True:
            nbrs = node_arcs[node]
            if len(nbrs) != 2:
                return chain
            nxt = nbrs[0] if nbrs[1] == (chain[-1] if chain[-1] >= 0 else ~chain[-1]) else nbrs[1]
            if nxt in used:
                return chain
            used.add(nxt)
            s, e = ends(nxt)
            if s == node:
                chain.append(nxt)
                node = e
            else:
                chain.append(~nxt)
                node = s

    chains: list[list[int]] = []
    for a in border:  # sorted: deterministic
        if a in used:
            continue
        used.add(a)
        s, e = ends(a)
        fwd = walk(a, e)
        # extend backwards from the start: walk the reversed first arc from s, then flip
        back = walk(~a, s)
        chain = [~r for r in reversed(back[1:])] + fwd
        chains.append(chain)

    lines, split, npts = [], 0, 0
    for chain in chains:
        pts = topo.ring(chain)
        parts = split_antimeridian(pts)
        split += len(parts) - 1
        for part in parts:
            rp = rounded(part)
            if len(rp) < 2:
                continue
            npts += len(rp)
            lines.append(line_text(rp))
    stats.update(countries=len(countries), border_arcs=len(border), pairs=len(pairs),
                 lines=len(lines), antimeridian_splits=split, points=npts)
    return lines


# ---------------------------------------------------------------------------------------------
# Checks on the written text
# ---------------------------------------------------------------------------------------------

def check_lines(lines: list[str], closed: bool, name: str) -> None:
    for n, line in enumerate(lines, 1):
        pts = [tuple(map(float, p.split(","))) for p in line.split(" ")]
        for lon, lat in pts:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise SystemExit(f"{name}:{n}: coordinate out of range: {lon},{lat}")
        for a, b in zip(pts, pts[1:]):
            if abs(b[0] - a[0]) > 180:
                raise SystemExit(f"{name}:{n}: segment jumps across the antimeridian")
        if closed and (len(pts) < 4 or pts[0] != pts[-1]):
            raise SystemExit(f"{name}:{n}: ring not closed or too short")
        if not closed and len(pts) < 2:
            raise SystemExit(f"{name}:{n}: line with fewer than 2 points")


# ---------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------

def readme_source(w) -> None:
    w("# Basemap (Natural Earth 4.1.0)")
    w("")
    w("Generated by `networks/basemap/derive.py`; do not edit by hand. Small-scale land and "
      "country-border outlines for drawing under corridor maps (the offline HTML preview). They are "
      "for context only: nothing in corridor computes with them.")
    w("")
    w("## Source and licence")
    w("")
    w("- **Natural Earth** 4.1.0, 1:50m and 1:110m physical `land` and cultural "
      "`admin_0_countries` (naturalearthdata.com). Natural Earth is **public domain**; no "
      "permission is needed. Credit, as Natural Earth asks: \"Made with Natural Earth. Free vector "
      "and raster map data @ naturalearthdata.com.\"")
    w("- Packaged as TopoJSON by the npm package **world-atlas 2.0.2** (files "
      "`land-50m.json`, `land-110m.json`, `countries-50m.json`, `countries-110m.json`), "
      "Copyright 2013-2019 Michael Bostock, **ISC licence**: \"Permission to use, copy, modify, "
      "and/or distribute this software for any purpose with or without fee is hereby granted, "
      "provided that the above copyright notice and this permission notice appear in all copies.\" "
      "The derived files here contain only Natural Earth coordinates (re-encoded), no world-atlas "
      "code.")
    w("- **Crimea:** world-atlas takes Natural Earth's de-facto (\"point of view\" default) "
      "`admin_0_countries`, which puts Crimea inside Russia. So `borders-*.tsv.gz` has a "
      "Russia–Ukraine border across the Isthmus of Perekop and none along the Kerch Strait; maps "
      "drawn with these borders should say so (e.g. \"Borders: Natural Earth de-facto view; "
      "Crimea shown as Russian-administered\"). The land files carry no countries and are not "
      "affected. Other de-facto lines are kept as Natural Earth draws them (Kosovo, Northern "
      "Cyprus, Somaliland, Western Sahara, Siachen Glacier at 1:50m).")
    w("")


def readme_formats(w) -> None:
    w("## Files")
    w("")
    w("All four are gzip-compressed UTF-8 text, one geometry per line, no header: "
      "`lon,lat lon,lat …` — WGS84 longitude and latitude in degrees, at most 4 decimals "
      "(~11 m; the sources are quantized to 0.0036° of longitude anyway), points separated by one "
      "space.")
    w("")
    w("- `land-{50m,110m}.tsv.gz` — every ring of Natural Earth's `land` polygons, each closed "
      "(last point = first point): outer rings and holes alike. The only hole at either scale is "
      "the Caspian Sea. Rings are not marked outer or hole and their winding order is not "
      "guaranteed: draw all rings of a file as **one path filled with the even-odd rule** (land "
      "polygons do not overlap, so even-odd gives exactly land).")
    w("- Antimeridian: Natural Earth's shapefiles split land at ±180°, but world-atlas builds "
      "its topology with topojson's antimeridian *stitching*, which removes those cuts (d3 draws "
      "on the sphere). A few rings therefore cross ±180° (Chukotka with Eurasia, Wrangel Island, "
      "pieces of Fiji near Vanua Levu) and Antarctica winds around the South Pole. The script "
      "cuts them again at ±180° (unwrap longitudes, clip to each 360° window, shift back) and "
      "closes Antarctica along latitude −90 with a vertex every 90° of longitude, as Natural "
      "Earth's own polygon does; the zero-area ring world-atlas keeps along −89.999° (1:50m) is "
      "dropped. Result: every coordinate is in −180..180 and **no segment spans more than 180° "
      "of longitude** (the script checks this), so rings can be drawn on a flat map as they "
      "are. Some rings run along the ±180° meridian or the −90° parallel: fill them, do not "
      "stroke their outlines.")
    w("- `borders-{50m,110m}.tsv.gz` — land boundaries between countries: the TopoJSON arcs of "
      "`countries` that are used by two different country geometries (the equivalent of "
      "`topojson.mesh(topo, countries, (a, b) => a !== b)`), so no coastlines. Arcs are stitched "
      "into maximal polylines through points where exactly two border arcs meet (lines end at "
      "tripoints and coasts). Any segment with |Δlon| > 180 would be split into two lines "
      "(there are none in this source).")
    w("")


def readme_file_table(w, land: dict, borders: dict, sizes: dict) -> None:
    w("| file | lines | points | gzip bytes | notes |")
    w("| --- | ---: | ---: | ---: | --- |")
    for s in SCALES:
        st = land[s]
        w(f"| `land-{s}.tsv.gz` | {st['rings']} | {st['points']} | {sizes[f'land-{s}.tsv.gz']} | "
          f"{st['outer']} outer rings, {st['holes']} hole (from {st['source_rings']} source rings: "
          f"{st['seam_rings_cut']} cut at ±180°, {st['polar_rings_closed']} closed at the pole, "
          f"{st['pole_line_rings']} pole-line rings dropped); {st['seam_rings']} rings touch ±180°"
          + (f"; {st['dropped']} rings dropped as degenerate after rounding" if st['dropped'] else "")
          + " |")
    for s in SCALES:
        st = borders[s]
        w(f"| `borders-{s}.tsv.gz` | {st['lines']} | {st['points']} | "
          f"{sizes[f'borders-{s}.tsv.gz']} | {st['border_arcs']} shared arcs among "
          f"{st['countries']} country geometries, {st['pairs']} neighbouring pairs; "
          f"{st['antimeridian_splits']} antimeridian splits |")
    w("")


def readme_regenerate(w) -> None:
    w("## Regenerate")
    w("")
    w("From the repository root (Python 3.11, standard library only):")
    w("")
    w("```sh")
    w("python3 networks/basemap/derive.py --src ../shared/data")
    w("```")
    w("")
    w("`--src` (default `../shared/data`, relative to the repository root) must contain "
      "`basemap/land-{50m,110m}.topojson.gz` and `basemap/countries-{50m,110m}.topojson.gz` — the "
      "world-atlas 2.0.2 `*.json` files, gzip-compressed. The output is deterministic (source "
      "order, fixed number format, gzip with mtime 0) and each file is written atomically. "
      "corridor itself never reads `../shared`.")
    w("")


def write_readme(out_dir: Path, land: dict, borders: dict, sizes: dict) -> None:
    L = []
    w = L.append
    readme_source(w)
    readme_formats(w)
    readme_file_table(w, land, borders, sizes)
    readme_regenerate(w)
    atomic_write(out_dir / "README.md", ("\n".join(L)).encode("utf-8"))


# ---------------------------------------------------------------------------------------------

def main() -> int:
    src, out_dir = src_out(src_out_parser(__doc__.split("\n")[0]).parse_args(), HERE)
    land, borders, sizes = {}, {}, {}
    for s in SCALES:
        for kind in ("land", "countries"):
            p = src / "basemap" / f"{kind}-{s}.topojson.gz"
            if not p.is_file():
                log(f"missing input: {p}")
                return 1
        land[s], borders[s] = {}, {}
        lines = derive_land(Topology(src / "basemap" / f"land-{s}.topojson.gz"), land[s])
        check_lines(lines, True, f"land-{s}")
        data = gzip_bytes("".join(x + "\n" for x in lines))
        atomic_write(out_dir / f"land-{s}.tsv.gz", data)
        sizes[f"land-{s}.tsv.gz"] = len(data)

        lines = derive_borders(Topology(src / "basemap" / f"countries-{s}.topojson.gz"), borders[s])
        check_lines(lines, False, f"borders-{s}")
        data = gzip_bytes("".join(x + "\n" for x in lines))
        atomic_write(out_dir / f"borders-{s}.tsv.gz", data)
        sizes[f"borders-{s}.tsv.gz"] = len(data)
        log(f"{s}: land {land[s]}; borders {borders[s]}")
    write_readme(out_dir, land, borders, sizes)
    for name in sorted(sizes):
        print(f"{name}: {sizes[name]} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
