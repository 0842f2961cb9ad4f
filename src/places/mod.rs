//! Places: the gazetteer that turns names, aliases and codes into coordinates.
//!
//! The data flows `gazetteer/*.tsv` → `build.rs` → [`index`] (embedded) → [`Gazetteer`],
//! with user files (`--gazetteer`) read by [`load`] and layered on top.

pub mod countries;
pub mod countries_format;
pub mod disputed;
pub mod embedded;
pub mod fuzzy;
pub mod gazetteer;
pub mod geonames;
pub mod index;
pub mod key_map;
pub mod load;
pub mod lookup;
pub mod normalize;
pub mod ourairports;
pub mod place;
pub mod serving;
pub mod table;

pub use gazetteer::{Gazetteer, MatchQuality, Nearby, ResolveError};
pub use place::{Place, PlaceKind};
