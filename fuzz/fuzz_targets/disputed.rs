//! The disputed-areas table (`gazetteer/views/disputed.tsv`), and the point-in-ring test
//! its rings feed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(areas) = corridor::places::disputed::parse(text) {
        for p in [(27.6, 53.9), (34.0, 45.0), (0.0, 0.0)] {
            let _ = corridor::places::disputed::country_for(&areas, "XX", p);
        }
    }
});
