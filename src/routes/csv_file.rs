//! The bulk form for spreadsheets: a CSV with one leg per row, grouped into routes by the
//! `route` column. Route-level columns (title, corridor, …) may be repeated on every row or
//! given once; sources are collected from every row.

use std::collections::HashMap;

use super::model::*;
use crate::error::{Diagnostic, field_col, field_cols};
use crate::places::table::check_lat_lon;
use crate::quote::quoted;

/// Defines [`COLUMNS`] and [`column_number`] from one list.
macro_rules! columns {
    ($($name:literal),* $(,)?) => {
        /// The columns the CSV form understands (also the README's list).
        pub const COLUMNS: &[&str] = &[$($name),*];

        /// The place of column `name` in [`COLUMNS`]. Inlined where `name` is a literal,
        /// the comparisons are settled by the compiler: a field is found by number, not by
        /// comparing its name with the header's at every row.
        #[inline(always)]
        fn column_number(name: &str) -> Option<usize> {
            let mut k = 0;
            $(
                if name == $name {
                    return Some(k);
                }
                k += 1;
            )*
            let _ = k;
            None
        }
    };
}

columns![
    "route",
    "title",
    "corridor",
    "description",
    "confidence",
    "legs_connect",
    "source_publisher",
    "source_title",
    "source_url",
    "source_date",
    "mode",
    "from",
    "to",
    "via",
    "start",
    "end",
    "trips",
    "vehicle_kind",
    "vehicle_name",
    "registration",
    "icao24",
    "imo",
    "mmsi",
    "flag",
    "vehicle_type",
    "operator",
    "flights",
    "cargo",
    "quantity",
    "unit",
    "notes",
    "path",
    "avoid",
    "allow",
    "require",
    "close",
    "avoid_countries",
    "gauge_change_km",
    "border_crossing_km",
    "lenient",
];

/// Parses `Name @ lat, lon` (an inline place) or a plain reference.
pub fn parse_place(s: &str) -> Result<PlaceRef, String> {
    if let Some((name, coords)) = s.rsplit_once('@') {
        let nums: Vec<&str> = coords.split([',', ' ']).filter(|t| !t.is_empty()).collect();
        if let [lat, lon] = nums.as_slice() {
            let lat: f64 = lat.parse().map_err(|_| {
                format!(
                    "{s}: write an inline place as `Name @ lat, lon`",
                    s = quoted(s)
                )
            })?;
            let lon: f64 = lon.parse().map_err(|_| {
                format!(
                    "{s}: write an inline place as `Name @ lat, lon`",
                    s = quoted(s)
                )
            })?;
            check_lat_lon(lat, lon)
                .map_err(|e| format!("inline place {}: {e}", quoted(name.trim())))?;
            return Ok(PlaceRef::Inline {
                name: name.trim().to_string(),
                lat,
                lon,
            });
        }
        return Err(format!(
            "{s}: write an inline place as `Name @ lat, lon`",
            s = quoted(s)
        ));
    }
    if s.trim().is_empty() {
        return Err("empty place; write a gazetteer id, name or code".into());
    }
    Ok(PlaceRef::Named(s.trim().to_string()))
}

/// Parses a CSV of legs into routes, in order of first appearance. Every problem found is
/// returned, each with line and column.
///
/// Places are kept as written: resolving them against the gazetteer comes later.
///
/// ```
/// use corridor::routes::{Mode, PlaceRef, csv_file};
///
/// let text = "\
/// route,title,mode,from,to,start,trips
/// minsk-tianjin,Minsk to Tianjin,rail,Minsk,Tianjin,2024-01-08,3
/// minsk-tianjin,,sea,Tianjin,\"Depot 7 @ 38.97, 117.78\",2024-02-01,
/// minsk-riga,,road,Minsk,Riga,,
/// ";
/// let routes = csv_file::parse("legs.csv", text).unwrap();
/// assert_eq!(routes.len(), 2);
/// let tianjin = &routes[0];
/// assert_eq!((tianjin.id.as_str(), tianjin.title.as_str()), ("minsk-tianjin", "Minsk to Tianjin"));
/// assert_eq!(tianjin.legs[0].trips, 3);
/// let sea = &tianjin.legs[1];
/// assert_eq!(sea.mode, Mode::Sea);
/// assert_eq!(sea.to.place, PlaceRef::Inline { name: "Depot 7".into(), lat: 38.97, lon: 117.78 });
/// assert_eq!(sea.start.unwrap().to_string(), "2024-02-01");
///
/// // Problems come back all at once, each at its row and column.
/// let bad = "route,mode,from,to,start\nr1,plane,Minsk,Riga,2024-01-08\nr1,air,Minsk,,\n";
/// let problems = csv_file::parse("bad.csv", bad).unwrap_err();
/// let problems: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
/// assert_eq!(problems, [
///     "bad.csv:2:4: unknown mode \"plane\"; use air, rail, sea or road",
///     "bad.csv:3:14: empty place; write a gazetteer id, name or code",
/// ]);
/// ```
pub fn parse(file: &str, text: &str) -> Result<Vec<Route>, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        let msg = "the file is empty; a leg CSV starts with a header naming route, mode, from and to, then one row per leg";
        return Err(vec![Diagnostic::at(file, 1, 1, msg)]);
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = header(file, &lines, &mut reader)?;
    // Each known column's field number in this file (the first, should a name repeat).
    let mut fields: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    for (i, h) in header.iter().enumerate() {
        if let Some(k) = column_number(h) {
            fields[k].get_or_insert(i);
        }
    }
    let mut routes = Routes::default();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(Diagnostic::at(file, line, 1, format!("malformed CSV: {e}")));
                break;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        Row::new(file, &fields, &lines, &record, &mut problems).add_to(&mut routes);
    }
    if problems.is_empty() && routes.list.is_empty() {
        let msg = "the CSV has a header but no legs; add one row per leg under it";
        problems.push(Diagnostic::at(file, 1, 1, msg));
    }
    if problems.is_empty() {
        Ok(routes.list)
    } else {
        Err(problems)
    }
}

/// The header's column names (trimmed, lower case, without a byte-order mark), checked:
/// every column known, and the four a leg needs present.
fn header(
    file: &str,
    lines: &[&str],
    reader: &mut csv::Reader<&[u8]>,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect(),
        Err(e) => {
            let msg = format!("cannot read the CSV header: {e}");
            return Err(vec![Diagnostic::at(file, 1, 1, msg)]);
        }
    };
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            problems.push(Diagnostic::at(
                file,
                1,
                field_col(lines.first().unwrap_or(&""), i, ','),
                format!(
                    "unknown column {}; the leg CSV columns are: {}",
                    quoted(h),
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    for need in ["route", "mode", "from", "to"] {
        if !header.iter().any(|h| h == need) {
            problems.push(Diagnostic::at(
                file,
                1,
                1,
                format!(
                    "the header has no `{need}` column; a leg CSV needs route, mode, from and to"
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(header)
    } else {
        Err(problems)
    }
}

/// The routes read so far, in order of first appearance, found by id.
#[derive(Default)]
struct Routes {
    list: Vec<Route>,
    by_id: HashMap<String, usize>,
}

impl Routes {
    /// The route with this id; on its first row a new one, defined at `pos`.
    fn entry(&mut self, file: &str, id: &str, pos: Pos) -> &mut Route {
        let list = &mut self.list;
        let idx = *self.by_id.entry(id.to_string()).or_insert_with(|| {
            list.push(Route {
                file: file.to_string(),
                pos,
                id: id.to_string(),
                title: String::new(),
                corridor: None,
                description: None,
                confidence: None,
                legs_connect: true,
                sources: Vec::new(),
                legs: Vec::new(),
            });
            list.len() - 1
        });
        &mut self.list[idx]
    }
}

/// `true`, `yes`, `1` or `false`, `no`, `0`, in any case.
fn yes_no(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// One `lon lat` point of a path, in range.
fn lon_lat(pair: &str) -> Result<(f64, f64), String> {
    let pair = pair.trim();
    let nums: Vec<Result<f64, _>> = pair.split_whitespace().map(str::parse::<f64>).collect();
    let [Ok(lon), Ok(lat)] = nums[..] else {
        return Err(format!(
            "path point {}: write the path as `lon lat; lon lat; …`",
            quoted(pair)
        ));
    };
    check_lat_lon(lat, lon).map(|()| (lon, lat)).map_err(|e| {
        format!(
            "path point {}: {e} (path points are `lon lat`)",
            quoted(pair)
        )
    })
}

/// One data row of the CSV: its fields by column name, where each stands, and the file's
/// problems, to which each field's problem is added as it is read.
struct Row<'a> {
    file: &'a str,
    /// Field number by column number (see [`column_number`]).
    fields: &'a [Option<usize>],
    record: &'a csv::StringRecord,
    line: usize,
    /// The text of the row's (first) line, to count columns in.
    raw_line: &'a str,
    /// Where each field of `raw_line` starts, counted when first asked (see [`field_cols`]).
    starts: std::cell::OnceCell<(Vec<usize>, usize)>,
    problems: &'a mut Vec<Diagnostic>,
}

impl<'a> Row<'a> {
    fn new(
        file: &'a str,
        fields: &'a [Option<usize>],
        lines: &[&'a str],
        record: &'a csv::StringRecord,
        problems: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let line = record.position().map_or(0, |p| p.line() as usize);
        let raw_line = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        Row {
            file,
            fields,
            record,
            line,
            raw_line,
            starts: std::cell::OnceCell::new(),
            problems,
        }
    }
}

impl Row<'_> {
    #[inline(always)]
    fn column(&self, name: &str) -> Option<usize> {
        column_number(name).and_then(|k| self.fields[k])
    }
    /// Where the field stands (column 1 when the header lacks it).
    fn pos(&self, name: &str) -> Pos {
        let col = self.column(name).map_or(1, |i| {
            let (starts, end) = self.starts.get_or_init(|| field_cols(self.raw_line, ','));
            starts.get(i).copied().unwrap_or(*end)
        });
        Pos {
            line: self.line,
            col,
        }
    }
    /// The field, trimmed; `None` when empty or missing.
    #[inline(always)]
    fn get(&self, name: &str) -> Option<String> {
        let field = self.column(name).and_then(|i| self.record.get(i));
        field
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    }
    fn err(&mut self, name: &str, msg: impl Into<String>) {
        let p = self.pos(name);
        self.problems
            .push(Diagnostic::at(self.file, p.line, p.col, msg));
    }
    /// A `a | b | c` field as a list.
    fn list(&self, name: &str) -> Vec<String> {
        let v = self.get(name).unwrap_or_default();
        let items = v.split('|').map(|s| s.trim().to_string());
        items.filter(|s| !s.is_empty()).collect()
    }
    /// What `parse` makes of the field, when given; `None` with the problem reported.
    fn parsed<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let v = self.get(name)?;
        parse(&v).map_err(|e| self.err(name, e)).ok()
    }
    /// The field, when given, its problem (if `check` finds one) reported.
    fn checked(&mut self, name: &str, check: fn(&str) -> Result<(), String>) -> Option<String> {
        let v = self.get(name)?;
        if let Err(e) = check(&v) {
            self.err(name, e);
        }
        Some(v)
    }

    /// Adds the row to its route: route-level values, a source, a leg.
    fn add_to(mut self, routes: &mut Routes) {
        let Some(id) = self.get("route") else {
            self.err(
                "route",
                "empty `route`; every row names the route it belongs to",
            );
            return;
        };
        let route = routes.entry(self.file, &id, self.pos("route"));
        if route.legs.is_empty()
            && let Err(e) = check_slug("route id", &id)
        {
            self.err("route", e);
        }
        self.route_values(route);
        if let Some(s) = self.source()
            && !route.sources.contains(&s)
        {
            route.sources.push(s);
        }
        let leg = self.leg();
        route.legs.push(leg);
    }

    /// Route-level fields: the first row to give one sets it; a later row may repeat it,
    /// not change it.
    fn route_values(&mut self, route: &mut Route) {
        let connect = self.parsed("legs_connect", |v| {
            yes_no(v).ok_or_else(|| format!("legs_connect {} must be true or false", quoted(v)))
        });
        route.legs_connect = connect.unwrap_or(route.legs_connect);
        let mut title = (!route.title.is_empty()).then(|| std::mem::take(&mut route.title));
        self.route_value("title", &route.id, &mut title, |_| Ok(()));
        route.title = title.unwrap_or_default();
        let corridor = &mut route.corridor;
        self.route_value("corridor", &route.id, corridor, |c| {
            check_slug("corridor", c)
        });
        self.route_value("description", &route.id, &mut route.description, |_| Ok(()));
        self.route_value(
            "confidence",
            &route.id,
            &mut route.confidence,
            check_confidence,
        );
    }

    /// One route-level field into its `slot` (checked the first time).
    fn route_value(
        &mut self,
        name: &str,
        route_id: &str,
        slot: &mut Option<String>,
        check: fn(&str) -> Result<(), String>,
    ) {
        let Some(v) = self.get(name) else { return };
        match slot {
            None => {
                if let Err(e) = check(&v) {
                    self.err(name, e);
                }
                *slot = Some(v);
            }
            Some(old) if *old != v => self.err(
                name,
                format!(
                    "route {} already has {name} {}; give route-level values once or identically",
                    quoted(route_id),
                    quoted(old)
                ),
            ),
            Some(_) => {}
        }
    }

    /// The row's source, when it names a publisher.
    fn source(&mut self) -> Option<Source> {
        let publisher = self.get("source_publisher")?;
        Some(Source {
            publisher,
            date: self.parsed("source_date", str::parse),
            title: self.get("source_title"),
            url: self.get("source_url"),
        })
    }

    /// The row's leg. Its fields are read, and their problems reported, in the order written.
    fn leg(&mut self) -> Leg {
        let pos = Pos {
            line: self.line,
            col: 1,
        };
        let mut leg = Leg {
            mode: self.mode(),
            from: self.place("from"),
            to: self.place("to"),
            via: self.via(),
            start: self.parsed("start", str::parse),
            end: self.parsed("end", str::parse),
            trips: self.trips(),
            quantity: self.quantity(),
            path: self.path(),
            vehicle: self.vehicle(),
            lenient: self.lenient(),
            cargo: self.get("cargo"),
            notes: self.get("notes"),
            passages: PassagePolicy {
                avoid: self.list("avoid"),
                allow: self.list("allow"),
                require: self.list("require"),
            },
            rail: RailPolicy {
                close: self.list("close"),
                avoid_countries: self.list("avoid_countries"),
                gauge_change_km: self.cost("gauge_change_km"),
                border_crossing_km: self.cost("border_crossing_km"),
            },
            sightings: Vec::new(),
            track: None,
            timing: Default::default(),
            pos,
            start_pos: pos,
        };
        if leg.start.is_some() {
            leg.start_pos = self.pos("start");
        }
        leg
    }

    /// The mode (air when it is missing or wrong, the problem reported).
    fn mode(&mut self) -> Mode {
        let mode = self.get("mode").unwrap_or_default().parse();
        mode.unwrap_or_else(|e| {
            self.err("mode", e);
            Mode::Air
        })
    }
    fn place(&mut self, name: &str) -> PlaceAt {
        let pos = self.pos(name);
        let place = parse_place(&self.get(name).unwrap_or_default()).unwrap_or_else(|e| {
            self.err(name, e);
            PlaceRef::Named(String::new())
        });
        PlaceAt { place, pos }
    }
    /// The places of `via`, separated by `|`; the wrong ones reported and left out.
    fn via(&mut self) -> Vec<PlaceAt> {
        let pos = self.pos("via");
        let via = self.get("via").unwrap_or_default();
        let given = via.split('|').filter(|v| !v.trim().is_empty());
        let places = given.filter_map(|v| parse_place(v).map_err(|e| self.err("via", e)).ok());
        places.map(|place| PlaceAt { place, pos }).collect()
    }
    fn trips(&mut self) -> u32 {
        let trips = self.parsed("trips", |t| match t.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!(
                "trips {} must be a whole number of at least 1",
                quoted(t)
            )),
        });
        trips.unwrap_or(1)
    }
    /// `quantity` and `unit`, given together.
    fn quantity(&mut self) -> Option<Quantity> {
        match (self.get("quantity"), self.get("unit")) {
            (None, None) => None,
            (Some(v), Some(u)) => match (grouped_number(&v), u.parse::<QuantityUnit>()) {
                (Ok(value), Ok(unit)) if value.is_finite() && value >= 0.0 => {
                    Some(Quantity { value, unit })
                }
                (Err(Some(msg)), _) => {
                    self.err("quantity", msg);
                    None
                }
                (Ok(_), Ok(_)) | (Err(None), _) => {
                    let msg = format!("quantity {} must be a non-negative number", quoted(&v));
                    self.err("quantity", msg);
                    None
                }
                (_, Err(e)) => {
                    self.err("unit", e);
                    None
                }
            },
            (Some(_), None) => {
                self.err(
                    "quantity",
                    "a quantity needs a `unit` (t, wagons, containers, pieces or vehicles)",
                );
                None
            }
            (None, Some(_)) => {
                self.err("unit", "a unit without a quantity; fill in `quantity`");
                None
            }
        }
    }
    /// An explicit track, `lon lat; lon lat; …`: its points in range (the others reported).
    fn path(&mut self) -> Option<Vec<(f64, f64)>> {
        let path = self.get("path")?;
        let given = path.split(';').filter(|s| !s.trim().is_empty());
        let points: Vec<(f64, f64)> = given
            .filter_map(|pair| lon_lat(pair).map_err(|e| self.err("path", e)).ok())
            .collect();
        if points.len() < 2 {
            self.err(
                "path",
                "a path needs at least two `lon lat` points separated by ';'",
            );
        }
        Some(points)
    }
    fn vehicle(&mut self) -> Vehicle {
        let imo = self.checked("imo", check_imo);
        Vehicle {
            kind: self.get("vehicle_kind"),
            name: self.get("vehicle_name"),
            registration: self.get("registration"),
            icao24: self.get("icao24"),
            imo: imo.map(|i| imo_digits(&i).to_string()),
            mmsi: self.checked("mmsi", check_mmsi),
            flag: self.get("flag"),
            vehicle_type: self.get("vehicle_type"),
            operator: self.get("operator"),
            flights: self.list("flights"),
        }
    }
    fn lenient(&mut self) -> bool {
        // The message shows the value in lower case (legs_connect's shows it as written).
        let lenient = self.parsed("lenient", |v| {
            let shown = v.to_ascii_lowercase();
            yes_no(v).ok_or_else(|| format!("lenient {} must be true or false", quoted(&shown)))
        });
        lenient.unwrap_or(false)
    }
    /// A rail routing cost in km, checked.
    fn cost(&mut self, name: &str) -> Option<f64> {
        self.parsed(name, |v| {
            let km = v.parse::<f64>();
            let km = km.map_err(|_| format!("{name} {} is not a number of km", quoted(v)))?;
            RailPolicy::check_cost(name, km)
        })
    }
}

/// A number as spreadsheets write it: `1500`, `1,500`, `1_500`, `1500.5`. A comma or an
/// underscore must separate groups of three digits; anything else (`1,5`, a decimal comma)
/// is refused with the reason (`Err(Some)`) rather than read as another number.
///
/// ```
/// use corridor::routes::csv_file::grouped_number;
/// assert_eq!(grouped_number("12,345.5"), Ok(12345.5));
/// assert_eq!(grouped_number("5500"), Ok(5500.0));
/// assert!(grouped_number("1,5").is_err());
/// assert!(grouped_number("1,50,0").is_err());
/// ```
pub fn grouped_number(v: &str) -> Result<f64, Option<String>> {
    let int_part = v.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int_part.split([',', '_']).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(Some(format!(
            "quantity {} is ambiguous: write a decimal point (1.5), not a comma, and separate thousands in groups of three (1,500) or not at all",
            quoted(v)
        )));
    }
    v.replace([',', '_'], "").parse::<f64>().map_err(|_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_places_use_an_at_sign() {
        assert_eq!(
            parse_place("Depot 17 @ 55.1, 37.4").unwrap(),
            PlaceRef::Inline {
                name: "Depot 17".into(),
                lat: 55.1,
                lon: 37.4
            }
        );
        assert!(
            parse_place("Depot @ 95, 37")
                .unwrap_err()
                .contains("swapped")
        );
        assert_eq!(parse_place("MSQ").unwrap(), PlaceRef::Named("MSQ".into()));
    }

    #[test]
    fn columns_are_counted_in_characters() {
        assert_eq!(field_col("a,\"b,c\",d", 2, ','), 9);
        assert_eq!(field_col("a,b", 0, ','), 1);
    }
}
