//! A quick hasher for the planner's lookup tables: coordinates' bits and short strings.
//!
//! The standard `HashMap` hashes with SipHash, which resists keys chosen to collide, at a cost
//! that showed in the planner's profile (about 1 % of a file of sea legs: a sea leg's question
//! holds its points and passage names). These tables are only looked up, never iterated for
//! output, and their keys come from the user's own files.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply per eight bytes (see the module doc).
///
/// ```
/// use corridor::hash::QuickMap;
/// let mut m: QuickMap<(u64, String), u32> = QuickMap::default();
/// m.insert((1.5f64.to_bits(), "suez".into()), 7);
/// assert_eq!(m.get(&(1.5f64.to_bits(), "suez".into())), Some(&7));
/// assert_eq!(m.get(&(1.5f64.to_bits(), "suex".into())), None);
/// ```
#[derive(Default, Clone, Copy)]
pub struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.write_u64(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length too, so that "a" and "a\0" differ.
            self.write_u64(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(29) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A `HashMap` hashed by [`QuickHasher`].
pub type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<QuickHasher>>;
