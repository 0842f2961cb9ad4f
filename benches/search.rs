//! Gazetteer lookups, the fst key map against the scans it replaced, in one process on the
//! same queries, for `scripts/bench.py --search`.
//!
//! `cargo bench --bench search` prints one JSON object: for each query kind, query and
//! operation, the mean µs per call with each [`Lookup`] (the scans as before the key map,
//! the fst alone, and the gazetteer's choice), each the fastest of several timed batches,
//! and whether all three returned the same; fst's own Levenshtein automaton over the same
//! map, for comparison; and the key map's size and the time to build it (what `build.rs`
//! spends on it).

use std::time::{Duration, Instant};

use corridor::Gazetteer;
use corridor::places::fuzzy::Distance;
use corridor::places::key_map::{KeyMap, write_key_map};
use corridor::places::lookup::{FST_MAX_EDITS, Keys, Lookup};
use corridor::places::normalize::key;
use corridor::places::{Place, embedded};
use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Streamer};
use serde_json::{Value, json};

/// Batches per measurement; the fastest counts.
const BATCHES: usize = 5;
/// A batch repeats the call until it has taken at least this long.
const BATCH_TIME: Duration = Duration::from_millis(40);

/// Mean seconds per call of `f`, from the fastest batch.
fn time<T>(mut f: impl FnMut() -> T) -> f64 {
    std::hint::black_box(f());
    let mut best = f64::INFINITY;
    for _ in 0..BATCHES {
        let (t0, mut calls) = (Instant::now(), 0u32);
        while t0.elapsed() < BATCH_TIME {
            std::hint::black_box(f());
            calls += 1;
        }
        best = best.min(t0.elapsed().as_secs_f64() / f64::from(calls));
    }
    best
}

/// The lookups, in the order of a row's times.
const WAYS: [Lookup; 3] = [Lookup::Scan, Lookup::Fst, Lookup::Best];

/// One row: `op` timed with each lookup, and whether their results agree.
fn row<T: std::fmt::Debug>(
    kind: &str,
    query: &str,
    op: &str,
    mut f: impl FnMut(Lookup) -> T,
) -> Value {
    let results = WAYS.map(|how| format!("{:?}", f(how)));
    let [scan, fst, best] = WAYS.map(|how| time(|| f(how)) * 1e6);
    json!({"kind": kind, "query": query, "op": op, "scan_us": scan, "fst_us": fst,
           "best_us": best, "same": results.iter().all(|r| *r == results[0])})
}

/// The gazetteer and the bare keys with each lookup.
struct Ways {
    gazetteers: [Gazetteer; 3],
    keys: [Keys; 3],
}

impl Ways {
    fn new() -> Ways {
        Ways {
            gazetteers: WAYS.map(|how| {
                let mut g = Gazetteer::bundled();
                g.set_lookup(how);
                g
            }),
            keys: WAYS.map(|how| {
                let mut k = Keys::new(embedded::index(), embedded::key_map());
                k.how = how;
                k
            }),
        }
    }

    fn slot(how: Lookup) -> usize {
        WAYS.iter()
            .position(|&w| w == how)
            .expect("every lookup is timed")
    }

    fn gazetteer(&self, how: Lookup) -> &Gazetteer {
        &self.gazetteers[Ways::slot(how)]
    }

    fn keys(&self, how: Lookup) -> &Keys {
        &self.keys[Ways::slot(how)]
    }
}

/// The query kinds: key lookups alone (`Keys`), then the gazetteer operations that use them.
fn rows(b: &Ways) -> Vec<Value> {
    let mut out = Vec::new();
    for q in ["Minsk", "MSQ"] {
        let k = key(q);
        out.push(row("exact", q, "key lookup", |how| b.keys(how).exact(&k)));
        out.push(row("exact", q, "resolve", |how| {
            b.gazetteer(how).resolve(q, &[]).map(|p| p.id)
        }));
    }
    for q in ["Minsk", "Vladi", "Mikash", "Ulaanbaatar", "Zhoushan", "ab"] {
        let k = key(q);
        out.push(row("prefix", q, "key lookup", |how| {
            b.keys(how).with_prefix(&k)
        }));
    }
    out.push(row("prefix", "Minsk", "search", |how| {
        ids(b.gazetteer(how).search("Minsk", 10))
    }));
    for q in ["Wheel Tractor", "Mikaševičy", "Vladivostk"] {
        let k = key(q);
        out.push(row("substring", q, "key lookup", |how| {
            b.keys(how).containing(&k)
        }));
    }
    for q in [
        "Minks",
        "Brestt",
        "Mogilyov",
        "Vladivostk",
        "Mikaševičy",
        "Mikashevihcy",
        "Komsomolsk-na-Amure",
    ] {
        let d = Distance::new(&key(q));
        let mut lookup = row("fuzzy", q, "key lookup", |how| b.keys(how).similar(&d));
        let mut suggest = row("fuzzy", q, "suggest", |how| {
            let s = b.gazetteer(how).suggest(q, 3);
            s.into_iter().map(|p| p.id).collect::<Vec<_>>()
        });
        for r in [&mut lookup, &mut suggest] {
            r["edits"] = json!(d.max());
        }
        out.extend([lookup, suggest]);
    }
    for q in ["Mikaševičy", "Wheel Tractor", "Vladivostk"] {
        out.push(row("search", q, "search", |how| {
            ids(b.gazetteer(how).search(q, 10))
        }));
    }
    out
}

/// The ids of search hits, in order.
fn ids<Q>(hits: Vec<(Place, Q)>) -> Vec<String> {
    hits.into_iter().map(|(p, _)| p.id).collect()
}

/// fst's Levenshtein automaton over the same map, at one edit more than the suggestion
/// distance (a swap is two Levenshtein edits): build and search, or why it failed.
fn levenshtein(map: &KeyMap, q: &str) -> Value {
    let k = key(q);
    let widened = Distance::new(&k).max() as u32 + 1;
    let run = || -> Result<usize, String> {
        let automaton = Levenshtein::new(&k, widened).map_err(|e| e.to_string())?;
        let mut stream = map.fst().search(automaton).into_stream();
        let mut n = 0;
        while stream.next().is_some() {
            n += 1;
        }
        Ok(n)
    };
    match run() {
        Ok(keys) => json!({"query": q, "distance": widened, "keys": keys, "us": time(run) * 1e6}),
        Err(e) => json!({"query": q, "distance": widened, "error": e}),
    }
}

fn main() {
    let b = Ways::new();
    let index = embedded::index();
    let map = embedded::key_map();
    let started = Instant::now();
    let rebuilt = write_key_map(&index);
    let build_s = started.elapsed().as_secs_f64();
    assert_eq!(
        rebuilt.len(),
        map.len_bytes(),
        "the bundled key map is this index's"
    );
    let lev: Vec<Value> = ["Minks", "Vladivostk", "Mikashevihcy", "Komsomolsk-na-Amure"]
        .iter()
        .map(|q| levenshtein(&map, q))
        .collect();
    println!(
        "{}",
        json!({
            "entries": index.entry_count(),
            "keys": map.fst().len(),
            "key_map_bytes": map.len_bytes(),
            "key_map_build_s": build_s,
            "fst_max_edits": FST_MAX_EDITS,
            "rows": rows(&b),
            "levenshtein": lev,
        })
    );
}
