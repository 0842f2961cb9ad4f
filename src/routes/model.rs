//! What a route definition says, independent of the file format it came from.

use super::date::Date;
use super::sighting::{Sighting, Timing, TrackRef};
use crate::places::PlaceKind;
use crate::quote::quoted;

/// Where something was written: 1-based line and column in `Route::file`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

named_enum! {
    /// How goods move on a leg.
    pub enum Mode {
        Air = "air",
        Rail = "rail",
        Sea = "sea",
        Road = "road",
    }
    from_str(any_case, |s| format!("unknown mode {}; use air, rail, sea or road", quoted(s)));
}

named_enum! {
    /// The unit of a leg's quantity; files may also write the other words given.
    pub enum QuantityUnit {
        Tonnes = "t" | "tonnes" | "tonne" | "tons",
        Wagons = "wagons" | "wagon" | "cars",
        Containers = "containers" | "container" | "teu",
        Pieces = "pieces" | "piece" | "pcs",
        Vehicles = "vehicles" | "vehicle",
    }
    from_str(any_case, |s| {
        format!("unknown unit {}; use t, wagons, containers, pieces or vehicles", quoted(s))
    });
}

/// How much a leg carried in total over all its trips.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: QuantityUnit,
}

impl Quantity {
    /// Tonnes, when the quantity is a mass.
    pub fn tonnes(&self) -> Option<f64> {
        (self.unit == QuantityUnit::Tonnes).then_some(self.value)
    }
}

/// A place as a route file names it: a gazetteer reference or coordinates given inline.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceRef {
    Named(String),
    /// A name that must resolve to a place of this kind, as written (`{ name = "Minsk",
    /// kind = "city" }`: the city, not its airport).
    OfKind {
        name: String,
        kind: PlaceKind,
    },
    Inline {
        name: String,
        lat: f64,
        lon: f64,
    },
}

impl PlaceRef {
    /// What the analyst wrote, for messages.
    pub fn label(&self) -> &str {
        match self {
            PlaceRef::Named(n) => n,
            PlaceRef::OfKind { name, .. } | PlaceRef::Inline { name, .. } => name,
        }
    }
}

/// A place reference with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceAt {
    pub place: PlaceRef,
    pub pos: Pos,
}

/// Who or what carried the goods.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vehicle {
    /// aircraft, train, ship, truck
    pub kind: Option<String>,
    pub name: Option<String>,
    pub registration: Option<String>,
    pub icao24: Option<String>,
    pub imo: Option<String>,
    pub mmsi: Option<String>,
    pub flag: Option<String>,
    pub vehicle_type: Option<String>,
    pub operator: Option<String>,
    /// Flight numbers such as CAO1095.
    pub flights: Vec<String>,
}

/// What a route file or the command line says about passages.
///
/// Three layers decide each passage, each over the one before: the network's default
/// (`networks/sea/passages.tsv`), the route file (the route, then the leg), the command line.
/// A later layer's word on a passage replaces the earlier one's: `--allow suez` lifts a file's
/// `avoid = ["suez"]`, and `--avoid suez` drops a file's `require`.
///
/// ```
/// use corridor::routes::PassagePolicy;
/// let file = PassagePolicy { avoid: vec!["suez".into()], ..Default::default() };
/// let cli = PassagePolicy { allow: vec!["suez".into()], ..Default::default() };
/// let merged = file.merged(&cli);
/// assert!(merged.avoid.is_empty());
/// assert_eq!(merged.allow, ["suez"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassagePolicy {
    pub avoid: Vec<String>,
    /// Passages avoided by default (the Arctic) that this leg may use.
    pub allow: Vec<String>,
    pub require: Vec<String>,
}

impl PassagePolicy {
    /// This policy with `other`'s word on each passage it names taking precedence.
    pub fn merged(&self, other: &PassagePolicy) -> PassagePolicy {
        let named: Vec<&String> = other
            .avoid
            .iter()
            .chain(&other.allow)
            .chain(&other.require)
            .collect();
        let keep = |v: &[String], extra: &[String]| {
            let mut out: Vec<String> = v.iter().filter(|x| !named.contains(x)).cloned().collect();
            for x in extra {
                if !out.contains(x) {
                    out.push(x.clone());
                }
            }
            out
        };
        PassagePolicy {
            avoid: keep(&self.avoid, &other.avoid),
            allow: keep(&self.allow, &other.allow),
            require: keep(&self.require, &other.require),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.avoid.is_empty() && self.allow.is_empty() && self.require.is_empty()
    }
}

/// What a route file or the command line closes or avoids on the railways, and what gauge
/// changes and border crossings cost the router.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RailPolicy {
    /// Named segments (`severomuysky-tunnel`) or stations as `lon,lat`.
    pub close: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of countries the path may not enter.
    pub avoid_countries: Vec<String>,
    /// Routing cost of one gauge change in km of track (None: the default,
    /// [`crate::networks::rail::DEFAULT_GAUGE_CHANGE_KM`]).
    pub gauge_change_km: Option<f64>,
    /// Routing cost of one border crossing in km of track (None: the default,
    /// [`crate::networks::rail::DEFAULT_BORDER_CROSSING_KM`]).
    pub border_crossing_km: Option<f64>,
}

impl RailPolicy {
    /// This policy with `other`'s entries added; `other`'s costs, where set, win.
    pub fn merged(&self, other: &RailPolicy) -> RailPolicy {
        let join = |a: &[String], b: &[String]| {
            let mut v = a.to_vec();
            v.extend(b.iter().filter(|x| !a.contains(x)).cloned());
            v
        };
        RailPolicy {
            close: join(&self.close, &other.close),
            avoid_countries: join(&self.avoid_countries, &other.avoid_countries),
            gauge_change_km: other.gauge_change_km.or(self.gauge_change_km),
            border_crossing_km: other.border_crossing_km.or(self.border_crossing_km),
        }
    }

    /// Checks a cost given in a route file or on the command line.
    pub fn check_cost(name: &str, km: f64) -> Result<f64, String> {
        if km.is_finite() && (0.0..=100_000.0).contains(&km) {
            Ok(km)
        } else {
            Err(format!(
                "{name} = {km} is not a distance in km between 0 and 100000; give e.g. {name} = 500"
            ))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.close.is_empty() && self.avoid_countries.is_empty()
    }
}

/// A publication a route rests on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    pub publisher: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<Date>,
}

/// One movement between two places.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    pub mode: Mode,
    pub from: PlaceAt,
    pub to: PlaceAt,
    pub via: Vec<PlaceAt>,
    pub trips: u32,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub vehicle: Vehicle,
    pub cargo: Option<String>,
    pub quantity: Option<Quantity>,
    pub notes: Option<String>,
    /// An explicit track as (lon, lat) pairs, when the analyst knows it.
    pub path: Option<Vec<(f64, f64)>>,
    /// Passages (sea chokepoints) this leg must avoid, may use or must use.
    pub passages: PassagePolicy,
    /// Closed rail segments and countries a rail leg must avoid.
    pub rail: RailPolicy,
    /// Turn problems that change the answer (a long sea connector, a connector or sea path
    /// over land) from errors into warnings, for an analyst who has checked them.
    pub lenient: bool,
    /// Timed fixes of the vehicle, in time order: those written in the file, then (once
    /// [`crate::routes::track::attach_tracks`] has read it) the leg's `track`, merged in.
    pub sightings: Vec<Sighting>,
    /// A file of fixes, relative to the route file.
    pub track: Option<TrackRef>,
    /// Gap and speed settings for the sightings.
    pub timing: Timing,
    /// Where the leg starts in the file.
    pub pos: Pos,
    pub start_pos: Pos,
}

/// One route: an ordered list of legs plus what is known about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The file the route was read from, as given on the command line.
    pub file: String,
    pub pos: Pos,
    pub id: String,
    pub title: String,
    pub corridor: Option<String>,
    pub description: Option<String>,
    /// Admiralty code such as `B2`.
    pub confidence: Option<String>,
    /// Each leg starts where the previous one ended (false: independent shipments).
    pub legs_connect: bool,
    pub sources: Vec<Source>,
    pub legs: Vec<Leg>,
}

/// Checks an Admiralty (NATO) grading: source reliability A–F, information credibility 1–6.
pub fn check_confidence(code: &str) -> Result<(), String> {
    let b = code.as_bytes();
    if b.len() == 2 && (b'A'..=b'F').contains(&b[0]) && (b'1'..=b'6').contains(&b[1]) {
        Ok(())
    } else {
        Err(format!(
            "confidence {} is not an Admiralty code; write a letter A–F (source reliability) and a digit 1–6 (credibility), e.g. B2",
            quoted(code)
        ))
    }
}

/// Checks a route or corridor id: a slug usable in file names and feature ids.
pub fn check_slug(what: &str, id: &str) -> Result<(), String> {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
    {
        Ok(())
    } else {
        Err(format!(
            "{what} {} is not a slug; use lower-case ASCII letters, digits, '-', '_' or '.'",
            quoted(id)
        ))
    }
}

/// An IMO ship number as written, without an `IMO` prefix.
pub fn imo_digits(imo: &str) -> &str {
    imo.trim_start_matches("IMO").trim()
}

/// Checks an IMO ship number (7 digits with a check digit).
pub fn check_imo(imo: &str) -> Result<(), String> {
    let digits = imo_digits(imo);
    let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 7 || digits.len() != 7 {
        return Err(format!("IMO number {} must have 7 digits", quoted(imo)));
    }
    let sum: u32 = (0..6).map(|i| d[i] * (7 - i as u32)).sum();
    if sum % 10 != d[6] {
        return Err(format!(
            "IMO number {} fails its check digit; check for a typo",
            quoted(imo)
        ));
    }
    Ok(())
}

/// Checks an MMSI (Maritime Mobile Service Identity): 9 digits.
pub fn check_mmsi(mmsi: &str) -> Result<(), String> {
    if mmsi.len() == 9 && mmsi.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("MMSI {} must be 9 digits", quoted(mmsi)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admiralty_codes() {
        assert!(check_confidence("B2").is_ok());
        assert!(check_confidence("G1").is_err());
        assert!(check_confidence("b2").is_err());
    }

    #[test]
    fn imo_check_digit() {
        // IMO 9074729 is the worked example in IMO Resolution A.1117(30), annex.
        assert!(check_imo("9074729").is_ok());
        assert!(check_imo("IMO 9074729").is_ok());
        assert!(check_imo("9074728").is_err());
    }

    #[test]
    fn modes_and_units_parse_with_helpful_errors() {
        assert_eq!("AIR".parse::<Mode>().unwrap(), Mode::Air);
        assert!(
            "plane"
                .parse::<Mode>()
                .unwrap_err()
                .contains("air, rail, sea or road")
        );
        assert_eq!(
            "tonnes".parse::<QuantityUnit>().unwrap(),
            QuantityUnit::Tonnes
        );
        assert!("barrels".parse::<QuantityUnit>().is_err());
    }
}
