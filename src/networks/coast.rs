//! Coastline segments in a grid of quarter-degree cells, to ask "does this straight segment
//! cross land?" (quarter degrees keep a 1:10m coast to a few dozen segments per cell).
//!
//! Built once (by `build.rs` for the embedded copy, or at run time in tests) and read in
//! place. Coordinates are lon/lat degrees stored as f32 (about 1 m of precision), which is
//! ample for coastlines drawn at 1:10m. This file is also compiled into the build script: it
//! uses `std` only.
//!
//! ```text
//! header   magic "CORCST01", n_segments, n_items
//! cells    (1440 × 720 + 1) × u32 offsets into items (cell = lon_index × 720 + lat_index)
//! items    n_items × u32 segment indices
//! segments n_segments × [lon1, lat1, lon2, lat2] f32
//! ```

use super::bytes::{check_end, f32_at, header_len, put_header, put_offsets, read_header, u32_at};

const MAGIC: &[u8; 8] = b"CORCST02";
/// Cells per degree.
const PER_DEGREE: f64 = 4.0;
const COLS: usize = 360 * 4;
const ROWS: usize = 180 * 4;
const HEADER: usize = header_len(2);

/// Cells of the grid: columns (unwrapped: they may pass ±180°) by rows, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSpan {
    cols: (i64, i64),
    rows: (usize, usize),
}

impl CellSpan {
    /// The cells' numbers.
    pub fn cells(self) -> impl Iterator<Item = usize> {
        let rows = self.rows.0..=self.rows.1;
        (self.cols.0..=self.cols.1).flat_map(move |cx| {
            let cx = cx.rem_euclid(COLS as i64) as usize;
            rows.clone().map(move |cy| cx * ROWS + cy)
        })
    }
}

/// `v.floor() as i64`, without a call to libm's `floor` (x86-64's baseline has no rounding
/// instruction; the water search asks this for every tile of cells it reaches).
#[inline]
fn floor_i64(v: f64) -> i64 {
    let t = v as i64;
    t.saturating_sub(i64::from(t as f64 > v))
}

fn cell_range(lo: f64, hi: f64, origin: f64, n: usize) -> std::ops::RangeInclusive<usize> {
    // `as usize` truncates towards zero and takes negatives and NaN to 0: for these
    // indices, what `.floor().max(0.0)` gives, without a call to libm's `floor`.
    let a = (((lo - origin) * PER_DEGREE) as usize).min(n - 1);
    let b = (((hi - origin) * PER_DEGREE) as usize).min(n - 1);
    a..=b
}

/// Builds the grid bytes from segments `[lon1, lat1, lon2, lat2]` (none may cross ±180).
pub fn write_grid(segments: &[[f32; 4]]) -> Vec<u8> {
    let mut cells: Vec<Vec<u32>> = vec![Vec::new(); COLS * ROWS];
    for (i, s) in segments.iter().enumerate() {
        let (x0, x1) = (s[0].min(s[2]) as f64, s[0].max(s[2]) as f64);
        let (y0, y1) = (s[1].min(s[3]) as f64, s[1].max(s[3]) as f64);
        for cx in cell_range(x0, x1, -180.0, COLS) {
            for cy in cell_range(y0, y1, -90.0, ROWS) {
                cells[cx * ROWS + cy].push(i as u32);
            }
        }
    }
    let n_items: usize = cells.iter().map(Vec::len).sum();
    let mut out =
        Vec::with_capacity(HEADER + (COLS * ROWS + 1) * 4 + n_items * 4 + segments.len() * 16);
    put_header(&mut out, MAGIC, &[segments.len(), n_items]);
    put_offsets(&mut out, cells.iter().map(Vec::len));
    for c in &cells {
        for i in c {
            out.extend_from_slice(&i.to_le_bytes());
        }
    }
    for s in segments {
        for v in s {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out
}

/// Parses rings written one per line as `lon,lat lon,lat …` into segments.
pub fn segments_from_rings(text: &str) -> Result<Vec<[f32; 4]>, String> {
    let mut segs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut prev: Option<(f32, f32)> = None;
        for pair in line.split_whitespace() {
            let (lon, lat) = pair
                .split_once(',')
                .and_then(|(a, b)| Some((a.parse::<f32>().ok()?, b.parse::<f32>().ok()?)))
                .ok_or_else(|| format!("line {}: {pair:?} is not lon,lat", n + 1))?;
            if let Some((plon, plat)) = prev {
                // Rings do not cross ±180 in Natural Earth; a jump this big would be a seam.
                if (plon - lon).abs() <= 180.0 {
                    segs.push([plon, plat, lon, lat]);
                }
            }
            prev = Some((lon, lat));
        }
    }
    Ok(segs)
}

/// A longitude wrapped into [-180, 180): the same bits as `(x + 180.0).rem_euclid(360.0) -
/// 180.0`, without fmod when `x` is already in range.
#[inline]
fn lon_wrapped(x: f64) -> f64 {
    let y = x + 180.0;
    let r = if (0.0..360.0).contains(&y) {
        y
    } else {
        y.rem_euclid(360.0)
    };
    r - 180.0
}

/// a→b with a's longitude wrapped into [-180, 180) and b's moved with it, or None when b
/// then lies beyond ±180 (the segment crosses the seam).
fn unseamed(a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let a0 = lon_wrapped(a.0);
    let b0 = b.0 + (a0 - a.0);
    (-180.0..=180.0)
        .contains(&b0)
        .then_some(((a0, a.1), (b0, b.1)))
}

/// Read-only view of grid bytes.
#[derive(Clone, Copy)]
pub struct CoastGrid<'a> {
    bytes: &'a [u8],
    n_segments: usize,
    items_at: usize,
    segments_at: usize,
}

/// Orientation of c relative to the line a→b: >0 left, <0 right, 0 exactly on it. Shewchuk's
/// adaptive predicate (the `robust` crate geo uses): the naive cross product gets the sign
/// wrong for nearly collinear points, and a lane that grazes a coastline vertex is exactly that.
fn orient(a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> f64 {
    let p = |(x, y): (f64, f64)| robust::Coord { x, y };
    robust::orient2d(p(a), p(b), p(c))
}

/// Whether the closed segments p1–p2 and q1–q2 intersect (planar lon/lat).
pub fn segments_intersect(p1: (f64, f64), p2: (f64, f64), q1: (f64, f64), q2: (f64, f64)) -> bool {
    let d1 = orient(q1, q2, p1);
    let d2 = orient(q1, q2, p2);
    let d3 = orient(p1, p2, q1);
    let d4 = orient(p1, p2, q2);
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    let on = |a: (f64, f64), b: (f64, f64), c: (f64, f64), d: f64| {
        d == 0.0
            && c.0 >= a.0.min(b.0)
            && c.0 <= a.0.max(b.0)
            && c.1 >= a.1.min(b.1)
            && c.1 <= a.1.max(b.1)
    };
    on(q1, q2, p1, d1) || on(q1, q2, p2, d2) || on(p1, p2, q1, d3) || on(p1, p2, q2, d4)
}

impl<'a> CoastGrid<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<CoastGrid<'a>, String> {
        let [n_segments, n_items] = read_header(bytes, MAGIC, "not a corridor coastline grid")?;
        let items_at = HEADER + (COLS * ROWS + 1) * 4;
        let segments_at = items_at + n_items * 4;
        check_end(
            bytes,
            segments_at + n_segments * 16,
            "coastline grid is truncated",
        )?;
        Ok(CoastGrid {
            bytes,
            n_segments,
            items_at,
            segments_at,
        })
    }

    pub fn segment_count(&self) -> usize {
        self.n_segments
    }

    fn segment(&self, i: usize) -> ((f64, f64), (f64, f64)) {
        let at = self.segments_at + i * 16;
        let v = |k: usize| f64::from(f32_at(self.bytes, at + 4 * k));
        ((v(0), v(1)), (v(2), v(3)))
    }

    /// How many cells the grid has.
    pub const CELLS: usize = COLS * ROWS;

    /// The cells holding every segment that may pass through the box `lon` × `lat`
    /// (longitudes may be unwrapped; the box is narrower than 360°), as cell numbers.
    pub fn cells_in(&self, lon: (f64, f64), lat: (f64, f64)) -> impl Iterator<Item = usize> {
        Self::span(lon, lat).cells()
    }

    /// The columns and rows of [`CoastGrid::cells_in`]'s cells.
    pub fn span(lon: (f64, f64), lat: (f64, f64)) -> CellSpan {
        let col = |x: f64| floor_i64((x + 180.0) * PER_DEGREE);
        let rows = cell_range(lat.0, lat.1, -90.0, ROWS);
        CellSpan {
            cols: (col(lon.0), col(lon.1)),
            rows: (*rows.start(), *rows.end()),
        }
    }

    /// The segments listed in cell `c` (a number from [`CoastGrid::cells_in`]): number and
    /// ends.
    pub fn cell_segments(&self, c: usize) -> impl Iterator<Item = (usize, (f64, f64), (f64, f64))> {
        self.cell_items(c).map(|s| {
            let (q1, q2) = self.segment(s);
            (s, q1, q2)
        })
    }

    /// The numbers of the segments listed in cell `c`.
    fn cell_items(&self, c: usize) -> impl Iterator<Item = usize> {
        let from = u32_at(self.bytes, HEADER + c * 4) as usize;
        let to = u32_at(self.bytes, HEADER + (c + 1) * 4) as usize;
        (from..to).map(|k| u32_at(self.bytes, self.items_at + k * 4) as usize)
    }

    /// [`CoastGrid::crosses`] asked of `segments` only (numbers; they must include every
    /// segment that comes near a→b): for a caller with a finer index of its own. None when
    /// a→b crosses the seam, which `crosses` splits.
    pub fn crosses_any(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        segments: impl Iterator<Item = usize>,
    ) -> Option<bool> {
        let (a, b) = unseamed(a, b)?;
        let bounds = (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
        Some(segments.into_iter().any(|s| self.meets(s, (a, b), bounds)))
    }

    /// Whether segment `s` meets a→b, whose box is `bounds` (x0, x1, y0, y1).
    #[inline]
    fn meets(
        &self,
        s: usize,
        (a, b): ((f64, f64), (f64, f64)),
        bounds: (f64, f64, f64, f64),
    ) -> bool {
        let (x0, x1, y0, y1) = bounds;
        let (q1, q2) = self.segment(s);
        let apart = q1.0.max(q2.0) < x0
            || q1.0.min(q2.0) > x1
            || q1.1.max(q2.1) < y0
            || q1.1.min(q2.1) > y1;
        !apart && segments_intersect(a, b, q1, q2)
    }

    /// Whether the straight (lon/lat) segment a→b crosses or touches a coastline. Longitudes
    /// may be unwrapped (beyond ±180); the segment is split at the seam.
    pub fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        self.crossing(a, b).is_some()
    }

    /// [`CoastGrid::crosses`], naming a segment a→b meets: a caller testing many lines
    /// near one another asks that segment first (see [`CoastGrid::crosses_any`]).
    pub fn crossing(&self, a: (f64, f64), b: (f64, f64)) -> Option<usize> {
        if let Some((a, b)) = unseamed(a, b) {
            return self.crossing_plain(a, b);
        }
        let (a0, b0) = (lon_wrapped(a.0), b.0 + (lon_wrapped(a.0) - a.0));
        let edge = if b0 > 180.0 { 180.0 } else { -180.0 };
        let t = (edge - a0) / (b0 - a0);
        let lat = a.1 + t * (b.1 - a.1);
        self.crossing_plain((a0, a.1), (edge, lat))
            .or_else(|| self.crossing_plain((-edge, lat), (b0 - 2.0 * edge, b.1)))
    }

    /// Whether `p` lies on land: inside an odd number of the coast's rings, counted along a
    /// ray due north to the pole (open water in Natural Earth). A segment counts where it
    /// crosses the ray's meridian, taking its west end as on it and its east end as off it
    /// (so a ray through a vertex counts the vertex once), in the one cell where it meets the
    /// ray. Segments along the ±180 seam never cross a meridian and so never count.
    ///
    /// ```
    /// use corridor::networks::coast::{CoastGrid, segments_from_rings, write_grid};
    /// let bytes = write_grid(&segments_from_rings("0,0 1,0 1,1 0,1 0,0").unwrap());
    /// let island = CoastGrid::open(&bytes).unwrap();
    /// assert!(island.on_land((0.5, 0.5)));
    /// assert!(!island.on_land((0.5, -0.5)) && !island.on_land((0.5, 1.5)));
    /// ```
    pub fn on_land(&self, p: (f64, f64)) -> bool {
        let x = lon_wrapped(p.0);
        let cx = (((x + 180.0) * PER_DEGREE) as usize).min(COLS - 1);
        let first = *cell_range(p.1, p.1, -90.0, ROWS).start();
        let mut inside = false;
        for cy in first..ROWS {
            for s in self.cell_items(cx * ROWS + cy) {
                let (q1, q2) = self.segment(s);
                if (q1.0 <= x) == (q2.0 <= x) {
                    continue;
                }
                // Within the segment's box (rounding must not move it to a row the grid
                // does not list the segment in).
                let y = (q1.1 + (x - q1.0) / (q2.0 - q1.0) * (q2.1 - q1.1))
                    .clamp(q1.1.min(q2.1), q1.1.max(q2.1));
                // Counted in the row that holds the crossing, once, above `p`.
                let row = *cell_range(y, y, -90.0, ROWS).start();
                if row == cy && y > p.1 {
                    inside = !inside;
                }
            }
        }
        inside
    }

    fn crossing_plain(&self, a: (f64, f64), b: (f64, f64)) -> Option<usize> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        // Latitude of the segment at longitude x (the segment is not vertical when x0 < x1).
        let lat_at = |x: f64| a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1);
        for cx in cell_range(x0, x1, -180.0, COLS) {
            // Only the cells of this column that the segment passes through.
            let (ya, yb) = if x1 > x0 {
                let left = (-180.0 + cx as f64 / PER_DEGREE).max(x0);
                let right = (-180.0 + (cx + 1) as f64 / PER_DEGREE).min(x1);
                let (p, q) = (lat_at(left), lat_at(right));
                // A hair wider, so rounding cannot drop a cell the segment grazes.
                (p.min(q).max(y0) - 1e-9, p.max(q).min(y1) + 1e-9)
            } else {
                (y0, y1)
            };
            for cy in cell_range(ya, yb, -90.0, ROWS) {
                let bounds = (x0, x1, y0, y1);
                let met = self
                    .cell_items(cx * ROWS + cy)
                    .find(|&s| self.meets(s, (a, b), bounds));
                if met.is_some() {
                    return met;
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_i64_is_floor() {
        let cases = [
            0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.999, -2.999, 1e18, -1e18, 1e300, -1e300,
        ];
        let odd = [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
        ];
        for v in cases.into_iter().chain(odd) {
            assert_eq!(floor_i64(v), v.floor() as i64, "{v}");
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x as i64) as f64 / 1e12;
            assert_eq!(floor_i64(v), v.floor() as i64, "{v}");
        }
    }

    #[test]
    fn finds_a_crossing_and_ignores_open_water() {
        // A square island from (0,0) to (1,1).
        let segs = segments_from_rings("0,0 1,0 1,1 0,1 0,0").unwrap();
        let bytes = write_grid(&segs);
        let g = CoastGrid::open(&bytes).unwrap();
        assert!(g.crosses((-0.5, 0.5), (1.5, 0.5)));
        assert!(!g.crosses((-0.5, 2.0), (1.5, 2.0)));
        assert!(!g.crosses((2.0, -1.0), (2.0, 3.0)));
    }

    #[test]
    fn agrees_with_testing_every_segment() {
        // Pseudo-random short "coast" segments and long query segments in one region; the
        // grid walk must find exactly the crossings a test against every segment finds.
        let mut next = crate::networks::uniform(7);
        let segs: Vec<[f32; 4]> = (0..400)
            .map(|_| {
                let (x, y) = (next() * 10.0, next() * 10.0);
                [
                    x as f32,
                    y as f32,
                    (x + next() - 0.5) as f32,
                    (y + next() - 0.5) as f32,
                ]
            })
            .collect();
        let bytes = write_grid(&segs);
        let g = CoastGrid::open(&bytes).unwrap();
        let mut hits = 0;
        for _ in 0..400 {
            let a = (next() * 10.0, next() * 10.0);
            let b = (next() * 10.0, next() * 10.0);
            let want = segs.iter().any(|q| {
                let f = |i: usize| f64::from(q[i]);
                segments_intersect(a, b, (f(0), f(1)), (f(2), f(3)))
            });
            assert_eq!(g.crosses(a, b), want, "{a:?} {b:?}");
            hits += usize::from(want);
        }
        assert!(hits > 50 && hits < 400, "{hits}");
    }

    #[test]
    fn on_land_counts_rings_and_holes_and_agrees_with_every_segment() {
        // An island with a lake holding an islet, and a ray through a vertex.
        let rings =
            "0,0 4,0 4,4 2,5 0,4 0,0\n1,1 1,3 3,3 3,1 1,1\n1.5,1.5 2.5,1.5 2.5,2.5 1.5,2.5 1.5,1.5";
        let segs = segments_from_rings(rings).unwrap();
        let bytes = write_grid(&segs);
        let g = CoastGrid::open(&bytes).unwrap();
        assert!(g.on_land((0.5, 0.5)), "on the island");
        assert!(!g.on_land((1.2, 2.0)), "on the lake");
        assert!(g.on_land((2.0, 2.0)), "on the islet");
        assert!(g.on_land((2.0, 4.5)), "below the vertex at (2, 5)");
        assert!(!g.on_land((2.0, 5.5)) && !g.on_land((-1.0, 2.0)), "at sea");
        // Against a brute-force count over every segment, on random points.
        let mut next = crate::networks::uniform(11);
        for _ in 0..2_000 {
            let p = (next() * 6.0 - 1.0, next() * 7.0 - 1.0);
            let crossings = segs
                .iter()
                .filter(|q| {
                    let (x1, y1, x2, y2) = (q[0] as f64, q[1] as f64, q[2] as f64, q[3] as f64);
                    (x1 <= p.0) != (x2 <= p.0) && y1 + (p.0 - x1) / (x2 - x1) * (y2 - y1) > p.1
                })
                .count();
            assert_eq!(g.on_land(p), crossings % 2 == 1, "{p:?}");
        }
    }

    #[test]
    fn segments_across_the_antimeridian_are_split() {
        let segs = segments_from_rings("-179.5,10 -179,10 -179,11 -179.5,11 -179.5,10").unwrap();
        let bytes = write_grid(&segs);
        let g = CoastGrid::open(&bytes).unwrap();
        // From 179.5 E eastwards (unwrapped to 181.2 = -178.8) through the island.
        assert!(g.crosses((179.5, 10.5), (181.2, 10.5)));
        assert!(!g.crosses((179.5, 12.5), (181.2, 12.5)));
    }
}
