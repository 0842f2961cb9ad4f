//! Properties that must hold for any input, checked on random cases (proptest): leg lengths
//! are geodesic distances, no output line jumps across ±180, every total adds up, and the
//! order of the route files changes no output byte.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use corridor::features::{Antimeridian, Style, leg_features};
use corridor::report::aggregate::{GroupBy, aggregate_table, group_key};
use corridor::report::distances::distances_table;
use corridor::report::table::Table;
use corridor::routes::toml_file;
use corridor::units::LengthUnit;
use corridor::{Gazetteer, Plan, PlanOptions, PlannedLeg, Planner, RailNetwork, Route};
use geographiclib_rs::{Geodesic, InverseGeodesic};
use proptest::prelude::*;
use serde_json::Value;

/// A (lon, lat) point in degrees.
type Point = (f64, f64);

/// Anywhere on the globe, poles and ±180 included.
fn anywhere() -> impl Strategy<Value = Point> {
    (-180.0..=180.0f64, -90.0..=90.0f64)
}

/// Pairs of every kind that is hard for geodesics: any two points, near-antipodal ones
/// (within half a degree of the antipode), both near a pole, and across the Pacific.
fn pair() -> impl Strategy<Value = (Point, Point)> {
    let near_antipodal = (anywhere(), -0.5..0.5f64, -0.5..0.5f64).prop_map(|(a, dx, dy)| {
        let lon = if a.0 > 0.0 { a.0 - 180.0 } else { a.0 + 180.0 };
        let b = (
            (lon + dx).clamp(-180.0, 180.0),
            (-a.1 + dy).clamp(-90.0, 90.0),
        );
        (a, b)
    });
    let pole = prop_oneof![Just(1.0), Just(-1.0)];
    let near_pole = (pole, anywhere(), anywhere()).prop_map(|(s, a, b)| {
        let polar = |p: Point| (p.0, s * (89.0 + (p.1.abs() / 90.0)));
        (polar(a), polar(b))
    });
    let pacific = (
        120.0..=180.0f64,
        -180.0..=-120.0f64,
        -80.0..80.0f64,
        -80.0..80.0f64,
    )
        .prop_map(|(w, e, la, lb)| ((w, la), (e, lb)));
    prop_oneof![
        anywhere().prop_flat_map(|a| (Just(a), anywhere())),
        near_antipodal,
        near_pole,
        pacific
    ]
}

/// Karney's inverse solution from geographiclib-rs, in metres.
fn karney_m(a: Point, b: Point) -> f64 {
    Geodesic::wgs84().inverse(a.1, a.0, b.1, b.0)
}

/// A place as a route file writes it.
#[derive(Debug, Clone)]
enum PlaceText {
    Named(&'static str),
    Inline(&'static str, Point),
}

impl PlaceText {
    /// The TOML form: a string or an inline table (`{:?}` keeps every bit of the float).
    fn toml(&self) -> String {
        match self {
            PlaceText::Named(name) => format!("{name:?}"),
            PlaceText::Inline(name, p) => {
                format!("{{ name = {name:?}, lat = {:?}, lon = {:?} }}", p.1, p.0)
            }
        }
    }

    /// The CSV form: a name, or `Name @ lat lon`.
    fn csv(&self) -> String {
        match self {
            PlaceText::Named(name) => name.to_string(),
            PlaceText::Inline(name, p) => format!("{name} @ {:?} {:?}", p.1, p.0),
        }
    }
}

/// One leg of a route file.
#[derive(Debug, Clone)]
struct LegText {
    mode: &'static str,
    from: PlaceText,
    to: PlaceText,
    via: Vec<PlaceText>,
    trips: u32,
}

/// A route file in the TOML form. Legs are independent shipments, so random ends need not meet.
fn route_toml(id: &str, legs: &[LegText]) -> String {
    let mut s = format!("id = {id:?}\ntitle = \"Route {id}\"\nlegs_connect = false\n");
    for l in legs {
        let via: Vec<String> = l.via.iter().map(PlaceText::toml).collect();
        let (from, to, via) = (l.from.toml(), l.to.toml(), via.join(", "));
        let _ = write!(
            s,
            "\n[[legs]]\nmode = {:?}\nfrom = {from}\nto = {to}\nvia = [{via}]\ntrips = {}\n",
            l.mode, l.trips
        );
    }
    s
}

/// A leg between two inline places.
fn inline_leg(mode: &'static str, (a, b): (Point, Point), via: &[Point], trips: u32) -> LegText {
    LegText {
        mode,
        from: PlaceText::Inline("A", a),
        to: PlaceText::Inline("B", b),
        via: via.iter().map(|&v| PlaceText::Inline("V", v)).collect(),
        trips,
    }
}

/// Plans routes against the networks given, or returns the planner's messages.
fn plan<'r>(
    routes: &'r [Route],
    gazetteer: &Gazetteer,
    rail: Option<&RailNetwork>,
) -> Result<Plan<'r>, String> {
    let options = PlanOptions::default();
    let mut planner = Planner::new(gazetteer).with_options(&options);
    if let Some(rail) = rail {
        planner = planner.with_rail(rail);
    }
    planner.plan(routes).map_err(|p| {
        p.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Parses one route file written by [`route_toml`].
fn parse(id: &str, legs: &[LegText]) -> Route {
    let text = route_toml(id, legs);
    toml_file::parse(&format!("{id}.toml"), &text).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

/// Legs whose ends are less than this apart are not legs (the planner refuses them).
const MIN_LEG_M: f64 = 2_000.0;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The geometry module's inverse agrees with Karney's to 1 mm (or 1e-9 of the distance),
    /// and an air leg between two inline places is that distance in whole metres.
    #[test]
    fn air_leg_length_is_the_geodesic_distance((a, b) in pair()) {
        let s12 = karney_m(a, b);
        prop_assume!(s12 > MIN_LEG_M);
        let d = corridor::geometry::geodesic::distance(a, b).metres();
        prop_assert!((d - s12).abs() <= 1e-3f64.max(1e-9 * s12), "{d} m against Karney's {s12} m");
        let routes = [parse("air", &[inline_leg("air", (a, b), &[], 1)])];
        let gazetteer = Gazetteer::from_places([]);
        let plan = plan(&routes, &gazetteer, None).map_err(TestCaseError::fail)?;
        let leg = plan.legs[0].distance.metres();
        prop_assert_eq!(leg, leg.round(), "a leg is whole metres");
        prop_assert!((leg - s12).abs() <= 0.5 + 1e-3, "leg {leg} m against Karney's {s12} m");
    }

    /// Cut at ±180, no part of a leg's line jumps more than 180° between consecutive points,
    /// and every longitude is within [-180, 180]: in the features and in the GeoJSON text.
    #[test]
    fn no_cut_segment_crosses_the_antimeridian(
        (a, b) in pair(),
        via in proptest::collection::vec(anywhere(), 0..3),
        mode in prop_oneof![Just("air"), Just("road")],
    ) {
        let ends_apart = |p: Point, q: Point| karney_m(p, q) > MIN_LEG_M;
        let mut stops = vec![a];
        stops.extend(&via);
        stops.push(b);
        prop_assume!(stops.windows(2).all(|w| ends_apart(w[0], w[1])));
        let routes = [parse("cut", &[inline_leg(mode, (a, b), &via, 1)])];
        let gazetteer = Gazetteer::from_places([]);
        let plan = plan(&routes, &gazetteer, None).map_err(TestCaseError::fail)?;
        let features = leg_features(&plan.legs, Antimeridian::Cut, Style::None);
        for part in features.iter().flat_map(|f| f.parts.iter()) {
            check_part(part.iter().map(|p| (p[0], p[1])))?;
        }
        let text = corridor::writers::geojson::legs_collection("p", &features, Antimeridian::Cut);
        let json: Value = serde_json::from_str(&text).expect("the GeoJSON parses");
        for f in json["features"].as_array().expect("features") {
            for part in geojson_parts(&f["geometry"]) {
                check_part(part.iter().map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap())))?;
            }
        }
    }
}

/// Longitudes within [-180, 180], consecutive ones never more than 180° apart.
fn check_part(points: impl Iterator<Item = Point>) -> Result<(), TestCaseError> {
    let points: Vec<Point> = points.collect();
    prop_assert!(
        points.len() >= 2,
        "a part of a line has two points at least"
    );
    for p in &points {
        prop_assert!(
            (-180.0..=180.0).contains(&p.0),
            "longitude {} out of range",
            p.0
        );
    }
    for w in points.windows(2) {
        let step = (w[1].0 - w[0].0).abs();
        prop_assert!(
            step <= 180.0,
            "a segment jumps {step}° from {:?} to {:?}",
            w[0],
            w[1]
        );
    }
    Ok(())
}

/// The coordinate arrays of a LineString or MultiLineString.
fn geojson_parts(geometry: &Value) -> Vec<&Vec<Value>> {
    let coords = &geometry["coordinates"];
    match geometry["type"].as_str() {
        Some("LineString") => vec![coords.as_array().expect("coordinates")],
        Some("MultiLineString") => coords
            .as_array()
            .expect("parts")
            .iter()
            .map(|p| p.as_array().expect("a part"))
            .collect(),
        other => panic!("a leg is a line, not {other:?}"),
    }
}

/// Places on the bundled railways, across gauge breaks (Brest, Dostyk, Zamyn-Üüd).
const RAIL_PLACES: &[&str] = &[
    "Minsk",
    "Brest",
    "Moscow",
    "Warsaw",
    "Smolensk",
    "Bryansk",
    "Vilnius",
    "Beijing",
    "Novosibirsk",
    "Almaty",
];

/// A random leg: by air or road between inline places, or by rail between named places.
fn any_leg() -> impl Strategy<Value = LegText> {
    let trips = 1..20u32;
    let inline_mode = prop_oneof![Just("air"), Just("road")];
    let by_inline = (inline_mode, pair(), trips.clone())
        .prop_filter("ends apart", |(_, (a, b), _)| karney_m(*a, *b) > MIN_LEG_M)
        .prop_map(|(mode, ends, trips)| inline_leg(mode, ends, &[], trips));
    let n = RAIL_PLACES.len();
    let by_rail = (0..n, 1..n, trips).prop_map(move |(i, k, trips)| LegText {
        mode: "rail",
        from: PlaceText::Named(RAIL_PLACES[i]),
        to: PlaceText::Named(RAIL_PLACES[(i + k) % n]),
        via: Vec::new(),
        trips,
    });
    prop_oneof![by_inline, by_rail]
}

/// The legs of one route, at least one and fewer than `up_to`.
fn any_legs(up_to: usize) -> impl Strategy<Value = Vec<LegText>> {
    proptest::collection::vec(any_leg(), 1..up_to)
}

/// One to four routes of one to four legs each.
fn any_routes() -> impl Strategy<Value = Vec<Vec<LegText>>> {
    proptest::collection::vec(any_legs(5), 1..5)
}

thread_local! {
    /// The bundled railways, opened once per test thread.
    static RAIL: &'static RailNetwork =
        Box::leak(Box::new(RailNetwork::bundled().expect("the bundled rail network")));
}

/// A number of a table as whole metres (tables give km to three decimals).
fn table_metres(v: &Value) -> i64 {
    (v.as_f64().expect("a number") * 1000.0).round() as i64
}

/// A column's index in a table.
fn column(table: &Table, name: &str) -> usize {
    table.columns.iter().position(|c| c == name).expect(name)
}

/// Whole metres of legs, one trip or all trips.
fn leg_metres(legs: &[&PlannedLeg], all_trips: bool) -> i64 {
    let one = |l: &&PlannedLeg| {
        let m = l.distance.metres() as i64;
        if all_trips {
            m * i64::from(l.leg.trips)
        } else {
            m
        }
    };
    legs.iter().map(one).sum()
}

/// The aggregate rows add up to the total row, and each row is the sum of its legs.
fn check_aggregate(legs: &[PlannedLeg], by: GroupBy) -> Result<(), TestCaseError> {
    let table = aggregate_table(legs, by, 3);
    let (key, km, trip_km) = (0, column(&table, "distance_km"), column(&table, "trip_km"));
    let (groups, total) = table.rows.split_at(table.rows.len() - 1);
    for (col, all_trips) in [(km, false), (trip_km, true)] {
        let sum: i64 = groups.iter().map(|r| table_metres(&r[col])).sum();
        prop_assert_eq!(
            sum,
            table_metres(&total[0][col]),
            "{:?} groups against total",
            by
        );
        let all: Vec<&PlannedLeg> = legs.iter().collect();
        prop_assert_eq!(table_metres(&total[0][col]), leg_metres(&all, all_trips));
        for row in groups {
            let of: Vec<&PlannedLeg> = legs
                .iter()
                .filter(|l| Some(group_key(l, by).as_str()) == row[key].as_str())
                .collect();
            prop_assert_eq!(
                table_metres(&row[col]),
                leg_metres(&of, all_trips),
                "{:?}",
                row
            );
        }
    }
    Ok(())
}

/// Each route's total row is the sum of its rows and of its legs.
fn check_distances(legs: &[PlannedLeg]) -> Result<(), TestCaseError> {
    let table = distances_table(legs, LengthUnit::Km, 3);
    let (route, leg, km) = (0, column(&table, "leg"), column(&table, "distance_km"));
    let (rows, totals): (Vec<&Vec<Value>>, Vec<&Vec<Value>>) =
        table.rows.iter().partition(|r| !r[leg].is_null());
    for total in totals {
        let id = total[route].as_str();
        let of_rows: i64 = rows
            .iter()
            .filter(|r| r[route].as_str() == id)
            .map(|r| table_metres(&r[km]))
            .sum();
        let of: Vec<&PlannedLeg> = legs
            .iter()
            .filter(|l| Some(l.route.id.as_str()) == id)
            .collect();
        prop_assert_eq!(table_metres(&total[km]), of_rows, "rows of {:?}", id);
        prop_assert_eq!(
            table_metres(&total[km]),
            leg_metres(&of, false),
            "legs of {:?}",
            id
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A rail leg's sections add up to the leg, legs to their route's total in `distances`,
    /// and the `aggregate` rows by mode and by route to the sums of their legs and the total.
    #[test]
    fn sections_legs_routes_and_aggregates_agree(routes in any_routes()) {
        let routes: Vec<Route> = routes
            .iter()
            .enumerate()
            .map(|(i, legs)| parse(&format!("r{i}"), legs))
            .collect();
        let gazetteer = Gazetteer::bundled();
        let plan = RAIL.with(|rail| plan(&routes, &gazetteer, Some(rail)))
            .map_err(TestCaseError::fail)?;
        for l in plan.legs.iter().filter(|l| !l.sections.is_empty()) {
            let sum: f64 = l.sections.iter().map(|s| s.distance.metres()).sum();
            prop_assert_eq!(sum, l.distance.metres(), "sections of {}", l.id());
        }
        check_distances(&plan.legs)?;
        check_aggregate(&plan.legs, GroupBy::Mode)?;
        check_aggregate(&plan.legs, GroupBy::Route)?;
    }
}

/// A route file in the CSV form, one row per leg.
fn route_csv(id: &str, legs: &[LegText]) -> String {
    let mut s = String::from("route,title,legs_connect,mode,from,to,trips\n");
    for l in legs {
        let (from, to) = (l.from.csv(), l.to.csv());
        let _ = writeln!(
            s,
            "{id},Route {id},false,{},{from},{to},{}",
            l.mode, l.trips
        );
    }
    s
}

/// Runs the `corridor` binary and returns its standard output.
fn corridor(args: &[&str], files: &[String], dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .args(files)
        .current_dir(dir)
        .output()
        .expect("corridor runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "corridor {args:?} {files:?}: {stderr}"
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Route files (TOML or CSV, chosen per route) and two orders to give them in.
fn files_in_two_orders() -> impl Strategy<Value = (Vec<(String, String)>, Vec<usize>, Vec<usize>)> {
    let file = (any_legs(4), any::<bool>());
    proptest::collection::vec(file, 2..6).prop_flat_map(|files| {
        let files: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(i, (legs, csv))| {
                let id = format!("route-{i}");
                if *csv {
                    (format!("f{i}.csv"), route_csv(&id, legs))
                } else {
                    (format!("f{i}.toml"), route_toml(&id, legs))
                }
            })
            .collect();
        let order: Vec<usize> = (0..files.len()).collect();
        (
            Just(files),
            Just(order.clone()).prop_shuffle(),
            Just(order).prop_shuffle(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The order of the route files on the command line changes no output: `aggregate`,
    /// `build` and `distances` are byte-identical (`routes::load::expand` sorts the files).
    #[test]
    fn output_does_not_depend_on_the_order_of_the_files(
        (files, first, second) in files_in_two_orders()
    ) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        let in_order = |order: &[usize]| -> Vec<String> {
            order.iter().map(|&i| files[i].0.clone()).collect()
        };
        let (a, b) = (in_order(&first), in_order(&second));
        for by in ["mode", "route"] {
            let args = ["aggregate", "--by", by, "--format", "csv"];
            prop_assert_eq!(corridor(&args, &a, dir.path()), corridor(&args, &b, dir.path()));
        }
        for args in [&["build"][..], &["distances", "--format", "csv"][..]] {
            let (out_a, out_b) = (corridor(args, &a, dir.path()), corridor(args, &b, dir.path()));
            prop_assert!(out_a == out_b, "{:?} differs between {:?} and {:?}", args, a, b);
        }
    }
}
