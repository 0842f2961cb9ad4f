//! Transport networks that legs follow instead of geodesics.

pub mod coast;
pub mod graph;
pub mod rail;
pub mod sea;
pub mod shortest_path;
