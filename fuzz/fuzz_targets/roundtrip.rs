//! Arbitrary tracker states through export and read, in every variant:
//! what comes back is what went in (the fields the layout carries).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker};

#[derive(Arbitrary, Debug)]
struct Block {
    slot: u16,
    size: u32,
    timestamp: u64,
    name: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    blocks: Vec<Block>,
    freed: Vec<u16>,
    details: bool,
    level: u8,
    checksum: bool,
}

fuzz_target!(|input: Input| {
    let tracker = MemoryTracker::new();
    // Names attach to real heap blocks; keep them alive while exporting.
    let mut holders = Vec::new();
    for block in &input.blocks {
        match &block.name {
            Some(name) if name.len() <= 1000 => {
                let holder = vec![0u8; 1 + block.slot as usize % 64];
                tracker.record_alloc_at(holder.as_ptr() as usize, holder.len(), block.timestamp);
                tracker.track_var(&holder, name);
                holders.push(holder);
            }
            _ => tracker.record_alloc_at(
                0x10_0000 + block.slot as usize * 16,
                block.size as usize,
                block.timestamp,
            ),
        }
    }
    for slot in &input.freed {
        tracker.record_dealloc(0x10_0000 + *slot as usize * 16);
    }
    let config = BinaryExportConfig::new()
        .include_details(input.details)
        .compression_level(input.level % 4)
        .checksum(input.checksum)
        // An input may record nothing: that is an empty file here.
        .allow_empty(true);
    let mut file = Vec::new();
    BinaryExporter::new(config)
        .export_to_writer(&tracker, &mut file)
        .unwrap();

    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    // The file carries the seven stats of FORMAT.md, not the tracker's
    // extra counters.
    let expected_stats = MemoryStats {
        total_reallocations: 0,
        peak_allocations: 0,
        ..tracker.stats()
    };
    assert_eq!(*reader.stats(), expected_stats);
    let read: Vec<AllocationInfo> = reader
        .records()
        .map(|record| record.unwrap().allocation)
        .collect();
    let expected: Vec<AllocationInfo> = tracker.with_live_allocations(|_, live| {
        live.map(|r| {
            let mut r = AllocationInfo {
                ptr: r.ptr,
                size: r.size,
                timestamp_alloc: r.timestamp_alloc,
                var_name: r.var_name.clone(),
                type_name: r.type_name.clone(),
            };
            if !input.details {
                r.var_name = None;
                r.type_name = None;
            }
            r
        })
        .collect()
    });
    assert_eq!(read, expected);
});
