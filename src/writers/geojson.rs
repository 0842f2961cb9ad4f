//! RFC 7946 GeoJSON: a FeatureCollection of legs (lines) or of places (points).
//!
//! The layout is fixed for byte-identical output: collection members in the order
//! `type, name, bbox, features`, one feature per line, properties in a fixed order.

use geojson::{Feature as GjFeature, Geometry, feature::Id};
use serde_json::{Map, Value, json};

use crate::features::{Antimeridian, Feature};
use crate::places::Place;
use crate::units::round_to;

/// The bounding box [west, south, east, north] of lon/lat points. With `wrap`, the box may
/// cross the antimeridian (west > east, RFC 7946 §5.2): the longitudes are taken on a circle
/// and the box leaves out the largest empty arc.
///
/// ```
/// use corridor::writers::geojson::bbox;
///
/// let pts = [[170.0, 50.0], [-170.0, 52.0]];
/// assert_eq!(bbox(&pts, true), Some([170.0, 50.0, -170.0, 52.0]));
/// assert_eq!(bbox(&pts, false), Some([-170.0, 50.0, 170.0, 52.0]));
/// assert_eq!(bbox(&[], true), None);
/// ```
pub fn bbox(points: &[[f64; 2]], wrap: bool) -> Option<[f64; 4]> {
    let lats = points.iter().map(|p| p[1]);
    bbox_of(points.iter().map(|p| p[0]).collect(), lats, wrap)
}

/// [`bbox`] of the points with longitudes `lons` and latitudes `lats`.
fn bbox_of(mut lons: Vec<f64>, lats: impl Iterator<Item = f64>, wrap: bool) -> Option<[f64; 4]> {
    if lons.is_empty() {
        return None;
    }
    let (south, north) = lats.fold((f64::INFINITY, f64::NEG_INFINITY), |(s, n), lat| {
        (s.min(lat), n.max(lat))
    });
    // Equal under total_cmp is equal bit for bit, so an unstable sort gives the same order.
    lons.sort_unstable_by(f64::total_cmp);
    lons.dedup();
    let (min, max) = (lons[0], lons[lons.len() - 1]);
    if !wrap {
        return Some([min, south, max, north]);
    }
    // The gap across ±180 (180 and -180 are the same meridian).
    let mut best_gap = min + 360.0 - max;
    let (mut west, mut east) = (min, max);
    for w in lons.windows(2) {
        let gap = w[1] - w[0];
        if gap > best_gap {
            best_gap = gap;
            west = w[1];
            east = w[0];
        }
    }
    if west == 180.0 {
        west = -180.0;
    }
    if east == -180.0 {
        east = 180.0;
    }
    Some([west, south, east, north])
}

/// The collection's opening up to its features: `type`, `name`, `crs` (if any), `bbox`.
fn collection_head(name: &str, crs: Option<&str>, bbox: Option<[f64; 4]>) -> String {
    let mut out = String::new();
    out.push_str("{\"type\":\"FeatureCollection\",\"name\":");
    out.push_str(&json!(name).to_string());
    if let Some(urn) = crs {
        // GeoJSON 2008's crs member: not RFC 7946, but GDAL and QGIS honour it.
        out.push_str(",\"crs\":");
        out.push_str(&json!({"type": "name", "properties": {"name": urn}}).to_string());
    }
    if let Some(b) = bbox {
        let b: Vec<f64> = b.iter().map(|v| round_to(*v, 6)).collect();
        out.push_str(",\"bbox\":");
        out.push_str(&json!(b).to_string());
    }
    out.push_str(",\"features\":[");
    out
}

fn collection(
    name: &str,
    crs: Option<&str>,
    bbox: Option<[f64; 4]>,
    features: &[String],
) -> String {
    let mut out = collection_head(name, crs, bbox);
    for (i, f) in features.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(f);
    }
    out.push_str("\n]}\n");
    out
}

/// Serialises leg features as a FeatureCollection named `name` (QGIS's layer name).
///
/// With `legs`, `features` and `places` built as in the [module example](super):
///
/// ```
/// # use corridor::{features::*, places::Gazetteer, plan::*, routes::toml_file};
/// # let toml = "id = 'minsk-moscow'\ntitle = 'Minsk to Moscow'\n[[legs]]\nmode = 'air'\nfrom = 'minsk-national-airport'\nto = 'sheremetyevo'\ntrips = 2\nquantity = { value = 40, unit = 't' }";
/// # let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// # let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap().legs;
/// # let features: Vec<Feature> = legs.iter().map(|l| leg_feature(l, Antimeridian::Cut, Style::None)).collect();
/// # let places = places_used(&legs);
/// use corridor::writers::geojson::legs_collection;
///
/// let fc = legs_collection("corridor", &features, Antimeridian::Cut);
/// let v: serde_json::Value = serde_json::from_str(&fc).unwrap();
/// assert_eq!(v["name"], "corridor");
/// assert_eq!(v["features"][0]["id"], "minsk-moscow/1");
/// assert_eq!(v["features"][0]["geometry"]["type"], "LineString");
/// ```
pub fn legs_collection(name: &str, features: &[Feature], antimeridian: Antimeridian) -> String {
    legs_collection_in(name, features, antimeridian, None)
}

/// As [`legs_collection`], with coordinates in another CRS named by a `crs` URN (not RFC 7946).
///
/// With `legs`, `features` and `places` built as in the [module example](super):
///
/// ```
/// # use corridor::{features::*, places::Gazetteer, plan::*, routes::toml_file};
/// # let toml = "id = 'minsk-moscow'\ntitle = 'Minsk to Moscow'\n[[legs]]\nmode = 'air'\nfrom = 'minsk-national-airport'\nto = 'sheremetyevo'\ntrips = 2\nquantity = { value = 40, unit = 't' }";
/// # let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// # let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap().legs;
/// # let features: Vec<Feature> = legs.iter().map(|l| leg_feature(l, Antimeridian::Cut, Style::None)).collect();
/// # let places = places_used(&legs);
/// use corridor::writers::geojson::legs_collection_in;
///
/// // The coordinates are taken as already in EPSG:3857 (reprojected by the caller).
/// let fc = legs_collection_in("corridor", &features, Antimeridian::Cut, Some("urn:ogc:def:crs:EPSG::3857"));
/// let v: serde_json::Value = serde_json::from_str(&fc).unwrap();
/// assert_eq!(v["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::3857");
/// assert!(v.get("bbox").is_some());
/// ```
pub fn legs_collection_in(
    name: &str,
    features: &[Feature],
    antimeridian: Antimeridian,
    crs: Option<&str>,
) -> String {
    let points = || features.iter().flat_map(|f| f.parts.iter().flatten());
    let wrap = antimeridian == Antimeridian::Cut && crs.is_none();
    let bbox = bbox_of(
        points().map(|p| p[0]).collect(),
        points().map(|p| p[1]),
        wrap,
    );
    // GDAL gives a layer mixing LineString and MultiLineString no geometry type, and QGIS
    // then asks which sub-layer to open: if any leg is cut, every leg is a MultiLineString.
    let multi = features.iter().any(|f| f.parts.len() > 1);
    // Written into one string as they come: a copy of each feature's text would double the
    // memory a large output needs.
    let mut out = collection_head(name, crs, bbox);
    for (i, f) in features.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        write_feature(&mut out, f, multi);
    }
    out.push_str("\n]}\n");
    out
}

/// One leg feature as a single line of JSON; `multi` forces a MultiLineString.
///
/// With `legs`, `features` and `places` built as in the [module example](super):
///
/// ```
/// # use corridor::{features::*, places::Gazetteer, plan::*, routes::toml_file};
/// # let toml = "id = 'minsk-moscow'\ntitle = 'Minsk to Moscow'\n[[legs]]\nmode = 'air'\nfrom = 'minsk-national-airport'\nto = 'sheremetyevo'\ntrips = 2\nquantity = { value = 40, unit = 't' }";
/// # let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// # let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap().legs;
/// # let features: Vec<Feature> = legs.iter().map(|l| leg_feature(l, Antimeridian::Cut, Style::None)).collect();
/// # let places = places_used(&legs);
/// use corridor::writers::geojson::feature_json;
///
/// let line = feature_json(&features[0], true);
/// assert!(!line.contains('\n'));
/// assert!(line.contains(r#""type":"MultiLineString""#));
/// ```
pub fn feature_json(f: &Feature, multi: bool) -> String {
    let mut out = String::new();
    write_feature(&mut out, f, multi);
    out
}

/// Appends a leg feature as the `geojson` crate writes it (`type`, `geometry`, `id`,
/// `properties`; numbers in serde_json's shortest form), without building its geometry
/// as vectors of positions first.
fn write_feature(out: &mut String, f: &Feature, multi: bool) {
    out.push_str("{\"type\":\"Feature\",\"geometry\":{\"type\":");
    if f.parts.len() == 1 && !multi {
        out.push_str("\"LineString\",\"coordinates\":");
        write_positions(out, &f.parts[0]);
    } else {
        out.push_str("\"MultiLineString\",\"coordinates\":[");
        for (i, part) in f.parts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_positions(out, part);
        }
        out.push(']');
    }
    out.push_str("},\"id\":");
    out.push_str(&serde_json::to_string(&f.id).expect("strings serialise"));
    out.push_str(",\"properties\":");
    out.push_str(&serde_json::to_string(&f.properties).expect("properties serialise"));
    out.push('}');
}

/// `[[lon,lat],…]`, each number as serde_json writes it (null if not finite).
fn write_positions(out: &mut String, part: &[[f64; 2]]) {
    use std::fmt::Write;
    out.push('[');
    for (i, p) in part.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        for (k, v) in p.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            match serde_json::Number::from_f64(*v) {
                Some(n) => write!(out, "{n}").expect("writing to a string"),
                None => out.push_str("null"),
            }
        }
        out.push(']');
    }
    out.push(']');
}

/// The properties of a place as written to point layers.
pub fn place_properties(p: &Place) -> Map<String, Value> {
    let opt = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
    let mut m = Map::new();
    m.insert("id".into(), json!(p.id));
    m.insert("name".into(), json!(p.name));
    m.insert("kind".into(), json!(p.kind.as_str()));
    m.insert("country".into(), opt(&p.country));
    m.insert("iata".into(), opt(&p.iata));
    m.insert("icao".into(), opt(&p.icao));
    m.insert("unlocode".into(), opt(&p.unlocode));
    m.insert("lat".into(), json!(round_to(p.lat, 6)));
    m.insert("lon".into(), json!(round_to(p.lon, 6)));
    m.insert("source".into(), opt(&p.source));
    m
}

/// Serialises places as a Point FeatureCollection, in the order given.
///
/// With `legs`, `features` and `places` built as in the [module example](super):
///
/// ```
/// # use corridor::{features::*, places::Gazetteer, plan::*, routes::toml_file};
/// # let toml = "id = 'minsk-moscow'\ntitle = 'Minsk to Moscow'\n[[legs]]\nmode = 'air'\nfrom = 'minsk-national-airport'\nto = 'sheremetyevo'\ntrips = 2\nquantity = { value = 40, unit = 't' }";
/// # let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// # let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap().legs;
/// # let features: Vec<Feature> = legs.iter().map(|l| leg_feature(l, Antimeridian::Cut, Style::None)).collect();
/// # let places = places_used(&legs);
/// use corridor::writers::geojson::places_collection;
///
/// let fc = places_collection("corridor places", &places);
/// let v: serde_json::Value = serde_json::from_str(&fc).unwrap();
/// assert_eq!(v["features"].as_array().unwrap().len(), 2);
/// assert_eq!(v["features"][0]["geometry"]["type"], "Point");
/// assert_eq!(v["features"][0]["properties"]["id"], "minsk-national-airport");
/// ```
pub fn places_collection(name: &str, places: &[Place]) -> String {
    let pts: Vec<[f64; 2]> = places
        .iter()
        .map(|p| [round_to(p.lon, 6), round_to(p.lat, 6)])
        .collect();
    let lines: Vec<String> = places
        .iter()
        .zip(&pts)
        .map(|(p, pt)| {
            let gj = GjFeature {
                bbox: None,
                geometry: Some(Geometry::new_point(*pt)),
                id: Some(Id::String(p.id.clone())),
                properties: Some(place_properties(p)),
                foreign_members: None,
            };
            serde_json::to_string(&gj).expect("features serialise")
        })
        .collect();
    collection(name, None, bbox(&pts, true), &lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_across_the_antimeridian_has_west_greater_than_east() {
        let pts = [[170.0, 50.0], [180.0, 51.0], [-180.0, 51.0], [-170.0, 52.0]];
        assert_eq!(bbox(&pts, true), Some([170.0, 50.0, -170.0, 52.0]));
        assert_eq!(bbox(&pts, false), Some([-180.0, 50.0, 180.0, 52.0]));
    }

    #[test]
    fn bbox_of_ordinary_points_is_min_max() {
        let pts = [[27.0, 53.0], [87.0, 43.0]];
        assert_eq!(bbox(&pts, true), Some([27.0, 43.0, 87.0, 53.0]));
    }
}
