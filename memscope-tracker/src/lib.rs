//! Records every live heap block of a Rust program, with running totals,
//! the call stack that allocated each block and the names you give them.
//!
//! # Use
//!
//! Install the tracking allocator, then ask the process-wide tracker:
//!
//! ```standalone_crate
//! use memscope_tracker::{TrackingAllocator, global_tracker, track_var};
//!
//! #[global_allocator]
//! static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();
//!
//! fn main() {
//!     let squares: Vec<u64> = (0..1000).map(|i| i * i).collect();
//!     track_var!(squares); // names the block holding the squares
//!
//!     let stats = global_tracker().stats();
//!     println!("{} bytes live in {} blocks", stats.active_memory, stats.active_allocations);
//!     assert!(stats.active_memory >= 8000);
//! }
//! ```
//!
//! Call stacks are walked through frame pointers: build with
//! `-C force-frame-pointers=yes` (in `.cargo/config.toml`, under
//! `[build] rustflags`), or use [`TrackingAllocator::new`] for none.
//! [`MemoryTracker::snapshot`] copies every live block, with its size,
//! thread, stack and names, as of one instant; writing it to a file is the
//! `memscope-export` crate's job. [`MemoryTracker::pause`] leaves part of a
//! run out. Nothing here fails: the tracker has no error type.
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
//!   lock and a few constant-time steps per operation, 36 to 42 bytes per
//!   live block, and buckets placed so that an allocator's churn on a few
//!   pages stays on a few cache lines however large the table;
//! - names (`track_var!`, `naming.rs`) kept apart, by address, for the few
//!   named blocks;
//! - counters per shard, peaks process-wide (`peaks.rs`);
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
//! operation that finds the flag set does nothing. A tool's own work on a
//! thread (an export, an analysis) runs in [`untracked`]: no tracker
//! records the blocks it allocates, so they never show as the program's
//! memory nor raise its peak.
//!
//! # Recording by hand
//!
//! A [`MemoryTracker`] of your own records whatever you tell it, which is
//! how the tests drive it:
//!
//! ```
//! use memscope_tracker::MemoryTracker;
//!
//! let tracker = MemoryTracker::new();
//! tracker.record_alloc_at(0x1000, 64, 7);
//! tracker.record_alloc_at(0x2000, 32, 8);
//! tracker.record_dealloc(0x1000);
//! let stats = tracker.stats();
//! assert_eq!((stats.active_allocations, stats.active_memory), (1, 32));
//! ```
#![deny(missing_docs)]
#![cfg_attr(loom, allow(dead_code, unused_imports))]

#[macro_use]
mod sync; // the protocol's locks and atomics: std's, or loom's in the model test

// The snapshot protocol: all that a loom model of it compiles.
mod address_hash; // the hash of the maps keyed by address
mod own_memory; // the tracker's memory: from `System`, never the global allocator
mod peaks; // the most bytes and blocks ever live at once
mod sampled_slots; // which live blocks are samples, without a lock
mod shard; // one shard: its blocks, names, counters and snapshot slot
mod sites; // per call stack: allocated, freed, at the peak, temporary
mod table; // the 32-byte records of one shard, by address
mod timeline; // the live bytes and blocks over the run, in doubling buckets
mod types; // AllocationInfo, MemoryStats: the records of the file format
mod weight; // sample_weight: what one sampled block stands for

// Its model test (`RUSTFLAGS="--cfg loom"`, run by `.ci/run`).
#[cfg(all(test, loom))]
mod loom_snapshot;

pub use sites::SiteStats;
pub use timeline::{MAX_MARKS as MAX_TIMELINE_MARKS, Timeline, TimelineBucket, TimelineMark};
pub use types::{AllocationInfo, AllocationRecord, Counter, MemoryStats};
pub use weight::sample_weight;

outside_the_model! {
    // What a user touches.
    mod allocator; // TrackingAllocator: System, with every block recorded
    mod naming; // track_var and track_var!: names for blocks
    mod measure; // measure: what one closure did to the heap, on its thread
    mod pause; // pause, resume, PauseGuard, untracked: tracking part of a run
    mod snapshot; // Snapshot, LiveBlock: every live block as of one instant
    mod trackable; // Trackable, HeapBlock, TrackOutcome: which block a value names
    mod tracker; // MemoryTracker, global_tracker(): recording and reading

    // How it works inside.
    mod capture; // call stacks, by walking frame pointers
    mod clock; // now_ns: the one clock of the workspace
    #[cfg(unix)]
    mod fork; // pthread_atfork handlers: a child never inherits a held lock
    mod reentrancy; // the inside-the-tracker flag and thread ids
    mod sampling; // sampled tracking: Poisson sampling by bytes, and the weights
    mod stack_table; // every distinct call stack, stored once
    mod thread_names; // the names of the threads that allocate

    pub use allocator::TrackingAllocator;
    pub use capture::{DEFAULT_DEPTH as DEFAULT_STACK_DEPTH, MAX_DEPTH as MAX_STACK_DEPTH};
    pub use clock::{now_ns, stamp_resolution_ns};
    pub use measure::{HeapStats, measure};
    pub use pause::{PauseGuard, untracked};
    pub use sampling::{DEFAULT_SAMPLE_MEAN, set_sample_mean, set_sample_seed};
    pub use snapshot::{LiveAllocations, LiveBlock, LiveBlocks, Snapshot};
    pub use stack_table::{DEFAULT_BUDGET as STACK_TABLE_BUDGET, OVERFLOW as OVERFLOW_STACK};
    pub use trackable::{HeapBlock, TrackOutcome, Trackable};
    pub use tracker::{MemoryTracker, global_tracker};
}
