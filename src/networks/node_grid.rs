//! The nodes of a network nearest to a point, from a grid of 1° cells searched ring by ring.
//!
//! Distance is the local flat-earth metric around the query point (longitude difference
//! scaled by the cosine of its latitude): cheap, and only used to pick candidates that are
//! then measured on the ellipsoid.

use std::borrow::Cow;

use super::bytes::{check_end, header_len, read_header, u32_at};
use super::graph::Graph;

const COLS: usize = 360;
const ROWS: usize = 180;
const MAGIC: &[u8; 8] = b"CORNODE1";
/// Where the cells' starts begin, after the magic and the count of ids.
const STARTS_AT: usize = header_len(1);
/// Where the ids begin, after the starts (one more than there are cells).
const IDS_AT: usize = STARTS_AT + 4 * (COLS * ROWS + 1);

/// Node ids bucketed by cell (a CSR layout: cell c holds `ids[start[c]..start[c + 1]]`), read
/// in place from the blob [`write_node_grid`] makes: the build script writes the bundled
/// networks' grids, so a process does not sort their nodes at start-up.
pub struct NodeGrid<'a> {
    bytes: Cow<'a, [u8]>,
}

fn cell_of(p: (f64, f64)) -> (usize, usize) {
    // `floor` and `rem_euclid` are calls (to libm's floor and to fmod) that building the
    // grid made twice a node; a longitude in [-180, 180) needs neither, as truncation
    // floors a number that is not negative.
    let col = p.0 + 180.0;
    let x = if (0.0..COLS as f64).contains(&col) {
        col as usize
    } else {
        col.floor().rem_euclid(COLS as f64) as usize
    };
    let y = ((p.1 + 90.0).max(0.0) as usize).min(ROWS - 1);
    (x, y)
}

/// The grid of `g`'s nodes as a blob: the magic, the count of ids, each cell's start, then
/// the ids cell by cell (u32, little-endian).
pub fn write_node_grid(g: &Graph) -> Vec<u8> {
    let cell = |u: u32| {
        let (x, y) = cell_of(g.coord(u));
        y * COLS + x
    };
    let nodes = 0..g.node_count() as u32;
    // A counting sort: each cell's end, then nodes placed from the last back, which leaves
    // every cell's start behind (and its nodes in order).
    let mut start = vec![0u32; COLS * ROWS + 1];
    for u in nodes.clone() {
        start[cell(u)] += 1;
    }
    for c in 1..=COLS * ROWS {
        start[c] += start[c - 1];
    }
    let mut ids = vec![0u32; g.node_count()];
    for u in nodes.rev() {
        let c = cell(u);
        start[c] -= 1;
        ids[start[c] as usize] = u;
    }
    let mut out = Vec::with_capacity(IDS_AT + 4 * ids.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(ids.len() as u32).to_le_bytes());
    for n in start.iter().chain(&ids) {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out
}

impl NodeGrid<'static> {
    /// The grid of `g`'s nodes, made here.
    pub fn new(g: &Graph) -> NodeGrid<'static> {
        NodeGrid {
            bytes: Cow::Owned(write_node_grid(g)),
        }
    }
}

impl<'a> NodeGrid<'a> {
    /// The grid in `bytes` (from [`write_node_grid`]), which must list `g`'s nodes.
    pub fn open(bytes: &'a [u8], g: &Graph) -> Result<NodeGrid<'a>, String> {
        let [n] = read_header(bytes, MAGIC, "not a node grid")?;
        check_end(bytes, IDS_AT + 4 * n, "node grid truncated")?;
        if n != g.node_count() {
            return Err(format!(
                "node grid of {n} nodes for a graph of {}",
                g.node_count()
            ));
        }
        Ok(NodeGrid {
            bytes: Cow::Borrowed(bytes),
        })
    }

    fn cell(&self, x: usize, y: usize) -> impl Iterator<Item = u32> + '_ {
        let c = y * COLS + x;
        let start = |c: usize| u32_at(&self.bytes, STARTS_AT + 4 * c) as usize;
        (start(c)..start(c + 1)).map(|i| u32_at(&self.bytes, IDS_AT + 4 * i))
    }

    /// Up to `k` nodes nearest to `p`, nearest first (ties by node id).
    ///
    /// ```
    /// use corridor::networks::{graph::{write_graph, Graph, NodeIn}, node_grid::NodeGrid};
    /// let node = |lon, lat| NodeIn { lon, lat, tag: 0 };
    /// let bytes = write_graph(&[node(179.9, 0.0), node(-179.9, 0.0), node(170.0, 0.0)], &[], &[], &[]);
    /// let g = Graph::open(&bytes).unwrap();
    /// // Across the antimeridian: node 1 is 0.15° away, node 0 0.05°, node 2 9.95°.
    /// assert_eq!(NodeGrid::new(&g).nearest(&g, (179.95, 0.0), 2), vec![0, 1]);
    /// ```
    pub fn nearest(&self, g: &Graph, p: (f64, f64), k: usize) -> Vec<u32> {
        let scale = p.1.to_radians().cos().max(1e-6);
        let approx = |q: (f64, f64)| {
            let dlon = super::lon_delta(q.0 - p.0) * scale;
            dlon * dlon + (q.1 - p.1) * (q.1 - p.1)
        };
        let (cx, cy) = cell_of(p);
        let mut found: Vec<(f64, u32)> = Vec::new();
        let visit = |x: i64, y: i64, found: &mut Vec<(f64, u32)>| {
            if (0..ROWS as i64).contains(&y) {
                let x = x.rem_euclid(COLS as i64) as usize;
                found.extend(self.cell(x, y as usize).map(|u| (approx(g.coord(u)), u)));
            }
        };
        let (cx, cy) = (cx as i64, cy as i64);
        let half = (COLS / 2) as i64;
        for r in 0..=half {
            // Columns cx ± r; at r = 180 both are the same column.
            let sides: &[i64] = match r {
                0 => &[0],
                r if r == half => &[-r],
                r => &[-r, r],
            };
            for dy in [-r, r].into_iter().take(if r == 0 { 1 } else { 2 }) {
                for dx in (-r..=r).filter(|&dx| !(r == half && dx == half)) {
                    visit(cx + dx, cy + dy, &mut found);
                }
            }
            for dy in -r + 1..r {
                for &dx in sides {
                    visit(cx + dx, cy + dy, &mut found);
                }
            }
            // Every node outside rings 0..=r is at least r degrees away in latitude or in
            // longitude, so at least (r·scale)² by the metric.
            if found.len() >= k {
                found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let bound = r as f64 * scale;
                if found[k - 1].0 <= bound * bound {
                    break;
                }
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found.truncate(k);
        found.into_iter().map(|(_, u)| u).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::{NodeIn, write_graph};
    use super::*;

    #[test]
    fn agrees_with_a_full_scan() {
        // A pseudo-random scatter, with points near the poles and the antimeridian.
        let mut next = crate::networks::uniform(12345);
        let nodes: Vec<NodeIn> = (0..3000)
            .map(|_| NodeIn {
                lon: next() * 360.0 - 180.0,
                lat: next() * 180.0 - 90.0,
                tag: 0,
            })
            .collect();
        let bytes = write_graph(&nodes, &[], &[], &[]);
        let g = Graph::open(&bytes).unwrap();
        let grid = NodeGrid::new(&g);
        for p in [
            (0.0f64, 0.0f64),
            (179.99, 10.0),
            (-180.0, -45.0),
            (30.0, 89.9),
            (-70.0, -89.5),
        ] {
            let scale = p.1.to_radians().cos().max(1e-6);
            let mut all: Vec<(f64, u32)> = (0..3000u32)
                .map(|u| {
                    let q = g.coord(u);
                    let dlon = crate::networks::lon_delta(q.0 - p.0) * scale;
                    (dlon * dlon + (q.1 - p.1) * (q.1 - p.1), u)
                })
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let want: Vec<u32> = all.iter().take(40).map(|x| x.1).collect();
            assert_eq!(grid.nearest(&g, p, 40), want, "{p:?}");
        }
        assert_eq!(grid.nearest(&g, (0.0, 0.0), 5000).len(), 3000);
    }
}
