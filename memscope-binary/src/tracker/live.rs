//! [`LiveAllocations`]: every live block of a locked tracker, in address
//! order, merged on the fly from the shards.

use std::cmp::Ordering;
use std::collections::binary_heap::PeekMut;
use std::collections::{BTreeMap, BinaryHeap, btree_map};
use std::fmt;
use std::iter::FusedIterator;

use crate::AllocationInfo;

use super::shard::SHARDS;

/// Every live allocation of a [`MemoryTracker`](crate::MemoryTracker), in
/// ascending `ptr` order, as handed to the closure of
/// [`with_live_allocations`](crate::MemoryTracker::with_live_allocations).
///
/// The records are not copied: the iterator walks the shards' maps in
/// place, merging them by address, so it needs memory for one pending
/// record per shard whatever the number of records. The same tracker state
/// always gives the same sequence.
#[derive(Clone)]
pub struct LiveAllocations<'a> {
    /// The next record of every shard that has one left, smallest address
    /// on top.
    heads: BinaryHeap<Head<'a>>,
    /// The rest of every shard, after its head.
    rests: [btree_map::Iter<'a, usize, AllocationInfo>; SHARDS],
    /// Records not yet yielded.
    remaining: usize,
}

impl<'a> LiveAllocations<'a> {
    /// Merges the shards' maps; each holds distinct addresses.
    pub(crate) fn new(shards: [&'a BTreeMap<usize, AllocationInfo>; SHARDS]) -> Self {
        let remaining = shards.iter().map(|live| live.len()).sum();
        let mut rests = shards.map(BTreeMap::iter);
        let mut heads = BinaryHeap::with_capacity(SHARDS);
        for (shard, rest) in rests.iter_mut().enumerate() {
            if let Some((&ptr, info)) = rest.next() {
                heads.push(Head { ptr, shard, info });
            }
        }
        LiveAllocations {
            heads,
            rests,
            remaining,
        }
    }
}

impl<'a> Iterator for LiveAllocations<'a> {
    type Item = &'a AllocationInfo;

    fn next(&mut self) -> Option<&'a AllocationInfo> {
        let mut top = self.heads.peek_mut()?;
        let item = top.info;
        // `shard` came from enumerating `rests`, so the lookup always
        // succeeds; a miss would only end that shard early.
        match self.rests.get_mut(top.shard).and_then(Iterator::next) {
            Some((&ptr, info)) => {
                // Replacing the top in place sifts it down once, on drop.
                top.ptr = ptr;
                top.info = info;
            }
            None => {
                PeekMut::pop(top);
            }
        }
        self.remaining = self.remaining.saturating_sub(1);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for LiveAllocations<'_> {}

impl FusedIterator for LiveAllocations<'_> {}

impl fmt::Debug for LiveAllocations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveAllocations")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The next record of one shard. Ordered so that `BinaryHeap`, a max-heap,
/// keeps the smallest address on top.
#[derive(Clone, Copy)]
struct Head<'a> {
    ptr: usize,
    shard: usize,
    info: &'a AllocationInfo,
}

impl Ord for Head<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.ptr, other.shard).cmp(&(self.ptr, self.shard))
    }
}

impl PartialOrd for Head<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.ptr, self.shard) == (other.ptr, other.shard)
    }
}

impl Eq for Head<'_> {}
