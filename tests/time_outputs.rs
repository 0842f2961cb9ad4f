//! Outputs over time: kepler.gl trips, the positions layer and the sightings layer.

mod common;

use common::ok;
use serde_json::Value;

const ANGARA: &str = "routes/angara-to-zhoushan-xinya-2024.toml";
/// The Korea Strait AIS fix, 2024-02-06T10:00Z.
const KOREA_STRAIT: i64 = 1_707_213_600;
/// The middle of 2024-02-09, the day of the Zhoushan imagery fix.
const ZHOUSHAN: i64 = 1_707_480_000;

/// A leg across ±180 with a start and an end, and one with neither.
const PACIFIC: &str = r#"
id = "pacific"
title = "Across the date line"
legs_connect = false
[[legs]]
mode = "air"
from = { name = "West", lat = 50.0, lon = 170.0 }
to = { name = "East", lat = 52.0, lon = -170.0 }
start = "2024-03-01"
end = "2024-03-01"
[[legs]]
mode = "air"
from = { name = "West", lat = 50.0, lon = 170.0 }
to = { name = "East", lat = 52.0, lon = -170.0 }
"#;

/// Runs `corridor` on `args` and parses its standard output as JSON; returns it with the
/// standard error.
fn run_json(args: &[&str]) -> (Value, String) {
    let out = ok(args);
    let json = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (json, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The features of a FeatureCollection.
fn features(fc: &Value) -> &Vec<Value> {
    fc["features"].as_array().expect("features")
}

/// The times (4th coordinate) of a trip feature, checking each vertex has 4 numbers.
fn trip_times(f: &Value) -> Vec<i64> {
    assert_eq!(f["geometry"]["type"], "LineString");
    let coords = f["geometry"]["coordinates"].as_array().unwrap();
    coords
        .iter()
        .map(|c| {
            let c = c.as_array().unwrap();
            assert_eq!(c.len(), 4, "[lon, lat, 0, unix_seconds]: {c:?}");
            assert!(c[0].as_f64().unwrap().abs() <= 180.0);
            assert_eq!(c[2], 0);
            c[3].as_i64().expect("whole seconds")
        })
        .collect()
}

#[test]
fn trips_of_the_angara_run_from_fix_to_fix() {
    let (fc, _) = run_json(&["build", "--format", "trips", ANGARA]);
    assert_eq!(fc["type"], "FeatureCollection");
    let features = features(&fc);
    assert_eq!(features.len(), 1);
    let f = &features[0];
    assert_eq!(f["properties"]["leg_id"], "angara-to-zhoushan-xinya-2024/1");
    assert_eq!(f["properties"]["route_id"], "angara-to-zhoushan-xinya-2024");
    assert_eq!(f["properties"]["mode"], "sea");
    let times = trip_times(f);
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(times[0], KOREA_STRAIT);
    assert_eq!(*times.last().unwrap(), ZHOUSHAN);
}

#[test]
fn trips_are_cut_at_the_antimeridian_and_untimed_legs_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pacific.toml");
    std::fs::write(&path, PACIFIC).unwrap();
    let (fc, stderr) = run_json(&["build", "--format", "trips", path.to_str().unwrap()]);
    assert!(stderr.contains("1 of 2 legs"), "{stderr}");
    let parts = features(&fc);
    assert_eq!(parts.len(), 2, "one feature per side of ±180");
    let (west, east) = (trip_times(&parts[0]), trip_times(&parts[1]));
    assert_eq!(west[0], 1_709_251_200, "the start: midnight of 1 March");
    assert_eq!(
        *east.last().unwrap(),
        1_709_337_600,
        "the end: midnight after"
    );
    assert_eq!(
        west.last(),
        east.first(),
        "the crossing's time on both sides"
    );
    let lon = |f: &Value, k: usize| f["geometry"]["coordinates"][k][0].as_f64().unwrap();
    assert_eq!(lon(&parts[0], west.len() - 1), 180.0);
    assert_eq!(lon(&parts[1], 0), -180.0);
    assert_eq!(parts[1]["properties"]["part"], 2);
}

/// An air leg seen twice on ADS-B ten minutes apart, then inferred to its end.
const FLIGHT: &str = r#"
id = "flight"
title = "A flight seen on ADS-B"
[[legs]]
mode = "air"
from = { name = "A", lat = 50.0, lon = 10.0 }
to = { name = "B", lat = 50.0, lon = 20.0 }
[[legs.sightings]]
time = "2024-03-01T10:00:00Z"
lat = 50.0
lon = 11.0
kind = "adsb"
source = "ADS-B"
[[legs.sightings]]
time = "2024-03-01T10:10:00Z"
lat = 50.0
lon = 12.0
kind = "adsb"
[[legs.sightings]]
time = "2024-03-01T11:10:00Z"
lat = 50.0
lon = 19.0
kind = "adsb"
"#;

/// Builds the FLIGHT route with `extra` options, and reads back the file `--{layer}` wrote.
fn layer_of(route: &str, layer: &str, extra: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("route.toml");
    std::fs::write(&path, route).unwrap();
    let out = dir.path().join(format!("{layer}.geojson"));
    let (flag, out_s) = (format!("--{layer}"), out.to_str().unwrap().to_string());
    let mut args = vec![
        "build",
        path.to_str().unwrap(),
        flag.as_str(),
        out_s.as_str(),
    ];
    args.extend(extra);
    ok(&args);
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

#[test]
fn positions_every_interval_with_observed_flags() {
    let fc = layer_of(FLIGHT, "positions", &["--every", "5 min"]);
    let points = features(&fc);
    let times: Vec<&str> = points
        .iter()
        .map(|f| f["properties"]["time"].as_str().unwrap())
        .collect();
    assert_eq!(times.len(), 15, "10:00 to 11:10 every 5 min: {times:?}");
    assert_eq!(times[0], "2024-03-01T10:00:00Z");
    assert_eq!(times[14], "2024-03-01T11:10:00Z");
    let observed: Vec<i64> = points
        .iter()
        .map(|f| f["properties"]["observed"].as_i64().unwrap())
        .collect();
    assert_eq!(observed[1], 1, "between the fixes ten minutes apart");
    assert_eq!(observed[5], 0, "across the hour-long gap");
    let lon = |k: usize| points[k]["geometry"]["coordinates"][0].as_f64().unwrap();
    assert!((lon(1) - 11.5).abs() < 0.05, "half way at constant speed");
    assert_eq!(points[0]["properties"]["leg_id"], "flight/1");
    assert_eq!(points[0]["properties"]["mode"], "air");
}

#[test]
fn positions_of_the_angara_default_every_six_hours() {
    let fc = layer_of(&std::fs::read_to_string(ANGARA).unwrap(), "positions", &[]);
    let points = features(&fc);
    assert_eq!(points[0]["properties"]["time"], "2024-02-06T12:00:00Z");
    assert_eq!(
        points.last().unwrap()["properties"]["time"],
        "2024-02-09T12:00:00Z"
    );
    assert_eq!(points.len(), 13);
}

#[test]
fn sightings_layer_has_every_fix() {
    let fc = layer_of(FLIGHT, "sightings", &[]);
    let fixes = features(&fc);
    assert_eq!(fixes.len(), 3);
    let p = &fixes[0]["properties"];
    assert_eq!(p["earliest"], "2024-03-01T10:00:00Z");
    assert_eq!(p["source"], "ADS-B");
    assert_eq!(p["kind"], "adsb");
    assert_eq!(p["leg_id"], "flight/1");
    assert_eq!(fixes[0]["geometry"]["coordinates"][0], 11.0);
    assert!(fixes[1]["properties"]["source"].is_null());
}

#[test]
fn the_readme_tables_are_the_time_layers_schemas() {
    use corridor::schema::{POSITION_COLUMNS, SIGHTING_COLUMNS};
    assert_eq!(
        common::readme_table("`positions` columns"),
        common::schema_rows(&POSITION_COLUMNS)
    );
    assert_eq!(
        common::readme_table("`sightings` columns"),
        common::schema_rows(&SIGHTING_COLUMNS)
    );
}
