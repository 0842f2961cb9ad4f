//! A route file in the CSV form: any text must give routes or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corridor::routes::csv_file::parse("fuzz.csv", text);
});
