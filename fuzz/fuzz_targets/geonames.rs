//! A GeoNames dump (`cities500.txt`) given with `--gazetteer`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corridor::places::geonames::parse(text);
});
