//! GeoJSON text sequences (RFC 8142): one Feature per record, each record an ASCII record
//! separator (0x1E), the JSON text, and a line feed. For large outputs and streaming. And
//! newline-delimited GeoJSON (`.geojsonl`), the same records without the separator, which
//! GDAL and line-by-line readers expect.

use std::io::{self, Write};

use super::geojson::{any_multi, write_feature};
use super::parallel::write_in_order;
use super::shared_text::SharedText;
use crate::features::Feature;

/// Serialises leg features as a GeoJSON text sequence.
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
/// use corridor::writers::geojsonseq::legs_sequence;
///
/// let seq = legs_sequence(&features);
/// assert!(seq.starts_with("\u{1e}{") && seq.ends_with("}\n"));
/// ```
pub fn legs_sequence(features: &[Feature]) -> String {
    records(features, RS)
}

/// Serialises leg features as newline-delimited GeoJSON: one feature per line.
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
/// use corridor::writers::geojsonseq::legs_lines;
///
/// let lines = legs_lines(&features);
/// assert_eq!(lines.lines().count(), features.len());
/// assert!(lines.starts_with('{'));
/// ```
pub fn legs_lines(features: &[Feature]) -> String {
    records(features, "")
}

/// The record separator of RFC 8142.
pub const RS: &str = "\u{1e}";

fn records(features: &[Feature], separator: &str) -> String {
    let mut out = Vec::new();
    write_records(
        &mut out,
        separator,
        any_multi(features),
        features.iter().cloned(),
    )
    .expect("in-memory write");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes features as records to `out` as they come: each `separator`, the feature's JSON
/// and a line feed; `multi` (one geometry type for the whole sequence, as in the
/// FeatureCollection) makes every line a MultiLineString.
pub fn write_records(
    out: &mut dyn Write,
    separator: &str,
    multi: bool,
    features: impl IntoIterator<Item = Feature>,
) -> io::Result<()> {
    write_in_order(out, features, SharedText::default, |shared, text, _, f| {
        text.push_str(separator);
        write_feature(text, f, (multi, shared));
        text.push('\n');
    })
}
