//! Longitudes on the hot paths of the grids (also compiled into the build script).

/// A longitude difference wrapped into [-180, 180): the same bits as
/// `(d + 540.0).rem_euclid(360.0) - 180.0`, without the call to fmod in the usual case where
/// nothing wraps (`x - 360.0` is exact for x in [360, 720)). On the hot paths of the grids.
#[inline]
pub(crate) fn lon_delta(d: f64) -> f64 {
    let x = d + 540.0;
    let r = if (360.0..720.0).contains(&x) {
        x - 360.0
    } else {
        x.rem_euclid(360.0)
    };
    r - 180.0
}
