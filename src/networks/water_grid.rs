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
//!
//! A coastal leg's search ([`OpenWater::Blocks`]) crosses open water a block of cells at a
//! time, where no coastline comes near: most of the cells a search round a headland expands
//! lie offshore, where every step is open and each cell costs a queueing for nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

use super::coast::CoastGrid;
use super::quad_heap::QuadHeap;
use super::zeroed::Zeroed;
use crate::geometry::{geodesic, lambert};

/// A window of cells around a point, in a local equirectangular frame (km).
struct Frame {
    lon0: f64,
    lat0: f64,
    kx: f64,
    ky: f64,
    cell_km: f64,
    /// Cells per side, odd; cell (half, half) holds the origin.
    side: usize,
    /// What to add to a column or row to place it in the search's arrays (see [`Frame::cell_at`]).
    offset: usize,
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
            offset: STORE_CENTRE - half,
        }
    }

    /// Whether the window fits the search's arrays.
    fn fits(&self) -> bool {
        self.side / 2 <= STORE_CENTRE.min(STORE_SIDE - 1 - STORE_CENTRE)
    }

    /// The number of the cell in column `i`, row `j`: its place in the search's arrays, which
    /// hold cells in tiles of [`TILE`] × [`TILE`], with the window's centre always in one place.
    /// A search touches the arrays only round its way, so it touches a few pages where rows
    /// of a whole window would lay the same cells over hundreds; and every search reuses the
    /// pages round the centre that the searches before it touched (a fresh page costs more
    /// than the cells on it).
    #[inline]
    fn cell_at(&self, i: usize, j: usize) -> usize {
        let (x, y) = (i + self.offset, j + self.offset);
        let tile = (y / TILE) * (STORE_SIDE / TILE) + x / TILE;
        tile * TILE * TILE + (y % TILE) * TILE + x % TILE
    }

    /// The column and row of cell `c` (see [`Frame::cell_at`]).
    #[inline]
    fn column_row(&self, c: usize) -> (usize, usize) {
        let (tile, within) = (c / (TILE * TILE), c % (TILE * TILE));
        let x = (tile % (STORE_SIDE / TILE)) * TILE + within % TILE;
        let y = (tile / (STORE_SIDE / TILE)) * TILE + within / TILE;
        (x - self.offset, y - self.offset)
    }

    fn centre(&self, c: usize) -> (f64, f64) {
        let (i, j) = self.column_row(c);
        self.centre_at(i, j)
    }

    /// The centre of the cell in column `i`, row `j` (a search's hot path, spared the
    /// divisions that split a cell number).
    #[inline]
    fn centre_at(&self, i: usize, j: usize) -> (f64, f64) {
        let half = (self.side / 2) as f64;
        let (i, j) = (i as f64 - half, j as f64 - half);
        (
            self.lon0 + i * self.cell_km / self.kx,
            self.lat0 + j * self.cell_km / self.ky,
        )
    }

    /// Where the centre of the cell in column `i`, row `j` lies in the frame (km east and
    /// north of the origin).
    #[inline]
    fn xy_at(&self, i: usize, j: usize) -> (f64, f64) {
        let half = (self.side / 2) as f64;
        (
            (i as f64 - half) * self.cell_km,
            (j as f64 - half) * self.cell_km,
        )
    }

    /// Where `p` lies in the frame (km east and north of the origin).
    fn xy(&self, p: (f64, f64)) -> (f64, f64) {
        (
            super::lon_delta(p.0 - self.lon0) * self.kx,
            (p.1 - self.lat0) * self.ky,
        )
    }

    fn cell(&self, p: (f64, f64)) -> Option<usize> {
        let half = (self.side / 2) as f64;
        let dlon = super::lon_delta(p.0 - self.lon0);
        let i = (dlon * self.kx / self.cell_km + half).round();
        let j = ((p.1 - self.lat0) * self.ky / self.cell_km + half).round();
        let n = self.side as f64;
        (i >= 0.0 && j >= 0.0 && i < n && j < n).then(|| self.cell_at(i as usize, j as usize))
    }

    fn km(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        let dlon = super::lon_delta(b.0 - a.0);
        ((dlon * self.kx).powi(2) + ((b.1 - a.1) * self.ky).powi(2)).sqrt()
    }
}

/// Cells per side of the search's arrays (a window of up to 2,031 cells a side fits), and
/// where a window's centre goes in them: mid-tile, so a search that stays near its start
/// touches one tile.
const STORE_SIDE: usize = 2048;
const STORE_CENTRE: usize = STORE_SIDE / 2 + TILE / 2;
/// Cells per side of a tile of the search's arrays (a tile of [`Cells::slots`] fills half a page).
const TILE: usize = 16;

/// Most cells one search expands (a 1 km grid of about 400 × 400 km).
const MAX_CELLS: usize = 150_000;

/// Where a water path goes: the index of the target reached and the line from the start to
/// it (the start and the target included), pulled straight.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterPath {
    pub target: usize,
    pub points: Vec<(f64, f64)>,
    /// The length of the way through the cells' centres, before it was pulled straight (km
    /// in the search's frame): what a search for a shorter way must beat.
    pub cells_km: f64,
    /// The cells (and blocks of open water) the search went on from: its work.
    pub taken: usize,
}

/// Whether a straight stretch crosses no coastline, the first `skip_start_km` and the last
/// `skip_end_km` of it excepted (a port's own shore).
pub fn clear(
    coast: &CoastGrid,
    a: (f64, f64),
    b: (f64, f64),
    skip_start_km: f64,
    skip_end_km: f64,
) -> bool {
    clear_past(coast, (a, b), (skip_start_km, skip_end_km), false)
}

/// [`clear`]; with `on_water`, also over water: a stretch from a port's shore must leave the
/// shore on water, as a port's point often lies ashore, and a stretch that crosses no coast
/// from there would stay on land all the way. (The ray for `on_land` is the dearer test:
/// asked last.)
fn clear_past(
    coast: &CoastGrid,
    (a, b): ((f64, f64), (f64, f64)),
    (skip_start_km, skip_end_km): (f64, f64),
    on_water: bool,
) -> bool {
    clear_past_hinted(
        coast,
        (a, b),
        (skip_start_km, skip_end_km),
        on_water,
        &mut Blockers::default(),
    )
}

/// The coast segments that blocked the latest stretches, latest first: stretches tried one
/// after another mostly meet one of a few segments, each one test, where the grid's cells
/// along a long stretch hold hundreds. Whichever segment answers, a stretch that meets one
/// is blocked: the answer does not depend on which are kept.
#[derive(Default)]
struct Blockers {
    latest: Vec<usize>,
}

impl Blockers {
    /// Segments kept: pulling Chongjin → Hungnam (285 cells' centres) walked the grid for
    /// 279 stretches with one kept.
    const KEPT: usize = 8;

    /// Whether a→b meets a segment kept.
    fn block(&self, coast: &CoastGrid, a: (f64, f64), b: (f64, f64)) -> bool {
        !self.latest.is_empty()
            && coast.crosses_any(a, b, self.latest.iter().copied()) == Some(true)
    }

    fn keep(&mut self, s: usize) {
        self.latest.truncate(Self::KEPT - 1);
        self.latest.insert(0, s);
    }
}

/// [`clear_past`], asking first the coast segments in `blockers`, and keeping there the one
/// a stretch that is not clear meets (see [`Blockers`]).
fn clear_past_hinted(
    coast: &CoastGrid,
    (a, b): ((f64, f64), (f64, f64)),
    (skip_start_km, skip_end_km): (f64, f64),
    on_water: bool,
    blockers: &mut Blockers,
) -> bool {
    let b = (a.0 + super::lon_delta(b.0 - a.0), b.1);
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
    // Nothing skipped (most stretches pulled straight): no length to measure.
    let (from, to) = if skip_start_km == 0.0 && skip_end_km == 0.0 {
        if a == b {
            return true;
        }
        (at(0.0), at(1.0))
    } else {
        // First the part of the stretch kept whatever its exact length (for the least length
        // Lambert's formula allows, within metres of Karney's at a fraction of the cost):
        // pulling from a port's shore asks hundreds of stretches, nearly all blocked, and one
        // whose shorter part meets the coast is blocked, without Karney's length.
        let skip = skip_start_km + skip_end_km;
        let (least, _) = km_bounds(a, b);
        if least > skip {
            let kept = (at(skip_start_km / least), at(1.0 - skip_end_km / least));
            if blockers.block(coast, kept.0, kept.1) {
                return false;
            }
            if let Some(s) = coast.crossing(kept.0, kept.1) {
                blockers.keep(s);
                return false;
            }
        }
        let km = geodesic::distance(a, b).km();
        if km <= skip {
            return true;
        }
        (at(skip_start_km / km), at(1.0 - skip_end_km / km))
    };
    if blockers.block(coast, from, to) {
        return false;
    }
    if let Some(s) = coast.crossing(from, to) {
        blockers.keep(s);
        return false;
    }
    !(on_water && skip_start_km > 0.0 && coast.on_land(from))
}

/// How a search crosses open water: a cell at a time, or a block of [`BLOCK`] × [`BLOCK`]
/// cells at a time wherever no coast comes near (see [`Search::expand_block`]). Along a coast,
/// blocks take 2.6 to 4.9 times fewer cells and blocks from the queue than cells do (tests/
/// sea.rs), and find ways as short within what the grid's ties move (the README's Coastal
/// legs). The connectors bundled for the gazetteer's ports were found cell by cell, and a
/// port's connector is searched the same way wherever it is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenWater {
    Cells,
    Blocks,
}

/// A point to reach and the shore allowance it needs: 0 for a lane node, the port's shore
/// (`shore_km`) for a port.
pub type Target = ((f64, f64), f64);

/// The shortest water path from `start` to one of `targets` (points with the shore allowance
/// each needs: 0 for a lane node, `shore_km` for a port) within `half_km` of `start`, on cells of
/// `cell_km`. None when the window holds no way over water.
pub fn water_path(
    coast: &CoastGrid,
    start: (f64, f64),
    targets: &[Target],
    shore_km: f64,
    (half_km, cell_km): (f64, f64),
    open_water: OpenWater,
) -> Option<WaterPath> {
    try_water_path(
        coast,
        (start, targets),
        shore_km,
        (half_km, cell_km),
        open_water,
    )
    .ok()
}

/// Why a search found no water path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoWaterPath {
    /// The water the window holds round the start reaches no target.
    NoWay,
    /// The search gave up after [`MAX_CELLS`] cells: a way may lie beyond.
    GaveUp,
}

/// [`water_path`], saying why there is none.
pub fn try_water_path(
    coast: &CoastGrid,
    (start, targets): ((f64, f64), &[Target]),
    shore_km: f64,
    (half_km, cell_km): (f64, f64),
    open_water: OpenWater,
) -> Result<WaterPath, NoWaterPath> {
    let limits = Limits {
        open_water,
        ..Limits::default()
    };
    search_water(
        coast,
        (start, targets),
        shore_km,
        (half_km, cell_km),
        limits,
    )
}

/// [`try_water_path`] for a way shorter than `known`, a water path found on the same cells
/// (by [`water_path_near`]): only cells that could lead to a shorter way are searched, up to
/// `times` the cells of a plain search. A way exists, so the search cannot flood a lake;
/// within its bound it gives what a search without one would.
pub fn try_shorter_water_path(
    coast: &CoastGrid,
    (start, targets): ((f64, f64), &[Target]),
    shore_km: f64,
    (half_km, cell_km): (f64, f64),
    (known, times): (&WaterPath, usize),
    open_water: OpenWater,
) -> Result<WaterPath, NoWaterPath> {
    let limits = Limits {
        near: None,
        // A hair above, so that the way known is found again when none is shorter.
        ceiling_km: known.cells_km * (1.0 + 1e-9),
        max_cells: MAX_CELLS * times,
        open_water,
    };
    search_water(
        coast,
        (start, targets),
        shore_km,
        (half_km, cell_km),
        limits,
    )
}

/// [`water_path`] through the cells near `line` only: those of the tiles of
/// [`TILE`] × [`TILE`] cells that come within `within_km` of it. A search on coarser cells
/// finds the line, and this one refines it at a fraction of the cells (a search over the
/// whole window floods every bay the straight line to the target points into).
pub fn water_path_near(
    coast: &CoastGrid,
    (start, targets): ((f64, f64), &[Target]),
    shore_km: f64,
    (half_km, cell_km): (f64, f64),
    (line, within_km): (&[(f64, f64)], f64),
    open_water: OpenWater,
) -> Option<WaterPath> {
    let limits = Limits {
        near: Some((line, within_km)),
        open_water,
        ..Limits::default()
    };
    search_water(
        coast,
        (start, targets),
        shore_km,
        (half_km, cell_km),
        limits,
    )
    .ok()
}

/// What a search may visit.
struct Limits<'l> {
    /// Only the cells near this line (see [`tiles_near`]); all when None.
    near: Option<(&'l [(f64, f64)], f64)>,
    /// Only cells through which a way could be shorter than this (km in the frame).
    ceiling_km: f64,
    /// Most cells expanded.
    max_cells: usize,
    open_water: OpenWater,
}

impl Default for Limits<'_> {
    fn default() -> Self {
        Limits {
            near: None,
            ceiling_km: f64::INFINITY,
            max_cells: MAX_CELLS,
            open_water: OpenWater::Cells,
        }
    }
}

fn search_water(
    coast: &CoastGrid,
    (start, targets): ((f64, f64), &[Target]),
    shore_km: f64,
    (half_km, cell_km): (f64, f64),
    limits: Limits,
) -> Result<WaterPath, NoWaterPath> {
    if targets.is_empty() {
        return Err(NoWaterPath::NoWay);
    }
    let frame = Frame::new(start, half_km, cell_km);
    let allowed = limits.near.map(|(line, km)| tiles_near(&frame, line, km));
    let (k, line, cells_km, taken) = CELLS.with_borrow_mut(|cells| {
        let mut search = Search::new((coast, cells), frame, start, targets, shore_km)
            .ok_or(NoWaterPath::NoWay)?;
        search.allowed = allowed;
        search.ceiling_km = limits.ceiling_km;
        search.max_cells = limits.max_cells;
        search.blocks = limits.open_water == OpenWater::Blocks;
        let Some((last, k)) = search.run() else {
            return Err(if search.gave_up {
                NoWaterPath::GaveUp
            } else {
                NoWaterPath::NoWay
            });
        };
        let cells_km = search.best.map_or(f64::NAN, |b| b.0);
        Ok((k, search.line(last, targets[k].0), cells_km, search.taken))
    })?;
    Ok(WaterPath {
        target: k,
        points: pull_both_ways(coast, &line, shore_km, targets[k].1),
        cells_km,
        taken,
    })
}

/// The tiles of the search's arrays (numbered as [`Frame::cell_at`]'s cell number divided by
/// a tile's cells) with a cell within `km` of `line`, by tile number: the line is walked in
/// steps of half a tile, and each step marks the tiles of the square `km` round it.
fn tiles_near(f: &Frame, line: &[(f64, f64)], km: f64) -> Vec<bool> {
    let per_side = STORE_SIDE / TILE;
    let mut near = vec![false; per_side * per_side];
    let half = (f.side / 2) as f64;
    let last = (f.side - 1) as f64;
    // The window's column or row of a position in the frame (km), kept in the window.
    let index = |v: f64| (v / f.cell_km + half).round().clamp(0.0, last) as usize;
    let mut mark = |(x, y): (f64, f64)| {
        let (c0, c1) = (index(x - km), index(x + km));
        let (r0, r1) = (index(y - km), index(y + km));
        for ty in (r0 + f.offset) / TILE..=(r1 + f.offset) / TILE {
            for tx in (c0 + f.offset) / TILE..=(c1 + f.offset) / TILE {
                near[ty * per_side + tx] = true;
            }
        }
    };
    let step = TILE as f64 * f.cell_km / 2.0;
    for w in line.windows(2) {
        let (a, b) = (f.xy(w[0]), f.xy(w[1]));
        let n = ((b.0 - a.0).hypot(b.1 - a.1) / step).ceil().max(1.0) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            mark((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
        }
    }
    if let [only] = line {
        mark(f.xy(*only));
    }
    near
}

/// Each cell's distance from the start and the step it was reached by, for one search at a
/// time: dense arrays by cell number (a hash map cost more than the rest of the search), kept
/// for the next search, whose entries a generation number tells from older ones. Fresh arrays
/// are zeroed pages, touched only where a search goes: in a fresh process each page costs a
/// fault of a few microseconds, more than the cells on it, so a slot is packed in 8 bytes.
#[derive(Default)]
struct Cells {
    /// At most [`GENERATIONS`].
    generation: u32,
    /// By cell: [`Slot`]s.
    slots: Zeroed<u64>,
    /// By the cell at a block's centre: the generation that asked whether the block is open
    /// water (see [`Search::open_block`]) times two, plus one when it is.
    blocks: Zeroed<u32>,
    near: CoastNear,
}

/// A cell's entry in [`Cells::slots`]: 12 bits of generation, 8 of the way it was reached
/// ([`Back`]), and 22 bits for each count of [`Steps`] (a shortest way passes a cell of the
/// window once, and a window holds fewer than 2²² cells).
struct Slot;

/// Where a cell was reached from: the columns and rows back to that cell (one step, or up to
/// [`BLOCK`] from or to a block of open water), (0, 0) for the start's cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Back {
    di: i8,
    dj: i8,
}

impl Back {
    const START: Back = Back { di: 0, dj: 0 };

    fn bits(self) -> u64 {
        (((self.di + 8) as u64) << 4) | (self.dj + 8) as u64
    }

    fn from_bits(b: u64) -> Back {
        Back {
            di: ((b >> 4) & 0xf) as i8 - 8,
            dj: (b & 0xf) as i8 - 8,
        }
    }
}

impl Slot {
    const COUNT_BITS: u32 = 22;
    const COUNT_MASK: u64 = (1 << Self::COUNT_BITS) - 1;

    #[inline]
    fn pack(generation: u32, back: Back, steps: Steps) -> u64 {
        debug_assert!(u64::from(steps.straight.max(steps.diagonal)) <= Self::COUNT_MASK);
        debug_assert!(generation <= GENERATIONS);
        (u64::from(generation) << 52)
            | (back.bits() << 44)
            | (u64::from(steps.straight) << Self::COUNT_BITS)
            | u64::from(steps.diagonal)
    }

    #[inline]
    fn unpack(slot: u64) -> (u32, Back, Steps) {
        let steps = Steps {
            straight: ((slot >> Self::COUNT_BITS) & Self::COUNT_MASK) as u32,
            diagonal: (slot & Self::COUNT_MASK) as u32,
        };
        ((slot >> 52) as u32, Back::from_bits(slot >> 44), steps)
    }
}

// A shortest way passes each cell of the window once: its counts fit a slot's.
const _: () = assert!(STORE_SIDE * STORE_SIDE <= 1 << Slot::COUNT_BITS);

/// Generations a set of arrays serves before it is made afresh (12 bits in a [`Slot`]).
const GENERATIONS: u32 = (1 << 12) - 1;

/// Cells a side of a block of open water (see [`Search::expand_block`]): odd, so that a
/// block's centre is a cell's, and at most 7, the most a [`Back`] holds. Blocks of 3 and
/// of 7 cells made the benchmark's four coastal legs 5–7 % slower than blocks of 5.
const BLOCK: usize = 5;
const _: () = assert!(BLOCK % 2 == 1 && BLOCK <= 7);

/// The coast segments near each cell of a window: those whose box, widened by one cell,
/// covers the cell, listed as a search reaches the coast cells round it. Only these can cut
/// a step from the cell, a few where the coast grid's cell holds dozens.
#[derive(Default)]
struct CoastNear {
    /// This generation by tile of [`TILE`] × [`TILE`] cells when `head` holds this
    /// generation's lists there (by tile, so that a search touches no page of them away
    /// from the coast).
    listed: Zeroed<u32>,
    /// The first link of the cell's list, or [`NO_LINK`].
    head: Zeroed<u32>,
    /// This generation by tile when the coast cells round the tile are listed (see
    /// [`Search::list_coast_round`]).
    ready: Zeroed<u32>,
    /// This generation by coast cell, and by coast segment, once listed.
    coast_cells: Zeroed<u32>,
    segments: Zeroed<u32>,
    /// (segment, next link or [`NO_LINK`]).
    links: Vec<(u32, u32)>,
}

const NO_LINK: u32 = u32::MAX;

thread_local! {
    static CELLS: RefCell<Cells> = RefCell::default();
}

/// The arrays of threads that have finished searching, for the next thread to search. A
/// planner's threads live for one file: a thread's arrays freed as it ends held up the
/// file's last legs (unmapping pages while other threads run interrupts every core), and a
/// fresh thread touched fresh pages again. Kept here, they are reused, and freed with the
/// process.
static PARKED: Mutex<Vec<Cells>> = Mutex::new(Vec::new());

/// Hands this thread's search arrays to the next thread that searches (see [`PARKED`]): for
/// a thread about to end.
pub fn park_scratch() {
    let cells = CELLS.with_borrow_mut(std::mem::take);
    if !cells.slots.is_empty() {
        PARKED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(cells);
    }
}

impl Cells {
    /// Forgets every cell.
    fn clear(&mut self) {
        if self.slots.is_empty() {
            let parked = PARKED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop();
            if let Some(parked) = parked {
                *self = parked;
            }
        }
        if self.slots.is_empty() || self.generation == GENERATIONS {
            // Room for every window at once: fresh zeroed pages cost nothing until touched.
            let n = STORE_SIDE * STORE_SIDE;
            *self = Cells {
                generation: 0,
                slots: Zeroed::new(n),
                blocks: Zeroed::new(n),
                near: CoastNear {
                    listed: Zeroed::new(n / (TILE * TILE)),
                    head: Zeroed::new(n),
                    ready: Zeroed::new(n / (TILE * TILE)),
                    coast_cells: Zeroed::new(CoastGrid::CELLS),
                    segments: Zeroed::default(),
                    links: Vec::new(),
                },
            };
        }
        self.generation += 1;
        self.near.links.clear();
    }

    /// The steps to cell `c` and where it was reached from, when this search has reached it.
    #[inline]
    fn get(&self, c: usize) -> Option<(Steps, Back)> {
        let (generation, back, steps) = Slot::unpack(self.slots[c]);
        (generation == self.generation).then_some((steps, back))
    }

    #[inline]
    fn insert(&mut self, c: usize, steps: Steps, back: Back) {
        self.slots[c] = Slot::pack(self.generation, back, steps);
    }

    /// Whether the block centred on cell `c` is open water, when this search has asked.
    #[inline]
    fn block(&self, c: usize) -> Option<bool> {
        let v = self.blocks[c];
        (v >> 1 == self.generation).then_some(v & 1 == 1)
    }
}

impl CoastNear {
    /// Lists coast segment `k` (q1–q2) at the cells of frame `f` within one cell of its box
    /// (at every column when it spans the window's antipodal meridian).
    fn list(&mut self, f: &Frame, generation: u32, (k, q1, q2): (usize, (f64, f64), (f64, f64))) {
        let half = (f.side / 2) as f64;
        let (lon1, lon2) = (
            super::lon_delta(q1.0 - f.lon0),
            super::lon_delta(q2.0 - f.lon0),
        );
        let (i1, i2) = if (lon1 - lon2).abs() > 180.0 {
            (f64::NEG_INFINITY, f64::INFINITY)
        } else {
            let i = |dlon: f64| dlon * f.kx / f.cell_km + half;
            (i(lon1.min(lon2)), i(lon1.max(lon2)))
        };
        let j = |lat: f64| (lat - f.lat0) * f.ky / f.cell_km + half;
        let (j1, j2) = (j(q1.1.min(q2.1)), j(q1.1.max(q2.1)));
        let last = (f.side - 1) as f64;
        // A step from a cell reaches one cell on: only cells within one of the box can step
        // across the segment (a hair more, for rounding).
        let range = |lo: f64, hi: f64| {
            let (a, b) = (
                (lo - 1.0 - 1e-6).floor().max(0.0),
                (hi + 1.0 + 1e-6).ceil().min(last),
            );
            (a <= b).then_some(a as usize..=b as usize)
        };
        let (Some(cols), Some(rows)) = (range(i1, i2), range(j1, j2)) else {
            return;
        };
        for row in rows {
            for c in cols.clone().map(|col| f.cell_at(col, row)) {
                let tile = c / (TILE * TILE);
                if self.listed[tile] != generation {
                    self.listed[tile] = generation;
                    let first = tile * TILE * TILE;
                    self.head[first..first + TILE * TILE].fill(NO_LINK);
                }
                self.links.push((k as u32, self.head[c]));
                self.head[c] = (self.links.len() - 1) as u32;
            }
        }
    }
}

/// A way through the cells' centres as its steps: its length is
/// `cell_km × (straight + diagonal × √2)`. Counted, not summed: two ways of the same steps
/// are exactly as long whatever their order, so the search can tell ties from near-ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Steps {
    straight: u32,
    diagonal: u32,
}

impl Steps {
    /// The fewest steps between two cells `di` columns and `dj` rows apart: the length of
    /// the way through open water, which no way round land beats.
    #[inline]
    fn between(di: i64, dj: i64) -> Steps {
        let (di, dj) = (di.unsigned_abs() as u32, dj.unsigned_abs() as u32);
        let (lo, hi) = (di.min(dj), di.max(dj));
        Steps {
            straight: hi - lo,
            diagonal: lo,
        }
    }

    #[inline]
    fn plus(self, other: Steps) -> Steps {
        Steps {
            straight: self.straight + other.straight,
            diagonal: self.diagonal + other.diagonal,
        }
    }

    #[inline]
    fn km(self, cell_km: f64) -> f64 {
        cell_km * (f64::from(self.straight) + f64::from(self.diagonal) * std::f64::consts::SQRT_2)
    }
}

/// The column and row of the centre of the block that holds the cell in column `i`, row `j`.
fn block_centre(i: usize, j: usize) -> (usize, usize) {
    (i / BLOCK * BLOCK + BLOCK / 2, j / BLOCK * BLOCK + BLOCK / 2)
}

/// The eight steps from a cell to its neighbours, (columns, rows).
const STEPS: [(i64, i64); 8] = [
    (1, 0),
    (-1, 0),
    (0, 1),
    (0, -1),
    (1, 1),
    (1, -1),
    (-1, 1),
    (-1, -1),
];

/// One water-path search: A* from the start's cell towards the nearest target.
struct Search<'a> {
    coast: &'a CoastGrid<'a>,
    f: Frame,
    start: (f64, f64),
    targets: &'a [((f64, f64), f64)],
    shore_km: f64,
    origin: usize,
    /// (cell, target index) by the cell a target hangs off, sorted: a target is reached
    /// when its cell is and the last stretch is clear.
    at_cell: Vec<(usize, usize)>,
    /// Cell → (steps from the start, step it was reached by), for the cells reached.
    seen: &'a mut Cells,
    /// Cells to expand: (bound, way through, cell), least first (see [`Search::bound`]).
    heap: QuadHeap,
    /// The best target reached: (distance, cell, target index).
    best: Option<(f64, usize, usize)>,
    /// Cells just off a port's shore found on land or water, by cell.
    land: RefCell<HashMap<usize, bool>>,
    /// The targets in the frame (km east and north of the start), for [`Search::through`].
    targets_xy: Vec<(f64, f64)>,
    /// The targets' cells in the window, (column, row, km from the cell's centre to the
    /// target): the search's bound.
    target_cells: Vec<(i64, i64, f64)>,
    /// The targets that are ports (with a shore allowance), in the frame: (point, allowance).
    ports: Vec<((f64, f64), f64)>,
    /// The tiles the search may enter (see [`tiles_near`]); all when None.
    allowed: Option<Vec<bool>>,
    /// No way through a cell whose bound exceeds this is wanted (km in the frame).
    ceiling_km: f64,
    /// Most cells expanded.
    max_cells: usize,
    /// Whether it stopped at `max_cells`.
    gave_up: bool,
    /// Whether blocks of open water are searched as one (see [`Search::expand_block`]).
    blocks: bool,
    /// The cells and blocks gone on from.
    taken: usize,
    /// The centres of the blocks that hold the start's cell or a target's (never open).
    held: Vec<usize>,
}

impl<'a> Search<'a> {
    fn new(
        (coast, seen): (&'a CoastGrid<'a>, &'a mut Cells),
        f: Frame,
        start: (f64, f64),
        targets: &'a [((f64, f64), f64)],
        shore_km: f64,
    ) -> Option<Search<'a>> {
        if !f.fits() {
            return None;
        }
        let origin = f.cell(start)?;
        seen.clear();
        let mut at_cell: Vec<(usize, usize)> = targets
            .iter()
            .enumerate()
            .filter_map(|(k, t)| f.cell(t.0).map(|c| (c, k)))
            .collect();
        at_cell.sort_unstable();
        let target_cells = at_cell
            .iter()
            .map(|&(c, k)| {
                let (i, j) = f.column_row(c);
                (i as i64, j as i64, f.km(f.centre(c), targets[k].0))
            })
            .collect();
        let mut search = Search {
            coast,
            start,
            targets,
            shore_km,
            origin,
            at_cell,
            seen,
            heap: QuadHeap::default(),
            best: None,
            land: RefCell::default(),
            targets_xy: targets.iter().map(|t| f.xy(t.0)).collect(),
            target_cells,
            ports: targets
                .iter()
                .filter(|t| t.1 > 0.0)
                .map(|t| (f.xy(t.0), t.1))
                .collect(),
            allowed: None,
            ceiling_km: f64::INFINITY,
            max_cells: MAX_CELLS,
            gave_up: false,
            blocks: false,
            taken: 0,
            held: Vec::new(),
            f,
        };
        search.held = std::iter::once(origin)
            .chain(search.at_cell.iter().map(|&(c, _)| c))
            .map(|c| {
                let (i, j) = search.f.column_row(c);
                let (bi, bj) = block_centre(i, j);
                search.f.cell_at(bi, bj)
            })
            .collect();
        search.seen.insert(origin, Steps::default(), Back::START);
        let (i, j) = search.f.column_row(origin);
        search.push(origin, (i, j), Steps::default());
        Some(search)
    }

    /// The A* bound of a way through the cell in column `i`, row `j` reached by `steps`:
    /// those steps, the fewest steps on to a target's cell, and the last stretch from its
    /// centre to the target (a target is reached from its cell only). No way through the
    /// cell is shorter, and the bound grows along a way by no more than its steps, so a cell
    /// is final when first taken from the heap. The fewest steps, not the straight line:
    /// every way of those steps through open water is as long (a band of ways, not one), and
    /// with the straight line as the bound the search expanded the whole band.
    #[inline]
    fn bound(&self, (i, j): (i64, i64), steps: Steps) -> f64 {
        let cell_km = self.f.cell_km;
        self.target_cells
            .iter()
            .map(|&(ti, tj, last_km)| {
                steps.plus(Steps::between(ti - i, tj - j)).km(cell_km) + last_km
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// Of ways equally short by [`Search::bound`], the cells near the straight line from the
    /// start to a target first: the way found keeps to the line through open water, and
    /// pulls straight as well as a line can. (The length through the cell at `xy`, in the
    /// frame, of the straight lines from the start and to the nearest target.)
    #[inline]
    fn through(&self, (x, y): (f64, f64)) -> f32 {
        let to = self
            .targets_xy
            .iter()
            .map(|t| (t.0 - x).powi(2) + (t.1 - y).powi(2))
            .fold(f64::INFINITY, f64::min)
            .sqrt();
        ((x * x + y * y).sqrt() + to) as f32
    }

    /// Queues cell `c` (column `i`, row `j`), reached by `steps`.
    #[inline]
    fn push(&mut self, c: usize, (i, j): (usize, usize), steps: Steps) {
        let key = self.bound((i as i64, j as i64), steps);
        let through = self.through(self.f.xy_at(i, j));
        let entry = (u128::from(key.to_bits()) << 64)
            | (u128::from(through.to_bits()) << 32)
            | u128::from(c as u32);
        self.heap.push(entry);
    }

    /// Runs the search to the best target reached: its cell and its index.
    fn run(&mut self) -> Option<(usize, usize)> {
        let mut expanded = 0usize;
        while let Some(entry) = self.heap.pop() {
            let (key, c) = (f64::from_bits((entry >> 64) as u64), entry as u32 as usize);
            // Keys come in order: every way on is longer than the ceiling.
            if key > self.ceiling_km {
                break;
            }
            // Every way on costs at least `key`: nothing can beat a target already reached.
            if self.best.is_some_and(|b| key >= b.0) {
                break;
            }
            let steps = self.seen.get(c).expect("a cell reached").0;
            let (i, j) = self.f.column_row(c);
            // Queued again since by a shorter way.
            if key > self.bound((i as i64, j as i64), steps) {
                continue;
            }
            // A bound on the work: a window this full of water with no target in reach is
            // a lake or a river the lanes do not serve, or a way round too long for these
            // cells (the caller may try coarser ones: `NoWaterPath::GaveUp`).
            expanded += 1;
            if expanded > self.max_cells {
                self.gave_up = true;
                break;
            }
            self.taken += 1;
            if self.blocks
                && i % BLOCK == BLOCK / 2
                && j % BLOCK == BLOCK / 2
                && self.seen.block(c) == Some(true)
            {
                // A block stands for its cells, each counted against the bound.
                expanded += BLOCK * BLOCK - 1;
                self.expand_block((i, j), steps);
                continue;
            }
            let here = self.f.centre_at(i, j);
            let xy = self.f.xy_at(i, j);
            self.reach_targets(c, here, steps.km(self.f.cell_km));
            self.expand(c, (here, xy), steps);
        }
        self.best.map(|(_, last, k)| (last, k))
    }

    /// Records the targets hanging off cell `c` (at `d` from the start) that a clear last
    /// stretch reaches, when they beat the best so far.
    #[inline]
    fn reach_targets(&mut self, c: usize, here: (f64, f64), d: f64) {
        let lo = self.at_cell.partition_point(|&(cell, _)| cell < c);
        for &(_, k) in self.at_cell[lo..]
            .iter()
            .take_while(|&&(cell, _)| cell == c)
        {
            let (t, allowance) = self.targets[k];
            let ok = if c == self.origin {
                clear_past(
                    self.coast,
                    (self.start, t),
                    (self.shore_km, allowance),
                    true,
                )
            } else {
                clear(self.coast, here, t, 0.0, allowance)
            };
            let total = d + self.f.km(here, t);
            if ok && self.best.is_none_or(|b| total < b.0) {
                self.best = Some((total, c, k));
            }
        }
    }

    /// Steps from cell `c` (at `d` from the start) to each neighbour the coast does not
    /// cut off (the start's own shore excepted) that this way reaches sooner.
    #[inline]
    fn expand(&mut self, c: usize, (here, xy): ((f64, f64), (f64, f64)), steps: Steps) {
        let near_coast = self.list_coast_near(c);
        let (i, j) = self.f.column_row(c);
        let (i, j) = (i as i64, j as i64);
        let here_on_shore = self.on_shore(xy);
        for (di, dj) in STEPS {
            let (ni, nj) = (i + di, j + dj);
            if ni < 0 || nj < 0 || ni >= self.f.side as i64 || nj >= self.f.side as i64 {
                continue;
            }
            let nc = self.f.cell_at(ni as usize, nj as usize);
            if self
                .allowed
                .as_ref()
                .is_some_and(|tiles| !tiles[nc / (TILE * TILE)])
            {
                continue;
            }
            if self.blocks {
                let (bi, bj) = block_centre(ni as usize, nj as usize);
                if self.open_block((bi, bj)) {
                    // Into the block, to its centre: the way there lies in open water.
                    let back = (bi as i64 - i, bj as i64 - j);
                    let to = steps.plus(Steps::between(back.0, back.1));
                    // Off a port's shore onto a block: onto water (see below).
                    let centre = self.f.cell_at(bi, bj);
                    if here_on_shore && self.on_land(centre, self.f.centre_at(bi, bj)) {
                        continue;
                    }
                    self.reach((bi, bj), to, back);
                    continue;
                }
            }
            let to = steps.plus(Steps::between(di, dj));
            if !self.sooner(nc, to) {
                continue;
            }
            let there_xy = self.f.xy_at(ni as usize, nj as usize);
            let shore = here_on_shore && self.on_shore(there_xy);
            // The cell's centre in degrees, asked only near the coast (open water needs none).
            let there = || self.f.centre_at(ni as usize, nj as usize);
            if !shore && near_coast && self.step_crosses(c, here, there()) {
                continue;
            }
            // Steps on a port's shore may cross the coast, so a way leaving the shore must
            // leave it onto water: beyond, no step crosses, and land would stay land.
            if here_on_shore && !shore && self.on_land(nc, there()) {
                continue;
            }
            self.queue(nc, (ni as usize, nj as usize), to, (di, dj));
        }
    }

    /// Whether `(x, y)` in the frame is on a port's own shore: within `shore_km` of the start,
    /// or within its allowance of a port target. Steps there may cross the coast, as the
    /// port's point often lies on the land that the 1:10m coast draws over its harbour.
    #[inline]
    fn on_shore(&self, (x, y): (f64, f64)) -> bool {
        let within = |t: (f64, f64), km: f64| (t.0 - x).powi(2) + (t.1 - y).powi(2) <= km * km;
        within((0.0, 0.0), self.shore_km) || self.ports.iter().any(|&(t, km)| within(t, km))
    }

    /// Whether cell `c` (centred at `p`) lies on land, asked once a search.
    fn on_land(&self, c: usize, p: (f64, f64)) -> bool {
        *self
            .land
            .borrow_mut()
            .entry(c)
            .or_insert_with(|| self.coast.on_land(p))
    }

    /// Lists the coast segments near cell `c` (see [`Search::list_coast_round`]). True when
    /// some are near.
    fn list_coast_near(&mut self, c: usize) -> bool {
        self.list_coast_round(c);
        self.near_coast(c)
    }

    /// Whether a coast segment listed comes within a cell of cell `c` (its coast cells must be
    /// listed: see [`Search::list_coast_near`]).
    #[inline]
    fn near_coast(&self, c: usize) -> bool {
        let near = &self.seen.near;
        near.listed[c / (TILE * TILE)] == self.seen.generation && near.head[c] != NO_LINK
    }

    /// Lists the coast segments of the coast cells round the tile of [`TILE`] × [`TILE`]
    /// cells that holds cell `c`, once a search: those of the box of the tile's cells' centres
    /// widened by two cells, which holds every segment that comes within a cell (and a hair)
    /// of a cell of the tile. (A tile is asked for every cell expanded in it, and listed
    /// once: no mark per window cell is needed, nor the pages it would touch.)
    #[inline]
    fn list_coast_round(&mut self, c: usize) {
        let generation = self.seen.generation;
        let tile = c / (TILE * TILE);
        if self.seen.near.ready[tile] == generation {
            return;
        }
        self.seen.near.ready[tile] = generation;
        let per_side = STORE_SIDE / TILE;
        // The tile's first and last columns and rows, from the window's centre (cells).
        let from_centre = |first: usize| {
            let first = first as f64 - (self.f.offset + self.f.side / 2) as f64;
            (first - 2.0, first + (TILE - 1) as f64 + 2.0)
        };
        let (cols, rows) = (
            from_centre(tile % per_side * TILE),
            from_centre(tile / per_side * TILE),
        );
        let f = &self.f;
        let lon = |i: f64| f.lon0 + i * f.cell_km / f.kx;
        let lat = |j: f64| f.lat0 + j * f.cell_km / f.ky;
        let span = CoastGrid::span((lon(cols.0), lon(cols.1)), (lat(rows.0), lat(rows.1)));
        let near = &mut self.seen.near;
        if near.segments.len() < self.coast.segment_count() {
            near.segments = Zeroed::new(self.coast.segment_count());
        }
        for cell in span.cells() {
            if near.coast_cells[cell] != generation {
                near.coast_cells[cell] = generation;
                for (k, q1, q2) in self.coast.cell_segments(cell) {
                    if near.segments[k] != generation {
                        near.segments[k] = generation;
                        near.list(&self.f, generation, (k, q1, q2));
                    }
                }
            }
        }
    }

    /// Whether the block centred on the cell in column `ci`, row `cj` is open water: it and
    /// the ring of cells round it in the window and allowed, none of its cells on a port's
    /// shore or the start's or a target's, and no coast segment within a cell of its cells —
    /// so none in the square the ring's centres span, and every straight line between points
    /// in it is clear. Asked once a search.
    fn open_block(&mut self, (ci, cj): (usize, usize)) -> bool {
        let ring = BLOCK / 2 + 1;
        if ci < ring || cj < ring || ci + ring >= self.f.side || cj + ring >= self.f.side {
            return false;
        }
        let c = self.f.cell_at(ci, cj);
        if let Some(open) = self.seen.block(c) {
            return open;
        }
        let open = self.block_is_open(c, (ci, cj));
        self.seen.blocks[c] = (self.seen.generation << 1) | u32::from(open);
        open
    }

    /// [`Search::open_block`], asked afresh.
    fn block_is_open(&mut self, c: usize, (ci, cj): (usize, usize)) -> bool {
        if self.held.contains(&c) {
            return false;
        }
        let ring = BLOCK / 2 + 1;
        if let Some(tiles) = &self.allowed {
            let corners = [
                (ci - ring, cj - ring),
                (ci + ring, cj - ring),
                (ci - ring, cj + ring),
                (ci + ring, cj + ring),
            ];
            if corners
                .iter()
                .any(|&(a, b)| !tiles[self.f.cell_at(a, b) / (TILE * TILE)])
            {
                return false;
            }
        }
        // The centre farther from each shore than the block's corners from its centre.
        let (x, y) = self.f.xy_at(ci, cj);
        let corner_km = (BLOCK / 2) as f64 * std::f64::consts::SQRT_2 * self.f.cell_km;
        let clear_of = |t: (f64, f64), km: f64| {
            (t.0 - x).powi(2) + (t.1 - y).powi(2) > (km + corner_km).powi(2)
        };
        if !clear_of((0.0, 0.0), self.shore_km)
            || !self.ports.iter().all(|&(t, km)| clear_of(t, km))
        {
            return false;
        }
        // The tiles of the block's corners hold its cells.
        let half = BLOCK / 2;
        for (a, b) in [
            (ci - half, cj - half),
            (ci + half, cj - half),
            (ci - half, cj + half),
            (ci + half, cj + half),
        ] {
            self.list_coast_round(self.f.cell_at(a, b));
        }
        !(ci - half..=ci + half)
            .flat_map(|a| (cj - half..=cj + half).map(move |b| (a, b)))
            .any(|(a, b)| self.near_coast(self.f.cell_at(a, b)))
    }

    /// Goes on from an open block centred on the cell in column `ci`, row `cj` (see
    /// [`Search::open_block`]), reached by `steps`: to the centres of the open blocks round
    /// it, and to each cell of its ring that is not in one. Every line from its centre to
    /// those lies in open water, so none is tested; a way through open water is queued a block
    /// at a time where the coast is far, not cell by cell.
    fn expand_block(&mut self, (ci, cj): (usize, usize), steps: Steps) {
        let b = BLOCK as i64;
        for (di, dj) in STEPS {
            let (ni, nj) = (ci as i64 + b * di, cj as i64 + b * dj);
            if ni >= 0 && nj >= 0 && self.open_block((ni as usize, nj as usize)) {
                let to = steps.plus(Steps::between(b * di, b * dj));
                self.reach((ni as usize, nj as usize), to, (b * di, b * dj));
            }
        }
        let ring = (BLOCK / 2 + 1) as i64;
        for dj in -ring..=ring {
            for di in -ring..=ring {
                if di.abs().max(dj.abs()) != ring {
                    continue;
                }
                // In the window and allowed: the block is open.
                let (ni, nj) = ((ci as i64 + di) as usize, (cj as i64 + dj) as usize);
                // A cell of an open block round it is reached as that block, above.
                if self.open_block(block_centre(ni, nj)) {
                    continue;
                }
                self.reach((ni, nj), steps.plus(Steps::between(di, dj)), (di, dj));
            }
        }
    }

    /// Queues the cell in column `i`, row `j`, reached by `steps` from the cell `back`
    /// columns and rows before it, unless it has been reached as soon.
    #[inline]
    fn reach(&mut self, (i, j): (usize, usize), steps: Steps, back: (i64, i64)) {
        let c = self.f.cell_at(i, j);
        if self.sooner(c, steps) {
            self.queue(c, (i, j), steps, back);
        }
    }

    /// Whether `steps` reach cell `c` sooner than any way found before.
    #[inline]
    fn sooner(&self, c: usize, steps: Steps) -> bool {
        let cell_km = self.f.cell_km;
        self.seen
            .get(c)
            .is_none_or(|(old, _)| steps.km(cell_km) < old.km(cell_km))
    }

    /// Records that `steps` reach cell `c` (column `i`, row `j`) from the cell `back` columns
    /// and rows before it, and queues it.
    #[inline]
    fn queue(&mut self, c: usize, (i, j): (usize, usize), steps: Steps, back: (i64, i64)) {
        let back = Back {
            di: back.0 as i8,
            dj: back.1 as i8,
        };
        self.seen.insert(c, steps, back);
        self.push(c, (i, j), steps);
    }

    /// Whether the step from cell `c` (at `here`) to `there` crosses the coast: the same
    /// answer as [`CoastGrid::crosses`], from the segments listed at `c`.
    fn step_crosses(&self, c: usize, here: (f64, f64), there: (f64, f64)) -> bool {
        let near = &self.seen.near;
        let mut link = near.head[c];
        let listed = std::iter::from_fn(|| {
            let (k, next) = *near.links.get(link as usize)?;
            link = next;
            Some(k as usize)
        });
        self.coast
            .crosses_any(here, there, listed)
            .unwrap_or_else(|| self.coast.crosses(here, there))
    }

    /// The line from the start through the cells' centres to `last`, then to `target`.
    fn line(&self, last: usize, target: (f64, f64)) -> Vec<(f64, f64)> {
        let mut cells = vec![last];
        while *cells.last().expect("a cell") != self.origin {
            let c = *cells.last().expect("a cell");
            let back = self.seen.get(c).expect("a cell reached").1;
            let (di, dj) = (i64::from(back.di), i64::from(back.dj));
            let (i, j) = self.f.column_row(c);
            let (i, j) = (i as i64, j as i64);
            // The cells a straight or diagonal way between blocks passes, as if stepped.
            let n = di.abs().max(dj.abs());
            let passed = if di == 0 || dj == 0 || di.abs() == dj.abs() {
                n
            } else {
                1
            };
            for k in 1..=passed {
                let (pi, pj) = if passed == n {
                    (i - k * di / n, j - k * dj / n)
                } else {
                    (i - di, j - dj)
                };
                cells.push(self.f.cell_at(pi as usize, pj as usize));
            }
        }
        cells.reverse();
        let mut line = vec![self.start];
        line.extend(cells.iter().skip(1).map(|&c| self.f.centre(c)));
        line.push(target);
        line
    }
}

/// The shorter of the line pulled straight from its start and from its end. Pulling is
/// greedy (from each vertex, the farthest one in sight), so the vertex it keeps near a bend
/// depends on the side it starts from; of 3,000 seeded coastal pairs
/// (`scripts/coastal_check.py`), 547 came out shorter pulled both ways, by up to 3.7 %.
fn pull_both_ways(
    coast: &CoastGrid,
    line: &[(f64, f64)],
    start_shore: f64,
    end_shore: f64,
) -> Vec<(f64, f64)> {
    let ahead = pull_straight(coast, line, start_shore, end_shore);
    let reversed: Vec<(f64, f64)> = line.iter().rev().copied().collect();
    let mut back = pull_straight(coast, &reversed, end_shore, start_shore);
    back.reverse();
    if length_m(&back) < length_m(&ahead) {
        back
    } else {
        ahead
    }
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
    let km = |a: (f64, f64), b: (f64, f64)| geodesic::distance(a, b).km();
    // A vertex on a port's shore may be on land (the search steps over the shore there), and
    // a stretch from it that crosses no coast would stay on land: only the last stretch into
    // the port's own shore may leave it.
    let on_land = |v: (f64, f64)| {
        (within_km(line[0], v, start_shore) || within_km(line[last], v, end_shore))
            && coast.on_land(v)
    };
    let mut out = vec![line[0]];
    let mut i = 0;
    let mut blockers = Blockers::default();
    while i < last {
        let mut j = last;
        let from_land = i > 0 && on_land(line[i]);
        while j > i + 1 {
            let skip_start = if i == 0 { start_shore } else { 0.0 };
            let skip_end = if j == last { end_shore } else { 0.0 };
            let ok = if from_land {
                j == last && km(line[i], line[j]) <= end_shore
            } else {
                clear_past_hinted(
                    coast,
                    (line[i], line[j]),
                    (skip_start, skip_end),
                    true,
                    &mut blockers,
                )
            };
            if ok {
                break;
            }
            j -= 1;
        }
        out.push(line[j]);
        i = j;
    }
    out
}

/// Whether `b` is within `km` of `a` (along the geodesic, to the bit): Lambert's formula
/// answers when the two are more than a few metres from the limit either way.
fn within_km(a: (f64, f64), b: (f64, f64), km: f64) -> bool {
    let (least, most) = km_bounds(a, b);
    if least > km {
        return false;
    }
    if most < km {
        return true;
    }
    geodesic::distance(a, b).km() <= km
}

/// Bounds on the geodesic distance between `a` and `b` in km, from Lambert's formula (within
/// a few metres of Karney's below 2,000 km) widened by 0.1 % and 10 m.
fn km_bounds(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let rough = lambert::distance_m(a, b) / 1000.0;
    let margin = rough * 1e-3 + 0.01;
    (rough - margin, rough + margin)
}

/// Length of a line in metres along geodesics.
pub fn length_m(points: &[(f64, f64)]) -> f64 {
    geodesic::length(points).metres()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `within_km` answers as the geodesic does, also for limits within metres (and a hair)
    /// of the distance, where Lambert's formula cannot tell and Karney's decides.
    #[test]
    fn within_km_agrees_with_the_geodesic() {
        let mut next = crate::networks::uniform(11);
        let mut exact_ties = 0;
        for _ in 0..2_000 {
            let a = (next() * 360.0 - 180.0, next() * 160.0 - 80.0);
            let b = (
                a.0 + (next() - 0.5) * 6.0,
                (a.1 + (next() - 0.5) * 4.0).clamp(-89.0, 89.0),
            );
            let d = geodesic::distance(a, b).km();
            for limit in [
                d,
                d - 1e-9,
                d + 1e-9,
                d - 0.005,
                d + 0.005,
                d * 0.9,
                d * 1.1,
            ] {
                assert_eq!(within_km(a, b, limit), d <= limit, "{a:?} {b:?} {limit}");
            }
            exact_ties += usize::from(within_km(a, b, d));
        }
        assert_eq!(exact_ties, 2_000);
    }

    /// A slot keeps the largest counts a window can need and tells generations apart.
    #[test]
    fn a_slot_round_trips() {
        let most = Steps {
            straight: (1 << Slot::COUNT_BITS) - 1,
            diagonal: (1 << Slot::COUNT_BITS) - 2,
        };
        let b = BLOCK as i8;
        let backs = [(1, 0), (-1, -1), (b, -b), (-b, b), (0, 0)];
        for (generation, (di, dj)) in [
            (1, backs[0]),
            (GENERATIONS, backs[1]),
            (77, backs[2]),
            (2, backs[3]),
            (5, backs[4]),
        ] {
            let back = Back { di, dj };
            let (g, b, steps) = Slot::unpack(Slot::pack(generation, back, most));
            assert_eq!((g, b, steps), (generation, back, most));
        }
        assert_eq!(
            Slot::unpack(0).0,
            0,
            "a fresh slot belongs to no generation"
        );
    }
}
