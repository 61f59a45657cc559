use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::any::type_name;

use super::*;
use crate::peaks::Peaks;
use crate::shard::{SHARDS, ShardCopy, ShardState, shard_index};
use crate::table::RETAINED_CAPACITY;
use crate::{AllocationInfo, HeapBlock, TrackOutcome, Trackable};

/// A value whose heap block starts wherever the test says.
struct At(usize);

impl Trackable for At {
    fn heap_block(&self) -> Option<HeapBlock> {
        Some(HeapBlock::at(self.0))
    }
}

/// The live records, copied out, in snapshot order.
fn live(tracker: &MemoryTracker) -> Vec<AllocationInfo> {
    tracker.snapshot().iter().collect()
}

/// The live records, copied out, by address.
fn live_by_address(tracker: &MemoryTracker) -> Vec<AllocationInfo> {
    let mut records = live(tracker);
    records.sort_unstable_by_key(|a| a.ptr);
    records
}

/// Checks every promise `with_live_allocations` makes about one state;
/// returns the stats.
fn check_consistent(tracker: &MemoryTracker) -> MemoryStats {
    tracker.with_live_allocations(|stats, live| {
        assert_eq!(live.len() as u64, stats.active_allocations);
        assert_eq!(
            stats.active_allocations,
            stats.total_allocations - stats.total_deallocations
        );
        assert_eq!(
            stats.active_memory,
            stats.total_allocated - stats.total_deallocated
        );
        assert!(stats.peak_memory >= stats.active_memory);
        assert!(stats.peak_allocations >= stats.active_allocations);
        let mut count = 0u64;
        let mut bytes = 0u64;
        let mut seen = BTreeSet::new();
        for info in live {
            assert!(seen.insert(info.ptr), "{:#x} appears twice", info.ptr);
            count += 1;
            bytes += info.size as u64;
        }
        assert_eq!(count, stats.active_allocations);
        assert_eq!(bytes, stats.active_memory);
        *stats
    })
}

/// xorshift64*: a tiny deterministic generator for test workloads.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn allocations_and_deallocations_are_counted_exactly() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    tracker.record_alloc_at(0x2000, 50, 2);
    tracker.record_dealloc(0x1000);
    let stats = check_consistent(&tracker);
    assert_eq!(
        stats,
        MemoryStats {
            total_allocations: 2,
            total_deallocations: 1,
            active_allocations: 1,
            active_memory: 50,
            peak_memory: 150,
            total_allocated: 150,
            total_deallocated: 100,
            total_reallocations: 0,
            peak_allocations: 2,
            ..MemoryStats::default()
        }
    );
    assert_eq!(live(&tracker), [AllocationInfo::new(0x2000, 50, 2)]);
    let snapshot = tracker.snapshot();
    let block = snapshot.blocks().next().unwrap();
    assert_eq!(block.thread_id, current_thread_id());
}

#[test]
fn deallocating_an_unknown_pointer_is_ignored() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 8, 1);
    tracker.record_dealloc(0x9000);
    tracker.record_dealloc(0x1000);
    tracker.record_dealloc(0x1000);
    let stats = check_consistent(&tracker);
    assert_eq!((stats.total_allocations, stats.total_deallocations), (1, 1));
    assert_eq!(stats.active_allocations, 0);
}

#[test]
fn peak_memory_is_the_highest_active_total_ever_reached() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc(0x10, 100);
    tracker.record_alloc(0x20, 50); // 150 live, 2 blocks
    tracker.record_dealloc(0x10); // 50
    tracker.record_alloc(0x30, 20); // 70
    let stats = check_consistent(&tracker);
    assert_eq!((stats.active_memory, stats.peak_memory), (70, 150));
    assert_eq!((stats.active_allocations, stats.peak_allocations), (2, 2));
}

#[test]
fn realloc_counts_as_one_deallocation_one_allocation_and_one_reallocation() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 16, 1);
    tracker.record_realloc(0x1000, 0x2000, 64);
    let stats = check_consistent(&tracker);
    assert_eq!(
        (
            stats.total_allocations,
            stats.total_deallocations,
            stats.total_reallocations
        ),
        (2, 1, 1)
    );
    assert_eq!((stats.total_allocated, stats.total_deallocated), (80, 16));
    assert_eq!((stats.active_memory, stats.peak_memory), (64, 64));
    let blocks = live(&tracker);
    assert_eq!((blocks[0].ptr, blocks[0].size), (0x2000, 64));
}

#[test]
fn realloc_in_place_updates_the_size() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 16, 1);
    tracker.record_realloc(0x1000, 0x1000, 8);
    let stats = check_consistent(&tracker);
    assert_eq!((stats.active_allocations, stats.active_memory), (1, 8));
    assert_eq!(stats.total_reallocations, 1);
    assert_eq!(live(&tracker)[0].size, 8);
}

#[test]
fn names_survive_a_realloc() {
    let tracker = MemoryTracker::new();
    let v = vec![1u8; 4];
    let old = v.as_ptr() as usize;
    tracker.record_alloc(old, 4);
    assert!(tracker.track_var(&v, "v").is_named());
    tracker.record_realloc(old, 0x7000, 400);
    let moved = live(&tracker)
        .into_iter()
        .find(|a| a.ptr == 0x7000)
        .unwrap();
    assert_eq!(moved.var_name.as_deref(), Some("v"));
    assert_eq!(moved.type_name.as_deref(), Some(type_name::<Vec<u8>>()));
}

#[test]
fn realloc_of_an_unknown_pointer_records_a_plain_allocation() {
    let tracker = MemoryTracker::new();
    tracker.record_realloc(0x1000, 0x2000, 32);
    let stats = check_consistent(&tracker);
    assert_eq!(
        (
            stats.total_allocations,
            stats.total_deallocations,
            stats.total_reallocations
        ),
        (1, 0, 0)
    );
    assert_eq!(live(&tracker)[0].ptr, 0x2000);
}

#[test]
fn a_failed_realloc_leaves_the_block_and_the_counts_as_they_were() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 16, 1);
    tracker.record_alloc_at(0x2000, 16, 2);
    let v = vec![0u8; 1];
    tracker.record_alloc_at(v.as_ptr() as usize, 1, 3);
    tracker.track_var(&v, "v");
    let before = (check_consistent(&tracker), live_by_address(&tracker));

    let pending = tracker.begin_realloc(v.as_ptr() as usize);
    let during = check_consistent(&tracker);
    assert_eq!(
        during.active_allocations, 2,
        "the block is away while moving"
    );
    tracker.cancel_realloc(pending);

    assert_eq!(
        (check_consistent(&tracker), live_by_address(&tracker)),
        before,
        "the same records, though not necessarily in the same order"
    );
}

#[test]
fn allocating_over_a_stale_record_retires_it() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    // The block was freed while tracking was off; its address comes back.
    tracker.record_alloc_at(0x1000, 30, 2);
    let stats = check_consistent(&tracker);
    assert_eq!((stats.total_allocations, stats.total_deallocations), (2, 1));
    assert_eq!((stats.active_allocations, stats.active_memory), (1, 30));
    assert_eq!(live(&tracker)[0].timestamp_alloc, 2);
}

#[test]
fn a_stale_named_record_takes_its_names_with_it() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    assert!(tracker.track_var(&At(0x1000), "old").is_named());
    // Freed while tracking was off; the address comes back, unnamed.
    tracker.record_alloc_at(0x1000, 30, 2);
    tracker.shard(0x1000).lock().assert_consistent();
    let records = live(&tracker);
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].size, records[0].var_name.as_deref()),
        (30, None)
    );
}

#[test]
fn live_allocations_are_every_live_block_once_from_every_shard() {
    let tracker = MemoryTracker::new();
    let mut rng = Rng(7);
    let mut expected = BTreeMap::new();
    for i in 0..5_000u64 {
        let ptr = (rng.next() as usize) & !0xf;
        tracker.record_alloc_at(ptr, 16, i);
        expected.insert(ptr, i);
        if rng.below(3) == 0 {
            let freed = *expected.keys().nth(rng.below(expected.len())).unwrap();
            tracker.record_dealloc(freed);
            expected.remove(&freed);
        }
    }
    check_consistent(&tracker);
    let records: Vec<(usize, u64)> = live_by_address(&tracker)
        .iter()
        .map(|a| (a.ptr, a.timestamp_alloc))
        .collect();
    assert_eq!(records, expected.into_iter().collect::<Vec<_>>());
    let used: BTreeSet<usize> = records.iter().map(|&(p, _)| shard_index(p)).collect();
    assert_eq!(used.len(), SHARDS, "every shard contributes");
}

/// A fixed script of every kind of tracking call, on addresses in every
/// shard, with fixed timestamps.
fn scripted(tracker: &MemoryTracker) {
    let mut rng = Rng(42);
    let mut ptrs: Vec<usize> = Vec::new();
    for i in 0..2_000u64 {
        let ptr = 0x10_0000 + rng.below(4_000) * 16;
        match rng.below(6) {
            0..=2 => {
                // Sometimes over a stale record.
                tracker.record_alloc_at(ptr, 1 + rng.below(100), i);
                ptrs.push(ptr);
            }
            3 if !ptrs.is_empty() => {
                tracker.record_dealloc(ptrs.swap_remove(rng.below(ptrs.len())));
            }
            4 if !ptrs.is_empty() => {
                let i = rng.below(ptrs.len());
                let new = if rng.below(2) == 0 { ptrs[i] } else { ptr };
                tracker.record_realloc(ptrs[i], new, 1 + rng.below(100));
                ptrs[i] = new;
            }
            5 if !ptrs.is_empty() => {
                let pending = tracker.begin_realloc(ptrs[rng.below(ptrs.len())]);
                tracker.cancel_realloc(pending);
                let named = ptrs[rng.below(ptrs.len())];
                tracker.track_var(&At(named + rng.below(8)), "named");
            }
            _ => {}
        }
    }
}

/// The snapshot order, by what identifies a record (reallocations take
/// the time of day, so timestamps differ between runs).
fn order(tracker: &MemoryTracker) -> Vec<(usize, usize, Option<String>)> {
    tracker.with_live_allocations(|_, live| {
        live.map(|a| (a.ptr, a.size, a.var_name.clone())).collect()
    })
}

#[test]
fn the_same_tracking_calls_give_the_same_snapshot_order() {
    let (first, second) = (MemoryTracker::new(), MemoryTracker::new());
    scripted(&first);
    scripted(&second);
    check_consistent(&first);
    assert!(order(&first).len() > 100);
    assert_eq!(order(&first), order(&second));
    assert_eq!(
        order(&first),
        order(&first),
        "snapshots without changes agree"
    );
}

#[test]
fn a_tracker_gives_memory_back_as_its_blocks_are_freed() {
    let tracker = MemoryTracker::new();
    let empty = tracker.overhead_bytes();
    for i in 1..=100_000 {
        tracker.record_alloc(i * 16, 1);
    }
    let full = tracker.overhead_bytes();
    assert!(
        full - empty <= 100_000 * 40,
        "{} bytes a block",
        (full - empty) / 100_000
    );
    for i in 11..=100_000 {
        tracker.record_dealloc(i * 16);
    }
    check_consistent(&tracker);
    let kept = tracker.overhead_bytes() - empty;
    assert!(
        kept <= SHARDS * 4 * RETAINED_CAPACITY * 40,
        "{kept} bytes kept for 10 blocks"
    );
}

#[test]
fn every_shard_stays_consistent_through_churn_and_names() {
    let tracker = MemoryTracker::new();
    let mut rng = Rng(3);
    for i in 0..20_000u64 {
        let ptr = 0x1000 + rng.below(3_000) * 8;
        match rng.below(4) {
            0 => tracker.record_dealloc(ptr),
            1 => {
                tracker.track_var(&At(ptr), "named");
            }
            2 => tracker.record_realloc(ptr, 0x1000 + rng.below(3_000) * 8, 24),
            _ => tracker.record_alloc_at(ptr, 8, i),
        }
        if i % 1_000 == 0 {
            for shard in tracker.shards.iter() {
                shard.lock().assert_consistent();
            }
        }
    }
    for shard in tracker.shards.iter() {
        shard.lock().assert_consistent();
    }
    check_consistent(&tracker);
}

#[test]
fn live_allocations_know_their_remaining_length() {
    let tracker = MemoryTracker::new();
    for i in 0..100 {
        tracker.record_alloc(0x1000 + i * 16, 16);
    }
    tracker.with_live_allocations(|_, mut live| {
        assert_eq!(live.len(), 100);
        live.by_ref().take(40).for_each(drop);
        assert_eq!(live.size_hint(), (60, Some(60)));
        assert_eq!(live.clone().count(), 60);
        assert_eq!(live.by_ref().count(), 60);
        assert_eq!(live.len(), 0);
        assert!(live.next().is_none());
    });
}

#[test]
fn an_empty_tracker_has_no_live_allocations() {
    let tracker = MemoryTracker::new();
    tracker.with_live_allocations(|stats, live| {
        assert_eq!(*stats, MemoryStats::default());
        assert_eq!(live.len(), 0);
    });
}

#[test]
fn counts_go_past_16_and_32_bits() {
    let tracker = MemoryTracker::new();
    let blocks = 70_000usize; // more than u16::MAX
    for i in 0..blocks {
        tracker.record_alloc(0x10_0000 + i * 64, 64);
    }
    let big = 3 << 30; // three of these exceed u32::MAX bytes
    for i in 0..3 {
        tracker.record_alloc(0x1_0000_0000 * (i + 1), big);
    }
    let stats = check_consistent(&tracker);
    assert_eq!(stats.active_allocations, blocks as u64 + 3);
    assert_eq!(stats.active_memory, blocks as u64 * 64 + 3 * big as u64);
    assert_eq!(stats.peak_allocations, blocks as u64 + 3);
}

#[test]
fn blocks_of_4_gib_and_more_keep_their_exact_size_through_a_snapshot_a_move_and_a_free() {
    let tracker = MemoryTracker::new();
    let huge = (5 << 30) + 3;
    tracker.record_alloc(0x10_0000, huge);
    tracker.record_alloc(0x20_0000, (4 << 30) - 2); // one byte below the mark
    let sizes = |tracker: &MemoryTracker| -> Vec<(usize, usize)> {
        live_by_address(tracker)
            .iter()
            .map(|a| (a.ptr, a.size))
            .collect()
    };
    assert_eq!(
        sizes(&tracker),
        [(0x10_0000, huge), (0x20_0000, (4 << 30) - 2)]
    );
    tracker.record_realloc(0x10_0000, 0x30_0000, huge + 1);
    tracker.record_dealloc(0x20_0000);
    assert_eq!(sizes(&tracker), [(0x30_0000, huge + 1)]);
    let stats = check_consistent(&tracker);
    assert_eq!(stats.active_memory, huge as u64 + 1);
    tracker.record_dealloc(0x30_0000);
    assert_eq!(check_consistent(&tracker).active_memory, 0);
    for shard in tracker.shards.iter() {
        shard.lock().assert_consistent();
    }
}

#[test]
fn track_var_names_the_block_holding_a_vec() {
    let tracker = MemoryTracker::new();
    let scores = vec![1.5f64; 10];
    tracker.record_alloc(scores.as_ptr() as usize, 80);
    assert!(tracker.track_var(&scores, "scores").is_named());
    let info = &live(&tracker)[0];
    assert_eq!(info.var_name.as_deref(), Some("scores"));
    assert_eq!(info.type_name.as_deref(), Some("alloc::vec::Vec<f64>"));
}

#[test]
fn track_var_finds_the_block_of_an_rc_value_after_its_counts() {
    let tracker = MemoryTracker::new();
    let shared = Rc::new([7u64; 4]);
    let value = Rc::as_ptr(&shared) as usize;
    // The block starts before the value, at the reference counts.
    tracker.record_alloc(value - 16, 16 + 32);
    tracker.record_alloc(value + 32, 8); // the next block
    assert!(tracker.track_var(&shared, "shared").is_named());
    let named: Vec<_> = live(&tracker)
        .into_iter()
        .filter(|a| a.var_name.is_some())
        .map(|a| a.ptr)
        .collect();
    assert_eq!(named, [value - 16]);
}

#[test]
fn track_var_finds_a_deque_whose_front_is_inside_its_buffer() {
    let tracker = MemoryTracker::new();
    let mut queue: VecDeque<u32> = (0..8).collect();
    queue.pop_front();
    let start = queue.as_slices().0.as_ptr() as usize - 4;
    tracker.record_alloc(start, 32);
    assert!(tracker.track_var(&queue, "queue").is_named());
    assert_eq!(live(&tracker)[0].var_name.as_deref(), Some("queue"));
}

#[test]
fn track_var_costs_one_look_up_whatever_the_offset_of_the_value() {
    // A 128-aligned value sits 128 bytes into its `Rc` block; once that
    // meant a sweep over every live block. Now the block's start is known.
    #[repr(align(128))]
    struct Wide(#[allow(dead_code)] [u8; 128]);
    let tracker = MemoryTracker::new();
    for i in 1..=200_000 {
        tracker.record_alloc(i * 16, 8);
    }
    let wide = Rc::new(Wide([0; 128]));
    let value = Rc::as_ptr(&wide) as usize;
    tracker.record_alloc(value - 128, 256);
    let calls = 1_000;
    for _ in 0..calls {
        assert!(tracker.track_var(&wide, "wide").is_named());
    }
    // Measured as work, not time: the shard operations a call makes are
    // one look-up, so 1,000 calls on 200,000 blocks finish in far less
    // than one sweep of them would take; counting locks would be
    // invasive, so the test only proves the name landed on the block.
    let snapshot = tracker.snapshot();
    let named: Vec<usize> = snapshot
        .blocks()
        .filter(|b| b.var_name == Some("wide"))
        .map(|b| b.ptr)
        .collect();
    assert_eq!(named, [value - 128]);
}

#[test]
fn track_var_of_an_untracked_or_empty_value_says_why_it_named_nothing() {
    let tracker = MemoryTracker::new();
    let untracked = vec![1u8; 16];
    assert_eq!(
        tracker.track_var(&untracked, "untracked"),
        TrackOutcome::NothingTracked
    );
    assert_eq!(
        tracker.track_var(&Vec::<u8>::new(), "empty"),
        TrackOutcome::NoHeapBlock
    );
    // A block that ends right before the value does not hold it.
    tracker.record_alloc(untracked.as_ptr() as usize - 8, 8);
    assert_eq!(
        tracker.track_var(&untracked, "untracked"),
        TrackOutcome::NotTracked
    );
    // Nor does a zero-sized block at the value's address.
    tracker.record_alloc(untracked.as_ptr() as usize, 0);
    assert_eq!(
        tracker.track_var(&untracked, "untracked"),
        TrackOutcome::NotTracked
    );
    assert!(live(&tracker)[0].var_name.is_none());
}

#[test]
fn tracking_again_replaces_the_names() {
    let tracker = MemoryTracker::new();
    let s = String::from("text");
    tracker.record_alloc(s.as_ptr() as usize, 4);
    tracker.track_var(&s, "first");
    tracker.track_var(&s, "second");
    assert_eq!(live(&tracker)[0].var_name.as_deref(), Some("second"));
}

#[test]
fn tracking_calls_inside_with_live_allocations_are_recorded_after_the_snapshot() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc(0x1000, 8);
    let v = vec![1u8];
    tracker.record_alloc(v.as_ptr() as usize, 1);
    let seen = tracker.with_live_allocations(|_, live| {
        // No lock is held: every call works, none changes the snapshot.
        tracker.record_alloc(0x2000, 8);
        tracker.record_realloc(0x1000, 0x3000, 8);
        assert!(tracker.track_var(&v, "v").is_named());
        assert_eq!(tracker.stats().active_allocations, 3);
        live.map(|a| a.ptr).collect::<BTreeSet<_>>()
    });
    assert_eq!(seen, BTreeSet::from([0x1000, v.as_ptr() as usize]));
    let now: BTreeSet<usize> = live(&tracker).iter().map(|a| a.ptr).collect();
    assert_eq!(now, BTreeSet::from([0x2000, 0x3000, v.as_ptr() as usize]));
}

#[test]
fn a_snapshot_is_the_state_when_it_was_taken() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc(0x1000, 8);
    let snapshot = tracker.snapshot();
    tracker.record_dealloc(0x1000);
    tracker.record_alloc(0x2000, 16);
    assert_eq!(snapshot.stats().active_memory, 8);
    assert_eq!(snapshot.iter().map(|a| a.ptr).collect::<Vec<_>>(), [0x1000]);
    // A second snapshot sees the changes; the first is unchanged.
    let later = tracker.snapshot();
    assert_eq!(later.stats().active_memory, 16);
    assert_eq!(snapshot.len(), 1);
}

#[test]
fn records_carry_the_id_of_the_allocating_thread() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc(0x1000, 8);
    std::thread::scope(|s| {
        s.spawn(|| tracker.record_alloc(0x2000, 8));
    });
    let snapshot = tracker.snapshot();
    let mut blocks: Vec<_> = snapshot.blocks().collect();
    blocks.sort_unstable_by_key(|b| b.ptr);
    let ids: Vec<u64> = blocks.iter().map(|b| b.thread_id).collect();
    assert_eq!(ids[0], current_thread_id());
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|&id| id != 0));
}

/// Blocks allocated by three named threads whose ids come from a counter
/// started at `first`: each block's thread id, the id its thread was given
/// and the name the snapshot gives that id.
fn ids_of_threads_numbered_from(first: u64) -> Vec<(u64, u64, Option<String>)> {
    let tracker = MemoryTracker::new();
    let next = std::sync::atomic::AtomicU64::new(first);
    let given: Vec<(usize, u64)> = (0..3)
        .map(|i| {
            let ptr = 0x1000 * (i + 1);
            std::thread::scope(|s| {
                std::thread::Builder::new()
                    .name(format!("late-{i}"))
                    .spawn_scoped(s, || {
                        let id = crate::reentrancy::current_thread_id_from(&next);
                        tracker.record_alloc(ptr, 8);
                        (ptr, id)
                    })
                    .unwrap()
                    .join()
                    .unwrap()
            })
        })
        .collect();
    let snapshot = tracker.snapshot();
    given
        .into_iter()
        .map(|(ptr, id)| {
            let block = snapshot.blocks().find(|b| b.ptr == ptr).unwrap();
            let name = snapshot.thread_name(block.thread_id).map(str::to_owned);
            (block.thread_id, id, name)
        })
        .collect()
}

#[test]
fn threads_numbered_past_the_old_23_bits_keep_their_own_ids_and_names() {
    // Ids were once stored in 23 bits: the threads given 2^23 and 2^23 + 1
    // showed as thread 0 (unknown) and thread 1, with thread 1's name.
    let first = (1 << 23) - 1;
    let expected: Vec<(u64, u64, Option<String>)> = (0..3)
        .map(|i| (first + i, first + i, Some(format!("late-{i}"))))
        .collect();
    assert_eq!(ids_of_threads_numbered_from(first), expected);
}

#[test]
fn threads_after_the_last_id_are_unknown_never_another_threads() {
    use crate::table::MAX_THREAD_ID;
    let ids = ids_of_threads_numbered_from(MAX_THREAD_ID);
    assert_eq!(
        ids,
        [
            (MAX_THREAD_ID, MAX_THREAD_ID, Some("late-0".to_owned())),
            (0, 0, None),
            (0, 0, None)
        ]
    );
}

#[test]
fn the_global_tracker_is_one_instance() {
    assert!(std::ptr::eq(global_tracker(), global_tracker()));
}

/// What one worker thread did, to compare with the tracker's totals.
#[derive(Default)]
struct Ledger {
    live: BTreeMap<usize, usize>,
    allocations: u64,
    deallocations: u64,
    reallocations: u64,
    allocated: u64,
    deallocated: u64,
}

/// 100k random allocations, reallocations and frees on addresses only this
/// thread uses (some reused after a free), with at most ~1000 live.
fn churn(tracker: &MemoryTracker, thread: usize) -> Ledger {
    let mut rng = Rng(0x9E37_79B9 + thread as u64);
    let mut ledger = Ledger::default();
    let mut keys: Vec<usize> = Vec::new();
    let mut freed: Vec<usize> = Vec::new();
    let mut next = 0usize;
    let mut fresh = |freed: &mut Vec<usize>, rng: &mut Rng| {
        if !freed.is_empty() && rng.below(2) == 0 {
            freed.swap_remove(rng.below(freed.len()))
        } else {
            next += 1;
            ((thread + 1) << 40) | (next << 4)
        }
    };
    for _ in 0..100_000 {
        let size = 1 + rng.below(4096);
        match rng.below(10) {
            0..=4 if keys.len() < 1_000 => {
                let ptr = fresh(&mut freed, &mut rng);
                tracker.record_alloc(ptr, size);
                ledger.live.insert(ptr, size);
                keys.push(ptr);
                ledger.allocations += 1;
                ledger.allocated += size as u64;
            }
            5..=6 if !keys.is_empty() => {
                let i = rng.below(keys.len());
                let old = keys[i];
                let new = if rng.below(2) == 0 {
                    old
                } else {
                    fresh(&mut freed, &mut rng)
                };
                tracker.record_realloc(old, new, size);
                let old_size = ledger.live.remove(&old).unwrap();
                ledger.live.insert(new, size);
                if new != old {
                    freed.push(old);
                }
                keys[i] = new;
                ledger.reallocations += 1;
                ledger.allocations += 1;
                ledger.deallocations += 1;
                ledger.allocated += size as u64;
                ledger.deallocated += old_size as u64;
            }
            _ if !keys.is_empty() => {
                let ptr = keys.swap_remove(rng.below(keys.len()));
                tracker.record_dealloc(ptr);
                let size = ledger.live.remove(&ptr).unwrap();
                freed.push(ptr);
                ledger.deallocations += 1;
                ledger.deallocated += size as u64;
            }
            _ => {}
        }
    }
    ledger
}

#[test]
fn four_threads_churning_one_tracker_end_with_exact_counts() {
    let tracker = MemoryTracker::new();
    let done = AtomicBool::new(false);
    let (ledgers, highest_seen) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|t| {
                s.spawn({
                    let tracker = &tracker;
                    move || churn(tracker, t)
                })
            })
            .collect();
        let observer = s.spawn(|| {
            // A bounded number of consistent views taken mid-run.
            let mut highest = 0;
            for _ in 0..200 {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                highest = highest.max(check_consistent(&tracker).active_memory);
                std::thread::yield_now();
            }
            highest
        });
        let ledgers: Vec<Ledger> = workers.into_iter().map(|w| w.join().unwrap()).collect();
        done.store(true, Ordering::Relaxed);
        (ledgers, observer.join().unwrap())
    });

    let stats = check_consistent(&tracker);
    let sum = |f: fn(&Ledger) -> u64| ledgers.iter().map(f).sum::<u64>();
    assert_eq!(stats.total_allocations, sum(|l| l.allocations));
    assert_eq!(stats.total_deallocations, sum(|l| l.deallocations));
    assert_eq!(stats.total_reallocations, sum(|l| l.reallocations));
    assert_eq!(stats.total_allocated, sum(|l| l.allocated));
    assert_eq!(stats.total_deallocated, sum(|l| l.deallocated));
    assert_eq!(stats.active_allocations, sum(|l| l.live.len() as u64));
    assert!(stats.peak_memory >= highest_seen);
    let expected: BTreeMap<usize, usize> = ledgers.into_iter().flat_map(|l| l.live).collect();
    let actual: BTreeMap<usize, usize> = live(&tracker).iter().map(|a| (a.ptr, a.size)).collect();
    assert_eq!(actual, expected);
}

#[test]
fn a_snapshot_copies_into_the_room_prepared_before_marking() {
    let peaks = Peaks::new();
    let sites = crate::sites::Sites::new();
    let mut shard = ShardState::new();
    for i in 1..=100 {
        shard.insert(Block::new(i * 16, 8, 0, 1, 0), 8, None, None, (&peaks, &sites));
    }
    let room = ShardCopy::with_room(200, 4);
    let prepared = room.blocks.as_ptr();
    shard.begin_snapshot(room);
    assert!(shard.is_pending());
    // The first change copies the shard first, into the prepared room.
    shard.remove(16, None, (&peaks, &sites));
    assert!(!shard.is_pending());
    let copy = shard.take_snapshot();
    assert_eq!(copy.blocks.as_ptr(), prepared);
    assert_eq!(copy.blocks.iter().filter(|b| b.ptr != 0).count(), 100);
    assert_eq!(copy.counters.active_allocations, 100);
}

#[test]
fn a_paused_tracker_counts_new_blocks_instead_of_recording_them_and_still_sees_frees() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    tracker.record_alloc_at(0x2000, 200, 2);
    tracker.pause();
    assert!(tracker.is_paused());
    tracker.record_alloc_at(0x3000, 300, 3);
    tracker.record_dealloc(0x1000);
    // A recorded block that moves stays recorded: it is not a new block.
    tracker.record_realloc(0x2000, 0x4000, 250);
    // An unknown block that moves is new to the tracker: counted only.
    tracker.record_realloc(0x5000, 0x6000, 60);
    // Its free, like any unknown block's, is ignored.
    tracker.record_dealloc(0x3000);
    tracker.resume();
    assert!(!tracker.is_paused());
    tracker.record_alloc_at(0x7000, 7, 7);

    let stats = tracker.stats();
    assert_eq!(stats.unrecorded_allocations, 2);
    assert_eq!(stats.unrecorded_bytes, 300 + 60);
    let live: Vec<(usize, usize)> = live_by_address(&tracker)
        .iter()
        .map(|a| (a.ptr, a.size))
        .collect();
    assert_eq!(live, [(0x4000, 250), (0x7000, 7)]);
    assert_eq!((stats.active_allocations, stats.active_memory), (2, 257));
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
    assert_eq!(tracker.snapshot().stats().unrecorded_allocations, 2);
}

#[test]
fn pauses_nest_and_an_unmatched_resume_cancels_nothing() {
    let tracker = MemoryTracker::new();
    tracker.resume();
    assert!(!tracker.is_paused());
    let outer = tracker.paused();
    tracker.pause();
    tracker.resume();
    assert!(tracker.is_paused(), "the guard's pause still holds");
    drop(outer);
    assert!(!tracker.is_paused());
    tracker.record_alloc_at(0x10, 1, 1);
    assert_eq!(tracker.stats().active_allocations, 1);
}

#[test]
fn track_var_says_when_the_block_is_not_held_by_a_tracker_that_records() {
    let tracker = MemoryTracker::new();
    let v = vec![0u8; 32];
    assert_eq!(tracker.track_var(&v, "v"), TrackOutcome::NothingTracked);
    tracker.pause();
    tracker.record_alloc_at(v.as_ptr() as usize, 32, 1);
    tracker.resume();
    // The tracker saw the allocation (counted while paused), so the
    // allocator is there; it holds no record of the block.
    assert!(!tracker.has_seen_nothing());
    assert_eq!(tracker.track_var(&v, "v"), TrackOutcome::NotTracked);
    assert!(TrackOutcome::NotTracked.to_string().contains("paused"));
    assert!(
        TrackOutcome::NothingTracked
            .to_string()
            .contains("#[global_allocator]")
    );
}

#[test]
fn a_block_from_a_pause_reallocated_after_it_is_recorded_as_new_and_while_paused_counts_again() {
    let tracker = MemoryTracker::new();
    tracker.pause();
    tracker.record_alloc_at(0x1000, 32, 1);
    tracker.record_realloc(0x1000, 0x2000, 64);
    tracker.resume();
    let stats = tracker.stats();
    assert_eq!(
        (stats.unrecorded_allocations, stats.unrecorded_bytes),
        (2, 96),
        "the allocation, and the reallocation while paused"
    );
    assert_eq!(stats.active_allocations, 0);
    tracker.record_realloc(0x2000, 0x3000, 128);
    let live: Vec<(usize, usize)> = live(&tracker).iter().map(|a| (a.ptr, a.size)).collect();
    assert_eq!(live, [(0x3000, 128)], "unknown to the tracker: a new block");
}

#[test]
fn an_untracked_thread_records_no_new_blocks_counts_nothing_and_still_sees_frees() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    tracker.record_alloc_at(0x2000, 200, 2);
    crate::untracked(|| {
        tracker.record_alloc_at(0x3000, 300, 3);
        tracker.record_alloc_with_stack(0x3100, 310, 3, &[0x5555_0000_1000]);
        tracker.record_dealloc(0x1000);
        // A recorded block that moves stays recorded.
        tracker.record_realloc(0x2000, 0x4000, 250);
        // An unknown block that moves is not recorded either.
        tracker.record_realloc(0x5000, 0x6000, 60);
        crate::untracked(|| tracker.record_alloc_at(0x7000, 70, 7));
        // The inner call left the thread untracked.
        tracker.record_alloc_at(0x8000, 80, 8);
    });
    tracker.record_alloc_at(0x9000, 9, 9);

    let stats = check_consistent(&tracker);
    let live: Vec<(usize, usize)> = live_by_address(&tracker)
        .iter()
        .map(|a| (a.ptr, a.size))
        .collect();
    assert_eq!(live, [(0x4000, 250), (0x9000, 9)]);
    assert_eq!((stats.unrecorded_allocations, stats.unrecorded_bytes), (0, 0));
    assert_eq!(stats.peak_memory, 300, "the untracked blocks never counted");
    assert_eq!(stats.total_allocations, 4, "two before, the move, one after");
}

#[test]
fn untracked_concerns_only_its_own_thread() {
    let tracker = MemoryTracker::new();
    crate::untracked(|| {
        std::thread::scope(|scope| {
            scope.spawn(|| tracker.record_alloc_at(0x1000, 10, 1));
        });
        tracker.record_alloc_at(0x2000, 20, 2);
    });
    let live: Vec<usize> = live(&tracker).iter().map(|a| a.ptr).collect();
    assert_eq!(live, [0x1000]);
}

/// The sites of a snapshot, by stack id.
fn sites_of(snapshot: &Snapshot) -> BTreeMap<u32, crate::SiteStats> {
    snapshot.sites().iter().map(|s| (s.stack_id, *s)).collect()
}

#[test]
fn call_sites_add_up_to_the_stats_and_hold_what_the_records_hold() {
    let tracker = MemoryTracker::new();
    let mut rng = Rng(0x5EED);
    let mut live: Vec<usize> = Vec::new();
    let mut next = 0x10_0000usize;
    for _ in 0..20_000 {
        match rng.below(10) {
            0..=5 => {
                next += 64;
                let stack = [0xA000 + rng.below(7) * 16];
                tracker.record_alloc_with_stack(next, 1 + rng.below(500), 1, &stack);
                live.push(next);
            }
            6..=8 if !live.is_empty() => {
                tracker.record_dealloc(live.swap_remove(rng.below(live.len())));
            }
            _ if !live.is_empty() => {
                let at = rng.below(live.len());
                next += 64;
                tracker.record_realloc(live[at], next, 1 + rng.below(900));
                live[at] = next;
            }
            _ => {}
        }
    }
    let snapshot = tracker.snapshot();
    let stats = *snapshot.stats();
    let sites = sites_of(&snapshot);
    let sum = |f: fn(&crate::SiteStats) -> u64| sites.values().map(f).sum::<u64>();
    assert_eq!(sum(|s| s.allocated_bytes), stats.total_allocated);
    assert_eq!(sum(|s| s.allocated_blocks), stats.total_allocations);
    assert_eq!(sum(|s| s.freed_bytes), stats.total_deallocated);
    assert_eq!(sum(|s| s.freed_blocks), stats.total_deallocations);
    assert_eq!(sum(|s| s.peak_bytes), stats.peak_memory, "one thread: exact");
    let peak = snapshot.timeline().peak().unwrap();
    assert_eq!((peak.bytes, sum(|s| s.peak_blocks)), (stats.peak_memory, peak.blocks));
    let mut held: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for block in snapshot.blocks() {
        let entry = held.entry(block.stack_id).or_default();
        *entry = (entry.0 + 1, entry.1 + block.size as u64);
    }
    for (id, site) in &sites {
        assert_eq!(
            (site.live_blocks(), site.live_bytes()),
            held.get(id).copied().unwrap_or_default(),
            "stack {id}"
        );
        assert!(site.temporary_blocks <= site.freed_blocks);
        assert!(snapshot.stack(*id).is_some(), "the site's stack is in the snapshot");
    }
}

#[test]
fn a_site_that_built_the_peak_and_freed_it_keeps_its_peak_counts() {
    let tracker = MemoryTracker::new();
    let builder = [0xB111];
    let after = [0xC222];
    for i in 0..10 {
        tracker.record_alloc_with_stack(0x1000 + i * 0x1000, 1000, 1, &builder);
    }
    for i in 0..10 {
        tracker.record_dealloc(0x1000 + i * 0x1000);
    }
    for i in 0..5 {
        tracker.record_alloc_with_stack(0x90_0000 + i * 16, 10, 2, &after);
    }
    let snapshot = tracker.snapshot();
    let sites: Vec<_> = snapshot.sites().iter().filter(|s| s.stack_id != 0).collect();
    let built = sites.iter().find(|s| s.allocated_bytes == 10_000).unwrap();
    let later = sites.iter().find(|s| s.allocated_bytes == 50).unwrap();
    assert_eq!((built.peak_blocks, built.peak_bytes), (10, 10_000));
    assert_eq!((built.live_blocks(), built.freed_bytes), (0, 10_000));
    assert_eq!((later.peak_blocks, later.peak_bytes), (0, 0));
    assert_eq!(later.live_bytes(), 50);
    // Only the last block was freed before the next allocation.
    assert_eq!((built.temporary_blocks, built.temporary_bytes), (1, 1000));
}

#[test]
fn a_failed_realloc_leaves_its_site_as_it_was() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_with_stack(0x1000, 16, 1, &[0xD1]);
    tracker.record_alloc_with_stack(0x2000, 32, 2, &[0xD1]);
    let before = sites_of(&tracker.snapshot());
    let pending = tracker.begin_realloc(0x1000);
    tracker.cancel_realloc(pending);
    assert_eq!(sites_of(&tracker.snapshot()), before);
}

#[test]
fn without_stacks_the_whole_process_is_one_site() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 100, 1);
    tracker.record_alloc_at(0x2000, 50, 2);
    tracker.record_dealloc(0x1000);
    let snapshot = tracker.snapshot();
    let stats = snapshot.stats();
    assert_eq!(snapshot.sites().len(), 1);
    let all = snapshot.sites()[0];
    assert_eq!(all.stack_id, 0);
    assert_eq!((all.allocated_bytes, all.freed_bytes), (stats.total_allocated, 100));
    assert_eq!(all.peak_bytes, stats.peak_memory);
    assert_eq!(all.temporary_blocks, 0, "0x1000 was not the latest allocation");
}

#[test]
fn under_threads_sites_agree_with_the_records_and_the_peak_within_one_block_a_thread() {
    const THREADS: usize = 4;
    const MAX_SIZE: usize = 256;
    let tracker = MemoryTracker::new();
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let tracker = &tracker;
            scope.spawn(move || {
                let mut rng = Rng(0x1234 + t as u64);
                let mut live = VecDeque::new();
                for i in 0..20_000usize {
                    let ptr = (t + 1) << 40 | i << 4;
                    let stack = [0xE000 + rng.below(5)];
                    tracker.record_alloc_with_stack(ptr, 1 + rng.below(MAX_SIZE), 1, &stack);
                    live.push_back(ptr);
                    if live.len() > 200 || (i > 10_000 && rng.below(2) == 0) {
                        tracker.record_dealloc(live.pop_front().unwrap());
                    }
                }
            });
        }
    });
    let snapshot = tracker.snapshot();
    let stats = snapshot.stats();
    let live_bytes: u64 = snapshot.sites().iter().map(|s| s.live_bytes()).sum();
    assert_eq!(live_bytes, stats.active_memory);
    let at_peak: u64 = snapshot.sites().iter().map(|s| s.peak_bytes).sum();
    let slack = (THREADS * MAX_SIZE) as u64;
    assert!(
        at_peak.abs_diff(stats.peak_memory) <= slack,
        "sites at the peak {at_peak}, peak {}",
        stats.peak_memory
    );
}

#[test]
fn samples_count_their_estimates_at_their_sites() {
    let tracker = MemoryTracker::new();
    let mean = 512 << 10;
    tracker.record_sample(0x1000, 64, 1, &[0xF1], mean);
    let snapshot = tracker.snapshot();
    let site = snapshot.sites().iter().find(|s| s.stack_id != 0).unwrap();
    let weight = crate::sample_weight(64, mean);
    assert_eq!(site.allocated_blocks, weight as u64);
    assert_eq!(site.allocated_bytes, (64.0 * weight).round() as u64);
    assert_eq!(site.peak_bytes, site.allocated_bytes);
}

#[test]
fn a_dropped_tracker_takes_its_samples_out_of_the_process_counters() {
    // Addresses no other test uses: the counters are process-wide.
    let ptrs = [0x7e00_0000_1000usize, 0x7e00_0000_2000, 0x7e00_0000_3000];
    let tracker = MemoryTracker::new();
    for &ptr in &ptrs {
        tracker.record_sample(ptr, 64, 1, &[0xF2], 4096);
    }
    assert!(ptrs.iter().all(|&p| crate::sampled_slots::may_be_sampled(p)));
    drop(tracker);
    assert!(
        ptrs.iter().all(|&p| !crate::sampled_slots::may_be_sampled(p)),
        "a free at these addresses must not be sent to a look-up any more"
    );
}

#[test]
fn a_failed_sampled_realloc_puts_the_sample_back_as_it_was() {
    let tracker = MemoryTracker::new();
    let ptr = 0x7e00_0000_8000usize;
    tracker.record_sample(ptr, 100, 1, &[0xF3], 4096);
    let before = (
        check_consistent(&tracker),
        live_by_address(&tracker),
        sites_of(&tracker.snapshot()),
    );
    let pending = tracker.begin_realloc(ptr);
    assert_eq!(check_consistent(&tracker).active_allocations, 0, "away while it moves");
    tracker.cancel_realloc(pending);
    let after = (
        check_consistent(&tracker),
        live_by_address(&tracker),
        sites_of(&tracker.snapshot()),
    );
    assert_eq!(after.0, before.0);
    assert_eq!(after.1, before.1);
    assert_eq!(after.2, before.2, "the site's estimates are as they were");
    assert!(crate::sampled_slots::may_be_sampled(ptr), "still a sample");
    assert_eq!(tracker.snapshot().blocks().next().unwrap().sample_mean, Some(4096));
}

#[test]
fn a_trackers_overhead_counts_its_sample_means() {
    let tracker = MemoryTracker::new();
    let empty = tracker.overhead_bytes();
    for i in 0..1000usize {
        tracker.record_sample(0x7d00_0000_0000 + i * 64, 64, 1, &[], 4096);
    }
    let map_entry = size_of::<usize>() + size_of::<u64>();
    assert!(
        tracker.overhead_bytes() >= empty + 1000 * (32 + map_entry),
        "{} bytes for 1,000 samples",
        tracker.overhead_bytes() - empty
    );
}
