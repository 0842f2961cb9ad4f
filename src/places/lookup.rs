//! Finding the entries of an index whose keys match a query: exactly, by prefix, by
//! substring, or within a few edits ("did you mean").
//!
//! Two ways: the fst key map (exact, prefix, fuzzy) with a byte search over the keys' text
//! (substrings), and the scans over every entry that they replaced, kept where they are
//! faster and as the oracle that tests and `benches/search.rs` compare against. [`Lookup`]
//! chooses; every choice returns the same entries in the same order.

use memchr::memmem::Finder;

use super::fuzzy::{Distance, Osa};
use super::index::{Entry, Index};
use super::key_map::KeyMap;

/// How keys are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lookup {
    /// The faster way for each kind of query (the gazetteer's).
    #[default]
    Best,
    /// The fst key map and the keys' text for every kind of query.
    Fst,
    /// Every entry visited, as before the key map.
    Scan,
}

/// The most edits for which the fst walk beats the scan in finding similar keys: each edit
/// allowed keeps more of the fst's branches alive, while the scan's cost hardly changes
/// (`benches/search.rs` times both; a query of 12 letters or more may be 4 edits away).
pub const FST_MAX_EDITS: usize = 3;

/// An index, its key map and the way to search them.
pub struct Keys {
    index: Index<'static>,
    /// The index's keys section ([`Index::keys_bytes`]).
    text: &'static [u8],
    map: KeyMap,
    pub how: Lookup,
}

impl Keys {
    pub fn new(index: Index<'static>, map: KeyMap) -> Keys {
        Keys {
            index,
            text: index.keys_bytes(),
            map,
            how: Lookup::default(),
        }
    }

    /// Entries whose key is `k`.
    pub fn exact(&self, k: &str) -> Vec<Entry<'static>> {
        match self.how {
            Lookup::Best | Lookup::Fst => self
                .map
                .first_entry(k)
                .map_or_else(Vec::new, |n| self.entries_of_key(n).collect()),
            Lookup::Scan => self.index.exact(k).collect(),
        }
    }

    /// Entries whose key starts with `k`, in key order.
    pub fn with_prefix(&self, k: &str) -> Vec<Entry<'static>> {
        match self.how {
            Lookup::Best | Lookup::Fst => {
                let start = self.map.lower_bound(k, self.index.entry_count());
                self.entries_from(start)
                    .take_while(|e| e.key.starts_with(k))
                    .collect()
            }
            Lookup::Scan => self.index.with_prefix(k).collect(),
        }
    }

    /// Entries whose key contains `k` other than at its start, in key order.
    pub fn containing(&self, k: &str) -> Vec<Entry<'static>> {
        match self.how {
            Lookup::Best | Lookup::Fst => self
                .keys_containing(k)
                .into_iter()
                .flat_map(|n| self.entries_of_key(n))
                .collect(),
            Lookup::Scan => self.scan(|key| !key.starts_with(k) && key.contains(k)),
        }
    }

    /// Entries whose key `distance` accepts, with their distance, in key order.
    pub fn similar(&self, distance: &Distance) -> Vec<(usize, Entry<'static>)> {
        let firsts = match self.how {
            Lookup::Best if distance.max() > FST_MAX_EDITS => None,
            Lookup::Best | Lookup::Fst => self.near_keys(distance),
            Lookup::Scan => None,
        };
        let Some(firsts) = firsts else {
            return self.scan_measured(|key| distance.of(key));
        };
        let mut out = Vec::new();
        for n in firsts {
            if let Some(d) = distance.of(self.index.entry(n).key) {
                out.extend(self.entries_of_key(n).map(|e| (d, e)));
            }
        }
        out
    }

    /// Every entry from the `n`th on.
    fn entries_from(&self, n: usize) -> impl Iterator<Item = Entry<'static>> + '_ {
        (n..self.index.entry_count()).map(|n| self.index.entry(n))
    }

    /// The entries of the key whose first entry is the `n`th.
    fn entries_of_key(&self, n: usize) -> impl Iterator<Item = Entry<'static>> + '_ {
        let k = self.index.entry(n).key;
        self.entries_from(n).take_while(move |e| e.key == k)
    }

    /// Entries whose key `keep` accepts, testing each distinct key once (entries come
    /// sorted by key).
    fn scan(&self, keep: impl Fn(&str) -> bool) -> Vec<Entry<'static>> {
        self.scan_measured(|key| keep(key).then_some(0))
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    }

    /// Entries whose key `measure` gives a value, with the value, measuring each distinct
    /// key once.
    fn scan_measured(
        &self,
        measure: impl Fn(&str) -> Option<usize>,
    ) -> Vec<(usize, Entry<'static>)> {
        let (mut last, mut value) = ("", None);
        let mut out = Vec::new();
        for e in self.entries_from(0) {
            if e.key != last {
                last = e.key;
                value = measure(e.key);
            }
            if let Some(v) = value {
                out.push((v, e));
            }
        }
        out
    }

    /// The first entries of the keys that may be within `distance` of its query: those the
    /// edit-distance automaton matches, plus those the query starts; sorted, each once.
    /// None when the query is too long for the automaton.
    fn near_keys(&self, distance: &Distance) -> Option<Vec<usize>> {
        let query = distance.query();
        let mut firsts = self.map.matching(&Osa::new(query, distance.max())?);
        if distance.takes_prefixes() {
            let start = self.map.lower_bound(query, self.index.entry_count());
            let mut last = "";
            for (n, e) in self.entries_from(start).enumerate() {
                if !e.key.starts_with(query) {
                    break;
                }
                if e.key != last {
                    firsts.push(start + n);
                    last = e.key;
                }
            }
            firsts.sort_unstable();
            firsts.dedup();
        }
        Some(firsts)
    }

    /// The first entries of the keys that contain `k` other than at their start, in key
    /// order. The index stores each distinct key once, in key order, one after another
    /// ([`Index::keys_bytes`]): one byte search over them finds every occurrence, and a
    /// binary search the key it lies in; an occurrence that runs across two keys is none.
    fn keys_containing(&self, k: &str) -> Vec<usize> {
        let finder = Finder::new(k);
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(found) = finder.find(&self.text[from..]) {
            let at = from + found;
            // The last entry whose key starts at or before `at`.
            let n = self.first_key_at_or_after(at + 1) - 1;
            let key = self.index.entry(n).key;
            let start = self.key_start(n);
            if at + k.len() > start + key.len() {
                from = at + 1;
                continue;
            }
            if !key.starts_with(k) {
                out.push(self.first_key_at_or_after(start));
            }
            from = start + key.len();
        }
        out
    }

    /// Where the key of entry `n` starts in the keys section.
    fn key_start(&self, n: usize) -> usize {
        self.index.entry(n).key.as_ptr() as usize - self.text.as_ptr() as usize
    }

    /// The first entry whose key starts at or after byte `at` of the keys section.
    fn first_key_at_or_after(&self, at: usize) -> usize {
        let (mut lo, mut hi) = (0, self.index.entry_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key_start(mid) < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::embedded;
    use crate::places::index::write_index;
    use crate::places::normalize::key;
    use crate::places::{Place, PlaceKind};

    /// What `keys` finds for `q` in each way: exact and prefix matches, then substrings or
    /// similar keys (the scans are slow: one or the other), as text.
    fn found(keys: &mut Keys, q: &str, similar: bool, ways: [Lookup; 3]) -> [String; 3] {
        let distance = Distance::new(q);
        let found = |keys: &Keys| {
            let last = if similar {
                format!("similar {:?}", keys.similar(&distance))
            } else {
                format!("containing {:?}", keys.containing(q))
            };
            let (exact, prefix) = (keys.exact(q), keys.with_prefix(q));
            format!("exact {exact:?}\nprefix {prefix:?}\n{last}")
        };
        ways.map(|how| {
            keys.how = how;
            found(keys)
        })
    }

    /// Asserts that the fst (and the default) find for `q` what the scans find.
    fn assert_same(keys: &mut Keys, q: &str, similar: bool) {
        let found = found(keys, q, similar, [Lookup::Scan, Lookup::Fst, Lookup::Best]);
        assert_eq!(found[1], found[0], "{q:?}: the fst against the scan");
        assert_eq!(found[2], found[0], "{q:?}: the default against the scan");
    }

    /// A small index of places with these names (ids `p0`, `p1`, …).
    fn small_index(names: &[&str]) -> Index<'static> {
        let places: Vec<(Place, u8)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let p = Place {
                    country: "BY".into(),
                    ..Place::new(
                        format!("p{i}"),
                        *name,
                        PlaceKind::City,
                        (53.9, 27.6),
                        "test",
                    )
                };
                (p, 0)
            })
            .collect();
        Index::open(Box::leak(write_index(&places).into_boxed_slice())).unwrap()
    }

    #[test]
    fn substrings_across_two_keys_or_at_a_start_are_not_found() {
        // Keys side by side in the keys section: `aab` `ab` `aba` `abab` `bab` `baba` `北京市`
        // `京北` and the ids `p0`…: occurrences run across them.
        let names = ["aab", "ab", "aba", "abab", "bab", "baba", "北京市", "京北"];
        let index = small_index(&names);
        let mut keys = Keys::new(index, KeyMap::of_index(&index));
        for q in [
            "a", "b", "ab", "ba", "aba", "bab", "abab", "baba", "bp", "p1", "1", "京", "北京", "x",
        ] {
            assert_same(&mut keys, q, false);
            assert_same(&mut keys, q, true);
        }
        keys.how = Lookup::Fst;
        let found: Vec<&str> = keys.containing("ab").iter().map(|e| e.key).collect();
        assert_eq!(found, ["aab", "bab", "baba"]);
    }

    /// Queries from the curated places' names, in turn: the name's key with two
    /// neighbouring letters swapped, with a letter dropped (both typos, for similar keys),
    /// its first five letters and its letters after the third (for substrings). Every
    /// `step`th place; true for the typos.
    fn curated_queries(step: usize) -> Vec<(String, bool)> {
        let index = embedded::index();
        let curated = (0..index.len() as u32).filter(|&i| index.tier(i) == 0);
        curated
            .step_by(step)
            .enumerate()
            .filter_map(|(n, i)| {
                let mut c: Vec<char> = key(&index.place(i).name).chars().collect();
                let at = n / 4 % c.len().saturating_sub(1).max(1);
                match n % 4 {
                    _ if c.len() < 2 => return None,
                    0 => c.swap(at, at + 1),
                    1 => drop(c.remove(at)),
                    2 => c.truncate(5),
                    _ => drop(c.drain(..3.min(c.len() - 1))),
                }
                Some((c.into_iter().collect(), n % 4 < 2))
            })
            .collect()
    }

    #[test]
    fn the_fst_finds_what_the_scans_find() {
        // A few hundred queries in a release build; the scans take a while in a debug one.
        let step = if cfg!(debug_assertions) { 8 } else { 1 };
        let queries = curated_queries(step);
        assert!(queries.len() * step > 300, "{}", queries.len());
        let mut keys = Keys::new(embedded::index(), embedded::key_map());
        for (q, typo) in &queries {
            // Beyond FST_MAX_EDITS the default scans for similar keys too (the fst alone is
            // the next test's): compare substrings there.
            let similar = *typo && Distance::new(q).max() <= FST_MAX_EDITS;
            assert_same(&mut keys, q, similar);
        }
    }

    #[test]
    fn the_fst_finds_keys_several_edits_away() {
        let mut keys = Keys::new(embedded::index(), embedded::key_map());
        for q in ["mikashevihcy", "komsomolsknamaure", "北京市", "vladivostk"] {
            assert_same(&mut keys, q, true);
        }
    }

    #[test]
    fn the_gazetteer_answers_as_with_the_scans() {
        let [scan, best] = [Lookup::Scan, Lookup::Best].map(|how| {
            let mut g = crate::Gazetteer::bundled();
            g.set_lookup(how);
            g
        });
        for (q, _) in curated_queries(if cfg!(debug_assertions) { 64 } else { 8 }) {
            assert_eq!(
                format!("{:?}", best.search(&q, 10)),
                format!("{:?}", scan.search(&q, 10)),
                "{q:?}"
            );
            assert_eq!(best.suggest(&q, 3), scan.suggest(&q, 3), "{q:?}");
            assert_eq!(best.resolve(&q, &[]), scan.resolve(&q, &[]), "{q:?}");
        }
    }
}
