//! CSV outputs: one row per leg with the GeoJSON properties plus WKT geometry, and the
//! two-file flow format that kepler.gl and flowmap.blue read.

use std::io::{self, Write};

use serde_json::Value;

use super::geojson::any_multi;

use super::parallel::{feature_chunks, in_order};
use super::shared_text::SharedText;
use super::wkt;
use crate::features::Feature;
use crate::places::Place;
use crate::plan::PlannedLeg;
use crate::schema::{Column, ColumnType, leg_columns};
use crate::units::round_to;

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => text_cell(s),
        other => other.to_string(),
    }
}

/// A text cell that a spreadsheet shows as text: one starting with `=`, `+`, `-`, `@`, tab
/// or carriage return gets a leading `'` (OWASP's advice against CSV injection), so a name
/// such as `=HYPERLINK(…)` is never run as a formula. A cell that is a plain decimal number
/// (`-70.5`, `1e-3`) is left as it is: a spreadsheet reads it as a number, not a formula.
///
/// ```
/// use corridor::writers::csv::text_cell;
///
/// assert_eq!(text_cell("=1+1"), "'=1+1");
/// assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(text_cell("\tx"), "'\tx");
/// assert_eq!(text_cell("-70.25"), "-70.25");
/// assert_eq!(text_cell("-inf"), "'-inf");
/// assert_eq!(text_cell("Minsk - Moscow"), "Minsk - Moscow");
/// ```
pub fn text_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_decimal(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A number written in digits, sign, point and exponent only (not `inf` or `NaN`).
fn is_decimal(s: &str) -> bool {
    s.parse::<f64>().is_ok()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    String::from_utf8(w.into_inner().expect("in-memory write")).expect("UTF-8")
}

/// One row per leg: `id`, every property, then `wkt`.
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
/// use corridor::writers::csv::legs_csv;
///
/// let csv = legs_csv(&features);
/// let header = csv.lines().next().unwrap();
/// assert!(header.starts_with("id,") && header.ends_with(",wkt"));
/// assert!(csv.lines().nth(1).unwrap().starts_with("minsk-moscow/1,"));
/// ```
pub fn legs_csv(features: &[Feature]) -> String {
    let mut out = Vec::new();
    let columns = features
        .first()
        .map_or(leg_columns(false), |f| f.properties.columns());
    write_legs_csv(
        &mut out,
        (columns, any_multi(features)),
        features.iter().cloned(),
    )
    .expect("in-memory write");
    String::from_utf8(out).expect("UTF-8")
}

/// Writes [`legs_csv`]'s rows to `out` as the features come (the header from the first);
/// `multi` makes every line a MULTILINESTRING.
pub fn write_legs_csv(
    out: &mut dyn Write,
    (columns, multi): (&[Column], bool),
    features: impl IntoIterator<Item = Feature>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let names = columns.iter().map(|c| c.name);
    w.write_record(std::iter::once("id").chain(names).chain(["wkt"]))?;
    w.flush()?;
    drop(w);
    // The rows of each chunk are made by a writer of their own, on every core.
    let rows = |shared: &mut SharedText, (_, chunk): (usize, Vec<Feature>)| {
        let mut w = csv::Writer::from_writer(Vec::new());
        for f in &chunk {
            w.write_record(row(f, multi, shared))?;
        }
        w.into_inner().map_err(|e| e.into_error())
    };
    let write = |bytes: io::Result<Vec<u8>>| out.write_all(&bytes?);
    in_order(feature_chunks(features), SharedText::default, rows, write)
}

/// A leg's row: `id`, every property, then `wkt`.
fn row(f: &Feature, multi: bool, shared: &mut SharedText) -> Vec<String> {
    let mut row = vec![text_cell(&f.id)];
    row.extend(f.properties.values().iter().map(cell));
    let mut geometry = String::new();
    shared.push(&mut geometry, &f.parts, |out, parts| {
        out.push_str(&wkt::lines(parts, multi))
    });
    row.push(geometry);
    row
}

/// The `.csvt` sidecar of a legs CSV: GDAL's type for each column (`id`, the leg columns,
/// then `wkt`), so GDAL and QGIS read the columns typed as in every other format.
///
/// ```
/// use corridor::schema::leg_columns;
/// use corridor::writers::csv::csvt;
/// let t = csvt(leg_columns(false));
/// assert!(t.starts_with("\"String\",\"String\",\"String\",\"String\",\"Integer\","));
/// assert!(t.ends_with(",\"WKT\"\n"));
/// ```
pub fn csvt(columns: &[Column]) -> String {
    let ty = |c: &Column| match c.ty {
        ColumnType::Text => "\"String\"",
        ColumnType::Integer => "\"Integer\"",
        ColumnType::Real => "\"Real\"",
        ColumnType::Date => "\"Date\"",
        ColumnType::DateTime => "\"DateTime\"",
    };
    let types: Vec<&str> = std::iter::once("\"String\"")
        .chain(columns.iter().map(ty))
        .chain(["\"WKT\""])
        .collect();
    format!("{}\n", types.join(","))
}

/// `locations.csv` for kepler.gl / flowmap.blue: id, name, lat, lon.
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
/// use corridor::writers::csv::locations_csv;
///
/// let csv = locations_csv(&places);
/// assert!(csv.starts_with("id,name,lat,lon\nminsk-national-airport,"));
/// ```
pub fn locations_csv(places: &[Place]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "name", "lat", "lon"])
        .expect("in-memory write");
    for p in places {
        w.write_record([
            text_cell(&p.id),
            text_cell(&p.name),
            round_to(p.lat, 6).to_string(),
            round_to(p.lon, 6).to_string(),
        ])
        .expect("in-memory write");
    }
    finish(w)
}

/// `flows.csv` for kepler.gl / flowmap.blue: origin, dest, count (= trips), mode, start,
/// tonnes (empty when unknown), plus route and leg to trace a flow back.
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
/// use corridor::writers::csv::flows_csv;
///
/// assert_eq!(
///     flows_csv(&legs),
///     "origin,dest,count,mode,time,tonnes,route,leg\n\
///      minsk-national-airport,sheremetyevo,2,air,,40.0,minsk-moscow,1\n"
/// );
/// ```
pub fn flows_csv(legs: &[PlannedLeg]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "origin", "dest", "count", "mode", "time", "tonnes", "route", "leg",
    ])
    .expect("in-memory write");
    for l in legs {
        let tonnes = l
            .leg
            .quantity
            .and_then(|q| q.tonnes())
            // Always with a decimal point, so GDAL and QGIS type the column Real, not Integer.
            .map(|t| format!("{t:?}"))
            .unwrap_or_default();
        w.write_record([
            text_cell(&l.from.id),
            text_cell(&l.to.id),
            l.leg.trips.to_string(),
            l.leg.mode.as_str().to_string(),
            l.leg.start.map(|d| d.to_string()).unwrap_or_default(),
            tonnes,
            text_cell(&l.route.id),
            l.number.to_string(),
        ])
        .expect("in-memory write");
    }
    finish(w)
}
