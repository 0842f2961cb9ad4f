//! Numbers for analysts: distance tables and aggregates.

pub mod aggregate;
pub mod apportion;
pub mod distances;
pub mod position;
pub mod table;
