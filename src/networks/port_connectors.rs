//! The connectors of the gazetteer's seaports, found once and bundled: a sea leg between
//! named ports then starts without a search for the way from each port to the lanes.
//!
//! A connector depends only on the port's position, the lanes and the coastline, so
//! `networks/sea/port_connectors.tsv.gz` holds one row per seaport position, made by
//! `cargo run --release --example port_connectors` with the searches the library runs for any
//! other point ([`super::sea::SeaNetwork::searched_snap`]). Its first line records a
//! fingerprint of the lanes and coastline it was made from; the build script compiles it
//! into a table sorted by position only when that fingerprint is the one of the network it
//! has just built, and else leaves the table empty (and warns), so a stale file slows legs
//! down but never changes an answer.
//!
//! This file is also compiled into the build script: it uses `std` only.
//!
//! ```text
//! header   magic "CORPC001", n_rows u32, n_points u32
//! rows     n_rows × [lon bits u64, lat bits u64, node u32, land_free u32, metres f64,
//!                    first point u32, points u32], sorted by (lon bits, lat bits)
//! points   n_points × [lon f64, lat f64]   the bends of the connectors round land
//! ```

use super::bytes::{check_end, f64_at, header_len, put_header, read_header, u32_at};

const MAGIC: &[u8; 8] = b"CORPC001";
const HEADER: usize = header_len(2);
const ROW: usize = 40;
/// The start of the file's first line, before the fingerprint.
const FIRST_LINE: &str = "# corridor port connectors, made by `cargo run --release --example port_connectors`; network fingerprint ";
const COLUMNS: &str = "lon\tlat\tnode\tmetres\tland_free\tline";

/// A port's connector as the table holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Connector {
    pub lon: f64,
    pub lat: f64,
    /// The lane node it reaches.
    pub node: u32,
    /// Its length (a straight connector's geodesic, or the length of its bends).
    pub metres: f64,
    /// False when no connector over water was found (the node is the nearest one).
    pub land_free: bool,
    /// Its bends between the port and the node (empty when straight).
    pub line: Vec<(f64, f64)>,
}

/// FNV-1a over the parts, in order: the fingerprint of the network a table was made from.
pub fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The rows as the bundled file's text, sorted by position (each number written so that it
/// reads back to the same bits).
pub fn to_tsv(rows: &[Connector], fingerprint: u64) -> String {
    let mut rows: Vec<&Connector> = rows.iter().collect();
    rows.sort_by_key(|r| (r.lon.to_bits(), r.lat.to_bits()));
    rows.dedup_by_key(|r| (r.lon.to_bits(), r.lat.to_bits()));
    let mut out = format!("{FIRST_LINE}{fingerprint:016x}\n{COLUMNS}\n");
    for r in rows {
        let line: Vec<String> = r.line.iter().map(|p| format!("{} {}", p.0, p.1)).collect();
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.lon,
            r.lat,
            r.node,
            r.metres,
            u8::from(r.land_free),
            line.join(";")
        ));
    }
    out
}

/// The rows of the bundled file's text, when it was made from the network of
/// `fingerprint`; `Err` says why not (a stale file, or a malformed line).
pub fn parse_tsv(text: &str, fingerprint: u64) -> Result<Vec<Connector>, String> {
    let mut lines = text.lines();
    let made_from = lines
        .next()
        .and_then(|l| l.strip_prefix(FIRST_LINE))
        .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        .ok_or("line 1: no network fingerprint")?;
    if made_from != fingerprint {
        return Err(format!(
            "made from another network (fingerprint {made_from:016x}, this one {fingerprint:016x})"
        ));
    }
    if lines.next() != Some(COLUMNS) {
        return Err(format!("line 2: the columns are not {COLUMNS:?}"));
    }
    lines
        .enumerate()
        .map(|(i, l)| parse_row(l).ok_or(format!("line {}: not a connector row", i + 3)))
        .collect()
}

fn parse_row(l: &str) -> Option<Connector> {
    let f: Vec<&str> = l.split('\t').collect();
    let [lon, lat, node, metres, land_free, line] = f[..] else {
        return None;
    };
    let point = |p: &str| {
        let (x, y) = p.split_once(' ')?;
        Some((x.parse().ok()?, y.parse().ok()?))
    };
    Some(Connector {
        lon: lon.parse().ok()?,
        lat: lat.parse().ok()?,
        node: node.parse().ok()?,
        metres: metres.parse().ok()?,
        land_free: land_free == "1",
        line: if line.is_empty() {
            Vec::new()
        } else {
            line.split(';').map(point).collect::<Option<_>>()?
        },
    })
}

/// The table the binary embeds (see the module doc); rows sorted by position.
pub fn write_table(rows: &[Connector]) -> Vec<u8> {
    let mut rows: Vec<&Connector> = rows.iter().collect();
    rows.sort_by_key(|r| (r.lon.to_bits(), r.lat.to_bits()));
    let points: usize = rows.iter().map(|r| r.line.len()).sum();
    let mut out = Vec::with_capacity(HEADER + rows.len() * ROW + points * 16);
    put_header(&mut out, MAGIC, &[rows.len(), points]);
    let mut first = 0u32;
    for r in &rows {
        out.extend(r.lon.to_bits().to_le_bytes());
        out.extend(r.lat.to_bits().to_le_bytes());
        out.extend(r.node.to_le_bytes());
        out.extend(u32::from(r.land_free).to_le_bytes());
        out.extend(r.metres.to_le_bytes());
        out.extend(first.to_le_bytes());
        out.extend((r.line.len() as u32).to_le_bytes());
        first += r.line.len() as u32;
    }
    for p in rows.iter().flat_map(|r| &r.line) {
        out.extend(p.0.to_le_bytes());
        out.extend(p.1.to_le_bytes());
    }
    out
}

/// Read-only view of the embedded table.
#[derive(Clone, Copy)]
pub struct PortConnectors<'a> {
    bytes: &'a [u8],
    rows: usize,
    points_at: usize,
}

impl<'a> PortConnectors<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<PortConnectors<'a>, String> {
        let [rows, points] = read_header(bytes, MAGIC, "not a port connector table")?;
        let points_at = HEADER + rows * ROW;
        check_end(
            bytes,
            points_at + points * 16,
            "port connector table is truncated",
        )?;
        Ok(PortConnectors {
            bytes,
            rows,
            points_at,
        })
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn key(&self, i: usize) -> (u64, u64) {
        let at = HEADER + i * ROW;
        let bits = |k: usize| u64::from_le_bytes(self.bytes[k..k + 8].try_into().expect("8 bytes"));
        (bits(at), bits(at + 8))
    }

    /// The connector of a port at exactly `p` (lon, lat), if the table has it.
    pub fn get(&self, p: (f64, f64)) -> Option<Connector> {
        let key = (p.0.to_bits(), p.1.to_bits());
        let (mut lo, mut hi) = (0, self.rows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == self.rows || self.key(lo) != key {
            return None;
        }
        let at = HEADER + lo * ROW;
        let (first, count) = (
            u32_at(self.bytes, at + 32) as usize,
            u32_at(self.bytes, at + 36) as usize,
        );
        let line = (first..first + count)
            .map(|k| {
                let q = self.points_at + k * 16;
                (f64_at(self.bytes, q), f64_at(self.bytes, q + 8))
            })
            .collect();
        Some(Connector {
            lon: p.0,
            lat: p.1,
            node: u32_at(self.bytes, at + 16),
            land_free: u32_at(self.bytes, at + 20) != 0,
            metres: f64_at(self.bytes, at + 24),
            line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(lon: f64, lat: f64, line: Vec<(f64, f64)>) -> Connector {
        Connector {
            lon,
            lat,
            node: 7,
            metres: 1234.5678901234,
            land_free: true,
            line,
        }
    }

    #[test]
    fn rows_go_through_text_and_table_to_the_same_bits() {
        let rows = vec![
            row(30.2334, 59.91801, vec![(30.1, 59.95), (29.9, 59.99)]),
            row(-0.1, 51.5, Vec::new()),
            row(131.888333, 43.108889, vec![(131.9, 43.0)]),
        ];
        let text = to_tsv(&rows, 42);
        let back = parse_tsv(&text, 42).unwrap();
        let table = write_table(&back);
        let t = PortConnectors::open(&table).unwrap();
        assert_eq!(t.len(), 3);
        for r in &rows {
            assert_eq!(t.get((r.lon, r.lat)).as_ref(), Some(r));
        }
        assert_eq!(t.get((30.2334, 59.918)), None);
    }

    #[test]
    fn a_file_made_from_another_network_is_refused() {
        let text = to_tsv(&[row(1.0, 2.0, Vec::new())], 42);
        assert!(
            parse_tsv(&text, 43)
                .unwrap_err()
                .contains("another network")
        );
        let broken = text.replace("\t7\t", "\tseven\t");
        assert_eq!(
            parse_tsv(&broken, 42).unwrap_err(),
            "line 3: not a connector row"
        );
    }
}
