//! Behaviours that keep large inputs linear, checked without timing anything (timing lives in
//! scripts/bench_scale.py): a name repeated on many rows is reported once, duplicate ids among
//! thousands of routes are all found, a corridor flown thousands of times is planned the same
//! every time, a path of 100,000 points reads and plans.

mod common;

use std::fmt::Write;

use common::run;
use corridor::places::Gazetteer;
use corridor::plan::{PlanOptions, plan};
use corridor::routes::csv_file;

fn stderr_lines(args: &[&str]) -> Vec<String> {
    let out = run(args);
    assert!(!out.status.success(), "corridor {args:?} should fail");
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn a_misspelt_name_on_99_rows_is_one_problem_naming_the_other_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("legs.csv");
    let mut csv = String::from("route,mode,from,to\n");
    for i in 0..99 {
        writeln!(csv, "r{i},air,Minskk,Sheremetyevo").unwrap();
    }
    std::fs::write(&file, csv).unwrap();
    let lines = stderr_lines(&["check", file.to_str().unwrap()]);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let name = file.display().to_string();
    assert!(
        lines[0].starts_with(&format!("{name}:2:")),
        "at the first row: {}",
        lines[0]
    );
    assert!(
        lines[0].contains("unknown place \"Minskk\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("; also at lines 3, 4, 5, 6, 7 and 93 more"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_misspelt_name_in_two_files_names_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.csv", "b.csv"] {
        let text = format!("route,mode,from,to\n{name}-r,rail,Minsk,Moskwaa\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let lines = stderr_lines(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let b = dir.path().join("b.csv").display().to_string();
    assert!(
        lines[0].ends_with(&format!("; also at {b}:2")),
        "{}",
        lines[0]
    );
}

/// A CSV of `n` sea legs from `from` to `to`, one route a row.
fn sea_rows(dir: &std::path::Path, n: usize, from: &str, to: &str) -> String {
    let file = dir.join("legs.csv");
    let mut csv = String::from("route,mode,from,to\n");
    for i in 0..n {
        writeln!(csv, "r{i},sea,{from},{to}").unwrap();
    }
    std::fs::write(&file, csv).unwrap();
    file.display().to_string()
}

#[test]
fn a_warning_repeated_on_30_legs_is_printed_once_naming_the_other_rows() {
    // Vanino's connector to the lanes is 53 km long (over the `SNAP_WARN_KM` of 50 km):
    // a warning for every leg from it, which 30 rows would print 30 times.
    let dir = tempfile::tempdir().unwrap();
    let name = sea_rows(dir.path(), 30, "vanino-port", "vladivostok-port");
    let out = run(&["check", &name]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<String> = stderr.lines().map(String::from).collect();
    let line = one_merged_line(
        &lines,
        &format!("{name}:2:1: warning: leg 1: Port of Vanino"),
        "; also at lines 3, 4, 5, 6, 7 and 24 more",
    );
    assert!(line.contains("from the nearest sea lane"), "{line}");
}

/// The one line of `lines`, which starts with `start` and ends with `end`.
fn one_merged_line<'a>(lines: &'a [String], start: &str, end: &str) -> &'a str {
    assert_eq!(lines.len(), 1, "{lines:#?}");
    let line = lines[0].as_str();
    assert!(line.starts_with(start) && line.ends_with(end), "{line}");
    line
}

#[test]
fn a_refusal_repeated_on_12_legs_is_one_problem() {
    // Astrakhan is on the Caspian: no sea path to the Baltic without naming an inland
    // waterway, the same refusal for every row.
    let dir = tempfile::tempdir().unwrap();
    let name = sea_rows(dir.path(), 12, "astrakhan-port", "ust-luga-port");
    let lines = stderr_lines(&["check", &name]);
    one_merged_line(
        &lines,
        &format!("{name}:2:1: leg 1: no sea path"),
        "; also at lines 3, 4, 5, 6, 7 and 6 more",
    );
}

#[test]
fn duplicate_ids_among_20000_routes_are_each_reported() {
    let dir = tempfile::tempdir().unwrap();
    for (name, from) in [("a.csv", "Minsk"), ("b.csv", "Grodno")] {
        let mut csv = String::from("route,mode,from,to\n");
        for i in 0..10_000 {
            writeln!(csv, "route-{i},road,{from},Moscow").unwrap();
        }
        std::fs::write(dir.path().join(name), csv).unwrap();
    }
    let lines = stderr_lines(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(lines.len(), 10_000);
    let a = dir.path().join("a.csv").display().to_string();
    assert!(
        lines.iter().any(|l| l.ends_with(&format!(
            "route id \"route-9999\" is already used in {a}:10001; route ids must be unique"
        ))),
        "{}",
        lines[0]
    );
}

#[test]
fn a_corridor_used_by_thousands_of_legs_is_planned_the_same_for_each() {
    let mut csv = String::from("route,legs_connect,mode,from,to,via\n");
    for i in 0..2_000 {
        let (from, to) = if i % 2 == 0 {
            ("port-of-saint-petersburg", "kaliningrad-port")
        } else {
            ("kaliningrad-port", "port-of-saint-petersburg")
        };
        writeln!(csv, "shuttle,false,sea,{from},{to},").unwrap();
        writeln!(csv, "train-{i},true,rail,Minsk,Moscow,Smolensk").unwrap();
    }
    let routes = csv_file::parse("legs.csv", &csv).unwrap();
    let gazetteer = Gazetteer::bundled();
    let legs = plan(&routes, &gazetteer, &PlanOptions::default())
        .unwrap()
        .legs;
    assert_eq!(legs.len(), 4_000);
    // Planned once each on their own, the same legs give the same lines and distances.
    let alone = |i: usize| {
        let one = [routes
            .iter()
            .find(|r| r.id == legs[i].route.id)
            .map(|r| corridor::routes::Route {
                legs: vec![legs[i].leg.clone()],
                ..r.clone()
            })
            .unwrap()];
        let planned = plan(&one, &gazetteer, &PlanOptions::default()).unwrap();
        let l = &planned.legs[0];
        (
            l.distance,
            l.line.clone(),
            l.passages.clone(),
            l.sections.len(),
        )
    };
    let firsts = [0, 1, 2_000, 2_001];
    for &i in &firsts {
        let same = legs.iter().filter(|l| {
            l.leg.mode == legs[i].leg.mode
                && l.from.id == legs[i].from.id
                && l.to.id == legs[i].to.id
        });
        let expected = alone(i);
        for l in same {
            assert_eq!(
                (l.distance, &l.line, &l.passages, l.sections.len()),
                (expected.0, &expected.1, &expected.2, expected.3),
                "{}",
                l.id()
            );
        }
    }
}

#[test]
fn a_megabyte_of_legs_gives_the_numbers_one_leg_gives() {
    // Route files of a megabyte or more are read and planned with another allocator
    // (src/allocator.rs): the answers must not change with it.
    let dir = tempfile::tempdir().unwrap();
    let rows = |n: usize| {
        let mut csv = String::from("route,legs_connect,mode,from,to\n");
        for i in 0..n {
            writeln!(csv, "shuttle-{},false,air,MSQ,SVO", i / 1000).unwrap();
        }
        csv
    };
    let (one, many) = (dir.path().join("one.csv"), dir.path().join("many.csv"));
    std::fs::write(&one, rows(1)).unwrap();
    std::fs::write(&many, rows(40_000)).unwrap();
    assert!(std::fs::metadata(&many).unwrap().len() > 1 << 20);
    let distances = |file: &std::path::Path| {
        let out = common::ok(&["distances", file.to_str().unwrap(), "--format", "json"]);
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["leg"].is_u64())
            .map(|r| r["distance_km"].as_f64().unwrap())
            .collect::<Vec<f64>>()
    };
    let expected = distances(&one)[0];
    let all = distances(&many);
    assert_eq!(all.len(), 40_000);
    assert!(all.iter().all(|&km| km == expected), "{expected}");
}

#[test]
fn a_path_of_100000_points_reads_and_plans() {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from(
        "id = \"long-path\"\n[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\npath = [\n",
    );
    let (a, b) = ((87.4742, 43.9071), (28.0307, 53.8825));
    for i in 0..100_000 {
        let t = f64::from(i) / 99_999.0;
        writeln!(
            toml,
            "  [{}, {}],",
            a.0 + (b.0 - a.0) * t,
            a.1 + (b.1 - a.1) * t
        )
        .unwrap();
    }
    toml.push_str("]\n");
    let file = dir.path().join("path.toml");
    std::fs::write(&file, toml).unwrap();
    let out = common::ok(&["distances", file.to_str().unwrap(), "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["leg"], 1);
    assert!(rows[0]["distance_km"].as_f64().unwrap() > 4000.0, "{rows}");
}
