//! Step 2 of planning: whether a leg makes sense as given — its dates, its connection to the
//! previous leg, an explicit path's ends, a leg that goes nowhere.

use std::sync::Arc;

use super::course::LegCx;
use super::resolve::LegPlaces;
use super::{GeometryModel, LEGS_CONNECT_KM, PATH_END_TOLERANCE_KM};
use crate::error::{Diagnostic, Kind};
use crate::geometry::geodesic;
use crate::networks::rail::RailNetwork;
use crate::networks::sea::SeaNetwork;
use crate::places::Place;
use crate::routes::{Leg, Mode, Route};

/// Where the previous leg of a route ended: its place and the city it serves, if any.
#[derive(Default)]
pub(super) struct PreviousEnd {
    pub place: Option<Arc<Place>>,
    pub city: Option<String>,
}

/// A problem with a leg, at `pos` in `file`.
fn at(file: &str, pos: crate::routes::Pos, text: String) -> Diagnostic {
    Diagnostic::at(file, pos.line, pos.col, text).with_kind(Kind::Plan)
}

/// A leg that ends before it starts.
pub(super) fn dates(file: &str, leg: &Leg, number: usize, problems: &mut Vec<Diagnostic>) {
    if let (Some(s), Some(e)) = (leg.start, leg.end)
        && s > e
    {
        problems.push(at(
            file,
            leg.start_pos,
            format!("leg {number} starts {s} after it ends {e}; swap start and end"),
        ));
    }
}

/// Leg `i` (0-based) of a route whose legs connect: it starts where the previous one ended
/// (one place, places within [`LEGS_CONNECT_KM`], or places serving one city) and not
/// before it.
pub(super) fn connection(
    route: &Route,
    i: usize,
    places: &LegPlaces,
    prev: &PreviousEnd,
    problems: &mut Vec<Diagnostic>,
) {
    if !route.legs_connect || i == 0 {
        return;
    }
    let (file, leg, number) = (route.file.as_str(), &route.legs[i], i + 1);
    if let (Some(prev_to), Some(from)) = (&prev.place, &places.from) {
        let gap = geodesic::distance((prev_to.lon, prev_to.lat), (from.lon, from.lat));
        let anchor = |p: &Place, city: &Option<String>| city.clone().unwrap_or(p.id.clone());
        let same_city = anchor(prev_to, &prev.city) == anchor(from, &places.from_city);
        if prev_to.id != from.id && gap.km() > LEGS_CONNECT_KM && !same_city {
            problems.push(at(file, leg.from.pos, format!(
                "leg {number} starts at {} ({}) but leg {} ends at {} ({}), {:.0} km away; make them the same place, or set `legs_connect = false` if the legs are separate shipments",
                from.name, from.id, number - 1, prev_to.name, prev_to.id, gap.km())));
        }
    }
    if let (Some(ps), Some(s)) = (route.legs[i - 1].start, leg.start)
        && s < ps
    {
        problems.push(at(file, leg.start_pos, format!(
            "leg {number} starts {s}, before leg {} ({ps}); order the legs in time or set `legs_connect = false`",
            number - 1)));
    }
}

/// A track that starts or ends far from the leg's places is a slip (often [lat, lon]
/// written for [lon, lat]), not a track.
pub(super) fn path_ends(
    file: &str,
    leg: &Leg,
    number: usize,
    path: &[(f64, f64)],
    (from, to): (&Place, &Place),
    problems: &mut Vec<Diagnostic>,
) {
    for (end, place, what) in [(path.first(), from, "starts"), (path.last(), to, "ends")] {
        if let Some(&pt) = end {
            let gap = geodesic::distance(pt, (place.lon, place.lat));
            if gap.km() > PATH_END_TOLERANCE_KM {
                problems.push(at(file, leg.pos, format!(
                    "leg {number}'s path {what} {:.0} km from {} ({}); make the path begin at `from` and end at `to` (points are [lon, lat])",
                    gap.km(), place.name, place.id)));
            }
        }
    }
}

/// A leg whose points are all one point.
pub(super) fn goes_somewhere(
    file: &str,
    leg: &Leg,
    number: usize,
    points: &[(f64, f64)],
    from: &Place,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    if points.windows(2).all(|w| w[0] == w[1]) {
        problems.push(at(file, leg.pos, format!(
            "leg {number} starts and ends at {} ({}) without going anywhere; give two different places, a `via`, or a `path`",
            from.name, from.id)));
        return false;
    }
    true
}

/// The passages, closures and countries a leg names exist, where its own network step does
/// not check them (an air leg under a route's `avoid`, a sea leg under a route's `close`): a
/// typo is an error wherever it is written. False (problems recorded) otherwise.
pub(super) fn names_known(
    cx: &mut LegCx,
    model: GeometryModel,
    sea: Option<&SeaNetwork>,
    rail: Option<&RailNetwork>,
) -> bool {
    let leg = cx.leg;
    let routed = |mode: Mode| leg.mode == mode && model == GeometryModel::Geodesic;
    let mut ok = true;
    if let Some(sea) = sea
        && !routed(Mode::Sea)
        && !leg.passages.is_empty()
    {
        ok &= super::sea_leg::known_passages(cx, sea, &leg.passages);
    }
    if let Some(rail) = rail
        && !routed(Mode::Rail)
        && !leg.rail.is_empty()
        && let Err(e) = rail.constraints(&leg.rail)
    {
        cx.error(e.to_string());
        ok = false;
    }
    ok
}
