//! The country (ISO 3166-1 alpha-2) of any point, from the borders the networks use.
//!
//! Places written inline without a country, places from user gazetteer files and connectors
//! need a country at run time, and it must agree with the one the rail network and basemap
//! carry, so it comes from the same source: Natural Earth 4.1.0 admin-0 countries 1:10m
//! (world-atlas 2.0.2), de facto view, with the areas of `gazetteer/views/disputed.tsv` applied
//! (a point in Crimea is `RU`, as [`super::disputed`] labels bundled places).
//!
//! `gazetteer/views/countries.py` derives `gazetteer/views/countries.tsv.gz` (borders
//! simplified by at most 0.004°, about 450 m, shared borders simplified once so neighbours
//! neither overlap nor leave gaps); `build.rs` compiles it into the binary
//! ([`super::countries_format`]) and this module indexes it once, at first use, into polygons
//! with latitude bands of edges and a 1° grid of candidate polygons, so a lookup tests a
//! handful of edges instead of whole coastlines.
//! Nothing is read from disk or the network at run time.

use std::sync::OnceLock;

use super::countries_format::{Rings, from_bytes};
use crate::geometry::plane;

/// The borders as `build.rs` compiled them (see [`super::countries_format`]).
static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/countries.bin"));

/// Coordinates are stored as integers in units of 10⁻⁴ degrees, as the file writes them.
const UNIT: f64 = 1e4;
/// Grid cell size, in units (1°).
const CELL: i32 = 10_000;
const COLS: usize = 360;
const ROWS: usize = 180;
/// Mean radius of the Earth (IUGG), km.
const EARTH_KM: f64 = 6371.0088;

/// One polygon of a country: its outer ring and holes, tested together by the even-odd rule.
struct Polygon {
    iso: &'static str,
    /// min x, min y, max x, max y, in units.
    bbox: [i32; 4],
    /// Its rings as ranges of `Borders::pts`.
    rings: Vec<(usize, usize)>,
    /// Built when a lookup first reaches the polygon: most runs look up a few points, and
    /// building them all cost more than the lookups.
    bands: OnceLock<Bands>,
}

/// Latitude bands of height `h` from the polygon's `bbox[1]`: band k lists (in
/// `edges[start[k]..start[k + 1]]`) every edge whose latitude range meets the band, so a
/// horizontal ray at latitude y meets only edges of y's band.
struct Bands {
    h: f64,
    n: usize,
    start: Vec<u32>,
    edges: Vec<u32>,
}

struct Borders {
    /// Ring vertices, each ring closed (its first point repeated), so edge `i` is
    /// `pts[i]..pts[i + 1]`.
    pts: Vec<[i32; 2]>,
    polys: Vec<Polygon>,
    /// Per 1° cell (row-major from 180°W, 90°S), the polygons whose bounding box meets it:
    /// `cell_polys[cell_start[c]..cell_start[c + 1]]`.
    cell_start: Vec<u32>,
    cell_polys: Vec<u32>,
}

fn borders() -> &'static Borders {
    static BORDERS: OnceLock<Borders> = OnceLock::new();
    BORDERS.get_or_init(|| {
        let rings = from_bytes(BYTES).unwrap_or_else(|e| panic!("countries.bin: {e}"));
        index(rings)
    })
}

/// Polygons with their bounding boxes, and the 1° grid of candidates.
fn index(rings: Rings<'static>) -> Borders {
    let Rings { pts, polys: raw } = rings;
    let polys: Vec<Polygon> = raw
        .into_iter()
        .map(|(iso, _, rings)| {
            let mut bbox = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
            for &(s, e) in &rings {
                for p in &pts[s..e] {
                    bbox = [
                        bbox[0].min(p[0]),
                        bbox[1].min(p[1]),
                        bbox[2].max(p[0]),
                        bbox[3].max(p[1]),
                    ];
                }
            }
            Polygon {
                iso,
                bbox,
                rings,
                bands: OnceLock::new(),
            }
        })
        .collect();

    // 1° grid of candidate polygons, by bounding box.
    let mut cells: Vec<Vec<u32>> = vec![Vec::new(); COLS * ROWS];
    for (n, p) in polys.iter().enumerate() {
        let (c0, r0) = cell(p.bbox[0] as f64, p.bbox[1] as f64);
        let (c1, r1) = cell(p.bbox[2] as f64, p.bbox[3] as f64);
        for r in r0..=r1 {
            for c in c0..=c1 {
                cells[r * COLS + c].push(n as u32);
            }
        }
    }
    let (cell_start, cell_polys) = flatten(cells);
    Borders {
        pts,
        polys,
        cell_start,
        cell_polys,
    }
}

/// The latitude bands of a polygon's edges.
fn bands(pts: &[[i32; 2]], p: &Polygon) -> Bands {
    let edges: usize = p.rings.iter().map(|&(s, e)| e - s - 1).sum();
    // About 8 edges a band, bands at least one unit high.
    let span = (p.bbox[3] - p.bbox[1]).max(1) as usize;
    let n = edges.div_ceil(8).clamp(1, span);
    let h = span as f64 / n as f64;
    let band_of = |y: i32| band(y as f64, p.bbox[1], h, n);
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(s, e) in &p.rings {
        for i in s..e - 1 {
            let (a, b) = (pts[i][1], pts[i + 1][1]);
            for list in &mut lists[band_of(a.min(b))..=band_of(a.max(b))] {
                list.push(i as u32);
            }
        }
    }
    let (start, edges) = flatten(lists);
    Bands { h, n, start, edges }
}

/// Lists as one array plus offsets: list k is `items[start[k]..start[k + 1]]`.
fn flatten(lists: Vec<Vec<u32>>) -> (Vec<u32>, Vec<u32>) {
    let mut start = Vec::with_capacity(lists.len() + 1);
    let mut items = Vec::new();
    for list in lists {
        start.push(items.len() as u32);
        items.extend(list);
    }
    start.push(items.len() as u32);
    (start, items)
}

/// The latitude band of `y` (units) in a polygon whose bands start at `y0`. The same
/// (monotonic) arithmetic files edges and looks points up, so an edge spanning y is always
/// in y's band.
fn band(y: f64, y0: i32, h: f64, bands: usize) -> usize {
    (((y - y0 as f64) / h).floor().max(0.0) as usize).min(bands - 1)
}

/// The grid cell (column, row) of a point in units, clamped to the grid.
fn cell(x: f64, y: f64) -> (usize, usize) {
    let c = ((x + 180.0 * CELL as f64) / CELL as f64)
        .floor()
        .clamp(0.0, COLS as f64 - 1.0);
    let r = ((y + 90.0 * CELL as f64) / CELL as f64)
        .floor()
        .clamp(0.0, ROWS as f64 - 1.0);
    (c as usize, r as usize)
}

impl Borders {
    fn bands<'p>(&self, p: &'p Polygon) -> &'p Bands {
        p.bands.get_or_init(|| bands(&self.pts, p))
    }

    fn edges_in_band<'p>(&self, p: &'p Polygon, k: usize) -> &'p [u32] {
        let b = self.bands(p);
        &b.edges[b.start[k] as usize..b.start[k + 1] as usize]
    }

    /// Even-odd test of (x, y) in units: counts the edges a ray towards the east crosses.
    /// A point on a border belongs to the polygon east of it (or north, for an east-west one).
    fn contains(&self, p: &Polygon, x: f64, y: f64) -> bool {
        let [x0, y0, x1, y1] = p.bbox.map(f64::from);
        if x < x0 || x > x1 || y < y0 || y > y1 {
            return false;
        }
        let mut inside = false;
        let b = self.bands(p);
        for &i in self.edges_in_band(p, band(y, p.bbox[1], b.h, b.n)) {
            let i = i as usize;
            let ([ax, ay], [bx, by]) = (self.pts[i].map(f64::from), self.pts[i + 1].map(f64::from));
            if (ay > y) != (by > y) && x < ax + (y - ay) * (bx - ax) / (by - ay) {
                inside = !inside;
            }
        }
        inside
    }

    fn at(&self, x: f64, y: f64) -> Option<&'static str> {
        let (c, r) = cell(x, y);
        let cell = r * COLS + c;
        let cands =
            &self.cell_polys[self.cell_start[cell] as usize..self.cell_start[cell + 1] as usize];
        cands
            .iter()
            .map(|&n| &self.polys[n as usize])
            .find(|p| self.contains(p, x, y))
            .map(|p| p.iso)
    }

    /// The country of the polygon edge nearest to (lon, lat) within `max_km`, and its distance.
    fn nearest(&self, lon: f64, lat: f64, max_km: f64) -> Option<(&'static str, f64)> {
        let km_per_deg = EARTH_KM.to_radians();
        let dlat = max_km / km_per_deg;
        let cos = lat.to_radians().cos();
        // Longitude reach of the search box, the whole circle near the poles.
        let dlon = if cos * 180.0 > dlat {
            (dlat / cos).min(180.0)
        } else {
            180.0
        };
        let (y, ylo, yhi) = (lat * UNIT, (lat - dlat) * UNIT, (lat + dlat) * UNIT);
        let mut best: Option<(&'static str, f64)> = None;
        for shift in [-360.0, 0.0, 360.0] {
            let qlon = lon + shift;
            let (x, xlo, xhi) = (qlon * UNIT, (qlon - dlon) * UNIT, (qlon + dlon) * UNIT);
            if xhi < -180.0 * UNIT || xlo > 180.0 * UNIT {
                continue;
            }
            for p in &self.polys {
                let [x0, y0, x1, y1] = p.bbox.map(f64::from);
                if xhi < x0 || xlo > x1 || yhi < y0 || ylo > y1 {
                    continue;
                }
                let b = self.bands(p);
                let k0 = band(ylo.max(y0), p.bbox[1], b.h, b.n);
                let k1 = band(yhi.min(y1), p.bbox[1], b.h, b.n);
                for k in k0..=k1 {
                    for &i in self.edges_in_band(p, k) {
                        let i = i as usize;
                        let (a, b) = (self.pts[i].map(f64::from), self.pts[i + 1].map(f64::from));
                        // Nearest point of the edge in a local equirectangular projection…
                        let a = ((a[0] - x) * cos, a[1] - y);
                        let b = ((b[0] - x) * cos, b[1] - y);
                        let (_, (nx, ny)) = plane::nearest_to_origin(a, b);
                        if (nx * nx + ny * ny).sqrt() / UNIT * km_per_deg > max_km * 1.01 + 1e-9 {
                            continue;
                        }
                        // …measured on the sphere.
                        let plon = qlon + nx / cos.max(1e-12) / UNIT;
                        let plat = lat + ny / UNIT;
                        let km = haversine_km(qlon, lat, plon, plat);
                        if km <= max_km && best.is_none_or(|(_, d)| km < d) {
                            best = Some((p.iso, km));
                        }
                    }
                }
            }
        }
        best
    }
}

fn haversine_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// Longitude wrapped into [-180, 180), or None for a point that is not on the globe.
fn normalize(lon: f64, lat: f64) -> Option<(f64, f64)> {
    if !lon.is_finite() || !lat.is_finite() || lat.abs() > 90.0 {
        return None;
    }
    Some(((lon + 180.0).rem_euclid(360.0) - 180.0, lat))
}

/// The country (ISO 3166-1 alpha-2) whose territory contains (lon, lat), in degrees (WGS84);
/// None at sea, on a lake that is not part of a country polygon, and in the few places Natural
/// Earth leaves without a country (Spratly Is., Scarborough Reef, Bajo Nuevo, Serranilla).
/// The Vatican, which world-atlas's quantisation flattens to a line, is `IT`.
///
/// Borders are Natural Earth 1:10m simplified by at most 0.004° (about 450 m): a point closer
/// than that to a border or coast may get the neighbour or None. For a place on the shore
/// (a port) use [`nearest_country`]. A point on the antimeridian is looked up on its eastern
/// side first (Chukotka, Fiji), then its western one. A lookup costs well under a microsecond
/// (about 70 ns); the first one also reads the compiled borders (a few ms), and the first
/// lookup reaching a polygon indexes its edges.
///
/// ```
/// use corridor::places::countries::country_at;
/// assert_eq!(country_at(27.56, 53.90), Some("BY")); // Minsk
/// assert_eq!(country_at(33.52, 44.60), Some("RU")); // Sevastopol: de facto, as Natural Earth
/// assert_eq!(country_at(-30.0, 40.0), None); // mid-Atlantic
/// ```
pub fn country_at(lon: f64, lat: f64) -> Option<&'static str> {
    let (lon, lat) = normalize(lon, lat)?;
    let b = borders();
    b.at(lon * UNIT, lat * UNIT).or_else(|| {
        // On the antimeridian: -180 was tried (the eastern side); try just west of +180.
        (lon == -180.0)
            .then(|| b.at(180.0 * UNIT - 1e-6, lat * UNIT))
            .flatten()
    })
}

/// Like [`country_at`], but a point outside every polygon takes the country of the nearest
/// border or coast within `max_km` (great-circle km; the nearest edge is chosen in a local
/// equirectangular projection, exact enough for a few tens of km). None when no land lies
/// within `max_km`.
///
/// Why: simplification moves coasts by up to about 450 m, and gazetteer coordinates of ports,
/// terminals and piers often lie on the water, so a port can fall just outside its country's
/// polygon. A few km (say 5–10) gives ports their country without reaching across a strait.
///
/// ```
/// use corridor::places::countries::nearest_country;
/// assert_eq!(nearest_country(3.98, 51.98, 5.0), Some("NL")); // off Maasvlakte, Rotterdam
/// assert_eq!(nearest_country(-30.0, 40.0, 5.0), None);
/// ```
pub fn nearest_country(lon: f64, lat: f64, max_km: f64) -> Option<&'static str> {
    if let Some(iso) = country_at(lon, lat) {
        return Some(iso);
    }
    let (lon, lat) = normalize(lon, lat)?;
    if max_km.is_nan() || max_km < 0.0 {
        return None;
    }
    borders().nearest(lon, lat, max_km).map(|(iso, _)| iso)
}

/// How far off the drawn coast a point may lie and still take the coast's country: a port
/// on a quay that the simplified border leaves just outside, a connector's end in harbour.
pub const SHORE_KM: f64 = 5.0;

/// The country a place at (`lon`, `lat`) is given when no table says: the country it lies
/// in, or the one whose coast is within [`SHORE_KM`]; empty out at sea.
///
/// ```
/// assert_eq!(corridor::places::countries::country_for_place(37.0, 55.0), "RU");
/// assert_eq!(corridor::places::countries::country_for_place(-30.0, 0.0), "");
/// ```
pub fn country_for_place(lon: f64, lat: f64) -> String {
    nearest_country(lon, lat, SHORE_KM)
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_and_cities() {
        for (name, lon, lat, iso) in [
            ("Minsk", 27.56, 53.90, "BY"),
            ("Moscow", 37.62, 55.75, "RU"),
            ("Sevastopol (de facto)", 33.52, 44.60, "RU"),
            ("Simferopol (de facto)", 34.10, 44.95, "RU"),
            ("Kyiv", 30.52, 50.45, "UA"),
            ("Ürümqi", 87.62, 43.83, "CN"),
            ("Vladivostok", 131.89, 43.12, "RU"),
            ("Kaliningrad", 20.51, 54.71, "RU"),
            ("Baku", 49.87, 40.41, "AZ"),
            ("Lesotho, a hole in South Africa", 28.25, -29.5, "LS"),
            ("Johannesburg", 28.05, -26.20, "ZA"),
            // world-atlas quantises the Vatican to a line: it is part of Rome, as on the map.
            ("Vatican", 12.4543, 41.9034, "IT"),
            ("Rome", 12.50, 41.90, "IT"),
            ("Pristina", 21.17, 42.67, "XK"),
            ("Baikonur (leased)", 63.31, 45.62, "KZ"),
            ("Chukotka, east of 180", -175.0, 66.0, "RU"),
            ("Suva", 178.44, -18.14, "FJ"),
            ("South Pole", 0.0, -89.5, "AQ"),
        ] {
            assert_eq!(country_at(lon, lat), Some(iso), "{name}");
        }
    }

    #[test]
    fn sea_and_off_the_globe() {
        assert_eq!(country_at(-30.0, 40.0), None); // mid-Atlantic
        assert_eq!(country_at(-150.0, 0.0), None); // mid-Pacific
        assert_eq!(country_at(35.0, 43.0), None); // Black Sea
        assert_eq!(country_at(0.0, 90.0), None); // North Pole
        assert_eq!(country_at(0.0, 91.0), None);
        assert_eq!(country_at(f64::NAN, 0.0), None);
    }

    #[test]
    fn astara_border() {
        // The Astara river: Azerbaijan north of about 38.437N at 48.87E, Iran south of it
        // (checked against the unsimplified Natural Earth polygons).
        assert_eq!(country_at(48.87, 38.45), Some("AZ"));
        assert_eq!(country_at(48.87, 38.42), Some("IR"));
    }

    #[test]
    fn longitude_wraps_and_antimeridian() {
        assert_eq!(country_at(27.56 + 360.0, 53.90), Some("BY"));
        assert_eq!(country_at(-175.0 + 360.0, 66.0), Some("RU"));
        // Chukotka and Wrangel island are cut at the antimeridian: both sides are Russian.
        assert_eq!(country_at(180.0, 65.5), Some("RU"));
        assert_eq!(country_at(-180.0, 65.5), Some("RU"));
        assert_eq!(country_at(179.9, 65.5), Some("RU"));
        assert_eq!(country_at(-179.9, 65.5), Some("RU"));
        assert_eq!(country_at(180.0, 71.2), Some("RU")); // Wrangel island
    }

    #[test]
    fn ports_on_the_shore() {
        // Rotterdam Maasvlakte: inside the Netherlands' polygon, and a point in the harbour
        // entrance just off it within 5 km.
        assert_eq!(nearest_country(4.05, 51.95, 5.0), Some("NL"));
        assert_eq!(country_at(3.98, 51.98), None);
        assert_eq!(nearest_country(3.98, 51.98, 5.0), Some("NL"));
        // Anadyr lies on its estuary, outside the simplified coast.
        assert_eq!(nearest_country(177.51, 64.73, 5.0), Some("RU"));
        // Nothing within reach at sea.
        assert_eq!(nearest_country(-30.0, 40.0, 50.0), None);
        assert_eq!(nearest_country(3.98, 51.98, 0.0), None);
    }

    #[test]
    fn nearest_is_within_reach() {
        let b = borders();
        let (iso, km) = b.nearest(3.98, 51.98, 20.0).unwrap();
        assert_eq!(iso, "NL");
        assert!(km > 0.0 && km < 5.0, "{km}");
        assert!(
            b.nearest(3.98, 51.98, km * 0.99)
                .is_none_or(|(_, d)| d <= km * 0.99)
        );
    }

    #[test]
    fn every_row_parses_and_no_polygon_is_empty() {
        let b = borders();
        assert!(b.polys.len() > 4000);
        assert!(
            b.polys
                .iter()
                .all(|p| p.bbox[0] <= p.bbox[2] && p.bbox[1] <= p.bbox[3])
        );
        use super::super::countries_format::from_text;
        assert!(from_text("iso2\tpart\tring\tcoords\nXX\t0\thole\t0,0 1,0 0,1\n").is_err());
        assert!(from_text("iso2\tpart\tring\tcoords\nXX\t0\touter\t0,0 1,0\n").is_err());
    }

    #[test]
    fn many_lookups() {
        // A quick loop over a 0.37° x 0.23° lattice of the world (about 760 000 lookups):
        // exercises the grid and bands everywhere; nothing is timed or printed here.
        let mut land = 0usize;
        let mut lat = -89.9;
        while lat < 90.0 {
            let mut lon = -180.0;
            while lon < 180.0 {
                land += usize::from(country_at(lon, lat).is_some());
                lon += 0.37;
            }
            lat += 0.23;
        }
        assert!(land > 0);
    }
}
