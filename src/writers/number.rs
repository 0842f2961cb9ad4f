//! Numbers as the GeoJSON output writes them: serde_json's shortest round-trip form
//! (`87.474197`, `12.0`), written straight into the text instead of through `fmt`.

/// Appends `x` as serde_json writes an `f64` (`null` when not finite).
///
/// ```
/// let mut s = String::new();
/// corridor::writers::number::push_f64(&mut s, 12.0);
/// s.push(' ');
/// corridor::writers::number::push_f64(&mut s, f64::NAN);
/// assert_eq!(s, "12.0 null");
/// assert_eq!(serde_json::json!(87.474197).to_string(), "87.474197");
/// ```
pub fn push_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}
