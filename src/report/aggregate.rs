//! `aggregate`: legs grouped by a key, with trips, distances and tonnage.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::apportion::apportion;
use super::table::Table;
use crate::plan::PlannedLeg;

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
}

/// One row per group, sorted by key, then a `total` row. Values are rounded to `decimals`
/// so that the groups add up exactly to the total (see [`apportion`]).
///
/// ```
/// use corridor::{Gazetteer, Planner};
/// use corridor::report::{aggregate::{GroupBy, aggregate_table}, table::TableFormat};
/// use corridor::routes::toml_file;
/// let route = toml_file::parse("b.toml", r#"
///     id = "two-modes"
///     title = "Air then road"
///     [[legs]]
///     mode = "air"
///     from = "URC"
///     to = "MSQ"
///     [[legs]]
///     mode = "road"
///     from = "MSQ"
///     to = "Minsk"
/// "#).unwrap();
/// let (gazetteer, routes) = (Gazetteer::bundled(), [route]);
/// let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
/// let csv = aggregate_table(&plan.legs, GroupBy::Mode, 3).render(TableFormat::Csv);
/// let groups: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
/// assert_eq!(groups, ["air", "road", "total"]);
/// ```
pub fn aggregate_table(legs: &[PlannedLeg], by: GroupBy, decimals: i32) -> Table {
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
    // One column at a time: the groups' values rounded to add up to the total's.
    let column = |get: &dyn Fn(&Sums) -> Option<f64>| -> Vec<Value> {
        let have: Vec<f64> = groups.values().filter_map(get).collect();
        let mut shown = apportion(&have, get(&total).unwrap_or(0.0), decimals).into_iter();
        groups
            .values()
            .map(|g| get(g).map_or(Value::Null, |_| json!(shown.next().unwrap_or(0.0))))
            .chain([get(&total).map_or(Value::Null, |t| json!(apportion(&[t], t, decimals)[0]))])
            .collect()
    };
    let cols = [
        column(&|g: &Sums| Some(g.km)),
        column(&|g: &Sums| Some(g.trip_km)),
        column(&|g: &Sums| g.tonnes),
        column(&|g: &Sums| g.tonne_km),
    ];
    let keys = groups
        .iter()
        .map(|(k, g)| (k.as_str(), g))
        .chain([("total", &total)]);
    for (i, (k, g)) in keys.enumerate() {
        let mut row = vec![json!(k), json!(g.legs), json!(g.trips)];
        row.extend(cols.iter().map(|c| c[i].clone()));
        table.push(row);
    }
    table
}
