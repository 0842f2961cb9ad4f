//! One source of truth for every distance: sections add up to their leg, legs to their route,
//! and GeoJSON, CSV, GeoPackage, `distances` and `aggregate` report the same numbers, on the
//! bundled routes and the test routes.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

mod common;

/// Thousandths of a km (metres), the precision every machine-readable output carries.
fn m(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("a number: {v}")) * 1000.0).round() as i64
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// (distance, trip distance) in metres.
type Metres = (i64, i64);
/// Per (route, leg number), as the GeoJSON reports them.
type Legs = BTreeMap<(String, i64), Metres>;
/// Per route: its legs summed.
type Routes = BTreeMap<String, Metres>;

/// `cmd` followed by the inputs under test.
fn with(cmd: &[&str], inputs: &[&str]) -> Vec<String> {
    cmd.iter().chain(inputs).map(|s| s.to_string()).collect()
}

fn check(inputs: &[&str]) {
    let (legs, routes) = geojson_totals(inputs);
    assert!(!legs.is_empty());
    check_distances_rows(inputs, &legs, &routes);
    check_aggregate(inputs, &routes);
    // CSV and GeoPackage, written to files.
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("legs.csv");
    let gpkg_path = dir.path().join("legs.gpkg");
    for out in [&csv_path, &gpkg_path] {
        let mut a = with(&["build"], inputs);
        a.extend(["-o".to_string(), out.to_str().unwrap().to_string()]);
        common::ok(&args(&a));
    }
    check_csv(&csv_path, &legs);
    check_geopackage(&gpkg_path, &legs, &routes);
}

/// The GeoJSON: per leg, distance and trip distance (checking trip distance = distance ×
/// trips), and their sums per route.
fn geojson_totals(inputs: &[&str]) -> (Legs, Routes) {
    let fc = common::json(&args(&with(&["build"], inputs)));
    let mut legs = Legs::new();
    let mut routes = Routes::new();
    for f in fc["features"].as_array().unwrap() {
        let p = &f["properties"];
        let (d, t) = (m(&p["distance_km"]), m(&p["trip_km"]));
        let trips = p["trips"].as_i64().unwrap();
        assert_eq!(t, d * trips, "{}: trip_km is distance × trips", f["id"]);
        let route = p["route_id"].as_str().unwrap().to_string();
        legs.insert((route.clone(), p["leg"].as_i64().unwrap()), (d, t));
        let r = routes.entry(route).or_default();
        r.0 += d;
        r.1 += t;
    }
    (legs, routes)
}

/// `distances`: section rows add up to their leg, total rows to their route.
fn check_distances_rows(inputs: &[&str], legs: &Legs, routes: &Routes) {
    let rows = common::json(&args(&with(&["distances", "--format", "json"], inputs)));
    let mut from_rows = Legs::new();
    for r in rows.as_array().unwrap() {
        let route = r["route"].as_str().unwrap().to_string();
        if r["mode"] == "total" {
            let expected = routes[&route];
            assert_eq!(
                (m(&r["distance_km"]), m(&r["trip_km"])),
                expected,
                "{route}: distances total"
            );
            continue;
        }
        let e = from_rows
            .entry((route, r["leg"].as_i64().unwrap()))
            .or_default();
        e.0 += m(&r["distance_km"]);
        e.1 += m(&r["trip_km"]);
    }
    assert_eq!(
        &from_rows, legs,
        "distances rows (sections summed) = GeoJSON legs"
    );
}

/// `aggregate --by route`: groups equal the routes, the total their sum.
fn check_aggregate(inputs: &[&str], routes: &Routes) {
    let agg = common::json(&args(&with(
        &["aggregate", "--by", "route", "--format", "json"],
        inputs,
    )));
    let (mut sum_d, mut sum_t) = (0, 0);
    for r in agg.as_array().unwrap() {
        let key = r["key"].as_str().unwrap();
        let got = (m(&r["distance_km"]), m(&r["trip_km"]));
        if key == "total" {
            assert_eq!(got, (sum_d, sum_t), "aggregate total");
        } else {
            assert_eq!(got, routes[key], "{key}: aggregate");
            sum_d += got.0;
            sum_t += got.1;
        }
    }
}

/// The CSV's distance_km of each leg is the GeoJSON's.
fn check_csv(path: &Path, legs: &Legs) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let key = (
            rec[col("route_id")].to_string(),
            rec[col("leg")].parse().unwrap(),
        );
        let d = (rec[col("distance_km")].parse::<f64>().unwrap() * 1000.0).round() as i64;
        assert_eq!(d, legs[&key].0, "{key:?}: CSV distance_km");
    }
}

/// The GeoPackage's legs and routes tables carry the GeoJSON's distances.
fn check_geopackage(path: &Path, legs: &Legs, routes: &Routes) {
    let db = rusqlite::Connection::open(path).unwrap();
    for (key, got) in metres(
        &db,
        "SELECT route_id, leg, distance_km, trip_km FROM legs",
        2,
    ) {
        let (route, leg) = key.rsplit_once('/').unwrap();
        let leg: i64 = leg.parse().unwrap();
        assert_eq!(got, legs[&(route.to_string(), leg)], "GeoPackage legs");
    }
    for (route, got) in metres(&db, "SELECT route_id, distance_km, trip_km FROM routes", 1) {
        assert_eq!(got, routes[&route], "GeoPackage routes");
    }
}

/// (key, distance, trip distance) of each row of `sql`, in metres; the first `key_columns`
/// columns (text or integer) joined by '/' make the key.
fn metres(db: &rusqlite::Connection, sql: &str, key_columns: usize) -> Vec<(String, Metres)> {
    let mut q = db.prepare(sql).unwrap();
    q.query_map([], |r| {
        let key: Vec<String> = (0..key_columns)
            .map(|i| {
                r.get::<_, String>(i)
                    .or_else(|_| r.get::<_, i64>(i).map(|n| n.to_string()))
            })
            .collect::<Result<_, _>>()?;
        let k = |x: f64| (x * 1000.0).round() as i64;
        Ok((
            key.join("/"),
            (
                k(r.get::<_, f64>(key_columns)?),
                k(r.get::<_, f64>(key_columns + 1)?),
            ),
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn bundled_routes_report_one_set_of_numbers() {
    check(&["routes"]);
}

#[test]
fn test_routes_report_one_set_of_numbers() {
    check(&[
        "tests/data/golden/routes",
        "tests/data/rail",
        "--gazetteer",
        "tests/data/golden/places.tsv",
    ]);
}

#[test]
fn text_tables_add_up_too() {
    // One decimal in the terminal: each route's rows still sum to its total row.
    let out = common::ok(&["distances", "routes"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut sums: BTreeMap<String, i64> = BTreeMap::new();
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for line in text.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let tenths = |s: &str| (s.parse::<f64>().unwrap() * 10.0).round() as i64;
        // The last three columns are distance, trips, trip distance.
        let d = tenths(cols[cols.len() - 3]);
        if cols.get(1) == Some(&"total") {
            totals.insert(cols[0].to_string(), d);
        } else {
            *sums.entry(cols[0].to_string()).or_default() += d;
        }
    }
    assert!(!totals.is_empty());
    assert_eq!(sums, totals);
}
