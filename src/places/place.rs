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
        format!("unknown kind {}; use one of {}", crate::quote::quoted(s), PlaceKind::NAMES.join(", "))
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
    /// A place with only what every place has: no country, aliases, codes or population
    /// (fill in the fields that apply).
    ///
    /// ```
    /// use corridor::places::{Place, PlaceKind};
    /// let depot = Place::new("depot-7", "Depot 7", PlaceKind::Facility, (53.9, 27.6), "own survey");
    /// assert_eq!((depot.lat, depot.lon), (53.9, 27.6));
    /// assert!(depot.country.is_empty() && depot.codes().next().is_none());
    /// ```
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        kind: PlaceKind,
        (lat, lon): (f64, f64),
        source: impl Into<String>,
    ) -> Place {
        Place {
            id: id.into(),
            name: name.into(),
            kind,
            country: String::new(),
            lat,
            lon,
            aliases: Vec::new(),
            iata: String::new(),
            icao: String::new(),
            unlocode: String::new(),
            population: None,
            source: source.into(),
        }
    }

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
