//! The `tHRD` segment (FORMAT.md, "`tHRD`"): the thread that allocated
//! each record, with the threads' names. Golden bytes, a round trip with
//! and without call stacks and compression, the tracker's export from
//! named threads, and each reader rule broken once.

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, ExportError, FileContents, FormatError,
    PlacedRecord, Thread, ThreadIndex, Threads, convert_to_json,
};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker};

/// Three records: the first by the unnamed thread 4, the second by
/// `main`, the third by a thread the file does not know.
fn records() -> Vec<PlacedRecord> {
    vec![
        PlacedRecord::new(AllocationInfo::new(0x1000, 64, 7))
            .with_thread(ThreadIndex::from_index(1)),
        PlacedRecord::new(AllocationInfo::new(0x2000, 16, 8))
            .with_thread(ThreadIndex::from_index(0)),
        PlacedRecord::new(AllocationInfo::new(0x3000, 8, 9)),
    ]
}

fn threads() -> Threads {
    Threads {
        threads: vec![
            Thread {
                id: 1,
                name: "main".into(),
            },
            Thread {
                id: 4,
                name: String::new(),
            },
        ],
    }
}

/// Stats that agree with `records`.
fn stats_of(records: &[PlacedRecord]) -> MemoryStats {
    MemoryStats::of_live(records.iter().map(|r| &r.allocation))
}

fn export(config: BinaryExportConfig, threads: &Threads) -> Vec<u8> {
    let records = records();
    let mut file = Vec::new();
    let contents = FileContents::new(stats_of(&records), &records).with_threads(threads);
    BinaryExporter::new(config.timestamp(5))
        .export_to_writer(&contents, &mut file)
        .unwrap();
    file
}

/// Reads every record with its thread, then the threads.
fn read(file: &[u8]) -> Result<(Vec<PlacedRecord>, Option<Threads>), FormatError> {
    let mut reader = BinaryReader::from_bytes(file)?;
    let threads = reader.threads().cloned();
    let read = reader
        .records()
        .map(|r| r.map(|r| r.into_placed()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((read, threads))
}

fn find_segment(file: &[u8], tag: &[u8; 4]) -> usize {
    file.windows(4).rposition(|w| w == tag).expect("segment")
}

#[test]
fn a_file_with_threads_and_no_stacks_is_version_2_without_the_stacks_flag() {
    let file = export(BinaryExportConfig::new().checksum(false), &threads());
    let reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.header().version, 2);
    assert_eq!(reader.flags().bits(), 0);
    // The segment, byte for byte, after the 3 records.
    let at = find_segment(&file, b"tHRD");
    assert_eq!(at, 24 + 60 + 8 + 3 * 24);
    let body_len = 8 + (10 + 4) + 10 + 4 * 3;
    let expected: Vec<u8> = [
        &b"tHRD"[..],
        &(body_len as u64).to_le_bytes(),
        &2u32.to_le_bytes(),
        &1u64.to_le_bytes(),
        &4u16.to_le_bytes(),
        b"main",
        &4u64.to_le_bytes(),
        &0u16.to_le_bytes(),
        &3u32.to_le_bytes(),
        &2u32.to_le_bytes(),
        &1u32.to_le_bytes(),
        &0u32.to_le_bytes(),
        b"ENDS",
        &8u64.to_le_bytes(),
        &(at as u64).to_le_bytes(),
    ]
    .concat();
    assert_eq!(&file[at..], expected.as_slice());
}

#[test]
fn each_record_comes_back_with_its_thread_plain_or_compressed_in_memory_or_streamed() {
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().compression_level(3),
        BinaryExportConfig::new()
            .include_details(true)
            .checksum(false),
    ] {
        let file = export(config.clone(), &threads());
        let (read_records, read_threads) = read(&file).unwrap();
        let expected: Vec<PlacedRecord> = records()
            .into_iter()
            .map(|r| {
                let a = r.allocation.clone();
                PlacedRecord {
                    allocation: AllocationInfo::new(a.ptr, a.size, a.timestamp_alloc),
                    ..r
                }
            })
            .collect();
        assert_eq!(read_records, expected, "{config:?}");
        assert_eq!(read_threads.as_ref(), Some(&threads()), "{config:?}");

        let mut reader = BinaryReader::from_stream(file.as_slice()).unwrap();
        assert_eq!(
            reader.threads(),
            Some(&threads()),
            "known before the records"
        );
        let names: Vec<Option<(u64, Option<String>)>> = reader
            .records()
            .map(|record| {
                record
                    .unwrap()
                    .thread
                    .map(|t| (t.id(), t.name().map(str::to_owned)))
            })
            .collect();
        assert_eq!(
            names,
            [Some((4, None)), Some((1, Some("main".to_owned()))), None]
        );
    }
}

#[test]
fn a_file_with_threads_and_no_stacks_converts_to_a_version_2_document_with_its_threads() {
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().compression_level(3),
    ] {
        let file = export(config.clone(), &threads());
        let mut json = Vec::new();
        let converted = convert_to_json(BinaryReader::from_bytes(&file).unwrap(), &mut json)
            .unwrap_or_else(|e| panic!("{config:?}: {e}"));
        assert_eq!(converted, 3);
        let document: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(document["version"], 2);
        let allocations = document["allocations"].as_array().unwrap();
        // Each record's thread by id: 4, then 1 (main), then unknown.
        let ids: Vec<&serde_json::Value> = allocations.iter().map(|a| &a["thread"]).collect();
        assert_eq!(
            ids,
            [
                &serde_json::json!(4),
                &serde_json::json!(1),
                &serde_json::Value::Null
            ]
        );
        assert!(
            allocations.iter().all(|a| a.get("stack").is_none()),
            "no stack field"
        );
        assert_eq!(
            document["threads"],
            serde_json::json!([{"id": 1, "name": "main"}, {"id": 4, "name": null}])
        );
        for absent in ["stacks", "frames"] {
            assert!(document.get(absent).is_none(), "{absent}");
        }
    }
}

#[test]
fn into_tables_hands_over_the_tables_the_reader_showed() {
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().compression_level(3),
    ] {
        let file = export(config.clone(), &threads());
        let mut reader = BinaryReader::from_bytes(&file).unwrap();
        assert_eq!(reader.records().filter(Result::is_ok).count(), 3);
        assert_eq!(reader.into_tables(), (None, Some(threads())), "{config:?}");
    }
    // A version-1 file has none.
    let records = records();
    let plain: Vec<AllocationInfo> = records.iter().map(|r| r.allocation.clone()).collect();
    let mut file = Vec::new();
    BinaryExporter::default()
        .export_to_writer(&FileContents::new(stats_of(&records), &plain), &mut file)
        .unwrap();
    assert_eq!(
        BinaryReader::from_bytes(&file).unwrap().into_tables(),
        (None, None)
    );
}

#[test]
fn a_tracker_export_carries_the_thread_of_each_block_with_its_name() {
    let tracker = MemoryTracker::new();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("parser".into())
            .spawn_scoped(scope, || {
                tracker.record_alloc_with_stack(0x1000, 64, 1, &[0x10])
            })
            .unwrap();
    });
    tracker.record_alloc_with_stack(0x2000, 32, 2, &[0x20]);
    let config = BinaryExportConfig::new().symbolize(false);
    let mut file = Vec::new();
    BinaryExporter::new(config.clone())
        .export_to_writer(&tracker, &mut file)
        .unwrap();
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    let threads = reader
        .threads()
        .expect("threads ride with the stacks")
        .clone();
    let mut by_ptr: Vec<(usize, Option<Thread>)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record.allocation.ptr,
                record.thread.map(|t| t.thread.clone()),
            )
        })
        .collect();
    by_ptr.sort_by_key(|&(ptr, _)| ptr);
    let parser = by_ptr[0].1.as_ref().expect("a thread");
    assert_eq!(parser.name(), Some("parser"));
    let here = by_ptr[1].1.as_ref().expect("a thread");
    assert_ne!(here.id, parser.id);
    assert_eq!(threads.threads.len(), 2);

    // Turned off, the file has no tHRD.
    let mut without = Vec::new();
    BinaryExporter::new(config.threads(false))
        .export_to_writer(&tracker, &mut without)
        .unwrap();
    assert!(without.windows(4).all(|w| w != b"tHRD"));
    assert!(without.len() < file.len());
}

#[cfg(target_os = "linux")]
#[test]
fn a_thread_name_is_cut_to_15_bytes_at_a_character_boundary() {
    // Bytes 14 and 15 are the two of `é`: the kernel keeps 15 bytes, half
    // of it; the file has the 14 before it.
    let tracker = MemoryTracker::new();
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("abcdefghijklmné-worker".into())
            .spawn_scoped(scope, || {
                tracker.record_alloc_with_stack(0x1000, 64, 1, &[0x10])
            })
            .unwrap();
    });
    let mut file = Vec::new();
    BinaryExporter::new(BinaryExportConfig::new().symbolize(false))
        .export_to_writer(&tracker, &mut file)
        .unwrap();
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    let record = reader.records().next().unwrap().unwrap();
    let thread = record.thread.expect("a thread").thread.clone();
    assert_eq!(thread.name(), Some("abcdefghijklmn"));
}

#[test]
fn inconsistent_threads_are_refused_before_anything_is_written() {
    let records = records();
    let stats = stats_of(&records);
    let mut one = threads();
    one.threads.pop();
    let mut file = Vec::new();
    let contents = FileContents::new(stats, &records).with_threads(&one);
    let err = BinaryExporter::default()
        .export_to_writer(&contents, &mut file)
        .unwrap_err();
    assert!(
        matches!(
            &err,
            ExportError::UnknownPlace {
                index: 0,
                what: "thread",
                count: Some(1),
                ..
            }
        ),
        "{err}"
    );
    assert!(file.is_empty());

    let mut long = threads();
    long.threads[0].name = "n".repeat(70_000);
    let contents = FileContents::new(stats, &records).with_threads(&long);
    let err = BinaryExporter::default()
        .export_to_writer(&contents, &mut file)
        .unwrap_err();
    assert!(matches!(
        err,
        ExportError::InvalidThreads(FormatError::ThreadNameTooLong {
            id: 1,
            length: 70_000,
            ..
        })
    ));
    assert!(file.is_empty(), "refused before the records were written");
}

/// The file with one byte of the tHRD body changed (its checksum off).
fn patched(at_in_body: usize, value: u8) -> Vec<u8> {
    let mut file = export(BinaryExportConfig::new().checksum(false), &threads());
    let body = find_segment(&file, b"tHRD") + 12;
    file[body + at_in_body] = value;
    file
}

#[test]
fn each_rule_of_the_threads_segment_is_a_distinct_error_at_its_body() {
    let body = (find_segment(&export(BinaryExportConfig::new(), &threads()), b"tHRD") + 12) as u64;
    // Record entries start after the thread table: 4 + (8 + 2 + 4) + (8 + 2).
    let entries = 4 + 14 + 10;
    // An index past the two threads.
    let err = read(&patched(entries + 4, 3)).unwrap_err();
    assert!(
        matches!(err, FormatError::IndexOutOfRange { what: "thread", index: 2, count: 2, offset, .. } if offset == body),
        "{err}"
    );
    // The same thread id twice.
    let err = read(&patched(4 + 14, 1)).unwrap_err();
    assert!(
        matches!(err, FormatError::DuplicateThread { id: 1, offset } if offset == body),
        "{err}"
    );
    // Invalid UTF-8 in a name.
    let err = read(&patched(4 + 10, 0xff)).unwrap_err();
    assert!(matches!(err, FormatError::SegmentBody { .. }), "{err}");
    // One record entry too few: the count says 2, and 4 bytes are left over.
    let err = read(&patched(entries, 2)).unwrap_err();
    assert!(matches!(err, FormatError::SegmentTrailing { .. }), "{err}");
    assert!(err.to_string().contains("tHRD"), "{err}");
}

#[test]
fn a_record_count_that_disagrees_with_the_allocation_segment_is_refused() {
    // Two records' entries for three records: rewrite the count and drop
    // the last entry, keeping the segment's length right.
    let clean = export(BinaryExportConfig::new().checksum(false), &threads());
    let at = find_segment(&clean, b"tHRD");
    let entries = at + 12 + 4 + 14 + 10;
    let mut file = clean[..entries].to_vec();
    file.extend_from_slice(&2u32.to_le_bytes());
    file.extend_from_slice(&clean[entries + 4..entries + 12]);
    let ends = file.len();
    file.extend_from_slice(&clean[find_segment(&clean, b"ENDS")..]);
    let body_len = (ends - at - 12) as u64;
    file[at + 4..at + 12].copy_from_slice(&body_len.to_le_bytes());
    let err = read(&file).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::ThreadRecordCount {
                found: 2,
                records: 3,
                ..
            }
        ),
        "{err}"
    );
}
