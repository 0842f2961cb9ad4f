//! "Did you mean": which keys are close enough to a query, and an automaton that finds them
//! in the fst key map without measuring every key.
//!
//! The distance is optimal string alignment over characters (`strsim::osa_distance`): a
//! swap of two neighbouring letters ("Minks" for Minsk), the commonest typo, is one edit.
//! fst's own Levenshtein automaton counts a swap as two edits and builds a DFA per query
//! (milliseconds, and refused beyond 10,000 states from about three edits on); [`Osa`]
//! instead carries the rows of the edit-distance table as its state: it costs nothing to
//! build and finds exactly the keys within the distance.

use fst::Automaton;

/// Whether a candidate key is close enough to a query, and how close.
pub struct Distance {
    query: String,
    max: usize,
    /// How often each byte (folded to 7 bits) occurs in the query.
    counts: [u32; 128],
}

impl Distance {
    /// The test for `query` (a match key): up to a third of its letters may differ, at least one.
    pub fn new(query: &str) -> Distance {
        let mut counts = [0u32; 128];
        for b in query.bytes() {
            counts[usize::from(b) & 127] += 1;
        }
        Distance {
            query: query.to_string(),
            max: (query.chars().count() / 3).max(1),
            counts,
        }
    }

    /// The query's match key.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The most edits a suggestion may be away.
    pub fn max(&self) -> usize {
        self.max
    }

    /// True when keys starting with the query count as one edit away (`minskwheel…` for
    /// `minskwheel`): for queries of four letters or more.
    pub fn takes_prefixes(&self) -> bool {
        self.query.len() >= 4
    }

    /// Edit distance of `cand` from the query, or None if too far.
    pub fn of(&self, cand: &str) -> Option<usize> {
        let k = &self.query;
        if self.takes_prefixes() && cand.starts_with(k.as_str()) {
            return Some(1);
        }
        if cand.len().abs_diff(k.len()) > self.max {
            return None;
        }
        // One edit changes the letter counts by at most 2: a cheap filter before the
        // quadratic edit distance. The counts differ by Σ|q − c| = |q| + |c| − 2 Σ min(q, c),
        // the letters the two share.
        let mut left = self.counts;
        let mut shared = 0;
        for b in cand.bytes() {
            let n = &mut left[usize::from(b) & 127];
            if *n > 0 {
                *n -= 1;
                shared += 1;
            }
        }
        if k.len() + cand.len() - 2 * shared > 2 * self.max {
            return None;
        }
        let d = strsim::osa_distance(k, cand);
        (d <= self.max).then_some(d)
    }
}

/// Longest query, in characters, that [`Osa`] takes (its state holds two table rows).
pub const OSA_MAX_CHARS: usize = 31;
const ROW: usize = OSA_MAX_CHARS + 1;

/// Matches the keys within `max` edits of a query (optimal string alignment over characters,
/// as `strsim::osa_distance` counts them) and at most `max` bytes longer than it.
///
/// A branch of the fst ends as soon as its keys are bound to be too far: when no entry of the
/// last row, plus the query letters that the rest of the key is too short to reach, is within
/// `max` (the smallest entry of a row never shrinks in later rows, swaps included, since a
/// swap's cell is at least its diagonal neighbour's), or when the key has more than `max`
/// letters the query lacks (each needs an edit of its own).
pub struct Osa {
    query: Vec<char>,
    max: u8,
    max_bytes: usize,
    /// Each letter's slot in `counts` (by [`bucket`]), or [`ABSENT`].
    slots: [u8; 128],
    /// How often the query has the letters of each slot.
    counts: [u8; ROW],
}

/// The slot of a letter the query lacks.
const ABSENT: u8 = u8::MAX;

/// Letters are counted by code below 127 and all others together.
fn bucket(c: char) -> usize {
    (c as usize).min(127)
}

/// How far [`Osa`] has read a key: the last two rows of the edit-distance table (capped at
/// `max + 1`), the last character, the query's letters used and the key's letters beyond
/// them, and a character whose UTF-8 bytes are partly read.
#[derive(Clone)]
pub struct OsaState {
    prev: [u8; ROW],
    row: [u8; ROW],
    used: [u8; ROW],
    extra: u8,
    last: char,
    chars: usize,
    bytes: usize,
    partial: u32,
    pending: u8,
    alive: bool,
}

impl Osa {
    /// The automaton for `query` (a match key) and `max` edits; None for a query over
    /// [`OSA_MAX_CHARS`] characters or more edits than that (which its rows cannot count).
    pub fn new(query: &str, max: usize) -> Option<Osa> {
        let query: Vec<char> = query.chars().collect();
        if query.len() > OSA_MAX_CHARS || max > OSA_MAX_CHARS {
            return None;
        }
        let (mut slots, mut counts, mut used) = ([ABSENT; 128], [0; ROW], 0);
        for &c in &query {
            let slot = &mut slots[bucket(c)];
            if *slot == ABSENT {
                *slot = used;
                used += 1;
            }
            counts[usize::from(*slot)] += 1;
        }
        Some(Osa {
            max_bytes: query.iter().map(|c| c.len_utf8()).sum::<usize>() + max,
            query,
            max: max as u8,
            slots,
            counts,
        })
    }

    /// Counts key character `c` against the query's letters; false once the key has more
    /// letters the query lacks than edits allowed.
    fn count(&self, s: &mut OsaState, c: char) -> bool {
        match self.slots[bucket(c)] {
            ABSENT => s.extra += 1,
            slot if s.used[usize::from(slot)] == self.counts[usize::from(slot)] => s.extra += 1,
            slot => s.used[usize::from(slot)] += 1,
        }
        s.extra <= self.max
    }

    /// Appends key character `c` as the next row of the table.
    fn step(&self, s: &mut OsaState, c: char) {
        let (q, cap) = (&self.query, self.max + 1);
        s.chars += 1;
        let mut row = [cap; ROW];
        row[0] = s.chars.min(usize::from(cap)) as u8;
        for j in 1..=q.len() {
            let diagonal = s.row[j - 1] + u8::from(q[j - 1] != c);
            let mut d = diagonal.min(s.row[j] + 1).min(row[j - 1] + 1);
            // A swap of two neighbouring characters is one edit.
            if s.chars >= 2 && j >= 2 && c != q[j - 1] && c == q[j - 2] && s.last == q[j - 1] {
                d = d.min(s.prev[j - 2] + 1);
            }
            row[j] = d.min(cap);
        }
        // The rest of the key has at most `left` characters.
        let left = self.max_bytes - s.bytes;
        s.alive = self.count(s, c)
            && (0..=q.len()).any(|j| {
                usize::from(row[j]) + (q.len() - j).saturating_sub(left) <= usize::from(self.max)
            });
        s.prev = s.row;
        s.row = row;
        s.last = c;
    }
}

/// Feeds one byte of UTF-8 to a partly read character; returns the character it completes.
fn push_byte(partial: &mut u32, pending: &mut u8, byte: u8) -> Option<char> {
    if *pending == 0 {
        let (bits, more) = match byte {
            0x00..=0x7f => return Some(char::from(byte)),
            0xc0..=0xdf => (byte & 0x1f, 1),
            0xe0..=0xef => (byte & 0x0f, 2),
            _ => (byte & 0x07, 3),
        };
        (*partial, *pending) = (u32::from(bits), more);
        return None;
    }
    *partial = (*partial << 6) | u32::from(byte & 0x3f);
    *pending -= 1;
    (*pending == 0).then(|| char::from_u32(*partial).unwrap_or(char::REPLACEMENT_CHARACTER))
}

impl Automaton for Osa {
    type State = OsaState;

    fn start(&self) -> OsaState {
        let mut row = [self.max + 1; ROW];
        for (j, d) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *d = j.min(usize::from(self.max) + 1) as u8;
        }
        OsaState {
            prev: row,
            row,
            used: [0; ROW],
            extra: 0,
            last: '\0',
            chars: 0,
            bytes: 0,
            partial: 0,
            pending: 0,
            alive: true,
        }
    }

    fn is_match(&self, s: &OsaState) -> bool {
        s.alive && s.pending == 0 && s.row[self.query.len()] <= self.max
    }

    fn can_match(&self, s: &OsaState) -> bool {
        s.alive
    }

    fn accept(&self, s: &OsaState, byte: u8) -> OsaState {
        let mut next = s.clone();
        next.bytes += 1;
        if !s.alive || next.bytes > self.max_bytes {
            next.alive = false;
        } else if let Some(c) = push_byte(&mut next.partial, &mut next.pending, byte) {
            self.step(&mut next, c);
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The automaton's verdict on a whole key.
    fn osa_matches(query: &str, max: usize, key: &str) -> bool {
        let a = Osa::new(query, max).unwrap();
        let mut s = a.start();
        for &b in key.as_bytes() {
            s = a.accept(&s, b);
        }
        a.is_match(&s)
    }

    #[test]
    fn the_automaton_agrees_with_strsim() {
        let words = [
            "minsk",
            "minks",
            "mnisk",
            "misnk",
            "nimsk",
            "minskk",
            "mins",
            "msk",
            "",
            "abcdef",
            "badcfe",
            "bacdef",
            "北京市",
            "北京县",
            "京北市",
            "minsk北",
            "vladivostok",
            "vladivostk",
            "mikashevichy",
            "mikashevihcy",
            "aaaa",
            "aaab",
            "ab",
            "ba",
        ];
        for q in words {
            for k in words {
                for max in 1..4 {
                    let want = strsim::osa_distance(q, k) <= max && k.len() <= q.len() + max;
                    assert_eq!(osa_matches(q, max, k), want, "{q:?} {k:?} {max}");
                }
            }
        }
    }

    /// The filter as it was written before `Distance`: the letter-count differences summed
    /// over a copy of the whole table.
    fn filter_before(query: &str, cand: &str) -> Option<usize> {
        let max = (query.chars().count() / 3).max(1);
        if cand.starts_with(query) && query.len() >= 4 {
            return Some(1);
        }
        if cand.len().abs_diff(query.len()) > max {
            return None;
        }
        let mut diff = [0i64; 128];
        for b in query.bytes() {
            diff[usize::from(b) & 127] += 1;
        }
        for b in cand.bytes() {
            diff[usize::from(b) & 127] -= 1;
        }
        if diff
            .iter()
            .map(|c| c.unsigned_abs() as usize)
            .sum::<usize>()
            > 2 * max
        {
            return None;
        }
        let d = strsim::osa_distance(query, cand);
        (d <= max).then_some(d)
    }

    #[test]
    fn the_filter_counts_letters_as_before() {
        let words = [
            "minsk",
            "minks",
            "msk",
            "mins",
            "minskwheel",
            "brest",
            "brestt",
            "berst",
            "mogilyov",
            "mahilyow",
            "vladivostok",
            "vladivostk",
            "mikashevichy",
            "mikashevihcy",
            "北京市",
            "北京",
            "京北市",
            "mińsk",
            "zzzz",
            "aaaaaaaa",
            "aaaabbbb",
        ];
        for q in words {
            let d = Distance::new(q);
            for k in words {
                assert_eq!(d.of(k), filter_before(q, k), "{q:?} {k:?}");
            }
        }
    }

    #[test]
    fn queries_too_long_for_the_rows_are_refused() {
        assert!(Osa::new(&"a".repeat(OSA_MAX_CHARS), 10).is_some());
        assert!(Osa::new(&"a".repeat(OSA_MAX_CHARS + 1), 10).is_none());
    }
}
