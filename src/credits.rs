//! Credits (attribution) for the data an output is made from: the bundled networks a leg
//! follows, the land the checks and maps use, and the sources of the places.
//!
//! ODbL 1.0 requires the OpenStreetMap credit wherever the rail network is used; the others
//! are credited as their licences ask or as a courtesy (public domain). The README's NOTICE
//! lists every bundled source.
//!
//! ```
//! use corridor::credits::{Credit, credits};
//! use corridor::{Gazetteer, Planner, RailNetwork};
//! use corridor::routes::toml_file;
//!
//! let route = toml_file::parse("mzkt.toml", r#"
//!     id = "mzkt-bryansk"
//!     title = "MZKT chassis to Bryansk"
//!     [[legs]]
//!     mode = "rail"
//!     from = "Minsk"
//!     to = "Bryansk"
//! "#).unwrap();
//! let (gazetteer, rail) = (Gazetteer::bundled(), RailNetwork::bundled().unwrap());
//! let routes = [route];
//! let plan = Planner::new(&gazetteer).with_rail(&rail).plan(&routes).unwrap();
//! let places = corridor::plan::places_used(&plan.legs);
//! let credits = credits(&plan.legs, &places);
//! assert_eq!(credits[0], Credit::OpenStreetMap);
//! assert_eq!(credits[0].text(), "© OpenStreetMap contributors (ODbL 1.0)");
//! assert!(credits.contains(&Credit::GeoNames));
//! ```

use std::collections::BTreeSet;

use crate::places::Place;
use crate::plan::{GeometryModel, PlannedLeg};
use crate::routes::Mode;

/// A data source to credit. The order is the order credits are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Credit {
    /// The bundled railway network (ODbL 1.0: the credit is required).
    OpenStreetMap,
    /// The bundled sea lanes.
    Marnet,
    /// Land for the maps and the sea legs' coast checks; the rail network's country codes.
    NaturalEarth,
    GeoNames,
    OurAirports,
    AirportsData,
    WorldPortIndex,
}

impl Credit {
    /// Who to credit, the licence and where to read about it.
    fn parts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Credit::OpenStreetMap => (
                "© OpenStreetMap contributors",
                "ODbL 1.0",
                "https://www.openstreetmap.org/copyright",
            ),
            Credit::Marnet => (
                "Eurostat SeaRoute / MARNET",
                "EUPL-1.2",
                "https://github.com/eurostat/searoute",
            ),
            Credit::NaturalEarth => (
                "Made with Natural Earth",
                "public domain",
                "https://www.naturalearthdata.com",
            ),
            Credit::GeoNames => ("GeoNames", "CC BY 4.0", "https://www.geonames.org"),
            Credit::OurAirports => ("OurAirports", "public domain", "https://ourairports.com"),
            Credit::AirportsData => (
                "airportsdata",
                "MIT",
                "https://github.com/mborsetti/airportsdata",
            ),
            Credit::WorldPortIndex => (
                "NGA World Port Index, Pub. 150",
                "public domain",
                "https://msi.nga.mil/Publications/WPI",
            ),
        }
    }

    /// The credit with its licence, short enough for a map footer.
    pub fn text(self) -> String {
        let (who, licence, _) = self.parts();
        format!("{who} ({licence})")
    }

    /// The credit with its licence and address, for the data formats.
    pub fn full_text(self) -> String {
        let (who, licence, url) = self.parts();
        format!("{who} ({licence}, {url})")
    }

    /// Where to read about the source and its licence.
    pub fn url(self) -> &'static str {
        self.parts().2
    }
}

/// What a leg's line and checks are made from.
fn leg_credits(leg: &PlannedLeg) -> &'static [Credit] {
    match (leg.leg.mode, leg.model) {
        (Mode::Rail, GeometryModel::Network) => &[Credit::OpenStreetMap, Credit::NaturalEarth],
        (Mode::Sea, GeometryModel::Network) => &[Credit::Marnet, Credit::NaturalEarth],
        // Every sea leg's ports and path are checked against Natural Earth's land.
        (Mode::Sea, _) => &[Credit::NaturalEarth],
        _ => &[],
    }
}

/// The sources a place's `source` text names (the bundled gazetteer names its source on
/// every row: "GeoNames 625144", "OurAirports UUEE", "NGA WPI 60510", an OSM node, …).
fn place_credits(place: &Place) -> impl Iterator<Item = Credit> + '_ {
    let s = place.source.as_str();
    let osm = s.contains("OpenStreetMap")
        || s.contains("scgraph")
        || s.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "OSM");
    [
        (osm, Credit::OpenStreetMap),
        (s.contains("MARNET"), Credit::Marnet),
        (s.contains("Natural Earth"), Credit::NaturalEarth),
        (s.contains("GeoNames"), Credit::GeoNames),
        (s.contains("OurAirports"), Credit::OurAirports),
        (s.contains("airportsdata"), Credit::AirportsData),
        (
            s.contains("WPI") || s.contains("World Port Index"),
            Credit::WorldPortIndex,
        ),
    ]
    .into_iter()
    .filter_map(|(named, credit)| named.then_some(credit))
}

/// The credits of the places' sources, ordered, each once.
pub fn places_credits(places: &[Place]) -> Vec<Credit> {
    credits(&[], places)
}

/// The credits an output of `legs` and `places` owes, ordered, each once: OpenStreetMap when
/// a rail leg follows the bundled network, MARNET when a sea leg does, Natural Earth for sea
/// legs (coast checks) and rail legs (country codes), and the sources the places name.
pub fn credits(legs: &[PlannedLeg], places: &[Place]) -> Vec<Credit> {
    let mut set: BTreeSet<Credit> = legs.iter().flat_map(leg_credits).copied().collect();
    set.extend(places.iter().flat_map(place_credits));
    set.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::PlaceKind;

    fn place(source: &str) -> Place {
        Place::new("x", "X", PlaceKind::City, (0.0, 0.0), source)
    }

    #[test]
    fn places_are_credited_by_the_sources_they_name() {
        let places = [
            place("GeoNames 8476216 L.PRT via harborly (CC BY 4.0); NGA WPI 48270"),
            place("OurAirports UUEE"),
            place("estimated: OSM railway node (scgraph-data world_railways)"),
            place("estimated from address"),
            place("COSMOS"),
        ];
        assert_eq!(
            places_credits(&places),
            [
                Credit::OpenStreetMap,
                Credit::GeoNames,
                Credit::OurAirports,
                Credit::WorldPortIndex
            ]
        );
        assert!(places_credits(&places[3..]).is_empty());
    }
}
