//! corridor maps supply corridors: places → route definitions → leg geometry → features →
//! writers. The `corridor` binary is a thin layer over this library; a program can use the
//! same steps with its own gazetteer and networks.
//!
//! ```
//! use corridor::{Gazetteer, Planner, RailNetwork};
//! use corridor::routes::toml_file;
//!
//! let route = toml_file::parse("mzkt.toml", r#"
//!     id = "mzkt-bryansk"
//!     title = "MZKT chassis to Bryansk"
//!     [[legs]]
//!     mode = "rail"
//!     from = "Minsk"
//!     to = "Bryansk"
//! "#).unwrap();
//! let (gazetteer, rail) = (Gazetteer::bundled(), RailNetwork::bundled().unwrap());
//! let routes = [route];
//! let plan = Planner::new(&gazetteer).with_rail(&rail).plan(&routes).unwrap();
//! let leg = &plan.legs[0];
//! assert_eq!(leg.model.as_str(), "network");
//! assert!(leg.distance.km() > 500.0 && leg.distance.km() < 600.0);
//! ```
//!
//! See ARCHITECTURE.md for the data flow and where each concern lives.

// First: its `named_enum!` macro is used by the modules below.
#[macro_use]
mod names;

pub mod credits;
pub mod crs;
pub mod decimal;
pub mod error;
pub mod features;
pub mod geometry;
pub mod hash;
pub mod input;
pub mod networks;
pub mod places;
pub mod plan;
pub mod quote;
pub mod render;
pub mod report;
pub mod routes;
pub mod schema;
pub mod units;
pub mod writers;

pub use error::{Diagnostic, Error, Kind};
pub use networks::rail::RailNetwork;
pub use networks::sea::SeaNetwork;
pub use places::{Gazetteer, Place, PlaceKind};
pub use plan::{Plan, PlanOptions, PlannedLeg, Planner};
pub use routes::{Leg, Mode, Route};
pub use units::Length;

/// The threads worth running: the machine's cores, at most 8 (one when it has one). Asked
/// once a process, as the answer reads the process's CPU quota from files.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}
