//! `TrackingAllocator::sampled`: the blocks it records are a sample, and
//! weighted by `sample_weight` they estimate what the program holds; a
//! freed sample leaves the tracker, and an unsampled block never enters
//! it.

use std::collections::HashSet;

use memscope_tracker::{
    Snapshot, TrackingAllocator, global_tracker, sample_weight, set_sample_seed,
};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::sampled(16 << 10);

/// A deterministic stream of block sizes from 200 to 3,000 bytes.
struct Sizes(u64);

impl Iterator for Sizes {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Some(200 + (self.0 % 2801) as usize)
    }
}

/// Blocks holding at least `bytes` bytes, allocated at one call site.
#[inline(never)]
fn hold(bytes: usize, sizes: &mut Sizes) -> Vec<Vec<u8>> {
    let mut held = Vec::new();
    let mut total = 0;
    while total < bytes {
        let size = sizes.next().unwrap();
        held.push(vec![1u8; size]);
        total += size;
    }
    held
}

/// The estimated bytes, from `snapshot`, of the blocks that start at
/// `starts`.
fn estimate(snapshot: &Snapshot, starts: &HashSet<usize>) -> f64 {
    snapshot
        .blocks()
        .filter(|block| starts.contains(&block.ptr))
        .map(|block| {
            let mean = block
                .sample_mean
                .expect("a sampled tracker's blocks are samples");
            block.size as f64 * sample_weight(block.size as u64, mean)
        })
        .sum()
}

/// The tracker's id of the thread that allocated the blocks at `starts`
/// (this test's).
fn this_thread(snapshot: &Snapshot, starts: &HashSet<usize>) -> u64 {
    snapshot
        .blocks()
        .find(|b| starts.contains(&b.ptr))
        .map(|b| b.thread_id)
        .expect("some of this thread's blocks were sampled")
}

fn starts(held: &[Vec<u8>]) -> HashSet<usize> {
    held.iter().map(|v| v.as_ptr() as usize).collect()
}

#[test]
fn samples_estimate_each_site_within_15_percent_and_frees_leave_no_sample_behind() {
    for seed in 1..=20 {
        set_sample_seed(seed);
        let mut sizes = Sizes(seed * 0x9E37_79B9);
        let large = hold(48 << 20, &mut sizes);
        let small = hold(12 << 20, &mut sizes);
        let (large_starts, small_starts) = (starts(&large), starts(&small));
        let truth = |held: &[Vec<u8>]| held.iter().map(Vec::len).sum::<usize>() as f64;

        let snapshot = global_tracker().snapshot();
        assert_eq!(snapshot.sample_mean(), Some(16 << 10));
        assert_eq!(snapshot.len() as u64, snapshot.stats().active_allocations);
        for (name, held, starts) in [
            ("48 MiB", &large, &large_starts),
            ("12 MiB", &small, &small_starts),
        ] {
            let error = estimate(&snapshot, starts) / truth(held) - 1.0;
            assert!(
                error.abs() <= 0.15,
                "seed {seed}, the {name} site: {:+.1}%",
                error * 100.0
            );
        }
        // Far fewer records than blocks: a block of 1,600 bytes is sampled
        // about once in ten.
        let recorded = snapshot
            .blocks()
            .filter(|b| large_starts.contains(&b.ptr))
            .count();
        assert!(recorded < large.len() / 4, "{recorded} of {}", large.len());
        let this_thread = this_thread(&snapshot, &large_starts);
        drop(snapshot);

        drop((large, small));
        let after = global_tracker().snapshot();
        // This thread's: the other test, running beside this one, may be
        // handed the freed addresses and sample them.
        let stale = after
            .blocks()
            .filter(|b| b.thread_id == this_thread)
            .filter(|b| large_starts.contains(&b.ptr) || small_starts.contains(&b.ptr))
            .count();
        assert_eq!(stale, 0, "seed {seed}: freed samples still recorded");
    }
}

#[test]
fn a_reallocated_sample_is_forgotten_or_sampled_again() {
    set_sample_seed(99);
    let mut grown: Vec<Vec<u8>> = Vec::new();
    for i in 0..2000 {
        let mut v = Vec::with_capacity(64);
        v.extend(std::iter::repeat_n(i as u8, 64 + i * 16));
        grown.push(v);
    }
    let starts = starts(&grown);
    let snapshot = global_tracker().snapshot();
    for block in snapshot.blocks().filter(|b| starts.contains(&b.ptr)) {
        let v = grown
            .iter()
            .find(|v| v.as_ptr() as usize == block.ptr)
            .unwrap();
        assert_eq!(
            block.size,
            v.capacity(),
            "a sample's size is its block's latest"
        );
    }
    drop(snapshot);
    let old: HashSet<usize> = starts.clone();
    let this_thread = this_thread(&global_tracker().snapshot(), &old);
    drop(grown);
    let after = global_tracker().snapshot();
    let stale = after
        .blocks()
        .filter(|b| b.thread_id == this_thread && old.contains(&b.ptr))
        .count();
    assert_eq!(stale, 0);
}
