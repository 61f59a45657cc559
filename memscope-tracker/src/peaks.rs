//! [`Peaks`]: the most bytes and blocks ever live at once, across every
//! shard of a tracker.
//!
//! A peak is a maximum of a sum over all shards, which no shard can know
//! alone: so the levels it is the maximum of are kept process-wide too,
//! beside the shards' own counters.

use std::sync::atomic::Ordering;

use crate::sync::AtomicU64;

/// The process-wide levels (bytes and blocks live now) and their peaks.
///
/// Only changed under some shard lock; each atomic step yields the exact
/// new level, so every level the tracker passes through is seen by exactly
/// one thread, which raises the peak if needed. `Relaxed` suffices: readers
/// that need agreement with the records hold every shard lock, which orders
/// them after every update.
pub(crate) struct Peaks {
    active_memory: AtomicU64,
    active_allocations: AtomicU64,
    peak_memory: AtomicU64,
    peak_allocations: AtomicU64,
}

impl Peaks {
    const_unless_loom! {
        pub(crate) fn new() -> Self {
            Peaks {
                active_memory: AtomicU64::new(0),
                active_allocations: AtomicU64::new(0),
                peak_memory: AtomicU64::new(0),
                peak_allocations: AtomicU64::new(0),
            }
        }
    }

    /// A block of `size` bytes became live.
    pub(crate) fn add(&self, size: u64) {
        let memory = self
            .active_memory
            .fetch_add(size, Ordering::Relaxed)
            .wrapping_add(size);
        raise(&self.peak_memory, memory);
        let blocks = self
            .active_allocations
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1);
        raise(&self.peak_allocations, blocks);
    }

    /// A block of `size` bytes went away.
    pub(crate) fn sub(&self, size: u64) {
        self.active_memory.fetch_sub(size, Ordering::Relaxed);
        self.active_allocations.fetch_sub(1, Ordering::Relaxed);
    }

    /// The peaks: the most bytes, and the most blocks, ever live at once.
    pub(crate) fn get(&self) -> (u64, u64) {
        (
            self.peak_memory.load(Ordering::Relaxed),
            self.peak_allocations.load(Ordering::Relaxed),
        )
    }
}

/// Raises `peak` to `level`. Reading first keeps the common case, a level
/// below the peak, free of writes to the shared cache line.
#[inline]
fn raise(peak: &AtomicU64, level: u64) {
    if level > peak.load(Ordering::Relaxed) {
        peak.fetch_max(level, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peaks_are_the_highest_levels_reached_not_the_current_ones() {
        let peaks = Peaks::new();
        peaks.add(100);
        peaks.add(50);
        peaks.sub(100);
        peaks.add(20);
        assert_eq!(peaks.get(), (150, 2));
    }
}
