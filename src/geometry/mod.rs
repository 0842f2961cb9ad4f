//! Leg geometry: geodesic densification and antimeridian handling.

pub mod antimeridian;
pub mod geodesic;
pub mod lambert;
pub mod plane;
