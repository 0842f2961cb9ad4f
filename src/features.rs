//! One map feature per leg: a line and flat, typed properties.
//!
//! Every property is a scalar, and each key has one JSON type across all features (null when
//! unknown), so GDAL and QGIS make typed columns from them.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::geometry::antimeridian;
use crate::plan::PlannedLeg;
use crate::routes::{Leg, Mode};
use crate::schema::{Properties, leg_columns};
use crate::units::Length;
use crate::units::round_to;

/// How to treat lines that cross ±180.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Antimeridian {
    /// Cut into a MultiLineString whose parts end on ±180 (RFC 7946 §3.1.9).
    #[default]
    Cut,
    /// Keep longitudes continuous past ±180 (for Pacific-centred web maps).
    Unwrap,
}

/// Optional presentation keys for geojson.io and GitHub (simplestyle-spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    None,
    Simplestyle,
}

/// A feature's line: one part, or several when cut at the antimeridian.
pub type Parts = Vec<Vec<[f64; 2]>>;

/// A leg as a feature: id, line parts and properties.
#[derive(Debug, Clone)]
pub struct Feature {
    pub id: String,
    /// One part, or several when cut at the antimeridian; [lon, lat] rounded to 6 decimals.
    /// Shared by the features of legs drawn along the same line.
    pub parts: Arc<Parts>,
    /// The values of [`crate::schema::leg_columns`], in order.
    pub properties: Properties,
    /// For a leg with sightings, what the maps draw of them (lon/lat, in the frame of
    /// `parts` before any reprojection); None otherwise and for the file writers.
    pub seen: Option<Arc<Seen>>,
}

/// A leg's sightings as the maps draw them: the observed pieces of its line (solid; the
/// rest of the line is inferred, dashed) and the fixes (dots).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub observed: Parts,
    pub fixes: Vec<Dot>,
}

/// A fix on a map: where, when (RFC 3339, or a date for a whole day) and from what.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub lon: f64,
    pub lat: f64,
    pub time: String,
    pub source: Option<String>,
    pub kind: Option<&'static str>,
}

/// What the maps draw of `leg`'s sightings, in the frame of [`leg_parts`]; None without any.
fn seen(leg: &PlannedLeg, antimeridian: Antimeridian, centre: f64) -> Option<Arc<Seen>> {
    if leg.leg.sightings.is_empty() || leg.line.is_empty() {
        return None;
    }
    let whole = match antimeridian {
        Antimeridian::Cut => leg.line.to_vec(),
        Antimeridian::Unwrap => antimeridian::unwrapped_around(&leg.line, centre),
    };
    let mut observed = Parts::new();
    for s in leg.spans().iter().filter(|s| s.observed) {
        let piece = &whole[s.first..=s.last];
        match antimeridian {
            Antimeridian::Cut => observed.extend(antimeridian::cut(piece)),
            Antimeridian::Unwrap => observed.push(piece.to_vec()),
        }
    }
    let fixes = leg.leg.sightings.iter().map(|s| Dot {
        lon: match antimeridian {
            Antimeridian::Cut => s.fix.lon,
            Antimeridian::Unwrap => antimeridian::into_frame(s.fix.lon, centre),
        },
        lat: s.fix.lat,
        time: s.fix.time.to_string(),
        source: s.source.clone(),
        kind: s.kind.map(|k| k.as_str()),
    });
    Some(Arc::new(Seen {
        observed: observed
            .into_iter()
            .map(|p| p.into_iter().map(round_point).collect())
            .collect(),
        fixes: fixes.collect(),
    }))
}

/// Stroke colour per mode (colour-blind-safe Okabe–Ito palette).
pub fn mode_colour(mode: Mode) -> &'static str {
    match mode {
        Mode::Air => "#0072B2",
        Mode::Rail => "#D55E00",
        Mode::Sea => "#009E73",
        Mode::Road => "#CC79A7",
    }
}

fn opt(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |v| Value::String(v.clone()))
}

fn round_point(p: [f64; 2]) -> [f64; 2] {
    [round_to(p[0], 6), round_to(p[1], 6)]
}

/// A list as one `; `-separated text, null when empty (one scalar per property keeps the
/// columns typed in every format).
fn joined<S: AsRef<str>>(items: &[S]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        json!(
            items
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

/// Kilometres to the metre, null when unknown.
fn km(l: Option<Length>) -> Value {
    l.map_or(Value::Null, |l| json!(round_to(l.km(), 3)))
}

/// Properties put in the schema's order ([`crate::schema::leg_columns`]).
struct Props(Properties);

impl Props {
    fn put(&mut self, k: &str, v: Value) {
        self.0.push(k, v);
    }

    /// The route and the leg's places and dates.
    fn route_and_places(&mut self, leg: &PlannedLeg) {
        let (route, l) = (leg.route, leg.leg);
        self.put("route_id", json!(route.id));
        self.put("route_title", json!(route.title));
        self.put("corridor", opt(&route.corridor));
        self.put("leg", json!(leg.number));
        self.put("mode", json!(l.mode.as_str()));
        for (end, p) in [("from", &leg.from), ("to", &leg.to)] {
            self.put(&format!("{end}_id"), json!(p.id));
            self.put(&format!("{end}_name"), json!(p.name));
            self.put(&format!("{end}_country"), json!(p.country));
        }
        let via: Vec<&str> = leg.via.iter().map(|p| p.name.as_str()).collect();
        self.put("via", joined(&via));
        let date = |d: Option<crate::routes::Date>| d.map_or(Value::Null, |d| json!(d.to_string()));
        self.put("start_date", date(l.start));
        self.put("end_date", date(l.end));
        self.put("trips", json!(l.trips));
    }

    /// The vehicle and what it carried.
    fn vehicle_and_cargo(&mut self, l: &Leg) {
        let v = &l.vehicle;
        for (k, value) in [
            ("vehicle_kind", &v.kind),
            ("vehicle_name", &v.name),
            ("registration", &v.registration),
            ("icao24", &v.icao24),
            ("imo", &v.imo),
            ("mmsi", &v.mmsi),
            ("flag", &v.flag),
            ("vehicle_type", &v.vehicle_type),
            ("operator", &v.operator),
        ] {
            self.put(k, opt(value));
        }
        self.put("flights", joined(&v.flights));
        self.put("cargo", opt(&l.cargo));
        self.put(
            "quantity",
            l.quantity.map_or(Value::Null, |q| json!(q.value)),
        );
        self.put(
            "unit",
            l.quantity.map_or(Value::Null, |q| json!(q.unit.as_str())),
        );
    }

    /// Distances and where the facts come from.
    fn measures_and_sources(&mut self, leg: &PlannedLeg) {
        let route = leg.route;
        self.put("distance_km", json!(round_to(leg.distance.km(), 3)));
        self.put("distance_nmi", json!(round_to(leg.distance.nmi(), 3)));
        self.put("trip_km", json!(round_to(leg.trip_distance().km(), 3)));
        self.put("confidence", opt(&route.confidence));
        let publishers: Vec<&str> = route.sources.iter().map(|s| s.publisher.as_str()).collect();
        self.put("sources", joined(&publishers));
        self.put(
            "source_url",
            route
                .sources
                .iter()
                .find_map(|s| s.url.clone())
                .map_or(Value::Null, Value::String),
        );
        self.put("notes", opt(&leg.leg.notes));
    }

    /// How the line was made and what it passes on its network.
    fn network(&mut self, leg: &PlannedLeg) {
        let count = |n: Option<usize>| n.map_or(Value::Null, |n| json!(n));
        self.put("geometry_model", json!(leg.model.as_str()));
        self.put("snap_from_km", km(leg.snap_from));
        self.put("snap_to_km", km(leg.snap_to));
        self.put("passages", joined(&leg.passages));
        self.put("gauge_breaks", count(leg.gauge_breaks()));
        let countries: Vec<&str> = leg.countries.iter().map(|c| c.country.as_str()).collect();
        self.put("countries", joined(&countries));
        self.put("border_crossings", count(leg.border_crossings()));
        self.put("transfers", joined(&leg.transfers()));
    }

    /// What the leg's sightings make of it: a leg without any is wholly inferred (0 km
    /// observed, no sightings); the dark-gap columns are null with fewer than two sightings,
    /// as there is no gap to measure.
    fn observation(&mut self, leg: &PlannedLeg) {
        let o = &leg.observation;
        self.put("observed_km", json!(round_to(o.observed.km(), 3)));
        self.put("inferred_km", json!(round_to(leg.inferred().km(), 3)));
        self.put("sightings", json!(leg.leg.sightings.len()));
        let gaps = o.longest_dark.map(|longest| {
            let hours = round_to(longest as f64 / 3_600.0, 1);
            (json!(o.dark_gaps), json!(hours))
        });
        let (count, longest) = gaps.unwrap_or((Value::Null, Value::Null));
        self.put("dark_gaps", count);
        self.put("longest_dark_h", longest);
    }

    /// simplestyle-spec keys for geojson.io and GitHub.
    fn simplestyle(&mut self, leg: &PlannedLeg) {
        let l = leg.leg;
        self.put("stroke", json!(mode_colour(l.mode)));
        self.put("stroke-width", json!(if l.trips > 1 { 3 } else { 2 }));
        self.put(
            "title",
            json!(format!(
                "{}: {} → {}",
                leg.route.title, leg.from.name, leg.to.name
            )),
        );
    }
}

/// Builds the feature of a planned leg (unwrapped, in the leg's own frame: a collection
/// shares one, see [`leg_features`]).
pub fn leg_feature(leg: &PlannedLeg, antimeridian: Antimeridian, style: Style) -> Feature {
    let centre = antimeridian::frame_centre([&*leg.line]);
    leg_feature_in(leg, antimeridian, centre, style)
}

/// Builds the feature of a planned leg; `centre` is the frame of `Antimeridian::Unwrap`.
fn leg_feature_in(
    leg: &PlannedLeg,
    antimeridian: Antimeridian,
    centre: f64,
    style: Style,
) -> Feature {
    let parts = Arc::new(leg_parts(leg, antimeridian, centre));
    Feature {
        seen: seen(leg, antimeridian, centre),
        ..feature_with_parts(leg, parts, style)
    }
}

/// The line parts of a leg's feature, rounded to 6 decimals: cut at ±180, or unwrapped in
/// the frame centred on `centre`.
pub fn leg_parts(leg: &PlannedLeg, antimeridian: Antimeridian, centre: f64) -> Vec<Vec<[f64; 2]>> {
    let parts = match antimeridian {
        Antimeridian::Cut => antimeridian::cut(&leg.line),
        Antimeridian::Unwrap => vec![antimeridian::unwrapped_around(&leg.line, centre)],
    };
    parts
        .into_iter()
        .map(|p| p.into_iter().map(round_point).collect())
        .collect()
}

/// The feature of a planned leg whose line is `parts` (from [`leg_parts`], possibly
/// reprojected).
pub fn feature_with_parts(leg: &PlannedLeg, parts: Arc<Parts>, style: Style) -> Feature {
    let mut props = Props(Properties::new(leg_columns(style == Style::Simplestyle)));
    props.route_and_places(leg);
    props.vehicle_and_cargo(leg.leg);
    props.measures_and_sources(leg);
    props.network(leg);
    props.observation(leg);
    if style == Style::Simplestyle {
        props.simplestyle(leg);
    }
    Feature {
        id: leg.id(),
        parts,
        properties: props.0,
        seen: None,
    }
}

/// The features of planned legs, in order. Unwrapped, they share one 360° frame chosen from
/// all their coordinates ([`antimeridian::frame_centre`]).
///
/// ```
/// use corridor::{Gazetteer, Planner};
/// use corridor::features::{Antimeridian, Style, leg_features};
/// use corridor::routes::toml_file;
/// let route = toml_file::parse("anc.toml", r#"
///     id = "vvo-anc"
///     title = "Across the Pacific"
///     [[legs]]
///     mode = "air"
///     from = "VVO"
///     to = "ANC"
/// "#).unwrap();
/// let (gazetteer, routes) = (Gazetteer::bundled(), [route]);
/// let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
/// let features = leg_features(&plan.legs, Antimeridian::Cut, Style::None);
/// // Cut at ±180 into two parts (RFC 7946), with flat properties.
/// assert_eq!(features[0].parts.len(), 2);
/// assert_eq!(features[0].properties["to_id"], "ap-panc");
/// ```
pub fn leg_features(legs: &[PlannedLeg], antimeridian: Antimeridian, style: Style) -> Vec<Feature> {
    let centre = frame_of(legs);
    legs.iter()
        .map(|l| leg_feature_in(l, antimeridian, centre, style))
        .collect()
}

/// The centre longitude of the one frame `Antimeridian::Unwrap` draws `legs` in.
pub fn frame_of(legs: &[PlannedLeg]) -> f64 {
    antimeridian::frame_centre(legs.iter().map(|l| &*l.line))
}
