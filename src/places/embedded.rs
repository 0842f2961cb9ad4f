//! The gazetteer compiled into the binary by `build.rs`.

use super::index::Index;

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));

/// The bundled gazetteer index (curated rows plus imported GeoNames, OurAirports and ports).
pub fn index() -> Index<'static> {
    Index::open(BYTES).expect("the build script writes a valid index")
}
