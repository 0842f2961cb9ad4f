//! Geodesic lines on the WGS84 ellipsoid (Karney's algorithm, via `geo::Geodesic`).

use std::sync::LazyLock;

use geo::{Distance, Geodesic, InterpolatePoint, Point};
use geographiclib_rs::{GeodesicLine, InverseGeodesic, capability as caps};

use crate::units::Length;

/// Longest segment of a densified line: short enough that a straight segment drawn by a
/// map in plate carrée stays close to the true geodesic.
pub const MAX_SEGMENT: Length = Length::from_km_const(100.0);

/// The geodesic distance between two (lon, lat) points in degrees.
///
/// ```
/// use corridor::geometry::geodesic::distance;
/// // Minsk → Moscow; pyproj Geod(ellps="WGS84").inv gives 677,444.77 m.
/// let d = distance((27.5667, 53.9), (37.6173, 55.7558));
/// assert!((d.metres() - 677_444.77).abs() < 0.01);
/// ```
pub fn distance(a: (f64, f64), b: (f64, f64)) -> Length {
    Length::from_metres(Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)))
}

/// The length of a line through `points`, each segment a geodesic.
pub fn length(points: &[(f64, f64)]) -> Length {
    points.windows(2).map(|w| distance(w[0], w[1])).sum()
}

/// Wraps a longitude difference into (-180, 180].
fn wrap_delta(d: f64) -> f64 {
    let w = (d + 180.0).rem_euclid(360.0) - 180.0;
    if w == -180.0 { 180.0 } else { w }
}

/// Densifies the geodesic line through `points` so that no segment is longer than
/// `max_segment`, and returns it with *unwrapped* longitudes: consecutive longitudes never
/// jump by more than 180°, so a line over the Pacific runs past 180 instead of jumping to -180.
/// Every input point appears in the output.
///
/// ```
/// use corridor::geometry::geodesic::{densify, MAX_SEGMENT};
/// // Vladivostok → Anchorage crosses the antimeridian: longitudes keep growing past 180.
/// let line = densify(&[(131.9, 43.1), (-149.9, 61.2)], MAX_SEGMENT);
/// assert!(line.last().unwrap()[0] > 180.0);
/// ```
pub fn densify(points: &[(f64, f64)], max_segment: Length) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::new();
    for w in points.windows(2) {
        // Most segments of a network leg are far shorter than `max_segment`: a spherical
        // estimate (within 0.6 % of the ellipsoid) spares them the geodesic solution.
        if spherical_m(w[0], w[1]) < 0.98 * max_segment.metres() {
            if out.is_empty() {
                push_unwrapped(&mut out, w[0].0, w[0].1);
            }
            push_unwrapped(&mut out, w[1].0, w[1].1);
            continue;
        }
        let along = points_along(w[0], w[1], max_segment.metres());
        // Each segment starts where the previous one ended: skip its first point.
        for (lon, lat) in along.skip(usize::from(!out.is_empty())) {
            push_unwrapped(&mut out, lon, lat);
        }
    }
    if out.is_empty()
        && let Some(&(lon, lat)) = points.first()
    {
        out.push([lon, lat]);
    }
    out
}

/// Karney's WGS84 ellipsoid, made once (its series coefficients cost more than a position).
static WGS84: LazyLock<geographiclib_rs::Geodesic> =
    LazyLock::new(geographiclib_rs::Geodesic::wgs84);

/// The points from `a` to `b` (both included) at equal steps along the geodesic, no step
/// longer than `max_m` metres. The same points as `geo`'s `points_along_line` (which solves a
/// direct problem from `a` for each), from one `GeodesicLine` per segment.
fn points_along(a: (f64, f64), b: (f64, f64), max_m: f64) -> impl Iterator<Item = (f64, f64)> {
    let (total, azi1, _azi2, _a12): (f64, f64, f64, f64) = WGS84.inverse(a.1, a.0, b.1, b.0);
    let steps = if total <= max_m {
        0.0
    } else {
        (total / max_m).ceil()
    };
    let mask = caps::LATITUDE | caps::LONGITUDE | caps::DISTANCE_IN;
    let line = GeodesicLine::new(&WGS84, a.1, a.0, azi1, Some(mask), None, None);
    let interval = 1.0 / steps;
    // Accumulated as `geo` does, so that the points are bit for bit the same.
    let fractions = std::iter::successors(Some(interval), move |f| Some(f + interval))
        .take_while(|f| *f < 1.0)
        .take(steps as usize);
    let inner = fractions.map(move |f| {
        let (_, lat, lon, ..) = line._gen_position(false, total * f, mask);
        (lon, lat)
    });
    std::iter::once(a).chain(inner).chain(std::iter::once(b))
}

/// Great-circle distance on a sphere of the ellipsoid's mean radius (haversine).
fn spherical_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let (dla, dlo) = ((b.1 - a.1).to_radians(), (b.0 - a.0).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

fn push_unwrapped(out: &mut Vec<[f64; 2]>, lon: f64, lat: f64) {
    let lon = match out.last() {
        Some(prev) => {
            // Shift by whole turns only, so a longitude that needs no shift stays exact.
            let lon = lon + 360.0 * ((prev[0] - lon) / 360.0).round();
            // `points_along_line` can emit a last interior point a hair before the end
            // (rounding of its step): the exact end replaces it rather than repeating it.
            if (lon - prev[0]).abs() < 1e-9 && (lat - prev[1]).abs() < 1e-9 {
                out.pop();
            }
            lon
        }
        None => lon,
    };
    out.push([lon, lat]);
}

/// The point at `ratio` (0..1) along the geodesic from `a` to `b`, its longitude unwrapped
/// to be continuous with `a`'s.
pub fn point_between(a: [f64; 2], b: [f64; 2], ratio: f64) -> [f64; 2] {
    let p = Geodesic.point_at_ratio_between(Point::new(a[0], a[1]), Point::new(b[0], b[1]), ratio);
    [a[0] + wrap_delta(p.x() - a[0]), p.y()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_segment_exceeds_the_limit() {
        // Urumqi → Minsk, about 3,900 km.
        let line = densify(&[(87.6168, 43.8256), (27.5667, 53.9)], MAX_SEGMENT);
        for w in line.windows(2) {
            let d = distance((w[0][0], w[0][1]), (w[1][0], w[1][1]));
            assert!(d.km() <= 100.0 + 1e-6, "{} km", d.km());
        }
        assert_eq!(line[0], [87.6168, 43.8256]);
        assert_eq!(*line.last().unwrap(), [27.5667, 53.9]);
    }

    #[test]
    fn no_vertex_is_repeated() {
        // Moscow → Minsk: 677 km in 7 equal steps, where rounding once added the end twice.
        let line = densify(&[(37.6173, 55.7558), (27.5667, 53.9)], MAX_SEGMENT);
        assert_eq!(line.len(), 8);
        assert!(line.windows(2).all(|w| w[0] != w[1]));
    }

    #[test]
    fn via_points_are_kept() {
        let pts = [(0.0, 0.0), (5.0, 5.0), (10.0, 0.0)];
        let line = densify(&pts, MAX_SEGMENT);
        assert!(line.contains(&[5.0, 5.0]));
    }

    #[test]
    fn wrap_delta_is_half_open() {
        assert_eq!(wrap_delta(190.0), -170.0);
        assert_eq!(wrap_delta(-180.0), 180.0);
        assert_eq!(wrap_delta(-350.0), 10.0);
    }
}
