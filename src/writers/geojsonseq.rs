//! GeoJSON text sequences (RFC 8142): one Feature per record, each record an ASCII record
//! separator (0x1E), the JSON text, and a line feed. For large outputs and streaming. And
//! newline-delimited GeoJSON (`.geojsonl`), the same records without the separator, which
//! GDAL and line-by-line readers expect.

use super::geojson::feature_json;
use crate::features::Feature;

/// Serialises leg features as a GeoJSON text sequence.
pub fn legs_sequence(features: &[Feature]) -> String {
    records(features, "\u{1e}")
}

/// Serialises leg features as newline-delimited GeoJSON: one feature per line.
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
