//! The bundled Natural Earth basemap (land polygons and country borders), as lon/lat lines.

static LAND_50M: &str = include_str!(concat!(env!("OUT_DIR"), "/land-50m.tsv"));
static BORDERS_50M: &str = include_str!(concat!(env!("OUT_DIR"), "/borders-50m.tsv"));
static LAND_110M: &str = include_str!(concat!(env!("OUT_DIR"), "/land-110m.tsv"));
static BORDERS_110M: &str = include_str!(concat!(env!("OUT_DIR"), "/borders-110m.tsv"));

/// Detail of the basemap: 1:50m for printed maps, 1:110m for the lighter HTML preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Fifty,
    OneTen,
}

/// Parses `lon,lat lon,lat …` lines.
fn lines(text: &str) -> Vec<Vec<[f64; 2]>> {
    text.lines()
        .map(|l| {
            l.split_whitespace()
                .filter_map(|p| {
                    let (a, b) = p.split_once(',')?;
                    Some([a.parse().ok()?, b.parse().ok()?])
                })
                .collect::<Vec<[f64; 2]>>()
        })
        .filter(|l| l.len() >= 2)
        .collect()
}

/// Land rings (fill with the even-odd rule).
pub fn land(scale: Scale) -> Vec<Vec<[f64; 2]>> {
    lines(if scale == Scale::Fifty {
        LAND_50M
    } else {
        LAND_110M
    })
}

/// Land borders between countries (Natural Earth's de facto lines).
pub fn borders(scale: Scale) -> Vec<Vec<[f64; 2]>> {
    lines(if scale == Scale::Fifty {
        BORDERS_50M
    } else {
        BORDERS_110M
    })
}
