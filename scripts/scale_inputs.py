#!/usr/bin/env python3
"""Writes the scale inputs: route folders of 1,000, 10,000 and 100,000 mixed legs.

Usage: python3 scripts/scale_inputs.py [--out target/scale] [--sizes 1000,10000,100000]
       [--seed 14] [--path-points 100000] [--air-legs 100000] [--track-fixes 100000]

For every size N, OUT/N/ holds about half of the N legs as TOML route files
(`r000001.toml` …, one route of 1 to 6 legs each) and the rest in one CSV file (`legs.csv`),
so that `corridor check OUT/N` reads both forms. The legs are air, sea and rail (50 / 25 / 25 %)
between the bundled gazetteer's curated places (gazetteer/places.tsv): airports (by id, IATA or
ICAO code, or the name of a city the airport serves), seaports of one sea basin (so that a sea
leg routes without passages that must be named, or names them in `allow`), and rail stations
on the bundled network's 1520/1435 mm lines. Sea and rail legs are drawn from a fixed pool of
corridors (origin-destination pairs), as an analyst's records of many trips on a few lines
are; routes chain their legs (each starts where the previous one ended) or, one in five, send
independent legs from one origin (`legs_connect = false`). Dates, trips, vehicles and tonnages
vary so that `aggregate --by month|vehicle|country-pair` has groups to form.

OUT/path/path.toml is one air leg with an explicit `path` of --path-points points, and
OUT/path/lines.toml the same path written one point per line. OUT/air/legs.csv holds
--air-legs one-leg air routes between curated airports, and OUT/air/pairs.tsv their ends'
coordinates (lon1, lat1, lon2, lat2), for the air-leg cost against a bare geodesic inverse.
OUT/track/ais.csv is a MarineCadastre-style AIS export of --track-fixes fixes, one every 10 s,
of a ship steaming from Port Vostochny through the Sea of Japan and the Korea Strait to
Zhoushan (straight runs between sea waypoints, with a little jitter), and OUT/track/track.toml
the sea leg that reads it (`track = "ais.csv"`).

The output is a function of the seed and the gazetteer alone (random.Random(seed), no clock),
standard library only. OUT defaults to target/scale (not committed).
"""
import argparse, csv, os, random, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Sea basins as lon/lat boxes (west, south, east, north), and the passages a leg inside one
# may need named: a port pair of one basin routes without any other passage that must be named.
BASINS = {
    "baltic": ((18, 53, 31, 61.5), []),
    "white-barents": ((32, 64, 42, 70), []),
    "black-azov": ((33, 44, 40, 48), ["kerch"]),
    "eastern-med": ((26, 34, 37, 39), []),
    "caspian": ((46, 36, 54, 47), []),
    "gulf": ((50, 24, 57, 30), ["hormuz"]),
    "far-east": ((110, 20, 142, 50), []),
}

# Curated stations in these countries are left out: the bundled network's Tornio–Haparanda line
# is not linked to the rest.
RAIL_LEFT_OUT = {"FI", "SE"}
# Curated seaports left out: Nampo lies 122 km up the Taedong from the nearest sea lane.
SEA_LEFT_OUT = {"nampo-port"}

# Cities named in air legs, each standing for the airport serving it.
AIR_CITIES = [("Minsk", "BY"), ("Moscow", "RU"), ("Beijing", "CN"), ("Novosibirsk", "RU"), ("Kazan", "RU"),
              ("Tianjin", "CN"), ("Almaty", "KZ"), ("Dubai", "AE"), ("Tehran", "IR"), ("Istanbul", "TR")]
CITY_SHARE = 0.15

SEA_CORRIDORS = 120
RAIL_CORRIDORS = 400
MODE_SHARES = [("air", 0.5), ("sea", 0.25), ("rail", 0.25)]
CARGO = ["ammunition", "vehicles", "electronics", "fuel", "sleepers", "containers", "unknown"]


def read_places():
    """Curated airports, seaports and rail stations: {kind: [row dict]}, in file order."""
    with open(os.path.join(ROOT, "gazetteer", "places.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    kinds = {}
    for r in rows:
        kinds.setdefault(r["kind"], []).append(r)
    return kinds


def basin_of(port):
    lon, lat = float(port["lon"]), float(port["lat"])
    for name, ((w, s, e, n), _) in BASINS.items():
        if w <= lon <= e and s <= lat <= n and not port["id"].startswith(("istanbul", "ambarli", "haydarpasa")):
            return name
    return None


def air_refs(places):
    """Per airport, the ways an air leg may name it: its id and codes; and the cities, each
    a place of its own (the airport serving it may be one of the airports too, so a city
    is only ever drawn with airports of other countries)."""
    return [(a["country"], [a["id"]] + [c for c in (a["iata"], a["icao"]) if c]) for a in places["airport"]]


def sea_corridors(rng, places):
    """(from, to, allow) port pairs, both ends in one basin."""
    by_basin = {}
    for p in places["seaport"]:
        b = basin_of(p)
        if b and p["id"] not in SEA_LEFT_OUT:
            by_basin.setdefault(b, []).append(p["id"])
    basins = sorted(b for b, ports in by_basin.items() if len(ports) > 1)
    out = []
    for _ in range(SEA_CORRIDORS):
        b = rng.choice(basins)
        a, z = rng.sample(by_basin[b], 2)
        out.append((a, z, BASINS[b][1]))
    return out


def rail_corridors(rng, places):
    stations = [p["id"] for p in places["rail_station"] if p["country"] not in RAIL_LEFT_OUT]
    return [tuple(rng.sample(stations, 2)) + ([],) for _ in range(RAIL_CORRIDORS)]


def leg_count(rng):
    return rng.choice([1, 1, 1, 2, 2, 3, 4, 6])


class Draw:
    """Draws routes: a mode, legs between its places, dates, trips, vehicles and cargo."""

    def __init__(self, rng, places):
        self.rng = rng
        self.air = air_refs(places)
        self.corridors = {"sea": sea_corridors(rng, places), "rail": rail_corridors(rng, places)}

    def mode(self):
        x, acc = self.rng.random(), 0.0
        for mode, share in MODE_SHARES:
            acc += share
            if x < acc:
                return mode
        return MODE_SHARES[-1][0]

    def ends(self, mode, n, connect):
        """n (from, to, allow) legs of one mode: chained, or from one origin."""
        rng = self.rng
        if mode == "air":
            stops = self.air_stops(n + 1)
            if connect:
                return [(stops[i], stops[i + 1], []) for i in range(n)]
            return [(stops[0], stops[i + 1], []) for i in range(n)]
        a, z, allow = rng.choice(self.corridors[mode])
        # A shuttle on one corridor: there and back.
        return [((a, z) if i % 2 == 0 else (z, a)) + (allow,) for i in range(n)]

    def air_stops(self, n):
        """n different airports, each named by id or a code; one in CITY_SHARE routes has a
        city among them, the others then in other countries than the city."""
        rng = self.rng
        city = rng.choice(AIR_CITIES) if rng.random() < CITY_SHARE else None
        pool = [refs for cc, refs in self.air if not city or cc != city[1]]
        stops = [rng.choice(refs) for refs in rng.sample(pool, n)]
        if city:
            stops[rng.randrange(n)] = city[0]
        return stops

    def leg(self, mode, ends, day):
        rng = self.rng
        a, z, allow = ends
        length = rng.randint(0, 20)
        leg = {"mode": mode, "from": a, "to": z, "start": date(day), "end": date(day + length),
               "trips": rng.randint(1, 12), "cargo": rng.choice(CARGO)}
        if allow:
            leg["allow"] = allow
        if rng.random() < 0.4:
            leg["quantity"] = rng.randint(5, 5000)
            leg["unit"] = "t"
        kind = {"air": "aircraft", "sea": "ship", "rail": "train"}[mode]
        leg["vehicle_kind"] = kind
        if mode == "air" and rng.random() < 0.5:
            leg["registration"] = "RA-%05d" % rng.randint(0, 300)
        return leg, day + length

    def route(self, rid):
        """A route of 1 to 6 legs: (id, legs_connect, [leg dict])."""
        rng = self.rng
        mode, n = self.mode(), leg_count(rng)
        connect = n == 1 or rng.random() < 0.8
        day = rng.randint(0, 6 * 365)
        legs = []
        for ends in self.ends(mode, n, connect):
            leg, day = self.leg(mode, ends, day)
            legs.append(leg)
            day += rng.randint(0, 10)
        return rid, connect, legs


def date(day):
    """Day `day` counted from 2020-01-01, as an ISO date, by whole months of 28 days."""
    year, rest = divmod(day, 12 * 28)
    month, d = divmod(rest, 28)
    return "%04d-%02d-%02d" % (2020 + year, month + 1, d + 1)


def toml_value(v):
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, int):
        return str(v)
    return '"%s"' % v


def write_toml(path, rid, connect, legs):
    out = ['id = "%s"' % rid, 'title = "Scale test route %s"' % rid, 'corridor = "scale-%s"' % legs[0]["mode"]]
    if not connect:
        out.append("legs_connect = false")
    for leg in legs:
        out.append("\n[[legs]]")
        for k in ["mode", "from", "to", "start", "end", "trips", "cargo", "allow"]:
            if k in leg:
                out.append("%s = %s" % (k, toml_value(leg[k])))
        if "quantity" in leg:
            out.append('quantity = { value = %d, unit = "t" }' % leg["quantity"])
        out.append("\n[legs.vehicle]")
        out.append('kind = "%s"' % leg["vehicle_kind"])
        if "registration" in leg:
            out.append('registration = "%s"' % leg["registration"])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


CSV_COLUMNS = ["route", "title", "corridor", "legs_connect", "mode", "from", "to", "start", "end", "trips",
               "vehicle_kind", "registration", "cargo", "quantity", "unit", "allow"]


def csv_rows(rid, connect, legs):
    for i, leg in enumerate(legs):
        row = dict(leg, route=rid, allow="|".join(leg.get("allow", [])))
        if i == 0:
            row.update(title="Scale test route %s" % rid, corridor="scale-%s" % leg["mode"],
                       legs_connect="true" if connect else "false")
        yield row


def write_size(out, n, rng, places):
    """OUT/n/: about n/2 legs in TOML files, the rest in legs.csv. Returns the leg count."""
    folder = os.path.join(out, str(n))
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    draw = Draw(rng, places)
    written, number = 0, 0
    while written < n // 2:
        number += 1
        rid, connect, legs = draw.route("scale-%06d" % number)
        legs = legs[: n // 2 - written]
        write_toml(os.path.join(folder, "r%06d.toml" % number), rid, connect, legs)
        written += len(legs)
    with open(os.path.join(folder, "legs.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        while written < n:
            number += 1
            rid, connect, legs = draw.route("scale-%06d" % number)
            legs = legs[: n - written]
            w.writerows(csv_rows(rid, connect, legs))
            written += len(legs)
    return written


def write_path(out, points, rng):
    """OUT/path/path.toml and lines.toml: one air leg from Ürümqi to Minsk along `points` points."""
    folder = os.path.join(out, "path")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    (lon0, lat0), (lon1, lat1) = (87.4742, 43.9071), (28.0307, 53.8825)
    pts = []
    for i in range(points):
        t = i / (points - 1)
        jitter = 0.0 if i in (0, points - 1) else rng.uniform(-0.01, 0.01)
        pts.append("[%.5f, %.5f]" % (lon0 + (lon1 - lon0) * t + jitter, lat0 + (lat1 - lat0) * t + jitter))
    head = 'id = "long-path"\ntitle = "One leg with a long explicit path"\n\n[[legs]]\nmode = "air"\nfrom = "URC"\nto = "MSQ"\n'
    for name, (sep, first, last) in [("path.toml", (", ", "", "")), ("lines.toml", (",\n  ", "\n  ", "\n"))]:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(head + "path = [" + first + sep.join(pts) + last + "]\n")


# A ship's way from Port Vostochny to Zhoushan at sea: (lat, lon) waypoints.
TRACK_WAYPOINTS = [(42.60, 133.10), (41.00, 131.50), (37.50, 130.00), (35.00, 129.60),
                   (34.30, 128.90), (33.00, 127.00), (31.50, 124.50), (30.10, 122.40)]
TRACK_START = 1_706_745_600  # 2024-02-01T00:00:00Z


def write_track(out, fixes, rng):
    """OUT/track/ais.csv: `fixes` AIS rows 10 s apart along TRACK_WAYPOINTS, each run's share
    of the fixes in proportion to its length in degrees; OUT/track/track.toml: the leg."""
    import datetime as dt
    import math
    folder = os.path.join(out, "track")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    runs = list(zip(TRACK_WAYPOINTS, TRACK_WAYPOINTS[1:]))
    lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in runs]
    total = sum(lengths)
    with open(os.path.join(folder, "ais.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,"
                "Status,Length,Width,Draft,Cargo,TransceiverClass\n")
        for i in range(fixes):
            d = total * i / (fixes - 1)
            k = 0
            while k < len(runs) - 1 and d > lengths[k]:
                d -= lengths[k]
                k += 1
            (lat0, lon0), (lat1, lon1) = runs[k]
            t = min(d / lengths[k], 1.0)
            jitter = 0.0 if i in (0, fixes - 1) else rng.uniform(-0.00005, 0.00005)
            at = dt.datetime.fromtimestamp(TRACK_START + 10 * i, dt.timezone.utc)
            f.write("273000000,%s,%.5f,%.5f,9.5,210.0,210,ANGARA,IMO9179842,UBXJ7,70,0,"
                    "120,18,7.5,70,A\n" % (at.strftime("%Y-%m-%dT%H:%M:%S"),
                                            lat0 + (lat1 - lat0) * t + jitter,
                                            lon0 + (lon1 - lon0) * t + jitter))
    with open(os.path.join(folder, "track.toml"), "w", encoding="utf-8") as f:
        f.write('id = "ais-track"\ntitle = "A ship with a dense AIS track"\n\n[[legs]]\n'
                'mode = "sea"\nfrom = "vostochny-port"\nto = "zhoushan-port"\n'
                'via = ["korea-strait"]\ntrack = "ais.csv"\n')


def write_air(out, n, rng, places):
    """OUT/air/legs.csv: n one-leg air routes between curated airports (by id), and
    OUT/air/pairs.tsv: each leg's ends as lon1, lat1, lon2, lat2 (the gazetteer's
    coordinates), for timing a bare geodesic inverse on the same pairs."""
    folder = os.path.join(out, "air")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    airports = places["airport"]
    with open(os.path.join(folder, "legs.csv"), "w", encoding="utf-8") as legs, \
            open(os.path.join(folder, "pairs.tsv"), "w", encoding="utf-8") as pairs:
        legs.write("route,mode,from,to\n")
        for i in range(n):
            a, z = rng.sample(airports, 2)
            legs.write("air-%06d,air,%s,%s\n" % (i + 1, a["id"], z["id"]))
            pairs.write("%s\t%s\t%s\t%s\n" % (a["lon"], a["lat"], z["lon"], z["lat"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "scale"))
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--path-points", type=int, default=100000)
    ap.add_argument("--air-legs", type=int, default=100000)
    ap.add_argument("--track-fixes", type=int, default=100000)
    args = ap.parse_args()
    places = read_places()
    for n in [int(s) for s in args.sizes.split(",")]:
        # One generator per size, so each folder is the same whatever other sizes are asked for.
        count = write_size(args.out, n, random.Random(args.seed * 1000003 + n), places)
        print("%s: %d legs" % (os.path.join(args.out, str(n)), count))
    write_path(args.out, args.path_points, random.Random(args.seed))
    print("%s: one leg with a %d-point path" % (os.path.join(args.out, "path"), args.path_points))
    write_air(args.out, args.air_legs, random.Random(args.seed + 1), places)
    print("%s: %d air legs and their ends" % (os.path.join(args.out, "air"), args.air_legs))
    write_track(args.out, args.track_fixes, random.Random(args.seed + 2))
    print("%s: a sea leg with an AIS track of %d fixes" % (os.path.join(args.out, "track"), args.track_fixes))


if __name__ == "__main__":
    main()
