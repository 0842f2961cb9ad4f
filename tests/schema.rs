//! One schema whatever the data: the README's column table is `corridor::schema`, and two
//! runs on different routes write byte-identical schemas in every format that has one (the
//! GeoPackage's tables, the CSV header and its `.csvt`, KML's `Schema`, FlatGeobuf's header;
//! GDAL's reading of each), so one run appends to another.

use std::path::Path;
use std::process::Command;

use corridor::schema::{ColumnType, leg_columns};
use serde_json::Value;

mod common;

#[test]
fn the_readme_table_is_the_schema() {
    let table = common::readme_table("Feature `id` is `<route id>/<leg number>`.");
    assert_eq!(table, common::schema_rows(leg_columns(true)));
}

/// Two route sets that differ in every way a data-driven schema would show: (a) a Pacific
/// air leg cut at ±180 and a rail leg on the network, every optional field given; (b) one
/// air leg with no optional field at all.
fn route_sets(dir: &Path) -> [std::path::PathBuf; 2] {
    let a = dir.join("a.toml");
    std::fs::write(
        &a,
        r#"id = "a"
title = "Pacific and rail"
corridor = "test"
confidence = "B2"
legs_connect = false
[[legs]]
mode = "air"
from = "VVO"
to = "ANC"
start = "2024-01-02"
end = "2024-01-03"
trips = 3
quantity = { value = 12, unit = "t" }
cargo = "parts"
vehicle = { kind = "aircraft", registration = "RA-1" }
notes = "n"
[[legs]]
mode = "rail"
from = "Minsk"
to = "Moscow"
"#,
    )
    .unwrap();
    let b = dir.join("b.toml");
    std::fs::write(
        &b,
        "id = \"b\"\ntitle = \"Short\"\n[[legs]]\nmode = \"air\"\nfrom = \"MSQ\"\nto = \"SVO\"\n",
    )
    .unwrap();
    [a, b]
}

/// The SQL that creates the GeoPackage's layer tables and their geometry columns.
fn gpkg_schema(path: &Path) -> String {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut q = db
        .prepare(
            "SELECT sql FROM sqlite_master WHERE name IN ('legs', 'places', 'routes') \
             UNION ALL SELECT table_name || ' ' || geometry_type_name FROM gpkg_geometry_columns",
        )
        .unwrap();
    let rows = q.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

/// `ogrinfo -so -al` without the lines that depend on the data (counts, extents, credits).
fn gdal_schema(path: &Path) -> String {
    let out = Command::new("ogrinfo")
        .args(["-so", "-al"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("INFO") && !l.contains("using driver"))
        .filter(|l| !l.starts_with("Feature Count") && !l.starts_with("Extent"))
        .filter(|l| !l.contains("CREDITS="))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `build` of one route set into `dir/name`.
fn build(routes: &Path, dir: &Path, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    common::ok(&[
        "build",
        routes.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    out
}

#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs GDAL's ogrinfo, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn two_different_route_sets_write_one_schema() {
    common::require_ogrinfo();
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = route_sets(dir.path());
    let (da, db) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&da).unwrap();
    std::fs::create_dir_all(&db).unwrap();
    let gpkg = [build(&a, &da, "x.gpkg"), build(&b, &db, "x.gpkg")];
    assert_eq!(gpkg_schema(&gpkg[0]), gpkg_schema(&gpkg[1]));
    assert!(gpkg_schema(&gpkg[0]).contains("legs MULTILINESTRING"));
    for name in ["x.gpkg", "x.kml", "x.csv", "x.fgb"] {
        let (pa, pb) = (build(&a, &da, name), build(&b, &db, name));
        let (sa, sb) = (gdal_schema(&pa), gdal_schema(&pb));
        assert_eq!(sa, sb, "{name}");
        // The columns GDAL sees carry the schema's types, not text.
        for (field, ty) in [
            ("trips", "Integer"),
            ("quantity", "Real"),
            ("snap_to_km", "Real"),
        ] {
            assert!(
                sa.contains(&format!("{field}: {ty}")),
                "{name}: {field}\n{sa}"
            );
        }
    }
    let header = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(header(&da.join("x.csv")), header(&db.join("x.csv")));
    assert_eq!(
        std::fs::read(da.join("x.csvt")).unwrap(),
        std::fs::read(db.join("x.csvt")).unwrap()
    );
}

/// The GeoJSON has no schema of its own: its properties carry every column, in order, each
/// value null or of the column's type.
#[test]
fn geojson_properties_follow_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    for routes in route_sets(dir.path()) {
        let fc = common::json(&["build", routes.to_str().unwrap()]);
        for f in fc["features"].as_array().unwrap() {
            let props = f["properties"].as_object().unwrap();
            let names: Vec<&str> = props.keys().map(String::as_str).collect();
            let columns = leg_columns(false);
            assert_eq!(names, columns.iter().map(|c| c.name).collect::<Vec<_>>());
            for (c, v) in columns.iter().zip(props.values()) {
                let ok = match (v, c.ty) {
                    (Value::Null, _) => c.nullable,
                    (Value::String(_), ColumnType::Text | ColumnType::Date) => true,
                    (Value::Number(n), ColumnType::Integer) => n.is_i64() || n.is_u64(),
                    (Value::Number(n), ColumnType::Real) => n.is_f64(),
                    _ => false,
                };
                assert!(ok, "{} = {v} is not a {:?}", c.name, c.ty);
            }
        }
    }
}
