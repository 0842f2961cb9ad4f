//! The map as SVG: ocean, land and borders, legs coloured by mode with width by trips or
//! tonnes, labelled places, a legend, a scale bar, a title and a source line.
//!
//! The default projection is Lambert azimuthal equal-area centred on the legs, so areas
//! and distances near the centre are true and lines across the antimeridian stay whole.

use std::fmt::Write;

use super::basemap::{self, Scale};
use super::cap::Cap;
use crate::crs::{CrsRef, Transform};
use crate::features::{Feature, mode_colour};
use crate::places::Place;
use crate::routes::Mode;

/// What sets a leg's line width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Weight {
    #[default]
    Trips,
    Tonnes,
}

/// Options of `corridor render`.
#[derive(Debug, Clone)]
pub struct MapOptions {
    pub title: String,
    /// Width of the image in pixels; the height follows the routes' extent.
    pub width: f64,
    /// A CRS such as EPSG:3576; default: equal-area centred on the routes.
    pub crs: Option<String>,
    pub weight: Weight,
}

const OCEAN: &str = "#dbe9f4";
const LAND: &str = "#f4f1ea";
const LAND_EDGE: &str = "#b9b3a6";
const BORDER: &str = "#a39e94";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The centre of lon/lat points, longitudes averaged on the circle.
fn centre(points: &[[f64; 2]]) -> [f64; 2] {
    let (s, c) = points.iter().fold((0.0, 0.0), |(s, c), p| {
        (s + p[0].to_radians().sin(), c + p[0].to_radians().cos())
    });
    let lon = s.atan2(c).to_degrees();
    let (lo, hi) = points.iter().fold((90.0f64, -90.0f64), |(lo, hi), p| {
        (lo.min(p[1]), hi.max(p[1]))
    });
    [lon, (lo + hi) / 2.0]
}

/// A "nice" scale-bar length in km not longer than `max_km`.
fn nice_km(max_km: f64) -> f64 {
    let mut best = 1.0;
    for exp in 0..6 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(exp);
            if v <= max_km {
                best = v;
            }
        }
    }
    best
}

fn width_for(f: &Feature, weight: Weight) -> f64 {
    match weight {
        Weight::Trips => {
            let trips = f.properties["trips"].as_f64().unwrap_or(1.0).max(1.0);
            (1.6 + 1.4 * trips.ln()).min(9.0)
        }
        Weight::Tonnes => {
            let t = if f.properties["unit"] == "t" {
                f.properties["quantity"].as_f64().unwrap_or(0.0)
            } else {
                0.0
            };
            (1.2 + 1.2 * (1.0 + t).log10()).min(9.0)
        }
    }
}

/// A leg with its parts in projected metres.
type Projected<'a> = (&'a Feature, Vec<Vec<(f64, f64)>>);

/// Draws the map. Legs and places are lon/lat; the result is a standalone SVG document.
pub fn map_svg(
    features: &[Feature],
    places: &[Place],
    opts: &MapOptions,
) -> Result<String, String> {
    let mut all: Vec<[f64; 2]> = features
        .iter()
        .flat_map(|f| f.parts.iter().flatten().copied())
        .collect();
    all.extend(places.iter().map(|p| [p.lon, p.lat]));
    if all.is_empty() {
        return Err("nothing to draw: the routes have no legs".into());
    }
    let c = centre(&all);
    let (transform, projection_note) = match &opts.crs {
        Some(crs) => {
            let r = CrsRef::parse(crs)?;
            (
                Transform::from_wgs84(&r)?,
                format!(
                    "Projection: {}",
                    crate::crs::name(&r).unwrap_or_else(|_| r.to_string())
                ),
            )
        }
        None => (
            Transform::from_wgs84_def(&format!(
                "+proj=laea +lat_0={:.4} +lon_0={:.4} +datum=WGS84 +units=m +no_defs",
                c[1], c[0]
            ))?,
            format!(
                "Projection: Lambert azimuthal equal-area centred {:.1}°{} {:.1}°{}",
                c[1].abs(),
                if c[1] >= 0.0 { "N" } else { "S" },
                c[0].abs(),
                if c[0] >= 0.0 { "E" } else { "W" }
            ),
        ),
    };
    let project = |p: [f64; 2]| transform.apply((p[0], p[1])).ok();
    let legs: Vec<Projected> = features
        .iter()
        .map(|f| {
            (
                f,
                f.parts
                    .iter()
                    .map(|part| part.iter().filter_map(|&p| project(p)).collect())
                    .collect(),
            )
        })
        .collect();
    let pts: Vec<(&Place, (f64, f64))> = places
        .iter()
        .filter_map(|p| Some((p, project([p.lon, p.lat])?)))
        .collect();
    // Extent of the data, with a margin and an aspect ratio between 1:2 and 5:4 (h:w).
    let xy: Vec<(f64, f64)> = legs
        .iter()
        .flat_map(|(_, parts)| parts.iter().flatten().copied())
        .chain(pts.iter().map(|p| p.1))
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = xy
        .iter()
        .fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |b, p| {
            (b.0.min(p.0), b.1.max(p.0), b.2.min(p.1), b.3.max(p.1))
        });
    let span = (x1 - x0).max(y1 - y0).max(50_000.0);
    let margin = span * 0.08;
    // Room for labels on the right and the title band above.
    (x0, x1, y0, y1) = (
        x0 - margin,
        x1 + margin * 2.5,
        y0 - margin,
        y1 + margin * 2.0,
    );
    let (w, h) = (x1 - x0, y1 - y0);
    let (w, h) = if h < w * 0.5 {
        (w, w * 0.5)
    } else if h > w * 1.25 {
        (h / 1.25, h)
    } else {
        (w, h)
    };
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (x0, y1) = (cx - w / 2.0, cy + h / 2.0);
    let width = opts.width;
    let scale = width / w;
    let (top, bottom) = (56.0, 34.0);
    let map_h = (h * scale).round();
    let height = map_h + top + bottom;
    let sx = |x: f64| (x - x0) * scale;
    let sy = |y: f64| top + (y1 - y) * scale;
    let path = |pts: &[(f64, f64)]| -> String {
        let mut d = String::new();
        for (i, p) in pts.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1} {:.1}",
                if i == 0 { "M" } else { "L" },
                sx(p.0),
                sy(p.1)
            );
        }
        d
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="DejaVu Sans, sans-serif">"#
    );
    let _ = write!(
        svg,
        r#"<defs><clipPath id="map"><rect x="0" y="{top}" width="{width:.0}" height="{map_h}"/></clipPath></defs>"#
    );
    let _ = write!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/><rect x="0" y="{top}" width="{width:.0}" height="{map_h}" fill="{OCEAN}"/>"##
    );
    // Basemap: clipped to 95° round the centre, where the projection is well behaved.
    let cap = Cap::new(c, 95.0);
    svg.push_str(r#"<g clip-path="url(#map)">"#);
    let mut land = String::new();
    for ring in basemap::land(Scale::Fifty)
        .iter()
        .flat_map(|r| cap.clip_ring(r))
    {
        let p: Vec<(f64, f64)> = ring.iter().filter_map(|&q| project(q)).collect();
        if p.len() >= 3 {
            land.push_str(&path(&p));
            land.push('Z');
        }
    }
    let _ = write!(
        svg,
        r#"<path d="{land}" fill="{LAND}" fill-rule="evenodd" stroke="{LAND_EDGE}" stroke-width="0.6"/>"#
    );
    let mut borders = String::new();
    for line in basemap::borders(Scale::Fifty)
        .iter()
        .flat_map(|l| cap.clip_line(l))
    {
        let p: Vec<(f64, f64)> = line.iter().filter_map(|&q| project(q)).collect();
        if p.len() >= 2 {
            borders.push_str(&path(&p));
        }
    }
    let _ = write!(
        svg,
        r#"<path d="{borders}" fill="none" stroke="{BORDER}" stroke-width="0.7" stroke-dasharray="3 2"/>"#
    );
    // Legs, widest first so thin lines stay visible on top.
    let mut order: Vec<&Projected> = legs.iter().collect();
    order.sort_by(|a, b| {
        width_for(b.0, opts.weight)
            .total_cmp(&width_for(a.0, opts.weight))
            .then(a.0.id.cmp(&b.0.id))
    });
    for (f, parts) in order {
        let mode: Mode = f.properties["mode"]
            .as_str()
            .unwrap_or("air")
            .parse()
            .unwrap_or(Mode::Air);
        let d: String = parts
            .iter()
            .filter(|p| p.len() >= 2)
            .map(|p| path(p))
            .collect();
        let dash = if f.properties["geometry_model"] == "geodesic" && mode != Mode::Air {
            r#" stroke-dasharray="8 4""#
        } else {
            ""
        };
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-width="{:.1}" stroke-linecap="round" stroke-linejoin="round" opacity="0.85"{dash}><title>{}</title></path>"#,
            mode_colour(mode),
            width_for(f, opts.weight),
            esc(&f.id)
        );
    }
    // Places: a dot and a label with a white halo, placed right, left, above or below the
    // dot where it overlaps no earlier label (and skipped where it would overlap all four).
    let mut modes: Vec<Mode> = legs
        .iter()
        .filter_map(|(f, _)| f.properties["mode"].as_str()?.parse().ok())
        .collect();
    modes.sort();
    modes.dedup();
    let rows = modes.len() + 3;
    let legend_h = rows as f64 * 18.0 + 12.0;
    // The legend goes in the corner that hides the fewest lines and places (bottom left
    // unless that covers more; bottom right holds the scale bar); labels keep clear of it.
    let (lx, ly) = {
        let corners = [
            (14.0, top + map_h - 14.0 - legend_h + 2.0),
            (14.0, top + 14.0),
            (width - 14.0 - 190.0, top + 14.0),
        ];
        let covered = |&(x, y): &(f64, f64)| {
            let inside =
                |px: f64, py: f64| px >= x && px <= x + 190.0 && py >= y && py <= y + legend_h;
            let on_legs: usize = legs
                .iter()
                .flat_map(|(_, parts)| parts.iter().flatten())
                .filter(|q| inside(sx(q.0), sy(q.1)))
                .count();
            on_legs + 20 * pts.iter().filter(|(_, q)| inside(sx(q.0), sy(q.1))).count()
        };
        corners
            .iter()
            .copied()
            .min_by_key(covered)
            .expect("three corners")
    };
    let mut taken: Vec<[f64; 4]> = vec![[lx, ly, lx + 190.0, ly + legend_h]];
    for (p, xy) in &pts {
        let (x, y) = (sx(xy.0), sy(xy.1));
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3.2" fill="#333333" stroke="#ffffff" stroke-width="1"/>"##
        );
        let tw = p.name.chars().count() as f64 * 6.4;
        let candidates = [
            (x + 5.0, y - 4.0, "start"),
            (x - 5.0, y - 4.0, "end"),
            (x, y - 8.0, "middle"),
            (x, y + 15.0, "middle"),
        ];
        let boxed = |(tx, ty, anchor): (f64, f64, &str)| {
            let left = match anchor {
                "start" => tx,
                "end" => tx - tw,
                _ => tx - tw / 2.0,
            };
            [left, ty - 10.0, left + tw, ty + 3.0]
        };
        let fits = |b: &[f64; 4]| {
            b[0] >= 2.0
                && b[2] <= width - 2.0
                && b[1] >= top
                && b[3] <= top + map_h
                && !taken
                    .iter()
                    .any(|t| b[0] < t[2] && t[0] < b[2] && b[1] < t[3] && t[1] < b[3])
        };
        if let Some(&(tx, ty, anchor)) = candidates.iter().find(|&&c| fits(&boxed(c))) {
            taken.push(boxed((tx, ty, anchor)));
            let _ = write!(
                svg,
                r##"<text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" font-size="11" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">{}</text>"##,
                esc(&p.name)
            );
        }
    }
    svg.push_str("</g>");
    // Title.
    let _ = write!(
        svg,
        r##"<text x="16" y="36" font-size="22" font-weight="bold" fill="#111111">{}</text>"##,
        esc(&opts.title)
    );
    // Legend: modes present, then line widths.
    let _ = write!(
        svg,
        r##"<rect x="{lx}" y="{ly}" width="190" height="{}" fill="#ffffff" fill-opacity="0.88" stroke="#999999" stroke-width="0.6"/>"##,
        legend_h
    );
    for (i, m) in modes.iter().enumerate() {
        let y = ly + 16.0 + i as f64 * 18.0;
        let _ = write!(
            svg,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="4" stroke-linecap="round"/>"#,
            lx + 10.0,
            lx + 40.0,
            mode_colour(*m)
        );
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="12" fill="#222222">{}</text>"##,
            lx + 50.0,
            y + 4.0,
            m.as_str()
        );
    }
    let (unit, samples): (&str, [f64; 3]) = match opts.weight {
        Weight::Trips => ("trips", [1.0, 4.0, 12.0]),
        Weight::Tonnes => ("t", [10.0, 1000.0, 100_000.0]),
    };
    for (i, v) in samples.iter().enumerate() {
        let y = ly + 16.0 + (modes.len() + i) as f64 * 18.0;
        let fake = Feature {
            id: String::new(),
            parts: Vec::new(),
            properties: serde_json::json!({"trips": v, "quantity": v, "unit": "t"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        };
        let _ = write!(
            svg,
            r##"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#555555" stroke-width="{:.1}" stroke-linecap="round"/>"##,
            lx + 10.0,
            lx + 40.0,
            width_for(&fake, opts.weight)
        );
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="12" fill="#222222">{v} {}</text>"##,
            lx + 50.0,
            y + 4.0,
            if *v == 1.0 {
                unit.trim_end_matches('s')
            } else {
                unit
            }
        );
    }
    // Scale bar (true at the projection centre).
    let km = nice_km(w / 1000.0 / 5.0);
    let bar = km * 1000.0 * scale;
    let (bx, by) = (width - 30.0 - bar, top + map_h - 22.0);
    let _ = write!(
        svg,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="26" fill="#ffffff" fill-opacity="0.85"/>"##,
        bx - 8.0,
        by - 16.0,
        bar + 16.0
    );
    let _ = write!(
        svg,
        r##"<path d="M{bx:.1} {by:.1} v6 h{bar:.1} v-6" fill="none" stroke="#222222" stroke-width="1.5"/>"##
    );
    let _ = write!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#222222">{} km</text>"##,
        bx + bar / 2.0,
        by - 4.0,
        km
    );
    // Sources and projection, in a size that fits the width (about 0.55 em per character).
    let note = format!(
        "{projection_note}. Land and borders: Natural Earth (public domain; de facto borders, Crimea shown as Russian-administered). Dashed: straight stand-ins for surface legs. Made with corridor."
    );
    let size = ((width - 32.0) / (note.chars().count() as f64 * 0.55)).min(10.5);
    let _ = write!(
        svg,
        r##"<text x="16" y="{:.0}" font-size="{size:.1}" fill="#555555">{}</text>"##,
        height - 12.0,
        esc(&note)
    );
    svg.push_str("</svg>\n");
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_averages_longitudes_on_the_circle() {
        let c = centre(&[[170.0, 40.0], [-170.0, 60.0]]);
        assert!((c[0].abs() - 180.0).abs() < 1e-9);
        assert_eq!(c[1], 50.0);
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_km(740.0), 500.0);
        assert_eq!(nice_km(2100.0), 2000.0);
        assert_eq!(nice_km(99.0), 50.0);
    }
}
