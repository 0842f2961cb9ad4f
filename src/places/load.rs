//! Reading gazetteer files given with `--gazetteer`: corridor's own table (TSV or CSV),
//! a GeoNames dump, or an OurAirports `airports.csv`, recognised by their first line.

use std::path::Path;

use std::collections::HashMap;

use super::place::Place;
use super::table::{Columns, RowError, parse_tsv_with};
use super::{geonames, ourairports};
use crate::error::{Diagnostic, Error, Result, field_col};
use crate::input::MAX_GAZETTEER_FILE_BYTES;
use crate::quote::quoted;

/// The formats `--gazetteer` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// corridor's table, tab-separated.
    Tsv,
    /// corridor's table, comma-separated (quoted fields allowed).
    Csv,
    /// GeoNames `cities500.txt`/`allCountries.txt`: 19 tab-separated columns, no header.
    GeoNames,
    /// OurAirports `airports.csv`.
    OurAirports,
}

/// Recognises a file's format from its first line.
pub fn detect(first_line: &str) -> Option<Format> {
    let line = first_line.trim_start_matches('\u{feff}');
    let tabs: Vec<&str> = line.split('\t').collect();
    if tabs.len() > 1 && Columns::looks_like_header(&tabs) {
        return Some(Format::Tsv);
    }
    if tabs.len() >= 15 && tabs[0].trim().parse::<u64>().is_ok() {
        return Some(Format::GeoNames);
    }
    let commas: Vec<String> = line
        .split(',')
        .map(|f| f.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    if commas.iter().any(|c| c == "ident") && commas.iter().any(|c| c == "latitude_deg") {
        return Some(Format::OurAirports);
    }
    if Columns::looks_like_header(&commas.iter().map(String::as_str).collect::<Vec<_>>()) {
        return Some(Format::Csv);
    }
    None
}

/// Reads one gazetteer file. Errors name the file and line. Places without a country get
/// the one the bundled borders give.
///
/// ```
/// let path = std::env::temp_dir().join(format!("corridor-doc-{}.tsv", std::process::id()));
/// std::fs::write(&path, "id\tname\tkind\tlat\tlon\ndepot-7\tDepot 7\tfacility\t53.9\t27.6\n").unwrap();
/// let places = corridor::places::load::load_file(&path).unwrap();
/// std::fs::remove_file(&path).unwrap();
/// assert_eq!(places[0].id, "depot-7");
/// assert_eq!(places[0].country, "BY"); // from the bundled borders
/// ```
pub fn load_file(path: &Path) -> Result<Vec<Place>> {
    let name = path.display().to_string();
    let text = crate::input::read_text(path, "gazetteer file", MAX_GAZETTEER_FILE_BYTES)?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let Some(format) = detect(first) else {
        return Err(Error::one(Diagnostic::at(
            &name,
            1,
            1,
            "unrecognised gazetteer format; give a table with a header naming id, name, kind, lat, lon (TSV or CSV), a GeoNames dump (cities500.txt) or an OurAirports airports.csv",
        )));
    };
    let rows = match format {
        Format::Tsv => parse_tsv_with(&text, &crate::crs::table_place_to_wgs84),
        Format::Csv => parse_csv(&text),
        Format::GeoNames => geonames::parse(&text),
        Format::OurAirports => ourairports::parse(&text),
    };
    let located = |(line, field, msg): RowError| {
        let col = field.map_or(0, |i| {
            field_col(
                text.lines().nth(line.wrapping_sub(1)).unwrap_or(""),
                i,
                separator(format),
            )
        });
        Error::one(Diagnostic::at(&name, line, col, msg))
    };
    let rows = rows.map_err(located)?;
    if rows.is_empty() {
        return Err(located((
            1,
            None,
            "the file gives no places; add one row per place under the header".into(),
        )));
    }
    unique_ids(&rows).map_err(located)?;
    let mut places: Vec<Place> = rows.into_iter().map(|(_, p)| p).collect();
    // A place without a country gets the one the bundled borders give (de facto view).
    for p in places.iter_mut().filter(|p| p.country.is_empty()) {
        p.country = super::countries::country_for_place(p.lon, p.lat);
    }
    Ok(places)
}

/// The character that separates a format's fields.
fn separator(format: Format) -> char {
    match format {
        Format::Tsv | Format::GeoNames => '\t',
        Format::Csv | Format::OurAirports => ',',
    }
}

/// One file gives each id once: a second row with an id is a slip (the first would be
/// dropped without a word), reported at the second row's id.
fn unique_ids(rows: &[(usize, Place)]) -> std::result::Result<(), RowError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    for (line, p) in rows {
        if let Some(first) = seen.insert(&p.id, *line) {
            return Err((
                *line,
                Some(0),
                format!(
                    "id {} is already used on line {first} of this file; give each place its own id (a later --gazetteer file may replace a place by id)",
                    quoted(&p.id)
                ),
            ));
        }
    }
    Ok(())
}

/// corridor's table as CSV.
fn parse_csv(text: &str) -> std::result::Result<Vec<(usize, Place)>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| (1, None, e.to_string()))?
        .clone();
    let columns = Columns::from_header(header.iter()).map_err(|e| (1, None, e))?;
    let mut places = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let place = columns
            .place_with(&fields, &crate::crs::table_place_to_wgs84)
            .map_err(|(field, e)| (line, field, e))?;
        places.push((line, place));
    }
    Ok(places)
}

/// A CSV reader's error at its line, with what to do.
pub(super) fn csv_error(e: csv::Error) -> RowError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    (
        line,
        None,
        format!("malformed CSV: {e}; check the quotes on this line"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_first_line() {
        assert_eq!(detect("id\tname\tkind\tlat\tlon"), Some(Format::Tsv));
        assert_eq!(detect("id,name,kind,country,lat,lon"), Some(Format::Csv));
        assert_eq!(
            detect("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\""),
            Some(Format::OurAirports)
        );
        let geonames = "625144\tMinsk\tMinsk\tMinsk,Минск\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01";
        assert_eq!(detect(geonames), Some(Format::GeoNames));
        assert_eq!(detect("hello world"), None);
    }
}
