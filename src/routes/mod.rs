//! Route definitions: TOML files (one route each) and leg CSVs (many routes), read into
//! the [`model`] types.

pub mod csv_file;
pub mod date;
pub mod load;
pub mod model;
pub mod project;
pub mod sighting;
pub mod toml_file;
pub mod track;

pub use date::Date;
pub use model::{
    Leg, Mode, PassagePolicy, PlaceAt, PlaceRef, Pos, Quantity, QuantityUnit, RailPolicy, Route,
    Source, Vehicle,
};
pub use sighting::{Fix, Sighting, SightingKind, TimeSpan, Timing, TrackRef};
