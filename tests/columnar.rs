//! FlatGeobuf and GeoParquet read back by independent readers and compared with the GeoJSON
//! of the same routes: GDAL's FlatGeobuf driver (`ogrinfo`) and pyarrow
//! (`tests/geoparquet_check.py`). Both readers are required: scripts/test.sh installs them,
//! and a test fails, not skips, when one is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use corridor::schema::{ColumnType, leg_columns};
use serde_json::Value;

const ROUTES: &str = "tests/data/golden/routes";
const PLACES: &str = "tests/data/golden/places.tsv";

/// Builds the test routes into `dir/name`, with `extra` arguments.
fn build_into(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut args = vec!["build", ROUTES, "--gazetteer", PLACES, "-o"];
    args.push(path.to_str().unwrap());
    args.extend_from_slice(extra);
    common::ok(&args);
    path
}

/// The GeoJSON FeatureCollection of the same routes, with `extra` arguments.
fn reference(dir: &Path, extra: &[&str]) -> (PathBuf, Value) {
    let path = build_into(dir, "reference.geojson", extra);
    let fc = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    (path, fc)
}

/// GDAL's name for a column's type in the FlatGeobuf driver.
fn gdal_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "String",
        ColumnType::Integer => "Integer",
        ColumnType::Real => "Real",
        ColumnType::Date | ColumnType::DateTime => "DateTime",
    }
}

/// How `ogrinfo` prints a value of the reference GeoJSON.
fn gdal_value(ty: ColumnType, v: &Value) -> String {
    match ty {
        ColumnType::Integer => v.to_string(),
        // GDAL prints reals in their shortest form: 93 for 93.0.
        ColumnType::Real => v.as_f64().unwrap().to_string(),
        ColumnType::Date => format!("{} 00:00:00", v.as_str().unwrap().replace('-', "/")),
        ColumnType::DateTime => {
            let t = v.as_str().unwrap().trim_end_matches('Z');
            format!("{}+00", t.replace('-', "/").replace('T', " "))
        }
        ColumnType::Text => v.as_str().unwrap().to_string(),
    }
}

/// The schema as `ogrinfo -so` lists it: leg_id, then every leg column in order.
fn expected_fields() -> String {
    let field = |name: &str, ty: ColumnType, nullable: bool| {
        let not_null = if nullable { "" } else { " NOT NULL" };
        format!("{name}: {} (0.0){not_null}\n", gdal_type(ty))
    };
    let mut fields = field("leg_id", ColumnType::Text, false);
    for c in leg_columns(false) {
        fields += &field(c.name, c.ty, c.nullable);
    }
    fields
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn gdal_reads_flatgeobuf_as_the_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_into(dir.path(), "c.fgb", &[]);
    let (_, fc) = reference(dir.path(), &[]);
    let features = fc["features"].as_array().unwrap();
    let info = common::ogrinfo(&["-so", "-al"], &path);
    for line in [
        "Geometry: Multi Line String\n".to_string(),
        format!("Feature Count: {}\n", features.len()),
        "    ID[\"EPSG\",4326]]\n".to_string(),
        expected_fields(),
    ] {
        assert!(info.contains(&line), "{line:?} in\n{info}");
    }
    let info = common::ogrinfo(&["-al", "-q"], &path);
    let blocks: Vec<&str> = info.split("OGRFeature(").skip(1).collect();
    assert_eq!(blocks.len(), features.len());
    for f in features {
        let id = f["id"].as_str().unwrap();
        let block = blocks
            .iter()
            .find(|b| b.contains(&format!("  leg_id (String) = {id}\n")))
            .unwrap_or_else(|| panic!("{id} in\n{info}"));
        check_fgb_feature(block, f);
    }
}

/// One feature as `ogrinfo` prints it against the GeoJSON feature: every value that is not
/// null, none of those that are, and the same coordinates as a MULTILINESTRING.
fn check_fgb_feature(block: &str, f: &Value) {
    for c in leg_columns(false) {
        let v = &f["properties"][c.name];
        let start = format!("  {} ({}) = ", c.name, gdal_type(c.ty));
        if v.is_null() {
            assert!(!block.contains(&start), "{start} null in\n{block}");
        } else {
            let line = format!("{start}{}\n", gdal_value(c.ty, v));
            assert!(block.contains(&line), "{line:?} in\n{block}");
        }
    }
    let wkt = block
        .lines()
        .find_map(|l| l.trim().strip_prefix("MULTILINESTRING (("));
    let coords = wkt.unwrap_or_else(|| panic!("a MULTILINESTRING in\n{block}"));
    let parts: Vec<Vec<[f64; 2]>> = coords
        .trim_end_matches("))")
        .split("),(")
        .map(|part| {
            let point = |p: &str| {
                let xy: Vec<f64> = p.split(' ').map(|n| n.parse().unwrap()).collect();
                [xy[0], xy[1]]
            };
            part.split(',').map(point).collect()
        })
        .collect();
    let geometry = &f["geometry"];
    let reference: Vec<Vec<[f64; 2]>> = match geometry["type"].as_str().unwrap() {
        "LineString" => vec![serde_json::from_value(geometry["coordinates"].clone()).unwrap()],
        _ => serde_json::from_value(geometry["coordinates"].clone()).unwrap(),
    };
    assert_eq!(parts, reference, "{}", f["id"]);
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn flatgeobuf_records_the_target_crs() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_into(dir.path(), "c.fgb", &["--crs", "EPSG:3857"]);
    let info = common::ogrinfo(&["-so", "-al"], &path);
    assert!(info.contains("    ID[\"EPSG\",3857]]\n"), "{info}");
    assert!(info.contains(&expected_fields()), "{info}");
}

/// Runs tests/geoparquet_check.py (pyarrow) on a GeoParquet file against its reference.
fn check_geoparquet(parquet: &Path, reference: &Path, crs: &str) {
    let columns: Vec<(&str, &str, bool)> = leg_columns(false)
        .iter()
        .map(|c| (c.name, c.ty.as_str(), c.nullable))
        .collect();
    let out = Command::new("python3")
        .arg("tests/geoparquet_check.py")
        .args([parquet, reference])
        .arg(crs)
        .arg(serde_json::to_string(&columns).unwrap())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pyarrow_reads_geoparquet_as_the_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let path = build_into(dir.path(), "c.parquet", &[]);
    let (reference, _) = reference(dir.path(), &[]);
    check_geoparquet(&path, &reference, "none");
}

#[test]
fn geoparquet_carries_the_target_crs_as_projjson() {
    let dir = tempfile::tempdir().unwrap();
    let crs = ["--crs", "EPSG:3857"];
    let path = build_into(dir.path(), "c.parquet", &crs);
    let (reference, _) = reference(dir.path(), &[&crs[..], &["--allow-non-rfc7946"]].concat());
    check_geoparquet(&path, &reference, "EPSG:3857");
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["c.fgb", "c.parquet"] {
        let first = std::fs::read(build_into(dir.path(), name, &[])).unwrap();
        let second = std::fs::read(build_into(dir.path(), name, &[])).unwrap();
        assert!(first == second, "{name} differs between two runs");
    }
}

#[test]
fn binary_formats_need_a_file_name() {
    for (format, message) in [
        (
            "fgb",
            "error: a FlatGeobuf is a binary file: give it a name with -o FILE.fgb",
        ),
        (
            "geoparquet",
            "error: a GeoParquet file is a binary file: give it a name with -o FILE.parquet",
        ),
    ] {
        let out = common::run(&["build", ROUTES, "--gazetteer", PLACES, "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{err}");
    }
    let out = common::run(&["build", ROUTES, "--gazetteer", PLACES, "-o", "x.shp"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".gpkg, .fgb and .parquet"), "{err}");
}
