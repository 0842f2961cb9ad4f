//! Calendar dates as route files write them (ISO 8601 `YYYY-MM-DD`, optionally with an
//! RFC 3339 time of day, which is checked and dropped).

use std::fmt;
use std::str::FromStr;

use crate::quote::quoted;

/// A proleptic Gregorian calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    ///
    /// ```
    /// use corridor::routes::Date;
    /// let d: Date = "2024-02-06".parse().unwrap();
    /// assert_eq!(d.unix_days(), 19_759);
    /// assert_eq!(Date::from_unix_days(19_759), d);
    /// ```
    pub fn unix_days(&self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, by Howard Hinnant's `civil_from_days`.
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The `YYYY-MM` month this date falls in (used to aggregate by month).
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses `YYYY-MM-DD` (four, two and two ASCII digits), optionally followed by an
    /// RFC 3339 time of day, which is checked and ignored: `T`, `HH:MM`, optionally `:SS` and
    /// then a fraction `.S…`, optionally `Z` or an offset `±HH:MM`. Nothing else may follow.
    ///
    /// ```
    /// use corridor::routes::Date;
    /// let d: Date = "2024-01-08".parse().unwrap();
    /// assert_eq!(d.to_string(), "2024-01-08");
    /// for with_time in ["2024-01-08T09:30", "2024-01-08T09:30:00", "2024-01-08T09:30:00Z",
    ///                   "2024-01-08T09:30:00.250+03:00"] {
    ///     assert_eq!(with_time.parse::<Date>(), Ok(d));
    /// }
    /// assert!("2023-02-29".parse::<Date>().is_err());
    /// for bad in ["+024-01-01", "2024-1-5", "2024-01-08x", "2024-01-08 09:30", "2024-01-08T9:30"] {
    ///     assert!(bad.parse::<Date>().unwrap_err().contains("YYYY-MM-DD"), "{bad}");
    /// }
    /// ```
    fn from_str(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let (date, time) = s.split_at(s.find(['T', ' ']).unwrap_or(s.len()));
        let Some((year, month, day)) = date_fields(date) else {
            return Err(format!(
                "{} is not a date; write dates as YYYY-MM-DD (ISO 8601), e.g. 2024-01-08",
                quoted(s)
            ));
        };
        if !(1..=12).contains(&month) {
            return Err(format!(
                "{}: month {month} does not exist; write dates as YYYY-MM-DD",
                quoted(s)
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "{}: day {day} does not exist in {year:04}-{month:02}; check the date",
                quoted(s)
            ));
        }
        if !(time.is_empty() || time.strip_prefix('T').is_some_and(is_time_of_day)) {
            return Err(format!(
                "{} has more than a date; write dates as YYYY-MM-DD, optionally followed by an RFC 3339 time such as T09:30, T09:30:00Z or T09:30:00+03:00",
                quoted(s)
            ));
        }
        Ok(Date { year, month, day })
    }
}

/// Year, month and day of a `YYYY-MM-DD` text: exactly that shape, ASCII digits only.
fn date_fields(d: &str) -> Option<(i32, u8, u8)> {
    let b = d.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !(shaped && digits_at(0..4) && digits_at(5..7) && digits_at(8..10)) {
        return None;
    }
    Some((
        d[0..4].parse().ok()?,
        d[5..7].parse().ok()?,
        d[8..10].parse().ok()?,
    ))
}

/// Whether `t` is an RFC 3339 time of day, seconds and offset optional: `HH:MM`, then
/// optionally `:SS` (60 for a leap second) with an optional fraction, then optionally `Z`
/// or `±HH:MM`.
fn is_time_of_day(t: &str) -> bool {
    time_of_day(t).is_some()
}

/// The seconds since midnight (fraction dropped) and the offset from UTC in seconds (None
/// when not written) of a time of day as [`is_time_of_day`] takes it.
pub(super) fn time_of_day(t: &str) -> Option<(i64, Option<i64>)> {
    let (clock, offset) = t.split_at(t.find(['Z', '+', '-']).unwrap_or(t.len()));
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let digits =
        |s: &str, max: u8| two_digits(s, max).then(|| i64::from(s.parse::<u8>().unwrap_or(0)));
    let seconds = match hms.split(':').collect::<Vec<_>>()[..] {
        [h, m] if fraction.is_none() => digits(h, 23)? * 3600 + digits(m, 59)? * 60,
        [h, m, s]
            if fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit())) =>
        {
            digits(h, 23)? * 3600 + digits(m, 59)? * 60 + digits(s, 60)?
        }
        _ => return None,
    };
    let offset = match offset.strip_prefix(['+', '-']) {
        Some(hm) => {
            let (h, m) = hm.split_once(':')?;
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            Some(sign * (digits(h, 23)? * 3600 + digits(m, 59)? * 60))
        }
        None if offset == "Z" => Some(0),
        None if offset.is_empty() => None,
        None => return None,
    };
    Some((seconds, offset))
}

/// Two ASCII digits making at most `max`.
fn two_digits(s: &str, max: u8) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u8>().is_ok_and(|n| n <= max)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn times_are_checked_and_ignored() {
        for ok in [
            "2024-01-08T09:30",
            "2024-01-08T09:30:00",
            "2024-01-08T09:30:00Z",
            "2024-01-08T09:30:00+03:00",
            "2024-01-08T09:30:00-05:30",
            "2024-01-08T09:30Z",
            "2024-01-08T09:30:00.5",
            "2024-01-08T23:59:60.123456789Z",
            " 2024-01-08T00:00:00Z ",
        ] {
            assert_eq!(
                ok.parse::<Date>().unwrap().to_string(),
                "2024-01-08",
                "{ok}"
            );
        }
    }

    #[test]
    fn anything_else_is_refused_saying_what_to_write() {
        let refused = [
            // not YYYY-MM-DD
            "+024-01-01",
            "2024-1-5",
            "2024-+1-05",
            "20240108",
            "08.01.2024",
            "",
            // text after the date
            "2024-01-08x",
            "2024-01-08 09:30",
            "2024-01-08T",
            "2024-01-08t09:30",
            // not an RFC 3339 time
            "2024-01-08T9:30",
            "2024-01-08T09",
            "2024-01-08T24:00",
            "2024-01-08T09:60",
            "2024-01-08T09:30:61",
            "2024-01-08T09:30.5",
            "2024-01-08T09:30:00.",
            "2024-01-08T09:30:00z",
            "2024-01-08T09:30:00+03",
            "2024-01-08T09:30:00+0300",
            "2024-01-08T09:30:00+24:00",
            "2024-01-08T09:30:00Z+03:00",
            "2024-01-08T09:30:00Z[Europe/Minsk]",
        ];
        for bad in refused {
            let e = bad.parse::<Date>().unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    #[test]
    fn messages_name_the_problem() {
        assert_eq!(
            "2024-01-08x".parse::<Date>().unwrap_err(),
            "\"2024-01-08x\" is not a date; write dates as YYYY-MM-DD (ISO 8601), e.g. 2024-01-08"
        );
        assert_eq!(
            "2024-13-01T09:30".parse::<Date>().unwrap_err(),
            "\"2024-13-01T09:30\": month 13 does not exist; write dates as YYYY-MM-DD"
        );
        assert_eq!(
            "2024-02-30".parse::<Date>().unwrap_err(),
            "\"2024-02-30\": day 30 does not exist in 2024-02; check the date"
        );
        assert!(
            "2024-01-08 09:30"
                .parse::<Date>()
                .unwrap_err()
                .starts_with("\"2024-01-08 09:30\" has more than a date; write dates as YYYY-MM-DD, optionally followed by an RFC 3339 time")
        );
    }

    #[test]
    fn dates_order_chronologically() {
        let a: Date = "2023-12-31".parse().unwrap();
        let b: Date = "2024-01-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.month_key(), "2024-01");
    }
}
