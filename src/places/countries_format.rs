//! The country borders file and its compiled form.
//!
//! `gazetteer/views/countries.tsv.gz` rows are `iso2 part ring coords` (see
//! `gazetteer/views/countries.py`): `ring` is `outer` or `hole`, `coords` is `x,y dx,dy …` in
//! 10⁻⁴ degrees, the first point absolute, the others differences. Parsing 300,000 points of
//! text took 30 ms, paid by every process that needed one country; so `build.rs` parses it
//! once ([`from_text`]) and embeds [`to_bytes`], which [`from_bytes`] reads back in about a
//! millisecond. This file is also compiled into the build script: it uses `std` only.

/// A polygon: iso2, part, and its rings (outer first, then holes) as ranges of `Rings::pts`.
pub type PolygonRings<'a> = (&'a str, &'a str, Vec<(usize, usize)>);

/// Ring vertices and the polygons over them.
pub struct Rings<'a> {
    /// Each ring closed (its first point repeated), so edge `i` is `pts[i]..pts[i + 1]`.
    pub pts: Vec<[i32; 2]>,
    pub polys: Vec<PolygonRings<'a>>,
}

/// Coordinates may not exceed ±180° / ±90° in units of 10⁻⁴°.
const MAX_X: i32 = 180 * 10_000;
const MAX_Y: i32 = 90 * 10_000;
const MAGIC: &[u8; 8] = b"CORCTY01";

/// Parses the TSV form.
pub fn from_text(text: &str) -> Result<Rings<'_>, String> {
    let mut pts: Vec<[i32; 2]> = Vec::new();
    let mut polys: Vec<PolygonRings> = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.is_empty() {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}", i + 1);
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 || f[0].len() != 2 {
            return Err(bad("expected `iso2 part ring coords`"));
        }
        let start = pts.len();
        let (mut x, mut y) = (0i32, 0i32);
        for (k, pair) in f[3].split(' ').enumerate() {
            let (dx, dy) = pair
                .split_once(',')
                .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)))
                .ok_or_else(|| bad("bad coordinate pair"))?;
            if k == 0 {
                (x, y) = (dx, dy);
            } else {
                (x, y) = (x + dx, y + dy);
            }
            if x.abs() > MAX_X || y.abs() > MAX_Y {
                return Err(bad("coordinate out of range"));
            }
            pts.push([x, y]);
        }
        if pts.len() - start < 3 {
            return Err(bad("ring of fewer than 3 points"));
        }
        pts.push(pts[start]);
        let ring = (start, pts.len());
        match f[2] {
            "outer" => polys.push((f[0], f[1], vec![ring])),
            "hole" => match polys.last_mut() {
                Some((iso, part, rings)) if *iso == f[0] && *part == f[1] => rings.push(ring),
                _ => return Err(bad("hole without its outer ring")),
            },
            _ => return Err(bad("ring is neither `outer` nor `hole`")),
        }
    }
    Ok(Rings { pts, polys })
}

/// The compiled form: magic, points (i32 x, y), then per polygon its iso2, part and rings;
/// integers little-endian.
pub fn to_bytes(r: &Rings) -> Vec<u8> {
    let mut b = MAGIC.to_vec();
    let u32le = |b: &mut Vec<u8>, v: usize| b.extend((v as u32).to_le_bytes());
    u32le(&mut b, r.pts.len());
    for p in &r.pts {
        b.extend(p[0].to_le_bytes());
        b.extend(p[1].to_le_bytes());
    }
    u32le(&mut b, r.polys.len());
    for (iso, part, rings) in &r.polys {
        b.extend(iso.as_bytes());
        b.push(part.len() as u8);
        b.extend(part.as_bytes());
        u32le(&mut b, rings.len());
        for &(s, e) in rings {
            u32le(&mut b, s);
            u32le(&mut b, e);
        }
    }
    b
}

/// Reads [`to_bytes`]' output.
pub fn from_bytes(b: &[u8]) -> Result<Rings<'_>, String> {
    let mut r = Reader { b, at: 0 };
    if r.take(8)? != MAGIC {
        return Err("not a compiled borders file".into());
    }
    let n = r.u32()?;
    let pts = r
        .take(n * 8)?
        .chunks_exact(8)
        .map(|c| [i32_le(&c[..4]), i32_le(&c[4..])])
        .collect::<Vec<_>>();
    let m = r.u32()?;
    let mut polys = Vec::with_capacity(m);
    for _ in 0..m {
        let iso = std::str::from_utf8(r.take(2)?).map_err(|e| e.to_string())?;
        let len = r.take(1)?[0] as usize;
        let part = std::str::from_utf8(r.take(len)?).map_err(|e| e.to_string())?;
        let k = r.u32()?;
        let mut rings = Vec::with_capacity(k);
        for _ in 0..k {
            let (s, e) = (r.u32()?, r.u32()?);
            if s >= e || e > pts.len() {
                return Err("ring out of range".into());
            }
            rings.push((s, e));
        }
        polys.push((iso, part, rings));
    }
    Ok(Rings { pts, polys })
}

fn i32_le(b: &[u8]) -> i32 {
    i32::from_le_bytes(b.try_into().expect("4 bytes"))
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self.b.get(self.at..self.at + n).ok_or("truncated")?;
        self.at += n;
        Ok(s)
    }

    fn u32(&mut self) -> Result<usize, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")) as usize)
    }
}
