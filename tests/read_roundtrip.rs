//! Export then read gives back the same stats and records (the fields the
//! layout carries), in every variant; and converting a binary file to JSON
//! gives exactly the bytes of the JSON export, call stacks included.

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, FileContents, convert_to_json,
    export_to_json_writer,
};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker};
use proptest::prelude::*;

fn variants() -> Vec<BinaryExportConfig> {
    let mut out = Vec::new();
    for details in [false, true] {
        for level in [0, 3] {
            for checksum in [false, true] {
                out.push(
                    BinaryExportConfig::new()
                        .include_details(details)
                        .compression_level(level)
                        .checksum(checksum)
                        .timestamp(42),
                );
            }
        }
    }
    out
}

prop_compose! {
    fn record()(
        slot in 0usize..1_000_000,
        size in 1usize..100_000,
        timestamp_alloc in any::<u64>(),
        var_name in proptest::option::of(".{0,10}"),
        type_name in proptest::option::of("[a-z:<>]{0,20}"),
    ) -> AllocationInfo {
        AllocationInfo {
            ptr: 0x1000 + slot * 16,
            size,
            timestamp_alloc,
            var_name,
            type_name,
        }
    }
}

/// A consistent snapshot of `records`, deduplicated by address and sorted.
fn snapshot(mut records: Vec<AllocationInfo>) -> (MemoryStats, Vec<AllocationInfo>) {
    records.sort_by_key(|r| r.ptr);
    records.dedup_by_key(|r| r.ptr);
    let memory: u64 = records.iter().map(|r| r.size as u64).sum();
    let stats = MemoryStats {
        total_allocations: records.len() as u64 + 5,
        total_deallocations: 5,
        active_allocations: records.len() as u64,
        active_memory: memory,
        peak_memory: memory + 1,
        total_allocated: memory + 100,
        total_deallocated: 100,
        ..Default::default()
    };
    (stats, records)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn export_then_read_gives_back_stats_and_records_in_every_variant(
        records in proptest::collection::vec(record(), 0..40),
    ) {
        let (stats, records) = snapshot(records);
        for config in variants() {
            let details = config.include_details;
            let mut file = Vec::new();
            BinaryExporter::new(config)
                .export_to_writer(&FileContents::new(stats, &records), &mut file)
                .unwrap();

            let mut reader = BinaryReader::from_bytes(&file).unwrap();
            prop_assert_eq!(reader.header().timestamp, 42);
            prop_assert_eq!(reader.stats(), &stats);
            prop_assert_eq!(reader.record_count() as usize, records.len());
            let back: Vec<AllocationInfo> = reader
                .records()
                .map(|r| r.map(|r| r.allocation))
                .collect::<Result<_, _>>()
                .unwrap();
            let expected: Vec<AllocationInfo> = records
                .iter()
                .map(|r| if details { r.clone() } else { AllocationInfo::new(r.ptr, r.size, r.timestamp_alloc) })
                .collect();
            prop_assert_eq!(back, expected);
        }
    }
}

#[test]
fn a_detailed_binary_converts_to_exactly_the_json_export() {
    let tracker = MemoryTracker::new();
    let names = [String::from("alpha"), String::from("beta")];
    for (i, value) in names.iter().enumerate() {
        tracker.record_alloc_at(value.as_ptr() as usize, value.capacity(), 10 + i as u64);
        tracker.track_var(value, &format!("name_{i}"));
    }
    for i in 0..100 {
        tracker.record_alloc_at(0x9000_0000 + i * 32, 32, i as u64);
    }
    let mut json = Vec::new();
    export_to_json_writer(&tracker, &mut json, 77).unwrap();

    for config in [
        BinaryExportConfig::new().include_details(true),
        BinaryExportConfig::new()
            .include_details(true)
            .compression_level(5),
    ] {
        let mut binary = Vec::new();
        BinaryExporter::new(config.timestamp(77))
            .export_to_writer(&tracker, &mut binary)
            .unwrap();
        let mut converted = Vec::new();
        let count =
            convert_to_json(BinaryReader::from_bytes(&binary).unwrap(), &mut converted).unwrap();
        assert_eq!(count, 102);
        assert_eq!(
            String::from_utf8(converted).unwrap(),
            String::from_utf8(json.clone()).unwrap()
        );
    }
}

#[inline(never)]
fn a_known_function() -> usize {
    std::hint::black_box(1)
}

/// A tracker whose blocks have call stacks: fake addresses (unknown
/// frames) and an address inside a function of this test (resolved to
/// its name, file and line when symbolization is on).
fn tracker_with_stacks() -> MemoryTracker {
    let tracker = MemoryTracker::new();
    let inside = a_known_function as *const () as usize + 1;
    assert_eq!(a_known_function(), 1);
    for i in 0..50 {
        let stack: &[usize] = match i % 3 {
            0 => &[inside, 0x20],
            1 => &[0x10, 0x20, 0x30],
            _ => &[],
        };
        tracker.record_alloc_with_stack(0x9000_0000 + i * 32, 32 + i, i as u64, stack);
    }
    let name = String::from("named");
    tracker.record_alloc_at(name.as_ptr() as usize, name.capacity(), 99);
    tracker.track_var(&name, "name");
    tracker
}

#[test]
fn a_binary_with_call_stacks_converts_to_exactly_the_json_export() {
    let tracker = tracker_with_stacks();
    let mut json = Vec::new();
    export_to_json_writer(&tracker, &mut json, 77).unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(parsed["version"], 2);
    assert_eq!(parsed["stacks"].as_array().unwrap().len(), 2);
    // Every block was allocated by this thread: one entry in `threads`,
    // and its id on every allocation.
    let threads = parsed["threads"].as_array().unwrap();
    assert_eq!(threads.len(), 1, "{threads:?}");
    let allocations = parsed["allocations"].as_array().unwrap();
    assert!(allocations.iter().all(|a| a["thread"] == threads[0]["id"]));
    if cfg!(target_os = "linux") {
        let functions: Vec<&str> = parsed["frames"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["function"].as_str())
            .collect();
        assert!(
            functions.iter().any(|f| f.ends_with("a_known_function")),
            "resolved by name: {functions:?}"
        );
    }

    for config in [
        BinaryExportConfig::new().include_details(true),
        BinaryExportConfig::new()
            .include_details(true)
            .compression_level(5)
            .checksum(false),
    ] {
        let mut binary = Vec::new();
        BinaryExporter::new(config.timestamp(77))
            .export_to_writer(&tracker, &mut binary)
            .unwrap();
        let reader = BinaryReader::from_bytes(&binary).unwrap();
        let mut converted = Vec::new();
        assert_eq!(convert_to_json(reader, &mut converted).unwrap(), 51);
        assert_eq!(
            String::from_utf8(converted).unwrap(),
            String::from_utf8(json.clone()).unwrap()
        );
    }
}

#[test]
fn a_file_with_call_stacks_from_a_stream_converts_as_a_file_does() {
    let tracker = tracker_with_stacks();
    let mut binary = Vec::new();
    BinaryExporter::new(
        BinaryExportConfig::new()
            .include_details(true)
            .timestamp(77),
    )
    .export_to_writer(&tracker, &mut binary)
    .unwrap();
    let (mut from_file, mut from_stream) = (Vec::new(), Vec::new());
    convert_to_json(BinaryReader::from_bytes(&binary).unwrap(), &mut from_file).unwrap();
    // A stream that cannot seek is copied to a temporary file first.
    let stream = BinaryReader::from_stream(binary.as_slice()).unwrap();
    convert_to_json(stream, &mut from_stream).unwrap();
    assert_eq!(from_stream, from_file);
}

/// Records with names of every kind, enough to span several buffers.
fn varied(count: usize) -> (MemoryStats, Vec<AllocationInfo>) {
    let records: Vec<AllocationInfo> = (0..count)
        .map(|i| AllocationInfo {
            var_name: (i % 3 == 0).then(|| format!("var_{i}")),
            type_name: (i % 5 == 0).then(|| "x".repeat(i % 300)),
            ..AllocationInfo::new(0x1000 + i * 16, 1 + i % 97, i as u64)
        })
        .collect();
    let memory = records.iter().map(|r| r.size as u64).sum();
    let stats = MemoryStats {
        total_allocations: count as u64,
        active_allocations: count as u64,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..Default::default()
    };
    (stats, records)
}

#[test]
fn visiting_borrowed_records_sees_exactly_what_iterating_sees_in_every_variant() {
    let (stats, records) = varied(20_000);
    for details in [false, true] {
        for level in [0, 3] {
            for checksum in [false, true] {
                let config = BinaryExportConfig::new()
                    .include_details(details)
                    .compression_level(level)
                    .checksum(checksum);
                let mut file = Vec::new();
                BinaryExporter::new(config)
                    .export_to_writer(&FileContents::new(stats, &records), &mut file)
                    .unwrap();
                let iterated: Vec<AllocationInfo> = BinaryReader::from_bytes(&file)
                    .unwrap()
                    .records()
                    .map(|r| r.map(|r| r.allocation))
                    .collect::<Result<_, _>>()
                    .unwrap();
                let mut visited = Vec::new();
                let mut reader = BinaryReader::from_bytes(&file).unwrap();
                let mut records = reader.records();
                records
                    .visit(|r| visited.push(r.allocation.to_info()))
                    .unwrap();
                assert_eq!(visited, iterated, "details {details}, level {level}");
                assert!(records.next().is_none(), "the visit ends the iteration");
            }
        }
    }
}

#[test]
fn visiting_a_cut_or_damaged_file_fails_as_iterating_does() {
    let (stats, records) = varied(300);
    let mut file = Vec::new();
    BinaryExporter::new(BinaryExportConfig::new().include_details(true))
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap();
    let iterate = |bytes: &[u8]| -> Result<usize, String> {
        let mut reader = BinaryReader::from_bytes(bytes).map_err(|e| e.to_string())?;
        let mut n = 0;
        for r in reader.records() {
            r.map_err(|e| e.to_string())?;
            n += 1;
        }
        Ok(n)
    };
    let visit = |bytes: &[u8]| -> Result<usize, String> {
        let mut reader = BinaryReader::from_bytes(bytes).map_err(|e| e.to_string())?;
        let mut n = 0;
        reader
            .records()
            .visit(|_| n += 1)
            .map_err(|e| e.to_string())?;
        Ok(n)
    };
    for cut in (0..file.len()).step_by(7) {
        assert_eq!(visit(&file[..cut]), iterate(&file[..cut]), "cut at {cut}");
    }
    let mut damaged = file.clone();
    damaged[120] ^= 0x55;
    assert_eq!(visit(&damaged), iterate(&damaged));
    assert!(visit(&damaged).is_err());
}
