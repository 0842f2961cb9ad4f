//! corridor's own gazetteer table: a header line naming the columns, then one place per line.
//!
//! Required columns: `id`, `name`, `kind`, `lat`, `lon`. Optional: `country`, `aliases`
//! (`|`-separated), `iata`, `icao`, `unlocode`, `population`, `source`. Other columns are
//! ignored, so a spreadsheet may carry notes. This file is also compiled into the build
//! script: it uses `std` only.

use super::place::{Place, PlaceKind};

/// Where each known column sits in a row.
#[derive(Debug, Clone)]
pub struct Columns {
    id: usize,
    name: usize,
    kind: usize,
    lat: Option<usize>,
    lon: Option<usize>,
    country: Option<usize>,
    aliases: Option<usize>,
    iata: Option<usize>,
    icao: Option<usize>,
    unlocode: Option<usize>,
    population: Option<usize>,
    source: Option<usize>,
    crs: Option<usize>,
    x: Option<usize>,
    y: Option<usize>,
}

/// Converts coordinates given in another CRS to WGS84 (lat, lon): `(crs, a, b)` where
/// (a, b) is (lon, lat) for a geographic CRS or (easting, northing) for a projected one.
pub type CrsConverter<'a> = &'a dyn Fn(&str, f64, f64, Axes) -> Result<(f64, f64), String>;

/// Which columns a converted pair came from: `x`/`y` (the CRS's own axes) or `lon`/`lat`
/// (degrees, so the CRS must be geographic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axes {
    XY,
    LonLat,
}

/// For tables that must be WGS84 (the bundled gazetteer, compiled without PROJ).
pub fn wgs84_only(crs: &str, _: f64, _: f64, _: Axes) -> Result<(f64, f64), String> {
    Err(format!(
        "coordinates in {crs} are not supported here; give WGS84 lat and lon"
    ))
}

impl Columns {
    /// Reads the header row. Fails naming the first missing required column.
    pub fn from_header<'a>(header: impl IntoIterator<Item = &'a str>) -> Result<Columns, String> {
        let names: Vec<String> = header
            .into_iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let find = |col: &str| names.iter().position(|n| n == col);
        let need = |col: &str| {
            find(col).ok_or_else(|| {
                format!("the header has no `{col}` column; a gazetteer table needs id, name, kind, lat and lon (or crs, x and y)")
            })
        };
        let (crs, x, y) = (find("crs"), find("x"), find("y"));
        let projected = crs.is_some() && x.is_some() && y.is_some();
        let (lat, lon) = match (find("lat"), find("lon")) {
            (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
            _ if projected => (find("lat"), find("lon")),
            _ => (Some(need("lat")?), Some(need("lon")?)),
        };
        Ok(Columns {
            id: need("id")?,
            name: need("name")?,
            kind: need("kind")?,
            lat,
            lon,
            country: find("country"),
            aliases: find("aliases"),
            iata: find("iata"),
            icao: find("icao"),
            unlocode: find("unlocode"),
            population: find("population"),
            source: find("source"),
            crs,
            x,
            y,
        })
    }

    /// True when a header row looks like corridor's own table.
    pub fn looks_like_header(fields: &[&str]) -> bool {
        Columns::from_header(fields.iter().copied()).is_ok()
    }

    /// Turns one row into a place, validating every field; coordinates must be WGS84.
    pub fn place(&self, fields: &[&str]) -> Result<Place, String> {
        self.place_with(fields, &wgs84_only)
    }

    /// Turns one row into a place; a row with a `crs` other than WGS84 is converted with
    /// `convert` (lat/lon in a geographic CRS, or x/y in a projected one).
    pub fn place_with(&self, fields: &[&str], convert: CrsConverter) -> Result<Place, String> {
        let get = |i: usize| fields.get(i).map(|s| s.trim()).unwrap_or("");
        let opt = |i: Option<usize>| i.map(get).unwrap_or("");

        let id = get(self.id);
        if id.is_empty() {
            return Err(
                "empty `id`; give every place a stable slug such as `minsk-national-airport`"
                    .into(),
            );
        }
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.:".contains(c))
        {
            return Err(format!(
                "id {id:?} is not a slug; use lower-case ASCII letters, digits and - _ . : only"
            ));
        }
        let name = get(self.name);
        if name.is_empty() {
            return Err(format!("place {id:?} has an empty `name`"));
        }
        let kind: PlaceKind = get(self.kind).parse()?;
        let crs = opt(self.crs);
        let (lat, lon) = if crs.is_empty() || crs.eq_ignore_ascii_case("EPSG:4326") {
            parse_lat_lon(opt(self.lat), opt(self.lon))?
        } else {
            let num = |s: &str, what: &str| {
                s.parse::<f64>()
                    .map_err(|_| format!("{what} {s:?} is not a number"))
            };
            let (a, b, axes) = if !opt(self.x).is_empty() || !opt(self.y).is_empty() {
                (num(opt(self.x), "x")?, num(opt(self.y), "y")?, Axes::XY)
            } else {
                let (lon, lat) = (num(opt(self.lon), "lon")?, num(opt(self.lat), "lat")?);
                (lon, lat, Axes::LonLat)
            };
            let (lat, lon) = convert(crs, a, b, axes)?;
            check_lat_lon(lat, lon)?;
            (lat, lon)
        };
        let country = opt(self.country).to_ascii_uppercase();
        if !(country.is_empty()
            || country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(format!(
                "country {country:?} is not an ISO 3166-1 alpha-2 code such as BY or CN"
            ));
        }
        let population = match opt(self.population) {
            "" => None,
            p => Some(
                p.parse::<u64>()
                    .map_err(|_| format!("population {p:?} is not a whole number"))?,
            ),
        };
        let aliases = opt(self.aliases)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        Ok(Place {
            id: id.to_string(),
            name: name.to_string(),
            kind,
            country,
            lat,
            lon,
            aliases,
            iata: opt(self.iata).to_ascii_uppercase(),
            icao: opt(self.icao).to_ascii_uppercase(),
            unlocode: opt(self.unlocode).to_ascii_uppercase().replace(' ', ""),
            population,
            source: opt(self.source).to_string(),
        })
    }
}

/// Parses and range-checks a coordinate pair given as decimal degrees.
///
/// A latitude beyond ±90 that would be a valid longitude is reported as a swapped pair.
pub fn parse_lat_lon(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let lat_v: f64 = lat
        .parse()
        .map_err(|_| format!("lat {lat:?} is not a number; write decimal degrees such as 53.9"))?;
    let lon_v: f64 = lon.parse().map_err(|_| {
        format!("lon {lon:?} is not a number; write decimal degrees such as 27.5667")
    })?;
    check_lat_lon(lat_v, lon_v)?;
    Ok((lat_v, lon_v))
}

/// Range-checks a coordinate pair, recognising swapped latitude and longitude.
pub fn check_lat_lon(lat: f64, lon: f64) -> Result<(), String> {
    if !lat.is_finite() || !lon.is_finite() {
        return Err("coordinates must be finite numbers".into());
    }
    if lat.abs() > 90.0 {
        if lat.abs() <= 180.0 && lon.abs() <= 90.0 {
            return Err(format!(
                "lat {lat} is out of range but would be a valid longitude: latitude and longitude look swapped (lat is north–south, -90..90)"
            ));
        }
        return Err(format!("lat {lat} is out of range -90..90"));
    }
    if lon.abs() > 180.0 {
        return Err(format!("lon {lon} is out of range -180..180"));
    }
    Ok(())
}

/// Parses a whole tab-separated table. Returns the places with their 1-based line numbers,
/// or the first error with its line number. Coordinates must be WGS84.
pub fn parse_tsv(text: &str) -> Result<Vec<(usize, Place)>, (usize, String)> {
    parse_tsv_with(text, &wgs84_only)
}

/// As [`parse_tsv`], converting rows with a `crs` through `convert`.
pub fn parse_tsv_with(
    text: &str,
    convert: CrsConverter,
) -> Result<Vec<(usize, Place)>, (usize, String)> {
    let mut lines = text.lines().enumerate();
    let columns = loop {
        match lines.next() {
            None => return Ok(Vec::new()),
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((i, header)) => {
                break Columns::from_header(header.split('\t')).map_err(|e| (i + 1, e))?;
            }
        }
    };
    let mut places = Vec::new();
    for (i, line) in lines {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let place = columns
            .place_with(&fields, convert)
            .map_err(|e| (i + 1, e))?;
        places.push((i + 1, place));
    }
    Ok(places)
}
