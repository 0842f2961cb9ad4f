//! Importer for GeoNames dumps (`cities500.txt`, `allCountries.txt`, …): 19 tab-separated
//! columns, no header. See <https://download.geonames.org/export/dump/readme.txt>.

use super::place::{Place, PlaceKind};
use super::table::{RowError, parse_lat_lon};
use crate::quote::quoted;

/// Maps a GeoNames feature class and code to a place kind.
fn kind(class: &str, code: &str) -> PlaceKind {
    match (class, code) {
        ("P", _) => PlaceKind::City,
        ("S", "AIRP" | "AIRB" | "AIRF" | "AIRH") => PlaceKind::Airport,
        ("S", "PRT" | "HBR" | "DCKY" | "MAR") => PlaceKind::Seaport,
        ("S", "RSTN" | "RSTP" | "RYD") => PlaceKind::RailStation,
        ("S", "MILB" | "INSM" | "NVB") => PlaceKind::Base,
        ("S", "PSTB") => PlaceKind::BorderCrossing,
        ("H", "STRT" | "CNL" | "CHN") => PlaceKind::Chokepoint,
        ("S", _) => PlaceKind::Facility,
        _ => PlaceKind::Region,
    }
}

/// Parses a GeoNames dump into places with their 1-based line numbers; or the first bad
/// line with its number and the field to blame.
pub fn parse(text: &str) -> Result<Vec<(usize, Place)>, RowError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            return Err((
                i + 1,
                None,
                format!(
                    "a GeoNames line has 19 tab-separated columns, this one has {}; check for a cut or merged line",
                    f.len()
                ),
            ));
        }
        let id: u64 = f[0].trim().parse().map_err(|_| {
            (
                i + 1,
                Some(0),
                format!("geonameid {} is not a number", quoted(f[0])),
            )
        })?;
        let (lat, lon) =
            parse_lat_lon(f[4].trim(), f[5].trim()).map_err(|e| (i + 1, Some(4), e))?;
        let name = f[1].trim();
        let mut aliases: Vec<String> = Vec::new();
        for a in std::iter::once(f[2]).chain(f[3].split(',')) {
            let a = a.trim();
            if !a.is_empty() && a != name && !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_string());
            }
        }
        out.push((
            i + 1,
            Place {
                id: format!("gn-{id}"),
                name: name.to_string(),
                kind: kind(f[6].trim(), f[7].trim()),
                country: f[8].trim().to_ascii_uppercase(),
                lat,
                lon,
                aliases,
                iata: String::new(),
                icao: String::new(),
                unlocode: String::new(),
                population: f[14].trim().parse().ok().filter(|&n| n > 0),
                source: format!("GeoNames {id}"),
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cities500_line() {
        let line = "625144\tMinsk\tMinsk\tMensk,Minsk,Минск,Мінск\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n";
        let places = parse(line).unwrap();
        assert_eq!(places.len(), 1);
        let p = &places[0].1;
        assert_eq!(p.id, "gn-625144");
        assert_eq!(p.kind, PlaceKind::City);
        assert_eq!(p.population, Some(1742124));
        assert_eq!(p.aliases, vec!["Mensk", "Минск", "Мінск"]);
    }

    #[test]
    fn a_bad_coordinate_names_the_line() {
        let text = "1\tA\tA\t\t10\t20\tP\tPPL\tBY\t\t\t\t\t\t0\t\t\t\t\n2\tB\tB\t\t95\t20\tP\tPPL\tBY\t\t\t\t\t\t0\t\t\t\t\n";
        let (line, _, msg) = parse(text).unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("swapped"), "{msg}");
    }
}
