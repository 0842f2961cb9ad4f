//! Shortest rail paths that know about gauges and borders: A* over (node, gauge) states.
//!
//! A train arriving on 1520 mm track and leaving on 1435 mm pays a gauge-change cost (the
//! transshipment or bogie exchange, as an equivalent distance); an edge whose ends lie in two
//! countries pays a border-crossing cost. Costs steer the search only: the path's reported
//! length is track metres.
//!
//! The A* bound is the landmark lower bound on the track to the target ([`super::landmarks`])
//! plus one gauge change when the state's gauge differs from every gauge at the target, plus
//! one border crossing when the node's country differs from the target's. Each term is a
//! lower bound on its own part of the remaining cost, so their sum is one too. With landmarks
//! computed under the query's own constraints and costs ([`super::detour_bounds`]), the bound
//! is the larger of that sum and theirs. The search is exact (a state is searched again
//! whenever a cheaper way to it turns up).

use std::collections::BinaryHeap;

use super::detour_bounds::{DetourBounds, DetourTarget};
use super::graph::{Edge, Graph};
use super::landmarks::{Landmarks, Target};
use super::shortest_path::{Constraints, Path, Queued};
use super::zeroed::Zeroed;

/// The lower bounds a search may use: the bundled landmarks, and landmarks computed under the
/// query's own constraints when a caller has them.
#[derive(Clone, Copy)]
pub struct Bounds<'a> {
    pub landmarks: &'a Landmarks<'a>,
    pub detour: Option<&'a DetourBounds>,
}

/// Gauges the search tells apart: edge tag 1 = 1520 mm, 2 = 1435 mm (see `build.rs`).
pub const GAUGES: usize = 2;

/// The state's gauge index (0 = 1520 mm, 1 = 1435 mm) of an edge tag.
pub fn gauge_index(tag: u8) -> usize {
    usize::from(tag.saturating_sub(1)).min(GAUGES - 1)
}

/// Costs added to track metres while searching, in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Penalties {
    pub gauge_change_m: f64,
    pub border_crossing_m: f64,
}

/// A path found: nodes, the directed edges between them, track metres, its cost, and (as
/// its layer) the gauge index it arrives on.
pub type GaugePath = Path<usize>;

/// Reusable search memory: one visit stamp per state, so a query touches only what it reaches
/// instead of clearing arrays of the whole network.
#[derive(Default)]
pub struct Scratch {
    stamp: Zeroed<u32>,
    epoch: u32,
    dist: Zeroed<f64>,
    /// Previous state and the directed edge taken from it.
    prev: Zeroed<(u32, u32)>,
    heap: BinaryHeap<Queued>,
    /// States taken from the heap since [`Scratch::take_settled`] was last called.
    settled: u64,
}

impl Scratch {
    /// How much searching was done since the last call: states taken from the heap.
    pub fn take_settled(&mut self) -> u64 {
        std::mem::take(&mut self.settled)
    }

    fn reset(&mut self, states: usize) {
        if self.stamp.len() != states {
            // Read only where stamped.
            self.stamp = Zeroed::new(states);
            self.dist = Zeroed::new(states);
            self.prev = Zeroed::new(states);
            self.epoch = 0;
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        self.heap.clear();
    }

    fn dist(&self, s: usize) -> f64 {
        if self.stamp[s] == self.epoch {
            self.dist[s]
        } else {
            f64::INFINITY
        }
    }

    fn set(&mut self, s: usize, d: f64, prev: (u32, u32)) {
        self.stamp[s] = self.epoch;
        self.dist[s] = d;
        self.prev[s] = prev;
    }
}

/// Gauges (as a bit set over gauge indices) of the edges at `u`.
pub fn gauges_at(g: &Graph, u: u32) -> u8 {
    g.edges(u).fold(0, |m, e| m | 1 << gauge_index(e.tag))
}

/// The search state of a node on a gauge.
#[inline]
fn state(node: u32, gauge: usize) -> usize {
    node as usize * GAUGES + gauge
}

/// The A* bound towards one target (see the module doc).
struct Heuristic<'a> {
    g: &'a Graph<'a>,
    landmarks: &'a Landmarks<'a>,
    target: Target,
    target_gauges: u8,
    target_country: u8,
    p: Penalties,
    detour: Option<(&'a DetourBounds, DetourTarget)>,
}

impl<'a> Heuristic<'a> {
    fn new(g: &'a Graph<'a>, bounds: Bounds<'a>, from: u32, to: u32, p: Penalties) -> Self {
        let target_gauges = gauges_at(g, to);
        Heuristic {
            g,
            landmarks: bounds.landmarks,
            target: bounds.landmarks.towards(from, to),
            target_gauges,
            target_country: g.node_tag(to),
            p,
            detour: bounds.detour.map(|d| (d, d.target(to, target_gauges))),
        }
    }

    /// A lower bound on the cost from `node` on `gauge` to the target.
    #[inline]
    fn at(&self, node: u32, gauge: usize) -> f64 {
        let mut b = self.landmarks.bound(node, &self.target);
        if self.target_gauges & (1 << gauge) == 0 {
            b += self.p.gauge_change_m;
        }
        if self.g.node_tag(node) != self.target_country {
            b += self.p.border_crossing_m;
        }
        match &self.detour {
            Some((d, t)) => b.max(d.bound(t, node, gauge)),
            None => b,
        }
    }
}

/// Marks the nodes at either end of a closed edge, so that the search asks the hash set
/// of closed edges only there (empty when nothing is closed).
fn closure_ends(c: &Constraints, n: usize) -> Vec<bool> {
    let mut at_closure = vec![false; if c.closed_edges.is_empty() { 0 } else { n }];
    for &(u, v) in &c.closed_edges {
        for w in [u, v] {
            if let Some(x) = at_closure.get_mut(w as usize) {
                *x = true;
            }
        }
    }
    at_closure
}

/// Whether the search may not take edge `e` from `node`: its gauge blocked, the edge or
/// the node it enters closed, or that node in a country avoided.
#[inline]
fn shut(g: &Graph, c: &Constraints, at_closure: &[bool], node: u32, e: &Edge) -> bool {
    c.blocked.get(e.tag as usize).copied().unwrap_or(false)
        || (at_closure.get(node as usize).copied().unwrap_or(false)
            && c.closed_edges.contains(&(node.min(e.to), node.max(e.to))))
        || (!c.closed_nodes.is_empty() && c.closed_nodes.contains(&e.to))
        || c.blocked_node_tags
            .get(g.node_tag(e.to) as usize)
            .copied()
            .unwrap_or(false)
}

/// Shortest path from `from` to `to`. `start_gauges` is the bit set of gauges the train may
/// leave on (all of the origin's at a leg's start; the arriving gauge after a via point).
/// `lm` must have been built from `g`.
#[allow(clippy::too_many_arguments)]
pub fn shortest_gauge_path(
    g: &Graph,
    bounds: Bounds,
    from: u32,
    start_gauges: u8,
    to: u32,
    c: &Constraints,
    p: Penalties,
    scratch: &mut Scratch,
) -> Option<GaugePath> {
    if bounds.landmarks.component(from) != bounds.landmarks.component(to) {
        return None;
    }
    let n = g.node_count();
    scratch.reset(n * GAUGES);
    let h = Heuristic::new(g, bounds, from, to, p);
    let at_closure = closure_ends(c, n);
    for gauge in (0..GAUGES).filter(|&gauge| start_gauges & (1 << gauge) != 0) {
        let s = state(from, gauge);
        scratch.set(s, 0.0, (u32::MAX, 0));
        scratch.heap.push(Queued {
            f: h.at(from, gauge),
            g: 0.0,
            state: s as u32,
        });
    }
    while let Some(Queued { g: d, state: s, .. }) = scratch.heap.pop() {
        scratch.settled += 1;
        let s = s as usize;
        if d > scratch.dist(s) {
            continue;
        }
        let (node, gauge) = ((s / GAUGES) as u32, s % GAUGES);
        if node == to {
            let prev = &scratch.prev;
            return Some(Path::walk_back(g, (s, GAUGES), d, gauge, |s| prev[s]));
        }
        let country = g.node_tag(node);
        for e in g.edges(node) {
            if shut(g, c, &at_closure, node, &e) {
                continue;
            }
            let eg = gauge_index(e.tag);
            let mut nd = d + e.metres;
            if eg != gauge {
                nd += p.gauge_change_m;
            }
            if g.node_tag(e.to) != country {
                nd += p.border_crossing_m;
            }
            let next = state(e.to, eg);
            if nd < scratch.dist(next) {
                let f = nd + h.at(e.to, eg);
                if f.is_infinite() {
                    continue; // the target cannot be reached from there
                }
                scratch.set(next, nd, (s as u32, e.index));
                scratch.heap.push(Queued {
                    f,
                    g: nd,
                    state: next as u32,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::graph::{EdgeIn, NodeIn, write_graph};
    use super::*;

    /// Two ways from node 0 to node 5, both in country 1 (1520 mm): a short one through a
    /// 1435 mm country 2 (nodes 1, 2; transfers at 0 and 3), and a long domestic one via 4.
    fn network() -> Vec<u8> {
        let node = |lon, lat, tag| NodeIn { lon, lat, tag };
        let nodes = [
            node(0.0, 0.0, 1),
            node(1.0, 0.0, 2),
            node(2.0, 0.0, 2),
            node(3.0, 0.0, 1),
            node(2.0, 3.0, 1),
            node(4.0, 0.0, 1),
        ];
        let km = |x: f64| x * 1000.0;
        let e = |u, v, metres, tag| EdgeIn {
            u,
            v,
            metres,
            tag,
            geometry: vec![],
        };
        let edges = [
            e(0, 1, km(112.0), 2), // the transfers' kept cross-border edges are 1435 mm
            e(1, 2, km(112.0), 2),
            e(2, 3, km(112.0), 2),
            e(3, 5, km(112.0), 1),
            e(0, 4, km(450.0), 1),
            e(4, 5, km(450.0), 1),
        ];
        let gauges = [vec!["1520".to_string()], vec!["1435".to_string()]];
        let countries = [vec!["RU".to_string()], vec!["CN".to_string()]];
        write_graph(&nodes, &edges, &gauges, &countries)
    }

    /// Runs `f` on the test network with its landmarks.
    fn on_network<T>(f: impl FnOnce(&Graph, Bounds) -> T) -> T {
        let bytes = network();
        let g = Graph::open(&bytes).unwrap();
        let table = super::super::landmarks::build(&g, 2);
        let lm = Landmarks::open(&table).unwrap();
        let bounds = Bounds {
            landmarks: &lm,
            detour: None,
        };
        f(&g, bounds)
    }

    fn route(p: Penalties) -> GaugePath {
        on_network(|g, bounds| {
            let c = Constraints::default();
            shortest_gauge_path(g, bounds, 0, 0b01, 5, &c, p, &mut Scratch::default()).unwrap()
        })
    }

    #[test]
    fn without_costs_the_short_foreign_way_wins() {
        let free = route(Penalties {
            gauge_change_m: 0.0,
            border_crossing_m: 0.0,
        });
        assert_eq!(free.nodes, vec![0, 1, 2, 3, 5]);
        assert_eq!(free.metres, 448_000.0);
    }

    #[test]
    fn gauge_changes_and_borders_keep_the_train_at_home() {
        // Foreign way: 448 km + 2 changes + 2 borders; home way: 900 km.
        let home = route(Penalties {
            gauge_change_m: 200_000.0,
            border_crossing_m: 60_000.0,
        });
        assert_eq!(home.nodes, vec![0, 4, 5]);
        assert_eq!((home.metres, home.cost), (900_000.0, 900_000.0));
        // Cheaper changes and the foreign way wins again; costs steer but are not metres.
        let foreign = route(Penalties {
            gauge_change_m: 100_000.0,
            border_crossing_m: 50_000.0,
        });
        assert_eq!(foreign.nodes, vec![0, 1, 2, 3, 5]);
        assert_eq!((foreign.metres, foreign.cost), (448_000.0, 748_000.0));
    }

    #[test]
    fn scratch_is_reused_across_queries() {
        on_network(|g, lm| {
            let mut s = Scratch::default();
            let p = Penalties {
                gauge_change_m: 0.0,
                border_crossing_m: 0.0,
            };
            let c = Constraints::default();
            let a = shortest_gauge_path(g, lm, 0, 0b11, 5, &c, p, &mut s).unwrap();
            let b = shortest_gauge_path(g, lm, 5, 0b11, 0, &c, p, &mut s).unwrap();
            assert_eq!(a.metres, b.metres);
            let again = shortest_gauge_path(g, lm, 0, 0b11, 5, &c, p, &mut s).unwrap();
            assert_eq!(again, a);
        });
    }
}
