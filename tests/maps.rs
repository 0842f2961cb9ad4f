//! `render` (SVG/PNG) and `preview` (offline HTML) on the golden fixture.

use std::process::Command;

mod common;
use common::ok as corridor;

const ROUTES: &str = "tests/data/golden/routes";
const PLACES: &str = "tests/data/golden/places.tsv";

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
        // The scale bar; "… km at 50°N" where the scale differs across the map.
        " km",
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

/// Renders `routes` (with the bundled gazetteer) to SVG.
fn render_svg(routes: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    corridor(&["render", routes, "-o", path.to_str().unwrap()]);
    std::fs::read_to_string(&path).unwrap()
}

/// The map's land path: its vertices, and how many of them fall inside the map frame.
fn land_vertices_in_frame(svg: &str) -> usize {
    let frame = svg
        .split(r#"<clipPath id="map"><rect "#)
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .unwrap();
    let attr = |name: &str| -> f64 {
        let v = frame.split(&format!("{name}=\"")).nth(1).unwrap();
        v[..v.find('"').unwrap()].parse().unwrap()
    };
    let (w, top, h) = (attr("width"), attr("y"), attr("height"));
    let d = svg
        .split("<path d=\"")
        .find(|s| s.contains(r##"fill="#f4f1ea""##))
        .and_then(|s| s.split('"').next())
        .unwrap();
    d.split(['M', 'L', 'Z'])
        .filter_map(|p| {
            let mut xy = p.split_whitespace().map(|v| v.parse::<f64>().ok());
            Some((xy.next()??, xy.next()??))
        })
        .filter(|&(x, y)| (0.0..=w).contains(&x) && (top..=top + h).contains(&y))
        .count()
}

/// The share of land among the land and sea pixels of the rasterised map.
fn land_share(svg: &str) -> f64 {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let rgb = |p: &resvg::tiny_skia::PremultipliedColorU8| (p.red(), p.green(), p.blue());
    let land = pixmap
        .pixels()
        .iter()
        .filter(|p| rgb(p) == (0xf4, 0xf1, 0xea))
        .count();
    let sea = pixmap
        .pixels()
        .iter()
        .filter(|p| rgb(p) == (0xdb, 0xe9, 0xf4))
        .count();
    land as f64 / (land + sea) as f64
}

/// Centred at Rajin, the antipode is in the South Atlantic and Afro-Eurasia reaches well
/// past the visible side: its near coast must still be drawn, with land and sea the
/// right way round.
#[test]
fn rajin_map_draws_the_coast_near_the_route() {
    let svg = render_svg("routes/angara-rajin-dunay-shuttle-2023.toml");
    assert!(land_vertices_in_frame(&svg) > 10, "coastline in the frame");
    let share = land_share(&svg);
    assert!((0.15..0.85).contains(&share), "land share {share}");
}

/// A map centred in the Far East (51°N 145°E) keeps the Asian mainland and Kamchatka.
#[test]
fn far_east_map_keeps_the_mainland() {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("far-east.toml");
    std::fs::write(
        &route,
        r#"id = "far-east-test"
title = "Test: Vladivostok to Magadan and Petropavlovsk-Kamchatsky by air"
[[legs]]
mode = "air"
from = { name = "Vladivostok", lat = 43.1056, lon = 131.8735 }
to = { name = "Magadan", lat = 59.5638, lon = 150.8035 }
[[legs]]
mode = "air"
from = { name = "Magadan", lat = 59.5638, lon = 150.8035 }
to = { name = "Petropavlovsk-Kamchatsky", lat = 53.0452, lon = 158.6483 }
"#,
    )
    .unwrap();
    let svg = render_svg(route.to_str().unwrap());
    assert!(svg.contains("centred 51.3°N 144.8°E"));
    assert!(land_vertices_in_frame(&svg) > 200, "coastline in the frame");
    let share = land_share(&svg);
    assert!((0.3..0.7).contains(&share), "land share {share}");
}

/// World and web projections: land drawn over the whole map (not an empty map in EPSG:4326,
/// not land cut by an arc in EPSG:3857), a Pacific leg cut at the projection's seam instead
/// of drawn across the world, and a scale bar that says where it is true.
#[test]
fn world_projections_draw_land_and_cut_pacific_legs_at_the_seam() {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("pacific.toml");
    std::fs::write(
        &route,
        "id = \"pacific\"\ntitle = \"Pacific\"\nlegs_connect = false\n\
         [[legs]]\nmode = \"air\"\nfrom = \"VVO\"\nto = \"ANC\"\n\
         [[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\n",
    )
    .unwrap();
    for (crs, name) in [("EPSG:4326", "WGS 84."), ("EPSG:3857", "Pseudo-Mercator")] {
        let path = dir.path().join("map.svg");
        let out = path.to_str().unwrap();
        corridor(&["render", route.to_str().unwrap(), "--crs", crs, "-o", out]);
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains(name), "{crs}: projection named");
        assert!(
            svg.contains(" km at "),
            "{crs}: scale bar names its latitude"
        );
        assert!(land_vertices_in_frame(&svg) > 1000, "{crs}: coastline");
        // The whole world with a margin of sea for the labels: about a fifth land.
        let share = land_share(&svg);
        assert!((0.17..0.5).contains(&share), "{crs}: land share {share}");
        let width = attr(&svg[svg.find("<svg").unwrap()..], "width");
        let d = svg
            .split("<path d=\"")
            .find(|s| s.contains("<title>pacific/1"))
            .unwrap();
        let d = &d[..d.find('"').unwrap()];
        // Within each sub-path (M …), no step crosses a third of the map.
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let xs: Vec<f64> = run
                .split('L')
                .filter_map(|p| p.split_whitespace().next()?.parse().ok())
                .collect();
            assert!(
                xs.windows(2).all(|w| (w[1] - w[0]).abs() < width / 3.0),
                "{crs}: a step across the map in {run}"
            );
        }
        assert_eq!(d.matches('M').count(), 2, "{crs}: cut once, at the seam");
    }
}

/// Labels go to the busiest places first: Sheremetyevo (the end of three legs, 14 flights in
/// the bundled routes) is labelled, where a via point once took its room.
#[test]
fn labels_go_to_the_busiest_places_first() {
    let svg = render_svg("routes");
    let labels: Vec<&str> = svg
        .split(r#"stroke-linejoin="round">"#)
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .collect();
    assert!(
        labels.contains(&"Sheremetyevo International Airport"),
        "{labels:?}"
    );
}

/// The number in `name="…"` of an SVG element.
fn attr(element: &str, name: &str) -> f64 {
    let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    element[start..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn the_legend_covers_no_place_and_counts_trips_in_english() {
    // Both Angara voyages end in the bottom-left corner, where the legend used to go.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    corridor(&[
        "render",
        "routes/angara-to-zhoushan-xinya-2024.toml",
        "routes/angara-rajin-dunay-shuttle-2023.toml",
        "-o",
        path.to_str().unwrap(),
    ]);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.contains(">1 trip<") && svg.contains(">11 trips<") && !svg.contains(">4 trips<"),
        "legend rows from the data: the voyage (1 trip) and the shuttle (11)"
    );
    let legend = svg
        .split('<')
        .find(|e| e.starts_with("rect ") && e.contains(r#"width="190""#))
        .expect("the legend box");
    let (x, y) = (attr(legend, "x"), attr(legend, "y"));
    let (w, h) = (attr(legend, "width"), attr(legend, "height"));
    let dots: Vec<(f64, f64)> = svg
        .split('<')
        .filter(|e| e.starts_with("circle "))
        .map(|e| (attr(e, "cx"), attr(e, "cy")))
        .collect();
    assert!(dots.len() >= 3);
    for (cx, cy) in dots {
        assert!(
            !(cx >= x && cx <= x + w && cy >= y && cy <= y + h),
            "place at {cx},{cy} under the legend"
        );
    }
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
    // Links (Leaflet's credit) may point out; nothing the page loads may.
    for remote in ["src=\"http", "<link href=\"http", "url(http", "@import"] {
        assert!(!html.contains(remote), "no remote resources ({remote})");
    }
    assert!(html.contains("pacific-test/1"));
    assert!(html.contains("t.version=\"1.9.4\""), "Leaflet inlined");
    assert!(
        html.contains("Natural Earth (public domain)"),
        "the basemap credited"
    );
}

/// The page loads in headless Chromium with no console errors and draws every leg; a real
/// mouse click on each leg opens that leg's popup (the golden fixture's Pacific legs, and the
/// bundled routes, where thin legs lie over thick ones and legs share rail track); each mode
/// and the places toggle from the layer control; the scale control and Leaflet's credit are
/// there. Needs Chromium (scripts/test.sh installs Debian's `chromium`); fails without it.
#[test]
#[cfg_attr(
    corridor_no_apt,
    ignore = "needs Chromium, which CORRIDOR_NO_APT=1 keeps scripts/test.sh from installing"
)]
fn preview_legs_can_each_be_clicked_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} is needed by this test: run scripts/test.sh, which installs Debian's chromium, or set CHROMIUM"
    );
    let dir = tempfile::tempdir().unwrap();
    let golden = ["preview", ROUTES, "--gazetteer", PLACES];
    for (args, legs) in [(&golden[..], "4"), (&["preview", "routes"][..], "16")] {
        let path = dir.path().join("map.html");
        let out = path.to_str().unwrap();
        corridor(&[args, &["-o", out]].concat());
        let check = Command::new("python3")
            .args(["tests/preview_chromium.py", out, legs, "--interact"])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

/// The sub-paths (`M … L …`) of the SVG path drawn with `style`, as page points.
fn sub_paths(svg: &str, style: &str) -> Vec<Vec<(f64, f64)>> {
    let d = svg
        .split("<path d=\"")
        .find(|s| s.split("/>").next().unwrap().contains(style))
        .map(|s| &s[..s.find('"').unwrap()])
        .unwrap_or("");
    d.split('M')
        .filter(|r| !r.is_empty())
        .map(|run| {
            run.split('L')
                .filter_map(|p| {
                    let mut xy = p.split_whitespace().map(|v| v.parse::<f64>().ok());
                    Some((xy.next()??, xy.next()??))
                })
                .collect()
        })
        .collect()
}

/// `--graticule 30`: meridians and parallels in the map's projection, densified (curves in
/// the default azimuthal map), cut at the projection's seam in Web Mercator instead of drawn
/// across the map; none without the option.
#[test]
fn graticule_is_drawn_in_the_projection_and_cut_at_its_seams() {
    const STYLE: &str = r##"stroke="#a9c1d6""##;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    let out = path.to_str().unwrap();
    let route = "tests/data/screenshots/pacific.toml";
    let render = |extra: &[&str]| {
        corridor(&[&["render", route, "-o", out][..], extra].concat());
        std::fs::read_to_string(&path).unwrap()
    };
    assert!(
        sub_paths(&render(&[]), STYLE).is_empty(),
        "no graticule by default"
    );

    // Mercator: meridians are straight verticals, parallels horizontals, and no step crosses
    // a third of the map. In Web Mercator the seam is ±180, the map's own edges; in PDC
    // Mercator (centred on 150°E) it is 30°W, where each parallel must be cut in two.
    for (crs, parallel_runs) in [("EPSG:3857", 5), ("EPSG:3832", 10)] {
        let svg = render(&["--crs", crs, "--graticule", "30"]);
        let width = attr(&svg[svg.find("<svg").unwrap()..], "width");
        let runs = sub_paths(&svg, STYLE);
        let horizontal = |run: &&Vec<(f64, f64)>| (run[0].1 - run[run.len() - 1].1).abs() < 0.2;
        assert_eq!(
            runs.iter().filter(horizontal).count(),
            parallel_runs,
            "{crs}"
        );
        for run in &runs {
            let (first, last) = (run[0], run[run.len() - 1]);
            let straight = (first.0 - last.0).abs() < 0.2 || (first.1 - last.1).abs() < 0.2;
            assert!(
                straight,
                "{crs}: a meridian or parallel, not a slant: {run:?}"
            );
            assert!(run.len() > 50, "{crs}: densified: {} vertices", run.len());
            let mut steps = run.windows(2);
            assert!(
                steps.all(|w| (w[1].0 - w[0].0).abs() < width / 3.0),
                "{crs}: {run:?}"
            );
        }
    }

    // The default azimuthal map: parallels are curves (their middle vertex is off the chord).
    let runs = sub_paths(&render(&["--graticule", "30"]), STYLE);
    let bent = runs.iter().filter(|run| {
        let (a, b, m) = (run[0], run[run.len() - 1], run[run.len() / 2]);
        let chord = (b.0 - a.0).hypot(b.1 - a.1);
        let off = ((b.0 - a.0) * (m.1 - a.1) - (b.1 - a.1) * (m.0 - a.0)).abs() / chord.max(1e-9);
        off > 20.0
    });
    assert!(bent.count() >= 3, "curved parallels");
}

#[test]
fn graticule_step_is_checked_before_reading_input() {
    let out = common::run(&["render", "no-such-dir", "-o", "x.svg", "--graticule", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\"0\" is not a step from 1 to 90 degrees")
    );
}

const ANGARA: &str = "routes/angara-to-zhoushan-xinya-2024.toml";
const OBSERVED: &str = "tests/data/where/observed.toml";

/// The `<circle class="fix">` elements of an SVG map.
fn fix_dots(svg: &str) -> Vec<&str> {
    svg.split("<circle class=\"fix\"").skip(1).collect()
}

#[test]
fn svg_dashes_inferred_parts_draws_observed_ones_solid_and_fixes_as_dots() {
    let svg = render_svg(ANGARA);
    let dashed = r#"stroke-dasharray="5 4"><title>angara-to-zhoushan-xinya-2024/1</title>"#;
    assert!(svg.contains(dashed), "the Angara's inferred line dashed");
    let dots = fix_dots(&svg);
    assert_eq!(dots.len(), 2, "its two fixes");
    assert!(dots[0].contains("<title>2024-02-06T10:00Z: AIS: transponder"));
    assert!(dots[1].contains("<title>2024-02-09: Planet Labs"));
    assert!(svg.contains("solid where observed, dashed where inferred"));
    // Fixes 30 min apart: observed between them, drawn solid over the dashed leg.
    let svg = render_svg(OBSERVED);
    let solid = svg
        .split("<path class=\"observed\"")
        .nth(1)
        .expect("a solid piece");
    assert!(!solid[..solid.find('>').unwrap()].contains("dasharray"));
    assert_eq!(fix_dots(&svg).len(), 3);
}

#[test]
fn legs_without_sightings_draw_no_fixes_or_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    let p = path.to_str().unwrap();
    corridor(&["render", ROUTES, "--gazetteer", PLACES, "-o", p]);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(fix_dots(&svg).is_empty() && !svg.contains("class=\"observed\""));
    assert!(!svg.contains("dashed where inferred") && !svg.contains("\"5 4\""));
}

#[test]
fn preview_carries_the_observed_parts_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.html");
    corridor(&["preview", OBSERVED, "-o", path.to_str().unwrap()]);
    let html = std::fs::read_to_string(&path).unwrap();
    let start = html
        .find("\"seen\":{\"obs/1\":")
        .expect("the leg's sightings in the data");
    let seen = &html[start..];
    let observed = "{\"observed\":[[[128.95,34.45],[128.85,34.4],[128.75,34.35]]],\"fixes\":[";
    assert!(seen["\"seen\":{\"obs/1\":".len()..].starts_with(observed));
    let fix = r#"{"lon":128.85,"lat":34.4,"time":"2024-02-06T10:30Z","source":null,"kind":"ais"}"#;
    assert!(seen.contains(fix));
    assert!(html.contains("dashArray: leg.seen ?") && html.contains("className: \"fix\""));
}
