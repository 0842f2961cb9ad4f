//! Place lookup with any query: resolve (with and without preferred kinds), the ranked
//! search and "did you mean", against two small gazetteers: one compiled into an index as
//! the bundled one is (its fst key map and Levenshtein automaton), one of the caller's own
//! places (`Gazetteer::from_places`). The bundled gazetteer itself takes ~0.5 s a query under
//! the sanitizer: too slow to fuzz.
#![no_main]

use std::sync::OnceLock;

use corridor::Gazetteer;
use corridor::places::index::{Index, write_index};
use corridor::places::table::parse_tsv;
use corridor::places::{Place, PlaceKind};
use libfuzzer_sys::fuzz_target;

/// The first rows of the bundled table (cities with aliases in many scripts).
fn bundled_head() -> Vec<Place> {
    let text = include_str!("../seeds/places_tsv/bundled_head.tsv");
    let rows = parse_tsv(text).expect("the seed table parses");
    rows.into_iter().map(|(_, p)| p).collect()
}

fn indexed() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let places: Vec<(Place, u8)> = bundled_head().into_iter().map(|p| (p, 0)).collect();
        let bytes: &'static [u8] = Box::leak(write_index(&places).into_boxed_slice());
        Gazetteer::with_index(Index::open(bytes).expect("the index opens"))
    })
}

/// A few places with aliases in several scripts, codes and a shared name.
fn own() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let mut depot = Place::new(
            "depot-7",
            "Depot 7",
            PlaceKind::Facility,
            (53.9, 27.6),
            "own",
        );
        depot.aliases = vec!["Склад 7".into(), "倉庫7".into()];
        let mut airport = Place::new(
            "mhp",
            "Minsk Airport",
            PlaceKind::Airport,
            (53.88, 28.03),
            "own",
        );
        airport.iata = "MSQ".into();
        airport.icao = "UMMS".into();
        airport.country = "BY".into();
        let mut port = Place::new(
            "port-x",
            "Depot 7",
            PlaceKind::Seaport,
            (43.1, 131.9),
            "own",
        );
        port.unlocode = "RUVVO".into();
        port.country = "RU".into();
        Gazetteer::from_places(bundled_head().into_iter().chain([depot, airport, port]))
    })
}

fuzz_target!(|query: &str| {
    for g in [indexed(), own()] {
        let _ = g.resolve(query, &[]);
        let _ = g.resolve(query, &[PlaceKind::Airport, PlaceKind::City]);
        let _ = g.search(query, 5);
        let _ = g.suggest(query, 3);
    }
});
