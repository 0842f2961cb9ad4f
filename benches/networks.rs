//! Routing throughput on the bundled networks, for `scripts/bench_networks.py`, which runs
//! this and the Python peers on the same pairs in the same run.
//!
//! `cargo bench --bench networks -- rail|sea PAIRS.tsv [PASSES]` where each line of PAIRS.tsv
//! is `lon1 lat1 lon2 lat2`; prints one JSON object: time to load the network and answer
//! one warm-up query, queries, routes found, the time of the fastest of PASSES (default 1)
//! passes over all pairs, each on freshly opened networks (no answer remembered from an
//! earlier pass), and the distance of every pair (km, or null when there is no path).

use std::time::Instant;

use corridor::networks::rail::RailNetwork;
use corridor::networks::sea::SeaNetwork;
use corridor::routes::{PassagePolicy, RailPolicy};

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| a != "--bench").collect();
    let (which, file) = match args.as_slice() {
        [_, w, f, ..] => (w.clone(), f.clone()),
        _ => {
            eprintln!("usage: cargo bench --bench networks -- rail|sea PAIRS.tsv [PASSES]");
            std::process::exit(2);
        }
    };
    let passes: usize = args.get(3).and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let pairs: Vec<[f64; 4]> = std::fs::read_to_string(&file)
        .expect("pairs file")
        .lines()
        .filter_map(|l| {
            let v: Vec<f64> = l
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
        })
        .collect();
    // Each pass on freshly opened networks: nothing found in an earlier pass (a port's
    // connector searched, a way along the coast, a detour bound) is remembered. (The
    // gazetteer's seaports' connectors are bundled with the binary: every pass reads them.)
    let open = || match which.as_str() {
        "rail" => (RailNetwork::bundled(), None),
        _ => (None, SeaNetwork::bundled()),
    };
    let t0 = Instant::now();
    let (rail, sea) = open();
    let query = |(rail, sea): &(Option<RailNetwork>, Option<SeaNetwork>), p: &[f64; 4]| {
        let w = [(p[0], p[1]), (p[2], p[3])];
        match (rail, sea) {
            (Some(r), _) => r
                .route(&w, &RailPolicy::default())
                .ok()
                .map(|x| x.distance.km()),
            (_, Some(s)) => s
                .route(&w, &PassagePolicy::default())
                .ok()
                .map(|x| x.distance.km()),
            _ => None,
        }
    };
    let first = (rail, sea);
    if let Some(p) = pairs.first() {
        query(&first, p);
    }
    let load = t0.elapsed().as_secs_f64();
    let mut total = f64::INFINITY;
    let mut km: Vec<Option<f64>> = Vec::new();
    for _ in 0..passes {
        let fresh = open();
        let t1 = Instant::now();
        km = pairs.iter().map(|p| query(&fresh, p)).collect();
        total = total.min(t1.elapsed().as_secs_f64());
    }
    let found = km.iter().filter(|k| k.is_some()).count();
    println!(
        "{}",
        serde_json::json!({"network": which, "load_s": load, "queries": pairs.len(), "found": found, "total_s": total, "km": km})
    );
}
