//! Inputs that used to give a plausible wrong answer with exit 0 are now errors naming the
//! file, the line and the remedy.

mod common;

/// Runs corridor in `dir`; returns (exit code, standard error).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to `file` in `dir`, runs corridor there with `args`, and checks that it
/// fails with exit 1 and a message containing `message`.
fn refused(dir: &std::path::Path, file: &str, text: &str, args: &[&str], message: &str) {
    std::fs::write(dir.join(file), text).unwrap();
    let (code, err) = run_in(dir, args);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(message), "{err}");
}

#[test]
fn a_decimal_comma_in_a_quantity_is_refused_not_read_as_thousands() {
    let dir = tempfile::tempdir().unwrap();
    let legs = "route,mode,from,to,quantity,unit\nr1,air,URC,MSQ,\"1,5\",t\n";
    refused(
        dir.path(),
        "q.csv",
        legs,
        &["build", "q.csv"],
        "q.csv:2:16: quantity \"1,5\" is ambiguous",
    );
    // A thousands separator in groups of three is still a number.
    let legs = "route,mode,from,to,quantity,unit\nr1,air,URC,MSQ,\"1,500\",t\n";
    std::fs::write(dir.path().join("q.csv"), legs).unwrap();
    let fc: serde_json::Value = serde_json::from_slice(
        &common::ok(&["build", dir.path().join("q.csv").to_str().unwrap()]).stdout,
    )
    .unwrap();
    assert_eq!(fc["features"][0]["properties"]["quantity"], 1500.0);
}

#[test]
fn lat_lon_columns_with_a_projected_crs_are_refused_not_read_as_metres() {
    let dir = tempfile::tempdir().unwrap();
    let table = "id\tname\tkind\tcrs\tlat\tlon\nx\tX\tfacility\tEPSG:3857\t53.9\t27.5\n";
    std::fs::write(dir.path().join("g.tsv"), table).unwrap();
    let route = "id = \"a\"\ntitle = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"x\"\nto = \"MSQ\"\n";
    std::fs::write(dir.path().join("a.toml"), route).unwrap();
    let (code, err) = run_in(dir.path(), &["distances", "a.toml", "--gazetteer", "g.tsv"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(
            "g.tsv:2:14: crs EPSG:3857 is projected (metres) but the row gives lat and lon"
        ),
        "{err}"
    );
    // Lat/lon in a geographic CRS other than WGS84 (Pulkovo 1942) are still converted.
    let table = "id\tname\tkind\tcrs\tlat\tlon\nx\tX\tfacility\tEPSG:4284\t53.9\t27.5\n";
    std::fs::write(dir.path().join("g.tsv"), table).unwrap();
    let (code, err) = run_in(dir.path(), &["distances", "a.toml", "--gazetteer", "g.tsv"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn places_and_output_naming_one_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let route = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("routes/b2476-urumqi-minsk-2024.toml");
    let route = route.to_str().unwrap();
    let args = [
        "build",
        route,
        "-o",
        "out.geojson",
        "--places",
        "./out.geojson",
    ];
    let (code, err) = run_in(dir.path(), &args);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--places and -o both name out.geojson"),
        "{err}"
    );
    assert!(!dir.path().join("out.geojson").exists(), "nothing written");
}

#[test]
fn avoiding_a_country_the_network_does_not_have_is_refused_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let route = "id = \"a\"\ntitle = \"a\"\n[[legs]]\nmode = \"rail\"\nfrom = \"Minsk\"\nto = \"Bryansk\"\navoid_countries = [\"XX\"]\n";
    refused(
        dir.path(),
        "r.toml",
        route,
        &["distances", "r.toml"],
        "r.toml:3:1: no railway of the bundled network is in \"XX\"",
    );
    // A country on the network is avoided as before.
    let route = route.replace("XX", "UA");
    std::fs::write(dir.path().join("r.toml"), route).unwrap();
    let (code, err) = run_in(dir.path(), &["distances", "r.toml"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_passage_both_avoided_and_required_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let route = "id = \"a\"\ntitle = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"Rotterdam\"\nto = \"Shanghai\"\nrequire = [\"suez\"]\n";
    std::fs::write(
        dir.path().join("s.toml"),
        format!("{route}avoid = [\"suez\"]\n"),
    )
    .unwrap();
    let (code, err) = run_in(dir.path(), &["distances", "s.toml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("passage \"suez\" is both avoided and required"),
        "{err}"
    );
    // The command line's --avoid is a what-if over the file's require, not a contradiction.
    std::fs::write(dir.path().join("s.toml"), route).unwrap();
    let (code, err) = run_in(dir.path(), &["distances", "s.toml", "--avoid", "suez"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_map_width_that_is_not_a_number_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["NaN", "inf", "10"] {
        let (code, err) = run_in(dir.path(), &["render", "-o", "m.svg", "--width", bad]);
        assert_eq!(code, Some(2), "{bad}: {err}");
        assert!(
            err.contains("is not a width from 300 to 8000 pixels"),
            "{err}"
        );
    }
    assert!(!dir.path().join("m.svg").exists());
}
