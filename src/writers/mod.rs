//! Output formats, and writing them safely.

pub mod atomic;
pub mod geojson;
