//! Rail legs on railways: snap stations to the bundled rail network, route with closed
//! segments and avoided countries, and report where the gauge changes (1520 ↔ 1435 mm).

use std::collections::HashSet;

use std::cell::RefCell;
use std::sync::OnceLock;

use super::detour_bounds::DetourBounds;
use super::error::{End, RouteError};
use super::graph::Graph;
use super::landmarks::Landmarks;
use super::node_grid::NodeGrid;
use super::rail_search::{
    Bounds, GAUGES, GaugePath, Penalties, Scratch, gauge_index, gauges_at, shortest_gauge_path,
};
use super::shortest_path::Constraints;
use crate::geometry::geodesic;
use crate::places::normalize::key;
use crate::routes::RailPolicy;
use crate::units::Length;

static GRAPH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rail.graph"));
/// The grid of the nodes, for the nearest to a point (see [`NodeGrid`]).
static NODES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rail.nodes"));
static TRANSFERS: &str = include_str!(concat!(env!("OUT_DIR"), "/rail.transfers"));
static SEGMENTS: &str = include_str!(concat!(env!("OUT_DIR"), "/rail.segments"));
static BORDER_NAMES: &str = include_str!(concat!(env!("OUT_DIR"), "/rail.border_names"));
static LANDMARKS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/rail.landmarks"));

/// Snaps longer than this are reported as warnings.
pub const SNAP_WARN_KM: f64 = 20.0;
/// Snaps longer than this are errors (warnings when lenient): a place that far from every
/// railway is outside the network or the wrong place, and its connector would be a guess.
pub const SNAP_MAX_KM: f64 = 50.0;

/// Default routing cost of a gauge change (transshipment or bogie exchange), in km of track:
/// about a day at the border (China–Europe container trains wait hours to days at
/// Brest/Małaszewicze, Dostyk/Alashankou and Zabaykalsk/Manzhouli) at the ~40 km/h average
/// speed of a freight train between yards. A planning assumption, not a measurement; change it
/// with `--gauge-change-km` or `gauge_change_km` in a route file.
pub const DEFAULT_GAUGE_CHANGE_KM: f64 = 1000.0;

/// Default routing cost of a border crossing (handover between railways, papers, crew and
/// locomotive change; customs where there is no customs union), in km of track: about two and
/// a half hours at ~40 km/h. Change it with `--border-crossing-km` or `border_crossing_km`.
pub const DEFAULT_BORDER_CROSSING_KM: f64 = 100.0;

/// A rail leg's path.
#[derive(Debug, Clone, PartialEq)]
pub struct RailPath {
    /// (lon, lat) from the origin through the track to the destination, for drawing.
    pub points: Vec<(f64, f64)>,
    /// Track length plus both connectors, in whole metres: the sum of `sections`.
    pub distance: Length,
    pub snap_from: Length,
    pub snap_to: Length,
    /// Transfer stations where the gauge changes, in order.
    pub transfers: Vec<String>,
    /// Track length of each stretch between gauge changes (one entry when there is none), in
    /// whole metres, with the stretch's gauge in mm; the first and last include the connectors.
    pub sections: Vec<(Length, u16)>,
    /// Countries passed, in order (a country entered twice is listed twice: `BY; RU; KZ; RU`).
    pub countries: Vec<String>,
    /// Where the path enters and leaves each country, in the same order.
    pub country_spans: Vec<CountrySpan>,
}

/// A stretch of a rail path in one country: where it enters and leaves, (lon, lat). The first
/// stretch enters at the path's origin and the last leaves at its destination.
#[derive(Debug, Clone, PartialEq)]
pub struct CountrySpan {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub entry: (f64, f64),
    pub exit: (f64, f64),
    /// The station or town nearest the entry and the exit, where the path crosses a border
    /// ("Petropavl (KZ)"); none at the path's own ends.
    pub entry_name: Option<String>,
    pub exit_name: Option<String>,
}

impl RailPath {
    /// Number of times the path crosses a border.
    pub fn border_crossings(&self) -> usize {
        self.countries.len().saturating_sub(1)
    }
}

/// A named closable segment.
#[derive(Clone)]
struct Segment {
    keys: Vec<String>,
    name: String,
    edge: (u32, u32),
}

/// The bundled rail network.
pub struct RailNetwork {
    graph: Graph<'static>,
    landmarks: Landmarks<'static>,
    /// Country of each node tag (tag 0 = none = "").
    countries: Vec<&'static str>,
    /// Gauge in mm of each gauge index (see [`gauge_index`]).
    gauges_mm: Vec<u16>,
    transfers: Vec<(u32, String)>,
    segments: Vec<Segment>,
    /// Names of the nodes next to a border, sorted by node (see `build.rs`).
    border_names: Vec<(u32, &'static str)>,
    /// Search memory reused by every leg.
    scratch: RefCell<Scratch>,
    /// Landmarks computed under the closures and avoided countries of recent legs.
    detour: RefCell<DetourCache>,
}

/// Once the searches under the same avoided countries (and closures and costs) have settled
/// one state per this many network nodes, landmarks are computed under those constraints: a
/// few Dijkstras, earned back over a file of many legs (measured on 138 legs avoiding KZ:
/// 0.27 s with the bundled landmarks alone, 0.15 s), not paid by a file of a few short legs.
const DETOUR_AFTER_SETTLED_FRACTION: u64 = 16;
const DETOUR_LANDMARKS: usize = 3;

/// Avoided countries (by node tag), closed edges and closed nodes, sorted, and the routing
/// costs (as bits): what a [`DetourBounds`] depends on.
type ConstraintKey = (Vec<bool>, Vec<(u32, u32)>, Vec<u32>, [u64; 2]);

/// The constraints a [`DetourBounds`] was built for, and how much searching they have cost.
#[derive(Default)]
struct DetourCache {
    key: Option<ConstraintKey>,
    settled: u64,
    bounds: Option<DetourBounds>,
}

impl DetourCache {
    /// The bounds for a query under `c` and `p`; `settled` is what the searches since the
    /// last call settled.
    fn for_query(
        &mut self,
        g: &Graph,
        c: &Constraints,
        p: Penalties,
        start: u32,
        settled: u64,
    ) -> Option<&DetourBounds> {
        // Closures of a segment or a station rarely lengthen a path much (a tunnel has its
        // bypass); a country avoided does, by whole regions.
        if !c.blocked_node_tags.iter().any(|&b| b) {
            return None;
        }
        let mut edges: Vec<(u32, u32)> = c.closed_edges.iter().copied().collect();
        edges.sort_unstable();
        let mut nodes: Vec<u32> = c.closed_nodes.iter().copied().collect();
        nodes.sort_unstable();
        let costs = [p.gauge_change_m.to_bits(), p.border_crossing_m.to_bits()];
        let key = (c.blocked_node_tags.clone(), edges, nodes, costs);
        if self.key.as_ref() == Some(&key) {
            self.settled += settled;
        } else {
            // The searches since the last call were under other constraints.
            *self = DetourCache {
                key: Some(key),
                ..Default::default()
            };
        }
        let due = self.settled * DETOUR_AFTER_SETTLED_FRACTION >= g.node_count() as u64;
        if due && self.bounds.is_none() {
            self.bounds = Some(DetourBounds::build(g, c, p, start, DETOUR_LANDMARKS));
        }
        self.bounds.as_ref()
    }
}

impl RailNetwork {
    /// The network compiled into the binary, or None if it was built without one.
    ///
    /// ```
    /// use corridor::networks::rail::RailNetwork;
    ///
    /// let rail = RailNetwork::bundled().expect("built with the rail network");
    /// assert!(rail.graph().node_count() > 1000);
    /// assert!(rail.segment_names().contains(&"Severomuysky tunnel (BAM)"));
    /// ```
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
        let border_names = rows(BORDER_NAMES)
            .filter_map(|f| Some((f.first()?.parse().ok()?, *f.get(1)?)))
            .collect();
        let landmarks = Landmarks::open(LANDMARKS).ok()?;
        if landmarks.node_count() != graph.node_count() {
            return None;
        }
        let countries = std::iter::once("")
            .chain(
                graph
                    .node_tags()
                    .into_iter()
                    .map(|r| r.first().copied().unwrap_or("")),
            )
            .collect();
        let gauges_mm = graph
            .tags()
            .iter()
            .map(|r| r.first().and_then(|g| g.parse().ok()).unwrap_or(0))
            .collect();
        Some(RailNetwork {
            countries,
            gauges_mm,
            landmarks,
            border_names,
            graph,
            transfers,
            segments,
            scratch: RefCell::new(Scratch::default()),
            detour: RefCell::new(DetourCache::default()),
        })
    }

    /// This network with caches of its own, for routing on another thread: a network is
    /// used by one thread at a time, its caches unlocked.
    pub fn with_own_caches(&self) -> RailNetwork {
        RailNetwork {
            graph: self.graph,
            landmarks: self.landmarks,
            countries: self.countries.clone(),
            gauges_mm: self.gauges_mm.clone(),
            transfers: self.transfers.clone(),
            segments: self.segments.clone(),
            border_names: self.border_names.clone(),
            scratch: RefCell::default(),
            detour: RefCell::default(),
        }
    }

    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    /// The landmark table built for the graph (for callers of [`shortest_gauge_path`]).
    pub fn landmarks(&self) -> &Landmarks<'static> {
        &self.landmarks
    }

    /// Names of the closable segments, each once.
    pub fn segment_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.dedup();
        names
    }

    fn country(&self, u: u32) -> &'static str {
        self.countries
            .get(self.graph.node_tag(u) as usize)
            .copied()
            .unwrap_or("")
    }

    /// The node grid of the bundled graph, built on the first snap (a file of sea legs
    /// never needs it).
    fn grid(&self) -> &'static NodeGrid<'static> {
        static GRID: OnceLock<NodeGrid> = OnceLock::new();
        GRID.get_or_init(|| {
            NodeGrid::open(NODES, &self.graph).unwrap_or_else(|_| NodeGrid::new(&self.graph))
        })
    }

    /// The nearest node to a point (through the node grid, not a scan).
    pub fn snap(&self, p: (f64, f64)) -> (u32, Length) {
        // The grid ranks by a flat metric; measure its few best on the ellipsoid.
        self.grid()
            .nearest(&self.graph, p, 4)
            .into_iter()
            .map(|u| (u, geodesic::distance(p, self.graph.coord(u))))
            .min_by(|a, b| a.1.metres().total_cmp(&b.1.metres()).then(a.0.cmp(&b.0)))
            .expect("a non-empty network")
    }

    /// Turns closures and avoided countries into search constraints.
    pub fn constraints(&self, policy: &RailPolicy) -> Result<Constraints, RouteError> {
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
                return Err(RouteError::UnknownClosure {
                    closure: item.clone(),
                    segments: self.segment_names().into_iter().map(String::from).collect(),
                });
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
            let known: Vec<&str> = table.iter().filter_map(|r| r.first().copied()).collect();
            if let Some(code) = avoid.iter().filter(|c| !known.contains(&c.as_str())).min() {
                let mut known: Vec<String> = known.iter().map(|k| k.to_string()).collect();
                known.sort();
                return Err(RouteError::UnknownCountry {
                    code: code.clone(),
                    known,
                });
            }
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

    /// Routes through `waypoints` (origin, vias, destination), each (lon, lat).
    ///
    /// ```
    /// use corridor::networks::rail::RailNetwork;
    /// use corridor::networks::RouteError;
    /// use corridor::routes::RailPolicy;
    ///
    /// let rail = RailNetwork::bundled().expect("built with the rail network");
    /// let (minsk, moscow) = ((27.56653, 53.90019), (37.61781, 55.75204));
    /// let path = rail.route(&[minsk, moscow], &RailPolicy::default())?;
    /// // 677 km apart as the crow flies; the main line through Orsha and Smolensk.
    /// let km = path.distance.km();
    /// assert!((720.0..=800.0).contains(&km), "{km}");
    /// assert_eq!(path.countries, ["BY", "RU"]);
    /// assert!(path.transfers.is_empty(), "1520 mm all the way");
    ///
    /// // Avoiding Russia leaves Moscow out of reach.
    /// let avoid = RailPolicy {
    ///     avoid_countries: vec!["RU".into()],
    ///     ..Default::default()
    /// };
    /// let err = rail.route(&[minsk, moscow], &avoid).unwrap_err();
    /// assert_eq!(err.to_string(), "no rail path: the destination is in RU, a country to avoid");
    /// # Ok::<(), RouteError>(())
    /// ```
    pub fn route(
        &self,
        waypoints: &[(f64, f64)],
        policy: &RailPolicy,
    ) -> Result<RailPath, RouteError> {
        let c = self.constraints(policy)?;
        let snaps: Vec<(u32, Length)> = waypoints.iter().map(|&p| self.snap(p)).collect();
        self.check_ends_not_avoided(&snaps, policy)?;
        let (nodes, edges) = self.track(&snaps, &c, penalties(policy), policy)?;
        Ok(self.rail_path(waypoints, &snaps, &nodes, &edges))
    }

    /// No waypoint may lie in a country the leg avoids: the search could not leave it.
    fn check_ends_not_avoided(
        &self,
        snaps: &[(u32, Length)],
        policy: &RailPolicy,
    ) -> Result<(), RouteError> {
        for (i, &(node, _)) in snaps.iter().enumerate() {
            let cc = self.country(node);
            if policy
                .avoid_countries
                .iter()
                .any(|a| a.eq_ignore_ascii_case(cc))
            {
                return Err(RouteError::EndInAvoidedCountry {
                    end: End::of(i, snaps.len()),
                    country: cc.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The track through the snapped waypoints, leg by leg: its nodes and the directed edges
    /// between them.
    fn track(
        &self,
        snaps: &[(u32, Length)],
        c: &Constraints,
        penalties: Penalties,
        policy: &RailPolicy,
    ) -> Result<(Vec<u32>, Vec<u32>), RouteError> {
        let mut scratch = self.scratch.borrow_mut();
        let mut detour = self.detour.borrow_mut();
        let bounds = Bounds {
            landmarks: &self.landmarks,
            detour: detour.for_query(
                &self.graph,
                c,
                penalties,
                snaps[0].0,
                scratch.take_settled(),
            ),
        };
        let mut nodes: Vec<u32> = vec![snaps[0].0];
        let mut edges: Vec<u32> = Vec::new();
        let mut start_gauges = gauges_at(&self.graph, snaps[0].0);
        for w in snaps.windows(2) {
            let (from, to) = (w[0].0, w[1].0);
            let g = &self.graph;
            let path = shortest_gauge_path(
                g,
                bounds,
                from,
                start_gauges,
                to,
                c,
                penalties,
                &mut scratch,
            )
            .ok_or_else(|| no_path(policy))?;
            let path = self
                .same_gauge(
                    bounds,
                    (from, start_gauges, to),
                    c,
                    penalties,
                    &path,
                    &mut scratch,
                )
                .unwrap_or(path);
            // The train goes on from a via point on the gauge it arrived on.
            if !path.edges.is_empty() {
                start_gauges = 1 << path.layer;
            }
            nodes.extend(&path.nodes[1..]);
            edges.extend(path.edges);
        }
        Ok((nodes, edges))
    }

    /// The leg's path from its track: the points to draw, the sections between gauge
    /// changes and the countries passed.
    fn rail_path(
        &self,
        waypoints: &[(f64, f64)],
        snaps: &[(u32, Length)],
        nodes: &[u32],
        edges: &[u32],
    ) -> RailPath {
        let (snap_from, snap_to) = (snaps[0].1, snaps.last().expect("two snaps").1);
        let mut points = vec![waypoints[0]];
        for (&node, &edge) in nodes.iter().zip(edges) {
            points.push(self.graph.coord(node));
            points.extend(self.graph.geometry(edge));
        }
        points.push(self.graph.coord(*nodes.last().expect("a node")));
        points.push(*waypoints.last().expect("two waypoints"));
        points.dedup();
        let (sections, transfers) = self.sections(snaps, nodes, edges);
        let (countries, country_spans) = self.country_runs(nodes, waypoints);
        RailPath {
            points,
            distance: sections.iter().map(|s| s.0).sum(),
            snap_from,
            snap_to,
            transfers,
            sections,
            countries,
            country_spans,
        }
    }

    /// The track length of each stretch between gauge changes, in whole metres (so that
    /// they add up exactly to the leg) with its gauge in mm, the connectors included; and
    /// the transfer stations between the stretches.
    fn sections(
        &self,
        snaps: &[(u32, Length)],
        nodes: &[u32],
        edges: &[u32],
    ) -> (Vec<(Length, u16)>, Vec<String>) {
        let whole = |m: f64| Length::from_metres(m.round());
        let gauge_mm = |gi: usize| self.gauges_mm.get(gi).copied().unwrap_or(0);
        let mut sections: Vec<(Length, u16)> = Vec::new();
        let mut transfers = Vec::new();
        let mut section_m = snaps[0].1.metres();
        let mut gauge: Option<usize> = None;
        for (&node, &edge) in nodes.iter().zip(edges) {
            let e = self.graph.edge(edge);
            let g = gauge_index(e.tag);
            if let Some(prev) = gauge
                && prev != g
            {
                sections.push((whole(section_m), gauge_mm(prev)));
                section_m = 0.0;
                transfers.push(self.transfer_name(node));
            }
            gauge = Some(g);
            section_m += e.metres;
        }
        section_m += snaps.last().expect("two snaps").1.metres();
        let last_gauge = gauge.unwrap_or_else(|| {
            gauge_index(self.graph.edges(snaps[0].0).next().map_or(1, |e| e.tag))
        });
        sections.push((whole(section_m), gauge_mm(last_gauge)));
        (sections, transfers)
    }

    /// The name of the transfer station at `node` ("node N" for a gauge change the
    /// transfer list does not name).
    fn transfer_name(&self, node: u32) -> String {
        self.transfers
            .iter()
            .find(|t| t.0 == node)
            .map_or_else(|| format!("node {node}"), |t| t.1.clone())
    }

    /// Domestic traffic stays on its own gauge: when both ends lie on one gauge and the
    /// cheapest path still leaves it (because the costs were set low, or a long way round is
    /// all the gauge offers), the path on that gauge alone, if there is one.
    fn same_gauge(
        &self,
        bounds: Bounds,
        (from, start_gauges, to): (u32, u8, u32),
        c: &Constraints,
        penalties: Penalties,
        found: &GaugePath,
        scratch: &mut Scratch,
    ) -> Option<GaugePath> {
        let g = &self.graph;
        let changes = found
            .edges
            .windows(2)
            .any(|w| g.edge(w[0]).tag != g.edge(w[1]).tag);
        let common = start_gauges & gauges_at(g, to);
        if !changes || common == 0 {
            return None;
        }
        let keep = common.trailing_zeros() as usize;
        let mut only = c.clone();
        // Edge tag t carries gauge index t - 1; tag 0 (untagged) stays open.
        only.blocked = (0..=GAUGES).map(|t| t != 0 && t - 1 != keep).collect();
        // The bounds hold: fewer edges only lengthen paths.
        shortest_gauge_path(g, bounds, from, 1 << keep, to, &only, penalties, scratch)
    }

    /// The countries a node sequence passes, in order, with where it enters and leaves each.
    fn country_runs(
        &self,
        nodes: &[u32],
        waypoints: &[(f64, f64)],
    ) -> (Vec<String>, Vec<CountrySpan>) {
        let mut spans: Vec<CountrySpan> = Vec::new();
        for &u in nodes {
            let cc = self.country(u);
            if cc.is_empty() {
                continue;
            }
            let at = self.graph.coord(u);
            let name = self
                .border_names
                .binary_search_by_key(&u, |b| b.0)
                .ok()
                .map(|i| self.border_names[i].1.to_string());
            match spans.last_mut() {
                Some(last) if last.country == cc => {
                    last.exit = at;
                    last.exit_name = name;
                }
                _ => spans.push(CountrySpan {
                    country: cc.to_string(),
                    entry: at,
                    exit: at,
                    entry_name: name.clone(),
                    exit_name: name,
                }),
            }
        }
        if let Some(first) = spans.first_mut() {
            first.entry = waypoints[0];
            first.entry_name = None;
        }
        if let Some(last) = spans.last_mut() {
            last.exit = *waypoints.last().expect("two waypoints");
            last.exit_name = None;
        }
        (spans.iter().map(|s| s.country.clone()).collect(), spans)
    }
}

/// The routing costs of gauge changes and border crossings a leg is routed under.
fn penalties(policy: &RailPolicy) -> Penalties {
    Penalties {
        gauge_change_m: policy.gauge_change_km.unwrap_or(DEFAULT_GAUGE_CHANGE_KM) * 1000.0,
        border_crossing_m: policy
            .border_crossing_km
            .unwrap_or(DEFAULT_BORDER_CROSSING_KM)
            * 1000.0,
    }
}

/// Why a leg found no track: the switches it was routed under, if any.
fn no_path(policy: &RailPolicy) -> RouteError {
    if policy.is_empty() {
        RouteError::NoRailPath
    } else {
        RouteError::NoRailPathWith {
            closed: policy.close.clone(),
            avoided: policy.avoid_countries.clone(),
        }
    }
}

/// Parses `lon,lat` (a station to close by position).
fn parse_lon_lat(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    let (lon, lat) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}
