//! corridor maps supply corridors: places → route definitions → leg geometry → features →
//! writers. The `corridor` binary is a thin layer over this library.

// First: its `named_enum!` macro is used by the modules below.
#[macro_use]
mod names;

pub mod cmd;
pub mod crs;
pub mod error;
pub mod features;
pub mod geometry;
pub mod networks;
pub mod places;
pub mod plan;
pub mod render;
pub mod report;
pub mod routes;
pub mod units;
pub mod writers;
