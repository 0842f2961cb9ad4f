//! Landmark bounds for one set of closures, avoided countries and routing costs.
//!
//! The bundled landmark table ([`super::landmarks`]) bounds the track between two nodes on the
//! whole network; when a query avoids a country, the way round it can be thousands of km
//! longer than those bounds say, and it crosses borders and gauges that the search's own
//! bound counts once at most. A* then searches most of the network before it believes the
//! detour. A file of many legs under the same switches pays once for a few landmarks computed
//! under them (a Dijkstra over (node, gauge) states each, a few ms) and gets bounds on the
//! search's own cost, detour, borders and gauge changes included.
//!
//! Why they are lower bounds: `D(x)` is the cheapest cost from the landmark to state `x` (a
//! node and the gauge the train arrived on). Any way from state `s` to the target `t` extends
//! a way to `s`, so `D(t) <= D(s) + cost(s, t)`. The other way round, `R(s)`, the cost from
//! `s` to the landmark, is `D` read backwards: the cheapest arrival at the node on some gauge,
//! plus a gauge change when that is not the state's gauge. Then `R(s) <= cost(s, t) + R(t)`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::Graph;
use super::landmarks::UNREACHABLE;
use super::rail_search::{GAUGES, Penalties, gauge_index, gauges_at};
use super::shortest_path::Constraints;

/// Costs from a few landmarks to every (node, gauge) state, under a query's constraints and
/// costs.
pub struct DetourBounds {
    /// Per landmark, whole metres of cost to every state `node * GAUGES + gauge`
    /// (`UNREACHABLE` where it cannot go).
    dist: Vec<Vec<u32>>,
    gauge_change_m: u64,
}

/// What the bounds need to know of a query's target, worked out once per query.
pub struct DetourTarget {
    /// Per landmark: the cheapest cost to the target over its gauges, and the dearest cost
    /// from it back to the landmark; None where the landmark cannot reach the target.
    per_landmark: Vec<Option<(u64, u64)>>,
}

/// Cheapest cost from `from` (leaving on any of its gauges) to every state, in whole metres
/// rounded down.
pub fn state_costs(g: &Graph, c: &Constraints, p: Penalties, from: u32) -> Vec<u32> {
    let mut dist = vec![f64::INFINITY; g.node_count() * GAUGES];
    let mut heap = BinaryHeap::new();
    for k in 0..GAUGES {
        if gauges_at(g, from) & (1 << k) != 0 {
            dist[from as usize * GAUGES + k] = 0.0;
            heap.push((Reverse(0u64), from as usize * GAUGES + k));
        }
    }
    while let Some((Reverse(d), s)) = heap.pop() {
        let d = f64::from_bits(d);
        if d > dist[s] {
            continue;
        }
        let (u, k) = ((s / GAUGES) as u32, s % GAUGES);
        for e in g.edges(u) {
            if c.is_blocked(e.tag) || !c.may_enter(g, u, e.to) {
                continue;
            }
            let k2 = gauge_index(e.tag);
            let mut nd = d + e.metres;
            if k2 != k {
                nd += p.gauge_change_m;
            }
            if g.node_tag(e.to) != g.node_tag(u) {
                nd += p.border_crossing_m;
            }
            let t = e.to as usize * GAUGES + k2;
            if nd < dist[t] {
                dist[t] = nd;
                heap.push((Reverse(nd.to_bits()), t));
            }
        }
    }
    dist.iter()
        .map(|&d| {
            if d.is_finite() && d < f64::from(UNREACHABLE) {
                d.floor() as u32
            } else {
                UNREACHABLE
            }
        })
        .collect()
}

impl DetourBounds {
    /// `k` landmarks: `start` (a node the constraints allow), then farthest-first from those
    /// picked.
    pub fn build(g: &Graph, c: &Constraints, p: Penalties, start: u32, k: usize) -> DetourBounds {
        // Farthest node by its cheapest state.
        let far = |d: &[u64]| {
            (0..g.node_count())
                .filter(|&v| d[v] != u64::from(UNREACHABLE))
                .max_by_key(|&v| (d[v], Reverse(v)))
                .unwrap_or(start as usize) as u32
        };
        let by_node = |d: &[u32]| -> Vec<u64> {
            d.chunks(GAUGES)
                .map(|s| u64::from(*s.iter().min().expect("GAUGES > 0")))
                .collect()
        };
        let mut pick = start;
        let mut nearest = vec![u64::from(UNREACHABLE); g.node_count()];
        let mut dist = Vec::new();
        while dist.len() < k.max(1) {
            let d = state_costs(g, c, p, pick);
            for (m, x) in nearest.iter_mut().zip(by_node(&d)) {
                *m = (*m).min(x);
            }
            dist.push(d);
            pick = far(&nearest);
        }
        DetourBounds {
            dist,
            gauge_change_m: p.gauge_change_m.max(0.0).floor() as u64,
        }
    }

    /// Costs from the landmark to `node` arriving on each gauge, and back from it leaving on
    /// each gauge; None when the landmark cannot reach the node.
    fn there_and_back(&self, d: &[u32], node: u32) -> Option<([u64; GAUGES], [u64; GAUGES])> {
        let at = &d[node as usize * GAUGES..][..GAUGES];
        if at.iter().all(|&x| x == UNREACHABLE) {
            return None;
        }
        let there: [u64; GAUGES] = std::array::from_fn(|k| u64::from(at[k]));
        let back = std::array::from_fn(|k| {
            (0..GAUGES)
                .filter(|&j| at[j] != UNREACHABLE)
                .map(|j| there[j] + if j == k { 0 } else { self.gauge_change_m })
                .min()
                .expect("one reachable")
        });
        Some((there, back))
    }

    /// The target `t` of a query, reached on any of the gauges in `gauges` (a bit set).
    pub fn target(&self, t: u32, gauges: u8) -> DetourTarget {
        let per_landmark = self
            .dist
            .iter()
            .map(|d| {
                let (there, back) = self.there_and_back(d, t)?;
                let ks = (0..GAUGES).filter(|&k| gauges & (1 << k) != 0);
                let to = ks
                    .clone()
                    .filter(|&k| there[k] != u64::from(UNREACHABLE))
                    .map(|k| there[k])
                    .min()?;
                let from = ks.map(|k| back[k]).max()?;
                Some((to, from))
            })
            .collect();
        DetourTarget { per_landmark }
    }

    /// A lower bound in metres of cost from state (`v`, `gauge`) to the target; infinite
    /// when a landmark reaches one of them and not the other (no way between).
    pub fn bound(&self, target: &DetourTarget, v: u32, gauge: usize) -> f64 {
        let mut best = 0u64;
        for (d, t) in self.dist.iter().zip(&target.per_landmark) {
            let at = &d[v as usize * GAUGES..][..GAUGES];
            // Back from the state: arrive on some gauge, change if it is not this one.
            let back = (0..GAUGES)
                .filter(|&j| at[j] != UNREACHABLE)
                .map(|j| u64::from(at[j]) + if j == gauge { 0 } else { self.gauge_change_m })
                .min();
            match (back, t) {
                (None, None) => {}
                (None, Some(_)) | (Some(_), None) => return f64::INFINITY,
                (Some(back), Some((to, from))) => {
                    if at[gauge] != UNREACHABLE {
                        best = best.max(to.saturating_sub(u64::from(at[gauge])));
                    }
                    best = best.max(back.saturating_sub(*from));
                }
            }
        }
        // Each cost was rounded down (and the gauge change with it): two metres of slack keep
        // it a lower bound.
        best.saturating_sub(2) as f64
    }
}
