//! One shard of a tracker: the live blocks whose addresses hash to it and
//! the counters of what happened to them, behind one mutex.
//!
//! Every count a tracker reports is kept per shard under the shard's lock,
//! except the two peaks, which need the process-wide level at every
//! instant and so live in [`Levels`], updated under the same lock. Whoever
//! holds every shard lock therefore sees counts that agree exactly with the
//! records.
//!
//! The records of a shard sit side by side in one `Vec`, so that a snapshot
//! reads them as one sequential sweep of memory, the fastest way through
//! them; a hash index from address to position finds one record for the
//! allocator. Removing a record moves the shard's last record into its
//! place, so the `Vec` never has holes.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::mem;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::AllocationInfo;

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

/// Below this many records' worth of capacity a shard keeps its memory
/// when blocks are freed: small trackers should not reallocate back and
/// forth.
pub(crate) const RETAINED_CAPACITY: usize = 1024;

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

/// The live blocks of one shard and their counters.
pub(crate) struct ShardState {
    /// Live blocks, in no particular order, without holes.
    records: Vec<AllocationInfo>,
    /// The position in `records` of each live block, by address: the
    /// record at `records[index[&ptr]]` has that `ptr`, for every entry.
    index: HashMap<usize, usize, AddressHash>,
    /// Sum of the sizes in `records`.
    pub(crate) active_memory: u64,
    pub(crate) total_allocations: u64,
    pub(crate) total_deallocations: u64,
    pub(crate) total_allocated: u64,
    pub(crate) total_deallocated: u64,
    pub(crate) total_reallocations: u64,
}

impl ShardState {
    pub(crate) const fn new() -> Self {
        ShardState {
            records: Vec::new(),
            index: HashMap::with_hasher(AddressHash),
            active_memory: 0,
            total_allocations: 0,
            total_deallocations: 0,
            total_allocated: 0,
            total_deallocated: 0,
            total_reallocations: 0,
        }
    }

    /// The live blocks, in storage order: the order they were inserted in,
    /// except that each removal moved the then last record into the gap.
    #[inline]
    pub(crate) fn records(&self) -> &[AllocationInfo] {
        &self.records
    }

    /// The number of live blocks.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The live block starting at `ptr`.
    pub(crate) fn get_mut(&mut self, ptr: usize) -> Option<&mut AllocationInfo> {
        let &slot = self.index.get(&ptr)?;
        self.records.get_mut(slot)
    }

    /// A live block that contains `addr`, found by looking at every record:
    /// the index only knows where blocks start.
    pub(crate) fn containing_mut(&mut self, addr: usize) -> Option<&mut AllocationInfo> {
        self.records
            .iter_mut()
            .find(|info| info.ptr <= addr && addr - info.ptr < info.size)
    }

    /// Records a new live block. A record already at that address is stale
    /// (its block was freed while tracking was off) and is retired first,
    /// counted as a deallocation, so the counts keep agreeing with the
    /// records.
    pub(crate) fn insert(&mut self, info: AllocationInfo, levels: &Levels) {
        let size = info.size as u64;
        // A new address gets the position one past the end, where the push
        // puts its record. (Like everything the allocator calls, this must
        // not panic, so records are reached with `get`, not indexing.)
        let slot = *self.index.entry(info.ptr).or_insert(self.records.len());
        match self.records.get_mut(slot) {
            Some(record) => {
                let stale = mem::replace(record, info);
                self.count_dealloc(stale.size as u64, levels);
            }
            None => self.records.push(info),
        }
        self.count_alloc(size, levels);
    }

    /// Removes the live block at `ptr`, counted as a deallocation; `None`
    /// (and nothing counted) if there is none.
    pub(crate) fn remove(&mut self, ptr: usize, levels: &Levels) -> Option<AllocationInfo> {
        let slot = self.index.remove(&ptr)?;
        let info = (slot < self.records.len()).then(|| self.records.swap_remove(slot))?;
        // The last record, if it was not the one removed, now fills the gap.
        if let Some(moved) = self.records.get(slot)
            && let Some(position) = self.index.get_mut(&moved.ptr)
        {
            *position = slot;
        }
        self.count_dealloc(info.size as u64, levels);
        self.release_spare_capacity();
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

    /// Gives memory back once at most a quarter of it is in use, keeping
    /// room for twice the live blocks: a shard that once held millions of
    /// blocks does not keep their memory forever, and a shard that shrinks
    /// has to halve again (or double back) before it reallocates again, so
    /// the cost per removal stays constant.
    fn release_spare_capacity(&mut self) {
        let (len, capacity) = (self.records.len(), self.records.capacity());
        if capacity > RETAINED_CAPACITY && len <= capacity / 4 {
            self.records.shrink_to(len * 2);
        }
        let capacity = self.index.capacity();
        if capacity > RETAINED_CAPACITY && len <= capacity / 4 {
            self.index.shrink_to(len * 2);
        }
    }

    /// The memory reserved for records and index entries, in entries.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> (usize, usize) {
        (self.records.capacity(), self.index.capacity())
    }

    /// Panics unless the index and the records describe the same blocks.
    #[cfg(test)]
    pub(crate) fn assert_indexed(&self) {
        assert_eq!(self.index.len(), self.records.len());
        for (slot, info) in self.records.iter().enumerate() {
            assert_eq!(self.index.get(&info.ptr), Some(&slot), "{:#x}", info.ptr);
        }
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

/// The hash of a shard's index: a multiply whose 128-bit product is folded
/// onto itself, so that every bit of the address reaches every bit of the
/// hash. Unlike `std`'s default it is constant-constructible, which a
/// constant-initialised tracker needs, and needs no random keys; a
/// deterministic hash is safe here because the keys are addresses the
/// allocator chose, not input an attacker controls. Its multiplier differs
/// from [`shard_index`]'s, whose top bits are the same for every key of a
/// shard.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AddressHash;

impl BuildHasher for AddressHash {
    type Hasher = AddressHasher;

    #[inline]
    fn build_hasher(&self) -> AddressHasher {
        AddressHasher(0)
    }
}

/// The state of one [`AddressHash`] hashing.
pub(crate) struct AddressHasher(u64);

impl AddressHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * 0xA076_1D64_78BD_642F;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for AddressHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.mix(word as u64);
    }

    #[inline]
    fn write_u64(&mut self, word: u64) {
        self.mix(word);
    }

    /// Keys other than addresses, a word at a time; not used by the index.
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }
}
