//! An OurAirports `airports.csv` given with `--gazetteer`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corridor::places::ourairports::parse(text);
});
