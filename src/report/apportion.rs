//! Rounding parts so that they still add up to their whole.

/// Rounds `parts` to `decimals` so that the rounded parts add up exactly to `whole` rounded
/// to `decimals`, where `whole` is the parts' sum or that sum already rounded: each part is
/// rounded down or up, and the units left over go to the parts with the largest remainders
/// (ties to the earlier part). This is how a table's rows stay equal to its total row.
///
/// ```
/// use corridor::report::apportion::apportion;
/// // Rounded one by one, 0.35 + 0.35 + 0.3 would show 0.4 + 0.4 + 0.3 = 1.1 against 1.0.
/// assert_eq!(apportion(&[0.35, 0.35, 0.3], 1.0, 1), vec![0.4, 0.3, 0.3]);
/// ```
pub fn apportion(parts: &[f64], whole: f64, decimals: i32) -> Vec<f64> {
    let scale = 10f64.powi(decimals);
    // Scaled values are rounded to 1e-6 first, so that 0.35 * 10 = 3.4999999999999996
    // still counts as half a unit.
    let scaled: Vec<f64> = parts
        .iter()
        .map(|p| (p * scale * 1e6).round() / 1e6)
        .collect();
    let mut units: Vec<i64> = scaled.iter().map(|s| s.floor() as i64).collect();
    let target = ((whole * scale * 1e6).round() / 1e6).round() as i64;
    let mut left = target - units.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = scaled[a] - scaled[a].floor();
        let rb = scaled[b] - scaled[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(parts.len() * 2) {
        if left == 0 {
            break;
        }
        if left > 0 {
            units[i] += 1;
            left -= 1;
        } else if units[i] > 0 {
            units[i] -= 1;
            left += 1;
        }
    }
    units.iter().map(|&u| u as f64 / scale).collect()
}

#[cfg(test)]
mod tests {
    use super::apportion;

    #[test]
    fn parts_add_up_to_the_rounded_whole() {
        let parts = [6444.14, 668.76, 0.04];
        let whole: f64 = parts.iter().sum();
        let shown = apportion(&parts, whole, 1);
        assert_eq!(shown, vec![6444.1, 668.8, 0.0]);
        let total: f64 = shown.iter().sum();
        assert!((total - 7112.9).abs() < 1e-9);
    }

    #[test]
    fn exact_parts_are_left_alone() {
        assert_eq!(
            apportion(&[1.234, 2.5, 3.0], 6.734, 3),
            vec![1.234, 2.5, 3.0]
        );
        assert_eq!(apportion(&[], 0.0, 1), Vec::<f64>::new());
    }
}
