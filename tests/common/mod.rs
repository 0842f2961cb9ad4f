//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::process::{Command, Output};

use corridor::places::Gazetteer;

/// Runs the built `corridor` binary.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .output()
        .expect("corridor runs")
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

/// (lon, lat) of a bundled gazetteer entry.
pub fn at(id: &str) -> (f64, f64) {
    let p = Gazetteer::bundled()
        .get(id)
        .unwrap_or_else(|| panic!("{id} in the gazetteer"));
    (p.lon, p.lat)
}
