//! The tracking allocator installed as the global allocator of this test
//! binary. Tests run in parallel and the tracker is process-wide, so they
//! check what they own (their blocks, by address or name) and the
//! invariants that hold in every state, not global counts.

use std::io::Write;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::{AllocationInfo, MemoryStats, TrackingAllocator, global_tracker, track_var};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();

/// The live record at `ptr`, copied out.
fn live_at(ptr: *const u8) -> Option<AllocationInfo> {
    global_tracker().with_live_allocations(|_, mut live| live.find(|a| a.ptr == ptr as usize))
}

/// Whether a live record carries `name`.
fn named_live(name: &str) -> bool {
    global_tracker()
        .with_live_allocations(|_, mut live| live.any(|a| a.var_name.as_deref() == Some(name)))
}

/// Every promise of `with_live_allocations`, checked on one state.
fn assert_consistent(stats: &MemoryStats, live: impl Iterator<Item = usize>) {
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
    assert!(stats.peak_memory >= stats.active_memory);
    assert!(stats.peak_allocations >= stats.active_allocations);
    let (mut count, mut bytes) = (0u64, 0u64);
    for size in live {
        count += 1;
        bytes += size as u64;
    }
    assert_eq!(count, stats.active_allocations);
    assert_eq!(bytes, stats.active_memory);
}

#[test]
fn allocated_blocks_are_live_with_their_size() {
    let plain: Vec<u8> = Vec::with_capacity(1234);
    let zeroed = vec![0u8; 4321];
    assert_eq!(live_at(plain.as_ptr()).map(|a| a.size), Some(1234));
    assert_eq!(live_at(zeroed.as_ptr()).map(|a| a.size), Some(4321));
}

#[test]
fn freed_blocks_are_no_longer_live() {
    let freed_soon = String::from("short-lived");
    assert!(track_var!(freed_soon));
    assert!(named_live("freed_soon"));
    drop(freed_soon);
    assert!(!named_live("freed_soon"));
}

#[test]
fn a_grown_vec_keeps_its_name_at_its_new_address() {
    let before = global_tracker().stats().total_reallocations;
    let mut grown: Vec<u64> = Vec::with_capacity(4);
    grown.push(1);
    assert!(track_var!(grown));
    grown.reserve_exact(100_000);
    let info = live_at(grown.as_ptr().cast()).expect("the grown block is tracked");
    assert_eq!(info.size, grown.capacity() * size_of::<u64>());
    assert_eq!(info.var_name.as_deref(), Some("grown"));
    assert_eq!(info.type_name.as_deref(), Some("alloc::vec::Vec<u64>"));
    assert!(global_tracker().stats().total_reallocations > before);
}

#[test]
fn allocations_made_inside_the_export_closure_are_recorded_after_the_snapshot() {
    let (made_inside, in_snapshot) = global_tracker().with_live_allocations(|_, mut live| {
        let made = vec![7u8; 999];
        let address = made.as_ptr() as usize;
        (made, live.any(|a| a.ptr == address))
    });
    assert!(!in_snapshot, "the snapshot was taken before");
    assert_eq!(live_at(made_inside.as_ptr()).map(|a| a.size), Some(999));
    drop(made_inside);
    let stats = global_tracker().stats();
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
}

#[test]
fn an_rc_of_a_128_aligned_value_is_named_by_its_block() {
    // `Trackable for Rc` computes where the block starts from the layout
    // of the counts and the value; if std's layout changed, the look-up
    // would miss and this would fail.
    #[repr(align(128))]
    struct Wide([u8; 200]);
    let wide = std::rc::Rc::new(Wide([1; 200]));
    assert!(track_var!(wide));
    let value = std::rc::Rc::as_ptr(&wide) as usize;
    let named = global_tracker()
        .with_live_allocations(|_, mut live| live.find(|a| a.var_name.as_deref() == Some("wide")));
    let block = named.expect("the block is named");
    assert!(block.ptr < value && value + 200 <= block.ptr + block.size);
    assert_eq!(wide.0[0], 1);
    let shared = std::sync::Arc::new(Wide([2; 200]));
    assert!(track_var!(shared));
    assert_eq!(shared.0[199], 2);
}

/// Allocation churn: strings pushed, vectors grown and cleared, boxes.
fn churn(thread: usize, rounds: usize) {
    let mut words: Vec<String> = Vec::new();
    let mut boxes: Vec<Box<[u8]>> = Vec::new();
    for i in 0..rounds {
        words.push(format!("word-{thread}-{i}"));
        if i % 7 == 0 {
            boxes.push(vec![0u8; 1 + i % 300].into_boxed_slice());
        }
        if i % 512 == 511 {
            words.clear();
            words.shrink_to_fit();
            boxes.truncate(10);
        }
    }
}

#[test]
fn exports_see_consistent_state_while_threads_allocate_and_the_exporter_allocates() {
    const WORKERS: usize = 4;
    let start = Barrier::new(WORKERS + 1);
    let finished = AtomicUsize::new(0);
    let mut exports = 0;
    std::thread::scope(|s| {
        for thread in 0..WORKERS {
            let (start, finished) = (&start, &finished);
            s.spawn(move || {
                start.wait();
                churn(thread, 20_000);
                finished.fetch_add(1, Ordering::Relaxed);
            });
        }
        start.wait();
        // Export over and over while the workers run: at least 20 times, at
        // most 300, so that the exports cannot starve the workers for long.
        while exports < 20 || (finished.load(Ordering::Relaxed) < WORKERS && exports < 300) {
            exports += 1;
            let written = global_tracker().with_live_allocations(|stats, live| {
                assert_consistent(stats, live.clone().map(|a| a.size));
                let mut ptrs: Vec<usize> = live.clone().map(|a| a.ptr).collect();
                ptrs.sort_unstable();
                assert!(ptrs.windows(2).all(|w| w[0] < w[1]), "each block once");
                // What an exporter does: buffer, encode, allocate freely.
                let mut out = std::io::BufWriter::new(Vec::new());
                for info in live {
                    info.write_with(&mut out, Layout::Detailed).unwrap();
                }
                out.flush().unwrap();
                let bytes = out.into_inner().unwrap();
                assert!(bytes.len() >= ptrs.len() * 29);
                format!("{} records", ptrs.len())
            });
            assert!(written.ends_with(" records"));
            std::thread::yield_now();
        }
    });
    let stats = global_tracker().stats();
    global_tracker().with_live_allocations(|given, live| {
        assert_consistent(given, live.map(|a| a.size));
    });
    assert!(stats.total_allocations >= (WORKERS * 20_000) as u64);
}

#[test]
fn threads_that_allocate_in_thread_local_destructors_end_cleanly() {
    struct AllocatesOnDrop(Vec<u8>);
    impl Drop for AllocatesOnDrop {
        fn drop(&mut self) {
            let copy = self.0.repeat(3);
            self.0 = copy;
        }
    }
    thread_local! {
        static LATE: std::cell::RefCell<AllocatesOnDrop> =
            std::cell::RefCell::new(AllocatesOnDrop(vec![1; 64]));
    }
    let threads: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| LATE.with(|late| late.borrow_mut().0.push(2))))
        .collect();
    for thread in threads {
        thread.join().expect("the thread ended without a panic");
    }
    global_tracker().with_live_allocations(|stats, live| {
        assert_consistent(stats, live.map(|a| a.size));
    });
}
