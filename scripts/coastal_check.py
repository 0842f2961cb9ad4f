#!/usr/bin/env python3
"""Sea legs between nearby seaports, one process per leg, before and after a change.

Draws PAIRS pairs of the gazetteer's seaports (`gazetteer/imported/ports.tsv.gz` and the
curated `gazetteer/places.tsv`) 20-480 km apart (haversine), with a fixed seed, and runs
`corridor distances` on each as a one-leg route file (inline places, `lenient = true`, every
confirm-passage allowed). Prints how many legs each binary routed and every leg whose
distance differs, so a change to the coastal search can be checked on pairs nobody chose.

    python3 scripts/coastal_check.py BEFORE_BINARY AFTER_BINARY [--pairs 3000] [--seed 7]

The README's "35 of 3,000 pairs shorter, none longer" (the coarse retry of a way along the
coast) comes from this script, before = b924268^, after = b924268; so does its "6 shorter,
none longer" for the search for a way shorter than the refined one (before = acdac71).
"""

import argparse
import csv
import gzip
import math
import os
import random
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOW = ["babelmandeb", "bosporus", "dardanelles", "hormuz", "kerch", "panama", "suez"]


def seaports():
    ports = []
    with gzip.open(os.path.join(ROOT, "gazetteer", "imported", "ports.tsv.gz"), "rt") as f:
        ports += [r for r in csv.DictReader(f, delimiter="\t") if r["kind"] == "seaport"]
    with open(os.path.join(ROOT, "gazetteer", "places.tsv")) as f:
        ports += [r for r in csv.DictReader(f, delimiter="\t") if r.get("kind") == "seaport"]
    clean = lambda s: s.replace(",", " ").replace('"', "")
    return [(clean(r["name"]), float(r["lat"]), float(r["lon"])) for r in ports]


def haversine_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[1], a[2], b[1], b[2]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def pairs(n, seed):
    ports, rng, out = seaports(), random.Random(seed), []
    while len(out) < n:
        a, b = rng.choice(ports), rng.choice(ports)
        if a is b or abs(a[1] - b[1]) > 5 or abs(a[2] - b[2]) > 7:
            continue
        if 20 < haversine_km(a, b) < 480:
            out.append((a, b))
    return out


def distances(binary, legs, work):
    flags = ["--format", "csv"] + [x for s in ALLOW for x in ("--allow", s)]

    def one(i):
        a, b = legs[i]
        path = os.path.join(work, "%d.csv" % i)
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["route", "legs_connect", "mode", "from", "to", "lenient"])
            w.writerow(["check", "false", "sea", "%s @ %.6f, %.6f" % a, "%s @ %.6f, %.6f" % b, "true"])
        r = subprocess.run([binary, "distances", path] + flags, capture_output=True, text=True, cwd=ROOT)
        if r.returncode:
            return None
        return float(next(csv.DictReader(r.stdout.splitlines()))["distance_km"])

    with ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        return list(ex.map(one, range(len(legs))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--pairs", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    legs = pairs(a.pairs, a.seed)
    with tempfile.TemporaryDirectory() as work:
        before = distances(os.path.abspath(a.before), legs, work)
        after = distances(os.path.abspath(a.after), legs, work)
    print("routed: before %d, after %d of %d" % (sum(x is not None for x in before),
                                                 sum(x is not None for x in after), len(legs)))
    changed = [(i, x, y) for i, (x, y) in enumerate(zip(before, after)) if x != y]
    shorter = sum(1 for _, x, y in changed if x is not None and y is not None and y < x)
    longer = sum(1 for _, x, y in changed if x is not None and y is not None and y > x)
    print("changed %d: shorter %d, longer %d, routed by one only %d"
          % (len(changed), shorter, longer, len(changed) - shorter - longer))
    for i, x, y in sorted(changed, key=lambda c: (c[2] or 0) / (c[1] or 1)):
        (na, _, _), (nb, _, _) = legs[i]
        pct = "%+.1f %%" % (100 * (y - x) / x) if x and y else ""
        print("%s -> %s\t%s\t%s\t%s" % (na, nb, x, y, pct))


if __name__ == "__main__":
    main()
