//! A loom model of the snapshot protocol of `shard.rs`: prepared room,
//! every shard marked pending at one instant, each copied by the first
//! thread to lock it, the copies collected. Loom runs each test once for
//! every interleaving (up to its preemption bound) of a snapshot with one
//! thread that allocates, frees and names blocks on both shards, or with
//! two threads changing a shard each, and the tests check that each snapshot is exactly the shards as of its mark:
//! every block once, nothing from after, the counters agreeing. A lost
//! copy (a changed shard copied late) or a second copy would show changes
//! from after the mark; a thread changing a pending shard without copying
//! it first fails its own check.
//!
//! ```sh
//! RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
//!     cargo test -p memscope-tracker --release --lib loom_snapshot
//! ```

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use loom::sync::Arc;
use loom::sync::atomic::AtomicUsize;

use crate::peaks::Peaks;
use crate::sites::Sites;

use crate::shard::{Names, ShardCopy, ShardState, Shards, shard_index, totals};
use crate::table::Block;

/// The call sites the model's blocks count at (none has a stack): not
/// part of the protocol, so plain, and shared by every execution.
static SITES: Sites = Sites::new();

/// Two shards: enough for a snapshot to have to agree across shards.
const N: usize = 2;

/// The first addresses (16-byte aligned) of shard `shard` of [`N`].
fn addresses_in(shard: usize) -> impl Iterator<Item = usize> {
    (1..)
        .map(|i| i * 16)
        .filter(move |&ptr| shard_index(ptr) % N == shard)
}

/// The model's blocks: `a` and `c` in shard 0, `b` in shard 1.
struct Blocks {
    a: usize,
    b: usize,
    c: usize,
}

impl Blocks {
    fn new() -> Self {
        let mut zero = addresses_in(0);
        let (a, c) = (zero.next().unwrap(), zero.next().unwrap());
        let b = addresses_in(1).next().unwrap();
        Blocks { a, b, c }
    }

    /// What the shards hold after the first `done` changes of
    /// [`mutate`]: address, size and whether named.
    fn expected(&self, done: usize) -> BTreeMap<usize, (usize, bool)> {
        let mut live = BTreeMap::from([(self.a, (10, false)), (self.b, (20, false))]);
        if done >= 1 {
            live.insert(self.c, (30, false));
        }
        if done >= 2 {
            live.remove(&self.a);
        }
        if done >= 3 {
            live.insert(self.b, (20, true));
        }
        live
    }
}

/// One change to the shard of `ptr`, under its lock: `f` changes it, the
/// check that whoever changes a pending shard copies it first, and the
/// count of changes made, `done`, set to `count` under the same lock, so
/// that a snapshot's mark (which holds every lock) reads exactly how many
/// came before it.
fn change(
    shards: &Shards<N>,
    ptr: usize,
    done: &AtomicUsize,
    count: usize,
    f: impl FnOnce(&mut ShardState),
) {
    let mut shard = shards.of(ptr).lock();
    f(&mut shard);
    assert!(!shard.is_pending(), "the first to change a shard copies it");
    done.store(count, Ordering::Relaxed);
}

/// The other thread: allocates `c` (shard 0), frees `a` (shard 0), names
/// `b` (shard 1).
fn mutate(shards: &Shards<N>, peaks: &Peaks, done: &AtomicUsize, blocks: &Blocks) {
    change(shards, blocks.c, done, 1, |shard| {
        shard.insert(
            Block::new(blocks.c, 30, 0, 1, 0),
            30,
            None,
            None,
            (peaks, &SITES),
        );
    });
    change(shards, blocks.a, done, 2, |shard| {
        assert!(shard.remove(blocks.a, None, (peaks, &SITES)).is_some());
    });
    change(shards, blocks.b, done, 3, |shard| {
        let names = Names {
            var_name: "b".into(),
            type_name: "T".into(),
        };
        assert!(shard.name(blocks.b, names).is_ok());
    });
}

/// The live blocks of a snapshot's copies, checking that none appears
/// twice: address, size and whether named.
fn live_blocks(copies: &[ShardCopy]) -> BTreeMap<usize, (usize, bool)> {
    let mut live = BTreeMap::new();
    for copy in copies {
        for block in copy.blocks.iter().filter(|b| b.ptr != 0) {
            let named = block.is_named()
                && copy
                    .names
                    .iter()
                    .any(|(ptr, names)| *ptr == block.ptr && names.var_name == "b");
            let twice = live.insert(block.ptr, (block.size(), named));
            assert!(twice.is_none(), "{:#x} appears twice", block.ptr);
        }
    }
    live
}

#[test]
fn loom_snapshot_is_the_shards_as_of_its_mark_while_another_thread_changes_them() {
    let mut model = loom::model::Builder::new();
    // Every interleaving with up to 3 preemptions: the protocol's races
    // need one or two (a change between the mark and the collection of
    // one shard, another between the two collections). Unbounded, the
    // search runs for more than 10 minutes; with 4, both tests took 42 s
    // once the call-site counts and the timeline added atomics to every
    // change, with 3 they take 6 s.
    model.preemption_bound = Some(3);
    model.check(|| {
        let blocks = Arc::new(Blocks::new());
        let shards = Arc::new(Shards::<N>::new());
        let peaks = Arc::new(Peaks::new());
        let done = Arc::new(AtomicUsize::new(0));
        for (ptr, size) in [(blocks.a, 10), (blocks.b, 20)] {
            let block = Block::new(ptr, size, 0, 1, 0);
            shards
                .of(ptr)
                .lock()
                .insert(block, size, None, None, (&peaks, &SITES));
        }

        let other = loom::thread::spawn({
            let (shards, peaks, done, blocks) = (
                Arc::clone(&shards),
                Arc::clone(&peaks),
                Arc::clone(&done),
                Arc::clone(&blocks),
            );
            move || mutate(&shards, &peaks, &done, &blocks)
        });

        let rooms = shards.prepare();
        let (done_at_mark, peak_at_mark) =
            shards.mark(rooms, || (done.load(Ordering::Relaxed), peaks.get()));
        let copies = shards.collect();

        let expected = blocks.expected(done_at_mark);
        assert_eq!(
            live_blocks(&copies),
            expected,
            "the snapshot is the shards after {done_at_mark} changes"
        );
        let stats = totals(copies.iter().map(|c| &c.counters), peak_at_mark);
        assert_eq!(stats.active_allocations, expected.len() as u64);
        let bytes: usize = expected.values().map(|&(size, _)| size).sum();
        assert_eq!(stats.active_memory, bytes as u64);
        assert_eq!(
            stats.active_allocations,
            stats.total_allocations - stats.total_deallocations
        );
        assert!(stats.peak_memory >= stats.active_memory);

        other.join().unwrap();
        // Nothing pending once the snapshot is collected; the next one
        // starts from idle shards.
        for shard in shards.iter() {
            assert!(!shard.lock().is_pending());
        }
        assert_eq!(live_blocks(&shards.collect()), blocks.expected(3));
    });
}

#[test]
fn loom_snapshot_agrees_across_shards_changed_by_two_threads_at_once() {
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let blocks = Arc::new(Blocks::new());
        let shards = Arc::new(Shards::<N>::new());
        let peaks = Arc::new(Peaks::new());
        // How many changes each thread has made: to shard 0, to shard 1.
        let done = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
        for (ptr, size) in [(blocks.a, 10), (blocks.b, 20)] {
            let block = Block::new(ptr, size, 0, 1, 0);
            shards
                .of(ptr)
                .lock()
                .insert(block, size, None, None, (&peaks, &SITES));
        }
        let (shards_, peaks_, done_, blocks_) = (
            Arc::clone(&shards),
            Arc::clone(&peaks),
            Arc::clone(&done),
            Arc::clone(&blocks),
        );
        // Shard 0: allocates `c`, then frees it again.
        let zero = loom::thread::spawn(move || {
            let (c, peaks) = (blocks_.c, &peaks_);
            change(&shards_, c, &done_[0], 1, |shard| {
                shard.insert(Block::new(c, 30, 0, 1, 0), 30, None, None, (peaks, &SITES));
            });
            change(&shards_, c, &done_[0], 2, |shard| {
                assert!(shard.remove(c, None, (peaks, &SITES)).is_some());
            });
        });
        let (shards_, peaks_, done_, blocks_) = (
            Arc::clone(&shards),
            Arc::clone(&peaks),
            Arc::clone(&done),
            Arc::clone(&blocks),
        );
        // Shard 1: frees `b`, then allocates it again, larger.
        let one = loom::thread::spawn(move || {
            let (b, peaks) = (blocks_.b, &peaks_);
            change(&shards_, b, &done_[1], 1, |shard| {
                assert!(shard.remove(b, None, (peaks, &SITES)).is_some());
            });
            change(&shards_, b, &done_[1], 2, |shard| {
                shard.insert(Block::new(b, 40, 0, 2, 0), 40, None, None, (peaks, &SITES));
            });
        });

        let rooms = shards.prepare();
        let (in_zero, in_one) = shards.mark(rooms, || {
            (
                done[0].load(Ordering::Relaxed),
                done[1].load(Ordering::Relaxed),
            )
        });
        let copies = shards.collect();
        zero.join().unwrap();
        one.join().unwrap();

        let mut expected = BTreeMap::from([(blocks.a, (10, false))]);
        if in_zero == 1 {
            expected.insert(blocks.c, (30, false));
        }
        match in_one {
            0 => expected.insert(blocks.b, (20, false)),
            1 => None,
            _ => expected.insert(blocks.b, (40, false)),
        };
        let live = live_blocks(&copies);
        assert_eq!(live, expected, "after ({in_zero}, {in_one}) changes");
        let stats = totals(copies.iter().map(|c| &c.counters), (0, 0));
        let bytes: usize = live.values().map(|&(size, _)| size).sum();
        assert_eq!(stats.active_allocations, live.len() as u64);
        assert_eq!(stats.active_memory, bytes as u64);
    });
}
