//! Writing output files so that a reader never sees half a file: write a temporary file in
//! the same folder, flush it to disk, then rename it over the target.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Kind};

/// The temporary file beside `path` that is renamed over it when complete. Fails, naming
/// the file, when `path` has no file name or its folder does not exist.
///
/// ```
/// use std::path::Path;
/// use corridor::writers::atomic::temp_path;
///
/// let tmp = temp_path(Path::new("legs.geojson")).unwrap();
/// assert!(tmp.file_name().unwrap().to_str().unwrap().starts_with(".legs.geojson.tmp-"));
/// assert!(temp_path(Path::new("/")).is_err());
/// ```
pub fn temp_path(path: &Path) -> Result<PathBuf, Diagnostic> {
    let name = path.display().to_string();
    let file_name = path.file_name().ok_or_else(|| {
        Diagnostic::file(
            &name,
            "not a file name; give a path such as out/corridors.geojson",
        )
        .with_kind(Kind::Write)
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Diagnostic::file(
            &name,
            format!(
                "the folder {} does not exist; create it first",
                dir.display()
            ),
        )
        .with_kind(Kind::Write));
    }
    Ok(dir.join(format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    )))
}

/// Writes `bytes` to `path` atomically. On error the target is left untouched.
///
/// ```
/// use corridor::writers::atomic::write_atomic;
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("legs.geojson");
/// write_atomic(&path, b"{}").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"{}");
/// // A missing folder is an error naming the file, not created.
/// let err = write_atomic(&dir.path().join("no/legs.geojson"), b"{}").unwrap_err();
/// assert!(err.to_string().contains("does not exist"));
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let name = path.display().to_string();
    let tmp = temp_path(path)?;
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::file(&name, format!("cannot write: {e}")).with_kind(Kind::Write)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.geojson");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_reported_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("nope/out.geojson"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"), "{err}");
    }
}
