//! Tracking part of a run: `pause`, `resume` and the scoped `paused`
//! guard on the process-wide tracker, with the tracking allocator
//! installed. One test, so that no other test's allocations run while
//! recording is paused.

use memscope_tracker::{TrackOutcome, TrackingAllocator, global_tracker, track_var};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

fn is_live(address: usize) -> bool {
    global_tracker().with_live_allocations(|_, mut live| live.any(|a| a.ptr == address))
}

#[test]
fn blocks_allocated_while_paused_are_counted_not_recorded_and_earlier_blocks_stay_exact() {
    let tracker = global_tracker();
    let before_pause = vec![1u8; 4096];
    let earlier = tracker.stats().unrecorded_allocations;

    let (setup, freed_while_paused) = {
        let _quiet = tracker.paused();
        let setup = vec![2u8; 10_000];
        // Freeing a block recorded before the pause is still seen.
        let freed = before_pause.as_ptr() as usize;
        drop(before_pause);
        (setup, freed)
    };
    assert!(
        !is_live(freed_while_paused),
        "the free during the pause was seen"
    );
    assert!(
        !is_live(setup.as_ptr() as usize),
        "blocks from the pause are not recorded"
    );
    let stats = tracker.stats();
    assert!(stats.unrecorded_allocations > earlier);
    assert!(stats.unrecorded_bytes >= 10_000);
    // Naming a block from the pause says why it cannot.
    assert_eq!(track_var!(setup), TrackOutcome::NotTracked);

    tracker.pause();
    let also_unrecorded = vec![3u8; 512];
    tracker.resume();
    let recorded = vec![4u8; 512];
    assert!(!is_live(also_unrecorded.as_ptr() as usize));
    assert!(is_live(recorded.as_ptr() as usize));
    assert!(track_var!(recorded).is_named());
    let stats = tracker.stats();
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
}
