//! Times along legs: kepler.gl's Trip layer input (`build --format trips`) and the timed
//! points the positions layer samples from.
//!
//! kepler.gl animates a GeoJSON LineString whose coordinates are `[lon, lat, altitude,
//! unix_seconds]`. Lines are cut at ±180 into one feature per part (kepler.gl draws a
//! LineString straight across the map otherwise), the crossing getting an interpolated time
//! on both sides, so that every part animates continuously.

use serde_json::{Value, json};

use crate::plan::PlannedLeg;
use crate::routes::Date;
use crate::units::round_to;

/// A vertex with its time: longitude (unwrapped), latitude, unix seconds.
pub type Timed = [f64; 3];

/// The part of a leg's line whose times are known (between its first and last anchor),
/// each vertex with its time; empty when fewer than two vertices have one.
pub fn timed_line(leg: &PlannedLeg) -> Vec<Timed> {
    let times = leg.vertex_times();
    let line: Vec<Timed> = leg
        .line
        .iter()
        .zip(times)
        .filter_map(|(p, t)| t.map(|t| [p[0], p[1], t as f64]))
        .collect();
    if line.len() < 2 { Vec::new() } else { line }
}

/// The window of width 360° a longitude is in: 0 for [-180, 180).
fn window(lon: f64) -> i64 {
    ((lon + 180.0) / 360.0).floor() as i64
}

/// Cuts `line` (longitudes unwrapped) where it crosses ±180, longitudes wrapped into
/// [-180, 180]; the crossing point (and its time) ends one part and starts the next.
pub fn cut_timed(line: &[Timed]) -> Vec<Vec<Timed>> {
    let Some(&first) = line.first() else {
        return Vec::new();
    };
    let shift = |p: Timed, w: i64| [p[0] - 360.0 * w as f64, p[1], p[2]];
    let mut parts = Vec::new();
    let mut w = window(first[0]);
    let mut current = vec![shift(first, w)];
    for pair in line.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        while window(b[0]) != w {
            let east = window(b[0]) > w;
            let edge = -180.0 + 360.0 * (if east { w + 1 } else { w }) as f64;
            let f = (edge - a[0]) / (b[0] - a[0]);
            let at = [edge, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
            current.push(shift(at, w));
            parts.push(std::mem::take(&mut current));
            w += if east { 1 } else { -1 };
            current.push(shift(at, w));
        }
        current.push(shift(b, w));
    }
    parts.push(current);
    parts.retain(|p| p.len() > 1);
    parts
}

/// `2024-02-06T10:00:00Z`: ISO 8601 UTC date and time of unix seconds.
pub fn iso_utc(unix: i64) -> String {
    let day = 86_400;
    let date = Date::from_unix_days(unix.div_euclid(day));
    let s = unix.rem_euclid(day);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The key columns every time layer carries for its leg.
pub fn leg_keys(leg: &PlannedLeg) -> serde_json::Map<String, Value> {
    let mut keys = serde_json::Map::new();
    keys.insert("leg_id".into(), leg.id().into());
    keys.insert("route_id".into(), leg.route.id.clone().into());
    keys.insert("mode".into(), leg.leg.mode.to_string().into());
    keys
}

/// The Trip features of one leg: one per part of its timed line.
fn leg_trips(leg: &PlannedLeg) -> Vec<Value> {
    let line = timed_line(leg);
    let parts = cut_timed(&line);
    let count = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(k, part)| {
            let mut props = leg_keys(leg);
            props.insert("leg".into(), leg.number.into());
            props.insert("from_id".into(), leg.from.id.clone().into());
            props.insert("to_id".into(), leg.to.id.clone().into());
            props.insert("start_time".into(), iso_utc(part[0][2] as i64).into());
            let end = part[part.len() - 1][2] as i64;
            props.insert("end_time".into(), iso_utc(end).into());
            props.insert("part".into(), (k + 1).into());
            props.insert("parts".into(), count.into());
            let coords: Vec<Value> = part
                .iter()
                .map(|p| json!([round_to(p[0], 6), round_to(p[1], 6), 0, p[2].round() as i64]))
                .collect();
            json!({"type": "Feature", "properties": props,
                   "geometry": {"type": "LineString", "coordinates": coords}})
        })
        .collect()
}

/// kepler.gl's Trip layer input for `legs`, and how many legs were left out for having no
/// times (no two anchors: neither fixes nor both a start and an end).
pub fn trips_collection(name: &str, legs: &[PlannedLeg]) -> (String, usize) {
    let mut untimed = 0;
    let mut features = Vec::new();
    for leg in legs {
        let trips = leg_trips(leg);
        untimed += usize::from(trips.is_empty());
        features.extend(trips);
    }
    let collection = json!({"type": "FeatureCollection", "name": name, "features": features});
    (format!("{collection}\n"), untimed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_timed_interpolates_the_crossing_time() {
        let parts = cut_timed(&[[170.0, 0.0, 0.0], [190.0, 10.0, 100.0]]);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0][1], [180.0, 5.0, 50.0]);
        assert_eq!(parts[1][0], [-180.0, 5.0, 50.0]);
        assert_eq!(parts[1][1], [-170.0, 10.0, 100.0]);
    }

    #[test]
    fn iso_utc_writes_seconds() {
        assert_eq!(iso_utc(1_707_213_600), "2024-02-06T10:00:00Z");
    }
}
