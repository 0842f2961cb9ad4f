//! What a passage costs a router beyond its length. Canals hold ships for hours (waiting for
//! a slot or a convoy, slow locks), which is why, with Suez closed, Asia–Europe traffic
//! rounds the Cape rather than taking Panama although the distances are within 1 %.
//! Routing adds each passage's allowance, converted to distance at a reference speed and
//! spread over the passage's edges; reported distances stay pure geodesic lengths.
//!
//! This file is also compiled into the build script: it uses `std` only.

use super::graph::Graph;

/// Speed at which allowance hours become distance: a typical service speed of the general
/// cargo ships and bulk carriers the seed routes describe.
pub const REFERENCE_SPEED_KN: f64 = 14.0;

/// Metres in a nautical mile.
const NM: f64 = 1852.0;

/// Cost per metre of each edge tag (index 0 = untagged, always 1): 1 plus the allowance
/// (hours in the 4th column of the tag table, empty = 0) over the passage's total length.
pub fn factors(g: &Graph) -> Vec<f64> {
    let tags = g.tags();
    let mut length = vec![0.0; tags.len() + 1];
    for u in 0..g.node_count() as u32 {
        for e in g.edges(u) {
            // Each undirected edge is listed twice.
            length[e.tag as usize] += e.metres / 2.0;
        }
    }
    let mut out = vec![1.0; tags.len() + 1];
    for (i, row) in tags.iter().enumerate() {
        let hours: f64 = row
            .get(3)
            .and_then(|h| h.trim().parse().ok())
            .unwrap_or(0.0);
        if hours > 0.0 && length[i + 1] > 0.0 {
            out[i + 1] = 1.0 + hours * REFERENCE_SPEED_KN * NM / length[i + 1];
        }
    }
    out
}
