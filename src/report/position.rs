//! `where`: each leg's estimated position at one instant, from its vertex times.

use serde_json::{Value, json};

use super::table::Table;
use crate::geometry::geodesic::point_between;
use crate::plan::PlannedLeg;
use crate::plan::sightings::cumulative_metres;
use crate::units::round_to;

/// Where a leg is at an instant: on its line between two timed vertices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub lat: f64,
    /// In -180..180.
    pub lon: f64,
    /// Whether the line is observed (drawn through fixes close in time) there.
    pub observed: bool,
    /// Along the line from the leg's origin, in km.
    pub along_km: f64,
}

/// The leg's estimated position at `time` (unix seconds), moving at constant speed along
/// its line between the vertices whose times are known; None when the leg is not under way
/// then (before its first known time, after its last, or with no times at all).
pub fn position_at(leg: &PlannedLeg, time: i64) -> Option<Position> {
    let times = leg.vertex_times();
    let k = (0..times.len().saturating_sub(1)).find(
        |&k| matches!((times[k], times[k + 1]), (Some(a), Some(b)) if a <= time && time <= b),
    )?;
    let (a, b) = (times[k]?, times[k + 1]?);
    let f = if b > a {
        (time - a) as f64 / (b - a) as f64
    } else {
        0.0
    };
    let along = cumulative_metres(&leg.line);
    let p = point_between(leg.line[k], leg.line[k + 1], f);
    let observed = leg
        .spans()
        .iter()
        .any(|s| s.observed && s.first <= k && k < s.last);
    Some(Position {
        lat: p[1],
        lon: (p[0] + 180.0).rem_euclid(360.0) - 180.0,
        observed,
        along_km: (along[k] + f * (along[k + 1] - along[k])) / 1000.0,
    })
}

/// One row per leg under way at `time`: route, leg id, mode, vehicle, position, whether
/// observed there, and km along the leg. Also returns how many legs were left out.
pub fn where_table(legs: &[PlannedLeg], time: i64, decimals: i32) -> (Table, usize) {
    let columns = ["leg", "mode", "vehicle", "lat", "lon", "part", "along_km"];
    let mut table = Table::new(&columns);
    let mut left_out = 0;
    for leg in legs {
        let Some(p) = position_at(leg, time) else {
            left_out += 1;
            continue;
        };
        let part = if p.observed { "observed" } else { "inferred" };
        let vehicle = leg.leg.vehicle.name.as_deref();
        table.push(vec![
            json!(leg.id()),
            json!(leg.leg.mode.as_str()),
            vehicle.map_or(Value::Null, |n| json!(n)),
            json!(round_to(p.lat, 5)),
            json!(round_to(p.lon, 5)),
            json!(part),
            json!(round_to(p.along_km, decimals)),
        ]);
    }
    (table, left_out)
}
