//! corridor's own gazetteer table, tab-separated (`places.tsv`, `--gazetteer x.tsv`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corridor::places::table::parse_tsv(text);
});
