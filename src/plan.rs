//! From route definitions to legs with places and geometry: resolves every place reference
//! against the gazetteer, checks that the route makes sense, and builds each leg's line.
//!
//! `check`, `build`, `distances` and `aggregate` all go through [`plan`], so a route that
//! `check` accepts is exactly a route the other commands can map.

use crate::error::Diagnostic;
use crate::geometry::geodesic::{self, MAX_SEGMENT};
use crate::networks::rail::{self, CountrySpan, RailNetwork};
use crate::networks::sea::{SNAP_WARN_KM, SeaNetwork, Snap};
use crate::places::{Gazetteer, Place, PlaceKind};
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
    /// Report problems that change the answer (long or land-crossing sea connectors, sea
    /// paths over land) as warnings instead of errors, for every leg.
    pub lenient: bool,
}

/// Sea connectors longer than this are errors (warnings when lenient): a port that far from
/// every lane is probably the wrong place.
pub const SEA_CONNECTOR_MAX_KM: f64 = SNAP_WARN_KM;

/// The planned legs and the warnings met on the way (long snaps, say).
#[derive(Debug, Clone)]
pub struct Plan<'r> {
    pub legs: Vec<PlannedLeg<'r>>,
    pub warnings: Vec<Diagnostic>,
    /// Legs with no path under the options, as (feature id, reason); only with
    /// `tolerate_no_path`.
    pub unroutable: Vec<(String, String)>,
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
    /// The densified line, longitudes unwrapped (see [`crate::geometry::antimeridian`]).
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

fn inline_place(name: &str, lat: f64, lon: f64) -> Place {
    Place {
        id: format!("inline:{}", crate::places::normalize::key(name)),
        name: name.to_string(),
        kind: PlaceKind::Facility,
        country: String::new(),
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

/// A problem that changes the answer: an error, or with `lenient` a warning. True when the
/// leg is refused.
fn refuse(
    lenient: bool,
    mut d: Diagnostic,
    warnings: &mut Vec<Diagnostic>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if lenient {
        d.message = format!("warning: {}", d.message);
        warnings.push(d);
        false
    } else {
        problems.push(d);
        true
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

/// Resolves a place reference, or records why not.
fn resolve(
    gaz: &Gazetteer,
    file: &str,
    at: &PlaceAt,
    mode: Mode,
    problems: &mut Vec<Diagnostic>,
) -> Option<Place> {
    match &at.place {
        PlaceRef::Inline { name, lat, lon } => Some(inline_place(name, *lat, *lon)),
        PlaceRef::Named(q) => match gaz.resolve(q, preferred_kinds(mode)) {
            Ok(p) => Some(p),
            Err(e) => {
                problems.push(Diagnostic::at(file, at.pos.line, at.pos.col, e.to_string()));
                None
            }
        },
    }
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
    let mut planned = Vec::new();
    let sea = SeaNetwork::bundled();
    let rail_net = RailNetwork::bundled();
    for route in routes {
        // Where the previous leg ended, when it resolved.
        let mut prev_to: Option<Place> = None;
        for (i, leg) in route.legs.iter().enumerate() {
            let number = i + 1;
            let file = route.file.as_str();
            let from = resolve(gaz, file, &leg.from, leg.mode, &mut problems);
            let to = resolve(gaz, file, &leg.to, leg.mode, &mut problems);
            let via: Vec<Option<Place>> = leg
                .via
                .iter()
                .map(|v| resolve(gaz, file, v, leg.mode, &mut problems))
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
                    if prev_to.id != from.id && gap.km() > 1.0 {
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
            // An explicit sea path over land is a slip (a wrong coordinate, lat/lon swapped).
            if let (Mode::Sea, GeometryModel::Explicit, Some(sea)) = (leg.mode, model, &sea)
                && let Some(i) = sea.line_crosses_land(&points)
            {
                let text = format!(
                    "leg {number}'s sea path crosses land between its points {} and {} ({} → {}); fix the path (points are [lon, lat]) or set `lenient = true` if this is right",
                    i + 1,
                    i + 2,
                    lat_lon_text(points[i]),
                    lat_lon_text(points[i + 1])
                );
                let d = Diagnostic::at(file, leg.pos.line, leg.pos.col, text);
                if refuse(
                    options.lenient || leg.lenient,
                    d,
                    &mut warnings,
                    &mut problems,
                ) {
                    continue;
                }
            }
            let (mut snap_from, mut snap_to, mut passages) = (None, None, Vec::new());
            let mut points = points;
            let mut model = model;
            if let (Mode::Sea, GeometryModel::Geodesic, Some(sea)) = (leg.mode, model, &sea) {
                let policy = leg.passages.merged(&options.passages);
                let unknown: Vec<String> = [&policy.avoid, &policy.allow, &policy.require]
                    .into_iter()
                    .flatten()
                    .filter_map(|slug| sea.check_passage(slug).err())
                    .collect();
                if !unknown.is_empty() {
                    for e in unknown {
                        problems.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, e));
                    }
                    continue;
                }
                // The connectors first: a port off the water is the likelier mistake than
                // waters the network does not join.
                let snaps: Vec<Snap> = points.iter().map(|&p| sea.snap(p)).collect();
                let lenient = options.lenient || leg.lenient;
                let mut refused = false;
                let ends = [
                    (snaps.first().expect("two points"), &from),
                    (snaps.last().expect("two points"), &to),
                ];
                for (snap, place) in ends {
                    let why = if !snap.land_free {
                        "and no connector over water was found"
                    } else if snap.distance.km() > SEA_CONNECTOR_MAX_KM {
                        "by sea"
                    } else {
                        continue;
                    };
                    let text = format!(
                        "leg {number}: {} ({}) is {:.0} km from the nearest sea lane {why}; check the place (a seaport, not a city centre), give the leg a `path`, or set `lenient = true` if this is right",
                        place.name,
                        place.id,
                        snap.distance.km()
                    );
                    let d = Diagnostic::at(file, leg.pos.line, leg.pos.col, text);
                    refused |= refuse(lenient, d, &mut warnings, &mut problems);
                }
                if refused {
                    continue;
                }
                match sea.route_snapped(&points, snaps, &policy) {
                    Ok(path) => {
                        snap_from = Some(path.snap_from.distance);
                        snap_to = Some(path.snap_to.distance);
                        passages = path.passages;
                        points = path.points;
                        model = GeometryModel::Network;
                    }
                    Err(e) if options.tolerate_no_path => {
                        unroutable.push((format!("{}/{number}", route.id), e));
                        continue;
                    }
                    Err(e) => {
                        problems.push(Diagnostic::at(
                            file,
                            leg.pos.line,
                            leg.pos.col,
                            format!("leg {number}: {e}"),
                        ));
                        continue;
                    }
                }
            }
            let mut sections = Vec::new();
            let mut countries = Vec::new();
            let mut distance = None;
            if let (Mode::Rail, GeometryModel::Geodesic, Some(net)) = (leg.mode, model, &rail_net) {
                let policy = leg.rail.merged(&options.rail);
                match net.route(&points, &policy) {
                    Ok(path) => {
                        let mut refused = false;
                        for (snap, place) in [(path.snap_from, &from), (path.snap_to, &to)] {
                            let text = format!(
                                "leg {number}: {} ({}) is {:.0} km from the nearest railway of the bundled network (Europe east of 10° E to the Pacific); check the place, give the leg a `path`, or set `lenient = true` if this is right",
                                place.name,
                                place.id,
                                snap.km()
                            );
                            let d = Diagnostic::at(file, leg.pos.line, leg.pos.col, text);
                            if snap.km() > rail::SNAP_MAX_KM {
                                let lenient = options.lenient || leg.lenient;
                                refused |= refuse(lenient, d, &mut warnings, &mut problems);
                            } else if snap.km() > rail::SNAP_WARN_KM {
                                refuse(true, d, &mut warnings, &mut problems);
                            }
                        }
                        if refused {
                            continue;
                        }
                        let mut ends = vec![from.name.clone()];
                        ends.extend(path.transfers.iter().cloned());
                        ends.push(to.name.clone());
                        sections = path
                            .sections
                            .iter()
                            .enumerate()
                            .map(|(i, &(distance, gauge))| Section {
                                from: ends[i].clone(),
                                to: ends[i + 1].clone(),
                                distance,
                                gauge,
                            })
                            .collect();
                        // A country at neither end nor among the vias is worth a look:
                        // a Petropavl (KZ) transit is real, a detour through Poland is not.
                        let expected: Vec<&str> = [&from, &to]
                            .into_iter()
                            .chain(via.iter())
                            .map(|p| p.country.as_str())
                            .chain(path.countries.first().map(String::as_str))
                            .chain(path.countries.last().map(String::as_str))
                            .collect();
                        for span in &path.country_spans {
                            let cc = span.country.as_str();
                            if !expected.contains(&cc) {
                                let at = |name: &Option<String>, p| {
                                    name.as_ref().map_or_else(
                                        || lat_lon_text(p),
                                        |n| format!("{} near {n}", lat_lon_text(p)),
                                    )
                                };
                                warnings.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, format!(
                                    "warning: leg {number}: the rail path passes through {cc}, entering at {} and leaving at {}, a country at neither end nor among the vias; if that is wrong, add avoid_countries = [\"{cc}\"] or a `via` to the leg",
                                    at(&span.entry_name, span.entry),
                                    at(&span.exit_name, span.exit))));
                            }
                        }
                        countries = path.country_spans;
                        distance = Some(path.distance);
                        snap_from = Some(path.snap_from);
                        snap_to = Some(path.snap_to);
                        points = path.points;
                        model = GeometryModel::Network;
                    }
                    Err(e) if e.starts_with("unknown closure") => {
                        problems.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, e));
                        continue;
                    }
                    Err(e) if options.tolerate_no_path => {
                        unroutable.push((format!("{}/{number}", route.id), e));
                        continue;
                    }
                    Err(e) => {
                        problems.push(Diagnostic::at(
                            file,
                            leg.pos.line,
                            leg.pos.col,
                            format!("leg {number}: {e}"),
                        ));
                        continue;
                    }
                }
            }
            let line = geodesic::densify(&points, MAX_SEGMENT);
            planned.push(PlannedLeg {
                route,
                number,
                leg,
                line,
                // Whole metres, so that legs add up exactly to routes in every output.
                distance: distance.unwrap_or_else(|| {
                    Length::from_metres(geodesic::length(&points).metres().round())
                }),
                from,
                to,
                via,
                model,
                snap_from,
                snap_to,
                passages,
                sections,
                countries,
            });
        }
    }
    if problems.is_empty() {
        Ok(Plan {
            legs: planned,
            warnings,
            unroutable,
        })
    } else {
        Err(problems)
    }
}
