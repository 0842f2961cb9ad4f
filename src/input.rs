//! Reading an input file whole, as text: route files, gazetteer files and `corridor.toml`.
//!
//! Only regular files are read (a FIFO would block forever, `/dev/zero` would fill memory),
//! up to a size limit stated in the error, and only UTF-8 text: a UTF-16 file, bytes that
//! are not UTF-8 and NUL bytes are refused with the line and column where they are. A UTF-8
//! byte-order mark is dropped.

use std::io::Read;
use std::path::Path;

use crate::error::{Diagnostic, Kind, line_col};

/// The largest route file or `corridor.toml` read: 256 MiB, some two million legs.
pub const MAX_ROUTE_FILE_BYTES: u64 = 256 << 20;
/// The largest gazetteer file read: 2 GiB, room for GeoNames' `allCountries.txt` (1.6 GB).
pub const MAX_GAZETTEER_FILE_BYTES: u64 = 2 << 30;

/// What a path that exists is, when it is not a regular file: "a folder", "a FIFO (named
/// pipe)", … (`None` for a regular file).
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
    }
    Some("not a regular file")
}

/// Binary sizes as people read them: `300 B`, `12.5 MiB`, `2.0 GiB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20)),
        b => format!("{b} B"),
    }
}

/// The bytes of a regular file of at most `limit` bytes; `what` names the file's role in
/// messages ("route file", "gazetteer file").
pub fn read_bytes(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display().to_string();
    let fail = |msg: String| Diagnostic::file(&name, msg);
    // Looked at before opening: opening a FIFO blocks until something writes to it.
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if let Some(kind) = not_a_file(&meta) {
        return Err(fail(format!(
            "is {kind}, not a file; give the {what} itself (corridor reads inputs whole: save a stream to a file first)"
        )));
    }
    let too_big = |len: u64| {
        fail(format!(
            "{} is over the {} limit for a {what}; split it into smaller files",
            size(len),
            size(limit)
        ))
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The limit holds even if the file grows while it is read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A regular file's text: UTF-8 without NUL bytes, its byte-order mark dropped.
///
/// ```
/// use corridor::input::{MAX_ROUTE_FILE_BYTES, read_text};
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("r.csv");
/// std::fs::write(&file, b"\xef\xbb\xbfroute\n").unwrap();
/// assert_eq!(read_text(&file, "route file", MAX_ROUTE_FILE_BYTES).unwrap(), "route\n");
/// std::fs::write(&file, b"route\nZ\xfcrich\n").unwrap();
/// let e = read_text(&file, "route file", MAX_ROUTE_FILE_BYTES).unwrap_err();
/// assert_eq!((e.line, e.col), (2, 2));
/// let e = read_text(dir.path(), "route file", MAX_ROUTE_FILE_BYTES).unwrap_err();
/// assert!(e.message.starts_with("is a folder, not a file"));
/// ```
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let bytes = read_bytes(path, what, limit)?;
    let text = decode(bytes)
        .map_err(|(line, col, msg)| Diagnostic::at(&name, line, col, msg).with_kind(Kind::Read))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// UTF-8 text without NUL bytes, or where it is not, as (line, column, message).
fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            1,
            1,
            "UTF-16 text (it starts with a UTF-16 byte-order mark); save the file as UTF-8".into(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, col) = line_col(std::str::from_utf8(&bytes[..at]).unwrap_or(""), at);
        let msg = format!(
            "not UTF-8: byte 0x{:02X} here (Latin-1 or Windows-1252?); save the file as UTF-8",
            bytes[at]
        );
        (line, col, msg)
    })?;
    if let Some(at) = text.find('\0') {
        let (line, col) = line_col(&text, at);
        let msg = "a NUL byte: this is not a text file (or it is UTF-16); save it as UTF-8 text";
        return Err((line, col, msg.into()));
    }
    Ok(text)
}
