//! An fst map from every distinct key of an index to its first entry, so that exact, prefix
//! and fuzzy lookups walk a compiled automaton instead of the sorted entries.
//!
//! `build.rs` writes the map of the bundled index next to it; a gazetteer over any other
//! index builds its own (small) map at run time. Keys are stored in the index's order (byte
//! order, which is also the fst's), and a key's entries follow its first one.
//!
//! This file is also compiled into the build script: it uses `std` and `fst` only.

use std::borrow::Cow;

use fst::raw::{Node, Output};
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};

use super::index::Index;

/// The fst bytes of `index`'s keys, each mapped to the position of its first entry.
pub fn write_key_map(index: &Index) -> Vec<u8> {
    let mut builder = MapBuilder::memory();
    let mut last = None;
    for n in 0..index.entry_count() {
        let k = index.entry(n).key;
        if last != Some(k) {
            builder
                .insert(k, n as u64)
                .expect("index keys are sorted and distinct");
            last = Some(k);
        }
    }
    builder.into_inner().expect("an in-memory fst")
}

/// A key map, borrowed from the binary or built for a small index.
pub struct KeyMap {
    map: Map<Cow<'static, [u8]>>,
}

impl KeyMap {
    /// The map `build.rs` compiled for the bundled index.
    pub fn embedded(bytes: &'static [u8]) -> KeyMap {
        KeyMap {
            map: Map::new(Cow::Borrowed(bytes)).expect("the build script writes a valid fst"),
        }
    }

    /// Builds the map of `index` (for indexes that are not bundled).
    pub fn of_index(index: &Index) -> KeyMap {
        KeyMap {
            map: Map::new(Cow::Owned(write_key_map(index))).expect("an fst just written"),
        }
    }

    /// The first entry whose key is `k`.
    pub fn first_entry(&self, k: &str) -> Option<usize> {
        self.map.get(k).map(|n| n as usize)
    }

    /// The first entry whose key is not less than `k` (`entry_count` if there is none).
    pub fn lower_bound(&self, k: &str, entry_count: usize) -> usize {
        let mut keys = self.map.range().ge(k).into_stream();
        keys.next().map_or(entry_count, |(_, n)| n as usize)
    }

    /// The first entries of the keys that `automaton` matches, in key order.
    ///
    /// A depth-first walk of its own rather than fst's stream: a transition the automaton
    /// rejects costs no node decoding, and no state is moved through a stack (three times as
    /// fast for the edit-distance automaton, whose state is two table rows).
    pub fn matching<A: Automaton>(&self, automaton: &A) -> Vec<usize> {
        let mut out = Vec::new();
        let fst = self.map.as_fst();
        let start = automaton.start();
        if automaton.can_match(&start) {
            self.walk(automaton, fst.root(), Output::zero(), &start, &mut out);
        }
        out
    }

    /// [`KeyMap::matching`] below `node`, reached in `state` with output `out`.
    fn walk<A: Automaton>(
        &self,
        automaton: &A,
        node: Node,
        out: Output,
        state: &A::State,
        found: &mut Vec<usize>,
    ) {
        for t in node.transitions() {
            let next = automaton.accept(state, t.inp);
            if !automaton.can_match(&next) {
                continue;
            }
            let child = self.map.as_fst().node(t.addr);
            let out = out.cat(t.out);
            if child.is_final() && automaton.is_match(&next) {
                found.push(out.cat(child.final_output()).value() as usize);
            }
            self.walk(automaton, child, out, &next, found);
        }
    }

    /// The fst itself (for `benches/search.rs`, which times other automata over it).
    pub fn fst(&self) -> &Map<Cow<'static, [u8]>> {
        &self.map
    }

    /// Size of the compiled map in bytes.
    pub fn len_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len()
    }
}
