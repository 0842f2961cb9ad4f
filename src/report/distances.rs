//! `distances`: one row per leg, then the total of each route.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::apportion::apportion;
use super::table::Table;
use crate::plan::PlannedLeg;
use crate::units::{Length, LengthUnit, round_to};

/// Leg rows followed by route totals (rows whose `leg` is null). A rail leg that changes
/// gauge gets one row per section, all with the leg's number.
///
/// Values are rounded to `decimals` so that the rows add up exactly to what they sum to: the
/// legs to their route's total, the sections to their leg (see [`apportion`]).
///
/// ```
/// use corridor::{Gazetteer, Planner};
/// use corridor::report::{distances::distances_table, table::TableFormat};
/// use corridor::routes::toml_file;
/// use corridor::units::LengthUnit;
/// let route = toml_file::parse("b.toml", r#"
///     id = "urc-msq"
///     title = "B-2476"
///     [[legs]]
///     mode = "air"
///     from = "URC"
///     to = "MSQ"
///     trips = 4
/// "#).unwrap();
/// let (gazetteer, routes) = (Gazetteer::bundled(), [route]);
/// let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
/// let csv = distances_table(&plan.legs, LengthUnit::Km, 3).render(TableFormat::Csv);
/// // GeographicLib: URC → MSQ is 4,358.672 km; four trips 17,434.688 km.
/// assert!(csv.contains("4358.672"), "{csv}");
/// assert!(csv.contains("17434.688"), "{csv}");
/// ```
pub fn distances_table(legs: &[PlannedLeg], unit: LengthUnit, decimals: i32) -> Table {
    let d = format!("distance_{}", unit.suffix());
    let t = format!("trip_{}", unit.suffix());
    let mut table = Table::new(&["route", "leg", "mode", "from", "to", &d, "trips", &t]);
    let in_unit = |l: Length| l.in_unit(unit);
    // Legs by route, routes in the order they first appear.
    let mut order: Vec<&str> = Vec::new();
    let mut of_route: HashMap<&str, Vec<&PlannedLeg>> = HashMap::new();
    for l in legs {
        of_route
            .entry(l.route.id.as_str())
            .or_insert_with(|| {
                order.push(&l.route.id);
                Vec::new()
            })
            .push(l);
    }
    let mut rows = Vec::new();
    let mut totals = Vec::new();
    for id in order {
        let legs = &of_route[id];
        let trips = |l: &PlannedLeg| f64::from(l.leg.trips);
        let dist: Vec<f64> = legs.iter().map(|l| in_unit(l.distance)).collect();
        let trip: Vec<f64> = legs
            .iter()
            .map(|l| in_unit(l.distance) * trips(l))
            .collect();
        let (dist_total, trip_total) = (dist.iter().sum::<f64>(), trip.iter().sum::<f64>());
        let shown_dist = apportion(&dist, dist_total, decimals);
        let shown_trip = apportion(&trip, trip_total, decimals);
        for (i, l) in legs.iter().enumerate() {
            let row = |from: &str, to: &str, d: f64, t: f64| {
                vec![
                    json!(l.route.id),
                    json!(l.number),
                    json!(l.leg.mode.as_str()),
                    json!(from),
                    json!(to),
                    json!(d),
                    json!(l.leg.trips),
                    json!(t),
                ]
            };
            // A rail leg that changes gauge is listed per section, so the transshipment shows.
            if l.sections.len() > 1 {
                let s: Vec<f64> = l.sections.iter().map(|s| in_unit(s.distance)).collect();
                let st: Vec<f64> = s.iter().map(|x| x * trips(l)).collect();
                let (sd, stt) = (
                    apportion(&s, shown_dist[i], decimals),
                    apportion(&st, shown_trip[i], decimals),
                );
                for (k, sec) in l.sections.iter().enumerate() {
                    rows.push(row(&sec.from, &sec.to, sd[k], stt[k]));
                }
            } else {
                rows.push(row(&l.from.name, &l.to.name, shown_dist[i], shown_trip[i]));
            }
        }
        let round = |x: f64| apportion(&[x], x, decimals)[0];
        totals.push(vec![
            json!(id),
            Value::Null,
            json!("total"),
            Value::Null,
            Value::Null,
            json!(round(dist_total)),
            json!(legs.iter().map(|l| u64::from(l.leg.trips)).sum::<u64>()),
            json!(round(trip_total)),
        ]);
    }
    for r in rows.into_iter().chain(totals) {
        table.push(r);
    }
    table
}

/// What-if comparison: per leg, the distance as planned from the route files, the distance
/// under the what-if switches, and the extra distance ("no alternative" when the switches
/// leave the leg no path; "not used" for a sea leg whose route the passages the switches
/// allow or require did not change).
pub fn compare_table(
    base: &[PlannedLeg],
    what_if: &[PlannedLeg],
    unroutable: &[(String, crate::networks::RouteError)],
    unit: LengthUnit,
    allowed: &[String],
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
    let what_if: HashMap<String, &PlannedLeg> = what_if.iter().map(|l| (l.id(), l)).collect();
    let unroutable: HashSet<&str> = unroutable.iter().map(|(id, _)| id.as_str()).collect();
    for b in base {
        let id = b.id();
        let (what, extra, passages) = match what_if.get(&id) {
            Some(l)
                if b.leg.mode == crate::routes::Mode::Sea
                    && !allowed.is_empty()
                    && l.distance == b.distance
                    && l.passages == b.passages =>
            {
                (value(l.distance), json!("not used"), joined(&l.passages))
            }
            Some(l) => (
                value(l.distance),
                value(Length::from_metres(
                    l.distance.metres() - b.distance.metres(),
                )),
                joined(&l.passages),
            ),
            None if unroutable.contains(id.as_str()) => {
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
