//! Geodesic accuracy against independent references.

use corridor::geometry::antimeridian::cut;
use corridor::geometry::geodesic::{MAX_SEGMENT, densify, distance, length};

mod common;

/// The rows of Karney's test set (below), as numbers.
fn geodtest() -> Vec<Vec<f64>> {
    common::gunzipped("tests/data/GeodTest-short.dat.gz")
        .lines()
        .map(|line| {
            line.split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect()
        })
        .collect()
}

/// Karney's test set (GeodTest-short.dat, doi:10.5281/zenodo.32156, CC0): 10,000 WGS84
/// geodesics `lat1 lon1 azi1 lat2 lon2 azi2 s12 a12 m12 S12`, solved to about 15 nm by
/// GeographicLib in high precision. Every distance must agree to 1 mm.
#[test]
fn karney_geodtest_short_agrees_to_a_millimetre() {
    let mut n = 0;
    let mut worst: f64 = 0.0;
    for f in geodtest() {
        let (lat1, lon1, lat2, lon2, s12) = (f[0], f[1], f[3], f[4], f[6]);
        let d = distance((lon1, lat1), (lon2, lat2)).metres();
        worst = worst.max((d - s12).abs());
        assert!((d - s12).abs() <= 0.001, "line {}: {d} vs {s12}", n + 1);
        n += 1;
    }
    assert_eq!(n, 10_000);
    eprintln!("worst error {worst:e} m");
}

// Expected values below: GeographicLib 2.1 (Python), Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"].

#[test]
fn urumqi_airport_to_minsk_airport() {
    // URC (43.907106, 87.474198) → MSQ (53.882499, 28.030701): 4359381.903261081 m.
    let d = distance((87.474198, 43.907106), (28.030701, 53.882499));
    assert!(
        (d.metres() - 4_359_381.903_261).abs() < 0.001,
        "{}",
        d.metres()
    );
}

#[test]
fn minsk_via_smolensk_to_moscow_sums_the_geodesics() {
    // Minsk (53.9, 27.5667) → Smolensk (54.7818, 32.0401) → Moscow (55.7558, 37.6173):
    // 677601.0124490543 m in total.
    let d = length(&[(27.5667, 53.9), (32.0401, 54.7818), (37.6173, 55.7558)]);
    assert!(
        (d.metres() - 677_601.012_449).abs() < 0.001,
        "{}",
        d.metres()
    );
}

#[test]
fn densified_lines_keep_the_geodesic_length() {
    let pts = [(131.8855, 43.1155), (-149.9003, 61.2181)];
    let line = densify(&pts, MAX_SEGMENT);
    let back: Vec<(f64, f64)> = line.iter().map(|p| (p[0], p[1])).collect();
    // Vladivostok → Anchorage: 5337773.6712135235 m (GeographicLib 2.1).
    assert!((length(&back).metres() - 5_337_773.671_214).abs() < 0.01);
    assert!(line.len() >= 54, "{} points", line.len());
}

#[test]
fn antimeridian_cut_lands_on_the_geodesic() {
    // Vladivostok → Anchorage crosses 180° at latitude 61.800424787201436 (GeographicLib 2.1:
    // InverseLine with LONG_UNROLL, bisection on s for lon2 = 180).
    let line = densify(&[(131.8855, 43.1155), (-149.9003, 61.2181)], MAX_SEGMENT);
    let parts = cut(&line);
    assert_eq!(parts.len(), 2);
    let end = parts[0].last().unwrap();
    let start = parts[1][0];
    assert_eq!(end[0], 180.0);
    assert_eq!(start[0], -180.0);
    assert!((end[1] - 61.800_424_787).abs() < 1e-8, "{}", end[1]);
    assert_eq!(end[1], start[1]);
    assert!(
        parts
            .iter()
            .flatten()
            .all(|p| (-180.0..=180.0).contains(&p[0]))
    );
}

/// Lambert's formula, which ranks snapping candidates, stays within 10 m of Karney's
/// distances below 2,000 km (Karney's test set again).
#[test]
fn lambert_ranks_within_metres_of_karney() {
    let mut checked = 0;
    for f in geodtest() {
        if f[6] > 2_000_000.0 {
            continue;
        }
        let d = corridor::geometry::lambert::distance_m((f[1], f[0]), (f[4], f[3]));
        assert!((d - f[6]).abs() < 10.0, "{f:?}: {d}");
        checked += 1;
    }
    assert!(checked > 1000, "{checked}");
}

/// The A* heuristic of the network searches never exceeds the true geodesic distance
/// (checked on Karney's test set), so the searches stay exact.
#[test]
fn a_star_lower_bound_is_admissible() {
    for f in geodtest() {
        let lb = corridor::networks::shortest_path::lower_bound((f[1], f[0]), (f[4], f[3]));
        assert!(lb <= f[6], "{f:?}: {lb} > {}", f[6]);
        assert!(
            lb >= 0.99 * f[6] - 1.0 || f[6] > 19_000_000.0,
            "{f:?}: bound {lb} is loose"
        );
    }
}
