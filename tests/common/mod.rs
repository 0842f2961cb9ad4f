//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::process::{Command, Output};

use corridor::places::Gazetteer;

/// The text of a gzipped file of the repository (`path` from its root).
pub fn gunzipped(path: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Runs the built `corridor` binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .output()
        .expect("corridor runs")
}

/// Fails the test unless `ogrinfo` (GDAL) runs: a check that needs an external reader must
/// not pass by skipping it.
pub fn require_ogrinfo() {
    let ok = Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "ogrinfo (GDAL) is needed by this test: run scripts/test.sh, which installs it, or `apt-get install gdal-bin`"
    );
}

/// `ogrinfo` with `args` on `path`; its standard output, after checking it said nothing on
/// standard error (GDAL's warnings included).
pub fn ogrinfo(args: &[&str], path: &std::path::Path) -> String {
    require_ogrinfo();
    let out = Command::new("ogrinfo")
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.trim().is_empty(), "{err}");
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the built `corridor` binary and fails the test, with its stderr, unless it succeeds.
pub fn ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "corridor {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs the built `corridor` binary, which must succeed, and parses its stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&ok(args).stdout).expect("JSON on stdout")
}

/// (lon, lat) of a bundled gazetteer entry.
pub fn at(id: &str) -> (f64, f64) {
    let p = Gazetteer::bundled()
        .get(id)
        .unwrap_or_else(|| panic!("{id} in the gazetteer"));
    (p.lon, p.lat)
}

/// A leg of a GeoJSON FeatureCollection: id, properties and the coordinates of each part.
pub struct Leg {
    pub id: String,
    pub properties: serde_json::Value,
    pub parts: Vec<Vec<(f64, f64)>>,
}

/// `corridor build routes` on the bundled routes: the FeatureCollection and stderr.
pub fn build_bundled() -> (serde_json::Value, String) {
    let out = ok(&["build", "routes"]);
    let fc = serde_json::from_slice(&out.stdout).expect("GeoJSON on stdout");
    (fc, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The legs of one mode, LineStrings and MultiLineStrings alike.
pub fn legs(fc: &serde_json::Value, mode: &str) -> Vec<Leg> {
    let features = fc["features"].as_array().expect("features");
    let point = |c: &serde_json::Value| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    let line = |l: &serde_json::Value| l.as_array().unwrap().iter().map(point).collect();
    features
        .iter()
        .filter(|f| f["properties"]["mode"] == mode)
        .map(|f| {
            let g = &f["geometry"];
            let parts = if g["type"] == "LineString" {
                vec![line(&g["coordinates"])]
            } else {
                g["coordinates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(line)
                    .collect()
            };
            Leg {
                id: f["id"].as_str().unwrap_or("").to_string(),
                properties: f["properties"].clone(),
                parts,
            }
        })
        .collect()
}

/// The README's table under `heading` as (name, type, nullable) rows.
pub fn readme_table(heading: &str) -> Vec<(String, String, bool)> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = readme.split(heading).nth(1).expect("the table's heading");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].into(), cells[1].into(), cells[2] == "yes")
        })
        .collect()
}

/// Schema columns as the README's (name, type, nullable) rows.
pub fn schema_rows(columns: &[corridor::schema::Column]) -> Vec<(String, String, bool)> {
    columns
        .iter()
        .map(|c| (c.name.into(), c.ty.as_str().into(), c.nullable))
        .collect()
}
