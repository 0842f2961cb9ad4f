//! Well-known binary (little-endian, 2D) for the formats that store it: GeoPackage's blobs
//! and GeoParquet's geometry column.

/// Appends a WKB Point.
pub fn put_point(b: &mut Vec<u8>, p: [f64; 2]) {
    put_header(b, 1, None);
    put_xy(b, p);
}

/// Appends a WKB MultiLineString of `parts` (one part for an uncut line): lines are always
/// multi, so that every leg has the one geometry type readers declare for the layer.
///
/// ```
/// let mut b = Vec::new();
/// corridor::writers::wkb::put_multilinestring(&mut b, &[vec![[1.0, 2.0], [3.0, 4.0]]]);
/// assert_eq!(b.len(), 9 + 9 + 2 * 16);
/// assert_eq!(&b[..9], &[1, 5, 0, 0, 0, 1, 0, 0, 0]);
/// ```
pub fn put_multilinestring(b: &mut Vec<u8>, parts: &[Vec<[f64; 2]>]) {
    put_header(b, 5, Some(parts.len()));
    for part in parts {
        put_header(b, 2, Some(part.len()));
        part.iter().for_each(|p| put_xy(b, *p));
    }
}

/// The parts of a WKB MultiLineString as [`put_multilinestring`] writes it: their count,
/// and their LineStrings' bytes, which can follow another MultiLineString's (then given
/// the sum of the counts with [`set_multilinestring_count`]).
///
/// ```
/// use corridor::writers::wkb::{multilinestring_parts, put_multilinestring, set_multilinestring_count};
///
/// let (a, b) = (vec![vec![[1.0, 2.0], [3.0, 4.0]]], vec![vec![[5.0, 6.0], [7.0, 8.0]]]);
/// let (mut joined, mut wb) = (Vec::new(), Vec::new());
/// put_multilinestring(&mut joined, &a);
/// put_multilinestring(&mut wb, &b);
/// let (nb, lb) = multilinestring_parts(&wb);
/// joined.extend_from_slice(lb);
/// set_multilinestring_count(&mut joined, 1 + nb);
/// let mut both = Vec::new();
/// put_multilinestring(&mut both, &[a[0].clone(), b[0].clone()]);
/// assert_eq!(joined, both);
/// ```
pub fn multilinestring_parts(wkb: &[u8]) -> (u32, &[u8]) {
    let count = u32::from_le_bytes(wkb[5..9].try_into().expect("a count of four bytes"));
    (count, &wkb[9..])
}

/// Sets the part count of the WKB MultiLineString `wkb`.
pub fn set_multilinestring_count(wkb: &mut [u8], count: u32) {
    wkb[5..9].copy_from_slice(&count.to_le_bytes());
}

/// Byte order (little-endian), geometry type and, for a collection, its count.
fn put_header(b: &mut Vec<u8>, kind: u32, count: Option<usize>) {
    b.push(1);
    b.extend_from_slice(&kind.to_le_bytes());
    if let Some(n) = count {
        let n = u32::try_from(n).expect("fewer than 2^32 parts and points");
        b.extend_from_slice(&n.to_le_bytes());
    }
}

fn put_xy(b: &mut Vec<u8>, p: [f64; 2]) {
    b.extend_from_slice(&p[0].to_le_bytes());
    b.extend_from_slice(&p[1].to_le_bytes());
}
