//! `distances`: one row per leg, then the total of each route.

use serde_json::{Value, json};

use super::table::Table;
use crate::plan::PlannedLeg;
use crate::units::{Length, LengthUnit, round_to};

/// Leg rows followed by route totals (rows whose `leg` is null). A rail leg that changes
/// gauge gets one row per section, all with the leg's number.
pub fn distances_table(legs: &[PlannedLeg], unit: LengthUnit) -> Table {
    let d = format!("distance_{}", unit.suffix());
    let t = format!("trip_{}", unit.suffix());
    let mut table = Table::new(&["route", "leg", "mode", "from", "to", &d, "trips", &t]);
    let value = |l: Length| json!(round_to(l.in_unit(unit), 3));
    for l in legs {
        // A rail leg that changes gauge is listed per section, so the transshipment shows.
        if l.sections.len() > 1 {
            for s in &l.sections {
                table.push(vec![
                    json!(l.route.id),
                    json!(l.number),
                    json!(l.leg.mode.as_str()),
                    json!(s.from),
                    json!(s.to),
                    value(s.distance),
                    json!(l.leg.trips),
                    value(s.distance * f64::from(l.leg.trips)),
                ]);
            }
            continue;
        }
        table.push(vec![
            json!(l.route.id),
            json!(l.number),
            json!(l.leg.mode.as_str()),
            json!(l.from.name),
            json!(l.to.name),
            value(l.distance),
            json!(l.leg.trips),
            value(l.trip_distance()),
        ]);
    }
    // Route totals, in the order routes first appear.
    let mut order: Vec<&str> = Vec::new();
    for l in legs {
        if !order.contains(&l.route.id.as_str()) {
            order.push(&l.route.id);
        }
    }
    for id in order {
        let of_route: Vec<&PlannedLeg> = legs.iter().filter(|l| l.route.id == id).collect();
        let distance: Length = of_route.iter().map(|l| l.distance).sum();
        let trips: u64 = of_route.iter().map(|l| u64::from(l.leg.trips)).sum();
        let trip: Length = of_route.iter().map(|l| l.trip_distance()).sum();
        table.push(vec![
            json!(id),
            Value::Null,
            json!("total"),
            Value::Null,
            Value::Null,
            value(distance),
            json!(trips),
            value(trip),
        ]);
    }
    table
}

/// What-if comparison: per leg, the distance as planned from the route files, the distance
/// under the what-if switches, and the extra distance (or "no alternative").
pub fn compare_table(
    base: &[PlannedLeg],
    what_if: &[PlannedLeg],
    unroutable: &[(String, String)],
    unit: LengthUnit,
) -> Table {
    let u = unit.suffix();
    let (d, w, x) = (
        format!("distance_{u}"),
        format!("what_if_{u}"),
        format!("extra_{u}"),
    );
    let mut table = Table::new(&[
        "route",
        "leg",
        "mode",
        "from",
        "to",
        &d,
        &w,
        &x,
        "passages",
        "what_if_passages",
    ]);
    let value = |l: Length| json!(round_to(l.in_unit(unit), 3));
    let joined = |p: &[String]| {
        if p.is_empty() {
            Value::Null
        } else {
            json!(p.join("; "))
        }
    };
    for b in base {
        let id = b.id();
        let (what, extra, passages) = match what_if.iter().find(|l| l.id() == id) {
            Some(l) => (
                value(l.distance),
                value(Length::from_metres(
                    l.distance.metres() - b.distance.metres(),
                )),
                joined(&l.passages),
            ),
            None if unroutable.iter().any(|(u, _)| *u == id) => {
                (Value::Null, json!("no alternative"), Value::Null)
            }
            None => (Value::Null, Value::Null, Value::Null),
        };
        table.push(vec![
            json!(b.route.id),
            json!(b.number),
            json!(b.leg.mode.as_str()),
            json!(b.from.name),
            json!(b.to.name),
            value(b.distance),
            what,
            extra,
            joined(&b.passages),
            passages,
        ]);
    }
    table
}
