//! Looking places up in the bundled gazetteer and in user files.

use std::path::Path;

use corridor::places::load::load_file;
use corridor::places::{Gazetteer, PlaceKind, ResolveError};

fn id(gaz: &Gazetteer, q: &str, prefer: &[PlaceKind]) -> String {
    gaz.resolve(q, prefer)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .id
}

#[test]
fn names_codes_and_scripts_resolve_to_the_curated_rows() {
    let gaz = Gazetteer::bundled();
    for q in ["Minsk", "Минск", "Мінск", "MINSK", "minsk"] {
        assert_eq!(id(&gaz, q, &[]), "minsk", "{q}");
    }
    for q in [
        "MSQ",
        "UMMS",
        "msq",
        "Minsk-2",
        "Национальный аэропорт Минск",
    ] {
        assert_eq!(id(&gaz, q, &[]), "minsk-national-airport", "{q}");
    }
    assert_eq!(id(&gaz, "Mikaševičy", &[]), "mikashevichy");
    assert_eq!(id(&gaz, "Мікашэвічы", &[]), "mikashevichy");
    assert_eq!(id(&gaz, "乌鲁木齐", &[]), "urumqi");
    assert_eq!(id(&gaz, "Urumqi", &[]), "urumqi");
    assert_eq!(id(&gaz, "URC", &[]), "urumqi-diwopu-international-airport");
    assert_eq!(id(&gaz, "RUVYP", &[]), "vostochny-port");
    assert_eq!(id(&gaz, "Najin", &[]), "rajin");
}

#[test]
fn an_id_always_wins() {
    let gaz = Gazetteer::bundled();
    assert_eq!(
        id(&gaz, "minsk-national-airport", &[PlaceKind::Seaport]),
        "minsk-national-airport"
    );
    assert_eq!(gaz.get("gn-625772").unwrap().name, "Lyakhovichi");
    // An imported row that a curated row cites (GeoNames 625144 for Minsk) is dropped.
    assert!(gaz.get("gn-625144").is_none());
}

#[test]
fn imported_rows_cover_the_world() {
    let gaz = Gazetteer::bundled();
    // A GeoNames city of 1,000+ people, an airport by ICAO, a port by UN/LOCODE.
    assert_eq!(gaz.resolve("Lyakhavichy", &[]).unwrap().country, "BY");
    assert_eq!(id(&gaz, "EGLL", &[]), "ap-egll");
    assert_eq!(gaz.resolve("NLRTM", &[]).unwrap().kind, PlaceKind::Seaport);
}

#[test]
fn the_legs_mode_settles_ambiguous_names() {
    let gaz = Gazetteer::bundled();
    // "Rotterdam" is a city and a port; a sea leg means the port.
    assert_eq!(
        gaz.resolve("Rotterdam", &[PlaceKind::Seaport])
            .unwrap()
            .kind,
        PlaceKind::Seaport
    );
    assert_eq!(gaz.resolve("Rotterdam", &[]).unwrap().kind, PlaceKind::City);
    // Moscow, Russia is far bigger than the Moscows of the USA.
    assert_eq!(id(&gaz, "Moscow", &[]), "moscow");
}

#[test]
fn a_country_suffix_narrows_a_name() {
    let gaz = Gazetteer::bundled();
    assert_eq!(gaz.resolve("Brest, FR", &[]).unwrap().country, "FR");
    assert_eq!(id(&gaz, "Brest, BY", &[]), "brest");
}

#[test]
fn typos_get_up_to_three_suggestions() {
    let gaz = Gazetteer::bundled();
    match gaz.resolve("Vladivostk", &[]) {
        Err(ResolveError::NotFound { suggestions, .. }) => {
            assert!(suggestions.len() <= 3 && !suggestions.is_empty());
            assert_eq!(suggestions[0].id, "vladivostok");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn truly_ambiguous_names_fail_listing_ids() {
    let gaz = Gazetteer::bundled();
    match gaz.resolve("Springfield", &[]) {
        Err(ResolveError::Ambiguous { candidates, .. }) => assert!(candidates.len() > 5),
        other => panic!("{other:?}"),
    }
}

#[test]
fn search_ranks_exact_curated_matches_first() {
    let gaz = Gazetteer::bundled();
    let hits = gaz.search("Minsk", 10);
    assert_eq!(hits[0].0.id, "minsk");
    assert!(hits.iter().any(|(p, _)| p.id == "minsk-national-airport"));
    assert_eq!(gaz.search("UMMS", 3)[0].0.id, "minsk-national-airport");
    assert!(gaz.search("qqqqqqqqqq", 5).is_empty());
}

#[test]
fn geonames_dumps_and_ourairports_files_are_imported() {
    let mut gaz = Gazetteer::bundled();
    let cities = load_file(Path::new("tests/data/gazetteer/cities_sample.txt")).unwrap();
    let airports = load_file(Path::new("tests/data/gazetteer/airports_sample.csv")).unwrap();
    assert_eq!(cities.len(), 2);
    assert_eq!(airports[0].iata, "TFQ");
    gaz.add(cities);
    gaz.add(airports);
    assert_eq!(id(&gaz, "Тестово", &[]), "gn-9999001");
    assert_eq!(id(&gaz, "TFQ", &[]), "ap-zzzz");
    assert_eq!(id(&gaz, "Тестовое поле", &[]), "ap-zzzz");
}

#[test]
fn a_later_file_overrides_by_id() {
    let mut gaz = Gazetteer::bundled();
    gaz.add(load_file(Path::new("tests/data/gazetteer/override.csv")).unwrap());
    let p = gaz.resolve("Minsk", &[]).unwrap();
    assert_eq!((p.id.as_str(), p.lat, p.lon), ("minsk", 10.0, 20.0));
    assert_eq!(id(&gaz, "Test alias, with comma", &[]), "minsk");
}

#[test]
fn swapped_letters_suggest_the_place_first_and_long_names_do_not_panic() {
    // "Minks": two neighbouring letters swapped, the commonest typo, is one edit.
    let gaz = corridor::places::Gazetteer::bundled();
    let s = gaz.suggest("Minks", 3);
    assert_eq!(s.first().map(|p| p.id.as_str()), Some("minsk"), "{s:?}");
    // A name of 40,000 letters once overflowed the letter counts.
    let long = "a".repeat(40_000);
    assert!(gaz.suggest(&long, 3).is_empty());
}
