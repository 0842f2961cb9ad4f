//! Landmark bounds for one set of closures and avoided countries.
//!
//! The bundled landmark table ([`super::landmarks`]) bounds the track between two nodes on the
//! whole network; when a query avoids a country, the way round it can be thousands of km
//! longer than those bounds say, and A* searches a large part of the network before it
//! believes the detour. A file of many legs under the same switches pays once for a few
//! landmarks computed under them (a Dijkstra each, a few ms) and gets bounds that know the
//! detour.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::Graph;
use super::shortest_path::Constraints;

const UNREACHABLE: u32 = u32::MAX;

/// Distances from a few landmarks, under a query's constraints.
pub struct DetourBounds {
    /// Per landmark, whole metres to every node (`UNREACHABLE` where it cannot go).
    dist: Vec<Vec<u32>>,
}

/// Metres from `from` to every node along edges `c` allows, rounded down to whole metres.
fn distances(g: &Graph, c: &Constraints, from: u32) -> Vec<u32> {
    let mut dist = vec![f64::INFINITY; g.node_count()];
    let mut heap = BinaryHeap::new();
    dist[from as usize] = 0.0;
    heap.push((Reverse(0u64), from));
    while let Some((Reverse(d), u)) = heap.pop() {
        let d = f64::from_bits(d);
        if d > dist[u as usize] {
            continue;
        }
        for e in g.edges(u) {
            if c.is_blocked(e.tag) || !c.may_enter(g, u, e.to) {
                continue;
            }
            let nd = d + e.metres;
            if nd < dist[e.to as usize] {
                dist[e.to as usize] = nd;
                heap.push((Reverse(nd.to_bits()), e.to));
            }
        }
    }
    dist.iter()
        .map(|&d| {
            if d.is_finite() {
                d.floor() as u32
            } else {
                UNREACHABLE
            }
        })
        .collect()
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
        let probe: Vec<u64> = distances(g, c, start).iter().map(|&d| d.into()).collect();
        let mut pick = far(&probe);
        let mut nearest = vec![u64::from(UNREACHABLE); g.node_count()];
        let mut dist = Vec::new();
        while dist.len() < k {
            let d = distances(g, c, pick);
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
