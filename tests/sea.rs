//! Sea legs on the bundled maritime network (networks/sea, derived from Eurostat MARNET).

use std::collections::HashSet;

use corridor::networks::ch::tag_bit;
use corridor::networks::coast::{CoastGrid, segments_from_rings, write_grid};
use corridor::networks::sea::{SeaNetwork, SeaPath};
use corridor::networks::shortest_path::{Constraints, shortest_path};
use corridor::routes::PassagePolicy;

mod common;
use common::at;

fn net() -> SeaNetwork {
    SeaNetwork::bundled().expect("the sea network is bundled")
}

fn route(from: (f64, f64), to: (f64, f64), policy: &PassagePolicy) -> Result<SeaPath, String> {
    net().route(&[from, to], policy).map_err(|e| e.to_string())
}

/// The leg between two gazetteer places by id, with the default passages.
fn between(from: &str, to: &str) -> Result<SeaPath, String> {
    route(at(from), at(to), &PassagePolicy::default())
}

/// Natural Earth 1:10m land, as committed beside the network.
fn land_10m() -> Vec<u8> {
    let text = common::gunzipped("networks/sea/coast.tsv.gz");
    write_grid(&segments_from_rings(&text).unwrap())
}

/// Edges allowed to cross land: canals, dredged channels (networks/sea/exceptions.tsv).
fn exceptions() -> HashSet<(u32, u32)> {
    std::fs::read_to_string("networks/sea/exceptions.tsv")
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (u, v): (u32, u32) = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
            Some((u.min(v), u.max(v)))
        })
        .collect()
}

#[test]
fn every_lane_is_land_free_but_for_the_listed_exceptions() {
    let bytes = land_10m();
    let land = CoastGrid::open(&bytes).unwrap();
    let allowed = exceptions();
    let net = net();
    let g = net.graph();
    let mut crossing = Vec::new();
    let mut used = HashSet::new();
    for u in 0..g.node_count() as u32 {
        for e in g.edges(u).filter(|e| u < e.to) {
            let (a, b) = (g.coord(u), g.coord(e.to));
            // Unwrap across ±180 so the segment takes the short way.
            let b = (
                if b.0 - a.0 > 180.0 {
                    b.0 - 360.0
                } else if a.0 - b.0 > 180.0 {
                    b.0 + 360.0
                } else {
                    b.0
                },
                b.1,
            );
            if land.crosses(a, b) {
                if allowed.contains(&(u, e.to)) {
                    used.insert((u, e.to));
                } else {
                    crossing.push((u, e.to, a, b));
                }
            }
        }
    }
    assert!(
        crossing.is_empty(),
        "{} lanes cross land, e.g. {:?}",
        crossing.len(),
        &crossing[..crossing.len().min(5)]
    );
    // Exceptions this (f32, segment-against-segment) test does not see crossing land: the
    // derivation's exact test may disagree on lanes that only graze the coast.
    let unused = allowed.difference(&used).count();
    eprintln!(
        "{} of {} listed exceptions cross the 1:10m coastline here",
        allowed.len() - unused,
        allowed.len()
    );
}

#[test]
fn seed_sea_legs_follow_water_with_land_free_connectors() {
    let (fc, stderr) = common::build_bundled();
    assert!(!stderr.contains("warning"), "{stderr}");
    let bytes = land_10m();
    let land = CoastGrid::open(&bytes).unwrap();
    let sea = common::legs(&fc, "sea");
    for leg in &sea {
        assert_eq!(leg.properties["geometry_model"], "network", "{}", leg.id);
        for c in &leg.parts {
            // Skip the first and last 3 km: a port's own point may sit on the quay, ashore.
            for (i, w) in c.windows(2).enumerate() {
                if i == 0 || i + 2 == c.len() {
                    continue;
                }
                assert!(
                    !land.crosses(w[0], w[1]),
                    "{}: {:?}–{:?} crosses land",
                    leg.id,
                    w[0],
                    w[1]
                );
            }
            // No lane runs past a port and doubles back (a turn of more than 150°).
            for w in c.windows(3) {
                let k = w[1].1.to_radians().cos();
                let (a, b) = (
                    ((w[1].0 - w[0].0) * k, w[1].1 - w[0].1),
                    ((w[2].0 - w[1].0) * k, w[2].1 - w[1].1),
                );
                let cos = (a.0 * b.0 + a.1 * b.1) / (a.0.hypot(a.1) * b.0.hypot(b.1));
                assert!(
                    cos > (150f64).to_radians().cos(),
                    "{}: the line doubles back at {:?}",
                    leg.id,
                    w[1]
                );
            }
        }
    }
    assert!(sea.len() >= 2);
}

// Reference lengths: searoute 1.6.0 (PyPI), `searoute.searoute(origin, destination,
// units="km").properties["length"]` with its default restrictions, for the same [lon, lat]
// port coordinates as the gazetteer rows used here; "no Suez" adds restrictions=["northwest",
// "suez"]. Tolerance 6 %: the networks differ in resolution and in how ports are joined.
fn within(ours: f64, reference: f64, pct: f64) -> bool {
    (ours - reference).abs() <= reference * pct / 100.0
}

#[test]
fn rajin_to_zhoushan_goes_through_the_korea_strait() {
    let p = between("rajin-port", "zhoushan-port").unwrap();
    assert!(
        p.passages.iter().any(|x| x.starts_with("Korea Strait")),
        "{:?}",
        p.passages
    );
    // searoute 1.6: 1821.9 km.
    assert!(within(p.distance.km(), 1821.9, 6.0), "{}", p.distance.km());
}

#[test]
fn rajin_to_vostochny_hugs_the_coast() {
    let p = between("rajin-port", "vostochny-port").unwrap();
    // searoute's 146.3 km is shorter than the geodesic because it leaves out its 113 km snap
    // from Rajin; against the geodesic 235892.950 m (GeographicLib 2.1) instead.
    let ratio = p.distance.metres() / 235_892.950;
    assert!((1.0..=1.4).contains(&ratio), "{ratio}");
    assert!(p.snap_from.distance.km() < 5.0 && p.snap_to.distance.km() < 5.0);
}

#[test]
fn every_lane_length_built_in_is_the_geodesic_to_the_bit() {
    // build.rs measures the lanes once; a course must measure the same with them as without.
    let sea = net();
    let g = sea.graph();
    let mut edges = 0;
    for u in 0..g.node_count() as u32 {
        for e in g.edges(u) {
            let exact = corridor::geometry::geodesic::distance(g.coord(u), g.coord(e.to));
            assert_eq!(
                sea.lane_metres(e.index).to_bits(),
                exact.metres().to_bits(),
                "edge {} ({u} → {})",
                e.index,
                e.to
            );
            edges += 1;
        }
    }
    assert_eq!(edges, g.edge_count());
    // And a course's distance, added up lane by lane, is its line measured segment by
    // segment, but for the order of the additions (a micrometre is a billionth of these);
    // routed for the numbers only, it is the same to the bit.
    for (a, b) in [
        ("rajin-port", "zhoushan-port"),
        ("zhoushan-port", "port-of-saint-petersburg"),
        ("kaliningrad-port", "port-of-saint-petersburg"),
        ("vladivostok-port", "vostochny-port"),
    ] {
        let (ends, policy) = ([at(a), at(b)], PassagePolicy::default());
        let path = sea.route(&ends, &policy).unwrap();
        let measured = corridor::geometry::geodesic::length(&path.points);
        let off = (path.distance.metres() - measured.metres()).abs();
        assert!(off < 1e-6, "{a} – {b}: {off} m");
        let snaps = ends.iter().map(|&p| sea.snap(p)).collect();
        let numbers = sea.route_snapped_numbers(&ends, snaps, &policy).unwrap();
        assert!(numbers.points.is_empty(), "{a} – {b}");
        assert_eq!(
            (numbers.distance.metres().to_bits(), &numbers.passages),
            (path.distance.metres().to_bits(), &path.passages),
            "{a} – {b}"
        );
    }
}

#[test]
fn a_way_along_the_coast_beyond_the_searchs_bound_is_still_found() {
    // Orapiu Port (Waiheke Island, Auckland) → Greville Harbour (D'Urville Island), New
    // Zealand, round Cape Reinga and down the west coast: searoute 1.6 gives 1,166.5 km between
    // the same points on its offshore lanes. The search along the coast on 1 km cells gives
    // up before it has gone round (measured), and without the retry the leg falls back on the
    // lanes' 1,274.5 km; cells twice the size reach round, and the way is refined near theirs.
    // (Westport → Akaroa, this test's pair before the search's bound became the fewest steps,
    // is now found within the bound: 686.5 km, searoute 727.4 km.)
    let sea = net();
    let ends = [(175.1493, -36.84489), (173.8, -40.83333)];
    let path = sea.route(&ends, &PassagePolicy::default()).unwrap();
    let km = path.distance.km();
    assert!((900.0..1_166.5).contains(&km), "{km}");
    assert!(path.passages.is_empty());
    assert_eq!(sea.line_crosses_land(&path.points), None);
    // The way back is the same way.
    let back = sea
        .route(&[ends[1], ends[0]], &PassagePolicy::default())
        .unwrap();
    assert_eq!(
        back.distance.metres().to_bits(),
        path.distance.metres().to_bits()
    );
}

#[test]
fn a_way_along_the_coast_is_pulled_straight_from_both_ends() {
    // Porh Ized (Quiberon Bay) → Rade de Brest, round Pointe du Raz. Pulled straight from the
    // start only, the grid's way gave 187.7 km (8fe579c); from both ends, the shorter is taken.
    // pyproj's geodesic (WGS84) between the points, across Brittany: 148.3 km, a lower bound.
    let sea = net();
    let ends = [(-3.20651, 47.37191), (-4.5, 48.383333)];
    let path = sea.route(&ends, &PassagePolicy::default()).unwrap();
    let km = path.distance.km();
    assert!((148.3..187.0).contains(&km), "{km}");
    assert_eq!(sea.line_crosses_land(&path.points), None);
}

#[test]
fn a_strait_too_narrow_for_the_coarse_cells_is_still_taken() {
    // Rockport, Maine → Brae Harbour, Prince Edward Island. The search along the coast gave
    // up at its bound, and the coarse cells of the retry close the Strait of Canso (the
    // Canso Canal): the way they found went round Cape Breton, 1,316.9 km. searoute 1.6 on
    // the same points goes by Canso, 1,185.1 km on its offshore lanes; pyproj's geodesics
    // (WGS84) from Rockport to the Canso Causeway (45.65 N, 61.41 W) and on to Brae Harbour
    // add up to 865.5 km, less than any way by water through the strait.
    let sea = net();
    let ends = [(-69.066667, 44.183333), (-64.18204, 46.61685)];
    let path = sea.route(&ends, &PassagePolicy::default()).unwrap();
    let km = path.distance.km();
    assert!((865.5..1_185.1).contains(&km), "{km}");
    let canso = (-61.41, 45.65);
    // How near a line comes to the causeway (km).
    let from_canso = |w: &[(f64, f64)]| {
        w.iter()
            .map(|&p| corridor::geometry::geodesic::distance(p, canso).km())
            .fold(f64::INFINITY, f64::min)
    };
    let nearest = from_canso(&path.points);
    assert!(nearest < 10.0, "{nearest} km from the causeway");
    assert_eq!(sea.line_crosses_land(&path.points), None);
    // The retry a search that gives up makes, step by step (`SeaNetwork::coastal_way`, which
    // searches from Brae Harbour, the end first in its order): the search on 1 km cells now
    // reaches Canso within its bound, but the coarse cells of the retry close the strait and
    // go round Cape Breton; the fine cells near that way keep to it, and the search for a
    // shorter way finds the strait.
    use corridor::networks::water_grid::{
        OpenWater::Blocks, try_shorter_water_path, water_path, water_path_near,
    };
    let half = corridor::geometry::geodesic::distance(ends[0], ends[1]).km() + 30.0;
    let target = [(ends[0], 3.0)];
    let rough = water_path(sea.coast(), ends[1], &target, 3.0, (half, 2.0), Blocks).unwrap();
    assert!(
        from_canso(&rough.points) > 50.0,
        "{}",
        from_canso(&rough.points)
    );
    let near = water_path_near(
        sea.coast(),
        (ends[1], &target),
        3.0,
        (half, 1.0),
        (&rough.points, 10.0),
        Blocks,
    )
    .unwrap();
    assert!(from_canso(&near.points) > 50.0);
    let shorter = try_shorter_water_path(
        sea.coast(),
        (ends[1], &target),
        3.0,
        (half, 1.0),
        (&near, 8),
        Blocks,
    )
    .unwrap();
    assert!(from_canso(&shorter.points) < 10.0);
    let km = |w: &[(f64, f64)]| corridor::geometry::geodesic::length(w).km();
    assert!(km(&shorter.points) < km(&near.points) - 200.0);
}

#[test]
fn a_water_path_near_a_line_keeps_to_the_cells_near_it() {
    use corridor::networks::water_grid::{
        NoWaterPath, OpenWater::Blocks, WaterPath, try_shorter_water_path, water_path,
        water_path_near,
    };
    let sea = net();
    let (a, b) = (at("hungnam-port"), at("chongjin-port"));
    let (target, half) = ([(b, 3.0)], 320.0);
    let whole = water_path(sea.coast(), a, &target, 3.0, (half, 1.0), Blocks).unwrap();
    // Near its own way, the search finds that way again, on a fraction of the cells.
    let near = water_path_near(
        sea.coast(),
        (a, &target),
        3.0,
        (half, 1.0),
        (&whole.points, 10.0),
        Blocks,
    );
    assert_eq!(near.as_ref().map(|w| &w.points), Some(&whole.points));
    // Asked for a way no longer than its own, the whole search finds it again; asked to beat
    // a tenth less, it finds none.
    let shorter_than = |known| {
        try_shorter_water_path(
            sea.coast(),
            (a, &target),
            3.0,
            (half, 1.0),
            (known, 1),
            Blocks,
        )
    };
    let again = shorter_than(&whole);
    assert_eq!(again.map(|w| w.points), Ok(whole.points.clone()));
    let shorter = WaterPath {
        cells_km: 0.9 * whole.cells_km,
        ..whole.clone()
    };
    let none = shorter_than(&shorter);
    assert_eq!(none, Err(NoWaterPath::NoWay));
    // Near the straight line, which crosses the Musu-dan headland, there is no way by water.
    let straight = [a, b];
    let cut_off = water_path_near(
        sea.coast(),
        (a, &target),
        3.0,
        (half, 1.0),
        (&straight, 5.0),
        Blocks,
    );
    assert_eq!(cut_off, None);
}

/// Blocks of open water (`OpenWater::Blocks`, what coastal legs search with) find a way as
/// long as the search cell by cell does, within what pulling straight varies by, on under half
/// the work: Hungnam → Chongjin round the Musu-dan headland (1 km cells), Zarubino → Slavyanka
/// round the Gamov peninsula and Nakhodka → Slavyanka across Peter the Great Gulf (0.5 km
/// cells, as legs under 100 km search). Neither way crosses land.
#[test]
fn blocks_of_open_water_find_the_way_cells_find_on_less_work() {
    use corridor::networks::water_grid::{OpenWater, length_m, water_path};
    let sea = net();
    for (a, b, cell_km) in [
        ("hungnam-port", "chongjin-port", 1.0),
        ("zarubino-port", "slavyanka-port", 0.5),
        ("nakhodka-port", "slavyanka-port", 0.5),
    ] {
        let (a, b) = (at(a), at(b));
        let half = corridor::geometry::geodesic::distance(a, b).km() + 30.0;
        let search = |open_water| {
            water_path(
                sea.coast(),
                a,
                &[(b, 3.0)],
                3.0,
                (half, cell_km),
                open_water,
            )
            .unwrap()
        };
        let (cells, blocks) = (search(OpenWater::Cells), search(OpenWater::Blocks));
        let (km_cells, km_blocks) = (length_m(&cells.points), length_m(&blocks.points));
        assert!(
            (km_blocks / km_cells - 1.0).abs() < 0.005,
            "{a:?}: {km_blocks} m by blocks, {km_cells} m by cells"
        );
        assert!(
            blocks.taken * 2 < cells.taken,
            "{a:?}: {} taken by blocks, {} by cells",
            blocks.taken,
            cells.taken
        );
        assert_eq!(sea.line_crosses_land(&blocks.points), None);
    }
}

#[test]
fn a_threads_search_arrays_serve_the_next_thread_alike() {
    use corridor::networks::water_grid::{OpenWater, park_scratch, water_path};
    let coast = *net().coast();
    let (a, b) = (at("hungnam-port"), at("chongjin-port"));
    let target = [(b, 3.0)];
    let search = || water_path(&coast, a, &target, 3.0, (320.0, 1.0), OpenWater::Blocks);
    // A thread searches and parks its arrays; the next thread takes them (their cells
    // still hold the first search's marks) and must find the same way.
    let first = std::thread::scope(|s| {
        s.spawn(|| {
            let w = search();
            park_scratch();
            w
        })
        .join()
        .unwrap()
    });
    let again = std::thread::scope(|s| s.spawn(search).join().unwrap());
    assert!(first.is_some());
    assert_eq!(first, again);
}

#[test]
fn a_coastal_leg_and_its_return_follow_one_way() {
    // Searched from each end, the grid settled on ways 0.7 km (Chongjin–Hungnam) and
    // 0.3 km (Kozmino–Vladivostok) apart: a return must not differ from its outbound leg.
    let sea = net();
    for (a, b) in [
        ("chongjin-port", "hungnam-port"),
        ("kozmino-port", "vladivostok-port"),
    ] {
        let policy = PassagePolicy::default();
        let there = sea.route(&[at(a), at(b)], &policy).unwrap();
        let back = sea.route(&[at(b), at(a)], &policy).unwrap();
        assert!(
            there.passages.is_empty() && there.points.len() > 2,
            "{a}: coastal"
        );
        assert_eq!(there.distance, back.distance, "{a} – {b}");
        let mut reversed = back.points.clone();
        reversed.reverse();
        assert_eq!(there.points, reversed, "{a} – {b}");
    }
}

#[test]
fn zhoushan_to_st_petersburg_via_suez() {
    let p = between("zhoushan-port", "port-of-saint-petersburg").unwrap();
    for strait in ["Malacca", "Bab-el-Mandeb", "Suez", "Gibraltar"] {
        assert!(
            p.passages.iter().any(|x| x.contains(strait)),
            "{strait} in {:?}",
            p.passages
        );
    }
    assert!(
        p.passages
            .iter()
            .any(|x| x.contains("Kiel") || x.contains("Danish")),
        "{:?}",
        p.passages
    );
    assert!(!p.passages.iter().any(|x| x.contains("Northern Sea Route")));
    // searoute 1.6: 21666.6 km.
    assert!(within(p.distance.km(), 21666.6, 6.0), "{}", p.distance.km());
}

#[test]
fn avoiding_suez_sends_zhoushan_rotterdam_round_the_cape() {
    let rotterdam = at("port-nlrtm");
    let suez = route(at("zhoushan-port"), rotterdam, &PassagePolicy::default()).unwrap();
    assert!(
        suez.passages.iter().any(|x| x.contains("Suez")),
        "{:?}",
        suez.passages
    );
    // searoute 1.6: 19360.3 km via Suez.
    assert!(
        within(suez.distance.km(), 19360.3, 6.0),
        "{}",
        suez.distance.km()
    );
    let no_suez = PassagePolicy {
        avoid: vec!["suez".into()],
        ..Default::default()
    };
    let detour = route(at("zhoushan-port"), rotterdam, &no_suez).unwrap();
    // Panama is within 1 % of the Cape by distance; its canal allowance (a day in canal
    // waters) tips the planner to the Cape, as Asia–Europe lines did in 2024.
    assert!(
        detour.passages.iter().any(|x| x.contains("Good Hope"))
            && !detour.passages.iter().any(|x| x.contains("Panama")),
        "{:?}",
        detour.passages
    );
    // Two independent references for the Cape route: searoute 1.6 with restrictions
    // ["northwest", "suez", "panama"] gives 25508.7 km; Rodrigue, Port Economics,
    // Management and Policy ("Routing Options between Shanghai, Rotterdam and New York")
    // gives about 13,800 nmi = 25,557.6 km Shanghai–Rotterdam.
    for reference in [25508.7, 25557.6] {
        assert!(
            within(detour.distance.km(), reference, 3.0),
            "{} vs {reference}",
            detour.distance.km()
        );
    }
    // The what-if costs the order of 6,000 km (searoute: 25508.7 − 19360.3 = 6148.4).
    let extra = detour.distance.km() - suez.distance.km();
    assert!((5000.0..=7000.0).contains(&extra), "{extra}");
    // Closing the Cape as well leaves Panama.
    let panama_only = PassagePolicy {
        avoid: vec!["suez".into(), "cape-of-good-hope".into()],
        ..Default::default()
    };
    let panama = route(at("zhoushan-port"), rotterdam, &panama_only).unwrap();
    assert!(
        panama.passages.iter().any(|x| x.contains("Panama")),
        "{:?}",
        panama.passages
    );
    // searoute 1.6, restrictions ["northwest", "suez"]: 25118.9 km, through Panama.
    assert!(
        within(panama.distance.km(), 25118.9, 3.0),
        "{}",
        panama.distance.km()
    );
}

#[test]
fn the_hierarchy_finds_the_same_costs_as_a_star() {
    // Random node pairs (fixed seed) under several sets of avoided passages; A* over the
    // plain graph is the reference.
    let net = net();
    let (g, ch) = (net.graph(), net.hierarchy());
    let slugs: Vec<&str> = net.passages().iter().map(|p| p.0).collect();
    let tag = |slug: &str| slugs.iter().position(|s| *s == slug).unwrap() + 1;
    let sets: [&[&str]; 4] = [
        &[
            "northern-sea-route",
            "northwest-passage",
            "bering",
            "corinth",
        ],
        &["northern-sea-route", "northwest-passage", "suez", "panama"],
        &["malacca", "gibraltar", "korea-strait", "danish-straits"],
        &[],
    ];
    let mut s = 20261125u64;
    let mut next = |n: usize| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((s >> 33) % n as u64) as u32
    };
    let n = g.node_count();
    for set in sets {
        let mut blocked = vec![false; slugs.len() + 1];
        let mut mask = 0;
        for slug in set {
            blocked[tag(slug)] = true;
            mask |= tag_bit(tag(slug) as u8);
        }
        let c = Constraints {
            blocked,
            tag_cost: ch.factors(),
            ..Default::default()
        };
        for _ in 0..60 {
            let (a, b) = (next(n), next(n));
            let want = shortest_path(g, a, 0, b, &c, true, true).map(|p| p.cost);
            let got = ch.route(a, b, mask).map(|p| p.cost);
            match (want, got) {
                (Some(w), Some(x)) => {
                    assert!((w - x).abs() < 1e-6 * w.max(1.0), "{a}→{b}: {w} vs {x}")
                }
                (w, x) => assert_eq!(w, x, "{a}→{b} avoiding {set:?}"),
            }
        }
    }
}

#[test]
fn ports_where_peers_cut_across_land_get_short_land_free_connectors() {
    // searoute and scgraph join Shanghai across Pudong and Sevastopol across Crimea; here the
    // lanes reach both ports by water (the Huangpu channel, the curated Sevastopol approach).
    for id in [
        "shanghai-port",
        "sevastopol-port",
        "rajin-port",
        "zhoushan-port",
    ] {
        let snap = net().snap(at(id));
        assert!(snap.land_free, "{id}");
        assert!(snap.distance.km() < 5.0, "{id}: {}", snap.distance.km());
    }
}

#[test]
fn far_eastern_distances_match_searoute() {
    let cases = [
        ("port-krpus", "vladivostok-port", 931.8),
        ("zhoushan-port", "vostochny-port", 1968.2),
    ];
    for (a, b, reference) in cases {
        let p = between(a, b).unwrap();
        assert!(
            within(p.distance.km(), reference, 6.0),
            "{a}→{b}: {} vs {reference}",
            p.distance.km()
        );
    }
}

#[test]
fn st_petersburg_to_ust_luga_keeps_to_the_gulf() {
    // The port's point was WPI's, up the Neva 4.5 km from the water Natural Earth draws: no
    // way along the coast could start there, and the leg went out to the offshore lanes and
    // back, 179 km. searoute 1.6 (same coordinates): 129.4 km; the geodesic 111.2 km (pyproj).
    let p = between("port-of-saint-petersburg", "ust-luga-port").unwrap();
    assert!(within(p.distance.km(), 129.4, 6.0), "{}", p.distance.km());
}

#[test]
fn a_port_the_coastline_puts_inland_still_goes_along_the_coast() {
    // Turkmenbashi lies at the back of its bay, 4.5 km from the water Natural Earth draws: no
    // way along the coast could start there, and legs took the offshore lanes (Aktau 553.4 km,
    // Alat 366.6 km). Out of the bay by the lanes, then along the coast or across.
    let there = between("turkmenbashi-port", "aktau-port").unwrap();
    // searoute 1.6 (same coordinates): 484.4 km.
    assert!(
        within(there.distance.km(), 484.4, 6.0),
        "{}",
        there.distance.km()
    );
    let back = between("aktau-port", "turkmenbashi-port").unwrap();
    assert_eq!(there.distance, back.distance);
    // To Alat the geodesic (pyproj) is 303.6 km, across the spit that closes the bay: the
    // way out of the bay adds little more than a tenth.
    let alat = between("turkmenbashi-port", "baku-port").unwrap();
    let ratio = alat.distance.km() / 303.6;
    assert!((1.0..1.15).contains(&ratio), "{}", alat.distance.km());
}

#[test]
fn required_and_unknown_passages() {
    let require = PassagePolicy {
        require: vec!["cape-of-good-hope".into()],
        ..Default::default()
    };
    let p = route(at("zhoushan-port"), at("port-nlrtm"), &require).unwrap();
    assert!(p.passages.iter().any(|x| x.contains("Good Hope")));
    assert!(
        net()
            .check_passage("suez-canal")
            .unwrap_err()
            .to_string()
            .contains("suez")
    );
    // The Arctic is closed by default and open when allowed (the Bering Strait with it).
    let allow = PassagePolicy {
        allow: vec!["northern-sea-route".into(), "bering".into()],
        ..Default::default()
    };
    let nsr = route(
        at("vladivostok-port"),
        at("port-of-saint-petersburg"),
        &allow,
    )
    .unwrap();
    let default = between("vladivostok-port", "port-of-saint-petersburg").unwrap();
    assert!(
        nsr.passages
            .iter()
            .any(|x| x.contains("Northern Sea Route")),
        "{:?}",
        nsr.passages
    );
    assert!(nsr.distance.km() < default.distance.km());
}

#[test]
fn the_northern_sea_route_allowed_alone_reaches_the_pacific() {
    // Allowing the Northern Sea Route brings the Bering Strait with it: Murmansk → Shanghai
    // takes the NSR (about 12,000 km against about 21,000 km via Suez).
    let allow = PassagePolicy {
        allow: vec!["northern-sea-route".into()],
        ..Default::default()
    };
    let p = route(at("murmansk-port"), at("shanghai-port"), &allow).unwrap();
    assert!(
        p.passages.iter().any(|x| x.contains("Northern Sea Route"))
            && p.passages.iter().any(|x| x.contains("Bering")),
        "{:?}",
        p.passages
    );
    let default = between("murmansk-port", "shanghai-port").unwrap();
    assert!(p.distance.km() < 0.7 * default.distance.km());
    // Unless the leg avoids the Bering Strait by name: then the NSR leads nowhere here.
    let no_bering = PassagePolicy {
        allow: vec!["northern-sea-route".into()],
        avoid: vec!["bering".into()],
        ..Default::default()
    };
    let p = route(at("murmansk-port"), at("shanghai-port"), &no_bering).unwrap();
    assert!(!p.passages.iter().any(|x| x.contains("Bering")));
}

#[test]
fn a_required_passage_off_the_way_is_an_error_naming_it() {
    // Vladivostok → Nakhodka has nothing to do with the Korea Strait: a route "through" it
    // could only go there and turn back.
    let require = PassagePolicy {
        require: vec!["korea-strait".into()],
        ..Default::default()
    };
    let err = route(at("vladivostok-port"), at("nakhodka-port"), &require).unwrap_err();
    assert!(
        err.contains("korea-strait") && err.contains("turn back"),
        "{err}"
    );
}

#[test]
fn the_command_line_has_the_last_word_over_route_files() {
    // The route file avoids Suez; --allow suez lifts it, so Zhoushan → Rotterdam goes by Suez.
    let file = common::ok(&[
        "distances",
        "tests/data/sea/avoid_suez.toml",
        "--format",
        "json",
    ]);
    let cli = common::ok(&[
        "distances",
        "tests/data/sea/avoid_suez.toml",
        "--allow",
        "suez",
        "--format",
        "json",
    ]);
    let km = |o: &std::process::Output| -> f64 {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v[0]["distance_km"].as_f64().unwrap()
    };
    // Round the Cape about 25,500 km; by Suez about 19,400 km (searoute 1.6: 19,390 km).
    assert!(km(&file) > 24_000.0, "{}", km(&file));
    assert!(km(&cli) < 20_500.0, "{}", km(&cli));
}

#[test]
fn compare_says_when_an_allowed_passage_is_not_used_and_passages_lists_them_all() {
    let out = common::ok(&[
        "distances",
        "routes/angara-to-zhoushan-xinya-2024.toml",
        "--allow",
        "northern-sea-route",
        "--compare",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["extra_km"], "not used", "{rows}");
    let out = common::ok(&["passages", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nsr = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "northern-sea-route")
        .unwrap();
    assert_eq!(nsr["default"], "avoid");
    assert_eq!(nsr["goes_with"], "bering");
    let suez = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "suez")
        .unwrap();
    assert_eq!(suez["allowance_h"], 9.0);
}

/// Every curated seaport and a seeded sample of 300 imported ports: each is joined to the
/// network by a connector over water (its own shore, the first 3 km, excepted), or is listed
/// in networks/sea/unreachable_ports.tsv with the reason. `UPDATE_UNREACHABLE=1 cargo test`
/// rewrites that list after a reviewed change.
#[test]
fn port_connectors_never_cross_land() {
    use corridor::networks::water_grid::clear;
    let sea = net();
    let mut ports: Vec<(String, String, f64, f64)> = Vec::new();
    let curated = std::fs::read_to_string("gazetteer/places.tsv").unwrap();
    let row = |l: &str| -> Option<(String, String, f64, f64)> {
        let f: Vec<&str> = l.split('\t').collect();
        (f.get(2) == Some(&"seaport")).then(|| {
            (
                f[0].to_string(),
                f[1].to_string(),
                f[4].parse().unwrap(),
                f[5].parse().unwrap(),
            )
        })
    };
    ports.extend(curated.lines().skip(1).filter_map(row));
    let n_curated = ports.len();
    let imported = common::gunzipped("gazetteer/imported/ports.tsv.gz");
    let all: Vec<(String, String, f64, f64)> = imported.lines().skip(1).filter_map(row).collect();
    let mut x: u64 = 300;
    for _ in 0..300 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ports.push(all[((x >> 33) % all.len() as u64) as usize].clone());
    }
    let mut unreachable = String::from("id\tname\tlat\tlon\treason\n");
    let mut checked = 0;
    for (id, name, lat, lon) in &ports {
        let p = (*lon, *lat);
        let snap = sea.snap(p);
        let node = sea.graph().coord(snap.node);
        if !snap.land_free {
            unreachable.push_str(&format!(
                "{id}\t{name}\t{lat}\t{lon}\tno way over water to a lane within 60 km (the nearest lane node is {:.0} km away): a lake or river the lanes do not serve, a harbour Natural Earth's 1:10m coast draws as land, or lanes beyond reach\n",
                snap.distance.km()
            ));
            continue;
        }
        let mut line = vec![p];
        line.extend(&snap.line);
        line.push(node);
        for (k, w) in line.windows(2).enumerate() {
            let shore = if k == 0 { 3.0 } else { 0.0 };
            assert!(
                clear(sea.coast(), w[0], w[1], shore, 0.0),
                "{id} ({name}): connector piece {k} crosses land: {:?}",
                line
            );
        }
        checked += 1;
    }
    let listed = "networks/sea/unreachable_ports.tsv";
    if std::env::var_os("UPDATE_UNREACHABLE").is_some() {
        std::fs::write(listed, &unreachable).unwrap();
    }
    let before = std::fs::read_to_string(listed).unwrap_or_default();
    let (old, new): (Vec<&str>, Vec<&str>) =
        (before.lines().collect(), unreachable.lines().collect());
    let gone: Vec<&&str> = old.iter().filter(|l| !new.contains(l)).collect();
    let added: Vec<&&str> = new.iter().filter(|l| !old.contains(l)).collect();
    assert!(
        gone.is_empty() && added.is_empty(),
        "ports without a connector over water differ from {listed}: now unreachable {added:#?}, no longer {gone:#?}; review, then rerun with UPDATE_UNREACHABLE=1"
    );
    assert!(
        n_curated >= 40 && ports.len() >= n_curated + 300 && checked >= 200,
        "{n_curated} curated, {checked} checked"
    );
}

#[test]
fn sevastopol_to_novorossiysk_follows_the_coast() {
    use corridor::networks::water_grid::clear;
    let sea = net();
    let (a, b) = (at("sevastopol-port"), at("novorossiysk-port"));
    let p = sea.route(&[a, b], &PassagePolicy::default()).unwrap();
    // Geodesic 337.2 km (GeographicLib 2.1, Inverse 44.616667 N 33.533333 E → 44.716667 N
    // 37.783333 E); round Cape Sarych and the Kerch Strait's mouth about 386 km; the offshore
    // lanes gave 451.5 km.
    let km = p.distance.km();
    assert!((337.2..=400.0).contains(&km), "{km}");
    for (k, w) in p.points.windows(2).enumerate() {
        let skip = |end: bool| if end { 3.0 } else { 0.0 };
        assert!(
            clear(
                sea.coast(),
                w[0],
                w[1],
                skip(k == 0),
                skip(k + 2 == p.points.len())
            ),
            "piece {k} crosses land"
        );
    }
}

#[test]
fn caspian_voyages_stay_in_the_caspian() {
    // searoute 1.6 gives 747 km for Bandar Anzali → Makhachkala (its own Caspian lanes).
    let p = between("bandar-anzali-port", "makhachkala-port").unwrap();
    assert!(within(p.distance.km(), 747.0, 20.0), "{}", p.distance.km());
    for &(lon, lat) in &p.points {
        assert!(
            (46.0..=55.5).contains(&lon) && (36.0..=47.5).contains(&lat),
            "({lon}, {lat}) is outside the Caspian"
        );
    }
    assert!(p.snap_from.distance.km() < 10.0 && p.snap_to.distance.km() < 10.0);
}

#[test]
fn waters_the_network_does_not_join_are_an_error_naming_them() {
    let err = between("bandar-anzali-port", "novorossiysk-port").unwrap_err();
    assert!(err.contains("the Caspian Sea"), "{err}");
    assert!(err.contains("volga-don"), "{err}");
    // Allowed, the Volga–Don route joins them (Caspian → Volga → Don → Sea of Azov).
    let allow = PassagePolicy {
        allow: vec!["volga-don".into()],
        ..Default::default()
    };
    let p = route(at("bandar-anzali-port"), at("novorossiysk-port"), &allow).unwrap();
    assert!(
        p.passages.iter().any(|x| x.contains("Volga–Don")),
        "{:?}",
        p.passages
    );
}

#[test]
fn a_strategic_passage_the_route_does_not_name_is_refused_unless_it_cannot_be_avoided() {
    let file = "tests/data/sea/unnamed_passages.toml";
    // Leg 1 (Zhoushan → Rotterdam) goes by Suez unasked, with the Cape as the way round;
    // leg 2 (Novorossiysk → Piraeus) has no way out of the Black Sea but the Bosporus.
    let out = common::run(&["check", file]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with(&format!("{file}:8:1: leg 1: passes the ")),
        "{err}"
    );
    for needle in [
        "Suez Canal",
        "Bab-el-Mandeb",
        "Cape of Good Hope",
        "require = [",
        "avoid = [",
    ] {
        assert!(lines[0].contains(needle), "{needle}: {err}");
    }
    // Naming either half of the Suez route confirms it; so does leniency, with a warning.
    for extra in [
        &["--allow", "suez"][..],
        &["--allow", "babelmandeb"],
        &["--lenient"],
    ] {
        let mut args = vec!["distances", file, "--format", "json"];
        args.extend(extra);
        let out = common::ok(&args);
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // By Suez about 19,400 km (searoute 1.6: 19,390 km), not round the Cape.
        let km = rows[0]["distance_km"].as_f64().unwrap();
        assert!(km < 20_500.0, "{extra:?}: {km}");
        let warned = String::from_utf8_lossy(&out.stderr).contains("warning: leg 1: passes");
        assert_eq!(warned, extra == ["--lenient"], "{extra:?}");
    }
    // Avoiding it goes round the Cape.
    let out = common::ok(&["distances", file, "--avoid", "suez", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows[0]["distance_km"].as_f64().unwrap() > 24_000.0,
        "{rows}"
    );
    // The table marks the passages that need naming.
    let out = common::ok(&["passages", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let confirm = |slug: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == slug)
            .unwrap()["confirm"]
            .as_bool()
            .unwrap()
    };
    assert!(confirm("suez") && confirm("bosporus") && !confirm("gibraltar"));
}

/// Natural Earth 1:10m land (`networks/sea/coast.tsv.gz`) as `geo` polygons, one per ring, with
/// their boxes: a point is on land inside an odd number of them (the Caspian is a hole). An
/// answer independent of corridor's own coast index and ray count.
fn land_rings_10m() -> Vec<(geo::Rect, geo::Polygon)> {
    use geo::BoundingRect;
    common::gunzipped("networks/sea/coast.tsv.gz")
        .lines()
        .map(|line| {
            let ring: Vec<(f64, f64)> = line
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            let polygon = geo::Polygon::new(ring.into(), vec![]);
            (polygon.bounding_rect().unwrap(), polygon)
        })
        .collect()
}

fn on_land(rings: &[(geo::Rect, geo::Polygon)], p: (f64, f64)) -> bool {
    use geo::Contains;
    let point = geo::Point::new(p.0, p.1);
    let inside = rings
        .iter()
        .filter(|(rect, polygon)| rect.contains(&point) && polygon.contains(&point))
        .count();
    inside % 2 == 1
}

/// The lanes allowed over land (canals, dredged channels: networks/sea/exceptions.tsv), as the
/// bit patterns of their ends' coordinates, either way round.
fn exception_lanes() -> HashSet<[u64; 4]> {
    let g = net();
    let g = g.graph();
    let mut out = HashSet::new();
    for (u, v) in exceptions() {
        let (a, b) = (g.coord(u), g.coord(v));
        out.insert([a.0, a.1, b.0, b.1].map(f64::to_bits));
        out.insert([b.0, b.1, a.0, a.1].map(f64::to_bits));
    }
    out
}

/// The longest stretch of `line` over land (km, sampled every 0.5 km), its first and last
/// 3.5 km and the `allowed` lanes excepted (a port's point may lie ashore, on the quay).
fn longest_over_land(
    rings: &[(geo::Rect, geo::Polygon)],
    allowed: &HashSet<[u64; 4]>,
    line: &[(f64, f64)],
) -> f64 {
    let mut samples = Vec::new();
    let mut along = 0.0;
    for w in line.windows(2) {
        let km = corridor::geometry::geodesic::distance(w[0], w[1]).km();
        let n = (km / 0.5).ceil().max(1.0) as usize;
        let lane = [w[0].0, w[0].1, w[1].0, w[1].1].map(f64::to_bits);
        for i in 0..n {
            let t = i as f64 / n as f64;
            let p = (
                w[0].0 + t * (w[1].0 - w[0].0),
                w[0].1 + t * (w[1].1 - w[0].1),
            );
            samples.push((along + t * km, p, allowed.contains(&lane)));
        }
        along += km;
    }
    // Only the rings whose box meets the line's (padded by a degree).
    let (xs, ys) = (line.iter().map(|p| p.0), line.iter().map(|p| p.1));
    let [x0, x1, y0, y1] = [
        xs.clone().fold(f64::INFINITY, f64::min) - 1.0,
        xs.fold(f64::NEG_INFINITY, f64::max) + 1.0,
        ys.clone().fold(f64::INFINITY, f64::min) - 1.0,
        ys.fold(f64::NEG_INFINITY, f64::max) + 1.0,
    ];
    let near: Vec<(geo::Rect, geo::Polygon)> = rings
        .iter()
        .filter(|(r, _)| r.min().x <= x1 && r.max().x >= x0 && r.min().y <= y1 && r.max().y >= y0)
        .cloned()
        .collect();
    let (mut run, mut longest) = (0.0, 0.0f64);
    for (at, p, allowed) in samples {
        if at > 3.5 && at < along - 3.5 && !allowed && on_land(&near, p) {
            run += 0.5;
            longest = longest.max(run);
        } else {
            run = 0.0;
        }
    }
    longest
}

#[test]
fn legs_between_nearby_ports_stay_on_water() {
    let (rings, allowed) = (land_rings_10m(), exception_lanes());
    let sea = net();
    // Chongjin → Hungnam: the geodesic, 283.8 km (pyproj 3.7.2 / PROJ 9.5.1
    // `Geod(ellps='WGS84').inv(129.816667, 41.766667, 127.616667, 39.833333)`: 283814.0 m),
    // runs over North Korea; the way by water rounds the capes at Kimchaek and Tanchon.
    // Before a water-path search was kept off land, the leg was drawn along the geodesic:
    // 284.8 km, 277 km of it ashore. searoute 1.6.0 gives 428.3 km along its offshore lanes.
    let p = sea
        .route(
            &[at("chongjin-port"), at("hungnam-port")],
            &PassagePolicy::default(),
        )
        .unwrap();
    let km = p.distance.km();
    assert!((290.0..428.3).contains(&km), "{km}");
    assert!(longest_over_land(&rings, &allowed, &p.points) < 1.0);
    // Every pair of curated seaports less than 500 km apart (coastal legs are tried up to
    // there): no stretch ashore beyond a port's own shore (3.5 km), on the lanes allowed over
    // land (networks/sea/exceptions.tsv) or for more than 3.5 km anywhere else. The longest
    // such stretch is Rostov-on-Don's connector, 6.4 km up the Don (land in NE 10m) from the
    // last node of the Azov–Don channel: 3 km of it beyond the port's shore.
    let ports: Vec<(String, (f64, f64))> = std::fs::read_to_string("gazetteer/places.tsv")
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[2] == "seaport").then(|| (f[0].to_string(), at(f[0])))
        })
        .collect();
    let mut checked = 0;
    for (i, (a, pa)) in ports.iter().enumerate() {
        for (b, pb) in &ports[i + 1..] {
            if corridor::geometry::geodesic::distance(*pa, *pb).km() >= 500.0 {
                continue;
            }
            // A connector that crosses land is refused when planning (Nampo's, say).
            let Ok(p) = sea.route(&[*pa, *pb], &PassagePolicy::default()) else {
                continue;
            };
            if !(p.snap_from.land_free && p.snap_to.land_free) {
                continue;
            }
            let longest = longest_over_land(&rings, &allowed, &p.points);
            assert!(longest <= 3.5, "{a} → {b}: {longest} km over land");
            // The same way back: Rajin → Vladivostok took the 225 km lanes while the way back
            // took the coast, 177.5 km, when a port ashore could only be started from.
            let back = sea.route(&[*pb, *pa], &PassagePolicy::default()).unwrap();
            let (there, back) = (p.distance.km(), back.distance.km());
            assert!(
                (there - back).abs() <= 0.03 * there.max(back),
                "{a} → {b}: {there} km, back {back} km"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn avoiding_a_strait_far_away_leaves_a_coastal_leg_alone() {
    // Rajin → Dunay (Fokino) follows the coast, 194.4 km; the offshore lanes run 228.4 km.
    // Avoiding the Korea Strait, 700 km to the south, must not send it to the lanes: a
    // what-if would report 34 km of detour for a strait the leg never nears.
    let (rajin, dunay) = (at("rajin-port"), at("dunay-naval-port"));
    let plain = route(rajin, dunay, &PassagePolicy::default()).unwrap();
    let avoiding = PassagePolicy {
        avoid: vec!["korea-strait".into()],
        ..Default::default()
    };
    let what_if = route(rajin, dunay, &avoiding).unwrap();
    assert!(plain.distance.km() < 200.0, "{}", plain.distance.km());
    assert_eq!(what_if.distance, plain.distance);
    assert_eq!(what_if.points, plain.points);
}

/// The bundled connectors of the gazetteer's seaports (`networks/sea/port_connectors.tsv.gz`)
/// are there, one per seaport position, and each is the one a fresh search finds: made from
/// these lanes, this coastline and these rules. After a change to any of them, remake the file
/// with `cargo run --release --example port_connectors`.
#[test]
fn every_seaports_bundled_connector_is_the_one_a_search_finds() {
    let sea = net();
    let mut ports: Vec<(f64, f64)> = corridor::Gazetteer::bundled()
        .bundled_of_kind(corridor::PlaceKind::Seaport)
        .iter()
        .map(|p| (p.lon, p.lat))
        .collect();
    ports.sort_by_key(|p| (p.0.to_bits(), p.1.to_bits()));
    ports.dedup();
    assert_eq!(
        sea.bundled_port_count(),
        ports.len(),
        "the bundled connectors are stale or missing: run `cargo run --release --example port_connectors`"
    );
    let differ: Vec<_> = ports
        .iter()
        .filter(|&&p| sea.snap(p) != sea.searched_snap(p))
        .take(5)
        .collect();
    assert!(
        differ.is_empty(),
        "connectors differ from a fresh search at {differ:?}: run `cargo run --release --example port_connectors`"
    );
    // A point the table does not hold is searched: a metre off the Port of Vladivostok.
    let (lon, lat) = at("vladivostok-port");
    let off = (lon, lat + 1e-5);
    assert_eq!(sea.snap(off), sea.searched_snap(off));
}
