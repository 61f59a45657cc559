//! [`Snapshot`]: a tracker's live blocks and stats as they were at one
//! instant, copied out, so that exporters encode and write with no lock
//! held.

use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use crate::address_hash::AddressHash;
use crate::own_memory::{OwnBox, OwnMap, OwnVec, System};
use crate::sites::SiteStats;
use crate::timeline::Timeline;
use crate::shard::{Names, ShardCopy, totals};
use crate::table::{Block, HUGE};
use crate::thread_names::ThreadName;
use crate::{AllocationInfo, AllocationRecord, MemoryStats};

/// A consistent copy of a tracker: its live blocks and its stats at one
/// instant, taken by [`MemoryTracker::snapshot`](crate::MemoryTracker::snapshot).
///
/// `stats().active_allocations` is the number of blocks and
/// `stats().active_memory` the sum of their sizes, exactly, even while
/// other threads allocate and free: every shard is copied as it was when
/// the snapshot began. The copy costs 32 bytes a block (names are shared
/// with the tracker, not copied), and holding it holds no lock.
///
/// # Order
///
/// The blocks come shard after shard, not by address; the order is
/// deterministic:
///
/// - two snapshots with no tracking call in between list the same
///   sequence;
/// - two trackers given the same sequence of `record_*` and `track_var`
///   calls list the same sequence.
///
/// For address order, collect and sort:
///
/// ```
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// for ptr in [0x3000, 0x1000, 0x2000] {
///     tracker.record_alloc(ptr, 8);
/// }
/// let snapshot = tracker.snapshot();
/// let mut ptrs: Vec<usize> = snapshot.iter().map(|a| a.ptr).collect();
/// ptrs.sort_unstable();
/// assert_eq!(ptrs, [0x1000, 0x2000, 0x3000]);
/// assert_eq!(snapshot.stats().active_allocations, 3);
/// ```
pub struct Snapshot {
    stats: MemoryStats,
    /// Each shard's copy; its names and huge sizes sorted by address.
    shards: OwnVec<ShardCopy>,
    len: usize,
    /// The frames of every stack a block refers to.
    stacks: OwnMap<u32, OwnBox<[usize]>, AddressHash>,
    /// The names of the threads that had one, by thread id, sorted.
    thread_names: OwnVec<(u64, ThreadName)>,
    /// Under sampled tracking, the mean gap between samples.
    sample_mean: Option<u64>,
    /// Every call site's counts over the run.
    sites: OwnVec<SiteStats>,
    /// The live memory over the run.
    timeline: Timeline,
}

impl Snapshot {
    /// Assembles the shards' copies, taken at one instant, with the peaks
    /// of that instant.
    pub(crate) fn new(
        mut shards: OwnVec<ShardCopy>,
        peaks: (u64, u64),
        stacks: OwnMap<u32, OwnBox<[usize]>, AddressHash>,
        thread_names: OwnVec<(u64, ThreadName)>,
        sample_mean: Option<u64>,
    ) -> Self {
        for shard in &mut shards {
            shard.names.sort_unstable_by_key(|&(ptr, _)| ptr);
            shard.huge.sort_unstable();
            shard.sample_means.sort_unstable();
        }
        let stats = totals(shards.iter().map(|shard| &shard.counters), peaks);
        let len = stats.active_allocations as usize;
        Snapshot {
            stats,
            shards,
            len,
            stacks,
            thread_names,
            sample_mean,
            sites: OwnVec::new_in(System),
            timeline: Timeline::default(),
        }
    }

    /// Adds what the tracker kept over the run: the call sites' counts
    /// and the timeline, read at the snapshot's instant.
    pub(crate) fn set_history(&mut self, sites: OwnVec<SiteStats>, timeline: Timeline) {
        self.sites = sites;
        self.timeline = timeline;
    }

    /// What every call stack allocated, freed, held at the peak and
    /// allocated temporarily since tracking began, one entry per stack
    /// that allocated anything (stack id 0 for blocks without a stack:
    /// without call stacks, the whole process). Their stacks are in
    /// [`stack`](Self::stack) even when no live block has them.
    pub fn sites(&self) -> &[SiteStats] {
        &self.sites
    }

    /// The live bytes and blocks over the run, the peak, and the
    /// instants of the latest snapshots (this one last).
    ///
    /// ```
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 4096, 1_000_000_000);
    /// tracker.record_dealloc(0x1000);
    /// let snapshot = tracker.snapshot();
    /// let timeline = snapshot.timeline();
    /// assert_eq!(timeline.peak().unwrap().bytes, 4096);
    /// assert_eq!(timeline.buckets()[0].max_bytes, 4096);
    /// assert_eq!(timeline.snapshots().last().unwrap().bytes, 0);
    /// ```
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Under sampled tracking, the mean gap in bytes between samples: the
    /// blocks are samples, each standing for
    /// [`sample_weight`](crate::sample_weight)`(size, block.sample_mean)`
    /// blocks like it, and the stats count the samples. `None` when every
    /// live block is here.
    pub fn sample_mean(&self) -> Option<u64> {
        self.sample_mean
    }

    /// The running totals at the snapshot's instant.
    pub fn stats(&self) -> &MemoryStats {
        &self.stats
    }

    pub(crate) fn stats_mut(&mut self) -> &mut MemoryStats {
        &mut self.stats
    }

    /// The return addresses of stack `id` (a [`LiveBlock::stack_id`]),
    /// innermost first; `None` for 0 (no stack) and for
    /// [`OVERFLOW`](crate::OVERFLOW_STACK) (the stack table was full).
    pub fn stack(&self, id: u32) -> Option<&[usize]> {
        self.stacks.get(&id).map(|frames| &frames[..])
    }

    /// The name of thread `thread_id` (a [`LiveBlock::thread_id`]), when it
    /// had one: the name the operating system knew it by when it first
    /// allocated (on Linux, `std::thread::Builder::name` cut to 15 bytes;
    /// `main` for the main thread; a thread created without a name by
    /// another named thread inherits that name). `None` for unnamed
    /// threads and on other systems.
    pub fn thread_name(&self, thread_id: u64) -> Option<&str> {
        let at = self
            .thread_names
            .binary_search_by_key(&thread_id, |&(id, _)| id)
            .ok()?;
        Some(self.thread_names[at].1.as_str())
    }

    /// Whether any block has a call stack.
    pub fn has_stacks(&self) -> bool {
        !self.stacks.is_empty() || self.blocks().any(|b| b.stack_id != 0)
    }

    /// How many live blocks there were.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there were none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every live block as a record of the file format, names cloned.
    pub fn iter(&self) -> LiveAllocations<'_> {
        LiveAllocations {
            blocks: self.blocks(),
        }
    }

    /// Every live block as the tracker knows it, names borrowed, with the
    /// allocating thread.
    pub fn blocks(&self) -> LiveBlocks<'_> {
        LiveBlocks {
            shards: &self.shards,
            shard: 0,
            at: 0,
            remaining: self.len,
        }
    }
}

impl fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Snapshot")
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl<'a> IntoIterator for &'a Snapshot {
    type Item = AllocationInfo;
    type IntoIter = LiveAllocations<'a>;

    fn into_iter(self) -> LiveAllocations<'a> {
        self.iter()
    }
}

/// One live block of a [`Snapshot`], as the tracker knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveBlock<'a> {
    /// The block's address.
    pub ptr: usize,
    /// Its size in bytes.
    pub size: usize,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// A small id of the thread that allocated it (or last reallocated
    /// it), unique within the process and never reused; 0 when unknown (a
    /// thread far into its teardown, or one of those after the first
    /// 2^31 - 1 threads, which get no id rather than another thread's).
    pub thread_id: u64,
    /// The variable named with `track_var!`, if any.
    pub var_name: Option<&'a str>,
    /// That variable's type.
    pub type_name: Option<&'a str>,
    /// The id of the call stack that allocated it (see
    /// [`Snapshot::stack`]); 0 when none was recorded.
    pub stack_id: u32,
    /// Under sampled tracking, the mean gap in bytes it was sampled at: it
    /// stands for [`sample_weight`](crate::sample_weight)`(size, mean)`
    /// blocks like it. `None` for a block recorded losslessly.
    pub sample_mean: Option<u64>,
}

impl<'a> LiveBlock<'a> {
    /// The record of the file format, names borrowed.
    pub fn record(&self) -> AllocationRecord<'a> {
        AllocationRecord {
            ptr: self.ptr,
            size: self.size,
            timestamp_alloc: self.timestamp_alloc,
            var_name: self.var_name,
            type_name: self.type_name,
        }
    }

    /// The record of the file format: address, size, time and names.
    pub fn to_info(&self) -> AllocationInfo {
        self.record().to_info()
    }
}

/// The live blocks of a [`Snapshot`], shard after shard.
#[derive(Clone)]
pub struct LiveBlocks<'a> {
    shards: &'a [ShardCopy],
    /// The shard being read, and the next slab entry in it.
    shard: usize,
    at: usize,
    remaining: usize,
}

impl<'a> LiveBlocks<'a> {
    fn view(copy: &'a ShardCopy, block: &Block) -> LiveBlock<'a> {
        let names: Option<&'a Arc<Names>> = if block.is_named() {
            copy.names
                .binary_search_by_key(&block.ptr, |&(ptr, _)| ptr)
                .ok()
                .map(|i| &copy.names[i].1)
        } else {
            None
        };
        let size = match block.size() {
            HUGE => copy
                .huge
                .binary_search_by_key(&block.ptr, |&(ptr, _)| ptr)
                .map_or(HUGE, |i| copy.huge[i].1),
            size => size,
        };
        LiveBlock {
            ptr: block.ptr,
            size,
            timestamp_alloc: block.timestamp,
            thread_id: u64::from(block.thread()),
            var_name: names.map(|n| n.var_name.as_str()),
            type_name: names.map(|n| n.type_name.as_str()),
            stack_id: block.stack,
            sample_mean: if copy.sample_means.is_empty() {
                None
            } else {
                copy.sample_means
                    .binary_search_by_key(&block.ptr, |&(ptr, _)| ptr)
                    .ok()
                    .map(|i| copy.sample_means[i].1)
            },
        }
    }
}

impl<'a> Iterator for LiveBlocks<'a> {
    type Item = LiveBlock<'a>;

    #[inline]
    fn next(&mut self) -> Option<LiveBlock<'a>> {
        loop {
            let copy = self.shards.get(self.shard)?;
            match copy.blocks.get(self.at) {
                Some(block) => {
                    self.at += 1;
                    if block.ptr != 0 {
                        self.remaining -= 1;
                        return Some(Self::view(copy, block));
                    }
                }
                None => {
                    self.shard += 1;
                    self.at = 0;
                }
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for LiveBlocks<'_> {}

impl FusedIterator for LiveBlocks<'_> {}

impl fmt::Debug for LiveBlocks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveBlocks")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The live blocks of a [`Snapshot`] as records of the file format
/// ([`AllocationInfo`]), what the exporters write. A block without names
/// costs no allocation; a named one clones its two names.
#[derive(Clone)]
pub struct LiveAllocations<'a> {
    blocks: LiveBlocks<'a>,
}

impl Iterator for LiveAllocations<'_> {
    type Item = AllocationInfo;

    #[inline]
    fn next(&mut self) -> Option<AllocationInfo> {
        self.blocks.next().map(|block| block.to_info())
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.blocks.size_hint()
    }
}

impl ExactSizeIterator for LiveAllocations<'_> {}

impl FusedIterator for LiveAllocations<'_> {}

impl fmt::Debug for LiveAllocations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveAllocations")
            .field("remaining", &self.blocks.remaining)
            .finish_non_exhaustive()
    }
}
