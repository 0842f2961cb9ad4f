//! Route definitions in TOML, one route per file (schema in the README).

use std::fmt::Display;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, MapAccess, Unexpected, Visitor};
use toml::Spanned;

use super::date::Date;
use super::model::*;
use super::sighting::{
    Fix, Sighting, TimeSpan, Timing, TrackRef, check_fix_time, parse_duration, parse_speed,
};
use crate::error::{Diagnostic, line_col};
use crate::places::PlaceKind;
use crate::places::table::check_lat_lon;
use crate::quote::quoted;

/// Declares a table of a route file whose keys include, where `..policy_keys` stands, the
/// passage and rail keys that a route and each of its legs take alike, and its
/// `policy_keys()` taking them out. (serde's `flatten` would lose the spans and `deny_unknown_fields`.) The keys
/// keep their place: serde lists them in that order in its "unknown field" messages.
macro_rules! with_policy_keys {
    (
        $(#[$meta:meta])*
        struct $table:ident {
            $( $(#[$a_meta:meta])* $a:ident: $a_ty:ty, )*
            ..policy_keys,
            $( $(#[$b_meta:meta])* $b:ident: $b_ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        struct $table {
            $( $(#[$a_meta])* $a: $a_ty, )*
            #[serde(default)]
            avoid: Vec<String>,
            #[serde(default)]
            allow: Vec<String>,
            #[serde(default)]
            require: Vec<String>,
            #[serde(default)]
            close: Vec<String>,
            #[serde(default)]
            avoid_countries: Vec<String>,
            gauge_change_km: Option<Spanned<f64>>,
            border_crossing_km: Option<Spanned<f64>>,
            $( $(#[$b_meta])* $b: $b_ty, )*
        }

        impl $table {
            /// The passage and rail keys, taken out of the table.
            fn policy_keys(&mut self) -> PolicyKeys {
                PolicyKeys {
                    passages: PassagePolicy {
                        avoid: std::mem::take(&mut self.avoid),
                        allow: std::mem::take(&mut self.allow),
                        require: std::mem::take(&mut self.require),
                    },
                    rail: RailPolicy {
                        close: std::mem::take(&mut self.close),
                        avoid_countries: std::mem::take(&mut self.avoid_countries),
                        ..RailPolicy::default()
                    },
                    gauge_change_km: self.gauge_change_km.take(),
                    border_crossing_km: self.border_crossing_km.take(),
                }
            }
        }
    };
}

/// The passage and rail keys of a route or a leg, as [`with_policy_keys!`] takes them out.
struct PolicyKeys {
    passages: PassagePolicy,
    /// Without its costs, which [`PolicyKeys::read`] checks.
    rail: RailPolicy,
    gauge_change_km: Option<Spanned<f64>>,
    border_crossing_km: Option<Spanned<f64>>,
}

impl PolicyKeys {
    /// The policies, the rail costs checked.
    fn read(self, cx: &mut Ctx) -> (PassagePolicy, RailPolicy) {
        let rail = RailPolicy {
            gauge_change_km: cx.cost("gauge_change_km", self.gauge_change_km),
            border_crossing_km: cx.cost("border_crossing_km", self.border_crossing_km),
            ..self.rail
        };
        (self.passages, rail)
    }
}

with_policy_keys! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RouteIn {
        id: Spanned<String>,
        title: Option<String>,
        corridor: Option<Spanned<String>>,
        description: Option<String>,
        confidence: Option<Spanned<String>>,
        legs_connect: Option<bool>,
        #[serde(default)]
        lenient: bool,
        ..policy_keys,
        #[serde(default)]
        sources: Vec<Spanned<SourceIn>>,
        #[serde(default)]
        legs: Vec<Spanned<LegIn>>,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceIn {
    publisher: String,
    title: Option<String>,
    url: Option<String>,
    date: Option<Spanned<DateIn>>,
}

with_policy_keys! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct LegIn {
        mode: Spanned<String>,
        from: Spanned<PlaceIn>,
        to: Spanned<PlaceIn>,
        #[serde(default)]
        via: Vec<Spanned<PlaceIn>>,
        start: Option<Spanned<DateIn>>,
        end: Option<Spanned<DateIn>>,
        trips: Option<Spanned<i64>>,
        vehicle: Option<VehicleIn>,
        cargo: Option<String>,
        quantity: Option<Spanned<QuantityIn>>,
        notes: Option<String>,
        path: Option<Spanned<Vec<Spanned<Vec<f64>>>>>,
        ..policy_keys,
        #[serde(default)]
        lenient: bool,
        #[serde(default)]
        sightings: Vec<Spanned<SightingIn>>,
        track: Option<Spanned<String>>,
        observed_gap: Option<Spanned<String>>,
        dark_gap: Option<Spanned<String>>,
        max_speed: Option<Spanned<String>>,
    }
}

/// A `[[legs.sightings]]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SightingIn {
    time: Spanned<DateIn>,
    lat: f64,
    lon: f64,
    source: Option<String>,
    kind: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VehicleIn {
    kind: Option<String>,
    name: Option<String>,
    registration: Option<String>,
    icao24: Option<String>,
    imo: Option<Spanned<IdIn>>,
    mmsi: Option<Spanned<IdIn>>,
    flag: Option<String>,
    #[serde(rename = "type")]
    vehicle_type: Option<String>,
    operator: Option<String>,
    #[serde(default)]
    flights: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityIn {
    value: f64,
    unit: String,
}

/// A place: a string, or an inline table `{ name, lat, lon }`.
enum PlaceIn {
    Named(String),
    Inline(InlineIn),
}

/// An inline place: `lat`/`lon` (WGS84, or the geographic `crs` given), or `x`/`y`
/// (easting/northing in the projected `crs` given).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineIn {
    name: String,
    lat: Option<f64>,
    lon: Option<f64>,
    x: Option<f64>,
    y: Option<f64>,
    crs: Option<String>,
    /// Without coordinates: the kind the name must resolve to, as written.
    kind: Option<String>,
}

/// A date: a string or a TOML date literal (`start = 2024-01-08`).
struct DateIn(String);

/// An identifier that people write as a number or a string (IMO, MMSI).
struct IdIn(String);

/// A value a route file writes as a string or in one other TOML form (a table, a TOML date,
/// a whole number): one serde visitor, [`StrOrVisitor`], reads them all, each type saying
/// which forms it takes; the others are serde's usual "invalid type" errors.
trait StrOr: Sized {
    /// What the file should have written, for serde's "expected …" in messages.
    const EXPECTING: &'static str;
    /// Whether a whole number is taken, as its decimal digits.
    const WHOLE_NUMBERS: bool = false;
    fn from_text(v: &str) -> Self;
    /// The table form (TOML dates arrive as tables too); `None` when the type takes none.
    fn from_table<'de, A: MapAccess<'de>>(_map: A) -> Option<Result<Self, A::Error>> {
        None
    }
}

impl StrOr for PlaceIn {
    const EXPECTING: &'static str =
        "a place name, id or code, or an inline table { name = \"…\", lat = …, lon = … }";
    fn from_text(v: &str) -> Self {
        PlaceIn::Named(v.to_string())
    }
    fn from_table<'de, A: MapAccess<'de>>(map: A) -> Option<Result<Self, A::Error>> {
        let inline = InlineIn::deserialize(de::value::MapAccessDeserializer::new(map));
        Some(inline.map(PlaceIn::Inline))
    }
}

impl StrOr for DateIn {
    const EXPECTING: &'static str = "a date such as \"2024-01-08\"";
    fn from_text(v: &str) -> Self {
        DateIn(v.to_string())
    }
    fn from_table<'de, A: MapAccess<'de>>(map: A) -> Option<Result<Self, A::Error>> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map));
        Some(dt.map(|dt| DateIn(dt.to_string())))
    }
}

impl StrOr for IdIn {
    const EXPECTING: &'static str = "an identifier (string or whole number)";
    const WHOLE_NUMBERS: bool = true;
    fn from_text(v: &str) -> Self {
        IdIn(v.trim().to_string())
    }
}

/// The serde visitor of every [`StrOr`] type.
struct StrOrVisitor<T>(PhantomData<T>);

impl<T: StrOr> StrOrVisitor<T> {
    fn whole_number<E: de::Error>(self, v: impl Display, as_given: Unexpected) -> Result<T, E> {
        if T::WHOLE_NUMBERS {
            Ok(T::from_text(&v.to_string()))
        } else {
            Err(E::invalid_type(as_given, &self))
        }
    }
}

impl<'de, T: StrOr> Visitor<'de> for StrOrVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from_text(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.whole_number(v, Unexpected::Signed(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.whole_number(v, Unexpected::Unsigned(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_table(map).unwrap_or_else(|| Err(de::Error::invalid_type(Unexpected::Map, &self)))
    }
}

/// `Deserialize` through [`StrOrVisitor`] (Rust allows no blanket impl over [`StrOr`]).
macro_rules! deserialize_via_str_or {
    ($($t:ty),+) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(StrOrVisitor(PhantomData))
            }
        }
    )+};
}

deserialize_via_str_or!(PlaceIn, DateIn, IdIn);

/// WGS84 (lat, lon) of an inline place, converting through PROJ when it names a `crs`.
fn inline_to_wgs84(i: &InlineIn) -> Result<(f64, f64), String> {
    let crs = i.crs.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let (a, b) = match (i.lat, i.lon, i.x, i.y) {
        (Some(lat), Some(lon), None, None) => (lon, lat),
        (None, None, Some(x), Some(y)) if crs.is_some() => (x, y),
        (None, None, Some(_), Some(_)) => {
            return Err(
                "x/y (easting/northing) need a projected `crs`, e.g. crs = \"EPSG:32635\"".into(),
            );
        }
        _ => {
            return Err(
                "give lat and lon (WGS84, or a geographic crs), or x and y with a projected crs"
                    .into(),
            );
        }
    };
    let (lat, lon) = match crs {
        None => (b, a),
        Some(c) => {
            let geographic = crate::crs::is_geographic(&crate::crs::CrsRef::parse(c)?)?;
            if geographic != i.lat.is_some() {
                return Err(if geographic {
                    format!("{c} is geographic: give lat and lon in it")
                } else {
                    format!("{c} is projected: give x (easting) and y (northing) in metres")
                });
            }
            crate::crs::place_to_wgs84(c, a, b)?
        }
    };
    check_lat_lon(lat, lon)?;
    Ok((lat, lon))
}

/// Turns byte spans into diagnostics for one file, and reads each part of a route, reporting
/// its problems and carrying on (a stand-in value keeps the reading going).
struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn pos<T>(&self, s: &Spanned<T>) -> Pos {
        let (line, col) = line_col(self.text, s.span().start);
        Pos { line, col }
    }
    fn err(&mut self, pos: Pos, msg: impl Into<String>) {
        self.problems
            .push(Diagnostic::at(self.file, pos.line, pos.col, msg));
    }
    /// The value, its problem (if `check` finds one) reported where it was written.
    fn checked<T>(&mut self, v: Spanned<T>, check: impl FnOnce(&T) -> Result<(), String>) -> T {
        if let Err(e) = check(v.get_ref()) {
            let pos = self.pos(&v);
            self.err(pos, e);
        }
        v.into_inner()
    }
    /// The value `parse` makes of what was written, or `None` with the problem reported.
    /// The position is found only for a problem: finding it counts lines from the start of
    /// the file, which for every point of a long path would take quadratic time.
    fn parsed<T, U>(
        &mut self,
        v: Spanned<T>,
        parse: impl FnOnce(T) -> Result<U, String>,
    ) -> Option<U> {
        let span = v.span();
        parse(v.into_inner())
            .map_err(|e| {
                let (line, col) = line_col(self.text, span.start);
                self.err(Pos { line, col }, e)
            })
            .ok()
    }
    fn date(&mut self, d: Option<Spanned<DateIn>>) -> Option<Date> {
        self.parsed(d?, |d| d.0.parse())
    }
    /// A rail routing cost in km, checked.
    fn cost(&mut self, name: &str, v: Option<Spanned<f64>>) -> Option<f64> {
        self.parsed(v?, |km| RailPolicy::check_cost(name, km))
    }
    fn source(&mut self, s: Spanned<SourceIn>) -> Source {
        let pos = self.pos(&s);
        let s = s.into_inner();
        if s.publisher.trim().is_empty() {
            self.err(pos, "a source needs a `publisher`");
        }
        Source {
            publisher: s.publisher,
            title: s.title,
            url: s.url,
            date: self.date(s.date),
        }
    }
    /// The leg's sightings, each checked (time, position, kind, order, the leg's dates).
    fn sightings(
        &mut self,
        list: Vec<Spanned<SightingIn>>,
        dates: (Option<Date>, Option<Date>),
    ) -> Vec<Sighting> {
        let mut out: Vec<Sighting> = Vec::with_capacity(list.len());
        for s in list {
            let pos = self.pos(&s);
            let s = s.into_inner();
            let time_pos = self.pos(&s.time);
            let Some(time) = self.parsed(s.time, |t| t.0.parse::<TimeSpan>()) else {
                continue;
            };
            if let Err(e) = check_lat_lon(s.lat, s.lon) {
                self.err(pos, format!("sighting at {time}: {e}"));
            }
            let kind = s.kind.and_then(|k| self.parsed(k, |k| k.parse()));
            if let Err(e) = check_fix_time(&time, out.last().map(|p| &p.fix.time), dates) {
                self.err(time_pos, e);
            }
            let fix = Fix {
                time,
                lat: s.lat,
                lon: s.lon,
                pos,
            };
            out.push(Sighting {
                fix,
                source: s.source,
                kind,
                file: None,
            });
        }
        out
    }
    /// `observed_gap`, `dark_gap` and `max_speed`, checked.
    fn timing(
        &mut self,
        gaps: [Option<Spanned<String>>; 2],
        max_speed: Option<Spanned<String>>,
    ) -> Timing {
        let [observed, dark] = gaps.map(|g| g.and_then(|g| self.parsed(g, |g| parse_duration(&g))));
        Timing {
            observed_gap: observed,
            dark_gap: dark,
            max_speed: max_speed.and_then(|m| self.parsed(m, |m| parse_speed(&m))),
        }
    }
    fn mode(&mut self, m: Spanned<String>) -> Mode {
        self.parsed(m, |m| m.parse()).unwrap_or(Mode::Air)
    }
    fn trips(&mut self, t: Option<Spanned<i64>>) -> u32 {
        let Some(t) = t else { return 1 };
        self.parsed(t, |t| match u32::try_from(t) {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!("trips = {t} must be a whole number of at least 1")),
        })
        .unwrap_or(1)
    }
    fn quantity(&mut self, q: Option<Spanned<QuantityIn>>) -> Option<Quantity> {
        let q = q?;
        let pos = self.pos(&q);
        let q = q.into_inner();
        if !q.value.is_finite() || q.value < 0.0 {
            let msg = format!("quantity value {} must be a non-negative number", q.value);
            self.err(pos, msg);
        }
        match q.unit.parse() {
            Ok(unit) => Some(Quantity {
                value: q.value,
                unit,
            }),
            Err(e) => {
                self.err(pos, e);
                None
            }
        }
    }
    /// An explicit track: its points in range (the others reported), at least two given.
    fn path(&mut self, p: Option<Spanned<Vec<Spanned<Vec<f64>>>>>) -> Option<Vec<(f64, f64)>> {
        let p = p?;
        let pos = self.pos(&p);
        let given = p.get_ref().len();
        let points = p.into_inner().into_iter();
        let points = points
            .filter_map(|pt| self.parsed(pt, path_point))
            .collect();
        if given < 2 {
            self.err(pos, "a path needs at least two [lon, lat] points");
        }
        Some(points)
    }
    fn vehicle(&mut self, v: Option<VehicleIn>) -> Vehicle {
        let Some(v) = v else {
            return Vehicle::default();
        };
        let imo = v.imo.map(|i| self.checked(i, |i| check_imo(&i.0)).0);
        let mmsi = v.mmsi.map(|m| self.checked(m, |m| check_mmsi(&m.0)).0);
        Vehicle {
            kind: v.kind,
            name: v.name,
            registration: v.registration,
            icao24: v.icao24,
            imo: imo.map(|i| imo_digits(&i).to_string()),
            mmsi,
            flag: v.flag,
            vehicle_type: v.vehicle_type,
            operator: v.operator,
            flights: v.flights,
        }
    }
    fn place(&mut self, p: Spanned<PlaceIn>) -> PlaceAt {
        let pos = self.pos(&p);
        let place = match p.into_inner() {
            PlaceIn::Named(n) => {
                if n.trim().is_empty() {
                    self.err(pos, "empty place name; write a gazetteer id, name or code");
                }
                PlaceRef::Named(n)
            }
            PlaceIn::Inline(i) if i.kind.is_some() => self.place_of_kind(i, pos),
            PlaceIn::Inline(i) => self.inline_place(i, pos),
        };
        PlaceAt { place, pos }
    }
    /// `{ name, kind }`: a gazetteer name that must resolve to a place of that kind.
    fn place_of_kind(&mut self, i: InlineIn, pos: Pos) -> PlaceRef {
        let name = i.name;
        match i.kind.as_deref().unwrap_or("").parse::<PlaceKind>() {
            Ok(kind) if [i.lat, i.lon, i.x, i.y].iter().all(Option::is_none) => {
                PlaceRef::OfKind { name, kind }
            }
            Ok(_) => {
                self.err(pos, format!("place {}: `kind` names the kind of a gazetteer place ({{ name = \"Minsk\", kind = \"city\" }}); drop it, or drop the coordinates", quoted(&name)));
                PlaceRef::Named(name)
            }
            Err(e) => {
                self.err(pos, format!("place {}: {e}", quoted(&name)));
                PlaceRef::Named(name)
            }
        }
    }
    /// A place given by its coordinates, in WGS84 (0, 0 when they are wrong).
    fn inline_place(&mut self, i: InlineIn, pos: Pos) -> PlaceRef {
        let (lat, lon) = inline_to_wgs84(&i).unwrap_or_else(|e| {
            self.err(pos, format!("inline place {}: {e}", quoted(&i.name)));
            (0.0, 0.0)
        });
        PlaceRef::Inline {
            name: i.name,
            lat,
            lon,
        }
    }
}

/// One `[lon, lat]` point of a path, in range.
fn path_point(pt: Vec<f64>) -> Result<(f64, f64), String> {
    match pt.as_slice() {
        [lon, lat] => match check_lat_lon(*lat, *lon) {
            Ok(()) => Ok((*lon, *lat)),
            Err(e) => Err(format!(
                "path point [{lon}, {lat}]: {e} (path points are [lon, lat])"
            )),
        },
        _ => Err("a path point is [lon, lat]".into()),
    }
}

/// Parses one TOML route file. Every problem found is returned, each with line and column.
///
/// Places are kept as written: resolving them against the gazetteer comes later.
///
/// ```
/// use corridor::routes::{Mode, PlaceRef, toml_file};
///
/// let text = r#"
/// id = "minsk-tianjin"
/// title = "Minsk to Tianjin by rail"
///
/// [[legs]]
/// mode = "rail"
/// from = "Minsk"
/// to = { name = "Tianjin port", lat = 38.97, lon = 117.78 }
/// start = 2024-01-08
/// trips = 3
/// "#;
/// let route = toml_file::parse("minsk.toml", text).unwrap();
/// assert_eq!(route.id, "minsk-tianjin");
/// let leg = &route.legs[0];
/// assert_eq!(leg.mode, Mode::Rail);
/// assert_eq!(leg.from.place, PlaceRef::Named("Minsk".into()));
/// assert_eq!(leg.to.place.label(), "Tianjin port");
/// assert_eq!(leg.start.unwrap().to_string(), "2024-01-08");
/// assert_eq!((leg.trips, leg.pos.line), (3, 5));
///
/// // Problems come back all at once, each where it was written.
/// let bad = "id = \"x\"\n[[legs]]\nmode = \"plane\"\nfrom = \"Minsk\"\nto = \"\"\n";
/// let problems = toml_file::parse("bad.toml", bad).unwrap_err();
/// let problems: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
/// assert_eq!(problems, [
///     "bad.toml:3:8: unknown mode \"plane\"; use air, rail, sea or road",
///     "bad.toml:5:6: empty place name; write a gazetteer id, name or code",
/// ]);
/// ```
pub fn parse(file: &str, text: &str) -> Result<Route, Vec<Diagnostic>> {
    let input = read_toml(file, text)?;
    let mut cx = Ctx {
        file,
        text,
        problems: Vec::new(),
    };
    let route = route(&mut cx, input);
    if cx.problems.is_empty() {
        Ok(route)
    } else {
        Err(cx.problems)
    }
}

/// The file's tables, or its one TOML or schema error.
fn read_toml(file: &str, text: &str) -> Result<RouteIn, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        let msg = "the file is empty; a route file gives an `id` and at least one [[legs]] table (see the route format in the README)";
        return Err(vec![Diagnostic::at(file, 1, 1, msg)]);
    }
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        vec![Diagnostic::at(
            file,
            line,
            col,
            format!("{}; see the route format in the README", e.message().trim()),
        )]
    })
}

/// The route, its route-level policies merged into each leg's.
fn route(cx: &mut Ctx, mut input: RouteIn) -> Route {
    let policy_keys = input.policy_keys();
    let pos = cx.pos(&input.id);
    let id = cx.checked(input.id, |id| check_slug("route id", id));
    let corridor = input
        .corridor
        .map(|c| cx.checked(c, |c| check_slug("corridor", c)));
    let confidence = input
        .confidence
        .map(|c| cx.checked(c, |c| check_confidence(c)));
    let sources = input.sources.into_iter().map(|s| cx.source(s)).collect();
    if input.legs.is_empty() {
        cx.err(
            pos,
            "the route has no legs; add at least one [[legs]] table",
        );
    }
    let (passages, rail) = policy_keys.read(cx);
    let legs = input.legs.into_iter().map(|l| {
        let mut leg = leg(cx, l);
        leg.passages = passages.merged(&leg.passages);
        leg.rail = rail.merged(&leg.rail);
        leg.lenient |= input.lenient;
        leg
    });
    let legs = legs.collect();
    Route {
        file: cx.file.to_string(),
        pos,
        id,
        title: input.title.unwrap_or_default(),
        corridor,
        description: input.description,
        confidence,
        legs_connect: input.legs_connect.unwrap_or(true),
        sources,
        legs,
    }
}

/// One leg, as the file gives it (the route's policies are merged in by [`route`]).
fn leg(cx: &mut Ctx, l: Spanned<LegIn>) -> Leg {
    let pos = cx.pos(&l);
    let mut l = l.into_inner();
    let policy_keys = l.policy_keys();
    let start_pos = l.start.as_ref().map_or(pos, |s| cx.pos(s));
    let mode = cx.mode(l.mode);
    let trips = cx.trips(l.trips);
    let quantity = cx.quantity(l.quantity);
    let path = cx.path(l.path);
    let vehicle = cx.vehicle(l.vehicle);
    let from = cx.place(l.from);
    let to = cx.place(l.to);
    let via = l.via.into_iter().map(|v| cx.place(v)).collect();
    let (start, end) = (cx.date(l.start), cx.date(l.end));
    let (passages, rail) = policy_keys.read(cx);
    let sightings = cx.sightings(l.sightings, (start, end));
    let track = l.track.map(|t| TrackRef {
        pos: cx.pos(&t),
        path: t.into_inner(),
    });
    let timing = cx.timing([l.observed_gap, l.dark_gap], l.max_speed);
    Leg {
        mode,
        from,
        to,
        via,
        start,
        end,
        trips,
        vehicle,
        cargo: l.cargo,
        quantity,
        notes: l.notes,
        path,
        passages,
        rail,
        lenient: l.lenient,
        sightings,
        track,
        timing,
        pos,
        start_pos,
    }
}
