//! How corridor writes its outputs and reports failing to: through FIFOs, devices and
//! symbolic links without replacing them; no temporary file left after an error or a
//! signal; sets of files renamed together; standard output and error that are full or
//! closed; XML that parses whatever the titles hold; CSV that spreadsheets do not run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use corridor::features::{Antimeridian, Feature, Style, leg_feature};
use corridor::places::{Gazetteer, Place};
use corridor::plan::{PlanOptions, places_used, plan};
use corridor::routes::toml_file;

const BIN: &str = env!("CARGO_BIN_EXE_corridor");

/// One road leg between two inline places west of Greenwich (negative longitudes), with
/// text a spreadsheet would run as formulas.
const FORMULAS: &str = r#"
id = "formulas"
title = "=HYPERLINK(\"http://example.com\",\"click\")"
[[legs]]
mode = "road"
from = { name = "@Depot", lat = 40.5, lon = -70.25 }
to = { name = "+Yard", lat = 41.5, lon = -71.25 }
cargo = "-2+3"
notes = "\tcmd"
"#;

/// A small valid route: one air leg between bundled airports.
const ROUTE: &str = r#"
id = "minsk-moscow"
title = "Minsk to Moscow"
[[legs]]
mode = "air"
from = "minsk-national-airport"
to = "sheremetyevo"
"#;

/// A folder holding `route.toml` with `text`.
fn route_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("route.toml");
    std::fs::write(&route, text).unwrap();
    (dir, route)
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("corridor runs")
}

fn ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "corridor {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A new folder `folder` in `root` holding `file` with the text "old"; its path.
fn folder_with_old_file(root: &Path, folder: &str, file: &str) -> PathBuf {
    let path = root.join(folder);
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join(file), "old").unwrap();
    path
}

/// The names in `dir` that look like corridor's temporaries.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("corridor-tmp"))
        .collect()
}

/// The features and places of `toml`, planned with the bundled gazetteer.
fn drawn(toml: &str) -> (Vec<Feature>, Vec<Place>) {
    let routes = [toml_file::parse("route.toml", toml).unwrap()];
    let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default())
        .unwrap()
        .legs;
    let features = legs
        .iter()
        .map(|l| leg_feature(l, Antimeridian::Cut, Style::None))
        .collect();
    (features, places_used(&legs))
}

/// The characters XML 1.0 forbids, in a title, a name and a note.
const FORBIDDEN: &str = "Minsk\u{1} to\u{b} Moscow\u{fffe}\u{ffff}";

/// `drawn(ROUTE)` with forbidden characters in every text a map or KML shows.
fn drawn_with_controls() -> (Vec<Feature>, Vec<Place>) {
    let (mut features, mut places) = drawn(ROUTE);
    for f in &mut features {
        for key in ["route_title", "from_name", "notes", "cargo"] {
            assert!(f.properties.set(key, FORBIDDEN.into()));
        }
        f.id = format!("{}\u{1}", f.id);
    }
    places[0].name = FORBIDDEN.into();
    (features, places)
}

// ---- XML: control characters -------------------------------------------------------------

#[test]
fn kml_with_control_characters_in_titles_parses() {
    let (features, places) = drawn_with_controls();
    let doc = corridor::writers::kml::kml("name\u{1}", &features, &places);
    let xml = roxmltree::Document::parse(&doc).expect("well-formed XML");
    assert!(
        xml.descendants()
            .any(|n| n.text() == Some("Minsk\u{fffd} to\u{fffd} Moscow\u{fffd}\u{fffd}"))
    );
    let kml: kml::Kml = doc.parse().expect("the kml crate reads it");
    assert!(matches!(kml, kml::Kml::KmlDocument(_)));
}

#[cfg(feature = "render")]
#[test]
fn svg_with_control_characters_parses_and_renders() {
    use corridor::render::svg::{MapOptions, Weight, map_svg};
    let (features, places) = drawn_with_controls();
    let opts = MapOptions {
        title: FORBIDDEN.into(),
        width: 600.0,
        crs: None,
        weight: Weight::default(),
        credits: vec![],
        graticule: None,
    };
    let svg = map_svg(&features, &places, &opts).unwrap();
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let png = corridor::render::svg_to_png(&svg).expect("rendered");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn xml_escape_keeps_every_allowed_character() {
    use corridor::writers::xml::escape;
    let allowed = "\t\n\r ~\u{7f}\u{85}\u{d7ff}\u{e000}\u{fffd}\u{10000}\u{10ffff}";
    assert_eq!(escape(allowed), allowed);
    for c in [
        '\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{fffe}', '\u{ffff}',
    ] {
        assert_eq!(escape(&c.to_string()), "\u{fffd}", "{c:?}");
    }
}

// ---- CSV: formula injection ---------------------------------------------------------------

/// Every cell of `csv` by column name, row by row.
fn cells(csv: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .map(String::from)
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn legs_csv_neutralises_formulas_and_keeps_numbers() {
    let (_dir, route) = route_dir(FORMULAS);
    let out = ok(&["build", s(&route), "--format", "csv"]);
    let rows = cells(&String::from_utf8(out.stdout).unwrap());
    let row = &rows[0];
    assert_eq!(
        row["route_title"],
        "'=HYPERLINK(\"http://example.com\",\"click\")"
    );
    assert_eq!(row["from_name"], "'@Depot");
    assert_eq!(row["to_name"], "'+Yard");
    assert_eq!(row["cargo"], "'-2+3");
    assert_eq!(row["notes"], "'\tcmd");
    assert!(row["distance_km"].parse::<f64>().unwrap() > 100.0);
    assert!(row["wkt"].starts_with("LINESTRING (-70.25 40.5"));
}

#[test]
fn flow_csvs_neutralise_names_and_keep_negative_coordinates() {
    let (dir, route) = route_dir(FORMULAS);
    let flows = dir.path().join("flows");
    ok(&["build", s(&route), "--format", "csv-flows", "-o", s(&flows)]);
    let locations = cells(&std::fs::read_to_string(flows.join("locations.csv")).unwrap());
    assert_eq!(locations[0]["name"], "'@Depot");
    assert_eq!(locations[0]["lon"], "-70.25");
    assert_eq!(locations[1]["name"], "'+Yard");
    assert_eq!(locations[1]["lon"], "-71.25");
}

#[test]
fn distance_table_csv_neutralises_names() {
    let (_dir, route) = route_dir(FORMULAS);
    let out = ok(&["distances", s(&route), "--format", "csv"]);
    let rows = cells(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[0]["from"], "'@Depot");
    assert_eq!(rows[0]["to"], "'+Yard");
    // JSON is not a spreadsheet: the names stay as written.
    let json = ok(&["distances", s(&route), "--format", "json"]).stdout;
    assert!(String::from_utf8(json).unwrap().contains("\"@Depot\""));
}

#[test]
fn place_search_csv_keeps_negative_coordinates_as_numbers() {
    let out = ok(&[
        "places", "search", "Havana", "--limit", "1", "--format", "csv",
    ]);
    let rows = cells(&String::from_utf8(out.stdout).unwrap());
    assert!(rows[0]["lon"].starts_with("-82."), "{:?}", rows[0]);
}

// ---- Several files: renamed as a set --------------------------------------------------------

#[test]
fn a_failed_output_leaves_the_places_file_untouched_and_no_temporary() {
    let (dir, route) = route_dir(ROUTE);
    let places = dir.path().join("places.geojson");
    std::fs::write(&places, "old").unwrap();
    let out = run(&[
        "build",
        s(&route),
        "--places",
        s(&places),
        "-o",
        s(&dir.path().join("missing/legs.geojson")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert_eq!(std::fs::read_to_string(&places).unwrap(), "old");
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn flow_csvs_are_all_replaced_or_none() {
    let (dir, route) = route_dir(ROUTE);
    let flows = folder_with_old_file(dir.path(), "flows", "locations.csv");
    // flows.csv cannot be replaced: it is a folder.
    std::fs::create_dir(flows.join("flows.csv")).unwrap();
    let out = run(&["build", s(&route), "--format", "csv-flows", "-o", s(&flows)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("flows.csv: cannot write"));
    assert_eq!(
        std::fs::read_to_string(flows.join("locations.csv")).unwrap(),
        "old"
    );
    assert!(temporaries(&flows).is_empty(), "{:?}", temporaries(&flows));
}

#[test]
fn flow_csvs_and_places_are_written_together() {
    let (dir, route) = route_dir(ROUTE);
    let flows = dir.path().join("new/flows");
    let places = dir.path().join("places.geojson");
    std::fs::create_dir(dir.path().join("new")).unwrap();
    ok(&[
        "build",
        s(&route),
        "--format",
        "csv-flows",
        "-o",
        s(&flows),
        "--places",
        s(&places),
    ]);
    assert!(
        std::fs::read_to_string(flows.join("flows.csv"))
            .unwrap()
            .contains("minsk-moscow")
    );
    assert!(
        std::fs::read_to_string(flows.join("locations.csv"))
            .unwrap()
            .contains("sheremetyevo")
    );
    assert!(
        std::fs::read_to_string(&places)
            .unwrap()
            .contains("FeatureCollection")
    );
    assert!(temporaries(&flows).is_empty() && temporaries(dir.path()).is_empty());
}

#[test]
fn a_gpkg_replaces_the_old_file_and_leaves_no_journal() {
    let (dir, route) = route_dir(ROUTE);
    let gpkg = dir.path().join("legs.gpkg");
    std::fs::write(&gpkg, "old").unwrap();
    ok(&["build", s(&route), "-o", s(&gpkg)]);
    assert!(
        std::fs::read(&gpkg)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

// ---- Standard output and error --------------------------------------------------------------

#[cfg(unix)]
fn dev_full() -> Stdio {
    Stdio::from(std::fs::File::create("/dev/full").unwrap())
}

#[cfg(unix)]
#[test]
fn a_full_standard_output_is_an_error() {
    let (_dir, route) = route_dir(ROUTE);
    let out = Command::new(BIN)
        .args(["distances", s(&route)])
        .stdout(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write to standard output: No space left"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_full_standard_error_does_not_panic() {
    // An unreadable route: the error message goes nowhere, the status still says it.
    let out = Command::new(BIN)
        .args(["build", "no-such-route.toml"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Both full: still status 1, not a panic's 101.
    let out = Command::new(BIN)
        .args(["distances", "no-such-route.toml"])
        .stdout(dev_full())
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn a_full_standard_error_with_success_is_still_a_success() {
    let (_dir, route) = route_dir(ROUTE);
    let out = Command::new(BIN)
        .args(["check", s(&route), "--explain", "--format", "json"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("sheremetyevo"));
}

#[test]
fn a_reader_that_stops_early_makes_a_quiet_failure() {
    use std::io::Read;
    let mut child = Command::new(BIN)
        .args(["build", "routes"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The output (some 80 kB) is larger than a pipe holds: the write fails however early
    // or late the reader goes.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    assert!(!err.contains("error") && !err.contains("panicked"), "{err}");
}

// ---- FIFOs, devices, symbolic links ---------------------------------------------------------

#[cfg(unix)]
#[test]
fn dev_stdout_is_written_through() {
    let (_dir, route) = route_dir(ROUTE);
    let plain = ok(&["build", s(&route)]).stdout;
    let through = ok(&["build", s(&route), "-o", "/dev/stdout"]).stdout;
    assert_eq!(plain, through);
}

#[cfg(unix)]
#[test]
fn devices_are_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let (_dir, route) = route_dir(ROUTE);
    // What /dev/null is before: on a shared test machine an older corridor run as root may
    // already have replaced it; whatever it is, this run must not change it.
    let null_was_device = std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device();
    ok(&[
        "build",
        s(&route),
        "-o",
        "/dev/null",
        "--places",
        "/dev/stdout",
    ]);
    let null = std::fs::metadata("/dev/null").unwrap();
    assert_eq!(
        null.file_type().is_char_device(),
        null_was_device,
        "/dev/null was replaced"
    );
    // /dev/zero takes writes as /dev/null does, and nothing else writes to it.
    ok(&["build", s(&route), "-o", "/dev/zero", "--format", "geojson"]);
    let zero = std::fs::metadata("/dev/zero").unwrap();
    assert!(zero.file_type().is_char_device(), "/dev/zero was replaced");
}

#[cfg(unix)]
#[test]
fn a_full_device_is_a_write_error() {
    let (_dir, route) = route_dir(ROUTE);
    let out = run(&["build", s(&route), "-o", "/dev/full"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/dev/full: cannot write"));
}

/// A FIFO in a new folder.
#[cfg(unix)]
fn fifo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    (dir, fifo)
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_through_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let (_dir, route) = route_dir(ROUTE);
    let (dir, fifo) = fifo();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    ok(&["build", s(&route), "-o", s(&fifo), "--format", "geojson"]);
    assert!(reader.join().unwrap().contains("minsk-moscow"));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(temporaries(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_and_its_target_is_replaced() {
    let (dir, route) = route_dir(ROUTE);
    let real = folder_with_old_file(dir.path(), "real", "legs.geojson");
    let link = dir.path().join("legs.geojson");
    std::os::unix::fs::symlink("real/legs.geojson", &link).unwrap();
    ok(&["build", s(&route), "-o", s(&link)]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(real.join("legs.geojson"))
            .unwrap()
            .contains("minsk-moscow")
    );
    assert!(temporaries(dir.path()).is_empty() && temporaries(&real).is_empty());
}

#[cfg(unix)]
#[test]
fn a_dangling_symbolic_link_gets_its_target_created() {
    let (dir, route) = route_dir(ROUTE);
    let link = dir.path().join("legs.geojson");
    std::os::unix::fs::symlink("out/corridors.geojson", &link).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    ok(&["build", s(&route), "-o", s(&link)]);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let made = std::fs::read_to_string(dir.path().join("out/corridors.geojson")).unwrap();
    assert!(made.contains("minsk-moscow"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_an_error() {
    let (dir, route) = route_dir(ROUTE);
    let a = dir.path().join("a.geojson");
    std::os::unix::fs::symlink("b.geojson", &a).unwrap();
    std::os::unix::fs::symlink("a.geojson", dir.path().join("b.geojson")).unwrap();
    let out = run(&["build", s(&route), "-o", s(&a)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

// ---- Signals and kill -9 --------------------------------------------------------------------

/// Starts `build` writing `legs.geojson` in a new folder and `--places` into a FIFO nobody
/// reads: the legs' temporary file is complete and corridor waits, before any rename, for
/// the FIFO to open. Returns the folder and the process, once the temporary exists.
#[cfg(unix)]
fn blocked_build() -> (tempfile::TempDir, PathBuf, std::process::Child) {
    let (dir, fifo) = fifo();
    let route = dir.path().join("route.toml");
    std::fs::write(&route, ROUTE).unwrap();
    let legs = dir.path().join("legs.geojson");
    std::fs::write(&legs, "old").unwrap();
    let child = Command::new(BIN)
        .args(["build", s(&route), "-o", s(&legs), "--places", s(&fifo)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    // The legs' temporary comes after their QGIS style's (legs.qml).
    while !temporaries(dir.path())
        .iter()
        .any(|t| t.contains("legs.geojson"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no temporary appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (dir, legs, child)
}

#[cfg(unix)]
fn interrupt(signal: &str, number: i32) {
    use std::os::unix::process::ExitStatusExt;
    let (dir, legs, mut child) = blocked_build();
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    assert!(kill.unwrap().success());
    let status = child.wait().unwrap();
    // Dies of the signal (the shell shows 128 + its number).
    assert!(
        status.signal() == Some(number) || status.code() == Some(128 + number),
        "{status:?}"
    );
    assert!(
        temporaries(dir.path()).is_empty(),
        "{:?}",
        temporaries(dir.path())
    );
    assert_eq!(std::fs::read_to_string(&legs).unwrap(), "old");
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_write_removes_the_temporary() {
    interrupt("-INT", 2);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_write_removes_the_temporary() {
    interrupt("-TERM", 15);
}

#[cfg(target_os = "linux")]
#[test]
fn a_temporary_left_by_kill_9_goes_with_the_next_write() {
    let (dir, legs, mut child) = blocked_build();
    child.kill().unwrap(); // SIGKILL: nothing runs
    child.wait().unwrap();
    // The legs' and their QGIS style's (legs.qml).
    let left = temporaries(dir.path());
    assert_eq!(left.len(), 2, "{left:?}");
    // A recent one may belong to a process on another machine: only old ones go.
    ok(&["build", s(&dir.path().join("route.toml")), "-o", s(&legs)]);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    for stale in left.iter().map(|t| dir.path().join(t)) {
        assert!(stale.exists(), "a fresh temporary was removed");
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    ok(&["build", s(&dir.path().join("route.toml")), "-o", s(&legs)]);
    assert!(
        temporaries(dir.path()).is_empty(),
        "{:?}",
        temporaries(dir.path())
    );
    assert!(
        std::fs::read_to_string(&legs)
            .unwrap()
            .contains("minsk-moscow")
    );
}
