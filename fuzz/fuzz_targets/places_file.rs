//! A whole `--gazetteer` file, as the CLI reads it: bytes (UTF-8 or not) on disk, the
//! format detected from the first line (`places::load::detect`), then the table (TSV or CSV),
//! GeoNames or OurAirports reader, then countries from the bundled borders.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One file per fuzzing process, rewritten for each input.
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("corridor-fuzz-places-{}.txt", std::process::id()))
    })
}

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let _ = corridor::places::load::detect(first);
    }
    std::fs::write(path(), bytes).expect("the temporary directory is writable");
    let _ = corridor::places::load::load_file(path());
});
