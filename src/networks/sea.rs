//! Sea legs on shipping lanes: snap ports to the bundled maritime network by land-free
//! connectors, route between them with passages allowed, avoided or required, and report
//! the passages crossed.
//!
//! Routes minimise distance plus canal allowances ([`super::passage_cost`]). Queries that
//! only allow or avoid passages use the contraction hierarchy built with the binary
//! ([`super::ch`]); queries that require passages use A* over (node, passages passed).

use std::sync::OnceLock;

use super::ch::{Ch, tag_bit};
use super::coast::CoastGrid;
use super::graph::Graph;
use super::node_grid::NodeGrid;
use super::shortest_path::{Constraints, Path, shortest_path};
use crate::geometry::{geodesic, lambert};
use crate::routes::PassagePolicy;
use crate::units::Length;

static GRAPH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.graph"));
static COAST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/coast.grid"));
static CH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.ch"));
static GRID: OnceLock<NodeGrid> = OnceLock::new();

/// How many nearest nodes are tried when looking for a land-free connector.
const SNAP_CANDIDATES: usize = 40;
/// A port's own coordinate often lies a little inland; crossings this close to it are the
/// shore, not a peninsula.
const SHORE_TOLERANCE_KM: f64 = 3.0;
/// Snaps longer than this are reported as warnings.
pub const SNAP_WARN_KM: f64 = 50.0;

/// A port joined to the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    pub node: u32,
    pub distance: Length,
    /// False when no land-free connector was found among the nearest nodes.
    pub land_free: bool,
}

/// A sea leg's path.
#[derive(Debug, Clone, PartialEq)]
pub struct SeaPath {
    /// (lon, lat) from the origin port through the network to the destination port.
    pub points: Vec<(f64, f64)>,
    pub distance: Length,
    /// Passage names in the order crossed, each once.
    pub passages: Vec<String>,
    pub snap_from: Snap,
    pub snap_to: Snap,
}

/// The bundled maritime network and coastline.
pub struct SeaNetwork {
    graph: Graph<'static>,
    coast: CoastGrid<'static>,
    ch: Ch<'static>,
    grid: &'static NodeGrid,
}

impl SeaNetwork {
    /// The network compiled into the binary, or None if it was built without one.
    pub fn bundled() -> Option<SeaNetwork> {
        let graph = Graph::open(GRAPH).ok()?;
        let coast = CoastGrid::open(COAST).ok()?;
        let ch = Ch::open(CH).ok()?;
        if graph.node_count() == 0 || ch.node_count() != graph.node_count() {
            return None;
        }
        let grid = GRID.get_or_init(|| NodeGrid::new(&graph));
        Some(SeaNetwork {
            graph,
            coast,
            ch,
            grid,
        })
    }

    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    pub fn coast(&self) -> &CoastGrid<'static> {
        &self.coast
    }

    /// The contraction hierarchy that answers queries without required passages.
    pub fn hierarchy(&self) -> &Ch<'static> {
        &self.ch
    }

    /// Passage (slug, name, default), in tag order.
    pub fn passages(&self) -> &'static [(&'static str, &'static str, &'static str)] {
        static PASSAGES: OnceLock<Vec<(&str, &str, &str)>> = OnceLock::new();
        PASSAGES.get_or_init(|| {
            self.graph
                .tags()
                .into_iter()
                .map(|r| {
                    (
                        r.first().copied().unwrap_or(""),
                        r.get(1).copied().unwrap_or(""),
                        r.get(2).copied().unwrap_or(""),
                    )
                })
                .collect()
        })
    }

    /// Tag number of a passage slug.
    fn tag(&self, slug: &str) -> Option<u8> {
        self.passages()
            .iter()
            .position(|(s, _, _)| *s == slug)
            .map(|i| (i + 1) as u8)
    }

    /// Checks that every slug names a passage; the error lists the known ones.
    pub fn check_passage(&self, slug: &str) -> Result<(), String> {
        if self.tag(slug).is_some() {
            return Ok(());
        }
        let known: Vec<&str> = self.passages().iter().map(|p| p.0).collect();
        Err(format!(
            "unknown passage {slug:?}; use one of {}",
            known.join(", ")
        ))
    }

    fn constraints(&self, policy: &PassagePolicy) -> Constraints {
        let tags = self.passages();
        let mut blocked = vec![false; tags.len() + 1];
        for (i, (slug, _, default)) in tags.iter().enumerate() {
            let by_default = *default == "avoid" && !policy.allow.iter().any(|a| a == slug);
            blocked[i + 1] = by_default || policy.avoid.iter().any(|a| a == slug);
        }
        let required: Vec<u8> = policy.require.iter().filter_map(|s| self.tag(s)).collect();
        for &t in &required {
            blocked[t as usize] = false;
        }
        Constraints {
            blocked,
            required,
            tag_cost: self.ch.factors(),
            ..Default::default()
        }
    }

    /// Joins a point to the nearest node it can reach without crossing land.
    pub fn snap(&self, p: (f64, f64)) -> Snap {
        // Ranked by Lambert's formula (metres from Karney's); only the chosen connector is
        // measured exactly.
        let origin = lambert::Origin::new(p);
        let mut cands: Vec<(f64, u32)> = self
            .grid
            .nearest(&self.graph, p, SNAP_CANDIDATES)
            .into_iter()
            .map(|u| (origin.distance_m(self.graph.coord(u)), u))
            .collect();
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let chosen = cands
            .iter()
            .find(|&&(d, u)| self.connector_is_land_free(p, self.graph.coord(u), d / 1000.0));
        let (&(_, node), land_free) = match chosen {
            Some(c) => (c, true),
            None => (&cands[0], false),
        };
        Snap {
            node,
            distance: geodesic::distance(p, self.graph.coord(node)),
            land_free,
        }
    }

    /// The straight connector from a port to a node, ignoring the first few kilometres
    /// (the port's own shore).
    fn connector_is_land_free(&self, port: (f64, f64), node: (f64, f64), km: f64) -> bool {
        let dlon = (node.0 - port.0 + 540.0).rem_euclid(360.0) - 180.0;
        if km <= SHORE_TOLERANCE_KM {
            return true;
        }
        let t = SHORE_TOLERANCE_KM / km;
        let start = (port.0 + t * dlon, port.1 + t * (node.1 - port.1));
        !self.coast.crosses(start, (port.0 + dlon, node.1))
    }

    /// The cheapest path between two nodes: by the hierarchy when no passage is required,
    /// else by A* (which tracks the required passages passed, from `mask` on).
    fn path(&self, from: u32, mask: u32, to: u32, c: &Constraints, last: bool) -> Option<Path> {
        if !c.required.is_empty() {
            return shortest_path(&self.graph, from, mask, to, c, last, true);
        }
        let blocked = (1..c.blocked.len())
            .filter(|&t| c.blocked[t])
            .fold(0, |m, t| m | tag_bit(t as u8));
        let found = self.ch.route(from, to, blocked)?;
        let mut nodes = vec![from];
        let (mut tags, mut edges, mut metres) = (Vec::new(), Vec::new(), 0.0);
        for &(node, edge) in &found.steps {
            let e = self.graph.edge(edge);
            nodes.push(node);
            tags.push(e.tag);
            edges.push(edge);
            metres += e.metres;
        }
        Some(Path {
            nodes,
            tags,
            edges,
            metres,
            cost: found.cost,
            mask,
        })
    }

    /// Routes through `waypoints` (origin, vias, destination).
    pub fn route(
        &self,
        waypoints: &[(f64, f64)],
        policy: &PassagePolicy,
    ) -> Result<SeaPath, String> {
        let c = self.constraints(policy);
        let snaps: Vec<Snap> = waypoints.iter().map(|&p| self.snap(p)).collect();
        // The network part: nodes in order, and the (tag, metres) of each edge between them.
        let mut nodes = vec![snaps[0].node];
        let mut edges: Vec<(u8, f64)> = Vec::new();
        let mut mask = 0u32;
        for i in 0..snaps.len() - 1 {
            let last = i + 2 == snaps.len();
            let path = self.path(snaps[i].node, mask, snaps[i + 1].node, &c, last).ok_or_else(|| {
                if c.required.is_empty() {
                    "no sea path with these passages; allow a passage (e.g. --allow northern-sea-route) or drop an --avoid".to_string()
                } else {
                    "no sea path passes every required passage".to_string()
                }
            })?;
            mask = path.mask;
            nodes.extend(&path.nodes[1..]);
            edges.extend(path.edges.iter().map(|&e| {
                let e = self.graph.edge(e);
                (e.tag, e.metres)
            }));
        }
        let (from, to) = (waypoints[0], *waypoints.last().expect("two waypoints"));
        let (snap_from, start) = self.trim_overshoot(from, snaps[0], &nodes, &edges, false);
        let (snap_to, end) = self.trim_overshoot(
            to,
            *snaps.last().expect("two snaps"),
            &nodes[start..],
            &edges[start..],
            true,
        );
        let (nodes, edges) = (
            &nodes[start..nodes.len() - end],
            &edges[start..edges.len() - end],
        );
        let metres = snap_from.distance.metres()
            + edges.iter().map(|e| e.1).sum::<f64>()
            + snap_to.distance.metres();
        let mut points = vec![from];
        points.extend(nodes.iter().map(|&u| self.graph.coord(u)));
        points.push(to);
        let tags = edges.iter().map(|e| e.0).filter(|&t| t != 0);
        let names = self.passages();
        let mut passages: Vec<String> = Vec::new();
        for t in tags {
            let name = names[t as usize - 1].1.to_string();
            if passages.last() != Some(&name) && !passages.contains(&name) {
                passages.push(name);
            }
        }
        points.dedup();
        Ok(SeaPath {
            points,
            distance: Length::from_metres(metres),
            passages,
            snap_from,
            snap_to,
        })
    }

    /// Where the lane runs past a port and doubles back to it, joins the port to the first
    /// node after the turn instead (when that connector is land-free too). Works from the
    /// start of `nodes`, or from the end with `at_end`; returns the new snap and how many
    /// nodes to drop.
    fn trim_overshoot(
        &self,
        port: (f64, f64),
        snap: Snap,
        nodes: &[u32],
        edges: &[(u8, f64)],
        at_end: bool,
    ) -> (Snap, usize) {
        let (mut snap, mut dropped) = (snap, 0);
        while snap.land_free && dropped + 1 < nodes.len() {
            let (next, edge_m) = if at_end {
                (
                    nodes[nodes.len() - 2 - dropped],
                    edges[edges.len() - 1 - dropped].1,
                )
            } else {
                (nodes[dropped + 1], edges[dropped].1)
            };
            let d = geodesic::distance(port, self.graph.coord(next));
            // The next node is no farther from the port than from the node dropped: the
            // lane turns back towards the port.
            if d.metres() > edge_m
                || !self.connector_is_land_free(port, self.graph.coord(next), d.km())
            {
                break;
            }
            snap = Snap {
                node: next,
                distance: d,
                land_free: true,
            };
            dropped += 1;
        }
        (snap, dropped)
    }
}
