//! Step 3 for sea legs: a course on the lanes. Connectors are checked first (a port off the
//! water is the likelier mistake than waters the network does not join), then the leg is
//! routed and any strategic passage it crosses unnamed is refused.

use std::rc::Rc;
use std::sync::Arc;

use super::SEA_CONNECTOR_MAX_KM;
use super::course::{Course, LegCx, NoCourse, Routed, lat_lon_text};
use super::memo::{Points, SeaAnswer, SeaCourse, SeaQuestion, remembered};
use super::sightings::{CHOKEPOINT_PASSED_KM, nearest_on_segment};
use crate::hash::QuickMap;
use crate::networks::sea::{SNAP_WARN_KM, SeaNetwork, SeaPath, Snap, UnnamedPassage};
use crate::places::{Place, PlaceKind};
use crate::routes::PassagePolicy;

/// An explicit sea path over land, across it or wholly on it, is a slip (a wrong coordinate,
/// lat/lon swapped): true when the leg is refused.
pub(super) fn path_crosses_land(cx: &mut LegCx, sea: &SeaNetwork, points: &[(f64, f64)]) -> bool {
    let Some(i) = sea.line_crosses_land(points) else {
        let Some((i, p)) = sea.line_on_land(points) else {
            return false;
        };
        return cx.judge(format!(
            "leg {}'s sea path lies on land between its points {} and {} (at {}, and it crosses no coast); fix the path (points are [lon, lat]) or set `lenient = true` if this is right (a river, a canal)",
            cx.number,
            i + 1,
            i + 2,
            lat_lon_text(p)
        ));
    };
    cx.judge(format!(
        "leg {}'s sea path crosses land between its points {} and {} ({} → {}); fix the path (points are [lon, lat]) or set `lenient = true` if this is right",
        cx.number,
        i + 1,
        i + 2,
        lat_lon_text(points[i]),
        lat_lon_text(points[i + 1])
    ))
}

/// A sea leg's course between `from` and `to` through `points` (its ends and vias), without
/// its line when `numbers_only`. A course asked before in the run (the same points, passages
/// and names) is taken from `memo`.
pub(super) fn sea_course(
    cx: &mut LegCx,
    (sea, memo): (&SeaNetwork, &mut QuickMap<SeaQuestion, SeaAnswer>),
    policy: &PassagePolicy,
    named: &[String],
    points: &[(f64, f64)],
    (from, to): (&Place, &Place),
    numbers_only: bool,
) -> Routed {
    if !known_passages(cx, sea, policy) {
        return Err(NoCourse::Refused);
    }
    let snaps: Vec<Snap> = points.iter().map(|&p| sea.snap(p)).collect();
    if !connectors_hold(cx, (&snaps[0], from), (&snaps[snaps.len() - 1], to)) {
        return Err(NoCourse::Refused);
    }
    let question = SeaQuestion::new(points, policy, named, numbers_only);
    let found = remembered(memo, question, || {
        sea_course_once(sea, (policy, named), points, snaps, numbers_only)
    });
    let found = found.map_err(NoCourse::NoPath)?;
    let path = &found.path;
    if refuse_unnamed(cx, path, &found.unnamed) {
        return Err(NoCourse::Refused);
    }
    Ok(Course {
        snap_from: Some(path.snap_from.distance),
        snap_to: Some(path.snap_to.distance),
        passages: path.passages.clone(),
        points: found.points.clone(),
        distance: Some(found.length),
        ..Default::default()
    })
}

/// A sea leg's waypoints on the lanes: its ends and vias, less the chokepoints it is to pass
/// through rather than call at. A chokepoint via stands for a strait, not for its
/// mid-channel point: routed to, the leg ran out to the lane node nearest the point and back
/// (a spur of ~12 km on Rajin → Zhoushan via `korea-strait`). One that is a passage of the
/// network (the gazetteer's `korea-strait` is the passage `korea-strait`) is required
/// instead, as `require` asks (after [`super::sightings`]' stretch policy, so a stretch routed
/// through the via crosses the strait too); one that is not is passed where the way without
/// it comes within [`CHOKEPOINT_PASSED_KM`], else still routed to. A passage the leg avoids
/// keeps its via a point to route to. `points` are the ends and `via` in between.
pub(super) fn sea_waypoints(
    sea: &SeaNetwork,
    policy: &mut PassagePolicy,
    points: &[(f64, f64)],
    via: &[Arc<Place>],
) -> Vec<(f64, f64)> {
    if points.len() != via.len() + 2 {
        return points.to_vec();
    }
    let mut kept = vec![(points[0], false)];
    for (v, &p) in via.iter().zip(&points[1..]) {
        let chokepoint = v.kind == PlaceKind::Chokepoint;
        if chokepoint && sea.check_passage(&v.id).is_ok() && !policy.avoid.contains(&v.id) {
            if !policy.require.contains(&v.id) {
                policy.require.push(v.id.clone());
            }
        } else {
            kept.push((p, chokepoint));
        }
    }
    kept.push((points[points.len() - 1], false));
    without_chokepoints_passed(sea, policy, kept)
}

/// The waypoints less the chokepoints (flagged true) that the way through the others passes
/// within [`CHOKEPOINT_PASSED_KM`] of; all of them when that way cannot be routed.
fn without_chokepoints_passed(
    sea: &SeaNetwork,
    policy: &PassagePolicy,
    ways: Vec<((f64, f64), bool)>,
) -> Vec<(f64, f64)> {
    let all = || ways.iter().map(|w| w.0).collect();
    if !ways.iter().any(|w| w.1) {
        return all();
    }
    let others: Vec<(f64, f64)> = ways.iter().filter(|w| !w.1).map(|w| w.0).collect();
    let Ok(way) = sea.route(&others, policy) else {
        return all();
    };
    let passed = |p: (f64, f64)| {
        way.points
            .windows(2)
            .any(|s| nearest_on_segment(p, s[0], s[1]).0 <= CHOKEPOINT_PASSED_KM)
    };
    ways.iter()
        .filter(|w| !(w.1 && passed(w.0)))
        .map(|w| w.0)
        .collect()
}

/// The course on the lanes through `points`, joined to them at `snaps`, with the passages
/// it crosses unnamed; without its line when `numbers_only`.
fn sea_course_once(
    sea: &SeaNetwork,
    (policy, named): (&PassagePolicy, &[String]),
    points: &[(f64, f64)],
    snaps: Vec<Snap>,
    numbers_only: bool,
) -> SeaAnswer {
    let mut path = if numbers_only {
        sea.route_snapped_numbers(points, snaps.clone(), policy)?
    } else {
        sea.route_snapped(points, snaps.clone(), policy)?
    };
    let unnamed = sea.unnamed_passages(points, &snaps, policy, named, &path);
    let length = super::whole(path.distance);
    let points: Points = std::mem::take(&mut path.points).into();
    Ok(Rc::new(SeaCourse {
        length,
        path,
        unnamed,
        points,
    }))
}

/// Every passage the policy names exists, and none is both avoided and required; false
/// (problems recorded) otherwise.
pub(super) fn known_passages(cx: &mut LegCx, sea: &SeaNetwork, policy: &PassagePolicy) -> bool {
    let unknown: Vec<String> = [&policy.avoid, &policy.allow, &policy.require]
        .into_iter()
        .flatten()
        .filter_map(|slug| sea.check_passage(slug).err().map(|e| e.to_string()))
        .collect();
    let contradictions: Vec<String> = policy
        .require
        .iter()
        .filter(|slug| policy.avoid.contains(slug))
        .map(|slug| {
            format!(
                "leg {}: passage {} is both avoided and required; keep it in one of `avoid` and `require` (the command line's switches count too)",
                cx.number,
                crate::quote::quoted(slug)
            )
        })
        .collect();
    let ok = unknown.is_empty() && contradictions.is_empty();
    for e in unknown.into_iter().chain(contradictions) {
        cx.error(e);
    }
    ok
}

/// The connectors from each end to the lanes: over water and not too long. False when the
/// leg is refused.
fn connectors_hold(cx: &mut LegCx, from: (&Snap, &Place), to: (&Snap, &Place)) -> bool {
    let mut refused = false;
    for (snap, place) in [from, to] {
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
    !refused
}

/// A strategic passage crossed unasked may be the wrong story (a ship that went round the
/// Cape reported through Suez): the analyst names it or routes round it. Passages with the
/// same way round (Suez and Bab-el-Mandeb) are one choice. True when the leg is refused.
fn refuse_unnamed(cx: &mut LegCx, path: &SeaPath, unnamed: &[UnnamedPassage]) -> bool {
    let mut choices: Vec<(Vec<&str>, &SeaPath)> = Vec::new();
    for u in unnamed {
        match choices
            .iter_mut()
            .find(|c| c.1.points == u.way_round.points)
        {
            Some(c) => c.0.push(u.slug),
            None => choices.push((vec![u.slug], &u.way_round)),
        }
    }
    let mut refused = false;
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
    refused
}

#[cfg(test)]
mod tests {
    use super::sea_waypoints;
    use crate::Gazetteer;
    use crate::networks::sea::SeaNetwork;
    use crate::places::{Place, PlaceKind};
    use crate::plan::{Plan, PlanOptions, PlannedLeg, plan};
    use crate::routes::PassagePolicy;
    use crate::routes::{Route, toml_file};
    use std::sync::Arc;

    /// The AIS fix of the bundled Angara route, south-west of the Korea Strait's western
    /// channel and ~55 km from the gazetteer's `korea-strait` point (so not passed there).
    const ANGARA_FIX: &str = "[[legs.sightings]]\ntime = \"2024-02-06T10:00:00Z\"\nlat = 34.45\nlon = 128.95\nkind = \"ais\"\n";

    /// The plan of a sea leg Rajin → Zhoushan Xinya with these lines after its ends.
    fn rajin_to_zhoushan(extra: &str) -> Plan<'static> {
        let text = format!(
            "id = \"k\"\n[[legs]]\nmode = \"sea\"\nfrom = \"rajin-port\"\nto = \"zhoushan-xinya-shipyard\"\nend = \"2024-02-09\"\n{extra}"
        );
        let routes: &'static [Route] =
            Box::leak(Box::new([toml_file::parse("k.toml", &text).unwrap()]));
        plan(routes, &Gazetteer::bundled(), &PlanOptions::default()).unwrap()
    }

    /// The sharpest turn of a line in degrees (0 straight on, 180 straight back), with the
    /// longitude scaled to the latitude so that angles are as on the ground.
    fn sharpest_turn(line: &[[f64; 2]]) -> f64 {
        let step = |a: [f64; 2], b: [f64; 2]| {
            let k = (0.5 * (a[1] + b[1])).to_radians().cos();
            ((b[0] - a[0]) * k, b[1] - a[1])
        };
        line.windows(3)
            .map(|w| (step(w[0], w[1]), step(w[1], w[2])))
            .filter(|(u, v)| u.0.hypot(u.1) > 0.0 && v.0.hypot(v.1) > 0.0)
            .map(|(u, v)| (u.1.atan2(u.0) - v.1.atan2(v.0)).to_degrees())
            .map(|d| (d.rem_euclid(360.0) - 180.0).abs())
            .map(|d| 180.0 - d)
            .fold(0.0, f64::max)
    }

    /// The leg goes through the Korea Strait and its line never doubles back.
    fn through_the_strait_without_a_spur(leg: &PlannedLeg) {
        assert!(
            leg.passages.iter().any(|p| p.starts_with("Korea Strait")),
            "{:?}",
            leg.passages
        );
        let turn = sharpest_turn(&leg.line);
        assert!(turn < 120.0, "a turn of {turn:.0}°");
    }

    #[test]
    fn a_chokepoint_via_is_passed_through_not_run_out_to() {
        let via = rajin_to_zhoushan("via = [\"korea-strait\"]\n");
        let required = rajin_to_zhoushan("require = [\"korea-strait\"]\n");
        let plain = rajin_to_zhoushan("");
        let (via, required, plain) = (&via.legs[0], &required.legs[0], &plain.legs[0]);
        assert_eq!(via.distance, required.distance);
        assert_eq!(via.line, required.line);
        assert_eq!(via.passages, required.passages);
        assert_eq!(via.via[0].id, "korea-strait");
        through_the_strait_without_a_spur(via);
        // The way without the via goes through the strait too, so the via adds (almost)
        // nothing: the spur to the lane node nearest its point added 11.9 km (0.7 %).
        through_the_strait_without_a_spur(plain);
        let (with, without) = (via.distance.km(), plain.distance.km());
        assert!(
            (with - without).abs() <= without * 0.01,
            "{with} vs {without}"
        );
    }

    #[test]
    fn a_chokepoint_via_between_fixes_is_passed_through_too() {
        let via = rajin_to_zhoushan(&format!("via = [\"korea-strait\"]\n{ANGARA_FIX}"));
        let required = rajin_to_zhoushan(&format!("require = [\"korea-strait\"]\n{ANGARA_FIX}"));
        let (via, required) = (&via.legs[0], &required.legs[0]);
        assert_eq!(via.distance, required.distance);
        assert_eq!(via.passages, required.passages);
        through_the_strait_without_a_spur(via);
    }

    /// A chokepoint of the analyst's own, which is no passage of the network.
    fn strait(id: &str, (lat, lon): (f64, f64)) -> Place {
        Place::new(id, id, PlaceKind::Chokepoint, (lat, lon), "test")
    }

    #[test]
    fn a_chokepoint_that_is_no_passage_is_passed_where_the_way_passes_it() {
        let sea = SeaNetwork::bundled().unwrap();
        let (rajin, zhoushan) = ((130.3, 42.233333), (122.1, 30.0));
        let ways = |v: &Place| {
            let mut policy = PassagePolicy::default();
            let points = [rajin, (v.lon, v.lat), zhoushan];
            let ways = sea_waypoints(&sea, &mut policy, &points, &[Arc::new(v.clone())]);
            assert!(policy.require.is_empty());
            ways
        };
        // The lanes pass ~9.5 km from the western channel's mid-channel point.
        let western_channel = strait("western-channel", (34.9, 129.2));
        assert_eq!(ways(&western_channel), [rajin, zhoushan]);
        // A "strait" in the open Sea of Japan, ~400 km off the way, is still routed to.
        let off = strait("off-the-way", (38.0, 134.0));
        assert_eq!(ways(&off), [rajin, (134.0, 38.0), zhoushan]);
    }

    #[test]
    fn a_port_via_is_still_called_at() {
        let plain = rajin_to_zhoushan("");
        let called = rajin_to_zhoushan("via = [\"vladivostok-port\"]\n");
        let (plain, called) = (&plain.legs[0], &called.legs[0]);
        assert!(called.distance.km() > plain.distance.km() + 100.0);
    }
}
