//! `render` (SVG/PNG) and `preview` (offline HTML) on the golden fixture.

use std::process::Command;

const ROUTES: &str = "tests/data/golden/routes";
const PLACES: &str = "tests/data/golden/places.tsv";

fn corridor(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn svg_map_has_every_leg_place_and_the_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    corridor(&[
        "render",
        ROUTES,
        "--gazetteer",
        PLACES,
        "-o",
        path.to_str().unwrap(),
        "--title",
        "Test map",
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    // An independent SVG parser reads it.
    let tree =
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("valid SVG");
    assert!(tree.size().width() == 1600.0);
    for id in [
        "minsk-moscow-test/1",
        "minsk-moscow-test/2",
        "pacific-test/1",
        "pacific-test/2",
    ] {
        assert!(svg.contains(&format!("<title>{id}</title>")), "{id} drawn");
    }
    for text in [
        "Test map",
        "km</text>",
        "Natural Earth",
        "Lambert azimuthal equal-area",
        ">air<",
        ">sea<",
    ] {
        assert!(svg.contains(text), "{text:?} on the map");
    }
    // Legs crossing the antimeridian are drawn unwrapped: no segment jumps across the map.
    let d = svg
        .split("<path d=\"")
        .find(|s| s.contains("<title>pacific-test/1"))
        .unwrap();
    let xs: Vec<f64> = d
        .split(['M', 'L'])
        .filter_map(|p| p.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(
        xs.windows(2).all(|w| (w[1] - w[0]).abs() < 400.0),
        "no jump across the map"
    );
}

#[test]
fn png_map_is_a_png_of_the_asked_width() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.png");
    corridor(&[
        "render",
        ROUTES,
        "--gazetteer",
        PLACES,
        "-o",
        path.to_str().unwrap(),
        "--width",
        "800",
        "--crs",
        "EPSG:3576",
    ]);
    let png = std::fs::read(&path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 800);
}

#[test]
fn preview_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.html");
    corridor(&[
        "preview",
        ROUTES,
        "--gazetteer",
        PLACES,
        "-o",
        path.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(!html.contains("/*CORRIDOR_DATA*/null"), "data filled in");
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "no remote resources ({remote})");
    }
    assert!(html.contains("pacific-test/1"));
}

/// The page loads in headless Chromium with no console errors and draws every leg. Runs
/// where Chromium is installed (scripts/test.sh installs Debian's `chromium`).
#[test]
fn preview_draws_every_leg_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        eprintln!("{chromium} not installed: browser check skipped (scripts/test.sh installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.html");
    corridor(&[
        "preview",
        ROUTES,
        "--gazetteer",
        PLACES,
        "-o",
        path.to_str().unwrap(),
    ]);
    let out = Command::new("python3")
        .args(["tests/preview_chromium.py", path.to_str().unwrap(), "4"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
