//! Cutting lines at the antimeridian, as RFC 7946 §3.1.9 asks.
//!
//! A line over the Pacific is kept internally with unwrapped longitudes (e.g. 170 → 190).
//! For output it is either cut into parts whose ends lie exactly on ±180, or left unwrapped
//! for Pacific-centred web maps.

use super::geodesic::point_between;

/// Index of the 360° window a longitude falls in: 0 for [-180, 180), 1 for [180, 540), …
fn window(lon: f64) -> i64 {
    ((lon + 180.0) / 360.0).floor() as i64
}

/// Cuts an unwrapped line into parts with longitudes in [-180, 180]. Where the line
/// crosses a window edge the crossing latitude is found on the geodesic itself (bisection),
/// and the part before ends, and the part after starts, exactly on ±180.
///
/// ```
/// use corridor::geometry::antimeridian::cut;
/// let parts = cut(&[[170.0, 50.0], [190.0, 50.0]]);
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts[0].last().unwrap()[0], 180.0);
/// assert_eq!(parts[1][0][0], -180.0);
/// assert_eq!(parts[1][1], [-170.0, 50.0]);
/// ```
pub fn cut(line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut parts: Vec<Vec<[f64; 2]>> = Vec::new();
    let Some(&first) = line.first() else {
        return parts;
    };
    let shift = |p: [f64; 2], w: i64| [p[0] - 360.0 * w as f64, p[1]];
    let mut w = window(first[0]);
    let mut current = vec![shift(first, w)];
    for pair in line.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let wb = window(b[0]);
        // Segments are short (densified), so they cross at most one edge; loop for safety.
        while wb != w {
            let east = wb > w;
            let edge = -180.0 + 360.0 * (if east { w + 1 } else { w }) as f64;
            let lat = crossing_latitude(a, b, edge);
            current.push([if east { 180.0 } else { -180.0 }, lat]);
            parts.push(std::mem::take(&mut current));
            current.push([if east { -180.0 } else { 180.0 }, lat]);
            w = if east { w + 1 } else { w - 1 };
        }
        current.push(shift(b, w));
    }
    parts.push(current);
    // A part that is a single point on the edge (a line ending exactly at ±180) adds nothing.
    parts.retain(|p| p.len() >= 2 || line.len() < 2);
    parts
}

/// Latitude where the geodesic a→b reaches longitude `edge` (unwrapped), by bisection.
fn crossing_latitude(a: [f64; 2], b: [f64; 2], edge: f64) -> f64 {
    if a[0] == edge {
        return a[1];
    }
    if b[0] == edge {
        return b[1];
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    let rising = b[0] > a[0];
    let mut lat = a[1];
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        let p = point_between(a, b, mid);
        lat = p[1];
        if (p[0] < edge) == rising {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lat
}

/// The centre longitude of one 360° frame that holds every line whole, for
/// `--antimeridian unwrap`: the middle of the smallest arc of the circle that covers them (the
/// complement of the widest empty gap, on a 1° grid). One frame for a whole collection keeps
/// ANC → VVO and VVO → ANC on the same side of the map; 0 when the lines go all the way round.
///
/// ```
/// use corridor::geometry::antimeridian::{frame_centre, unwrapped_around};
/// let (anc_vvo, vvo_anc) = ([[-150.0, 61.2], [-228.0, 43.4]], [[132.0, 43.4], [210.0, 61.2]]);
/// let c = frame_centre([&anc_vvo[..], &vvo_anc[..]]);
/// assert!((c - 171.0).abs() < 1.0);
/// assert_eq!(unwrapped_around(&anc_vvo, c), [[210.0, 61.2], [132.0, 43.4]]);
/// assert_eq!(unwrapped_around(&vvo_anc, c), vvo_anc);
/// ```
pub fn frame_centre<'a>(lines: impl IntoIterator<Item = &'a [[f64; 2]]>) -> f64 {
    let bin = |lon: f64| (lon + 180.0).floor().rem_euclid(360.0) as usize;
    let mut used = [false; 360];
    for line in lines {
        if let [p] = line {
            used[bin(p[0])] = true;
        }
        for pair in line.windows(2) {
            let (lo, hi) = (pair[0][0].min(pair[1][0]), pair[0][0].max(pair[1][0]));
            let steps = ((hi - lo).ceil() as usize + 1).min(360);
            for i in 0..steps {
                used[bin((lo + i as f64).min(hi))] = true;
            }
        }
    }
    let Some(gap) = widest_gap(&used) else {
        return 0.0;
    };
    // The covered arc starts at the bin after the gap and spans the rest of the circle.
    let start = -180.0 + ((gap.0 + gap.1) % 360) as f64;
    let centre = start + (360 - gap.1) as f64 / 2.0;
    (centre + 180.0).rem_euclid(360.0) - 180.0
}

/// The widest circular run of unused bins as (first bin, length); None when every bin is used
/// (or none is: then there is nothing to centre on).
fn widest_gap(used: &[bool; 360]) -> Option<(usize, usize)> {
    let first_used = used.iter().position(|&u| u)?;
    let mut best: Option<(usize, usize)> = None;
    let mut run = (0, 0);
    // Walk once round the circle from a used bin, so a run that wraps past 359 stays whole.
    for k in 1..=360 {
        let i = (first_used + k) % 360;
        if used[i] {
            if run.1 > best.map_or(0, |b| b.1) {
                best = Some(run);
            }
            run = (0, 0);
        } else {
            if run.1 == 0 {
                run.0 = i;
            }
            run.1 += 1;
        }
    }
    best
}

/// Shifts an unwrapped line by whole turns so that its middle is nearest `centre` (a
/// longitude from [`frame_centre`]): longitudes stay continuous and may exceed ±180.
pub fn unwrapped_around(line: &[[f64; 2]], centre: f64) -> Vec<[f64; 2]> {
    let (lo, hi) = line
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[0]), hi.max(p[0]))
        });
    let turns = if line.is_empty() {
        0.0
    } else {
        (((lo + hi) / 2.0 - centre) / 360.0).round()
    };
    line.iter().map(|p| [p[0] - 360.0 * turns, p[1]]).collect()
}

/// A longitude moved by whole turns into the frame [centre − 180, centre + 180).
pub fn into_frame(lon: f64, centre: f64) -> f64 {
    lon - 360.0 * ((lon - centre + 180.0) / 360.0).floor()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_inside_the_window_stays_whole() {
        let line = [[10.0, 0.0], [20.0, 5.0]];
        assert_eq!(cut(&line), vec![line.to_vec()]);
    }

    #[test]
    fn westward_crossings_end_on_minus_180() {
        let parts = cut(&[[-170.0, 10.0], [-190.0, 10.0]]);
        assert_eq!(parts[0].last().unwrap()[0], -180.0);
        assert_eq!(parts[1][0][0], 180.0);
        assert_eq!(parts[1][1][0], 170.0);
    }

    #[test]
    fn parts_meet_at_the_same_latitude() {
        let parts = cut(&[[175.0, 60.0], [185.0, 62.0]]);
        assert_eq!(parts[0].last().unwrap()[1], parts[1][0][1]);
    }
}
