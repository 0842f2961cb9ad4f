//! Numbers written with a fixed number of decimals, quickly.
//!
//! `format!("{x:.3}")` converts exactly (Grisu, falling back to Dragon4's big-number
//! arithmetic), which showed in the profiles of writing a table of distances and of naming a
//! few hundred inline places by their coordinates. Away from a tie between two roundings,
//! the scaled value rounded is the answer, and its digits are an integer's.

/// `x` with `decimals` decimals, exactly as `format!("{x:.decimals$}")` writes it.
///
/// ```
/// use corridor::decimal::fixed;
/// for (x, d) in [(1234.5, 1), (0.1, 1), (-2.25, 2), (7.0, 0), (64.529722, 5), (-0.0, 1), (0.05, 1)] {
///     assert_eq!(fixed(x, d), format!("{x:.d$}"));
/// }
/// ```
pub fn fixed(x: f64, decimals: usize) -> String {
    const POWERS: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    let Some(&scale) = POWERS.get(decimals) else {
        return format!("{x:.decimals$}");
    };
    // Below 1e9 units, `x * scale` is within 1.2e-7 of the exact product (half a unit in
    // the last place, 2^-53 of it): unless its fraction is within 1e-6 of a half, it rounds
    // to the units the exact value rounds to. Ties, and larger or non-finite values, take
    // the exact way.
    let scaled = x * scale;
    if !scaled.is_finite() || scaled.abs() >= 1e9 || (scaled - scaled.floor() - 0.5).abs() < 1e-6 {
        return format!("{x:.decimals$}");
    }
    let units = scaled.round().abs() as u64;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let whole = units / scale as u64;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let frac = units % scale as u64;
    format!("{sign}{whole}.{frac:0decimals$}")
}

#[cfg(test)]
mod tests {
    use super::fixed;

    /// Against the standard formatting, on a seeded walk over values on the grid of each
    /// number of decimals (as tables hold them), off it, near ties, large, and signed zeros.
    #[test]
    fn fixed_writes_what_format_writes() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let d = (x % 7) as usize;
            let units = ((x >> 8) % 2_000_000_000) as f64 - 1e9;
            let on_grid = units / 10f64.powi(d as i32);
            let off = on_grid + (x >> 44) as f64 / 1e7;
            let near_tie = (units + 0.5) / 10f64.powi(d as i32);
            let coordinate = ((x >> 20) % 360_000_000) as f64 / 1e6 - 180.0;
            for v in [
                on_grid,
                off,
                near_tie,
                on_grid * 1e5,
                on_grid / 1e3,
                coordinate,
                -0.0,
                0.0,
            ] {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v} to {d} decimals");
            }
        }
        for v in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
            -1e-300,
            0.5,
            1.5,
            2.5,
        ] {
            for d in 0..8 {
                assert_eq!(fixed(v, d), format!("{v:.d$}"), "{v} to {d} decimals");
            }
        }
    }
}
