//! A named place and its kind.
//!
//! This file is also compiled into the build script: it uses `std` only.

use std::fmt;
use std::str::FromStr;

/// What sort of place a gazetteer row describes. The order is the display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    City,
    Airport,
    Seaport,
    RailStation,
    BorderCrossing,
    Facility,
    Base,
    Chokepoint,
    Region,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 9] = [
        PlaceKind::City,
        PlaceKind::Airport,
        PlaceKind::Seaport,
        PlaceKind::RailStation,
        PlaceKind::BorderCrossing,
        PlaceKind::Facility,
        PlaceKind::Base,
        PlaceKind::Chokepoint,
        PlaceKind::Region,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Airport => "airport",
            PlaceKind::Seaport => "seaport",
            PlaceKind::RailStation => "rail_station",
            PlaceKind::BorderCrossing => "border_crossing",
            PlaceKind::Facility => "facility",
            PlaceKind::Base => "base",
            PlaceKind::Chokepoint => "chokepoint",
            PlaceKind::Region => "region",
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PlaceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        PlaceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = PlaceKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {s:?}; use one of {}", names.join(", "))
            })
    }
}

/// One gazetteer entry. Coordinates are WGS84 degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable slug, unique in the gazetteer.
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2, upper case; empty when unknown.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// Alternate names in any script.
    pub aliases: Vec<String>,
    pub iata: String,
    pub icao: String,
    pub unlocode: String,
    pub population: Option<u64>,
    /// Where the coordinates come from.
    pub source: String,
}

impl Place {
    /// The codes that identify this place, in the order IATA, ICAO, UN/LOCODE.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        [
            self.iata.as_str(),
            self.icao.as_str(),
            self.unlocode.as_str(),
        ]
        .into_iter()
        .filter(|c| !c.is_empty())
    }
}
