//! Calendar dates as route files write them (ISO 8601 `YYYY-MM-DD`).

use std::fmt;
use std::str::FromStr;

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
    /// The `YYYY-MM` month this date falls in (used to aggregate by month).
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses `YYYY-MM-DD`; a time part (`T09:30`, `T09:30:00Z`) is accepted and ignored.
    ///
    /// ```
    /// use corridor::routes::Date;
    /// let d: Date = "2024-01-08".parse().unwrap();
    /// assert_eq!(d.to_string(), "2024-01-08");
    /// assert!("2023-02-29".parse::<Date>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let date_part = s.split(['T', ' ']).next().unwrap_or("");
        let bad = || {
            format!("{s:?} is not a date; write dates as YYYY-MM-DD (ISO 8601), e.g. 2024-01-08")
        };
        let parts: Vec<&str> = date_part.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u8 = parts[1].parse().map_err(|_| bad())?;
        let day: u8 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!(
                "{s:?}: month {month} does not exist; write dates as YYYY-MM-DD"
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "{s:?}: day {day} does not exist in {year:04}-{month:02}"
            ));
        }
        Ok(Date { year, month, day })
    }
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
    fn times_are_ignored_and_garbage_rejected() {
        assert_eq!(
            "2024-01-08T09:30:00Z".parse::<Date>().unwrap().to_string(),
            "2024-01-08"
        );
        for bad in ["2024-1-8", "08.01.2024", "2024-13-01", "", "2024-01-32"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_order_chronologically() {
        let a: Date = "2023-12-31".parse().unwrap();
        let b: Date = "2024-01-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.month_key(), "2024-01");
    }
}
