//! From route definitions to legs with places and geometry: resolves every place reference
//! against the gazetteer, checks that the route makes sense, and builds each leg's line.
//!
//! `check`, `build`, `distances` and `aggregate` all go through [`plan`], so a route that
//! `check` accepts is exactly a route the other commands can map.

use crate::error::Diagnostic;
use crate::geometry::geodesic::{self, MAX_SEGMENT};
use crate::places::{Gazetteer, Place, PlaceKind};
use crate::routes::{Leg, Mode, PlaceAt, PlaceRef, Route};
use crate::units::Length;

/// How far an explicit path may start or end from the leg's places.
pub const PATH_END_TOLERANCE_KM: f64 = 50.0;

/// How a leg's line was made; written to the `geometry_model` property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryModel {
    /// Geodesics between the leg's places (for rail, sea and road a stand-in, not a track).
    Geodesic,
    /// The analyst's own `path`.
    Explicit,
}

impl GeometryModel {
    pub fn as_str(self) -> &'static str {
        match self {
            GeometryModel::Geodesic => "geodesic",
            GeometryModel::Explicit => "explicit",
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
    /// Length along the leg's line, one trip.
    pub distance: Length,
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
) -> Result<Vec<PlannedLeg<'r>>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut planned = Vec::new();
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
            let line = geodesic::densify(&points, MAX_SEGMENT);
            if line.len() < 2 {
                problems.push(Diagnostic::at(file, leg.pos.line, leg.pos.col, format!(
                    "leg {number} starts and ends at {} ({}) without going anywhere; give two different places, a `via`, or a `path`",
                    from.name, from.id)));
                continue;
            }
            planned.push(PlannedLeg {
                route,
                number,
                leg,
                line,
                distance: geodesic::length(&points),
                from,
                to,
                via,
                model,
            });
        }
    }
    if problems.is_empty() {
        Ok(planned)
    } else {
        Err(problems)
    }
}
