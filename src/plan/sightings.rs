//! Step 3 for legs with sightings: the line passes through the fixes in time order. Between
//! two fixes close enough in time (the leg's `observed_gap`, by default by kind) it follows
//! them (observed); across a longer gap, and from the leg's origin to the first fix and from
//! the last to its destination, it is routed as the mode routes a leg (inferred). Each
//! stretch between timed points is checked against the vehicle's top speed, along the line.

use std::rc::Rc;
use std::sync::Arc;

use super::course::{Course, lat_lon_text};
use super::{GeometryModel, PlannedLeg, Run, Section, measured, whole};
use crate::error::{Diagnostic, Kind};
use crate::geometry::geodesic::{self, MAX_SEGMENT};
use crate::geometry::plane;
use crate::networks::rail::CountrySpan;
use crate::networks::sea::SeaNetwork;
use crate::places::{Place, PlaceKind};
use crate::routes::sighting::{KM_H, KNOT, hours_text};
use crate::routes::{Leg, Mode, PassagePolicy, Route, Sighting, TimeSpan};
use crate::units::Length;

/// Part of a leg's line, vertices `first..=last` of [`PlannedLeg::line`]: observed (drawn
/// through fixes close in time) or inferred (routed between places and fixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: usize,
    pub last: usize,
    pub observed: bool,
}

/// A vertex of [`PlannedLeg::line`] whose time is known (a fix, the leg's start or end), in
/// unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub vertex: usize,
    pub time: i64,
}

/// What a leg's sightings make of it. A leg without sightings is wholly inferred: this is
/// then the default (nothing observed, no span or anchor stored: [`PlannedLeg::spans`] and
/// [`PlannedLeg::anchors`] work them out).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    /// The observed part of `distance`, in whole metres (the rest is inferred).
    pub observed: Length,
    /// Gaps between consecutive sightings longer than the leg's dark threshold.
    pub dark_gaps: usize,
    /// The longest of those gaps, seconds (0 when none); None with fewer than two sightings.
    pub longest_dark: Option<i64>,
    /// Observed and inferred parts of the line, in order, covering it.
    pub spans: Vec<Span>,
    /// The vertices whose times are known, in order.
    pub anchors: Vec<Anchor>,
}

/// A point the line passes at a known or unknown time: an end of the leg or a fix.
struct Waypoint<'a> {
    place: Place,
    time: Option<TimeSpan>,
    /// The time the line is at this point, for estimating the others (None: unknown).
    anchor: Option<i64>,
    sighting: Option<&'a Sighting>,
}

impl Waypoint<'_> {
    fn at(&self) -> (f64, f64) {
        (self.place.lon, self.place.lat)
    }

    /// How a message names the point: `the fix at … (34.450 N 128.950 E)`, `the leg's
    /// start (2024-02-05) at Port of Rajin`.
    fn label(&self, end: &str) -> String {
        match (self.sighting, self.time) {
            (Some(s), _) => format!("the fix at {} ({})", s.fix.time, lat_lon_text(self.at())),
            (None, Some(t)) => format!("the leg's {end} ({t}) at {}", self.place.name),
            (None, None) => self.place.name.clone(),
        }
    }
}

/// The line between two consecutive waypoints.
struct Stretch {
    points: Rc<[(f64, f64)]>,
    distance: Length,
    observed: bool,
    course: Option<Course>,
    /// For the first stretch of a run of observed ones at sea: the passages the run goes
    /// through (see [`observed_passages`]).
    passages: Vec<String>,
}

/// The places a leg's waypoints stand for: its ends, then its fixes, in time order.
fn waypoints<'a>(leg: &'a Leg, from: Place, to: Place) -> Vec<Waypoint<'a>> {
    let start = leg.start.map(TimeSpan::day);
    let end = leg.end.map(TimeSpan::day);
    let mut out = vec![Waypoint {
        place: from,
        time: start,
        anchor: start.map(|t| t.earliest),
        sighting: None,
    }];
    for (n, s) in leg.sightings.iter().enumerate() {
        let name = format!("the fix at {}", s.fix.time);
        let coords = (s.fix.lat, s.fix.lon);
        out.push(Waypoint {
            place: Place::new(
                format!("sighting {}", n + 1),
                name,
                PlaceKind::Facility,
                coords,
                "",
            ),
            time: Some(s.fix.time),
            anchor: Some(s.fix.time.mid()),
            sighting: Some(s),
        });
    }
    out.push(Waypoint {
        place: to,
        time: end,
        anchor: end.map(|t| t.latest),
        sighting: None,
    });
    out
}

/// A via within this distance of the line the fixes draw is passed there: a place's
/// coordinate stands for its town or quay, and a vessel calling or passing by comes within a
/// few km of it (a port's point often lies a little inland; see `places::countries::SHORE_KM`).
const PLACE_PASSED_KM: f64 = 5.0;

/// ... and a chokepoint's: its point stands for a strait, mid-channel, and a vessel through
/// the strait crosses the channel's gate somewhere along it. The widest gate the bundled data
/// draws round a chokepoint point is the Korea Strait's western channel (Dadaepo–Tsushima
/// north in `networks/sea/derive.py`, 73.7 km), whose ends lie 38.8 and 36.1 km from the
/// gazetteer's `korea-strait`; the Tsushima Strait east of the island stays farther off.
pub(super) const CHOKEPOINT_PASSED_KM: f64 = 40.0;

/// How close the line must come to `via` for the via to count as passed.
fn passed_within(via: &Place) -> f64 {
    match via.kind {
        PlaceKind::Chokepoint => CHOKEPOINT_PASSED_KM,
        _ => PLACE_PASSED_KM,
    }
}

/// Where a via is on the leg's way, by the stretch (between waypoints `k` and `k + 1`) it is
/// passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ViaAt {
    /// The line the fixes draw already passes it (a fix, or an observed stretch drawn
    /// straight between two fixes, comes close enough): no detour to it.
    Passed(usize),
    /// The stretch is routed through it.
    Routed(usize),
}

impl ViaAt {
    fn stretch(self) -> usize {
        match self {
            ViaAt::Passed(k) | ViaAt::Routed(k) => k,
        }
    }
}

/// Where each via is passed, keeping the vias in order: where the fixes' line already passes
/// it, else in the stretch it adds least to (a via off an observed stretch makes it routed).
fn place_vias(leg: &Leg, ways: &[Waypoint], via: &[Arc<Place>]) -> Vec<ViaAt> {
    let observed: Vec<bool> = ways
        .windows(2)
        .map(|w| observed_between(leg, &w[0], &w[1]))
        .collect();
    let mut out: Vec<ViaAt> = Vec::with_capacity(via.len());
    for (j, v) in via.iter().enumerate() {
        let from_k = out.last().map_or(0, |a| a.stretch());
        let at = match passing_stretch(ways, &observed, v, from_k) {
            Some(k) => ViaAt::Passed(k),
            None => ViaAt::Routed(least_detour(ways, (via, &out), j, from_k)),
        };
        out.push(at);
    }
    out
}

/// The stretch from `from_k` on whose known line comes nearest `via`, if within
/// [`passed_within`] of it.
fn passing_stretch(
    ways: &[Waypoint],
    observed: &[bool],
    via: &Place,
    from_k: usize,
) -> Option<usize> {
    let at = (via.lon, via.lat);
    let (k, (_, nearest)) = (from_k..observed.len())
        .map(|k| (k, nearest_known(at, &ways[k..k + 2], observed[k])))
        .min_by(|a, b| a.1.0.total_cmp(&b.1.0))?;
    (geodesic::distance(at, nearest).km() <= passed_within(via)).then_some(k)
}

/// The point of a stretch's known line nearest `p`, with its distance in approximate km (to
/// rank stretches): along the straight line between its ends when observed, else at an end
/// (a routed line is not known before it is routed).
fn nearest_known(p: (f64, f64), ends: &[Waypoint], observed: bool) -> (f64, (f64, f64)) {
    let (a, b) = (ends[0].at(), ends[1].at());
    if observed {
        return nearest_on_segment(p, a, b);
    }
    let (da, db) = (nearest_on_segment(p, a, a), nearest_on_segment(p, b, b));
    if da.0 <= db.0 { da } else { db }
}

/// Marks each run of observed stretches at sea with the passages it goes through.
fn mark_observed_passages(stretches: &mut [Stretch], sea: &SeaNetwork) {
    let mut k = 0;
    while k < stretches.len() {
        let run = stretches[k..].iter().take_while(|s| s.observed).count();
        if run == 0 {
            k += 1;
            continue;
        }
        let mut track: Vec<(f64, f64)> = Vec::new();
        for s in &stretches[k..k + run] {
            track.extend(s.points.iter().skip(usize::from(!track.is_empty())));
        }
        stretches[k].passages = observed_passages(sea, &track);
        k += run;
    }
}

/// The passages a track seen at sea (AIS fixes close in time, joined straight) goes through,
/// in order. Passages are lanes through a strait, not lines across it, and a ship keeps
/// near the lane rather than on it, so a passage counts when the lanes' way between the
/// track's ends takes it (every passage allowed) and the track comes within
/// [`CHOKEPOINT_PASSED_KM`] of its lanes.
fn observed_passages(sea: &SeaNetwork, track: &[(f64, f64)]) -> Vec<String> {
    let (Some(&first), Some(&last)) = (track.first(), track.last()) else {
        return Vec::new();
    };
    let everything = PassagePolicy {
        allow: sea.passages().iter().map(|p| p.0.to_string()).collect(),
        ..PassagePolicy::default()
    };
    let Ok(way) = sea.route(&[first, last], &everything) else {
        return Vec::new();
    };
    let g = sea.graph();
    way.passages
        .into_iter()
        .filter(|name| {
            let Some(t) = sea.passages().iter().position(|p| p.1 == name) else {
                return false;
            };
            // The passage's lanes: each tagged edge as its polyline.
            (0..g.node_count() as u32).any(|u| {
                g.edges(u).filter(|e| usize::from(e.tag) == t + 1).any(|e| {
                    let mut lane = vec![g.coord(u)];
                    lane.extend(g.geometry(e.index));
                    lane.push(g.coord(e.to));
                    track.iter().any(|&p| {
                        lane.windows(2)
                            .any(|s| nearest_on_segment(p, s[0], s[1]).0 <= CHOKEPOINT_PASSED_KM)
                    })
                })
            })
        })
        .collect()
}

/// The point of the geodesic `a`–`b` nearest `p`, and its distance in km, found on a plane
/// tangent at `p` (within a fraction of a percent at the tens of km compared here).
pub(super) fn nearest_on_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> (f64, (f64, f64)) {
    const KM_PER_DEGREE: f64 = 111.195;
    let scale = p.1.to_radians().cos();
    let on_plane = |q: (f64, f64)| {
        let dlon = (q.0 - p.0 + 540.0).rem_euclid(360.0) - 180.0;
        (dlon * scale, q.1 - p.1)
    };
    let (t, nearest) = plane::nearest_to_origin(on_plane(a), on_plane(b));
    let km = nearest.0.hypot(nearest.1) * KM_PER_DEGREE;
    let q = geodesic::point_between([a.0, a.1], [b.0, b.1], t);
    (km, (q[0], q[1]))
}

/// The stretch from `from_k` on that via `j` adds least to, routed through it after the vias
/// placed before it (`placed`) that are routed in the same stretch.
fn least_detour(
    ways: &[Waypoint],
    (via, placed): (&[Arc<Place>], &[ViaAt]),
    j: usize,
    from_k: usize,
) -> usize {
    let v_at = (via[j].lon, via[j].lat);
    let detour = |k: usize| {
        let prev = match placed.last() {
            Some(&ViaAt::Routed(last)) if last == k => (via[j - 1].lon, via[j - 1].lat),
            _ => ways[k].at(),
        };
        let next = ways[k + 1].at();
        let d = geodesic::distance(prev, v_at) + geodesic::distance(v_at, next);
        d.metres() - geodesic::distance(prev, next).metres()
    };
    (from_k..ways.len() - 1)
        .min_by(|&a, &b| detour(a).total_cmp(&detour(b)))
        .unwrap_or(from_k)
}

impl Run<'_> {
    /// A leg with sightings: routed stretch by stretch through its fixes, speeds checked,
    /// observed and inferred parts measured; None when refused (the problem is recorded).
    pub(super) fn sighted_leg<'r>(
        &mut self,
        route: &'r Route,
        i: usize,
        (from, to, via): (Arc<Place>, Arc<Place>, Vec<Arc<Place>>),
    ) -> Option<PlannedLeg<'r>> {
        let leg = &route.legs[i];
        if leg.path.is_some() {
            let msg = format!(
                "leg {} has both a `path` and sightings; drop the `path` (the sightings and the network draw the line) or the sightings",
                i + 1
            );
            self.problems.push(
                Diagnostic::at(&route.file, leg.pos.line, leg.pos.col, msg).with_kind(Kind::Plan),
            );
            return None;
        }
        let ways = waypoints(leg, Place::clone(&from), Place::clone(&to));
        self.stretch = true;
        let warned = self.warnings.len();
        let stretches = self.stretches(route, i, &ways, &via);
        // A fix ends one stretch and starts the next: what is said of it, once.
        let said = self.warnings.split_off(warned);
        for w in said {
            if !self.warnings[warned..].contains(&w) {
                self.warnings.push(w);
            }
        }
        self.stretch = false;
        let mut stretches = stretches?;
        if let (Mode::Sea, Some(sea)) = (leg.mode, self.planner.sea) {
            cut_spurs(&mut stretches, sea);
            mark_observed_passages(&mut stretches, sea);
        }
        if !self.speeds_hold(route, i, &ways, &stretches) {
            return None;
        }
        let planned = self.assemble(route, i, (from, to, via), &ways, stretches);
        self.required_crossed(&planned).then_some(planned)
    }

    /// The stretch between each two consecutive waypoints: observed between fixes close in
    /// time, otherwise routed through the vias that fall in it.
    fn stretches(
        &mut self,
        route: &Route,
        i: usize,
        ways: &[Waypoint],
        via: &[Arc<Place>],
    ) -> Option<Vec<Stretch>> {
        let leg = &route.legs[i];
        let placed = place_vias(leg, ways, via);
        let mut out = Vec::with_capacity(ways.len() - 1);
        for (k, pair) in ways.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let vias: Vec<Arc<Place>> = via
                .iter()
                .zip(&placed)
                .filter(|(_, at)| **at == ViaAt::Routed(k))
                .map(|(v, _)| v.clone())
                .collect();
            // A fix at the very place the leg starts or ends needs no course to it.
            let same_place = geodesic::distance(a.at(), b.at()).metres() < 1.0;
            let observed = observed_between(leg, a, b);
            if vias.is_empty() && (same_place || observed) {
                let points: Rc<[(f64, f64)]> = Rc::from([a.at(), b.at()]);
                out.push(Stretch {
                    distance: measured(&points),
                    points,
                    observed,
                    course: None,
                    passages: Vec::new(),
                });
                continue;
            }
            let mut points = vec![a.at()];
            points.extend(vias.iter().map(|v| (v.lon, v.lat)));
            points.push(b.at());
            let course = self.course(
                route,
                i,
                GeometryModel::Geodesic,
                &points,
                (&a.place, &b.place, &vias),
                // The stretches' lines are cut and checked against the fixes' times.
                false,
            )?;
            out.push(match course {
                Some(c) => Stretch {
                    points: c.points.clone(),
                    distance: whole(c.distance.unwrap_or_else(|| measured(&c.points))),
                    observed: false,
                    course: Some(c),
                    passages: Vec::new(),
                },
                None => Stretch {
                    distance: measured(&points),
                    points: points.into(),
                    observed: false,
                    course: None,
                    passages: Vec::new(),
                },
            });
        }
        Some(out)
    }

    /// Every stretch between two timed waypoints within the vehicle's top speed, along the
    /// line; false (each problem recorded) otherwise.
    fn speeds_hold(
        &mut self,
        route: &Route,
        i: usize,
        ways: &[Waypoint],
        stretches: &[Stretch],
    ) -> bool {
        let leg = &route.legs[i];
        let max = leg.timing.max_speed(leg.mode);
        let mut ok = true;
        for (k, s) in stretches.iter().enumerate() {
            let (a, b) = (&ways[k], &ways[k + 1]);
            let (Some(ta), Some(tb)) = (a.time, b.time) else {
                continue;
            };
            let seconds = (tb.latest - ta.earliest).max(1);
            let speed = s.distance.metres() / seconds as f64;
            if speed > max {
                let (file, pos) = match b.sighting.or(a.sighting) {
                    Some(s) => (s.file.as_deref().unwrap_or(&route.file), s.fix.pos),
                    None => (route.file.as_str(), leg.pos),
                };
                let text = format!(
                    "leg {}: from {} to {} is {:.1} km along the line in {}: {}, faster than the {} the vehicle can go; check both fixes' times and positions, or raise `max_speed` on the leg",
                    i + 1,
                    a.label("start"),
                    b.label("end"),
                    s.distance.km(),
                    hours_text(seconds),
                    speed_text(speed, leg.mode),
                    speed_text(max, leg.mode)
                );
                self.problems
                    .push(Diagnostic::at(file, pos.line, pos.col, text).with_kind(Kind::Plan));
                ok = false;
            }
        }
        ok
    }
}

/// The passage policy of one stretch of a leg with sightings (`stretch`): the passages the
/// leg requires are allowed, as one stretch need not cross them all; the whole leg must.
pub(super) fn stretch_policy(mut policy: PassagePolicy, stretch: bool) -> PassagePolicy {
    if stretch {
        policy.allow.append(&mut policy.require);
    }
    policy
}

impl Run<'_> {
    /// Every passage the leg requires crossed by one of its stretches; false (the problem
    /// recorded) otherwise.
    fn required_crossed(&mut self, planned: &PlannedLeg) -> bool {
        let (Some(sea), Mode::Sea) = (self.planner.sea, planned.leg.mode) else {
            return true;
        };
        let policy = planned.leg.passages.merged(&self.options.passages);
        let mut ok = true;
        for slug in &policy.require {
            let name = sea
                .passages()
                .iter()
                .find(|p| p.0 == slug)
                .map_or("", |p| p.1);
            if !planned.passages.iter().any(|p| p == name) {
                let leg = planned.leg;
                let msg = format!(
                    "leg {}: the required passage {} is not on the way through the leg's sightings; check the fixes, or drop it from `require`",
                    planned.number,
                    crate::quote::quoted(slug)
                );
                let d = Diagnostic::at(&planned.route.file, leg.pos.line, leg.pos.col, msg);
                self.problems.push(d.with_kind(Kind::Plan));
                ok = false;
            }
        }
        ok
    }
}

/// Takes out the lane node a sea course runs to and back from on either side of a fix off
/// the lanes (the network's nodes are tens of km apart): the line goes from the node before
/// it to the fix and on to the node after, where that stays on water. Both stretches are
/// measured again along their points, as sea courses are.
fn cut_spurs(stretches: &mut [Stretch], sea: &SeaNetwork) {
    for k in 1..stretches.len() {
        let (before, after) = stretches.split_at_mut(k);
        let (a, b) = (&mut before[k - 1], &mut after[0]);
        let (pa, pb) = (&a.points, &b.points);
        let (na, nb) = (pa.len(), pb.len());
        let spur = a.course.is_some() && b.course.is_some() && na >= 3 && nb >= 3;
        if !spur
            || pa[na - 2] != pb[1]
            || sea.line_crosses_land(&[pa[na - 3], pb[0], pb[2]]).is_some()
        {
            continue;
        }
        let fix = pb[0];
        let cut_a: Rc<[(f64, f64)]> = pa[..na - 2].iter().copied().chain([fix]).collect();
        let cut_b: Rc<[(f64, f64)]> = std::iter::once(fix)
            .chain(pb[2..].iter().copied())
            .collect();
        (a.distance, b.distance) = (measured(&cut_a), measured(&cut_b));
        (a.points, b.points) = (cut_a, cut_b);
    }
}

/// A speed as the mode's people say it: knots at sea, km/h otherwise.
fn speed_text(metres_per_second: f64, mode: Mode) -> String {
    match mode {
        Mode::Sea => format!(
            "{:.1} kn ({:.0} km/h)",
            metres_per_second / KNOT,
            metres_per_second / KM_H
        ),
        _ => format!("{:.0} km/h", metres_per_second / KM_H),
    }
}

/// Whether the line from `a` to `b` follows them: two fixes closer in time than the leg's
/// observed gap for their kinds.
fn observed_between(leg: &Leg, a: &Waypoint, b: &Waypoint) -> bool {
    let (Some(sa), Some(sb)) = (a.sighting, b.sighting) else {
        return false;
    };
    let gap = sb.fix.time.mid() - sa.fix.time.mid();
    leg.timing
        .observed_gap(leg.mode, [sa.kind, sb.kind])
        .is_some_and(|max| gap <= max)
}

impl Run<'_> {
    /// The planned leg from its stretches: one line, its distance the stretches' sum.
    fn assemble<'r>(
        &self,
        route: &'r Route,
        i: usize,
        (from, to, via): (Arc<Place>, Arc<Place>, Vec<Arc<Place>>),
        ways: &[Waypoint],
        stretches: Vec<Stretch>,
    ) -> PlannedLeg<'r> {
        let leg = &route.legs[i];
        let (line, spans, anchors) = if self.options.numbers_only {
            Default::default()
        } else {
            drawn(ways, &stretches)
        };
        let (dark_gaps, longest_dark) = dark_gaps(leg);
        let courses: Vec<&Course> = stretches.iter().filter_map(|s| s.course.as_ref()).collect();
        let ends = |k: usize| stretches[k].course.as_ref();
        // In the order passed: the routed stretches' and the observed runs'.
        let mut passages: Vec<String> = stretches
            .iter()
            .flat_map(|s| s.course.as_ref().map_or(&s.passages, |c| &c.passages))
            .cloned()
            .collect();
        passages.dedup();
        PlannedLeg {
            route,
            number: i + 1,
            leg,
            line: line.into(),
            model: if courses.is_empty() {
                GeometryModel::Geodesic
            } else {
                GeometryModel::Network
            },
            distance: stretches.iter().map(|s| s.distance).sum(),
            from,
            to,
            via,
            snap_from: ends(0).and_then(|c| c.snap_from),
            snap_to: ends(stretches.len() - 1).and_then(|c| c.snap_to),
            passages,
            sections: joined_sections(&stretches),
            countries: joined_countries(&courses),
            observation: Observation {
                observed: stretches
                    .iter()
                    .filter(|s| s.observed)
                    .map(|s| s.distance)
                    .sum(),
                dark_gaps,
                longest_dark,
                spans,
                anchors,
            },
        }
    }
}

/// The leg's line from its stretches, with its observed and inferred spans and the vertices
/// whose times are known.
fn drawn(ways: &[Waypoint], stretches: &[Stretch]) -> (Vec<[f64; 2]>, Vec<Span>, Vec<Anchor>) {
    let mut line: Vec<[f64; 2]> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut anchors: Vec<Anchor> = Vec::new();
    if let Some(time) = ways[0].anchor {
        anchors.push(Anchor { vertex: 0, time });
    }
    for (k, s) in stretches.iter().enumerate() {
        let first = line.len().saturating_sub(1);
        append_unwrapped(&mut line, geodesic::densify(&s.points, MAX_SEGMENT));
        let last = line.len() - 1;
        match spans.last_mut() {
            Some(prev) if prev.observed == s.observed => prev.last = last,
            _ => spans.push(Span {
                first,
                last,
                observed: s.observed,
            }),
        }
        if let Some(time) = ways[k + 1].anchor {
            anchors.push(Anchor { vertex: last, time });
        }
    }
    (line, spans, anchors)
}

/// Appends `piece` to `line`, shifted by whole turns to continue its unwrapped longitudes;
/// a first point repeating the line's last is dropped.
fn append_unwrapped(line: &mut Vec<[f64; 2]>, piece: Vec<[f64; 2]>) {
    let (Some(&last), Some(&start)) = (line.last(), piece.first()) else {
        line.extend(piece);
        return;
    };
    let shift = ((last[0] - start[0]) / 360.0).round() * 360.0;
    let shifted = piece.into_iter().map(|p| [p[0] + shift, p[1]]);
    let same = (last[0] - start[0] - shift).abs() < 1e-9 && (last[1] - start[1]).abs() < 1e-9;
    line.extend(shifted.skip(usize::from(same)));
}

/// How many gaps between consecutive sightings are dark, and the longest (None with fewer
/// than two sightings).
fn dark_gaps(leg: &Leg) -> (usize, Option<i64>) {
    let threshold = leg.timing.dark_gap(leg.mode);
    let gaps: Vec<i64> = leg
        .sightings
        .windows(2)
        .map(|w| w[1].fix.time.mid() - w[0].fix.time.mid())
        .filter(|&g| g > threshold)
        .collect();
    let longest = (leg.sightings.len() >= 2).then(|| gaps.iter().copied().max().unwrap_or(0));
    (gaps.len(), longest)
}

/// A rail leg's stretches of one gauge across its stretches (sections of one gauge on both
/// sides of a fix are one); a stretch off the network counts in the section it adjoins, so
/// that the sections still add up to the leg's distance. Empty when no stretch has any.
fn joined_sections(stretches: &[Stretch]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut before_first = Length::ZERO;
    for s in stretches {
        let sections = s.course.as_ref().map_or(&[][..], |c| c.sections.as_slice());
        if sections.is_empty() {
            match out.last_mut() {
                Some(last) => last.distance += s.distance,
                None => before_first += s.distance,
            }
        }
        for sec in sections {
            match out.last_mut().filter(|l| l.gauge == sec.gauge) {
                Some(last) => {
                    last.distance += sec.distance;
                    last.to = sec.to.clone();
                }
                None => out.push(sec.clone()),
            }
        }
    }
    if let Some(first) = out.first_mut() {
        first.distance += before_first;
    }
    out
}

/// The countries passed across the courses, a country entered again at once kept as one.
fn joined_countries(courses: &[&Course]) -> Vec<CountrySpan> {
    let mut out: Vec<CountrySpan> = Vec::new();
    for c in courses.iter().flat_map(|c| &c.countries) {
        match out.last_mut().filter(|l| l.country == c.country) {
            Some(last) => {
                last.exit = c.exit;
                last.exit_name = c.exit_name.clone();
            }
            None => out.push(c.clone()),
        }
    }
    out
}

/// What the writers of times and positions read (kepler.gl trips, positions, `where`).
impl PlannedLeg<'_> {
    /// The part of `distance` not observed: routed between places and fixes.
    pub fn inferred(&self) -> Length {
        Length::from_metres(self.distance.metres() - self.observation.observed.metres())
    }

    /// Observed and inferred parts of the line, in order, covering it (one inferred span for
    /// a leg without sightings; none when the line was not drawn).
    pub fn spans(&self) -> Vec<Span> {
        if self.observation.spans.is_empty() && self.line.len() > 1 {
            let last = self.line.len() - 1;
            return vec![Span {
                first: 0,
                last,
                observed: false,
            }];
        }
        self.observation.spans.clone()
    }

    /// The vertices whose times are known: the fixes, and the leg's start (midnight of its
    /// first day, at the origin) and end (midnight after its last day, at the destination).
    pub fn anchors(&self) -> Vec<Anchor> {
        if !self.leg.sightings.is_empty() || self.line.is_empty() {
            return self.observation.anchors.clone();
        }
        let last = self.line.len() - 1;
        let start = self.leg.start.map(|d| Anchor {
            vertex: 0,
            time: TimeSpan::day(d).earliest,
        });
        let end = self.leg.end.map(|d| Anchor {
            vertex: last,
            time: TimeSpan::day(d).latest,
        });
        start.into_iter().chain(end).collect()
    }

    /// The estimated time (unix seconds) of every vertex of `line`: between two anchors at
    /// constant speed along the line; None before the first anchor and after the last.
    pub fn vertex_times(&self) -> Vec<Option<i64>> {
        let mut times = vec![None; self.line.len()];
        let along = cumulative_metres(&self.line);
        for w in self.anchors().windows(2) {
            let (a, b) = (w[0], w[1]);
            let length = along[b.vertex] - along[a.vertex];
            for v in a.vertex..=b.vertex {
                let f = if length > 0.0 {
                    (along[v] - along[a.vertex]) / length
                } else {
                    1.0
                };
                times[v] = Some(a.time + ((b.time - a.time) as f64 * f).round() as i64);
            }
            times[a.vertex] = Some(a.time);
        }
        times
    }
}

/// The distance along `line` to each vertex, in metres.
pub(crate) fn cumulative_metres(line: &[[f64; 2]]) -> Vec<f64> {
    let mut out = Vec::with_capacity(line.len());
    let mut total = 0.0;
    for (k, p) in line.iter().enumerate() {
        if k > 0 {
            let q = line[k - 1];
            total += geodesic::distance((q[0], q[1]), (p[0], p[1])).metres();
        }
        out.push(total);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::error::Diagnostic;
    use crate::plan::{Plan, PlanOptions, plan};
    use crate::routes::{Route, toml_file};
    use crate::{Gazetteer, Planner};

    /// An air leg Urumqi → Minsk on 2024-01-08 with these lines after it.
    fn air(extra: &str) -> Route {
        let text = format!(
            "id = \"b\"\n[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\nstart = \"2024-01-08\"\nend = \"2024-01-08\"\n{extra}"
        );
        toml_file::parse("b.toml", &text).unwrap()
    }

    /// The plan of a route file's text on the bundled networks.
    fn on_networks(text: &str) -> Result<Plan<'static>, Vec<Diagnostic>> {
        let route = toml_file::parse("a.toml", text).unwrap();
        let routes: &'static [Route] = Box::leak(Box::new([route]));
        plan(routes, &Gazetteer::bundled(), &PlanOptions::default())
    }

    const TWO_ADSB: &str = "[[legs.sightings]]\ntime = \"2024-01-08T03:00Z\"\nlat = 45.0\nlon = 75.0\nkind = \"adsb\"\n[[legs.sightings]]\ntime = \"2024-01-08T03:10Z\"\nlat = 45.2\nlon = 73.6\nkind = \"adsb\"\n";

    #[test]
    fn fixes_close_in_time_are_observed_and_the_parts_add_up() {
        let (gazetteer, routes) = (Gazetteer::bundled(), [air(TWO_ADSB)]);
        let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
        let leg = &plan.legs[0];
        let o = &leg.observation;
        assert!((o.observed.km() - 112.0).abs() < 5.0, "{}", o.observed.km());
        assert_eq!(
            o.observed.metres() + leg.inferred().metres(),
            leg.distance.metres()
        );
        assert_eq!(leg.distance.metres().fract(), 0.0);
        assert_eq!((o.dark_gaps, o.longest_dark), (0, Some(0)));
        let observed: Vec<bool> = leg.spans().iter().map(|s| s.observed).collect();
        assert_eq!(observed, [false, true, false]);
        let spans = leg.spans();
        assert_eq!((spans[0].first, spans[2].last), (0, leg.line.len() - 1));
        assert!(spans.windows(2).all(|w| w[0].last == w[1].first));
        // Times: midnight at Urumqi, the fixes at their times, midnight after at Minsk.
        let times = leg.vertex_times();
        assert!(times.iter().all(Option::is_some));
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(times[spans[1].first], Some(1_704_682_800));
        assert_eq!(times[spans[1].last], Some(1_704_683_400));
        assert_eq!(times.last().unwrap().unwrap() - times[0].unwrap(), 86_400);
    }

    #[test]
    fn an_impossible_speed_names_both_fixes_and_the_remedy() {
        let fast = TWO_ADSB.replace("lat = 45.2\nlon = 73.6", "lat = 50.0\nlon = 50.0");
        let (gazetteer, routes) = (Gazetteer::bundled(), [air(&fast)]);
        let e = Planner::new(&gazetteer).plan(&routes).unwrap_err()[0].to_string();
        for part in [
            "b.toml:13:1: leg 1: from the fix at 2024-01-08T03:00Z (45.000 N 75.000 E) to the fix at 2024-01-08T03:10Z (50.000 N 50.000 E) is ",
            " km along the line in 0.2 h: ",
            " km/h, faster than the 1000 km/h the vehicle can go; check both fixes' times and positions, or raise `max_speed`",
        ] {
            assert!(e.contains(part), "{e}");
        }
        // A slower gap passes with the default, and fails under a lower max_speed.
        let (gazetteer, routes) = (
            Gazetteer::bundled(),
            [air(&format!("max_speed = \"500 km/h\"\n{TWO_ADSB}"))],
        );
        let e = Planner::new(&gazetteer).plan(&routes).unwrap_err()[0].to_string();
        assert!(e.contains("faster than the 500 km/h"), "{e}");
    }

    #[test]
    fn a_leg_without_fixes_is_timed_from_start_to_end_and_wholly_inferred() {
        let (gazetteer, routes) = (Gazetteer::bundled(), [air("")]);
        let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
        let leg = &plan.legs[0];
        assert_eq!(leg.inferred(), leg.distance);
        assert_eq!(leg.observation.longest_dark, None);
        assert_eq!(leg.spans().len(), 1);
        let times = leg.vertex_times();
        assert_eq!(times[0], Some(1_704_672_000));
        assert_eq!(*times.last().unwrap(), Some(1_704_758_400));
    }

    #[test]
    fn a_sea_leg_is_routed_on_the_lanes_between_fixes_and_its_dark_gap_measured() {
        let text = "id = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"rajin-port\"\nto = \"zhoushan-xinya-shipyard\"\nend = \"2024-02-09\"\n[[legs.sightings]]\ntime = \"2024-02-06T10:00:00Z\"\nlat = 34.45\nlon = 128.95\nkind = \"ais\"\n[[legs.sightings]]\ntime = \"2024-02-09\"\nlat = 30.0\nlon = 122.1\nkind = \"imagery\"\n";
        let plan = on_networks(text).unwrap();
        let leg = &plan.legs[0];
        assert_eq!(leg.model, crate::plan::GeometryModel::Network);
        assert_eq!(leg.observation.observed.metres(), 0.0);
        assert_eq!(leg.observation.dark_gaps, 1);
        assert_eq!(leg.observation.longest_dark, Some(3 * 86_400 + 2 * 3_600));
        let times = leg.vertex_times();
        assert_eq!(
            times[0], None,
            "no start: the way to the first fix is untimed"
        );
        assert_eq!(times.iter().flatten().next(), Some(&1_707_213_600));
        // Through the AIS fix, without running out to the lane node and back.
        let at_fix = leg.line.iter().position(|p| *p == [128.95, 34.45]).unwrap();
        assert_eq!(times[at_fix], Some(1_707_213_600));
        let (a, b) = (leg.line[at_fix - 1], leg.line[at_fix + 1]);
        assert!(
            (a[0] - b[0]).abs() + (a[1] - b[1]).abs() > 0.1,
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn required_passages_are_required_of_the_whole_leg() {
        let leg = |require: &str| {
            on_networks(&format!(
                "id = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"rajin-port\"\nto = \"zhoushan-xinya-shipyard\"\nrequire = [\"{require}\"]\n[[legs.sightings]]\ntime = \"2024-02-06T10:00:00Z\"\nlat = 34.45\nlon = 128.95\n"
            ))
        };
        assert!(leg("korea-strait").is_ok());
        let e = leg("taiwan-strait").unwrap_err()[0].to_string();
        assert!(e.contains("the required passage \"taiwan-strait\" is not on the way through the leg's sightings"), "{e}");
    }

    #[test]
    fn rail_sections_still_add_up_to_the_distance() {
        let text = "id = \"r\"\n[[legs]]\nmode = \"rail\"\nfrom = \"Minsk\"\nto = \"Moscow\"\nstart = \"2024-03-01\"\nend = \"2024-03-03\"\n[[legs.sightings]]\ntime = \"2024-03-01T20:00Z\"\nlat = 54.78\nlon = 32.05\n[[legs.sightings]]\ntime = \"2024-03-01T20:30Z\"\nlat = 54.80\nlon = 32.30\n";
        let plan = on_networks(text).unwrap();
        let leg = &plan.legs[0];
        let sections: f64 = leg.sections.iter().map(|s| s.distance.metres()).sum();
        assert_eq!(sections, leg.distance.metres());
        assert!(leg.observation.observed.km() > 10.0);
        assert_eq!(
            leg.observation.observed.metres() + leg.inferred().metres(),
            leg.distance.metres()
        );
        assert_eq!(leg.gauge_breaks(), Some(0));
    }

    /// A dense AIS track through the Korea Strait: a fix every 10 minutes (9 kn) on a line
    /// from east of Ulsan to west of Tsushima that passes about 21 km from the gazetteer's
    /// `korea-strait` point (34.9 N 129.2 E), at 34.78 N 129.38 E.
    fn through_korea_strait() -> String {
        (0..61)
            .map(|n| {
                let (d, minutes) = (0.6 - 0.02 * f64::from(n), 10 * n);
                format!(
                    "[[legs.sightings]]\ntime = \"2024-02-06T{:02}:{:02}:00Z\"\nlat = {:.4}\nlon = {:.4}\nkind = \"ais\"\n",
                    12 + minutes / 60,
                    minutes % 60,
                    34.776 + d,
                    129.376 + d
                )
            })
            .collect()
    }

    /// AIS fixes every 10 minutes on the line from `a` to `b` (lon, lat), from 10:00.
    fn ais_line(a: (f64, f64), b: (f64, f64), fixes: u32) -> String {
        (0..fixes)
            .map(|n| {
                let t = f64::from(n) / f64::from(fixes - 1);
                let minutes = 10 * n;
                format!(
                    "[[legs.sightings]]\ntime = \"2024-02-06T{:02}:{:02}:00Z\"\nlat = {:.4}\nlon = {:.4}\nkind = \"ais\"\n",
                    10 + minutes / 60,
                    minutes % 60,
                    a.1 + (b.1 - a.1) * t,
                    a.0 + (b.0 - a.0) * t
                )
            })
            .collect()
    }

    #[test]
    fn a_passage_the_observed_track_goes_through_is_listed_and_may_be_required() {
        // From off Ulsan to south of the Korean coast, at about 15 kn: at 129.04 E the line
        // is 37 km south of Busan (35.10 N), at 129.44 E 44 km north of Tsushima's northern
        // tip (34.70 N), so it goes through the Western Channel; it is on water on Natural
        // Earth 1:10m land (checked in shapely). Observed all the way, it was not listed, and
        // requiring the strait refused the leg.
        let track = ais_line((130.3, 35.9), (127.6, 33.4), 81);
        let leg = |require: &str| {
            on_networks(&format!(
                "id = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"vostochny-port\"\nto = \"zhoushan-port\"\n{require}{track}"
            ))
        };
        let strait = "Korea Strait (Western Channel and Tsushima Strait)";
        for require in ["", "require = [\"korea-strait\"]\n"] {
            let plan = leg(require).unwrap_or_else(|e| panic!("{e:?}"));
            let leg = &plan.legs[0];
            assert!(leg.observation.observed.km() > 350.0);
            assert_eq!(leg.passages, [strait], "{require}");
        }
    }

    #[test]
    fn a_track_that_stays_north_of_a_strait_is_not_said_to_pass_it() {
        // Down the Korean east coast to off Ulsan (35.75 N), north of the strait.
        let text = format!(
            "id = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"vostochny-port\"\nto = {{ name = \"off Ulsan\", lat = 35.75, lon = 129.5 }}\n{}",
            ais_line((129.75, 37.6), (129.5, 35.75), 41)
        );
        let plan = on_networks(&text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(plan.legs[0].observation.observed.km() > 200.0);
        assert!(
            plan.legs[0].passages.is_empty(),
            "{:?}",
            plan.legs[0].passages
        );
    }

    #[test]
    fn a_chokepoint_the_observed_track_passes_adds_no_detour() {
        let leg = |via: &str| {
            on_networks(&format!(
                "id = \"a\"\n[[legs]]\nmode = \"sea\"\nfrom = \"vostochny-port\"\nto = \"zhoushan-port\"\n{via}{}",
                through_korea_strait()
            ))
        };
        let with = leg("via = [\"korea-strait\"]\n").unwrap_or_else(|e| panic!("{e:?}"));
        let without = leg("").unwrap();
        let (with, without) = (&with.legs[0], &without.legs[0]);
        assert_eq!(with.distance, without.distance);
        assert_eq!(with.observation, without.observation);
        assert_eq!(with.via[0].id, "korea-strait");
        let observed: Vec<bool> = with.spans().iter().map(|s| s.observed).collect();
        assert_eq!(observed, [false, true, false]);
    }

    /// An air leg Urumqi → Minsk through the ADS-B fixes `TWO_ADSB` and a depot `north` km
    /// north of the middle of the line between them.
    fn air_via_depot(north: f64) -> Result<f64, String> {
        let lat = 45.1 + north / 111.2;
        let via = format!("via = [{{ name = \"Depot\", lat = {lat}, lon = 74.3 }}]\n{TWO_ADSB}");
        let (gazetteer, routes) = (Gazetteer::bundled(), [air(&via)]);
        match Planner::new(&gazetteer).plan(&routes) {
            Ok(plan) => Ok(plan.legs[0].distance.km()),
            Err(e) => Err(e[0].to_string()),
        }
    }

    #[test]
    fn a_place_is_passed_within_a_few_km_and_reached_by_a_detour_beyond() {
        let (gazetteer, routes) = (Gazetteer::bundled(), [air(TWO_ADSB)]);
        let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
        let straight = plan.legs[0].distance.km();
        assert_eq!(air_via_depot(2.0), Ok(straight));
        let detour = air_via_depot(20.0).unwrap() - straight;
        assert!((5.0..10.0).contains(&detour), "{detour}");
    }

    #[test]
    fn a_via_off_the_track_is_routed_in_the_gap_it_lies_in() {
        // Two pairs of fixes five hours apart; the depot lies off both pairs, by the dark gap.
        let later = TWO_ADSB
            .replace("03:00Z", "08:00Z")
            .replace("03:10Z", "08:10Z")
            .replace("lat = 45.0\nlon = 75.0", "lat = 50.0\nlon = 60.0")
            .replace("lat = 45.2\nlon = 73.6", "lat = 50.1\nlon = 59.0");
        let depot = "via = [{ name = \"Depot\", lat = 48.5, lon = 66.0 }]\n";
        let (gazetteer, routes) = (
            Gazetteer::bundled(),
            [air(&format!("{depot}{TWO_ADSB}{later}"))],
        );
        let plan = Planner::new(&gazetteer).plan(&routes).unwrap();
        let leg = &plan.legs[0];
        let observed: Vec<bool> = leg.spans().iter().map(|s| s.observed).collect();
        assert_eq!(observed, [false, true, false, true, false]);
        let gap = leg.spans()[2];
        assert!(leg.line[gap.first..=gap.last].contains(&[66.0, 48.5]));
    }

    #[test]
    fn a_path_and_sightings_do_not_mix() {
        let extra = format!("path = [[87.47, 43.9], [28.03, 53.88]]\n{TWO_ADSB}");
        let (gazetteer, routes) = (Gazetteer::bundled(), [air(&extra)]);
        let e = Planner::new(&gazetteer).plan(&routes).unwrap_err()[0].to_string();
        assert!(e.contains("has both a `path` and sightings"), "{e}");
    }
}
