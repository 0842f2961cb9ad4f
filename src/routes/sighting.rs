//! Sightings: timed fixes of a leg's vehicle (an AIS position, an ADS-B state vector, a
//! satellite image, a report), and what a leg says about time: how far apart fixes may be
//! and still be joined as observed, when a gap counts as dark, how fast the vehicle can go.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use super::date::{Date, time_of_day};
use super::model::{Mode, Pos};
use crate::quote::quoted;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// When a fix was made, in unix seconds (UTC): an instant (`earliest == latest`) or, for a
/// date written alone, the whole day (`latest` is the next midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeSpan {
    pub earliest: i64,
    pub latest: i64,
}

impl TimeSpan {
    /// The instant `unix` seconds after 1970-01-01T00:00Z.
    pub fn at(unix: i64) -> TimeSpan {
        TimeSpan {
            earliest: unix,
            latest: unix,
        }
    }

    /// The whole of a day, midnight to midnight UTC.
    pub fn day(d: Date) -> TimeSpan {
        let earliest = d.unix_days() * DAY;
        TimeSpan {
            earliest,
            latest: earliest + DAY,
        }
    }

    /// The time a fix stands for when one instant is needed (the middle of a day).
    pub fn mid(&self) -> i64 {
        self.earliest + (self.latest - self.earliest) / 2
    }

    /// Whether this span ends before `other` begins: an order no reading can mend. A day
    /// ends at the next midnight, which it does not include.
    pub fn wholly_before(&self, other: &TimeSpan) -> bool {
        let is_day = self.latest > self.earliest;
        self.latest < other.earliest || (is_day && self.latest == other.earliest)
    }
}

impl FromStr for TimeSpan {
    type Err = String;

    /// An RFC 3339 date and time with its offset (`2024-02-06T10:00:00Z`,
    /// `2024-02-06T19:00+09:00`), or a date alone for that whole day (UTC).
    ///
    /// ```
    /// use corridor::routes::sighting::TimeSpan;
    /// let t: TimeSpan = "2024-02-06T19:00+09:00".parse().unwrap();
    /// assert_eq!(t.to_string(), "2024-02-06T10:00Z");
    /// let day: TimeSpan = "2024-02-09".parse().unwrap();
    /// assert_eq!((day.latest - day.earliest, day.to_string().as_str()), (86_400, "2024-02-09"));
    /// assert!("2024-02-06T10:00".parse::<TimeSpan>().unwrap_err().contains("time zone"));
    /// ```
    fn from_str(s: &str) -> Result<TimeSpan, String> {
        let s = s.trim();
        let date: Date = s.parse()?;
        let Some((_, time)) = s.split_once(['T', ' ']) else {
            return Ok(TimeSpan::day(date));
        };
        match time_of_day(time) {
            Some((seconds, Some(offset))) => {
                Ok(TimeSpan::at(date.unix_days() * DAY + seconds - offset))
            }
            _ => Err(format!(
                "{} has no time zone; end the time with Z (UTC) or an offset, e.g. 2024-02-06T10:00:00Z or 2024-02-06T19:00:00+09:00",
                quoted(s)
            )),
        }
    }
}

impl fmt::Display for TimeSpan {
    /// `2024-02-06T10:00Z` (seconds when there are some), or `2024-02-09` for a whole day.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = Date::from_unix_days(self.earliest.div_euclid(DAY));
        let secs = self.earliest.rem_euclid(DAY);
        if self.latest - self.earliest == DAY && secs == 0 {
            return write!(f, "{date}");
        }
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if s == 0 {
            write!(f, "{date}T{h:02}:{m:02}Z")
        } else {
            write!(f, "{date}T{h:02}:{m:02}:{s:02}Z")
        }
    }
}

named_enum! {
    /// What made a fix.
    pub enum SightingKind {
        Ais = "ais",
        Adsb = "adsb" | "ads-b",
        Imagery = "imagery",
        Report = "report",
    }
    from_str(any_case, |s| format!("unknown sighting kind {}; use ais, adsb, imagery or report", quoted(s)));
}

/// A timed position, where it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    pub time: TimeSpan,
    /// WGS84 degrees.
    pub lat: f64,
    pub lon: f64,
    /// Where the fix was written in its file.
    pub pos: Pos,
}

/// One timed fix of a leg's vehicle, and who saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    pub fix: Fix,
    /// Who saw it, free text (for fixes from a track: the track file's name).
    pub source: Option<String>,
    /// What saw it; None: unsaid (the leg's mode sets how fixes are joined).
    pub kind: Option<SightingKind>,
    /// The track file the fix was read from; None: the route file.
    pub file: Option<Arc<str>>,
}

/// A leg's settings for its sightings; None: the default of the mode or kind.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timing {
    /// Fixes closer in time than this (seconds) are joined as observed (`observed_gap`).
    pub observed_gap: Option<i64>,
    /// Gaps between fixes longer than this (seconds) are dark (`dark_gap`).
    pub dark_gap: Option<i64>,
    /// The fastest the vehicle goes, in metres per second (`max_speed`).
    pub max_speed: Option<f64>,
}

/// A leg's `track = "…"`: a file of fixes, relative to the route file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackRef {
    /// Where `track` is written in the route file.
    pub pos: Pos,
    /// As written.
    pub path: String,
}

impl Timing {
    /// The longest gap between two fixes still joined as observed, in seconds; None: never
    /// (imagery and reports are single looks, not a trace).
    pub fn observed_gap(&self, mode: Mode, kinds: [Option<SightingKind>; 2]) -> Option<i64> {
        let by_kind = |k: Option<SightingKind>| match k {
            Some(SightingKind::Ais) => Some(3_600),
            Some(SightingKind::Adsb) => Some(900),
            Some(SightingKind::Imagery | SightingKind::Report) => None,
            None if mode == Mode::Air => Some(900),
            None => Some(3_600),
        };
        let default = by_kind(kinds[0])
            .zip(by_kind(kinds[1]))
            .map(|(a, b)| a.min(b));
        default.and(self.observed_gap.or(default))
    }

    /// Gaps between fixes longer than this (seconds) count as dark: 6 h for ships, 1 h for
    /// aircraft, 12 h for trains and trucks.
    pub fn dark_gap(&self, mode: Mode) -> i64 {
        self.dark_gap.unwrap_or(match mode {
            Mode::Sea => 6 * 3_600,
            Mode::Air => 3_600,
            Mode::Rail | Mode::Road => 12 * 3_600,
        })
    }

    /// The fastest the vehicle goes, m/s: ship 30 kn, aircraft 1,000 km/h, train 120 km/h,
    /// truck 110 km/h.
    pub fn max_speed(&self, mode: Mode) -> f64 {
        self.max_speed.unwrap_or(match mode {
            Mode::Sea => 30.0 * KNOT,
            Mode::Air => 1_000.0 * KM_H,
            Mode::Rail => 120.0 * KM_H,
            Mode::Road => 110.0 * KM_H,
        })
    }
}

/// One knot and one km/h in metres per second.
pub const KNOT: f64 = 1_852.0 / 3_600.0;
pub const KM_H: f64 = 1_000.0 / 3_600.0;

/// A number followed by one of `units` (name, factor), as `2h` or `25 kn`: the number times
/// the factor, or a message saying what to write.
fn amount(s: &str, what: &str, units: &[(&str, f64)], example: &str) -> Result<f64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim().to_ascii_lowercase());
    let factor = units.iter().find(|(u, _)| *u == unit).map(|(_, f)| *f);
    match (number.parse::<f64>(), factor) {
        (Ok(n), Some(f)) if n.is_finite() && n > 0.0 => Ok(n * f),
        _ => Err(format!(
            "{what} {} is not a positive number with a unit; write e.g. {example} (units: {})",
            quoted(s),
            units.iter().map(|(u, _)| *u).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A duration such as `2h`, `90 min` or `1.5 d`, in whole seconds.
///
/// ```
/// use corridor::routes::sighting::parse_duration;
/// assert_eq!(parse_duration("2h"), Ok(7_200));
/// assert_eq!(parse_duration("90 min"), Ok(5_400));
/// assert!(parse_duration("soon").unwrap_err().contains("e.g. \"2h\""));
/// ```
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let units = [("s", 1.0), ("min", 60.0), ("h", 3_600.0), ("d", 86_400.0)];
    amount(s, "duration", &units, "\"2h\" or \"30 min\"").map(|secs| secs.round() as i64)
}

/// A speed such as `25 kn`, `900 km/h` or `30 mph`, in metres per second.
///
/// ```
/// use corridor::routes::sighting::{KNOT, parse_speed};
/// assert_eq!(parse_speed("25 kn"), Ok(25.0 * KNOT));
/// assert!(parse_speed("fast").is_err());
/// ```
pub fn parse_speed(s: &str) -> Result<f64, String> {
    let units = [
        ("kn", KNOT),
        ("knots", KNOT),
        ("km/h", KM_H),
        ("mph", 1_609.344 / 3_600.0),
        ("m/s", 1.0),
    ];
    amount(s, "speed", &units, "\"25 kn\" or \"900 km/h\"")
}

/// A fix's time against the one before it and the leg's dates: a message with the remedy
/// when it is out of order, before the leg's `start` or after its `end`.
pub fn check_fix_time(
    time: &TimeSpan,
    previous: Option<&TimeSpan>,
    (start, end): (Option<Date>, Option<Date>),
) -> Result<(), String> {
    if let Some(p) = previous.filter(|p| time.wholly_before(p)) {
        return Err(format!(
            "the fix at {time} comes before the one above it ({p}); list fixes in time order"
        ));
    }
    if let Some(s) = start.filter(|s| time.wholly_before(&TimeSpan::day(*s))) {
        return Err(format!(
            "the fix at {time} is before the leg's start ({s}); check the fix's time or the leg's `start`"
        ));
    }
    if let Some(e) = end.filter(|e| TimeSpan::day(*e).wholly_before(time)) {
        return Err(format!(
            "the fix at {time} is after the leg's end ({e}); check the fix's time or the leg's `end`"
        ));
    }
    Ok(())
}

/// A duration in hours for messages: `74.0 h`.
pub fn hours_text(seconds: i64) -> String {
    format!("{:.1} h", seconds as f64 / 3_600.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_carry_their_offset_and_days_their_whole_span() {
        let t: TimeSpan = "2024-02-06T10:00:00Z".parse().unwrap();
        assert_eq!(t, TimeSpan::at(1_707_213_600));
        assert_eq!("2024-02-06T07:00-03:00".parse(), Ok(t));
        assert_eq!(
            "2024-02-06T10:00:30.5Z"
                .parse::<TimeSpan>()
                .unwrap()
                .earliest,
            1_707_213_630
        );
        let day: TimeSpan = "2024-02-09".parse().unwrap();
        assert_eq!(day.mid() - day.earliest, 43_200);
        assert!(t.wholly_before(&day) && !day.wholly_before(&t));
        assert_eq!(
            TimeSpan::at(1_707_213_630).to_string(),
            "2024-02-06T10:00:30Z"
        );
        assert_eq!(TimeSpan::at(-1).to_string(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn bad_times_say_what_to_write() {
        for bad in ["2024-02-30T10:00Z", "06.02.2024", "2024-02-06T25:00Z", ""] {
            let e = bad.parse::<TimeSpan>().unwrap_err();
            assert!(
                e.contains("YYYY-MM-DD") || e.contains("check the date"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn observed_gaps_by_kind_and_leg() {
        let t = Timing::default();
        let ais = Some(SightingKind::Ais);
        let adsb = Some(SightingKind::Adsb);
        assert_eq!(t.observed_gap(Mode::Sea, [ais, ais]), Some(3_600));
        assert_eq!(t.observed_gap(Mode::Air, [adsb, None]), Some(900));
        assert_eq!(
            t.observed_gap(Mode::Sea, [ais, Some(SightingKind::Imagery)]),
            None
        );
        let set = Timing {
            observed_gap: Some(7_200),
            ..Timing::default()
        };
        assert_eq!(set.observed_gap(Mode::Sea, [ais, ais]), Some(7_200));
        assert_eq!(
            set.observed_gap(Mode::Sea, [Some(SightingKind::Report), ais]),
            None
        );
    }

    #[test]
    fn speeds_and_durations() {
        assert_eq!(parse_speed("900 km/h"), Ok(250.0));
        assert_eq!(parse_duration("15min"), Ok(900));
        assert!(parse_duration("-2h").is_err());
        assert!(parse_speed("25").unwrap_err().contains("kn"));
        assert_eq!(Timing::default().max_speed(Mode::Air), 1_000.0 * KM_H);
        assert_eq!(Timing::default().dark_gap(Mode::Sea), 21_600);
        assert_eq!(hours_text(266_400), "74.0 h");
    }

    #[test]
    fn fixes_keep_order_and_dates() {
        let t = |s: &str| s.parse::<TimeSpan>().unwrap();
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        let fix = t("2024-02-06T10:00Z");
        assert!(
            check_fix_time(
                &fix,
                Some(&t("2024-02-06")),
                (d("2024-02-06"), d("2024-02-06"))
            )
            .is_ok()
        );
        let e = check_fix_time(&fix, Some(&t("2024-02-06T11:00Z")), (None, None)).unwrap_err();
        assert!(
            e.contains("comes before the one above it (2024-02-06T11:00Z)"),
            "{e}"
        );
        let e = check_fix_time(&fix, None, (d("2024-02-07"), None)).unwrap_err();
        assert!(e.contains("before the leg's start (2024-02-07)"), "{e}");
        let e = check_fix_time(&fix, None, (None, d("2024-02-05"))).unwrap_err();
        assert!(e.contains("after the leg's end (2024-02-05)"), "{e}");
    }
}
