//! The basemap cut to a cap of the globe round the map centre: the side an azimuthal map
//! shows well. Near the antipode a short stretch of coast can project right across the map,
//! so what lies beyond the cap's edge is not drawn.
//!
//! Rings are clipped, not dropped (a continent that reaches past the edge keeps its near
//! side): where a ring leaves the cap it is continued along the edge, the way it went round
//! the centre, to where it comes back. Filled with the even-odd rule, the clipped rings
//! cover exactly the land inside the cap.

/// A point on the unit sphere.
type V3 = [f64; 3];

fn unit(p: [f64; 2]) -> V3 {
    let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn lon_lat(v: V3) -> [f64; 2] {
    let n = dot(v, v).sqrt();
    [
        v[1].atan2(v[0]).to_degrees(),
        (v[2] / n).clamp(-1.0, 1.0).asin().to_degrees(),
    ]
}

fn dot(a: V3, b: V3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// A point of the great-circle arc from `a` to `b`: the chord's point at `t`, not
/// normalised (its spacing along the arc is uneven, which bisection does not mind).
fn along(a: V3, b: V3, t: f64) -> V3 {
    std::array::from_fn(|i| a[i] + (b[i] - a[i]) * t)
}

/// The turn from bearing `a` to bearing `b`, in (-π, π]. Along a segment shorter than
/// half a great circle (every basemap segment) the bearing from the centre turns by less
/// than π, so this is the way it actually turned.
fn turn(a: f64, b: f64) -> f64 {
    let d = (b - a).rem_euclid(std::f64::consts::TAU);
    if d > std::f64::consts::PI {
        d - std::f64::consts::TAU
    } else {
        d
    }
}

/// Even-odd test of a point against a lon/lat ring read as a plane polygon, which is how
/// GIS reads Natural Earth (its rings are cut at ±180 and run along it and the poles).
fn encloses(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0])
        {
            inside = !inside;
        }
    }
    inside
}

/// Spacing of the points drawn along the cap's edge.
const EDGE_STEP: f64 = 2.0 * std::f64::consts::PI / 180.0;

/// A cap of the sphere: the points within an angular radius of a centre.
#[derive(Debug, Clone)]
pub struct Cap {
    centre: V3,
    north: V3,
    east: V3,
    cos_r: f64,
    sin_r: f64,
    /// Lon/lat of the antipode of the centre.
    antipode: [f64; 2],
    centre_lon_lat: [f64; 2],
}

impl Cap {
    /// The cap of angular `radius_deg` round the lon/lat `centre`.
    pub fn new(centre: [f64; 2], radius_deg: f64) -> Cap {
        let (lon, lat) = (centre[0].to_radians(), centre[1].to_radians());
        let r = radius_deg.to_radians();
        let antipode_lon = if centre[0] > 0.0 {
            centre[0] - 180.0
        } else {
            centre[0] + 180.0
        };
        Cap {
            centre: unit(centre),
            north: [-lat.sin() * lon.cos(), -lat.sin() * lon.sin(), lat.cos()],
            east: [-lon.sin(), lon.cos(), 0.0],
            cos_r: r.cos(),
            sin_r: r.sin(),
            antipode: [antipode_lon, -centre[1]],
            centre_lon_lat: centre,
        }
    }

    fn contains(&self, v: V3) -> bool {
        dot(v, self.centre) / dot(v, v).sqrt() > self.cos_r
    }

    /// The bearing of `v` seen from the centre, in radians.
    fn bearing(&self, v: V3) -> f64 {
        dot(v, self.east).atan2(dot(v, self.north))
    }

    /// The point of the edge at `bearing`.
    fn edge(&self, bearing: f64) -> [f64; 2] {
        let (s, c) = bearing.sin_cos();
        lon_lat(std::array::from_fn(|i| {
            self.centre[i] * self.cos_r + (self.north[i] * c + self.east[i] * s) * self.sin_r
        }))
    }

    /// Points along the edge strictly between bearings `from` and `to` (unwrapped: the
    /// edge is followed for `to - from`, which may exceed a full turn).
    fn edge_between(&self, from: f64, to: f64, out: &mut Vec<[f64; 2]>) {
        let n = ((to - from).abs() / EDGE_STEP).ceil() as usize;
        out.extend((1..n).map(|k| self.edge(from + (to - from) * k as f64 / n as f64)));
    }

    /// The whole edge, as a closed ring.
    fn edge_ring(&self) -> Vec<[f64; 2]> {
        let mut ring = vec![self.edge(0.0)];
        self.edge_between(0.0, std::f64::consts::TAU, &mut ring);
        ring.push(ring[0]);
        ring
    }

    /// Where the arc from `a` (inside) to `b` (outside) crosses the edge, by bisection.
    fn crossing(&self, a: V3, b: V3) -> V3 {
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if self.contains(along(a, b, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        along(a, b, lo)
    }

    /// The parts of a line inside the cap.
    pub fn clip_line(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let vs: Vec<V3> = line.iter().map(|&p| unit(p)).collect();
        let inside: Vec<bool> = vs.iter().map(|&v| self.contains(v)).collect();
        if inside.iter().all(|&b| b) {
            return vec![line.to_vec()];
        }
        let mut parts = Vec::new();
        let mut part = Vec::new();
        for (k, &p) in line.iter().enumerate() {
            if k > 0 {
                match (inside[k - 1], inside[k]) {
                    (true, false) => {
                        part.push(lon_lat(self.crossing(vs[k - 1], vs[k])));
                        parts.push(std::mem::take(&mut part));
                    }
                    (false, true) => part.push(lon_lat(self.crossing(vs[k], vs[k - 1]))),
                    _ => {}
                }
            }
            if inside[k] {
                part.push(p);
            }
        }
        parts.push(part);
        parts.retain(|p| p.len() >= 2);
        parts
    }

    /// The part of a closed ring's area inside the cap, as closed rings to fill with the
    /// even-odd rule. A ring wholly inside comes back unchanged.
    pub fn clip_ring(&self, ring: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let pts = match ring {
            [first, rest @ .., last] if first == last => &ring[..rest.len() + 1],
            _ => ring,
        };
        let vs: Vec<V3> = pts.iter().map(|&p| unit(p)).collect();
        let inside: Vec<bool> = vs.iter().map(|&v| self.contains(v)).collect();
        if inside.iter().all(|&b| b) {
            return vec![ring.to_vec()];
        }
        // A ring wholly outside leaves the cap all land or all sea.
        let Some(start) = inside.iter().position(|&b| b) else {
            return if encloses(pts, self.centre_lon_lat) {
                vec![self.edge_ring()]
            } else {
                Vec::new()
            };
        };
        let n = pts.len();
        let mut out = Vec::new();
        // While outside: the bearing where the ring left, and how far it has turned since.
        let (mut left_at, mut bearing) = (0.0, 0.0);
        for k in start..start + n {
            let (i, j) = (k % n, (k + 1) % n);
            let (a, b) = (vs[i], vs[j]);
            match (inside[i], inside[j]) {
                (true, true) => out.push(pts[i]),
                (true, false) => {
                    out.push(pts[i]);
                    let x = self.crossing(a, b);
                    out.push(lon_lat(x));
                    left_at = self.bearing(x);
                    bearing = left_at + turn(left_at, self.bearing(b));
                }
                (false, false) => bearing += turn(self.bearing(a), self.bearing(b)),
                (false, true) => {
                    let x = self.crossing(b, a);
                    bearing += turn(self.bearing(a), self.bearing(x));
                    self.edge_between(left_at, bearing, &mut out);
                    out.push(lon_lat(x));
                }
            }
        }
        out.push(out[0]);
        let mut rings = vec![out];
        // The clipped ring bounds the side away from the antipode; if the land is the
        // other side (it holds the antipode), the even-odd rule flips it with the edge.
        if encloses(pts, self.antipode) {
            rings.push(self.edge_ring());
        }
        rings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Azimuthal equidistant plane coordinates round the cap's centre, where even-odd
    /// tests of clipped rings (which may cross ±180) are sound.
    fn plane(cap: &Cap, p: [f64; 2]) -> [f64; 2] {
        let v = unit(p);
        let rho = dot(v, cap.centre).clamp(-1.0, 1.0).acos();
        let b = cap.bearing(v);
        [rho * b.sin(), rho * b.cos()]
    }

    fn filled(cap: &Cap, rings: &[Vec<[f64; 2]>], p: [f64; 2]) -> bool {
        let q = plane(cap, p);
        let hits = rings.iter().filter(|r| {
            let r: Vec<[f64; 2]> = r.iter().map(|&x| plane(cap, x)).collect();
            encloses(&r, q)
        });
        hits.count() % 2 == 1
    }

    /// A lon/lat rectangle as a closed ring, densified to 1°.
    fn rect(w: f64, s: f64, e: f64, n: f64) -> Vec<[f64; 2]> {
        let steps = |a: f64, b: f64| ((b - a).abs().ceil() as usize).max(1);
        let (nx, ny) = (steps(w, e), steps(s, n));
        let mut ring = Vec::new();
        ring.extend((0..nx).map(|k| [w + (e - w) * k as f64 / nx as f64, s]));
        ring.extend((0..ny).map(|k| [e, s + (n - s) * k as f64 / ny as f64]));
        ring.extend((0..nx).map(|k| [e - (e - w) * k as f64 / nx as f64, n]));
        ring.extend((0..ny).map(|k| [w, n - (n - s) * k as f64 / ny as f64]));
        ring.push(ring[0]);
        ring
    }

    #[test]
    fn a_ring_inside_is_unchanged_and_one_outside_is_gone() {
        let cap = Cap::new([130.0, 40.0], 95.0);
        let near = rect(120.0, 30.0, 140.0, 50.0);
        assert_eq!(cap.clip_ring(&near), vec![near.clone()]);
        assert!(cap.clip_ring(&rect(-60.0, -50.0, -40.0, -30.0)).is_empty());
    }

    #[test]
    fn a_ring_reaching_past_the_edge_keeps_its_near_side() {
        // A continent from West Africa to the Pacific, seen from the Far East.
        let cap = Cap::new([131.4, 42.5], 95.0);
        let rings = cap.clip_ring(&rect(-17.0, 0.0, 140.0, 60.0));
        assert_eq!(rings.len(), 1);
        let centre = unit([131.4, 42.5]);
        assert!(
            rings[0]
                .iter()
                .all(|&p| dot(unit(p), centre) > cap.cos_r - 1e-9)
        );
        assert!(filled(&cap, &rings, [100.0, 30.0]));
        assert!(filled(&cap, &rings, [60.0, 50.0]));
        assert!(!filled(&cap, &rings, [150.0, 30.0]), "sea east");
        assert!(!filled(&cap, &rings, [100.0, 70.0]), "sea north");
    }

    #[test]
    fn land_holding_the_antipode_is_filled_on_the_near_side() {
        // Centred in the Pacific; the antipode (50, 0) is inside the land.
        let cap = Cap::new([-130.0, 0.0], 95.0);
        let rings = cap.clip_ring(&rect(-100.0, -60.0, 179.0, 60.0));
        assert_eq!(rings.len(), 2, "the clipped ring and the edge");
        assert!(!filled(&cap, &rings, [-130.0, 0.0]), "sea at the centre");
        assert!(!filled(&cap, &rings, [-60.0, 70.0]), "sea north");
        assert!(filled(&cap, &rings, [-60.0, 0.0]), "land east");
        assert!(filled(&cap, &rings, [160.0, 0.0]), "land west");
    }

    #[test]
    fn a_ring_round_the_whole_cap_fills_it() {
        let cap = Cap::new([0.0, 0.0], 30.0);
        let rings = cap.clip_ring(&rect(-60.0, -60.0, 60.0, 60.0));
        assert_eq!(rings.len(), 1);
        assert!(filled(&cap, &rings, [10.0, 10.0]));
    }

    #[test]
    fn lines_are_cut_at_the_edge() {
        let cap = Cap::new([0.0, 0.0], 90.0);
        let parts = cap.clip_line(&[[80.0, 0.0], [100.0, 0.0], [120.0, 0.0], [80.0, 10.0]]);
        assert_eq!(parts.len(), 2);
        assert!((parts[0][1][0] - 90.0).abs() < 1e-6);
        assert!((parts[1][0][0] - 90.0).abs() < 1e-6 && parts[1][0][1] > 0.0);
        assert_eq!(parts[1][1], [80.0, 10.0]);
    }
}
