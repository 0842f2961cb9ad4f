//! Landmark bounds for one set of closures and avoided countries.
//!
//! The bundled landmark table ([`super::landmarks`]) bounds the track between two nodes on the
//! whole network; when a query avoids a country, the way round it can be thousands of km
//! longer than those bounds say, and A* searches a large part of the network before it
//! believes the detour. A file of many legs under the same switches pays once for a few
//! landmarks computed under them (a Dijkstra each, a few ms) and gets bounds that know the
//! detour.

use std::cmp::Reverse;

use super::graph::Graph;
use super::landmarks::{UNREACHABLE, distances};
use super::shortest_path::Constraints;

/// Distances from a few landmarks, under a query's constraints.
pub struct DetourBounds {
    /// Per landmark, whole metres to every node (`UNREACHABLE` where it cannot go).
    dist: Vec<Vec<u32>>,
}

impl DetourBounds {
    /// `k` landmarks picked farthest-first from `start` (a node the constraints allow).
    pub fn build(g: &Graph, c: &Constraints, start: u32, k: usize) -> DetourBounds {
        let far = |d: &[u64]| {
            (0..d.len())
                .filter(|&v| d[v] != u64::from(UNREACHABLE))
                .max_by_key(|&v| (d[v], Reverse(v)))
                .unwrap_or(start as usize) as u32
        };
        let allowed =
            |u: u32, e: &super::graph::Edge| !c.is_blocked(e.tag) && c.may_enter(g, u, e.to);
        let probe: Vec<u64> = distances(g, start, allowed)
            .iter()
            .map(|&d| d.into())
            .collect();
        let mut pick = far(&probe);
        let mut nearest = vec![u64::from(UNREACHABLE); g.node_count()];
        let mut dist = Vec::new();
        while dist.len() < k {
            let d = distances(g, pick, allowed);
            for (m, &x) in nearest.iter_mut().zip(&d) {
                *m = (*m).min(u64::from(x));
            }
            dist.push(d);
            pick = far(&nearest);
        }
        DetourBounds { dist }
    }

    /// A lower bound in metres on the track from `v` to `t` under the constraints; infinite
    /// when one of them is reachable from a landmark and the other is not (no way between).
    pub fn bound(&self, v: u32, t: u32) -> f64 {
        let mut best = 0u32;
        for d in &self.dist {
            match (d[v as usize], d[t as usize]) {
                (UNREACHABLE, UNREACHABLE) => {}
                (UNREACHABLE, _) | (_, UNREACHABLE) => return f64::INFINITY,
                (a, b) => best = best.max(a.abs_diff(b)),
            }
        }
        // Rounded down from each end: one metre of slack keeps it a lower bound.
        f64::from(best.saturating_sub(1))
    }
}
