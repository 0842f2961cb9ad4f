//! KML 2.2 for Google Earth: a style per mode, a Folder `Legs` with a Placemark per leg, and
//! a Folder `Places` (GDAL and QGIS read each Folder as one layer, with one schema). Each
//! Placemark carries its properties twice: as a table in the description (Google Earth's
//! balloon) and as typed `SchemaData` (a `Schema` per layer, from [`crate::schema`]: GDAL
//! and QGIS read these as typed attribute columns). Lines keep their geodesic densification
//! and are cut at the antimeridian; no `<tessellate>`.

use std::fmt::Write;
use std::io;

use serde_json::Value;

use super::geojson::place_properties;
use super::number::push_display_f64;
use super::parallel::write_in_order;
use super::shared_text::SharedText;
use super::xml::{escape, escape_into};
use crate::credits::{Credit, places_credits};
use crate::features::{Feature, Parts, mode_colour};
use crate::places::Place;
use crate::routes::Mode;
use crate::schema::{Column, ColumnType, PLACE_COLUMNS, Properties, leg_columns};
use crate::units::round_to;

/// Appends an XML ID (NCName) made from an id such as `route/1` or `inline:depot`.
fn push_xml_id(out: &mut String, prefix: &str, id: &str) {
    out.push_str(prefix);
    out.push('-');
    for c in id.chars() {
        let keep = c.is_ascii_alphanumeric() || "-_.".contains(c);
        out.push(if keep { c } else { '_' });
    }
}

/// [`push_xml_id`] as a string of its own.
fn xml_id(prefix: &str, id: &str) -> String {
    let mut out = String::new();
    push_xml_id(&mut out, prefix, id);
    out
}

/// KML colours are aabbggrr.
fn kml_colour(hex: &str) -> String {
    let h = hex.trim_start_matches('#');
    format!("ff{}{}{}", &h[4..6], &h[2..4], &h[0..2])
}

/// Appends a line's points as KML coordinates, `lon,lat` apart by spaces (in `Display`
/// form, as ever).
fn push_coords(out: &mut String, part: &[[f64; 2]]) {
    for (i, p) in part.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_display_f64(out, p[0]);
        out.push(',');
        push_display_f64(out, p[1]);
    }
}

/// The properties that are not null as escaped text, escaped once for both the description
/// and the data: the texts one after another, and each property's name and text's end.
struct EscapedTexts {
    text: String,
    ends: Vec<(&'static str, usize)>,
}

impl EscapedTexts {
    fn of(props: &Properties) -> EscapedTexts {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(props.values().len());
        for (k, v) in props.iter() {
            match v {
                Value::Null => continue,
                Value::String(s) => escape_into(&mut text, s),
                // Digits, signs, points, `true`, `false`: nothing to escape.
                Value::Number(_) | Value::Bool(_) => {
                    let _ = write!(text, "{v}");
                }
                other => escape_into(&mut text, &other.to_string()),
            }
            ends.push((k, text.len()));
        }
        EscapedTexts { text, ends }
    }

    /// The (name, escaped text) pairs, in the properties' fixed order.
    fn pairs(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|(_, end)| *end));
        starts
            .zip(&self.ends)
            .map(|(start, (k, end))| (*k, &self.text[start..*end]))
    }
}

/// Appends the properties as an HTML table, from their escaped texts.
fn push_description(out: &mut String, texts: &EscapedTexts) {
    out.push_str("<table>");
    for (k, t) in texts.pairs() {
        out.push_str("<tr><th>");
        escape_into(out, k);
        out.push_str("</th><td>");
        out.push_str(t);
        out.push_str("</td></tr>");
    }
    out.push_str("</table>");
}

/// The properties as `SchemaData` of the document's Schema `schema`, in their fixed order.
/// Nulls are left out (KML has no null), which GDAL reads as NULL, as it does the GeoJSON's
/// nulls.
fn extended_data(schema: &str, props: &Properties) -> String {
    let mut out = String::new();
    push_schema_data(&mut out, schema, &EscapedTexts::of(props));
    out
}

/// Appends [`extended_data`] from the properties' escaped texts.
fn push_schema_data(out: &mut String, schema: &str, texts: &EscapedTexts) {
    out.push_str("<ExtendedData><SchemaData schemaUrl=\"#");
    out.push_str(schema);
    out.push_str("\">");
    for (k, t) in texts.pairs() {
        out.push_str("<SimpleData name=\"");
        escape_into(out, k);
        out.push_str("\">");
        out.push_str(t);
        out.push_str("</SimpleData>");
    }
    out.push_str("</SchemaData></ExtendedData>");
}

/// A layer's `Schema`: each column a `SimpleField` of its KML type (KML has no date type:
/// dates are strings, and the legs' dates are also their TimeSpan).
fn write_schema(out: &mut String, id: &str, columns: &[Column]) {
    let _ = write!(out, "<Schema name=\"{id}\" id=\"{id}\">");
    for c in columns {
        let ty = match c.ty {
            ColumnType::Text | ColumnType::Date | ColumnType::DateTime => "string",
            ColumnType::Integer => "int",
            ColumnType::Real => "double",
        };
        let _ = write!(
            out,
            "<SimpleField type=\"{ty}\" name=\"{}\"/>",
            escape(c.name)
        );
    }
    out.push_str("</Schema>\n");
}

/// Serialises legs and places as a KML document, crediting the places' sources (the legs'
/// credits need the planned legs: see [`write_kml`]).
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
/// assert!(doc.contains("<Folder><name>Legs</name>"));
/// assert!(doc.contains("<SimpleField type=\"int\" name=\"trips\"/>"));
/// assert!(doc.contains("<styleUrl>#mode-air</styleUrl>"));
/// assert_eq!(doc.matches("<Point>").count(), 2);
/// ```
pub fn kml(name: &str, features: &[Feature], places: &[Place]) -> String {
    let mut out = Vec::new();
    let columns = features
        .first()
        .map_or(leg_columns(false), |f| f.properties.columns());
    let credits = places_credits(places);
    write_kml(
        &mut out,
        (name, columns),
        features.iter().cloned(),
        places,
        &credits,
    )
    .expect("in-memory write");
    String::from_utf8(out).expect("UTF-8")
}

/// Writes [`kml`]'s document to `out` as the features come; `columns` are theirs, and
/// `credits` go into the Document's description.
pub fn write_kml(
    out: &mut dyn io::Write,
    (name, columns): (&str, &[Column]),
    features: impl IntoIterator<Item = Feature>,
    places: &[Place],
    credits: &[Credit],
) -> io::Result<()> {
    let mut text = String::new();
    write_header(&mut text, (name, columns), credits);
    text.push_str("<Folder><name>Legs</name>\n");
    out.write_all(text.as_bytes())?;
    write_in_order(out, features, SharedText::default, |shared, text, _, f| {
        write_leg(text, f, shared)
    })?;
    let mut text = String::from("</Folder>\n<Folder><name>Places</name>\n");
    for p in places {
        write_place(&mut text, p);
    }
    text.push_str("</Folder>\n</Document>\n</kml>\n");
    out.write_all(text.as_bytes())
}

/// The document's opening: its name, the credits, the layers' schemas, a line style per
/// mode, and the places' style.
fn write_header(out: &mut String, (name, columns): (&str, &[Column]), credits: &[Credit]) {
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
    write_schema(out, "leg", columns);
    write_schema(out, "place", &PLACE_COLUMNS);
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

/// A leg's Placemark: label, properties, its dates as a time span or stamp, and its line.
fn write_leg(out: &mut String, f: &Feature, shared: &mut SharedText) {
    let p = &f.properties;
    let texts = EscapedTexts::of(p);
    out.push_str("<Placemark id=\"");
    push_xml_id(out, "leg", &f.id);
    out.push_str("\"><name>");
    push_label(out, f);
    out.push_str("</name><description><![CDATA[");
    let table = out.len();
    push_description(out, &texts);
    // Escaped texts hold no `>` and every tag's `>` follows a letter: no `]]>` can end the
    // CDATA section early.
    debug_assert!(!out[table..].contains("]]>"));
    out.push_str("]]></description><styleUrl>#mode-");
    out.push_str(p["mode"].as_str().unwrap_or("air"));
    out.push_str("</styleUrl>");
    if let (Some(Value::String(s)), Some(Value::String(e))) =
        (p.get("start_date"), p.get("end_date"))
    {
        let _ = write!(out, "<TimeSpan><begin>{s}</begin><end>{e}</end></TimeSpan>");
    } else if let Some(Value::String(s)) = p.get("start_date") {
        let _ = write!(out, "<TimeStamp><when>{s}</when></TimeStamp>");
    }
    push_schema_data(out, "leg", &texts);
    shared.push(out, &f.parts, write_lines);
    out.push_str("</Placemark>\n");
}

/// Appends a leg's label, escaped: `id mode: from → to`.
fn push_label(out: &mut String, f: &Feature) {
    let text = |k: &str| f.properties[k].as_str().unwrap_or("");
    escape_into(out, &f.id);
    out.push(' ');
    escape_into(out, text("mode"));
    out.push_str(": ");
    escape_into(out, text("from_name"));
    out.push_str(" → ");
    escape_into(out, text("to_name"));
}

/// A leg's LineString, or its parts in a MultiGeometry when cut.
fn write_lines(out: &mut String, parts: &Parts) {
    let line = |out: &mut String, part: &[[f64; 2]]| {
        out.push_str("<LineString><coordinates>");
        push_coords(out, part);
        out.push_str("</coordinates></LineString>");
    };
    if let [part] = parts.as_slice() {
        line(out, part);
    } else {
        out.push_str("<MultiGeometry>");
        for part in parts {
            line(out, part);
        }
        out.push_str("</MultiGeometry>");
    }
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
        extended_data("place", &place_properties(p)),
        round_to(p.lon, 6),
        round_to(p.lat, 6)
    );
}
