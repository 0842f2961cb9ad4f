//! The map as SVG: ocean, land and borders, legs coloured by mode with width by trips or
//! tonnes, labelled places, a legend, a scale bar, a title and a source line.
//!
//! The default projection is Lambert azimuthal equal-area centred on the legs, so areas
//! and distances near the centre are true and lines across the antimeridian stay whole.

use std::fmt::Write;

use super::basemap::{self, Scale};
use super::graticule;
use super::projection::MapProjection;
use crate::credits::Credit;
use crate::features::{Feature, mode_colour};
use crate::places::Place;
use crate::routes::Mode;
use crate::writers::xml::escape;

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
    /// What the legs and places are made from ([`crate::credits::credits`]), credited in the
    /// footer beside Natural Earth's land.
    pub credits: Vec<Credit>,
    /// Meridians and parallels every so many degrees; none by default.
    pub graticule: Option<f64>,
}

const OCEAN: &str = "#dbe9f4";
/// Land: a pale fill with a darker edge, filled even-odd (the clipped rings nest).
const LAND_STYLE: &str =
    r##"fill="#f4f1ea" fill-rule="evenodd" stroke="#b9b3a6" stroke-width="0.6""##;
/// Meridians and parallels: thin lines a shade darker than the sea.
const GRATICULE_STYLE: &str = r##"fill="none" stroke="#a9c1d6" stroke-width="0.5""##;
/// Country borders: thin grey dashes.
const BORDER_STYLE: &str =
    r##"fill="none" stroke="#a39e94" stroke-width="0.7" stroke-dasharray="3 2""##;

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
    width_of(weight_value(f, weight), weight)
}

/// What a leg weighs on the map: its trips (at least 1), or its tonnes (0 when its quantity
/// is not in tonnes).
fn weight_value(f: &Feature, weight: Weight) -> f64 {
    match weight {
        Weight::Trips => f.properties["trips"].as_f64().unwrap_or(1.0).max(1.0),
        Weight::Tonnes if f.properties["unit"] == "t" => {
            f.properties["quantity"].as_f64().unwrap_or(0.0)
        }
        Weight::Tonnes => 0.0,
    }
}

/// Line width in pixels for a weight value.
fn width_of(v: f64, weight: Weight) -> f64 {
    match weight {
        Weight::Trips => (1.6 + 1.4 * v.ln()).min(9.0),
        Weight::Tonnes => (1.2 + 1.2 * (1.0 + v).log10()).min(9.0),
    }
}

/// The weights the legend shows, from the data: every distinct value when there are at most
/// three, else the smallest, the median and the largest (tonnes: legs that carry some).
fn legend_samples(features: &[Feature], weight: Weight) -> Vec<f64> {
    let mut values: Vec<f64> = features
        .iter()
        .map(|f| weight_value(f, weight))
        .filter(|&v| v > 0.0)
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    match values.len() {
        0..=3 => values,
        n => vec![values[0], values[n / 2], values[n - 1]],
    }
}

/// The order in which places get their labels: ends of more trips first, then of more legs,
/// via points (ends of no leg) last; ties keep the routes' order.
fn label_order(pts: &[(&Place, (f64, f64))], features: &[Feature]) -> Vec<usize> {
    let weight = |id: &str| {
        features
            .iter()
            .filter(|f| f.properties["from_id"] == id || f.properties["to_id"] == id)
            .fold((0.0, 0), |(t, n), f| {
                (t + weight_value(f, Weight::Trips), n + 1)
            })
    };
    let weights: Vec<(f64, usize)> = pts.iter().map(|(p, _)| weight(&p.id)).collect();
    let mut order: Vec<usize> = (0..pts.len()).collect();
    order.sort_by(|&a, &b| {
        let (wa, wb) = (weights[a], weights[b]);
        wb.0.total_cmp(&wa.0).then(wb.1.cmp(&wa.1))
    });
    order
}

/// A leg with its parts in projected metres.
type Projected<'a> = (&'a Feature, Vec<Vec<(f64, f64)>>);

/// Lon/lat lines or rings.
type Lines = Vec<Vec<[f64; 2]>>;

/// A box on the page: [left, top, right, bottom] in pixels.
type Rect = [f64; 4];

/// Width of the legend box in pixels.
const LEGEND_W: f64 = 190.0;

/// Draws the map. Legs and places are lon/lat; the result is a standalone SVG document.
///
/// The legs are drawn as `corridor render` draws them: unwrapped at ±180, so that the
/// projection, not the data, decides where the map is cut.
///
/// ```
/// use corridor::plan::places_used;
/// use corridor::features::{Antimeridian, Style, leg_feature};
/// use corridor::places::Gazetteer;
/// use corridor::plan::{PlanOptions, plan};
/// use corridor::render::svg::{MapOptions, Weight, map_svg};
/// use corridor::routes::toml_file;
///
/// let toml = r#"
/// id = "minsk-moscow"
/// title = "Minsk to Moscow"
/// [[legs]]
/// mode = "air"
/// from = "minsk-national-airport"
/// to = "sheremetyevo"
/// "#;
/// let routes = [toml_file::parse("minsk-moscow.toml", toml).unwrap()];
/// let legs = plan(&routes, &Gazetteer::bundled(), &PlanOptions::default())
///     .unwrap()
///     .legs;
/// let features: Vec<_> = legs
///     .iter()
///     .map(|l| leg_feature(l, Antimeridian::Unwrap, Style::None))
///     .collect();
/// let opts = MapOptions {
///     title: "Minsk to Moscow".into(),
///     width: 800.0,
///     crs: None,
///     weight: Weight::Trips,
///     credits: vec![],
///     graticule: Some(30.0),
/// };
/// let svg = map_svg(&features, &places_used(&legs), &opts).unwrap();
/// assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
/// assert!(svg.contains("<title>minsk-moscow/1</title>"));
/// assert!(svg.contains(">Sheremetyevo International Airport</text>"));
/// assert!(map_svg(&[], &[], &opts).is_err());
/// ```
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
    let proj = MapProjection::new(opts.crs.as_deref(), c, &all)?;
    let legs = project_legs(features, &proj);
    let pts: Vec<(&Place, (f64, f64))> = places
        .iter()
        .filter_map(|p| Some((p, proj.project([p.lon, p.lat])?)))
        .collect();
    let ground = GroundScale::of(&proj, c, &all);
    let mut frame = Frame::fit(
        legs.iter()
            .flat_map(|(_, parts)| parts.iter().flatten().copied())
            .chain(pts.iter().map(|p| p.1)),
        opts.width,
    );
    if let Some(extent) = proj.y_extent(c[0]) {
        frame.keep_within(extent);
    }
    let modes = modes_present(&legs);
    let samples = legend_samples(features, opts.weight);
    let legend_h = (modes.len() + samples.len()) as f64 * 18.0 + 12.0;
    let (lx, ly) = legend_corner(&frame, &legs, &pts, legend_h);

    let mut svg = String::new();
    write_page(&mut svg, &frame);
    svg.push_str(r#"<g clip-path="url(#map)">"#);
    write_basemap(&mut svg, &frame, &proj);
    if let Some(step) = opts.graticule {
        write_graticule(&mut svg, &frame, &proj, step);
    }
    write_legs(&mut svg, &frame, &legs, opts.weight);
    write_sightings(&mut svg, &frame, &proj, features, opts.weight);
    write_places(
        &mut svg,
        &frame,
        &pts,
        ([lx, ly, lx + LEGEND_W, ly + legend_h], features),
    );
    svg.push_str("</g>");
    let _ = write!(
        svg,
        r##"<text x="16" y="36" font-size="22" font-weight="bold" fill="#111111">{}</text>"##,
        escape(&opts.title)
    );
    write_legend(
        &mut svg,
        (lx, ly),
        legend_h,
        &modes,
        (&samples, opts.weight),
    );
    write_scale_bar(&mut svg, &frame, &ground);
    let mut note = proj.note.clone();
    if features.iter().any(|f| f.seen.is_some()) {
        note.push_str(
            ". Legs with sightings: solid where observed, dashed where inferred, dots at the fixes",
        );
    }
    write_footer(&mut svg, &frame, &note, &opts.credits);
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The legs' lines projected, each part cut where it crosses a seam of the projection.
fn project_legs<'a>(features: &'a [Feature], proj: &MapProjection) -> Vec<Projected<'a>> {
    features
        .iter()
        .map(|f| {
            let parts = f.parts.iter().flat_map(|part| proj.project_line(part));
            (f, parts.collect())
        })
        .collect()
}

/// How the scale bar reads the map: page-frame metres per ground metre at the centre, and
/// the latitude to name when the scale differs across the map by more than 10 %.
struct GroundScale {
    k: f64,
    true_at: Option<f64>,
}

impl GroundScale {
    fn of(proj: &MapProjection, centre: [f64; 2], points: &[[f64; 2]]) -> GroundScale {
        let k = proj.scale_at(centre).unwrap_or(1.0);
        let (lo, hi) = points
            .iter()
            .filter_map(|&p| proj.scale_at(p))
            .fold((k, k), |(lo, hi), x| (lo.min(x), hi.max(x)));
        GroundScale {
            k,
            true_at: (hi / lo > 1.1).then_some(centre[1]),
        }
    }
}

/// Where the map sits on the page: the projected extent shown and its scale to pixels.
struct Frame {
    /// Projected x of the left edge and y of the top edge, in metres.
    x0: f64,
    y1: f64,
    /// Projected width shown, in metres.
    w: f64,
    /// Pixels per metre.
    scale: f64,
    /// Page width in pixels.
    width: f64,
    /// Height of the title band above the map, in pixels.
    top: f64,
    /// Height of the map itself, in pixels.
    map_h: f64,
    /// Page height in pixels.
    height: f64,
}

impl Frame {
    /// The extent of the projected points with a margin, room for labels on the right and
    /// the title band above, and an aspect ratio between 1:2 and 5:4 (h:w).
    fn fit(xy: impl Iterator<Item = (f64, f64)>, width: f64) -> Frame {
        let (x0, x1, y0, y1) = xy.fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |b, p| {
            (b.0.min(p.0), b.1.max(p.0), b.2.min(p.1), b.3.max(p.1))
        });
        let span = (x1 - x0).max(y1 - y0).max(50_000.0);
        let margin = span * 0.08;
        let (x0, x1, y0, y1) = (
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
        let scale = width / w;
        let (top, bottom) = (56.0, 34.0);
        let map_h = (h * scale).round();
        Frame {
            x0: cx - w / 2.0,
            y1: cy + h / 2.0,
            w,
            scale,
            width,
            top,
            map_h,
            height: map_h + top + bottom,
        }
    }

    /// Moves the frame up or down so that it shows no more than the projection's y range
    /// (`lo`, `hi`): a world map is not centred on the routes into empty space beyond a pole.
    fn keep_within(&mut self, (lo, hi): (f64, f64)) {
        let h = self.map_h / self.scale;
        self.y1 = if h >= hi - lo {
            (lo + hi + h) / 2.0
        } else {
            self.y1.min(hi).max(lo + h)
        };
    }

    /// A projected point in page pixels.
    fn px(&self, p: (f64, f64)) -> (f64, f64) {
        (
            (p.0 - self.x0) * self.scale,
            self.top + (self.y1 - p.1) * self.scale,
        )
    }

    /// SVG path data (`M… L…`) of projected points.
    fn path(&self, pts: &[(f64, f64)]) -> String {
        let mut d = String::new();
        for (i, p) in pts.iter().enumerate() {
            let (x, y) = self.px(*p);
            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
        }
        d
    }
}

/// The document's opening: the page size, the map's clip path, white page and ocean.
fn write_page(svg: &mut String, frame: &Frame) {
    let Frame {
        width,
        height,
        top,
        map_h,
        ..
    } = *frame;
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
}

/// Land and borders, clipped to where the projection shows them well.
fn write_basemap(svg: &mut String, frame: &Frame, proj: &MapProjection) {
    let land = basemap::land(Scale::Fifty);
    let borders = basemap::borders(Scale::Fifty);
    let layers: [(Lines, bool, &str); 2] = [
        (
            land.iter().flat_map(|r| proj.clip_ring(r)).collect(),
            true,
            LAND_STYLE,
        ),
        (
            borders.iter().flat_map(|l| proj.clip_line(l)).collect(),
            false,
            BORDER_STYLE,
        ),
    ];
    for (pieces, rings, style) in layers {
        let d = basemap_path(frame, proj, &pieces, rings);
        let _ = write!(svg, r#"<path d="{d}" {style}/>"#);
    }
}

/// Meridians and parallels every `step` degrees, clipped like the borders and cut at the
/// projection's seams like the legs.
fn write_graticule(svg: &mut String, frame: &Frame, proj: &MapProjection, step: f64) {
    let mut d = String::new();
    for line in graticule::lines(step) {
        for run in proj.clip_line(&line) {
            for piece in proj.project_line(&run) {
                d.push_str(&frame.path(&piece));
            }
        }
    }
    let _ = write!(svg, r#"<path d="{d}" {GRATICULE_STYLE}/>"#);
}

/// The path data of lon/lat basemap pieces, projected; `rings` are closed, and pieces left
/// too short to draw by the projection are dropped.
fn basemap_path(
    frame: &Frame,
    proj: &MapProjection,
    pieces: &[Vec<[f64; 2]>],
    rings: bool,
) -> String {
    let mut d = String::new();
    for piece in pieces {
        let p: Vec<(f64, f64)> = piece.iter().filter_map(|&q| proj.project(q)).collect();
        if p.len() >= if rings { 3 } else { 2 } {
            d.push_str(&frame.path(&p));
            if rings {
                d.push('Z');
            }
        }
    }
    d
}

/// The legs, widest first so thin lines stay visible on top; dashed where a surface leg
/// is a straight stand-in.
fn write_legs(svg: &mut String, frame: &Frame, legs: &[Projected], weight: Weight) {
    let mut order: Vec<&Projected> = legs.iter().collect();
    order.sort_by(|a, b| {
        width_for(b.0, weight)
            .total_cmp(&width_for(a.0, weight))
            .then(a.0.id.cmp(&b.0.id))
    });
    for (f, parts) in order {
        let mode = mode_of(f);
        let d: String = parts
            .iter()
            .filter(|p| p.len() >= 2)
            .map(|p| frame.path(p))
            .collect();
        let dash = if f.seen.is_some() {
            INFERRED_DASH
        } else if f.properties["geometry_model"] == "geodesic" && mode != Mode::Air {
            r#" stroke-dasharray="8 4""#
        } else {
            ""
        };
        let _ = write!(
            svg,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-width="{:.1}" stroke-linecap="round" stroke-linejoin="round" opacity="0.85"{dash}><title>{}</title></path>"#,
            mode_colour(mode),
            width_for(f, weight),
            escape(&f.id)
        );
    }
}

/// A leg's mode, from its properties (air if unreadable, as for no leg we write).
fn mode_of(f: &Feature) -> Mode {
    f.properties["mode"]
        .as_str()
        .unwrap_or("air")
        .parse()
        .unwrap_or(Mode::Air)
}

/// A leg with sightings is dashed where inferred; its observed pieces are drawn over it.
const INFERRED_DASH: &str = r#" stroke-dasharray="5 4""#;

/// The observed pieces of the legs with sightings, solid over their dashed line, and their
/// fixes as dots titled with their time and source.
fn write_sightings(
    svg: &mut String,
    frame: &Frame,
    proj: &MapProjection,
    features: &[Feature],
    weight: Weight,
) {
    for f in features {
        let Some(seen) = &f.seen else { continue };
        let colour = mode_colour(mode_of(f));
        let d: String = seen
            .observed
            .iter()
            .flat_map(|part| proj.project_line(part))
            .filter(|p| p.len() >= 2)
            .map(|p| frame.path(&p))
            .collect();
        if !d.is_empty() {
            let _ = write!(
                svg,
                r#"<path class="observed" d="{d}" fill="none" stroke="{colour}" stroke-width="{:.1}" stroke-linecap="round" stroke-linejoin="round"><title>{} (observed)</title></path>"#,
                width_for(f, weight),
                escape(&f.id)
            );
        }
        for dot in &seen.fixes {
            let Some(xy) = proj.project([dot.lon, dot.lat]) else {
                continue;
            };
            let (x, y) = frame.px(xy);
            let source = dot
                .source
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            let _ = write!(
                svg,
                r##"<circle class="fix" cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}" stroke="#ffffff" stroke-width="1.2"><title>{}{}</title></circle>"##,
                escape(&dot.time),
                escape(&source)
            );
        }
    }
}

/// The modes of the legs, in order, once each.
fn modes_present(legs: &[Projected]) -> Vec<Mode> {
    let mut modes: Vec<Mode> = legs
        .iter()
        .filter_map(|(f, _)| f.properties["mode"].as_str()?.parse().ok())
        .collect();
    modes.sort();
    modes.dedup();
    modes
}

/// The legend's top-left corner: the corner that hides the fewest lines and places
/// (bottom left unless that covers more; bottom right holds the scale bar).
fn legend_corner(
    frame: &Frame,
    legs: &[Projected],
    pts: &[(&Place, (f64, f64))],
    legend_h: f64,
) -> (f64, f64) {
    let (top, map_h) = (frame.top, frame.map_h);
    let corners = [
        (14.0, top + map_h - 14.0 - legend_h + 2.0),
        (14.0, top + 14.0),
        (frame.width - 14.0 - LEGEND_W, top + 14.0),
    ];
    let covered = |&(x, y): &(f64, f64)| {
        let inside = |q: (f64, f64)| {
            let (px, py) = frame.px(q);
            px >= x && px <= x + LEGEND_W && py >= y && py <= y + legend_h
        };
        let on_legs: usize = legs
            .iter()
            .flat_map(|(_, parts)| parts.iter().flatten())
            .filter(|q| inside(**q))
            .count();
        on_legs + 20 * pts.iter().filter(|(_, q)| inside(*q)).count()
    };
    corners
        .iter()
        .copied()
        .min_by_key(covered)
        .expect("three corners")
}

/// Places: a dot and a label with a white halo, placed right, left, above or below the
/// dot where it overlaps no earlier label nor the `legend` (and skipped where it would
/// overlap all four).
fn write_places(
    svg: &mut String,
    frame: &Frame,
    pts: &[(&Place, (f64, f64))],
    (legend, features): (Rect, &[Feature]),
) {
    for (_, xy) in pts {
        let (x, y) = frame.px(*xy);
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3.2" fill="#333333" stroke="#ffffff" stroke-width="1"/>"##
        );
    }
    // The most important places are labelled first, so they get the room.
    let mut taken: Vec<Rect> = vec![legend];
    for i in label_order(pts, features) {
        let (p, xy) = pts[i];
        let (x, y) = frame.px(xy);
        if let Some((tx, ty, anchor)) = label_spot(frame, &mut taken, (x, y), &p.name) {
            let _ = write!(
                svg,
                r##"<text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" font-size="11" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">{}</text>"##,
                escape(&p.name)
            );
        }
    }
}

/// Where the label `name` of the dot at (x, y) goes: the first of right, left, above and
/// below that stays on the map clear of the boxes `taken`, which it is then added to.
fn label_spot(
    frame: &Frame,
    taken: &mut Vec<Rect>,
    (x, y): (f64, f64),
    name: &str,
) -> Option<(f64, f64, &'static str)> {
    let tw = name.chars().count() as f64 * 6.4;
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
    let fits = |b: &Rect| {
        b[0] >= 2.0
            && b[2] <= frame.width - 2.0
            && b[1] >= frame.top
            && b[3] <= frame.top + frame.map_h
            && !taken
                .iter()
                .any(|t| b[0] < t[2] && t[0] < b[2] && b[1] < t[3] && t[1] < b[3])
    };
    let spot = candidates.into_iter().find(|&c| fits(&boxed(c)))?;
    taken.push(boxed(spot));
    Some(spot)
}

/// The legend at `(lx, ly)`: the modes present, then sample line widths.
fn write_legend(
    svg: &mut String,
    (lx, ly): (f64, f64),
    legend_h: f64,
    modes: &[Mode],
    (samples, weight): (&[f64], Weight),
) {
    let _ = write!(
        svg,
        r##"<rect x="{lx}" y="{ly}" width="190" height="{}" fill="#ffffff" fill-opacity="0.88" stroke="#999999" stroke-width="0.6"/>"##,
        legend_h
    );
    let row_y = |i: usize| ly + 16.0 + i as f64 * 18.0;
    for (i, m) in modes.iter().enumerate() {
        legend_row(svg, (lx, row_y(i)), mode_colour(*m), "4", m.as_str());
    }
    let unit = match weight {
        Weight::Trips => "trips",
        Weight::Tonnes => "t",
    };
    for (i, v) in samples.iter().enumerate() {
        let unit = if *v == 1.0 {
            unit.trim_end_matches('s')
        } else {
            unit
        };
        legend_row(
            svg,
            (lx, row_y(modes.len() + i)),
            "#555555",
            &format!("{:.1}", width_of(*v, weight)),
            &format!("{v} {unit}"),
        );
    }
}

/// One legend row at `(lx, y)`: a sample line and its label.
fn legend_row(
    svg: &mut String,
    (lx, y): (f64, f64),
    stroke: &str,
    stroke_width: &str,
    label: &str,
) {
    let _ = write!(
        svg,
        r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linecap="round"/>"#,
        lx + 10.0,
        lx + 40.0,
    );
    let _ = write!(
        svg,
        r##"<text x="{}" y="{}" font-size="12" fill="#222222">{label}</text>"##,
        lx + 50.0,
        y + 4.0,
    );
}

/// A scale bar in the bottom right corner (true at the projection centre).
fn write_scale_bar(svg: &mut String, frame: &Frame, ground: &GroundScale) {
    let km = nice_km(frame.w / ground.k / 1000.0 / 5.0);
    let bar = km * 1000.0 * ground.k * frame.scale;
    let label = match ground.true_at {
        Some(lat) => format!(
            "{km} km at {:.0}°{}",
            lat.abs(),
            if lat >= 0.0 { "N" } else { "S" }
        ),
        None => format!("{km} km"),
    };
    let (bx, by) = (frame.width - 30.0 - bar, frame.top + frame.map_h - 22.0);
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
        r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#222222">{label}</text>"##,
        bx + bar / 2.0,
        by - 4.0,
    );
}

/// Sources and projection, in a size that fits the width (about 0.55 em per character):
/// the data's credits on a line of their own above the land's, when there are any.
fn write_footer(svg: &mut String, frame: &Frame, projection_note: &str, credits: &[Credit]) {
    let note = format!(
        "{projection_note}. Land and borders: Natural Earth (public domain; de facto borders, Crimea shown as Russian-administered). Dashed: straight stand-ins for surface legs. Made with corridor."
    );
    let data: Vec<String> = credits
        .iter()
        .filter(|c| **c != Credit::NaturalEarth)
        .map(|c| c.text())
        .collect();
    if data.is_empty() {
        write_footer_line(svg, frame, &note, frame.height - 12.0);
    } else {
        let data = format!("Data: {}.", data.join("; "));
        write_footer_line(svg, frame, &data, frame.height - 20.0);
        write_footer_line(svg, frame, &note, frame.height - 7.0);
    }
}

/// One line of the footer at baseline `y`, its size fitted to the width.
fn write_footer_line(svg: &mut String, frame: &Frame, text: &str, y: f64) {
    let size = ((frame.width - 32.0) / (text.chars().count() as f64 * 0.55)).min(10.5);
    let _ = write!(
        svg,
        r##"<text x="16" y="{y:.0}" font-size="{size:.1}" fill="#555555">{}</text>"##,
        escape(text)
    );
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
