//! [`StackTable`]: every distinct call stack the tracker has seen, stored
//! once, each named by a small id that live blocks keep.
//!
//! A program allocates from a few thousand places, so a few thousand
//! stacks serve millions of blocks: interning turns 8 bytes a frame per
//! block into 4 bytes per block. The table is sharded by a hash of the
//! stack, like the blocks, and its memory is bounded: once it holds
//! [`DEFAULT_BUDGET`] bytes, new stacks get the id [`OVERFLOW`], which
//! the export shows as such and the stats count.

use crate::address_hash::AddressHash;
use crate::own_memory::{OwnBox, OwnMap, OwnVec, System, own_slice};
use crate::sites::Sites;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The stack id of blocks whose stack came after the table was full.
pub const OVERFLOW: u32 = crate::sites::OVERFLOW;

/// How many bytes the table may hold by default: 64 MiB, room for about
/// 250,000 stacks of 32 frames.
pub const DEFAULT_BUDGET: u64 = 64 << 20;

/// log2 of the number of shards.
const SHARD_BITS: u32 = 4;
const SHARDS: usize = 1 << SHARD_BITS;

/// Bytes one stored stack costs beyond its frames: the map entry and the
/// boxed slice's header, roughly.
const OVERHEAD: u64 = 48;

/// The call stacks seen so far.
pub(crate) struct StackTable {
    shards: [Mutex<StackShard>; SHARDS],
    stacks: AtomicU64,
    bytes: AtomicU64,
    overflowed: AtomicU64,
    /// What each stack allocated and freed, beside it.
    sites: Sites,
}

/// One shard: its stacks by content, and by id. An id is the stack's
/// position in its shard's `by_id` (from 1) shifted left by
/// `SHARD_BITS`, or'ed with the shard's index.
pub(crate) struct StackShard {
    by_frames: OwnMap<OwnBox<[usize]>, u32, AddressHash>,
    by_id: OwnVec<OwnBox<[usize]>>,
}

/// What a stack table holds, for the stats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StackTableStats {
    pub(crate) stacks: u64,
    pub(crate) bytes: u64,
    pub(crate) overflowed: u64,
}

impl StackTable {
    pub(crate) const fn new() -> Self {
        StackTable {
            shards: [const {
                Mutex::new(StackShard {
                    by_frames: OwnMap::with_hasher_in(AddressHash, System),
                    by_id: OwnVec::new_in(System),
                })
            }; SHARDS],
            stacks: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            overflowed: AtomicU64::new(0),
            sites: Sites::new(),
        }
    }

    /// The shard of a stack: Fibonacci hashing of its folded addresses,
    /// as blocks are sharded, so that it owes nothing to the maps' own
    /// hash (whose top bits would then be alike within a shard).
    fn shard_of(frames: &[usize]) -> usize {
        let folded = frames.iter().fold(0usize, |acc, &f| acc.rotate_left(7) ^ f);
        crate::shard::shard_index(folded) & (SHARDS - 1)
    }

    fn lock(&self, shard: usize) -> MutexGuard<'_, StackShard> {
        self.shards[shard]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The id of `frames` (innermost first), added if new; 0 for an empty
    /// stack, [`OVERFLOW`] once the table holds `budget` bytes. Allocates
    /// (for a new stack) inside the tracker: the caller is inside it.
    pub(crate) fn intern(&self, frames: &[usize], budget: u64) -> u32 {
        if frames.is_empty() {
            return 0;
        }
        let index = Self::shard_of(frames);
        let mut shard = self.lock(index);
        if let Some(&id) = shard.by_frames.get(frames) {
            return id;
        }
        // Stored twice (by content and by id): counted twice.
        let cost = OVERHEAD + 2 * size_of_val(frames) as u64;
        let position = shard.by_id.len() as u32 + 1;
        if self.bytes.load(Ordering::Relaxed) + cost > budget || position >= u32::MAX >> SHARD_BITS
        {
            self.overflowed.fetch_add(1, Ordering::Relaxed);
            return OVERFLOW;
        }
        let id = (position << SHARD_BITS) | index as u32;
        // Without room for its counts (no memory for the chunk), the stack
        // is not stored, as past the budget: its blocks count at the
        // overflow site from the first, never at a site that a later
        // chunk gives it halfway through their lives.
        if !self.sites.reserve(id) {
            self.overflowed.fetch_add(1, Ordering::Relaxed);
            return OVERFLOW;
        }
        self.stacks.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(cost, Ordering::Relaxed);
        shard.by_id.push(own_slice(frames));
        shard.by_frames.insert(own_slice(frames), id);
        id
    }

    /// The frames of stack `id`.
    pub(crate) fn frames(&self, id: u32) -> Option<OwnBox<[usize]>> {
        let shard = (id & ((1 << SHARD_BITS) - 1)) as usize;
        let position = (id >> SHARD_BITS).checked_sub(1)? as usize;
        self.lock(shard).by_id.get(position).map(|frames| own_slice(frames))
    }

    /// The call sites' counts, by stack id.
    pub(crate) fn sites(&self) -> &Sites {
        &self.sites
    }

    /// Counts and bytes, for the stats.
    pub(crate) fn stats(&self) -> StackTableStats {
        StackTableStats {
            stacks: self.stacks.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            overflowed: self.overflowed.load(Ordering::Relaxed),
        }
    }

    /// Every shard lock, for `fork()`.
    #[cfg(unix)]
    pub(crate) fn lock_all(&self) -> [MutexGuard<'_, StackShard>; SHARDS] {
        std::array::from_fn(|i| self.lock(i))
    }
}

/// Every shard of a stack table, locked across a `fork()`.
#[cfg(unix)]
pub(crate) type StackLocks<'a> = [MutexGuard<'a, StackShard>; SHARDS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_stacks_get_one_id_and_different_ones_another() {
        let table = StackTable::new();
        let a = table.intern(&[1, 2, 3], DEFAULT_BUDGET);
        let b = table.intern(&[1, 2, 4], DEFAULT_BUDGET);
        assert_ne!(a, b);
        assert_eq!(table.intern(&[1, 2, 3], DEFAULT_BUDGET), a);
        assert_eq!(table.frames(a).as_deref(), Some(&[1, 2, 3][..]));
        assert_eq!(table.intern(&[], DEFAULT_BUDGET), 0);
        assert_eq!(table.stats().stacks, 2);
    }

    #[test]
    fn past_its_budget_the_table_gives_the_overflow_id_and_counts() {
        let table = StackTable::new();
        let budget = 3 * (OVERHEAD + 32);
        let ids: Vec<u32> = (0..5).map(|i| table.intern(&[i, i + 1], budget)).collect();
        assert_eq!(&ids[3..], [OVERFLOW, OVERFLOW]);
        assert!(ids[..3].iter().all(|&id| id != OVERFLOW));
        let stats = table.stats();
        assert_eq!((stats.stacks, stats.overflowed), (3, 2));
        assert!(stats.bytes <= budget);
        // Known stacks are still found.
        assert_eq!(table.intern(&[0, 1], budget), ids[0]);
    }
}
