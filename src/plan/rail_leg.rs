//! Step 3 for rail legs: a course on the railways. The ends are checked for distance from
//! the track, the path is split into sections of one gauge, and a transit of a third country
//! is reported.

use std::sync::Arc;

use super::course::{Course, LegCx, NoCourse, Routed, lat_lon_text};
use super::memo::{RailAnswer, RailCourse, RailQuestion, remembered};
use crate::hash::QuickMap;
use crate::networks::rail::{self, CountrySpan, RailNetwork, RailPath};
use crate::places::Place;
use crate::routes::RailPolicy;
use crate::units::Length;

/// A stretch of a rail leg on one gauge, between the leg's ends and its transfer stations.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub from: String,
    pub to: String,
    pub distance: Length,
    /// Track gauge in mm.
    pub gauge: u16,
}

/// A rail leg's course from `from` to `to` through `points` (its ends and vias).
/// A course asked before in the run (the same points and policy) is taken from `memo`.
pub(super) fn rail_course(
    cx: &mut LegCx,
    (net, memo): (&RailNetwork, &mut QuickMap<RailQuestion, RailAnswer>),
    policy: &RailPolicy,
    points: &[(f64, f64)],
    (from, to, via): (&Place, &Place, &[Arc<Place>]),
) -> Routed {
    if let Err(e) = net.constraints(policy) {
        cx.error(e.to_string());
        return Err(NoCourse::Refused);
    }
    let question = RailQuestion::new(points, policy);
    let found = remembered(memo, question, || {
        net.route(points, policy).map(RailCourse::new)
    });
    let found = found.map_err(NoCourse::NoPath)?;
    let path = &found.path;
    if !ends_near_track(cx, path, from, to) {
        return Err(NoCourse::Refused);
    }
    warn_of_transits(cx, &path.country_spans, from, to, via, &path.countries);
    Ok(Course {
        sections: sections(path, from, to),
        points: found.points.clone(),
        distance: Some(path.distance),
        snap_from: Some(path.snap_from),
        snap_to: Some(path.snap_to),
        countries: path.country_spans.clone(),
        ..Default::default()
    })
}

/// Each end within reach of the track; false when the leg is refused.
fn ends_near_track(cx: &mut LegCx, path: &RailPath, from: &Place, to: &Place) -> bool {
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
    !refused
}

/// The path's stretches of one gauge, named by the leg's ends and the transfer stations.
fn sections(path: &RailPath, from: &Place, to: &Place) -> Vec<Section> {
    let mut names = vec![from.name.clone()];
    names.extend(path.transfers.iter().cloned());
    names.push(to.name.clone());
    path.sections
        .iter()
        .enumerate()
        .map(|(i, &(distance, gauge))| Section {
            from: names[i].clone(),
            to: names[i + 1].clone(),
            distance,
            gauge,
        })
        .collect()
}

/// A country at neither end nor among the vias is worth a look: a Petropavl (KZ) transit is
/// real, a detour through Poland is not.
fn warn_of_transits(
    cx: &mut LegCx,
    spans: &[CountrySpan],
    from: &Place,
    to: &Place,
    via: &[Arc<Place>],
    path_countries: &[String],
) {
    let expected: Vec<&str> = [from, to]
        .into_iter()
        .chain(via.iter().map(|p| &**p))
        .map(|p| p.country.as_str())
        .chain(path_countries.first().map(String::as_str))
        .chain(path_countries.last().map(String::as_str))
        .collect();
    let at = |name: &Option<String>, p| {
        name.as_ref().map_or_else(
            || lat_lon_text(p),
            |n| format!("{} near {n}", lat_lon_text(p)),
        )
    };
    for span in spans {
        let cc = span.country.as_str();
        if expected.contains(&cc) {
            continue;
        }
        cx.warn(format!(
            "leg {}: the rail path passes through {cc}, entering at {} and leaving at {}, a country at neither end nor among the vias; if that is wrong, add avoid_countries = [\"{cc}\"] or a `via` to the leg",
            cx.number,
            at(&span.entry_name, span.entry),
            at(&span.exit_name, span.exit)
        ));
    }
}
