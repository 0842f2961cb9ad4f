//! Shortest paths on a [`Graph`] with edge tags that may be forbidden or required.
//!
//! Dijkstra over (node, set of required tags already passed): with k required tags the
//! state space is nodes × 2^k, so "via Suez" costs one extra layer, not a detour heuristic.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::graph::Graph;

/// Which tags a path may not use and which it must use (tag numbers as in the graph).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// `blocked[tag]` is true when edges with that tag are forbidden (index 0 = untagged).
    pub blocked: Vec<bool>,
    /// Tags the path must pass at least once (at most 8).
    pub required: Vec<u8>,
}

impl Constraints {
    fn is_blocked(&self, tag: u8) -> bool {
        self.blocked.get(tag as usize).copied().unwrap_or(false)
    }
}

/// A path found: its nodes, the tag of each edge between them, and its length.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub nodes: Vec<u32>,
    pub tags: Vec<u8>,
    pub metres: f64,
    /// Required tags passed so far (bit i = `required[i]`).
    pub mask: u32,
}

#[derive(PartialEq)]
struct State {
    cost: f64,
    state: usize,
}

impl Eq for State {}

impl Ord for State {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on cost; ties broken by state so the order is deterministic.
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.state.cmp(&self.state))
    }
}

impl PartialOrd for State {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Shortest path from `from` (having passed the required tags in `start_mask`) to `to`.
/// With `need_all`, the path must end having passed every required tag.
pub fn shortest_path(
    g: &Graph,
    from: u32,
    start_mask: u32,
    to: u32,
    c: &Constraints,
    need_all: bool,
) -> Option<Path> {
    let k = c.required.len().min(8);
    let layers = 1usize << k;
    let full = (layers - 1) as u32;
    let n = g.node_count();
    let idx = |node: u32, mask: u32| node as usize * layers + mask as usize;
    let mut dist = vec![f64::INFINITY; n * layers];
    let mut prev: Vec<(u32, u8)> = vec![(u32::MAX, 0); n * layers];
    let mut heap = BinaryHeap::new();
    let s = idx(from, start_mask & full);
    dist[s] = 0.0;
    heap.push(State {
        cost: 0.0,
        state: s,
    });
    while let Some(State { cost, state }) = heap.pop() {
        if cost > dist[state] {
            continue;
        }
        let (node, mask) = ((state / layers) as u32, (state % layers) as u32);
        if node == to && (!need_all || mask == full) {
            // Walk back.
            let (mut nodes, mut tags) = (vec![node], Vec::new());
            let mut cur = state;
            while prev[cur].0 != u32::MAX {
                let (p, tag) = prev[cur];
                tags.push(tag);
                cur = p as usize;
                nodes.push((cur / layers) as u32);
            }
            nodes.reverse();
            tags.reverse();
            return Some(Path {
                nodes,
                tags,
                metres: cost,
                mask,
            });
        }
        for e in g.edges(node) {
            if c.is_blocked(e.tag) {
                continue;
            }
            let mut m = mask;
            for (i, &t) in c.required.iter().take(k).enumerate() {
                if e.tag == t {
                    m |= 1 << i;
                }
            }
            let next = idx(e.to, m);
            let nc = cost + e.metres;
            if nc < dist[next] {
                dist[next] = nc;
                prev[next] = (state as u32, e.tag);
                heap.push(State {
                    cost: nc,
                    state: next,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::graph::{EdgeIn, write_graph};
    use super::*;

    /// A square 0-1-2-3 with a diagonal shortcut 0-2 tagged 1 ("canal").
    fn square() -> Vec<u8> {
        let nodes = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        let e = |u, v, metres, tag| EdgeIn { u, v, metres, tag };
        let edges = [
            e(0, 1, 10.0, 0),
            e(1, 2, 10.0, 0),
            e(2, 3, 10.0, 2),
            e(3, 0, 10.0, 0),
            e(0, 2, 5.0, 1),
        ];
        let tags = [
            ("canal".into(), "Canal".into(), "allow".into()),
            ("strait".into(), "Strait".into(), "allow".into()),
        ];
        write_graph(&nodes, &edges, &tags)
    }

    #[test]
    fn takes_the_shortcut_unless_blocked() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let free = shortest_path(&g, 0, 0, 2, &Constraints::default(), true).unwrap();
        assert_eq!(
            (free.nodes.clone(), free.metres, free.tags.clone()),
            (vec![0, 2], 5.0, vec![1])
        );
        let blocked = Constraints {
            blocked: vec![false, true],
            required: vec![],
        };
        let detour = shortest_path(&g, 0, 0, 2, &blocked, true).unwrap();
        assert_eq!(detour.metres, 20.0);
    }

    #[test]
    fn required_tags_force_the_path_through_them() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let c = Constraints {
            blocked: vec![],
            required: vec![2],
        };
        let p = shortest_path(&g, 0, 0, 2, &c, true).unwrap();
        assert_eq!(p.nodes, vec![0, 3, 2]);
        assert_eq!(p.metres, 20.0);
    }

    #[test]
    fn no_path_is_none() {
        let bytes = square();
        let g = Graph::open(&bytes).unwrap();
        let c = Constraints {
            blocked: vec![true, true, true],
            required: vec![],
        };
        assert!(shortest_path(&g, 0, 0, 2, &c, true).is_none());
    }
}
