//! What one planning run has already worked out, so that a file naming the same places and
//! corridors again and again (a spreadsheet of 100,000 legs on a few hundred lines) pays for
//! each distinct question once: a place reference with how it is read, a sea or rail course
//! between the same points under the same switches.
//!
//! Keys hold everything the answer depends on; coordinates by their bits, so two references
//! share an answer only when they are the same question.

use std::hash::Hash;
use std::rc::Rc;
use std::sync::Arc;

use crate::hash::QuickMap;
use crate::networks::RouteError;
use crate::networks::rail::RailPath;
use crate::networks::sea::{SeaPath, UnnamedPassage};
use crate::places::{Place, PlaceKind};
use crate::routes::{Mode, PassagePolicy, RailPolicy};
use crate::units::Length;

/// A place reference as asked: what was written and the kind it must be (for `{ name, kind
/// }`); how the leg reads it (its mode, whether a city stands for what serves it, leniency);
/// and the country of the leg's other end, when it may settle an ambiguous name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct PlaceQuestion {
    pub written: (String, Option<PlaceKind>),
    pub reading: (Mode, bool, bool),
    pub near: Option<String>,
}

/// Why a reference did not resolve: the problem's message, and whether the name is
/// ambiguous (which the country of the leg's other end may settle).
#[derive(Debug, Clone)]
pub(super) struct Refusal {
    pub message: String,
    pub ambiguous: bool,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal {
            message,
            ambiguous: false,
        }
    }
}

/// A resolved place and the city it stands for (with how far apart), or why it did not
/// resolve.
pub(super) type PlaceAnswer = Result<(Arc<Place>, Option<(Arc<Place>, Length)>), Refusal>;

/// Points by their bits.
fn point_bits(points: &[(f64, f64)]) -> Vec<(u64, u64)> {
    points
        .iter()
        .map(|p| (p.0.to_bits(), p.1.to_bits()))
        .collect()
}

/// A sea course as asked: through these points, under this policy, these passages named,
/// with its line or for its numbers only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct SeaQuestion {
    points: Vec<(u64, u64)>,
    policy: [Vec<String>; 3],
    named: Vec<String>,
    numbers_only: bool,
}

impl SeaQuestion {
    pub fn new(
        points: &[(f64, f64)],
        policy: &PassagePolicy,
        named: &[String],
        numbers_only: bool,
    ) -> Self {
        SeaQuestion {
            numbers_only,
            points: point_bits(points),
            policy: [
                policy.avoid.clone(),
                policy.allow.clone(),
                policy.require.clone(),
            ],
            named: named.to_vec(),
        }
    }
}

/// The points of a course, shared by every leg that takes it.
pub(super) type Points = Rc<[(f64, f64)]>;

/// A sea course worked out once: the lanes' path (its points moved to `points`, none when
/// asked for the numbers only), the confirm-passages it crosses unnamed, and its length in
/// whole metres.
pub(super) struct SeaCourse {
    pub path: SeaPath,
    pub unnamed: Vec<UnnamedPassage>,
    pub points: Points,
    pub length: Length,
}

/// A sea course, or why there is none.
pub(super) type SeaAnswer = Result<Rc<SeaCourse>, RouteError>;

/// A rail path worked out once (its points moved to `points`).
pub(super) struct RailCourse {
    pub path: RailPath,
    pub points: Points,
}

impl RailCourse {
    pub fn new(mut path: RailPath) -> Rc<Self> {
        let points = std::mem::take(&mut path.points).into();
        Rc::new(RailCourse { path, points })
    }
}

/// A rail course, or why there is none.
pub(super) type RailAnswer = Result<Rc<RailCourse>, RouteError>;

/// A rail course as asked: through these points, with these closures, avoided countries and
/// costs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct RailQuestion {
    points: Vec<(u64, u64)>,
    close: Vec<String>,
    avoid_countries: Vec<String>,
    costs: [Option<u64>; 2],
}

impl RailQuestion {
    pub fn new(points: &[(f64, f64)], policy: &RailPolicy) -> Self {
        RailQuestion {
            points: point_bits(points),
            close: policy.close.clone(),
            avoid_countries: policy.avoid_countries.clone(),
            costs: [
                policy.gauge_change_km.map(f64::to_bits),
                policy.border_crossing_km.map(f64::to_bits),
            ],
        }
    }
}

/// A densified line as asked: along a network course (by the address of its points, which
/// the memo keeps alive for the whole run, so the address is not reused), or through these
/// points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum LineQuestion {
    Course(usize),
    Through(Vec<(u64, u64)>),
}

impl LineQuestion {
    /// The line along a course's shared points.
    pub fn course(points: &Points) -> Self {
        LineQuestion::Course(Rc::as_ptr(points).cast::<()>() as usize)
    }

    /// The line through `points`.
    pub fn through(points: &[(f64, f64)]) -> Self {
        LineQuestion::Through(point_bits(points))
    }
}

/// Answers already found in one planning run.
#[derive(Default)]
pub(super) struct Memo {
    pub sea: QuickMap<SeaQuestion, SeaAnswer>,
    pub rail: QuickMap<RailQuestion, RailAnswer>,
    /// Densified lines, shared by every leg drawn along the same points.
    pub lines: QuickMap<LineQuestion, Arc<[[f64; 2]]>>,
}

/// The answer to `question` in `memo`, worked out by `answer` the first time it is asked.
pub(super) fn remembered<Q: Eq + Hash, A: Clone>(
    memo: &mut QuickMap<Q, A>,
    question: Q,
    answer: impl FnOnce() -> A,
) -> A {
    if let Some(a) = memo.get(&question) {
        return a.clone();
    }
    let a = answer();
    memo.insert(question, a.clone());
    a
}
