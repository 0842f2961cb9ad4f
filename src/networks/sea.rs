//! Sea legs on shipping lanes: snap ports to the bundled maritime network by land-free
//! connectors, route between them with passages allowed, avoided or required, and report
//! the passages crossed.
//!
//! Routes minimise distance plus canal allowances ([`super::passage_cost`]). Queries that
//! only allow or avoid passages use the contraction hierarchy built with the binary
//! ([`super::ch`]); queries that require passages use A* over (node, passages passed).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::ch::{Ch, SearchSpace, tag_bit};
use super::coast::CoastGrid;
use super::error::{Passage, RouteError};
use super::graph::Graph;
use super::node_grid::NodeGrid;
use super::port_connectors::PortConnectors;
use super::shortest_path::{Constraints, Path, shortest_path};
use super::water_grid::{
    self, NoWaterPath, OpenWater, try_shorter_water_path, try_water_path, water_path,
    water_path_near,
};
use crate::geometry::{geodesic, lambert};
use crate::hash::QuickMap;
use crate::routes::PassagePolicy;
use crate::units::Length;

static GRAPH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.graph"));
/// The grid of the nodes, for the nearest to a point (see [`NodeGrid`]).
static NODES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.nodes"));
static COAST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/coast.grid"));
static CH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.ch"));
/// Each directed edge's geodesic length, by edge index (f64, little-endian; `build.rs`).
static LANE_LENGTHS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.lengths"));
static WATERS: &str = include_str!(concat!(env!("OUT_DIR"), "/sea.waters"));
/// The gazetteer's seaports' connectors (see [`super::port_connectors`]).
static PORTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sea.ports"));

/// Passages that lead somewhere only together: allowing the first allows the second, unless
/// the leg avoids the second by name. The Northern Sea Route and the Northwest Passage reach
/// the Pacific only through the Bering Strait.
pub const GOES_WITH: &[(&str, &str)] = &[
    ("northern-sea-route", "bering"),
    ("northwest-passage", "bering"),
];
/// Passages a ship takes together on its way between two seas: naming one of a pair names
/// the other (for [`SeaNetwork::unnamed_passages`]).
pub const ONE_WAY_THROUGH: &[(&str, &str)] =
    &[("suez", "babelmandeb"), ("bosporus", "dardanelles")];

/// How many nearest nodes are tried when looking for a land-free connector.
const SNAP_CANDIDATES: usize = 40;
/// A port's own coordinate often lies a little inland; crossings this close to it are the
/// shore, not a peninsula.
const SHORE_TOLERANCE_KM: f64 = 3.0;
/// Snaps longer than this are reported as warnings.
pub const SNAP_WARN_KM: f64 = 50.0;

/// A segment's ends as the bits of lon, lat, lon, lat.
type SegmentBits = (u64, u64, u64, u64);

/// A port joined to the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Snap {
    pub node: u32,
    /// Along the connector.
    pub distance: Length,
    /// False when no land-free connector was found.
    pub land_free: bool,
    /// The connector's vertices between the port and the node, when it bends round land
    /// (empty for a straight connector).
    pub line: Vec<(f64, f64)>,
}

/// Half the side of the window searched for a connector over water, and its cell size.
const WATER_WINDOW_KM: f64 = 60.0;
const WATER_CELL_KM: f64 = 0.5;
/// Ports closer than this are also joined along the coast, without the lanes, and the
/// shorter way is taken (lanes are drawn for through traffic, offshore).
const COASTAL_MAX_KM: f64 = 500.0;
/// ... and when the lanes are this many times the straight distance or more.
const COASTAL_DETOUR: f64 = 1.15;
/// A way along the coast found on coarse cells is refined within this distance of it.
const COASTAL_REFINE_KM: f64 = 10.0;
/// How many times a plain search's cells the search for a way shorter than the refined one
/// may expand.
const COASTAL_SHORTER_TIMES: usize = 8;

/// A sea leg's path.
#[derive(Debug, Clone, PartialEq)]
pub struct SeaPath {
    /// (lon, lat) from the origin port through the network to the destination port; empty
    /// when routed for the numbers only ([`SeaNetwork::route_snapped_numbers`]).
    pub points: Vec<(f64, f64)>,
    /// Along the geodesics: the connector from the origin, each lane followed (measured when
    /// the binary was built, [`SeaNetwork::lane_metres`]), the connector to the destination,
    /// added in that order; for a way along the coast, its line.
    pub distance: Length,
    /// Passage names in the order crossed, each once.
    pub passages: Vec<String>,
    pub snap_from: Snap,
    pub snap_to: Snap,
}

/// How much of a path to make: its line, or only its numbers (distance, passages, connectors),
/// which are the same to the bit either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Line,
    Numbers,
}

/// A way along the coast between two ports (see [`SeaNetwork::coastal`]).
#[derive(Debug, Clone)]
struct CoastalWay {
    points: Vec<(f64, f64)>,
    metres: f64,
}

/// Two ports' positions as a key that does not depend on which is the leg's origin, and
/// whether the leg runs against the key's order.
fn coastal_key(from: (f64, f64), to: (f64, f64)) -> (SegmentBits, bool) {
    let (f, t) = (
        (from.0.to_bits(), from.1.to_bits()),
        (to.0.to_bits(), to.1.to_bits()),
    );
    let reversed = t < f;
    let (a, b) = if reversed { (t, f) } else { (f, t) };
    ((a.0, a.1, b.0, b.1), reversed)
}

/// A passage a leg crosses without naming it, although it could go round (see
/// [`SeaNetwork::unnamed_passages`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UnnamedPassage {
    pub slug: &'static str,
    pub name: &'static str,
    /// The leg's way with the passage avoided.
    pub way_round: SeaPath,
}

/// The bundled maritime network and coastline.
pub struct SeaNetwork {
    graph: Graph<'static>,
    coast: CoastGrid<'static>,
    ch: Ch<'static>,
    /// The gazetteer's seaports' connectors, found when the binary was built.
    ports: PortConnectors<'static>,
    /// Connectors already found, by port position: a file names the same ports again and
    /// again, and a connector round land costs a grid search. Shared with the copies made
    /// for other threads ([`SeaNetwork::with_own_caches`]).
    snaps: Arc<Mutex<HashMap<(u64, u64), Snap>>>,
    /// Ways along the coast found, by their ends' bits in [`coastal_key`]'s order (None
    /// when the window holds none): a leg and its return share one.
    coastal_ways: RefCell<QuickMap<SegmentBits, Option<CoastalWay>>>,
    /// Connected components of the network under a set of blocked passages, for the error
    /// that says which waters a leg's ends lie in.
    components: RefCell<Option<(Vec<bool>, Vec<u32>)>>,
    /// The hierarchy's upward searches done, by (node, passages blocked): each serves every
    /// later path from or to its node, on any thread (shared with the copies made for other
    /// threads, as a port's search costs tens of microseconds where a merge costs one).
    search_spaces: SearchSpaces,
}

type SearchSpaces = Arc<Mutex<HashMap<(u32, u32), Arc<SearchSpace>>>>;

impl SeaNetwork {
    /// The network compiled into the binary, or None if it was built without one.
    ///
    /// ```
    /// use corridor::networks::sea::SeaNetwork;
    ///
    /// let sea = SeaNetwork::bundled().expect("built with the sea network");
    /// assert!(sea.graph().node_count() > 1000);
    /// assert!(sea.passages().iter().any(|p| p.0 == "suez"));
    /// ```
    pub fn bundled() -> Option<SeaNetwork> {
        let graph = Graph::open(GRAPH).ok()?;
        let coast = CoastGrid::open(COAST).ok()?;
        let ch = Ch::open(CH).ok()?;
        let ports = PortConnectors::open(PORTS).ok()?;
        if graph.node_count() == 0
            || ch.node_count() != graph.node_count()
            || LANE_LENGTHS.len() != 8 * graph.edge_count()
        {
            return None;
        }
        Some(SeaNetwork {
            graph,
            coast,
            ch,
            ports,
            snaps: Arc::default(),
            coastal_ways: RefCell::default(),
            components: RefCell::new(None),
            search_spaces: Arc::default(),
        })
    }

    /// This network for routing on another thread, with caches of its own but for the
    /// connectors found, which every copy shares.
    pub fn with_own_caches(&self) -> SeaNetwork {
        SeaNetwork {
            graph: self.graph,
            coast: self.coast,
            ch: self.ch,
            ports: self.ports,
            snaps: Arc::clone(&self.snaps),
            coastal_ways: RefCell::default(),
            components: RefCell::default(),
            search_spaces: Arc::clone(&self.search_spaces),
        }
    }

    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    /// The node grid of the bundled graph, built on the first snap.
    fn grid(&self) -> &'static NodeGrid<'static> {
        static GRID: OnceLock<NodeGrid> = OnceLock::new();
        GRID.get_or_init(|| {
            NodeGrid::open(NODES, &self.graph).unwrap_or_else(|_| NodeGrid::new(&self.graph))
        })
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

    /// Every passage as the table lists it: slug, name, default (`allow` or `avoid`),
    /// routing allowance in hours (empty = none), what it connects (empty = not stated) and
    /// whether a leg must name it to use it (`yes`, see [`SeaNetwork::unnamed_passages`]).
    /// Read once a process (every sea leg asks which passages it must name).
    pub fn passage_table(&self) -> &'static [[&'static str; 6]] {
        static TABLE: OnceLock<Vec<[&str; 6]>> = OnceLock::new();
        TABLE.get_or_init(|| {
            self.graph
                .tags()
                .into_iter()
                .map(|r| std::array::from_fn(|i| r.get(i).copied().unwrap_or("").trim()))
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
    pub fn check_passage(&self, slug: &str) -> Result<(), RouteError> {
        if self.tag(slug).is_some() {
            return Ok(());
        }
        Err(RouteError::UnknownPassage {
            slug: slug.to_string(),
            known: self.passages().iter().map(|p| p.0.to_string()).collect(),
        })
    }

    /// The slug and name of passage tag `t`.
    fn passage(&self, t: usize) -> Passage {
        let (slug, name, _) = self.passages()[t - 1];
        Passage {
            slug: slug.to_string(),
            name: name.to_string(),
        }
    }

    fn constraints(&self, policy: &PassagePolicy) -> Constraints {
        let tags = self.passages();
        let mut blocked = vec![false; tags.len() + 1];
        let allowed = |slug: &str| {
            policy.allow.iter().any(|a| a == slug)
                || GOES_WITH
                    .iter()
                    .any(|&(first, then)| then == slug && policy.allow.iter().any(|a| a == first))
        };
        for (i, (slug, _, default)) in tags.iter().enumerate() {
            let by_default = *default == "avoid" && !allowed(slug);
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

    /// The geodesic length in metres of directed edge `edge` (as in
    /// [`super::graph::Edge::index`]), measured when the binary was built: the length
    /// [`geodesic::distance`] gives between its ends, to the bit.
    pub fn lane_metres(&self, edge: u32) -> f64 {
        super::bytes::f64_at(LANE_LENGTHS, edge as usize * 8)
    }

    /// Joins a point to the nearest node it can reach without crossing land.
    pub fn snap(&self, p: (f64, f64)) -> Snap {
        if let Some(c) = self.ports.get(p) {
            return Snap {
                node: c.node,
                distance: Length::from_metres(c.metres),
                land_free: c.land_free,
                line: c.line,
            };
        }
        let key = (p.0.to_bits(), p.1.to_bits());
        let snaps = || self.snaps.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = snaps().get(&key) {
            return s.clone();
        }
        // Not locked meanwhile: another thread may join the same point, to the same node.
        let s = self.searched_snap(p);
        snaps().insert(key, s.clone());
        s
    }

    /// The fingerprint of the lanes and coastline that the bundled seaports' connectors must
    /// have been made from (see [`super::port_connectors`]).
    pub fn fingerprint() -> u64 {
        super::port_connectors::fingerprint(&[GRAPH, NODES, COAST])
    }

    /// How many seaport positions the bundled table of connectors holds.
    pub fn bundled_port_count(&self) -> usize {
        self.ports.len()
    }

    /// [`SeaNetwork::snap`] searched afresh, as for a point the bundled table of the
    /// gazetteer's seaports does not hold (which is made with it).
    pub fn searched_snap(&self, p: (f64, f64)) -> Snap {
        // Ranked by Lambert's formula (metres from Karney's); only the chosen connector is
        // measured exactly.
        let origin = lambert::Origin::new(p);
        let mut cands: Vec<(f64, u32)> = self
            .grid()
            .nearest(&self.graph, p, SNAP_CANDIDATES)
            .into_iter()
            .map(|u| (origin.distance_m(self.graph.coord(u)), u))
            .collect();
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let chosen = cands
            .iter()
            .find(|&&(d, u)| self.connector_is_land_free(p, self.graph.coord(u), d / 1000.0));
        let straight = chosen.map(|&(_, node)| Snap {
            node,
            distance: geodesic::distance(p, self.graph.coord(node)),
            land_free: true,
            line: Vec::new(),
        });
        // Land between the port and its nearest nodes (the straight connector goes to a node
        // well beyond them): find the way out over water, and take it when it is shorter.
        let nearest_km = cands.first().map_or(0.0, |c| c.0 / 1000.0);
        let blocked = straight
            .as_ref()
            .is_none_or(|s| s.distance.km() > (nearest_km + 5.0).max(1.5 * nearest_km));
        let by_water = if blocked {
            self.water_connector(p, &cands)
        } else {
            None
        };
        match (straight, by_water) {
            (Some(s), Some(w)) if w.distance < s.distance => w,
            (Some(s), _) => s,
            (None, Some(w)) => w,
            (None, None) => Snap {
                node: cands[0].1,
                distance: geodesic::distance(p, self.graph.coord(cands[0].1)),
                land_free: false,
                line: Vec::new(),
            },
        }
    }

    /// A connector that follows the water round headlands and out of bays (see
    /// [`super::water_grid`]), to the first node it reaches.
    fn water_connector(&self, p: (f64, f64), cands: &[(f64, u32)]) -> Option<Snap> {
        let targets: Vec<((f64, f64), f64)> = cands
            .iter()
            .filter(|c| c.0 / 1000.0 < WATER_WINDOW_KM)
            .map(|&(_, u)| (self.graph.coord(u), 0.0))
            .collect();
        let found = water_path(
            &self.coast,
            p,
            &targets,
            SHORE_TOLERANCE_KM,
            (WATER_WINDOW_KM, WATER_CELL_KM),
            OpenWater::Cells,
        )?;
        let node = cands
            .iter()
            .filter(|c| c.0 / 1000.0 < WATER_WINDOW_KM)
            .nth(found.target)?
            .1;
        let line = found.points[1..found.points.len() - 1].to_vec();
        Some(Snap {
            node,
            distance: Length::from_metres(water_grid::length_m(&found.points)),
            land_free: true,
            line,
        })
    }

    /// The straight connector from a port to a node, ignoring the first few kilometres
    /// (the port's own shore).
    fn connector_is_land_free(&self, port: (f64, f64), node: (f64, f64), km: f64) -> bool {
        let dlon = super::lon_delta(node.0 - port.0);
        if km <= SHORE_TOLERANCE_KM {
            return true;
        }
        let t = SHORE_TOLERANCE_KM / km;
        let start = (port.0 + t * dlon, port.1 + t * (node.1 - port.1));
        !self.coast.crosses(start, (port.0 + dlon, node.1))
    }

    /// The first segment of a line that crosses land, as its index, ignoring the first and
    /// last few kilometres (the ports' own shores). For explicit sea paths.
    pub fn line_crosses_land(&self, points: &[(f64, f64)]) -> Option<usize> {
        let n = points.len();
        (0..n.saturating_sub(1)).find(|&i| {
            let (mut a, mut b) = (points[i], points[i + 1]);
            let b_unwrapped = (a.0 + super::lon_delta(b.0 - a.0), b.1);
            let km = geodesic::distance(a, b).km();
            let cut = |from: (f64, f64), to: (f64, f64)| {
                let t = (SHORE_TOLERANCE_KM / km).min(1.0);
                (from.0 + t * (to.0 - from.0), from.1 + t * (to.1 - from.1))
            };
            b = b_unwrapped;
            if i == 0 {
                a = cut(a, b);
            }
            if i + 2 == n {
                b = cut(b, a);
            }
            km > 0.0 && self.coast.crosses(a, b)
        })
    }

    /// A point of a line that lies on land although the line crosses no coast (a path drawn
    /// wholly inland: lat/lon swapped, a wrong sign), with the index of its segment: the
    /// first point along the line more than the ports' shore allowance from both ends (a
    /// segment's vertex or midpoint). A line that [`SeaNetwork::line_crosses_land`] passes
    /// lies wholly on water or wholly on land between its ends' shores, so one point tells.
    pub fn line_on_land(&self, points: &[(f64, f64)]) -> Option<(usize, (f64, f64))> {
        let (first, last) = (points.first()?, points.last()?);
        let offshore = |p: (f64, f64)| {
            geodesic::distance(*first, p).km() > SHORE_TOLERANCE_KM
                && geodesic::distance(*last, p).km() > SHORE_TOLERANCE_KM
        };
        let (i, p) = points.windows(2).enumerate().find_map(|(i, s)| {
            let b = (s[0].0 + super::lon_delta(s[1].0 - s[0].0), s[1].1);
            let mid = ((s[0].0 + b.0) / 2.0, (s[0].1 + b.1) / 2.0);
            [s[0], mid]
                .into_iter()
                .find(|&p| offshore(p))
                .map(|p| (i, p))
        })?;
        self.coast.on_land(p).then_some((i, p))
    }

    /// The hierarchy's upward search from `node` with the passages `blocked`, kept.
    fn search_space(&self, node: u32, blocked: u32) -> Arc<SearchSpace> {
        let spaces = || {
            self.search_spaces
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(s) = spaces().get(&(node, blocked)) {
            return Arc::clone(s);
        }
        // Not locked meanwhile: another thread may search from the same node, alike.
        let s = Arc::new(self.ch.search_space(node, blocked));
        spaces().insert((node, blocked), Arc::clone(&s));
        s
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
        let found = self.ch.route_between(
            &self.search_space(from, blocked),
            &self.search_space(to, blocked),
        )?;
        let mut nodes = Vec::with_capacity(found.steps.len() + 1);
        nodes.push(from);
        let (mut edges, mut metres) = (Vec::with_capacity(found.steps.len()), 0.0);
        for &(node, edge) in &found.steps {
            nodes.push(node);
            edges.push(edge);
            metres += self.lane_metres(edge);
        }
        Some(Path {
            nodes,
            edges,
            metres,
            cost: found.cost,
            layer: mask,
        })
    }

    /// Routes through `waypoints` (origin, vias, destination), each (lon, lat).
    ///
    /// ```
    /// use corridor::networks::sea::SeaNetwork;
    /// use corridor::networks::RouteError;
    /// use corridor::routes::PassagePolicy;
    ///
    /// let sea = SeaNetwork::bundled().expect("built with the sea network");
    /// // Port of Rajin (North Korea) to the Port of Vladivostok, 160 km apart as the crow
    /// // flies: along the coast, as the offshore lanes run 225 km.
    /// let (rajin, vladivostok) = ((130.3, 42.233333), (131.888333, 43.108889));
    /// let path = sea.route(&[rajin, vladivostok], &PassagePolicy::default())?;
    /// let km = path.distance.km();
    /// assert!((160.0..=200.0).contains(&km), "{km}");
    /// assert!(path.passages.is_empty());
    ///
    /// // A passage the network does not know is a typed error.
    /// let policy = PassagePolicy {
    ///     avoid: vec!["suez-canal".into()],
    ///     ..Default::default()
    /// };
    /// assert!(matches!(
    ///     sea.check_passage(&policy.avoid[0]),
    ///     Err(RouteError::UnknownPassage { .. })
    /// ));
    /// # Ok::<(), RouteError>(())
    /// ```
    pub fn route(
        &self,
        waypoints: &[(f64, f64)],
        policy: &PassagePolicy,
    ) -> Result<SeaPath, RouteError> {
        let snaps: Vec<Snap> = waypoints.iter().map(|&p| self.snap(p)).collect();
        self.route_snapped(waypoints, snaps, policy)
    }

    /// [`SeaNetwork::route`] with the waypoints already joined to the network (by
    /// [`SeaNetwork::snap`]), for a caller that checks the connectors first.
    pub fn route_snapped(
        &self,
        waypoints: &[(f64, f64)],
        snaps: Vec<Snap>,
        policy: &PassagePolicy,
    ) -> Result<SeaPath, RouteError> {
        self.route_in_detail(waypoints, snaps, policy, Detail::Line)
    }

    /// [`SeaNetwork::route_snapped`] without the line, for a caller that wants the numbers
    /// only: `points` is left empty, and the rest is the same to the bit.
    ///
    /// ```
    /// use corridor::networks::sea::SeaNetwork;
    /// use corridor::routes::PassagePolicy;
    ///
    /// let sea = SeaNetwork::bundled().expect("built with the sea network");
    /// let (rajin, zhoushan) = ((130.3, 42.233333), (122.1, 29.983333));
    /// let snaps = vec![sea.snap(rajin), sea.snap(zhoushan)];
    /// let policy = PassagePolicy::default();
    /// let line = sea.route_snapped(&[rajin, zhoushan], snaps.clone(), &policy).unwrap();
    /// let numbers = sea.route_snapped_numbers(&[rajin, zhoushan], snaps, &policy).unwrap();
    /// assert!(numbers.points.is_empty() && line.points.len() > 2);
    /// assert_eq!(numbers.distance, line.distance);
    /// assert_eq!(numbers.passages, line.passages);
    /// ```
    pub fn route_snapped_numbers(
        &self,
        waypoints: &[(f64, f64)],
        snaps: Vec<Snap>,
        policy: &PassagePolicy,
    ) -> Result<SeaPath, RouteError> {
        self.route_in_detail(waypoints, snaps, policy, Detail::Numbers)
    }

    fn route_in_detail(
        &self,
        waypoints: &[(f64, f64)],
        snaps: Vec<Snap>,
        policy: &PassagePolicy,
        detail: Detail,
    ) -> Result<SeaPath, RouteError> {
        let c = self.constraints(policy);
        // The network part: nodes in order, and the (tag, lane length) of each edge between
        // them.
        let mut nodes = vec![snaps[0].node];
        let mut edges: Vec<(u8, f64)> = Vec::new();
        let mut mask = 0u32;
        for i in 0..snaps.len() - 1 {
            let last = i + 2 == snaps.len();
            let path = self
                .path(snaps[i].node, mask, snaps[i + 1].node, &c, last)
                .ok_or_else(|| self.why_no_path(snaps[i].node, snaps[i + 1].node, &c))?;
            mask = path.layer;
            nodes.extend(&path.nodes[1..]);
            edges.extend(
                path.edges
                    .iter()
                    .map(|&e| (self.graph.edge_tag(e), self.lane_metres(e))),
            );
        }
        self.check_required_crossed(&nodes, &edges, &c)?;
        let (from, to) = (waypoints[0], *waypoints.last().expect("two waypoints"));
        let (snap_from, start) = self.trim_overshoot(from, snaps[0].clone(), &nodes, &edges, false);
        let (snap_to, end) = self.trim_overshoot(
            to,
            snaps.last().expect("two snaps").clone(),
            &nodes[start..],
            &edges[start..],
            true,
        );
        let (nodes, edges) = (
            &nodes[start..nodes.len() - end],
            &edges[start..edges.len() - end],
        );
        // One sum in one order, whatever the detail, so both give the same bits.
        let metres = snap_from.distance.metres()
            + edges.iter().fold(0.0, |sum, e| sum + e.1)
            + snap_to.distance.metres();
        let line = |snap_from: &Snap, snap_to: &Snap| {
            let mut points = Vec::with_capacity(nodes.len() + 2);
            points.push(from);
            points.extend(&snap_from.line);
            points.extend(nodes.iter().map(|&u| self.graph.coord(u)));
            points.extend(snap_to.line.iter().rev());
            points.push(to);
            points.dedup();
            points
        };
        let tags = edges.iter().map(|e| e.0).filter(|&t| t != 0);
        let names = self.passages();
        let mut passages: Vec<String> = Vec::new();
        for t in tags {
            let name = names[t as usize - 1].1.to_string();
            if passages.last() != Some(&name) && !passages.contains(&name) {
                passages.push(name);
            }
        }
        let by_lanes = SeaPath {
            points: match detail {
                Detail::Line => line(&snap_from, &snap_to),
                Detail::Numbers => Vec::new(),
            },
            distance: Length::from_metres(metres),
            passages,
            snap_from,
            snap_to,
        };
        // A coastal leg: two ports on one coast, the lanes crossing no passage and the leg
        // naming none (a coastal way is not tagged with the straits it might pass).
        if waypoints.len() == 2 && policy.require.is_empty() && by_lanes.passages.is_empty() {
            if policy.avoid.is_empty() {
                let lanes_line = || line(&by_lanes.snap_from, &by_lanes.snap_to);
                if let Some(mut coastal) = self.coastal(from, to, &by_lanes, lanes_line) {
                    if detail == Detail::Numbers {
                        coastal.points = Vec::new();
                    }
                    return Ok(coastal);
                }
            } else if let Some(plain) =
                self.passing_nothing_avoided(waypoints, &snaps, policy, detail)
            {
                return Ok(plain);
            }
        }
        Ok(by_lanes)
    }

    /// The leg as if it avoided nothing, when that way crosses no passage at all: then it
    /// avoids whatever the leg avoids, and may follow the coast. (Else a what-if avoiding the
    /// Korea Strait would lengthen Rajin → Vladivostok, which is nowhere near it, to the
    /// offshore lanes.)
    fn passing_nothing_avoided(
        &self,
        waypoints: &[(f64, f64)],
        snaps: &[Snap],
        policy: &PassagePolicy,
        detail: Detail,
    ) -> Option<SeaPath> {
        let plain = PassagePolicy {
            avoid: Vec::new(),
            ..policy.clone()
        };
        let way = self
            .route_in_detail(waypoints, snaps.to_vec(), &plain, detail)
            .ok()?;
        way.passages.is_empty().then_some(way)
    }

    /// The passages marked `confirm` in `passages.tsv` that `path` crosses although `policy`
    /// does not name them (in `allow`, `require` or `named`; one of a pair in [`ONE_WAY_THROUGH`] names
    /// both), each with the leg's way round it. A
    /// passage the leg cannot avoid under its switches (the Bosporus out of the Black Sea)
    /// needs no naming and is left out.
    pub fn unnamed_passages(
        &self,
        waypoints: &[(f64, f64)],
        snaps: &[Snap],
        policy: &PassagePolicy,
        named: &[String],
        path: &SeaPath,
    ) -> Vec<UnnamedPassage> {
        let said = |slug: &str| {
            policy
                .allow
                .iter()
                .chain(&policy.require)
                .chain(named)
                .any(|s| s == slug)
        };
        let named = |slug: &str| {
            said(slug)
                || ONE_WAY_THROUGH
                    .iter()
                    .any(|&(a, b)| (a == slug && said(b)) || (b == slug && said(a)))
        };
        let table = self.passage_table();
        let mut out = Vec::new();
        // In the order crossed.
        for crossed in &path.passages {
            let Some(&[slug, name, _, _, _, confirm]) = table.iter().find(|r| r[1] == crossed)
            else {
                continue;
            };
            if confirm != "yes" || named(slug) {
                continue;
            }
            let mut round = policy.clone();
            round.avoid.push(slug.to_string());
            if let Ok(way_round) = self.route_snapped(waypoints, snaps.to_vec(), &round) {
                out.push(UnnamedPassage {
                    slug,
                    name,
                    way_round,
                });
            }
        }
        out
    }

    /// Whether a leg between `from` and `to` may be searched along the coast (see
    /// [`SeaNetwork::route`]): ports closer than [`COASTAL_MAX_KM`]. Such a search costs a
    /// millisecond where a leg by the lanes costs a hundredth of one, so a planner starts
    /// them first.
    pub fn may_search_coast(from: (f64, f64), to: (f64, f64)) -> bool {
        lambert::distance_m(from, to) < COASTAL_MAX_KM * 1000.0
    }

    /// The way along the coast between two ports, when it beats the lanes: only tried for
    /// ports closer than [`COASTAL_MAX_KM`] whose lanes go well out of the way. The way is
    /// searched from the port first in [`coastal_key`]'s order, so a leg and its return
    /// follow one line (a grid search from each end may settle on lines a few kilometres
    /// apart). `lanes_line` makes the line of `by_lanes`, which a port the coast puts inland
    /// needs.
    fn coastal(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        by_lanes: &SeaPath,
        lanes_line: impl FnOnce() -> Vec<(f64, f64)>,
    ) -> Option<SeaPath> {
        let km = geodesic::distance(from, to).km();
        if km >= COASTAL_MAX_KM || by_lanes.distance.km() <= COASTAL_DETOUR * km {
            return None;
        }
        let (key, reversed) = coastal_key(from, to);
        let (a, b) = if reversed { (to, from) } else { (from, to) };
        let way = self
            .coastal_ways
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                self.coastal_way(a, b).or_else(|| {
                    let mut lanes = lanes_line();
                    if reversed {
                        lanes.reverse();
                    }
                    self.coastal_way_out_of_rivers(&lanes)
                })
            })
            .clone()?;
        if way.metres >= by_lanes.distance.metres() {
            return None;
        }
        let mut points = way.points;
        if reversed {
            points.reverse();
        }
        let at = |snap: &Snap| Snap {
            node: snap.node,
            distance: Length::ZERO,
            land_free: true,
            line: Vec::new(),
        };
        Some(SeaPath {
            points,
            distance: Length::from_metres(way.metres),
            passages: Vec::new(),
            snap_from: at(&by_lanes.snap_from),
            snap_to: at(&by_lanes.snap_to),
        })
    }

    /// The water path from port `a` to port `b`, and its length.
    fn coastal_way(&self, a: (f64, f64), b: (f64, f64)) -> Option<CoastalWay> {
        // Measured this way round: the window must not depend on the leg's direction.
        let km = geodesic::distance(a, b).km();
        // Cells of 1 km beyond 100 km: a fourth of the cells, the way within 0.2 %.
        let cell = if km < 100.0 {
            WATER_CELL_KM
        } else {
            2.0 * WATER_CELL_KM
        };
        let (target, half) = ([(b, SHORE_TOLERANCE_KM)], km + 30.0);
        // Open water a block of cells at a time, in every search below (see `OpenWater`).
        let blocks = OpenWater::Blocks;
        let w = match try_water_path(
            &self.coast,
            (a, &target),
            SHORE_TOLERANCE_KM,
            (half, cell),
            blocks,
        ) {
            Ok(w) => w,
            Err(NoWaterPath::NoWay) => return None,
            // The search gives up after a bound on its cells, and a long way round
            // (Westport → Akaroa, New Zealand, by Cook Strait: 686 km, where the lanes run
            // 1,899 km) is beyond it. Cells twice the size cover four times the water within
            // it; the way they find is refined on the cells near it. But a strait narrower
            // than the coarse cells is closed to them (Rockport, Maine → Brae Harbour, Prince
            // Edward Island: 1,317 km round Cape Breton, 1,031 km by the Strait of Canso), so
            // the search is run again for a shorter way, on the cells that could hold one.
            // Of the two ways, the shorter once pulled straight is taken (the fewest cells
            // do not always pull straight to the shortest line).
            Err(NoWaterPath::GaveUp) => {
                let rough = water_path(
                    &self.coast,
                    a,
                    &target,
                    SHORE_TOLERANCE_KM,
                    (half, 2.0 * cell),
                    blocks,
                )?;
                let near = water_path_near(
                    &self.coast,
                    (a, &target),
                    SHORE_TOLERANCE_KM,
                    (half, cell),
                    (&rough.points, COASTAL_REFINE_KM),
                    blocks,
                )?;
                let shorter = try_shorter_water_path(
                    &self.coast,
                    (a, &target),
                    SHORE_TOLERANCE_KM,
                    (half, cell),
                    (&near, COASTAL_SHORTER_TIMES),
                    blocks,
                );
                match shorter {
                    Ok(w)
                        if water_grid::length_m(&w.points)
                            <= water_grid::length_m(&near.points) =>
                    {
                        w
                    }
                    _ => near,
                }
            }
        };
        Some(CoastalWay {
            metres: water_grid::length_m(&w.points),
            points: w.points,
        })
    }

    /// A way along the coast for ports that the coastline puts inland (up a river, at the back
    /// of a bay it draws as land), where no search over water can start: the lanes' own way
    /// from each port to the first point they reach on open water, and the way along the
    /// coast between those two points. None when the lanes never reach open water, or reach
    /// it at once at both ends (from there the search has just failed).
    fn coastal_way_out_of_rivers(&self, lanes: &[(f64, f64)]) -> Option<CoastalWay> {
        let i = lanes.iter().position(|&p| !self.coast.on_land(p))?;
        let j = lanes.iter().rposition(|&p| !self.coast.on_land(p))?;
        if i >= j || (i <= 1 && j + 2 >= lanes.len()) {
            return None;
        }
        let between = self.coastal_way(lanes[i], lanes[j])?;
        let mut points = lanes[..i].to_vec();
        points.extend(between.points);
        points.extend_from_slice(&lanes[j + 1..]);
        Some(CoastalWay {
            metres: water_grid::length_m(&points),
            points,
        })
    }

    /// A required passage must be crossed, not entered and left the way the path came in
    /// (which is all a passage off the way can offer).
    fn check_required_crossed(
        &self,
        nodes: &[u32],
        edges: &[(u8, f64)],
        c: &Constraints,
    ) -> Result<(), RouteError> {
        for &t in &c.required {
            let mut seen: Vec<((u32, u32), usize)> = Vec::new();
            for (k, e) in edges.iter().enumerate() {
                if e.0 != t {
                    continue;
                }
                let pair = (nodes[k].min(nodes[k + 1]), nodes[k].max(nodes[k + 1]));
                match seen.iter_mut().find(|(p, _)| *p == pair) {
                    Some((_, n)) => *n += 1,
                    None => seen.push((pair, 1)),
                }
            }
            if !seen.is_empty() && seen.iter().all(|&(_, n)| n % 2 == 0) {
                return Err(RouteError::RequiredPassageOffTheWay {
                    passage: self.passage(t as usize),
                });
            }
        }
        Ok(())
    }

    /// Why two nodes have no path under `c`: the waters they lie in, and the passages that
    /// would join them.
    fn why_no_path(&self, a: u32, b: u32, c: &Constraints) -> RouteError {
        let comp = self.components_under(&c.blocked);
        if comp[a as usize] == comp[b as usize] {
            return if c.required.is_empty() {
                RouteError::NoSeaPath
            } else {
                RouteError::NoSeaPathThroughRequired
            };
        }
        let joining = self.joining_passages(&comp, a, b, &c.blocked);
        let (wa, wb) = (self.water(&comp, a), self.water(&comp, b));
        if wa == wb {
            RouteError::PartsNotJoined { water: wa, joining }
        } else {
            RouteError::WatersNotJoined {
                from: wa,
                to: wb,
                joining,
            }
        }
    }

    /// The connected components of the network under `blocked`, kept for the next leg
    /// under the same passages.
    fn components_under(&self, blocked: &[bool]) -> Vec<u32> {
        let mut cache = self.components.borrow_mut();
        match cache.as_ref() {
            Some((b, comp)) if b == blocked => comp.clone(),
            _ => {
                let comp = components(&self.graph, blocked);
                *cache = Some((blocked.to_vec(), comp.clone()));
                comp
            }
        }
    }

    /// The name of the waters `node` lies in (by `comp`): the first listed water whose
    /// point lies in the same component.
    fn water(&self, comp: &[u32], node: u32) -> String {
        WATERS
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let (lon, lat) = (f.get(1)?.parse().ok()?, f.get(2)?.parse().ok()?);
                let near = self.grid().nearest(&self.graph, (lon, lat), 1);
                (near.first().map(|&u| comp[u as usize]) == Some(comp[node as usize]))
                    .then(|| f[0].to_string())
            })
            .next()
            .unwrap_or_else(|| "waters of their own".to_string())
    }

    /// The blocked passages each of which, unblocked alone, would join the components of
    /// `a` and `b`.
    fn joining_passages(&self, comp: &[u32], a: u32, b: u32, blocked: &[bool]) -> Vec<Passage> {
        let g = &self.graph;
        let tagged: Vec<(usize, u32, u32)> = (0..g.node_count() as u32)
            .flat_map(|u| {
                g.edges(u)
                    .filter(move |e| e.tag != 0 && e.to > u)
                    .map(move |e| (e.tag as usize, u, e.to))
            })
            .collect();
        (1..blocked.len())
            .filter(|&t| blocked[t] && joins(&tagged, comp, t, (a, b)))
            .map(|t| self.passage(t))
            .collect()
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
        // A connector that bends round land is already the way in.
        while snap.land_free && snap.line.is_empty() && dropped + 1 < nodes.len() {
            let (next, edge_m) = if at_end {
                (
                    nodes[nodes.len() - 2 - dropped],
                    edges[edges.len() - 1 - dropped].1,
                )
            } else {
                (nodes[dropped + 1], edges[dropped].1)
            };
            let next_at = self.graph.coord(next);
            // Mostly the next node lies well beyond the edge: Lambert's formula (within
            // metres of Karney's below 2,000 km; 0.1 % and 10 m of margin) says so for a
            // fraction of the cost.
            let rough = lambert::distance_m(port, next_at);
            if rough < 2.0e6 && rough * (1.0 - 1e-3) - 10.0 > edge_m {
                break;
            }
            let d = geodesic::distance(port, next_at);
            // The next node is no farther from the port than from the node dropped: the
            // lane turns back towards the port.
            if d.metres() > edge_m || !self.connector_is_land_free(port, next_at, d.km()) {
                break;
            }
            snap = Snap {
                node: next,
                distance: d,
                land_free: true,
                line: Vec::new(),
            };
            dropped += 1;
        }
        (snap, dropped)
    }
}

/// The connected components of `g` over the edges whose tags are not blocked: each node's
/// component as its smallest node.
fn components(g: &Graph, blocked: &[bool]) -> Vec<u32> {
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    let mut parent: Vec<u32> = (0..g.node_count() as u32).collect();
    for u in 0..g.node_count() as u32 {
        for e in g.edges(u) {
            if e.to > u && !blocked.get(e.tag as usize).copied().unwrap_or(false) {
                let (x, y) = (find(&mut parent, u), find(&mut parent, e.to));
                parent[x.max(y) as usize] = x.min(y);
            }
        }
    }
    (0..g.node_count() as u32)
        .map(|u| find(&mut parent, u))
        .collect()
}

/// Whether unblocking passage `t` joins the components of `ends`: when t's own edges
/// (`tagged`: tag, u, v) link them, through any others (a union over component ids).
fn joins(tagged: &[(usize, u32, u32)], comp: &[u32], t: usize, ends: (u32, u32)) -> bool {
    fn find(parent: &mut HashMap<u32, u32>, mut x: u32) -> u32 {
        while let Some(&p) = parent.get(&x) {
            if p == x {
                break;
            }
            x = p;
        }
        x
    }
    let mut parent: HashMap<u32, u32> = HashMap::new();
    for &(_, u, v) in tagged.iter().filter(|e| e.0 == t) {
        let (x, y) = (
            find(&mut parent, comp[u as usize]),
            find(&mut parent, comp[v as usize]),
        );
        if x != y {
            parent.insert(x.max(y), x.min(y));
        }
    }
    find(&mut parent, comp[ends.0 as usize]) == find(&mut parent, comp[ends.1 as usize])
}
