//! The bulk form for spreadsheets: a CSV with one leg per row, grouped into routes by the
//! `route` column. Route-level columns (title, corridor, …) may be repeated on every row or
//! given once; sources are collected from every row.

use std::collections::HashMap;

use super::date::Date;
use super::model::*;
use crate::error::Diagnostic;
use crate::places::table::check_lat_lon;

/// The columns the CSV form understands (also the README's list).
pub const COLUMNS: &[&str] = &[
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

/// 1-based character column where field `idx` of a CSV line starts.
fn field_col(line: &str, idx: usize) -> usize {
    let (mut field, mut quoted) = (0, false);
    for (col, c) in line.chars().enumerate() {
        if field == idx {
            return col + 1;
        }
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => field += 1,
            _ => {}
        }
    }
    line.chars().count() + 1
}

/// Parses `Name @ lat, lon` (an inline place) or a plain reference.
pub fn parse_place(s: &str) -> Result<PlaceRef, String> {
    if let Some((name, coords)) = s.rsplit_once('@') {
        let nums: Vec<&str> = coords.split([',', ' ']).filter(|t| !t.is_empty()).collect();
        if let [lat, lon] = nums.as_slice() {
            let lat: f64 = lat
                .parse()
                .map_err(|_| format!("{s:?}: write an inline place as `Name @ lat, lon`"))?;
            let lon: f64 = lon
                .parse()
                .map_err(|_| format!("{s:?}: write an inline place as `Name @ lat, lon`"))?;
            check_lat_lon(lat, lon).map_err(|e| format!("inline place {:?}: {e}", name.trim()))?;
            return Ok(PlaceRef::Inline {
                name: name.trim().to_string(),
                lat,
                lon,
            });
        }
        return Err(format!("{s:?}: write an inline place as `Name @ lat, lon`"));
    }
    if s.trim().is_empty() {
        return Err("empty place; write a gazetteer id, name or code".into());
    }
    Ok(PlaceRef::Named(s.trim().to_string()))
}

/// Parses a CSV of legs into routes, in order of first appearance.
pub fn parse(file: &str, text: &str) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect(),
        Err(e) => {
            return Err(vec![Diagnostic::at(
                file,
                1,
                1,
                format!("cannot read the CSV header: {e}"),
            )]);
        }
    };
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            problems.push(Diagnostic::at(
                file,
                1,
                field_col(lines.first().unwrap_or(&""), i),
                format!(
                    "unknown column {h:?}; the leg CSV columns are: {}",
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
    if !problems.is_empty() {
        return Err(problems);
    }
    let col = |name: &str| header.iter().position(|h| h == name);

    let mut routes: Vec<Route> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
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
        let line = record.position().map_or(0, |p| p.line() as usize);
        let raw_line = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
        let pos_of = |name: &str| Pos {
            line,
            col: col(name).map_or(1, |i| field_col(raw_line, i)),
        };
        let get = |name: &str| -> Option<String> {
            col(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let mut err = |name: &str, msg: String| {
            let p = pos_of(name);
            problems.push(Diagnostic::at(file, p.line, p.col, msg));
        };

        let Some(route_id) = get("route") else {
            err(
                "route",
                "empty `route`; every row names the route it belongs to".into(),
            );
            continue;
        };
        let idx = *by_id.entry(route_id.clone()).or_insert_with(|| {
            routes.push(Route {
                file: file.to_string(),
                pos: pos_of("route"),
                id: route_id.clone(),
                title: String::new(),
                corridor: None,
                description: None,
                confidence: None,
                legs_connect: true,
                sources: Vec::new(),
                legs: Vec::new(),
            });
            routes.len() - 1
        });
        if routes[idx].legs.is_empty()
            && let Err(e) = check_slug("route id", &route_id)
        {
            err("route", e);
        }
        // Route-level fields: the first non-empty value counts; a different later one is an error.
        if let Some(v) = get("legs_connect") {
            match v.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => routes[idx].legs_connect = true,
                "false" | "no" | "0" => routes[idx].legs_connect = false,
                _ => err(
                    "legs_connect",
                    format!("legs_connect {v:?} must be true or false"),
                ),
            }
        }
        for name in ["title", "corridor", "description", "confidence"] {
            let Some(v) = get(name) else { continue };
            let r = &mut routes[idx];
            let mut title = (!r.title.is_empty()).then(|| r.title.clone());
            let slot = match name {
                "title" => &mut title,
                "corridor" => &mut r.corridor,
                "description" => &mut r.description,
                _ => &mut r.confidence,
            };
            match slot {
                None => {
                    let check = match name {
                        "corridor" => check_slug("corridor", &v),
                        "confidence" => check_confidence(&v),
                        _ => Ok(()),
                    };
                    if let Err(e) = check {
                        err(name, e);
                    }
                    *slot = Some(v);
                }
                Some(old) if *old != v => err(
                    name,
                    format!(
                        "route {route_id:?} already has {name} {old:?}; give route-level values once or identically"
                    ),
                ),
                Some(_) => {}
            }
            if let Some(t) = title {
                r.title = t;
            }
        }
        if let Some(publisher) = get("source_publisher") {
            let date = get("source_date")
                .and_then(|d| d.parse::<Date>().map_err(|e| err("source_date", e)).ok());
            let s = Source {
                publisher,
                title: get("source_title"),
                url: get("source_url"),
                date,
            };
            if !routes[idx].sources.contains(&s) {
                routes[idx].sources.push(s);
            }
        }

        let mode = match get("mode").unwrap_or_default().parse::<Mode>() {
            Ok(m) => m,
            Err(e) => {
                err("mode", e);
                Mode::Air
            }
        };
        let mut place = |name: &str| -> PlaceAt {
            let pos = pos_of(name);
            let place = parse_place(&get(name).unwrap_or_default()).unwrap_or_else(|e| {
                problems.push(Diagnostic::at(file, pos.line, pos.col, e));
                PlaceRef::Named(String::new())
            });
            PlaceAt { place, pos }
        };
        let from = place("from");
        let to = place("to");
        let mut via = Vec::new();
        for v in get("via")
            .unwrap_or_default()
            .split('|')
            .filter(|v| !v.trim().is_empty())
        {
            let pos = pos_of("via");
            match parse_place(v) {
                Ok(place) => via.push(PlaceAt { place, pos }),
                Err(e) => problems.push(Diagnostic::at(file, pos.line, pos.col, e)),
            }
        }
        let mut err = |name: &str, msg: String| {
            let p = pos_of(name);
            problems.push(Diagnostic::at(file, p.line, p.col, msg));
        };
        let mut date =
            |name: &str| get(name).and_then(|d| d.parse::<Date>().map_err(|e| err(name, e)).ok());
        let (start, end) = (date("start"), date("end"));
        let mut err = |name: &str, msg: String| {
            let p = pos_of(name);
            problems.push(Diagnostic::at(file, p.line, p.col, msg));
        };
        let trips = match get("trips") {
            None => 1,
            Some(t) => match t.parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    err(
                        "trips",
                        format!("trips {t:?} must be a whole number of at least 1"),
                    );
                    1
                }
            },
        };
        let quantity = match (get("quantity"), get("unit")) {
            (None, None) => None,
            (Some(v), Some(u)) => match (
                v.replace([',', '_'], "").parse::<f64>(),
                u.parse::<QuantityUnit>(),
            ) {
                (Ok(value), Ok(unit)) if value.is_finite() && value >= 0.0 => {
                    Some(Quantity { value, unit })
                }
                (Ok(_), Ok(_)) | (Err(_), _) => {
                    err(
                        "quantity",
                        format!("quantity {v:?} must be a non-negative number"),
                    );
                    None
                }
                (_, Err(e)) => {
                    err("unit", e);
                    None
                }
            },
            (Some(_), None) => {
                err(
                    "quantity",
                    "a quantity needs a `unit` (t, wagons, containers, pieces or vehicles)".into(),
                );
                None
            }
            (None, Some(_)) => {
                err(
                    "unit",
                    "a unit without a quantity; fill in `quantity`".into(),
                );
                None
            }
        };
        let path = get("path").map(|p| {
            let mut pts = Vec::new();
            let pairs: Vec<&str> = p.split(';').filter(|s| !s.trim().is_empty()).collect();
            for pair in &pairs {
                let nums: Vec<Result<f64, _>> =
                    pair.split_whitespace().map(str::parse::<f64>).collect();
                match nums.as_slice() {
                    [Ok(lon), Ok(lat)] => match check_lat_lon(*lat, *lon) {
                        Ok(()) => pts.push((*lon, *lat)),
                        Err(e) => err(
                            "path",
                            format!("path point {pair:?}: {e} (path points are `lon lat`)"),
                        ),
                    },
                    _ => err(
                        "path",
                        format!("path point {pair:?}: write the path as `lon lat; lon lat; …`"),
                    ),
                }
            }
            if pts.len() < 2 {
                err(
                    "path",
                    "a path needs at least two `lon lat` points separated by ';'".into(),
                );
            }
            pts
        });
        let imo = get("imo").map(|i| {
            if let Err(e) = check_imo(&i) {
                err("imo", e);
            }
            i.trim_start_matches("IMO").trim().to_string()
        });
        let mmsi = get("mmsi").inspect(|m| {
            if let Err(e) = check_mmsi(m) {
                err("mmsi", e);
            }
        });
        let list = |name: &str| -> Vec<String> {
            get(name).map_or_else(Vec::new, |v| {
                v.split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
        };
        let lenient = match get("lenient").map(|v| v.to_ascii_lowercase()) {
            None => false,
            Some(v) if matches!(v.as_str(), "true" | "yes" | "1") => true,
            Some(v) if matches!(v.as_str(), "false" | "no" | "0") => false,
            Some(v) => {
                err("lenient", format!("lenient {v:?} must be true or false"));
                false
            }
        };
        let mut cost = |name: &str| -> Option<f64> {
            let v = get(name)?;
            match v
                .parse::<f64>()
                .map_err(|_| format!("{name} {v:?} is not a number of km"))
                .and_then(|km| RailPolicy::check_cost(name, km))
            {
                Ok(km) => Some(km),
                Err(e) => {
                    err(name, e);
                    None
                }
            }
        };
        let pos = Pos { line, col: 1 };
        routes[idx].legs.push(Leg {
            mode,
            from,
            to,
            via,
            start,
            end,
            trips,
            vehicle: Vehicle {
                kind: get("vehicle_kind"),
                name: get("vehicle_name"),
                registration: get("registration"),
                icao24: get("icao24"),
                imo,
                mmsi,
                flag: get("flag"),
                vehicle_type: get("vehicle_type"),
                operator: get("operator"),
                flights: get("flights").map_or_else(Vec::new, |f| {
                    f.split('|')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                }),
            },
            cargo: get("cargo"),
            quantity,
            notes: get("notes"),
            path,
            passages: PassagePolicy {
                avoid: list("avoid"),
                allow: list("allow"),
                require: list("require"),
            },
            rail: RailPolicy {
                close: list("close"),
                avoid_countries: list("avoid_countries"),
                gauge_change_km: cost("gauge_change_km"),
                border_crossing_km: cost("border_crossing_km"),
            },
            lenient,
            pos,
            start_pos: if start.is_some() {
                pos_of("start")
            } else {
                pos
            },
        });
    }
    if problems.is_empty() {
        Ok(routes)
    } else {
        Err(problems)
    }
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
        assert_eq!(field_col("a,\"b,c\",d", 2), 9);
        assert_eq!(field_col("a,b", 0), 1);
    }
}
