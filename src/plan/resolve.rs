//! Step 1 of planning: place references to places. A name is read the way the leg's mode
//! suggests (a city in an air leg is the airport serving it), an ambiguous name in the
//! country of the leg's other end, an inline place by its position.

use std::sync::Arc;

use super::PlanOptions;
use super::memo::{PlaceAnswer, PlaceQuestion, Refusal, remembered};
use crate::decimal::fixed;
use crate::error::{Diagnostic, Kind};
use crate::hash::QuickMap;
use crate::places::serving::{AIRPORT_MAX_KM, serving};
use crate::places::{Gazetteer, Place, PlaceKind, ResolveError};
use crate::routes::{Leg, Mode, PlaceAt, PlaceRef};
use crate::units::Length;

/// How a place reference resolved, for `check --explain`.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub mode: Mode,
    /// What the route file says.
    pub query: String,
    pub place: Arc<Place>,
    /// The city the name matched, when the place is the one serving it, and how far apart.
    pub city: Option<(Arc<Place>, Length)>,
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
pub(super) fn inline_place(name: &str, lat: f64, lon: f64, country: bool) -> Place {
    let (lat5, lon5) = (fixed(lat, 5), fixed(lon, 5));
    let id = format!(
        "inline:{}@{lat5},{lon5}",
        crate::places::normalize::key(name)
    );
    let mut place = Place::new(
        id,
        name,
        PlaceKind::Facility,
        (lat, lon),
        "inline in route file",
    );
    if country {
        place.country = crate::places::countries::country_for_place(lon, lat);
    }
    place
}

/// The kind of place that serves a city for a mode (see [`crate::places::serving`]).
fn serving_kind(mode: Mode) -> Option<PlaceKind> {
    preferred_kinds(mode).first().copied()
}

/// A leg's places, resolved; `None` where a reference did not resolve (the problem is
/// recorded). `*_city` is the city a served end stands for: legs that meet "in Moscow", one
/// at its airport and the next at its station, connect.
pub(super) struct LegPlaces {
    pub from: Option<Arc<Place>>,
    pub to: Option<Arc<Place>>,
    pub via: Vec<Option<Arc<Place>>>,
    pub from_city: Option<String>,
    pub to_city: Option<String>,
}

/// Resolves place references for one file, recording problems and resolutions. A question
/// asked before in the run (the same name read the same way) is answered from `memo`.
pub(super) struct Resolver<'a> {
    pub gazetteer: &'a Gazetteer,
    pub file: &'a str,
    pub options: &'a PlanOptions,
    pub resolutions: &'a mut Vec<Resolution>,
    pub memo: &'a mut QuickMap<PlaceQuestion, PlaceAnswer>,
}

/// How to read one reference: the leg's mode, whether a city stands for the place serving
/// it, leniency, and the country of the leg's other end (to settle an ambiguous name).
#[derive(Clone, Copy)]
struct Ask<'a> {
    mode: Mode,
    serve: bool,
    lenient: bool,
    near: Option<&'a str>,
}

impl<'a> Ask<'_> {
    /// The same, read in the country `near`.
    fn near(self, near: Option<&'a str>) -> Ask<'a> {
        Ask {
            mode: self.mode,
            serve: self.serve,
            lenient: self.lenient,
            near,
        }
    }
}

impl Resolver<'_> {
    /// Resolves the ends and vias of a leg. Each end may settle the other's ambiguous name
    /// by its country.
    pub fn leg(&mut self, leg: &Leg, problems: &mut Vec<Diagnostic>) -> LegPlaces {
        let ask = Ask {
            mode: leg.mode,
            // A leg with its own `path` keeps its cities: the path's ends are what was drawn.
            serve: leg.path.is_none(),
            lenient: self.options.lenient || leg.lenient,
            near: None,
        };
        let mut from_problems = Vec::new();
        let (mut from, mut from_city) = self.served(&leg.from, ask, &mut from_problems);
        let near = from.as_ref().map(|p| p.country.clone());
        let (to, to_city) = self.served(&leg.to, ask.near(near.as_deref()), problems);
        if from.is_none()
            && let Some(cc) = to.as_ref().map(|p| p.country.clone())
        {
            let mut again = Vec::new();
            (from, from_city) = self.served(&leg.from, ask.near(Some(&cc)), &mut again);
            from_problems = if from.is_none() { again } else { Vec::new() };
        }
        problems.extend(from_problems);
        let via = leg
            .via
            .iter()
            .map(|v| self.served(v, ask, problems).0)
            .collect();
        LegPlaces {
            from,
            to,
            via,
            from_city,
            to_city,
        }
    }

    /// A place and the id of the city it serves, if it stands for one; or why not, recorded
    /// (see [`answer`]). The resolution is recorded too, unless the options skip them.
    fn served(
        &mut self,
        at: &PlaceAt,
        ask: Ask,
        problems: &mut Vec<Diagnostic>,
    ) -> (Option<Arc<Place>>, Option<String>) {
        let (query, kind) = match &at.place {
            PlaceRef::Inline { name, lat, lon } => {
                let countries = !self.options.skip_place_countries;
                return (
                    Some(Arc::new(inline_place(name, *lat, *lon, countries))),
                    None,
                );
            }
            PlaceRef::Named(q) => (q, None),
            PlaceRef::OfKind { name, kind } => (name, Some(*kind)),
        };
        let (place, city) = match self.remembered(query, kind, ask) {
            Ok(found) => found,
            Err(e) => {
                let problem = Diagnostic::at(self.file, at.pos.line, at.pos.col, e.message);
                problems.push(problem.with_kind(Kind::Place));
                return (None, None);
            }
        };
        let city_id = city.as_ref().map(|c| c.0.id.clone());
        if !self.options.skip_resolutions {
            self.resolutions.push(Resolution {
                file: self.file.to_string(),
                line: at.pos.line,
                col: at.pos.col,
                mode: ask.mode,
                query: query.clone(),
                place: place.clone(),
                city,
            });
        }
        (Some(place), city_id)
    }

    /// The answer to a reference, from the memo when asked before. The country of the leg's
    /// other end only settles an ambiguous name, so the name is first asked without it: a
    /// name that is unknown, or known anyway, is looked up once, whatever legs it is on.
    fn remembered(&mut self, query: &str, kind: Option<PlaceKind>, ask: Ask) -> PlaceAnswer {
        let gazetteer = self.gazetteer;
        let question = |near: Option<&str>| PlaceQuestion {
            written: (query.to_string(), kind),
            reading: (ask.mode, ask.serve, ask.lenient),
            near: near.map(str::to_string),
        };
        let anywhere = ask.near(None);
        let answer_anywhere = remembered(self.memo, question(None), || {
            answer(gazetteer, query, kind, anywhere)
        });
        match (&answer_anywhere, ask.near) {
            (Err(e), Some(cc)) if e.ambiguous && !cc.is_empty() => {
                remembered(self.memo, question(Some(cc)), || {
                    answer(gazetteer, query, kind, ask)
                })
            }
            _ => answer_anywhere,
        }
    }
}

/// What a name (of `kind`, when given with one) is, and the city it stands for; or why
/// it is nothing. A city named in an air, sea or rail leg stands for the place serving
/// it (unless named by its id, given with its kind, or `serve` is false); an air leg's
/// city without an airport is refused unless `lenient`.
fn answer(gazetteer: &Gazetteer, query: &str, kind: Option<PlaceKind>, ask: Ask) -> PlaceAnswer {
    let Ask {
        mode,
        serve,
        lenient,
        near,
    } = ask;
    // A name given with its kind is that place, never the one serving it.
    let place = match kind {
        None => named(gazetteer, query, mode, near)?,
        Some(kind) => of_kind(gazetteer, query, kind)?,
    };
    let serve = serve && kind.is_none();
    match serving_kind(mode) {
        Some(kind) if serve && place.kind == PlaceKind::City && query.trim() != place.id => {
            match serving(gazetteer, &place, kind) {
                Some(served) => Ok((
                    Arc::new(served.place),
                    Some((Arc::new(place), served.distance)),
                )),
                None if mode == Mode::Air && !lenient => Err(Refusal::from(format!(
                    "{query:?} is the city {} ({}), which has no airport with scheduled service within {AIRPORT_MAX_KM:.0} km; name the airfield (an id from `corridor places search`, or inline with lat/lon), write the city's id {:?} to fly to the city itself, or set `lenient = true`",
                    place.name, place.id, place.id
                ))),
                None => Ok((Arc::new(place), None)),
            }
        }
        _ => Ok((Arc::new(place), None)),
    }
}

/// A name, read as the mode suggests. An ambiguous name is read in the country of the
/// leg's other end, when that settles it ("Brest" on a leg from Minsk is Brest, BY).
fn named(gazetteer: &Gazetteer, q: &str, mode: Mode, near: Option<&str>) -> Result<Place, Refusal> {
    let kinds = preferred_kinds(mode);
    gazetteer
        .resolve(q, kinds)
        .or_else(|e| match (&e, near) {
            (ResolveError::Ambiguous { .. }, Some(cc)) if !cc.is_empty() => gazetteer
                .resolve(&format!("{q}, {cc}"), kinds)
                .map_err(|_| e),
            _ => Err(e),
        })
        .map_err(|e| Refusal {
            ambiguous: matches!(e, ResolveError::Ambiguous { .. }),
            message: e.to_string(),
        })
}

/// A name given with its kind (`{ name = "Minsk", kind = "city" }`): a place of that kind.
fn of_kind(gazetteer: &Gazetteer, name: &str, kind: PlaceKind) -> Result<Place, Refusal> {
    match gazetteer.resolve(name, &[kind]) {
        Ok(p) if p.kind == kind => Ok(p),
        Ok(p) => Err(Refusal::from(format!(
            "{name:?} is {} ({}), a {}, not a {kind}; write the id of the {kind} you mean (`corridor places search`)",
            p.name, p.id, p.kind
        ))),
        Err(e) => Err(Refusal::from(e.to_string())),
    }
}
