//! Contraction hierarchies for undirected networks whose edges carry passage tags, exact
//! for any set of passages avoided at query time.
//!
//! Nodes are contracted one at a time, cheapest first; contracting x replaces each path
//! u–x–v by a shortcut arc u–v unless a *witness* path from u to v exists that is no longer
//! and crosses no passage the shortcut does not cross. Because a witness never crosses more
//! passages than the path it stands for, every shortest path that avoids a set of passages
//! survives as an up-then-down path that avoids them too, so one hierarchy serves every
//! `--avoid`. A query is two Dijkstra searches that only climb, one from each end, met at
//! the node where their costs add up least; a search can be kept and serve every query
//! from or to its node. Arcs remember what they replace, so a path unpacks into the
//! graph's own directed edges.
//!
//! This file is also compiled into the build script: it uses `std` only.
//!
//! Each arc is stored once, at its lower-ranked end, grouped by that node, so a search
//! reads the arcs it climbs from one contiguous block.
//!
//! ```text
//! header  magic "CORCH002", n_nodes u32, n_arcs u32, n_factors u32
//! factors n_factors × f64        cost per metre of each edge tag (index 0 = untagged)
//! offsets (n_nodes + 1) × u32    the upward arcs of u are arcs offsets[u]..offsets[u+1]
//! search  n_arcs × [to u32, mask u32, cost f64]   to = the higher-ranked end
//! unpack  n_arcs × [a u32, b u32, mid u32, x u32, y u32]
//!         edge:     mid = NONE, x / y = the graph's directed edge a→b / b→a
//!         shortcut: mid = contracted node, x = arc a–mid, y = arc mid–b
//! ```

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use super::bytes::{check_end, f64_at, header_len, put_header, put_offsets, read_header, u32_at};
use super::graph::Graph;

const MAGIC: &[u8; 8] = b"CORCH002";
const HEADER: usize = header_len(3);
/// Bytes of an arc's search and unpack records.
const SEARCH: usize = 16;
const UNPACK: usize = 20;
const NONE: u32 = u32::MAX;
/// Nodes a witness search may settle before it gives up (and a shortcut is added, which is
/// always safe).
const WITNESS_SETTLE_LIMIT: usize = 400;

/// The passage-mask bit of an edge tag (tags above 32 are not supported).
pub fn tag_bit(tag: u8) -> u32 {
    match tag {
        0 => 0,
        t => 1u32 << (t - 1),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Arc {
    a: u32,
    b: u32,
    mid: u32,
    x: u32,
    y: u32,
    mask: u32,
    cost: f64,
}

impl Arc {
    fn other(&self, u: u32) -> u32 {
        if u == self.a { self.b } else { self.a }
    }
}

/// A min-heap entry ordered by cost, ties by node for a deterministic order.
#[derive(PartialEq)]
struct Entry(f64, u32);

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Contraction state: arcs, each node's arcs to not-yet-contracted nodes, and scratch space
/// for witness searches.
struct Builder {
    arcs: Vec<Arc>,
    adj: Vec<Vec<u32>>,
    contracted: Vec<bool>,
    dist: Vec<f64>,
    touched: Vec<u32>,
}

/// A shortcut to add: the two arcs it replaces, in order u–x, x–v.
#[derive(Clone, Copy)]
struct Shortcut {
    u: u32,
    v: u32,
    cost: f64,
    mask: u32,
    first: u32,
    second: u32,
}

impl Builder {
    /// Distances from `src` not through `skip`, over arcs whose passages are within `mask`,
    /// up to `limit`; left in `self.dist` (reset by the next search).
    fn witness_search(&mut self, src: u32, skip: u32, mask: u32, limit: f64) {
        for &t in &self.touched {
            self.dist[t as usize] = f64::INFINITY;
        }
        self.touched.clear();
        self.dist[src as usize] = 0.0;
        self.touched.push(src);
        let mut heap = BinaryHeap::from([Entry(0.0, src)]);
        let mut settled = 0;
        while let Some(Entry(d, u)) = heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            if d > limit || settled == WITNESS_SETTLE_LIMIT {
                break;
            }
            settled += 1;
            for &id in &self.adj[u as usize] {
                let arc = self.arcs[id as usize];
                let v = arc.other(u);
                if v == skip || arc.mask & !mask != 0 {
                    continue;
                }
                let nd = d + arc.cost;
                if nd < self.dist[v as usize] {
                    if self.dist[v as usize].is_infinite() {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    heap.push(Entry(nd, v));
                }
            }
        }
    }

    /// The shortcuts contracting `x` needs.
    fn shortcuts(&mut self, x: u32) -> Vec<Shortcut> {
        let near: Vec<(u32, u32)> = self.adj[x as usize]
            .iter()
            .map(|&id| (self.arcs[id as usize].other(x), id))
            .collect();
        let mut out: Vec<Shortcut> = Vec::new();
        for (i, &(u, first)) in near.iter().enumerate() {
            // Candidates from u, grouped by the passages they cross: one search per group.
            let mut cands: Vec<Shortcut> = near[i + 1..]
                .iter()
                .filter(|&&(v, _)| v != u)
                .map(|&(v, second)| {
                    let (p, q) = (self.arcs[first as usize], self.arcs[second as usize]);
                    Shortcut {
                        u,
                        v,
                        cost: p.cost + q.cost,
                        mask: p.mask | q.mask,
                        first,
                        second,
                    }
                })
                .collect();
            cands.sort_by_key(|c| c.mask);
            for group in cands.chunk_by(|p, q| p.mask == q.mask) {
                let limit = group.iter().map(|c| c.cost).fold(0.0, f64::max);
                self.witness_search(u, x, group[0].mask, limit);
                for c in group {
                    if self.dist[c.v as usize] > c.cost {
                        out.push(*c);
                    }
                }
            }
        }
        // Between the same two nodes, keep only shortcuts no other one dominates.
        let dominated = |s: &Shortcut, o: &Shortcut| {
            (s.u.min(s.v), s.u.max(s.v)) == (o.u.min(o.v), o.u.max(o.v))
                && o.cost <= s.cost
                && o.mask & !s.mask == 0
        };
        let keep: Vec<bool> = (0..out.len())
            .map(|i| {
                !(0..out.len()).any(|j| {
                    j != i && dominated(&out[i], &out[j]) && !(dominated(&out[j], &out[i]) && j > i)
                })
            })
            .collect();
        out.into_iter()
            .zip(keep)
            .filter_map(|(s, k)| k.then_some(s))
            .collect()
    }

    fn add_shortcut(&mut self, x: u32, s: &Shortcut) {
        let id = self.arcs.len() as u32;
        self.arcs.push(Arc {
            a: s.u,
            b: s.v,
            mid: x,
            x: s.first,
            y: s.second,
            mask: s.mask,
            cost: s.cost,
        });
        self.adj[s.u as usize].push(id);
        self.adj[s.v as usize].push(id);
    }
}

/// Builds the hierarchy of `g`, where an edge with tag t costs `metres × factors[t]`
/// (missing factors count as 1).
pub fn build(g: &Graph, factors: &[f64]) -> Vec<u8> {
    let mut b = Builder::from_graph(g, factors);
    let up = b.contract_all();
    b.write(&up, factors)
}

impl Builder {
    /// One arc per undirected edge of `g`, nothing contracted yet.
    fn from_graph(g: &Graph, factors: &[f64]) -> Builder {
        let n = g.node_count();
        let factor = |t: u8| factors.get(t as usize).copied().unwrap_or(1.0);
        let mut b = Builder {
            arcs: Vec::new(),
            adj: vec![Vec::new(); n],
            contracted: vec![false; n],
            dist: vec![f64::INFINITY; n],
            touched: Vec::new(),
        };
        // The k-th u→v edge pairs with the k-th v→u edge (both adjacency lists are sorted the
        // same way).
        for u in 0..n as u32 {
            let mut seen: HashMap<u32, usize> = HashMap::new();
            for e in g.edges(u).filter(|e| e.to > u) {
                let k = seen.entry(e.to).or_insert(0);
                let back = g
                    .edges(e.to)
                    .filter(|r| r.to == u)
                    .nth(*k)
                    .expect("undirected graph");
                *k += 1;
                let id = b.arcs.len() as u32;
                b.arcs.push(Arc {
                    a: u,
                    b: e.to,
                    mid: NONE,
                    x: e.index,
                    y: back.index,
                    mask: tag_bit(e.tag),
                    cost: e.metres * factor(e.tag),
                });
                b.adj[u as usize].push(id);
                b.adj[e.to as usize].push(id);
            }
        }
        b
    }

    /// Contracts every node, cheapest first (lazy updates: a node whose priority has risen
    /// above the next one's goes back); returns each node's upward arcs.
    fn contract_all(&mut self) -> Vec<Vec<u32>> {
        let n = self.adj.len();
        let mut deleted = vec![0i64; n];
        let mut level = vec![0i64; n];
        let priority = |b: &mut Builder, x: u32, deleted: &[i64], level: &[i64]| -> i64 {
            let added = b.shortcuts(x).len() as i64;
            2 * (added - b.adj[x as usize].len() as i64) + deleted[x as usize] + level[x as usize]
        };
        let mut heap: BinaryHeap<Reverse<(i64, u32)>> = (0..n as u32)
            .map(|x| Reverse((priority(self, x, &deleted, &level), x)))
            .collect();
        let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
        while let Some(Reverse((_, x))) = heap.pop() {
            if self.contracted[x as usize] {
                continue;
            }
            let p = priority(self, x, &deleted, &level);
            if let Some(&Reverse((next, _))) = heap.peek()
                && p > next
            {
                heap.push(Reverse((p, x)));
                continue;
            }
            for s in self.shortcuts(x) {
                self.add_shortcut(x, &s);
            }
            self.contracted[x as usize] = true;
            let arcs = std::mem::take(&mut self.adj[x as usize]);
            for &id in &arcs {
                let v = self.arcs[id as usize].other(x);
                self.adj[v as usize].retain(|&a| self.arcs[a as usize].other(v) != x);
                deleted[v as usize] += 1;
                level[v as usize] = level[v as usize].max(level[x as usize] + 1);
            }
            up[x as usize] = arcs;
        }
        up
    }

    /// The hierarchy's bytes, arcs renumbered in the order of the upward lists `up`.
    fn write(&self, up: &[Vec<u32>], factors: &[f64]) -> Vec<u8> {
        let order: Vec<u32> = up.iter().flatten().copied().collect();
        assert_eq!(
            order.len(),
            self.arcs.len(),
            "every arc is upward from exactly one end"
        );
        let mut new_id = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let (n, m) = (up.len(), order.len());
        let mut out =
            Vec::with_capacity(HEADER + factors.len() * 8 + (n + 1) * 4 + m * (SEARCH + UNPACK));
        put_header(&mut out, MAGIC, &[n, m, factors.len()]);
        for f in factors {
            out.extend_from_slice(&f.to_le_bytes());
        }
        put_offsets(&mut out, up.iter().map(Vec::len));
        for (x, list) in up.iter().enumerate() {
            for &id in list {
                let a = self.arcs[id as usize];
                out.extend_from_slice(&a.other(x as u32).to_le_bytes());
                out.extend_from_slice(&a.mask.to_le_bytes());
                out.extend_from_slice(&a.cost.to_le_bytes());
            }
        }
        for &id in &order {
            let a = self.arcs[id as usize];
            let (x, y) = if a.mid == NONE {
                (a.x, a.y)
            } else {
                (new_id[a.x as usize], new_id[a.y as usize])
            };
            for v in [a.a, a.b, a.mid, x, y] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }
}

/// Labels of one search direction: a small open-addressing table reused across queries, an
/// entry counting only when its epoch is the current query's, so nothing is cleared between
/// queries. A query labels a few hundred nodes: a table of them stays in a few pages, where
/// arrays over every node would have each query touch fresh pages across megabytes.
#[derive(Default)]
struct Labels {
    epoch: u32,
    /// Entries of this epoch.
    len: usize,
    slots: Vec<Slot>,
}

/// A node's label: (cost so far, arc it was reached by), for the query of `epoch`.
#[derive(Clone, Copy, Default)]
struct Slot {
    epoch: u32,
    node: u32,
    arc: u32,
    cost: f64,
}

/// Slots a table starts with (a power of two); it doubles when half full.
const LABEL_SLOTS: usize = 1 << 11;

impl Labels {
    fn reset(&mut self) {
        if self.slots.is_empty() || self.epoch == u32::MAX {
            *self = Labels {
                epoch: 0,
                len: 0,
                slots: vec![Slot::default(); LABEL_SLOTS],
            };
        }
        self.epoch += 1;
        self.len = 0;
    }

    /// The slot of `u`, or the free slot where it would go.
    #[inline]
    fn find(&self, u: u32) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: neighbouring node numbers land far apart.
        let mut i = (u.wrapping_mul(0x9E37_79B9) as usize) & mask;
        loop {
            let s = &self.slots[i];
            if s.epoch != self.epoch || s.node == u {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, u: u32) -> Option<(f64, u32)> {
        let s = &self.slots[self.find(u)];
        (s.epoch == self.epoch).then_some((s.cost, s.arc))
    }

    fn set(&mut self, u: u32, cost: f64, arc: u32) {
        let i = self.find(u);
        self.put(i, u, cost, arc);
    }

    /// Sets `u`'s label when `cost` is below it (or it has none); true when it did.
    #[inline]
    fn improve(&mut self, u: u32, cost: f64, arc: u32) -> bool {
        let i = self.find(u);
        let s = &self.slots[i];
        if s.epoch == self.epoch && cost >= s.cost {
            return false;
        }
        self.put(i, u, cost, arc);
        true
    }

    /// Writes `u`'s label in slot `i` (its own, or the free one [`Labels::find`] gave).
    fn put(&mut self, mut i: usize, u: u32, cost: f64, arc: u32) {
        if self.slots[i].epoch != self.epoch {
            if 2 * (self.len + 1) > self.slots.len() {
                self.grow();
                i = self.find(u);
            }
            self.len += 1;
        }
        self.slots[i] = Slot {
            epoch: self.epoch,
            node: u,
            arc,
            cost,
        };
    }

    /// Doubles the table, keeping this query's entries.
    fn grow(&mut self) {
        let bigger = vec![Slot::default(); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, bigger);
        for s in old.into_iter().filter(|s| s.epoch == self.epoch) {
            let i = self.find(s.node);
            self.slots[i] = s;
        }
    }
}

thread_local! {
    static LABELS: std::cell::RefCell<Labels> = Default::default();
}

/// A path found in the hierarchy, unpacked into the graph's directed edges.
#[derive(Debug, Clone, PartialEq)]
pub struct ChPath {
    /// Cost (metres weighted by the tag factors).
    pub cost: f64,
    /// (node reached, directed edge index) per step from the origin.
    pub steps: Vec<(u32, u32)>,
}

/// The nodes an upward search from `start` labelled, by node: (node, cost, arc it was
/// reached by, or none for the start).
#[derive(Debug, Clone)]
pub struct SearchSpace {
    start: u32,
    nodes: Vec<(u32, f64, u32)>,
}

impl SearchSpace {
    /// The arc `u` was reached by (None at the start, or for a node not labelled).
    fn arc_to(&self, u: u32) -> Option<u32> {
        let k = self.nodes.binary_search_by_key(&u, |n| n.0).ok()?;
        Some(self.nodes[k].2).filter(|&a| a != NONE)
    }
}

/// Read-only view of hierarchy bytes.
#[derive(Clone, Copy)]
pub struct Ch<'a> {
    bytes: &'a [u8],
    n_nodes: usize,
    n_factors: usize,
    offsets_at: usize,
    search_at: usize,
    unpack_at: usize,
}

impl<'a> Ch<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Ch<'a>, String> {
        let [n_nodes, n_arcs, n_factors] = read_header(bytes, MAGIC, "not a corridor hierarchy")?;
        let offsets_at = HEADER + n_factors * 8;
        let search_at = offsets_at + (n_nodes + 1) * 4;
        let unpack_at = search_at + n_arcs * SEARCH;
        check_end(bytes, unpack_at + n_arcs * UNPACK, "hierarchy is truncated")?;
        Ok(Ch {
            bytes,
            n_nodes,
            n_factors,
            offsets_at,
            search_at,
            unpack_at,
        })
    }

    pub fn node_count(&self) -> usize {
        self.n_nodes
    }

    /// Cost per metre of each edge tag, as the hierarchy was built.
    pub fn factors(&self) -> Vec<f64> {
        (0..self.n_factors)
            .map(|i| f64_at(self.bytes, HEADER + i * 8))
            .collect()
    }

    /// An arc's unpacking record (mask and cost are not needed there).
    fn arc(&self, id: u32) -> Arc {
        let at = self.unpack_at + id as usize * UNPACK;
        let w = |i: usize| u32_at(self.bytes, at + i * 4);
        Arc {
            a: w(0),
            b: w(1),
            mid: w(2),
            x: w(3),
            y: w(4),
            mask: 0,
            cost: 0.0,
        }
    }

    /// The upward arcs of `u`: (arc id, higher end, passage mask, cost).
    fn up(&self, u: u32) -> impl Iterator<Item = (u32, u32, u32, f64)> + '_ {
        let from = u32_at(self.bytes, self.offsets_at + u as usize * 4);
        let to = u32_at(self.bytes, self.offsets_at + (u as usize + 1) * 4);
        (from..to).map(move |id| {
            let at = self.search_at + id as usize * SEARCH;
            (
                id,
                u32_at(self.bytes, at),
                u32_at(self.bytes, at + 4),
                f64_at(self.bytes, at + 8),
            )
        })
    }

    /// The cheapest path from `s` to `t` crossing no passage in `blocked` (a mask of
    /// [`tag_bit`]s), or None: the two upward searches, merged. (A caller that routes from
    /// or to one node again keeps its search: [`Ch::search_space`].)
    pub fn route(&self, s: u32, t: u32, blocked: u32) -> Option<ChPath> {
        self.route_between(
            &self.search_space(s, blocked),
            &self.search_space(t, blocked),
        )
    }

    /// Every node the upward search from `s` labels, crossing no passage in `blocked`:
    /// half of any query from or to `s` (the hierarchy's arcs go both ways). A file names
    /// the same ports again and again; kept, a port's search serves every leg from or to it,
    /// and a leg costs a merge of two lists ([`Ch::route_between`]).
    pub fn search_space(&self, s: u32, blocked: u32) -> SearchSpace {
        LABELS.with(|l| {
            let l = &mut l.borrow_mut();
            l.reset();
            l.set(s, 0.0, NONE);
            let mut heap = BinaryHeap::from([Entry(0.0, s)]);
            let mut improving: Vec<(u32, u32, f64)> = Vec::new();
            let mut labelled = vec![s];
            while let Some(Entry(d, u)) = heap.pop() {
                if l.get(u).is_some_and(|(c, _)| d > c) {
                    continue;
                }
                // One look at each higher node's label serves two ends. Stall-on-demand: if
                // a higher node reaches u more cheaply, u's label is not the distance, and
                // nothing above u needs it. Else the arcs that would improve a label are
                // relaxed, in order (labels only fall, so an arc that does not improve one
                // now never will).
                improving.clear();
                let mut stalled = false;
                for (id, v, mask, cost) in self.up(u) {
                    if mask & blocked != 0 {
                        continue;
                    }
                    match l.get(v) {
                        Some((c, _)) if c + cost < d => {
                            stalled = true;
                            break;
                        }
                        Some((c, _)) if d + cost >= c => {}
                        _ => improving.push((id, v, d + cost)),
                    }
                }
                if stalled {
                    continue;
                }
                for &(id, v, nd) in &improving {
                    let fresh = l.get(v).is_none();
                    if l.improve(v, nd, id) {
                        if fresh {
                            labelled.push(v);
                        }
                        heap.push(Entry(nd, v));
                    }
                }
            }
            let mut nodes: Vec<(u32, f64, u32)> = labelled
                .into_iter()
                .map(|u| {
                    let (cost, arc) = l.get(u).expect("a labelled node");
                    (u, cost, arc)
                })
                .collect();
            nodes.sort_unstable_by_key(|n| n.0);
            SearchSpace { start: s, nodes }
        })
    }

    /// The cheapest path from the start of `from` to the start of `to`, both searched with
    /// the same passages blocked: through the node of both lists whose costs add up least
    /// (the first in node order of equals).
    pub fn route_between(&self, from: &SearchSpace, to: &SearchSpace) -> Option<ChPath> {
        let (mut best, mut meet) = (f64::INFINITY, NONE);
        let (a, b) = (&from.nodes, &to.nodes);
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    if a[i].1 + b[j].1 < best {
                        (best, meet) = (a[i].1 + b[j].1, a[i].0);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        if meet == NONE {
            return None;
        }
        let chain = |space: &SearchSpace| {
            let (mut arcs, mut u) = (Vec::new(), meet);
            while let Some(arc) = space.arc_to(u) {
                arcs.push(arc);
                u = self.arc(arc).other(u);
            }
            arcs
        };
        // Each arc with the node it is travelled from, in order.
        let mut up_arcs = chain(from);
        up_arcs.reverse();
        let mut at = from.start;
        let mut arcs: Vec<(u32, u32)> = Vec::with_capacity(up_arcs.len() + 8);
        for id in up_arcs.into_iter().chain(chain(to)) {
            arcs.push((id, at));
            at = self.arc(id).other(at);
        }
        Some(ChPath {
            cost: best,
            steps: self.unpack(arcs),
        })
    }

    /// The graph edges of `arcs` (each with the node it is travelled from), in order: one
    /// stack for the whole path, the first arc on top.
    fn unpack(&self, mut arcs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
        let mut steps = Vec::with_capacity(4 * arcs.len() + 16);
        arcs.reverse();
        let mut stack = arcs;
        while let Some((id, f)) = stack.pop() {
            let arc = self.arc(id);
            let forward = f == arc.a;
            if arc.mid == NONE {
                steps.push((arc.other(f), if forward { arc.x } else { arc.y }));
            } else if forward {
                stack.push((arc.y, arc.mid));
                stack.push((arc.x, arc.a));
            } else {
                stack.push((arc.x, arc.mid));
                stack.push((arc.y, arc.b));
            }
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::{EdgeIn, NodeIn, write_graph};
    use super::*;

    /// A ring of 12 nodes with unit edges, one "canal" chord 0–6 of cost 2 tagged 1, and a
    /// parallel pair 3–4 (the longer one tagged 2).
    fn ring() -> Vec<u8> {
        let nodes: Vec<NodeIn> = (0..12)
            .map(|i| NodeIn {
                lon: f64::from(i),
                lat: 0.0,
                tag: 0,
            })
            .collect();
        let e = |u, v, metres, tag| EdgeIn {
            u,
            v,
            metres,
            tag,
            geometry: vec![],
        };
        let mut edges: Vec<EdgeIn> = (0..12).map(|i| e(i, (i + 1) % 12, 1.0, 0)).collect();
        edges.push(e(0, 6, 2.0, 1));
        edges.push(e(3, 4, 0.5, 2));
        let row = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        write_graph(
            &nodes,
            &edges,
            &[row("canal Canal allow"), row("strait Strait allow")],
            &[],
        )
    }

    /// Plain Dijkstra over the graph with the same costs, for reference.
    fn reference(g: &Graph, s: u32, t: u32, blocked: u32, factors: &[f64]) -> Option<f64> {
        let mut dist = vec![f64::INFINITY; g.node_count()];
        dist[s as usize] = 0.0;
        let mut heap = BinaryHeap::from([Entry(0.0, s)]);
        while let Some(Entry(d, u)) = heap.pop() {
            if u == t {
                return Some(d);
            }
            if d > dist[u as usize] {
                continue;
            }
            for e in g.edges(u) {
                if tag_bit(e.tag) & blocked != 0 {
                    continue;
                }
                let nd = d + e.metres * factors.get(e.tag as usize).copied().unwrap_or(1.0);
                if nd < dist[e.to as usize] {
                    dist[e.to as usize] = nd;
                    heap.push(Entry(nd, e.to));
                }
            }
        }
        None
    }

    #[test]
    fn matches_dijkstra_for_every_pair_and_blocked_set() {
        let bytes = ring();
        let g = Graph::open(&bytes).unwrap();
        let factors = [1.0, 1.5, 1.0];
        let ch_bytes = build(&g, &factors);
        let ch = Ch::open(&ch_bytes).unwrap();
        assert_eq!(ch.factors(), factors.to_vec());
        for blocked in 0..4 {
            for s in 0..12 {
                for t in 0..12 {
                    let want = reference(&g, s, t, blocked, &factors);
                    let got = ch.route(s, t, blocked);
                    assert_eq!(
                        got.as_ref().map(|p| p.cost),
                        want,
                        "{s}→{t} blocked {blocked}"
                    );
                    // The unpacked steps form a walk from s to t along graph edges whose
                    // costs add up to the path's cost.
                    let p = got.unwrap();
                    let mut at = s;
                    let mut cost = 0.0;
                    for &(to, edge) in &p.steps {
                        let e = g.edges(at).find(|e| e.index == edge).expect("edge of node");
                        assert_eq!(e.to, to);
                        assert_eq!(tag_bit(e.tag) & blocked, 0);
                        cost += e.metres * factors[e.tag as usize];
                        at = to;
                    }
                    assert_eq!((at, cost), (t, p.cost));
                }
            }
        }
    }

    #[test]
    fn disconnected_nodes_have_no_path() {
        let nodes = [NodeIn::default(), NodeIn::default(), NodeIn::default()];
        let edges = [EdgeIn {
            u: 0,
            v: 1,
            metres: 1.0,
            tag: 1,
            geometry: vec![],
        }];
        let bytes = write_graph(&nodes, &edges, &[vec!["x".into()]], &[]);
        let g = Graph::open(&bytes).unwrap();
        let ch_bytes = build(&g, &[]);
        let ch = Ch::open(&ch_bytes).unwrap();
        assert!(ch.route(0, 2, 0).is_none());
        assert!(ch.route(0, 1, 1).is_none());
        assert_eq!(ch.route(0, 1, 0).unwrap().steps.len(), 1);
        assert_eq!(ch.route(2, 2, 0).unwrap().steps, vec![]);
    }
}
