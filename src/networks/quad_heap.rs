//! A min-heap of integer keys with four children a node: the water search's queue.
//!
//! The water search pops thousands of entries whose keys mostly tie on their first part
//! (the bound), so a binary heap spends its time on mispredicted branches down a dozen
//! levels. Four children a node halve the levels, and the four are compared without
//! branching on which is least. Keys are unique in the search (each holds its cell), so
//! the order of pops is the order of keys, whatever the heap's shape: the same as
//! [`std::collections::BinaryHeap`] with [`std::cmp::Reverse`] would give.
//!
//! ```
//! use corridor::networks::quad_heap::QuadHeap;
//!
//! let mut heap = QuadHeap::default();
//! for k in [5u128, 1, 9, 3, 7] {
//!     heap.push(k);
//! }
//! let popped: Vec<u128> = std::iter::from_fn(|| heap.pop()).collect();
//! assert_eq!(popped, [1, 3, 5, 7, 9]);
//! ```

/// A min-heap of `u128` (see the module doc).
#[derive(Debug, Default, Clone)]
pub struct QuadHeap {
    keys: Vec<u128>,
}

impl QuadHeap {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn push(&mut self, key: u128) {
        let mut i = self.keys.len();
        self.keys.push(key);
        while i > 0 {
            let parent = (i - 1) / 4;
            let above = self.keys[parent];
            if above <= key {
                break;
            }
            self.keys[i] = above;
            i = parent;
        }
        self.keys[i] = key;
    }

    /// The least key, removed.
    pub fn pop(&mut self) -> Option<u128> {
        let last = self.keys.pop()?;
        let Some(&top) = self.keys.first() else {
            return Some(last);
        };
        // `last` sinks from the root to where its children are all greater.
        let n = self.keys.len();
        let mut i = 0;
        loop {
            let first = 4 * i + 1;
            if first >= n {
                break;
            }
            let (child, least) = if first + 4 <= n {
                let k = &self.keys[first..first + 4];
                // The lesser of each pair, then of the two: picked without branching.
                let (a, b) = (usize::from(k[1] < k[0]), 2 + usize::from(k[3] < k[2]));
                let c = if k[b] < k[a] { b } else { a };
                (first + c, k[c])
            } else {
                let mut best = first;
                for c in first + 1..n {
                    if self.keys[c] < self.keys[best] {
                        best = c;
                    }
                }
                (best, self.keys[best])
            };
            if least >= last {
                break;
            }
            self.keys[i] = least;
            i = child;
        }
        self.keys[i] = last;
        Some(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    /// Against the standard library's heap: the same keys pushed and popped in a seeded
    /// interleaving come out in the same order.
    #[test]
    fn pops_in_the_order_of_the_standard_heap() {
        let mut next = crate::networks::uniform(7);
        let (mut ours, mut std_heap) = (QuadHeap::default(), BinaryHeap::new());
        let mut popped = (Vec::new(), Vec::new());
        for round in 0..20_000u32 {
            // Mostly ties on the high half, as in the water search.
            let key = (u128::from((next() * 8.0) as u64) << 64)
                | (u128::from((next() * 1e6) as u64) << 32)
                | u128::from(round);
            if next() < 0.6 {
                ours.push(key);
                std_heap.push(Reverse(key));
            } else {
                popped.0.push(ours.pop());
                popped.1.push(std_heap.pop().map(|Reverse(k)| k));
            }
            assert_eq!(ours.len(), std_heap.len());
        }
        while !std_heap.is_empty() {
            popped.0.push(ours.pop());
            popped.1.push(std_heap.pop().map(|Reverse(k)| k));
        }
        assert_eq!(ours.pop(), None);
        assert!(popped.0.len() > 10_000);
        assert_eq!(popped.0, popped.1);
    }
}
