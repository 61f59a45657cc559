//! [`MemoryTracker`]: the live blocks and running totals of one process
//! (or of whatever its caller records), and the process-wide instance.

use std::any::type_name;
use std::fmt;
use std::sync::MutexGuard;

use crate::clock::now_ns;
use crate::live::LiveAllocations;
use crate::reentrancy::{HoldingLocks, InsideTracker, current_thread_id};
use crate::shard::{Levels, SHARDS, Shard, ShardState, shard_index};
use crate::{AllocationInfo, MemoryStats, Trackable};

/// Records live heap blocks and running totals, from any number of threads.
///
/// Usually there is one per process, [`global_tracker()`], fed by the
/// [`TrackingAllocator`](crate::TrackingAllocator); separate instances are
/// useful in tests and for recording something other than the heap.
///
/// ```
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x2000, 32, 100);
/// tracker.record_alloc_at(0x1000, 64, 200);
/// tracker.record_realloc(0x2000, 0x3000, 48);
/// tracker.record_dealloc(0x1000);
///
/// let stats = tracker.stats();
/// assert_eq!((stats.total_allocations, stats.total_deallocations), (3, 2));
/// assert_eq!((stats.active_allocations, stats.active_memory), (1, 48));
/// assert_eq!(stats.peak_memory, 64 + 48);
///
/// let addresses = tracker.with_live_allocations(|_, live| live.map(|a| a.ptr).collect::<Vec<_>>());
/// assert_eq!(addresses, [0x3000]);
/// ```
pub struct MemoryTracker {
    shards: [Shard; SHARDS],
    levels: Levels,
}

/// The process-wide tracker. Constant-initialised, so using it never
/// allocates and never runs initialisation code that could recurse into
/// the allocator.
static GLOBAL: MemoryTracker = MemoryTracker::new();

/// The process-wide tracker, the one the
/// [`TrackingAllocator`](crate::TrackingAllocator) and
/// [`track_var!`](crate::track_var) use.
///
/// It is a constant-initialised static: there is no initialisation to
/// race, and getting it never allocates, so the allocator may call it at
/// any time, even before `main` or while a thread is being torn down.
#[inline]
pub fn global_tracker() -> &'static MemoryTracker {
    &GLOBAL
}

/// A reallocation between the tracker's two halves of it: the old block
/// is already forgotten, the new one not yet recorded.
pub(crate) enum PendingRealloc {
    /// The call came from inside the tracker: record nothing.
    Untracked,
    /// The old block was not tracked: the new one is a fresh allocation.
    Unknown,
    /// The old block's record, already removed and counted as freed.
    Moving(AllocationInfo),
}

impl MemoryTracker {
    /// A tracker with nothing recorded.
    pub const fn new() -> Self {
        MemoryTracker {
            shards: [const { Shard::new() }; SHARDS],
            levels: Levels::new(),
        }
    }

    /// Records a new block of `size` bytes at `ptr`, allocated now.
    #[inline]
    pub fn record_alloc(&self, ptr: usize, size: usize) {
        self.record_alloc_at(ptr, size, now_ns());
    }

    /// Records a new block of `size` bytes at `ptr`, allocated at
    /// `timestamp_ns` nanoseconds since the UNIX epoch.
    ///
    /// A record already at `ptr` belongs to a block that was freed while
    /// tracking was off; it is replaced and counted as freed.
    pub fn record_alloc_at(&self, ptr: usize, size: usize, timestamp_ns: u64) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        let mut info = AllocationInfo::new(ptr, size, timestamp_ns);
        info.thread_id = current_thread_id();
        self.shard(ptr).lock().insert(info, &self.levels);
    }

    /// Records that the block at `ptr` was freed. A block the tracker does
    /// not know (allocated while tracking was off) is ignored and not
    /// counted.
    pub fn record_dealloc(&self, ptr: usize) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        let freed = self.shard(ptr).lock().remove(ptr, &self.levels);
        // The names are freed here, inside the tracker, and outside the lock.
        drop(freed);
    }

    /// Records that the block at `old_ptr` was reallocated to `new_size`
    /// bytes at `new_ptr` (which may equal `old_ptr`).
    ///
    /// It counts as one deallocation and one allocation, and as one
    /// reallocation; the block keeps its names and gets a new
    /// `timestamp_alloc`. If `old_ptr` is not tracked, the new block is
    /// recorded as a plain allocation.
    pub fn record_realloc(&self, old_ptr: usize, new_ptr: usize, new_size: usize) {
        let pending = self.begin_realloc(old_ptr);
        self.finish_realloc(pending, new_ptr, new_size);
    }

    /// First half of a reallocation, before the system allocator moves the
    /// block: forgets the old block, so that once its address is free
    /// again and handed to another thread, that thread's record cannot be
    /// mistaken for it.
    pub(crate) fn begin_realloc(&self, old_ptr: usize) -> PendingRealloc {
        let Some(_inside) = InsideTracker::try_enter() else {
            return PendingRealloc::Untracked;
        };
        match self.shard(old_ptr).lock().remove(old_ptr, &self.levels) {
            Some(info) => PendingRealloc::Moving(info),
            None => PendingRealloc::Unknown,
        }
    }

    /// Second half of a reallocation that succeeded: records the new block.
    pub(crate) fn finish_realloc(&self, pending: PendingRealloc, new_ptr: usize, new_size: usize) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        let now = now_ns();
        let (mut info, moved) = match pending {
            PendingRealloc::Untracked => return,
            PendingRealloc::Unknown => (AllocationInfo::new(new_ptr, new_size, now), false),
            PendingRealloc::Moving(mut info) => {
                info.ptr = new_ptr;
                info.size = new_size;
                info.timestamp_alloc = now;
                (info, true)
            }
        };
        info.thread_id = current_thread_id();
        let mut shard = self.shard(new_ptr).lock();
        shard.insert(info, &self.levels);
        if moved {
            shard.total_reallocations = shard.total_reallocations.saturating_add(1);
        }
    }

    /// Second half of a reallocation that failed: the old block is still
    /// there, as if nothing had happened.
    pub(crate) fn cancel_realloc(&self, pending: PendingRealloc) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        if let PendingRealloc::Moving(info) = pending {
            self.shard(info.ptr).lock().restore(info, &self.levels);
        }
    }

    /// Attaches `var_name` and the type name of `T` to the live block
    /// holding `value`'s heap data. Returns whether there was such a block:
    /// `false` when `value` has no heap block or it is not tracked
    /// (allocated before the tracking allocator saw it, or this tracker is
    /// not the one that recorded it).
    ///
    /// The names replace any earlier ones and survive reallocations of the
    /// block. [`track_var!`](crate::track_var) calls this on the global
    /// tracker with the variable's name.
    ///
    /// Cost: a block that starts at the value's address, or up to 8 words
    /// before it (an `Rc`'s or `Arc`'s value, after the counts), is found
    /// by a few hash look-ups. A block that starts further before it (a
    /// `VecDeque` whose front moved deep into its buffer) is found by
    /// looking through every live record, one shard locked at a time: a
    /// sweep as long as a snapshot's.
    pub fn track_var<T: Trackable + ?Sized>(&self, value: &T, var_name: &str) -> bool {
        let Some(addr) = value.heap_ptr() else {
            return false;
        };
        let Some(_inside) = InsideTracker::try_enter() else {
            return false;
        };
        let var_name = var_name.to_owned();
        let type_name = type_name::<T>().to_owned();
        // Usually `addr` is where the block starts.
        if let Some(info) = self.shard(addr).lock().get_mut(addr) {
            name(info, var_name, type_name);
            return true;
        }
        // An `Rc`'s or `Arc`'s value sits a few words into its block: try
        // the word-aligned starts just before `addr`, nearest first.
        let aligned = addr & !(WORD - 1);
        let nearby = (0..=NEARBY_WORDS).filter_map(|words| aligned.checked_sub(words * WORD));
        for start in nearby.filter(|&start| start != addr) {
            if let Some(info) = self.shard(start).lock().get_mut(start)
                && addr - start < info.size
            {
                name(info, var_name, type_name);
                return true;
            }
        }
        // Otherwise (a deque's front deep in its buffer) look through every
        // record, a shard at a time.
        for shard in &self.shards {
            if let Some(info) = shard.lock().containing_mut(addr) {
                name(info, var_name, type_name);
                return true;
            }
        }
        false
    }

    /// The running totals.
    ///
    /// They agree with each other (`active_allocations ==
    /// total_allocations - total_deallocations`, `active_memory` is the sum
    /// of the live sizes) because every shard is locked while they are
    /// summed. Called from inside the closure of
    /// [`with_live_allocations`](Self::with_live_allocations) on the same
    /// tracker, it returns the stats that closure was given.
    pub fn stats(&self) -> MemoryStats {
        if let Some(stats) = crate::reentrancy::held_stats(self.address()) {
            return stats;
        }
        let _inside = InsideTracker::enter();
        let shards = self.lock_all();
        self.stats_of(&shards)
    }

    /// Calls `f` with the running totals and every live allocation, and
    /// returns what `f` returns. This is what exporters are built on.
    ///
    /// The allocations come shard after shard, not in address order; the
    /// order is deterministic, as [`LiveAllocations`] describes.
    ///
    /// Every shard stays locked while `f` runs, so the records do not
    /// change under it and the stats agree with them exactly:
    /// `stats.active_allocations` is the iterator's length and
    /// `stats.active_memory` the sum of its sizes, even while other threads
    /// allocate and free. The records are not copied, and every live block
    /// appears exactly once.
    ///
    /// # While `f` runs
    ///
    /// - Other threads that allocate or free through the tracking
    ///   allocator wait until `f` returns. Keep it to the export.
    /// - The calling thread counts as inside the tracker: its own
    ///   allocations (buffers, compressors) go unrecorded and so cannot
    ///   deadlock on the locks it holds, and calls it makes to `record_*`
    ///   or `track_var` are ignored. Blocks allocated in `f` and freed
    ///   later are unknown then, and ignored too. Freeing or growing a
    ///   block that was tracked before `f` leaves its record behind until
    ///   its address is reused, so avoid it.
    /// - [`stats`](Self::stats) on the same tracker returns the stats `f`
    ///   was given. Calling `with_live_allocations` on the same tracker
    ///   again deadlocks, like locking a held mutex.
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x30, 3, 1);
    /// tracker.record_alloc_at(0x10, 1, 2);
    /// tracker.record_alloc_at(0x20, 2, 3);
    /// tracker.with_live_allocations(|stats, live| {
    ///     assert_eq!(live.len() as u64, stats.active_allocations);
    ///     let bytes: u64 = live.map(|a| a.size as u64).sum();
    ///     assert_eq!(bytes, stats.active_memory);
    ///     assert_eq!(bytes, 1 + 2 + 3);
    /// });
    /// ```
    pub fn with_live_allocations<R>(
        &self,
        f: impl FnOnce(&MemoryStats, LiveAllocations<'_>) -> R,
    ) -> R {
        let _inside = InsideTracker::enter();
        let shards = self.lock_all();
        let stats = self.stats_of(&shards);
        let _holding = HoldingLocks::mark(self.address(), stats);
        let live = LiveAllocations::new(std::array::from_fn(|i| shards[i].records()));
        f(&stats, live)
    }

    #[inline]
    fn shard(&self, ptr: usize) -> &Shard {
        // `shard_index` is below `SHARDS` by construction.
        &self.shards[shard_index(ptr)]
    }

    /// Locks every shard, in index order: everyone who holds more than one
    /// shard lock took them in this order, so no two can deadlock.
    fn lock_all(&self) -> [MutexGuard<'_, ShardState>; SHARDS] {
        // `from_fn` calls in ascending index order.
        std::array::from_fn(|i| self.shards[i].lock())
    }

    /// The totals of the locked shards.
    fn stats_of(&self, shards: &[MutexGuard<'_, ShardState>; SHARDS]) -> MemoryStats {
        let mut stats = MemoryStats::default();
        for shard in shards {
            stats.total_allocations = stats
                .total_allocations
                .saturating_add(shard.total_allocations);
            stats.total_deallocations = stats
                .total_deallocations
                .saturating_add(shard.total_deallocations);
            stats.active_allocations = stats.active_allocations.saturating_add(shard.len() as u64);
            stats.active_memory = stats.active_memory.saturating_add(shard.active_memory);
            stats.total_allocated = stats.total_allocated.saturating_add(shard.total_allocated);
            stats.total_deallocated = stats
                .total_deallocated
                .saturating_add(shard.total_deallocated);
            stats.total_reallocations = stats
                .total_reallocations
                .saturating_add(shard.total_reallocations);
        }
        stats.peak_memory = self.levels.peak_memory().max(stats.active_memory);
        stats.peak_allocations = self.levels.peak_allocations().max(stats.active_allocations);
        stats
    }

    /// This tracker's identity, for the thread-local record of held locks.
    fn address(&self) -> usize {
        self as *const Self as usize
    }
}

impl Default for MemoryTracker {
    fn default() -> Self {
        MemoryTracker::new()
    }
}

impl fmt::Debug for MemoryTracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryTracker")
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// Names the live block holding a variable's heap data, in the
/// [`global_tracker()`], after the variable: `track_var!(index)` is
/// `global_tracker().track_var(&index, "index")`. Evaluates to whether a
/// tracked block was found (see [`MemoryTracker::track_var`]).
///
/// ```
/// use memscope_tracker::track_var;
///
/// let words = vec![String::from("a")];
/// // Without the tracking allocator installed, nothing is tracked.
/// assert!(!track_var!(words));
/// ```
#[macro_export]
macro_rules! track_var {
    ($value:expr $(,)?) => {
        $crate::global_tracker().track_var(&$value, ::core::stringify!($value))
    };
}

/// The alignment [`MemoryTracker::track_var`] assumes of block starts it
/// looks for before an address: every allocator aligns to a word at least.
const WORD: usize = size_of::<usize>();

/// How many words before an address [`MemoryTracker::track_var`] looks for
/// a block start by hash look-up: 64 bytes on 64-bit targets, room for an
/// `Rc`'s counts and a value aligned to up to 64.
const NEARBY_WORDS: usize = 8;

/// Attaches names to a record; the old names are freed here, inside the
/// tracker, where freeing them is not recorded either.
fn name(info: &mut AllocationInfo, var_name: String, type_name: String) {
    info.var_name = Some(var_name);
    info.type_name = Some(type_name);
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
