//! Importer for OurAirports' `airports.csv` (<https://ourairports.com/data/>).

use super::load::csv_error;
use super::place::{Place, PlaceKind};
use super::table::{RowError, parse_lat_lon};

/// A real ICAO location indicator: four ASCII capital letters.
fn is_icao(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Parses an OurAirports CSV into places with their 1-based line numbers; or the first bad
/// line with its number and the field to blame.
pub fn parse(text: &str) -> Result<Vec<(usize, Place)>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(csv_error)?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let need = |name: &str| {
        col(name).ok_or((
            1,
            None,
            format!("an OurAirports file needs a `{name}` column"),
        ))
    };
    let (ident, name, lat, lon) = (
        need("ident")?,
        need("name")?,
        need("latitude_deg")?,
        need("longitude_deg")?,
    );
    let (country, gps, iata, keywords) = (
        col("iso_country"),
        col("gps_code"),
        col("iata_code"),
        col("keywords"),
    );
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let opt = |i: Option<usize>| i.map(get).unwrap_or("");
        let ident_v = get(ident);
        if ident_v.is_empty() {
            return Err((
                line,
                Some(ident),
                "empty `ident`; every airport needs one".into(),
            ));
        }
        let (la, lo) = parse_lat_lon(get(lat), get(lon)).map_err(|e| (line, Some(lat), e))?;
        let icao = [opt(gps), ident_v]
            .into_iter()
            .find(|c| is_icao(c))
            .unwrap_or("");
        let aliases = opt(keywords)
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(String::from)
            .collect();
        out.push((
            line,
            Place {
                id: format!("ap-{}", ident_v.to_ascii_lowercase()),
                name: get(name).to_string(),
                kind: PlaceKind::Airport,
                country: opt(country).to_ascii_uppercase(),
                lat: la,
                lon: lo,
                aliases,
                iata: opt(iata).to_ascii_uppercase(),
                icao: icao.to_string(),
                unlocode: String::new(),
                population: None,
                source: format!("OurAirports {ident_v}"),
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_keywords() {
        let text = "\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\",\"iso_country\",\"gps_code\",\"iata_code\",\"keywords\"\n\
                    4321,\"UMMS\",\"large_airport\",\"Minsk National Airport\",53.882499,28.030701,\"BY\",\"UMMS\",\"MSQ\",\"Минск-2, Minsk-2\"\n";
        let p = &parse(text).unwrap()[0].1;
        assert_eq!(
            (p.id.as_str(), p.icao.as_str(), p.iata.as_str()),
            ("ap-umms", "UMMS", "MSQ")
        );
        assert_eq!(p.aliases, vec!["Минск-2", "Minsk-2"]);
    }

    #[test]
    fn local_codes_are_not_icao() {
        assert!(!is_icao("00AA"));
        assert!(is_icao("ZWWW"));
    }
}
