//! Well-known text for leg and place geometries (for CSV output).

use super::number::push_f64;

/// `lon lat`, in the same shortest decimal form as the GeoJSON output.
fn push_coord(out: &mut String, p: &[f64; 2]) {
    push_f64(out, p[0]);
    out.push(' ');
    push_f64(out, p[1]);
}

fn coord(p: &[f64; 2]) -> String {
    let mut out = String::new();
    push_coord(&mut out, p);
    out
}

fn ring(part: &[[f64; 2]]) -> String {
    let mut out = String::with_capacity(part.len() * 24);
    for (i, p) in part.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_coord(&mut out, p);
    }
    out
}

/// `LINESTRING (…)` for one part, `MULTILINESTRING ((…), (…))` for several or when `multi`.
///
/// ```
/// use corridor::writers::wkt::lines;
/// assert_eq!(lines(&[vec![[1.0, 2.0], [3.5, 4.0]]], false), "LINESTRING (1.0 2.0, 3.5 4.0)");
/// assert_eq!(lines(&[vec![[170.0, 1.0], [180.0, 2.0]], vec![[-180.0, 2.0], [-170.0, 3.0]]], false),
///            "MULTILINESTRING ((170.0 1.0, 180.0 2.0), (-180.0 2.0, -170.0 3.0))");
/// ```
pub fn lines(parts: &[Vec<[f64; 2]>], multi: bool) -> String {
    if parts.len() == 1 && !multi {
        format!("LINESTRING ({})", ring(&parts[0]))
    } else {
        let inner: Vec<String> = parts.iter().map(|p| format!("({})", ring(p))).collect();
        format!("MULTILINESTRING ({})", inner.join(", "))
    }
}

/// `POINT (lon lat)`.
///
/// ```
/// use corridor::writers::wkt::point;
/// assert_eq!(point(27.5, 53.9), "POINT (27.5 53.9)");
/// ```
pub fn point(lon: f64, lat: f64) -> String {
    format!("POINT ({})", coord(&[lon, lat]))
}
