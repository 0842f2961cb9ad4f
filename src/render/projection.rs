//! The static map's projection: the CRS asked for, or Lambert azimuthal equal-area centred on
//! the routes; how much land it can show, where its lines must be cut, and its true scale.
//!
//! Every projection is handled the same way, whatever its kind: land is limited to the CRS's
//! area of use (or, for the default azimuthal map, to a cap of 95° round its centre); a line is
//! cut where consecutive points land implausibly far apart (a seam, such as ±180° in Web
//! Mercator); the scale bar is measured on the ground at the map's centre.

use geo::{Destination, Distance, Geodesic, Point};

use super::cap::Cap;
use crate::crs::{self, CrsRef, Transform};

/// Metres per degree along the equator (WGS84 a·π/180): a geographic CRS (degrees) is drawn
/// as plate carrée in these units, so that the page frame works in metres for every CRS.
const METRES_PER_DEGREE: f64 = 6_378_137.0 * std::f64::consts::PI / 180.0;

/// A projected step this many times longer than the ground step it stands for is a seam.
const SEAM_STRETCH: f64 = 25.0;
/// … and only if it is also this long (in projected metres): short steps near a pole of a
/// cylindrical projection stretch a lot without being seams.
const SEAM_MIN_M: f64 = 1_500_000.0;

/// Where land and borders can be drawn.
enum LandLimit {
    /// The side of the globe an azimuthal map shows well.
    Cap(Box<Cap>),
    /// The CRS's area of use: west, south, east, north in degrees.
    Area([f64; 4]),
}

/// The projection of a map.
pub struct MapProjection {
    transform: Transform,
    /// PROJ's output units → the page frame's metres (1 for projected CRSs).
    units: f64,
    limit: LandLimit,
    /// The footer's words for it.
    pub note: String,
}

impl MapProjection {
    /// The CRS `crs` (AUTHORITY:CODE), or equal-area centred on `centre` (lon, lat), for a
    /// map of `points`.
    pub fn new(
        crs: Option<&str>,
        centre: [f64; 2],
        points: &[[f64; 2]],
    ) -> Result<MapProjection, String> {
        match crs {
            Some(crs) => Self::of_crs(&CrsRef::parse(crs)?, points),
            None => Self::equal_area(centre),
        }
    }

    fn of_crs(r: &CrsRef, points: &[[f64; 2]]) -> Result<MapProjection, String> {
        let units = if crs::is_geographic(r)? {
            METRES_PER_DEGREE
        } else {
            1.0
        };
        let area = land_area(crs::area_of_use(r), points);
        Ok(MapProjection {
            transform: Transform::from_wgs84(r)?,
            units,
            limit: LandLimit::Area(area),
            note: format!(
                "Projection: {}",
                crs::name(r).unwrap_or_else(|_| r.to_string())
            ),
        })
    }

    fn equal_area(c: [f64; 2]) -> Result<MapProjection, String> {
        let hemisphere = |v: f64, pos, neg| if v >= 0.0 { pos } else { neg };
        Ok(MapProjection {
            transform: Transform::from_wgs84_def(&format!(
                "+proj=laea +lat_0={:.4} +lon_0={:.4} +datum=WGS84 +units=m +no_defs",
                c[1], c[0]
            ))?,
            units: 1.0,
            limit: LandLimit::Cap(Box::new(Cap::new(c, 95.0))),
            note: format!(
                "Projection: Lambert azimuthal equal-area centred {:.1}°{} {:.1}°{}",
                c[1].abs(),
                hemisphere(c[1], "N", "S"),
                c[0].abs(),
                hemisphere(c[0], "E", "W")
            ),
        })
    }

    /// A lon/lat point in the page frame's metres; `None` where the projection has no value.
    pub fn project(&self, p: [f64; 2]) -> Option<(f64, f64)> {
        // Longitudes into [-180, 180]: PROJ wraps them for projected CRSs but not for
        // geographic ones, and an unwrapped Pacific leg must meet its seam there too.
        let (x, y) = self.transform.apply((wrap(p[0]), p[1])).ok()?;
        Some((x * self.units, y * self.units))
    }

    /// A line projected and cut wherever it crosses a seam of the projection (or leaves the
    /// area where it has values).
    pub fn project_line(&self, line: &[[f64; 2]]) -> Vec<Vec<(f64, f64)>> {
        let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        let mut last: Option<([f64; 2], (f64, f64))> = None;
        for &p in line {
            let Some(q) = self.project(p) else {
                pieces.push(Vec::new());
                last = None;
                continue;
            };
            if let Some((lp, lq)) = last
                && is_seam(lp, lq, p, q)
            {
                pieces.push(Vec::new());
            }
            pieces.last_mut().expect("one piece at least").push(q);
            last = Some((p, q));
        }
        pieces.retain(|piece| piece.len() >= 2);
        pieces
    }

    /// A land ring cut to where the projection can show it.
    pub fn clip_ring(&self, ring: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        match &self.limit {
            LandLimit::Cap(cap) => cap.clip_ring(ring),
            LandLimit::Area(area) => clip_ring_to_area(ring, *area).into_iter().collect(),
        }
    }

    /// A border line cut to where the projection can show it.
    pub fn clip_line(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        match &self.limit {
            LandLimit::Cap(cap) => cap.clip_line(line),
            LandLimit::Area(area) => clip_line_to_area(line, *area),
        }
    }

    /// The projected y range of the CRS's area of use (south and north edges, measured on
    /// `lon`); `None` for the default azimuthal map, which has no such edges.
    pub fn y_extent(&self, lon: f64) -> Option<(f64, f64)> {
        let LandLimit::Area([_, s, _, n]) = self.limit else {
            return None;
        };
        let (lo, hi) = (self.project([lon, s])?, self.project([lon, n])?);
        Some((lo.1.min(hi.1), lo.1.max(hi.1)))
    }

    /// Page-frame metres per metre on the ground at `p`, measured eastward over 10 km (1 for
    /// the default map at its centre; 1/cos φ in Mercator).
    pub fn scale_at(&self, p: [f64; 2]) -> Option<f64> {
        let a = Point::new(p[0], p[1].clamp(-89.0, 89.0));
        let b = Geodesic.destination(a, 90.0, 10_000.0);
        let (pa, pb) = (self.project([a.x(), a.y()])?, self.project([b.x(), b.y()])?);
        let k = (pb.0 - pa.0).hypot(pb.1 - pa.1) / 10_000.0;
        (k.is_finite() && k > 0.0).then_some(k)
    }
}

/// Where land is drawn for a CRS: its area of use, widened to 10° round the routes where they
/// reach beyond it (a polar CRS used for routes to the Gulf keeps the land under them), but
/// never to the poles themselves, where cylindrical projections have no value.
fn land_area(of_use: Option<[f64; 4]>, points: &[[f64; 2]]) -> [f64; 4] {
    let [mut w, mut s, mut e, mut n] = of_use.unwrap_or([-180.0, -90.0, 180.0, 90.0]);
    for p in points {
        if !in_area(*p, [w, s, e, n]) {
            (w, e) = if in_area(*p, [w, -90.0, e, 90.0]) {
                (w, e)
            } else {
                (-180.0, 180.0)
            };
            s = s.min((p[1] - 10.0).max(-89.5));
            n = n.max((p[1] + 10.0).min(89.5));
        }
    }
    [w, s, e, n]
}

/// Whether the projected step q0 → q1 jumps across the map rather than follows the ground
/// step p0 → p1.
fn is_seam(p0: [f64; 2], q0: (f64, f64), p1: [f64; 2], q1: (f64, f64)) -> bool {
    let projected = (q1.0 - q0.0).hypot(q1.1 - q0.1);
    let ground = Geodesic.distance(Point::new(p0[0], p0[1]), Point::new(p1[0], p1[1]));
    projected > SEAM_MIN_M && projected > SEAM_STRETCH * ground.max(1.0)
}

/// Longitude into [-180, 180]; ±180 itself stays where it is (Natural Earth rings run along
/// both edges).
fn wrap(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Whether a lon/lat point lies in the area (west, south, east, north; west > east when the
/// area spans ±180).
fn in_area(p: [f64; 2], [w, s, e, n]: [f64; 4]) -> bool {
    let lon = wrap(p[0]);
    let lon_ok = if w <= e {
        (w..=e).contains(&lon)
    } else {
        lon >= w || lon <= e
    };
    lon_ok && (s..=n).contains(&p[1])
}

/// The ring clipped to the area's latitudes (Sutherland–Hodgman against its south and north
/// edges) and dropped when none of it is inside the area's longitudes. Natural Earth rings are
/// cut at ±180, so a world CRS needs no longitude cut; a regional CRS keeps the rings that
/// reach into its area, and PROJ drops what it cannot project.
fn clip_ring_to_area(ring: &[[f64; 2]], area: [f64; 4]) -> Option<Vec<[f64; 2]>> {
    let [_, s, _, n] = area;
    let above = clip_ring_at(ring, |p| p[1] >= s, s);
    let inside = clip_ring_at(&above, |p| p[1] <= n, n);
    (inside.len() >= 3 && inside.iter().any(|&p| in_area(p, area))).then_some(inside)
}

/// One Sutherland–Hodgman pass: the part of the ring where `keep` holds, the edge being the
/// parallel at `lat`.
fn clip_ring_at(ring: &[[f64; 2]], keep: impl Fn([f64; 2]) -> bool, lat: f64) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(ring.len());
    for (i, &b) in ring.iter().enumerate() {
        let a = ring[(i + ring.len() - 1) % ring.len()];
        match (keep(a), keep(b)) {
            (true, true) => out.push(b),
            (true, false) => out.push(on_parallel(a, b, lat)),
            (false, true) => out.extend([on_parallel(a, b, lat), b]),
            (false, false) => {}
        }
    }
    out
}

/// Where the segment a → b (lon/lat, read as a plane) meets the parallel `lat`.
fn on_parallel(a: [f64; 2], b: [f64; 2], lat: f64) -> [f64; 2] {
    let t = (lat - a[1]) / (b[1] - a[1]);
    [a[0] + (b[0] - a[0]) * t, lat]
}

/// The runs of a line that lie in the area.
fn clip_line_to_area(line: &[[f64; 2]], area: [f64; 4]) -> Vec<Vec<[f64; 2]>> {
    let mut out: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
    for &p in line {
        if in_area(p, area) {
            out.last_mut().expect("one run at least").push(p);
        } else if !out.last().is_some_and(Vec::is_empty) {
            out.push(Vec::new());
        }
    }
    out.retain(|run| run.len() >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mercator_cuts_a_pacific_line_at_its_seam() {
        let merc = MapProjection::new(Some("EPSG:3857"), [0.0, 0.0], &[]).unwrap();
        // Anchorage → Vladivostok, unwrapped: one piece on each side of ±180.
        let line = [
            [-150.0, 61.0],
            [-170.0, 55.0],
            [-190.0, 50.0],
            [-228.0, 43.0],
        ];
        let pieces = merc.project_line(&line);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        // Mercator's scale at 60° is 1/cos 60° = 2.
        let k = merc.scale_at([30.0, 60.0]).unwrap();
        assert!((k - 2.0).abs() < 0.01, "{k}");
    }

    #[test]
    fn a_geographic_crs_draws_degrees_as_equatorial_metres() {
        let geo = MapProjection::new(Some("EPSG:4326"), [0.0, 0.0], &[]).unwrap();
        let (x, y) = geo.project([27.5, 53.9]).unwrap();
        assert!(
            (x - 27.5 * METRES_PER_DEGREE).abs() < 1e-6
                && (y - 53.9 * METRES_PER_DEGREE).abs() < 1e-6
        );
    }

    #[test]
    fn land_reaches_routes_beyond_the_area_of_use() {
        // EPSG:3576 (north of 45°N) for a route to Dubai (25°N): land down to 15°N.
        let area = land_area(
            Some([-180.0, 45.0, 180.0, 90.0]),
            &[[55.4, 25.3], [37.4, 55.9]],
        );
        assert!((area[1] - 15.3).abs() < 1e-9 && area[3] == 90.0, "{area:?}");
        // Web Mercator's ±85.06° stay for routes well inside them.
        let merc = [-180.0, -85.06, 180.0, 85.06];
        assert_eq!(land_area(Some(merc), &[[37.4, 55.9]]), merc);
    }

    #[test]
    fn land_is_cut_at_the_areas_latitudes() {
        let ring = [[0.0, 80.0], [10.0, 89.0], [20.0, 80.0], [0.0, 80.0]];
        let clipped = clip_ring_to_area(&ring, [-180.0, -85.0, 180.0, 85.0]).unwrap();
        assert!(clipped.iter().all(|p| p[1] <= 85.0));
        assert!(clipped.iter().any(|p| p[1] == 85.0));
    }
}
