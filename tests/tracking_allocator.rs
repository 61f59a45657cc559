//! The tracking allocator installed as the global allocator of this test
//! binary. Tests run in parallel and the tracker is process-wide, so they
//! check what they own (their blocks, by address or name) and the
//! invariants that hold in every state, not global counts.

use std::io::Write;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::{
    AllocationInfo, MemoryStats, TrackOutcome, TrackingAllocator, global_tracker, track_var,
};

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
    assert!(track_var!(freed_soon).is_named());
    assert!(named_live("freed_soon"));
    drop(freed_soon);
    assert!(!named_live("freed_soon"));
}

#[test]
fn a_grown_vec_keeps_its_name_at_its_new_address() {
    let before = global_tracker().stats().total_reallocations;
    let mut grown: Vec<u64> = Vec::with_capacity(4);
    grown.push(1);
    assert!(track_var!(grown).is_named());
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
fn blocks_freed_inside_the_export_closure_are_seen_freed() {
    // Why the closure does not run "inside the tracker": there, this free
    // would be ignored, and the block would stay live in the books.
    let earlier = vec![5u8; 777];
    assert!(track_var!(earlier, "freed_inside_the_closure").is_named());
    let in_snapshot = global_tracker().with_live_allocations(move |_, mut live| {
        let seen = live.any(|a| a.var_name.as_deref() == Some("freed_inside_the_closure"));
        drop(earlier);
        seen
    });
    assert!(in_snapshot, "the snapshot was taken before the free");
    assert!(!named_live("freed_inside_the_closure"));
}

#[test]
fn an_rc_of_a_128_aligned_value_is_named_by_its_block() {
    // `Trackable for Rc` computes where the block starts from the layout
    // of the counts and the value; if std's layout changed, the look-up
    // would miss and this would fail.
    #[repr(align(128))]
    struct Wide([u8; 200]);
    let wide = std::rc::Rc::new(Wide([1; 200]));
    assert!(track_var!(wide).is_named());
    let value = std::rc::Rc::as_ptr(&wide) as usize;
    let named = global_tracker()
        .with_live_allocations(|_, mut live| live.find(|a| a.var_name.as_deref() == Some("wide")));
    let block = named.expect("the block is named");
    assert!(block.ptr < value && value + 200 <= block.ptr + block.size);
    assert_eq!(wide.0[0], 1);
    let shared = std::sync::Arc::new(Wide([2; 200]));
    assert!(track_var!(shared).is_named());
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

/// The live block named `name`: its start and size.
fn named_block(name: &str) -> Option<(usize, usize)> {
    global_tracker().with_live_allocations(|_, mut live| {
        live.find(|a| a.var_name.as_deref() == Some(name))
            .map(|a| (a.ptr, a.size))
    })
}

/// Asserts that the block named `name` holds the byte at `address`.
fn assert_named_block_holds(name: &str, address: usize) {
    let (start, size) = named_block(name).unwrap_or_else(|| panic!("no block named {name}"));
    assert!(
        start <= address && address < start + size,
        "{name}: {address:#x} is not in the named block {start:#x}+{size}"
    );
}

#[test]
fn a_hash_map_or_set_is_named_by_its_table_the_block_holding_its_entries() {
    use std::collections::{HashMap, HashSet};
    for entries in [1usize, 3, 7, 8, 100, 5_000] {
        let map: HashMap<u64, [u8; 24]> = (0..entries as u64).map(|k| (k, [1; 24])).collect();
        let name = format!("map_{entries}");
        assert_eq!(
            track_var!(map, &name),
            TrackOutcome::Named,
            "{entries} entries"
        );
        for value in map.values() {
            assert_named_block_holds(&name, value.as_ptr() as usize);
        }
        let set: HashSet<String> = (0..entries).map(|i| i.to_string()).collect();
        let name = format!("set_{entries}");
        assert!(track_var!(set, &name).is_named(), "{entries} entries");
        let first = set.iter().next().unwrap();
        assert_named_block_holds(&name, first as *const String as usize);
    }
    let empty: HashMap<u8, u8> = HashMap::with_capacity(10);
    assert_eq!(track_var!(empty), TrackOutcome::NoHeapBlock);
}

#[test]
fn a_btree_map_or_set_is_named_by_the_node_holding_its_first_entry() {
    use std::collections::{BTreeMap, BTreeSet};
    for entries in [1u32, 11, 12, 1_000] {
        let map: BTreeMap<u32, String> = (0..entries).map(|k| (k, k.to_string())).collect();
        let name = format!("btree_{entries}");
        assert!(track_var!(map, &name).is_named(), "{entries} entries");
        let (first, _) = map.iter().next().unwrap();
        assert_named_block_holds(&name, first as *const u32 as usize);
        let set: BTreeSet<u16> = (0..entries as u16).collect();
        let name = format!("btree_set_{entries}");
        assert!(track_var!(set, &name).is_named(), "{entries} entries");
        assert_named_block_holds(&name, set.iter().next().unwrap() as *const u16 as usize);
    }
}

#[test]
fn values_inside_locks_and_cells_are_named_by_their_own_blocks() {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, RwLock};

    let cache: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
    cache.lock().unwrap().insert("k".into(), vec![0; 64]);
    // The Arc's own block, which holds the mutex and the map's handle...
    assert!(track_var!(cache, "cache_arc").is_named());
    assert_named_block_holds("cache_arc", Arc::as_ptr(&cache) as usize);
    // ...and through it, the map's table.
    assert!(track_var!(*cache, "cache_table").is_named());
    let key = cache.lock().unwrap().keys().next().unwrap() as *const String as usize;
    assert_named_block_holds("cache_table", key);
    // A held lock is never waited for: nothing is named, and it says so.
    let held = cache.lock().unwrap();
    assert_eq!(track_var!(*cache), TrackOutcome::NoHeapBlock);
    drop(held);

    let words = RwLock::new(vec![String::from("a")]);
    assert!(track_var!(words).is_named());
    assert_named_block_holds("words", words.read().unwrap().as_ptr() as usize);
    let cell = RefCell::new(String::from("refcell"));
    assert!(track_var!(cell).is_named());
    assert_named_block_holds("cell", cell.borrow().as_ptr() as usize);
    let borrowed = cell.borrow_mut();
    assert_eq!(track_var!(cell), TrackOutcome::NoHeapBlock);
    drop(borrowed);
    let plain = Cell::new(vec![1u32, 2, 3]);
    assert!(track_var!(plain).is_named());
    let inside = plain.take();
    assert_named_block_holds("plain", inside.as_ptr() as usize);
}

#[cfg(target_os = "linux")]
#[test]
fn each_block_knows_its_thread_and_a_named_thread_keeps_its_name() {
    let kept = std::thread::Builder::new()
        .name("loader".into())
        .spawn(|| vec![9u8; 3333])
        .unwrap()
        .join()
        .unwrap();
    let unnamed = std::thread::spawn(|| vec![8u8; 2222]).join().unwrap();
    let snapshot = global_tracker().snapshot();
    let thread_of = |ptr: *const u8| {
        snapshot
            .blocks()
            .find(|b| b.ptr == ptr as usize)
            .map(|b| b.thread_id)
            .expect("the block is live")
    };
    let loader = thread_of(kept.as_ptr());
    assert_eq!(snapshot.thread_name(loader), Some("loader"));
    let other = thread_of(unnamed.as_ptr());
    assert_ne!(other, loader);
    // An unnamed thread inherits its creator's kernel name (here the test
    // harness's thread, named after the test), never "loader".
    assert_ne!(snapshot.thread_name(other), Some("loader"));
}

#[test]
fn a_hash_map_that_lost_most_of_its_entries_is_still_found_or_found_after_shrinking() {
    use std::collections::HashMap;
    for entries in [56u64, 224, 896, 20_000] {
        let mut map: HashMap<u64, u64> = (0..entries).map(|k| (k, k)).collect();
        map.retain(|&k, _| k == entries / 2);
        let name = format!("thinned_{entries}");
        let outcome = track_var!(map, &name);
        if !outcome.is_named() {
            // The outcome names the remedy, and the remedy works.
            assert!(outcome.to_string().contains("shrink_to_fit"), "{outcome}");
            map.shrink_to_fit();
            assert!(
                track_var!(map, &name).is_named(),
                "{entries} entries, shrunk"
            );
        }
        let key = map.keys().next().unwrap() as *const u64 as usize;
        assert_named_block_holds(&name, key);
    }
}
