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

/// `build ANGARA` with `args`, file names (those with a dot) taken in `dir`.
fn angara_args(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let named = args.iter().map(|a| {
        if a.contains('.') {
            dir.join(a).to_str().unwrap().to_string()
        } else {
            a.to_string()
        }
    });
    ["build", ANGARA]
        .map(String::from)
        .into_iter()
        .chain(named)
        .collect()
}

/// The Angara's positions every 12 h as GeoJSON: the reference the other formats are read
/// against.
fn angara_positions_12h() -> Value {
    let dir = build_angara(&["--positions", "p.geojson", "--every", "12h"]);
    serde_json::from_slice(&std::fs::read(dir.path().join("p.geojson")).unwrap()).unwrap()
}

/// The Angara's route built with `args` (after `build ANGARA`) in a fresh folder; the folder.
fn build_angara(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let all = angara_args(dir.path(), args);
    ok(&all.iter().map(String::as_str).collect::<Vec<_>>());
    dir
}

/// The (time, lon, lat) of each point `ogrinfo -al` prints, times in GDAL's form
/// (`2024/02/06 12:00:00+00`), in the order GDAL reads them.
fn ogr_points(info: &str) -> Vec<(String, f64, f64)> {
    let mut out = Vec::new();
    let mut time = String::new();
    for line in info.lines().map(str::trim) {
        if let Some(t) = line.strip_prefix("time (DateTime) = ") {
            time = t.to_string();
        } else if let Some(xy) = line.strip_prefix("POINT (") {
            let xy: Vec<f64> = xy
                .trim_end_matches(')')
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect();
            out.push((std::mem::take(&mut time), xy[0], xy[1]));
        }
    }
    out
}

/// The GeoJSON positions as `ogr_points` gives them, sorted.
fn geojson_points(fc: &Value) -> Vec<(String, f64, f64)> {
    let mut out: Vec<(String, f64, f64)> = features(fc)
        .iter()
        .map(|f| {
            let t = f["properties"]["time"].as_str().unwrap();
            let gdal = format!(
                "{}+00",
                t.trim_end_matches('Z').replace('-', "/").replace('T', " ")
            );
            let xy = &f["geometry"]["coordinates"];
            (gdal, xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.partial_cmp(b).unwrap());
    out
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn time_layers_go_into_the_geopackage_as_typed_point_layers() {
    let dir = build_angara(&[
        "-o",
        "a.gpkg",
        "--positions",
        "a.gpkg",
        "--sightings",
        "a.gpkg",
        "--every",
        "12h",
    ]);
    let fc = angara_positions_12h();
    let gpkg = dir.path().join("a.gpkg");
    let db = rusqlite::Connection::open(&gpkg).unwrap();
    let ddl: String = db
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'positions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(ddl.contains(r#""time" DATETIME NOT NULL"#), "{ddl}");
    let stored: String = db
        .query_row(
            "SELECT time FROM positions ORDER BY time LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        stored, "2024-02-06T12:00:00.000Z",
        "the GeoPackage's DATETIME form"
    );
    let styled: Vec<String> = db
        .prepare("SELECT f_table_name FROM layer_styles ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        styled,
        ["legs", "places", "routes", "positions", "sightings"]
    );
    // GDAL reads the layer without a warning, and it holds the GeoJSON's points.
    let mut read = ogr_points(&common::ogrinfo(&["-al", "-q"], &gpkg));
    read.sort_by(|a, b| a.partial_cmp(b).unwrap());
    read.retain(|(t, ..)| !t.is_empty()); // the places and the fixes have no `time` DateTime
    assert_eq!(read, geojson_points(&fc));
    let fixes: i64 = db
        .query_row("SELECT count(*) FROM sightings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fixes, 2, "the Korea Strait and Zhoushan fixes");
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn positions_as_flatgeobuf_follow_the_legs_crs() {
    let dir = build_angara(&[
        "-o",
        "a.gpkg",
        "--crs",
        "EPSG:3857",
        "--positions",
        "p.fgb",
        "--every",
        "12h",
    ]);
    let fc = angara_positions_12h();
    let fgb = dir.path().join("p.fgb");
    let info = common::ogrinfo(&["-al"], &fgb);
    assert!(
        info.contains("Geometry: Point") && info.contains(r#"ID["EPSG",3857]"#),
        "{info}"
    );
    assert!(info.contains("time: DateTime (0.0) NOT NULL"), "{info}");
    assert!(
        dir.path().join("p.qml").exists(),
        "the style beside the file"
    );
    let mut read = ogr_points(&info);
    read.sort_by(|a, b| a.partial_cmp(b).unwrap());
    // Web Mercator on the sphere of radius 6378137 m (EPSG:3857's definition, by hand).
    let r = 6_378_137.0_f64;
    let want: Vec<(String, f64, f64)> = geojson_points(&fc)
        .into_iter()
        .map(|(t, lon, lat)| {
            let y = r
                * (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
                    .tan()
                    .ln();
            (t, r * lon.to_radians(), y)
        })
        .collect();
    assert_eq!(read.len(), want.len());
    for (got, want) in read.iter().zip(&want) {
        assert_eq!(got.0, want.0);
        assert!(
            (got.1 - want.1).abs() < 0.002 && (got.2 - want.2).abs() < 0.002,
            "{got:?} {want:?}"
        );
    }
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn time_layer_files_are_checked_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let refused = [
        (
            vec!["--positions", "p.txt"],
            "give it a .geojson, .fgb or .gpkg name",
        ),
        (
            vec!["-o", "a.geojson", "--positions", "a.geojson"],
            "--positions and -o both name",
        ),
        (
            vec!["--positions", "t.geojson", "--sightings", "t.geojson"],
            "--sightings and --positions both name",
        ),
        (
            vec!["--places", "t.gpkg", "--sightings", "t.gpkg"],
            "--sightings and --places both name",
        ),
    ];
    for (args, says) in refused {
        let all = angara_args(dir.path(), &args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = common::run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing written"
        );
    }
    // One GeoPackage of its own may take both layers.
    let both = build_angara(&["--positions", "t.gpkg", "--sightings", "t.gpkg"]);
    let info = common::ogrinfo(&["-so"], &both.path().join("t.gpkg"));
    assert!(
        info.contains("positions (Point)") && info.contains("sightings (Point)"),
        "{info}"
    );
}

#[test]
fn positions_are_where_places_the_leg_at_their_times() {
    let fc = layer_of(&std::fs::read_to_string(ANGARA).unwrap(), "positions", &[]);
    for f in features(&fc).iter().step_by(4) {
        let time = f["properties"]["time"].as_str().unwrap();
        let rows = common::json(&["where", ANGARA, "--at", time, "--format", "json"]);
        let xy = &f["geometry"]["coordinates"];
        for (k, key) in ["lon", "lat"].iter().enumerate() {
            let (at, there) = (xy[k].as_f64().unwrap(), rows[0][key].as_f64().unwrap());
            // where rounds to 5 decimals, the layer to 6.
            assert!((at - there).abs() <= 6e-6, "{time} {key}: {at} vs {there}");
        }
        let observed = f["properties"]["observed"] == 1;
        assert_eq!(rows[0]["part"] == "observed", observed, "{time}");
    }
}
