//! corridor's own gazetteer table: a header line naming the columns, then one place per line.
//!
//! Required columns: `id`, `name`, `kind`, `lat`, `lon`. Optional: `country`, `aliases`
//! (`|`-separated), `iata`, `icao`, `unlocode`, `population`, `source`. Other columns are
//! ignored, so a spreadsheet may carry notes. This file is also compiled into the build
//! script: it uses `std` only.

use super::place::{Place, PlaceKind};
use crate::quote::quoted;

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
    pub fn place(&self, fields: &[&str]) -> Result<Place, FieldError> {
        self.place_with(fields, &wgs84_only)
    }

    /// Turns one row into a place; a row with a `crs` other than WGS84 is converted with
    /// `convert` (lat/lon in a geographic CRS, or x/y in a projected one). An error names
    /// the field to blame, when there is one.
    pub fn place_with(&self, fields: &[&str], convert: CrsConverter) -> Result<Place, FieldError> {
        let get = |i: usize| fields.get(i).map(|s| s.trim()).unwrap_or("");
        let opt = |i: Option<usize>| i.map(get).unwrap_or("");
        let blame = |i: Option<usize>| move |e: String| (i, e);
        let id = get(self.id);
        check_id(id).map_err(blame(Some(self.id)))?;
        let name = get(self.name);
        if name.is_empty() {
            let msg = format!("place {} has an empty `name`; give it a name", quoted(id));
            return Err((Some(self.name), msg));
        }
        let kind: PlaceKind = get(self.kind).parse().map_err(blame(Some(self.kind)))?;
        let (lat, lon) = self.lat_lon(fields, convert)?;
        let country = opt(self.country).to_ascii_uppercase();
        check_country(&country).map_err(blame(self.country))?;
        let population = match opt(self.population) {
            "" => None,
            p => Some(p.parse::<u64>().map_err(|_| {
                let msg = format!("population {} is not a whole number", quoted(p));
                (self.population, msg)
            })?),
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

    /// The row's WGS84 (lat, lon): from `lat`/`lon`, or converted from its `crs`.
    fn lat_lon(&self, fields: &[&str], convert: CrsConverter) -> Result<(f64, f64), FieldError> {
        let get = |i: Option<usize>| i.and_then(|i| fields.get(i)).map_or("", |s| s.trim());
        let crs = get(self.crs);
        if crs.is_empty() || crs.eq_ignore_ascii_case("EPSG:4326") {
            let (lat, lon) = (get(self.lat), get(self.lon));
            let lat_v = degrees("lat", lat, "53.9").map_err(|e| (self.lat, e))?;
            let lon_v = degrees("lon", lon, "27.5667").map_err(|e| (self.lon, e))?;
            // A bad longitude alone is blamed on `lon`; the rest (and a swap) on `lat`.
            let field = if lat_v.abs() <= 90.0 {
                self.lon
            } else {
                self.lat
            };
            check_lat_lon(lat_v, lon_v).map_err(|e| (field, e))?;
            return Ok((lat_v, lon_v));
        }
        let num = |i: Option<usize>, what: &str| {
            let s = get(i);
            let msg = || format!("{what} {} is not a number", quoted(s));
            s.parse::<f64>().map_err(|_| (i, msg()))
        };
        let (a, b, axes) = if !get(self.x).is_empty() || !get(self.y).is_empty() {
            (num(self.x, "x")?, num(self.y, "y")?, Axes::XY)
        } else {
            let (lon, lat) = (num(self.lon, "lon")?, num(self.lat, "lat")?);
            (lon, lat, Axes::LonLat)
        };
        let (lat, lon) = convert(crs, a, b, axes).map_err(|e| (self.crs, e))?;
        check_lat_lon(lat, lon).map_err(|e| (self.crs, e))?;
        Ok((lat, lon))
    }
}

/// A problem with a row: the index of the field to blame (`None`: the row as a whole) and
/// the message.
pub type FieldError = (Option<usize>, String);

/// A problem with a table: its 1-based line, the field to blame and the message.
pub type RowError = (usize, Option<usize>, String);

/// Checks a place id: a non-empty slug.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err(
            "empty `id`; give every place a stable slug such as `minsk-national-airport`".into(),
        );
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.:".contains(c))
    {
        return Err(format!(
            "id {} is not a slug; use lower-case ASCII letters, digits and - _ . : only",
            quoted(id)
        ));
    }
    Ok(())
}

/// Checks a country column: empty (found from the borders) or an assigned ISO 3166-1
/// alpha-2 code.
fn check_country(country: &str) -> Result<(), String> {
    if country.is_empty() || is_iso_country(country) {
        return Ok(());
    }
    let shape = country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase());
    Err(if shape {
        format!(
            "country {} is not an assigned ISO 3166-1 alpha-2 code; write one such as BY or CN, or leave it empty to take the country from the borders",
            quoted(country)
        )
    } else {
        format!(
            "country {} is not an ISO 3166-1 alpha-2 code such as BY or CN",
            quoted(country)
        )
    })
}

/// The ISO 3166-1 alpha-2 codes in use.
const ISO_COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an ISO 3166-1 alpha-2 country code in use (upper case), or one of the
/// codes the standard leaves to users (AA, QM–QZ, XA–XZ, ZZ: data sets such as NGA's World
/// Port Index use them for areas without a code).
pub fn is_iso_country(code: &str) -> bool {
    let user_assigned = matches!(
        code.as_bytes(),
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', b'A'..=b'Z'] | [b'Z', b'Z']
    );
    code.len() == 2 && (user_assigned || ISO_COUNTRIES.split(' ').any(|c| c == code))
}

/// A number of decimal degrees, or what to write instead.
fn degrees(what: &str, s: &str, example: &str) -> Result<f64, String> {
    s.parse().map_err(|_| {
        format!(
            "{what} {} is not a number; write decimal degrees such as {example}",
            quoted(s)
        )
    })
}

/// Parses and range-checks a coordinate pair given as decimal degrees.
///
/// A latitude beyond ±90 that would be a valid longitude is reported as a swapped pair.
pub fn parse_lat_lon(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let lat_v = degrees("lat", lat, "53.9")?;
    let lon_v = degrees("lon", lon, "27.5667")?;
    check_lat_lon(lat_v, lon_v)?;
    Ok((lat_v, lon_v))
}

/// Range-checks a coordinate pair, recognising swapped latitude and longitude.
pub fn check_lat_lon(lat: f64, lon: f64) -> Result<(), String> {
    if !lat.is_finite() || !lon.is_finite() {
        return Err("coordinates must be finite numbers (not NaN or infinite); write decimal degrees such as 53.9".into());
    }
    if lat.abs() > 90.0 {
        if lat.abs() <= 180.0 && lon.abs() <= 90.0 {
            return Err(format!(
                "lat {lat} is out of range but would be a valid longitude: latitude and longitude look swapped (lat is north–south, -90..90)"
            ));
        }
        return Err(format!(
            "lat {lat} is out of range -90..90; write decimal degrees, north positive"
        ));
    }
    if lon.abs() > 180.0 {
        return Err(format!(
            "lon {lon} is out of range -180..180; write decimal degrees, east positive"
        ));
    }
    Ok(())
}

/// Parses a whole tab-separated table. Returns the places with their 1-based line numbers,
/// or the first error with its line number and the field to blame. Coordinates must be WGS84.
pub fn parse_tsv(text: &str) -> Result<Vec<(usize, Place)>, RowError> {
    parse_tsv_with(text, &wgs84_only)
}

/// As [`parse_tsv`], converting rows with a `crs` through `convert`.
pub fn parse_tsv_with(text: &str, convert: CrsConverter) -> Result<Vec<(usize, Place)>, RowError> {
    let mut lines = text.lines().enumerate();
    let columns = loop {
        match lines.next() {
            None => return Ok(Vec::new()),
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((i, header)) => {
                break Columns::from_header(header.split('\t')).map_err(|e| (i + 1, None, e))?;
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
            .map_err(|(field, e)| (i + 1, field, e))?;
        places.push((i + 1, place));
    }
    Ok(places)
}
