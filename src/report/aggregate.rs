//! `aggregate`: legs grouped by a key, with trips, distances and tonnage.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::table::Table;
use crate::plan::PlannedLeg;
use crate::units::round_to;

/// What to group legs by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Mode,
    Route,
    Corridor,
    /// The month a leg starts in (`YYYY-MM`).
    Month,
    /// The vehicle's registration, else its name, else its IMO number.
    Vehicle,
    /// Origin and destination countries, `CN-BY`.
    CountryPair,
    FromCountry,
    ToCountry,
}

fn or_unknown(s: &str) -> String {
    if s.is_empty() {
        "(unknown)".into()
    } else {
        s.to_string()
    }
}

/// The group a leg falls in.
pub fn group_key(leg: &PlannedLeg, by: GroupBy) -> String {
    let v = &leg.leg.vehicle;
    match by {
        GroupBy::Mode => leg.leg.mode.as_str().to_string(),
        GroupBy::Route => leg.route.id.clone(),
        GroupBy::Corridor => leg
            .route
            .corridor
            .clone()
            .unwrap_or_else(|| "(none)".into()),
        GroupBy::Month => leg
            .leg
            .start
            .map_or_else(|| "(undated)".into(), |d| d.month_key()),
        GroupBy::Vehicle => v
            .registration
            .clone()
            .or_else(|| v.name.clone())
            .or_else(|| v.imo.as_ref().map(|i| format!("IMO {i}")))
            .unwrap_or_else(|| "(unknown)".into()),
        GroupBy::CountryPair => format!(
            "{}-{}",
            or_unknown(&leg.from.country),
            or_unknown(&leg.to.country)
        ),
        GroupBy::FromCountry => or_unknown(&leg.from.country),
        GroupBy::ToCountry => or_unknown(&leg.to.country),
    }
}

#[derive(Default)]
struct Sums {
    legs: u64,
    trips: u64,
    km: f64,
    trip_km: f64,
    tonnes: Option<f64>,
    tonne_km: Option<f64>,
}

impl Sums {
    fn add(&mut self, l: &PlannedLeg) {
        self.legs += 1;
        self.trips += u64::from(l.leg.trips);
        self.km += l.distance.km();
        self.trip_km += l.trip_distance().km();
        // A leg's quantity is its total over all trips, each tonne carried the leg's distance once.
        if let Some(t) = l.leg.quantity.and_then(|q| q.tonnes()) {
            *self.tonnes.get_or_insert(0.0) += t;
            *self.tonne_km.get_or_insert(0.0) += t * l.distance.km();
        }
    }

    fn row(&self, key: &str) -> Vec<Value> {
        let num = |v: Option<f64>| v.map_or(Value::Null, |x| json!(round_to(x, 3)));
        vec![
            json!(key),
            json!(self.legs),
            json!(self.trips),
            num(Some(self.km)),
            num(Some(self.trip_km)),
            num(self.tonnes),
            num(self.tonne_km),
        ]
    }
}

/// One row per group, sorted by key, then a `total` row.
pub fn aggregate_table(legs: &[PlannedLeg], by: GroupBy) -> Table {
    let mut groups: BTreeMap<String, Sums> = BTreeMap::new();
    let mut total = Sums::default();
    for l in legs {
        groups.entry(group_key(l, by)).or_default().add(l);
        total.add(l);
    }
    let mut table = Table::new(&[
        "key",
        "legs",
        "trips",
        "distance_km",
        "trip_km",
        "tonnes",
        "tonne_km",
    ]);
    for (k, s) in &groups {
        table.push(s.row(k));
    }
    table.push(total.row("total"));
    table
}
