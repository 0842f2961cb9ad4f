//! From route definitions to legs with places and geometry: resolves every place reference
//! against the gazetteer, checks that the route makes sense, and builds each leg's line.
//!
//! `check`, `build`, `distances` and `aggregate` all go through [`plan`], so a route that
//! `check` accepts is exactly a route the other commands can map.

use crate::error::Diagnostic;
use crate::geometry::geodesic::{self, MAX_SEGMENT};
use crate::networks::rail::{self, CountrySpan, RailNetwork};
use crate::networks::sea::{SNAP_WARN_KM, SeaNetwork, SeaPath, Snap};
use crate::places::serving::{AIRPORT_MAX_KM, serving};
use crate::places::{Gazetteer, Place, PlaceKind, ResolveError};
use crate::routes::{Leg, Mode, PassagePolicy, PlaceAt, PlaceRef, RailPolicy, Route};
use crate::units::Length;

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
/// far from every lane is probably the wrong place. Beyond [`SNAP_WARN_KM`] they are warned of.
pub const SEA_CONNECTOR_MAX_KM: f64 = 100.0;

/// The planned legs and the warnings met on the way (long snaps, say).
#[derive(Debug, Clone)]
pub struct Plan<'r> {
    pub legs: Vec<PlannedLeg<'r>>,
    pub warnings: Vec<Diagnostic>,
    /// Legs with no path under the options, as (feature id, reason); only with
    /// `tolerate_no_path`.
    pub unroutable: Vec<(String, String)>,
    /// How each place reference resolved, in file order.
    pub resolutions: Vec<Resolution>,
}

/// How far an explicit path may start or end from the leg's places.
pub const PATH_END_TOLERANCE_KM: f64 = 50.0;

/// How a leg's line was made; written to the `geometry_model` property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryModel {
    /// Geodesics between the leg's places (for rail, sea and road a stand-in, not a track).
    Geodesic,
    /// The analyst's own `path`.
    Explicit,
    /// Along a bundled transport network (sea lanes, railways).
    Network,
}

impl GeometryModel {
    pub fn as_str(self) -> &'static str {
        match self {
            GeometryModel::Geodesic => "geodesic",
            GeometryModel::Explicit => "explicit",
            GeometryModel::Network => "network",
        }
    }
}

/// A leg ready to be drawn and measured.
#[derive(Debug, Clone)]
pub struct PlannedLeg<'r> {
    pub route: &'r Route,
    /// 1-based position of the leg in its route.
    pub number: usize,
    pub leg: &'r Leg,
    pub from: Place,
    pub to: Place,
    pub via: Vec<Place>,
    /// The densified line, longitudes unwrapped (see [`crate::geometry::antimeridian`]);
    /// empty when planned with [`PlanOptions::numbers_only`].
    pub line: Vec<[f64; 2]>,
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
}

/// A stretch of a rail leg on one gauge, between the leg's ends and its transfer stations.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub from: String,
    pub to: String,
    pub distance: Length,
    /// Track gauge in mm.
    pub gauge: u16,
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

/// The kinds a leg's mode prefers when a name is ambiguous.
pub fn preferred_kinds(mode: Mode) -> &'static [PlaceKind] {
    match mode {
        Mode::Air => &[PlaceKind::Airport],
        Mode::Sea => &[PlaceKind::Seaport],
        Mode::Rail => &[PlaceKind::RailStation],
        Mode::Road => &[],
    }
}

/// A place given inline. Its id carries its position (to about a metre), so two places of
/// one name at different points stay two places: `inline:depot@55.00000,37.00000`. Its
/// country is the one the bundled borders give (unless `country` is false).
fn inline_place(name: &str, lat: f64, lon: f64, country: bool) -> Place {
    Place {
        id: format!(
            "inline:{}@{lat:.5},{lon:.5}",
            crate::places::normalize::key(name)
        ),
        name: name.to_string(),
        kind: PlaceKind::Facility,
        country: if country {
            crate::places::countries::country_for_place(lon, lat)
        } else {
            String::new()
        },
        lat,
        lon,
        aliases: Vec::new(),
        iata: String::new(),
        icao: String::new(),
        unlocode: String::new(),
        population: None,
        source: "inline in route file".into(),
    }
}

/// A position as `54.870 N 69.140 E`.
fn lat_lon_text((lon, lat): (f64, f64)) -> String {
    format!(
        "{:.3} {} {:.3} {}",
        lat.abs(),
        if lat < 0.0 { 'S' } else { 'N' },
        lon.abs(),
        if lon < 0.0 { 'W' } else { 'E' }
    )
}

/// How a place reference resolved, for `check --explain`.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub mode: Mode,
    /// What the route file says.
    pub query: String,
    pub place: Place,
    /// The city the name matched, when the place is the one serving it, and how far apart.
    pub city: Option<(Place, Length)>,
}

/// The kind of place that serves a city for a mode (see [`crate::places::serving`]).
fn serving_kind(mode: Mode) -> Option<PlaceKind> {
    match mode {
        Mode::Air => Some(PlaceKind::Airport),
        Mode::Sea => Some(PlaceKind::Seaport),
        Mode::Rail => Some(PlaceKind::RailStation),
        Mode::Road => None,
    }
}

/// Resolves a place reference, or records why not. A city named in an air, sea or rail leg
/// stands for the place serving it (unless named by its id, or `serve` is false); an air
/// leg's city without an airport is refused unless `lenient`.
fn resolve(
    gaz: &Gazetteer,
    file: &str,
    at: &PlaceAt,
    (mode, serve, lenient, countries): (Mode, bool, bool, bool),
    near: Option<&str>,
    problems: &mut Vec<Diagnostic>,
    resolutions: &mut Vec<Resolution>,
) -> Option<Place> {
    let problem = |text: String| Diagnostic::at(file, at.pos.line, at.pos.col, text);
    // An ambiguous name is read in the country of the leg's other end, when that settles it
    // ("Brest" on a leg from Minsk is Brest, BY).
    let named = |q: &str| {
        gaz.resolve(q, preferred_kinds(mode))
            .or_else(|e| match (&e, near) {
                (ResolveError::Ambiguous { .. }, Some(cc)) if !cc.is_empty() => gaz
                    .resolve(&format!("{q}, {cc}"), preferred_kinds(mode))
                    .map_err(|_| e),
                _ => Err(e),
            })
            .map_err(|e| e.to_string())
    };
    // A name given with its kind is that place, never the one serving it.
    let (q, found, serve) = match &at.place {
        PlaceRef::Inline { name, lat, lon } => {
            return Some(inline_place(name, *lat, *lon, countries));
        }
        PlaceRef::Named(q) => (q, named(q), serve),
        PlaceRef::OfKind { name, kind } => {
            let found = match gaz.resolve(name, &[*kind]) {
                Ok(p) if p.kind == *kind => Ok(p),
                Ok(p) => Err(format!(
                    "{name:?} is {} ({}), a {}, not a {kind}; write the id of the {kind} you mean (`corridor places search`)",
                    p.name, p.id, p.kind
                )),
                Err(e) => Err(e.to_string()),
            };
            (name, found, false)
        }
    };
    let place = match found {
        Ok(p) => p,
        Err(e) => {
            problems.push(problem(e));
            return None;
        }
    };
    let mut city = None;
    let place = match serving_kind(mode) {
        Some(kind) if serve && place.kind == PlaceKind::City && q.trim() != place.id => {
            match serving(gaz, &place, kind) {
                Some(served) => {
                    city = Some((place, served.distance));
                    served.place
                }
                None if mode == Mode::Air && !lenient => {
                    problems.push(problem(format!(
                        "{q:?} is the city {} ({}), which has no airport with scheduled service within {AIRPORT_MAX_KM:.0} km; name the airfield (an id from `corridor places search`, or inline with lat/lon), write the city's id {:?} to fly to the city itself, or set `lenient = true`",
                        place.name, place.id, place.id
                    )));
                    return None;
                }
                None => place,
            }
        }
        _ => place,
    };
    resolutions.push(Resolution {
        file: file.to_string(),
        line: at.pos.line,
        col: at.pos.col,
        mode,
        query: q.clone(),
        place: place.clone(),
        city,
    });
    Some(place)
}

/// Plans every leg of every route. Returns all problems found, not just the first.
pub fn plan<'r>(
    routes: &'r [Route],
    gaz: &Gazetteer,
    options: &PlanOptions,
) -> Result<Plan<'r>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut unroutable = Vec::new();
    let mut resolutions = Vec::new();
    let mut planned = Vec::new();
    let sea = SeaNetwork::bundled();
    let rail_net = RailNetwork::bundled();
    for route in routes {
        // Where the previous leg ended, when it resolved.
        let mut prev_to: Option<Place> = None;
        let mut prev_city: Option<String> = None;
        for (i, leg) in route.legs.iter().enumerate() {
            let number = i + 1;
            let file = route.file.as_str();
            // A leg with its own `path` keeps its cities: the path's ends are what was drawn.
            let how = (
                leg.mode,
                leg.path.is_none(),
                options.lenient || leg.lenient,
                !options.skip_place_countries,
            );
            // The city a served place stands for: legs that meet "in Moscow", one at its
            // airport and the next at its station, connect.
            let mut city_of = |at: &PlaceAt, near: Option<&str>, problems: &mut Vec<Diagnostic>| {
                let before = resolutions.len();
                let p = resolve(gaz, file, at, how, near, problems, &mut resolutions);
                let city = resolutions[before..]
                    .first()
                    .and_then(|r| r.city.as_ref().map(|c| c.0.id.clone()));
                (p, city)
            };
            // Each end may settle the other's ambiguous name by its country.
            let mut from_problems = Vec::new();
            let (mut from, mut from_city) = city_of(&leg.from, None, &mut from_problems);
            let near = from.as_ref().map(|p| p.country.clone());
            let (to, to_city) = city_of(&leg.to, near.as_deref(), &mut problems);
            if from.is_none()
                && let Some(cc) = to.as_ref().map(|p| p.country.clone())
            {
                let mut again = Vec::new();
                (from, from_city) = city_of(&leg.from, Some(&cc), &mut again);
                if from.is_none() {
                    from_problems = again;
                } else {
                    from_problems.clear();
                }
            }
            problems.extend(from_problems);
            let via: Vec<Option<Place>> = leg
                .via
                .iter()
                .map(|v| resolve(gaz, file, v, how, None, &mut problems, &mut resolutions))
                .collect();

            if let (Some(s), Some(e)) = (leg.start, leg.end)
                && s > e
            {
                problems.push(Diagnostic::at(
                    file,
                    leg.start_pos.line,
                    leg.start_pos.col,
                    format!("leg {number} starts {s} after it ends {e}; swap start and end"),
                ));
            }
            if route.legs_connect && i > 0 {
                let prev_leg = &route.legs[i - 1];
                if let (Some(prev_to), Some(from)) = (&prev_to, &from) {
                    let gap = geodesic::distance((prev_to.lon, prev_to.lat), (from.lon, from.lat));
                    let anchor =
                        |p: &Place, city: &Option<String>| city.clone().unwrap_or(p.id.clone());
                    let same_city = anchor(prev_to, &prev_city) == anchor(from, &from_city);
                    if prev_to.id != from.id && gap.km() > LEGS_CONNECT_KM && !same_city {
                        problems.push(Diagnostic::at(file, leg.from.pos.line, leg.from.pos.col, format!(
                            "leg {number} starts at {} ({}) but leg {} ends at {} ({}), {:.0} km away; make them the same place, or set `legs_connect = false` if the legs are separate shipments",
                            from.name, from.id, number - 1, prev_to.name, prev_to.id, gap.km())));
                    }
                }
                if let (Some(ps), Some(s)) = (prev_leg.start, leg.start)
                    && s < ps
                {
                    problems.push(Diagnostic::at(file, leg.start_pos.line, leg.start_pos.col, format!(
                        "leg {number} starts {s}, before leg {} ({ps}); order the legs in time or set `legs_connect = false`",
                        number - 1)));
                }
            }
            prev_to = to.clone();
            prev_city = to_city;

            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let Some(via) = via.into_iter().collect::<Option<Vec<Place>>>() else {
                continue;
            };
            let (points, model) = match &leg.path {
                Some(path) => {
                    // A track that starts or ends far from the leg's places is a slip (often
                    // [lat, lon] written for [lon, lat]), not a track.
                    for (end, place, what) in
                        [(path.first(), &from, "starts"), (path.last(), &to, "ends")]
                    {
                        if let Some(&pt) = end {
                            let gap = geodesic::distance(pt, (place.lon, place.lat));
                            if gap.km() > PATH_END_TOLERANCE_KM {
                                problems.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, format!(
                                    "leg {number}'s path {what} {:.0} km from {} ({}); make the path begin at `from` and end at `to` (points are [lon, lat])",
                                    gap.km(), place.name, place.id)));
                            }
                        }
                    }
                    (path.clone(), GeometryModel::Explicit)
                }
                None => {
                    let mut pts = vec![(from.lon, from.lat)];
                    pts.extend(via.iter().map(|p| (p.lon, p.lat)));
                    pts.push((to.lon, to.lat));
                    (pts, GeometryModel::Geodesic)
                }
            };
            if points.windows(2).all(|w| w[0] == w[1]) {
                problems.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, format!(
                    "leg {number} starts and ends at {} ({}) without going anywhere; give two different places, a `via`, or a `path`",
                    from.name, from.id)));
                continue;
            }
            let mut cx = LegCx {
                file,
                leg,
                number,
                lenient: options.lenient || leg.lenient,
                warnings: &mut warnings,
                problems: &mut problems,
            };
            // An explicit sea path over land is a slip (a wrong coordinate, lat/lon swapped).
            if let (Mode::Sea, GeometryModel::Explicit, Some(sea)) = (leg.mode, model, &sea)
                && let Some(i) = sea.line_crosses_land(&points)
                && cx.judge(format!(
                    "leg {number}'s sea path crosses land between its points {} and {} ({} → {}); fix the path (points are [lon, lat]) or set `lenient = true` if this is right",
                    i + 1,
                    i + 2,
                    lat_lon_text(points[i]),
                    lat_lon_text(points[i + 1])
                ))
            {
                continue;
            }
            // Sea and rail legs follow their network; the others keep their line.
            let ends = (&from, &to, via.as_slice());
            let routed = match (leg.mode, model, &sea, &rail_net) {
                (Mode::Sea, GeometryModel::Geodesic, Some(sea), _) => Some(sea_course(
                    &mut cx,
                    sea,
                    &leg.passages.merged(&options.passages),
                    &options.named,
                    &points,
                    ends,
                )),
                (Mode::Rail, GeometryModel::Geodesic, _, Some(net)) => Some(rail_course(
                    &mut cx,
                    net,
                    &leg.rail.merged(&options.rail),
                    &points,
                    ends,
                )),
                _ => None,
            };
            let course = match routed {
                None => None,
                Some(Ok(course)) => Some(course),
                // Refused: the problem is recorded.
                Some(Err(None)) => continue,
                Some(Err(Some(e))) if options.tolerate_no_path => {
                    unroutable.push((format!("{}/{number}", route.id), e));
                    continue;
                }
                Some(Err(Some(e))) => {
                    cx.error(format!("leg {number}: {e}"));
                    continue;
                }
            };
            let (points, model, course) = match course {
                Some(c) => (c.points.clone(), GeometryModel::Network, c),
                None => (points, model, Course::default()),
            };
            let line = if options.numbers_only {
                Vec::new()
            } else {
                geodesic::densify(&points, MAX_SEGMENT)
            };
            planned.push(PlannedLeg {
                route,
                number,
                leg,
                line,
                // Whole metres, so that legs add up exactly to routes in every output.
                distance: course.distance.unwrap_or_else(|| {
                    Length::from_metres(geodesic::length(&points).metres().round())
                }),
                from,
                to,
                via,
                model,
                snap_from: course.snap_from,
                snap_to: course.snap_to,
                passages: course.passages,
                sections: course.sections,
                countries: course.countries,
            });
        }
    }
    // In file order (an end settled by the other end's country was resolved after it).
    resolutions.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    if problems.is_empty() {
        Ok(Plan {
            legs: planned,
            warnings,
            unroutable,
            resolutions,
        })
    } else {
        Err(problems)
    }
}

/// Where a leg's problems go while it is planned, and whether it is lenient.
struct LegCx<'a> {
    file: &'a str,
    leg: &'a Leg,
    number: usize,
    lenient: bool,
    warnings: &'a mut Vec<Diagnostic>,
    problems: &'a mut Vec<Diagnostic>,
}

impl LegCx<'_> {
    fn at(&self, text: String) -> Diagnostic {
        Diagnostic::at(self.file, self.leg.pos.line, self.leg.pos.col, text)
    }

    fn error(&mut self, text: String) {
        let d = self.at(text);
        self.problems.push(d);
    }

    fn warn(&mut self, text: String) {
        let d = self.at(format!("warning: {text}"));
        self.warnings.push(d);
    }

    /// A problem that changes the answer: an error, or a warning when lenient. True when the
    /// leg is refused.
    fn judge(&mut self, text: String) -> bool {
        if self.lenient {
            self.warn(text);
            false
        } else {
            self.error(text);
            true
        }
    }
}

/// A leg's course along a network.
#[derive(Default)]
struct Course {
    points: Vec<(f64, f64)>,
    /// Set for rail legs (track length); others are measured along `points`.
    distance: Option<Length>,
    snap_from: Option<Length>,
    snap_to: Option<Length>,
    passages: Vec<String>,
    sections: Vec<Section>,
    countries: Vec<CountrySpan>,
}

/// Err(None): refused, the problem recorded; Err(Some(why)): no path under the switches.
type Routed = Result<Course, Option<String>>;

/// A sea leg on the lanes: its connectors checked first (a port off the water is the
/// likelier mistake than waters the network does not join), then routed.
fn sea_course(
    cx: &mut LegCx,
    sea: &SeaNetwork,
    policy: &PassagePolicy,
    named: &[String],
    points: &[(f64, f64)],
    (from, to, _): (&Place, &Place, &[Place]),
) -> Routed {
    let unknown: Vec<String> = [&policy.avoid, &policy.allow, &policy.require]
        .into_iter()
        .flatten()
        .filter_map(|slug| sea.check_passage(slug).err().map(|e| e.to_string()))
        .collect();
    if !unknown.is_empty() {
        for e in unknown {
            cx.error(e);
        }
        return Err(None);
    }
    let snaps: Vec<Snap> = points.iter().map(|&p| sea.snap(p)).collect();
    let mut refused = false;
    for (snap, place) in [
        (snaps.first().expect("two points"), from),
        (snaps.last().expect("two points"), to),
    ] {
        let text = |why: &str| {
            format!(
                "leg {}: {} ({}) is {:.0} km from the nearest sea lane {why}; check the place (a seaport, not a city centre), give the leg a `path`, or set `lenient = true` if this is right",
                cx.number,
                place.name,
                place.id,
                snap.distance.km()
            )
        };
        if !snap.land_free {
            refused |= cx.judge(text("and no connector over water was found"));
        } else if snap.distance.km() > SEA_CONNECTOR_MAX_KM {
            refused |= cx.judge(text("by sea"));
        } else if snap.distance.km() > SNAP_WARN_KM {
            cx.warn(text("by sea"));
        }
    }
    if refused {
        return Err(None);
    }
    let path = sea
        .route_snapped(points, snaps.clone(), policy)
        .map_err(|e| Some(e.to_string()))?;
    // A strategic passage crossed unasked may be the wrong story (a ship that went round the
    // Cape reported through Suez): the analyst names it or routes round it. Passages with
    // the same way round (Suez and Bab-el-Mandeb) are one choice.
    let unnamed = sea.unnamed_passages(points, &snaps, policy, named, &path);
    let mut choices: Vec<(Vec<&str>, &SeaPath)> = Vec::new();
    for u in &unnamed {
        match choices
            .iter_mut()
            .find(|c| c.1.points == u.way_round.points)
        {
            Some(c) => c.0.push(u.slug),
            None => choices.push((vec![u.slug], &u.way_round)),
        }
    }
    for (slugs, round) in choices {
        let names: Vec<&str> = unnamed
            .iter()
            .filter(|u| slugs.contains(&u.slug))
            .map(|u| u.name)
            .collect();
        let by: Vec<&str> = round
            .passages
            .iter()
            .filter(|p| !path.passages.contains(p))
            .map(String::as_str)
            .collect();
        let quoted = |s: &[&str]| {
            s.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        refused |= cx.judge(format!(
            "leg {}: passes the {} ({:.0} km), which the route does not name; the way round{} is {:.0} km. Add `require = [{}]` to confirm it, `avoid = [{}]` to go round, or set `lenient = true`",
            cx.number,
            names.join(" and the "),
            path.distance.km(),
            if by.is_empty() {
                String::new()
            } else {
                format!(" (by the {})", by.join(", the "))
            },
            round.distance.km(),
            quoted(&slugs),
            quoted(&slugs[..1]),
        ));
    }
    if refused {
        return Err(None);
    }
    Ok(Course {
        snap_from: Some(path.snap_from.distance),
        snap_to: Some(path.snap_to.distance),
        passages: path.passages,
        points: path.points,
        ..Default::default()
    })
}

/// A rail leg on the railways: its ends checked for distance from the track, routed, its
/// sections named and any transit of a third country reported.
fn rail_course(
    cx: &mut LegCx,
    net: &RailNetwork,
    policy: &RailPolicy,
    points: &[(f64, f64)],
    (from, to, via): (&Place, &Place, &[Place]),
) -> Routed {
    if let Err(e) = net.constraints(policy) {
        cx.error(e.to_string());
        return Err(None);
    }
    let path = net.route(points, policy).map_err(|e| Some(e.to_string()))?;
    let mut refused = false;
    for (snap, place) in [(path.snap_from, from), (path.snap_to, to)] {
        let text = format!(
            "leg {}: {} ({}) is {:.0} km from the nearest railway of the bundled network (Europe east of 10° E to the Pacific); check the place, give the leg a `path`, or set `lenient = true` if this is right",
            cx.number,
            place.name,
            place.id,
            snap.km()
        );
        if snap.km() > rail::SNAP_MAX_KM {
            refused |= cx.judge(text);
        } else if snap.km() > rail::SNAP_WARN_KM {
            cx.warn(text);
        }
    }
    if refused {
        return Err(None);
    }
    let mut names = vec![from.name.clone()];
    names.extend(path.transfers.iter().cloned());
    names.push(to.name.clone());
    let sections = path
        .sections
        .iter()
        .enumerate()
        .map(|(i, &(distance, gauge))| Section {
            from: names[i].clone(),
            to: names[i + 1].clone(),
            distance,
            gauge,
        })
        .collect();
    // A country at neither end nor among the vias is worth a look: a Petropavl (KZ) transit
    // is real, a detour through Poland is not.
    let expected: Vec<&str> = [from, to]
        .into_iter()
        .chain(via.iter())
        .map(|p| p.country.as_str())
        .chain(path.countries.first().map(String::as_str))
        .chain(path.countries.last().map(String::as_str))
        .collect();
    for span in &path.country_spans {
        let cc = span.country.as_str();
        if expected.contains(&cc) {
            continue;
        }
        let at = |name: &Option<String>, p| {
            name.as_ref().map_or_else(
                || lat_lon_text(p),
                |n| format!("{} near {n}", lat_lon_text(p)),
            )
        };
        cx.warn(format!(
            "leg {}: the rail path passes through {cc}, entering at {} and leaving at {}, a country at neither end nor among the vias; if that is wrong, add avoid_countries = [\"{cc}\"] or a `via` to the leg",
            cx.number,
            at(&span.entry_name, span.entry),
            at(&span.exit_name, span.exit)
        ));
    }
    Ok(Course {
        points: path.points,
        distance: Some(path.distance),
        snap_from: Some(path.snap_from),
        snap_to: Some(path.snap_to),
        sections,
        countries: path.country_spans,
        ..Default::default()
    })
}
