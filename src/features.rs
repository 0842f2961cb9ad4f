//! One map feature per leg: a line and flat, typed properties.
//!
//! Every property is a scalar, and each key has one JSON type across all features (null when
//! unknown), so GDAL and QGIS make typed columns from them.

use serde_json::{Map, Value, json};

use crate::geometry::antimeridian;
use crate::plan::PlannedLeg;
use crate::routes::Mode;
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

/// A leg as a feature: id, line parts and properties.
#[derive(Debug, Clone)]
pub struct Feature {
    pub id: String,
    /// One part, or several when cut at the antimeridian; [lon, lat] rounded to 6 decimals.
    pub parts: Vec<Vec<[f64; 2]>>,
    pub properties: Map<String, Value>,
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

/// Builds the feature of a planned leg.
pub fn leg_feature(leg: &PlannedLeg, antimeridian: Antimeridian, style: Style) -> Feature {
    let route = leg.route;
    let l = leg.leg;
    let v = &l.vehicle;
    let parts = match antimeridian {
        Antimeridian::Cut => antimeridian::cut(&leg.line),
        Antimeridian::Unwrap => vec![antimeridian::unwrapped(&leg.line)],
    };
    let parts = parts
        .into_iter()
        .map(|p| p.into_iter().map(round_point).collect())
        .collect();
    let publishers: Vec<&str> = route.sources.iter().map(|s| s.publisher.as_str()).collect();
    let via: Vec<&str> = leg.via.iter().map(|p| p.name.as_str()).collect();
    let mut props = Map::new();
    let mut put = |k: &str, v: Value| {
        props.insert(k.to_string(), v);
    };
    put("route_id", json!(route.id));
    put("route_title", json!(route.title));
    put("corridor", opt(&route.corridor));
    put("leg", json!(leg.number));
    put("mode", json!(l.mode.as_str()));
    put("from_id", json!(leg.from.id));
    put("from_name", json!(leg.from.name));
    put("from_country", json!(leg.from.country));
    put("to_id", json!(leg.to.id));
    put("to_name", json!(leg.to.name));
    put("to_country", json!(leg.to.country));
    put(
        "via",
        if via.is_empty() {
            Value::Null
        } else {
            json!(via.join("; "))
        },
    );
    put(
        "start",
        l.start.map_or(Value::Null, |d| json!(d.to_string())),
    );
    put("end", l.end.map_or(Value::Null, |d| json!(d.to_string())));
    put("trips", json!(l.trips));
    put("vehicle_kind", opt(&v.kind));
    put("vehicle_name", opt(&v.name));
    put("registration", opt(&v.registration));
    put("icao24", opt(&v.icao24));
    put("imo", opt(&v.imo));
    put("mmsi", opt(&v.mmsi));
    put("flag", opt(&v.flag));
    put("vehicle_type", opt(&v.vehicle_type));
    put("operator", opt(&v.operator));
    put(
        "flights",
        if v.flights.is_empty() {
            Value::Null
        } else {
            json!(v.flights.join("; "))
        },
    );
    put("cargo", opt(&l.cargo));
    put(
        "quantity",
        l.quantity.map_or(Value::Null, |q| json!(q.value)),
    );
    put(
        "unit",
        l.quantity.map_or(Value::Null, |q| json!(q.unit.as_str())),
    );
    put("distance_km", json!(round_to(leg.distance.km(), 3)));
    put("distance_nmi", json!(round_to(leg.distance.nmi(), 3)));
    put("trip_km", json!(round_to(leg.trip_distance().km(), 3)));
    put("confidence", opt(&route.confidence));
    put(
        "sources",
        if publishers.is_empty() {
            Value::Null
        } else {
            json!(publishers.join("; "))
        },
    );
    put(
        "source_url",
        route
            .sources
            .iter()
            .find_map(|s| s.url.clone())
            .map_or(Value::Null, Value::String),
    );
    put("notes", opt(&l.notes));
    put("geometry_model", json!(leg.model.as_str()));
    let km =
        |l: Option<crate::units::Length>| l.map_or(Value::Null, |l| json!(round_to(l.km(), 3)));
    put("snap_from_km", km(leg.snap_from));
    put("snap_to_km", km(leg.snap_to));
    put(
        "passages",
        if leg.passages.is_empty() {
            Value::Null
        } else {
            json!(leg.passages.join("; "))
        },
    );
    put(
        "gauge_breaks",
        leg.gauge_breaks().map_or(Value::Null, |n| json!(n)),
    );
    put(
        "countries",
        if leg.countries.is_empty() {
            Value::Null
        } else {
            json!(
                leg.countries
                    .iter()
                    .map(|c| c.country.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        },
    );
    put(
        "border_crossings",
        leg.border_crossings().map_or(Value::Null, |n| json!(n)),
    );
    let transfers = leg.transfers();
    put(
        "transfers",
        if transfers.is_empty() {
            Value::Null
        } else {
            json!(transfers.join("; "))
        },
    );
    if style == Style::Simplestyle {
        put("stroke", json!(mode_colour(l.mode)));
        put("stroke-width", json!(if l.trips > 1 { 3 } else { 2 }));
        put(
            "title",
            json!(format!(
                "{}: {} → {}",
                route.title, leg.from.name, leg.to.name
            )),
        );
    }
    Feature {
        id: leg.id(),
        parts,
        properties: props,
    }
}
