//! Areas whose country depends on the view taken, and the view corridor takes.
//!
//! corridor follows Natural Earth's de facto view, the one its rail network and basemap are
//! built from, so a place and the track beside it carry the same country (Sevastopol and the
//! Crimean railway are both `RU`). `gazetteer/views/disputed.tsv` lists each area's polygon
//! with its de facto and de jure countries; `build.rs` relabels the bundled places inside.
//! This file is also compiled into the build script: it uses `std` only.

/// One area: polygon ring as (lon, lat), and its two countries (ISO 3166-1 alpha-2).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    pub de_facto: String,
    pub de_jure: String,
    pub ring: Vec<(f64, f64)>,
}

/// Parses `disputed.tsv`: `area de_facto de_jure source ring`, the ring as `lon lat;…`.
pub fn parse(text: &str) -> Result<Vec<Area>, String> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            let bad = || {
                format!(
                    "line {}: expected `area de_facto de_jure source ring`",
                    i + 1
                )
            };
            if f.len() < 5 {
                return Err(bad());
            }
            let ring = f[4]
                .split(';')
                .map(|p| {
                    let mut xy = p.split_whitespace().map(str::parse::<f64>);
                    match (xy.next(), xy.next()) {
                        (Some(Ok(x)), Some(Ok(y))) => Ok((x, y)),
                        _ => Err(bad()),
                    }
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Area {
                name: f[0].to_string(),
                de_facto: f[1].to_string(),
                de_jure: f[2].to_string(),
                ring,
            })
        })
        .collect()
}

/// Whether (lon, lat) lies inside the ring (even-odd rule).
pub fn contains(ring: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ((xi, yi), (xj, yj)) = (ring[i], ring[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The country to give a place: the de facto one when it lies in a listed area under its
/// de jure country, else its own.
///
/// ```
/// use corridor::places::disputed::{Area, country_for};
/// let square = Area {
///     name: "A".into(), de_facto: "RU".into(), de_jure: "UA".into(),
///     ring: vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)],
/// };
/// assert_eq!(country_for(&[square.clone()], "UA", (0.5, 0.5)), "RU");
/// assert_eq!(country_for(&[square], "UA", (1.5, 0.5)), "UA");
/// ```
pub fn country_for<'a>(areas: &'a [Area], country: &'a str, p: (f64, f64)) -> &'a str {
    areas
        .iter()
        .find(|a| a.de_jure == country && contains(&a.ring, p))
        .map_or(country, |a| a.de_facto.as_str())
}
