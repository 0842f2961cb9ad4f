//! The place that serves a city for a mode of transport: its airport, seaport or main station.
//!
//! An analyst who writes "Minsk" in an air leg means Minsk National Airport, 42 km from the
//! city centre; measured to the centre, the leg is 30 km wrong. So a city named in an air,
//! sea or rail leg stands for the place that serves it, by these rules (the README states
//! them with examples):
//!
//! - air: the nearest *large* airport with scheduled service within [`AIRPORT_MAX_KM`],
//!   else the nearest medium one, else a small one (OurAirports' `type` and
//!   `scheduled_service`, `gazetteer/imported/scheduled_airports.tsv`);
//! - sea: the nearest curated seaport within [`SEAPORT_MAX_KM`], else the nearest imported
//!   port that is the main one of its UN/LOCODE locality (`port-<locode>`), else any port;
//! - rail: the nearest curated rail station within [`STATION_MAX_KM`] (imported data has none).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::gazetteer::{Gazetteer, Nearby};
use super::place::{Place, PlaceKind};

/// How far from a city its airport may lie (Minsk National is 42 km out, Domodedovo 42 km).
pub const AIRPORT_MAX_KM: f64 = 50.0;
/// How far from a city its seaport may lie.
pub const SEAPORT_MAX_KM: f64 = 50.0;
/// How far from a city its main station may lie.
pub const STATION_MAX_KM: f64 = 25.0;

static SCHEDULED: &str = include_str!("../../gazetteer/imported/scheduled_airports.tsv");

/// Airport size class by ICAO or IATA code, for airports with scheduled service:
/// 0 = large, 1 = medium, 2 = small.
fn scheduled() -> &'static HashMap<&'static str, u8> {
    static TABLE: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for line in SCHEDULED.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let class = match f.get(3).copied() {
                Some("large") => 0,
                Some("medium") => 1,
                _ => 2,
            };
            for code in [f.get(1), f.get(2)].into_iter().flatten() {
                if !code.is_empty() {
                    t.insert(*code, class);
                }
            }
        }
        t
    })
}

/// The airport's class when it has scheduled service.
fn scheduled_class(p: &Place) -> Option<u8> {
    let t = scheduled();
    [&p.icao, &p.iata]
        .into_iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| t.get(c.as_str()).copied())
}

/// The place serving `city` as a `kind` (airport, seaport or rail station), with its distance
/// from the city; None when no place of that kind qualifies.
///
/// ```
/// use corridor::places::{Gazetteer, PlaceKind, serving::serving};
/// let gaz = Gazetteer::bundled();
/// let minsk = gaz.get("minsk").unwrap();
/// let airport = serving(&gaz, &minsk, PlaceKind::Airport).unwrap();
/// assert_eq!(airport.place.iata, "MSQ");
/// ```
pub fn serving(gaz: &Gazetteer, city: &Place, kind: PlaceKind) -> Option<Nearby> {
    let (max_km, rank): (f64, fn(&Nearby) -> Option<u8>) = match kind {
        PlaceKind::Airport => (AIRPORT_MAX_KM, |n| scheduled_class(&n.place)),
        PlaceKind::Seaport => (SEAPORT_MAX_KM, |n| {
            Some(if n.tier == 0 {
                0
            } else if n.place.id.starts_with("port-") && !n.place.id.starts_with("port-gn-") {
                1
            } else {
                2
            })
        }),
        PlaceKind::RailStation => (STATION_MAX_KM, |n| (n.tier == 0).then_some(0)),
        _ => return None,
    };
    // `near` lists nearest first, so the first of the best rank is the nearest of it.
    let mut best: Option<(u8, Nearby)> = None;
    for n in gaz.near(city.lon, city.lat, kind, max_km) {
        if let Some(r) = rank(&n)
            && best.as_ref().is_none_or(|(b, _)| r < *b)
        {
            best = Some((r, n));
        }
    }
    best.map(|(_, n)| n)
}
