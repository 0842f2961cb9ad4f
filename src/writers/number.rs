//! Numbers as the text outputs write them, straight into the text instead of through
//! `fmt`: serde_json's shortest round-trip form for GeoJSON (`87.474197`, `12.0`), and
//! Rust's `Display` form for KML (`87.474197`, `12`), both from zmij's shortest digits.

use std::fmt::Write;

/// Appends `x` as serde_json writes an `f64` (`null` when not finite).
///
/// ```
/// let mut s = String::new();
/// corridor::writers::number::push_f64(&mut s, 12.0);
/// s.push(' ');
/// corridor::writers::number::push_f64(&mut s, f64::NAN);
/// assert_eq!(s, "12.0 null");
/// assert_eq!(serde_json::json!(87.474197).to_string(), "87.474197");
/// ```
pub fn push_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

/// Appends `x` as Rust's `Display` writes an `f64` (`{}`: the shortest digits that read
/// back as `x`, never an exponent, no `.0` on a whole number: `12`, `-0`, `0.0000001`), the
/// same bytes several times faster, from zmij's digits.
///
/// Of two shortest digit strings equally near `x`, zmij and `Display` may take different
/// ones; such a tie needs 16 or more significant digits, so those numbers (rare in the
/// outputs, whose coordinates have six decimals) go through `Display` itself.
///
/// ```
/// let mut s = String::new();
/// for x in [12.0, -0.0, 87.474197, 1e-7, 1.5e17, f64::NEG_INFINITY, 1843767827503848.25] {
///     corridor::writers::number::push_display_f64(&mut s, x);
///     s.push(' ');
/// }
/// assert_eq!(s, "12 -0 87.474197 0.0000001 150000000000000000 -inf 1843767827503848.3 ");
/// ```
pub fn push_display_f64(out: &mut String, x: f64) {
    if !x.is_finite() {
        let _ = write!(out, "{x}");
        return;
    }
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x);
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    if significant_digits(mantissa) >= 16 {
        let _ = write!(out, "{x}");
    } else if text.len() == mantissa.len() {
        // zmij's fixed form ends in `.0` exactly when the number is whole.
        out.push_str(text.strip_suffix(".0").unwrap_or(text));
    } else {
        let exponent: i32 = exponent.parse().expect("zmij writes a decimal exponent");
        push_positional(out, mantissa, exponent);
    }
}

/// The digits of a number's text from its first that is not 0 (trailing zeros included).
fn significant_digits(mantissa: &str) -> usize {
    let digits = mantissa.bytes().filter(u8::is_ascii_digit);
    digits.skip_while(|&d| d == b'0').count()
}

/// Appends `mantissa` (`-d.ddd` or `d`) times ten to the `exponent` without an exponent:
/// zmij uses one below 1e-5 and from 1e16, where the number is a fraction or whole.
fn push_positional(out: &mut String, mantissa: &str, exponent: i32) {
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let (first, rest) = digits.split_once('.').unwrap_or((digits, ""));
    out.push_str(sign);
    if exponent < 0 {
        out.push_str("0.");
        (1..-exponent).for_each(|_| out.push('0'));
        out.push_str(first);
        out.push_str(rest);
    } else {
        out.push_str(first);
        out.push_str(rest);
        let zeros = usize::try_from(exponent)
            .unwrap_or(0)
            .saturating_sub(rest.len());
        (0..zeros).for_each(|_| out.push('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: many varied numbers, the same ones every run.
    fn numbers(seed: u64) -> impl Iterator<Item = u64> {
        let mut state = seed;
        std::iter::repeat_with(move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        })
    }

    fn same_as_display(x: f64) {
        let mut ours = String::new();
        push_display_f64(&mut ours, x);
        assert_eq!(ours, format!("{x}"), "{:#x}", x.to_bits());
    }

    #[test]
    fn display_form_for_any_bits() {
        numbers(14)
            .take(2_000_000)
            .for_each(|b| same_as_display(f64::from_bits(b)));
    }

    #[test]
    fn display_form_for_coordinates_and_round_numbers() {
        let mut random = numbers(2026);
        for _ in 0..1_000_000 {
            let (a, b) = (random.next().unwrap(), random.next().unwrap());
            let unit = (a >> 11) as f64 / (1u64 << 53) as f64;
            let lon = unit * 360.0 - 180.0;
            same_as_display(lon);
            let decimals = (b % 10) as i32;
            let scale = 10f64.powi(decimals);
            same_as_display((lon * scale).round() / scale);
            let magnitude = 10f64.powi((b >> 8) as i32 % 40 - 20);
            same_as_display(unit * magnitude);
            same_as_display(-((b >> 20) as f64));
        }
        for x in [
            0.0,
            -0.0,
            1e-5,
            1e-6,
            9.999e-6,
            1e15,
            1e16,
            1e17,
            123456789012345680.0,
        ] {
            same_as_display(x);
        }
        for x in [
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            5e-324,
            f64::NAN,
            f64::INFINITY,
        ] {
            same_as_display(x);
        }
    }
}
