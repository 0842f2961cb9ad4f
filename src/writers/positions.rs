//! The `positions` layer (a leg's estimated position every N hours, for QGIS's temporal
//! controller) and the `sightings` layer (every fix): their points, and the GeoJSON of
//! them (the GeoPackage and FlatGeobuf writers take [`TimeLayer`]s).

use serde_json::{Value, json};

use crate::geometry::geodesic::point_between;
use crate::plan::PlannedLeg;
use crate::schema::{Column, POSITION_COLUMNS, Properties, SIGHTING_COLUMNS};
use crate::units::round_to;
use crate::writers::trips::iso_utc;

/// A point of a time layer: (lon, lat) in [-180, 180] (or x, y once reprojected) and its
/// properties.
pub type TimedPoint = ([f64; 2], Properties);

/// Which of the two time layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLayerKind {
    Positions,
    Sightings,
}

impl TimeLayerKind {
    /// The layer's name (the GeoPackage table).
    pub fn table(self) -> &'static str {
        match self {
            TimeLayerKind::Positions => "positions",
            TimeLayerKind::Sightings => "sightings",
        }
    }

    /// The layer's columns.
    pub fn columns(self) -> &'static [Column] {
        match self {
            TimeLayerKind::Positions => &POSITION_COLUMNS,
            TimeLayerKind::Sightings => &SIGHTING_COLUMNS,
        }
    }

    /// What a feature of the layer is.
    pub fn description(self) -> &'static str {
        match self {
            TimeLayerKind::Positions => "each leg's estimated position at regular times",
            TimeLayerKind::Sightings => "every fix (sighting) of every leg",
        }
    }
}

/// A time layer as the file writers take it: its points and its QGIS style.
pub struct TimeLayer {
    pub kind: TimeLayerKind,
    pub points: Vec<TimedPoint>,
    /// The QML document QGIS applies on opening (temporal controller settings included).
    pub style: String,
}

/// `lon` wrapped into [-180, 180).
fn wrapped(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Whether the segment from vertex `i` to `i + 1` lies in an observed span.
fn segment_observed(leg: &PlannedLeg, i: usize) -> bool {
    leg.spans()
        .iter()
        .any(|s| s.observed && s.first <= i && i < s.last)
}

/// The leg's estimated positions at every multiple of `every` seconds (since 1970, so
/// 00:00, 06:00, … UTC for 6 h) within its timed part, at constant speed between vertex
/// times: the positions [`crate::report::position::position_at`] gives, found in one pass.
pub fn leg_positions(leg: &PlannedLeg, every: i64) -> Vec<TimedPoint> {
    let timed: Vec<(usize, i64)> = leg
        .vertex_times()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| (i, t)))
        .collect();
    let mut out = Vec::new();
    let (Some(&(_, t0)), Some(&(_, t1))) = (timed.first(), timed.last()) else {
        return out;
    };
    let mut t = t0.div_euclid(every) * every;
    if t < t0 {
        t += every;
    }
    let mut k = 0;
    while t <= t1 && timed.len() > 1 {
        while k + 2 < timed.len() && timed[k + 1].1 < t {
            k += 1;
        }
        let ((i, ta), (j, tb)) = (timed[k], timed[k + 1]);
        let f = if tb > ta {
            (t - ta) as f64 / (tb - ta) as f64
        } else {
            1.0
        };
        // Along the geodesic between the vertices, as `where` places a leg.
        let at = point_between(leg.line[i], leg.line[j], f);
        out.push((
            [round_to(wrapped(at[0]), 6), round_to(at[1], 6)],
            position_properties(leg, t, segment_observed(leg, i)),
        ));
        t += every;
    }
    out
}

/// The properties of a position of `leg` at `t`.
fn position_properties(leg: &PlannedLeg, t: i64, observed: bool) -> Properties {
    let mut p = Properties::new(&POSITION_COLUMNS);
    p.push("time", iso_utc(t).into());
    p.push("leg_id", leg.id().into());
    p.push("route_id", leg.route.id.clone().into());
    p.push("mode", leg.leg.mode.to_string().into());
    p.push("observed", i32::from(observed).into());
    p
}

/// Every leg's positions, every `every` seconds.
pub fn positions(legs: &[PlannedLeg], every: i64) -> Vec<TimedPoint> {
    legs.iter().flat_map(|l| leg_positions(l, every)).collect()
}

/// Every fix of every leg, with its time, source and kind.
pub fn sightings(legs: &[PlannedLeg]) -> Vec<TimedPoint> {
    let mut out = Vec::new();
    for leg in legs {
        for s in &leg.leg.sightings {
            let mut p = Properties::new(&SIGHTING_COLUMNS);
            p.push("time", s.fix.time.to_string().into());
            p.push("earliest", iso_utc(s.fix.time.earliest).into());
            p.push("latest", iso_utc(s.fix.time.latest).into());
            p.push("source", s.source.clone().into());
            p.push("kind", s.kind.map(|k| k.to_string()).into());
            p.push("leg_id", leg.id().into());
            p.push("route_id", leg.route.id.clone().into());
            p.push("file", s.file.as_deref().map(str::to_string).into());
            let point = [round_to(s.fix.lon, 6), round_to(s.fix.lat, 6)];
            out.push((point, p));
        }
    }
    out
}

/// A GeoJSON FeatureCollection of points named `name`.
pub fn points_collection(name: &str, points: &[TimedPoint]) -> String {
    let features: Vec<Value> = points
        .iter()
        .map(|(at, p)| {
            json!({"type": "Feature", "properties": p.to_map(),
                   "geometry": {"type": "Point", "coordinates": at}})
        })
        .collect();
    let fc = json!({"type": "FeatureCollection", "name": name, "features": features});
    format!("{fc}\n")
}
