//! Every output format with a place for credits carries the right ones: the bundled routes
//! (rail legs on the network, sea legs on the lanes) credit OpenStreetMap (ODbL) and MARNET;
//! a route of one air leg credits neither. GeoJSONSeq and CSV have no place for them.

use std::path::Path;

mod common;
use common::ok as corridor;

const OSM: &str = "© OpenStreetMap contributors (ODbL 1.0";
const MARNET: &str = "Eurostat SeaRoute / MARNET";
const AIR_ONLY: &str = "routes/air-china-cargo-minsk-2018.toml";

/// The text of every output of `build` (GeoJSON, its places and both `.qml` styles, KML,
/// the GeoPackage's metadata and styles) and of `render` for `routes`, joined per format.
fn outputs(routes: &str, dir: &Path) -> Vec<(&'static str, String)> {
    let path = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    corridor(&[
        "build",
        routes,
        "-o",
        &path("legs.geojson"),
        "--places",
        &path("places.geojson"),
    ]);
    corridor(&["build", routes, "-o", &path("legs.kml")]);
    corridor(&["build", routes, "-o", &path("legs.gpkg")]);
    let db = rusqlite::Connection::open(dir.join("legs.gpkg")).unwrap();
    let metadata: String = db
        .query_row(
            "SELECT group_concat(metadata) FROM gpkg_metadata",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .unwrap()
        .unwrap_or_default();
    let styles: String = db
        .query_row(
            "SELECT group_concat(styleQML) FROM layer_styles WHERE f_table_name = 'legs'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let legs: serde_json::Value = serde_json::from_str(&read("legs.geojson")).unwrap();
    let mut out = vec![
        ("geojson", legs["credits"].to_string()),
        ("legs.qml", read("legs.qml")),
        ("kml", read("legs.kml")),
        ("gpkg metadata", metadata),
        ("gpkg legs style", styles),
    ];
    corridor(&["preview", routes, "-o", &path("map.html")]);
    out.push(("preview", read("map.html")));
    if cfg!(feature = "render") {
        corridor(&["render", routes, "-o", &path("map.svg")]);
        out.push(("svg", read("map.svg")));
    }
    out
}

#[test]
fn bundled_routes_credit_openstreetmap_and_marnet_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for (format, text) in outputs("routes", dir.path()) {
        assert!(
            text.contains(OSM),
            "{format} credits OpenStreetMap:\n{text}"
        );
        assert!(text.contains(MARNET), "{format} credits MARNET:\n{text}");
    }
    let places = std::fs::read_to_string(dir.path().join("places.geojson")).unwrap();
    let places: serde_json::Value = serde_json::from_str(&places).unwrap();
    let credits = places["credits"].to_string();
    assert!(credits.contains("GeoNames (CC BY 4.0"), "{credits}");
    let qml = std::fs::read_to_string(dir.path().join("places.qml")).unwrap();
    assert!(qml.contains("GeoNames (CC BY 4.0"), "{qml}");
}

#[test]
fn an_air_leg_credits_neither_openstreetmap_nor_marnet() {
    let dir = tempfile::tempdir().unwrap();
    for (format, text) in outputs(AIR_ONLY, dir.path()) {
        assert!(!text.contains("OpenStreetMap"), "{format}:\n{text}");
        assert!(!text.contains("MARNET"), "{format}:\n{text}");
    }
    // Its airports' positions come from OurAirports, which is credited.
    let legs = std::fs::read_to_string(dir.path().join("legs.geojson")).unwrap();
    let legs: serde_json::Value = serde_json::from_str(&legs).unwrap();
    assert_eq!(
        legs["credits"],
        serde_json::json!(["OurAirports (public domain, https://ourairports.com)"])
    );
}

#[test]
fn sequences_and_csv_have_no_credits() {
    let text = |args: &[&str]| String::from_utf8(corridor(args).stdout).unwrap();
    for format in ["geojsonseq", "geojsonl", "csv"] {
        let out = text(&["build", "routes", "--format", format]);
        assert!(!out.contains("OpenStreetMap"), "{format}");
    }
}
