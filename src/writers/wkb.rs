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
/// and their LineStrings' bytes, which [`put_multilinestring_of`] can join to others'.
///
/// ```
/// use corridor::writers::wkb::{multilinestring_parts, put_multilinestring, put_multilinestring_of};
///
/// let (a, b) = (vec![vec![[1.0, 2.0], [3.0, 4.0]]], vec![vec![[5.0, 6.0], [7.0, 8.0]]]);
/// let (mut wa, mut wb, mut joined) = (Vec::new(), Vec::new(), Vec::new());
/// put_multilinestring(&mut wa, &a);
/// put_multilinestring(&mut wb, &b);
/// let ((na, la), (nb, lb)) = (multilinestring_parts(&wa), multilinestring_parts(&wb));
/// put_multilinestring_of(&mut joined, na + nb, &[la, lb].concat());
/// let mut both = Vec::new();
/// put_multilinestring(&mut both, &[a[0].clone(), b[0].clone()]);
/// assert_eq!(joined, both);
/// ```
pub fn multilinestring_parts(wkb: &[u8]) -> (u32, &[u8]) {
    let count = u32::from_le_bytes(wkb[5..9].try_into().expect("a count of four bytes"));
    (count, &wkb[9..])
}

/// Appends a WKB MultiLineString of `count` parts whose LineStrings' bytes are `lines`.
pub fn put_multilinestring_of(b: &mut Vec<u8>, count: u32, lines: &[u8]) {
    put_header(b, 5, Some(count as usize));
    b.extend_from_slice(lines);
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
