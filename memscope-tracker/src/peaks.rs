//! [`Peaks`]: the most bytes and blocks ever live at once, across every
//! shard of a tracker.
//!
//! A peak is a maximum of a sum over all shards, which no shard can know
//! alone: so the levels it is the maximum of are kept process-wide too,
//! beside the shards' own counters. Each new peak gets a number (its
//! generation), which call sites fold their peak counts by (`sites.rs`),
//! and every level goes on the timeline (`timeline.rs`).

use std::sync::atomic::Ordering;

use crate::sites::PeakEvent;
use crate::sync::AtomicU64;
use crate::timeline::{Buckets, TimelineMark};

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
    /// How many times the peak bytes were raised: the latest peak's
    /// generation.
    generation: AtomicU64,
    /// When the peak bytes were last raised, and the blocks live then.
    peak_time: AtomicU64,
    blocks_at_peak: AtomicU64,
    timeline: Buckets,
}

impl Peaks {
    const_unless_loom! {
        pub(crate) fn new() -> Self {
            Peaks {
                active_memory: AtomicU64::new(0),
                active_allocations: AtomicU64::new(0),
                peak_memory: AtomicU64::new(0),
                peak_allocations: AtomicU64::new(0),
                generation: AtomicU64::new(0),
                peak_time: AtomicU64::new(0),
                blocks_at_peak: AtomicU64::new(0),
                timeline: Buckets::new(),
            }
        }
    }

    /// A block of `size` bytes became live at `time` (ns since the
    /// epoch): whether that raised the peak.
    #[inline]
    pub(crate) fn add(&self, size: u64, time: u64) -> PeakEvent {
        let memory = self
            .active_memory
            .fetch_add(size, Ordering::Relaxed)
            .wrapping_add(size);
        let blocks = self
            .active_allocations
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1);
        raise(&self.peak_allocations, blocks);
        self.timeline.observe(
            Some(time),
            (memory.wrapping_sub(size), blocks.wrapping_sub(1)),
            (memory, blocks),
        );
        if memory > self.peak_memory.load(Ordering::Relaxed)
            && self.peak_memory.fetch_max(memory, Ordering::Relaxed) < memory
        {
            self.peak_time.store(time, Ordering::Relaxed);
            self.blocks_at_peak.store(blocks, Ordering::Relaxed);
            let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
            return PeakEvent::Raised(generation);
        }
        PeakEvent::Below(self.generation.load(Ordering::Relaxed))
    }

    /// A block of `size` bytes went away.
    #[inline]
    pub(crate) fn sub(&self, size: u64) -> PeakEvent {
        let memory = self
            .active_memory
            .fetch_sub(size, Ordering::Relaxed)
            .wrapping_sub(size);
        let blocks = self
            .active_allocations
            .fetch_sub(1, Ordering::Relaxed)
            .wrapping_sub(1);
        self.timeline.observe(
            None,
            (memory.wrapping_add(size), blocks.wrapping_add(1)),
            (memory, blocks),
        );
        PeakEvent::Below(self.generation.load(Ordering::Relaxed))
    }

    /// The latest peak's generation.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }

    /// When the peak bytes were first reached, and the level then;
    /// `None` before anything was allocated.
    pub(crate) fn peak_mark(&self) -> Option<TimelineMark> {
        let bytes = self.peak_memory.load(Ordering::Relaxed);
        (self.generation() != 0).then(|| TimelineMark {
            time_ns: self.peak_time.load(Ordering::Relaxed),
            bytes,
            blocks: self.blocks_at_peak.load(Ordering::Relaxed),
        })
    }

    /// The level now (bytes, blocks).
    pub(crate) fn level(&self) -> (u64, u64) {
        (
            self.active_memory.load(Ordering::Relaxed),
            self.active_allocations.load(Ordering::Relaxed),
        )
    }

    /// Puts the level now on the timeline at `time` (a snapshot's), so
    /// that it reaches that instant.
    pub(crate) fn observe_now(&self, time: u64) {
        let level = self.level();
        self.timeline.observe(Some(time), level, level);
    }

    /// The timeline's start, width and buckets.
    pub(crate) fn timeline(
        &self,
    ) -> (
        u64,
        u64,
        crate::own_memory::OwnVec<crate::timeline::TimelineBucket>,
    ) {
        self.timeline.copy()
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
        assert_eq!(peaks.add(100, 1), PeakEvent::Raised(1));
        assert_eq!(peaks.add(50, 2), PeakEvent::Raised(2));
        assert_eq!(peaks.sub(100), PeakEvent::Below(2));
        assert_eq!(peaks.add(20, 3), PeakEvent::Below(2));
        assert_eq!(peaks.get(), (150, 2));
        let mark = peaks.peak_mark().unwrap();
        assert_eq!((mark.time_ns, mark.bytes, mark.blocks), (2, 150, 2));
    }
}
