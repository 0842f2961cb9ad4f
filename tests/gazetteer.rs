//! Looking places up in the bundled gazetteer and in user files.

mod common;

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

#[test]
fn a_city_in_a_leg_stands_for_the_airport_port_or_station_serving_it() {
    let out = common::ok(&[
        "check",
        "--explain",
        "--format",
        "json",
        "tests/data/places/served_cities.toml",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap(),
                r["id"].as_str().unwrap(),
                r["city"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("URC", "urumqi-diwopu-international-airport", "-"),
            // The nearest large airport with scheduled service within 50 km (MSQ, 31 km).
            ("Minsk", "minsk-national-airport", "minsk"),
            ("Anchorage", "ap-panc", "gn-5879400"),
            // The city's id forces the city.
            ("minsk", "minsk", "-"),
            ("Murmansk", "murmansk-port", "murmansk"),
            ("Ningbo", "ningbo-port", "ningbo"),
            ("Vladivostok", "vladivostok-station", "vladivostok"),
            ("Khabarovsk", "khabarovsk-1-station", "gn-2022890"),
            // Road legs keep the city.
            ("Minsk", "minsk", "-"),
            ("Mikashevichy", "mikashevichy", "-"),
        ]
        .iter()
        .map(|&(a, b, c)| (a, b, c))
        .collect::<Vec<_>>()
    );
    let minsk = &rows[1];
    assert_eq!(minsk["kind"], "airport");
    assert_eq!(minsk["country"], "BY");
    assert!(
        (minsk["from_city_km"].as_f64().unwrap() - 31.2).abs() < 0.5,
        "{minsk}"
    );

    // URC → "Minsk": GeographicLib (Python geographiclib 2.0, WGS84 Inverse) between the
    // OurAirports points of ZWWW (43.907101, 87.474197) and UMMS (53.888071, 28.039964)
    // gives 4,358.672 km; the city centre gave 4,389 km.
    let out = common::ok(&[
        "distances",
        "tests/data/places/served_cities.toml",
        "--format",
        "json",
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let km = rows[0]["distance_km"].as_f64().unwrap();
    assert!((km - 4358.672).abs() < 0.01, "{km}");
}

/// The cities of 500,000+ people (GeoNames) on the 1520/1524 mm network whose main station
/// is curated: the name an analyst writes, the station it stands for in a rail leg, the
/// GeoNames city it was read as.
const SERVED_BY_THEIR_MAIN_STATION: [(&str, &str, &str); 18] = [
    ("Ashgabat", "ashgabat-station", "gn-162183"),
    ("Samarkand", "samarkand-station", "gn-1216265"),
    ("Namangan", "namangan-station", "gn-1513157"),
    ("Andijon", "andijan-1-station", "gn-1514588"),
    ("Dushanbe", "dushanbe-1-station", "gn-1221874"),
    ("Riga", "riga-central-station", "gn-456172"),
    ("Vilnius", "vilnius-station", "gn-593116"),
    ("Yerevan", "yerevan-station", "gn-616052"),
    ("Chisinau", "chisinau-station", "gn-618426"),
    ("Helsinki", "helsinki-central-station", "gn-658225"),
    ("Kyiv", "kyiv-pasazhyrskyi-station", "gn-703448"),
    ("Kharkiv", "kharkiv-pasazhyrskyi-station", "gn-706483"),
    ("Odesa", "odesa-holovna-station", "gn-698740"),
    ("Dnipro", "dnipro-holovnyi-station", "gn-709930"),
    ("Donetsk", "donetsk-station", "gn-709717"),
    ("Zaporizhzhia", "zaporizhzhia-1-station", "gn-687700"),
    ("Lviv", "lviv-station", "gn-702550"),
    ("Kryvyi Rih", "kryvyi-rih-holovnyi-station", "gn-703845"),
];

#[test]
fn a_large_city_in_a_rail_leg_stands_for_its_main_station() {
    // One rail leg from each city to the next: every end is a city's name.
    let cities = SERVED_BY_THEIR_MAIN_STATION;
    let mut toml =
        String::from("id = \"main-stations\"\ntitle = \"Main stations\"\nlegs_connect = false\n");
    for (i, (from, _, _)) in cities.iter().enumerate() {
        let to = cities[(i + 1) % cities.len()].0;
        toml += &format!("\n[[legs]]\nmode = \"rail\"\nfrom = \"{from}\"\nto = \"{to}\"\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("main_stations.toml");
    std::fs::write(&file, toml).unwrap();
    let out = common::ok(&[
        "check",
        "--explain",
        "--format",
        "json",
        file.to_str().unwrap(),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(&str, &str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["kind"], "rail_station", "{r}");
            (
                r["name"].as_str().unwrap(),
                r["id"].as_str().unwrap(),
                r["city"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    let want: Vec<(&str, &str, &str)> = (0..cities.len())
        .flat_map(|i| [cities[i], cities[(i + 1) % cities.len()]])
        .collect();
    assert_eq!(got, want);

    // The stations by name, in Latin and the local scripts (Ukrainian and Russian for Ukraine).
    let gaz = Gazetteer::bundled();
    for (q, station) in [
        ("Київ-Пасажирський", "kyiv-pasazhyrskyi-station"),
        ("Киев-Пассажирский", "kyiv-pasazhyrskyi-station"),
        ("Kharkiv-Pasazhyrskyi", "kharkiv-pasazhyrskyi-station"),
        ("Одеса-Головна", "odesa-holovna-station"),
        ("Одесса-Главная", "odesa-holovna-station"),
        ("Rīgas Centrālā stacija", "riga-central-station"),
        ("Helsingin päärautatieasema", "helsinki-central-station"),
        ("Երևանի երկաթուղային կայարան", "yerevan-station"),
        ("Gara Chișinău", "chisinau-station"),
        ("Самарканд (станция)", "samarkand-station"),
    ] {
        assert_eq!(id(&gaz, q, &[]), station, "{q}");
    }
}

#[test]
fn an_air_leg_to_a_town_without_an_airport_is_refused_unless_lenient() {
    let file = "tests/data/places/air_city_without_airport.toml";
    let out = common::run(&["check", file]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{file}:8:6: \"Mikashevichy\" is the city Mikashevichy"
        )) && err.contains("no airport with scheduled service within 50 km"),
        "{err}"
    );
    common::ok(&["check", file, "--lenient"]);
}

#[test]
fn legs_that_meet_in_a_city_connect_at_its_airport_and_station() {
    // Minsk → Moscow by air lands at Sheremetyevo; the train leaves from the Yaroslavsky
    // station: 30 km apart, but both are "Moscow" as the file says.
    let out = common::ok(&[
        "check",
        "--explain",
        "--format",
        "csv",
        "tests/data/places/meet_in_a_city.toml",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(",Moscow,sheremetyevo,airport,"), "{text}");
    // The nearest curated station to the city centre (Moscow has nine terminals).
    assert!(
        text.lines()
            .any(|l| l.contains(",rail,Moscow,moscow-") && l.contains("-station,rail_station,RU,")),
        "{text}"
    );
}

#[test]
fn inline_places_are_identified_by_position_not_name() {
    let file = "tests/data/places/two_depots.toml";
    let out = common::run(&["check", file]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("leg 2 starts at Depot (inline:depot@10.00000,10.00000) but leg 1 ends at Depot (inline:depot@55.00000,37.00000)"),
        "{err}"
    );
    // Separate shipments: both depots are kept as places of their own.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    let separate = dir.path().join("two_depots.toml");
    std::fs::write(
        &separate,
        text.replace("title = ", "legs_connect = false\ntitle = "),
    )
    .unwrap();
    let places = dir.path().join("places.geojson");
    common::ok(&[
        "build",
        separate.to_str().unwrap(),
        "-o",
        dir.path().join("legs.geojson").to_str().unwrap(),
        "--places",
        places.to_str().unwrap(),
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&places).unwrap()).unwrap();
    let depots = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["name"] == "Depot")
        .count();
    assert_eq!(depots, 2, "{v}");
    // Inline places take their country from the bundled borders: no "(unknown)" group.
    let out = common::ok(&[
        "aggregate",
        separate.to_str().unwrap(),
        "--by",
        "country-pair",
        "--format",
        "csv",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("unknown"), "{text}");
    assert!(
        text.contains("BY") && text.contains("RU") && text.contains("NG"),
        "{text}"
    );
}

#[test]
fn a_places_file_and_corridor_toml_beside_the_routes_are_read_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sources")).unwrap();
    std::fs::write(
        d.join("places.tsv"),
        "id\tname\tkind\tcountry\tlat\tlon\ndepot-a\tDepot A\tfacility\tRU\t55.0\t37.0\n",
    )
    .unwrap();
    std::fs::write(
        d.join("sources/more.tsv"),
        "id\tname\tkind\tcountry\tlat\tlon\ndepot-b\tDepot B\tfacility\tRU\t56.0\t38.0\n",
    )
    .unwrap();
    std::fs::write(
        d.join("corridor.toml"),
        "gazetteers = [\"sources/more.tsv\"]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("r.toml"),
        "id = \"depots\"\ntitle = \"Depots\"\n[[legs]]\nmode = \"road\"\nfrom = \"depot-a\"\nto = \"depot-b\"\n",
    )
    .unwrap();
    // The folder, or a file in it: corridor.toml is not taken for a route.
    for arg in [d.to_path_buf(), d.join("r.toml")] {
        let out = common::ok(&["check", arg.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "ok: 1 routes, 1 legs\n"
        );
        common::ok(&["distances", arg.to_str().unwrap()]);
    }
    // The command line has the last word: its Depot B replaces the project's.
    let cli = d.join("cli.tsv");
    std::fs::write(
        &cli,
        "id\tname\tkind\tcountry\tlat\tlon\ndepot-b\tDepot B\tfacility\tRU\t57.0\t39.0\n",
    )
    .unwrap();
    let km = |extra: &[&str]| {
        let mut args = vec!["distances", d.to_str().unwrap(), "--format", "json"];
        args.extend(extra);
        let v: serde_json::Value = serde_json::from_slice(&common::ok(&args).stdout).unwrap();
        v[0]["distance_km"].as_f64().unwrap()
    };
    assert!(km(&["--gazetteer", cli.to_str().unwrap()]) > km(&[]) + 100.0);
    // A bad project file is one line naming it and the remedy.
    std::fs::write(d.join("corridor.toml"), "gazetteers = [\"missing.tsv\"]\n").unwrap();
    let out = common::run(&["check", d.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("corridor.toml: gazetteer \"missing.tsv\" not found")
            && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn places_from_files_without_a_country_get_it_from_the_borders() {
    // Sevastopol is RU in the de facto view the networks and basemap share.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.tsv");
    std::fs::write(
        &path,
        "id\tname\tkind\tlat\tlon\nquay\tQuay\tseaport\t44.6167\t33.5254\nbuoy\tBuoy\tfacility\t0.0\t-30.0\n",
    )
    .unwrap();
    let places = load_file(&path).unwrap();
    let cc: Vec<&str> = places.iter().map(|p| p.country.as_str()).collect();
    assert_eq!(cc, ["RU", ""]);
}

#[test]
fn chinese_japanese_and_korean_names_never_resolve_to_another_country() {
    // The CJK names of the 50 largest cities of CN, JP, KR and KP (GeoNames, derived by
    // tests/data/places/cjk_cities.py). A name may be unknown, or ambiguous (homographs
    // such as 板橋, Itabashi and Banqiao, are an error listing both), but never resolves to
    // a place elsewhere (宁波 Ningbo used to match 筑波 Tsukuba).
    let gaz = Gazetteer::bundled();
    let text = std::fs::read_to_string("tests/data/places/cjk_cities.tsv").unwrap();
    let (mut names, mut found, mut wrong) = (0, 0, Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (cc, city) = (f[0], f[2]);
        for name in f[3].split('|') {
            names += 1;
            match gaz.resolve(name, &[]) {
                Ok(p) if p.country != cc => wrong.push(format!(
                    "{name} ({city}, {cc}) → {} ({}, {})",
                    p.name, p.id, p.country
                )),
                // An error listing the place among others: the analyst adds ", CC".
                Ok(_) | Err(ResolveError::Ambiguous { .. }) => found += 1,
                Err(ResolveError::NotFound { .. }) => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {names}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // Most of them are in the gazetteer at all (GeoNames aliases in Han and Hangul).
    assert!(found * 10 >= names * 8, "{found} of {names} found");
}

#[test]
fn ambiguity_hints_only_suggest_a_country_that_settles_the_name() {
    let gaz = Gazetteer::bundled();
    // Eleven towns of one name, all in Russia: ", RU" would not help, so it is not offered.
    let e = gaz.resolve("Oktyabrskiy, RU", &[]).unwrap_err().to_string();
    assert!(
        e.contains("is ambiguous") && !e.contains("country code"),
        "{e}"
    );
    // Springfields in many countries: the hint names one that is alone in its country.
    let e = gaz.resolve("Springfield", &[]).unwrap_err().to_string();
    let (_, hint) = e.split_once("such as \"Springfield, ").expect(&e);
    let cc = &hint[..2];
    let settled = gaz.resolve(&format!("Springfield, {cc}"), &[]).unwrap();
    assert_eq!(settled.country, cc);
    // The port is what a sea leg means by Восточный.
    assert_eq!(
        id(&gaz, "Восточный", &[PlaceKind::Seaport]),
        "vostochny-port"
    );
}

#[test]
fn an_ambiguous_name_is_read_in_the_country_of_the_legs_other_end() {
    // Springfield alone is ambiguous (31 places); on a leg with Sydney it is the one in
    // Australia, whichever end it is.
    let out = common::ok(&[
        "check",
        "--explain",
        "--format",
        "csv",
        "tests/data/places/other_end_country.toml",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let springfields: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(",Springfield,"))
        .collect();
    assert_eq!(springfields.len(), 2, "{text}");
    assert!(
        springfields.iter().all(|l| l.contains(",city,AU,")),
        "{text}"
    );
    assert!(
        text.lines().nth(1).unwrap().contains(":8:8,"),
        "file order: {text}"
    );
}

#[test]
fn an_analyst_can_force_the_city_by_kind() {
    let out = common::ok(&[
        "check",
        "--explain",
        "--format",
        "csv",
        "tests/data/places/forced_city.toml",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(",air,Minsk,minsk,city,BY,Minsk,,"), "{text}");
    // A kind that is no kind is an error at the place.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string("tests/data/places/forced_city.toml").unwrap();
    std::fs::write(&bad, text.replace("kind = \"city\"", "kind = \"town\"")).unwrap();
    let out = common::run(&["check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":8:6: place \"Minsk\": ") && err.contains("town"),
        "{err}"
    );
}
