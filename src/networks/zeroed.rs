//! Search memory: large zero-filled arrays that a search touches only where it goes.
//!
//! A search reads a slot before it writes it. In ordinary (private) zeroed memory the read
//! maps the kernel's shared zero page and the write then replaces it, which, while other
//! threads of the process run, interrupts every core to flush the stale mapping: planning on
//! two threads measured 1,200 such flushes for a file of 156 sea legs, and each thread ran at
//! half speed. Shared anonymous memory has no zero page: a first read maps a zeroed page of
//! its own, writable, and the write costs nothing more. Its pages cost more to set up and
//! tear down, though (about 0.4 ms of a one-leg process), so arrays are mapped shared only
//! once planning runs on several threads, and private before. Either way they are mapped
//! here, not allocated: an allocator may hand back zeroed memory by clearing it byte by
//! byte (mimalloc clears tens of megabytes that a search then barely touches).

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether threads search at once (see the module doc).
static SEVERAL_THREADS: AtomicBool = AtomicBool::new(false);

/// From now on, arrays are mapped shared: several threads search at once.
pub fn several_threads() {
    SEVERAL_THREADS.store(true, Ordering::Relaxed);
}

/// A type whose all-zero bytes are a valid value (0, 0.0, tuples and arrays of them).
///
/// # Safety
/// Only for types whose every field is an integer or a float.
pub unsafe trait Zero: Copy {}

// SAFETY: integers and floats (and their tuples and arrays) are valid as zero bytes.
unsafe impl Zero for u32 {}
unsafe impl Zero for u64 {}
unsafe impl Zero for f64 {}
unsafe impl Zero for (u32, u32) {}
unsafe impl Zero for [u64; 2] {}

/// A zero-filled array of `T` (see the module doc).
pub struct Zeroed<T: Zero> {
    ptr: *mut T,
    len: usize,
    /// Memory mapped here (unmapped on drop), or else `_vec`'s, where mapping is not
    /// available or not worth it.
    mapped: bool,
    _vec: Vec<T>,
}

// SAFETY: the mapping is owned by the one `Zeroed`, like a vector's buffer.
unsafe impl<T: Zero + Send> Send for Zeroed<T> {}

impl<T: Zero> Default for Zeroed<T> {
    fn default() -> Self {
        Zeroed::from_vec(Vec::new())
    }
}

impl<T: Zero> Zeroed<T> {
    /// `len` zeros.
    ///
    /// ```
    /// use corridor::networks::zeroed::{Zeroed, several_threads};
    /// for shared in [false, true] {
    ///     if shared {
    ///         several_threads();
    ///     }
    ///     let mut a = Zeroed::<u32>::new(1 << 20);
    ///     assert_eq!((a.len(), a[12345]), (1 << 20, 0));
    ///     a[12345] = 7;
    ///     assert_eq!(a.iter().map(|&x| u64::from(x)).sum::<u64>(), 7);
    /// }
    /// ```
    pub fn new(len: usize) -> Self {
        let bytes = len.saturating_mul(std::mem::size_of::<T>());
        #[cfg(target_os = "linux")]
        if bytes >= 1 << 16 {
            let sharing = if SEVERAL_THREADS.load(Ordering::Relaxed) {
                libc::MAP_SHARED
            } else {
                libc::MAP_PRIVATE
            };
            // SAFETY: a fresh mapping of `bytes` zeroed bytes, readable and writable, owned
            // by the value returned and unmapped on its drop; zero bytes are a valid `T`.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    bytes,
                    libc::PROT_READ | libc::PROT_WRITE,
                    sharing | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if p != libc::MAP_FAILED {
                return Zeroed {
                    ptr: p.cast(),
                    len,
                    mapped: true,
                    _vec: Vec::new(),
                };
            }
        }
        // SAFETY (of `vec!`'s zeros): zero bytes are a valid `T`.
        Zeroed::from_vec(vec![unsafe { std::mem::zeroed() }; len])
    }

    fn from_vec(mut v: Vec<T>) -> Self {
        Zeroed {
            ptr: v.as_mut_ptr(),
            len: v.len(),
            mapped: false,
            _vec: v,
        }
    }
}

impl<T: Zero> Deref for Zeroed<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` points at `len` initialised values owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl<T: Zero> DerefMut for Zeroed<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as for `deref`, borrowed mutably through `self`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

impl<T: Zero> Drop for Zeroed<T> {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if self.mapped {
            // SAFETY: the mapping made in `new`, of this size, not used after this.
            unsafe {
                libc::munmap(self.ptr.cast(), self.len * std::mem::size_of::<T>());
            }
        }
    }
}
