//! [`LiveAllocations`]: every live block of a locked tracker, shard after
//! shard, read in place.

use std::fmt;
use std::iter::FusedIterator;
use std::{array, slice};

use crate::AllocationInfo;

use crate::shard::SHARDS;

/// Every live allocation of a [`MemoryTracker`](crate::MemoryTracker), as
/// handed to the closure of
/// [`with_live_allocations`](crate::MemoryTracker::with_live_allocations).
///
/// The records are not copied: the iterator walks each shard's records
/// where they lie, one shard after another, which is a sequential read of
/// memory, so it needs no memory of its own whatever the number of records.
///
/// # Order
///
/// The order is not by address, and otherwise unspecified, but it is
/// deterministic:
///
/// - two snapshots with no tracking call in between yield the same
///   sequence;
/// - two trackers given the same sequence of `record_*` and `track_var`
///   calls yield the same sequence.
///
/// (Today the shards come in turn, each with its records in the order they
/// were recorded, except that a removal moves the shard's last record into
/// the gap; do not rely on more than the two rules above.) For address
/// order, collect and sort:
///
/// ```
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// for ptr in [0x3000, 0x1000, 0x2000] {
///     tracker.record_alloc(ptr, 8);
/// }
/// let mut ptrs: Vec<usize> = tracker.with_live_allocations(|_, live| live.map(|a| a.ptr).collect());
/// ptrs.sort_unstable();
/// assert_eq!(ptrs, [0x1000, 0x2000, 0x3000]);
/// ```
#[derive(Clone)]
pub struct LiveAllocations<'a> {
    /// The rest of the shard being read.
    current: slice::Iter<'a, AllocationInfo>,
    /// The shards after it.
    shards: array::IntoIter<&'a [AllocationInfo], SHARDS>,
    /// How many records those shards hold.
    after_current: usize,
}

impl<'a> LiveAllocations<'a> {
    /// Reads the shards' records in shard order.
    pub(crate) fn new(shards: [&'a [AllocationInfo]; SHARDS]) -> Self {
        LiveAllocations {
            current: [].iter(),
            after_current: shards.iter().map(|records| records.len()).sum(),
            shards: shards.into_iter(),
        }
    }
}

impl<'a> Iterator for LiveAllocations<'a> {
    type Item = &'a AllocationInfo;

    #[inline]
    fn next(&mut self) -> Option<&'a AllocationInfo> {
        loop {
            if let Some(info) = self.current.next() {
                return Some(info);
            }
            let records = self.shards.next()?;
            self.after_current -= records.len();
            self.current = records.iter();
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.current.len() + self.after_current;
        (remaining, Some(remaining))
    }

    /// Folds shard by shard, each a plain slice fold: what `for_each`,
    /// `sum` and friends use.
    fn fold<B, F>(self, init: B, mut f: F) -> B
    where
        F: FnMut(B, &'a AllocationInfo) -> B,
    {
        let acc = self.current.fold(init, &mut f);
        self.shards
            .fold(acc, |acc, records| records.iter().fold(acc, &mut f))
    }
}

impl ExactSizeIterator for LiveAllocations<'_> {}

impl FusedIterator for LiveAllocations<'_> {}

impl fmt::Debug for LiveAllocations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveAllocations")
            .field("remaining", &self.len())
            .finish_non_exhaustive()
    }
}
