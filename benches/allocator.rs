//! What tracking costs per allocation: `TrackingAllocator` against plain
//! `System`, one 64-byte alloc + dealloc per iteration, from 1 and 4
//! threads, and with a tracker that already holds 100,000 live blocks.
//!
//! ```sh
//! cargo bench --bench allocator -- --warm-up-time 1 --measurement-time 2
//! ```
//!
//! The allocators are called directly, not installed: the tracker's own
//! bookkeeping then allocates from the default allocator, as it does, via
//! the re-entrancy guard, when `TrackingAllocator` is installed.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memscope_tracker::{TrackingAllocator, global_tracker};

static TRACKING: TrackingAllocator = TrackingAllocator::new();

const BLOCK: Layout = match Layout::from_size_align(64, 8) {
    Ok(layout) => layout,
    Err(_) => panic!("64 bytes aligned to 8 is a valid layout"),
};

/// One allocation and its deallocation.
#[inline(always)]
fn alloc_dealloc<A: GlobalAlloc>(allocator: &A) {
    // SAFETY: `BLOCK` has a non-zero size; the block is freed with the
    // allocator and layout it was allocated with, and never dereferenced.
    unsafe {
        let ptr = allocator.alloc(BLOCK);
        assert!(!ptr.is_null(), "out of memory");
        allocator.dealloc(black_box(ptr), BLOCK);
    }
}

/// Wall time for `threads` threads to do `iters` alloc + dealloc each,
/// started together.
fn parallel<A: GlobalAlloc + Sync>(allocator: &A, threads: usize, iters: u64) -> Duration {
    let start = Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                start.wait();
                for _ in 0..iters {
                    alloc_dealloc(allocator);
                }
            });
        }
        start.wait();
        // The clock stops after the scope has joined every thread.
        Instant::now()
    })
    .elapsed()
}

fn one_thread(c: &mut Criterion) {
    let mut group = c.benchmark_group("alloc_dealloc_64B/1_thread");
    group.throughput(Throughput::Elements(1));
    group.bench_function("system", |b| b.iter(|| alloc_dealloc(&System)));
    group.bench_function("tracking", |b| b.iter(|| alloc_dealloc(&TRACKING)));
    group.finish();
}

fn four_threads(c: &mut Criterion) {
    const THREADS: usize = 4;
    let mut group = c.benchmark_group("alloc_dealloc_64B/4_threads");
    // One iteration is one alloc + dealloc on each thread.
    group.throughput(Throughput::Elements(THREADS as u64));
    group.bench_function("system", |b| {
        b.iter_custom(|iters| parallel(&System, THREADS, iters))
    });
    group.bench_function("tracking", |b| {
        b.iter_custom(|iters| parallel(&TRACKING, THREADS, iters))
    });
    group.finish();
}

fn large_tracker(c: &mut Criterion) {
    const LIVE: usize = 100_000;
    // SAFETY: `BLOCK` has a non-zero size; the blocks are freed below with
    // the same allocator and layout.
    let live: Vec<*mut u8> = (0..LIVE)
        .map(|_| unsafe { TRACKING.alloc(BLOCK) })
        .inspect(|ptr| assert!(!ptr.is_null(), "out of memory"))
        .collect();
    assert!(global_tracker().stats().active_allocations >= LIVE as u64);

    let mut group = c.benchmark_group("alloc_dealloc_64B/1_thread_100k_live");
    group.throughput(Throughput::Elements(1));
    group.bench_function("tracking", |b| b.iter(|| alloc_dealloc(&TRACKING)));
    group.finish();

    for ptr in live {
        // SAFETY: allocated above by `TRACKING` with `BLOCK`, freed once.
        unsafe { TRACKING.dealloc(ptr, BLOCK) };
    }
}

criterion_group!(benches, one_thread, four_threads, large_tracker);
criterion_main!(benches);
