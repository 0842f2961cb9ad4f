//! The command's memory allocator: the system's (glibc's), or mimalloc for large inputs.
//!
//! At 100,000 legs glibc's allocator spends a sixth of a build's time consolidating and
//! unlinking free chunks, many of them blocks made on one thread and freed on another (rows,
//! features, blobs); mimalloc cut `distances` and `build → .parquet` by a quarter there. But
//! it costs a small process about 0.3 ms more to start (its own initialisation and fresh
//! pages), an eighth of a one-leg run. So the switch is made before route files of a
//! megabyte or more are read ([`for_inputs`]; about 5,000 legs), and each block is freed by
//! the allocator that made it: mimalloc tells its own blocks by their address
//! (`mi_is_in_heap_region`, a page-map lookup).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Bytes of route files from which blocks come from mimalloc.
const LARGE_INPUT: u64 = 1 << 20;

static SWITCHED: AtomicBool = AtomicBool::new(false);

/// Switches to mimalloc when `files` hold [`LARGE_INPUT`] bytes or more (asking their
/// sizes only until they do).
pub fn for_inputs(files: &[PathBuf]) {
    let mut bytes = 0;
    for f in files {
        bytes += std::fs::metadata(f).map_or(0, |m| m.len());
        if bytes >= LARGE_INPUT {
            SWITCHED.store(true, Ordering::Relaxed);
            return;
        }
    }
}

pub struct Allocator;

fn mimalloc_owns(ptr: *mut u8) -> bool {
    // SAFETY: a lookup of the address in mimalloc's page map; any address may be asked.
    unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

// SAFETY: every block is made by one of two allocators and returned to the one that made
// it, which `mimalloc_owns` tells; a block moved by `realloc` keeps its contents.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if SWITCHED.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if SWITCHED.load(Ordering::Relaxed) {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if mimalloc_owns(ptr) {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if mimalloc_owns(ptr) {
            return unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        }
        if !SWITCHED.load(Ordering::Relaxed) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // A system block grown after the switch moves to mimalloc.
        // SAFETY: `new_size` with the old alignment is a valid layout (the trait's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { MiMalloc.alloc(new_layout) };
        if !new.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                System.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_made_before_the_switch_are_freed_and_grown_after_it() {
        let before: Vec<Vec<u64>> = (0..64u64).map(|i| vec![i; 100 + i as usize]).collect();
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.csv");
        std::fs::write(&small, "route,mode,from,to\n").unwrap();
        let large = dir.path().join("large.csv");
        std::fs::write(&large, vec![b'#'; LARGE_INPUT as usize]).unwrap();
        // Other tests of this binary may have switched already: only the switch is asked.
        for_inputs(std::slice::from_ref(&small));
        for_inputs(&[small, large]);
        assert!(SWITCHED.load(Ordering::Relaxed));
        for (i, mut v) in before.into_iter().enumerate() {
            v.extend(std::iter::repeat_n(7, 10_000));
            assert!(mimalloc_owns(v.as_mut_ptr().cast()), "grown into mimalloc");
            assert!(
                v[..100 + i].iter().all(|&x| x == i as u64) && v[100 + i..].iter().all(|&x| x == 7)
            );
        }
        let after = vec![1u8; 4096];
        assert!(mimalloc_owns(after.as_ptr().cast_mut()));
    }
}
