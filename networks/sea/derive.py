#!/usr/bin/env python3
"""Derive corridor's sea-lane network (networks/sea/) from the shared raw data.

Run from the repository root (Python 3.11):

    pip install shapely geographiclib          # shapely >= 2.0 (brings numpy), geographiclib >= 2.0
    python3 networks/sea/derive.py --src ../shared/data
    python3 networks/sea/derive.py --check      # only re-validate the committed files
    pip install searoute                        # optional, only for --reference
    python3 networks/sea/derive.py --check --reference   # + the searoute reference table

Inputs (read-only, never needed at run time):
    <src>/sea/eurostat_marnet_plus_10km.geojson.gz   Eurostat SeaRoute MARNET "marnet_plus", 10 km
    <src>/basemap/land-10m.topojson.gz               Natural Earth 1:10m land (world-atlas 2.0.2)
    <src>/sea/searoute_marnet.geojson.gz             searoute 1.6's MARNET: its Caspian Sea lanes only

Outputs (networks/sea/, written atomically, byte-identical on re-run):
    nodes.tsv, edges.tsv, passages.tsv, exceptions.tsv, coast.tsv.gz, waters.tsv

What it does (details in README.md):
 1. Natural Earth 10m land: decode the TopoJSON, cut the polygons that world-atlas stitched
    across the antimeridian (Chukotka, Wrangel, Fiji, Antarctica) back into pieces on each
    side, round to 5 decimals -> coast.tsv.gz. All land tests below use exactly these rings.
 2. MARNET 10 km: split every LineString into 2-point edges, longitudes into [-180, 180)
    (so the +180 and -180 seam vertices become one node and the Pacific is joined), drop
    duplicates and self-loops, apply the manual removals.
 3. Land repair: canal edges (MARNET pass suez/panama/kiel/corinth) and the curated exception
    zones are kept as they are. Any other node inside the 10m land is moved just offshore when
    it lies within RELOCATE_MAX of the coast (harbour nodes that the 10m quantised coastline
    fills in) and dropped otherwise (inland waterways: Great Lakes, rivers, canals, lagoons).
    Every remaining edge that touches the coastline is replaced by the shortest land-free
    detour found near it (a single offshore waypoint, else an A* search on a fine water grid
    around the edge, string-pulled); if none is found the edge is dropped.
 3b. The Caspian Sea lanes come from searoute's MARNET (CASPIAN_BOX), repaired the same way and split
    into pieces of at most 10 km.
 4. The curated lanes are added: approach lanes (ADD_LANES, CASPIAN_LANES), and the inland waterways
    (INLAND_LANES): the Volga-Caspian ship channel to Olya and Astrakhan, and the Volga-Don and
    Volga-Baltic routes, whose edges carry their passage and, where NE draws them as land, are listed in
    exceptions.tsv. Components that hold no named water body (WATERS) are dropped; the Caspian Sea,
    joined to the ocean only by the avoided inland passages, is kept.
 5. Edges longer than MAX_EDGE_M are split along their geodesic (or, where that would touch land,
    along the straight segment); edges whose geodesic grazes land are halved until it does not.
 6. Passages: MARNET `pass` tags, then the gates in PASSAGE_AREAS for the rest.
 7. Validation (also run by --check): ids, ordering, one component (two without the inland passages:
    the world ocean and the Caspian Sea, as waters.tsv names them), land-free except the listed
    exceptions (GEOS and an independent orientation test must agree; geodesics land-free too),
    passage slugs, metres = GeographicLib geodesic length; then the port table and the passage
    blocking checks, the Caspian routes and the named waters. --reference adds the searoute comparison.
    Exit status 1 on failure.
"""
import argparse
import gzip
import heapq
import json
import math
import os
import sys
from collections import defaultdict

import numpy as np
import shapely
from shapely import STRtree, LineString, Polygon, Point
from geographiclib.geodesic import Geodesic

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'scripts'))
from derivelib import (SHARED_DATA, Topology, atomic_write, flood, fmt_num as fmt,  # noqa: E402
                       gzip_bytes as gz, haversine, log, point_in_ring as pip)
from derivelib import components as _components  # noqa: E402
GEOD = Geodesic.WGS84

MARNET_FILE = 'sea/eurostat_marnet_plus_10km.geojson.gz'
LAND_FILE = 'basemap/land-10m.topojson.gz'

MAX_EDGE_M = 200_000     # longer edges are split into pieces along the geodesic
RELOCATE_MAX = 0.02      # degrees (~2 km): land nodes closer than this to the coast are moved offshore
OFFSHORE = (0.003, 0.002, 0.001, 0.0005, 0.005, 0.01)   # offsets tried when moving a node offshore

# --------------------------------------------------------------------------------------------
# Passages. slug, name, default. MARNET `pass` values map onto slugs via MARNET_PASS.
# What each passage connects, for `corridor passages` (the 5th column of passages.tsv).
CONNECTS = {
    'babelmandeb': 'Red Sea and Gulf of Aden (Suez route to the Indian Ocean)',
    'bering': 'Pacific and Arctic Ocean (the Northern Sea Route and Northwest Passage to the Pacific)',
    'bosporus': 'Black Sea and Sea of Marmara',
    'cape-of-good-hope': 'Atlantic and Indian Ocean round Africa',
    'corinth': 'Gulf of Corinth and Saronic Gulf (Ionian and Aegean Seas)',
    'danish-straits': 'Baltic Sea and Kattegat/North Sea',
    'dardanelles': 'Sea of Marmara and Aegean Sea',
    'dover': 'North Sea and English Channel',
    'gibraltar': 'Mediterranean and Atlantic',
    'hormuz': 'Persian Gulf and Gulf of Oman',
    'kanmon': 'Sea of Japan and Seto Inland Sea',
    'kerch': 'Sea of Azov and Black Sea',
    'kiel': 'Baltic Sea and North Sea (across Jutland)',
    'korea-strait': 'East China Sea and Sea of Japan',
    'la-perouse': 'Sea of Japan and Sea of Okhotsk',
    'lombok': 'Indian Ocean and Java/Flores Seas (deep-draught alternative to Malacca)',
    'magellan': 'Atlantic and Pacific through Tierra del Fuego',
    'malacca': 'Indian Ocean and South China Sea',
    'northern-sea-route': 'Barents Sea and Bering Strait along the Russian Arctic (needs bering)',
    'northwest-passage': 'Atlantic and Bering Strait through the Canadian Arctic (needs bering)',
    'panama': 'Caribbean and Pacific',
    'suez': 'Mediterranean and Red Sea',
    'sunda': 'Indian Ocean and Java Sea',
    'taiwan-strait': 'East China Sea and South China Sea',
    'tsugaru': 'Sea of Japan and Pacific between Honshu and Hokkaido',
    'volga-baltic': 'Caspian Sea and Baltic Sea (St Petersburg) by the Volga and the Volga-Baltic Waterway',
    'volga-don': 'Caspian Sea and Sea of Azov (Rostov-on-Don) by the Volga and the Volga-Don Canal',
}

PASSAGES = [
    ('babelmandeb', 'Bab-el-Mandeb', 'allow'),
    ('bering', 'Bering Strait', 'avoid'),
    ('bosporus', 'Bosporus (Istanbul Strait)', 'allow'),
    ('cape-of-good-hope', 'Cape of Good Hope (rounding South Africa, 20°E meridian)', 'allow'),
    ('corinth', 'Corinth Canal', 'avoid'),
    ('danish-straits', 'Danish straits (Øresund, Great Belt, Little Belt)', 'allow'),
    ('dardanelles', 'Dardanelles (Çanakkale Strait)', 'allow'),
    ('dover', 'Strait of Dover', 'allow'),
    ('gibraltar', 'Strait of Gibraltar', 'allow'),
    ('hormuz', 'Strait of Hormuz', 'allow'),
    ('kerch', 'Kerch Strait', 'allow'),
    ('kanmon', 'Kanmon Strait (Shimonoseki)', 'allow'),
    ('kiel', 'Kiel Canal', 'allow'),
    ('korea-strait', 'Korea Strait (Western Channel and Tsushima Strait)', 'allow'),
    ('la-perouse', 'La Pérouse (Sōya) Strait', 'allow'),
    ('lombok', 'Lombok Strait', 'allow'),
    ('magellan', 'Strait of Magellan', 'allow'),
    ('malacca', 'Strait of Malacca and Singapore Strait', 'allow'),
    ('northern-sea-route', 'Northern Sea Route', 'avoid'),
    ('northwest-passage', 'Northwest Passage', 'avoid'),
    ('panama', 'Panama Canal', 'allow'),
    ('suez', 'Suez Canal', 'allow'),
    ('sunda', 'Sunda Strait', 'allow'),
    ('taiwan-strait', 'Taiwan Strait', 'allow'),
    ('tsugaru', 'Tsugaru Strait', 'allow'),
    # Inland waterways that sea-river ships use (INLAND_LANES below). Avoided by default: with
    # both avoided the Caspian Sea is a water body of its own, as it is for sea-going ships.
    ('volga-baltic', 'Volga–Baltic route (Volga, Rybinsk reservoir, Volga–Baltic Waterway, Onega, Svir, Ladoga, Neva)', 'avoid'),
    ('volga-don', 'Volga–Don route (lower Volga, Volga–Don Ship Canal, Tsimlyansk reservoir, lower Don)', 'avoid'),
]
# Routing allowance, hours: how much longer a transit holds a ship than sailing the canal's length
# at 14 kn (src/networks/passage_cost.rs turns it into distance-equivalent cost; distances stay
# pure). Panama: canal transit time about 10.5 h and, with the wait for a slot, about a day in
# canal waters (Panama Canal Authority figures as summarised by Rodrigue, The Geography of
# Transport Systems, "Average Transit Times for the Panama Canal, 2002-2012"); less the 3 h
# sailing 79 km takes: 21 h. Suez: northbound and southbound convoys take 11-16 h to pass 190 km,
# plus the wait for the convoy; less the 7 h sailing 190 km takes: 9 h.
#
# Inland waterways (courses, lengths, locks and their sources: the comment above INLAND_LANES). The time
# model: a loaded sea-river ship makes 9 kn on rivers, reservoirs and lakes (Volgo-Balt type, project 2-95:
# operational speed 9.0 kn loaded, 9.5 kn in ballast; the Volga type, project 19610: 10 kn top speed); the
# Volga-Don Ship Canal takes 10-12 h for its 101 km and 13 locks (Russian river-fleet figure: 'на весь путь
# потребуется 10-12 часов'), and every other lock stage costs 0.5 h (the canal's own figure: 11 h less the
# 6 h of sailing 101 km at 9 kn, over 13 locks, is 0.4 h a lock). Time is taken over the published fairway
# length; the network's polylines cut the rivers' bends and are 10-15 % shorter. The allowance is that time
# less the network length at the 14 kn reference speed:
#   volga-don: 1,045 km fairway (Astrakhan - Rostov-on-Don), 6 lock stages outside the canal (Tsimlyansk 2,
#     i.e. locks 14-15; Nikolayevsky, Konstantinovsky, Kochetovsky, Bagayevsky 1 each):
#     (1045 - 101) / 16.668 + 11 + 3 = 70.6 h, less 884 km / 25.928 = 34.1 h: 37 h.
#   volga-baltic: about 3,650 km fairway (Volgograd - Rybinsk 2,126, Astrakhan - Volgograd about 500,
#     Rybinsk - St Petersburg 1,000-1,100), 18 lock stages (Volga: Volgograd 2, Saratov 1, Zhiguli 2,
#     Cheboksary 1, Nizhny Novgorod (Gorodets) 2, Rybinsk 1; Volga-Baltic Waterway 7: Sheksna 1 and 6 on the
#     Vytegra slope; Svir 2): 3650 / 16.668 + 9 = 228.0 h, less 3,306 km / 25.928 = 127.5 h: 100 h.
#   Check: the model gives Cherepovets - St Petersburg (about 1,000 km, 9 lock stages) 64 h; the Volga-Baltic
#   Waterway's own figure is 2.5-3 days.
# Other passages: none.
ALLOWANCE_H = {'panama': 21, 'suez': 9, 'volga-don': 37, 'volga-baltic': 100}
# Passages whose use is a choice an analyst states (the 6th column of passages.tsv): a sea
# leg that crosses one of these without naming it in `allow` or `require`, when a way round
# exists, is refused (the Red Sea crisis, the Turkish straits under the Montreux Convention,
# the Kerch Strait under Russian control, Hormuz). Passages that only save a little on a
# through route (the Taiwan Strait, Malacca against Sunda) are not on the list: either way
# tells the same story. The passages avoided by default need naming anyway.
CONFIRM = {'suez', 'panama', 'babelmandeb', 'bosporus', 'dardanelles', 'kerch', 'hormuz'}
MARNET_PASS = {
    'suez': 'suez', 'panama': 'panama', 'babelmandeb': 'babelmandeb', 'malacca': 'malacca',
    'gibraltar': 'gibraltar', 'dover': 'dover', 'kiel': 'kiel', 'corinth': 'corinth',
    'bering': 'bering', 'magellan': 'magellan', 'northwest': 'northwest-passage',
    'northeast': 'northern-sea-route',
}
CANAL_PASSES = {'suez', 'panama', 'kiel', 'corinth'}   # MARNET canal edges: kept over land, listed as exceptions

# Gates: an edge that crosses (intersects) a gate gets the slug, unless it already has a MARNET tag.
# Each gate is a polyline whose two ends lie on Natural Earth 10m land, so every lane through the
# strait crosses it (checked by the script); the tagged edges are only those crossing the gate.
# First match wins. (lon, lat) pairs.
PASSAGE_AREAS = [
    ('bosporus', 'gate across the Bosporus between Rumelihisarı and Anadoluhisarı', [(29.030, 41.090), (29.100, 41.080)]),
    ('dardanelles', 'gate across the Dardanelles narrows at Çanakkale–Kilitbahir', [(26.330, 40.130), (26.440, 40.160)]),
    ('danish-straits', 'Øresund gate, Helsingør–Helsingborg', [(12.560, 56.020), (12.760, 56.060)]),
    ('danish-straits', 'Great Belt gate, Nyborg–Korsør (Sprogø)', [(10.760, 55.300), (11.200, 55.330)]),
    ('danish-straits', 'Little Belt gate, Middelfart–Fredericia', [(9.680, 55.550), (9.770, 55.480)]),
    ('korea-strait', 'Western Channel gate, Korea (Dadaepo) – Tsushima north', [(128.870, 35.120), (129.400, 34.620)]),
    ('korea-strait', 'Tsushima Strait gate, Tsushima south – Iki – Kyushu (Karatsu)', [(129.300, 34.250), (129.700, 33.780), (129.950, 33.470)]),
    ('kanmon', 'Kanmon gate, Shimonoseki (Honshu) – Moji (Kyushu)', [(130.940, 34.000), (130.975, 33.925)]),
    ('tsugaru', 'Tsugaru gate, Ōma (Honshu) – Shiokubi (Hokkaido)', [(140.930, 41.500), (140.980, 41.760)]),
    ('la-perouse', 'La Pérouse gate, Cape Sōya (Hokkaido) – Cape Crillon (Sakhalin)', [(141.930, 45.450), (141.970, 46.050)]),
    ('bering', 'Bering gate, Cape Dezhnev – Big/Little Diomede – Cape Prince of Wales', [(-169.700, 66.060), (-169.000, 65.780), (-168.000, 65.600)]),
    ('hormuz', 'Hormuz gate, Musandam – Larak – Iranian coast', [(56.330, 26.150), (56.380, 26.850), (56.620, 27.250)]),
    ('kerch', 'Kerch gate, Kerch (Crimea) – Taman peninsula', [(36.400, 45.300), (36.800, 45.300)]),
    ('taiwan-strait', 'Taiwan Strait gate, Pingtan (Fujian) – Hsinchu (Taiwan)', [(119.780, 25.530), (120.950, 24.820)]),
    ('sunda', 'Sunda gate, Sumatra (Bakauheni) – Java (Merak)', [(105.730, -5.820), (106.020, -5.950)]),
    ('lombok', 'Lombok gate, Bali – Nusa Penida – Lombok', [(115.500, -8.500), (115.550, -8.700), (116.080, -8.600)]),
    ('cape-of-good-hope', 'the 20°E meridian from Cape Agulhas to Antarctica', [(20.000, -34.700), (20.000, -72.000)]),
    ('malacca', 'Strait of Malacca gate, Port Dickson (Malaysia) – Rupat (Sumatra)', [(101.800, 2.550), (101.450, 1.900)]),
    ('northern-sea-route', 'Arctic gate from Cape Chelyuskin along 104.3°E to the pole', [(104.300, 77.600), (104.300, 90.000)]),
]

# --------------------------------------------------------------------------------------------
# Manual removals (after normalisation to [-180, 180)); matched within 1e-5 degrees. One-line reason each.
REMOVE_EDGES = [
    ((-180.0, -17.8215), (-180.0, -14.492),
     'artefact lane along the antimeridian through Fiji (Taveuni/Vanua Levu); MARNET has a lane east of the islands'),
]

# Exception zones: land-touching edges with both ends inside a zone are kept unchanged (not repaired)
# and listed in exceptions.tsv with this reason; nodes inside are not moved. (min lon, min lat, max lon, max lat)
EXCEPTION_ZONES = [
    ('Suez Canal (dredged canal, not in NE 10m)', (32.25, 29.60, 32.60, 31.35)),
    ('Panama Canal and Gatún Lake (canal, not in NE 10m)', (-79.95, 8.85, -79.50, 9.45)),
    ('Kiel Canal (canal, not in NE 10m)', (9.10, 53.85, 10.20, 54.40)),
    ('Corinth Canal (canal, not in NE 10m)', (22.93, 37.90, 23.03, 37.96)),
]

# Curated lanes: (name, polyline, join, reason, exception reason or None).
# The first point (and with join='both' also the last) is joined to the nearest existing node that
# has a land-free connector, unless it already is a node; the other points become new nodes.
# Segments must be land-free unless an exception reason is given: then the land-touching segments
# are listed in exceptions.tsv with it. Lanes are added in this order (a lane may start on an
# earlier lane's point). Coordinates of channels are approximate centrelines (+-0.5 km).
ADD_LANES = [
    ('sea-of-japan-west', [(129.2, 35.0), (129.75, 35.9), (130.43, 38.0), (131.7735, 42.119)], 'both', 'direct Korea Strait - Peter the Great Bay lane (Busan-Vladivostok/Vostochny services); MARNET only has a coastal lane via Wonsan (Busan-Vladivostok +14% without it)', None),
    ('rajin', [(130.43, 38.0), (130.30, 42.16), (130.295, 42.226)], 'first', 'approach to Rajin (Najin), KP, from the south: MARNET nodes are 113 km away', None),
    ('rajin-vladivostok', [(130.30, 42.16), (131.7735, 42.119)], 'both', 'Rajin - Vladivostok approach lane', None),
    ('rajin-nakhodka', [(130.30, 42.16), (132.1415, 42.3335)], 'both', 'Rajin - Nakhodka/Vostochny lane (Rajin-Vostochny 273 km without it, 236 km great circle)', None),
    ('dunay', [(132.1415, 42.3335), (132.38, 42.80), (132.375, 42.875), (132.40, 42.925)], 'first', 'approach to Strelok Bay: Dunay naval pier and Fokino (MARNET nodes are 36 km away)', None),
    ('sevastopol', [(33.34, 44.585), (33.40, 44.625), (33.50, 44.622), (33.535, 44.619)], 'first', 'approach to Sevastopol Bay around Cape Khersones (MARNET lane passes 13 km offshore)', None),
    ('zhoushan', [(122.008041, 29.998014), (122.05, 29.975), (122.10, 29.985)], 'first', 'spur to Zhoushan (Dinghai) harbour on the south coast of Zhoushan island (nearest node 9 km)', None),
    ('zhoushan-south', [(122.2245, 29.8365), (122.10, 29.985)], 'both', "Dinghai spur from the south-east lane: without it ships from the south ran 9 km past the harbour to the spur's start and turned back", None),
    ('jebel-ali', [(55.103, 25.538), (55.00, 25.10), (55.04, 25.03)], 'first', 'approach to Jebel Ali, AE (nearest node 36 km)', None),
    ('bandar-abbas', [(56.438, 26.4955), (56.50, 26.80), (56.38, 27.00), (56.22, 27.12)], 'first', 'approach to Bandar Abbas / Shahid Rajaee, IR, between Larak and Hormuz islands (nearest node 76 km)', None),
    ('ust-luga', [(28.1075, 60.0315), (28.30, 59.86), (28.36, 59.75), (28.33, 59.69)], 'first', 'approach to Ust-Luga, RU, up Luga Bay (nearest node 30 km)', None),
    ('tianjin', [(118.1725, 38.7725), (117.84, 38.965)], 'first', 'approach to Tianjin (Xingang), CN: the MARNET port node lies 2+ km inside NE 10m land and was dropped (45 km)', None),
    ('mariupol', [(37.575, 46.8105), (37.56, 47.07)], 'first', 'approach to Mariupol on the Sea of Azov (nearest node 31 km)', None),
    ('baltiysk-kaliningrad', [(19.85, 54.645), (19.895, 54.640), (19.96, 54.655), (20.05, 54.672), (20.14, 54.675), (20.25, 54.672), (20.36, 54.685), (20.44, 54.697), (20.48, 54.70)], 'first', 'Baltiysk Strait and Kaliningrad Sea Canal to Kaliningrad (nearest nodes 9 and 44 km)', 'Baltiysk Strait / Kaliningrad Sea Canal (Vistula Lagoon is land in NE 10m)'),
    ('rotterdam', [(4.093, 52.001875), (4.115, 51.985), (4.245, 51.918), (4.335, 51.895), (4.39, 51.893), (4.44, 51.895), (4.48, 51.903)], 'first', 'Nieuwe Waterweg / Nieuwe Maas to the Rotterdam city port (nearest node 27 km)', 'Nieuwe Waterweg / Nieuwe Maas port channel (not in NE 10m)'),
    ('shanghai', [(121.506753, 31.394099), (121.51, 31.38), (121.555, 31.32), (121.56, 31.285), (121.53, 31.258), (121.50, 31.247), (121.495, 31.235), (121.50, 31.217)], 'first', 'Huangpu River from Wusongkou to the Shanghai city port (nearest node 20 km; avoids connectors across Pudong)', 'Huangpu River port channel (not in NE 10m)'),
]

# --------------------------------------------------------------------------------------------
# The Caspian Sea. marnet_plus has no lanes there. searoute's MARNET (the same Eurostat lineage) has a
# coarse set: the LineStrings that lie wholly in CASPIAN_BOX, between hubs off Makhachkala, Aktau, Baku,
# Turkmenbashi, Anzali, Amirabad and Atyrau (its Volga-Don LineString leaves the box and is not used: the
# inland waterways below replace it). They are split into 2-point edges, repaired like MARNET edges
# (same land test, same detours), then split along the geodesic into pieces of at most CASPIAN_STEP_M,
# the spacing of the 10 km network elsewhere. The Caspian is a hole in Natural Earth's Eurasia, so it is
# water; its ports get curated approach lanes (CASPIAN_LANES).
SEAROUTE_FILE = 'sea/searoute_marnet.geojson.gz'
CASPIAN_BOX = (46.4, 36.0, 55.5, 47.5)
CASPIAN_STEP_M = 10_000
INLAND_STEP_M = 12_000    # curated waterway lanes: straight pieces of at most this length


def _hav_m(a, b):
    return haversine(a[1], a[0], b[1], b[0], 6371008.8)


def densify(pts, step_m=INLAND_STEP_M):
    """Vertices added along each straight lon/lat segment so that no piece is longer than step_m."""
    out = [pts[0]]
    for a, b in zip(pts, pts[1:]):
        n = max(1, math.ceil(_hav_m(a, b) / step_m))
        out += [(a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n) for i in range(1, n)] + [b]
    return out


def offset_line(pts, d):
    """The polyline moved d degrees (of latitude) to its left, each vertex along its local normal."""
    out = []
    for i, p in enumerate(pts):
        a, b = pts[max(i - 1, 0)], pts[min(i + 1, len(pts) - 1)]
        c = math.cos(math.radians(p[1]))
        dx, dy = (b[0] - a[0]) * c, b[1] - a[1]
        L = math.hypot(dx, dy)
        out.append((p[0] - d * dy / L / c, p[1] + d * dx / L))
    return out


def waterway(*stretches):
    """(reason, polyline) stretches, each starting where the previous one ends, joined and densified
    (INLAND_STEP_M): the points and, per segment, the exception reason of its stretch."""
    pts, why = [stretches[0][1][0]], []
    for reason, line in stretches:
        assert line[0] == pts[-1], ('stretch does not continue the waterway', reason)
        d = densify(line)
        pts += d[1:]
        why += [reason] * (len(d) - 1)
    return pts, why


# Caspian approach lanes (land-free; the first point joins the nearest Caspian node). The last point is
# the nearest water point (> 0.003 deg from the 10m coast) to the port's coordinate in gazetteer/places.tsv.
CASPIAN_LANES = [
    ('makhachkala', [(47.597, 42.966), (47.5075, 42.9858)], 'first', 'Makhachkala, RU: searoute’s lane ends 8 km off the port', None),
    ('aktau', [(51.139, 43.612), (51.213, 43.5964)], 'first', 'Aktau, KZ (GeoNames 12163188 Port Aktau): searoute’s lane ends 7 km off the port', None),
    ('baku-alat', [(50.2, 39.975), (49.8, 39.9), (49.4623, 39.9674)], 'first', 'Port of Baku at Alat, AZ (GeoNames 12196095), 45 km south-west of Baku: from the Baku - Amirabad lane', None),
    ('baku-alat-east', [(50.2, 39.975), (50.85, 40.297)], 'both', 'Alat - the lanes round the Absheron peninsula to Aktau and Turkmenbashi (searoute’s Baku hub is 35 km the wrong way from Alat)', None),
    ('baku-bay', [(49.933, 40.212), (49.90, 40.30), (49.878, 40.359)], 'first', 'Baku Bay (the old Baku port, GeoNames 12954366): searoute’s Baku hub is 18 km south-east of it', None),
    ('turkmenbashi', [(52.736, 39.764), (52.90, 39.72), (53.06, 39.725), (53.07, 39.85), (53.01, 39.974), (52.995, 40.006)], 'first', 'Turkmenbashi, TM: round the tip of the Krasnovodsk spit into Turkmenbashi Bay (searoute’s lane ends 35 km away, outside the bay), ending 1 km from the port (searoute TKMRW)', 'Turkmenbashi port basin (NE 10m draws the shore 4 km south of the port)'),
    ('bandar-anzali', [(49.494, 37.629), (49.4684, 37.4966)], 'first', 'Bandar Anzali, IR (GeoNames 13157243): searoute’s lane ends 17 km north of the port', None),
    ('amirabad', [(53.339, 36.964), (53.3579, 36.8694)], 'first', 'Amirabad, IR (GeoNames 13157242): searoute’s lane ends 12 km north of the port', None),
    ('nowshahr', [(51.47, 37.287), (51.4713, 36.6725)], 'first', 'Nowshahr, IR (searoute IRNSH): south from the Anzali - Amirabad lane, 70 km offshore', None),
]

# --------------------------------------------------------------------------------------------
# Inland waterways. Natural Earth 10m draws rivers, reservoirs, Lake Ladoga and Lake Onega as land, so
# every segment below that touches land is listed in exceptions.tsv with its stretch's reason.
#
# Courses: Eurostat MARNET 10 km (its Don - Volga-Don Canal - Volga lane from Taganrog Bay up to Nizhny
# Novgorod, and its Neva - Ladoga - Svir - Onega - Volga-Baltic lane to Cherepovets; both dropped in step 4
# because NE draws them as land), searoute's MARNET (the Volga-Caspian channel and the lower Volga from
# Astrakhan to Krasnoarmeysk, the Volga-Don canal), and, where neither has a lane (Nizhny Novgorod -
# Rybinsk - Cherepovets, the Neva in St Petersburg, Olya, Azov, Rostov-on-Don, the Tsimlyansk dam), the
# positions of the riverside towns, locks and dams from OpenStreetMap-derived knowledge of the course
# (+-2-5 km). Canal ends: Wikipedia, 'Volga-Don Canal' (48.6225 N 43.535 E at the Don, 48.5225 N 44.5525 E
# at the Volga) and ru.wikipedia 'Volga-Caspian ship canal' (head at port Olya 45.794699 N 47.563419 E,
# sea end 45.073278 N 47.680664 E). Each polyline is densified to vertices at most 12 km apart.
#
# Facts (and sources) behind the allowances in ALLOWANCE_H:
#  - Volga-Caspian ship channel: 188 km from Astrakhan down the Bakhtemir arm past Olya and across the
#    shallow northern Caspian, no locks (ru.wikipedia, 'Волго-Каспийский морской судоходный канал').
#    Untagged: Astrakhan and Olya are Caspian ports.
#  - volga-don: lower Volga Astrakhan - Krasnoarmeysk (Volgograd), no locks; Volga-Don Ship Canal 101 km,
#    13 locks (9 rising 88 m from the Volga, 4 falling 44 m to the Don), opened 1952, 3.6 m draught
#    (Wikipedia 'Volga-Don Canal'; Britannica); Tsimlyansk reservoir and dam (locks 14-15); lower Don
#    with the Nikolayevsky, Konstantinovsky and Kochetovsky hydro complexes and, since 2024, Bagayevsky
#    (Azov-Don Basin Administration via PortNews 2020-2022). Published length of the Volga-Don waterway:
#    1,045 km (Russian government, premier.gov.ru, quoted in 2012). This network: 884 km Rostov-on-Don -
#    Astrakhan (the polyline cuts the lower Don's bends: 208 km Rostov - Tsimlyansk against about 300).
#  - volga-baltic: Volga from Astrakhan to Rybinsk (Rybinsk - Yaroslavl 86 km, Yaroslavl - Nizhny Novgorod
#    381, - Kazan 397, - Ulyanovsk 226, - Samara 237, - Saratov 421, - Volgograd 378: 2,126 km, as tabulated
#    in 'The Volga', propheticwitness.com 2022, plus about 500 km Volgograd - Astrakhan), six Volga hydro complexes with locks (Volgograd, Saratov, Zhiguli,
#    Cheboksary, Nizhny Novgorod at Gorodets, Rybinsk); the Volga-Baltic Waterway, 368 km Cherepovets -
#    Lake Onega, 7 locks (8 chambers since a parallel lock of 1995; 6 on the 35 km northern slope with 80 m
#    of lift, 1 at Sheksna), about 1,100 km from the Volga to St Petersburg over Lake Onega, the Svir
#    (2 locks), Lake Ladoga and the Neva (Britannica; Wikipedia 'Volga-Baltic Waterway'). Cherepovets -
#    St Petersburg takes 2.5-3 days (Wikipedia). Lower Volga: 498 km from the Volgograd lock to Streletskoye
#    (Rosmorrechflot via PortNews, 2021). This network: 3,306 km St Petersburg - Astrakhan, about 10 % short
#    of the fairway (Cherepovets - Vytegra 306 km against 368, Rybinsk - Nizhny Novgorod 428 against 467).
#  - The lower Volga (Astrakhan - Krasnoarmeysk) carries both routes. An edge carries one passage, so
#    the Volga-Baltic route has its own lane there, INLAND_OFFSET degrees (about 0.5 km) to the left of
#    the Volga-Don one; both lie inside the river's course.
#  - Ends: the Volga-Don route starts at Rostov-on-Don and the Volga-Baltic route at the St Petersburg city
#    quays, at the ends of two untagged port channels (the Azov-Don sea channel past Azov, the Bolshaya
#    Neva), so that those sea ports stay reachable from the sea whatever is avoided.
INLAND_OFFSET = 0.0045
ASTRAKHAN = (48.04, 46.375)           # the Volga at the Port of Astrakhan (searoute RUASF 1.1 km)
ROSTOV = (39.70, 47.208)              # the Don at Rostov-on-Don's central quays
ST_PETERSBURG = (30.295, 59.936)      # the Bolshaya Neva at the Admiralty (WPI 28370 0.4 km)
KRASNOARMEYSK = (44.5525, 48.5225)    # the Volga end of the Volga-Don Ship Canal (Wikipedia)
VOLGA_CASPIAN_CHANNEL = [             # sea end -> Olya -> Bakhtemir -> Astrakhan
    (47.680664, 45.073278), (47.68, 45.25), (47.665, 45.42), (47.64, 45.58), (47.60, 45.72),
    (47.5525, 45.781667), (47.563419, 45.794699), (47.585, 45.835), (47.622, 45.88), (47.662, 45.939), (47.63, 45.975),
    (47.695, 45.982), (47.705, 46.028), (47.743, 46.099), (47.817, 46.15), (47.849, 46.193),
    (47.909, 46.213), (47.97, 46.26), (48.02, 46.32), ASTRAKHAN]
LOWER_VOLGA = [                       # Krasnoarmeysk -> Astrakhan (searoute's vertices, + Seroglazovka)
    KRASNOARMEYSK, (44.625, 48.538), (44.906, 48.477), (44.977, 48.438), (45.098, 48.475),
    (45.368, 48.408), (45.563, 48.466), (45.889, 48.323), (46.004, 48.241), (46.177, 48.206),
    (46.155, 47.949), (46.352, 47.86), (46.55, 47.724), (46.874, 47.427), (46.979, 47.427),
    (47.121, 47.297), (47.078, 47.218), (47.35, 47.09), (47.605, 46.957), (47.605, 46.844),
    (47.715, 46.859), (47.832, 46.747), (47.892, 46.653), (47.906, 46.581), (48.017, 46.542),
    (48.034, 46.525), (47.976, 46.46), (48.00, 46.42), ASTRAKHAN]
AZOV_DON_CHANNEL = [                  # Taganrog Bay (MARNET node) -> Azov -> Rostov-on-Don
    (39.043, 47.104), (39.17, 47.095), (39.28, 47.085), (39.40, 47.11), (39.465, 47.123),
    (39.56, 47.165), (39.64, 47.195), ROSTOV]
NEVA_MOUTH = [(30.203375, 59.907375), (30.24, 59.922), (30.27, 59.93), ST_PETERSBURG]

VOLGA_DON = waterway(
    ('inland waterway: lower Don, Rostov-on-Don - Tsimlyansk dam (Kochetovsky, Konstantinovsky, Nikolayevsky locks)',
     [ROSTOV, (39.80, 47.235), (39.87, 47.255), (39.96, 47.25), (40.05, 47.235), (40.15, 47.235), (40.25, 47.26),
      (40.36, 47.31), (40.42, 47.38), (40.4735, 47.421), (40.4465, 47.4665), (40.55, 47.50), (40.66, 47.545),
      (40.80, 47.525), (40.95, 47.58), (41.10, 47.575), (41.253, 47.543), (41.45, 47.57), (41.60, 47.61),
      (41.7455, 47.612), (41.90, 47.575), (42.04, 47.5565), (42.14, 47.57)]),
    ('inland waterway: Tsimlyansk reservoir (Don), Tsimlyansk locks 14-15 - Kalach-na-Donu',
     [(42.14, 47.57), (42.30, 47.64), (42.50, 47.71), (42.70, 47.77), (42.833, 47.8315), (42.93, 48.055),
      (43.10, 48.30), (43.30, 48.48), (43.535, 48.6225)]),
    ('inland waterway: Volga-Don Ship Canal (101 km, 13 locks)',
     [(43.535, 48.6225), (43.695, 48.654), (43.967, 48.682), (44.064, 48.625), (44.16, 48.549), (44.207, 48.494),
      (44.347, 48.469), (44.483, 48.422), (44.504, 48.425), (44.552, 48.485), KRASNOARMEYSK]),
    ('inland waterway: lower Volga, Krasnoarmeysk (Volgograd) - Astrakhan', LOWER_VOLGA))

_LV_OFF = offset_line(densify(LOWER_VOLGA), INLAND_OFFSET)[:-1] + [ASTRAKHAN]
VOLGA_BALTIC = waterway(
    ('inland waterway: Neva, St Petersburg - Shlisselburg',
     [ST_PETERSBURG, (30.33, 59.95), (30.365, 59.953), (30.405, 59.95), (30.415, 59.925), (30.44, 59.893),
      (30.465, 59.86), (30.50, 59.835), (30.566, 59.8245), (30.64, 59.80), (30.7065, 59.7815), (30.80, 59.775),
      (30.90, 59.81), (30.99, 59.87), (31.035, 59.945)]),
    ('inland waterway: Lake Ladoga, Shlisselburg - Svir mouth',
     [(31.035, 59.945), (31.25, 60.10), (31.5625, 60.3155), (32.00, 60.48), (32.5615, 60.6065)]),
    ('inland waterway: Svir (Lower and Upper Svir locks), Svir mouth - Voznesenye',
     [(32.5615, 60.6065), (32.8285, 60.4835), (33.05, 60.5095), (33.1415, 60.6095), (33.1775, 60.644),
      (33.56, 60.73), (33.7015, 60.7625), (33.9185, 60.9765), (34.0645, 60.9095), (34.619, 60.963),
      (34.8205, 60.9985), (34.8935, 61.042), (34.8555, 61.0945), (35.20, 61.06), (35.47, 61.015)]),
    ('inland waterway: Lake Onega, Voznesenye - Vytegra',
     [(35.47, 61.015), (35.6975, 61.0005), (36.2035, 61.142), (36.5265, 60.9475)]),
    ('inland waterway: Volga-Baltic Waterway, Vytegra - Kovzha - Lake Beloye - Sheksna (7 locks)',
     [(36.5265, 60.9475), (36.875, 60.9), (37.108, 60.7745), (37.154, 60.6325), (37.0905, 60.4485),
      (37.1925, 60.2835), (38.132, 60.025), (38.087, 59.918), (38.2985, 59.834), (38.2485, 59.786),
      (38.4885, 59.62), (38.497, 59.2205), (38.373, 59.127), (38.207, 59.1545), (38.1675, 59.065),
      (37.8605, 59.1165)]),
    ('inland waterway: Rybinsk reservoir, Cherepovets - Rybinsk locks',
     [(37.8605, 59.1165), (37.95, 59.02), (38.10, 58.85), (38.30, 58.60), (38.50, 58.35), (38.70, 58.15),
      (38.78, 58.09)]),
    ('inland waterway: upper Volga, Rybinsk - Yaroslavl - Kostroma - Nizhny Novgorod (Gorodets locks)',
     [(38.78, 58.09), (38.84, 58.055), (39.05, 58.00), (39.30, 57.95), (39.53, 57.885), (39.70, 57.75),
      (39.88, 57.64), (40.10, 57.62), (40.40, 57.70), (40.65, 57.76), (40.93, 57.765), (41.15, 57.65),
      (41.35, 57.52), (41.51, 57.46), (41.80, 57.47), (42.13, 57.44), (42.40, 57.43), (42.75, 57.38),
      (43.11, 57.32), (43.10, 57.10), (43.20, 56.90), (43.24, 56.77), (43.45, 56.66), (43.60, 56.49),
      (43.80, 56.38), (43.962, 56.3265)]),
    ('inland waterway: middle Volga, Nizhny Novgorod - Kazan - Samara - Saratov - Volgograd (Cheboksary, '
     'Zhiguli, Saratov, Volgograd locks)',
     [(43.962, 56.3265), (44.1295, 56.3125), (44.2035, 56.1735), (44.7165, 56.038), (45.234, 56.1455),
      (45.431, 56.079), (45.8335, 56.195), (45.9775, 56.12), (46.5655, 56.357), (47.018, 56.1625),
      (47.8775, 56.1195), (47.963, 55.984), (48.5245, 55.824), (49.0265, 55.784), (48.999, 55.588),
      (49.0825, 55.4425), (49.3815, 55.2), (49.2535, 55.0895), (48.898, 54.9905), (48.863, 54.693),
      (48.467, 54.425), (48.455, 54.1455), (48.9245, 53.9435), (49.008, 53.8425), (49.0285, 53.495),
      (49.898, 53.455), (50.1065, 53.41), (50.1805, 53.3075), (50.0, 53.155), (49.8295, 53.217),
      (49.468, 53.1295), (49.0905, 53.2385), (48.465, 53.142), (48.468, 53.085), (48.486, 53.004),
      (48.5285, 52.941), (48.2385, 52.633), (48.1685, 52.412), (47.729, 52.0275), (47.4795, 52.0555),
      (46.734, 51.7285), (46.2965, 51.7585), (46.1875, 51.535), (45.972, 51.4935), (45.982, 51.3975),
      (45.8375, 51.239), (46.0795, 50.8615), (45.7765, 50.7725), (45.6915, 50.658), (45.8795, 50.3755),
      (45.4235, 50.0285), (44.961, 49.169), (44.70, 48.82), (44.448, 48.624), _LV_OFF[0]]),
    ('inland waterway: lower Volga, Krasnoarmeysk (Volgograd) - Astrakhan', _LV_OFF))

INLAND_LANES = [
    ('volga-caspian-channel', VOLGA_CASPIAN_CHANNEL, 'first',
     'Volga-Caspian ship channel: Astrakhan and Olya are Caspian ports (188 km, no locks)',
     'Volga-Caspian ship channel (sea channel and Bakhtemir arm of the Volga delta; land in NE 10m)', None),
    ('azov-don-channel', AZOV_DON_CHANNEL, 'first',
     'Azov-Don sea channel and the Don to Azov and Rostov-on-Don (WPI 44080, 44070; Rostov was 51 km from a node)',
     'Azov-Don sea channel and the Don to Rostov-on-Don (land in NE 10m)', None),
    ('neva-mouth', NEVA_MOUTH, 'first',
     'Bolshaya Neva to the St Petersburg city quays (WPI 28370 was 6.1 km from the port node)',
     'Bolshaya Neva, St Petersburg (land in NE 10m)', None),
    ('volga-don', VOLGA_DON[0], 'both', 'Volga-Don route, Rostov-on-Don - Astrakhan', VOLGA_DON[1], 'volga-don'),
    ('volga-baltic', VOLGA_BALTIC[0], 'both', 'Volga-Baltic route, St Petersburg - Astrakhan', VOLGA_BALTIC[1],
     'volga-baltic'),
]
ADD_LANES = ADD_LANES + CASPIAN_LANES + INLAND_LANES

# Named water bodies (waters.tsv): a point well inside each. corridor names the waters a port lies in by
# the first row whose point's nearest node is in the port's connected component (under the leg's
# passages), so a water body comes before the smaller ones inside it. `isolated_by`: the passages that
# cut it off from the world ocean (with the default avoids); derive.py checks that they do.
WATERS = [
    ('the world ocean', -30.0, 0.0, ()),
    ('the Mediterranean Sea', 18.0, 34.5, ('gibraltar', 'suez')),
    ('the Black Sea', 34.0, 43.3, ('bosporus',)),
    ('the Sea of Marmara', 28.0, 40.75, ('bosporus', 'dardanelles')),
    ('the Sea of Azov', 36.8, 46.0, ('kerch',)),
    ('the Baltic Sea', 19.5, 57.5, ('kiel', 'danish-straits')),
    ('the Red Sea', 38.0, 21.0, ('babelmandeb', 'suez')),
    ('the Persian Gulf', 51.5, 27.0, ('hormuz',)),
    ('the Caspian Sea', 50.5, 42.0, ()),
]
INLAND_PASSAGES = ('volga-baltic', 'volga-don')

# --------------------------------------------------------------------------------------------
# Natural Earth land (TopoJSON)


def load_land(path, nd=5):
    """Polygons (list of rings, outer first) of Natural Earth land, cut at the antimeridian,
    coordinates rounded to nd decimals, rings closed."""
    t = Topology(path)
    polys = []
    for p in Topology.polygons(t.objects['land']):
        polys.extend(cut_polygon([t.ring(r) for r in p]))
    out = []
    for p in polys:
        rings = []
        for r in p:
            rr = []
            for x, y in r:
                q = (round(x, nd) + 0.0, round(y, nd) + 0.0)
                if not rr or rr[-1] != q:
                    rr.append(q)
            if rr[0] != rr[-1]:
                rr.append(rr[0])
            if len(rr) >= 4:
                rings.append(rr)
        if rings:
            out.append(rings)
    return out


def _on_seam(x):
    return abs((x - 180) / 360 - round((x - 180) / 360)) < 1e-12


def cut_polygon(rings):
    """world-atlas joins polygons split at the antimeridian (a ring then jumps from +180 to -180).
    Cut such a polygon back into pieces that each lie within [-180, 180]."""
    outer = rings[0]
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(outer, outer[1:])):
        return [rings]
    pieces = _cut_outer(outer)
    for h in rings[1:]:
        assert not any(abs(a[0] - b[0]) > 180 for a, b in zip(h, h[1:]))
        for pc in pieces:
            if pip(h[0], pc[0]):
                pc.append(h)
                break
        else:
            raise AssertionError('hole outside every piece')
    return pieces


def _cut_outer(outer):
    u = [outer[0]]
    for x, y in outer[1:]:
        px = u[-1][0]
        while x - px > 180:
            x -= 360
        while x - px < -180:
            x += 360
        u.append((x, y))
    drift = u[-1][0] - u[0][0]
    pts = [u[0]]
    for a, b in zip(u, u[1:]):
        ka = math.floor((a[0] - 180) / 360)
        kb = math.floor((b[0] - 180) / 360)
        if ka != kb:
            X = 180 + 360 * max(ka, kb)
            if a[0] != X and b[0] != X:
                t = (X - a[0]) / (b[0] - a[0])
                pts.append((X, a[1] + t * (b[1] - a[1])))
        pts.append(b)
    pts = pts[:-1]
    i0 = next(i for i, p in enumerate(pts) if _on_seam(p[0]))
    if abs(drift) < 1e-9:              # ring crosses the seam an even number of times
        pts = pts[i0:] + pts[:i0 + 1]
        chains, cur = [], [pts[0]]
        for p in pts[1:]:
            cur.append(p)
            if _on_seam(p[0]):
                chains.append(cur)
                cur = [p]
        out = []
        for c in chains:
            mid = sorted(q[0] for q in c)[len(c) // 2]
            side = 360 * math.floor((mid + 180) / 360)
            r = [(q[0] - side, q[1]) for q in c]
            r = [((180.0 if abs(x - 180) < 1e-9 else -180.0 if abs(x + 180) < 1e-9 else x), y) for x, y in r]
            r.append(r[0])
            if len(r) >= 4:
                out.append([r])
        return out
    # ring winds around a pole (Antarctica): close it along the seam and the pole
    start = pts[i0][0]
    chain = pts[i0:] + [(x + drift, y) for x, y in pts[:i0 + 1]]
    r = [(x - start + (180 if drift < 0 else -180), y) for x, y in chain]
    pole = -90.0 if sum(y for _, y in r) < 0 else 90.0
    return [[r + [(r[-1][0], pole), (r[0][0], pole), r[0]]]]


# --------------------------------------------------------------------------------------------
# Land index


def unwrap_to(a, b):
    """b with its longitude shifted by 360 so that |b.lon - a.lon| <= 180."""
    x = b[0]
    if x - a[0] > 180:
        x -= 360
    elif x - a[0] < -180:
        x += 360
    return (x, b[1])


def split_seam(a, b):
    """Segment a-b as pieces within [-180, 180] (split at the antimeridian when |dlon| > 180)."""
    (x1, y1), (x2, y2) = a, b
    if abs(x2 - x1) <= 180:
        return [(a, b)]
    x2u = x2 + 360 if x1 > x2 else x2 - 360
    X = 180.0 if x1 > 0 else -180.0
    ym = y1 + (X - x1) / (x2u - x1) * (y2 - y1)
    return [((x1, y1), (X, ym)), ((-X, ym), (x2, y2))]


class Coast:
    """Segment/point tests against the land rings. Polygons near the antimeridian are also
    indexed shifted by +-360 degrees, so segments may be given in unwrapped longitudes."""

    def __init__(self, polys, chunk=16):
        ext = list(polys)
        for p in polys:
            xs = [x for x, _ in p[0]]
            if max(xs) > 150:
                ext.append([[(x - 360, y) for x, y in r] for r in p])
            if min(xs) < -150:
                ext.append([[(x + 360, y) for x, y in r] for r in p])
        chunks = []
        for p in ext:
            for r in p:
                for i in range(0, len(r) - 1, chunk):
                    chunks.append(LineString(r[i:i + chunk + 1]))
        self.chunks = chunks
        self.tree = STRtree(chunks)
        self.polys = [Polygon(p[0], p[1:]) for p in ext]
        shapely.prepare(self.polys)
        self.ptree = STRtree(self.polys)
        self._valid = {}

    def land_mask(self, pts):
        """True where the point is on land (inside a polygon or on its boundary)."""
        pts = np.asarray(list(pts), dtype=float).reshape(-1, 2)
        m = np.zeros(len(pts), bool)
        if len(pts):
            h = self.ptree.query(shapely.points(pts))
            if len(h[0]):
                order = np.argsort(h[1], kind='stable')
                pi, gi = h[0][order], h[1][order]
                cuts = np.nonzero(np.diff(gi))[0] + 1
                for ps, g in zip(np.split(pi, cuts), gi[np.r_[0, cuts]]):
                    m[ps] |= shapely.intersects_xy(self.polys[g], pts[ps, 0], pts[ps, 1])
        return m

    def near_mask(self, pts, d):
        """True where the point is within d degrees of a coastline."""
        pts = np.asarray(list(pts), dtype=float).reshape(-1, 2)
        m = np.zeros(len(pts), bool)
        if len(pts) and d > 0:
            h = self.tree.query(shapely.points(pts), predicate='dwithin', distance=d)
            m[h[0]] = True
        return m

    def bad_mask(self, segs, clearance=0.0):
        """True where the segment touches or crosses a coastline ring (or comes within
        `clearance` degrees of one), or has an end on land. Segments with |dlon| > 180 are
        taken the short way across the antimeridian."""
        segs = [(a, unwrap_to(a, b)) for a, b in segs]
        if not segs:
            return np.zeros(0, bool)
        return self.bad_arr(np.asarray(segs, dtype=float).reshape(len(segs), 2, 2), clearance)

    def bad_arr(self, arr, clearance=0.0):
        """bad_mask for an (n, 2, 2) array of already unwrapped segments."""
        m = np.zeros(len(arr), bool)
        if not len(arr):
            return m
        geoms = shapely.linestrings(arr)
        if clearance > 0:
            h = self.tree.query(geoms, predicate='dwithin', distance=clearance)
        else:
            h = self.tree.query(geoms, predicate='intersects')
        m[h[0]] = True
        lm = self.land_mask(arr.reshape(-1, 2))
        m |= lm[0::2] | lm[1::2]
        return m

    def seg_ok(self, a, b, clearance=0.0):
        return not self.bad_mask([(a, b)], clearance)[0]

    def nearest_coast(self, p):
        pt = Point(p)
        i = self.tree.nearest(pt)
        ch = self.chunks[i]
        q = ch.interpolate(ch.project(pt))
        return ch.distance(pt), q.coords[0]

    def land_part(self, a, b):
        g = LineString([a, unwrap_to(a, b)])
        parts = []
        for i in self.ptree.query(g, predicate='intersects'):
            if i not in self._valid:
                self._valid[i] = shapely.make_valid(self.polys[i])
            parts.append(g.intersection(self._valid[i]))
        return shapely.union_all(parts) if parts else None


# --------------------------------------------------------------------------------------------
# Helpers


def rnd(v, nd=6):
    return round(v, nd) + 0.0


def norm(p, nd=6):
    """Longitude into [-180, 180), rounded."""
    x, y = p
    x = rnd(x, nd)
    while x >= 180:
        x = rnd(x - 360, nd)
    while x < -180:
        x = rnd(x + 360, nd)
    return (x, rnd(y, nd))


def geod_m(a, b):
    return GEOD.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE)['s12']


def approx_km(path):
    t = 0.0
    for p, q in zip(path, path[1:]):
        q = unwrap_to(p, q)
        c = math.cos(math.radians((p[1] + q[1]) / 2))
        t += math.hypot((q[0] - p[0]) * c, q[1] - p[1]) * 111.2
    return t


def in_box(p, box):
    return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]


def ekey(a, b):
    return (a, b) if a < b else (b, a)


# --------------------------------------------------------------------------------------------
# Detours


def try_waypoint(coast, a, b, clearance):
    """One waypoint offset perpendicular from the middle of the segment's land part."""
    b = unwrap_to(a, b)
    lp = coast.land_part(a, b)
    c = lp.centroid.coords[0] if lp is not None and not lp.is_empty else ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = math.hypot(dx, dy)
    if L == 0:
        return None
    nx, ny = -dy / L, dx / L
    cands = []
    d = 0.002
    while d < max(0.6 * L, 0.02) and d < 1.5:
        for s in (1, -1):
            cands.append((c[0] + s * d * nx, c[1] + s * d * ny))
        d *= 1.3
    bad = coast.bad_mask([(a, w) for w in cands] + [(w, b) for w in cands], clearance)
    n = len(cands)
    best = None
    for i, w in enumerate(cands):
        if not bad[i] and not bad[n + i]:
            path = [a, w, b]
            km = approx_km(path)
            if best is None or km < best[0]:
                best = (km, path)
    return best[1] if best else None


GRID_DIRS = ((1, 0), (0, 1), (1, 1), (1, -1))      # grid moves tested once, used both ways


def grid_clear_moves(coast, P, I, W, nx, ny, clearance) -> list:
    """ok[d][i, j]: the grid move (i, j) -> (i + di, j + dj) of GRID_DIRS[d] joins two water
    points and is land-free with the given clearance."""
    ok = []
    for di, dj in GRID_DIRS:
        j0, j1 = max(0, -dj), ny - max(0, dj)
        okd = np.zeros((nx, ny), bool)
        src = np.zeros((nx, ny), bool)
        src[0:nx - di, j0:j1] = W[0:nx - di, j0:j1] & W[di:nx, j0 + dj:j1 + dj]
        U = I[src]
        if len(U):
            V = U + di * ny + dj
            geoms = shapely.linestrings(np.stack([P[U], P[V]], 1))
            if clearance > 0:
                h = coast.tree.query(geoms, predicate='dwithin', distance=clearance)
            else:
                h = coast.tree.query(geoms, predicate='intersects')
            good = np.ones(len(U), bool)
            good[h[0]] = False
            okd[np.unravel_index(U[good], (nx, ny))] = True
        ok.append(okd)
    return ok


def grid_end_links(coast, ends, P, I, water, x0, y0, step, nx, ny, cl):
    """Links of the two ends (tags -1, -2) to the land-free water points within 3 grid steps,
    both ways; None if an end has no water point near it."""
    extra = defaultdict(list)
    for tag, p in ends.items():
        i0 = int(round((p[0] - x0) / step))
        j0 = int(round((p[1] - y0) / step))
        cand = [int(I[i, j]) for i in range(i0 - 3, i0 + 4) for j in range(j0 - 3, j0 + 4)
                if 0 <= i < nx and 0 <= j < ny and water[I[i, j]]]
        if not cand:
            return None
        bd = coast.bad_mask([(p, (P[c, 0], P[c, 1])) for c in cand], 0.0)
        for c, x in zip(cand, bd):
            if not x:
                w = math.hypot((p[0] - P[c, 0]) * cl, p[1] - P[c, 1])
                extra[tag].append((c, w))
                extra[c].append((tag, w))
    return extra


def astar(start, goal, nbrs, h):
    """The node path start..goal of A* (nbrs(u): (v, weight) pairs; h: the heuristic), or None."""
    dist = {start: 0.0}
    prev = {}
    pq = [(h(start), 0.0, start)]
    done = set()
    while pq:
        _, g, u = heapq.heappop(pq)
        if u in done:
            continue
        done.add(u)
        if u == goal:
            break
        for v, w in nbrs(u):
            ng = g + w
            if ng < dist.get(v, 1e18):
                dist[v] = ng
                prev[v] = u
                heapq.heappush(pq, (ng + h(v), ng, v))
    if goal not in done:
        return None
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    return path[::-1]


def grid_detour(coast, a, b, clearance, margin, step, maxn=250000):
    """A* over a regular grid of water points around a-b (8-neighbour moves that are
    land-free with the given clearance), then string-pulled."""
    b = unwrap_to(a, b)
    x0 = min(a[0], b[0]) - margin
    x1 = max(a[0], b[0]) + margin
    y0 = max(-89.9, min(a[1], b[1]) - margin)
    y1 = min(89.9, max(a[1], b[1]) + margin)
    nx = int(math.ceil((x1 - x0) / step)) + 1
    ny = int(math.ceil((y1 - y0) / step)) + 1
    if nx * ny > maxn:
        return None
    X, Y = np.meshgrid(x0 + step * np.arange(nx), y0 + step * np.arange(ny), indexing='ij')
    P = np.stack([X.ravel(), Y.ravel()], 1)
    water = ~coast.land_mask(P)
    if clearance > 0:
        water &= ~coast.near_mask(P, clearance)
    I = np.arange(nx * ny).reshape(nx, ny)
    W = water.reshape(nx, ny)
    cl = math.cos(math.radians((a[1] + b[1]) / 2))     # metric-ish weights: scale longitude
    ok = grid_clear_moves(coast, P, I, W, nx, ny, clearance)
    moves = []
    for d, (di, dj) in enumerate(GRID_DIRS):
        w = math.hypot(di * step * cl, dj * step)
        moves.append((di, dj, d, 0, 0, w))            # forward: test ok[d][i, j]
        moves.append((-di, -dj, d, -di, -dj, w))      # backward: test ok[d][i-di, j-dj]
    ends = {-1: a, -2: b}
    extra = grid_end_links(coast, ends, P, I, water, x0, y0, step, nx, ny, cl)
    if extra is None:
        return None

    def pt(k):
        return ends[k] if k < 0 else (float(P[k, 0]), float(P[k, 1]))

    def nbrs(u):
        out = list(extra.get(u, ()))
        if u >= 0:
            i, j = divmod(u, ny)
            for di, dj, d, si, sj, w in moves:
                ii, jj = i + di, j + dj
                if 0 <= ii < nx and 0 <= jj < ny and ok[d][i + si, j + sj]:
                    out.append((ii * ny + jj, w))
        return out

    def h(k):
        q = pt(k)
        return math.hypot((q[0] - b[0]) * cl, q[1] - b[1])

    path = astar(-1, -2, nbrs, h)
    if path is None:
        return None
    return pull(coast, [pt(k) for k in path], clearance)


def pull(coast, path, clearance):
    """String pulling: from each kept vertex jump to the farthest vertex still visible."""
    out = [path[0]]
    i, n = 0, len(path)
    while i < n - 1:
        j = n - 1
        while j > i + 1:
            c = clearance if (i > 0 and j < n - 1) else 0.0
            if coast.seg_ok(path[i], path[j], c) and (c == 0.0 or coast.seg_ok(path[i], path[j])):
                break
            j -= 1
        out.append(path[j])
        i = j
    return out


def detour(coast, a, b):
    """Shortest land-free replacement path found for segment a-b (unwrapped), or None."""
    L = math.hypot(*(np.subtract(unwrap_to(a, b), a)))
    best = None
    for clearance in (0.003, 0.001, 0.0):
        p = try_waypoint(coast, a, b, clearance)
        if p:
            best = p
            break
    if best is not None and approx_km(best) <= 1.03 * approx_km([a, b]) + 0.5:
        return best
    for clearance in (0.002, 0.0005):
        for margin_f, step in ((0.3, L / 60), (0.3, L / 150), (0.6, L / 150), (0.3, 0.004), (0.3, 0.0015)):
            p = grid_detour(coast, a, b, clearance, max(0.02, margin_f * L), max(step, 0.0008))
            if p:
                if best is None or approx_km(p) < approx_km(best):
                    best = p
                return best
    return best


# --------------------------------------------------------------------------------------------
# Graph building


def geodesic_bad(coast, segs, step=5000.0, min_len=5000.0):
    """Indices of segments whose geodesic (sampled every `step` metres) touches land."""
    pieces, owner = [], []
    for i, (a, b) in enumerate(segs):
        L = geod_m(a, b)
        if L < min_len:
            continue
        line = GEOD.InverseLine(a[1], a[0], b[1], b[0], Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.DISTANCE_IN)
        n = max(2, math.ceil(L / step))
        pts = [a]
        for k in range(1, n):
            g = line.Position(line.s13 * k / n, Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL)
            pts.append(unwrap_to(pts[-1], (g['lon2'], g['lat2'])))
        pts.append(unwrap_to(pts[-1], b))
        for x, y in zip(pts, pts[1:]):
            pieces.append((x, y))
            owner.append(i)
    if not pieces:
        return set()
    bad = coast.bad_mask(pieces)
    return {owner[j] for j in np.nonzero(bad)[0]}


def load_marnet(path):
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        d = json.load(f)
    E = {}
    for feat in d['features']:
        tag = feat['properties'].get('pass')
        tag = MARNET_PASS[tag] if tag else None
        c = [norm(p) for p in feat['geometry']['coordinates']]
        for a, b in zip(c, c[1:]):
            if a == b:
                continue
            k = ekey(a, b)
            if E.get(k) is None:
                E[k] = tag
    return E


def adjacency(edges, blocked=(), tag=2):
    """Neighbour lists of the edges (tuples whose first two items are the ends), leaving out the
    edges whose item `tag` is in `blocked`."""
    adj = defaultdict(list)
    for e in edges:
        if not blocked or e[tag] not in blocked:
            adj[e[0]].append(e[1])
            adj[e[1]].append(e[0])
    return adj


def components(edges):
    """Connected components (lists of nodes) of the edges (a, b), largest first."""
    adj = adjacency(edges)
    comps = _components(adj, sorted(adj))
    comps.sort(key=len, reverse=True)
    return comps


def plain_d2(xy, p):
    """Squared equirectangular distances (degrees, across the antimeridian) from the points of
    an (n, 2) lon/lat array to p."""
    dx = (xy[:, 0] - p[0] + 180) % 360 - 180
    return (dx * math.cos(math.radians(p[1]))) ** 2 + (xy[:, 1] - p[1]) ** 2


def _nearest_idx(xy, p):
    """Index of the point of xy nearest to p (plain_d2, ties by order)."""
    return int(np.argmin(plain_d2(xy, p)))


def nearest_plain(nodes, p):
    """The node nearest to p (equirectangular distance, ties by order): for picking a component."""
    return nodes[_nearest_idx(np.asarray(nodes, dtype=float), p)]


def remove_listed_edges(E):
    """Delete the edges of REMOVE_EDGES (each must match exactly one edge, either way round)."""
    for a, b, why in REMOVE_EDGES:
        a, b = norm(a), norm(b)
        hit = [k for k in E if (max(abs(k[0][0] - a[0]), abs(k[0][1] - a[1]), abs(k[1][0] - b[0]), abs(k[1][1] - b[1])) < 1e-5
                                or max(abs(k[0][0] - b[0]), abs(k[0][1] - b[1]), abs(k[1][0] - a[0]), abs(k[1][1] - a[1])) < 1e-5)]
        assert len(hit) == 1, ('REMOVE_EDGES entry matches', len(hit), a, b)
        del E[hit[0]]


def zone_of(p):
    """The reason of the first EXCEPTION_ZONES box holding p, or None."""
    for why, box in EXCEPTION_ZONES:
        if in_box(p, box):
            return why
    return None


def relocate_land_nodes(coast, E, frozen):
    """Nodes on land (not frozen): moved offshore to the first OFFSHORE distance off the
    nearest coast that is clear, or dropped.  Returns (moved: node -> new node, dropped)."""
    nodes = sorted({v for k in E for v in k})
    onland = [v for v, m in zip(nodes, coast.land_mask(nodes)) if m and v not in frozen]
    moved, dropped = {}, set()
    for v in onland:
        d, q = coast.nearest_coast(v)
        new = None
        if d <= RELOCATE_MAX:
            dx, dy = q[0] - v[0], q[1] - v[1]
            L = math.hypot(dx, dy) or 1e-12
            for off in OFFSHORE:
                w = norm((q[0] + dx / L * off, q[1] + dy / L * off))
                if not coast.land_mask([w])[0] and not coast.near_mask([w], off * 0.9)[0]:
                    new = w
                    break
        if new is None:
            dropped.add(v)
        else:
            moved[v] = new
    return moved, dropped


def detour_edges(coast, E2, stats):
    """Replace each land-touching edge by a land-free detour, keep it as an exception (in an
    exception zone, or a canal pass), or drop it.  Returns (edges, exceptions)."""
    keys = sorted(E2)
    bad = coast.bad_mask(keys)
    E3, exceptions = {}, {}
    nfix = nfail = 0
    failed, long_detours = [], []
    for k, bd in zip(keys, bad):
        t = E2[k]
        if not bd:
            E3.setdefault(k, t)
            continue
        za, zb = zone_of(k[0]), zone_of(k[1])
        if za and za == zb or t in CANAL_PASSES:
            E3[k] = t
            exceptions[k] = za or zb or f'{t} canal'
            continue
        p = detour(coast, k[0], k[1])
        if p is None:
            nfail += 1
            failed.append(k)
            continue
        p = [norm(x) for x in p]
        # rounding may reintroduce a touch: verify, else drop
        segs = [(x, y) for x, y in zip(p, p[1:]) if x != y]
        if coast.bad_mask(segs).any():
            nfail += 1
            failed.append(k)
            continue
        nfix += 1
        km0, km1 = geod_m(*k) / 1000, sum(geod_m(x, y) for x, y in segs) / 1000
        if km1 > 1.25 * km0 + 2:
            long_detours.append((k, km0, km1))
        for x, y in segs:
            kk = ekey(x, y)
            if E3.get(kk) is None:
                E3[kk] = t
    stats['edges_touching_land'] = int(bad.sum())
    stats['edges_detoured'] = nfix
    stats['edges_dropped_no_detour'] = nfail
    log(f'repair: {int(bad.sum())} land-touching edges, {nfix} detoured, {nfail} dropped, {len(exceptions)} kept as exceptions')
    stats['failed'] = failed
    stats['long_detours'] = long_detours
    return E3, exceptions


def dropped_clusters(E, dropped) -> list:
    """The inland clusters of dropped nodes (for the README): (size, lon/lat box) each."""
    adj = defaultdict(set)
    for a, b in E:
        if a in dropped and b in dropped:
            adj[a].add(b)
            adj[b].add(a)
    clusters = components([(a, b) for a in adj for b in adj[a]])
    singles = dropped - {v for c in clusters for v in c}
    return [(len(c), min(x for x, _ in c), min(y for _, y in c), max(x for x, _ in c), max(y for _, y in c))
            for c in clusters] + [(1, x, y, x, y) for x, y in sorted(singles)]


def repair(src):
    polys = load_land(os.path.join(src, LAND_FILE))
    coast = Coast(polys)
    log(f'land: {len(polys)} polygons, {sum(len(r) for p in polys for r in p)} ring points')

    E = load_marnet(os.path.join(src, MARNET_FILE))
    stats = {'marnet_edges': len(E), 'marnet_nodes': len({v for k in E for v in k})}
    log(f'marnet: {stats["marnet_edges"]} edges, {stats["marnet_nodes"]} nodes')

    remove_listed_edges(E)
    frozen = {v for k, t in E.items() if t in CANAL_PASSES for v in k} | \
             {v for k in E for v in k if zone_of(v)}

    # land nodes: move offshore or drop
    moved, dropped = relocate_land_nodes(coast, E, frozen)
    stats['nodes_moved_offshore'] = len(moved)
    stats['nodes_dropped_inland'] = len(dropped)
    log(f'land nodes: {len(moved)} moved offshore, {len(dropped)} dropped')
    E2 = {}
    for (a, b), t in sorted(E.items()):
        if a in dropped or b in dropped:
            continue
        a, b = moved.get(a, a), moved.get(b, b)
        if a != b:
            k = ekey(a, b)
            if E2.get(k) is None:
                E2[k] = t

    # repair land-touching edges
    E3, exceptions = detour_edges(coast, E2, stats)
    stats['dropped_clusters'] = dropped_clusters(E, dropped)

    EC, cstats = caspian_lanes(os.path.join(src, SEAROUTE_FILE), coast)
    for k, t in sorted(EC.items()):
        assert k not in E3
        E3[k] = t
    stats.update(cstats)
    log(f'caspian: {cstats["caspian_edges"]} edges from {cstats["caspian_searoute_lines"]} searoute lines')
    return coast, polys, E3, exceptions, stats


def caspian_lanes(path, coast):
    """The Caspian lanes of searoute's MARNET (LineStrings wholly inside CASPIAN_BOX): 2-point edges,
    land-repaired like MARNET's, split along the geodesic into pieces of at most CASPIAN_STEP_M."""
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        d = json.load(f)
    raw = {}
    nlines = 0
    for feat in d['features']:
        g = feat['geometry']
        if g['type'] != 'LineString' or not all(in_box(p, CASPIAN_BOX) for p in g['coordinates']):
            continue
        nlines += 1
        c = [norm(p) for p in g['coordinates']]
        for a, b in zip(c, c[1:]):
            if a != b:
                raw[ekey(a, b)] = None
    segs = []
    bad = coast.bad_mask(sorted(raw))
    nfix = 0
    for k, bd in zip(sorted(raw), bad):
        if not bd:
            segs.append(k)
            continue
        p = detour(coast, k[0], k[1])
        assert p is not None, ('no land-free detour for a Caspian lane', k)
        p = [norm(x) for x in p]
        assert not coast.bad_mask(list(zip(p, p[1:]))).any()
        segs += [ekey(x, y) for x, y in zip(p, p[1:]) if x != y]
        nfix += 1
    E = {}
    for a, b in sorted(set(segs)):
        n = max(1, math.ceil(geod_m(a, b) / CASPIAN_STEP_M))
        line = GEOD.InverseLine(a[1], a[0], b[1], b[0])
        pts = [a] + [norm((q['lon2'], q['lat2'])) for q in (line.Position(line.s13 * i / n) for i in range(1, n))] + [b]
        if coast.bad_mask(list(zip(pts, pts[1:]))).any():
            pts = [a] + [norm((a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n)) for i in range(1, n)] + [b]
            assert not coast.bad_mask(list(zip(pts, pts[1:]))).any(), ('Caspian lane split touches land', a, b)
        for x, y in zip(pts, pts[1:]):
            E[ekey(x, y)] = None
    return E, {'caspian_searoute_lines': nlines, 'caspian_searoute_edges': len(raw), 'caspian_edges_detoured': nfix,
               'caspian_edges': len(E), 'caspian_km': round(sum(geod_m(*k) for k in E) / 1000)}


def attach_lane_end(coast, E3nodes, nodes, xy, name, p) -> list:
    """[p] if p is a node already, else [v, p] for the nearest of the 20 nearest nodes v with a
    land-free segment to p (within 30 km)."""
    if p in E3nodes:
        return [p]
    dx = (xy[:, 0] - p[0] + 180) % 360 - 180
    d2 = (dx * math.cos(math.radians(p[1]))) ** 2 + (xy[:, 1] - p[1]) ** 2
    for i in np.argsort(d2)[:20]:
        v = nodes[int(i)]
        if coast.seg_ok(v, p):
            assert geod_m(v, p) < 30000, ('lane attaches too far', name, p, v)
            return [v, p]
    raise AssertionError(('cannot attach lane', name, p))


def add_lane(coast, E3, exceptions, stats, name, line, join, exc, tag):
    """Add one curated lane of ADD_LANES, attached at its start (and at its end if join is
    'both'); land-touching segments become exceptions with their reason."""
    line = [norm(p) for p in line]
    reasons = list(exc) if isinstance(exc, list) else [exc] * (len(line) - 1)
    assert len(reasons) == len(line) - 1
    nodes = sorted({v for k in E3 for v in k})
    xy = np.asarray(nodes)
    E3nodes = set(nodes)
    start = attach_lane_end(coast, E3nodes, nodes, xy, name, line[0])
    pts = start + line[1:]
    reasons = reasons[:1] * (len(start) - 1) + reasons
    if join == 'both':
        end = attach_lane_end(coast, E3nodes, nodes, xy, name, line[-1])[::-1]
        pts = pts[:-1] + end
        reasons = reasons + reasons[-1:] * (len(end) - 1)
    if tag:
        assert join == 'both' and len(start) == 1 and len(end) == 1, ('a passage lane must run node to node', name)
    nexc = 0
    for (x, y), r in zip(zip(pts, pts[1:]), reasons):
        k = ekey(x, y)
        assert x != y and (k not in E3 or E3[k] == tag), ('curated lane repeats an edge', name, x, y)
        if coast.bad_mask([k]).any():
            assert r, ('curated lane crosses land', name, x, y)
            exceptions[k] = r
            nexc += 1
        E3[k] = tag
    stats[f'lane {name}'] = (f'{len(pts) - 1} edges ({nexc} exceptions), '
                             f'{sum(geod_m(x, y) for x, y in zip(pts, pts[1:])) / 1000:.1f} km' + (f', passage {tag}' if tag else ''))


def keep_named_waters(E3, exceptions, stats):
    """Keep the components that hold a named water body (WATERS): the world ocean, and the
    Caspian Sea, which only the (avoided) inland passages join to it."""
    comps = components(E3)
    allnodes = sorted({v for k in E3 for v in k})
    keep = {nearest_plain(allnodes, (x, y)) for _, x, y, _ in WATERS}
    kept = [c for c in comps if keep & set(c)]
    main = set().union(*kept)
    stats['components_kept'] = len(kept)
    stats['components_dropped'] = len(comps) - len(kept)
    stats['nodes_in_dropped_components'] = sum(len(c) for c in comps) - len(main)
    E4 = {k: t for k, t in E3.items() if k[0] in main}
    exceptions = {k: v for k, v in exceptions.items() if k in E4}
    return E4, exceptions


def split_long_edges(coast, E4, exceptions, stats):
    """Split long edges into pieces of at most MAX_EDGE_M along the geodesic (so that a straight
    lon/lat segment and its geodesic stay within ~1-3 km of each other); where a geodesic piece
    would touch land, split along the straight lon/lat segment instead; else leave the edge."""
    plans = []
    for k in sorted(E4):
        if k in exceptions:
            continue
        L = geod_m(*k)
        n = math.ceil(L / MAX_EDGE_M)
        if n <= 1:
            continue
        a, b = k
        line = GEOD.InverseLine(a[1], a[0], b[1], b[0])
        geo = [a] + [norm((g['lon2'], g['lat2'])) for g in (line.Position(line.s13 * i / n) for i in range(1, n))] + [b]
        bu = unwrap_to(a, b)
        lin = [a] + [norm((a[0] + (bu[0] - a[0]) * i / n, a[1] + (bu[1] - a[1]) * i / n)) for i in range(1, n)] + [b]
        plans.append((k, geo, lin))
    for idx in (1, 2):
        segs = [(x, y) for p in plans for x, y in zip(p[idx], p[idx][1:])]
        bad = coast.bad_mask(segs)
        j, keep = 0, []
        for p in plans:
            m = len(p[idx]) - 1
            if bad[j:j + m].any():
                keep.append(p)
            else:
                t = E4.pop(p[0])
                for x, y in zip(p[idx], p[idx][1:]):
                    E4[ekey(x, y)] = t
                stats['long_edges_split_' + ('geodesic' if idx == 1 else 'straight')] = \
                    stats.get('long_edges_split_' + ('geodesic' if idx == 1 else 'straight'), 0) + 1
            j += m
        plans = keep
    stats['long_edges_not_split'] = len(plans)


def halve_for_geodesic(coast, E4, exceptions, stats):
    """Edges that pass so close to land that their geodesic (not their straight segment) touches
    it: halve them along the straight segment until the geodesic of every piece is land-free."""
    nsplit, stuck = 0, set()
    for _ in range(6):
        keys = [k for k in sorted(E4) if k not in exceptions and k not in stuck]
        badg = geodesic_bad(coast, keys)
        if not badg:
            break
        for i in sorted(badg):
            a, b = keys[i]
            bu = unwrap_to(a, b)
            m = norm(((a[0] + bu[0]) / 2, (a[1] + bu[1]) / 2))
            if m in (a, b) or coast.bad_mask([(a, m), (m, b)]).any():
                stuck.add(keys[i])
                continue
            t = E4.pop(keys[i])
            E4[ekey(a, m)] = t
            E4[ekey(m, b)] = t
            nsplit += 1
    stats['edges_halved_for_geodesic'] = nsplit
    stats['edges_geodesic_touching_land'] = len(geodesic_bad(coast, [k for k in sorted(E4) if k not in exceptions]))


def mark_passages(coast, E4):
    """Tag the untagged edges that cross a PASSAGE_AREAS gate line with the gate's slug (the
    first gate listed where several cross)."""
    gates = []
    for slug, why, line in PASSAGE_AREAS:
        g = LineString(line)
        for end in (line[0], line[-1]):   # ends on land (or at the pole, beyond every lane)
            assert abs(end[1]) >= 89.9 or coast.land_mask([end])[0], ('gate end must be on land', slug, why)
        gates.append((slug, g))
    gtree = STRtree([g for _, g in gates])
    keys = sorted(E4)
    segs = shapely.linestrings(np.asarray([(a, unwrap_to(a, b)) for a, b in keys], dtype=float))
    hits = defaultdict(list)
    q = gtree.query(segs, predicate='intersects')
    for i, j in zip(q[0].tolist(), q[1].tolist()):
        hits[i].append(j)
    for i, k in enumerate(keys):
        if E4[k] is None and hits.get(i):
            E4[k] = gates[min(hits[i])][0]


def finish(coast, E3, exceptions, stats):
    """Curated lanes, largest component, passages."""
    E3, exceptions, stats = dict(E3), dict(exceptions), dict(stats)
    # curated lanes: (name, polyline, join, reason, exception reason or one per segment, passage)
    for name, line, join, why, exc, *tag in ADD_LANES:
        add_lane(coast, E3, exceptions, stats, name, line, join, exc, tag[0] if tag else None)
    E4, exceptions = keep_named_waters(E3, exceptions, stats)
    split_long_edges(coast, E4, exceptions, stats)
    halve_for_geodesic(coast, E4, exceptions, stats)
    mark_passages(coast, E4)
    return E4, exceptions, stats


# --------------------------------------------------------------------------------------------
# Output


def write_all(outdir, polys, E, exceptions):
    nodes = sorted({v for k in E for v in k})
    nid = {v: i for i, v in enumerate(nodes)}
    lines = ['id\tlon\tlat']
    for i, (x, y) in enumerate(nodes):
        lines.append(f'{i}\t{fmt(x, 6)}\t{fmt(y, 6)}')
    nodes_txt = ('\n'.join(lines) + '\n').encode()
    rows = []
    for (a, b), t in E.items():
        u, v = sorted((nid[a], nid[b]))
        rows.append((u, v, geod_m(nodes[u], nodes[v]), t or ''))
    rows.sort()
    edges_txt = ('u\tv\tmetres\tpassage\n' + ''.join(f'{u}\t{v}\t{m:.1f}\t{t}\n' for u, v, m, t in rows)).encode()
    exc = sorted((tuple(sorted((nid[a], nid[b]))), why) for (a, b), why in exceptions.items())
    exc_txt = ('u\tv\treason\n' + ''.join(f'{u}\t{v}\t{why}\n' for (u, v), why in exc)).encode()
    pas_txt = ('slug\tname\tdefault\tallowance_h\tconnects\tconfirm\n'
               + ''.join(f'{s}\t{n}\t{d}\t{ALLOWANCE_H.get(s, "")}\t{CONNECTS[s]}\t'
                         f'{"yes" if s in CONFIRM else ""}\n'
                         for s, n, d in sorted(PASSAGES))).encode()
    coast_txt = ''.join(' '.join(f'{fmt(x, 5)},{fmt(y, 5)}' for x, y in r) + '\n' for p in polys for r in p).encode()

    written = []
    for name, data in (('nodes.tsv', nodes_txt), ('edges.tsv', edges_txt)):
        for old in (name, name + '.gz'):
            if os.path.exists(os.path.join(outdir, old)):
                os.remove(os.path.join(outdir, old))
        if len(data) > 3_000_000:
            name, data = name + '.gz', gz(data)
        atomic_write(os.path.join(outdir, name), data)
        written.append(name)
    atomic_write(os.path.join(outdir, 'exceptions.tsv'), exc_txt)
    atomic_write(os.path.join(outdir, 'passages.tsv'), pas_txt)
    atomic_write(os.path.join(outdir, 'coast.tsv.gz'), gz(coast_txt))
    waters_txt = ('name\tlon\tlat\n' + ''.join(f'{n}\t{fmt(x, 6)}\t{fmt(y, 6)}\n' for n, x, y, _ in WATERS)).encode()
    atomic_write(os.path.join(outdir, 'waters.tsv'), waters_txt)
    return written + ['exceptions.tsv', 'passages.tsv', 'coast.tsv.gz', 'waters.tsv']


# --------------------------------------------------------------------------------------------
# Reading back + validation


def read_tsv(path):
    op = gzip.open if path.endswith('.gz') else open
    with op(path, 'rt', encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f]
    return rows[0], rows[1:]


def find(outdir, name):
    for n in (name, name + '.gz'):
        if os.path.exists(os.path.join(outdir, n)):
            return os.path.join(outdir, n)
    raise FileNotFoundError(name)


def load_outputs(outdir):
    h, rows = read_tsv(find(outdir, 'nodes.tsv'))
    assert h == ['id', 'lon', 'lat'], h
    nodes = [(float(x), float(y)) for _, x, y in rows]
    assert [int(r[0]) for r in rows] == list(range(len(rows))), 'node ids must be 0..N-1'
    h, rows = read_tsv(find(outdir, 'edges.tsv'))
    assert h == ['u', 'v', 'metres', 'passage'], h
    edges = [(int(u), int(v), float(m), p) for u, v, m, p in rows]
    h, rows = read_tsv(os.path.join(outdir, 'passages.tsv'))
    assert h == ['slug', 'name', 'default', 'allowance_h', 'connects', 'confirm'], h
    passages = {r[0]: (r[1], r[2]) for r in rows}
    h, rows = read_tsv(os.path.join(outdir, 'exceptions.tsv'))
    assert h == ['u', 'v', 'reason'], h
    exc = {(int(u), int(v)): r for u, v, r in rows}
    with gzip.open(os.path.join(outdir, 'coast.tsv.gz'), 'rt') as f:
        rings = [[tuple(map(float, xy.split(','))) for xy in line.split()] for line in f]
    return nodes, edges, passages, exc, rings


def validate(outdir, coast=None):
    """Checks the written files; returns a dict of results (raises on a hard failure)."""
    nodes, edges, passages, exc, rings = load_outputs(outdir)
    res = {'nodes': len(nodes), 'edges': len(edges), 'exceptions': len(exc), 'coast_rings': len(rings),
           'coast_points': sum(len(r) for r in rings)}
    for x, y in nodes:
        assert -180 <= x < 180 and -90 <= y <= 90
    assert len(set(nodes)) == len(nodes), 'duplicate node coordinates'
    prev = None
    for u, v, m, p in edges:
        assert 0 <= u < v < len(nodes), ('bad edge', u, v)
        assert prev is None or (u, v) > prev, 'edges not sorted/unique'
        prev = (u, v)
        assert p == '' or p in passages, ('unknown passage', p)
        g = round(geod_m(nodes[u], nodes[v]), 1)
        assert abs(g - m) < 0.051, ('metres', u, v, m, g)
    assert all(d in ('allow', 'avoid') for _, d in passages.values())
    for r in rings:
        assert r[0] == r[-1] and len(r) >= 4
    # connectivity: one component; without the inland passages, the world ocean and the Caspian Sea
    comps = components([(nodes[u], nodes[v]) for u, v, _, _ in edges])
    res['components'] = len(comps)
    assert len(comps) == 1 and len(comps[0]) == len(nodes), 'graph is not one connected component'
    wat = read_waters(outdir)
    assert [w[0] for w in wat] == [w[0] for w in WATERS], 'waters.tsv rows differ from WATERS'
    sea = [(nodes[u], nodes[v]) for u, v, _, p in edges if p not in INLAND_PASSAGES]
    inland_only = {x for u, v, _, p in edges if p in INLAND_PASSAGES for x in (nodes[u], nodes[v])} - {x for e in sea for x in e}
    comps = components(sea)
    res['components_without_inland_passages'] = [len(c) for c in comps]
    res['nodes_only_on_inland_passages'] = len(inland_only)
    assert len(comps) == 2 and sum(len(c) for c in comps) + len(inland_only) == len(nodes), \
        'without the inland passages the graph must be exactly the world ocean and the Caspian Sea'
    lab = label_components(nodes, [(u, v, p) for u, v, _, p in edges], wat, set(INLAND_PASSAGES))
    res['waters_of_components_without_inland_passages'] = sorted(lab.values())
    assert sorted(lab.values()) == ['the Caspian Sea', 'the world ocean'], lab
    res['antimeridian_edges'] = sum(1 for u, v, _, _ in edges if abs(nodes[u][0] - nodes[v][0]) > 180)
    # land: rebuild the index from the committed rings (outer ring then its holes)
    if coast is None:
        coast = coast_from_rings(rings)
    segs = [(nodes[u], nodes[v]) for u, v, _, _ in edges]
    bad = coast.bad_mask(segs)
    badset = {(edges[i][0], edges[i][1]) for i in np.nonzero(bad)[0]}
    res['edges_touching_land'] = len(badset)
    res['unlisted_land_edges'] = sorted(badset - set(exc))
    res['listed_but_clean'] = sorted(set(exc) - badset)
    near = coast.bad_mask(segs, 1e-6)
    res['edges_within_0.1m_of_coast_not_listed'] = len({(edges[i][0], edges[i][1]) for i in np.nonzero(near)[0]} - set(exc))
    xbad, xin = exact_check(nodes, [(u, v) for u, v, _, _ in edges], rings)
    xbad |= {i for i, (u, v, _, _) in enumerate(edges) if u in xin or v in xin}
    xbadset = {(edges[i][0], edges[i][1]) for i in xbad}
    res['exact_check_disagreements'] = sorted(xbadset ^ badset)
    res['edges_whose_geodesic_touches_land'] = len(geodesic_bad(coast, [s for s, (u, v, _, _) in zip(segs, edges)
                                                                        if (u, v) not in exc]))
    res['passage_edges'] = defaultdict(int)
    for _, _, _, p in edges:
        if p:
            res['passage_edges'][p] += 1
    return res


def read_waters(outdir):
    h, rows = read_tsv(os.path.join(outdir, 'waters.tsv'))
    assert h == ['name', 'lon', 'lat'], h
    return [(n, float(x), float(y)) for n, x, y in rows]


def label_components(nodes, edges, waters, blocked):
    """{component root: water name} as corridor labels them: with the edges of the `blocked` passages
    left out, a component is named by the first waters row whose point's nearest node lies in it.
    Components of a single node (inside a blocked passage) are left out."""
    parent = list(range(len(nodes)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    deg = [0] * len(nodes)
    for u, v, p in edges:
        if p not in blocked:
            parent[max(find(u), find(v))] = min(find(u), find(v))
            deg[u] += 1
            deg[v] += 1
    xy = np.asarray(nodes)
    out = {}
    for name, x, y in waters:
        n = _nearest_idx(xy, (x, y))
        out.setdefault(find(n), name)
    roots = {find(i) for i in range(len(nodes)) if deg[i]}
    return {r: out.get(r, 'waters of their own') for r in roots}


def exact_check(nodes, edges, rings):
    """Independent of GEOS: plain orientation tests of every edge against every coastline segment
    near it (1-degree buckets), and an even-odd ray test of every node against all rings.
    Returns (edges that touch or cross a ring, nodes inside land)."""
    A = np.concatenate([np.asarray(r[:-1], dtype=float) for r in rings])
    B = np.concatenate([np.asarray(r[1:], dtype=float) for r in rings])
    cells = defaultdict(list)
    rows = defaultdict(list)
    for i, (x1, y1, x2, y2) in enumerate(np.hstack([A, B]).tolist()):
        for cx in range(math.floor(min(x1, x2)), math.floor(max(x1, x2)) + 1):
            for cy in range(math.floor(min(y1, y2)), math.floor(max(y1, y2)) + 1):
                cells[(cx, cy)].append(i)
        for cy in range(math.floor(min(y1, y2)), math.floor(max(y1, y2)) + 1):
            rows[cy].append(i)
    cells = {k: np.asarray(v) for k, v in cells.items()}

    def orient(ax, ay, bx, by, cx, cy):
        return np.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax))

    bad = set()
    for ei, (u, v) in enumerate(edges):
        for p, q in split_seam(nodes[u], nodes[v]):
            cand = [cells[(cx, cy)] for cx in range(math.floor(min(p[0], q[0])), math.floor(max(p[0], q[0])) + 1)
                    for cy in range(math.floor(min(p[1], q[1])), math.floor(max(p[1], q[1])) + 1) if (cx, cy) in cells]
            if not cand:
                continue
            c = np.unique(np.concatenate(cand))
            ax, ay, bx, by = A[c, 0], A[c, 1], B[c, 0], B[c, 1]
            d1 = orient(p[0], p[1], q[0], q[1], ax, ay)
            d2 = orient(p[0], p[1], q[0], q[1], bx, by)
            d3 = orient(ax, ay, bx, by, p[0], p[1])
            d4 = orient(ax, ay, bx, by, q[0], q[1])
            hit = (d1 * d2 <= 0) & (d3 * d4 <= 0)
            col = (d1 == 0) & (d2 == 0)          # collinear: need overlapping extents
            if col.any():
                ov = (np.maximum(np.minimum(ax, bx), min(p[0], q[0])) <= np.minimum(np.maximum(ax, bx), max(p[0], q[0]))) & \
                     (np.maximum(np.minimum(ay, by), min(p[1], q[1])) <= np.minimum(np.maximum(ay, by), max(p[1], q[1])))
                hit = np.where(col, ov, hit)
            if hit.any():
                bad.add(ei)
                break
    inside = set()
    xy = np.asarray(nodes, dtype=float)
    byrow = defaultdict(list)
    for i, (x, y) in enumerate(nodes):
        byrow[math.floor(y)].append(i)
    for cy, idx in byrow.items():
        if cy not in rows:
            continue
        s = np.unique(np.asarray(rows[cy]))
        ax, ay, bx, by = A[s, 0], A[s, 1], B[s, 0], B[s, 1]
        for k in range(0, len(idx), 256):
            ii = np.asarray(idx[k:k + 256])
            px, py = xy[ii, 0:1], xy[ii, 1:2]
            straddle = (ay > py) != (by > py)
            with np.errstate(divide='ignore', invalid='ignore'):
                xint = ax + (py - ay) * (bx - ax) / (by - ay)
            n = (straddle & (px < xint)).sum(1)
            inside.update(ii[n % 2 == 1].tolist())
    return bad, inside


def coast_from_rings(rings):
    """Group committed rings back into polygons: a ring inside the previous outer ring is a hole."""
    polys = []
    for r in rings:
        if polys and _ring_area(r) * _ring_area(polys[-1][0]) < 0 and pip(r[0], polys[-1][0]):
            polys[-1].append(r)
        else:
            polys.append([r])
    return Coast(polys)


def _ring_area(r):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(r, r[1:])) / 2


# --------------------------------------------------------------------------------------------
# Routing (for the reference table)


class Net:
    def __init__(self, outdir):
        self.nodes, self.edges, self.passages, self.exc, _ = load_outputs(outdir)
        self.adj = defaultdict(list)
        for u, v, m, p in self.edges:
            self.adj[u].append((v, m, p))
            self.adj[v].append((u, m, p))
        self.xy = np.asarray(self.nodes)

    def nearest(self, p, k=1):
        idx = np.argsort(plain_d2(self.xy, p))[:max(k, 8)]
        best = sorted((geod_m(p, self.nodes[i]), int(i)) for i in idx)
        return best[:k]

    def route(self, a, b, avoid=None):
        if avoid is None:
            avoid = {s for s, (_, d) in self.passages.items() if d == 'avoid'}
        (da, sa), = self.nearest(a)
        (db, sb), = self.nearest(b)
        dist = {sa: 0.0}
        prev = {}
        pq = [(0.0, sa)]
        while pq:
            d, u = heapq.heappop(pq)
            if u == sb:
                break
            if d > dist[u]:
                continue
            for v, m, p in self.adj[u]:
                if p and p in avoid:
                    continue
                nd = d + m
                if nd < dist.get(v, 1e30):
                    dist[v] = nd
                    prev[v] = (u, p)
                    heapq.heappush(pq, (nd, v))
        if sb not in dist:
            return None
        path, pas = [sb], []
        while path[-1] != sa:
            u, p = prev[path[-1]]
            if p and (not pas or pas[-1] != p):
                pas.append(p)
            path.append(u)
        path.reverse()
        pas.reverse()
        return {'km': (dist[sb] + da + db) / 1000, 'net_km': dist[sb] / 1000, 'snap_km': (da / 1000, db / 1000),
                'passages': pas, 'path': path}


# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--src', default=os.path.relpath(SHARED_DATA),
                    help='raw data folder (default: ../shared/data relative to the repo root)')
    ap.add_argument('--out', default=os.path.relpath(HERE), help='output folder (default networks/sea)')
    ap.add_argument('--check', action='store_true', help='do not rebuild; validate the files in --out')
    ap.add_argument('--reference', action='store_true', help='print the reference-distance table (needs pip install searoute)')
    args = ap.parse_args()

    coast = None
    if not args.check:
        coast, polys, E, exceptions, stats = repair(args.src)
        E, exceptions, stats = finish(coast, E, exceptions, stats)
        written = write_all(args.out, polys, E, exceptions)
        for k, v in stats.items():
            if isinstance(v, list):
                print(f'{k}: {len(v)}')
                for x in v:
                    print(f'    {x}')
            else:
                print(f'{k}: {v}')
        for n in written:
            print(f'wrote {os.path.join(args.out, n)} ({os.path.getsize(os.path.join(args.out, n)):,} bytes)')
    res = validate(args.out, coast)
    for k, v in res.items():
        if k == 'passage_edges':
            print('passage edges: ' + ', '.join(f'{s} {n}' for s, n in sorted(v.items())))
        elif isinstance(v, list):
            print(f'{k}: {len(v)} {v[:10]}')
        else:
            print(f'{k}: {v}')
    ok = not res['unlisted_land_edges'] and not res['listed_but_clean'] and not res['exact_check_disagreements'] \
        and not res['edges_whose_geodesic_touches_land']
    port_table(args.out, coast)
    ok &= passage_checks(args.out)
    ok &= caspian_checks(args.out)
    if args.reference:
        reference(args.out)
    print('VALIDATION', 'OK' if ok else 'FAILED')
    sys.exit(0 if ok else 1)


# Ports used by the checks and the reference table: (key, name, lon, lat, source)
PORTS = [
    ('rajin', 'Rajin (Najin), KP', 130.3, 42.233333, 'NGA WPI 60510'),
    ('vostochny', 'Vostochny, RU', 133.083333, 42.75, 'NGA WPI 60725'),
    ('nakhodka', 'Nakhodka, RU', 132.883333, 42.8, 'NGA WPI 60730'),
    ('vladivostok', 'Vladivostok, RU', 131.888333, 43.108889, 'NGA WPI 60610'),
    ('dunay', 'Dunay naval pier (Fokino), RU', 132.33542, 42.87879, 'GeoNames 2024800 (gazetteer/places.tsv)'),
    ('zhoushan', 'Zhoushan (Dinghai), CN', 122.1, 30.0, 'NGA WPI 59960'),
    ('shanghai', 'Shanghai, CN', 121.5, 31.216667, 'NGA WPI 59970'),
    ('busan', 'Busan, KR', 129.033333, 35.1, 'NGA WPI 60390'),
    ('baltiysk', 'Baltiysk, RU', 19.9, 54.633333, 'NGA WPI 28680'),
    ('kaliningrad', 'Kaliningrad, RU', 20.483333, 54.7, 'NGA WPI 28690'),
    ('stpetersburg', 'St Petersburg, RU', 30.3, 59.933333, 'NGA WPI 28370'),
    ('rotterdam', 'Rotterdam, NL', 4.483333, 51.9, 'NGA WPI 31140'),
    ('sevastopol', 'Sevastopol', 33.533333, 44.616667, 'NGA WPI 43760'),
    ('novorossiysk', 'Novorossiysk, RU', 37.783333, 44.716667, 'NGA WPI 44200'),
    ('istanbul', 'Istanbul, TR', 28.966667, 41.016667, 'NGA WPI 43420'),
    ('mersin', 'Mersin, TR', 34.633333, 36.8, 'NGA WPI 44860'),
    ('jebelali', 'Jebel Ali, AE', 55.05, 25.016667, 'NGA WPI 48276'),
    ('bandarabbas', 'Bandar Abbas (Shahid Rajaee), IR', 56.2, 27.15, 'NGA WPI 48520'),
    ('ustluga', 'Ust-Luga, RU', 28.316666, 59.666666, 'NGA WPI 28410'),
    ('tianjin', 'Tianjin Xin Gang, CN', 117.833333, 38.966667, 'NGA WPI 60190'),
    ('mariupol', 'Mariupol, UA', 37.566667, 47.083333, 'NGA WPI 44010'),
    ('rostov', 'Rostov-on-Don, RU', 39.64307, 47.178408, 'searoute 1.6 ports.geojson RURND (WPI 44070 lies 4.6 km south of the Don)'),
    ('azov', 'Azov, RU', 39.433333, 47.1, 'NGA WPI 44080'),
    # the Caspian Sea (coordinates as in gazetteer/places.tsv)
    ('astrakhan', 'Astrakhan, RU', 48.054307, 46.37709, 'searoute 1.6 ports.geojson RUASF'),
    ('olya', 'Olya, RU', 47.5525, 45.781667, 'ru.wikipedia: Оля (порт), 45°46′54″N 47°33′09″E'),
    ('makhachkala', 'Makhachkala, RU', 47.5, 42.983333, 'searoute 1.6 ports.geojson RUMCX'),
    ('aktau', 'Aktau, KZ', 51.22045, 43.59888, 'GeoNames 12163188 (Port Aktau)'),
    ('baku', 'Baku (Alat), AZ', 49.44483, 39.97735, 'GeoNames 12196095 (Alat Port)'),
    ('bakubay', 'Baku Bay (old port), AZ', 49.86539, 40.37176, 'GeoNames 12954366 (Baku Port)'),
    ('turkmenbashi', 'Turkmenbashi, TM', 53.0, 40.016667, 'searoute 1.6 ports.geojson TKMRW'),
    ('anzali', 'Bandar Anzali, IR', 49.46839, 37.47915, 'GeoNames 13157243 (Anzali Port)'),
    ('amirabad', 'Amirabad, IR', 53.3654, 36.85185, 'GeoNames 13157242 (Amirabad Port)'),
    ('nowshahr', 'Nowshahr, IR', 51.458801, 36.65, 'searoute 1.6 ports.geojson IRNSH'),
]
PORT = {k: (x, y) for k, _, x, y, _ in PORTS}

# Reference pairs: (from, to, extra passages to avoid besides the defaults, note)
REFERENCE = [
    ('rajin', 'vostochny', (), ''),
    ('rajin', 'zhoushan', (), ''),
    ('zhoushan', 'stpetersburg', (), ''),
    ('zhoushan', 'rotterdam', (), 'default (Suez)'),
    ('zhoushan', 'rotterdam', ('suez',), 'Suez avoided: both pick Panama by distance (corridor adds canal allowances and rounds the Cape)'),
    ('zhoushan', 'rotterdam', ('suez', 'panama'), 'Suez and Panama avoided: around the Cape'),
    ('busan', 'vladivostok', (), ''),
    ('zhoushan', 'vostochny', (), ''),
    ('anzali', 'makhachkala', (), 'the Caspian Sea'),
    ('baku', 'aktau', (), ''),
    ('astrakhan', 'anzali', (), ''),
    ('turkmenbashi', 'baku', (), ''),
    ('astrakhan', 'rostov', ('-volga-don',), 'searoute has the Volga-Don link, untagged'),
    ('astrakhan', 'stpetersburg', ('-volga-baltic',), 'searoute has no Volga-Baltic link: it goes by the Volga-Don and the Bosporus'),
]
SEAROUTE_SLUG = {'suez': 'suez', 'panama': 'panama', 'bering': 'bering', 'northwest-passage': 'northwest'}


# Passage checks: (slug, from, to, extra avoids for the baseline). The baseline route (default avoids
# + extra) must list the slug; with the slug also avoided the route must not (or not exist).
EXTRA_PLACES = {
    'murmansk': (33.05, 68.97), 'nome': (-165.42, 64.49), 'vancouver': (-123.1, 49.29),
    'losangeles': (-118.27, 33.73), 'newyork': (-74.03, 40.66), 'hongkong': (114.17, 22.29),
    'piraeus': (23.62, 37.94), 'patras': (21.72, 38.25),
    'valparaiso': (-71.63, -33.03), 'buenosaires': (-58.37, -34.58), 'lisbon': (-9.15, 38.69),
    'singapore': (103.84, 1.26), 'colombo': (79.84, 6.95), 'perth': (115.74, -32.05),
}
PASSAGE_CHECKS = [
    ('suez', 'zhoushan', 'rotterdam', ()),
    ('babelmandeb', 'zhoushan', 'rotterdam', ()),
    ('malacca', 'zhoushan', 'rotterdam', ()),
    ('gibraltar', 'rotterdam', 'istanbul', ()),
    ('dover', 'rotterdam', 'lisbon', ()),
    ('cape-of-good-hope', 'zhoushan', 'rotterdam', ('suez', 'panama')),
    ('sunda', 'zhoushan', 'rotterdam', ('suez', 'panama')),
    ('panama', 'newyork', 'losangeles', ()),
    ('magellan', 'valparaiso', 'buenosaires', ('panama',)),
    ('bosporus', 'mersin', 'novorossiysk', ()),
    ('dardanelles', 'mersin', 'novorossiysk', ()),
    ('kerch', 'novorossiysk', 'mariupol', ()),
    ('kiel', 'rotterdam', 'stpetersburg', ()),
    ('danish-straits', 'rotterdam', 'stpetersburg', ('kiel',)),
    ('hormuz', 'zhoushan', 'bandarabbas', ()),
    ('taiwan-strait', 'zhoushan', 'hongkong', ()),
    ('korea-strait', 'zhoushan', 'vladivostok', ()),
    ('kanmon', 'zhoushan', 'vladivostok', ('korea-strait',)),
    ('tsugaru', 'zhoushan', 'vladivostok', ('korea-strait', 'kanmon')),
    ('la-perouse', 'zhoushan', 'vladivostok', ('korea-strait', 'kanmon', 'tsugaru')),
    ('corinth', 'piraeus', 'patras', ('-corinth',)),
    ('northern-sea-route', 'murmansk', 'vladivostok', ('-northern-sea-route', '-bering')),
    ('bering', 'murmansk', 'nome', ('-northern-sea-route', '-bering')),
    ('northwest-passage', 'rotterdam', 'vancouver', ('-northwest-passage', '-bering')),
    ('volga-don', 'astrakhan', 'rostov', ('-volga-don',)),
    ('volga-baltic', 'astrakhan', 'stpetersburg', ('-volga-baltic',)),
]


def with_extra(defaults, extra):
    avoid = set(defaults)
    for e in extra:
        if e.startswith('-'):
            avoid.discard(e[1:])
        else:
            avoid.add(e)
    return avoid


# Caspian checks: Bandar Anzali -> Makhachkala within 20 % of searoute 1.6's 747 km (reported length,
# network nodes to network nodes) and never leaving the Caspian; the other Caspian routes stay in it too;
# the Caspian is unreachable from the ocean by default; each inland route is taken when allowed.
SEAROUTE_ANZALI_MAKHACHKALA_KM = 747
CASPIAN_ROUTES = [('anzali', 'makhachkala'), ('baku', 'aktau'), ('astrakhan', 'anzali'), ('turkmenbashi', 'baku'),
                  ('olya', 'amirabad'), ('nowshahr', 'aktau'), ('bakubay', 'turkmenbashi')]
INLAND_ROUTES = [('astrakhan', 'rostov', ('-volga-don',), ['volga-don']),
                 ('astrakhan', 'stpetersburg', ('-volga-baltic',), ['volga-baltic']),
                 ('anzali', 'novorossiysk', ('-volga-don',), ['volga-don', 'kerch']),
                 ('anzali', 'rotterdam', ('-volga-baltic',), ['volga-baltic', 'kiel'])]


def caspian_checks(outdir):
    net = Net(outdir)
    defaults = {s for s, (_, d) in net.passages.items() if d == 'avoid'}
    wat = read_waters(outdir)
    edges3 = [(u, v, p) for u, v, _, p in net.edges]
    # component of each node with the default avoids
    comp = {x: c[0] for c in _components(adjacency(edges3, defaults), range(len(net.nodes))) for x in c}
    xy = np.asarray(net.nodes)
    caspian = comp[_nearest_idx(xy, next((x, y) for n, x, y in wat if n == 'the Caspian Sea'))]
    ok = True
    print('\n| route | passages allowed | km | passages | stays in the Caspian | check |')
    print('|---|---|---:|---|---|---|')
    for a, b in CASPIAN_ROUTES:
        r = net.route(PORT[a], PORT[b], defaults)
        good = r is not None and not r['passages'] and all(comp[n] == caspian for n in r['path']) and \
            all(in_box(net.nodes[n], CASPIAN_BOX) for n in r['path'])
        if (a, b) == ('anzali', 'makhachkala'):
            good &= r is not None and abs(r['net_km'] / SEAROUTE_ANZALI_MAKHACHKALA_KM - 1) <= 0.2
        ok &= good
        print(f'| {a} - {b} | - | {r["km"]:,.1f} | {", ".join(r["passages"])} | {"yes" if good else "no"} | '
              f'{"ok" if good else "FAILED"} |' if r else f'| {a} - {b} | - | no route | | | FAILED |')
    for a, b, extra, want in INLAND_ROUTES:
        avoid = with_extra(defaults, extra)
        r0 = net.route(PORT[a], PORT[b], defaults)
        r = net.route(PORT[a], PORT[b], avoid)
        good = r0 is None and r is not None and r['passages'] == want
        ok &= good
        print(f'| {a} - {b} | {", ".join(e[1:] for e in extra)} | {r["km"]:,.1f} | {", ".join(r["passages"])} | '
              f'no route by default: {"yes" if r0 is None else "NO"} | {"ok" if good else "FAILED"} |' if r else
              f'| {a} - {b} | {extra} | no route | | | FAILED |')
    # the waters: each named body, cut off by its passages, is labelled by its own row
    print('\n| water | point | isolated by (+ default avoids) | nodes in its component | label | check |')
    print('|---|---|---|---:|---|---|')
    for name, x, y, iso in WATERS:
        seen = set()
        flood(adjacency(edges3, defaults | set(iso)), _nearest_idx(xy, (x, y)), seen)
        ocean = _nearest_idx(xy, (WATERS[0][1], WATERS[0][2]))
        # the label corridor gives this component: first row whose nearest node is in it
        label = next((n for n, xx, yy in wat if _nearest_idx(xy, (xx, yy)) in seen), 'waters of their own')
        good = label == name and (name == WATERS[0][0] or ocean not in seen)
        ok &= good
        print(f'| {name} | {x}, {y} | {", ".join(iso) or "-"} | {len(seen):,} | {label} | {"ok" if good else "FAILED"} |')
    return ok


def passage_checks(outdir):
    net = Net(outdir)
    defaults = {s for s, (_, d) in net.passages.items() if d == 'avoid'}
    where = dict(PORT, **EXTRA_PLACES)
    print('\n| passage | route | avoided | km | passages | with passage avoided: km | passages |')
    print('|---|---|---|---:|---|---:|---|')
    ok = True
    for slug, a, b, extra in PASSAGE_CHECKS:
        avoid = with_extra(defaults, extra)
        r1 = net.route(where[a], where[b], avoid)
        r2 = net.route(where[a], where[b], avoid | {slug})
        good = r1 is not None and slug in r1['passages'] and (r2 is None or slug not in r2['passages'])
        ok &= good
        f = lambda r: ('no route', '') if r is None else (f'{r["km"]:,.0f}', ', '.join(r['passages']))
        k1, p1 = f(r1)
        k2, p2 = f(r2)
        print(f'| {slug}{"" if good else " FAILED"} | {a} - {b} | {", ".join(sorted(avoid)) or "-"} | {k1} | {p1} | {k2} | {p2} |')
    return ok


def port_table(outdir, coast=None):
    net = Net(outdir)
    if coast is None:
        coast = coast_from_rings(load_outputs(outdir)[4])
    print('\n| port | lon | lat | on NE 10m land | nearest water (km) | nearest node (km) | connector land-free | beyond its first 3 km | passage at the node |')
    print('|---|---:|---:|---|---:|---:|---|---|---|')
    for key, name, x, y, srcs in PORTS:
        (d, n), = net.nearest((x, y))
        land = bool(coast.land_mask([(x, y)])[0])
        dc, q = coast.nearest_coast((x, y))
        wk = geod_m((x, y), q) / 1000 if land else 0.0
        ok = coast.seg_ok((x, y), net.nodes[n])
        # corridor tolerates land on the first 3 km of a connector (the port's own shore)
        b = unwrap_to((x, y), net.nodes[n])
        f = min(1.0, 3000 / d) if d > 0 else 1.0
        ok3 = ok or f >= 1.0 or coast.seg_ok((x + (b[0] - x) * f, y + (b[1] - y) * f), b)
        tags = sorted({p for v, _, p in net.adj[n] if p})
        print(f'| {name} | {x} | {y} | {"yes" if land else "no"} | {wk:.1f} | {d / 1000:.1f} | {"yes" if ok else "no"} | '
              f'{"yes" if ok3 else "no"} | {", ".join(tags) if len(tags) == len({p for v, _, p in net.adj[n]}) else "-"} |')


def reference(outdir):
    import searoute as sr
    import importlib.metadata
    ver = importlib.metadata.version('searoute')
    net = Net(outdir)

    def hav(a, b):
        return haversine(a[1], a[0], b[1], b[0], 6371.0088)

    print(f'\nsearoute {ver}: searoute.searoute(origin, destination) with its defaults (restrictions=["northwest"], '
          'units="km"); "+snap" adds the great-circle legs from each port to the first/last route vertex.')
    print('corridor: Dijkstra on edges.tsv metres, default avoids (' +
          ', '.join(sorted(s for s, (_, d) in net.passages.items() if d == 'avoid')) + ') plus the listed ones; '
          'km includes the geodesic snap from each port to its nearest node.\n')
    print('| from | to | also avoided | searoute km | searoute +snap km | searoute passages | corridor km | corridor snap km | vs searoute | vs +snap | corridor passages |')
    print('|---|---|---|---:|---:|---|---:|---|---:|---:|---|')
    for a, b, extra, note in REFERENCE:
        pa, pb = PORT[a], PORT[b]
        restr = ['northwest'] + [SEAROUTE_SLUG[s] for s in extra if s in SEAROUTE_SLUG]
        r = sr.searoute(list(pa), list(pb), restrictions=restr, return_passages=True)
        c = r['geometry']['coordinates']
        srk = r['properties']['length']
        snap = hav(pa, c[0]) + hav(pb, c[-1])
        avoid = with_extra({s for s, (_, d) in net.passages.items() if d == 'avoid'}, extra)
        mine = net.route(pa, pb, avoid)
        sp = ', '.join(sorted(r['properties'].get('traversed_passages', [])))
        d1 = (mine['km'] / srk - 1) * 100
        d2 = (mine['km'] / (srk + snap) - 1) * 100
        print(f'| {a} | {b} | {", ".join(extra) or "-"} | {srk:,.1f} | {srk + snap:,.1f} | {sp} | {mine["km"]:,.1f} | '
              f'{mine["snap_km"][0]:.1f}, {mine["snap_km"][1]:.1f} | {d1:+.1f}% | {d2:+.1f}% | {", ".join(mine["passages"])} |')
    print('\nports (lon, lat): ' + '; '.join(f'{k} {PORT[k][0]}, {PORT[k][1]}' for k in
                                          sorted({x for a, b, _, _ in REFERENCE for x in (a, b)})))


if __name__ == '__main__':
    main()
