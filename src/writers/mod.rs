//! Output formats, and writing them safely.

pub mod atomic;
pub mod csv;
pub mod geojson;
pub mod geojsonseq;
pub mod gpkg;
pub mod kml;
pub mod preview;
pub mod wkt;
