//! The memory tracker: a record of every live heap block, with running
//! totals, safe to update from every thread at once and to read
//! consistently while they do.
//!
//! # Design
//!
//! The allocator hook runs millions of times a second, from every thread,
//! and must cost the same with ten thousand live blocks or ten million.
//! Two designs do that: a sharded hash table keyed by address (bytehound,
//! heaptrack's allocation index), or per-thread structures with a scheme
//! for blocks freed on another thread (jemalloc's thread caches). Frees on
//! other threads are common in Rust (channels, `Arc`s, rayon), and a
//! snapshot must see every block exactly once, so this crate shards by
//! address:
//!
//! - 16 shards, chosen by a hash of the address, each a mutex around a
//!   chained hash table of 32-byte records in one slab (`table.rs`): one
//!   lock and a few constant-time steps per operation, 36 to 40 bytes per
//!   live block, and buckets placed so that an allocator's churn on a few
//!   pages stays on a few cache lines however large the table;
//! - names (`track_var!`) kept apart, by address, for the few named blocks;
//! - counters per shard, peaks process-wide;
//! - snapshots that mark every shard at one instant and copy each shard
//!   under its own lock, the first thread to need it doing the copy
//!   (`shard.rs`): exact, and no thread waits for more than one shard's
//!   copy;
//! - `pthread_atfork` handlers (`fork.rs`), so a forked child never
//!   inherits a held lock.
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

mod address_hash;
mod allocator;
mod capture;
mod clock;
#[cfg(unix)]
mod fork;
mod naming;
mod pause;
mod peaks;
mod reentrancy;
mod shard;
mod snapshot;
mod stack_table;
mod table;
mod thread_names;
mod trackable;
mod tracker;
mod types;

pub use allocator::TrackingAllocator;
pub use capture::{DEFAULT_DEPTH as DEFAULT_STACK_DEPTH, MAX_DEPTH as MAX_STACK_DEPTH};
pub use clock::now_ns;
pub use pause::PauseGuard;
pub use snapshot::{LiveAllocations, LiveBlock, LiveBlocks, Snapshot};
pub use stack_table::{DEFAULT_BUDGET as STACK_TABLE_BUDGET, OVERFLOW as OVERFLOW_STACK};
pub use trackable::{HeapBlock, TrackOutcome, Trackable};
pub use tracker::{MemoryTracker, global_tracker};
pub use types::{AllocationInfo, AllocationRecord, Counter, MemoryStats};
