//! `TrackingAllocator::wrap`: the tracker in front of the allocator a
//! program already uses. Every call of the program reaches that allocator
//! exactly once, every block it hands out is recorded, and none of the
//! tracker's own memory comes from it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::HashSet;

use memscope_tracker::{TrackingAllocator, global_tracker};

/// The calls one thread made to [`Counting`], by method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Calls {
    alloc: u64,
    alloc_zeroed: u64,
    realloc: u64,
    dealloc: u64,
}

thread_local! {
    // Per thread, so that the tests of this binary, which run in parallel,
    // count only their own calls. No destructor: usable during teardown.
    static CALLS: Cell<Calls> = const {
        Cell::new(Calls { alloc: 0, alloc_zeroed: 0, realloc: 0, dealloc: 0 })
    };
}

fn count(f: impl FnOnce(&mut Calls)) {
    let _ = CALLS.try_with(|calls| {
        let mut now = calls.get();
        f(&mut now);
        calls.set(now);
    });
}

fn calls() -> Calls {
    CALLS.with(Cell::get)
}

/// The "program's allocator": `System`, counting each call it receives.
struct Counting;

// SAFETY: every method forwards to `System` unchanged and returns what it
// returned; counting touches only a thread-local `Cell`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(|c| c.alloc += 1);
        // SAFETY: our caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(|c| c.alloc_zeroed += 1);
        // SAFETY: our caller upholds `alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(|c| c.realloc += 1);
        // SAFETY: our caller upholds `realloc`'s contract, and `ptr` came
        // from `System` through this allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(|c| c.dealloc += 1);
        // SAFETY: our caller upholds `dealloc`'s contract, and `ptr` came
        // from `System` through this allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: TrackingAllocator<Counting> = TrackingAllocator::wrap(Counting).call_stacks();

fn since(before: Calls) -> Calls {
    let now = calls();
    Calls {
        alloc: now.alloc - before.alloc,
        alloc_zeroed: now.alloc_zeroed - before.alloc_zeroed,
        realloc: now.realloc - before.realloc,
        dealloc: now.dealloc - before.dealloc,
    }
}

/// The size the tracker recorded for the live block at `ptr`.
fn recorded_size(ptr: *mut u8) -> Option<usize> {
    global_tracker()
        .snapshot()
        .iter()
        .find(|block| block.ptr == ptr as usize)
        .map(|block| block.size)
}

#[test]
fn each_call_reaches_the_wrapped_allocator_once_and_its_blocks_are_recorded() {
    let small = Layout::from_size_align(1000, 8).unwrap();
    let large = Layout::from_size_align(5000, 8).unwrap();
    // SAFETY: each block is freed once, with the layout it has then.
    unsafe {
        let before = calls();
        let plain = ALLOCATOR.alloc(small);
        let zeroed = ALLOCATOR.alloc_zeroed(small);
        let grown = ALLOCATOR.realloc(plain, small, large.size());
        assert_eq!(
            since(before),
            Calls {
                alloc: 1,
                alloc_zeroed: 1,
                realloc: 1,
                dealloc: 0
            }
        );
        assert!(
            std::slice::from_raw_parts(zeroed, 1000)
                .iter()
                .all(|&b| b == 0)
        );

        let during = calls();
        assert_eq!(recorded_size(zeroed), Some(1000));
        assert_eq!(recorded_size(grown), Some(5000));
        assert_eq!(
            since(during).alloc,
            0,
            "reading a snapshot allocated from the wrapped allocator"
        );

        let before_free = calls();
        ALLOCATOR.dealloc(grown, large);
        ALLOCATOR.dealloc(zeroed, small);
        assert_eq!(
            since(before_free),
            Calls {
                alloc: 0,
                alloc_zeroed: 0,
                realloc: 0,
                dealloc: 2
            }
        );
        assert_eq!(recorded_size(grown), None);
        assert_eq!(recorded_size(zeroed), None);
    }
}

#[test]
fn the_trackers_own_memory_never_comes_from_the_wrapped_allocator() {
    const BLOCKS: u64 = 50_000;
    let before = calls();
    // One call for the vector, one per box: the tracker's tables grow to
    // hold 50,000 more blocks and intern their stacks meanwhile, from
    // `System` directly.
    let mut boxes = Vec::with_capacity(BLOCKS as usize);
    for i in 0..BLOCKS {
        boxes.push(Box::new(i));
    }
    assert_eq!(
        since(before),
        Calls {
            alloc: BLOCKS + 1,
            ..Calls::default()
        }
    );

    let before_snapshot = calls();
    let snapshot = global_tracker().snapshot();
    let taking = since(before_snapshot);
    let recorded: HashSet<usize> = snapshot.iter().map(|block| block.ptr).collect();
    let before_drop = calls();
    drop(snapshot);
    assert_eq!(taking, Calls::default(), "taking a snapshot");
    assert_eq!(since(before_drop), Calls::default(), "dropping a snapshot");
    assert!(
        boxes
            .iter()
            .all(|b| recorded.contains(&(&**b as *const u64 as usize))),
        "every box is a recorded block"
    );

    let before_free = calls();
    drop(boxes);
    assert_eq!(
        since(before_free),
        Calls {
            dealloc: BLOCKS + 1,
            ..Calls::default()
        }
    );
}

#[test]
fn stats_include_what_the_calling_thread_just_did() {
    let before = global_tracker().stats();
    let kept = vec![0u8; 3 << 20];
    let after = global_tracker().stats();
    assert!(after.total_allocated >= before.total_allocated + (3 << 20));
    assert!(after.peak_memory >= 3 << 20);
    drop(kept);
}
