//! Exports of the process-wide tracker while four threads allocate,
//! reallocate and free through the tracking allocator: no deadlock, no
//! panic, and every file is consistent (its stats describe exactly its
//! records, each block once, and its checksum holds). Bounded in count, not
//! in time.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
use memscope_tracker::{TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();

/// Reads one exported file with the validating reader (every rule of
/// FORMAT.md, the checksum included) and checks its stats against its
/// records.
fn assert_file_consistent(file: &[u8]) {
    let mut reader = BinaryReader::from_bytes(file).unwrap();
    let stats = *reader.stats();
    let declared = u64::from(reader.record_count());
    let (mut count, mut bytes, mut ptrs) = (0u64, 0u64, BTreeSet::new());
    for record in reader.records() {
        let record = record.unwrap();
        count += 1;
        bytes += record.allocation.size as u64;
        assert!(ptrs.insert(record.allocation.ptr), "each live block once");
    }
    assert_eq!(count, declared);
    assert_eq!(count, stats.active_allocations);
    assert_eq!(bytes, stats.active_memory);
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
    assert!(stats.peak_memory >= stats.active_memory);
}

#[test]
fn exports_during_concurrent_allocation_are_consistent_and_never_deadlock() {
    let stop = Arc::new(AtomicBool::new(false));
    let progress = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let stop = Arc::clone(&stop);
            let progress = Arc::clone(&progress);
            std::thread::spawn(move || {
                let mut held: Vec<Vec<u8>> = Vec::new();
                let mut rounds = 0u64;
                // Bounded: at most 200k rounds even if the exports are slow.
                while !stop.load(Ordering::Relaxed) && rounds < 200_000 {
                    let size = 16 + ((rounds * 7 + worker) % 300) as usize;
                    let mut block = vec![worker as u8; size];
                    if rounds.is_multiple_of(3) {
                        block.reserve(size * 2); // a reallocation
                    }
                    held.push(block);
                    if held.len() > 64 {
                        held.swap_remove((rounds % 64) as usize);
                    }
                    rounds += 1;
                    progress.fetch_add(1, Ordering::Relaxed);
                }
                rounds
            })
        })
        .collect();

    let variants = [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().include_details(true),
        BinaryExportConfig::new().compression_level(1),
        BinaryExportConfig::new()
            .include_details(true)
            .compression_level(3)
            .checksum(false),
    ];
    // Start exporting once every worker is busy.
    while progress.load(Ordering::Relaxed) < 4_000 {
        std::thread::yield_now();
    }
    let before = progress.load(Ordering::Relaxed);
    for round in 0..40 {
        let exporter = BinaryExporter::new(variants[round % variants.len()].clone());
        let mut file = Vec::new();
        let exported = exporter
            .export_to_writer(global_tracker(), &mut file)
            .unwrap();
        assert_eq!(exported.file_size, file.len());
        assert_file_consistent(&file);
    }
    let during = progress.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    assert!(during > 0, "the workers allocated while the exports ran");
    for worker in workers {
        assert!(worker.join().unwrap() > 0);
    }
}
