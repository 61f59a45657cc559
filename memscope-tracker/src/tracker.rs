//! [`MemoryTracker`]: the live blocks and running totals of one process
//! (or of whatever its caller records), and the process-wide instance.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
#[cfg(unix)]
use std::sync::MutexGuard;

use crate::MemoryStats;
use crate::address_hash::AddressHash;
use crate::own_memory::{OwnMap, OwnVec, System};
use crate::capture::{MAX_DEPTH, capture};
use crate::clock::stamp_ns;
use crate::pause::Pausing;
use crate::peaks::Peaks;
use crate::reentrancy::{InsideTracker, current_thread_id};
use crate::shard::{Removed, SHARDS, Shard, Shards, totals};
use crate::sites::{SiteCounts, SiteStats, Sites};
use crate::timeline::{MAX_MARKS, Timeline, TimelineMark};
#[cfg(unix)]
use crate::shard::ShardState;
use crate::snapshot::{LiveAllocations, Snapshot};
use crate::stack_table::{DEFAULT_BUDGET, StackTable};
use crate::table::Block;

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
/// let addresses: Vec<usize> = tracker.snapshot().iter().map(|a| a.ptr).collect();
/// assert_eq!(addresses, [0x3000]);
/// ```
///
/// # Design
///
/// Blocks are spread over 16 shards by a hash of their address; each shard
/// is a mutex around that shard's table of 32-byte records
/// (names kept apart, for the few named blocks) and its counters. Every
/// operation takes one shard lock for a few constant-time steps, whatever
/// the number of live blocks; threads touching different shards never
/// wait for each other. Only the peaks are process-wide (atomics, updated
/// under the shard lock).
///
/// A [`snapshot`](Self::snapshot) holds every shard lock only for the
/// instant it takes to mark the shards, then copies them one at a time;
/// the first to lock a marked shard, the snapshot or a thread about to
/// change it, copies it first. So a snapshot is exact (the stats agree
/// with the blocks, all as of one instant) and no thread waits for more
/// than one shard's copy. Exporters encode and write from the copy with no
/// lock held, so an export's writer may allocate, or wait for a thread
/// that allocates, freely.
///
/// # What a call costs, and the designs not taken
///
/// Without call stacks a call costs about 550 instructions on top of
/// `System`'s (callgrind on the workload benchmark's maps, as of
/// 3708b25): the shard's lock, counters and snapshot check about 125,
/// the address table 117, the entry points and the reentrancy guard
/// about 95, the process-wide levels, peak and timeline about 60 (their
/// atomics), the call-site counts 18, the coarse clock 12, and about 90
/// of the standard library inlined into them (saturating additions,
/// options, bounds checks, the mutex); no one part dominates. Tracking
/// at 1.5 times `System` would leave about 200. The anchors' other
/// designs, and why they are not this one yet:
///
/// - Events buffered per thread and applied in batches (heaptrack and
///   memray stream them out of the call): no lock and no table on the
///   call, but a snapshot must then drain every thread's buffer, a
///   thread blocked in a system call or exiting included, before its
///   stats and blocks agree, and `fork()` must copy them consistently.
/// - A header in front of each block (allocator-level profilers): a free
///   needs no look-up, but the wrapped allocator would then see other
///   sizes and alignments than the program's and hold the tracker's
///   memory, which [`wrap`](crate::TrackingAllocator::wrap) promises it
///   never does.
/// - Counters folded per thread: the peak is a maximum of the sum over
///   every thread at every event, exact here; folded lazily it is off by
///   up to threads times the fold's threshold.
pub struct MemoryTracker {
    pub(crate) shards: Shards<SHARDS>,
    peaks: Peaks,
    /// Held by a snapshot while it marks and collects the shards: one
    /// snapshot at a time. It keeps the latest snapshots' instants, for
    /// the timeline.
    snapshotting: Mutex<SnapshotMarks>,
    /// Every distinct call stack, stored once.
    stack_table: StackTable,
    /// Whether recording is paused, and what was left out.
    pub(crate) pausing: Pausing,
    /// 0 while tracking is lossless; under sampled tracking, the mean of
    /// the latest sample (see `sampling.rs`).
    sample_mean: AtomicU64,
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
    /// The old block's record, size and names, already removed and
    /// counted as freed.
    Moving(Removed),
}

impl MemoryTracker {
    /// A tracker with nothing recorded.
    pub const fn new() -> Self {
        MemoryTracker {
            shards: Shards::new(),
            peaks: Peaks::new(),
            snapshotting: Mutex::new(SnapshotMarks::new()),
            stack_table: StackTable::new(),
            pausing: Pausing::new(),
            sample_mean: AtomicU64::new(0),
        }
    }

    /// Records a new block of `size` bytes at `ptr`, allocated now (as of
    /// the clock's last tick: see [`stamp_resolution_ns`](crate::stamp_resolution_ns)).
    #[inline]
    pub fn record_alloc(&self, ptr: usize, size: usize) {
        self.record_alloc_at(ptr, size, stamp_ns());
    }

    /// Records a new block of `size` bytes at `ptr`, allocated at
    /// `timestamp_ns` nanoseconds since the UNIX epoch.
    ///
    /// A record already at `ptr` belongs to a block that was freed while
    /// tracking was off; it is replaced and counted as freed. Address 0 is
    /// not a block, and is ignored.
    pub fn record_alloc_at(&self, ptr: usize, size: usize, timestamp_ns: u64) {
        self.record_alloc_with_stack(ptr, size, timestamp_ns, &[]);
    }

    /// Records a new block as [`record_alloc_at`](Self::record_alloc_at)
    /// does, with the call stack that allocated it: return addresses,
    /// innermost first. Identical stacks are stored once.
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_with_stack(0x1000, 64, 7, &[0x5555_0000_1234, 0x5555_0000_5678]);
    /// let snapshot = tracker.snapshot();
    /// let block = snapshot.blocks().next().unwrap();
    /// assert_eq!(snapshot.stack(block.stack_id), Some(&[0x5555_0000_1234, 0x5555_0000_5678][..]));
    /// ```
    pub fn record_alloc_with_stack(
        &self,
        ptr: usize,
        size: usize,
        timestamp_ns: u64,
        stack: &[usize],
    ) {
        let Some(inside) = InsideTracker::try_enter() else {
            return;
        };
        self.insert_block(&inside, ptr, size, timestamp_ns, stack, None);
    }

    /// Records the block allocated by the caller's caller, capturing its
    /// call stack up to `depth` frames (the allocator's path); a sample
    /// taken at mean `sample_mean` when that is given.
    #[inline]
    pub(crate) fn record_alloc_captured(
        &self,
        ptr: usize,
        size: usize,
        depth: usize,
        sample_mean: Option<u64>,
    ) {
        let Some(inside) = InsideTracker::try_enter() else {
            return;
        };
        if inside.is_quiet() {
            // Not recorded, but an allocation all the same: the thread's
            // recorded blocks are no longer its latest.
            crate::reentrancy::note_allocation(0);
            return;
        }
        if let Some(mean) = sample_mean {
            self.note_sampling(mean);
        }
        if self.is_paused() {
            // No stack walk for a block that will not be recorded.
            self.pausing.count_unrecorded(size);
            crate::reentrancy::note_allocation(0);
            return;
        }
        let mut frames = [0usize; MAX_DEPTH];
        // Skips the return into this function's caller: the allocator.
        let captured = capture(&mut frames[..depth.min(MAX_DEPTH)], 1);
        let stack = &frames[..captured];
        self.insert_block(&inside, ptr, size, stamp_ns(), stack, sample_mean);
    }

    /// Records a sampled block, as
    /// [`record_alloc_with_stack`](Self::record_alloc_with_stack) does,
    /// sampled at mean `sample_mean` bytes (see
    /// [`sample_weight`](crate::sample_weight)): the tracker then holds
    /// samples, and its snapshots and exports say so.
    ///
    /// ```
    /// use memscope_tracker::{MemoryTracker, sample_weight};
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_sample(0x1000, 64, 7, &[0x5555_0000_1234], 512 << 10);
    /// let snapshot = tracker.snapshot();
    /// assert_eq!(snapshot.sample_mean(), Some(512 << 10));
    /// let block = snapshot.blocks().next().unwrap();
    /// let estimate = block.size as f64 * sample_weight(64, block.sample_mean.unwrap());
    /// assert!(estimate > 500_000.0);
    /// ```
    pub fn record_sample(
        &self,
        ptr: usize,
        size: usize,
        timestamp_ns: u64,
        stack: &[usize],
        sample_mean: u64,
    ) {
        let Some(inside) = InsideTracker::try_enter() else {
            return;
        };
        self.note_sampling(sample_mean);
        self.insert_block(&inside, ptr, size, timestamp_ns, stack, Some(sample_mean.max(1)));
    }

    /// Remembers that this tracker holds samples, taken at `mean`.
    #[inline]
    pub(crate) fn note_sampling(&self, mean: u64) {
        if self.sample_mean.load(Ordering::Relaxed) != mean {
            self.sample_mean.store(mean.max(1), Ordering::Relaxed);
        }
    }

    /// Under sampled tracking, the mean gap in bytes between samples (the
    /// latest sample's); `None` while every block is recorded.
    pub fn sample_mean(&self) -> Option<u64> {
        match self.sample_mean.load(Ordering::Relaxed) {
            0 => None,
            mean => Some(mean),
        }
    }

    /// Records a block, a sample taken at mean `sample_mean` when that is
    /// given; the caller is inside the tracker. Not on a thread in
    /// [`untracked`](crate::untracked).
    fn insert_block(
        &self,
        inside: &InsideTracker,
        ptr: usize,
        size: usize,
        timestamp_ns: u64,
        stack: &[usize],
        sample_mean: Option<u64>,
    ) {
        if ptr == 0 || inside.is_quiet() {
            crate::reentrancy::note_allocation(0);
            return;
        }
        if self.is_paused() {
            self.pausing.count_unrecorded(size);
            crate::reentrancy::note_allocation(0);
            return;
        }
        let stack = self.stack_table.intern(stack, DEFAULT_BUDGET);
        let block = Block::new(ptr, size, timestamp_ns, current_thread_id(), stack);
        let stale = self
            .shard(ptr)
            .lock()
            .insert(block, size, None, sample_mean, self.counts());
        crate::reentrancy::note_allocation(ptr);
        // Names are freed here, inside the tracker, and outside the lock.
        drop(stale);
    }

    /// Records that the block at `ptr` was freed. A block the tracker does
    /// not know (allocated while tracking was off) is ignored and not
    /// counted.
    pub fn record_dealloc(&self, ptr: usize) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        // Temporary only if this thread allocated it: its latest address
        // may have been freed and reused by another thread since.
        let temporary = crate::reentrancy::is_temporary(ptr).then(current_thread_id);
        let freed = self.shard(ptr).lock().remove(ptr, temporary, self.counts());
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
        self.finish_realloc(pending, new_ptr, new_size, 0);
    }

    /// First half of a reallocation, before the system allocator moves the
    /// block: forgets the old block, so that once its address is free
    /// again and handed to another thread, that thread's record cannot be
    /// mistaken for it.
    pub(crate) fn begin_realloc(&self, old_ptr: usize) -> PendingRealloc {
        let Some(_inside) = InsideTracker::try_enter() else {
            return PendingRealloc::Untracked;
        };
        match self.shard(old_ptr).lock().remove(old_ptr, None, self.counts()) {
            Some(removed) => PendingRealloc::Moving(removed),
            None => PendingRealloc::Unknown,
        }
    }

    /// Second half of a reallocation that succeeded: records the new block,
    /// with a call stack of up to `depth` frames captured here (none when
    /// 0: the block then keeps its old stack).
    pub(crate) fn finish_realloc(
        &self,
        pending: PendingRealloc,
        new_ptr: usize,
        new_size: usize,
        depth: usize,
    ) {
        let Some(inside) = InsideTracker::try_enter() else {
            return;
        };
        let (names, old_stack, moved) = match pending {
            PendingRealloc::Untracked => return,
            PendingRealloc::Unknown => (None, 0, false),
            PendingRealloc::Moving(removed) => (removed.names, removed.block.stack, true),
        };
        if new_ptr == 0 {
            return;
        }
        // A block the tracker did not know is a new one to it, recorded
        // unless this thread is untracked or tracking paused. (Not a
        // guard on the match above: written so, this one test doubled the
        // cost of every tracked call on 4 threads in benches/workload.rs.)
        if !moved && (inside.is_quiet() || self.is_paused()) {
            if !inside.is_quiet() {
                self.pausing.count_unrecorded(new_size);
            }
            return;
        }
        let stack = if depth == 0 {
            old_stack
        } else {
            let mut frames = [0usize; MAX_DEPTH];
            // Skips the return into this function's caller: the allocator.
            let captured = capture(&mut frames[..depth.min(MAX_DEPTH)], 1);
            self.stack_table.intern(&frames[..captured], DEFAULT_BUDGET)
        };
        let block = Block::new(new_ptr, new_size, stamp_ns(), current_thread_id(), stack);
        let mut shard = self.shard(new_ptr).lock();
        let stale = shard.insert(block, new_size, names, None, self.counts());
        if moved {
            shard.count_realloc();
        }
        drop(shard);
        crate::reentrancy::note_allocation(new_ptr);
        drop(stale);
    }

    /// Second half of a sampled reallocation that succeeded: the new block
    /// is recorded, with a call stack of up to `depth` frames, when it was
    /// sampled at `sampled` (`Some(mean)`); otherwise the old block, if it
    /// was a sample, is gone (already counted as freed).
    pub(crate) fn finish_sampled_realloc(
        &self,
        pending: PendingRealloc,
        new_ptr: usize,
        new_size: usize,
        depth: usize,
        sampled: Option<u64>,
    ) {
        let Some(inside) = InsideTracker::try_enter() else {
            return;
        };
        let (names, moved) = match pending {
            PendingRealloc::Untracked => return,
            PendingRealloc::Unknown => (None, false),
            PendingRealloc::Moving(removed) => (removed.names, true),
        };
        let Some(mean) = sampled else {
            // The names, if any, are freed here, inside the tracker.
            drop(names);
            return;
        };
        if new_ptr == 0 || inside.is_quiet() {
            return;
        }
        if self.is_paused() {
            self.pausing.count_unrecorded(new_size);
            return;
        }
        self.note_sampling(mean);
        let mut frames = [0usize; MAX_DEPTH];
        // Skips the return into this function's caller: the allocator.
        let captured = capture(&mut frames[..depth.min(MAX_DEPTH)], 1);
        let stack = self.stack_table.intern(&frames[..captured], DEFAULT_BUDGET);
        let block = Block::new(new_ptr, new_size, stamp_ns(), current_thread_id(), stack);
        let mut shard = self.shard(new_ptr).lock();
        let stale = shard.insert(block, new_size, names, Some(mean), self.counts());
        if moved {
            shard.count_realloc();
        }
        drop(shard);
        crate::reentrancy::note_allocation(new_ptr);
        drop(stale);
    }

    /// Second half of a reallocation that failed: the old block is still
    /// there, as if nothing had happened.
    pub(crate) fn cancel_realloc(&self, pending: PendingRealloc) {
        let Some(_inside) = InsideTracker::try_enter() else {
            return;
        };
        if let PendingRealloc::Moving(removed) = pending {
            self.shard(removed.block.ptr)
                .lock()
                .restore(removed, self.counts());
        }
    }

    /// The running totals.
    ///
    /// They agree with each other (`active_allocations ==
    /// total_allocations - total_deallocations`, `active_memory` is the sum
    /// of the live sizes) because every shard is locked, briefly, while
    /// they are summed.
    pub fn stats(&self) -> MemoryStats {
        let _inside = InsideTracker::enter();
        let shards = self.shards.lock_all();
        let peaks = self.peaks.get();
        let mut stats = totals(shards.iter().map(|shard| &shard.counters), peaks);
        self.add_tracker_stats(&mut stats);
        stats
    }

    /// The most bytes ever live at once: the stats' `peak_memory`, read
    /// from one atomic without locking anything, so a watcher may poll it
    /// often. It may lag a thread's allocation in progress by that one
    /// block.
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 1);
    /// tracker.record_dealloc(0x1000);
    /// assert_eq!(tracker.peak_memory(), 64);
    /// ```
    pub fn peak_memory(&self) -> u64 {
        self.peaks.get().0
    }

    /// Fills in the counts kept outside the shards: the stack table's and
    /// the pauses'.
    fn add_tracker_stats(&self, stats: &mut MemoryStats) {
        let table = self.stack_table.stats();
        stats.call_stacks = table.stacks;
        stats.call_stack_bytes = table.bytes;
        stats.call_stacks_dropped = table.overflowed;
        (stats.unrecorded_allocations, stats.unrecorded_bytes) = self.pausing.unrecorded();
    }

    /// Whether this tracker has never seen an allocation, recorded or
    /// (while paused) not: the usual sign that the
    /// [`TrackingAllocator`](crate::TrackingAllocator) is not the global
    /// allocator.
    pub fn has_seen_nothing(&self) -> bool {
        !self.stats().has_seen_allocations()
    }

    /// A consistent copy of every live block and the stats, as of one
    /// instant: what exporters are built on.
    ///
    /// Every shard lock is held only while the shards are marked (no
    /// copying); then each shard is copied under its own lock, by this
    /// thread or by the first thread that wants to change it, whichever
    /// comes first. No thread waits for more than one shard's copy, and
    /// nothing here waits for the caller: what it does with the copy
    /// (encoding, writing to a pipe another thread reads) holds no lock.
    ///
    /// The copy's buffers are the tracker's own: they are not recorded.
    /// Snapshots of one tracker are taken one at a time.
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x30, 3, 1);
    /// tracker.record_alloc_at(0x10, 1, 2);
    /// let snapshot = tracker.snapshot();
    /// tracker.record_alloc_at(0x20, 2, 3); // after the snapshot: not in it
    /// assert_eq!(snapshot.len(), 2);
    /// let bytes: u64 = snapshot.iter().map(|a| a.size as u64).sum();
    /// assert_eq!(bytes, snapshot.stats().active_memory);
    /// ```
    pub fn snapshot(&self) -> Snapshot {
        let _inside = InsideTracker::enter();
        let mut marks = self
            .snapshotting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // The protocol of `shard.rs`: room for the copies (no lock held),
        // every shard marked at one instant (the peaks, the call sites and
        // the timeline read at it), the copies collected.
        let rooms = self.shards.prepare();
        let (peaks, mut sites, timeline, latest) = self.shards.mark(rooms, || {
            let now = stamp_ns();
            self.peaks.observe_now(now);
            let (bytes, blocks) = self.peaks.level();
            marks.push(TimelineMark {
                time_ns: now,
                bytes,
                blocks,
            });
            let latest = self.peaks.generation();
            let mut sites = OwnVec::new_in(System);
            self.stack_table
                .sites()
                .for_each(|id, counts| sites.push(SiteStats::of(id, &counts, latest)));
            let (start_ns, bucket_ns, buckets) = self.peaks.timeline();
            let timeline = Timeline {
                start_ns,
                bucket_ns,
                buckets,
                peak: self.peaks.peak_mark(),
                snapshots: marks.to_vec(),
            };
            (self.peaks.get(), sites, timeline, latest)
        });
        let copies = self.shards.collect();
        drop(marks);
        // The blocks without a stack, counted shard by shard, as of the
        // mark (each copy is), settled to the same peak.
        let no_stack = copies.iter().fold(SiteCounts::new(), |sum, copy| {
            sum.plus(&copy.counters.no_stack, latest)
        });
        if no_stack.allocated_blocks != 0 || no_stack.allocated_bytes != 0 {
            sites.push(SiteStats::of(0, &no_stack, latest));
        }
        // Stacks never change once interned: looked up after the copies,
        // outside every shard lock, for the blocks and the call sites.
        let mut stacks = OwnMap::with_hasher_in(AddressHash, System);
        let block_stacks = copies
            .iter()
            .flat_map(|copy| copy.blocks.iter().filter(|b| b.ptr != 0).map(|b| b.stack));
        let site_stacks = sites.iter().map(|site| site.stack_id);
        for id in block_stacks.chain(site_stacks).filter(|&id| id != 0) {
            if let hashbrown::hash_map::Entry::Vacant(entry) = stacks.entry(id)
                && let Some(frames) = self.stack_table.frames(id)
            {
                entry.insert(frames);
            }
        }
        let threads = crate::thread_names::copy_names();
        let mut snapshot = Snapshot::new(copies, peaks, stacks, threads, self.sample_mean());
        snapshot.set_history(sites, timeline);
        self.add_tracker_stats(snapshot.stats_mut());
        snapshot
    }

    /// Calls `f` with the stats and every live allocation of one
    /// [`snapshot`](Self::snapshot), and returns what `f` returns.
    ///
    /// No lock is held while `f` runs: other threads allocate and free as
    /// usual, and `f` may allocate, call the tracker, or wait for threads
    /// that do. What they change after the snapshot is not in it.
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
        let snapshot = self.snapshot();
        f(snapshot.stats(), snapshot.iter())
    }

    /// Bytes the tracker has reserved for its records and name indexes
    /// (not counting the names' text): about 36 to 42 per live block.
    pub fn overhead_bytes(&self) -> usize {
        let _inside = InsideTracker::enter();
        self.shards
            .iter()
            .map(|shard| shard.lock().reserved_bytes())
            .sum::<usize>()
            + self.stack_table.sites().reserved_bytes()
            + size_of::<Self>()
    }

    /// What every event updates beside its shard: the process-wide
    /// levels and the call sites.
    #[inline]
    fn counts(&self) -> (&Peaks, &Sites) {
        (&self.peaks, self.stack_table.sites())
    }

    #[inline]
    pub(crate) fn shard(&self, ptr: usize) -> &Shard {
        self.shards.of(ptr)
    }

    /// Takes the snapshot lock and every shard lock, as a snapshot does,
    /// for the fork handlers; dropping the result releases them.
    #[cfg(unix)]
    pub(crate) fn lock_for_fork(&self) -> ForkLocks<'_> {
        let snapshotting = self
            .snapshotting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        ForkLocks {
            _thread_names: crate::thread_names::lock_for_fork(),
            _stacks: self.stack_table.lock_all(),
            _shards: self.shards.lock_all(),
            _snapshotting: snapshotting,
        }
    }

}

/// Every lock of a tracker, held across a `fork()`. The shards are
/// released before the snapshot lock, the reverse of taking them.
#[cfg(unix)]
pub(crate) struct ForkLocks<'a> {
    // Fields drop in declaration order: the thread names, the stack table
    // and the shards, then the snapshot lock. (The thread names' lock is
    // never held together with another: any order is free of deadlock.)
    _thread_names: crate::thread_names::ForkLock,
    _stacks: crate::stack_table::StackLocks<'a>,
    _shards: [MutexGuard<'a, ShardState>; SHARDS],
    _snapshotting: MutexGuard<'a, SnapshotMarks>,
}

/// The instants of the latest [`MAX_MARKS`] snapshots, oldest first.
struct SnapshotMarks {
    marks: [TimelineMark; MAX_MARKS],
    /// How many snapshots were taken.
    taken: usize,
}

impl SnapshotMarks {
    const fn new() -> Self {
        SnapshotMarks {
            marks: [TimelineMark {
                time_ns: 0,
                bytes: 0,
                blocks: 0,
            }; MAX_MARKS],
            taken: 0,
        }
    }

    fn push(&mut self, mark: TimelineMark) {
        self.marks[self.taken % MAX_MARKS] = mark;
        self.taken += 1;
    }

    /// The kept marks, oldest first.
    fn to_vec(&self) -> OwnVec<TimelineMark> {
        let kept = self.taken.min(MAX_MARKS);
        let mut marks = OwnVec::with_capacity_in(kept, System);
        marks.extend((self.taken - kept..self.taken).map(|i| self.marks[i % MAX_MARKS]));
        marks
    }
}

/// A tracker of samples that goes away takes its samples out of the
/// process's sampled-block counters (`sampled_slots.rs`), which the frees
/// of every tracker read: left raised, they would send frees of unrelated
/// blocks at those slots to a look-up for nothing. (The global tracker is
/// a static: it is never dropped.)
impl Drop for MemoryTracker {
    fn drop(&mut self) {
        let _inside = InsideTracker::enter();
        for shard in self.shards.iter() {
            shard.lock().forget_samples();
        }
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

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
