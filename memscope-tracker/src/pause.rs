//! Tracking part of a run: [`MemoryTracker::pause`] and
//! [`resume`](MemoryTracker::resume), the scoped [`PauseGuard`], and the
//! counts of what pauses left out.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::MemoryTracker;

/// The pause count, read by every recording call, and the counts of what
/// pauses left out. On cache lines of their own: the levels next to them
/// are written by every call on every thread, and a read of a line other
/// cores keep writing is a cache miss each time.
#[repr(align(128))]
pub(crate) struct Pausing {
    /// Pauses not yet resumed: new blocks are recorded only at 0.
    pauses: AtomicUsize,
    /// Allocations seen while paused, and not recorded.
    unrecorded_allocations: AtomicU64,
    /// Their bytes.
    unrecorded_bytes: AtomicU64,
}

impl Pausing {
    /// Not paused; nothing left out.
    pub(crate) const fn new() -> Self {
        Pausing {
            pauses: AtomicUsize::new(0),
            unrecorded_allocations: AtomicU64::new(0),
            unrecorded_bytes: AtomicU64::new(0),
        }
    }

    /// Whether new blocks are not being recorded now.
    #[inline]
    pub(crate) fn is_paused(&self) -> bool {
        self.pauses.load(Ordering::Relaxed) != 0
    }

    /// Counts an allocation not recorded because of a pause.
    #[cold]
    pub(crate) fn count_unrecorded(&self, size: usize) {
        self.unrecorded_allocations.fetch_add(1, Ordering::Relaxed);
        self.unrecorded_bytes
            .fetch_add(size as u64, Ordering::Relaxed);
    }

    /// The allocations pauses left out, and their bytes.
    pub(crate) fn unrecorded(&self) -> (u64, u64) {
        (
            self.unrecorded_allocations.load(Ordering::Relaxed),
            self.unrecorded_bytes.load(Ordering::Relaxed),
        )
    }
}

impl MemoryTracker {
    /// Stops recording new blocks until [`resume`](Self::resume), to track
    /// only part of a run. Frees and reallocations of the blocks already
    /// recorded are still seen, so the stats and the live blocks stay
    /// exact; allocations made meanwhile are counted in
    /// [`MemoryStats::unrecorded_allocations`](crate::MemoryStats::unrecorded_allocations)
    /// and [`unrecorded_bytes`](crate::MemoryStats::unrecorded_bytes)
    /// instead (a reallocation of such a block while paused counts again),
    /// and do not appear as live blocks when they outlive the pause, unless
    /// they are reallocated after it: the tracker does not know the old
    /// block, so it records the new one as a fresh allocation.
    ///
    /// Pauses nest: recording resumes when every `pause` has had its
    /// `resume`. [`paused`](Self::paused) is the scoped form.
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 1);
    /// tracker.pause();
    /// tracker.record_alloc_at(0x2000, 32, 2); // not recorded, but counted
    /// tracker.record_dealloc(0x1000); // still seen
    /// tracker.resume();
    /// tracker.record_alloc_at(0x3000, 16, 3);
    ///
    /// let stats = tracker.stats();
    /// assert_eq!((stats.active_allocations, stats.active_memory), (1, 16));
    /// assert_eq!((stats.unrecorded_allocations, stats.unrecorded_bytes), (1, 32));
    /// ```
    pub fn pause(&self) {
        self.pausing.pauses.fetch_add(1, Ordering::SeqCst);
    }

    /// Ends one [`pause`](Self::pause); recording starts again when none
    /// is left. A `resume` without a pause does nothing.
    pub fn resume(&self) {
        // Never below zero: an unmatched resume must not cancel a later
        // pause.
        let _ = self
            .pausing
            .pauses
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    }

    /// Whether new blocks are not being recorded now.
    #[inline]
    pub fn is_paused(&self) -> bool {
        self.pausing.is_paused()
    }

    /// Pauses recording until the returned guard is dropped: the scoped
    /// form of [`pause`](Self::pause) and [`resume`](Self::resume).
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// {
    ///     let _quiet = tracker.paused();
    ///     tracker.record_alloc_at(0x1000, 64, 1); // setup we do not want to see
    /// }
    /// tracker.record_alloc_at(0x2000, 32, 2);
    /// assert_eq!(tracker.stats().active_memory, 32);
    /// assert_eq!(tracker.stats().unrecorded_allocations, 1);
    /// ```
    pub fn paused(&self) -> PauseGuard<'_> {
        self.pause();
        PauseGuard { tracker: self }
    }
}

/// Recording paused until this is dropped: see
/// [`MemoryTracker::paused`].
#[must_use = "recording resumes as soon as the guard is dropped"]
#[derive(Debug)]
pub struct PauseGuard<'a> {
    tracker: &'a MemoryTracker,
}

impl Drop for PauseGuard<'_> {
    fn drop(&mut self) {
        self.tracker.resume();
    }
}

/// Runs `f` with the new blocks of this thread recorded by no tracker: for
/// a tool's own work, an export or an analysis, which is not the
/// program's memory and must not show in its live blocks or raise its
/// peak. Unlike a [pause](MemoryTracker::pause), it concerns this thread
/// only, and what it leaves out is not counted anywhere. Frees are still
/// seen, so a block recorded before and freed in `f` is freed; a block
/// allocated in `f` and freed after it is unknown to the tracker, and its
/// free is ignored. Calls nest.
///
/// The exporters of `memscope-export` run in it already.
///
/// ```
/// use memscope_tracker::{MemoryTracker, untracked};
///
/// let tracker = MemoryTracker::new();
/// untracked(|| tracker.record_alloc_at(0x1000, 64, 1));
/// tracker.record_alloc_at(0x2000, 32, 2);
/// let stats = tracker.stats();
/// assert_eq!((stats.active_memory, stats.peak_memory), (32, 32));
/// assert_eq!(stats.unrecorded_allocations, 0);
/// ```
pub fn untracked<R>(f: impl FnOnce() -> R) -> R {
    let _quiet = crate::reentrancy::quiet();
    f()
}
