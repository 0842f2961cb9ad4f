//! Track files (`track = "…"` on a leg): fixes in the formats analysts export, read one fix
//! at a time, checked, and thinned without losing the shape.
//!
//! Formats, told apart by their first line: a CSV `time,lat,lon` (RFC 3339 times); a
//! MarineCadastre AIS CSV (`MMSI,BaseDateTime,LAT,LON,SOG,COG,…`, times in UTC); an OpenSky
//! state-vector CSV (`time,icao24,lat,lon,…`, unix seconds; rows without a position are
//! skipped); a GPX file (`<trkpt lat lon>` with a `<time>`).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::model::{Leg, Pos, Route};
use super::sighting::{Fix, Sighting, SightingKind, TimeSpan, check_fix_time};
use crate::error::Diagnostic;
use crate::places::table::check_lat_lon;
use crate::quote::quoted;

/// Fixes within this distance (metres) of where the thinned track puts the vehicle at the
/// same time are dropped.
pub const THIN_TOLERANCE_M: f64 = 50.0;

/// Problems reported per track before reading stops.
const MAX_PROBLEMS: usize = 10;

/// The formats a track file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Plain,
    MarineCadastre,
    OpenSky,
    Gpx,
}

impl Format {
    /// What made the fixes: AIS, ADS-B, or unknown (the leg's mode decides).
    fn kind(self) -> Option<SightingKind> {
        match self {
            Format::MarineCadastre => Some(SightingKind::Ais),
            Format::OpenSky => Some(SightingKind::Adsb),
            Format::Plain | Format::Gpx => None,
        }
    }

    /// The CSV format of a header, and its time, lat and lon columns.
    fn of_header(header: &csv::StringRecord) -> Option<(Format, [usize; 3])> {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let col = |n: &str| names.iter().position(|h| h == n);
        let format = if col("basedatetime").is_some() {
            Format::MarineCadastre
        } else if col("icao24").is_some() {
            Format::OpenSky
        } else {
            Format::Plain
        };
        let time = if format == Format::MarineCadastre {
            "basedatetime"
        } else {
            "time"
        };
        Some((format, [col(time)?, col("lat")?, col("lon")?]))
    }

    /// The time a field gives, in this format's way of writing it.
    fn time(self, field: &str) -> Result<TimeSpan, String> {
        match self {
            Format::OpenSky => field
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite() && t.abs() < 1e12)
                .map(|t| TimeSpan::at(t.floor() as i64))
                .ok_or_else(|| format!("time {} is not unix seconds; OpenSky state vectors give `time` as seconds since 1970-01-01, e.g. 1707213600", quoted(field))),
            // MarineCadastre writes UTC without a zone.
            Format::MarineCadastre if !field.trim().ends_with('Z') => {
                format!("{}Z", field.trim()).parse()
            }
            _ => field.parse(),
        }
    }
}

const FORMATS_TEXT: &str = "use a CSV with the header time,lat,lon; a MarineCadastre AIS CSV (MMSI,BaseDateTime,LAT,LON,…); an OpenSky state-vector CSV (time,icao24,lat,lon,…); or a GPX file";

/// Whether `path` is a CSV track (a header with time, lat and lon columns in one of the
/// track formats, and no `route` column), judged by its first line; a folder of route files
/// may hold the tracks its routes name, which are not route files themselves.
pub fn is_track_csv(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    // A header longer than this is no track's.
    let mut first = String::new();
    let read = BufReader::new(file).take(64 * 1024).read_line(&mut first);
    if read.is_err() {
        return false;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes());
    let Some(Ok(header)) = reader.records().next() else {
        return false;
    };
    let has_route = header
        .iter()
        .any(|h| h.trim().eq_ignore_ascii_case("route"));
    !has_route && Format::of_header(&header).is_some()
}

/// Reads the `track` of every leg of a route into its sightings (thinned, merged in time
/// order with those the file gives). Paths are relative to the route file.
pub fn attach_tracks(route: &mut Route) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for leg in &mut route.legs {
        let Some(track) = leg.track.clone() else {
            continue;
        };
        let path = track_path(&route.file, &track.path);
        let Some(file) = open_track(&route.file, &track.pos, &track.path, &path, &mut problems)
        else {
            continue;
        };
        let name = path.display().to_string();
        match read_fixes(&name, file, leg) {
            Ok((fixes, kind)) => merge(
                leg,
                thin(&fixes, leg.timing.observed_gap(leg.mode, [kind; 2])),
                kind,
                &name,
            ),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The track file opened, or None with the problem reported at the leg's `track`.
fn open_track(
    route_file: &str,
    pos: &Pos,
    written: &str,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<BufReader<File>> {
    let why = match std::fs::metadata(path) {
        Ok(m) => crate::input::not_a_file(&m).map(|kind| format!("is {kind}")),
        Err(e) => Some(format!("cannot be read ({e})")),
    };
    let opened = match why {
        None => File::open(path).map_err(|e| format!("cannot be read ({e})")),
        Some(why) => Err(why),
    };
    opened
        .map(BufReader::new)
        .map_err(|why| {
            problems.push(Diagnostic::at(
                route_file,
                pos.line,
                pos.col,
                format!(
                    "track file {} ({}) {why}; give a track file's path relative to the route file",
                    quoted(written),
                    path.display()
                ),
            ))
        })
        .ok()
}

/// The fixes of a track file, checked, and the kind its format says they are.
fn read_fixes(
    name: &str,
    mut file: BufReader<File>,
    leg: &Leg,
) -> Result<(Vec<Fix>, Option<SightingKind>), Vec<Diagnostic>> {
    let head = file.fill_buf().map_err(|e| {
        vec![Diagnostic::file(
            name,
            format!("cannot read the track: {e}"),
        )]
    })?;
    let mut reader = FixReader {
        name,
        dates: (leg.start, leg.end),
        fixes: Vec::new(),
        problems: Vec::new(),
    };
    let format = if String::from_utf8_lossy(head).trim_start().starts_with('<') {
        reader.gpx(file);
        Format::Gpx
    } else {
        reader.csv(file)
    };
    if reader.fixes.is_empty() && reader.problems.is_empty() {
        reader.problem(
            Pos { line: 1, col: 1 },
            "the track holds no fixes; give at least one".into(),
        );
    }
    match reader.problems.is_empty() {
        true => Ok((reader.fixes, format.kind())),
        false => Err(reader.problems),
    }
}

/// Reads fixes one at a time, each checked against the one before and the leg's dates.
struct FixReader<'a> {
    name: &'a str,
    dates: (Option<super::Date>, Option<super::Date>),
    fixes: Vec<Fix>,
    problems: Vec<Diagnostic>,
}

impl FixReader<'_> {
    fn problem(&mut self, pos: Pos, msg: String) {
        self.problems
            .push(Diagnostic::at(self.name, pos.line, pos.col, msg));
    }

    /// Whether reading should go on (a few problems are enough to show what is wrong).
    fn going(&self) -> bool {
        self.problems.len() < MAX_PROBLEMS
    }

    /// Takes a fix whose fields are as written, or reports what is wrong with it.
    fn take(&mut self, time: Result<TimeSpan, String>, lat_lon: (&str, &str), pos: Pos) {
        let time = time.and_then(|t| {
            let previous = self.fixes.last().map(|f| &f.time);
            check_fix_time(&t, previous, self.dates).map(|()| t)
        });
        let (lat, lon) = (
            lat_lon.0.trim().parse::<f64>(),
            lat_lon.1.trim().parse::<f64>(),
        );
        let position = match (lat, lon) {
            (Ok(lat), Ok(lon)) => check_lat_lon(lat, lon).map(|()| (lat, lon)),
            _ => Err(format!(
                "lat {} and lon {} must be numbers in degrees",
                quoted(lat_lon.0),
                quoted(lat_lon.1)
            )),
        };
        match (time, position) {
            (Ok(time), Ok((lat, lon))) => self.fixes.push(Fix {
                time,
                lat,
                lon,
                pos,
            }),
            (Err(e), _) | (_, Err(e)) => self.problem(pos, e),
        }
    }

    /// A CSV track; its format, told by the header.
    fn csv(&mut self, file: BufReader<File>) -> Format {
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(file);
        let header = csv.headers().cloned().unwrap_or_default();
        let Some((format, [t, la, lo])) = Format::of_header(&header) else {
            let shown: Vec<&str> = header.iter().take(8).collect();
            self.problem(
                Pos { line: 1, col: 1 },
                format!(
                    "unknown track format (header {}); {FORMATS_TEXT}",
                    quoted(&shown.join(","))
                ),
            );
            return Format::Plain;
        };
        let mut record = csv::StringRecord::new();
        while self.going() {
            match csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    self.problem(
                        Pos { line, col: 1 },
                        format!("not CSV: {e}; save the track as CSV with one fix a row"),
                    );
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            let (time, lat, lon) = (
                record.get(t).unwrap_or(""),
                record.get(la).unwrap_or(""),
                record.get(lo).unwrap_or(""),
            );
            if format == Format::OpenSky && lat.trim().is_empty() && lon.trim().is_empty() {
                continue;
            }
            let col = 1 + record.iter().take(t).map(|f| f.len() + 1).sum::<usize>();
            self.take(format.time(time), (lat, lon), Pos { line, col });
        }
        format
    }
}

impl FixReader<'_> {
    /// A GPX track, read a tag at a time: each `<trkpt lat=… lon=…>` with the `<time>`
    /// inside it.
    fn gpx(&mut self, mut file: BufReader<File>) {
        let mut chunk = Vec::new();
        let mut at = Pos { line: 1, col: 1 };
        let mut point: Option<(String, String, Pos)> = None;
        let mut time: Option<String> = None;
        while self.going() {
            chunk.clear();
            match file.read_until(b'<', &mut chunk) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    self.problem(at, format!("cannot read the track: {e}"));
                    break;
                }
            }
            let text = String::from_utf8_lossy(&chunk);
            let (tag, after) = text.split_once('>').unwrap_or((&text, ""));
            let name = tag.split([' ', '\t', '\n', '\r', '/']).next().unwrap_or("");
            if matches!(name, "trkpt" | "rtept") {
                point = Some((attribute(tag, "lat"), attribute(tag, "lon"), at));
                time = None;
            } else if name == "time" && point.is_some() {
                time = Some(after.trim_end_matches('<').trim().to_string());
            }
            let closes = matches!(tag, "/trkpt" | "/rtept")
                || (point.is_some() && tag.ends_with('/') && matches!(name, "trkpt" | "rtept"));
            if let Some((lat, lon, pos)) = point.take_if(|_| closes) {
                let t = time.take().ok_or_else(|| {
                    "a GPX track point needs a <time>; the fixes of a track are timed".to_string()
                });
                self.take(t.and_then(|t| t.parse()), (&lat, &lon), pos);
            }
            at = advanced(at, &text);
        }
    }
}

/// The position after `text`, from `at`.
fn advanced(at: Pos, text: &str) -> Pos {
    match text.rfind('\n') {
        Some(i) => Pos {
            line: at.line + text.matches('\n').count(),
            col: text[i + 1..].chars().count() + 1,
        },
        None => Pos {
            line: at.line,
            col: at.col + text.chars().count(),
        },
    }
}

/// The value of attribute `name` in a start tag (`lat="54.1"`), empty when missing.
fn attribute(tag: &str, name: &str) -> String {
    for quote in ['"', '\''] {
        let key = format!(" {name}={quote}");
        if let Some(i) = tag.find(&key) {
            let rest = &tag[i + key.len()..];
            return rest[..rest.find(quote).unwrap_or(rest.len())].to_string();
        }
    }
    String::new()
}

/// Keeps, of each run of fixes close enough in time to be joined as observed (`gap`
/// seconds; None: no run), the ends, the fixes that the others do not place within
/// [`THIN_TOLERANCE_M`] of where they were at their time (Douglas–Peucker on the
/// time-synchronised distance: shape and timing both kept), and a fix at least every `gap`
/// seconds (the run stays observed).
pub fn thin(fixes: &[Fix], gap: Option<i64>) -> Vec<Fix> {
    let Some(gap) = gap else {
        return fixes.to_vec();
    };
    let mut keep = vec![false; fixes.len()];
    let mut start = 0;
    for i in 1..=fixes.len() {
        let run_ends = i == fixes.len() || fixes[i].time.mid() - fixes[i - 1].time.mid() > gap;
        if run_ends {
            keep_shape(&fixes[start..i], &mut keep[start..i], gap);
            start = i;
        }
    }
    fixes
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| *f)
        .collect()
}

/// Marks in `keep` the ends of `run` and the fixes Douglas–Peucker keeps, and enough others
/// that no two kept fixes are more than `gap` seconds apart, so that the run stays observed
/// (iterative: a run may hold millions of fixes).
fn keep_shape(run: &[Fix], keep: &mut [bool], gap: i64) {
    let last = run.len() - 1;
    keep[0] = true;
    keep[last] = true;
    let mut stack = vec![(0, last)];
    while let Some((a, b)) = stack.pop() {
        let farthest = (a + 1..b)
            .map(|i| (i, synchronised_distance(&run[a], &run[b], &run[i])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        let split = match farthest {
            Some((i, d)) if d > THIN_TOLERANCE_M => Some(i),
            Some(_) if run[b].time.mid() - run[a].time.mid() > gap => {
                let middle = run[a].time.mid() + (run[b].time.mid() - run[a].time.mid()) / 2;
                let i = a + run[a..b].partition_point(|f| f.time.mid() < middle);
                Some(i.clamp(a + 1, b - 1))
            }
            _ => None,
        };
        if let Some(i) = split {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
}

/// How far (metres) `p` is from where the straight run from `a` to `b` puts the vehicle at
/// `p`'s time (an equirectangular approximation: fixes of a run are close together).
fn synchronised_distance(a: &Fix, b: &Fix, p: &Fix) -> f64 {
    let span = (b.time.mid() - a.time.mid()) as f64;
    let f = if span > 0.0 {
        (p.time.mid() - a.time.mid()) as f64 / span
    } else {
        0.5
    };
    let dlon = |from: f64, to: f64| (to - from + 540.0).rem_euclid(360.0) - 180.0;
    let lat = a.lat + (b.lat - a.lat) * f;
    let lon = a.lon + dlon(a.lon, b.lon) * f;
    let x = dlon(lon, p.lon) * lat.to_radians().cos();
    let y = p.lat - lat;
    x.hypot(y).to_radians() * 6_371_008.8
}

/// Adds a track's fixes to the leg's sightings, in time order.
fn merge(leg: &mut Leg, fixes: Vec<Fix>, kind: Option<SightingKind>, name: &str) {
    let file: Arc<str> = Arc::from(name);
    let source = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    leg.sightings.extend(fixes.into_iter().map(|fix| Sighting {
        fix,
        source: source.clone(),
        kind,
        file: Some(file.clone()),
    }));
    leg.sightings.sort_by_key(|s| s.fix.time.mid());
}

/// The path a leg's track is read from: relative to the route file.
pub fn track_path(route_file: &str, track: &str) -> PathBuf {
    Path::new(route_file)
        .parent()
        .unwrap_or(Path::new(""))
        .join(track)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::toml_file;

    /// A route whose one sea leg has `track = "<name>"`, the track holding `body`; its
    /// sightings, or the messages.
    fn read(name: &str, body: &str, leg_extra: &str) -> Result<Vec<Sighting>, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), body).unwrap();
        let file = dir.path().join("r.toml");
        let text = format!(
            "id = \"r\"\n[[legs]]\nmode = \"sea\"\nfrom = \"Busan\"\nto = \"Zhoushan\"\ntrack = \"{name}\"\n{leg_extra}"
        );
        let mut route = toml_file::parse(&file.display().to_string(), &text).unwrap();
        match attach_tracks(&mut route) {
            Ok(()) => Ok(route.legs[0].sightings.clone()),
            Err(p) => Err(p.iter().map(|d| d.to_string()).collect()),
        }
    }

    #[test]
    fn each_format_is_read() {
        let plain = read(
            "t.csv",
            "time,lat,lon\n2024-02-06T10:00Z,34.45,128.95\n2024-02-06T12:00Z,34.0,128.5\n",
            "",
        )
        .unwrap();
        assert_eq!(
            (plain.len(), plain[0].kind, plain[1].fix.lat),
            (2, None, 34.0)
        );
        assert_eq!(plain[0].source.as_deref(), Some("t.csv"));
        let ais = "MMSI,BaseDateTime,LAT,LON,SOG,COG\n273000000,2024-02-06T10:00:00,34.45,128.95,12,200\n";
        let ais = read("a.csv", ais, "").unwrap();
        assert_eq!(
            (ais[0].kind, ais[0].fix.time.to_string().as_str()),
            (Some(SightingKind::Ais), "2024-02-06T10:00Z")
        );
        let sky = "time,icao24,lat,lon,velocity\n1707213600,780a3c,34.45,128.95,250\n1707213610,780a3c,,,250\n";
        let sky = read("s.csv", sky, "").unwrap();
        assert_eq!((sky.len(), sky[0].kind), (1, Some(SightingKind::Adsb)));
        let gpx = "<?xml version=\"1.0\"?>\n<gpx><trk><trkseg>\n<trkpt lat=\"34.45\" lon='128.95'><ele>0</ele><time>2024-02-06T10:00:00Z</time></trkpt>\n<trkpt lat=\"30.0\" lon=\"122.1\">\n <time>2024-02-09T00:00:00Z</time>\n</trkpt>\n</trkseg></trk></gpx>\n";
        let gpx = read("t.gpx", gpx, "").unwrap();
        assert_eq!(
            (gpx.len(), gpx[1].fix.lon, gpx[1].fix.pos.line),
            (2, 122.1, 4)
        );
    }

    #[test]
    fn problems_are_located_with_a_remedy() {
        let cases = [
            (
                "t.csv",
                "when,where\n1,2\n",
                "",
                "t.csv:1:1: unknown track format",
            ),
            ("t.csv", "", "", "t.csv:1:1: unknown track format"),
            (
                "t.csv",
                "lat,lon,time\n34,128,2024-02-06T10:00Z\n34,128,2024-02-06T09:00Z\n",
                "",
                "t.csv:3:8: the fix at 2024-02-06T09:00Z comes before",
            ),
            (
                "t.csv",
                "time,lat,lon\n2024-02-06T10:00Z,95,128\n",
                "",
                "t.csv:2:1: lat 95 is out of range",
            ),
            (
                "t.csv",
                "time,lat,lon\n2024-02-06T10:00Z,34,128\n",
                "end = \"2024-02-05\"",
                "after the leg's end (2024-02-05)",
            ),
            (
                "t.gpx",
                "<gpx><trkpt lat=\"1\" lon=\"2\"></trkpt></gpx>",
                "",
                "t.gpx:1:7: a GPX track point needs a <time>",
            ),
        ];
        for (name, body, extra, expected) in cases {
            let e = read(name, body, extra).unwrap_err();
            assert!(e[0].contains(expected), "{e:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.toml").display().to_string();
        let text = "id = \"r\"\n[[legs]]\nmode = \"sea\"\nfrom = \"Busan\"\nto = \"Zhoushan\"\ntrack = \"gone.csv\"\n";
        let mut route = toml_file::parse(&file, text).unwrap();
        let e = attach_tracks(&mut route).unwrap_err()[0].to_string();
        assert!(
            e.contains("r.toml:6:9: track file \"gone.csv\"")
                && e.contains("relative to the route file"),
            "{e}"
        );
    }

    /// A ship sailing a square at 10 m/s, a fix every 10 s, `n` fixes a side.
    fn square(n: usize) -> Vec<Fix> {
        let step = 10.0 / 111_195.0;
        let corners = [(0.0, 1.0), (1.0, 0.0), (0.0, -1.0), (-1.0, 0.0)];
        let mut fixes = Vec::new();
        let (mut lat, mut lon) = (0.0, 0.0);
        for (dlat, dlon) in corners {
            for _ in 0..n {
                let time = TimeSpan::at(fixes.len() as i64 * 10);
                fixes.push(Fix {
                    time,
                    lat,
                    lon,
                    pos: Pos::default(),
                });
                lat += dlat * step;
                lon += dlon * step;
            }
        }
        fixes
    }

    #[test]
    fn thinning_keeps_ends_corners_and_timing() {
        let fixes = square(25_000);
        let kept = thin(&fixes, Some(30 * 86_400));
        assert_eq!(kept.first(), fixes.first());
        assert_eq!(kept.last(), fixes.last());
        assert!(kept.len() <= 8, "{}", kept.len());
        for corner in [25_000, 50_000, 75_000] {
            assert!(
                kept.iter().any(|f| f.time == fixes[corner].time),
                "corner {corner}"
            );
        }
        // Every dropped fix is within the tolerance of where the thinned track puts it.
        for f in fixes.iter().step_by(97) {
            let i = kept
                .partition_point(|k| k.time <= f.time)
                .clamp(1, kept.len() - 1);
            assert!(synchronised_distance(&kept[i - 1], &kept[i], f) <= THIN_TOLERANCE_M);
        }
        // A stop is kept: the vehicle waits an hour, then goes on.
        let mut waits = square(100);
        for f in &mut waits[50..] {
            f.time.earliest += 3_000;
            f.time.latest += 3_000;
        }
        assert!(
            thin(&waits, Some(3_600))
                .iter()
                .any(|f| f.time == waits[50].time || f.time == waits[49].time)
        );
        // Kept fixes stay within the observed gap of each other: the run stays observed.
        let hourly = thin(&fixes, Some(3_600));
        assert!(
            hourly
                .windows(2)
                .all(|w| w[1].time.mid() - w[0].time.mid() <= 3_600)
        );
        assert!(hourly.len() < 2 * 1_000_000 / 3_600, "{}", hourly.len());
        // Gaps split runs, and fixes never joined are all kept.
        assert_eq!(thin(&fixes[..10], None).len(), 10);
    }

    #[test]
    fn a_large_ais_track_is_read_streaming_and_thinned() {
        let mut body = String::from("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading\n");
        for (i, f) in square(25_000).iter().enumerate() {
            let t = TimeSpan::at(1_707_213_600 + i as i64 * 10)
                .to_string()
                .replace('Z', "");
            body.push_str(&format!(
                "273000000,{t},{:.7},{:.7},19.4,90,90\n",
                f.lat + 34.0,
                f.lon + 128.0
            ));
        }
        let fixes = read("big.csv", &body, "").unwrap();
        // A kept fix at least every hour (the AIS observed gap): some 500 of 100,000 over
        // 278 h (gaps are halved until they are short enough).
        assert!(fixes.len() < 600, "{}", fixes.len());
        let gaps = fixes
            .windows(2)
            .map(|w| w[1].fix.time.mid() - w[0].fix.time.mid());
        assert!(gaps.max() <= Some(3_600));
    }
}
