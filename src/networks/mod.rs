//! Transport networks that legs follow instead of geodesics.

pub mod bytes;
pub mod ch;
pub mod coast;
pub mod detour_bounds;
pub mod error;
pub mod graph;
pub mod landmarks;
mod lon;
pub mod node_grid;
pub mod passage_cost;
pub mod port_connectors;
pub mod quad_heap;
pub mod rail;
pub mod rail_search;
pub mod sea;
pub mod shortest_path;
pub mod water_grid;
pub mod zeroed;

pub use error::RouteError;
pub(crate) use lon::lon_delta;

/// A seeded stream of pseudo-random numbers in [0, 1), for tests (a 64-bit LCG).
#[cfg(test)]
pub(crate) fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}
