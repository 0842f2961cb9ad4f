//! `corridor where`: a leg's estimated position at an instant, from its sightings.

use serde_json::Value;

mod common;
use common::{json, run};

const ANGARA: &str = "routes/angara-to-zhoushan-xinya-2024.toml";
const OBSERVED: &str = "tests/data/where/observed.toml";

/// The one row of `where` for `route` at `time`, as JSON.
fn row(route: &str, time: &str) -> Value {
    let rows = json(&["where", route, "--at", time, "--format", "json"]);
    let rows = rows.as_array().expect("a JSON array");
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0].clone()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[test]
fn at_a_fix_the_leg_is_at_the_fix() {
    let r = row(ANGARA, "2024-02-06T10:00Z");
    assert!((num(&r, "lat") - 34.45).abs() < 1e-3, "{r}");
    assert!((num(&r, "lon") - 128.95).abs() < 1e-3, "{r}");
}

#[test]
fn between_its_fixes_the_angara_is_between_them_along_its_line() {
    let first = row(ANGARA, "2024-02-06T10:00Z");
    let mid = row(ANGARA, "2024-02-08T00:00Z");
    let last = row(ANGARA, "2024-02-09T12:00Z");
    let along = |r: &Value| num(r, "along_km");
    assert!(along(&first) < along(&mid) && along(&mid) < along(&last));
    assert!(30.0 < num(&mid, "lat") && num(&mid, "lat") < 34.45, "{mid}");
    assert!(
        122.1 < num(&mid, "lon") && num(&mid, "lon") < 128.95,
        "{mid}"
    );
    assert_eq!(mid["part"], "inferred", "the fixes are days apart: {mid}");
}

#[test]
fn observed_between_close_fixes_inferred_beyond() {
    let between = row(OBSERVED, "2024-02-06T10:15Z");
    assert_eq!(between["part"], "observed", "{between}");
    assert!((num(&between, "lat") - 34.425).abs() < 0.01, "{between}");
    assert_eq!(row(OBSERVED, "2024-02-06T12:00Z")["part"], "inferred");
}

#[test]
fn the_json_rows_name_the_leg_mode_and_vehicle() {
    let r = row(ANGARA, "2024-02-07T00:00Z");
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        ["leg", "mode", "vehicle", "lat", "lon", "part", "along_km"]
    );
    assert_eq!(r["leg"], "angara-to-zhoushan-xinya-2024/1");
    assert_eq!(
        (&r["mode"], &r["vehicle"]),
        (&"sea".into(), &"Angara".into())
    );
}

#[test]
fn legs_not_under_way_are_left_out_and_counted() {
    let out = run(&[
        "where",
        OBSERVED,
        "--at",
        "2024-02-06T09:00Z",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "leg,mode,vehicle,lat,lon,part,along_km\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 leg not under way"), "{err}");
}

#[test]
fn a_time_without_a_zone_is_a_usage_error_with_a_remedy() {
    let out = run(&["where", ANGARA, "--at", "2024-02-06T10:00"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("end the time with Z"), "{err}");
}
