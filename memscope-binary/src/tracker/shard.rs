//! One shard of a tracker: the live blocks whose addresses hash to it and
//! the counters of what happened to them, behind one mutex.
//!
//! Every count a tracker reports is kept per shard under the shard's lock,
//! except the two peaks, which need the process-wide level at every
//! instant and so live in [`Levels`], updated under the same lock. Whoever
//! holds every shard lock therefore sees counts that agree exactly with the
//! records.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::AllocationInfo;

/// log2 of the number of shards.
const SHARD_BITS: u32 = 4;

/// How many shards a tracker has. A few times the number of cores keeps two
/// threads rarely on the same lock; the exporter's merge costs grow with it.
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
    pub(crate) const fn new() -> Self {
        Shard {
            state: Mutex::new(ShardState::new()),
        }
    }

    /// Locks the shard. A panic while it was locked (in an exporter's
    /// closure, say) left it consistent, since every update completes
    /// before anything that can panic, so poisoning is ignored.
    #[inline]
    pub(crate) fn lock(&self) -> MutexGuard<'_, ShardState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The live blocks of one shard, by address, and their counters.
pub(crate) struct ShardState {
    /// Live blocks; each key is its record's `ptr`.
    pub(crate) live: BTreeMap<usize, AllocationInfo>,
    /// Sum of the sizes in `live`.
    pub(crate) active_memory: u64,
    pub(crate) total_allocations: u64,
    pub(crate) total_deallocations: u64,
    pub(crate) total_allocated: u64,
    pub(crate) total_deallocated: u64,
    pub(crate) total_reallocations: u64,
}

impl ShardState {
    const fn new() -> Self {
        ShardState {
            live: BTreeMap::new(),
            active_memory: 0,
            total_allocations: 0,
            total_deallocations: 0,
            total_allocated: 0,
            total_deallocated: 0,
            total_reallocations: 0,
        }
    }

    /// Records a new live block. A record already at that address is stale
    /// (its block was freed while tracking was off) and is retired first,
    /// counted as a deallocation, so the counts keep agreeing with the
    /// records.
    pub(crate) fn insert(&mut self, info: AllocationInfo, levels: &Levels) {
        let size = info.size as u64;
        match self.live.entry(info.ptr) {
            Entry::Vacant(slot) => {
                slot.insert(info);
            }
            Entry::Occupied(mut slot) => {
                let stale = slot.insert(info);
                self.count_dealloc(stale.size as u64, levels);
            }
        }
        self.count_alloc(size, levels);
    }

    /// Removes the live block at `ptr`, counted as a deallocation; `None`
    /// (and nothing counted) if there is none.
    pub(crate) fn remove(&mut self, ptr: usize, levels: &Levels) -> Option<AllocationInfo> {
        let info = self.live.remove(&ptr)?;
        self.count_dealloc(info.size as u64, levels);
        Some(info)
    }

    /// Puts back a block that [`remove`](Self::remove) took out for a
    /// reallocation that then failed, taking back its deallocation: the
    /// block never went away.
    pub(crate) fn restore(&mut self, info: AllocationInfo, levels: &Levels) {
        let size = info.size as u64;
        self.insert(info, levels);
        self.total_allocations = self.total_allocations.saturating_sub(1);
        self.total_allocated = self.total_allocated.saturating_sub(size);
        self.total_deallocations = self.total_deallocations.saturating_sub(1);
        self.total_deallocated = self.total_deallocated.saturating_sub(size);
    }

    fn count_alloc(&mut self, size: u64, levels: &Levels) {
        self.total_allocations = self.total_allocations.saturating_add(1);
        self.total_allocated = self.total_allocated.saturating_add(size);
        self.active_memory = self.active_memory.saturating_add(size);
        levels.add(size);
    }

    fn count_dealloc(&mut self, size: u64, levels: &Levels) {
        self.total_deallocations = self.total_deallocations.saturating_add(1);
        self.total_deallocated = self.total_deallocated.saturating_add(size);
        self.active_memory = self.active_memory.saturating_sub(size);
        levels.sub(size);
    }
}

/// Process-wide levels, for the peaks: a peak is a maximum of the sum over
/// all shards, which no shard can know alone.
///
/// Only changed under some shard lock; each atomic step yields the exact
/// new level, so every level the tracker passes through is seen by exactly
/// one thread, which raises the peak if needed. `Relaxed` suffices: readers
/// that need agreement with the records hold every shard lock, which orders
/// them after every update.
pub(crate) struct Levels {
    active_memory: AtomicU64,
    active_allocations: AtomicU64,
    peak_memory: AtomicU64,
    peak_allocations: AtomicU64,
}

impl Levels {
    pub(crate) const fn new() -> Self {
        Levels {
            active_memory: AtomicU64::new(0),
            active_allocations: AtomicU64::new(0),
            peak_memory: AtomicU64::new(0),
            peak_allocations: AtomicU64::new(0),
        }
    }

    fn add(&self, size: u64) {
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

    fn sub(&self, size: u64) {
        self.active_memory.fetch_sub(size, Ordering::Relaxed);
        self.active_allocations.fetch_sub(1, Ordering::Relaxed);
    }

    /// The most bytes ever live at once.
    pub(crate) fn peak_memory(&self) -> u64 {
        self.peak_memory.load(Ordering::Relaxed)
    }

    /// The most blocks ever live at once.
    pub(crate) fn peak_allocations(&self) -> u64 {
        self.peak_allocations.load(Ordering::Relaxed)
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
