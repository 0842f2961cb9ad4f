//! RFC 7946 GeoJSON: a FeatureCollection of legs (lines) or of places (points).
//!
//! The layout is fixed for byte-identical output: collection members in the order
//! `type, name, bbox, features`, one feature per line, properties in a fixed order.

use std::io::{self, Write};

use geojson::{Feature as GjFeature, Geometry, feature::Id};
use serde_json::{Value, json};

use super::number::push_f64;
use super::parallel::write_in_order;
use super::shared_text::SharedText;
use crate::credits::{Credit, places_credits};
use crate::features::{Antimeridian, Feature, Parts};
use crate::places::Place;
use crate::schema::{PLACE_COLUMNS, Properties};
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
    let mut extent = Extent::new(wrap);
    points.iter().for_each(|p| extent.add(*p));
    extent.bbox()
}

/// Longitudes kept in a list up to this many; past it, in a set of micro-degrees.
const LIST_MAX: usize = 1 << 16;
/// Micro-degrees from -180 to 180: the set's size.
const MICRO_DEGREES: usize = 360_000_001;

/// The distinct longitudes of an extent that wraps. Rounded to 6 decimals (as every written
/// coordinate is), millions of them fit a bit per micro-degree (45 MB) and come out sorted
/// without sorting; any other value is kept aside in `others`.
#[derive(Default)]
struct Longitudes {
    list: Vec<f64>,
    bits: Vec<u64>,
    others: Vec<f64>,
}

impl Longitudes {
    /// The micro-degree of `lon` when it is one exactly, from 0 at -180.
    fn micro_degree(lon: f64) -> Option<usize> {
        let k = (lon * 1e6).round();
        // -0.0 equals 0.0 but sorts before it: kept aside, as every value not exactly k/1e6.
        let exact = lon.is_finite() && k / 1e6 == lon && lon.to_bits() != (-0.0f64).to_bits();
        (exact && (-180e6..=180e6).contains(&k)).then_some((k + 180e6) as usize)
    }

    fn add(&mut self, lon: f64) {
        if self.bits.is_empty() {
            self.list.push(lon);
            if self.list.len() > LIST_MAX {
                self.bits = vec![0; MICRO_DEGREES.div_ceil(64)];
                for lon in std::mem::take(&mut self.list) {
                    self.add(lon);
                }
            }
            return;
        }
        match Self::micro_degree(lon) {
            Some(i) => self.bits[i / 64] |= 1 << (i % 64),
            None => self.others.push(lon),
        }
    }

    /// The longitudes, ascending under `total_cmp`, each once.
    fn sorted(self) -> Vec<f64> {
        let mut lons = self.list;
        lons.extend(self.others);
        let from_bits = self.bits.iter().enumerate().flat_map(|(w, &word)| {
            let mut word = word;
            std::iter::from_fn(move || {
                (word != 0).then(|| {
                    let b = word.trailing_zeros() as usize;
                    word &= word - 1;
                    ((w * 64 + b) as f64 - 180e6) / 1e6
                })
            })
        });
        if lons.is_empty() {
            return from_bits.collect();
        }
        lons.extend(from_bits);
        // Equal under total_cmp is equal bit for bit, so an unstable sort gives the same order.
        lons.sort_unstable_by(f64::total_cmp);
        lons.dedup();
        lons
    }
}

/// The bounding box of points added one at a time, as [`bbox`] makes it: for streaming
/// writers, which cannot keep every point.
pub struct Extent {
    wrap: bool,
    lons: Longitudes,
    /// West and east when the box does not wrap: min and max under `total_cmp`.
    min_max: Option<(f64, f64)>,
    south: f64,
    north: f64,
}

impl Extent {
    pub fn new(wrap: bool) -> Extent {
        Extent {
            wrap,
            lons: Longitudes::default(),
            min_max: None,
            south: f64::INFINITY,
            north: f64::NEG_INFINITY,
        }
    }

    pub fn add(&mut self, [lon, lat]: [f64; 2]) {
        self.south = self.south.min(lat);
        self.north = self.north.max(lat);
        let (min, max) = self.min_max.unwrap_or((lon, lon));
        let min = if lon.total_cmp(&min).is_lt() {
            lon
        } else {
            min
        };
        let max = if lon.total_cmp(&max).is_gt() {
            lon
        } else {
            max
        };
        self.min_max = Some((min, max));
        if self.wrap {
            self.lons.add(lon);
        }
    }

    /// [west, south, east, north], or nothing when no point was added.
    pub fn bbox(self) -> Option<[f64; 4]> {
        let (min, max) = self.min_max?;
        let (south, north) = (self.south, self.north);
        if !self.wrap {
            return Some([min, south, max, north]);
        }
        let (west, east) = widest_gap(&self.lons.sorted());
        Some([west, south, east, north])
    }
}

/// West and east of the box that leaves out the largest empty arc between sorted, distinct
/// longitudes (180 and -180 are the same meridian).
fn widest_gap(lons: &[f64]) -> (f64, f64) {
    let (min, max) = (lons[0], lons[lons.len() - 1]);
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
    (west, east)
}

/// The collection's opening up to its features: `type`, `name`, `crs` (if any), `bbox`,
/// `credits` (if any: a foreign member, which RFC 7946 §6.1 allows).
fn collection_head(
    name: &str,
    crs: Option<&str>,
    bbox: Option<[f64; 4]>,
    credits: &[Credit],
) -> String {
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
    if !credits.is_empty() {
        let texts: Vec<String> = credits.iter().map(|c| c.full_text()).collect();
        out.push_str(",\"credits\":");
        out.push_str(&json!(texts).to_string());
    }
    out.push_str(",\"features\":[");
    out
}

fn collection(
    name: &str,
    bbox: Option<[f64; 4]>,
    credits: &[Credit],
    features: &[String],
) -> String {
    let mut out = collection_head(name, None, bbox, credits);
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
    let wrap = antimeridian == Antimeridian::Cut && crs.is_none();
    let mut extent = Extent::new(wrap);
    for p in features.iter().flat_map(|f| f.parts.iter().flatten()) {
        extent.add(*p);
    }
    let head = Head {
        name,
        crs,
        bbox: extent.bbox(),
        multi: any_multi(features),
        credits: &[],
    };
    let mut out = Vec::new();
    write_legs_collection(&mut out, &head, features.iter().cloned()).expect("in-memory write");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Whether any feature is cut in parts: then every leg is written as a MultiLineString.
pub fn any_multi(features: &[Feature]) -> bool {
    features.iter().any(|f| f.parts.len() > 1)
}

/// What a legs collection says before its features: its name, `crs` URN and bounding box,
/// and whether every line is a MultiLineString.
pub struct Head<'a> {
    pub name: &'a str,
    pub crs: Option<&'a str>,
    pub bbox: Option<[f64; 4]>,
    /// GDAL gives a layer mixing LineString and MultiLineString no geometry type, and QGIS
    /// then asks which sub-layer to open: if any leg is cut, every leg is a MultiLineString.
    pub multi: bool,
    /// What the data is made from ([`crate::credits::credits`]).
    pub credits: &'a [Credit],
}

/// Writes a legs FeatureCollection to `out` as the features come, one per line: a large
/// output is never held whole in memory.
pub fn write_legs_collection(
    out: &mut dyn Write,
    head: &Head,
    features: impl IntoIterator<Item = Feature>,
) -> io::Result<()> {
    out.write_all(collection_head(head.name, head.crs, head.bbox, head.credits).as_bytes())?;
    let multi = head.multi;
    write_in_order(out, features, SharedText::default, |shared, text, i, f| {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        write_feature(text, f, (multi, shared));
    })?;
    out.write_all(b"\n]}\n")
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
    write_feature(&mut out, f, (multi, &mut SharedText::default()));
    out
}

/// Appends a leg feature as the `geojson` crate writes it (`type`, `geometry`, `id`,
/// `properties`; numbers in serde_json's shortest form), without building its geometry
/// as vectors of positions first.
pub(crate) fn write_feature(
    out: &mut String,
    f: &Feature,
    (multi, shared): (bool, &mut SharedText),
) {
    out.push_str("{\"type\":\"Feature\",\"geometry\":");
    shared.push(out, &f.parts, |out, parts| {
        write_geometry(out, parts, multi)
    });
    out.push_str(",\"id\":");
    out.push_str(&serde_json::to_string(&f.id).expect("strings serialise"));
    out.push_str(",\"properties\":");
    out.push_str(&serde_json::to_string(&f.properties).expect("properties serialise"));
    out.push('}');
}

/// A leg's geometry object: a LineString, or a MultiLineString when cut or `multi`.
fn write_geometry(out: &mut String, parts: &Parts, multi: bool) {
    out.push_str("{\"type\":");
    if parts.len() == 1 && !multi {
        out.push_str("\"LineString\",\"coordinates\":");
        write_positions(out, &parts[0]);
    } else {
        out.push_str("\"MultiLineString\",\"coordinates\":[");
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_positions(out, part);
        }
        out.push(']');
    }
    out.push('}');
}

/// `[[lon,lat],…]`, each number as serde_json writes it (null if not finite).
fn write_positions(out: &mut String, part: &[[f64; 2]]) {
    out.push('[');
    for (i, p) in part.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        push_f64(out, p[0]);
        out.push(',');
        push_f64(out, p[1]);
        out.push(']');
    }
    out.push(']');
}

/// The properties of a place as written to point layers.
pub fn place_properties(p: &Place) -> Properties {
    let opt = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
    let mut m = Properties::new(&PLACE_COLUMNS);
    m.push("id", json!(p.id));
    m.push("name", json!(p.name));
    m.push("kind", json!(p.kind.as_str()));
    m.push("country", opt(&p.country));
    m.push("iata", opt(&p.iata));
    m.push("icao", opt(&p.icao));
    m.push("unlocode", opt(&p.unlocode));
    m.push("lat", json!(round_to(p.lat, 6)));
    m.push("lon", json!(round_to(p.lon, 6)));
    m.push("source", opt(&p.source));
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
                properties: Some(place_properties(p).to_map()),
                foreign_members: None,
            };
            serde_json::to_string(&gj).expect("features serialise")
        })
        .collect();
    collection(name, bbox(&pts, true), &places_credits(places), &lines)
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
    fn many_points_give_the_box_a_sort_gives() {
        // Past LIST_MAX the longitudes go to the micro-degree set; odd values aside.
        let mut pts: Vec<[f64; 2]> = (0..200_000)
            .map(|i| {
                [
                    round_to(170.0 + (i % 1000) as f64 * 0.02, 6),
                    (i % 7) as f64,
                ]
            })
            .map(|[lon, lat]| [if lon > 180.0 { lon - 360.0 } else { lon }, lat])
            .collect();
        pts.extend([[-0.0, 1.0], [1e-9, 2.0], [-175.5, -3.0]]);
        let mut lons: Vec<f64> = pts.iter().map(|p| p[0]).collect();
        lons.sort_unstable_by(f64::total_cmp);
        lons.dedup();
        let (west, east) = widest_gap(&lons);
        assert_eq!(bbox(&pts, true), Some([west, -3.0, east, 6.0]));
    }

    #[test]
    fn bbox_of_ordinary_points_is_min_max() {
        let pts = [[27.0, 53.0], [87.0, 43.0]];
        assert_eq!(bbox(&pts, true), Some([27.0, 43.0, 87.0, 53.0]));
    }
}
