//! `measure`: what one closure did to the heap, counted on its own thread,
//! so that the eight tests below, each with exact expected counts, pass
//! while `cargo test` runs them in parallel.

use memscope_tracker::{TrackingAllocator, measure};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// `k` blocks of `100 * k` bytes, all freed but the last, which is kept.
#[inline(never)]
fn work(k: usize) -> Box<[u8]> {
    let mut blocks: Vec<Box<[u8]>> = Vec::with_capacity(k);
    for i in 0..k {
        blocks.push(vec![i as u8; 100 * k].into_boxed_slice());
    }
    let kept = blocks.pop().expect("k is at least 1");
    drop(blocks);
    kept
}

/// Runs `work(k)` under `measure` and checks every count exactly.
fn exact_counts_for(k: u64) {
    for _ in 0..200 {
        let (kept, stats) = measure(|| work(k as usize));
        let size = 100 * k;
        // The vector, then k blocks; the vector and k - 1 blocks freed.
        assert_eq!(stats.allocations, 1 + k, "{stats:?}");
        assert_eq!(stats.allocated_bytes, 16 * k + k * size, "{stats:?}");
        assert_eq!(stats.deallocations, k, "{stats:?}");
        assert_eq!(
            stats.deallocated_bytes,
            16 * k + (k - 1) * size,
            "{stats:?}"
        );
        assert_eq!(stats.peak_bytes, 16 * k + k * size, "{stats:?}");
        assert_eq!(
            (stats.leaked_blocks, stats.leaked_bytes),
            (1, size),
            "{stats:?}"
        );
        assert_eq!(stats.leaked(), [(kept.as_ptr() as usize, size as usize)]);
        assert!(stats.tracked);
    }
}

#[test]
fn one() {
    exact_counts_for(1);
}

#[test]
fn two() {
    exact_counts_for(2);
}

#[test]
fn three() {
    exact_counts_for(3);
}

#[test]
fn four() {
    exact_counts_for(4);
}

#[test]
fn five() {
    exact_counts_for(5);
}

#[test]
fn six() {
    exact_counts_for(6);
}

#[test]
fn seven() {
    exact_counts_for(7);
}

#[test]
fn eight() {
    exact_counts_for(8);
}

#[test]
fn reallocations_count_as_a_free_and_an_allocation() {
    let (v, stats) = measure(|| {
        let mut v: Vec<u8> = Vec::with_capacity(10);
        v.reserve_exact(100);
        v
    });
    assert_eq!(
        (stats.allocations, stats.deallocations, stats.reallocations),
        (2, 1, 1)
    );
    assert_eq!(stats.leaked(), [(v.as_ptr() as usize, v.capacity())]);
}

#[test]
fn blocks_allocated_before_and_freed_inside_are_freed_not_leaked() {
    let before = vec![0u8; 1000];
    let ((), stats) = measure(move || drop(before));
    assert_eq!((stats.deallocations, stats.deallocated_bytes), (1, 1000));
    assert_eq!(
        (stats.allocations, stats.peak_bytes, stats.leaked_blocks),
        (0, 0, 0)
    );
}
