//! Meridians and parallels for `render --graticule N`, as lon/lat lines densified so that
//! the projection bends them: the map cuts and projects them like the basemap's borders
//! (clipped to where the projection shows land, cut at its seams).

/// Vertices per degree along a graticule line: enough for a smooth curve at print size.
const PER_DEGREE: f64 = 2.0;
/// Meridians stop this short of the poles, where many projections have no value.
const POLE_GAP: f64 = 0.5;

/// Meridians every `step` degrees from 180°W to 180°E (both edges: they are the seams of a
/// world map) and parallels every `step` degrees from the equator (not the poles themselves).
pub fn lines(step: f64) -> Vec<Vec<[f64; 2]>> {
    let along = |from: f64, to: f64| -> Vec<f64> {
        let n = ((to - from) * PER_DEGREE).ceil().max(1.0) as usize;
        (0..=n)
            .map(|i| from + (to - from) * i as f64 / n as f64)
            .collect()
    };
    let meridians = multiples(step, 180.0, true).into_iter().map(|lon| {
        along(-90.0 + POLE_GAP, 90.0 - POLE_GAP)
            .into_iter()
            .map(|lat| [lon, lat])
            .collect()
    });
    let parallels = multiples(step, 90.0, false).into_iter().map(|lat| {
        along(-180.0, 180.0)
            .into_iter()
            .map(|lon| [lon, lat])
            .collect()
    });
    meridians.chain(parallels).collect()
}

/// The multiples of `step` from -`limit` to `limit`, the limits themselves only if `ends`.
fn multiples(step: f64, limit: f64, ends: bool) -> Vec<f64> {
    let k = (limit / step).floor() as i64;
    (-k..=k)
        .map(|i| i as f64 * step)
        .filter(|v| ends || v.abs() < limit - 1e-9)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_degrees_gives_thirteen_meridians_and_five_parallels() {
        let l = lines(30.0);
        assert_eq!(l.len(), 13 + 5);
        assert_eq!(l[0][0], [-180.0, -89.5]);
        assert_eq!(l[12][0][0], 180.0);
        let lats: Vec<f64> = l[13..].iter().map(|p| p[0][1]).collect();
        assert_eq!(lats, [-60.0, -30.0, 0.0, 30.0, 60.0]);
        // Densified: a parallel has a vertex every half degree.
        assert_eq!(l[13].len(), 721);
    }

    #[test]
    fn a_step_that_does_not_divide_180_stops_inside() {
        let l = lines(50.0);
        assert_eq!(l.len(), 7 + 3);
        assert_eq!(l[0][0][0], -150.0);
    }
}
