//! A counting global allocator: the peak of the bytes a piece of code
//! allocated (net of what it freed) on top of what was live before it ran.
//!
//! The bench binary installs it as its `#[global_allocator]`; outside a
//! [`CountingAlloc::peak_extra`] call it costs one relaxed load per
//! allocation. It sees only what goes through Rust's allocator: memory that
//! C code takes with `malloc` (zstd's compression contexts and windows, for
//! one) is not counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

/// [`System`], counting the bytes allocated and freed while a measurement
/// is on.
#[derive(Debug)]
pub struct CountingAlloc {
    on: AtomicBool,
    /// Bytes allocated minus bytes freed since the measurement began; frees
    /// of older blocks take it below zero.
    net: AtomicIsize,
    /// The highest `net` seen.
    peak: AtomicIsize,
}

impl CountingAlloc {
    /// A counter that is off.
    pub const fn new() -> Self {
        CountingAlloc {
            on: AtomicBool::new(false),
            net: AtomicIsize::new(0),
            peak: AtomicIsize::new(0),
        }
    }

    /// Runs `f` once and returns its result with the most bytes that were
    /// live at any moment during it beyond those live when it began (0 when
    /// it only freed). A `realloc` counts as the new block allocated before
    /// the old one is freed, the worst case of a move.
    ///
    /// Single-threaded use only: allocations of other threads during `f`
    /// are counted too.
    pub fn peak_extra<T>(&self, f: impl FnOnce() -> T) -> (T, usize) {
        self.net.store(0, Relaxed);
        self.peak.store(0, Relaxed);
        self.on.store(true, Relaxed);
        let value = f();
        self.on.store(false, Relaxed);
        (value, self.peak.load(Relaxed).max(0) as usize)
    }

    #[inline]
    fn grew(&self, bytes: usize) {
        if self.on.load(Relaxed) {
            let now = self.net.fetch_add(bytes as isize, Relaxed) + bytes as isize;
            self.peak.fetch_max(now, Relaxed);
        }
    }

    #[inline]
    fn shrank(&self, bytes: usize) {
        if self.on.load(Relaxed) {
            self.net.fetch_sub(bytes as isize, Relaxed);
        }
    }
}

impl Default for CountingAlloc {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every call is forwarded to `System` unchanged; the counting only
// reads the layouts.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            self.grew(layout.size());
        }
        block
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            self.grew(layout.size());
        }
        block
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(block, layout) };
        self.shrank(layout.size());
    }

    #[inline]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            self.grew(new_size);
            self.shrank(layout.size());
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Not installed as the global allocator here: exercise it directly.
    #[test]
    fn peak_counts_live_bytes_net_of_frees() {
        let counter = CountingAlloc::new();
        let small = Layout::from_size_align(100, 8).unwrap();
        let large = Layout::from_size_align(1000, 8).unwrap();
        let ((), peak) = counter.peak_extra(|| unsafe {
            let a = counter.alloc(small);
            let b = counter.alloc(large);
            counter.dealloc(b, large);
            let c = counter.alloc(small);
            counter.dealloc(a, small);
            counter.dealloc(c, small);
        });
        assert_eq!(peak, 1100);
        // Off again: nothing is counted.
        unsafe {
            let a = counter.alloc(large);
            counter.dealloc(a, large);
        }
        assert_eq!(counter.peak.load(Relaxed), 1100);
    }

    #[test]
    fn realloc_counts_both_blocks() {
        let counter = CountingAlloc::new();
        let layout = Layout::from_size_align(64, 8).unwrap();
        let block = unsafe { counter.alloc(layout) };
        let (block, peak) = counter.peak_extra(|| unsafe { counter.realloc(block, layout, 256) });
        unsafe { counter.dealloc(block, Layout::from_size_align(256, 8).unwrap()) };
        assert_eq!(peak, 256);
    }
}
