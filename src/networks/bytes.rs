//! Little-endian reading and writing for the read-in-place binary formats (the graph, the
//! hierarchy, the landmark table, the coastline grid and the gazetteer index). Each starts
//! with an 8-byte magic and a header of u32 counts, and must end exactly where the counts
//! say. This file is also compiled into the build script: it uses `std` only.

/// Readers of one little-endian number at a byte offset, one per type.
macro_rules! readers {
    ($($name:ident -> $t:ty),*) => {$(
        #[doc = concat!("The little-endian `", stringify!($t), "` at byte `at` of `b`.")]
        #[inline]
        pub fn $name(b: &[u8], at: usize) -> $t {
            <$t>::from_le_bytes(b[at..at + size_of::<$t>()].try_into().expect("in bounds"))
        }
    )*};
}

readers!(u32_at -> u32, i32_at -> i32, f32_at -> f32, f64_at -> f64);

/// Bytes of a header of `n` counts after the magic.
pub const fn header_len(n: usize) -> usize {
    8 + 4 * n
}

/// The `N` counts of a blob's header; `not_it` when the blob is too short for them or
/// starts with another magic.
pub fn read_header<const N: usize>(
    bytes: &[u8],
    magic: &[u8; 8],
    not_it: &str,
) -> Result<[usize; N], String> {
    if bytes.len() < header_len(N) || &bytes[..8] != magic {
        return Err(not_it.into());
    }
    Ok(std::array::from_fn(|i| u32_at(bytes, 8 + 4 * i) as usize))
}

/// Ok when the layout the header describes ends at `end`, the blob's last byte; else
/// `truncated`.
pub fn check_end(bytes: &[u8], end: usize, truncated: &str) -> Result<(), String> {
    if end == bytes.len() {
        Ok(())
    } else {
        Err(truncated.into())
    }
}

/// Writes the magic and the header's counts.
pub fn put_header(out: &mut Vec<u8>, magic: &[u8; 8], counts: &[usize]) {
    out.extend_from_slice(magic);
    for &n in counts {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
}

/// Writes the offsets of lists laid end to end, as u32: where each starts, then where the
/// last ends (one more than there are lists).
pub fn put_offsets(out: &mut Vec<u8>, lens: impl IntoIterator<Item = usize>) {
    let mut off = 0u32;
    for len in lens {
        out.extend_from_slice(&off.to_le_bytes());
        off += len as u32;
    }
    out.extend_from_slice(&off.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_and_offsets_read_back() {
        let mut out = Vec::new();
        put_header(&mut out, b"TESTBLOB", &[2, 7]);
        put_offsets(&mut out, [3, 0, 2]);
        assert_eq!(read_header::<2>(&out, b"TESTBLOB", "not it"), Ok([2, 7]));
        assert_eq!(
            (4..8).map(|i| u32_at(&out, 4 * i)).collect::<Vec<_>>(),
            vec![0, 3, 3, 5]
        );
        assert_eq!(check_end(&out, header_len(2) + 16, "short"), Ok(()));
        assert_eq!(
            check_end(&out, header_len(2) + 12, "short"),
            Err("short".into())
        );
        assert_eq!(
            read_header::<2>(&out, b"OTHERONE", "not it"),
            Err("not it".into())
        );
        assert_eq!(
            read_header::<2>(&out[..12], b"TESTBLOB", "not it"),
            Err("not it".into())
        );
    }
}
