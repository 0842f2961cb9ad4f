//! Lengths that carry their unit, so kilometres and nautical miles cannot be mixed up.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul};

/// Metres in one international nautical mile (exact by definition).
pub const METRES_PER_NMI: f64 = 1852.0;
/// Metres in one international statute mile (exact by definition).
pub const METRES_PER_MI: f64 = 1609.344;

/// A length on the ellipsoid, stored in metres.
///
/// ```
/// use corridor::units::Length;
/// let d = Length::from_km(1.852);
/// assert!((d.nmi() - 1.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Length {
    metres: f64,
}

impl Length {
    pub const ZERO: Length = Length { metres: 0.0 };

    pub fn from_metres(metres: f64) -> Self {
        Length { metres }
    }
    /// For constants: `const MAX: Length = Length::from_km_const(100.0);`
    pub const fn from_km_const(km: f64) -> Self {
        Length {
            metres: km * 1000.0,
        }
    }
    pub fn from_km(km: f64) -> Self {
        Length {
            metres: km * 1000.0,
        }
    }
    pub fn metres(self) -> f64 {
        self.metres
    }
    pub fn km(self) -> f64 {
        self.metres / 1000.0
    }
    pub fn nmi(self) -> f64 {
        self.metres / METRES_PER_NMI
    }
    pub fn mi(self) -> f64 {
        self.metres / METRES_PER_MI
    }
    /// The value in the given unit.
    pub fn in_unit(self, unit: LengthUnit) -> f64 {
        match unit {
            LengthUnit::Km => self.km(),
            LengthUnit::Nmi => self.nmi(),
            LengthUnit::Mi => self.mi(),
        }
    }
}

impl Add for Length {
    type Output = Length;
    fn add(self, rhs: Length) -> Length {
        Length::from_metres(self.metres + rhs.metres)
    }
}

impl AddAssign for Length {
    fn add_assign(&mut self, rhs: Length) {
        self.metres += rhs.metres;
    }
}

/// Scaling by a count, e.g. a leg's distance times its number of trips.
impl Mul<f64> for Length {
    type Output = Length;
    fn mul(self, rhs: f64) -> Length {
        Length::from_metres(self.metres * rhs)
    }
}

impl Sum for Length {
    fn sum<I: Iterator<Item = Length>>(iter: I) -> Length {
        iter.fold(Length::ZERO, Add::add)
    }
}

named_enum! {
    /// The units a user may ask distances in.
    #[derive(Default)]
    pub enum LengthUnit {
        #[default]
        Km = "km",
        Nmi = "nmi",
        Mi = "mi",
    }
}

impl LengthUnit {
    /// The suffix used in column names and JSON keys (`distance_km`, `trip_nmi`, …): the name.
    pub fn suffix(self) -> &'static str {
        self.as_str()
    }
}

/// Rounds to a fixed number of decimals, the way every output of corridor rounds numbers.
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    let r = (value * factor).round() / factor;
    // Avoid printing "-0".
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_use_exact_definitions() {
        let d = Length::from_metres(1852.0 * 3.0);
        assert_eq!(d.nmi(), 3.0);
        assert_eq!(Length::from_metres(1609.344).mi(), 1.0);
        assert_eq!((d * 2.0).km(), 11.112);
    }

    #[test]
    fn rounding_never_gives_negative_zero() {
        assert_eq!(round_to(-0.0001, 3).to_string(), "0");
        assert_eq!(round_to(27.5666666, 6), 27.566667);
    }
}
