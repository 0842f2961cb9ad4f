//! The bundled routes' GeoJSON, GeoPackage and KML opened in real QGIS by
//! `scripts/qgis_check.py`: valid layers, geometry types, CRS, vertices, `distance_km`, sea legs
//! clear of the repository's Natural Earth 10m land away from their ports, the styles corridor
//! ships (legs categorised by mode with the temporal settings, places and routes labelled,
//! credits in the notes), the time layers in the temporal controller, and a rendered map.
//! Runs where `/usr/bin/python3` (or `$QGIS_PYTHON`) has PyQGIS (Debian's `qgis` and
//! `python3-qgis`, which scripts/test.sh installs); fails where it cannot import qgis.core.

use std::process::Command;

use serde_json::Value;

mod common;
use common::ok as corridor;

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs QGIS (PyQGIS), which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn bundled_routes_open_cleanly_in_qgis_and_sea_legs_follow_water() {
    let python = std::env::var("QGIS_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let has_qgis = Command::new(&python)
        .args(["-c", "import qgis.core"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .is_ok_and(|out| out.status.success());
    assert!(
        has_qgis,
        "{python} cannot import qgis.core, which this test needs: run scripts/test.sh (it \
         installs qgis and python3-qgis) or set QGIS_PYTHON"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let geojson = path("corridors.geojson");
    corridor(&[
        "build",
        "routes",
        "-o",
        &geojson,
        "--places",
        &path("places.geojson"),
    ]);
    // The GeoPackage with its time layers in it (every 6 h, the default); FlatGeobuf legs and
    // positions every 12 h, the sightings as GeoJSON.
    let gpkg = path("corridors.gpkg");
    corridor(&[
        "build",
        "routes",
        "-o",
        &gpkg,
        "--positions",
        &gpkg,
        "--sightings",
        &gpkg,
    ]);
    corridor(&["build", "routes", "-o", &path("corridors.kml")]);
    corridor(&[
        "build",
        "routes",
        "-o",
        &path("corridors.fgb"),
        "--positions",
        &path("positions.fgb"),
        "--sightings",
        &path("sightings.geojson"),
        "--every",
        "12h",
    ]);

    let fc: Value = serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    let sea: Vec<&str> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["mode"] == "sea")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!sea.is_empty(), "the bundled routes have sea legs");

    let out = Command::new(&python)
        .arg("scripts/qgis_check.py")
        .arg(dir.path())
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("\n0 failure(s)"), "{stdout}");
    for id in sea {
        // One line per layer that has the leg: the GeoJSON, the GeoPackage's legs, the KML,
        // the FlatGeobuf.
        let ok = stdout
            .lines()
            .map(str::trim_start)
            .filter(|line| {
                line.strip_prefix("sea leg ")
                    .and_then(|rest| rest.strip_prefix(id))
                    .is_some_and(|rest| rest.starts_with([':', ' ']))
                    && line.ends_with("-> OK")
            })
            .count();
        assert_eq!(ok, 4, "{id} is OK in every format:\n{stdout}");
    }
    // The styles corridor ships were applied on opening: the .qml beside the GeoJSON and
    // FlatGeobuf files and the GeoPackage's layer_styles, for legs, places, routes and the
    // time layers; QGIS's temporal controller shows each position in the frame of its time.
    let styled = [
        ("legs", 3),
        ("places", 2),
        ("routes", 1),
        ("positions", 2),
        ("sightings", 2),
    ];
    for (kind, n) in styled {
        let styled = stdout
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with(&format!("{kind} style ")) && l.ends_with("-> OK"))
            .count();
        assert_eq!(
            styled, n,
            "{kind} styled as corridor styles them:\n{stdout}"
        );
    }
    let png = std::fs::metadata(dir.path().join("map.png")).expect("map.png rendered");
    assert!(png.len() > 10_000, "map.png has a map in it");
}
