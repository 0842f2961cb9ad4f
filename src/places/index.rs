//! The compact, sorted gazetteer index that the build script embeds in the binary.
//!
//! The bundled gazetteer has hundreds of thousands of rows; parsing them at start-up would
//! cost more than the whole 50 ms budget of `corridor places search`. The build script
//! therefore writes this index once, and at run time it is read in place: a lookup is a
//! binary search over fixed-size entries, and only the matching rows are parsed.
//!
//! Layout (all integers little-endian u32 unless noted):
//!
//! ```text
//! header   magic "CORGAZ01", n_places, n_entries, records_len, keys_len
//! places   n_places × [record_off, record_len, tier u8, kind u8, 0u16]
//! entries  n_entries × [key_off, place, key_len u16, field u8, 0u8]   sorted by key, tier, field
//! records  one tab-separated row per place, canonical column order (see CANONICAL_HEADER)
//! keys     match keys (see normalize::key), concatenated
//! ```
//!
//! This file is also compiled into the build script: it uses `std` only.

use super::normalize::key;
use super::place::{Place, PlaceKind};
use super::table::Columns;
use crate::networks::bytes::{check_end, header_len, put_header, read_header, u32_at};

const MAGIC: &[u8; 8] = b"CORGAZ01";
const HEADER_LEN: usize = header_len(4);
const PLACE_LEN: usize = 12;
const ENTRY_LEN: usize = 12;

/// Column order of the rows stored in the index (and of corridor's own TSV files).
pub const CANONICAL_HEADER: [&str; 12] = [
    "id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "aliases",
    "iata",
    "icao",
    "unlocode",
    "population",
    "source",
];

/// Which field of a place a key came from; lower is a stronger match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Id = 0,
    Code = 1,
    Name = 2,
    Alias = 3,
}

impl Field {
    fn from_u8(b: u8) -> Field {
        match b {
            0 => Field::Id,
            1 => Field::Code,
            2 => Field::Name,
            _ => Field::Alias,
        }
    }
}

/// Writes a place as one canonical tab-separated row.
pub fn place_to_row(p: &Place) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let aliases: Vec<String> = p
        .aliases
        .iter()
        .map(|a| clean(a).replace('|', "/"))
        .collect();
    [
        clean(&p.id),
        clean(&p.name),
        p.kind.as_str().to_string(),
        p.country.clone(),
        p.lat.to_string(),
        p.lon.to_string(),
        aliases.join("|"),
        p.iata.clone(),
        p.icao.clone(),
        p.unlocode.clone(),
        p.population.map(|n| n.to_string()).unwrap_or_default(),
        clean(&p.source),
    ]
    .join("\t")
}

/// The (key, field) pairs a place is found by.
pub fn place_keys(p: &Place) -> Vec<(String, Field)> {
    let mut keys = vec![(key(&p.id), Field::Id), (key(&p.name), Field::Name)];
    keys.extend(p.codes().map(|c| (key(c), Field::Code)));
    keys.extend(p.aliases.iter().map(|a| (key(a), Field::Alias)));
    keys.retain(|(k, _)| !k.is_empty());
    keys
}

/// Builds the index bytes. `tier` 0 is curated, higher tiers are imported data that curated
/// rows win over. Places must have unique ids (the caller resolves overrides).
pub fn write_index(places: &[(Place, u8)]) -> Vec<u8> {
    let mut records = Vec::new();
    let mut place_table = Vec::with_capacity(places.len() * PLACE_LEN);
    let mut raw_entries: Vec<(String, u8, Field, u32)> = Vec::new();
    for (i, (p, tier)) in places.iter().enumerate() {
        let row = place_to_row(p);
        place_table.extend_from_slice(&(records.len() as u32).to_le_bytes());
        place_table.extend_from_slice(&(row.len() as u32).to_le_bytes());
        place_table.push(*tier);
        place_table.push(p.kind as u8);
        place_table.extend_from_slice(&[0, 0]);
        records.extend_from_slice(row.as_bytes());
        for (k, field) in place_keys(p) {
            raw_entries.push((k, *tier, field, i as u32));
        }
    }
    raw_entries.sort();
    // One entry per (key, place): keep the strongest field.
    let mut seen = std::collections::HashSet::new();
    raw_entries.retain(|(k, _, _, place)| seen.insert((k.clone(), *place)));

    let mut keys = Vec::new();
    let mut entries = Vec::with_capacity(raw_entries.len() * ENTRY_LEN);
    let mut last: Option<(&str, u32)> = None;
    for (k, _, field, place) in &raw_entries {
        // Entries with equal keys share one copy of the key bytes.
        let off = match last {
            Some((prev, off)) if prev == k => off,
            _ => {
                let off = keys.len() as u32;
                keys.extend_from_slice(k.as_bytes());
                off
            }
        };
        last = Some((k, off));
        entries.extend_from_slice(&off.to_le_bytes());
        entries.extend_from_slice(&place.to_le_bytes());
        entries.extend_from_slice(&(k.len().min(u16::MAX as usize) as u16).to_le_bytes());
        entries.push(*field as u8);
        entries.push(0);
    }

    let mut out = Vec::with_capacity(
        HEADER_LEN + place_table.len() + entries.len() + records.len() + keys.len(),
    );
    let counts = [places.len(), raw_entries.len(), records.len(), keys.len()];
    put_header(&mut out, MAGIC, &counts);
    out.extend_from_slice(&place_table);
    out.extend_from_slice(&entries);
    out.extend_from_slice(&records);
    out.extend_from_slice(&keys);
    out
}

/// One key entry read back from the index.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub key: &'a str,
    pub place: u32,
    pub field: Field,
}

/// Read-only view of index bytes, parsed lazily.
#[derive(Clone, Copy)]
pub struct Index<'a> {
    bytes: &'a [u8],
    n_places: usize,
    n_entries: usize,
    entries_at: usize,
    records_at: usize,
    keys_at: usize,
}

impl<'a> Index<'a> {
    /// Opens index bytes written by [`write_index`]. Fails on a foreign or truncated blob.
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, String> {
        let [n_places, n_entries, records_len, keys_len] =
            read_header(bytes, MAGIC, "not a corridor gazetteer index")?;
        let entries_at = HEADER_LEN + n_places * PLACE_LEN;
        let records_at = entries_at + n_entries * ENTRY_LEN;
        let keys_at = records_at + records_len;
        check_end(bytes, keys_at + keys_len, "gazetteer index is truncated")?;
        Ok(Index {
            bytes,
            n_places,
            n_entries,
            entries_at,
            records_at,
            keys_at,
        })
    }

    pub fn len(&self) -> usize {
        self.n_places
    }

    pub fn is_empty(&self) -> bool {
        self.n_places == 0
    }

    pub fn entry_count(&self) -> usize {
        self.n_entries
    }

    fn place_slot(&self, i: u32) -> usize {
        HEADER_LEN + i as usize * PLACE_LEN
    }

    /// The tier of place `i` (0 = curated).
    pub fn tier(&self, i: u32) -> u8 {
        self.bytes[self.place_slot(i) + 8]
    }

    pub fn kind(&self, i: u32) -> PlaceKind {
        PlaceKind::ALL[self.bytes[self.place_slot(i) + 9] as usize]
    }

    /// The stored row of place `i`.
    pub fn row(&self, i: u32) -> &'a str {
        let slot = self.place_slot(i);
        let off = u32_at(self.bytes, slot) as usize;
        let len = u32_at(self.bytes, slot + 4) as usize;
        let at = self.records_at + off;
        std::str::from_utf8(&self.bytes[at..at + len]).expect("index rows are UTF-8")
    }

    /// The id of place `i`, without parsing the rest of its row.
    pub fn id(&self, i: u32) -> &'a str {
        self.row(i).split('\t').next().unwrap_or("")
    }

    /// Parses place `i`.
    pub fn place(&self, i: u32) -> Place {
        let columns = Columns::from_header(CANONICAL_HEADER).expect("canonical header");
        let fields: Vec<&str> = self.row(i).split('\t').collect();
        columns
            .place(&fields)
            .expect("index rows were validated at build time")
    }

    pub fn entry(&self, n: usize) -> Entry<'a> {
        let at = self.entries_at + n * ENTRY_LEN;
        let key_off = u32_at(self.bytes, at) as usize;
        let place = u32_at(self.bytes, at + 4);
        let key_len = u16::from_le_bytes([self.bytes[at + 8], self.bytes[at + 9]]) as usize;
        let field = Field::from_u8(self.bytes[at + 10]);
        let k = &self.bytes[self.keys_at + key_off..self.keys_at + key_off + key_len];
        Entry {
            key: std::str::from_utf8(k).expect("keys are ASCII"),
            place,
            field,
        }
    }

    /// First entry whose key is not less than `k`.
    fn lower_bound(&self, k: &str) -> usize {
        let (mut lo, mut hi) = (0, self.n_entries);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.entry(mid).key < k {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Entries whose key equals `k`.
    pub fn exact<'s>(&'s self, k: &'s str) -> impl Iterator<Item = Entry<'a>> + 's {
        let start = self.lower_bound(k);
        (start..self.n_entries)
            .map(|n| self.entry(n))
            .take_while(move |e| e.key == k)
    }

    /// Entries whose key starts with `prefix`.
    pub fn with_prefix<'s>(&'s self, prefix: &'s str) -> impl Iterator<Item = Entry<'a>> + 's {
        let start = self.lower_bound(prefix);
        (start..self.n_entries)
            .map(|n| self.entry(n))
            .take_while(move |e| e.key.starts_with(prefix))
    }

    /// Every entry, in key order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'a>> + '_ {
        (0..self.n_entries).map(|n| self.entry(n))
    }
}

impl<'a> Index<'a> {
    /// The keys section: every distinct key once, in key order, one after another; each
    /// entry's key is a slice of it (substring search reads it in one pass).
    pub fn keys_bytes(&self) -> &'a [u8] {
        &self.bytes[self.keys_at..]
    }
}
