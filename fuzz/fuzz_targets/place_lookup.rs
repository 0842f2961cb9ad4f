//! Place lookup with any query: resolve (with and without preferred kinds), the ranked
//! search and "did you mean", against the bundled gazetteer and a small one of the caller's.
#![no_main]

use std::sync::OnceLock;

use corridor::Gazetteer;
use corridor::places::{Place, PlaceKind};
use libfuzzer_sys::fuzz_target;

fn bundled() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::bundled)
}

/// A few places with aliases in several scripts, codes and a shared name.
fn small() -> &'static Gazetteer {
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
        Gazetteer::from_places([depot, airport, port])
    })
}

fuzz_target!(|query: &str| {
    for g in [bundled(), small()] {
        let _ = g.resolve(query, &[]);
        let _ = g.resolve(query, &[PlaceKind::Airport, PlaceKind::City]);
        let _ = g.search(query, 5);
        let _ = g.suggest(query, 3);
    }
});
