//! Shortest paths on a [`Graph`] with edge tags that may be forbidden or required.
//!
//! Dijkstra over (node, set of required tags already passed): with k required tags the
//! state space is nodes × 2^k, so "via Suez" costs one extra layer, not a detour heuristic.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use super::graph::Graph;

/// Which tags a path may not use and which it must use (tag numbers as in the graph).
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// `blocked[tag]` is true when edges with that tag are forbidden (index 0 = untagged).
    pub blocked: Vec<bool>,
    /// Tags the path must pass at least once (at most 8).
    pub required: Vec<u8>,
    /// `blocked_node_tags[tag]` is true when nodes with that tag may not be entered
    /// (for railways: countries to avoid).
    pub blocked_node_tags: Vec<bool>,
    /// Closed nodes (stations).
    pub closed_nodes: HashSet<u32>,
    /// Closed edges, as (smaller node, larger node).
    pub closed_edges: HashSet<(u32, u32)>,
    /// Cost per metre of each edge tag (index 0 = untagged; missing = 1), e.g. canal
    /// allowances from [`super::passage_cost`]. Factors below 1 would break the A* bound.
    pub tag_cost: Vec<f64>,
}

impl Constraints {
    pub fn is_blocked(&self, tag: u8) -> bool {
        self.blocked.get(tag as usize).copied().unwrap_or(false)
    }

    fn cost(&self, e: &super::graph::Edge) -> f64 {
        e.metres * self.tag_cost.get(e.tag as usize).copied().unwrap_or(1.0)
    }

    /// The bits of the first `k` required tags (bit i = `required[i]`) that `tag` is.
    #[inline]
    fn required_bits(&self, tag: u8, k: usize) -> u32 {
        let mut m = 0;
        for (i, &t) in self.required.iter().take(k).enumerate() {
            if tag == t {
                m |= 1 << i;
            }
        }
        m
    }

    pub fn may_enter(&self, g: &Graph, from: u32, to: u32) -> bool {
        !self.closed_nodes.contains(&to)
            && !self
                .blocked_node_tags
                .get(g.node_tag(to) as usize)
                .copied()
                .unwrap_or(false)
            && !self.closed_edges.contains(&(from.min(to), from.max(to)))
    }
}

/// A path found by a search over (node, layer) states: its nodes, the directed edges
/// between them, its length, the cost it was chosen by (metres weighted by
/// [`Constraints::tag_cost`] here, plus gauge and border costs on the railways) and the
/// layer it arrives in: the required tags passed so far (bit i = `required[i]`) here, the
/// gauge index on the railways.
#[derive(Debug, Clone, PartialEq)]
pub struct Path<L = u32> {
    pub nodes: Vec<u32>,
    pub edges: Vec<u32>,
    pub metres: f64,
    pub cost: f64,
    pub layer: L,
}

impl<L> Path<L> {
    /// Walks a search's links back from state `end` to the start. States are numbered
    /// `node × per_node + layer`; `prev(s)` is the state before `s` and the directed edge
    /// taken from it (`u32::MAX` as the state before the start).
    pub fn walk_back(
        g: &Graph,
        (end, per_node): (usize, usize),
        cost: f64,
        layer: L,
        prev: impl Fn(usize) -> (u32, u32),
    ) -> Path<L> {
        let (mut nodes, mut edges) = (vec![(end / per_node) as u32], Vec::new());
        let mut cur = end;
        loop {
            let (before, edge) = prev(cur);
            if before == u32::MAX {
                break;
            }
            edges.push(edge);
            cur = before as usize;
            nodes.push((cur / per_node) as u32);
        }
        nodes.reverse();
        edges.reverse();
        let metres = edges.iter().map(|&e| g.edge(e).metres).sum();
        Path {
            nodes,
            edges,
            metres,
            cost,
            layer,
        }
    }
}

/// A search's heap entry: a min-heap on `f`, the cost so far plus the A* bound (ties by
/// state, so the order is deterministic); `g` is the cost so far when pushed (an entry is
/// stale when the state has since got cheaper).
#[derive(PartialEq)]
pub struct Queued {
    pub f: f64,
    pub g: f64,
    pub state: u32,
}

/// WGS84 semi-minor axis and flattening: every point of the ellipsoid is at least `B` from
/// its centre, so `B` times the angle between geocentric directions never exceeds the
/// geodesic distance (radial projection onto the inner sphere shortens every curve).
const B: f64 = 6_356_752.314_245;
const F: f64 = 1.0 / 298.257_223_563;

/// Unit vector of a geodetic (lon, lat) point's geocentric direction.
fn direction(p: (f64, f64)) -> [f64; 3] {
    let lat = ((1.0 - F) * (1.0 - F) * p.1.to_radians().tan()).atan();
    let lon = p.0.to_radians();
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// A lower bound, in metres, of the geodesic distance between two points.
pub fn lower_bound(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (u, v) = (direction(a), direction(b));
    let dot = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]).clamp(-1.0, 1.0);
    // A hair under, for rounding.
    B * dot.acos() * 0.999_999
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .f
            .total_cmp(&self.f)
            .then_with(|| other.state.cmp(&self.state))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Shortest path from `from` (having passed the required tags in `start_mask`) to `to`.
/// With `need_all`, the path must end having passed every required tag. With `astar`, the
/// search is guided by [`lower_bound`] — valid only when edge weights are geodesic metres
/// between the nodes' coordinates, as in the bundled networks.
pub fn shortest_path(
    g: &Graph,
    from: u32,
    start_mask: u32,
    to: u32,
    c: &Constraints,
    need_all: bool,
    astar: bool,
) -> Option<Path> {
    let target = g.coord(to);
    let h = |node: u32| {
        if astar {
            lower_bound(g.coord(node), target)
        } else {
            0.0
        }
    };
    let k = c.required.len().min(8);
    let layers = 1usize << k;
    let full = (layers - 1) as u32;
    let n = g.node_count();
    let idx = |node: u32, mask: u32| node as usize * layers + mask as usize;
    let mut dist = vec![f64::INFINITY; n * layers];
    // (previous state, directed-edge index)
    let mut prev: Vec<(u32, u32)> = vec![(u32::MAX, 0); n * layers];
    let mut heap = BinaryHeap::new();
    let s = idx(from, start_mask & full);
    dist[s] = 0.0;
    heap.push(Queued {
        f: h(from),
        g: 0.0,
        state: s as u32,
    });
    while let Some(Queued { g: cost, state, .. }) = heap.pop() {
        let state = state as usize;
        if cost > dist[state] {
            continue;
        }
        let (node, mask) = ((state / layers) as u32, (state % layers) as u32);
        if node == to && (!need_all || mask == full) {
            return Some(Path::walk_back(g, (state, layers), cost, mask, |s| prev[s]));
        }
        for e in g.edges(node) {
            if c.is_blocked(e.tag) || !c.may_enter(g, node, e.to) {
                continue;
            }
            let next = idx(e.to, mask | c.required_bits(e.tag, k));
            let nc = cost + c.cost(&e);
            if nc < dist[next] {
                dist[next] = nc;
                prev[next] = (state as u32, e.index);
                heap.push(Queued {
                    f: nc + h(e.to),
                    g: nc,
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

    /// A square 0-1-2-3 with a diagonal shortcut 0-2 tagged 1 ("canal").
    fn square() -> Vec<u8> {
        let nodes: Vec<NodeIn> = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
            .iter()
            .map(|&(lon, lat)| NodeIn { lon, lat, tag: 0 })
            .collect();
        let e = |u, v, metres, tag| EdgeIn {
            u,
            v,
            metres,
            tag,
            geometry: vec![],
        };
        let edges = [
            e(0, 1, 10.0, 0),
            e(1, 2, 10.0, 0),
            e(2, 3, 10.0, 2),
            e(3, 0, 10.0, 0),
            e(0, 2, 5.0, 1),
        ];
        let row = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let tags = [row("canal Canal allow"), row("strait Strait allow")];
        write_graph(&nodes, &edges, &tags, &[])
    }

    #[test]
    fn takes_the_shortcut_unless_blocked() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let free = shortest_path(&g, 0, 0, 2, &Constraints::default(), true, false).unwrap();
        let tags: Vec<u8> = free.edges.iter().map(|&e| g.edge(e).tag).collect();
        assert_eq!(
            (free.nodes.clone(), free.metres, tags),
            (vec![0, 2], 5.0, vec![1])
        );
        let blocked = Constraints {
            blocked: vec![false, true],
            ..Default::default()
        };
        let detour = shortest_path(&g, 0, 0, 2, &blocked, true, false).unwrap();
        assert_eq!(detour.metres, 20.0);
    }

    #[test]
    fn required_tags_force_the_path_through_them() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let c = Constraints {
            required: vec![2],
            ..Default::default()
        };
        let p = shortest_path(&g, 0, 0, 2, &c, true, false).unwrap();
        assert_eq!(p.nodes, vec![0, 3, 2]);
        assert_eq!(p.metres, 20.0);
    }

    #[test]
    fn closed_edges_and_nodes_are_not_used() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let mut c = Constraints::default();
        c.closed_edges.insert((0, 2));
        assert_eq!(
            shortest_path(&g, 0, 0, 2, &c, true, false).unwrap().metres,
            20.0
        );
        c.closed_nodes.insert(1);
        assert_eq!(
            shortest_path(&g, 0, 0, 2, &c, true, false).unwrap().nodes,
            vec![0, 3, 2]
        );
        c.closed_nodes.insert(3);
        assert!(shortest_path(&g, 0, 0, 2, &c, true, false).is_none());
    }

    #[test]
    fn no_path_is_none() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let c = Constraints {
            blocked: vec![true, true, true],
            ..Default::default()
        };
        assert!(shortest_path(&g, 0, 0, 2, &c, true, false).is_none());
    }
}
