//! The library as a Rust program uses it: its own gazetteer, networks passed in or left out,
//! typed errors to react to.

use corridor::error::Kind;
use corridor::networks::RouteError;
use corridor::networks::rail::RailNetwork;
use corridor::places::{Place, PlaceKind};
use corridor::routes::{RailPolicy, toml_file};
use corridor::{Gazetteer, PlanOptions, Planner, Route};

fn place(id: &str, lat: f64, lon: f64) -> Place {
    Place::new(id, id, PlaceKind::Facility, (lat, lon), "test")
}

fn route(legs: &str) -> Route {
    toml_file::parse("t.toml", &format!("id = \"t\"\ntitle = \"t\"\n{legs}")).unwrap()
}

#[test]
fn a_program_plans_against_its_own_places_without_networks() {
    // One degree of longitude on the equator of the WGS84 ellipsoid: a·π/180 with
    // a = 6,378,137 m, i.e. 111,319.491 m (the geodesic follows the equator).
    let gazetteer = Gazetteer::from_places([place("a", 0.0, 0.0), place("b", 0.0, 1.0)]);
    let routes = [route(
        "[[legs]]\nmode = \"rail\"\nfrom = \"a\"\nto = \"b\"\n",
    )];
    let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
    let leg = &plan.legs[0];
    assert_eq!(leg.model.as_str(), "geodesic", "no rail network given");
    assert_eq!(leg.distance.metres(), 111_319.0);
    // The bundled places are not there.
    let routes = [route(
        "[[legs]]\nmode = \"air\"\nfrom = \"a\"\nto = \"MSQ\"\n",
    )];
    let problems = Planner::new(&gazetteer).plan(&routes).unwrap_err();
    assert_eq!(problems[0].kind, Kind::Place);
    assert_eq!((problems[0].line, problems[0].col), (6, 6));
}

#[test]
fn problems_carry_a_kind_a_program_can_match() {
    let gazetteer = Gazetteer::bundled();
    let routes = [route(
        "[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\nstart = \"2024-02-01\"\nend = \"2024-01-01\"\n",
    )];
    let problems = Planner::new(&gazetteer).plan(&routes).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, Kind::Plan, "{}", problems[0]);
    // A file that cannot be written.
    let e = corridor::writers::atomic::write_atomic(
        std::path::Path::new("/nonexistent-folder/x.geojson"),
        b"{}",
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Write, "{e}");
}

#[test]
fn routing_failures_are_data() {
    let gazetteer = Gazetteer::bundled();
    let rail = RailNetwork::bundled().unwrap();
    // Minsk (BY) to Brest (BY) with Belarus avoided: the ends lie in the avoided country.
    let routes = [route(
        "[[legs]]\nmode = \"rail\"\nfrom = \"Minsk\"\nto = \"Brest, BY\"\n",
    )];
    let options = PlanOptions {
        rail: RailPolicy {
            avoid_countries: vec!["BY".into()],
            ..RailPolicy::default()
        },
        tolerate_no_path: true,
        ..PlanOptions::default()
    };
    let plan = Planner::new(&gazetteer)
        .with_rail(&rail)
        .with_options(&options)
        .plan(&routes)
        .unwrap();
    assert!(plan.legs.is_empty());
    let (id, why) = &plan.unroutable[0];
    assert_eq!(id, "t/1");
    assert!(
        matches!(why, RouteError::EndInAvoidedCountry { country, .. } if country == "BY"),
        "{why:?}"
    );
    // Without tolerance the same failure is a problem of kind Route.
    let options = PlanOptions {
        tolerate_no_path: false,
        ..options
    };
    let problems = Planner::new(&gazetteer)
        .with_rail(&rail)
        .with_options(&options)
        .plan(&routes)
        .unwrap_err();
    assert_eq!(problems[0].kind, Kind::Route, "{}", problems[0]);
}

/// Every answer of a plan, warnings and problems included, in a form to compare.
fn everything(plan: Result<corridor::Plan, Vec<corridor::error::Diagnostic>>) -> String {
    match plan {
        Ok(p) => format!("{:?}\n{:?}\n{:?}", p.legs, p.warnings, p.unroutable),
        Err(problems) => format!("{problems:?}"),
    }
}

#[test]
fn legs_planned_on_several_threads_are_those_planned_on_one() {
    use corridor::{RailNetwork, SeaNetwork};
    // Sea legs (coastal ones, connectors warned of), rail legs across gauges and borders, air
    // legs; each pair both ways, so that legs of one group and of several meet on each
    // thread. Refused: a port too far from the lanes, and (the last) an unknown place.
    let pairs = [
        ("sea", "rajin-port", "vladivostok-port"),
        ("sea", "chongjin-port", "hungnam-port"),
        ("sea", "bushehr-port", "bandar-abbas-port"),
        ("sea", "nampo-port", "shanghai-port"),
        ("sea", "novorossiysk-port", "tuapse-port"),
        ("rail", "Minsk", "Brest, BY"),
        ("rail", "Mikashevichy", "Plesetsk"),
        ("rail", "Urumqi", "Moscow"),
        ("air", "URC", "MSQ"),
        ("rail", "Khabarovsk", "Vladivostok"),
        ("sea", "ust-luga-port", "novorossiysk-port"),
        ("air", "Minsk", "Nowhereville"),
    ];
    let gazetteer = Gazetteer::bundled();
    let (sea, rail) = (
        SeaNetwork::bundled().unwrap(),
        RailNetwork::bundled().unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let plans = |pairs: &[(&str, &str, &str)], options: &PlanOptions| {
        let mut csv = String::from("route,title,legs_connect,mode,from,to\n");
        for round in 0..2 {
            for (k, (mode, from, to)) in pairs.iter().enumerate() {
                let (from, to) = if round == 0 { (from, to) } else { (to, from) };
                csv += &format!("r{k},t,false,{mode},\"{from}\",\"{to}\"\n");
            }
        }
        let file = dir.path().join("mix.csv");
        std::fs::write(&file, csv).unwrap();
        let mut routes = corridor::routes::load::read_all(&[file]).unwrap();
        routes.extend(corridor::routes::load::read_all(&["routes".into()]).unwrap());
        let planner = Planner::new(&gazetteer)
            .with_sea(&sea)
            .with_rail(&rail)
            .with_options(options);
        let one = everything(planner.with_threads(1).plan(&routes));
        for threads in [2, 3, 8] {
            let many = everything(planner.with_threads(threads).plan(&routes));
            assert!(one == many, "{threads} threads planned otherwise than one");
        }
        one
    };
    let refused = plans(&pairs, &PlanOptions::default());
    assert!(
        refused.contains("Nowhereville") && refused.contains("Nampo"),
        "{refused}"
    );
    // Planned (the connector that is too long a warning): the legs themselves.
    let lenient = PlanOptions {
        lenient: true,
        ..PlanOptions::default()
    };
    let planned = plans(&pairs[..pairs.len() - 1], &lenient);
    assert!(planned.starts_with("[PlannedLeg") && planned.contains("Nampo"));
}
