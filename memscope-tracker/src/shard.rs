//! One shard of a tracker: the live blocks whose addresses hash to it, the
//! names attached to some of them, and the counters of what happened to
//! them, behind one mutex.
//!
//! Every count a tracker reports is kept per shard under the shard's lock,
//! except the two peaks, which need the process-wide level at every
//! instant and so live in [`Peaks`], updated under the same lock. A
//! shard's copy therefore has counts that agree exactly with its blocks.
//!
//! # Snapshots
//!
//! A snapshot marks every shard [pending](ShardState::begin_snapshot)
//! while it holds every lock (an instant: no copying), then collects the
//! shards one at a time. Whoever locks a pending shard first, the snapshot
//! or a thread about to change it, copies it before anything changes: so
//! every shard is copied as it was at the instant the snapshot began, and
//! a thread waits at most for one shard's copy, never for a whole export.
//! The copies go into buffers the snapshot allocated and touched before
//! marking, with no lock held, so a copy under a shard's lock is a plain
//! copy of memory, without the page faults of fresh memory.
//!
//! `loom_snapshot.rs` model-checks this protocol ([`Shards`]) with loom:
//! every interleaving of a snapshot with a thread that allocates, frees
//! and names blocks on the shards.

use std::mem;
use std::sync::{Arc, PoisonError};

use crate::address_hash::AddressHash;
use crate::own_memory::{OwnMap, OwnVec, System};
use crate::peaks::Peaks;
use crate::sites::{Amount, SiteCounts, Sites};
use crate::sync::{Mutex, MutexGuard};
use crate::table::{Block, BlockTable, HUGE, RETAINED_CAPACITY};

/// log2 of the number of shards.
const SHARD_BITS: u32 = 4;

/// How many shards a tracker has. A few times the number of cores keeps two
/// threads rarely on the same lock.
pub(crate) const SHARDS: usize = 1 << SHARD_BITS;

/// The shard of the block at `ptr`.
///
/// Addresses are aligned and clustered, so their low and high bits say
/// little; Fibonacci hashing mixes every bit into the top `SHARD_BITS`.
#[inline]
pub(crate) fn shard_index(ptr: usize) -> usize {
    ((ptr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SHARD_BITS)) as usize
}

/// A shard on its own cache lines, so that threads working on neighbouring
/// shards do not slow each other down.
#[repr(align(128))]
pub(crate) struct Shard {
    state: Mutex<ShardState>,
}

impl Shard {
    const_unless_loom! {
        pub(crate) fn new() -> Self {
            Shard {
                state: Mutex::new(ShardState::new()),
            }
        }
    }

    /// Locks the shard. A panic while it was locked left it consistent,
    /// since every update completes before anything that can panic, so
    /// poisoning is ignored.
    #[inline]
    pub(crate) fn lock(&self) -> MutexGuard<'_, ShardState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The `N` shards of a tracker, and the snapshot protocol across them
/// (see the module docs): [`prepare`](Self::prepare), then
/// [`mark`](Self::mark), then [`collect`](Self::collect).
pub(crate) struct Shards<const N: usize>([Shard; N]);

impl<const N: usize> Shards<N> {
    #[cfg(not(loom))]
    pub(crate) const fn new() -> Self {
        Shards([const { Shard::new() }; N])
    }

    #[cfg(loom)]
    pub(crate) fn new() -> Self {
        Shards(std::array::from_fn(|_| Shard::new()))
    }

    /// The shard of the block at `ptr`.
    #[inline]
    pub(crate) fn of(&self, ptr: usize) -> &Shard {
        // Below `N` by construction (and, for 16 shards, `shard_index`
        // itself).
        &self.0[shard_index(ptr) % N]
    }

    /// Every shard, in index order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, Shard> {
        self.0.iter()
    }

    /// Locks every shard, in index order: everyone who holds more than one
    /// shard lock took them in this order, so no two can deadlock.
    pub(crate) fn lock_all(&self) -> [MutexGuard<'_, ShardState>; N] {
        // `from_fn` calls in ascending index order.
        std::array::from_fn(|i| self.0[i].lock())
    }

    /// A snapshot's first step: room for each shard's copy, made with no
    /// lock held (see [`ShardCopy::with_room`]), with a little more than
    /// the shard holds now, for what it gains until it is marked.
    pub(crate) fn prepare(&self) -> OwnVec<ShardCopy> {
        let mut rooms = OwnVec::with_capacity_in(N, System);
        for shard in self.iter() {
            let (blocks, names) = shard.lock().snapshot_room();
            rooms.push(ShardCopy::with_room(
                blocks + blocks / 64 + 256,
                names + names / 64 + 16,
            ));
        }
        rooms
    }

    /// The second step: marks every shard pending, with its room, holding
    /// every lock, so that all are copied as of this one instant; `then`
    /// runs at that instant, under the locks (a snapshot reads the peaks
    /// there), and what it returns is returned.
    pub(crate) fn mark<R>(&self, rooms: OwnVec<ShardCopy>, then: impl FnOnce() -> R) -> R {
        let mut shards = self.lock_all();
        for (shard, room) in shards.iter_mut().zip(rooms) {
            shard.begin_snapshot(room);
        }
        then()
    }

    /// The last step: each shard's copy as of the mark, made now, under
    /// the shard's lock, unless the first thread to change the shard since
    /// made it already.
    pub(crate) fn collect(&self) -> OwnVec<ShardCopy> {
        let mut copies = OwnVec::with_capacity_in(N, System);
        copies.extend(self.iter().map(|shard| shard.lock().take_snapshot()));
        copies
    }
}

/// The names `track_var` attached to a block, kept apart from the hot
/// 32-byte record and shared (not copied) by snapshots.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Names {
    pub(crate) var_name: String,
    pub(crate) type_name: String,
}

/// A shard's part of a snapshot: its blocks, the names of those that have
/// names, and its counters, all as they were at one instant.
#[derive(Debug)]
pub(crate) struct ShardCopy {
    /// The slab as it was, free entries (address 0) included: one copy of
    /// contiguous memory under the lock; they are skipped when read.
    pub(crate) blocks: OwnVec<Block>,
    /// The names of the named blocks, by address.
    pub(crate) names: OwnVec<(usize, Arc<Names>)>,
    /// The sizes of the blocks of 4 GiB and more, by address.
    pub(crate) huge: OwnVec<(usize, usize)>,
    /// The mean each sampled block was sampled at, by address.
    pub(crate) sample_means: OwnVec<(usize, u64)>,
    /// The counters of the shard.
    pub(crate) counters: Counters,
}

impl Default for ShardCopy {
    fn default() -> Self {
        ShardCopy {
            blocks: OwnVec::new_in(System),
            names: OwnVec::new_in(System),
            huge: OwnVec::new_in(System),
            sample_means: OwnVec::new_in(System),
            counters: Counters::default(),
        }
    }
}

impl ShardCopy {
    /// Empty buffers with room for `blocks` slab entries and `names` names,
    /// the pages of the entries' buffer already touched. A snapshot
    /// prepares them before it marks the shards, with no lock held: the
    /// page faults of fresh memory, which were most of a large shard's
    /// copy, then happen here, and the copy under the shard's lock (by the
    /// snapshot, or by a thread about to change the shard) is a plain copy.
    pub(crate) fn with_room(blocks: usize, names: usize) -> Self {
        let mut copy = ShardCopy {
            blocks: OwnVec::with_capacity_in(blocks, System),
            names: OwnVec::with_capacity_in(names, System),
            huge: OwnVec::new_in(System),
            sample_means: OwnVec::new_in(System),
            counters: Counters::default(),
        };
        /// Entries a page holds.
        const PER_PAGE: usize = 4096 / size_of::<Block>();
        let spare = copy.blocks.spare_capacity_mut();
        for entry in spare.iter_mut().step_by(PER_PAGE) {
            entry.write(Block::new(0, 0, 0, 0, 0));
        }
        copy
    }
}

/// Where a shard is in a snapshot.
#[derive(Debug, Default)]
enum SnapshotSlot {
    /// No snapshot is being taken.
    #[default]
    Idle,
    /// A snapshot began and nobody has copied this shard since: the next
    /// one to lock it copies it, into these empty buffers, before changing
    /// anything.
    Pending(ShardCopy),
    /// Copied for the snapshot in progress, waiting to be collected.
    Copied(ShardCopy),
}

/// The counters of one shard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    pub(crate) active_allocations: u64,
    pub(crate) active_memory: u64,
    pub(crate) total_allocations: u64,
    pub(crate) total_deallocations: u64,
    pub(crate) total_allocated: u64,
    pub(crate) total_deallocated: u64,
    pub(crate) total_reallocations: u64,
    /// The call-site counts of this shard's blocks without a stack (see
    /// `sites.rs`): kept here, under the shard's lock, so that tracking
    /// without stacks shares no counts between threads.
    pub(crate) no_stack: SiteCounts,
}

/// A block taken out of a shard: its record, its size and its names.
#[derive(Debug)]
pub(crate) struct Removed {
    pub(crate) block: Block,
    pub(crate) size: usize,
    pub(crate) names: Option<Arc<Names>>,
    /// The mean it was sampled at, when it was a sample.
    pub(crate) sample_mean: Option<u64>,
}

/// The running totals of shards with these `counters`, and the
/// process-wide `peaks` (memory, blocks) seen with them: what
/// [`MemoryTracker::stats`](crate::MemoryTracker::stats) and snapshots
/// report.
pub(crate) fn totals<'a>(
    counters: impl IntoIterator<Item = &'a Counters>,
    peaks: (u64, u64),
) -> crate::MemoryStats {
    let mut stats = crate::MemoryStats::default();
    for c in counters {
        stats.total_allocations = stats.total_allocations.saturating_add(c.total_allocations);
        stats.total_deallocations = stats
            .total_deallocations
            .saturating_add(c.total_deallocations);
        stats.active_allocations = stats
            .active_allocations
            .saturating_add(c.active_allocations);
        stats.active_memory = stats.active_memory.saturating_add(c.active_memory);
        stats.total_allocated = stats.total_allocated.saturating_add(c.total_allocated);
        stats.total_deallocated = stats.total_deallocated.saturating_add(c.total_deallocated);
        stats.total_reallocations = stats
            .total_reallocations
            .saturating_add(c.total_reallocations);
    }
    stats.peak_memory = peaks.0.max(stats.active_memory);
    stats.peak_allocations = peaks.1.max(stats.active_allocations);
    stats
}

/// The live blocks of one shard, their names and their counters.
pub(crate) struct ShardState {
    /// Live blocks by address.
    table: BlockTable,
    /// The names of the named blocks (those with the named bit), by
    /// address.
    names: OwnMap<usize, Arc<Names>, AddressHash>,
    /// The sizes of the blocks of 4 GiB and more (stored as [`HUGE`]).
    huge: OwnMap<usize, usize, AddressHash>,
    /// The mean each sampled block was sampled at (empty unless tracking
    /// is sampled). Every block here is counted in `sampled_slots`.
    sample_means: OwnMap<usize, u64, AddressHash>,
    pub(crate) counters: Counters,
    snapshot: SnapshotSlot,
}

impl ShardState {
    pub(crate) const fn new() -> Self {
        ShardState {
            table: BlockTable::new(),
            names: OwnMap::with_hasher_in(AddressHash, System),
            huge: OwnMap::with_hasher_in(AddressHash, System),
            sample_means: OwnMap::with_hasher_in(AddressHash, System),
            counters: Counters {
                active_allocations: 0,
                active_memory: 0,
                total_allocations: 0,
                total_deallocations: 0,
                total_allocated: 0,
                total_deallocated: 0,
                total_reallocations: 0,
                no_stack: SiteCounts::new(),
            },
            snapshot: SnapshotSlot::Idle,
        }
    }

    /// Whether a live block starts at `start` and holds `addr`.
    pub(crate) fn holds(&self, start: usize, addr: usize) -> bool {
        self.table
            .get(start)
            .is_some_and(|block| addr.wrapping_sub(start) < self.size_of(block))
    }

    /// A block's size, looked up when it is [`HUGE`].
    fn size_of(&self, block: &Block) -> usize {
        match block.size() {
            HUGE => self.huge.get(&block.ptr).copied().unwrap_or(HUGE),
            size => size,
        }
    }

    /// What a copy of the shard holds now: slab entries and names.
    pub(crate) fn snapshot_room(&self) -> (usize, usize) {
        (self.table.slab().len(), self.names.len())
    }

    /// Marks the start of a snapshot: the shard must be copied, as it is
    /// now, into `buffers` (see [`ShardCopy::with_room`]), before anything
    /// changes it.
    pub(crate) fn begin_snapshot(&mut self, buffers: ShardCopy) {
        self.snapshot = SnapshotSlot::Pending(buffers);
    }

    /// Takes this shard's copy for the snapshot in progress, copying it now
    /// if nobody did since the snapshot began.
    pub(crate) fn take_snapshot(&mut self) -> ShardCopy {
        match mem::take(&mut self.snapshot) {
            SnapshotSlot::Copied(copy) => copy,
            SnapshotSlot::Pending(buffers) => self.copy_into(buffers),
            // Not begun: a copy of now is as consistent.
            SnapshotSlot::Idle => self.copy_into(ShardCopy::default()),
        }
    }

    /// Before any change: a shard a snapshot still waits for is copied
    /// first, so the snapshot sees it as it was when the snapshot began.
    #[inline]
    fn copy_if_pending(&mut self) {
        if matches!(self.snapshot, SnapshotSlot::Pending(_)) {
            self.copy_pending();
        }
    }

    #[cold]
    fn copy_pending(&mut self) {
        if let SnapshotSlot::Pending(buffers) = mem::take(&mut self.snapshot) {
            self.snapshot = SnapshotSlot::Copied(self.copy_into(buffers));
        }
    }

    /// The shard as it is, into `copy`'s buffers: one copy of the slab, the
    /// names of the named blocks (shared, not copied), the counters.
    #[cold]
    fn copy_into(&self, mut copy: ShardCopy) -> ShardCopy {
        copy.blocks.clear();
        copy.blocks.extend_from_slice(self.table.slab());
        copy.names.clear();
        copy.names.extend(
            self.names
                .iter()
                .map(|(&ptr, names)| (ptr, Arc::clone(names))),
        );
        copy.huge.clear();
        copy.huge
            .extend(self.huge.iter().map(|(&ptr, &size)| (ptr, size)));
        copy.sample_means.clear();
        copy.sample_means
            .extend(self.sample_means.iter().map(|(&ptr, &mean)| (ptr, mean)));
        copy.counters = self.counters;
        copy
    }

    /// Attaches names to the live block at `ptr`; false if there is none.
    /// The old names, if any, are returned to be freed outside the lock.
    pub(crate) fn name(&mut self, ptr: usize, names: Names) -> Result<Option<Arc<Names>>, Names> {
        self.copy_if_pending();
        match self.table.get_mut(ptr) {
            Some(block) => {
                block.set_named(true);
                Ok(self.names.insert(ptr, Arc::new(names)))
            }
            None => Err(names),
        }
    }

    /// Records a new live block with `names`, a sample taken at
    /// `sample_mean` when that is given. A record already at that address
    /// is stale (its block was freed while tracking was off) and is
    /// retired first, counted as a deallocation, so the counts keep
    /// agreeing with the records. Returns what the caller must drop
    /// outside the lock.
    pub(crate) fn insert(
        &mut self,
        mut block: Block,
        size: usize,
        names: Option<Arc<Names>>,
        sample_mean: Option<u64>,
        (peaks, sites): (&Peaks, &Sites),
    ) -> Option<Arc<Names>> {
        self.copy_if_pending();
        let ptr = block.ptr;
        block.set_named(names.is_some());
        // One look-up: the table says whether a stale record was there.
        let stale = self.table.insert(block);
        let stale_names = match names {
            Some(names) => self.names.insert(ptr, names),
            None if stale.is_some_and(|b| b.is_named()) => self.names.remove(&ptr),
            None => None,
        };
        // A stale record's size, looked up apart when it was huge.
        let stale_size = stale.map(|b| match b.size() {
            HUGE => self.huge.remove(&ptr).unwrap_or(HUGE),
            size => size,
        });
        if size >= HUGE {
            self.huge.insert(ptr, size);
        }
        if let (Some(stale), Some(stale_size)) = (stale, stale_size) {
            let stale_mean = self.forget_sample(ptr);
            self.count_dealloc(stale_size, stale.stack, stale_mean, false, (peaks, sites));
        }
        if let Some(mean) = sample_mean
            && self.sample_means.insert(ptr, mean).is_none()
        {
            crate::sampled_slots::count_in(ptr);
        }
        self.count_alloc(size, &block, sample_mean, (peaks, sites));
        stale_names
    }

    /// Removes the live block at `ptr`, counted as a deallocation; `None`
    /// (and nothing counted) if there is none. Its size and names come
    /// with it. `temporary` is the id of the freeing thread when the block
    /// is that thread's latest allocation: the block is temporary if that
    /// thread allocated it.
    pub(crate) fn remove(
        &mut self,
        ptr: usize,
        temporary: Option<u64>,
        (peaks, sites): (&Peaks, &Sites),
    ) -> Option<Removed> {
        self.copy_if_pending();
        let block = self.table.remove(ptr)?;
        let temporary = temporary.is_some_and(|thread| u64::from(block.thread()) == thread);
        let size = match block.size() {
            HUGE => self.huge.remove(&ptr).unwrap_or(HUGE),
            size => size,
        };
        let names = if block.is_named() {
            self.names.remove(&ptr)
        } else {
            None
        };
        let sample_mean = self.forget_sample(ptr);
        self.count_dealloc(size, block.stack, sample_mean, temporary, (peaks, sites));
        if self.names.capacity() > RETAINED_CAPACITY
            && self.names.len() <= self.names.capacity() / 4
        {
            self.names.shrink_to(self.names.len() * 2);
        }
        Some(Removed {
            block,
            size,
            names,
            sample_mean,
        })
    }

    /// The mean the block at `ptr`, being removed or replaced, was sampled
    /// at; its slot is lowered.
    fn forget_sample(&mut self, ptr: usize) -> Option<u64> {
        if self.sample_means.is_empty() {
            return None;
        }
        let mean = self.sample_means.remove(&ptr)?;
        crate::sampled_slots::count_out(ptr);
        Some(mean)
    }

    /// Puts back a block that [`remove`](Self::remove) took out for a
    /// reallocation that then failed, taking back its deallocation: the
    /// block never went away.
    pub(crate) fn restore(&mut self, removed: Removed, (peaks, sites): (&Peaks, &Sites)) {
        let size = removed.size as u64;
        let stack = removed.block.stack;
        let amount = Amount::of(removed.size, removed.sample_mean);
        let stale = self.insert(
            removed.block,
            removed.size,
            removed.names,
            removed.sample_mean,
            (peaks, sites),
        );
        debug_assert!(stale.is_none());
        let c = &mut self.counters;
        match stack {
            0 => c.no_stack.unfreed(amount),
            stack => sites.get(stack).unfreed(amount),
        }
        c.total_allocations = c.total_allocations.saturating_sub(1);
        c.total_allocated = c.total_allocated.saturating_sub(size);
        c.total_deallocations = c.total_deallocations.saturating_sub(1);
        c.total_deallocated = c.total_deallocated.saturating_sub(size);
    }

    /// Counts a reallocation (its deallocation and allocation are counted
    /// by the remove and the insert).
    pub(crate) fn count_realloc(&mut self) {
        self.copy_if_pending();
        self.counters.total_reallocations = self.counters.total_reallocations.saturating_add(1);
    }

    /// Bytes this shard has reserved for blocks and names' index entries
    /// (not the names' strings).
    pub(crate) fn reserved_bytes(&self) -> usize {
        // A map entry: its key, its value and one control byte.
        self.table.reserved_bytes()
            + self.names.capacity() * (size_of::<usize>() + size_of::<Arc<Names>>() + 1)
            + self.huge.capacity() * (2 * size_of::<usize>() + 1)
            + self.sample_means.capacity() * (size_of::<usize>() + size_of::<u64>() + 1)
    }

    /// Lowers the sampled-block counters of every sample this shard holds:
    /// the shard is going away with them (a tracker dropped), and the
    /// counters, shared by the process, must not keep saying "maybe".
    pub(crate) fn forget_samples(&mut self) {
        for &ptr in self.sample_means.keys() {
            crate::sampled_slots::count_out(ptr);
        }
        self.sample_means.clear();
    }

    /// Whether a snapshot waits for this shard's copy, nobody having made
    /// it since the mark.
    #[cfg(test)]
    pub(crate) fn is_pending(&self) -> bool {
        matches!(self.snapshot, SnapshotSlot::Pending(_))
    }

    /// Panics unless the table is consistent and the names belong to
    /// exactly the named blocks.
    #[cfg(test)]
    pub(crate) fn assert_consistent(&self) {
        self.table.assert_consistent();
        let named = self.table.iter().filter(|b| b.is_named()).count();
        assert_eq!(named, self.names.len());
        let huge = self.table.iter().filter(|b| b.size() == HUGE).count();
        assert_eq!(huge, self.huge.len());
        for &ptr in self.names.keys() {
            assert!(self.table.get(ptr).is_some_and(Block::is_named));
        }
        assert_eq!(self.counters.active_allocations, self.table.len() as u64);
    }

    #[inline]
    fn count_alloc(
        &mut self,
        size: usize,
        block: &Block,
        sample_mean: Option<u64>,
        (peaks, sites): (&Peaks, &Sites),
    ) {
        let bytes = size as u64;
        let c = &mut self.counters;
        c.active_allocations = c.active_allocations.saturating_add(1);
        c.total_allocations = c.total_allocations.saturating_add(1);
        c.total_allocated = c.total_allocated.saturating_add(bytes);
        c.active_memory = c.active_memory.saturating_add(bytes);
        let peak = peaks.add(bytes, block.timestamp);
        let amount = Amount::of(size, sample_mean);
        match block.stack {
            0 => c.no_stack.allocated(amount, peak),
            stack => sites.get(stack).allocated(amount, peak),
        }
    }

    #[inline]
    fn count_dealloc(
        &mut self,
        size: usize,
        stack: u32,
        sample_mean: Option<u64>,
        temporary: bool,
        (peaks, sites): (&Peaks, &Sites),
    ) {
        let bytes = size as u64;
        let c = &mut self.counters;
        c.active_allocations = c.active_allocations.saturating_sub(1);
        c.total_deallocations = c.total_deallocations.saturating_add(1);
        c.total_deallocated = c.total_deallocated.saturating_add(bytes);
        c.active_memory = c.active_memory.saturating_sub(bytes);
        let peak = peaks.sub(bytes);
        let amount = Amount::of(size, sample_mean);
        match stack {
            0 => c.no_stack.freed(amount, temporary, peak),
            stack => sites.get(stack).freed(amount, temporary, peak),
        }
    }
}
