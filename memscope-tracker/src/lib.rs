//! The memory tracker: a record of every live heap block, with running
//! totals, safe to update from every thread at once and to read
//! consistently while they do.
//!
//! # Design
//!
//! Blocks are spread over 16 shards (`shard::SHARDS`) by a hash of
//! their address; each shard is a mutex around that shard's records, side
//! by side in a `Vec` of [`AllocationInfo`] with a hash index from address
//! to position, and its counters. Threads touching different shards never
//! wait for each other. Only the peaks are process-wide (atomics, updated
//! under the shard lock). Reading everything at once
//! ([`MemoryTracker::with_live_allocations`], [`MemoryTracker::stats`])
//! locks every shard in index order, so readers never deadlock with each
//! other, and sees counts that agree exactly with the records.
//!
//! A snapshot reads the shards' `Vec`s one after the other: a sequential
//! sweep of memory, in an order that is deterministic but not by address
//! (see [`LiveAllocations`]). Keeping address order would mean ordered
//! maps and a merge of the shards, several times slower for the exporters.
//!
//! # Re-entrancy
//!
//! The tracker allocates for itself (record tables, names). So that the
//! tracking allocator does not record those allocations, and above all
//! does not try to lock a shard the same thread already holds, every
//! operation sets a thread-local "inside the tracker" flag, and an
//! operation that finds the flag set does nothing.

//!
//! # Use
//!
//! ```
//! use memscope_tracker::{MemoryTracker, Trackable};
//!
//! let tracker = MemoryTracker::new();
//! tracker.record_alloc_at(0x1000, 64, 7);
//! tracker.record_alloc_at(0x2000, 32, 8);
//! tracker.record_dealloc(0x1000);
//! let stats = tracker.stats();
//! assert_eq!((stats.active_allocations, stats.active_memory), (1, 32));
//! ```
//!
//! In a program, install [`TrackingAllocator`] as the global allocator; it
//! feeds [`global_tracker()`], and [`track_var!`] names the blocks. The
//! records derive `memscope_binary::BinaryRecord`, so their encodings are
//! the records of the file format; writing and reading files is the
//! `memscope-export` crate's job. Nothing here fails: the tracker has no
//! error type.
#![deny(missing_docs)]

mod allocator;
mod clock;
mod live;
mod reentrancy;
mod shard;
mod trackable;
mod tracker;
mod types;

pub use allocator::TrackingAllocator;
pub use clock::now_ns;
pub use live::LiveAllocations;
pub use trackable::Trackable;
pub use tracker::{MemoryTracker, global_tracker};
pub use types::{AllocationInfo, Counter, MemoryStats};
