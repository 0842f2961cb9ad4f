//! PROJ: reprojected output and places given in other CRSs, against pyproj.
//!
//! Expected values: pyproj 3.7.2 with PROJ 9.5.1 (Python), `Transformer.from_crs(a, b,
//! always_xy=True).transform(x, y)`; corridor bundles PROJ 9.6.2.

use corridor::crs::{CrsRef, Transform, place_to_wgs84};

mod common;
use common::run as corridor;

fn close(a: (f64, f64), b: (f64, f64), tol: f64) -> bool {
    (a.0 - b.0).abs() <= tol && (a.1 - b.1).abs() <= tol
}

#[test]
fn projects_wgs84_to_web_mercator_utm_and_arctic_laea() {
    for (crs, lonlat, expected) in [
        (
            "EPSG:3857",
            (27.5667, 53.9),
            (3068711.0068509346, 7151240.192854465),
        ),
        (
            "EPSG:32635",
            (27.5667, 53.9),
            (537235.7124457236, 5972544.496526117),
        ),
        (
            "EPSG:3576",
            (37.6173, 55.7558),
            (-2981527.569571648, -2297519.8133201483),
        ),
    ] {
        let t = Transform::from_wgs84(&CrsRef::parse(crs).unwrap()).unwrap();
        let got = t.apply(lonlat).unwrap();
        assert!(
            close(got, expected, 0.001),
            "{crs}: {got:?} vs {expected:?}"
        );
    }
}

#[test]
fn pulkovo_and_gauss_krueger_places_convert_to_wgs84() {
    // Pulkovo 1942 geographic (EPSG:4284) → WGS84: (37.615425482887275, 55.75584266166338).
    let (lat, lon) = place_to_wgs84("EPSG:4284", 37.6173, 55.7558).unwrap();
    assert!(
        close((lon, lat), (37.615425482887275, 55.75584266166338), 1e-6),
        "{lon} {lat}"
    );
    // Gauss–Krüger zone 7 (EPSG:28407) easting/northing → (37.612862230532514, 55.74370360717052).
    let (lat, lon) = place_to_wgs84("EPSG:28407", 7413000.0, 6181000.0).unwrap();
    assert!(
        close((lon, lat), (37.612862230532514, 55.74370360717052), 1e-6),
        "{lon} {lat}"
    );
}

#[test]
fn bad_crs_references_are_errors() {
    assert!(
        CrsRef::parse("3857")
            .unwrap_err()
            .contains("AUTHORITY:CODE")
    );
    assert!(Transform::from_wgs84(&CrsRef::parse("EPSG:999999").unwrap()).is_err());
}

#[test]
fn inline_places_in_a_route_file_are_converted_on_load() {
    let out = corridor(&[
        "build",
        "tests/data/crs/pulkovo.toml",
        "--places",
        "/dev/null",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let coords = fc["features"][0]["geometry"]["coordinates"]
        .as_array()
        .unwrap();
    let first = (
        coords[0][0].as_f64().unwrap(),
        coords[0][1].as_f64().unwrap(),
    );
    let last = coords.last().unwrap();
    let last = (last[0].as_f64().unwrap(), last[1].as_f64().unwrap());
    assert!(close(first, (37.615425, 55.755843), 1e-6), "{first:?}");
    assert!(close(last, (37.612862, 55.743704), 1e-6), "{last:?}");
}

#[test]
fn gazetteer_rows_may_carry_projected_coordinates() {
    let out = corridor(&[
        "places",
        "show",
        "utm-test",
        "--gazetteer",
        "tests/data/crs/utm_gazetteer.tsv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // UTM 52N (EPSG:32652) 500000 E 4700000 N → (128.99999999999997, 42.4523309607672).
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("lat, lon")).unwrap();
    let nums: Vec<f64> = line[8..]
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    assert!(
        close((nums[1], nums[0]), (129.0, 42.4523309607672), 1e-7),
        "{line}"
    );
}

#[test]
fn geopackage_output_in_another_crs_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laea.gpkg");
    let out = corridor(&[
        "build",
        "tests/data/golden/routes",
        "--gazetteer",
        "tests/data/golden/places.tsv",
        "--crs",
        "EPSG:3576",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = rusqlite::Connection::open(&path).unwrap();
    let (name, def): (String, String) = db
        .query_row(
            "SELECT srs_name, definition FROM gpkg_spatial_ref_sys WHERE srs_id = 3576",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(name.contains("North Pole LAEA Russia"), "{name}");
    assert!(def.starts_with("PROJCS["), "{def}");
    let srs: i64 = db
        .query_row(
            "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'legs'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(srs, 3576);
}

#[test]
fn geojson_in_another_crs_needs_an_explicit_non_rfc_switch() {
    let args = [
        "build",
        "tests/data/golden/routes",
        "--gazetteer",
        "tests/data/golden/places.tsv",
        "--crs",
        "EPSG:3857",
    ];
    let out = corridor(&args);
    assert_eq!(out.status.code(), Some(2), "command-line misuse");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-non-rfc7946"));
    let mut with = args.to_vec();
    with.push("--allow-non-rfc7946");
    let out = corridor(&with);
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        fc["crs"]["properties"]["name"],
        "urn:ogc:def:crs:EPSG::3857"
    );
}

#[test]
fn each_leg_keeps_its_own_line_when_reprojected() {
    // Every leg's own line, moved: point for point the WGS84 line's, through PROJ.
    let wgs84 = ["build", "tests/data/golden/routes", "--gazetteer"];
    let args = [&wgs84[..], &["tests/data/golden/places.tsv"]].concat();
    let lines = |extra: &[&str]| -> Vec<Vec<Vec<(f64, f64)>>> {
        let out = corridor(&[&args[..], extra].concat());
        let fc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let features = fc["features"].as_array().unwrap().iter();
        let point = |p: &serde_json::Value| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        let part = |l: &serde_json::Value| l.as_array().unwrap().iter().map(point).collect();
        features
            .map(|f| match f["geometry"]["type"].as_str() {
                Some("LineString") => vec![part(&f["geometry"]["coordinates"])],
                _ => f["geometry"]["coordinates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(part)
                    .collect(),
            })
            .collect()
    };
    let (lonlat, moved) = (
        lines(&[]),
        lines(&["--crs", "EPSG:3857", "--allow-non-rfc7946"]),
    );
    let t = Transform::from_wgs84(&CrsRef::parse("EPSG:3857").unwrap()).unwrap();
    assert_eq!(lonlat.len(), moved.len());
    for (i, (a, b)) in lonlat.iter().zip(&moved).enumerate() {
        let counts = |l: &Vec<Vec<(f64, f64)>>| l.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(counts(a), counts(b), "leg {i}");
        let ends = a.iter().flatten().zip(b.iter().flatten()).step_by(7);
        for (p, q) in ends {
            assert!(
                close(t.apply(*p).unwrap(), *q, 0.01),
                "leg {i}: {p:?} -> {q:?}"
            );
        }
    }
}
