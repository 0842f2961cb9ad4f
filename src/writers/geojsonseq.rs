//! GeoJSON text sequences (RFC 8142): one Feature per record, each record an ASCII record
//! separator (0x1E), the JSON text, and a line feed. For large outputs and streaming. And
//! newline-delimited GeoJSON (`.geojsonl`), the same records without the separator, which
//! GDAL and line-by-line readers expect.

use super::geojson::feature_json;
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
    records(features, "\u{1e}")
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

fn records(features: &[Feature], separator: &str) -> String {
    // One geometry type for the whole sequence, as in the FeatureCollection.
    let multi = features.iter().any(|f| f.parts.len() > 1);
    let mut out = String::new();
    for f in features {
        out.push_str(separator);
        out.push_str(&feature_json(f, multi));
        out.push('\n');
    }
    out
}
