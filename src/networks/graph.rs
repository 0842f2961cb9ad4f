//! A transport network as a compact, read-in-place graph: nodes with coordinates and an
//! adjacency list (CSR) whose directed edges carry a geodesic length and a tag (for sea
//! lanes, the passage an edge lies in). This file is also compiled into the build script:
//! it uses `std` only.
//!
//! ```text
//! header   magic "CORNET01", n_nodes, n_edges (directed), n_tags, tags_len
//! nodes    n_nodes × [lon f64, lat f64]
//! offsets  (n_nodes + 1) × u32       edges of node u are offsets[u]..offsets[u+1]
//! targets  n_edges × u32
//! metres   n_edges × f64
//! tags     n_edges × u8               0 = none, i = tag i-1 of the tag table
//! table    tags_len bytes: one "slug\tname\tdefault" line per tag
//! ```

const MAGIC: &[u8; 8] = b"CORNET01";
const HEADER: usize = 8 + 4 * 4;

/// An undirected edge as the derived files list it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeIn {
    pub u: u32,
    pub v: u32,
    pub metres: f64,
    /// 0 = none, else 1-based index into the tag table.
    pub tag: u8,
}

/// Builds the graph bytes. `tags` are `(slug, name, default)` rows; edges are undirected.
pub fn write_graph(
    nodes: &[(f64, f64)],
    edges: &[EdgeIn],
    tags: &[(String, String, String)],
) -> Vec<u8> {
    let n = nodes.len();
    let mut adj: Vec<Vec<(u32, f64, u8)>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.u as usize].push((e.v, e.metres, e.tag));
        adj[e.v as usize].push((e.u, e.metres, e.tag));
    }
    for a in &mut adj {
        a.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
    }
    let m: usize = adj.iter().map(Vec::len).sum();
    let table: String = tags
        .iter()
        .map(|(s, n, d)| format!("{s}\t{n}\t{d}\n"))
        .collect();
    let mut out = Vec::with_capacity(HEADER + n * 20 + m * 13 + table.len());
    out.extend_from_slice(MAGIC);
    for x in [n, m, tags.len(), table.len()] {
        out.extend_from_slice(&(x as u32).to_le_bytes());
    }
    for (lon, lat) in nodes {
        out.extend_from_slice(&lon.to_le_bytes());
        out.extend_from_slice(&lat.to_le_bytes());
    }
    let mut off = 0u32;
    for a in &adj {
        out.extend_from_slice(&off.to_le_bytes());
        off += a.len() as u32;
    }
    out.extend_from_slice(&off.to_le_bytes());
    for a in &adj {
        for (t, _, _) in a {
            out.extend_from_slice(&t.to_le_bytes());
        }
    }
    for a in &adj {
        for (_, w, _) in a {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    for a in &adj {
        for (_, _, g) in a {
            out.push(*g);
        }
    }
    out.extend_from_slice(table.as_bytes());
    out
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn f64_at(b: &[u8], at: usize) -> f64 {
    f64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Read-only view of graph bytes.
#[derive(Clone, Copy)]
pub struct Graph<'a> {
    bytes: &'a [u8],
    n_nodes: usize,
    n_edges: usize,
    offsets_at: usize,
    targets_at: usize,
    metres_at: usize,
    tags_at: usize,
    table_at: usize,
}

/// A directed edge out of a node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub to: u32,
    pub metres: f64,
    pub tag: u8,
}

impl<'a> Graph<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Graph<'a>, String> {
        if bytes.len() < HEADER || &bytes[..8] != MAGIC {
            return Err("not a corridor network".into());
        }
        let n_nodes = u32_at(bytes, 8) as usize;
        let n_edges = u32_at(bytes, 12) as usize;
        let table_len = u32_at(bytes, 20) as usize;
        let offsets_at = HEADER + n_nodes * 16;
        let targets_at = offsets_at + (n_nodes + 1) * 4;
        let metres_at = targets_at + n_edges * 4;
        let tags_at = metres_at + n_edges * 8;
        let table_at = tags_at + n_edges;
        if table_at + table_len != bytes.len() {
            return Err("network is truncated".into());
        }
        Ok(Graph {
            bytes,
            n_nodes,
            n_edges,
            offsets_at,
            targets_at,
            metres_at,
            tags_at,
            table_at,
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
        let from = u32_at(self.bytes, self.offsets_at + u as usize * 4) as usize;
        let to = u32_at(self.bytes, self.offsets_at + (u as usize + 1) * 4) as usize;
        (from..to).map(move |k| Edge {
            to: u32_at(self.bytes, self.targets_at + k * 4),
            metres: f64_at(self.bytes, self.metres_at + k * 8),
            tag: self.bytes[self.tags_at + k],
        })
    }

    /// The tag table: (slug, name, default) per tag, in tag order (tag i+1 is row i).
    pub fn tags(&self) -> Vec<(&'a str, &'a str, &'a str)> {
        let text = std::str::from_utf8(&self.bytes[self.table_at..]).unwrap_or("");
        text.lines()
            .map(|l| {
                let mut f = l.split('\t');
                (
                    f.next().unwrap_or(""),
                    f.next().unwrap_or(""),
                    f.next().unwrap_or(""),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_small_graph() {
        let nodes = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)];
        let edges = [
            EdgeIn {
                u: 0,
                v: 1,
                metres: 111_319.5,
                tag: 0,
            },
            EdgeIn {
                u: 1,
                v: 2,
                metres: 110_574.4,
                tag: 1,
            },
        ];
        let tags = [(
            "suez".to_string(),
            "Suez Canal".to_string(),
            "allow".to_string(),
        )];
        let bytes = write_graph(&nodes, &edges, &tags);
        let g = Graph::open(&bytes).unwrap();
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.edge_count(), 4);
        assert_eq!(g.coord(2), (1.0, 1.0));
        let out: Vec<Edge> = g.edges(1).collect();
        assert_eq!(
            out,
            vec![
                Edge {
                    to: 0,
                    metres: 111_319.5,
                    tag: 0
                },
                Edge {
                    to: 2,
                    metres: 110_574.4,
                    tag: 1
                }
            ]
        );
        assert_eq!(g.tags(), vec![("suez", "Suez Canal", "allow")]);
    }
}
