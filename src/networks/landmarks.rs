//! Landmark lower bounds (ALT: A*, landmarks, triangle inequality) and connected components,
//! computed once by the build script.
//!
//! For a landmark L and any nodes v, t: d(v, t) ≥ |d(L, t) − d(L, v)|. The largest such
//! difference over a few well-spread landmarks is a far tighter bound than the straight line
//! for a railway network, whose tracks bend round seas, mountains and borders, and it stays a
//! lower bound whatever a query closes, avoids or penalises, since those only lengthen paths.
//!
//! ```text
//! header  magic "CORALT01", n_nodes u32, k u32
//! dist    n_nodes × k × u32    metres from each landmark, node-major; u32::MAX = unreachable
//! comp    n_nodes × u32        connected component of each node
//! ```
//!
//! This file is also compiled into the build script: it uses `std` only.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::bytes::{check_end, header_len, put_header, read_header, u32_at};
use super::graph::{Edge, Graph};

const MAGIC: &[u8; 8] = b"CORALT01";
const HEADER: usize = header_len(2);
pub const UNREACHABLE: u32 = u32::MAX;

/// Metres from `from` to every node along the edges `keep` allows (Dijkstra on the edges'
/// metres), rounded down to whole metres; `u32::MAX` where it cannot go.
pub fn distances(g: &Graph, from: u32, keep: impl Fn(u32, &Edge) -> bool) -> Vec<u32> {
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
            if !keep(u, &e) {
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

/// Connected component of every node, numbered in order of their smallest node.
fn components(g: &Graph) -> Vec<u32> {
    let mut comp = vec![u32::MAX; g.node_count()];
    let mut next = 0;
    for s in 0..g.node_count() as u32 {
        if comp[s as usize] != u32::MAX {
            continue;
        }
        comp[s as usize] = next;
        let mut stack = vec![s];
        while let Some(u) = stack.pop() {
            for e in g.edges(u) {
                if comp[e.to as usize] == u32::MAX {
                    comp[e.to as usize] = next;
                    stack.push(e.to);
                }
            }
        }
        next += 1;
    }
    comp
}

/// Picks `k` landmarks spread over the largest component (each the node farthest from those
/// already picked, the classic "farthest" selection) and writes the table.
pub fn build(g: &Graph, k: usize) -> Vec<u8> {
    let n = g.node_count();
    let comp = components(g);
    let mut size = vec![0usize; n.max(1)];
    for &c in &comp {
        size[c as usize] += 1;
    }
    let largest = (0..size.len())
        .max_by_key(|&c| (size[c], Reverse(c)))
        .unwrap_or(0) as u32;
    let mut table: Vec<Vec<u32>> = Vec::new();
    if n > 0 {
        let start = comp.iter().position(|&c| c == largest).unwrap_or(0) as u32;
        // The first landmark: the node farthest from an arbitrary one; then each next one
        // the node farthest from all landmarks so far.
        let probe: Vec<u64> = distances(g, start, |_, _| true)
            .iter()
            .map(|&d| d.into())
            .collect();
        let mut pick = farthest(&probe);
        let mut nearest = vec![u64::from(UNREACHABLE); n];
        while table.len() < k {
            let d = distances(g, pick, |_, _| true);
            for (m, &x) in nearest.iter_mut().zip(&d) {
                *m = (*m).min(u64::from(x));
            }
            table.push(d);
            pick = farthest(&nearest);
        }
    }
    let mut out = Vec::with_capacity(HEADER + n * (k + 1) * 4);
    put_header(&mut out, MAGIC, &[n, table.len()]);
    for v in 0..n {
        for d in &table {
            out.extend_from_slice(&d[v].to_le_bytes());
        }
    }
    for c in &comp {
        out.extend_from_slice(&c.to_le_bytes());
    }
    out
}

/// The reachable node with the largest distance (ties: the smallest id).
fn farthest(dist: &[u64]) -> u32 {
    (0..dist.len())
        .filter(|&v| dist[v] != u64::from(UNREACHABLE))
        .max_by_key(|&v| (dist[v], Reverse(v)))
        .unwrap_or(0) as u32
}

/// A read-in-place landmark table.
#[derive(Clone, Copy)]
pub struct Landmarks<'a> {
    bytes: &'a [u8],
    n: usize,
    k: usize,
}

impl<'a> Landmarks<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Landmarks<'a>, String> {
        let [n, k] = read_header(bytes, MAGIC, "not a landmark table")?;
        check_end(
            bytes,
            HEADER + n * (k + 1) * 4,
            "landmark table is truncated",
        )?;
        Ok(Landmarks { bytes, n, k })
    }

    pub fn node_count(&self) -> usize {
        self.n
    }

    /// The connected component of node `v`.
    pub fn component(&self, v: u32) -> u32 {
        u32_at(self.bytes, HEADER + self.n * self.k * 4 + v as usize * 4)
    }

    fn dist(&self, v: u32, i: usize) -> u32 {
        u32_at(self.bytes, HEADER + (v as usize * self.k + i) * 4)
    }

    /// The landmarks that bound the trip from `from` to `to` best (at most [`ACTIVE`] of
    /// them, the usual ALT economy: a handful does nearly all the work of all of them).
    pub fn towards(&self, from: u32, to: u32) -> Target {
        let mut ranked: Vec<(u32, usize)> = (0..self.k)
            .map(|i| {
                let (a, b) = (self.dist(from, i), self.dist(to, i));
                let gap = if a == UNREACHABLE || b == UNREACHABLE {
                    0
                } else {
                    a.abs_diff(b)
                };
                (gap, i)
            })
            .collect();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        ranked.truncate(ACTIVE);
        Target {
            landmarks: ranked.iter().map(|&(_, i)| (i, self.dist(to, i))).collect(),
        }
    }

    /// A lower bound in metres on the network distance from `v` to the target.
    pub fn bound(&self, v: u32, target: &Target) -> f64 {
        let mut best = 0u32;
        for &(i, t) in &target.landmarks {
            let d = self.dist(v, i);
            if d != UNREACHABLE && t != UNREACHABLE {
                best = best.max(d.abs_diff(t));
            }
        }
        // Distances were rounded down to whole metres: one metre of slack keeps the bound
        // below the true distance.
        f64::from(best.saturating_sub(1))
    }
}

/// Landmarks a query uses (see [`Landmarks::towards`]).
pub const ACTIVE: usize = 6;

/// A query's target as its chosen landmarks see it: (landmark, distance to the target).
#[derive(Debug, Clone)]
pub struct Target {
    landmarks: Vec<(usize, u32)>,
}

#[cfg(test)]
mod tests {
    use super::super::graph::{EdgeIn, NodeIn, write_graph};
    use super::*;

    /// A path 0–1–2–3 and an island 4–5.
    fn graph() -> Vec<u8> {
        let nodes = vec![NodeIn::default(); 6];
        let e = |u, v, metres| EdgeIn {
            u,
            v,
            metres,
            tag: 0,
            geometry: vec![],
        };
        write_graph(
            &nodes,
            &[e(0, 1, 100.0), e(1, 2, 50.0), e(2, 3, 25.0), e(4, 5, 10.0)],
            &[],
            &[],
        )
    }

    #[test]
    fn bounds_never_exceed_distances_and_components_split() {
        let bytes = graph();
        let g = Graph::open(&bytes).unwrap();
        let table = build(&g, 2);
        let l = Landmarks::open(&table).unwrap();
        let exact = |a: u32, b: u32| distances(&g, a, |_, _| true)[b as usize];
        for a in 0..4 {
            for b in 0..4 {
                let bound = l.bound(a, &l.towards(a, b));
                assert!(bound <= f64::from(exact(a, b)), "{a}→{b}");
            }
        }
        // The two ends of the path are landmarks, so the bound is tight (less the slack).
        assert_eq!(l.bound(0, &l.towards(0, 3)), 174.0);
        assert_eq!(l.component(0), l.component(3));
        assert_ne!(l.component(0), l.component(4));
    }
}
