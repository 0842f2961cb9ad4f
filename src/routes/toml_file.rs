//! Route definitions in TOML, one route per file (schema in the README).

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

use super::date::Date;
use super::model::*;
use crate::error::{Diagnostic, line_col};
use crate::places::PlaceKind;
use crate::places::table::check_lat_lon;

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
    #[serde(default)]
    sources: Vec<Spanned<SourceIn>>,
    #[serde(default)]
    legs: Vec<Spanned<LegIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceIn {
    publisher: String,
    title: Option<String>,
    url: Option<String>,
    date: Option<Spanned<DateIn>>,
}

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
    #[serde(default)]
    lenient: bool,
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

impl<'de> Deserialize<'de> for PlaceIn {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PlaceIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a place name, id or code, or an inline table { name = \"…\", lat = …, lon = … }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PlaceIn, E> {
                Ok(PlaceIn::Named(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PlaceIn, A::Error> {
                let i = InlineIn::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PlaceIn::Inline(i))
            }
        }
        d.deserialize_any(V)
    }
}

/// A date: a string or a TOML date literal (`start = 2024-01-08`).
struct DateIn(String);

impl<'de> Deserialize<'de> for DateIn {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as \"2024-01-08\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateIn, E> {
                Ok(DateIn(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateIn, A::Error> {
                let dt =
                    toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(DateIn(dt.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// An identifier that people write as a number or a string (IMO, MMSI).
struct IdIn(String);

impl<'de> Deserialize<'de> for IdIn {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an identifier (string or whole number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IdIn, E> {
                Ok(IdIn(v.trim().to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IdIn, E> {
                Ok(IdIn(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IdIn, E> {
                Ok(IdIn(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

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

/// Turns byte spans into diagnostics for one file.
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
    fn date(&mut self, d: Option<Spanned<DateIn>>) -> Option<Date> {
        let d = d?;
        let pos = self.pos(&d);
        match d.get_ref().0.parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.err(pos, e);
                None
            }
        }
    }
    /// A rail routing cost in km, checked.
    fn cost(&mut self, name: &str, v: Option<Spanned<f64>>) -> Option<f64> {
        let v = v?;
        let pos = self.pos(&v);
        match RailPolicy::check_cost(name, *v.get_ref()) {
            Ok(km) => Some(km),
            Err(e) => {
                self.err(pos, e);
                None
            }
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
            PlaceIn::Inline(i) if i.kind.is_some() => {
                let name = i.name.clone();
                let kind = i.kind.as_deref().unwrap_or("").parse::<PlaceKind>();
                match kind {
                    Ok(kind) if [i.lat, i.lon, i.x, i.y].iter().all(Option::is_none) => {
                        PlaceRef::OfKind { name, kind }
                    }
                    Ok(_) => {
                        self.err(pos, format!("place {name:?}: `kind` names the kind of a gazetteer place ({{ name = \"Minsk\", kind = \"city\" }}); drop it, or drop the coordinates"));
                        PlaceRef::Named(name)
                    }
                    Err(e) => {
                        self.err(pos, format!("place {name:?}: {e}"));
                        PlaceRef::Named(name)
                    }
                }
            }
            PlaceIn::Inline(i) => {
                let name = i.name.clone();
                match inline_to_wgs84(&i) {
                    Ok((lat, lon)) => PlaceRef::Inline { name, lat, lon },
                    Err(e) => {
                        self.err(pos, format!("inline place {name:?}: {e}"));
                        PlaceRef::Inline {
                            name,
                            lat: 0.0,
                            lon: 0.0,
                        }
                    }
                }
            }
        };
        PlaceAt { place, pos }
    }
}

/// Parses one TOML route file. Every problem found is returned, each with line and column.
pub fn parse(file: &str, text: &str) -> Result<Route, Vec<Diagnostic>> {
    let input: RouteIn = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        vec![Diagnostic::at(
            file,
            line,
            col,
            format!("{}; see the route format in the README", e.message().trim()),
        )]
    })?;
    let mut cx = Ctx {
        file,
        text,
        problems: Vec::new(),
    };
    let route_pos = cx.pos(&input.id);
    if let Err(e) = check_slug("route id", input.id.get_ref()) {
        cx.err(route_pos, e);
    }
    let corridor = input.corridor.map(|c| {
        let pos = cx.pos(&c);
        if let Err(e) = check_slug("corridor", c.get_ref()) {
            cx.err(pos, e);
        }
        c.into_inner()
    });
    let confidence = input.confidence.map(|c| {
        let pos = cx.pos(&c);
        if let Err(e) = check_confidence(c.get_ref()) {
            cx.err(pos, e);
        }
        c.into_inner()
    });
    let sources = input
        .sources
        .into_iter()
        .map(|s| {
            let pos = cx.pos(&s);
            let s = s.into_inner();
            if s.publisher.trim().is_empty() {
                cx.err(pos, "a source needs a `publisher`");
            }
            Source {
                publisher: s.publisher,
                title: s.title,
                url: s.url,
                date: cx.date(s.date),
            }
        })
        .collect();
    if input.legs.is_empty() {
        cx.err(
            route_pos,
            "the route has no legs; add at least one [[legs]] table",
        );
    }
    let route_rail = RailPolicy {
        close: input.close,
        avoid_countries: input.avoid_countries,
        gauge_change_km: cx.cost("gauge_change_km", input.gauge_change_km),
        border_crossing_km: cx.cost("border_crossing_km", input.border_crossing_km),
    };
    let route_passages = PassagePolicy {
        avoid: input.avoid,
        allow: input.allow,
        require: input.require,
    };
    let legs = input
        .legs
        .into_iter()
        .map(|l| {
            let mut leg = leg(&mut cx, l);
            leg.passages = route_passages.merged(&leg.passages);
            leg.rail = route_rail.merged(&leg.rail);
            leg.lenient |= input.lenient;
            leg
        })
        .collect();
    let route = Route {
        file: file.to_string(),
        pos: route_pos,
        id: input.id.into_inner(),
        title: input.title.unwrap_or_default(),
        corridor,
        description: input.description,
        confidence,
        legs_connect: input.legs_connect.unwrap_or(true),
        sources,
        legs,
    };
    if cx.problems.is_empty() {
        Ok(route)
    } else {
        Err(cx.problems)
    }
}

fn leg(cx: &mut Ctx, l: Spanned<LegIn>) -> Leg {
    let pos = cx.pos(&l);
    let l = l.into_inner();
    let mode_pos = cx.pos(&l.mode);
    let mode = l.mode.get_ref().parse().unwrap_or_else(|e: String| {
        cx.err(mode_pos, e);
        Mode::Air
    });
    let start_pos = l.start.as_ref().map_or(pos, |s| cx.pos(s));
    let trips = match l.trips {
        None => 1,
        Some(t) => {
            let tpos = cx.pos(&t);
            match u32::try_from(*t.get_ref()) {
                Ok(n) if n >= 1 => n,
                _ => {
                    cx.err(
                        tpos,
                        format!(
                            "trips = {} must be a whole number of at least 1",
                            t.get_ref()
                        ),
                    );
                    1
                }
            }
        }
    };
    let quantity = l.quantity.and_then(|q| {
        let qpos = cx.pos(&q);
        let q = q.into_inner();
        if !q.value.is_finite() || q.value < 0.0 {
            cx.err(
                qpos,
                format!("quantity value {} must be a non-negative number", q.value),
            );
        }
        match q.unit.parse() {
            Ok(unit) => Some(Quantity {
                value: q.value,
                unit,
            }),
            Err(e) => {
                cx.err(qpos, e);
                None
            }
        }
    });
    let path = l.path.map(|p| {
        let ppos = cx.pos(&p);
        let raw = p.into_inner();
        let given = raw.len();
        let pts: Vec<(f64, f64)> = raw
            .into_iter()
            .filter_map(|pt| {
                let ptpos = cx.pos(&pt);
                match pt.get_ref().as_slice() {
                    [lon, lat] => match check_lat_lon(*lat, *lon) {
                        Ok(()) => Some((*lon, *lat)),
                        Err(e) => {
                            cx.err(ptpos, format!("path point [{lon}, {lat}]: {e} (path points are [lon, lat])"));
                            None
                        }
                    },
                    _ => {
                        cx.err(ptpos, "a path point is [lon, lat]");
                        None
                    }
                }
            })
            .collect();
        if given < 2 {
            cx.err(ppos, "a path needs at least two [lon, lat] points");
        }
        pts
    });
    let vehicle = l.vehicle.map_or_else(Vehicle::default, |v| {
        let imo = v.imo.map(|i| {
            let ipos = cx.pos(&i);
            let i = i.into_inner().0;
            if let Err(e) = check_imo(&i) {
                cx.err(ipos, e);
            }
            i.trim_start_matches("IMO").trim().to_string()
        });
        let mmsi = v.mmsi.map(|m| {
            let mpos = cx.pos(&m);
            let m = m.into_inner().0;
            if let Err(e) = check_mmsi(&m) {
                cx.err(mpos, e);
            }
            m
        });
        Vehicle {
            kind: v.kind,
            name: v.name,
            registration: v.registration,
            icao24: v.icao24,
            imo,
            mmsi,
            flag: v.flag,
            vehicle_type: v.vehicle_type,
            operator: v.operator,
            flights: v.flights,
        }
    });
    Leg {
        mode,
        from: cx.place(l.from),
        to: cx.place(l.to),
        via: l.via.into_iter().map(|v| cx.place(v)).collect(),
        start: cx.date(l.start),
        end: cx.date(l.end),
        trips,
        vehicle,
        cargo: l.cargo,
        quantity,
        notes: l.notes,
        path,
        passages: PassagePolicy {
            avoid: l.avoid,
            allow: l.allow,
            require: l.require,
        },
        rail: RailPolicy {
            close: l.close,
            avoid_countries: l.avoid_countries,
            gauge_change_km: cx.cost("gauge_change_km", l.gauge_change_km),
            border_crossing_km: cx.cost("border_crossing_km", l.border_crossing_km),
        },
        lenient: l.lenient,
        pos,
        start_pos,
    }
}
