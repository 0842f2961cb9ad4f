//! Malformed input, one case per row: every input corridor reads (route TOML and CSV,
//! gazetteer TSV and CSV, GeoNames and OurAirports files, `places.tsv` and `corridor.toml`
//! beside routes, command-line values) given something wrong. Each case checks that corridor
//! does not panic, exits 2 for misuse of the command line and 1 for bad input data, prints
//! one line holding the expected `file:line:col` and remedy, keeps every line short however
//! long the value it echoes, and leaves an existing `-o` target byte-for-byte untouched.

use std::path::Path;
use std::process::Command;

/// What a case's file holds.
enum Body {
    Text(&'static str),
    Bytes(&'static [u8]),
    /// Made when the case runs (too big to write out).
    Gen(fn() -> Vec<u8>),
    /// A named pipe.
    Fifo,
    Dir,
    /// A listening Unix socket.
    Socket,
    /// A sparse file of this many bytes (zeros).
    Sparse(u64),
}

use Body::*;

struct Case {
    name: &'static str,
    files: &'static [(&'static str, Body)],
    args: &'static [&'static str],
    /// 0 accepted, 1 bad input data, 2 command-line misuse.
    code: i32,
    /// Substrings that one line of standard error holds together.
    expect: &'static [&'static str],
}

/// A route file whose one leg has these lines (after `[[legs]]` on line 2).
macro_rules! leg {
    ($($line:literal),* $(,)?) => { concat!("id = \"a\"\n[[legs]]\n", $($line, "\n"),*) };
}

/// A good air leg; `leg!` lines 3-5.
macro_rules! air {
    ($($line:literal),* $(,)?) => { leg!("mode = \"air\"", "from = \"URC\"", "to = \"MSQ\"" $(, $line)*) };
}

const OK: &str = air!();
const CSV_HEAD: &str = "route,mode,from,to\n";
const GAZ_HEAD: &str = "id\tname\tkind\tlat\tlon\n";
/// The first 15 of a GeoNames line's 19 columns, before lat/lon are filled in.
const GN_MINSK: &str = "625144\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n";

fn ten_mb_toml() -> Vec<u8> {
    let name = "A".repeat(10 << 20);
    format!("id = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"{name}\"\nto = \"MSQ\"\n").into_bytes()
}
fn ten_mb_csv() -> Vec<u8> {
    format!("{CSV_HEAD}r1,air,{},MSQ\n", "B".repeat(10 << 20)).into_bytes()
}
fn name_40k_toml() -> Vec<u8> {
    let name = "Minsk".repeat(8_000);
    format!("id = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"{name}\"\nto = \"MSQ\"\n").into_bytes()
}
fn name_40k_gazetteer() -> Vec<u8> {
    format!(
        "{GAZ_HEAD}long\t{}\tfacility\t53.9\t27.5\n",
        "Depot".repeat(8_000)
    )
    .into_bytes()
}
fn ten_mb_gazetteer_id() -> Vec<u8> {
    format!("{GAZ_HEAD}{}\tX\tcity\t53.9\t27.5\n", "Q".repeat(10 << 20)).into_bytes()
}
fn deep_arrays() -> Vec<u8> {
    format!("a = {}", "[".repeat(100_000)).into_bytes()
}
fn deep_tables() -> Vec<u8> {
    format!("a = {}", "{b = ".repeat(100_000)).into_bytes()
}
fn deep_table_headers() -> Vec<u8> {
    let path = vec!["x"; 100_000].join(".");
    format!("id = \"a\"\n[{path}]\n").into_bytes()
}
fn utf16(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    b
}
fn utf16_toml() -> Vec<u8> {
    utf16(OK)
}
fn utf16_toml_no_bom() -> Vec<u8> {
    utf16(OK)[2..].to_vec()
}
fn utf16_csv() -> Vec<u8> {
    utf16("route,mode,from,to\nr1,air,URC,MSQ\n")
}
fn utf16_gazetteer() -> Vec<u8> {
    utf16("id\tname\tkind\tlat\tlon\nx\tX\tcity\t1\t2\n")
}
fn utf16_be_toml() -> Vec<u8> {
    let mut b = vec![0xFE, 0xFF];
    b.extend(OK.encode_utf16().flat_map(u16::to_be_bytes));
    b
}

/// Route files, by the line and column of the problem.
#[rustfmt::skip]
const TOML_CASES: &[Case] = &[
    Case { name: "toml: unclosed string", files: &[("a.toml", Text("id = \"a\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:", "see the route format in the README"] },
    Case { name: "toml: empty file", files: &[("a.toml", Text(""))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:1: the file is empty", "[[legs]]"] },
    Case { name: "toml: only blank lines", files: &[("a.toml", Text("\n\n  \n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:1: the file is empty"] },
    Case { name: "toml: no id", files: &[("a.toml", Text("[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:1: missing field `id`", "README"] },
    Case { name: "toml: no legs", files: &[("a.toml", Text("id = \"a\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:6: the route has no legs", "add at least one [[legs]]"] },
    Case { name: "toml: unknown field", files: &[("a.toml", Text(air!("colour = \"red\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:1: unknown field `colour`"] },
    Case { name: "toml: unknown mode", files: &[("a.toml", Text(leg!("mode = \"plane\"", "from = \"URC\"", "to = \"MSQ\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:3:8: unknown mode \"plane\"", "use air, rail, sea or road"] },
    Case { name: "toml: mode as a number", files: &[("a.toml", Text(leg!("mode = 5", "from = \"URC\"", "to = \"MSQ\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:3:8: invalid type", "README"] },
    Case { name: "toml: empty place name", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = \"\"", "to = \"MSQ\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: empty place name", "write a gazetteer id, name or code"] },
    Case { name: "toml: unknown place", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = \"Minskk\"", "to = \"URC\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: unknown place \"Minskk\"", "did you mean", "corridor places search"] },
    Case { name: "toml: 10 MB place name", files: &[("a.toml", Gen(ten_mb_toml))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: unknown place \"AAAA", "AAA…\"", "corridor places search"] },
    Case { name: "toml: 40,000-character place name", files: &[("a.toml", Gen(name_40k_toml))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: unknown place \"MinskMinsk", "…\"", "corridor places search"] },
    Case { name: "toml: NUL byte", files: &[("a.toml", Bytes(b"id = \"a\x00\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:8: a NUL byte", "save it as UTF-8"] },
    Case { name: "toml: UTF-16 LE with BOM", files: &[("a.toml", Gen(utf16_toml))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:1: UTF-16 text", "save the file as UTF-8"] },
    Case { name: "toml: UTF-16 BE with BOM", files: &[("a.toml", Gen(utf16_be_toml))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:1: UTF-16 text", "save the file as UTF-8"] },
    Case { name: "toml: UTF-16 without BOM", files: &[("a.toml", Gen(utf16_toml_no_bom))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:2: a NUL byte", "UTF-16", "save it as UTF-8"] },
    Case { name: "toml: Latin-1 byte", files: &[("a.toml", Bytes(b"id = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"Z\xfcrich\"\nto = \"MSQ\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:10: not UTF-8: byte 0xFC", "save the file as UTF-8"] },
    Case { name: "toml: UTF-8 BOM accepted", files: &[("a.toml", Bytes(b"\xef\xbb\xbfid = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\n"))], args: &["check", "a.toml"], code: 0, expect: &[] },
    Case { name: "toml: CRLF accepted", files: &[("a.toml", Text("id = \"a\"\r\n[[legs]]\r\nmode = \"air\"\r\nfrom = \"URC\"\r\nto = \"MSQ\"\r\n"))], args: &["check", "a.toml"], code: 0, expect: &[] },
    Case { name: "toml: 100,000 nested arrays", files: &[("a.toml", Gen(deep_arrays))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:", "README"] },
    Case { name: "toml: 100,000 nested inline tables", files: &[("a.toml", Gen(deep_tables))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:", "README"] },
    Case { name: "toml: 100,000 dotted table keys", files: &[("a.toml", Gen(deep_table_headers))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:", "README"] },
    Case { name: "toml: truncated line", files: &[("a.toml", Text("id = \"a\"\n[[legs]]\nmode = \"air\"\nfrom = \"UR"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:", "README"] },
    Case { name: "toml: truncated table header", files: &[("a.toml", Text("id = \"a\"\n[[legs"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:", "README"] },
    Case { name: "toml: lat 91", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 91, lon = 100 }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: inline place \"D\": lat 91 is out of range -90..90", "north positive"] },
    Case { name: "toml: lon -181", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 50, lon = -181 }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: inline place \"D\": lon -181 is out of range -180..180", "east positive"] },
    Case { name: "toml: lat nan", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = nan, lon = 27 }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8:", "finite numbers", "decimal degrees"] },
    Case { name: "toml: lon inf", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 50, lon = inf }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8:", "finite numbers"] },
    Case { name: "toml: lat 1e400", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 1e400, lon = 27 }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:28: floating-point number overflowed", "README"] },
    Case { name: "toml: swapped lat and lon", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 120, lon = 50 }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8:", "look swapped"] },
    Case { name: "toml: date +024-01-01", files: &[("a.toml", Text(air!("start = \"+024-01-01\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: \"+024-01-01\" is not a date", "YYYY-MM-DD"] },
    Case { name: "toml: 30 February", files: &[("a.toml", Text(air!("start = \"2024-02-30\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: \"2024-02-30\": day 30 does not exist in 2024-02", "check the date"] },
    Case { name: "toml: month 13", files: &[("a.toml", Text(air!("end = 2024-13-01")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:"] },
    Case { name: "toml: date with trailing text", files: &[("a.toml", Text(air!("start = \"2024-01-08x\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: \"2024-01-08x\" is not a date", "YYYY-MM-DD"] },
    Case { name: "toml: end before start", files: &[("a.toml", Text(air!("start = \"2024-01-08\"", "end = \"2024-01-01\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:", "2024-01-01", "2024-01-08"] },
    Case { name: "toml: zero-length leg (one place both ends)", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = \"MSQ\"", "to = \"UMMS\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: leg 1 starts and ends at", "without going anywhere", "give two different places, a `via`, or a `path`"] },
    Case { name: "toml: zero-length leg, lenient too", files: &[("a.toml", Text(leg!("mode = \"road\"", "from = { name = \"D\", lat = 50, lon = 30 }", "to = { name = \"D\", lat = 50, lon = 30 }", "lenient = true" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: leg 1 starts and ends at", "without going anywhere"] },
    Case { name: "toml: trips 0", files: &[("a.toml", Text(air!("trips = 0")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: trips = 0 must be a whole number of at least 1"] },
    Case { name: "toml: trips -3", files: &[("a.toml", Text(air!("trips = -3")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: trips = -3 must be"] },
    Case { name: "toml: trips over 2^32", files: &[("a.toml", Text(air!("trips = 10000000000")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: trips = 10000000000 must be"] },
    Case { name: "toml: negative quantity", files: &[("a.toml", Text(air!("quantity = { value = -5, unit = \"t\" }")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:12: quantity value -5 must be a non-negative number"] },
    Case { name: "toml: unknown unit", files: &[("a.toml", Text(air!("quantity = { value = 5, unit = \"barrels\" }")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:12: unknown unit \"barrels\"", "use t, wagons"] },
    Case { name: "toml: bad confidence", files: &[("a.toml", Text("id = \"a\"\nconfidence = \"Z9\"\n[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:14: confidence \"Z9\" is not an Admiralty code", "e.g. B2"] },
    Case { name: "toml: route id not a slug", files: &[("a.toml", Text("id = \"Route A\"\n[[legs]]\nmode = \"air\"\nfrom = \"URC\"\nto = \"MSQ\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:1:6: route id \"Route A\" is not a slug", "lower-case ASCII"] },
    Case { name: "toml: IMO check digit", files: &[("a.toml", Text(air!("[legs.vehicle]", "imo = \"9074728\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:7:7: IMO number \"9074728\" fails its check digit", "check for a typo"] },
    Case { name: "toml: MMSI of 8 digits", files: &[("a.toml", Text(air!("[legs.vehicle]", "mmsi = 27300000")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:7:8: MMSI \"27300000\" must be 9 digits"] },
    Case { name: "toml: path of one point", files: &[("a.toml", Text(air!("path = [[87.47, 43.91]]")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:8: a path needs at least two [lon, lat] points"] },
    Case { name: "toml: path point out of range", files: &[("a.toml", Text(air!("path = [[87.47, 43.91], [27.57, 953.9]]")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:25: path point [27.57, 953.9]", "path points are [lon, lat]"] },
    Case { name: "toml: unknown passage on an air leg", files: &[("a.toml", Text(air!("avoid = [\"suez-canal\"]")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: unknown passage \"suez-canal\"", "use one of", "suez"] },
    Case { name: "toml: unknown passage at route level, road leg", files: &[("a.toml", Text("id = \"a\"\nrequire = [\"nowhere\"]\n[[legs]]\nmode = \"road\"\nfrom = \"Minsk\"\nto = \"Brest, BY\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:3:1: unknown passage \"nowhere\"", "use one of"] },
    Case { name: "toml: passage avoided and required on an air leg", files: &[("a.toml", Text(air!("avoid = [\"suez\"]", "require = [\"suez\"]")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: leg 1: passage \"suez\" is both avoided and required", "keep it in one of"] },
    Case { name: "toml: passage avoided and required on a sea leg", files: &[("a.toml", Text(leg!("mode = \"sea\"", "from = \"Rotterdam\"", "to = \"Shanghai\"", "avoid = [\"suez\"]", "require = [\"suez\"]" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: leg 1: passage \"suez\" is both avoided and required"] },
    Case { name: "toml: unknown country on an air leg", files: &[("a.toml", Text(air!("avoid_countries = [\"QQ\"]")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:2:1: no railway of the bundled network is in \"QQ\"", "give an ISO 3166-1 alpha-2 code"] },
    Case { name: "toml: unknown closure on a sea leg", files: &[("a.toml", Text("id = \"a\"\nclose = [\"gotthard\"]\n[[legs]]\nmode = \"sea\"\nfrom = \"Rotterdam\"\nto = \"Hamburg\"\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:3:1: unknown closure \"gotthard\"", "close a named segment"] },
    Case { name: "toml: negative rail cost", files: &[("a.toml", Text(air!("gauge_change_km = -5")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:19: gauge_change_km = -5 is not a distance in km between 0 and 100000"] },
    Case { name: "toml: inline place in an unknown CRS", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", x = 1, y = 2, crs = \"EPSG:99999\" }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: inline place \"D\": unknown CRS 'EPSG:99999'", "give an EPSG code"] },
    Case { name: "toml: inline place CRS without a code", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"D\", lat = 1, lon = 2, crs = \"WGS84\" }", "to = \"MSQ\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: inline place \"D\": CRS \"WGS84\": write it as AUTHORITY:CODE"] },
    Case { name: "toml: unknown kind of place", files: &[("a.toml", Text(leg!("mode = \"air\"", "from = { name = \"Minsk\", kind = \"town\" }", "to = \"URC\"" )))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:4:8: place \"Minsk\": unknown kind \"town\"", "use one of city"] },
    Case { name: "toml: one route id in two files", files: &[("a.toml", Text(OK)), ("b.toml", Text(OK))], args: &["build", "a.toml", "b.toml"], code: 1, expect: &["b.toml:1:6: route id \"a\" is already used in a.toml:1", "must be unique"] },
    Case { name: "route file of an unknown type", files: &[("a.txt", Text(OK))], args: &["build", "a.txt"], code: 1, expect: &["a.txt: unknown route file type", "use .toml"] },
];

#[rustfmt::skip]
const CSV_CASES: &[Case] = &[
    Case { name: "csv: empty file", files: &[("l.csv", Text(""))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:1:1: the file is empty", "header naming route, mode, from and to"] },
    Case { name: "csv: header only", files: &[("l.csv", Text(CSV_HEAD))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:1:1: the CSV has a header but no legs", "add one row per leg"] },
    Case { name: "csv: missing column", files: &[("l.csv", Text("route,mode,from\nr1,air,URC\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:1:1: the header has no `to` column", "needs route, mode, from and to"] },
    Case { name: "csv: unknown column", files: &[("l.csv", Text("route,mode,from,to,colour\nr1,air,URC,MSQ,red\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:1:20: unknown column \"colour\"", "the leg CSV columns are"] },
    Case { name: "csv: unknown mode", files: &[("l.csv", Text("route,mode,from,to\nr1,plane,URC,MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:4: unknown mode \"plane\"", "use air, rail, sea or road"] },
    Case { name: "csv: truncated quoted field", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"URC"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:"] },
    Case { name: "csv: CRLF accepted", files: &[("l.csv", Text("route,mode,from,to\r\nr1,air,URC,MSQ\r\n"))], args: &["check", "l.csv"], code: 0, expect: &[] },
    Case { name: "csv: UTF-8 BOM accepted", files: &[("l.csv", Bytes(b"\xef\xbb\xbfroute,mode,from,to\nr1,air,URC,MSQ\n"))], args: &["check", "l.csv"], code: 0, expect: &[] },
    Case { name: "csv: Latin-1 byte", files: &[("l.csv", Bytes(b"route,mode,from,to\nr1,air,Z\xfcrich,MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:9: not UTF-8: byte 0xFC", "save the file as UTF-8"] },
    Case { name: "csv: UTF-16", files: &[("l.csv", Gen(utf16_csv))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:1:1: UTF-16 text", "save the file as UTF-8"] },
    Case { name: "csv: NUL byte", files: &[("l.csv", Bytes(b"route,mode,from,to\nr1,air,UR\x00C,MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:10: a NUL byte", "save it as UTF-8"] },
    Case { name: "csv: 10 MB place name", files: &[("l.csv", Gen(ten_mb_csv))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: unknown place \"BBB", "BB…\""] },
    Case { name: "csv: inline lat 91", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ 91, 100\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: inline place \"D\": lat 91 is out of range"] },
    Case { name: "csv: inline lon -181", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ 50, -181\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: inline place \"D\": lon -181 is out of range"] },
    Case { name: "csv: inline NaN", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ NaN, 27\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: inline place \"D\": coordinates must be finite numbers"] },
    Case { name: "csv: inline inf", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ 50, inf\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: inline place \"D\": coordinates must be finite numbers"] },
    Case { name: "csv: inline 1e400", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ 1e400, 27\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: inline place \"D\": coordinates must be finite numbers"] },
    Case { name: "csv: inline place without numbers", files: &[("l.csv", Text("route,mode,from,to\nr1,air,\"D @ north, east\",MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:8: \"D @ north, east\": write an inline place as `Name @ lat, lon`"] },
    Case { name: "csv: trips 0", files: &[("l.csv", Text("route,mode,from,to,trips\nr1,air,URC,MSQ,0\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: trips \"0\" must be a whole number of at least 1"] },
    Case { name: "csv: decimal comma in quantity", files: &[("l.csv", Text("route,mode,from,to,quantity,unit\nr1,air,URC,MSQ,\"1,5\",t\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: quantity \"1,5\" is ambiguous", "write a decimal point"] },
    Case { name: "csv: quantity without unit", files: &[("l.csv", Text("route,mode,from,to,quantity\nr1,air,URC,MSQ,5\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: a quantity needs a `unit`"] },
    Case { name: "csv: date +024-01-01", files: &[("l.csv", Text("route,mode,from,to,start\nr1,air,URC,MSQ,+024-01-01\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: \"+024-01-01\" is not a date", "YYYY-MM-DD"] },
    Case { name: "csv: end before start", files: &[("l.csv", Text("route,mode,from,to,start,end\nr1,air,URC,MSQ,2024-01-08,2024-01-01\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:", "2024-01-01", "2024-01-08"] },
    Case { name: "csv: zero-length leg", files: &[("l.csv", Text("route,mode,from,to\nr1,rail,Minsk,Minsk\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:1: leg 1 starts and ends at", "give two different places, a `via`, or a `path`"] },
    Case { name: "csv: legs_connect not a yes/no", files: &[("l.csv", Text("route,mode,from,to,legs_connect\nr1,air,URC,MSQ,maybe\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: legs_connect \"maybe\" must be true or false"] },
    Case { name: "csv: lenient not a yes/no", files: &[("l.csv", Text("route,mode,from,to,lenient\nr1,air,URC,MSQ,Sure\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: lenient \"sure\" must be true or false"] },
    Case { name: "csv: path point not a pair", files: &[("l.csv", Text("route,mode,from,to,path\nr1,air,URC,MSQ,87.47 43.91; 27.57\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: path point \"27.57\"", "write the path as `lon lat; lon lat; …`"] },
    Case { name: "csv: route title given twice, differently", files: &[("l.csv", Text("route,title,mode,from,to\nr1,One,air,URC,MSQ\nr1,Two,air,MSQ,URC\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:3:4: route \"r1\" already has title \"One\"", "give route-level values once or identically"] },
    Case { name: "csv: empty route", files: &[("l.csv", Text("route,mode,from,to\n,air,URC,MSQ\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:1: empty `route`", "every row names the route"] },
    Case { name: "csv: unknown passage on an air leg", files: &[("l.csv", Text("route,mode,from,to,avoid\nr1,air,URC,MSQ,suez|panamaa\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:1: unknown passage \"panamaa\"", "use one of"] },
    Case { name: "csv: unknown country on a road leg", files: &[("l.csv", Text("route,mode,from,to,avoid_countries\nr1,road,Minsk,\"Brest, BY\",XX\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:1: no railway of the bundled network is in \"XX\""] },
    Case { name: "csv: rail cost not a number", files: &[("l.csv", Text("route,mode,from,to,border_crossing_km\nr1,air,URC,MSQ,lots\n"))], args: &["build", "l.csv"], code: 1, expect: &["l.csv:2:16: border_crossing_km \"lots\" is not a number of km"] },
];

#[rustfmt::skip]
const GAZETTEER_CASES: &[Case] = &[
    Case { name: "gazetteer tsv: lat out of range", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t153.9\t127.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:10: lat 153.9 is out of range -90..90", "north positive"] },
    Case { name: "gazetteer tsv: lon out of range", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t53.9\t-181\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:15: lon -181 is out of range -180..180"] },
    Case { name: "gazetteer tsv: lat NaN", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\tNaN\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:", "coordinates must be finite numbers"] },
    Case { name: "gazetteer tsv: lon inf", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t53.9\tinf\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:15: coordinates must be finite numbers"] },
    Case { name: "gazetteer tsv: lat 1e400", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t1e400\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:", "coordinates must be finite numbers"] },
    Case { name: "gazetteer tsv: lat not a number", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\tN53\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:10: lat \"N53\" is not a number", "write decimal degrees such as 53.9"] },
    Case { name: "gazetteer tsv: unknown kind", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\ttown\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:5: unknown kind \"town\"", "use one of city"] },
    Case { name: "gazetteer tsv: id not a slug", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nDepot 7\tX\tcity\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:1: id \"Depot 7\" is not a slug", "lower-case ASCII"] },
    Case { name: "gazetteer tsv: 10 MB id", files: &[("g.tsv", Gen(ten_mb_gazetteer_id))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:1: id \"QQQ", "QQ…\" is not a slug"] },
    Case { name: "gazetteer tsv: empty name", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\t\tcity\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:3: place \"x\" has an empty `name`", "give it a name"] },
    Case { name: "gazetteer tsv: duplicate id", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t53.9\t27.5\ny\tY\tcity\t53\t27\nx\tX2\tcity\t54\t28\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:4:1: id \"x\" is already used on line 2 of this file", "give each place its own id"] },
    Case { name: "gazetteer tsv: unknown country code", files: &[("g.tsv", Text("id\tname\tkind\tcountry\tlat\tlon\nx\tX\tcity\tUK\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:10: country \"UK\" is not an assigned ISO 3166-1 alpha-2 code", "leave it empty"] },
    Case { name: "gazetteer tsv: country name for a code", files: &[("g.tsv", Text("id\tname\tkind\tcountry\tlat\tlon\nx\tX\tcity\tBelarus\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:10: country \"BELARUS\" is not an ISO 3166-1 alpha-2 code such as BY"] },
    Case { name: "gazetteer tsv: population not a number", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\tpopulation\nx\tX\tcity\t53.9\t27.5\t2 million\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:20: population \"2 million\" is not a whole number"] },
    Case { name: "gazetteer tsv: header without lon", files: &[("g.tsv", Text("id\tname\tkind\tlat\nx\tX\tcity\t53.9\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:1:1: unrecognised gazetteer format", "give a table with a header naming id, name, kind, lat, lon"] },
    Case { name: "gazetteer tsv: header only", files: &[("g.tsv", Text(GAZ_HEAD))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:1: the file gives no places", "add one row per place"] },
    Case { name: "gazetteer: empty file", files: &[("g.tsv", Text(""))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:1:1: unrecognised gazetteer format"] },
    Case { name: "gazetteer tsv: UTF-16", files: &[("g.tsv", Gen(utf16_gazetteer))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:1:1: UTF-16 text", "save the file as UTF-8"] },
    Case { name: "gazetteer tsv: Latin-1 byte", files: &[("g.tsv", Bytes(b"id\tname\tkind\tlat\tlon\nx\tZ\xfcrich\tcity\t47.4\t8.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:4: not UTF-8: byte 0xFC", "save the file as UTF-8"] },
    Case { name: "gazetteer tsv: NUL byte", files: &[("g.tsv", Bytes(b"id\tname\tkind\tlat\tlon\nx\tX\x00\tcity\t47.4\t8.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:4: a NUL byte"] },
    Case { name: "gazetteer tsv: 40,000-character name accepted", files: &[("g.tsv", Gen(name_40k_gazetteer))], args: &["places", "show", "long", "--gazetteer", "g.tsv"], code: 0, expect: &[] },
    Case { name: "gazetteer tsv: CRLF accepted", files: &[("g.tsv", Text("id\tname\tkind\tlat\tlon\r\nx\tXdepot\tcity\t53.9\t27.5\r\n"))], args: &["places", "show", "x", "--gazetteer", "g.tsv"], code: 0, expect: &[] },
    Case { name: "gazetteer tsv: UTF-8 BOM accepted", files: &[("g.tsv", Bytes(b"\xef\xbb\xbfid\tname\tkind\tlat\tlon\nx\tXdepot\tcity\t53.9\t27.5\n"))], args: &["places", "show", "x", "--gazetteer", "g.tsv"], code: 0, expect: &[] },
    Case { name: "gazetteer tsv: unknown CRS", files: &[("g.tsv", Text("id\tname\tkind\tcrs\tx\ty\nd\tD\tfacility\tEPSG:99999\t1\t2\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:14: unknown CRS 'EPSG:99999'", "give an EPSG code"] },
    Case { name: "gazetteer tsv: lat/lon in a projected CRS", files: &[("g.tsv", Text("id\tname\tkind\tcrs\tlat\tlon\nx\tX\tfacility\tEPSG:3857\t53.9\t27.5\n"))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv:2:14: crs EPSG:3857 is projected (metres) but the row gives lat and lon", "put its easting and northing in x and y"] },
    Case { name: "gazetteer csv: lat out of range", files: &[("g.csv", Text("id,name,kind,lat,lon\nx,\"Depot, north\",city,95,200\n"))], args: &["build", "--gazetteer", "g.csv"], code: 1, expect: &["g.csv:2:23: lat 95 is out of range -90..90"] },
    Case { name: "gazetteer csv: unknown kind", files: &[("g.csv", Text("id,name,kind,lat,lon\nx,X,village,53.9,27.5\n"))], args: &["build", "--gazetteer", "g.csv"], code: 1, expect: &["g.csv:2:5: unknown kind \"village\""] },
    Case { name: "gazetteer csv: duplicate id", files: &[("g.csv", Text("id,name,kind,lat,lon\nx,X,city,53.9,27.5\nx,Y,city,53,27\n"))], args: &["build", "--gazetteer", "g.csv"], code: 1, expect: &["g.csv:3:1: id \"x\" is already used on line 2 of this file"] },
    Case { name: "gazetteer csv: unclosed quote", files: &[("g.csv", Text("id,name,kind,lat,lon\nx,\"X,city,53.9,27.5\n"))], args: &["build", "--gazetteer", "g.csv"], code: 1, expect: &["g.csv:2:"] },
    Case { name: "gazetteer: a folder", files: &[("g.tsv", Dir)], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv: is a folder, not a file", "give the gazetteer file itself"] },
    Case { name: "gazetteer: a FIFO", files: &[("g.tsv", Fifo)], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv: is a FIFO (named pipe), not a file", "save a stream to a file first"] },
    Case { name: "gazetteer: a socket", files: &[("g.sock", Socket)], args: &["build", "--gazetteer", "g.sock"], code: 1, expect: &["g.sock: is a socket, not a file"] },
    Case { name: "gazetteer: /dev/zero", files: &[], args: &["build", "--gazetteer", "/dev/zero"], code: 1, expect: &["/dev/zero: is a character device, not a file"] },
    Case { name: "gazetteer: missing file", files: &[], args: &["build", "--gazetteer", "nope.tsv"], code: 1, expect: &["nope.tsv: cannot read: No such file"] },
    Case { name: "gazetteer: over the size limit", files: &[("g.tsv", Sparse((2 << 30) + 1))], args: &["build", "--gazetteer", "g.tsv"], code: 1, expect: &["g.tsv: 2.0 GiB is over the 2.0 GiB limit for a gazetteer file", "split it into smaller files"] },
    Case { name: "geonames: short line", files: &[("cities.txt", Text(concat!("625144\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n", "625145\tX\tX\n" )))], args: &["build", "--gazetteer", "cities.txt"], code: 1, expect: &["cities.txt:2: a GeoNames line has 19 tab-separated columns, this one has 3", "check for a cut or merged line"] },
    Case { name: "geonames: lat out of range", files: &[("cities.txt", Text("625144\tMinsk\tMinsk\tMensk\t93.9\t227.5\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n"))], args: &["build", "--gazetteer", "cities.txt"], code: 1, expect: &["cities.txt:1:26: lat 93.9 is out of range"] },
    Case { name: "geonames: geonameid not a number", files: &[("cities.txt", Text(concat!("625144\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n", "62x\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n" )))], args: &["build", "--gazetteer", "cities.txt"], code: 1, expect: &["cities.txt:2:1: geonameid \"62x\" is not a number"] },
    Case { name: "geonames: duplicate geonameid", files: &[("cities.txt", Text(concat!("625144\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n", "625144\tMinsk\tMinsk\tMensk\t53.9\t27.56667\tP\tPPLC\tBY\t\t5\t\t\t\t1742124\t\t222\tEurope/Minsk\t2023-01-01\n" )))], args: &["build", "--gazetteer", "cities.txt"], code: 1, expect: &["cities.txt:2:1: id \"gn-625144\" is already used on line 1 of this file"] },
    Case { name: "geonames: accepted", files: &[("cities.txt", Text(GN_MINSK))], args: &["places", "show", "gn-625144", "--gazetteer", "cities.txt"], code: 0, expect: &[] },
    Case { name: "ourairports: lat not a number", files: &[("airports.csv", Text(concat!("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\",\"iso_country\"\n", "1,\"UMMS\",\"large_airport\",\"Minsk\",north,28.03,\"BY\"\n" )))], args: &["build", "--gazetteer", "airports.csv"], code: 1, expect: &["airports.csv:2:34: lat \"north\" is not a number"] },
    Case { name: "ourairports: empty ident", files: &[("airports.csv", Text(concat!("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\",\"iso_country\"\n", "1,\"\",\"large_airport\",\"Minsk\",53.88,28.03,\"BY\"\n" )))], args: &["build", "--gazetteer", "airports.csv"], code: 1, expect: &["airports.csv:2:3: empty `ident`; every airport needs one"] },
    Case { name: "ourairports: no longitude column", files: &[("airports.csv", Text("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\"\n1,\"UMMS\",\"large_airport\",\"Minsk\",53.88\n"))], args: &["build", "--gazetteer", "airports.csv"], code: 1, expect: &["airports.csv:1: an OurAirports file needs a `longitude_deg` column"] },
    Case { name: "ourairports: duplicate ident", files: &[("airports.csv", Text(concat!("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\",\"iso_country\"\n", "1,\"UMMS\",\"large_airport\",\"Minsk\",53.88,28.03,\"BY\"\n", "2,\"UMMS\",\"large_airport\",\"Minsk 2\",53.88,28.03,\"BY\"\n" )))], args: &["build", "--gazetteer", "airports.csv"], code: 1, expect: &["airports.csv:3:1: id \"ap-umms\" is already used on line 2 of this file"] },
    Case { name: "ourairports: accepted", files: &[("airports.csv", Text(concat!("\"id\",\"ident\",\"type\",\"name\",\"latitude_deg\",\"longitude_deg\",\"iso_country\"\n", "1,\"XXXX\",\"small_airport\",\"Test field\",53.88,28.03,\"BY\"\n" )))], args: &["places", "show", "ap-xxxx", "--gazetteer", "airports.csv"], code: 0, expect: &[] },
];

#[rustfmt::skip]
const BESIDE_CASES: &[Case] = &[
    Case { name: "places.tsv beside routes: bad row", files: &[("r/a.toml", Text(OK)), ("r/places.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t99\t199\n"))], args: &["build", "r"], code: 1, expect: &["r/places.tsv:2:10: lat 99 is out of range"] },
    Case { name: "places.tsv beside routes: a folder", files: &[("r/a.toml", Text(OK)), ("r/places.tsv", Dir)], args: &["build", "r"], code: 1, expect: &["r/places.tsv: is a folder, not a file"] },
    Case { name: "places.tsv beside a route file: a FIFO", files: &[("r/a.toml", Text(OK)), ("r/places.tsv", Fifo)], args: &["build", "r/a.toml"], code: 1, expect: &["r/places.tsv: is a FIFO (named pipe), not a file"] },
    Case { name: "corridor.toml: syntax", files: &[("r/a.toml", Text(OK)), ("r/corridor.toml", Text("gazetteers = [\"x.tsv\"\n"))], args: &["build", "r"], code: 1, expect: &["r/corridor.toml:", "a corridor.toml holds `gazetteers = [\"file.tsv\", …]`"] },
    Case { name: "corridor.toml: unknown key", files: &[("r/a.toml", Text(OK)), ("r/corridor.toml", Text("gazeteers = [\"x.tsv\"]\n"))], args: &["build", "r"], code: 1, expect: &["r/corridor.toml:1:1: unknown field `gazeteers`", "a corridor.toml holds"] },
    Case { name: "corridor.toml: missing gazetteer", files: &[("r/a.toml", Text(OK)), ("r/corridor.toml", Text("gazetteers = [\"nope.tsv\"]\n"))], args: &["build", "r"], code: 1, expect: &["r/corridor.toml: gazetteer \"nope.tsv\" not found", "fix the path, relative to this file"] },
    Case { name: "corridor.toml: a FIFO", files: &[("r/a.toml", Text(OK)), ("r/corridor.toml", Fifo)], args: &["build", "r"], code: 1, expect: &["r/corridor.toml: is a FIFO (named pipe), not a file"] },
    Case { name: "corridor.toml: names a bad gazetteer", files: &[("r/a.toml", Text(OK)), ("r/corridor.toml", Text("gazetteers = [\"g.tsv\"]\n")), ("r/g.tsv", Text("id\tname\tkind\tlat\tlon\nx\tX\tcity\t1\t2\nx\tY\tcity\t1\t2\n"))], args: &["build", "r"], code: 1, expect: &["r/g.tsv:3:1: id \"x\" is already used on line 2"] },
];

#[rustfmt::skip]
const ARGUMENT_CASES: &[Case] = &[
    Case { name: "route argument: a FIFO", files: &[("a.toml", Fifo)], args: &["build", "a.toml"], code: 1, expect: &["a.toml: is a FIFO (named pipe), not a route file", "give route files"] },
    Case { name: "route argument: a socket", files: &[("a.sock", Socket)], args: &["build", "a.sock"], code: 1, expect: &["a.sock: is a socket, not a route file"] },
    Case { name: "route argument: a device", files: &[], args: &["build", "/dev/urandom"], code: 1, expect: &["/dev/urandom: is a character device, not a route file"] },
    Case { name: "route argument: missing", files: &[], args: &["build", "nope.toml"], code: 1, expect: &["nope.toml: no such file or folder", "give route files"] },
    Case { name: "route argument: empty folder", files: &[("r", Dir)], args: &["build", "r"], code: 1, expect: &["r: the folder holds no *.toml or *.csv route files"] },
    Case { name: "route file over the size limit", files: &[("big.csv", Sparse((256 << 20) + 1))], args: &["build", "big.csv"], code: 1, expect: &["big.csv: 256.0 MiB is over the 256.0 MiB limit for a route file", "split it into smaller files"] },
];

#[rustfmt::skip]
const COMMAND_LINE_CASES: &[Case] = &[
    Case { name: "--crs unknown code (gpkg)", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "gpkg", "-o", "out.gpkg", "--crs", "EPSG:99999"], code: 2, expect: &["error: unknown CRS 'EPSG:99999'", "give an EPSG code it knows, such as EPSG:3857"] },
    Case { name: "--crs unknown code (csv)", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "csv", "--crs", "EPSG:0"], code: 2, expect: &["error: unknown CRS 'EPSG:0'"] },
    Case { name: "--crs unknown authority", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "csv", "--crs", "NOPE:3857"], code: 2, expect: &["error: unknown CRS 'NOPE:3857'"] },
    Case { name: "--crs code not a number", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "csv", "--crs", "EPSG:abc"], code: 2, expect: &["error: CRS \"EPSG:abc\": the code after ':' must be a number"] },
    Case { name: "--crs without authority", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "csv", "--crs", "3857"], code: 2, expect: &["error: CRS \"3857\": write it as AUTHORITY:CODE"] },
    Case { name: "--crs on render", files: &[("a.toml", Text(OK))], args: &["render", "a.toml", "-o", "m.svg", "--crs", "EPSG:99999"], code: 2, expect: &["error: unknown CRS 'EPSG:99999'"] },
    Case { name: "--crs checked before the inputs", files: &[("a.toml", Text("broken"))], args: &["build", "a.toml", "--format", "csv", "--crs", "EPSG:99999"], code: 2, expect: &["error: unknown CRS 'EPSG:99999'"] },
    Case { name: "--crs with GeoJSON", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--crs", "EPSG:3857"], code: 2, expect: &["error: GeoJSON (RFC 7946) is always WGS84", "--allow-non-rfc7946"] },
    Case { name: "--crs with KML", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "kml", "--crs", "EPSG:3857"], code: 2, expect: &["error: KML and the flow CSVs are WGS84"] },
    Case { name: "--format unknown", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "shapefile"], code: 2, expect: &["shapefile"] },
    Case { name: "-o with an unknown extension", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "-o", "out.shp"], code: 2, expect: &["error: cannot tell the output format from \"out.shp\"", "give one of those extensions or --format"] },
    Case { name: "gpkg without -o", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "gpkg"], code: 2, expect: &["error: a GeoPackage is a binary file: give it a name with -o FILE.gpkg"] },
    Case { name: "csv-flows without -o", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--format", "csv-flows"], code: 2, expect: &["error: csv-flows writes two files: give a folder with -o DIR"] },
    Case { name: "--places and -o name one file", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "-o", "out.geojson", "--places", "./out.geojson"], code: 2, expect: &["error: --places and -o both name out.geojson", "give the places their own file"] },
    Case { name: "render to an unknown extension", files: &[("a.toml", Text(OK))], args: &["render", "a.toml", "-o", "m.jpg"], code: 2, expect: &["error: m.jpg: name the map .svg or .png"] },
    Case { name: "render --width NaN", files: &[("a.toml", Text(OK))], args: &["render", "a.toml", "-o", "m.svg", "--width", "NaN"], code: 2, expect: &["\"NaN\" is not a width from 300 to 8000 pixels"] },
    Case { name: "render --width 1e9", files: &[("a.toml", Text(OK))], args: &["render", "a.toml", "-o", "m.svg", "--width", "1e9"], code: 2, expect: &["\"1e9\" is not a width from 300 to 8000 pixels"] },
    Case { name: "--gauge-change-km negative", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--gauge-change-km=-5"], code: 2, expect: &["the cost = -5 is not a distance in km between 0 and 100000"] },
    Case { name: "--border-crossing-km inf", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--border-crossing-km", "inf"], code: 2, expect: &["is not a distance in km between 0 and 100000"] },
    Case { name: "--border-crossing-km not a number", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--border-crossing-km", "far"], code: 2, expect: &["\"far\" is not a number of km"] },
    Case { name: "--units unknown", files: &[("a.toml", Text(OK))], args: &["distances", "a.toml", "--units", "furlongs"], code: 2, expect: &["furlongs"] },
    Case { name: "aggregate --by unknown", files: &[("a.toml", Text(OK))], args: &["aggregate", "a.toml", "--by", "colour"], code: 2, expect: &["colour"] },
    Case { name: "--antimeridian unknown", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--antimeridian", "wrap"], code: 2, expect: &["wrap"] },
    Case { name: "--avoid unknown passage, no sea leg", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--avoid", "suez-canal"], code: 2, expect: &["error: --avoid: unknown passage \"suez-canal\"", "use one of"] },
    Case { name: "--allow unknown passage", files: &[("a.toml", Text(OK))], args: &["distances", "a.toml", "--allow", "arctic"], code: 2, expect: &["error: --allow: unknown passage \"arctic\""] },
    Case { name: "--require unknown passage", files: &[("a.toml", Text(OK))], args: &["check", "a.toml", "--require", "kiel-canal"], code: 2, expect: &["error: --require: unknown passage \"kiel-canal\""] },
    Case { name: "--avoid and --require one passage", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--avoid", "suez", "--require", "suez"], code: 2, expect: &["error: --avoid \"suez\" and --require \"suez\" contradict each other", "give one of them"] },
    Case { name: "--avoid and --allow one passage", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--avoid", "bosporus", "--allow", "bosporus"], code: 2, expect: &["error: --avoid \"bosporus\" and --allow \"bosporus\" contradict each other"] },
    Case { name: "--avoid-country unknown code", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--avoid-country", "QQ"], code: 2, expect: &["error: --avoid-country: no railway of the bundled network is in \"QQ\"", "give an ISO 3166-1 alpha-2 code"] },
    Case { name: "--avoid-country a name", files: &[("a.toml", Text(OK))], args: &["aggregate", "a.toml", "--by", "mode", "--avoid-country", "Lithuania"], code: 2, expect: &["error: --avoid-country: no railway of the bundled network is in \"LITHUANIA\""] },
    Case { name: "--close unknown segment", files: &[("a.toml", Text(OK))], args: &["build", "a.toml", "--close", "gotthard"], code: 2, expect: &["error: --close: unknown closure \"gotthard\"", "close a named segment"] },
    Case { name: "--close with a 10 MB value", files: &[("a.toml", Text(OK))], args: &["check", "a.toml", "--close", "gotthard-gotthard-gotthard-gotthard-gotthard-gotthard-gotthard-gotthard-gotthard-gotthard"], code: 2, expect: &["error: --close: unknown closure \"gotthard-gotthard", "…\""] },
    Case { name: "places search --limit negative", files: &[], args: &["places", "search", "Minsk", "--limit", "-1"], code: 2, expect: &["-1"] },
    Case { name: "places search: no match", files: &[], args: &["places", "search", "qqqqzzzzxxxx"], code: 1, expect: &["error: no place matches \"qqqqzzzzxxxx\"", "add places with --gazetteer"] },
    Case { name: "unknown subcommand", files: &[], args: &["frobnicate"], code: 2, expect: &["frobnicate"] },
];

/// `[[legs.sightings]]` of an air leg, from line 6; `S1` the first at 2024-01-08T10:00Z.
macro_rules! sighted {
    ($($line:literal),* $(,)?) => { air!("[[legs.sightings]]" $(, $line)*) };
}

/// Sightings, tracks and the leg's gap and speed settings.
#[rustfmt::skip]
const SIGHTING_CASES: &[Case] = &[
    Case { name: "sighting: day that does not exist", files: &[("a.toml", Text(sighted!("time = \"2024-02-30T10:00Z\"", "lat = 40", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:7:8:", "day 30 does not exist"] },
    Case { name: "sighting: time without a zone", files: &[("a.toml", Text(sighted!("time = \"2024-01-08T10:00\"", "lat = 40", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:7:8:", "no time zone", "end the time with Z"] },
    Case { name: "sighting: latitude out of range", files: &[("a.toml", Text(sighted!("time = \"2024-01-08T10:00Z\"", "lat = 95", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:", "sighting at 2024-01-08T10:00Z", "95"] },
    Case { name: "sighting: unknown kind", files: &[("a.toml", Text(sighted!("time = \"2024-01-08T10:00Z\"", "lat = 40", "lon = 60", "kind = \"radar\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:10:8: unknown sighting kind \"radar\"", "ais, adsb, imagery or report"] },
    Case { name: "sighting: unknown key", files: &[("a.toml", Text(sighted!("time = \"2024-01-08T10:00Z\"", "lat = 40", "lon = 60", "speed = 3")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:10:1: unknown field `speed`"] },
    Case { name: "sighting: no time", files: &[("a.toml", Text(sighted!("lat = 40", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:", "missing field `time`"] },
    Case { name: "sighting: out of order", files: &[("a.toml", Text(sighted!("time = \"2024-01-08T10:00Z\"", "lat = 40", "lon = 60", "[[legs.sightings]]", "time = \"2024-01-08T09:00Z\"", "lat = 41", "lon = 61")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:11:8: the fix at 2024-01-08T09:00Z comes before the one above it (2024-01-08T10:00Z)", "list fixes in time order"] },
    Case { name: "sighting: before the leg's start", files: &[("a.toml", Text(air!("start = \"2024-01-09\"", "[[legs.sightings]]", "time = \"2024-01-08T10:00Z\"", "lat = 40", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:8:8: the fix at 2024-01-08T10:00Z is before the leg's start (2024-01-09)", "check the fix's time or the leg's `start`"] },
    Case { name: "sighting: after the leg's end", files: &[("a.toml", Text(air!("end = \"2024-01-07\"", "[[legs.sightings]]", "time = \"2024-01-08\"", "lat = 40", "lon = 60")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:8:8: the fix at 2024-01-08 is after the leg's end (2024-01-07)"] },
    Case { name: "max_speed without a unit", files: &[("a.toml", Text(air!("max_speed = \"900\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:13: speed \"900\" is not a positive number with a unit", "900 km/h"] },
    Case { name: "observed_gap not a duration", files: &[("a.toml", Text(air!("observed_gap = \"soon\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:16: duration \"soon\"", "\"2h\""] },
    Case { name: "track: missing file", files: &[("a.toml", Text(air!("track = \"gone.csv\"")))], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: track file \"gone.csv\"", "relative to the route file"] },
    Case { name: "track: a folder", files: &[("a.toml", Text(air!("track = \"t\""))), ("t", Dir)], args: &["build", "a.toml"], code: 1, expect: &["a.toml:6:9: track file \"t\"", "is a folder"] },
    Case { name: "track: unknown format", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("when,where\n1,2\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:1:1: unknown track format", "time,lat,lon", "MarineCadastre", "OpenSky", "GPX"] },
    Case { name: "track: empty file", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text(""))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:1:1: unknown track format"] },
    Case { name: "track: no fixes", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:1:1: the track holds no fixes"] },
    Case { name: "track: fixes out of order", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n2024-01-08T10:00Z,40,60\n2024-01-08T09:00Z,40,60\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:3:1: the fix at 2024-01-08T09:00Z comes before the one above it"] },
    Case { name: "track: bad time", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\nyesterday,40,60\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:2:1: \"yesterday\" is not a date", "YYYY-MM-DD"] },
    Case { name: "track: longitude out of range", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n2024-01-08T10:00Z,40,600\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:2:1:", "600"] },
    Case { name: "track: OpenSky time not unix seconds", files: &[("a.toml", Text(air!("track = \"s.csv\""))), ("s.csv", Text("time,icao24,lat,lon\n2024-01-08,780a3c,40,60\n"))], args: &["build", "a.toml"], code: 1, expect: &["s.csv:2:1: time \"2024-01-08\" is not unix seconds"] },
    Case { name: "track: MarineCadastre bad latitude", files: &[("a.toml", Text(air!("track = \"a.csv\""))), ("a.csv", Text("MMSI,BaseDateTime,LAT,LON,SOG\n273000000,2024-01-08T10:00:00,north,60,12\n"))], args: &["build", "a.toml"], code: 1, expect: &["a.csv:2:11: lat \"north\" and lon \"60\" must be numbers"] },
    Case { name: "track: fix after the leg's end", files: &[("a.toml", Text(air!("end = \"2024-01-07\"", "track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n2024-01-08T10:00Z,40,60\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:2:1: the fix at 2024-01-08T10:00Z is after the leg's end (2024-01-07)"] },
    Case { name: "track: a good CSV accepted", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n2024-01-08T03:00Z,45.0,75.0\n2024-01-08T03:10Z,45.2,73.6\n"))], args: &["check", "a.toml"], code: 0, expect: &[] },
    Case { name: "track: a good GPX accepted", files: &[("a.toml", Text(air!("track = \"t.gpx\""))), ("t.gpx", Text("<gpx><trk><trkseg>\n<trkpt lat=\"45.0\" lon=\"75.0\"><time>2024-01-08T03:00:00Z</time></trkpt>\n<trkpt lat=\"45.2\" lon=\"73.6\"><time>2024-01-08T03:10:00Z</time></trkpt>\n</trkseg></trk></gpx>\n"))], args: &["check", "a.toml"], code: 0, expect: &[] },
    Case { name: "track: faster than an aircraft", files: &[("a.toml", Text(air!("track = \"t.csv\""))), ("t.csv", Text("time,lat,lon\n2024-01-08T03:00Z,45.0,75.0\n2024-01-08T03:10Z,50.0,50.0\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.csv:3:1: leg 1: from the fix at 2024-01-08T03:00Z (45.000 N 75.000 E) to the fix at 2024-01-08T03:10Z (50.000 N 50.000 E)", "faster than the 1000 km/h", "raise `max_speed`"] },
    Case { name: "track: a CSV track beside its route in a folder is not a route file", files: &[("r/a.toml", Text(air!("track = \"t.csv\""))), ("r/t.csv", Text("time,lat,lon\n2024-01-08T03:00Z,45.0,75.0\n2024-01-08T03:10Z,45.2,73.6\n"))], args: &["check", "r"], code: 0, expect: &[] },
    Case { name: "track: an AIS track beside its route in a folder is not a route file", files: &[("r/a.toml", Text(air!("track = \"t.csv\""))), ("r/t.csv", Text("MMSI,BaseDateTime,LAT,LON,SOG\n273000000,2024-01-08T03:00:00,45.0,75.0,12\n"))], args: &["check", "r"], code: 0, expect: &[] },
    Case { name: "track: a track named as a route file is still refused", files: &[("t.csv", Text("time,lat,lon\n2024-01-08T03:00Z,45.0,75.0\n"))], args: &["check", "t.csv"], code: 1, expect: &["t.csv:1:1: the header has no `route` column"] },
    Case { name: "track: GPX point without a time", files: &[("a.toml", Text(air!("track = \"t.gpx\""))), ("t.gpx", Text("<gpx>\n<trk><trkseg>\n  <trkpt lat=\"40\" lon=\"60\"/>\n</trkseg></trk></gpx>\n"))], args: &["build", "a.toml"], code: 1, expect: &["t.gpx:3:4: a GPX track point needs a <time>"] },
];

/// Makes a case's files in `dir`.
fn make(dir: &Path, files: &[(&str, Body)]) -> Vec<std::os::unix::net::UnixListener> {
    let mut sockets = Vec::new();
    for (name, body) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        match body {
            Text(t) => std::fs::write(&path, t).unwrap(),
            Bytes(b) => std::fs::write(&path, b).unwrap(),
            Gen(f) => std::fs::write(&path, f()).unwrap(),
            Dir => std::fs::create_dir_all(&path).unwrap(),
            Fifo => {
                let ok = Command::new("mkfifo").arg(&path).status().unwrap();
                assert!(ok.success(), "mkfifo {}", path.display());
            }
            Socket => sockets.push(std::os::unix::net::UnixListener::bind(&path).unwrap()),
            Sparse(len) => std::fs::File::create(&path).unwrap().set_len(*len).unwrap(),
        }
    }
    sockets
}

/// The output a failing run must leave alone: the case's `-o`, or one added to `build`.
fn output_arg(args: &[&str]) -> (Vec<String>, Option<String>) {
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if let Some(i) = args.iter().position(|a| a == "-o") {
        let target = args.get(i + 1).cloned();
        return (args, target);
    }
    // GeoPackage and flow CSVs without -o are misuse cases of their own.
    let format = args
        .iter()
        .position(|a| a == "--format")
        .map(|i| args[i + 1].as_str());
    if args.first().is_some_and(|a| a == "build") && !matches!(format, Some("gpkg" | "csv-flows")) {
        args.extend(["-o".into(), "existing.geojson".into()]);
        return (args, Some("existing.geojson".into()));
    }
    (args, None)
}

/// Runs one case; the problems found, if any.
fn run(case: &Case) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let _sockets = make(dir.path(), case.files);
    let (args, target) = output_arg(case.args);
    const BEFORE: &[u8] = b"an earlier output, which a failed run must not touch\n";
    let target = target.map(|t| dir.path().join(t));
    if let Some(t) = target.as_ref().filter(|t| !t.exists()) {
        std::fs::write(t, BEFORE).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    let mut problems = Vec::new();
    if code == Some(101) || err.contains("panicked") {
        problems.push("panicked".to_string());
    }
    if code != Some(case.code) {
        problems.push(format!("exit {code:?}, expected {}", case.code));
    }
    if let Some(long) = err.lines().find(|l| l.chars().count() > 2_000) {
        problems.push(format!("a line of {} characters", long.chars().count()));
    }
    if case.code == 0 && !err.trim().is_empty() {
        problems.push("accepted, yet printed something".into());
    }
    if !case.expect.is_empty()
        && !err
            .lines()
            .any(|l| case.expect.iter().all(|w| l.contains(w)))
    {
        problems.push(format!("no line holds all of {:?}", case.expect));
    }
    if case.code != 0
        && let Some(t) = &target
        && std::fs::read(t).ok().as_deref() != Some(BEFORE)
    {
        problems.push(format!("{} was changed", t.display()));
    }
    let shown: String = err.chars().take(600).collect();
    (!problems.is_empty())
        .then(|| format!("{}: {}\n  stderr: {shown}", case.name, problems.join("; ")))
}

fn all_cases() -> Vec<&'static Case> {
    [
        TOML_CASES,
        CSV_CASES,
        GAZETTEER_CASES,
        BESIDE_CASES,
        ARGUMENT_CASES,
        COMMAND_LINE_CASES,
        SIGHTING_CASES,
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[test]
fn every_malformed_input_gets_a_located_error_with_a_remedy() {
    let cases = all_cases();
    let failures: Vec<String> = cases.iter().filter_map(|c| run(c)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_suite_has_at_least_a_hundred_distinct_cases() {
    let cases = all_cases();
    let names: std::collections::HashSet<&str> = cases.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    assert!(cases.len() >= 100, "{} cases", cases.len());
}
