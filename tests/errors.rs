//! Every bad input gets a one-line `file:line:col: message` naming what to do, a non-zero
//! exit, no panic and no partial output file.

use std::process::Output;

mod common;
use common::run as corridor;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `corridor check` on one bad file and checks the exit code, the location and the words.
fn assert_problem(file: &str, extra: &[&str], location: &str, words: &[&str]) {
    let path = format!("tests/data/bad/{file}");
    let mut args = vec!["check", path.as_str()];
    args.extend_from_slice(extra);
    let out = corridor(&args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{file}: exit {:?}\n{err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{file} panicked:\n{err}");
    let expected = format!("{path}:{location}: ");
    let line = err
        .lines()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("{file}: no line starting {expected:?} in:\n{err}"));
    for w in words {
        assert!(line.contains(w), "{file}: {w:?} missing from {line:?}");
    }
}

#[test]
fn unknown_place_suggests_close_names() {
    assert_problem(
        "unknown_place.toml",
        &[],
        "7:6",
        &["unknown place \"Minskk\"", "did you mean", "Minsk"],
    );
}

#[test]
fn unknown_mode_lists_the_modes() {
    assert_problem(
        "bad_mode.toml",
        &[],
        "4:8",
        &["unknown mode \"plane\"", "air, rail, sea or road"],
    );
}

#[test]
fn swapped_coordinates_are_named_as_such() {
    assert_problem("swapped.toml", &[], "5:8", &["swapped"]);
}

#[test]
fn reversed_dates() {
    assert_problem(
        "dates_reversed.toml",
        &[],
        "7:9",
        &["after it ends", "swap start and end"],
    );
}

#[test]
fn legs_that_do_not_connect() {
    assert_problem(
        "not_connected.toml",
        &[],
        "10:8",
        &["leg 2 starts at", "legs_connect = false"],
    );
}

#[test]
fn unknown_quantity_unit() {
    assert_problem(
        "bad_unit.toml",
        &[],
        "7:12",
        &["unknown unit \"barrels\"", "wagons"],
    );
}

#[test]
fn toml_syntax_error_points_at_the_line() {
    assert_problem("syntax.toml", &[], "4:13", &["README"]);
}

#[test]
fn misspelt_field() {
    assert_problem("unknown_field.toml", &[], "7:1", &["cargoo"]);
}

#[test]
fn impossible_date() {
    assert_problem("bad_date.toml", &[], "7:9", &["month 13", "YYYY-MM-DD"]);
}

#[test]
fn zero_trips() {
    assert_problem("zero_trips.toml", &[], "7:9", &["at least 1"]);
}

#[test]
fn route_without_legs() {
    assert_problem("no_legs.toml", &[], "1:6", &["no legs"]);
}

#[test]
fn path_point_out_of_range() {
    assert_problem(
        "bad_path.toml",
        &[],
        "7:23",
        &["lon 200 is out of range", "[lon, lat]"],
    );
}

#[test]
fn confidence_must_be_an_admiralty_code() {
    assert_problem("bad_confidence.toml", &[], "2:14", &["Admiralty"]);
}

#[test]
fn csv_rows_report_line_and_column() {
    assert_problem(
        "bad_legs.csv",
        &[],
        "3:10",
        &["unknown mode \"hovercraft\""],
    );
    assert_problem("bad_legs.csv", &[], "4:15", &["swapped"]);
    assert_problem("bad_legs.csv", &[], "4:39", &["trips \"x\""]);
}

#[test]
fn not_utf8() {
    let out = corridor(&["check", "tests/data/bad/not_utf8.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("tests/data/bad/not_utf8.toml:2:10: not UTF-8: byte 0xFF")
            && stderr(&out).contains(": not UTF-8: byte 0x"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ambiguous_names_list_the_candidates() {
    assert_problem(
        "ambiguous.toml",
        &["--gazetteer", "tests/data/bad/ambiguous_gazetteer.tsv"],
        "5:8",
        &["ambiguous", "test-springfield-1", "test-springfield-2"],
    );
}

#[test]
fn a_bad_gazetteer_file_names_its_line() {
    let out = corridor(&[
        "places",
        "search",
        "Minsk",
        "--gazetteer",
        "tests/data/bad/bad_gazetteer.tsv",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("tests/data/bad/bad_gazetteer.tsv:3:18: lat 153.9 is out of range"),
        "{err}"
    );
}

#[test]
fn missing_route_file() {
    let out = corridor(&["check", "tests/data/bad/nope.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nope.toml: no such file or folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_problem_in_a_folder_is_reported_in_one_run() {
    let out = corridor(&["check", "tests/data/bad"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains("panicked"));
    // One line per problem, each located in a file.
    for line in err.lines() {
        assert!(line.starts_with("tests/data/bad/"), "{line}");
    }
    for f in [
        "bad_mode.toml",
        "bad_unit.toml",
        "swapped.toml",
        "bad_legs.csv",
        "syntax.toml",
    ] {
        assert!(err.contains(f), "{f} not reported:\n{err}");
    }
}

#[test]
fn a_failed_build_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.geojson");
    let out = corridor(&[
        "build",
        "tests/data/bad/bad_mode.toml",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary files left"
    );
}

#[test]
fn unknown_subcommand_values_are_usage_errors() {
    let out = corridor(&["distances", "--units", "furlongs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("furlongs"));
}

#[test]
fn a_path_that_misses_its_places() {
    assert_problem(
        "path_far_from_places.toml",
        &[],
        "3:1",
        &["path starts", "km from Port of Rajin", "[lon, lat]"],
    );
}

#[test]
fn a_leg_that_goes_nowhere() {
    assert_problem(
        "same_place.toml",
        &[],
        "3:1",
        &["starts and ends at Port of Rajin", "via"],
    );
}

#[test]
fn a_sea_path_over_land_is_refused_unless_lenient() {
    assert_problem(
        "sea_path_over_land.toml",
        &[],
        "5:1",
        &["sea path crosses land", "points 1 and 2", "lenient = true"],
    );
    let out = corridor(&[
        "check",
        "tests/data/bad/sea_path_over_land.toml",
        "--lenient",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: leg 1's sea path crosses land"));
}

#[test]
fn a_sea_path_wholly_on_land_is_refused_unless_lenient() {
    assert_problem(
        "sea_path_inland.toml",
        &[],
        "7:1",
        &[
            "sea path lies on land",
            "points 1 and 2",
            "[lon, lat]",
            "lenient = true",
        ],
    );
    let out = corridor(&["check", "tests/data/bad/sea_path_inland.toml", "--lenient"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: leg 1's sea path lies on land"));
}

#[test]
fn a_sea_connector_over_land_is_refused_unless_lenient() {
    assert_problem(
        "sea_port_inland.toml",
        &[],
        "6:1",
        &[
            "from the nearest sea lane",
            "seaport, not a city centre",
            "lenient = true",
        ],
    );
    let out = corridor(&["check", "tests/data/bad/sea_port_inland.toml", "--lenient"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_rail_leg_far_from_the_network_is_refused_unless_lenient() {
    assert_problem(
        "rail_off_network.toml",
        &[],
        "6:1",
        &["Duisburg", "km from the nearest railway", "lenient = true"],
    );
    let out = corridor(&["check", "tests/data/bad/rail_off_network.toml", "--lenient"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_rail_cost_must_be_a_distance() {
    assert_problem(
        "bad_rail_cost.toml",
        &[],
        "9:19",
        &["gauge_change_km = -5", "between 0 and 100000"],
    );
}
