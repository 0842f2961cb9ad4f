//! Rail legs on railways: snap stations to the bundled rail network, route with closed
//! segments and avoided countries, and report where the gauge changes (1520 ↔ 1435 mm).

use std::collections::HashSet;

use super::graph::Graph;
use super::shortest_path::{Constraints, shortest_path};
use crate::geometry::geodesic;
use crate::places::normalize::key;
use crate::routes::RailPolicy;
use crate::units::Length;

static GRAPH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rail.graph"));
static TRANSFERS: &str = include_str!(concat!(env!("OUT_DIR"), "/rail.transfers"));
static SEGMENTS: &str = include_str!(concat!(env!("OUT_DIR"), "/rail.segments"));

/// Snaps longer than this are reported as warnings.
pub const SNAP_WARN_KM: f64 = 20.0;

/// A rail leg's path.
#[derive(Debug, Clone, PartialEq)]
pub struct RailPath {
    /// (lon, lat) from the origin through the track to the destination.
    pub points: Vec<(f64, f64)>,
    pub distance: Length,
    pub snap_from: Length,
    pub snap_to: Length,
    /// Transfer stations where the gauge changes, in order.
    pub transfers: Vec<String>,
    /// Distance of each section between gauge changes (one entry when there is none), with
    /// the section's gauge in mm.
    pub sections: Vec<(Length, u16)>,
    /// Countries passed, in order, each once.
    pub countries: Vec<String>,
}

/// A named closable segment.
struct Segment {
    keys: Vec<String>,
    name: String,
    edge: (u32, u32),
}

/// The bundled rail network.
pub struct RailNetwork {
    graph: Graph<'static>,
    transfers: Vec<(u32, String)>,
    segments: Vec<Segment>,
}

impl RailNetwork {
    /// The network compiled into the binary, or None if it was built without one.
    pub fn bundled() -> Option<RailNetwork> {
        let graph = Graph::open(GRAPH).ok()?;
        if graph.node_count() == 0 {
            return None;
        }
        let rows = |text: &'static str| {
            text.lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.split('\t').collect::<Vec<_>>())
        };
        let transfers = rows(TRANSFERS)
            .filter_map(|f| {
                Some((
                    f.first()?.parse().ok()?,
                    f.get(2).copied().unwrap_or("").to_string(),
                ))
            })
            .collect();
        let segments = rows(SEGMENTS)
            .filter_map(|f| {
                let (name, aliases) = (*f.first()?, f.get(1).copied().unwrap_or(""));
                let (u, v): (u32, u32) = (f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?);
                let mut keys = vec![key(name)];
                keys.extend(aliases.split('|').filter(|a| !a.trim().is_empty()).map(key));
                Some(Segment {
                    keys,
                    name: name.to_string(),
                    edge: (u.min(v), u.max(v)),
                })
            })
            .collect();
        Some(RailNetwork {
            graph,
            transfers,
            segments,
        })
    }

    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    /// Names of the closable segments, each once.
    pub fn segment_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.dedup();
        names
    }

    fn country(&self, u: u32) -> &'static str {
        let t = self.graph.node_tag(u);
        if t == 0 {
            ""
        } else {
            self.graph
                .node_tags()
                .get(t as usize - 1)
                .and_then(|r| r.first().copied())
                .unwrap_or("")
        }
    }

    fn gauge(tag: u8, tags: &[Vec<&str>]) -> u16 {
        tags.get((tag as usize).wrapping_sub(1))
            .and_then(|r| r.first())
            .and_then(|g| g.parse().ok())
            .unwrap_or(0)
    }

    /// The nearest node to a point.
    pub fn snap(&self, p: (f64, f64)) -> (u32, Length) {
        let approx = |q: (f64, f64)| {
            let dlon = ((q.0 - p.0 + 540.0).rem_euclid(360.0) - 180.0) * p.1.to_radians().cos();
            dlon * dlon + (q.1 - p.1) * (q.1 - p.1)
        };
        let best = (0..self.graph.node_count() as u32)
            .min_by(|&a, &b| {
                approx(self.graph.coord(a))
                    .total_cmp(&approx(self.graph.coord(b)))
                    .then(a.cmp(&b))
            })
            .expect("a non-empty network");
        (best, geodesic::distance(p, self.graph.coord(best)))
    }

    /// Turns closures and avoided countries into search constraints.
    pub fn constraints(&self, policy: &RailPolicy) -> Result<Constraints, String> {
        let mut c = Constraints::default();
        for item in &policy.close {
            if let Some((lon, lat)) = parse_lon_lat(item) {
                c.closed_nodes.insert(self.snap((lon, lat)).0);
                continue;
            }
            let k = key(item);
            let edges: Vec<(u32, u32)> = self
                .segments
                .iter()
                .filter(|s| s.keys.contains(&k))
                .map(|s| s.edge)
                .collect();
            if edges.is_empty() {
                return Err(format!(
                    "unknown closure {item:?}; close a named segment ({}) or a station as lon,lat",
                    self.segment_names().join(", ")
                ));
            }
            c.closed_edges.extend(edges);
        }
        if !policy.avoid_countries.is_empty() {
            let table = self.graph.node_tags();
            let avoid: HashSet<String> = policy
                .avoid_countries
                .iter()
                .map(|c| c.to_ascii_uppercase())
                .collect();
            c.blocked_node_tags = std::iter::once(false)
                .chain(
                    table
                        .iter()
                        .map(|r| r.first().is_some_and(|cc| avoid.contains(*cc))),
                )
                .collect();
        }
        Ok(c)
    }

    /// Routes through `waypoints` (origin, vias, destination).
    pub fn route(&self, waypoints: &[(f64, f64)], policy: &RailPolicy) -> Result<RailPath, String> {
        let c = self.constraints(policy)?;
        let snaps: Vec<(u32, Length)> = waypoints.iter().map(|&p| self.snap(p)).collect();
        for (i, &(node, _)) in snaps.iter().enumerate() {
            let cc = self.country(node);
            if policy
                .avoid_countries
                .iter()
                .any(|a| a.eq_ignore_ascii_case(cc))
            {
                let which = if i == 0 {
                    "origin"
                } else if i + 1 == snaps.len() {
                    "destination"
                } else {
                    "via point"
                };
                return Err(format!(
                    "no rail path: the {which} is in {cc}, a country to avoid"
                ));
            }
        }
        let tags = self.graph.tags();
        let mut points = vec![waypoints[0]];
        let mut sections: Vec<(Length, u16)> = Vec::new();
        let mut transfers = Vec::new();
        let mut countries: Vec<String> = Vec::new();
        let mut metres = snaps[0].1.metres();
        let mut section_m = snaps[0].1.metres();
        let mut gauge: Option<u16> = None;
        for w in snaps.windows(2) {
            let path =
                shortest_path(&self.graph, w[0].0, 0, w[1].0, &c, true, true).ok_or_else(|| {
                    if policy.is_empty() {
                        "no rail path between these places on the bundled network".to_string()
                    } else {
                        format!("no rail path with {}", describe(policy))
                    }
                })?;
            metres += path.metres;
            for (i, &node) in path.nodes.iter().enumerate() {
                let cc = self.country(node);
                if !cc.is_empty()
                    && countries.last().map(String::as_str) != Some(cc)
                    && !countries.iter().any(|c| c == cc)
                {
                    countries.push(cc.to_string());
                }
                points.push(self.graph.coord(node));
                let Some(&edge) = path.edges.get(i) else {
                    continue;
                };
                let g = Self::gauge(path.tags[i], &tags);
                if let Some(prev) = gauge
                    && prev != g
                {
                    sections.push((Length::from_metres(section_m), prev));
                    section_m = 0.0;
                    let name = self
                        .transfers
                        .iter()
                        .find(|t| t.0 == node)
                        .map_or_else(|| format!("node {node}"), |t| t.1.clone());
                    transfers.push(name);
                }
                gauge = Some(g);
                section_m += self
                    .graph
                    .edges(node)
                    .find(|e| e.index == edge)
                    .map_or(0.0, |e| e.metres);
                points.extend(self.graph.geometry(edge));
            }
        }
        let last = *waypoints.last().expect("two waypoints");
        let snap_to = snaps.last().expect("two snaps").1;
        metres += snap_to.metres();
        section_m += snap_to.metres();
        sections.push((Length::from_metres(section_m), gauge.unwrap_or(0)));
        points.push(last);
        points.dedup();
        Ok(RailPath {
            points,
            distance: Length::from_metres(metres),
            snap_from: snaps[0].1,
            snap_to,
            transfers,
            sections,
            countries,
        })
    }
}

fn describe(policy: &RailPolicy) -> String {
    let mut parts = Vec::new();
    if !policy.close.is_empty() {
        parts.push(format!("{} closed", policy.close.join(", ")));
    }
    if !policy.avoid_countries.is_empty() {
        parts.push(format!("{} avoided", policy.avoid_countries.join(", ")));
    }
    parts.join(" and ")
}

/// Parses `lon,lat` (a station to close by position).
fn parse_lon_lat(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    let (lon, lat) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}
