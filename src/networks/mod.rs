//! Transport networks that legs follow instead of geodesics.

pub mod ch;
pub mod coast;
pub mod detour_bounds;
pub mod error;
pub mod graph;
pub mod landmarks;
pub mod node_grid;
pub mod passage_cost;
pub mod rail;
pub mod rail_search;
pub mod sea;
pub mod shortest_path;
pub mod water_grid;

pub use error::RouteError;
