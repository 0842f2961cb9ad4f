//! The commands end to end on fixtures: golden GeoJSON, RFC 7946 rules, typed properties,
//! determinism, distance and aggregate tables.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

mod common;
use common::ok as corridor;

const GOLDEN_ROUTES: &str = "tests/data/golden/routes";
const GOLDEN_PLACES: &str = "tests/data/golden/places.tsv";

fn golden(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend([GOLDEN_ROUTES, "--gazetteer", GOLDEN_PLACES]);
    String::from_utf8(corridor(&all).stdout).unwrap()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// Compares with a committed file; `UPDATE_GOLDEN=1 cargo test` rewrites it after review.
fn assert_golden(actual: &str, path: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).expect("golden file exists");
    assert!(
        actual == expected,
        "output differs from {path}; review and rerun with UPDATE_GOLDEN=1"
    );
}

#[test]
fn build_matches_the_golden_file() {
    assert_golden(&golden(&["build"]), "tests/data/golden/expected.geojson");
}

#[test]
fn build_is_byte_identical_across_runs_and_via_output_file() {
    let a = golden(&["build"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legs.geojson");
    corridor(&[
        "build",
        GOLDEN_ROUTES,
        "--gazetteer",
        GOLDEN_PLACES,
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(a, std::fs::read_to_string(&path).unwrap());
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["legs.geojson", "legs.qml"],
        "the output and its QGIS style, no temporary file left behind"
    );
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "real",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks the RFC 7946 and GDAL-friendliness rules on any leg collection.
fn check_collection(fc: &Value) {
    assert_eq!(fc["type"], "FeatureCollection");
    assert!(fc.get("crs").is_none(), "RFC 7946 has no crs member");
    assert!(fc["name"].is_string());
    assert_eq!(fc["bbox"].as_array().unwrap().len(), 4);
    let features = fc["features"].as_array().unwrap();
    let mut types: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut keysets = BTreeSet::new();
    let geometry_types: BTreeSet<&str> = features
        .iter()
        .map(|f| f["geometry"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        geometry_types.len(),
        1,
        "one geometry type per layer: {geometry_types:?}"
    );
    let mut ids = BTreeSet::new();
    for f in features {
        assert!(
            ids.insert(f["id"].as_str().unwrap().to_string()),
            "feature ids are unique"
        );
        let g = &f["geometry"];
        let parts: Vec<&Value> = match g["type"].as_str().unwrap() {
            "LineString" => vec![&g["coordinates"]],
            "MultiLineString" => g["coordinates"].as_array().unwrap().iter().collect(),
            other => panic!("one geometry family only, got {other}"),
        };
        for (i, part) in parts.iter().enumerate() {
            let coords = part.as_array().unwrap();
            assert!(coords.len() >= 2);
            for c in coords {
                let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
                for v in [&c[0], &c[1]] {
                    let s = v.to_string();
                    let decimals = s.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 6, "{s} has more than 6 decimals");
                }
            }
            if parts.len() > 1 {
                // Parts meet on the antimeridian.
                if i + 1 < parts.len() {
                    assert_eq!(coords.last().unwrap()[0].as_f64().unwrap().abs(), 180.0);
                }
                if i > 0 {
                    assert_eq!(coords[0][0].as_f64().unwrap().abs(), 180.0);
                }
            }
        }
        let props = f["properties"].as_object().unwrap();
        keysets.insert(props.keys().cloned().collect::<Vec<_>>());
        for (k, v) in props {
            assert!(!v.is_array() && !v.is_object(), "{k} is not a scalar");
            types.entry(k.clone()).or_default().insert(json_type(v));
        }
    }
    assert_eq!(
        keysets.len(),
        1,
        "every feature has the same keys in the same order"
    );
    for (k, ts) in types {
        let non_null: Vec<_> = ts.iter().filter(|t| **t != "null").collect();
        assert!(non_null.len() <= 1, "{k} mixes types {ts:?}");
    }
}

#[test]
fn build_output_follows_rfc_7946_with_typed_properties() {
    let fc = parse(&golden(&["build"]));
    check_collection(&fc);
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 4);
    // Vladivostok → Anchorage is cut at the antimeridian; the collection bbox crosses it.
    let air = features
        .iter()
        .find(|f| f["id"] == "pacific-test/1")
        .unwrap();
    assert_eq!(air["geometry"]["type"], "MultiLineString");
    let b = fc["bbox"].as_array().unwrap();
    assert!(
        b[0].as_f64().unwrap() > b[2].as_f64().unwrap(),
        "west > east across ±180: {b:?}"
    );
    // Numbers and dates as the analyst gave them; the distance from GeographicLib 2.1
    // (Inverse: 5337773.6712135235 m Vladivostok → Anchorage), kept in whole metres
    // (5337774 m) so that trips and totals add up exactly: trip_km = 2 × 5337.774.
    let p = &air["properties"];
    assert_eq!(p["distance_km"], 5337.774);
    assert_eq!(p["distance_nmi"], 2882.167);
    assert_eq!(p["trip_km"], 10675.548);
    assert_eq!(p["start_date"], "2024-01-08");
    assert_eq!(p["trips"], 2);
    assert_eq!(p["flights"], "TST001; TST002");
    assert_eq!(p["geometry_model"], "geodesic");
    assert_eq!(p["quantity"], 100.0);
    assert_eq!(p["sources"], "corridor test suite");
    // Road leg through an inline via point: 677601.0124490543 m (GeographicLib 2.1, two inverses).
    let road = features
        .iter()
        .find(|f| f["id"] == "minsk-moscow-test/1")
        .unwrap();
    assert_eq!(road["properties"]["distance_km"], 677.601);
    assert_eq!(road["properties"]["via"], "Smolensk");
}

#[test]
fn build_on_the_bundled_routes_is_valid() {
    let fc = parse(&String::from_utf8(corridor(&["build", "routes"]).stdout).unwrap());
    check_collection(&fc);
    assert!(fc["features"].as_array().unwrap().len() >= 10);
}

#[test]
fn unwrap_keeps_longitudes_continuous() {
    let fc = parse(&golden(&["build", "--antimeridian", "unwrap"]));
    let air = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "pacific-test/1")
        .unwrap();
    assert_eq!(air["geometry"]["type"], "LineString");
    let coords = air["geometry"]["coordinates"].as_array().unwrap();
    let lons: Vec<f64> = coords.iter().map(|c| c[0].as_f64().unwrap()).collect();
    assert!(lons.windows(2).all(|w| (w[1] - w[0]).abs() < 180.0));
    assert!((lons.last().unwrap() - (360.0 - 149.9003)).abs() < 1e-9);
}

/// `--antimeridian unwrap` draws a whole collection in one 360° frame: ANC → VVO and
/// VVO → ANC overlap (both between 132.1 and 210.0), rather than one ending at −228 and the
/// other at +210, and the places sit on the legs' ends.
#[test]
fn unwrap_uses_one_frame_for_the_whole_collection() {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("pacific.toml");
    std::fs::write(
        &route,
        "id = \"pacific\"\ntitle = \"Both ways\"\nlegs_connect = false\n\
         [[legs]]\nmode = \"air\"\nfrom = \"ANC\"\nto = \"VVO\"\n\
         [[legs]]\nmode = \"air\"\nfrom = \"VVO\"\nto = \"ANC\"\n",
    )
    .unwrap();
    let gpkg = dir.path().join("pacific.gpkg");
    let route = route.to_str().unwrap();
    let out = corridor(&["build", route, "--antimeridian", "unwrap"]);
    let fc = parse(&String::from_utf8(out.stdout).unwrap());
    let mut lons = Vec::new();
    for f in fc["features"].as_array().unwrap() {
        let coords = f["geometry"]["coordinates"].as_array().unwrap();
        lons.extend(coords.iter().map(|c| c[0].as_f64().unwrap()));
    }
    let (lo, hi) = lons
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    // VVO's airport is at 132.15 E and ANC's at 150.00 W (210.00 unwrapped).
    assert!(
        (lo - 132.15).abs() < 0.01 && (hi - 210.0).abs() < 0.01,
        "{lo} … {hi}"
    );
    corridor(&[
        "build",
        route,
        "--antimeridian",
        "unwrap",
        "-o",
        gpkg.to_str().unwrap(),
    ]);
    let db = rusqlite::Connection::open(&gpkg).unwrap();
    let (min_x, max_x): (f64, f64) = db
        .query_row(
            "SELECT min_x, max_x FROM gpkg_contents WHERE table_name = 'places'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        (min_x - 132.15).abs() < 0.01 && (max_x - 210.0).abs() < 0.01,
        "places {min_x} … {max_x}"
    );
}

#[test]
fn simplestyle_adds_presentation_keys_only_on_request() {
    let plain = parse(&golden(&["build"]));
    assert!(plain["features"][0]["properties"].get("stroke").is_none());
    let styled = parse(&golden(&["build", "--style", "simplestyle"]));
    let p = &styled["features"][0]["properties"];
    assert_eq!(p["stroke"], "#CC79A7", "road is reddish purple");
    assert!(p["title"].as_str().unwrap().contains("→"));
}

#[test]
fn places_file_holds_points_of_the_places_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.geojson");
    corridor(&[
        "build",
        GOLDEN_ROUTES,
        "--gazetteer",
        GOLDEN_PLACES,
        "--places",
        path.to_str().unwrap(),
    ]);
    let fc = parse(&std::fs::read_to_string(path).unwrap());
    let ids: Vec<&str> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "inline:anchorage@61.21810,-149.90030",
            "inline:smolensk@54.78180,32.04010",
            "inline:vladivostok@43.11550,131.88550",
            "test-dutch-harbor",
            "test-minsk",
            "test-moscow",
            "test-nome"
        ]
    );
    assert!(
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["geometry"]["type"] == "Point")
    );
}

#[test]
fn distances_json_has_the_documented_keys_and_totals() {
    let rows = parse(&golden(&["distances", "--format", "json"]));
    let rows = rows.as_array().unwrap();
    let first = rows[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "route",
            "leg",
            "mode",
            "from",
            "to",
            "distance_km",
            "trips",
            "trip_km"
        ]
    );
    let total = rows
        .iter()
        .find(|r| r["route"] == "pacific-test" && r["leg"].is_null())
        .unwrap();
    let legs: f64 = rows
        .iter()
        .filter(|r| r["route"] == "pacific-test" && !r["leg"].is_null())
        .map(|r| r["trip_km"].as_f64().unwrap())
        .sum();
    assert!((total["trip_km"].as_f64().unwrap() - legs).abs() < 0.002);
    assert_eq!(total["trips"], 3);
}

#[test]
fn distances_in_nautical_miles() {
    let rows = parse(&golden(&[
        "distances",
        "--format",
        "json",
        "--units",
        "nmi",
    ]));
    let air = &rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["route"] == "pacific-test" && r["leg"] == 1)
        .unwrap();
    // 5337773.6712 m / 1852 m (GeographicLib 2.1 distance, exact nmi definition).
    assert_eq!(air["distance_nmi"], 2882.167);
    assert!(air.get("distance_km").is_none());
}

#[test]
fn distances_table_and_csv() {
    let table = golden(&["distances"]);
    assert!(table.lines().next().unwrap().starts_with("route"));
    assert!(table.contains("5337.8"));
    let csv = golden(&["distances", "--format", "csv"]);
    assert_eq!(
        csv.lines().next().unwrap(),
        "route,leg,mode,from,to,distance_km,trips,trip_km"
    );
    assert!(csv.contains("pacific-test,1,air,Vladivostok,Anchorage,5337.774,2,10675.548"));
}

#[test]
fn aggregate_by_mode_sums_tonnes_and_tonne_km() {
    let rows = parse(&golden(&["aggregate", "--by", "mode", "--format", "json"]));
    let rows = rows.as_array().unwrap();
    let road = rows.iter().find(|r| r["key"] == "road").unwrap();
    assert_eq!(road["legs"], 1);
    assert_eq!(road["trips"], 3);
    assert_eq!(road["tonnes"], 5500.0);
    // 5,500 t × 677.601 km (GeographicLib 2.1 length of the leg, 677601.0124 m, in whole
    // metres as every distance is reported).
    assert_eq!(road["tonne_km"], 3726805.5);
    let rail = rows.iter().find(|r| r["key"] == "rail").unwrap();
    assert!(
        rail["tonnes"].is_null(),
        "no tonnage known is not zero tonnes"
    );
    let total = rows.last().unwrap();
    assert_eq!(total["key"], "total");
    assert_eq!(total["legs"], 4);
    assert_eq!(total["trips"], 7);
}

#[test]
fn aggregate_by_every_key() {
    for (by, key) in [
        ("route", "pacific-test"),
        ("corridor", "test-rail"),
        ("month", "2024-01"),
        ("vehicle", "B-0000"),
        ("country-pair", "BY-RU"),
        ("from-country", "RU"),
        ("to-country", "US"),
    ] {
        let rows = parse(&golden(&["aggregate", "--by", by, "--format", "json"]));
        assert!(
            rows.as_array().unwrap().iter().any(|r| r["key"] == key),
            "--by {by}: no {key}"
        );
    }
}

#[test]
fn check_accepts_the_bundled_routes() {
    let out = corridor(&["check", "routes"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: "));
}

#[test]
fn output_into_a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(["places", "search", "Minsk", "--limit", "10"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success() || status.code() == Some(1), "{status:?}");
}

/// GDAL reads the output as one typed layer (needs `ogrinfo`: scripts/test.sh installs it,
/// and the test fails without it).
#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn gdal_sees_one_layer_with_typed_columns() {
    common::require_ogrinfo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legs.geojson");
    corridor(&[
        "build",
        GOLDEN_ROUTES,
        "--gazetteer",
        GOLDEN_PLACES,
        "-o",
        path.to_str().unwrap(),
    ]);
    let out = Command::new("ogrinfo")
        .args(["-so", "-al"])
        .arg(&path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(info.matches("Layer name:").count(), 1, "{info}");
    for expected in [
        "Layer name: corridor",
        "Geometry: Multi Line String",
        "Feature Count: 4",
        "leg: Integer",
        "start_date: Date",
        "end_date: Date",
        "trips: Integer",
        "quantity: Real",
        "distance_km: Real",
        "imo: String",
    ] {
        assert!(info.contains(expected), "{expected:?} not in:\n{info}");
    }
}
