//! From route definitions to legs with places and geometry, in steps with one job each:
//!
//! 1. [`resolve`]: place references to places, read the way the leg's mode suggests;
//! 2. `checks`: the leg makes sense as given (dates, connection, path ends);
//! 3. the geometry model: the analyst's `path`, a network course ([`sea_leg`], [`rail_leg`])
//!    or geodesics between the places;
//! 4. measure: one distance per leg, in whole metres, that every output reports.
//!
//! `check`, `build`, `distances` and `aggregate` all go through [`Planner`], so a route that
//! `check` accepts is exactly a route the other commands can map.
//!
//! ```
//! use corridor::{Gazetteer, Planner};
//! use corridor::routes::toml_file;
//!
//! let route = toml_file::parse("urc-msq.toml", r#"
//!     id = "urc-msq"
//!     title = "Urumqi to Minsk"
//!     [[legs]]
//!     mode = "air"
//!     from = "URC"
//!     to = "Minsk"
//! "#).unwrap();
//! let gazetteer = Gazetteer::bundled();
//! let routes = [route];
//! let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
//! // "Minsk" in an air leg is Minsk National Airport (MSQ): 4,358.672 km by GeographicLib.
//! assert_eq!(plan.legs[0].to.iata, "MSQ");
//! assert!((plan.legs[0].distance.km() - 4358.672).abs() < 0.001);
//! ```

mod checks;
mod course;
mod memo;
pub mod rail_leg;
mod repeats;
pub mod resolve;
pub mod sea_leg;
pub mod sightings;

pub use rail_leg::Section;
pub use resolve::{Resolution, preferred_kinds};
pub use sightings::{Anchor, Observation, Span};

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{Diagnostic, Kind};
use crate::geometry::geodesic::{self, MAX_SEGMENT};
use crate::networks::RouteError;
use crate::networks::rail::{CountrySpan, RailNetwork};
use crate::networks::sea::SeaNetwork;
use crate::places::{Gazetteer, Place};
use crate::routes::{Leg, Mode, PassagePolicy, RailPolicy, Route};
use crate::units::Length;
use checks::PreviousEnd;
use course::{Course, LegCx, NoCourse};
use memo::{LineQuestion, Memo};
use resolve::{LegPlaces, Resolver};

/// Settings that apply to every leg (from the command line).
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Passages to avoid, allow or require on every sea leg, on top of the route files'.
    pub passages: PassagePolicy,
    /// Closures and avoided countries for every rail leg, on top of the route files'.
    pub rail: RailPolicy,
    /// Record legs without a path in [`Plan::unroutable`] instead of failing (what-ifs).
    pub tolerate_no_path: bool,
    /// Skip drawing each leg's line (a geodesic densified every few km) when only the numbers
    /// are wanted (`check`, `distances`, `aggregate`): most of the work on many legs.
    pub numbers_only: bool,
    /// Leave the country of inline places empty where nothing reads it (`distances`, a plain
    /// `check`): finding it costs the first lookup a few ms of start-up.
    pub skip_place_countries: bool,
    /// Leave [`Plan::resolutions`] empty where nothing reads them (every command but
    /// `check --explain`): recording them copies two places a leg.
    pub skip_resolutions: bool,
    /// Passages the analyst has named without changing how legs are routed (the baseline of
    /// a what-if names those its switches touch): crossing one needs no `allow`.
    pub named: Vec<String>,
    /// Report problems that change the answer (long or land-crossing sea connectors, sea
    /// paths over land) as warnings instead of errors, for every leg.
    pub lenient: bool,
}

/// Consecutive legs of a route connect when the first ends and the next starts at one place,
/// at places this close, or at the places serving one city.
pub const LEGS_CONNECT_KM: f64 = 1.0;

/// Sea connectors over water longer than this are errors (warnings when lenient): a port that
/// far from every lane is probably the wrong place. Beyond
/// [`crate::networks::sea::SNAP_WARN_KM`] they are warned of.
pub const SEA_CONNECTOR_MAX_KM: f64 = 100.0;

/// The planned legs and the warnings met on the way (long snaps, say).
#[derive(Debug, Clone)]
pub struct Plan<'r> {
    pub legs: Vec<PlannedLeg<'r>>,
    pub warnings: Vec<Diagnostic>,
    /// Legs with no path under the options, as (feature id, why); only with
    /// `tolerate_no_path`.
    pub unroutable: Vec<(String, RouteError)>,
    /// How each place reference resolved, in file order.
    pub resolutions: Vec<Resolution>,
}

/// How far an explicit path may start or end from the leg's places.
pub const PATH_END_TOLERANCE_KM: f64 = 50.0;

named_enum! {
    /// How a leg's line was made; written to the `geometry_model` property.
    pub enum GeometryModel {
        /// Geodesics between the leg's places (for rail, sea and road a stand-in, not a track).
        Geodesic = "geodesic",
        /// The analyst's own `path`.
        Explicit = "explicit",
        /// Along a bundled transport network (sea lanes, railways).
        Network = "network",
    }
}

/// A leg ready to be drawn and measured.
#[derive(Debug, Clone)]
pub struct PlannedLeg<'r> {
    pub route: &'r Route,
    /// 1-based position of the leg in its route.
    pub number: usize,
    pub leg: &'r Leg,
    /// Shared with the other legs naming the same place the same way.
    pub from: Arc<Place>,
    pub to: Arc<Place>,
    pub via: Vec<Arc<Place>>,
    /// The densified line, longitudes unwrapped (see [`crate::geometry::antimeridian`]);
    /// empty when planned with [`PlanOptions::numbers_only`]. Shared by the legs of one
    /// run drawn along the same points.
    pub line: Arc<[[f64; 2]]>,
    pub model: GeometryModel,
    /// One trip, in whole metres: along the line for geodesic and explicit legs, the track
    /// length plus connectors for rail legs on the network (the sum of `sections`). Every
    /// writer and table reports this number.
    pub distance: Length,
    /// For network legs: how far the origin and destination are from the network.
    pub snap_from: Option<Length>,
    pub snap_to: Option<Length>,
    /// For sea legs: the passages crossed, in order.
    pub passages: Vec<String>,
    /// For rail legs on the network: stretches of one gauge, split at gauge breaks.
    pub sections: Vec<Section>,
    /// For rail legs on the network: the countries passed, in order, with where the track
    /// enters and leaves each (lon, lat).
    pub countries: Vec<CountrySpan>,
    /// What the leg's sightings make of it (observed and inferred parts, dark gaps, times).
    pub observation: Observation,
}

impl PlannedLeg<'_> {
    /// Gauge changes on the leg (rail legs on the network only).
    pub fn gauge_breaks(&self) -> Option<usize> {
        (!self.sections.is_empty()).then(|| self.sections.len() - 1)
    }

    /// Border crossings on the leg (rail legs on the network only).
    pub fn border_crossings(&self) -> Option<usize> {
        (!self.countries.is_empty()).then(|| self.countries.len() - 1)
    }

    /// Names of the stations where the gauge changes.
    pub fn transfers(&self) -> Vec<&str> {
        self.sections
            .iter()
            .skip(1)
            .map(|s| s.from.as_str())
            .collect()
    }
}

impl PlannedLeg<'_> {
    /// Stable feature id: `<route>/<leg number>`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.route.id, self.number)
    }

    /// Distance times trips.
    pub fn trip_distance(&self) -> Length {
        self.distance * f64::from(self.leg.trips)
    }
}

/// The places the legs use, each once, sorted by id.
pub fn places_used(legs: &[PlannedLeg]) -> Vec<Place> {
    // Hashed first: a sorted map compared ids at every one of the legs' ends.
    let mut by_id: HashMap<&str, &Place> = HashMap::new();
    for l in legs {
        for p in std::iter::once(&l.from)
            .chain(&l.via)
            .chain(std::iter::once(&l.to))
        {
            by_id.entry(&p.id).or_insert(p);
        }
    }
    let mut used: Vec<&Place> = by_id.into_values().collect();
    used.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    used.into_iter().cloned().collect()
}

/// Plans routes against a gazetteer and, optionally, the sea and rail networks: legs of a
/// mode without a network are drawn as geodesics between their places.
///
/// ```
/// use corridor::{Gazetteer, Planner, SeaNetwork, RailNetwork};
/// let gazetteer = Gazetteer::bundled();
/// let (sea, rail) = (SeaNetwork::bundled().unwrap(), RailNetwork::bundled().unwrap());
/// let planner = Planner::new(&gazetteer).with_sea(&sea).with_rail(&rail);
/// # let _ = planner;
/// ```
#[derive(Clone, Copy)]
pub struct Planner<'a> {
    gazetteer: &'a Gazetteer,
    sea: Option<&'a SeaNetwork>,
    rail: Option<&'a RailNetwork>,
    options: Option<&'a PlanOptions>,
    /// Threads that route and measure the legs; None for one a core (at most 8).
    threads: Option<usize>,
}

impl<'a> Planner<'a> {
    /// A planner over `gazetteer`, without networks: every leg is a geodesic.
    pub fn new(gazetteer: &'a Gazetteer) -> Self {
        Planner {
            gazetteer,
            sea: None,
            rail: None,
            options: None,
            threads: None,
        }
    }

    /// Sea legs follow `sea`'s lanes.
    pub fn with_sea(self, sea: &'a SeaNetwork) -> Self {
        Planner {
            sea: Some(sea),
            ..self
        }
    }

    /// Rail legs follow `rail`'s tracks.
    pub fn with_rail(self, rail: &'a RailNetwork) -> Self {
        Planner {
            rail: Some(rail),
            ..self
        }
    }

    /// Settings for every leg (the command line's switches); the defaults otherwise.
    pub fn with_options(self, options: &'a PlanOptions) -> Self {
        Planner {
            options: Some(options),
            ..self
        }
    }

    /// Legs routed and measured on `n` threads (at least one) instead of one a core. The
    /// answers do not depend on it.
    pub fn with_threads(self, n: usize) -> Self {
        Planner {
            threads: Some(n.max(1)),
            ..self
        }
    }

    /// Plans every leg of every route. Returns all problems found, not just the first.
    ///
    /// Places are resolved in file order on this thread; the legs are then routed and
    /// measured on every core, each leg's problems and warnings kept in the file's order.
    pub fn plan<'r>(&self, routes: &'r [Route]) -> Result<Plan<'r>, Vec<Diagnostic>> {
        let default = PlanOptions::default();
        let options = self.options.unwrap_or(&default);
        let mut resolutions = Vec::new();
        let asked = self.resolve(routes, options, &mut resolutions);
        let mut plan = Plan {
            legs: Vec::with_capacity(asked.len()),
            warnings: Vec::new(),
            unroutable: Vec::new(),
            resolutions,
        };
        let mut problems = Vec::new();
        for outcome in self
            .legs_on_every_core(asked, options)
            .into_iter()
            .flatten()
        {
            problems.extend(outcome.problems);
            plan.warnings.extend(outcome.warnings);
            plan.unroutable.extend(outcome.unroutable);
            plan.legs.extend(outcome.planned);
        }
        plan.warnings = repeats::merge_repeated(plan.warnings);
        // In file order (an end settled by the other end's country was resolved after it).
        plan.resolutions
            .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        if problems.is_empty() {
            Ok(plan)
        } else {
            Err(repeats::merge_repeated(problems))
        }
    }

    /// Threads for `pieces` pieces of work: one for fewer than two (without reading the CPU
    /// quota), else the planner's count or one a core, at most one a piece.
    fn threads_for(&self, pieces: usize) -> usize {
        match pieces {
            0 | 1 => 1,
            n => self.threads.unwrap_or_else(planning_threads).min(n),
        }
    }

    /// Steps 1 and 2 for every leg, in file order: its places, and the problems with them,
    /// its dates and its connection to the previous leg. Runs of whole routes are resolved
    /// on every core.
    fn resolve<'r>(
        &self,
        routes: &'r [Route],
        options: &PlanOptions,
        resolutions: &mut Vec<Resolution>,
    ) -> Vec<Asked<'r>> {
        let threads = self.threads_for(routes.len());
        let legs: usize = routes.iter().map(|r| r.legs.len()).sum();
        // Runs of about equal legs, cut between routes.
        let mut runs: Vec<&'r [Route]> = Vec::new();
        let (mut start, mut taken) = (0, 0);
        for (k, r) in routes.iter().enumerate() {
            taken += r.legs.len();
            let full = taken * threads >= legs * (runs.len() + 1);
            if (full && runs.len() + 1 < threads) || k + 1 == routes.len() {
                runs.push(&routes[start..=k]);
                start = k + 1;
            }
        }
        let gazetteer = self.gazetteer;
        let resolved: Vec<(Vec<Asked<'r>>, Vec<Resolution>)> = std::thread::scope(|scope| {
            let others: Vec<_> = runs
                .iter()
                .skip(1)
                .map(|&run| scope.spawn(move || resolve_run(gazetteer, options, run)))
                .collect();
            let first = runs
                .first()
                .map(|&run| resolve_run(gazetteer, options, run));
            first
                .into_iter()
                .chain(
                    others
                        .into_iter()
                        .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
                )
                .collect()
        });
        let mut asked = Vec::with_capacity(legs);
        for (a, r) in resolved {
            asked.extend(a);
            resolutions.extend(r);
        }
        asked
    }

    /// Steps 3 and 4 for every leg, on every core, the outcomes in the legs' order (None
    /// for none). Legs of one mode between the same points form a group, which one thread
    /// plans (asking their course once). Rail groups are dealt to the threads in turn, so
    /// their split depends on the input and the number of threads alone: a rail thread's
    /// detour cache may decide between two paths of exactly one length. Every other group
    /// goes to whichever thread is free (a few sea legs searched along the coast outweigh
    /// the rest): their answers do not depend on what a thread planned before. Each thread
    /// routes on its own copy of the networks' caches.
    fn legs_on_every_core<'r>(
        &self,
        asked: Vec<Asked<'r>>,
        options: &PlanOptions,
    ) -> Vec<Option<Outcome<'r>>> {
        let count = asked.len();
        let mut groups: HashMap<u64, usize> = HashMap::new();
        let keys: Vec<u64> = asked.iter().map(Asked::group).collect();
        for &k in &keys {
            let next = groups.len();
            groups.entry(k).or_insert(next);
        }
        let threads = self.threads_for(groups.len());
        if threads > 1 {
            crate::networks::zeroed::several_threads();
        }
        let mut shares: Vec<Vec<(usize, Asked<'r>)>> = (0..threads).map(|_| Vec::new()).collect();
        // Groups taken by whichever thread is free, in the order they first appear.
        let mut free: Vec<Vec<(usize, Asked<'r>)>> = Vec::new();
        let mut free_at: HashMap<usize, usize> = HashMap::new();
        for (k, a) in asked.into_iter().enumerate() {
            let group = groups[&keys[k]];
            if a.route.legs[a.i].mode == Mode::Rail {
                shares[group % threads].push((k, a));
            } else {
                let at = *free_at.entry(group).or_insert_with(|| {
                    free.push(Vec::new());
                    free.len() - 1
                });
                free[at].push((k, a));
            }
        }
        // Sea legs that may search along the coast first: taken last, one of them left a
        // thread working while the others had finished.
        free.sort_by_key(|group| !group.first().is_some_and(|(_, a)| a.may_search_coast()));
        let free: Vec<std::sync::Mutex<Vec<(usize, Asked<'r>)>>> =
            free.into_iter().map(std::sync::Mutex::new).collect();
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let take = || {
            std::iter::from_fn(|| {
                let at = taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let group = free.get(at)?;
                Some(std::mem::take(
                    &mut *group
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner),
                ))
            })
            .flatten()
        };
        let copies: Vec<_> = (1..threads)
            .map(|_| {
                let sea = self.sea.map(SeaNetwork::with_own_caches);
                (sea, self.rail.map(RailNetwork::with_own_caches))
            })
            .collect();
        let (gazetteer, given) = (self.gazetteer, self.options);
        let mut shares = shares.into_iter();
        let here = shares.next().unwrap_or_default();
        let mut out: Vec<Option<Outcome<'r>>> = (0..count).map(|_| None).collect();
        std::thread::scope(|scope| {
            let others: Vec<_> = shares
                .zip(copies)
                .map(|(share, (sea, rail))| {
                    scope.spawn(move || {
                        let planner = Planner {
                            gazetteer,
                            sea: sea.as_ref(),
                            rail: rail.as_ref(),
                            options: given,
                            threads: Some(1),
                        };
                        let done = plan_share(&planner, options, share.into_iter().chain(take()));
                        crate::networks::water_grid::park_scratch();
                        done
                    })
                })
                .collect();
            let mut place = |done: Vec<(usize, Outcome<'r>)>| {
                for (k, o) in done {
                    out[k] = Some(o);
                }
            };
            place(plan_share(self, options, here.into_iter().chain(take())));
            for other in others {
                place(
                    other
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                );
            }
        });
        out
    }
}

/// Steps 1 and 2 for the legs of `routes`, in order, with the resolutions recorded.
fn resolve_run<'r>(
    gazetteer: &Gazetteer,
    options: &PlanOptions,
    routes: &'r [Route],
) -> (Vec<Asked<'r>>, Vec<Resolution>) {
    let (mut memo, mut resolutions) = (crate::hash::QuickMap::default(), Vec::new());
    let mut asked = Vec::with_capacity(routes.iter().map(|r| r.legs.len()).sum());
    for route in routes {
        let mut prev = PreviousEnd::default();
        for (i, leg) in route.legs.iter().enumerate() {
            let mut problems = Vec::new();
            let mut resolver = Resolver {
                gazetteer,
                file: &route.file,
                options,
                resolutions: &mut resolutions,
                memo: &mut memo,
            };
            let places = resolver.leg(leg, &mut problems);
            checks::dates(&route.file, leg, i + 1, &mut problems);
            checks::connection(route, i, &places, &prev, &mut problems);
            prev = PreviousEnd {
                place: places.to.clone(),
                city: places.to_city.clone(),
            };
            asked.push(Asked {
                route,
                i,
                places,
                problems,
            });
        }
    }
    (asked, resolutions)
}

/// Threads that plan legs (one when the machine has one core).
fn planning_threads() -> usize {
    crate::cores()
}

/// Plans a share of the legs, in order, on one thread.
fn plan_share<'r>(
    planner: &Planner,
    options: &PlanOptions,
    share: impl Iterator<Item = (usize, Asked<'r>)>,
) -> Vec<(usize, Outcome<'r>)> {
    let mut run = Run {
        planner,
        options,
        memo: Memo::default(),
        stretch: false,
        problems: Vec::new(),
        warnings: Vec::new(),
        unroutable: Vec::new(),
    };
    share
        .map(|(k, a)| {
            let mut problems = a.problems;
            let planned = run.leg(a.route, a.i, a.places);
            problems.append(&mut run.problems);
            let outcome = Outcome {
                planned,
                problems,
                warnings: std::mem::take(&mut run.warnings),
                unroutable: std::mem::take(&mut run.unroutable),
            };
            (k, outcome)
        })
        .collect()
}

/// A leg with its places resolved, and the problems met resolving and checking them.
struct Asked<'r> {
    route: &'r Route,
    /// The leg's index in its route.
    i: usize,
    places: LegPlaces,
    problems: Vec<Diagnostic>,
}

impl Asked<'_> {
    /// Whether the leg is a sea leg between two ports near enough to be searched along the
    /// coast ([`SeaNetwork::may_search_coast`]).
    fn may_search_coast(&self) -> bool {
        let p = &self.places;
        match (&p.from, &p.to) {
            (Some(a), Some(b)) if self.route.legs[self.i].mode == Mode::Sea && p.via.is_empty() => {
                SeaNetwork::may_search_coast((a.lon, a.lat), (b.lon, b.lat))
            }
            _ => false,
        }
    }

    /// Legs of one mode between the same points (ends and vias) share a group, and a leg
    /// without vias shares its return's (a sea leg and its return follow one way along the
    /// coast, found once): a hash of the mode and the points' bits (a collision only puts
    /// two groups on one thread).
    fn group(&self) -> u64 {
        let mix = |h: u64, n: u64| (h.rotate_left(29) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let point = |p: &Option<Arc<Place>>| match p {
            Some(p) => mix(mix(0, p.lat.to_bits()), p.lon.to_bits()),
            None => mix(0, u64::MAX),
        };
        let mode = self.route.legs[self.i].mode as u64;
        let (from, to) = (point(&self.places.from), point(&self.places.to));
        let ends = if self.places.via.is_empty() {
            [from.min(to), from.max(to)]
        } else {
            [from, to]
        };
        ends.into_iter()
            .chain(self.places.via.iter().map(point))
            .fold(mode, mix)
    }
}

/// What planning a leg gave: the leg (None when refused), and its problems, warnings and
/// unroutable entry in the order met.
struct Outcome<'r> {
    planned: Option<PlannedLeg<'r>>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    unroutable: Vec<(String, RouteError)>,
}

/// Plans every leg of every route against the bundled networks.
pub fn plan<'r>(
    routes: &'r [Route],
    gaz: &Gazetteer,
    options: &PlanOptions,
) -> Result<Plan<'r>, Vec<Diagnostic>> {
    // A network is opened only where a leg may need it (opening the railways costs a file of
    // sea legs a tenth of its start-up).
    let wants = |mode: Mode, names: fn(&Leg) -> bool| {
        routes
            .iter()
            .flat_map(|r| &r.legs)
            .any(|l| l.mode == mode || names(l))
    };
    let sea = (wants(Mode::Sea, |l| !l.passages.is_empty()) || !options.passages.is_empty())
        .then(SeaNetwork::bundled)
        .flatten();
    let rail = (wants(Mode::Rail, |l| !l.rail.is_empty()) || !options.rail.is_empty())
        .then(RailNetwork::bundled)
        .flatten();
    let mut planner = Planner::new(gaz).with_options(options);
    if let Some(sea) = &sea {
        planner = planner.with_sea(sea);
    }
    if let Some(rail) = &rail {
        planner = planner.with_rail(rail);
    }
    planner.plan(routes)
}

/// A line's length in whole metres, so that legs add up exactly to routes in every output.
fn measured(points: &[(f64, f64)]) -> Length {
    whole(geodesic::length(points))
}

/// A length in whole metres, so that legs (and a leg's stretches) add up exactly.
fn whole(l: Length) -> Length {
    Length::from_metres(l.metres().round())
}

/// One thread's planning run: what it has worked out and found so far.
struct Run<'p> {
    planner: &'p Planner<'p>,
    options: &'p PlanOptions,
    /// Courses and lines already worked out in this run.
    memo: Memo,
    /// Routing a stretch of a leg with sightings: its required passages are allowed here
    /// and checked on the whole leg ([`sightings`]).
    stretch: bool,
    /// The current leg's problems, warnings and unroutable entry.
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    unroutable: Vec<(String, RouteError)>,
}

impl Run<'_> {
    /// A leg with resolved places: its geometry model chosen, routed and measured; None when
    /// a place did not resolve or the leg was refused (the problem is recorded).
    fn leg<'r>(&mut self, route: &'r Route, i: usize, places: LegPlaces) -> Option<PlannedLeg<'r>> {
        let (leg, number, file) = (&route.legs[i], i + 1, route.file.as_str());
        let (from, to) = (places.from?, places.to?);
        let via = places
            .via
            .into_iter()
            .collect::<Option<Vec<Arc<Place>>>>()?;
        if !leg.sightings.is_empty() {
            return self.sighted_leg(route, i, (from, to, via));
        }
        let (points, model) = match &leg.path {
            Some(path) => {
                checks::path_ends(file, leg, number, path, (&from, &to), &mut self.problems);
                (Cow::Borrowed(path.as_slice()), GeometryModel::Explicit)
            }
            None => {
                let mut pts = vec![(from.lon, from.lat)];
                pts.extend(via.iter().map(|p| (p.lon, p.lat)));
                pts.push((to.lon, to.lat));
                (Cow::Owned(pts), GeometryModel::Geodesic)
            }
        };
        if !checks::goes_somewhere(file, leg, number, &points, &from, &mut self.problems) {
            return None;
        }
        let numbers_only = self.options.numbers_only;
        let course = self.course(route, i, model, &points, (&from, &to, &via), numbers_only)?;
        let (model, course) = match course {
            Some(c) => (GeometryModel::Network, c),
            None => (model, Course::default()),
        };
        let points: &[(f64, f64)] = match model {
            GeometryModel::Network => &course.points,
            _ => &points,
        };
        Some(PlannedLeg {
            route,
            number,
            leg,
            line: if self.options.numbers_only {
                Arc::new([])
            } else {
                let question = match model {
                    GeometryModel::Network => LineQuestion::course(&course.points),
                    _ => LineQuestion::through(points),
                };
                memo::remembered(&mut self.memo.lines, question, || {
                    geodesic::densify(points, MAX_SEGMENT).into()
                })
            },
            distance: course.distance.unwrap_or_else(|| measured(points)),
            from,
            to,
            via,
            model,
            snap_from: course.snap_from,
            snap_to: course.snap_to,
            passages: course.passages,
            sections: course.sections,
            countries: course.countries,
            observation: Observation::default(),
        })
    }

    /// The leg's course on its mode's network: Some(None) when it keeps its own line (no
    /// network for the mode, or an explicit path), None when refused or without a path. A
    /// sea course has no line when `numbers_only`.
    fn course(
        &mut self,
        route: &Route,
        i: usize,
        model: GeometryModel,
        points: &[(f64, f64)],
        (from, to, via): (&Place, &Place, &[Arc<Place>]),
        numbers_only: bool,
    ) -> Option<Option<Course>> {
        let leg = &route.legs[i];
        let options = self.options;
        let mut cx = LegCx {
            file: &route.file,
            leg,
            number: i + 1,
            lenient: options.lenient || leg.lenient,
            warnings: &mut self.warnings,
            problems: &mut self.problems,
        };
        if !checks::names_known(&mut cx, model, self.planner.sea, self.planner.rail) {
            return None;
        }
        let routed = match (leg.mode, model, self.planner.sea, self.planner.rail) {
            (Mode::Sea, GeometryModel::Explicit, Some(sea), _) => {
                return (!sea_leg::path_crosses_land(&mut cx, sea, points)).then_some(None);
            }
            (Mode::Sea, GeometryModel::Geodesic, Some(sea), _) => {
                let policy = leg.passages.merged(&options.passages);
                let mut policy = sightings::stretch_policy(policy, self.stretch);
                let points = sea_leg::sea_waypoints(sea, &mut policy, points, via);
                sea_leg::sea_course(
                    &mut cx,
                    (sea, &mut self.memo.sea),
                    &policy,
                    &options.named,
                    &points,
                    (from, to),
                    numbers_only,
                )
            }
            (Mode::Rail, GeometryModel::Geodesic, _, Some(net)) => rail_leg::rail_course(
                &mut cx,
                (net, &mut self.memo.rail),
                &leg.rail.merged(&options.rail),
                points,
                (from, to, via),
            ),
            _ => return Some(None),
        };
        match routed {
            Ok(course) => Some(Some(course)),
            Err(NoCourse::Refused) => None,
            Err(NoCourse::NoPath(e)) if options.tolerate_no_path => {
                self.unroutable.push((format!("{}/{}", route.id, i + 1), e));
                None
            }
            Err(NoCourse::NoPath(e)) => {
                self.problems.push(
                    Diagnostic::at(
                        &route.file,
                        leg.pos.line,
                        leg.pos.col,
                        format!("leg {}: {e}", i + 1),
                    )
                    .with_kind(Kind::Route),
                );
                None
            }
        }
    }
}
