//! GeoJSON text sequences (RFC 8142): one Feature per record, each record an ASCII record
//! separator (0x1E), the JSON text, and a line feed. For large outputs and streaming.

use super::geojson::feature_json;
use crate::features::Feature;

/// Serialises leg features as a GeoJSON text sequence.
pub fn legs_sequence(features: &[Feature]) -> String {
    // One geometry type for the whole sequence, as in the FeatureCollection.
    let multi = features.iter().any(|f| f.parts.len() > 1);
    let mut out = String::new();
    for f in features {
        out.push('\u{1e}');
        out.push_str(&feature_json(f, multi));
        out.push('\n');
    }
    out
}
