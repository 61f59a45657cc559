//! Tracking part of a run: `pause`, `resume` and the scoped `paused`
//! guard on the process-wide tracker, and the exporter's own work, which
//! is never recorded, with the tracking allocator installed. The tests
//! run one at a time ([`ALONE`]), so that no other test's allocations run
//! while recording is paused or the peak is watched.

use std::sync::{Mutex, PoisonError};

use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
use memscope_tracker::{TrackOutcome, TrackingAllocator, global_tracker, track_var};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// Held by each test for its whole run.
static ALONE: Mutex<()> = Mutex::new(());

fn is_live(address: usize) -> bool {
    global_tracker().with_live_allocations(|_, mut live| live.any(|a| a.ptr == address))
}

#[test]
fn blocks_allocated_while_paused_are_counted_not_recorded_and_earlier_blocks_stay_exact() {
    let _alone = ALONE.lock().unwrap_or_else(PoisonError::into_inner);
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

#[inline(never)]
fn program_block() -> Vec<u8> {
    std::hint::black_box(vec![5u8; 4096])
}

#[test]
fn an_export_records_nothing_of_its_own_and_leaves_the_peak_where_the_program_put_it() {
    let _alone = ALONE.lock().unwrap_or_else(PoisonError::into_inner);
    let tracker = global_tracker();
    let kept = program_block();
    // A peak well above what is live now, so that a stray allocation of
    // the test harness cannot raise it; the export's own allocations
    // (its buffers, the program's line tables it loads to name the
    // frames: megabytes) would.
    drop(std::hint::black_box(vec![0u8; 1 << 20]));
    let peak = tracker.stats().peak_memory;

    let mut file = Vec::new();
    let config = BinaryExportConfig::new().include_details(true);
    BinaryExporter::new(config.clone())
        .export_to_writer(tracker, &mut file)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    BinaryExporter::new(config)
        .export(tracker, dir.path().join("twice.memscope"))
        .unwrap();
    memscope_export::export_to_json(tracker, dir.path().join("thrice.json")).unwrap();

    assert!(file.len() > 1000);
    assert!(
        !is_live(file.as_ptr() as usize),
        "the writer grew its buffer inside the export: not the program's block"
    );
    assert_eq!(
        tracker.stats().peak_memory,
        peak,
        "the exports left the peak alone"
    );

    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    let mut saw_program_block = false;
    for record in reader.records() {
        let record = record.unwrap();
        saw_program_block |= record.allocation.ptr == kept.as_ptr() as usize;
        let Some(stack) = record.stack else { continue };
        for frame in stack.frames() {
            let function = frame.function.unwrap_or_default();
            assert!(
                !function.contains("memscope_export") && !function.contains("memscope_symbols"),
                "a block of the export's own in the file: {function}"
            );
        }
    }
    assert!(saw_program_block);
}
