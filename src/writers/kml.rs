//! KML 2.2 for Google Earth: a style per mode, one Folder per route with a Placemark per
//! leg, and a Folder of places. Each Placemark carries its properties twice: as a table in
//! the description (Google Earth's balloon) and as ExtendedData (GDAL and QGIS read these
//! as attribute columns). Lines keep their geodesic densification and are cut at the
//! antimeridian; no `<tessellate>`.

use std::fmt::Write;
use std::io;

use serde_json::{Map, Value};

use super::geojson::place_properties;
use super::xml::escape;
use crate::credits::{Credit, places_credits};
use crate::features::{Feature, mode_colour};
use crate::places::Place;
use crate::routes::Mode;
use crate::units::round_to;

/// An XML ID (NCName) made from an id such as `route/1` or `inline:depot`.
fn xml_id(prefix: &str, id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{body}")
}

/// KML colours are aabbggrr.
fn kml_colour(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    format!("ff{}{}{}", &h[4..6], &h[2..4], &h[0..2])
}

fn coords(part: &[[f64; 2]]) -> String {
    part.iter()
        .map(|p| format!("{},{}", p[0], p[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A property as text; `None` for null.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The non-null properties as escaped (key, text) pairs, in their fixed order.
fn escaped_texts(props: &Map<String, Value>) -> impl Iterator<Item = (String, String)> + '_ {
    props
        .iter()
        .filter_map(|(k, v)| Some((escape(k), escape(&text(v)?))))
}

fn description(f: &Feature) -> String {
    let mut rows = String::new();
    for (k, t) in escaped_texts(&f.properties) {
        let _ = write!(rows, "<tr><th>{k}</th><td>{t}</td></tr>");
    }
    format!("<table>{rows}</table>")
}

/// The properties as `<Data>` elements, in their fixed order. Nulls are left out (KML has
/// no null), which GDAL reads as NULL, as it does the GeoJSON's nulls.
fn extended_data(props: &Map<String, Value>) -> String {
    let mut out = String::from("<ExtendedData>");
    for (k, t) in escaped_texts(props) {
        let _ = write!(out, "<Data name=\"{k}\"><value>{t}</value></Data>");
    }
    out.push_str("</ExtendedData>");
    out
}

/// Serialises legs (grouped into routes in feature order) and places as a KML document,
/// crediting the places' sources (the legs' credits need the planned legs: see
/// [`write_kml`]).
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
/// use corridor::writers::kml::kml;
///
/// let doc = kml("corridor", &features, &places);
/// assert!(doc.contains("<Folder><name>Minsk to Moscow</name>"));
/// assert!(doc.contains("<styleUrl>#mode-air</styleUrl>"));
/// assert_eq!(doc.matches("<Point>").count(), 2);
/// ```
pub fn kml(name: &str, features: &[Feature], places: &[Place]) -> String {
    let mut out = Vec::new();
    let credits = places_credits(places);
    write_kml(&mut out, name, features.iter().cloned(), places, &credits).expect("in-memory write");
    String::from_utf8(out).expect("UTF-8")
}

/// Whether two legs belong to one route (one Folder).
fn same_route(a: &Feature, b: &Feature) -> bool {
    a.properties["route_id"].as_str() == b.properties["route_id"].as_str()
}

/// Writes [`kml`]'s document to `out` as the features come, a route's Folder at a time;
/// `credits` go into the Document's description.
pub fn write_kml(
    out: &mut dyn io::Write,
    name: &str,
    features: impl IntoIterator<Item = Feature>,
    places: &[Place],
    credits: &[Credit],
) -> io::Result<()> {
    let mut text = String::new();
    write_header(&mut text, name, credits);
    out.write_all(text.as_bytes())?;
    let mut route: Vec<Feature> = Vec::new();
    let mut flush = |route: &mut Vec<Feature>| {
        text.clear();
        write_route(&mut text, route);
        route.clear();
        out.write_all(text.as_bytes())
    };
    for f in features {
        if route.first().is_some_and(|first| !same_route(first, &f)) {
            flush(&mut route)?;
        }
        route.push(f);
    }
    if !route.is_empty() {
        flush(&mut route)?;
    }
    let mut text = String::from("<Folder><name>Places</name>\n");
    for p in places {
        write_place(&mut text, p);
    }
    text.push_str("</Folder>\n</Document>\n</kml>\n");
    out.write_all(text.as_bytes())
}

/// The document's opening: its name, the credits, a line style per mode, and the places'
/// style.
fn write_header(out: &mut String, name: &str, credits: &[Credit]) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    let _ = writeln!(out, "<name>{}</name>", escape(name));
    if !credits.is_empty() {
        let texts: Vec<String> = credits.iter().map(|c| c.full_text()).collect();
        let _ = writeln!(
            out,
            "<description>{}</description>",
            escape(&format!("Credits: {}", texts.join("; ")))
        );
    }
    for m in Mode::ALL {
        let _ = writeln!(
            out,
            "<Style id=\"mode-{}\"><LineStyle><color>{}</color><width>3</width></LineStyle></Style>",
            m.as_str(),
            kml_colour(mode_colour(m))
        );
    }
    out.push_str("<Style id=\"place\"><IconStyle><scale>0.8</scale></IconStyle></Style>\n");
}

/// A Folder named for the route (its title, else its id) holding its legs.
fn write_route(out: &mut String, legs: &[Feature]) {
    let p = &legs[0].properties;
    let route = p["route_id"].as_str().unwrap_or("");
    let title = p["route_title"].as_str().unwrap_or("");
    let _ = writeln!(
        out,
        "<Folder><name>{}</name>",
        escape(if title.is_empty() { route } else { title })
    );
    for f in legs {
        write_leg(out, f);
    }
    out.push_str("</Folder>\n");
}

/// A leg's Placemark: label, properties, its dates as a time span or stamp, and its line.
fn write_leg(out: &mut String, f: &Feature) {
    let p = &f.properties;
    let label = format!(
        "{} {}: {} → {}",
        f.id,
        p["mode"].as_str().unwrap_or(""),
        p["from_name"].as_str().unwrap_or(""),
        p["to_name"].as_str().unwrap_or("")
    );
    let _ = write!(
        out,
        "<Placemark id=\"{}\"><name>{}</name><description><![CDATA[{}]]></description><styleUrl>#mode-{}</styleUrl>",
        xml_id("leg", &f.id),
        escape(&label),
        description(f).replace("]]>", "]]&gt;"),
        p["mode"].as_str().unwrap_or("air")
    );
    if let (Some(Value::String(s)), Some(Value::String(e))) =
        (p.get("start_date"), p.get("end_date"))
    {
        let _ = write!(out, "<TimeSpan><begin>{s}</begin><end>{e}</end></TimeSpan>");
    } else if let Some(Value::String(s)) = p.get("start_date") {
        let _ = write!(out, "<TimeStamp><when>{s}</when></TimeStamp>");
    }
    out.push_str(&extended_data(p));
    let line = |part: &[[f64; 2]]| {
        format!(
            "<LineString><coordinates>{}</coordinates></LineString>",
            coords(part)
        )
    };
    if let [part] = f.parts.as_slice() {
        out.push_str(&line(part));
    } else {
        out.push_str("<MultiGeometry>");
        for part in &f.parts {
            out.push_str(&line(part));
        }
        out.push_str("</MultiGeometry>");
    }
    out.push_str("</Placemark>\n");
}

/// A place's point Placemark, described by its id, kind, country and codes.
fn write_place(out: &mut String, p: &Place) {
    let codes: Vec<&str> = p.codes().collect();
    let _ = writeln!(
        out,
        "<Placemark id=\"{}\"><name>{}</name><description>{}</description><styleUrl>#place</styleUrl>{}<Point><coordinates>{},{}</coordinates></Point></Placemark>",
        xml_id("place", &p.id),
        escape(&p.name),
        escape(&format!(
            "{} · {} · {} {}",
            p.id,
            p.kind,
            p.country,
            codes.join(" ")
        )),
        extended_data(&place_properties(p)),
        round_to(p.lon, 6),
        round_to(p.lat, 6)
    );
}
