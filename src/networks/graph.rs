//! A transport network as a compact, read-in-place graph: nodes with coordinates and a tag
//! (for railways, the node's country), and an adjacency list (CSR) whose directed edges
//! carry a geodesic length, a tag (the passage a sea lane lies in, a railway's gauge) and
//! optionally a polyline. This file is also compiled into the build script: it uses `std`
//! only.
//!
//! ```text
//! header    magic "CORNET02", n_nodes, n_edges (directed), tags_len, node_tags_len, n_points
//! nodes     n_nodes × [lon f64, lat f64]
//! node_tags n_nodes × u8              0 = none, i = row i-1 of the node tag table
//! offsets   (n_nodes + 1) × u32       edges of node u are offsets[u]..offsets[u+1]
//! targets   n_edges × u32
//! metres    n_edges × f64
//! tags      n_edges × u8              0 = none, i = row i-1 of the edge tag table
//! geometry  n_edges × [start u32, count u32]  interior vertices; count's top bit = reversed
//! points    n_points × [lon i32, lat i32] in microdegrees (exact for 6-decimal input)
//! tables    edge tag table, then node tag table: tab-separated lines
//! ```

use super::bytes::{
    check_end, f64_at, header_len, i32_at, put_header, put_offsets, read_header, u32_at,
};

const MAGIC: &[u8; 8] = b"CORNET02";
const HEADER: usize = header_len(5);
const REVERSED: u32 = 1 << 31;

/// An undirected edge as the derived files list it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeIn {
    pub u: u32,
    pub v: u32,
    pub metres: f64,
    /// 0 = none, else 1-based index into the edge tag table.
    pub tag: u8,
    /// Interior vertices from u to v, (lon, lat); empty for a straight edge.
    pub geometry: Vec<(f64, f64)>,
}

/// A node as the derived files list it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NodeIn {
    pub lon: f64,
    pub lat: f64,
    /// 0 = none, else 1-based index into the node tag table.
    pub tag: u8,
}

/// (target, metres, tag, undirected edge index, reversed)
type HalfEdge = (u32, f64, u8, usize, bool);

/// Builds the graph bytes. Tag tables are tab-separated rows (e.g. `slug, name, default`
/// for passages, `BY` for countries); edges are undirected.
pub fn write_graph(
    nodes: &[NodeIn],
    edges: &[EdgeIn],
    tags: &[Vec<String>],
    node_tags: &[Vec<String>],
) -> Vec<u8> {
    let n = nodes.len();
    let mut adj: Vec<Vec<HalfEdge>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        adj[e.u as usize].push((e.v, e.metres, e.tag, i, false));
        adj[e.v as usize].push((e.u, e.metres, e.tag, i, true));
    }
    for a in &mut adj {
        a.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.3.cmp(&y.3)));
    }
    let m: usize = adj.iter().map(Vec::len).sum();
    let table =
        |rows: &[Vec<String>]| -> String { rows.iter().map(|r| r.join("\t") + "\n").collect() };
    let (tag_table, node_table) = (table(tags), table(node_tags));
    let mut starts = Vec::with_capacity(edges.len());
    let mut n_points = 0u32;
    for e in edges {
        starts.push(n_points);
        n_points += e.geometry.len() as u32;
    }
    let mut out = Vec::new();
    let counts = [n, m, tag_table.len(), node_table.len(), n_points as usize];
    put_header(&mut out, MAGIC, &counts);
    for p in nodes {
        out.extend_from_slice(&p.lon.to_le_bytes());
        out.extend_from_slice(&p.lat.to_le_bytes());
    }
    out.extend(nodes.iter().map(|p| p.tag));
    put_offsets(&mut out, adj.iter().map(Vec::len));
    for a in &adj {
        for x in a {
            out.extend_from_slice(&x.0.to_le_bytes());
        }
    }
    for a in &adj {
        for x in a {
            out.extend_from_slice(&x.1.to_le_bytes());
        }
    }
    for a in &adj {
        out.extend(a.iter().map(|x| x.2));
    }
    for a in &adj {
        for x in a {
            let count = edges[x.3].geometry.len() as u32 | if x.4 { REVERSED } else { 0 };
            out.extend_from_slice(&starts[x.3].to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
        }
    }
    for e in edges {
        for (lon, lat) in &e.geometry {
            out.extend_from_slice(&((lon * 1e6).round() as i32).to_le_bytes());
            out.extend_from_slice(&((lat * 1e6).round() as i32).to_le_bytes());
        }
    }
    out.extend_from_slice(tag_table.as_bytes());
    out.extend_from_slice(node_table.as_bytes());
    out
}

fn rows(bytes: &[u8]) -> Vec<Vec<&str>> {
    std::str::from_utf8(bytes)
        .unwrap_or("")
        .lines()
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Read-only view of graph bytes.
#[derive(Clone, Copy)]
pub struct Graph<'a> {
    bytes: &'a [u8],
    n_nodes: usize,
    n_edges: usize,
    node_tags_at: usize,
    offsets_at: usize,
    targets_at: usize,
    metres_at: usize,
    tags_at: usize,
    geometry_at: usize,
    points_at: usize,
    table_at: usize,
    node_table_at: usize,
}

/// A directed edge out of a node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub to: u32,
    pub metres: f64,
    pub tag: u8,
    /// Position among all directed edges (for [`Graph::geometry`]).
    pub index: u32,
}

impl<'a> Graph<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Graph<'a>, String> {
        let [n_nodes, n_edges, table_len, node_table_len, n_points] =
            read_header(bytes, MAGIC, "not a corridor network")?;
        let node_tags_at = HEADER + n_nodes * 16;
        let offsets_at = node_tags_at + n_nodes;
        let targets_at = offsets_at + (n_nodes + 1) * 4;
        let metres_at = targets_at + n_edges * 4;
        let tags_at = metres_at + n_edges * 8;
        let geometry_at = tags_at + n_edges;
        let points_at = geometry_at + n_edges * 8;
        let table_at = points_at + n_points * 8;
        let node_table_at = table_at + table_len;
        check_end(
            bytes,
            node_table_at + node_table_len,
            "network is truncated",
        )?;
        Ok(Graph {
            bytes,
            n_nodes,
            n_edges,
            node_tags_at,
            offsets_at,
            targets_at,
            metres_at,
            tags_at,
            geometry_at,
            points_at,
            table_at,
            node_table_at,
        })
    }

    pub fn node_count(&self) -> usize {
        self.n_nodes
    }

    /// Directed edges (each undirected edge counts twice).
    pub fn edge_count(&self) -> usize {
        self.n_edges
    }

    /// (lon, lat) of node `u`.
    pub fn coord(&self, u: u32) -> (f64, f64) {
        let at = HEADER + u as usize * 16;
        (f64_at(self.bytes, at), f64_at(self.bytes, at + 8))
    }

    pub fn edges(&self, u: u32) -> impl Iterator<Item = Edge> + '_ {
        let from = u32_at(self.bytes, self.offsets_at + u as usize * 4);
        let to = u32_at(self.bytes, self.offsets_at + (u as usize + 1) * 4);
        (from..to).map(move |k| self.edge(k))
    }

    /// Directed edge `index` (as in [`Edge::index`]).
    pub fn edge(&self, index: u32) -> Edge {
        let k = index as usize;
        Edge {
            to: u32_at(self.bytes, self.targets_at + k * 4),
            metres: f64_at(self.bytes, self.metres_at + k * 8),
            tag: self.bytes[self.tags_at + k],
            index,
        }
    }

    /// The tag of directed edge `index` alone (a path's steps need no more of the edge).
    pub fn edge_tag(&self, index: u32) -> u8 {
        self.bytes[self.tags_at + index as usize]
    }

    /// The tag of node `u` (0 = none).
    pub fn node_tag(&self, u: u32) -> u8 {
        self.bytes[self.node_tags_at + u as usize]
    }

    /// Interior vertices of directed edge `index`, in travel order.
    pub fn geometry(&self, index: u32) -> Vec<(f64, f64)> {
        let at = self.geometry_at + index as usize * 8;
        let start = u32_at(self.bytes, at) as usize;
        let raw = u32_at(self.bytes, at + 4);
        let count = (raw & !REVERSED) as usize;
        let mut pts: Vec<(f64, f64)> = (start..start + count)
            .map(|i| {
                let p = self.points_at + i * 8;
                let f = |o: usize| f64::from(i32_at(self.bytes, p + o)) / 1e6;
                (f(0), f(4))
            })
            .collect();
        if raw & REVERSED != 0 {
            pts.reverse();
        }
        pts
    }

    /// The node tag table rows (tag i+1 is row i).
    pub fn node_tags(&self) -> Vec<Vec<&'a str>> {
        rows(&self.bytes[self.node_table_at..])
    }

    /// The edge tag table rows (tag i+1 is row i).
    pub fn tags(&self) -> Vec<Vec<&'a str>> {
        rows(&self.bytes[self.table_at..self.node_table_at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_small_graph() {
        let node = |lon, lat, tag| NodeIn { lon, lat, tag };
        let nodes = [node(0.0, 0.0, 1), node(1.0, 0.0, 1), node(1.0, 1.0, 2)];
        let edges = [
            EdgeIn {
                u: 0,
                v: 1,
                metres: 111_319.5,
                tag: 0,
                geometry: vec![(0.5, 0.1)],
            },
            EdgeIn {
                u: 1,
                v: 2,
                metres: 110_574.4,
                tag: 1,
                geometry: vec![(1.1, 0.25), (1.1, 0.75)],
            },
        ];
        let tags = [vec![
            "suez".to_string(),
            "Suez Canal".to_string(),
            "allow".to_string(),
        ]];
        let countries = [vec!["BY".to_string()], vec!["RU".to_string()]];
        let bytes = write_graph(&nodes, &edges, &tags, &countries);
        let g = Graph::open(&bytes).unwrap();
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.coord(2), (1.0, 1.0));
        assert_eq!(g.node_tag(2), 2);
        let out: Vec<Edge> = g.edges(1).collect();
        assert_eq!((out[0].to, out[0].metres, out[0].tag), (0, 111_319.5, 0));
        assert_eq!((out[1].to, out[1].metres, out[1].tag), (2, 110_574.4, 1));
        // Travelling 1 → 0 reverses the stored 0 → 1 geometry (a single point here).
        assert_eq!(g.geometry(out[0].index), vec![(0.5, 0.1)]);
        assert_eq!(g.geometry(out[1].index), vec![(1.1, 0.25), (1.1, 0.75)]);
        let back = g.edges(2).next().unwrap();
        assert_eq!(g.geometry(back.index), vec![(1.1, 0.75), (1.1, 0.25)]);
        assert_eq!(g.tags(), vec![vec!["suez", "Suez Canal", "allow"]]);
        assert_eq!(g.node_tags(), vec![vec!["BY"], vec!["RU"]]);
    }
}
