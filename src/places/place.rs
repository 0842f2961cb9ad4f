//! A named place and its kind.
//!
//! This file is also compiled into the build script: it uses `std` and `named_enum!` only.

named_enum! {
    /// What sort of place a gazetteer row describes. The order is the display order.
    pub enum PlaceKind {
        City = "city",
        Airport = "airport",
        Seaport = "seaport",
        RailStation = "rail_station",
        BorderCrossing = "border_crossing",
        Facility = "facility",
        Base = "base",
        Chokepoint = "chokepoint",
        Region = "region",
    }
    from_str(exact, |s| {
        format!("unknown kind {s:?}; use one of {}", PlaceKind::NAMES.join(", "))
    });
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
