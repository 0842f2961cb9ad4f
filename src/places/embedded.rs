//! The gazetteer compiled into the binary by `build.rs`.

use super::index::Index;
use super::key_map::KeyMap;

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));
static KEY_MAP: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.fst"));

/// The bundled gazetteer index (curated rows plus imported GeoNames, OurAirports and ports).
pub fn index() -> Index<'static> {
    Index::open(BYTES).expect("the build script writes a valid index")
}

/// The fst map of the bundled index's keys (see `key_map`).
pub fn key_map() -> KeyMap {
    KeyMap::embedded(KEY_MAP)
}
