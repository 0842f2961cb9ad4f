//! Every output format read back by an independent reader: the `kml`, `wkt`, `csv` and
//! `geojson` crates and SQLite here, and GDAL's `ogrinfo` (which the GDAL tests require).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use corridor::schema::ColumnType;

use serde_json::Value;

const ROUTES: &str = "tests/data/golden/routes";
const PLACES: &str = "tests/data/golden/places.tsv";

fn build(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", ROUTES, "--gazetteer", PLACES];
    args.extend_from_slice(extra);
    common::ok(&args)
}

/// Builds the test routes into a file named `name` in a new temporary directory (kept alive
/// by the returned handle).
fn build_to_file(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    build(&["-o", path.to_str().unwrap()]);
    (dir, path)
}

/// The reference: the GeoJSON FeatureCollection, by feature id.
fn reference() -> Vec<Value> {
    let fc: Value = serde_json::from_slice(&build(&[]).stdout).unwrap();
    fc["features"].as_array().unwrap().clone()
}

fn vertex_count(geometry: &Value) -> usize {
    match geometry["type"].as_str().unwrap() {
        "LineString" => geometry["coordinates"].as_array().unwrap().len(),
        _ => geometry["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_array().unwrap().len())
            .sum(),
    }
}

#[test]
fn geojsonseq_records_are_rs_prefixed_features() {
    let out = String::from_utf8(build(&["--format", "geojsonseq"]).stdout).unwrap();
    let reference = reference();
    let records: Vec<&str> = out.split_terminator('\n').collect();
    assert_eq!(records.len(), reference.len());
    for (rec, expected) in records.iter().zip(&reference) {
        let json = rec.strip_prefix('\u{1e}').expect("RS prefix");
        let f = geojson::Feature::from_str(json).expect("a GeoJSON Feature");
        assert_eq!(
            serde_json::to_value(&f).unwrap()["properties"],
            expected["properties"]
        );
    }
}

#[test]
fn csv_rows_carry_the_properties_and_wkt_geometry() {
    let out = build(&["--format", "csv"]).stdout;
    let mut r = csv::Reader::from_reader(&out[..]);
    let header = r.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    assert_eq!(&header[header.len() - 1], "wkt");
    let reference = reference();
    for (row, expected) in r.records().zip(&reference) {
        let row = row.unwrap();
        assert_eq!(&row[0], expected["id"].as_str().unwrap());
        let distance = header.iter().position(|h| h == "distance_km").unwrap();
        assert_eq!(
            row[distance].parse::<f64>().unwrap(),
            expected["properties"]["distance_km"].as_f64().unwrap()
        );
        let geom: wkt::Wkt<f64> = wkt::Wkt::from_str(&row[header.len() - 1]).expect("valid WKT");
        let n = match geom {
            wkt::Wkt::LineString(l) => l.coords().len(),
            wkt::Wkt::MultiLineString(m) => m.line_strings().iter().map(|l| l.coords().len()).sum(),
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(n, vertex_count(&expected["geometry"]));
    }
}

#[test]
fn csv_flows_has_the_columns_kepler_and_flowmap_read() {
    let dir = tempfile::tempdir().unwrap();
    build(&["--format", "csv-flows", "-o", dir.path().to_str().unwrap()]);
    let mut loc = csv::Reader::from_path(dir.path().join("locations.csv")).unwrap();
    assert_eq!(loc.headers().unwrap(), vec!["id", "name", "lat", "lon"]);
    let ids: Vec<String> = loc.records().map(|r| r.unwrap()[0].to_string()).collect();
    let mut flows = csv::Reader::from_path(dir.path().join("flows.csv")).unwrap();
    assert_eq!(
        &flows.headers().unwrap().iter().take(6).collect::<Vec<_>>(),
        &["origin", "dest", "count", "mode", "time", "tonnes"]
    );
    let rows: Vec<csv::StringRecord> = flows.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert!(
            ids.contains(&r[0].to_string()) && ids.contains(&r[1].to_string()),
            "flows refer to locations"
        );
    }
    let road = rows.iter().find(|r| &r[3] == "road").unwrap();
    // Tonnes always carry a decimal point, so readers type the column Real.
    assert_eq!((&road[2], &road[5]), ("3", "5500.0"));
}

#[test]
fn kml_has_a_folder_of_legs_and_a_folder_of_places() {
    let out = String::from_utf8(build(&["--format", "kml"]).stdout).unwrap();
    let elements = kml_document_elements(&out);
    let folders: Vec<&Vec<kml::Kml<f64>>> = elements
        .iter()
        .filter_map(|e| {
            if let kml::Kml::Folder(f) = e {
                Some(&f.elements)
            } else {
                None
            }
        })
        .collect();
    // One layer each in GDAL and QGIS, with one schema, whatever the routes.
    assert_eq!(folders.len(), 2, "the legs and the places");
    let placemarks: Vec<&kml::types::Placemark<f64>> =
        folders[0].iter().filter_map(placemark).collect();
    assert_eq!(placemarks.len(), 4);
    // The antimeridian leg stays cut: two LineStrings whose ends lie on ±180.
    let reference = reference();
    for (p, expected) in placemarks.iter().zip(&reference) {
        assert_eq!(
            kml_vertex_count(p.geometry.as_ref().unwrap()),
            vertex_count(&expected["geometry"])
        );
    }
    assert!(!out.contains("tessellate"));
    // SchemaData: the GeoJSON's properties, in its order, nulls left out.
    for (p, expected) in placemarks.iter().zip(&reference) {
        assert_eq!(
            extended_data(p),
            properties_as_text(&expected["properties"])
        );
    }
    check_place_placemark(folders[1]);
}

/// The top-level elements of a KML file's Document.
fn kml_document_elements(out: &str) -> Vec<kml::Kml<f64>> {
    let doc: kml::Kml<f64> = out.parse().expect("KML parses");
    let kml::Kml::KmlDocument(doc) = doc else {
        panic!("a KML document")
    };
    let Some(kml::Kml::Document { elements, .. }) = doc.elements.into_iter().next() else {
        panic!("a Document")
    };
    elements
}

/// The element as a Placemark, if it is one.
fn placemark(e: &kml::Kml<f64>) -> Option<&kml::types::Placemark<f64>> {
    match e {
        kml::Kml::Placemark(p) => Some(p),
        _ => None,
    }
}

/// The vertices of a KML LineString, or of the LineStrings in a MultiGeometry.
fn kml_vertex_count(geometry: &kml::types::Geometry<f64>) -> usize {
    match geometry {
        kml::types::Geometry::LineString(l) => l.coords.len(),
        kml::types::Geometry::MultiGeometry(m) => m
            .geometries
            .iter()
            .map(|g| {
                if let kml::types::Geometry::LineString(l) = g {
                    l.coords.len()
                } else {
                    0
                }
            })
            .sum(),
        other => panic!("unexpected {other:?}"),
    }
}

/// GeoJSON properties as the (name, text) pairs KML's ExtendedData carries: in order, nulls
/// left out, strings unquoted.
fn properties_as_text(properties: &Value) -> Vec<(String, String)> {
    properties
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_string)))
        .collect()
}

/// The places folder's first Placemark: the inline Anchorage, its country from the bundled
/// borders.
fn check_place_placemark(folder: &[kml::Kml<f64>]) {
    let place = folder.iter().find_map(placemark).unwrap();
    let data = extended_data(place);
    assert_eq!(
        data[..3],
        [
            ("id".into(), "inline:anchorage@61.21810,-149.90030".into()),
            ("name".into(), "Anchorage".into()),
            ("kind".into(), "facility".into())
        ]
    );
    // An inline place's country comes from the bundled borders.
    assert!(
        data.iter().any(|(k, v)| k == "country" && v == "US"),
        "{data:?}"
    );
}

/// A Placemark's `<ExtendedData><SchemaData>` as (name, value) pairs, in document order.
fn extended_data(p: &kml::types::Placemark<f64>) -> Vec<(String, String)> {
    p.children
        .iter()
        .filter(|e| e.name == "ExtendedData")
        .flat_map(|e| &e.children)
        .filter(|e| e.name == "SchemaData")
        .flat_map(|e| &e.children)
        .filter(|d| d.name == "SimpleData")
        .map(|d| {
            (
                d.attrs["name"].clone(),
                d.content.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Markup characters in properties survive both the ExtendedData and the description.
#[test]
fn kml_escapes_markup_in_properties() {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("escape.toml");
    std::fs::write(
        &route,
        r#"id = "escape-test"
title = "Tom & Jerry's <\"route\">"
[[legs]]
mode = "air"
from = { name = "Depot <1> & co", lat = 50.0, lon = 30.0 }
to = { name = "Yard \"2\"", lat = 51.0, lon = 31.0 }
notes = "a < b && b > c ]]> end"
"#,
    )
    .unwrap();
    let run = || {
        let out = common::ok(&["build", route.to_str().unwrap(), "--format", "kml"]);
        String::from_utf8(out.stdout).unwrap()
    };
    let out = run();
    assert_eq!(out, run(), "deterministic");
    let elements = kml_document_elements(&out);
    let leg = elements
        .iter()
        .find_map(|e| match e {
            kml::Kml::Folder(f) => f.elements.iter().find_map(placemark),
            _ => None,
        })
        .unwrap();
    let data = extended_data(leg);
    for (k, v) in [
        ("route_title", "Tom & Jerry's <\"route\">"),
        ("from_name", "Depot <1> & co"),
        ("to_name", "Yard \"2\""),
        ("notes", "a < b && b > c ]]> end"),
    ] {
        assert!(data.contains(&(k.into(), v.into())), "{k} in {data:?}");
    }
    let description = leg.description.as_deref().unwrap();
    assert!(description.contains("<td>a &lt; b &amp;&amp; b &gt; c ]]&gt; end</td>"));
}

/// Reads the GeoPackage with SQLite and decodes its geometry blobs by the OGC encoding.
#[test]
fn geopackage_tables_follow_the_spec() {
    let (_dir, path) = build_to_file("corridors.gpkg");
    let db = rusqlite::Connection::open(&path).unwrap();
    check_gpkg_layers(&db);
    check_gpkg_column_types(&db);
    let rtree: i64 = db
        .query_row("SELECT count(*) FROM rtree_legs_geom", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rtree, 4);
    check_gpkg_geometry_blob(&db);
    let totals: (i64, f64) = db
        .query_row(
            "SELECT trips, distance_km FROM routes WHERE route_id = 'minsk-moscow-test'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(totals.0, 4);
    assert!((totals.1 - 1355.0).abs() < 0.5);
}

/// The file says it is a GeoPackage, and its contents list the three layers in WGS 84.
fn check_gpkg_layers(db: &rusqlite::Connection) {
    let app: i64 = db
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, 0x4750_4B47, "'GPKG'");
    let layers: Vec<(String, String, i64)> = db
        .prepare("SELECT c.table_name, g.geometry_type_name, c.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g USING (table_name) ORDER BY 1")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        layers,
        vec![
            ("legs".into(), "MULTILINESTRING".into(), 4326),
            ("places".into(), "POINT".into(), 4326),
            ("routes".into(), "MULTILINESTRING".into(), 4326)
        ]
    );
}

/// The declared types of the legs' and routes' columns, and the fid as the rowid.
fn check_gpkg_column_types(db: &rusqlite::Connection) {
    let types = string_pairs(db, "SELECT name, type FROM pragma_table_info('legs')");
    for (col, ty) in [
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("distance_km", "REAL"),
        ("leg", "MEDIUMINT"),
        ("trips", "MEDIUMINT"),
        ("mode", "TEXT"),
    ] {
        assert!(
            types.contains(&(col.to_string(), ty.to_string())),
            "{col} {ty} in {types:?}"
        );
    }
    let fid: (String, i64) = db
        .query_row(
            "SELECT type, pk FROM pragma_table_info('legs') WHERE name = 'fid'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(fid, ("INTEGER".into(), 1), "the fid stays the rowid");
    let route_types = string_pairs(
        db,
        "SELECT name, type FROM pragma_table_info('routes') WHERE name IN ('legs', 'trips')",
    );
    assert_eq!(
        route_types,
        [
            ("legs".into(), "MEDIUMINT".into()),
            ("trips".into(), "MEDIUMINT".into())
        ]
    );
}

/// The rows of a query of two text columns.
fn string_pairs(db: &rusqlite::Connection, sql: &str) -> Vec<(String, String)> {
    db.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The antimeridian leg's blob: GeoPackageBinary "GP", version 0, flags 0b11 (envelope
/// [minx,maxx,miny,maxy], little-endian), then a little-endian WKB MultiLineString of two parts.
fn check_gpkg_geometry_blob(db: &rusqlite::Connection) {
    let blob: Vec<u8> = db
        .query_row(
            "SELECT geom FROM legs WHERE leg_id = 'pacific-test/1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(&blob[..4], &[b'G', b'P', 0, 3]);
    assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
    let wkb = &blob[8 + 32..];
    assert_eq!(wkb[0], 1);
    assert_eq!(
        u32::from_le_bytes(wkb[1..5].try_into().unwrap()),
        5,
        "MultiLineString"
    );
    assert_eq!(
        u32::from_le_bytes(wkb[5..9].try_into().unwrap()),
        2,
        "two parts, cut at ±180"
    );
}

/// GDAL reads every format (needs `ogrinfo`; the test fails without it).
#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn gdal_opens_every_format_without_warnings() {
    common::require_ogrinfo();
    let dir = tempfile::tempdir().unwrap();
    for (file, layers) in [
        // legs, places, routes and the attributes table layer_styles (QGIS's styles).
        ("c.gpkg", 4),
        ("c.kml", 2),
        ("c.geojsons", 1),
        ("c.geojsonl", 1),
        ("c.geojson", 1),
    ] {
        let path = dir.path().join(file);
        build(&["-o", path.to_str().unwrap()]);
        let out = Command::new("ogrinfo")
            .args(["-so", "-al"])
            .arg(Path::new(&path))
            .output()
            .unwrap();
        let (info, err) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            out.status.success() && !err.contains("Warning") && !err.contains("ERROR"),
            "{file}: {err}"
        );
        assert_eq!(
            info.matches("Layer name:").count(),
            layers,
            "{file}:\n{info}"
        );
        // Counts are 32-bit Integer columns, as GDAL reads them from the GeoJSON.
        if file.ends_with(".gpkg") || file.ends_with(".geojson") {
            for field in ["leg: Integer (0.0)", "trips: Integer (0.0)"] {
                assert!(info.contains(field), "{file}: {field}\n{info}");
            }
            assert!(!info.contains("Integer64"), "{file}:\n{info}");
        }
    }
}

/// GDAL's LIBKML driver reads the SchemaData as typed attribute columns (as QGIS shows
/// them): the schema's types, KML having no date type.
#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn gdal_reads_kml_extended_data_as_columns() {
    common::require_ogrinfo();
    let (_dir, path) = build_to_file("c.kml");
    let out = Command::new("ogrinfo")
        .args(["-al", "-q"])
        .arg(&path)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let columns = corridor::schema::leg_columns(false);
    for f in reference() {
        for (c, (k, v)) in columns.iter().zip(f["properties"].as_object().unwrap()) {
            assert_eq!(c.name, k);
            if v.is_null() {
                continue;
            }
            let (ty, text) = match c.ty {
                ColumnType::Integer => ("Integer", v.to_string()),
                // GDAL prints reals in its shortest form: 93 for 93.0.
                ColumnType::Real => ("Real", v.as_f64().unwrap().to_string()),
                _ => ("String", v.as_str().unwrap().to_string()),
            };
            let line = format!("  {k} ({ty}) = {text}\n");
            assert!(info.contains(&line), "{line:?} in\n{info}");
        }
    }
    assert!(info.contains("  kind (String) = seaport\n"), "places too");
}

#[test]
fn geojsonl_is_one_feature_per_line_and_unknown_extensions_are_refused() {
    let (dir, path) = build_to_file("c.geojsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains('\u{1e}'), "no RS separators in .geojsonl");
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["type"], "Feature");
    }
    // An extension corridor does not write is an error, not GeoJSON under that name.
    for name in ["x.shp", "x.txt"] {
        let path = dir.path().join(name);
        let out = common::run(&[
            "build",
            ROUTES,
            "--gazetteer",
            PLACES,
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot tell the output format") && err.contains("--format"),
            "{err}"
        );
        assert!(!path.exists(), "{name} written");
    }
}

/// The QGIS styles: a `.qml` beside a GeoJSON output and its `--places` (well-formed, the
/// legs categorised by mode), none beside other formats, and the GeoPackage's
/// `layer_styles`, one default style per layer, registered as an attributes table; the
/// GeoPackage stays byte-identical between runs.
#[test]
fn qgis_styles_go_beside_geojson_and_into_the_geopackage() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    build(&["-o", &path("legs.geojson"), "--places", &path("p.geojson")]);
    build(&["-o", &path("legs.csv")]);
    for (name, renderer) in [("legs.qml", "categorizedSymbol"), ("p.qml", "singleSymbol")] {
        let qml = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let parse = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&qml, parse).unwrap();
        let r = doc.descendants().find(|n| n.has_tag_name("renderer-v2"));
        assert_eq!(
            r.and_then(|r| r.attribute("type")),
            Some(renderer),
            "{name}"
        );
    }
    assert!(!dir.path().join("legs.csv.qml").exists());
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(
        files, 7,
        "legs.geojson, legs.qml, p.geojson, p.qml, legs.csv, legs.csvt, legs.prj"
    );

    build(&["-o", &path("a.gpkg")]);
    build(&["-o", &path("b.gpkg")]);
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert!(
        read("a.gpkg") == read("b.gpkg"),
        "byte-identical GeoPackages"
    );
    let db = rusqlite::Connection::open(dir.path().join("a.gpkg")).unwrap();
    let styles = string_pairs(
        &db,
        "SELECT f_table_name, useAsDefault || ' ' || update_time FROM layer_styles ORDER BY id",
    );
    let default = "1 2000-01-01T00:00:00.000Z".to_string();
    let names = ["legs", "places", "routes"].map(String::from);
    assert_eq!(styles, names.map(|n| (n, default.clone())));
    let contents = string_pairs(
        &db,
        "SELECT data_type, identifier FROM gpkg_contents WHERE table_name = 'layer_styles'",
    );
    assert_eq!(contents, [("attributes".into(), "layer_styles".into())]);
}
