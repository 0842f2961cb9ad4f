//! A route file in the TOML form: any text must give a route or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = corridor::routes::toml_file::parse("fuzz.toml", text);
});
