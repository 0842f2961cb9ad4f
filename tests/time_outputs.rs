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
