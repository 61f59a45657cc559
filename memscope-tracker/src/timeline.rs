//! [`Timeline`]: the process's live bytes and blocks over the run, in a
//! fixed number of buckets, each keeping the least and most it saw.
//!
//! The buckets start [`FIRST_WIDTH_NS`] wide; when an event falls past
//! the last one, neighbours are merged pairwise and the width doubles, so
//! a run of any length costs the same [`BUCKETS`] buckets and the newest
//! is never more than twice as wide as the run divided by their number.
//!
//! An event extends its bucket's range with the level it leaves, writing
//! only when that is a new least or most: while the level moves inside a
//! bucket's range nothing is written. An allocation is placed by its
//! timestamp; a free, which reads no clock, in the newest bucket an
//! allocation or snapshot opened. A bucket is opened with the level the
//! previous event left, and buckets skipped by a quiet spell get that
//! level too: they saw no change.
//!
//! Several threads extend buckets without a lock; opening buckets and
//! merging them take one flag, so buckets are opened once, at one level.
//! A level seen by a thread while another opens the next bucket may land
//! in a neighbour of its own, and two events on two threads may enter a
//! bucket in either order. The peak itself is exact: it is `Peaks`', not
//! the buckets'.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crate::own_memory::{OwnVec, System};

/// How many buckets a timeline keeps.
pub(crate) const BUCKETS: usize = 256;

/// The buckets' first width: 1 ms, a few ticks of the coarse clock.
pub(crate) const FIRST_WIDTH_NS: u64 = 1_000_000;

/// The least and most live bytes and blocks of one stretch of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimelineBucket {
    /// The fewest bytes live at once.
    pub min_bytes: u64,
    /// The most bytes live at once.
    pub max_bytes: u64,
    /// The fewest blocks live at once.
    pub min_blocks: u64,
    /// The most blocks live at once.
    pub max_blocks: u64,
}

impl TimelineBucket {
    fn merge(self, other: TimelineBucket) -> TimelineBucket {
        TimelineBucket {
            min_bytes: self.min_bytes.min(other.min_bytes),
            max_bytes: self.max_bytes.max(other.max_bytes),
            min_blocks: self.min_blocks.min(other.min_blocks),
            max_blocks: self.max_blocks.max(other.max_blocks),
        }
    }
}

/// An instant on the timeline: the peak, or a snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimelineMark {
    /// When, in nanoseconds since the UNIX epoch (the coarse clock's).
    pub time_ns: u64,
    /// The live bytes then.
    pub bytes: u64,
    /// The live blocks then.
    pub blocks: u64,
}

/// The live memory of a run as a snapshot copies it: see
/// [`Snapshot::timeline`](crate::Snapshot::timeline). Its buffers come
/// from `System`, as all of the tracker's memory does.
#[derive(Debug)]
pub struct Timeline {
    pub(crate) start_ns: u64,
    pub(crate) bucket_ns: u64,
    pub(crate) buckets: OwnVec<TimelineBucket>,
    pub(crate) peak: Option<TimelineMark>,
    pub(crate) snapshots: OwnVec<TimelineMark>,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline {
            start_ns: 0,
            bucket_ns: FIRST_WIDTH_NS,
            buckets: OwnVec::new_in(System),
            peak: None,
            snapshots: OwnVec::new_in(System),
        }
    }
}

impl Timeline {
    /// When the first bucket starts, ns since the UNIX epoch; 0 when
    /// nothing was allocated.
    pub fn start_ns(&self) -> u64 {
        self.start_ns
    }

    /// How long each bucket lasts, in ns.
    pub fn bucket_ns(&self) -> u64 {
        self.bucket_ns
    }

    /// The buckets, oldest first; the last one holds the snapshot.
    pub fn buckets(&self) -> &[TimelineBucket] {
        &self.buckets
    }

    /// When the peak (the most live bytes) was first reached, and the
    /// level then; `None` when nothing was allocated.
    pub fn peak(&self) -> Option<TimelineMark> {
        self.peak
    }

    /// The snapshots the tracker took (exports), oldest first, this one
    /// last; at most the latest [`MAX_MARKS`].
    pub fn snapshots(&self) -> &[TimelineMark] {
        &self.snapshots
    }
}

/// How many snapshot marks a tracker keeps: the latest.
pub const MAX_MARKS: usize = 256;

/// One bucket, as updated.
struct Bucket {
    min_bytes: AtomicU64,
    max_bytes: AtomicU64,
    min_blocks: AtomicU64,
    max_blocks: AtomicU64,
}

impl Bucket {
    const fn new() -> Self {
        Bucket {
            min_bytes: AtomicU64::new(0),
            max_bytes: AtomicU64::new(0),
            min_blocks: AtomicU64::new(0),
            max_blocks: AtomicU64::new(0),
        }
    }

    fn get(&self) -> TimelineBucket {
        TimelineBucket {
            min_bytes: self.min_bytes.load(Ordering::Relaxed),
            max_bytes: self.max_bytes.load(Ordering::Relaxed),
            min_blocks: self.min_blocks.load(Ordering::Relaxed),
            max_blocks: self.max_blocks.load(Ordering::Relaxed),
        }
    }

    fn set(&self, to: TimelineBucket) {
        self.min_bytes.store(to.min_bytes, Ordering::Relaxed);
        self.max_bytes.store(to.max_bytes, Ordering::Relaxed);
        self.min_blocks.store(to.min_blocks, Ordering::Relaxed);
        self.max_blocks.store(to.max_blocks, Ordering::Relaxed);
    }

    /// Widens the ranges to hold `level` (bytes, blocks), writing only
    /// what changes.
    #[inline]
    fn extend(&self, (bytes, blocks): (u64, u64)) {
        if bytes > self.max_bytes.load(Ordering::Relaxed) {
            self.max_bytes.fetch_max(bytes, Ordering::Relaxed);
        }
        if bytes < self.min_bytes.load(Ordering::Relaxed) {
            self.min_bytes.fetch_min(bytes, Ordering::Relaxed);
        }
        if blocks > self.max_blocks.load(Ordering::Relaxed) {
            self.max_blocks.fetch_max(blocks, Ordering::Relaxed);
        }
        if blocks < self.min_blocks.load(Ordering::Relaxed) {
            self.min_blocks.fetch_min(blocks, Ordering::Relaxed);
        }
    }
}

/// The buckets being filled.
pub(crate) struct Buckets {
    /// The first bucket's start; 0 until the first timed event.
    start: AtomicU64,
    width: AtomicU64,
    /// The newest bucket opened.
    current: AtomicUsize,
    /// When it ends: an event before then needs no arithmetic (0 until
    /// the first timed event).
    current_end: AtomicU64,
    /// Held while the buckets are merged.
    merging: AtomicBool,
    buckets: [Bucket; BUCKETS],
}

impl Buckets {
    pub(crate) const fn new() -> Self {
        Buckets {
            start: AtomicU64::new(0),
            width: AtomicU64::new(FIRST_WIDTH_NS),
            current: AtomicUsize::new(0),
            current_end: AtomicU64::new(0),
            merging: AtomicBool::new(false),
            buckets: [const { Bucket::new() }; BUCKETS],
        }
    }

    /// An event took the level from `before` to `after` (bytes, blocks),
    /// at `time` (ns since the epoch) when it read the clock.
    #[inline]
    pub(crate) fn observe(&self, time: Option<u64>, before: (u64, u64), after: (u64, u64)) {
        let mut index = self.current.load(Ordering::Relaxed);
        if let Some(time) = time
            && time >= self.current_end.load(Ordering::Relaxed)
        {
            index = self.advance(time, before);
        }
        self.buckets[index].extend(after);
    }

    /// An event at `time`, at or past the end of bucket `current`: opens
    /// the buckets up to its own and returns it.
    /// Opening buckets and merging them take the `merging` flag, so that
    /// two threads never open the same buckets with different levels,
    /// nor one open buckets of a width another has just doubled.
    #[cold]
    fn advance(&self, time: u64, before: (u64, u64)) -> usize {
        self.lock();
        let index = self.index_of(time);
        // Read after `index_of`, which may have merged the buckets.
        let current = self.current.load(Ordering::Relaxed);
        let index = index.max(current);
        if index > current {
            self.open(current, index, before);
        }
        let (start, width) = (
            self.start.load(Ordering::Relaxed),
            self.width.load(Ordering::Relaxed),
        );
        let end = start.saturating_add(width.saturating_mul(index as u64 + 1));
        self.current_end.store(end, Ordering::Relaxed);
        self.unlock();
        index
    }

    /// Takes the `merging` flag, giving the core up after a short spin
    /// (its holder may be off its core).
    fn lock(&self) {
        let mut spins = 0u32;
        while self
            .merging
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            if spins < 100 {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }

    fn unlock(&self) {
        self.merging.store(false, Ordering::Release);
    }

    /// The bucket of `time`, the buckets merged first when it falls past
    /// the last.
    #[inline]
    fn index_of(&self, time: u64) -> usize {
        let mut start = self.start.load(Ordering::Relaxed);
        if start == 0 {
            let first = time.max(1);
            start =
                match self
                    .start
                    .compare_exchange(0, first, Ordering::Relaxed, Ordering::Relaxed)
                {
                    Ok(_) => first,
                    Err(already) => already,
                };
        }
        loop {
            let width = self.width.load(Ordering::Relaxed);
            let index = time.saturating_sub(start) / width;
            if index < BUCKETS as u64 {
                return index as usize;
            }
            self.merge(width);
        }
    }

    /// Opens buckets `from + 1 ..= to` at `level`: nothing changed in
    /// those before this event.
    #[cold]
    fn open(&self, from: usize, to: usize, (bytes, blocks): (u64, u64)) {
        let level = TimelineBucket {
            min_bytes: bytes,
            max_bytes: bytes,
            min_blocks: blocks,
            max_blocks: blocks,
        };
        for bucket in &self.buckets[from + 1..=to] {
            bucket.set(level);
        }
        self.current.store(to, Ordering::Relaxed);
    }

    /// Merges neighbouring buckets and doubles the width, unless another
    /// thread already did since the width was `width`. The caller holds
    /// the `merging` flag.
    #[cold]
    fn merge(&self, width: u64) {
        if self.width.load(Ordering::Relaxed) == width {
            let current = self.current.load(Ordering::Relaxed);
            for j in 0..BUCKETS / 2 {
                let merged = if 2 * j < current {
                    self.buckets[2 * j]
                        .get()
                        .merge(self.buckets[2 * j + 1].get())
                } else {
                    self.buckets[2 * j].get()
                };
                self.buckets[j].set(merged);
            }
            for bucket in &self.buckets[BUCKETS / 2..] {
                bucket.set(TimelineBucket::default());
            }
            self.current.store(current / 2, Ordering::Relaxed);
            self.width.store(width.saturating_mul(2), Ordering::Relaxed);
            let start = self.start.load(Ordering::Relaxed);
            let end = start.saturating_add(width.saturating_mul(2) * (current as u64 / 2 + 1));
            self.current_end.store(end, Ordering::Relaxed);
        }
    }

    /// The start, the width and the buckets opened so far (none before
    /// the first timed event).
    pub(crate) fn copy(&self) -> (u64, u64, OwnVec<TimelineBucket>) {
        let start = self.start.load(Ordering::Relaxed);
        let mut buckets = OwnVec::new_in(System);
        if start != 0 {
            let current = self.current.load(Ordering::Relaxed);
            // A level seen by a thread racing the opening of its bucket
            // may have landed on the wrong side of the range: a bucket is
            // never written upside down.
            buckets.extend(self.buckets[..=current].iter().map(|bucket| {
                let mut level = bucket.get();
                level.min_bytes = level.min_bytes.min(level.max_bytes);
                level.min_blocks = level.min_blocks.min(level.max_blocks);
                level
            }));
        }
        (start, self.width.load(Ordering::Relaxed), buckets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;
    const T0: u64 = 1_000 * MS;

    #[test]
    fn each_bucket_keeps_the_least_and_most_it_saw() {
        let b = Buckets::new();
        b.observe(Some(T0), (0, 0), (100, 1));
        b.observe(Some(T0), (100, 1), (300, 2));
        b.observe(None, (300, 2), (200, 1));
        // Two ms later, after a quiet bucket.
        b.observe(Some(T0 + 2 * MS), (200, 1), (250, 2));
        let (start, width, buckets) = b.copy();
        assert_eq!((start, width), (T0, MS));
        let level = |min_bytes, max_bytes, min_blocks, max_blocks| TimelineBucket {
            min_bytes,
            max_bytes,
            min_blocks,
            max_blocks,
        };
        assert_eq!(
            buckets[..],
            [
                level(0, 300, 0, 2),
                level(200, 200, 1, 1),
                level(200, 250, 1, 2)
            ]
        );
    }

    #[test]
    fn a_long_run_doubles_the_width_and_keeps_its_extremes() {
        let b = Buckets::new();
        let mut level = 0;
        for ms in 0..10_000u64 {
            let after = if ms == 1234 { 1_000_000 } else { ms };
            b.observe(Some(T0 + ms * MS), (level, 0), (after, 0));
            level = after;
        }
        let (_, width, buckets) = b.copy();
        assert!(buckets.len() <= BUCKETS);
        assert!(width >= 10_000 * MS / BUCKETS as u64, "{width}");
        assert_eq!(buckets.iter().map(|x| x.max_bytes).max(), Some(1_000_000));
        let peak_bucket = (1234 * MS / width) as usize;
        assert_eq!(buckets[peak_bucket].max_bytes, 1_000_000);
        assert_eq!(buckets.last().unwrap().max_bytes, 9_999);
    }

    #[test]
    fn an_event_from_the_past_lands_in_the_newest_bucket() {
        let b = Buckets::new();
        b.observe(Some(T0 + 5 * MS), (0, 0), (10, 1));
        b.observe(Some(T0 - MS), (10, 1), (20, 2));
        let (start, _, buckets) = b.copy();
        assert_eq!(start, T0 + 5 * MS);
        assert_eq!(buckets.len(), 1);
        assert_eq!(buckets[0].max_bytes, 20);
    }
}
