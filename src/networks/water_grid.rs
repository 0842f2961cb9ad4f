//! Paths over water near a coast: a fine grid laid over a window, searched cell to cell
//! where no coastline lies between the cells' centres, then pulled straight.
//!
//! Sea lanes stay offshore, so a port tucked behind a headland or up a bay (Murmansk in the
//! Kola Bay, Ningbo behind Zhoushan's islands) has no straight land-free line to any lane node.
//! This search finds the way out along the water; the same search joins two ports on one coast
//! directly (a coastal leg), which the lanes, drawn for through traffic, do badly.
//!
//! The port's own shore is excepted: within `shore_km` of the start (and of a port target) a
//! step may cross the coastline, because a port's reference point often lies on the land that
//! the 1:10m coast draws over its harbour.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::coast::CoastGrid;
use crate::geometry::geodesic;

/// A window of cells around a point, in a local equirectangular frame (km).
struct Frame {
    lon0: f64,
    lat0: f64,
    kx: f64,
    ky: f64,
    cell_km: f64,
    /// Cells per side, odd; cell (half, half) holds the origin.
    side: usize,
}

impl Frame {
    fn new(origin: (f64, f64), half_km: f64, cell_km: f64) -> Frame {
        let half = (half_km / cell_km).ceil() as usize;
        Frame {
            lon0: origin.0,
            lat0: origin.1,
            kx: 111.320 * origin.1.to_radians().cos().max(0.05),
            ky: 110.574,
            cell_km,
            side: 2 * half + 1,
        }
    }

    fn centre(&self, c: usize) -> (f64, f64) {
        let half = (self.side / 2) as f64;
        let (i, j) = ((c % self.side) as f64 - half, (c / self.side) as f64 - half);
        (
            self.lon0 + i * self.cell_km / self.kx,
            self.lat0 + j * self.cell_km / self.ky,
        )
    }

    fn cell(&self, p: (f64, f64)) -> Option<usize> {
        let half = (self.side / 2) as f64;
        let dlon = (p.0 - self.lon0 + 540.0).rem_euclid(360.0) - 180.0;
        let i = (dlon * self.kx / self.cell_km + half).round();
        let j = ((p.1 - self.lat0) * self.ky / self.cell_km + half).round();
        let n = self.side as f64;
        (i >= 0.0 && j >= 0.0 && i < n && j < n).then(|| j as usize * self.side + i as usize)
    }

    fn km(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        let dlon = (b.0 - a.0 + 540.0).rem_euclid(360.0) - 180.0;
        ((dlon * self.kx).powi(2) + ((b.1 - a.1) * self.ky).powi(2)).sqrt()
    }
}

/// A hasher for cell numbers: a multiply spreads them well enough, and costs a fraction of
/// the default SipHash on the search's hot path.
#[derive(Default)]
struct CellHasher(u64);

impl Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Most cells one search expands (a 1 km grid of about 400 × 400 km).
const MAX_CELLS: usize = 150_000;

/// Where a water path goes: the index of the target reached and the line from the start to
/// it (the start and the target included), pulled straight.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterPath {
    pub target: usize,
    pub points: Vec<(f64, f64)>,
}

/// Whether a straight stretch is over water, the first `skip_start_km` and the last
/// `skip_end_km` of it excepted (a port's own shore).
pub fn clear(
    coast: &CoastGrid,
    a: (f64, f64),
    b: (f64, f64),
    skip_start_km: f64,
    skip_end_km: f64,
) -> bool {
    let b = (a.0 + (b.0 - a.0 + 540.0).rem_euclid(360.0) - 180.0, b.1);
    let km = geodesic::distance(a, b).km();
    if km <= skip_start_km + skip_end_km {
        return true;
    }
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
    !coast.crosses(at(skip_start_km / km), at(1.0 - skip_end_km / km))
}

/// The shortest water path from `start` to one of `targets` (points with the shore allowance
/// each needs: 0 for a lane node, `shore_km` for a port) within `half_km` of `start`, on cells of
/// `cell_km`. None when the window holds no way over water.
pub fn water_path(
    coast: &CoastGrid,
    start: (f64, f64),
    targets: &[((f64, f64), f64)],
    shore_km: f64,
    half_km: f64,
    cell_km: f64,
) -> Option<WaterPath> {
    if targets.is_empty() {
        return None;
    }
    let f = Frame::new(start, half_km, cell_km);
    let origin = f.cell(start)?;
    // Targets by the cell they hang off; reached when that cell is and the last stretch is clear.
    let mut at_cell: Vec<(usize, usize)> = targets
        .iter()
        .enumerate()
        .filter_map(|(k, t)| f.cell(t.0).map(|c| (c, k)))
        .collect();
    at_cell.sort_unstable();
    // Sparse: a search touches a sliver of a large window. Cell → (distance, previous cell).
    let mut seen: HashMap<usize, (f64, usize), BuildHasherDefault<CellHasher>> = HashMap::default();
    let mut heap = BinaryHeap::new();
    seen.insert(origin, (0.0, usize::MAX));
    let near_start = |p: (f64, f64)| f.km(start, p) <= shore_km;
    // With one target, A*: the straight distance to it never overestimates.
    let h = |p: (f64, f64)| {
        if targets.len() == 1 {
            f.km(p, targets[0].0)
        } else {
            0.0
        }
    };
    heap.push((Reverse(h(start).to_bits()), origin));
    let mut best: Option<(f64, usize, usize)> = None;
    let mut expanded = 0usize;
    while let Some((Reverse(key), c)) = heap.pop() {
        // A bound on the work: a window this full of water with no target in reach is a
        // lake or a river the lanes do not serve.
        expanded += 1;
        if expanded > MAX_CELLS {
            break;
        }
        let here = f.centre(c);
        let key = f64::from_bits(key);
        // Every way on costs at least `key`: nothing can beat a target already reached.
        if best.is_some_and(|b| key >= b.0) {
            break;
        }
        let d = seen[&c].0;
        if key > d + h(here) + 1e-9 {
            continue;
        }
        let lo = at_cell.partition_point(|&(cell, _)| cell < c);
        for &(_, k) in at_cell[lo..].iter().take_while(|&&(cell, _)| cell == c) {
            let (t, allowance) = targets[k];
            let ok = if c == origin {
                clear(coast, start, t, shore_km, allowance)
            } else {
                clear(coast, here, t, 0.0, allowance)
            };
            let total = d + f.km(here, t);
            if ok && best.is_none_or(|b| total < b.0) {
                best = Some((total, c, k));
            }
        }
        let (i, j) = ((c % f.side) as i64, (c / f.side) as i64);
        for (di, dj) in [
            (1, 0),
            (-1, 0),
            (0, 1),
            (0, -1),
            (1, 1),
            (1, -1),
            (-1, 1),
            (-1, -1),
        ] {
            let (ni, nj) = (i + di, j + dj);
            if ni < 0 || nj < 0 || ni >= f.side as i64 || nj >= f.side as i64 {
                continue;
            }
            let nc = nj as usize * f.side + ni as usize;
            let step = f.cell_km * if di != 0 && dj != 0 { 2f64.sqrt() } else { 1.0 };
            if seen.get(&nc).is_some_and(|&(old, _)| d + step >= old) {
                continue;
            }
            let there = f.centre(nc);
            let shore = near_start(here) && near_start(there);
            if !shore && coast.crosses(here, there) {
                continue;
            }
            seen.insert(nc, (d + step, c));
            heap.push((Reverse((d + step + h(there)).to_bits()), nc));
        }
    }
    let (_, last, k) = best?;
    let mut cells = vec![last];
    while *cells.last().expect("a cell") != origin {
        cells.push(seen[cells.last().expect("a cell")].1);
    }
    cells.reverse();
    let mut line = vec![start];
    line.extend(cells.iter().skip(1).map(|&c| f.centre(c)));
    line.push(targets[k].0);
    Some(WaterPath {
        target: k,
        points: pull_straight(coast, &line, shore_km, targets[k].1),
    })
}

/// Drops the vertices a straight stretch can skip without touching land (from each vertex,
/// the farthest one in sight), keeping the shore allowances at both ends.
fn pull_straight(
    coast: &CoastGrid,
    line: &[(f64, f64)],
    start_shore: f64,
    end_shore: f64,
) -> Vec<(f64, f64)> {
    let last = line.len() - 1;
    let mut out = vec![line[0]];
    let mut i = 0;
    while i < last {
        let mut j = last;
        while j > i + 1 {
            let skip_start = if i == 0 { start_shore } else { 0.0 };
            let skip_end = if j == last { end_shore } else { 0.0 };
            if clear(coast, line[i], line[j], skip_start, skip_end) {
                break;
            }
            j -= 1;
        }
        out.push(line[j]);
        i = j;
    }
    out
}

/// Length of a line in metres along geodesics.
pub fn length_m(points: &[(f64, f64)]) -> f64 {
    geodesic::length(points).metres()
}
