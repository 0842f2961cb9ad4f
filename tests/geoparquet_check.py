"""Reads a corridor GeoParquet file with pyarrow, independently of corridor's code, and checks
it against the GeoJSON of the same routes and the GeoParquet 1.1 rules.

usage: geoparquet_check.py FILE.parquet REFERENCE.geojson CRS COLUMNS_JSON
  CRS: "none" for WGS84 longitude/latitude (no `crs` key), else AUTHORITY:CODE
  COLUMNS_JSON: [[name, type, nullable], ...], the leg columns of corridor's schema

Exits non-zero with a message on the first failed check, and when pyarrow is missing.
"""

import json
import re
import struct
import sys

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError:
    sys.exit("pyarrow is missing: scripts/test.sh installs it (python3 -m pip install pyarrow)")

ARROW_TYPES = {"text": pa.string(), "integer": pa.int32(), "real": pa.float64(), "date": pa.date32()}
CORNERS = ["xmin", "ymin", "xmax", "ymax"]


def check(ok, message):
    if not ok:
        sys.exit(message)


def check_schema(pf, columns):
    arrow = pf.schema_arrow
    names = [c[0] for c in columns] + ["geometry", "bbox"]
    check(arrow.names == names, f"columns {arrow.names} != {names}")
    for name, ty, nullable in columns:
        field = arrow.field(name)
        check(field.type == ARROW_TYPES[ty], f"{name}: {field.type}, not {ty}")
        check(field.nullable == nullable, f"{name}: nullable {field.nullable}")
    physical = {c.name: c for c in (pf.schema.column(i) for i in range(len(pf.schema)))}
    for name, ty, _ in columns:
        if ty == "date":
            check(str(physical[name].logical_type) == "Date", f"{name}: {physical[name].logical_type}")
    geometry = arrow.field("geometry")
    check(geometry.type == pa.binary() and not geometry.nullable, f"geometry: {geometry}")
    bbox = arrow.field("bbox")
    check(not bbox.nullable and pa.types.is_struct(bbox.type), f"bbox: {bbox}")
    fields = [bbox.type.field(i) for i in range(bbox.type.num_fields)]
    check([f.name for f in fields] == CORNERS, f"bbox fields {fields}")
    check(all(f.type == pa.float64() and not f.nullable for f in fields), f"bbox fields {fields}")


def check_geo_rules(geo, arrow_names):
    """The GeoParquet 1.1.0 JSON schema's rules, written out."""
    for key in ["version", "primary_column", "columns"]:
        check(key in geo, f"geo metadata lacks {key}")
    check(geo["version"] == "1.1.0", f"version {geo['version']}")
    check(isinstance(geo["primary_column"], str) and geo["primary_column"], "primary_column")
    columns = geo["columns"]
    check(isinstance(columns, dict) and len(columns) >= 1, "columns")
    check(geo["primary_column"] in columns, "primary column described")
    for name, meta in columns.items():
        check(name in arrow_names, f"geometry column {name} exists")
        check("encoding" in meta and "geometry_types" in meta, f"{name}: required keys")
        check(re.fullmatch(r"WKB|point|linestring|polygon|multipoint|multilinestring|multipolygon",
                           meta["encoding"]) is not None, f"{name}: encoding")
        types = meta["geometry_types"]
        check(isinstance(types, list) and len(set(types)) == len(types), f"{name}: geometry_types")
        for t in types:
            check(re.fullmatch(r"(GeometryCollection|(Multi)?(Point|LineString|Polygon))( Z)?", t)
                  is not None, f"{name}: geometry type {t}")
        if "crs" in meta:
            check(meta["crs"] is None or isinstance(meta["crs"], dict), f"{name}: crs")
        check(meta.get("edges", "planar") in ("planar", "spherical"), f"{name}: edges")
        check(meta.get("orientation", "counterclockwise") == "counterclockwise", "orientation")
        if "bbox" in meta:
            b = meta["bbox"]
            check(len(b) in (4, 6) and all(isinstance(v, (int, float)) for v in b), "bbox")
        if "covering" in meta:
            check_covering(meta["covering"], arrow_names)


def check_covering(covering, arrow_names):
    check("bbox" in covering, "covering.bbox")
    paths = covering["bbox"]
    for corner in CORNERS:
        p = paths[corner]
        check(isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and p[0]
              and p[1] == corner, f"covering.bbox.{corner}: {p}")
    check(len({paths[c][0] for c in CORNERS}) == 1, "one covering column")
    check(paths["xmin"][0] in arrow_names, "covering column exists")


def parse_wkb(b):
    """A little-endian WKB MultiLineString, as a list of parts of (x, y)."""
    check(b[0] == 1 and struct.unpack_from("<I", b, 1)[0] == 5, "WKB MultiLineString")
    (n,) = struct.unpack_from("<I", b, 5)
    at, parts = 9, []
    for _ in range(n):
        check(b[at] == 1 and struct.unpack_from("<I", b, at + 1)[0] == 2, "WKB LineString")
        (m,) = struct.unpack_from("<I", b, at + 5)
        at += 9
        parts.append([struct.unpack_from("<dd", b, at + 16 * i) for i in range(m)])
        at += 16 * m
    check(at == len(b), "WKB length")
    return parts


def reference_parts(geometry):
    coords = geometry["coordinates"]
    parts = [coords] if geometry["type"] == "LineString" else coords
    return [[tuple(p) for p in part] for part in parts]


def check_rows(table, reference, columns):
    features = {f["id"]: f for f in reference["features"]}
    rows = table.to_pylist()
    check(len(rows) == len(features), f"{len(rows)} rows, {len(features)} legs")
    try:
        import shapely.wkb
    except ImportError:
        shapely = None
    for row in rows:
        f = features[row["leg_id"]]
        for name, ty, _ in columns[1:]:
            value, want = row[name], f["properties"][name]
            if ty == "date" and value is not None:
                value = value.isoformat()
            check(value == want, f"{row['leg_id']} {name}: {value!r} != {want!r}")
        parts = parse_wkb(row["geometry"])
        check(parts == reference_parts(f["geometry"]), f"{row['leg_id']}: geometry")
        if shapely is not None:
            g = shapely.wkb.loads(row["geometry"])
            check([list(line.coords) for line in g.geoms] == parts, "shapely reads the same")
        check_row_bbox(row, parts)


def check_row_bbox(row, parts):
    b = row["bbox"]
    xs = [p[0] for part in parts for p in part]
    ys = [p[1] for part in parts for p in part]
    check(b["ymin"] == min(ys) and b["ymax"] == max(ys), f"{row['leg_id']}: bbox {b}")
    if b["xmin"] <= b["xmax"]:
        check(b["xmin"] == min(xs) and b["xmax"] == max(xs), f"{row['leg_id']}: bbox {b}")
    else:  # across ±180 (RFC 7946): every x is east of xmin or west of xmax
        check(all(x >= b["xmin"] or x <= b["xmax"] for x in xs), f"{row['leg_id']}: bbox {b}")


def main():
    path, reference_path, crs, columns = sys.argv[1:5]
    columns = [["leg_id", "text", False]] + json.loads(columns)
    reference = json.load(open(reference_path))
    pf = pq.ParquetFile(path)
    check_schema(pf, columns)
    geo = json.loads(pf.metadata.metadata[b"geo"])
    check_geo_rules(geo, pf.schema_arrow.names)
    meta = geo["columns"]["geometry"]
    check(geo["primary_column"] == "geometry", "primary column")
    check(meta["encoding"] == "WKB" and meta["geometry_types"] == ["MultiLineString"], str(meta))
    check(meta["bbox"] == reference["bbox"], f"bbox {meta['bbox']} != {reference['bbox']}")
    check(meta["covering"]["bbox"]["xmin"] == ["bbox", "xmin"], "covering")
    if crs == "none":
        check("crs" not in meta, "no crs for OGC:CRS84")
    else:
        authority, code = crs.split(":")
        check(meta["crs"]["id"] == {"authority": authority, "code": int(code)}, str(meta["crs"]))
    check_rows(pf.read(), reference, columns)
    print(f"ok: {pf.metadata.num_rows} rows, {pf.metadata.num_row_groups} row group(s)")


main()
