#!/usr/bin/python3
"""Open corridor's map outputs in real QGIS (PyQGIS, headless) and check them.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis_check.py DIR [options]

Needs Debian's `qgis` and `python3-qgis` (QGIS 3.22 on Debian 12) and the system Python that
has the `qgis` module, not a pyenv/venv one. tests/qgis.rs runs it on the bundled routes.

Every *.geojson / *.json, *.gpkg (every layer), *.fgb and *.kml / *.kmz file in DIR is opened layer by
layer the way QGIS's "Add Vector Layer" does (ogr provider, KML folders split by geometry
type). For each layer it prints the name, geometry type, CRS, feature count and the field types
QGIS inferred, and it fails if

  * the file has no layer, a layer is invalid or has no valid CRS, or a layer mixes
    point/line/polygon geometries (QGIS then splits a GeoJSON into one layer per type);
  * a feature's geometry is null or empty, a vertex lies outside lon -180..180 / lat -90..90
    (geographic CRSs), or a segment jumps more than 180 deg of longitude (an antimeridian
    artefact that draws a line across the whole map);
  * a `distance_km` attribute differs by more than 1 % from the line's ellipsoidal (WGS84)
    length -- except for rail legs on the network, whose distance is the track length (the
    source's original per-edge lengths; the drawn line is simplified, so it is shorter) and
    layers of whole routes that include them: there distance_km must lie between 0.99 and
    1.20 times the drawn length;
  * a sea leg (`mode` = "sea"; in KML the `mode` row of the description table) runs over land
    away from its ports: the km on land are measured in the first and last --port-km (ports
    lie on or next to the generalised coast, so land there is tolerated) and in the middle,
    which may have at most --max-land-km on land outside the CANALS zones (ship canals and
    port channels that Natural Earth draws as land, among them all those that
    networks/sea/exceptions.tsv lets the sea network cross);
  * GDAL/OGR print a warning or error, or QGIS logs one, while the file is read;
  * in a GeoJSON, FlatGeobuf or GeoPackage, the style corridor ships (the .qml beside the file, the
    GeoPackage's layer_styles) is not what QGIS applied on opening: legs must be categorised
    by mode, one category per mode present, in features::mode_colour's colours, with the line
    width data-defined by trips and the temporal settings on start_date/end_date (active once
    the default style is loaded again: QGIS switches them off after the default style when it
    opens a layer); points and routes must be labelled; the credits must be in the notes;
  * in the time layers (`positions`, `sightings`; see check_time_style), the times are not
    DateTime fields, or the temporal controller does not show each position in the one frame
    of its time (and each fix in a frame at its earliest time).

Vertices where a line doubles back on itself (a turn > 150 deg) and each sea leg's closest
approach to land are printed as notes. All EPSG:4326 layers are then drawn over the land to
map.png (and the sea legs close up to map_sea.png) in DIR or --out; a render error fails.

Land is the repository's own Natural Earth 1:10m land, networks/sea/coast.tsv.gz (one closed
ring per line, `lon,lat lon,lat ...`, cut at +-180; see networks/sea/README.md). Rings are
grouped into polygons as networks/sea/derive.py does: a ring wound the other way round and
inside the previous outer ring is its hole (the Caspian Sea in Eurasia); every other ring is a
polygon of its own. Nothing but DIR and the repository is read (no shared data).

Exit status: 0 if every check passed, 1 if any failed (listed at the end), 2 on bad usage.
"""

import argparse
import gzip
import math
import os
import re
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerNotesUtils,
    QgsLineSymbol,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsSpatialIndex,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsUnitTypes,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, QSize, Qt, QVariant  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
COAST = REPO / "networks" / "sea" / "coast.tsv.gz"
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
VECTOR_EXTS = (".geojson", ".json", ".gpkg", ".kml", ".kmz", ".fgb")
POINT, LINE, POLYGON = (QgsWkbTypes.PointGeometry, QgsWkbTypes.LineGeometry,
                        QgsWkbTypes.PolygonGeometry)
# Water that Natural Earth 10m draws as land: a land piece of a sea leg whose midpoint falls in
# one of these boxes (lon_min, lat_min, lon_max, lat_max) is reported, not failed.
CANALS = {
    "Suez Canal": (32.15, 29.85, 32.65, 31.35),
    "Kiel Canal": (9.05, 53.85, 10.25, 54.42),
    "Panama Canal": (-80.0, 8.85, -79.45, 9.45),
    "Corinth Canal": (22.93, 37.88, 23.03, 37.97),
    "Volga-Don Canal": (43.3, 48.3, 44.7, 48.9),
    "White Sea-Baltic Canal": (34.2, 61.9, 35.6, 64.6),
    "Nieuwe Waterweg (Rotterdam)": (4.05, 51.86, 4.52, 52.03),
    "Kaliningrad Sea Canal": (19.82, 54.60, 20.52, 54.74),
    "Huangpu (Shanghai)": (121.45, 31.18, 121.60, 31.42),
}
KML_MODE_RE = re.compile(r"<th>\s*mode\s*</th>\s*<td>\s*([^<]*?)\s*</td>", re.I)
# The same, as a QGIS expression, for styling KML layers by mode.
KML_MODE_EXPR = "regexp_substr(\"description\", '<th>mode</th><td>([^<]*)</td>')"
# The colours corridor's styles give each mode: features::mode_colour, read from the source.
STYLE_COLOURS = {m.lower(): c.lower() for m, c in re.findall(
    r'Mode::(\w+) => "(#[0-9A-Fa-f]{6})"', (REPO / "src" / "features.rs").read_text())}
STYLED_EXTS = (".geojson", ".json", ".gpkg", ".fgb")  # the formats corridor styles (.qml, layer_styles)
MODE_COLOURS = {"sea": "#0057b8", "rail": "#b5651d", "air": "#7b2cbf", "road": "#2a9d8f"}

messages = []  # (context, tag, level, text) logged by QGIS, or printed by GDAL on stderr
context = ["startup"]
failures = []


def fail(msg):
    failures.append(msg)
    print(f"    FAIL: {msg}")


def on_message(message, tag, level):
    messages.append((context[0], tag, int(level), message))


@contextmanager
def captured_stderr(ctx):
    """Collect what GDAL/OGR (and Qt) print on stderr, e.g. 'Warning 1: ...'.

    GDAL's default error handler writes to file descriptor 2 from C code, so the descriptor
    itself is redirected; a Python CPL handler is not safe here because QGIS calls GDAL
    without holding the GIL.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            for line in tmp.read().decode("utf-8", "replace").splitlines():
                if line.strip() and "XDG_RUNTIME_DIR" not in line:
                    messages.append((ctx, "stderr", -1, line))


# ---------------------------------------------------------------- land

def signed_area(ring):
    return sum(a.x() * b.y() - b.x() * a.y() for a, b in zip(ring, ring[1:])) / 2


def load_land(path):
    """(memory layer, {id: polygon}, spatial index, summary) for the rings in coast.tsv.gz."""
    polys = []  # [outer, hole, ...]
    outer = None  # the current outer ring as a geometry, for the point-in-polygon test
    with gzip.open(path, "rt") as f:
        for line in f:
            ring = [QgsPointXY(*map(float, xy.split(","))) for xy in line.split()]
            if (polys and signed_area(ring) * signed_area(polys[-1][0]) < 0
                    and outer.contains(QgsGeometry.fromPointXY(ring[0]))):
                polys[-1].append(ring)
            else:
                polys.append([ring])
                outer = QgsGeometry.fromPolygonXY([ring])
    parts, index, feats, made_valid = {}, QgsSpatialIndex(), [], 0
    for rings in polys:
        geom = QgsGeometry.fromPolygonXY(rings)
        pieces = [geom]
        if not geom.isGeosValid():  # the quantised rings touch or cross themselves in places
            made_valid += 1
            pieces = [g for g in geom.makeValid().asGeometryCollection()
                      if QgsWkbTypes.geometryType(g.wkbType()) == POLYGON]
        for piece in pieces:
            feat = QgsFeature(len(parts))
            feat.setGeometry(piece)
            parts[feat.id()] = piece
            index.addFeature(feat)
            feats.append(feat)
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "land", "memory")
    layer.dataProvider().addFeatures(feats)
    holes = sum(len(rings) - 1 for rings in polys)
    summary = (f"{sum(len(r) for r in polys)} rings -> {len(polys)} polygons, {holes} hole(s), "
               f"{made_valid} made valid")
    return layer, parts, index, summary


def distance_area(crs=WGS84):
    """Ellipsoidal (WGS84) lengths of geometries in crs."""
    da = QgsDistanceArea()
    da.setSourceCrs(crs, QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    return da


def nearby(line, index, margin_deg):
    """(line part, land polygon id) for the polygons whose boxes come within margin_deg of a part.

    Part by part, so that a line cut at +-180 is not tested against everything in between.
    """
    for part in line.asGeometryCollection():
        for pid in index.intersects(part.boundingBox().buffered(margin_deg)):
            yield part, pid


def land_pieces(line, land, da):
    """(km on land, [(km, lon, lat) of each land piece, longest first]) for a line geometry."""
    _, parts, index, _ = land
    if line is None or line.isEmpty():
        return 0.0, []
    pieces = []
    for part, pid in nearby(line, index, 0.0):
        inter = part.intersection(parts[pid])
        if inter.isNull() or inter.isEmpty():
            continue
        for piece in inter.asGeometryCollection():
            if QgsWkbTypes.geometryType(piece.wkbType()) != LINE:
                continue
            km = da.measureLength(piece) / 1000.0
            if km > 0:
                mid = piece.interpolate(piece.length() / 2).asPoint()
                pieces.append((km, mid.x(), mid.y()))
    return sum(p[0] for p in pieces), sorted(pieces, reverse=True)


def closest_land(line, land, da, search_deg=0.5):
    """(km, QgsPointXY on land) of the land nearest to a line, or None if none within search_deg."""
    _, parts, index, _ = land
    if line is None or line.isEmpty():
        return None
    best = None
    for part, pid in nearby(line, index, search_deg):
        shortest = part.shortestLine(parts[pid])
        if shortest.length() > search_deg:  # a box that is near, round land that is not
            continue
        km = da.measureLength(shortest) / 1000.0
        if best is None or km < best[0]:
            best = (km, shortest.asPolyline()[-1])
    return best


def canal_at(lon, lat):
    for name, (x0, y0, x1, y1) in CANALS.items():
        if x0 <= lon <= x1 and y0 <= lat <= y1:
            return name
    return None


# ---------------------------------------------------------------- geometry helpers

def polylines(geom):
    """Vertex lists (QgsPointXY) of every line part, ring, or point."""
    gtype = QgsWkbTypes.geometryType(geom.wkbType())
    multi = QgsWkbTypes.isMultiType(geom.wkbType())
    if gtype == LINE:
        return geom.asMultiPolyline() if multi else [geom.asPolyline()]
    if gtype == POINT:
        return [[p] for p in geom.asMultiPoint()] if multi else [[geom.asPoint()]]
    if gtype == POLYGON:
        return [ring for poly in (geom.asMultiPolygon() if multi else [geom.asPolygon()])
                for ring in poly]
    return []


def reversals(points, geographic=True, min_turn_deg=150.0):
    """(turn in degrees, vertex) where a line turns back on itself by more than min_turn_deg."""
    found = []
    for a, b, c in zip(points, points[1:], points[2:]):
        k = math.cos(math.radians(b.y())) if geographic else 1.0
        v1 = ((b.x() - a.x()) * k, b.y() - a.y())
        v2 = ((c.x() - b.x()) * k, c.y() - b.y())
        n1, n2 = math.hypot(*v1), math.hypot(*v2)
        if n1 and n2:
            cos_t = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2)))
            if math.degrees(math.acos(cos_t)) > min_turn_deg:
                found.append((math.degrees(math.acos(cos_t)), b))
    return found


def voyages(geom):
    """A line's parts as continuous vertex lists, longitudes unwrapped.

    Parts that follow on across +-180 (lines cut at the antimeridian, RFC 7946) are joined
    into one voyage, so that distances along it, and its port ends, are those of the whole leg.
    """
    out = []
    for part in polylines(geom):
        if len(part) < 2:
            continue
        if out:
            last, first = out[-1][-1], part[0]
            dx = (first.x() - last.x() + 180) % 360 - 180
            if abs(dx) < 1e-6 and abs(first.y() - last.y()) < 1e-6:
                out[-1].extend(part[1:])
                continue
        out.append(list(part))
    unwrapped = []
    for points in out:
        offset, pts = 0.0, [points[0]]
        for prev, cur in zip(points, points[1:]):
            dx = cur.x() - prev.x()
            offset += -360 if dx > 180 else 360 if dx < -180 else 0
            pts.append(QgsPointXY(cur.x() + offset, cur.y()))
        unwrapped.append(pts)
    return unwrapped


def substring(points, cum, start_m, end_m):
    """Vertices of a polyline between two distances along it (cum: metres at each vertex)."""
    def at(d):
        for i in range(1, len(points)):
            if cum[i] >= d:
                seg = cum[i] - cum[i - 1]
                t = 0.0 if seg == 0 else (d - cum[i - 1]) / seg
                a, b = points[i - 1], points[i]
                return QgsPointXY(a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y())), i
        return points[-1], len(points)

    if end_m <= start_m:
        return None
    p0, i0 = at(start_m)
    p1, i1 = at(end_m)
    return [p0] + points[i0:i1] + [p1]


def seam_safe(points):
    """Line geometry for unwrapped vertices, cut back into lon -180..180."""
    if points is None:
        return None
    geom = QgsGeometry.fromPolylineXY(points)
    if all(-180 <= p.x() <= 180 for p in points):
        return geom
    pieces = []
    for k in (-2, -1, 1, 2, 0):
        window = QgsGeometry.fromRect(QgsRectangle(-180 + 360 * k, -90, 180 + 360 * k, 90))
        piece = geom.intersection(window)
        if not (piece.isNull() or piece.isEmpty()):
            piece.translate(-360 * k, 0)
            pieces += piece.asGeometryCollection()
    return QgsGeometry.collectGeometry(pieces) if pieces else None


# ---------------------------------------------------------------- the checks

def feature_mode(feat, names):
    if "mode" in names:
        value = feat["mode"]
        return None if value is None or value == QVariant() else str(value)
    if "description" in names and isinstance(feat["description"], str):
        m = KML_MODE_RE.search(feat["description"])
        return m.group(1) if m else None
    return None


def feature_label(feat, names):
    for key in ("leg_id", "id", "route_id", "Name", "name"):
        if key in names and feat[key] not in (None, QVariant()):
            extra = f"/{feat['leg']}" if key == "route_id" and "leg" in names else ""
            return f"{feat[key]}{extra}"
    return f"fid {feat.id()}"


def check_layer(layer, land, args, sea_report):
    fields, crs = layer.fields(), layer.crs()
    names = fields.names()
    print(f"  layer '{layer.name()}'")
    print(f"    geometry {QgsWkbTypes.displayString(layer.wkbType())}, "
          f"CRS {crs.authid() or '(none)'}, features {layer.featureCount()}")
    print("    fields: " + ", ".join(f"{f.name()}:{f.typeName()}" for f in fields))
    if not crs.isValid():
        fail(f"{layer.name()}: no valid CRS")
    elif crs.authid() != "EPSG:4326":
        print(f"    note: CRS is {crs.authid()}, not EPSG:4326")

    da = distance_area(crs)
    geographic = crs.isValid() and crs.isGeographic()
    to_wgs84 = None
    if crs.isValid() and crs != WGS84:
        to_wgs84 = QgsCoordinateTransform(crs, WGS84, QgsProject.instance())
    types, count = Counter(), 0
    bad_geom, out_of_range, seam_jumps, length_mismatch, turn_backs, sea = [], [], [], [], [], []
    for feat in layer.getFeatures():
        count += 1
        geom, label = feat.geometry(), feature_label(feat, names)
        if geom is None or geom.isNull() or geom.isEmpty():
            bad_geom.append(f"{label}: {'null' if geom is None or geom.isNull() else 'empty'}")
            continue
        types[QgsWkbTypes.displayString(geom.wkbType())] += 1
        is_line = QgsWkbTypes.geometryType(geom.wkbType()) == LINE
        for part in polylines(geom):
            if is_line and len(part) < 2:
                bad_geom.append(f"{label}: line part with {len(part)} vertex")
            for i, p in enumerate(part):
                if not (math.isfinite(p.x()) and math.isfinite(p.y())):
                    out_of_range.append(f"{label}: non-finite vertex")
                elif geographic and not (-180 <= p.x() <= 180 and -90 <= p.y() <= 90):
                    out_of_range.append(f"{label}: vertex {p.x():.5f},{p.y():.5f}")
                if geographic and i and abs(p.x() - part[i - 1].x()) > 180:
                    seam_jumps.append(f"{label}: {part[i - 1].x():.3f} -> {p.x():.3f}")
            turn_backs += [f"{label}: {turn:.0f} deg at {p.x():.4f},{p.y():.4f}"
                           for turn, p in reversals(part, geographic)]
        if not is_line:
            continue
        km = da.measureLength(geom) / 1000.0
        stated = feat["distance_km"] if "distance_km" in names else None
        # Rail legs on the network report track length, longer than the simplified line.
        track = ("mode" not in names) or (
            feature_mode(feat, names) == "rail"
            and "geometry_model" in names and feat["geometry_model"] == "network")
        lo, hi = (0.99, 1.20) if track else (0.99, 1.01)
        if isinstance(stated, (int, float)) and stated > 0 and km > 0 and not lo <= stated / km <= hi:
            length_mismatch.append(f"{label}: geometry {km:.1f} km vs distance_km {stated:.1f}")
        if feature_mode(feat, names) == "sea":
            sea_geom = QgsGeometry(geom)
            if to_wgs84 is not None:
                sea_geom.transform(to_wgs84)
            sea.append((label, sea_geom, km))

    print(f"    iterated {count} features; geometry types {dict(types)}")
    if count != layer.featureCount():
        fail(f"{layer.name()}: featureCount {layer.featureCount()} but {count} iterated")
    if len({QgsWkbTypes.geometryType(QgsWkbTypes.parseType(t)) for t in types}) > 1:
        fail(f"{layer.name()}: mixed geometry types {dict(types)}")
    elif len(types) > 1:
        print(f"    note: single and multi geometries mixed in one layer {dict(types)}")
    for what, items in (("null/empty geometries", bad_geom),
                        ("vertices outside lon/lat range", out_of_range),
                        ("segments jumping > 180 deg of longitude (antimeridian)", seam_jumps)):
        if items:
            fail(f"{layer.name()}: {len(items)} {what}: " + "; ".join(items[:5]))
    if not (bad_geom or out_of_range or seam_jumps):
        print("    geometries: none null/empty, all vertices in range, no antimeridian jumps")
    if turn_backs:
        print(f"    note: {len(turn_backs)} vertices where a line doubles back (>150 deg turn): "
              + "; ".join(turn_backs[:6]) + (" ..." if len(turn_backs) > 6 else ""))
    if length_mismatch:
        fail(f"{layer.name()}: distance_km out of bounds against the geometry: "
             + "; ".join(length_mismatch))
    elif "distance_km" in names:
        print("    distance_km matches the ellipsoidal length of every line (within 1%; rail track 0.99-1.20x)")
    for label, geom, km in sea:
        check_sea(layer.name(), label, geom, km, land, args, sea_report)


def check_sea(layer_name, label, geom, km, land, args, sea_report):
    """Land along a sea leg (geom in EPSG:4326), its first and last --port-km tolerated."""
    da = distance_area()
    port_m = args.port_km * 1000.0
    head = tail = middle = max_seg = 0.0
    middle_pieces, nearest = [], None
    for pts in voyages(geom):
        cum = [0.0]
        for a, b in zip(pts, pts[1:]):
            cum.append(cum[-1] + da.measureLine(a, b))
            max_seg = max(max_seg, cum[-1] - cum[-2])
        total = cum[-1]
        cut1, cut2 = min(port_m, total / 2), max(total - port_m, total / 2)
        head += land_pieces(seam_safe(substring(pts, cum, 0, cut1)), land, da)[0]
        tail += land_pieces(seam_safe(substring(pts, cum, cut2, total)), land, da)[0]
        mid_line = seam_safe(substring(pts, cum, cut1, cut2))
        mid_km, pieces = land_pieces(mid_line, land, da)
        middle += mid_km
        middle_pieces += pieces
        near = closest_land(mid_line, land, da)
        if near and (nearest is None or near[0] < nearest[0]):
            nearest = near
    canal_km = sum(p[0] for p in middle_pieces if canal_at(p[1], p[2]))
    middle -= canal_km
    verdict = "OK" if middle <= args.max_land_km else "CROSSES LAND"
    print(f"    sea leg {label}: {km:.1f} km, longest segment {max_seg / 1000:.1f} km; on land: "
          f"first {args.port_km:g} km {head:.2f} km, middle {middle:.2f} km, "
          f"last {args.port_km:g} km {tail:.2f} km"
          + (f", canals {canal_km:.2f} km" if canal_km else "") + f" -> {verdict}")
    print("      closest approach to land away from the ports: " + (
        f"{nearest[0]:.2f} km (land at {nearest[1].x():.4f},{nearest[1].y():.4f})" if nearest
        else "no land within 0.5 deg"))
    for piece_km, lon, lat in sorted(middle_pieces, reverse=True)[:8]:
        where = canal_at(lon, lat)
        print(f"      land piece {piece_km:.2f} km around {lon:.4f},{lat:.4f}"
              + (f" ({where}, allowed)" if where else ""))
    sea_report.append((layer_name, label, km, head, middle, tail, canal_km))
    if middle > args.max_land_km:
        fail(f"{layer_name}: sea leg {label} has {middle:.2f} km on land away from its ports")


def check_file(path, land, args, sea_report):
    """Open every layer of one file as QGIS does and check it; return the valid layers."""
    context[0] = path.name
    with captured_stderr(path.name):
        subs = QgsProviderRegistry.instance().querySublayers(
            str(path), Qgis.SublayerQueryFlag.ResolveGeometryType)
        loaded = [(sub, QgsVectorLayer(sub.uri(), sub.name(), "ogr")) for sub in subs]
        if not subs:  # open it directly, so that OGR says why
            QgsVectorLayer(str(path), path.name, "ogr")
    if not subs:
        fail(f"{path}: QGIS finds no layer in it (OGR's reason, if any, is under messages)")
    for (_, name), n in Counter((sub.layerNumber(), sub.name()) for sub in subs).items():
        if n > 1:  # e.g. a GeoJSON with points and lines: QGIS asks which to add
            fail(f"{path.name}: layer '{name}' mixes geometry types, QGIS splits it into {n}")
    layers = []
    for sub, layer in loaded:
        if not layer.isValid():
            # QgsMapLayer.error() crashes QGIS 3.22 on an invalid layer: OGR's reason is in messages
            fail(f"{sub.uri()}: layer is not valid")
            continue
        with captured_stderr(path.name):
            check_layer(layer, land, args, sea_report)
            if path.name.lower().endswith(STYLED_EXTS):
                check_style(path, layer)
        layers.append(layer)
    return layers


def check_style(path, layer):
    """The style corridor ships (a .qml beside a GeoJSON, layer_styles in a GeoPackage) is
    what QGIS applied on opening: legs categorised by mode in corridor's colours, one category
    per mode present, width by trips, the temporal controller on start_date/end_date; points
    and routes labelled."""
    names = layer.fields().names()
    renderer = layer.renderer()  # gone once the style is loaded again: only its type after
    rtype = renderer.type()
    where = f"{path.name}:{layer.name()}"
    problems = []
    if "earliest" in names or ("time" in names and "observed" in names):
        kind = "sightings" if "earliest" in names else "positions"
        problems, detail = check_time_style(layer, kind)
    elif "mode" in names and "leg" in names:
        kind = "legs"
        modes = sorted({f["mode"] for f in layer.getFeatures()})
        if renderer.type() != "categorizedSymbol":
            problems.append(f"renderer is {renderer.type()}, not categorizedSymbol")
        else:
            cats = {c.value(): c.symbol().color().name() for c in renderer.categories()}
            if sorted(cats) != modes:
                problems.append(f"categories {sorted(cats)} are not the modes {modes}")
            wrong = {m: c for m, c in cats.items() if STYLE_COLOURS.get(m) != c}
            if wrong:
                problems.append(f"colours {wrong} differ from features::mode_colour")
            widths = [c.symbol().symbolLayer(0).dataDefinedProperties()
                      .property(QgsSymbolLayer.PropertyStrokeWidth) for c in renderer.categories()]
            if not all(w.isActive() and "trips" in w.expressionString() for w in widths):
                problems.append("line width is not data-defined by trips")
        tp = layer.temporalProperties()
        # QgsVectorLayer's constructor applies the default style, then sets isActive from the
        # provider's temporal capabilities (none for OGR), keeping the style's mode and
        # fields; loading the default style again (Style > Default in the layer properties)
        # activates it. The style's limitMode 1 (include the end) shows it was read.
        opened = (tp.isActive(), tp.mode(), tp.startField(), tp.endField(), tp.limitMode())
        layer.loadDefaultStyle()
        fields = (tp.mode(), tp.startField(), tp.endField(), tp.limitMode())
        if opened[1:] != fields or fields != (
                QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields,
                "start_date", "end_date", 1):
            problems.append(f"temporal settings on opening {opened[1:]} are not the style's")
        if not tp.isActive():
            problems.append("temporal properties are not active after loading the style")
        detail = (f"{rtype} {','.join(modes)}, temporal {tp.startField()}.."
                  f"{tp.endField()} (active on opening {opened[0]}, with the default style "
                  f"{tp.isActive()})")
    else:
        kind = "places" if layer.geometryType() == POINT else "routes"
        if not layer.labelsEnabled() or layer.labeling() is None:
            problems.append("labels are not enabled")
        detail = f"{rtype}, labels {layer.labelsEnabled()}"
    notes = QgsLayerNotesUtils.layerNotes(layer) or ""
    # The fixes are the analyst's own data (with a source each): nothing to credit.
    if "Credits" not in notes and kind != "sightings":
        problems.append("no credits in the layer notes")
    for p in problems:
        fail(f"{where}: style: {p}")
    print(f"  {kind} style {where}: {detail} -> {'FAIL' if problems else 'OK'}")


def check_time_style(layer, kind):
    """A time layer's style drives QGIS's temporal controller: positions are instants at
    `time` shown until the next (limit: begin included, end excluded), so a frame of the
    --every step starting at a position's time shows exactly the positions at that time, one
    per leg under way; sightings last from `earliest` to `latest`, so a frame at a fix's
    earliest time shows it. Positions are categorised by mode and observed/inferred, in
    corridor's colours. Returns (problems, detail)."""
    problems = []
    renderer = layer.renderer()  # deleted when the style is loaded again below
    rtype = renderer.type()
    fields = layer.fields()
    times = ["time"] if kind == "positions" else ["earliest", "latest"]
    for name in times:
        if fields.field(name).type() != QVariant.DateTime:
            problems.append(f"{name} is {fields.field(name).typeName()}, not DateTime")
    if kind == "positions":
        modes = sorted({f["mode"] for f in layer.getFeatures()})
        want = sorted(f"{m} {part}" for m in modes for part in ("observed", "inferred"))
        cats = ({c.value(): c.symbol().color().name() for c in renderer.categories()}
                if rtype == "categorizedSymbol" else {})
        if sorted(cats) != want:
            problems.append(f"categories {sorted(cats)} are not {want}")
        wrong = {v: c for v, c in cats.items() if v.endswith(" observed")
                 and STYLE_COLOURS.get(v.split()[0]) != c}
        if wrong:
            problems.append(f"colours {wrong} differ from features::mode_colour")
    tp = layer.temporalProperties()
    layer.loadDefaultStyle()  # see check_style: QGIS switches it off after opening
    mode = (QgsVectorLayerTemporalProperties.ModeFeatureDateTimeInstantFromField
            if kind == "positions" else
            QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    got = (tp.isActive(), tp.mode(), tp.startField(), tp.endField())
    if got != (True, mode, times[0], times[-1] if kind == "sightings" else ""):
        problems.append(f"temporal settings {got} are not the style's")
    # Positions last one second less than the --every step (see qgis_style::positions_qml).
    step_s = int(tp.fixedDuration()) + 1 if kind == "positions" else 3600
    if kind == "positions" and (tp.durationUnits() != QgsUnitTypes.TemporalSeconds or step_s <= 1):
        problems.append(f"positions last {tp.fixedDuration()} of unit {tp.durationUnits()}")
    by_time = Counter(f[times[0]].toSecsSinceEpoch() for f in layer.getFeatures())
    samples = sorted(by_time)
    samples = [samples[0], samples[len(samples) // 2], samples[-1]] if samples else []
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(layer)
    for t in samples:
        start = QDateTime.fromSecsSinceEpoch(t, Qt.UTC)
        frame = QgsDateTimeRange(start, start.addSecs(step_s), True, False)
        request = QgsFeatureRequest().setFilterExpression(tp.createFilterString(ctx, frame))
        shown = sum(1 for _ in layer.getFeatures(request))
        if shown < by_time[t] or (kind == "positions" and shown != by_time[t]):
            problems.append(f"the frame at {start.toString(Qt.ISODate)} shows {shown} "
                            f"feature(s), not the {by_time[t]} at that time")
    detail = (f"{rtype}, temporal mode {tp.mode()} on {'..'.join(times)}, "
              f"{len(samples)} frames checked")
    return problems, detail


# ---------------------------------------------------------------- rendering

def style_layer(layer, label_points):
    gtype = layer.geometryType()
    if gtype == POINT:
        layer.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": "#d62828", "outline_color": "white", "size": "2.2"})))
        name = next((n for n in layer.fields().names() if n.lower() == "name"), None)
        if label_points and name:
            settings = QgsPalLayerSettings()
            settings.fieldName = name
            fmt = QgsTextFormat()
            fmt.setFont(QFont("DejaVu Sans"))
            fmt.setSize(7)
            buf = QgsTextBufferSettings()
            buf.setEnabled(True)
            buf.setSize(0.8)
            fmt.setBuffer(buf)
            settings.setFormat(fmt)
            layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
            layer.setLabelsEnabled(True)
    elif gtype == LINE:
        names = layer.fields().names()
        expr = '"mode"' if "mode" in names else KML_MODE_EXPR if "description" in names else None
        if expr is None:  # e.g. the GeoPackage's routes: a dark outline under the legs
            layer.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
                {"line_color": "#333333", "line_width": "1.4"})))
            return
        cats = [QgsRendererCategory(mode, QgsLineSymbol.createSimple(
            {"line_color": colour, "line_width": "0.6"}), mode)
            for mode, colour in MODE_COLOURS.items()]
        cats.append(QgsRendererCategory(None, QgsLineSymbol.createSimple(
            {"line_color": "#ff00ff", "line_width": "0.6"}), "other"))
        layer.setRenderer(QgsCategorizedSymbolRenderer(expr, cats))


def padded(rect, frac, min_deg):
    dx, dy = max(rect.width() * frac, min_deg), max(rect.height() * frac, min_deg)
    return QgsRectangle(rect.xMinimum() - dx, max(-90, rect.yMinimum() - dy),
                        rect.xMaximum() + dx, min(90, rect.yMaximum() + dy))


def render(layers, land_layer, extent, path, width):
    size = QSize(width, max(200, int(width * extent.height() / (extent.width() or 1))))
    settings = QgsMapSettings()
    settings.setLayers(layers + [land_layer])  # the first is drawn on top
    settings.setDestinationCrs(WGS84)
    settings.setBackgroundColor(QColor("#cfe3f3"))
    settings.setOutputSize(size)
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererSequentialJob(settings)
    with captured_stderr("render"):
        job.start()
        job.waitForFinished()
    for err in job.errors():
        fail(f"render {path.name}: {err.layerID}: {err.message}")
    if not job.renderedImage().save(str(path), "PNG"):
        fail(f"could not write {path}")
    print(f"  wrote {path} ({size.width()}x{size.height()})")


def draw_maps(layers, land, out_dir):
    """map.png: every EPSG:4326 layer over the land; map_sea.png: the sea legs close up."""
    land_layer = land[0]
    drawn = [layer for layer in layers if layer.crs() == WGS84]
    for layer in layers:
        if layer.crs() != WGS84:  # reprojected on the fly, lines crossing +-180 span the map
            print(f"  not drawn: '{layer.name()}' is in {layer.crs().authid()}, not EPSG:4326")
    labelled = False
    for layer in drawn:
        is_point = layer.geometryType() == POINT
        style_layer(layer, label_points=is_point and not labelled)
        labelled = labelled or is_point
    order = sorted(drawn, key=lambda layer: layer.geometryType() != POINT)  # points on top
    land_layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "#efeadf", "outline_color": "#8c8c8c", "outline_width": "0.15"})))
    out_dir.mkdir(parents=True, exist_ok=True)
    extent, sea_extent = QgsRectangle(), QgsRectangle()
    for layer in drawn:
        extent.combineExtentWith(layer.extent())
        names = layer.fields().names()
        for feat in layer.getFeatures():
            if feature_mode(feat, names) == "sea":
                sea_extent.combineExtentWith(feat.geometry().boundingBox())
    if extent.isNull():
        print("  nothing to draw")
        return
    render(order, land_layer, padded(extent, 0.05, 2.0), out_dir / "map.png", 2000)
    if not sea_extent.isNull():
        render(order, land_layer, padded(sea_extent, 0.1, 0.5), out_dir / "map_sea.png", 1400)


# ---------------------------------------------------------------- main

def run(args):
    print(f"QGIS {Qgis.version()}")
    try:
        from osgeo import gdal
        print(f"GDAL {gdal.__version__}")
    except ImportError:
        pass
    folder = Path(args.folder)
    files = sorted(p for p in folder.iterdir() if p.name.lower().endswith(VECTOR_EXTS))
    if not files:
        print(f"no vector outputs ({', '.join(VECTOR_EXTS)}) in {folder}", file=sys.stderr)
        return 2
    context[0] = "land"
    with captured_stderr("land"):
        land = load_land(args.coast)
    print(f"land: {args.coast} ({land[3]})")

    layers, sea_report = [], []
    for path in files:
        print(f"\n== {path.name}")
        layers += check_file(path, land, args, sea_report)

    context[0] = "render"
    print("\n== rendering")
    draw_maps(layers, land, Path(args.out or folder).resolve())

    print("\n== sea legs on land (km): layer | leg | length | first | middle | last | canals")
    for row in sea_report:
        print("  {} | {} | {:.1f} | {:.2f} | {:.2f} | {:.2f} | {:.2f}".format(*row))
    if not sea_report:
        print("  (no features with mode 'sea')")

    print("\n== messages logged by QGIS/OGR")
    shown = list(dict.fromkeys(m for m in messages if m[0] != "startup"))
    for ctx, tag, level, text in shown:
        where = "stderr" if tag == "stderr" else f"{tag or '-'} (level {level})"
        print(f"  [{ctx}] {where}: {text.strip()}")
        # Reading a file must be silent; other contexts (land, render) are only shown.
        if ctx in {p.name for p in files} and (
                level >= int(Qgis.Warning) or re.search(r"\b(Warning|ERROR)\b", text)):
            failures.append(f"{ctx}: {text.strip()}")
    if not shown:
        print("  (none)")

    print(f"\n{len(failures)} failure(s)")
    for msg in failures:
        print(f"  - {msg}")
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="folder holding corridor's outputs")
    ap.add_argument("--coast", type=Path, default=COAST,
                    help="land rings in the coast.tsv.gz format (default: %(default)s)")
    ap.add_argument("--out", help="where to write map.png and map_sea.png (default: the folder)")
    ap.add_argument("--port-km", type=float, default=10.0,
                    help="land tolerated within this many km of a sea leg's ends (default 10)")
    ap.add_argument("--max-land-km", type=float, default=1.0,
                    help="a sea leg fails with more km than this on land away from its ends "
                         "(default 1)")
    args = ap.parse_args()
    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.messageLog().messageReceived.connect(on_message)
    status = run(args)  # its layers are gone before QGIS shuts down (else exitQgis segfaults)
    sys.stdout.flush()
    app.exitQgis()
    return status


if __name__ == "__main__":
    sys.exit(main())
