//! What the network steps share: where a leg's problems go, what a course on a network is,
//! and why a leg got none.

use std::rc::Rc;

use super::Section;
use crate::error::{Diagnostic, Kind};
use crate::networks::RouteError;
use crate::networks::rail::CountrySpan;
use crate::routes::Leg;
use crate::units::Length;

/// Where a leg's problems go while it is planned, and whether it is lenient.
pub(super) struct LegCx<'a> {
    pub file: &'a str,
    pub leg: &'a Leg,
    pub number: usize,
    pub lenient: bool,
    pub warnings: &'a mut Vec<Diagnostic>,
    pub problems: &'a mut Vec<Diagnostic>,
}

impl LegCx<'_> {
    fn at(&self, text: String) -> Diagnostic {
        Diagnostic::at(self.file, self.leg.pos.line, self.leg.pos.col, text).with_kind(Kind::Plan)
    }

    pub fn error(&mut self, text: String) {
        let d = self.at(text);
        self.problems.push(d);
    }

    pub fn warn(&mut self, text: String) {
        let d = self.at(format!("warning: {text}"));
        self.warnings.push(d);
    }

    /// A problem that changes the answer: an error, or a warning when lenient. True when the
    /// leg is refused.
    pub fn judge(&mut self, text: String) -> bool {
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
pub(super) struct Course {
    /// The track length for rail legs, the length along `points` for sea legs (measured
    /// once per course); None: measure along `points`.
    pub distance: Option<Length>,
    pub snap_from: Option<Length>,
    pub snap_to: Option<Length>,
    /// The line along the network, shared with every leg on the same course.
    pub points: Rc<[(f64, f64)]>,
    pub passages: Vec<String>,
    pub sections: Vec<Section>,
    pub countries: Vec<CountrySpan>,
}

/// Why a leg has no course.
pub(super) enum NoCourse {
    /// Refused by a check; the problem is recorded in the leg's context.
    Refused,
    /// The network has no path under the closures and passages asked for.
    NoPath(RouteError),
}

pub(super) type Routed = Result<Course, NoCourse>;

/// A position as `54.870 N 69.140 E`.
pub(super) fn lat_lon_text((lon, lat): (f64, f64)) -> String {
    format!(
        "{:.3} {} {:.3} {}",
        lat.abs(),
        if lat < 0.0 { 'S' } else { 'N' },
        lon.abs(),
        if lon < 0.0 { 'W' } else { 'E' }
    )
}
