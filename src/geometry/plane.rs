//! Nearest points on a local plane (an equirectangular projection centred on the point
//! asked about), for ranking and thresholds at tens of km where a geodesic is not needed.

/// The point of the segment `a`–`b` nearest the plane's origin, as its fraction along the
/// segment (0 at `a`, 1 at `b`) and its coordinates.
pub fn nearest_to_origin(a: (f64, f64), b: (f64, f64)) -> (f64, (f64, f64)) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (-(a.0 * dx + a.1 * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (t, (a.0 + t * dx, a.1 + t * dy))
}

#[cfg(test)]
mod tests {
    use super::nearest_to_origin;

    #[test]
    fn the_nearest_point_is_the_foot_of_the_perpendicular_or_an_end() {
        assert_eq!(
            nearest_to_origin((-1.0, 1.0), (1.0, 1.0)),
            (0.5, (0.0, 1.0))
        );
        assert_eq!(nearest_to_origin((1.0, 1.0), (2.0, 1.0)), (0.0, (1.0, 1.0)));
        assert_eq!(nearest_to_origin((3.0, 4.0), (3.0, 4.0)), (0.0, (3.0, 4.0)));
    }
}
