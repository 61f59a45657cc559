//! Version 2 (FORMAT.md, "Version 2"): call stacks in extension segments
//! after the records. Golden bytes written out by hand, a round trip of
//! every variant, and every rule for readers broken once: each a distinct
//! typed error. Every cut and every flipped bit of a version-2 file is
//! refused.

use memscope_binary::{BinaryRecord, Layout};
use memscope_export::format::{Flags, RECORDS_OFFSET};
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, FormatError, Frame, INLINED,
    Module,
};
use memscope_tracker::{AllocationInfo, MemoryStats};
use proptest::prelude::*;

fn stats_of(records: &[AllocationInfo]) -> MemoryStats {
    let memory = records.iter().map(|r| r.size as u64).sum();
    MemoryStats {
        total_allocations: records.len() as u64,
        active_allocations: records.len() as u64,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..Default::default()
    }
}

/// Two records, the first allocated in `load` inlined into `main`, the
/// second without a stack.
fn sample() -> (Vec<AllocationInfo>, CallStacks) {
    let records = vec![
        AllocationInfo::new(0x1000, 64, 7),
        AllocationInfo::new(0x2000, 16, 8),
    ];
    let mut stacks = CallStacks::default();
    let load = stacks.intern_string("app::load");
    let main = stacks.intern_string("app::main");
    let file = stacks.intern_string("src/main.rs");
    let inner = stacks.push_frame(Frame {
        address: 0x5000,
        function: load + 1,
        file: file + 1,
        line: 3,
        flags: INLINED,
    });
    let outer = stacks.push_frame(Frame {
        address: 0x5000,
        function: main + 1,
        file: file + 1,
        line: 9,
        flags: 0,
    });
    let id = stacks.push_stack(vec![inner, outer]);
    stacks.ids = vec![id, 0];
    (records, stacks)
}

fn export(config: BinaryExportConfig, records: &[AllocationInfo], stacks: &CallStacks) -> Vec<u8> {
    let mut file = Vec::new();
    BinaryExporter::new(config.timestamp(0x0102))
        .write_snapshot_with_stacks(&mut file, &stats_of(records), records, stacks)
        .unwrap();
    file
}

/// Reads every record, then the stacks.
fn read(file: &[u8]) -> Result<(Vec<AllocationInfo>, Option<CallStacks>), FormatError> {
    let reader = BinaryReader::new(file)?;
    let mut records = reader.records();
    let read = records.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok((read, records.take_stacks()))
}

#[test]
fn a_small_version_2_file_is_these_bytes() {
    let (records, stacks) = sample();
    let file = export(BinaryExportConfig::new().checksum(false), &records, &stacks);
    let mut expected = Vec::new();
    // Header: magic, version 2, flags STACKS (bit 3), timestamp 0x0102.
    expected.extend(b"MEMSCOPE");
    expected.extend(2u32.to_le_bytes());
    expected.extend(8u32.to_le_bytes());
    expected.extend(0x0102u64.to_le_bytes());
    // Stats and records exactly as version 1.
    expected.extend(stats_of(&records).to_bytes(Layout::Basic).unwrap());
    expected.extend(b"ALOC");
    expected.extend(2u32.to_le_bytes());
    for r in &records {
        expected.extend(r.to_bytes(Layout::Basic).unwrap());
    }
    let first_segment = expected.len() as u64;
    assert_eq!(first_segment, RECORDS_OFFSET as u64 + 48);
    // sSTR: 3 strings, each u32 length + UTF-8.
    let mut strings = 3u32.to_le_bytes().to_vec();
    for s in ["app::load", "app::main", "src/main.rs"] {
        strings.extend((s.len() as u32).to_le_bytes());
        strings.extend(s.as_bytes());
    }
    expected.extend(b"sSTR");
    expected.extend((strings.len() as u64).to_le_bytes());
    expected.extend(&strings);
    // sFRM: 2 frames of 24 bytes: address, function + 1, file + 1, line, flags.
    expected.extend(b"sFRM");
    expected.extend((4u64 + 48).to_le_bytes());
    expected.extend(2u32.to_le_bytes());
    #[rustfmt::skip]
    let frames: [u8; 48] = [
        0x00, 0x50, 0, 0, 0, 0, 0, 0,  1, 0, 0, 0,  3, 0, 0, 0,  3, 0, 0, 0,  1, 0, 0, 0, // load, INLINED
        0x00, 0x50, 0, 0, 0, 0, 0, 0,  2, 0, 0, 0,  3, 0, 0, 0,  9, 0, 0, 0,  0, 0, 0, 0, // main
    ];
    expected.extend(frames);
    // sSTK: 1 stack of depth 2 (u16), frames 0 then 1.
    expected.extend(b"sSTK");
    expected.extend((4u64 + 2 + 8).to_le_bytes());
    expected.extend(1u32.to_le_bytes());
    expected.extend(2u16.to_le_bytes());
    expected.extend(0u32.to_le_bytes());
    expected.extend(1u32.to_le_bytes());
    // sIDS: one id per record: stack 1, then none.
    expected.extend(b"sIDS");
    expected.extend((4u64 + 8).to_le_bytes());
    expected.extend(2u32.to_le_bytes());
    expected.extend(1u32.to_le_bytes());
    expected.extend(0u32.to_le_bytes());
    // ENDS: length 8, the offset of sSTR.
    expected.extend(b"ENDS");
    expected.extend(8u64.to_le_bytes());
    expected.extend(first_segment.to_le_bytes());
    assert_eq!(file, expected);
}

#[test]
fn a_file_without_stacks_stays_version_1() {
    let (records, _) = sample();
    let mut file = Vec::new();
    BinaryExporter::default()
        .write_snapshot(&mut file, &stats_of(&records), &records)
        .unwrap();
    assert_eq!(u32::from_le_bytes(file[8..12].try_into().unwrap()), 1);
}

#[test]
fn each_record_comes_back_with_its_resolved_stack() {
    let (records, stacks) = sample();
    let file = export(BinaryExportConfig::new(), &records, &stacks);
    let (read_records, read_stacks) = read(&file).unwrap();
    assert_eq!(read_records, records);
    let read_stacks = read_stacks.expect("stacks");
    assert_eq!(read_stacks, stacks);
    let first = read_stacks.stack_of_record(0).unwrap();
    let names: Vec<_> = first.iter().map(|f| f.function.unwrap()).collect();
    assert_eq!(names, ["app::load", "app::main"]);
    assert!(first[0].inlined && !first[1].inlined);
    assert_eq!(
        (first[0].file, first[0].line),
        (Some("src/main.rs"), Some(3))
    );
    assert!(read_stacks.stack_of_record(1).is_none());
}

#[test]
fn inconsistent_stacks_are_refused_before_anything_is_written() {
    let (records, mut stacks) = sample();
    stacks.ids = vec![1];
    let mut file = Vec::new();
    let err = BinaryExporter::default()
        .write_snapshot_with_stacks(&mut file, &stats_of(&records), &records, &stacks)
        .unwrap_err();
    assert!(err.to_string().contains("2 records"), "{err}");
    assert!(file.is_empty());
}

/// The file with its segment at `tag` patched by `patch(head_offset, file)`.
fn find_segment(file: &[u8], tag: &[u8; 4]) -> usize {
    file.windows(4)
        .rposition(|w| w == tag)
        .unwrap_or_else(|| panic!("no {tag:?}"))
}

fn plain_file() -> Vec<u8> {
    let (records, stacks) = sample();
    export(BinaryExportConfig::new().checksum(false), &records, &stacks)
}

#[test]
fn a_version_above_2_is_refused_naming_both() {
    let mut file = plain_file();
    file[8] = 3;
    let err = read(&file).unwrap_err();
    assert!(matches!(
        err,
        FormatError::UnsupportedVersion {
            found: 3,
            supported: 2,
            ..
        }
    ));
    assert!(err.to_string().contains("version 3") && err.to_string().contains("up to 2"));
}

#[test]
fn the_stacks_flag_is_unknown_in_version_1() {
    let mut file = plain_file();
    file[8] = 1;
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::UnknownFlag { bit: 3, .. }
    ));
}

#[test]
fn an_unknown_critical_segment_is_refused_and_an_ancillary_one_skipped() {
    let clean = plain_file();
    let ends = find_segment(&clean, b"ENDS");
    let segment = |tag: &[u8; 4]| {
        let mut s = tag.to_vec();
        s.extend(3u64.to_le_bytes());
        s.extend([1, 2, 3]);
        s
    };
    let mut critical = clean.clone();
    critical.splice(ends..ends, segment(b"XTRA"));
    let err = read(&critical).unwrap_err();
    assert!(
        matches!(&err, FormatError::UnknownCriticalSegment { offset, .. } if *offset == ends as u64),
        "{err}"
    );
    assert!(err.to_string().contains(r#"b"XTRA""#), "{err}");
    let mut ancillary = clean.clone();
    ancillary.splice(ends..ends, segment(b"xtra"));
    let (records, stacks) = read(&ancillary).unwrap();
    assert_eq!(records.len(), 2);
    assert!(stacks.is_some());
}

#[test]
fn a_duplicate_segment_is_refused() {
    let clean = plain_file();
    let ids = find_segment(&clean, b"sIDS");
    let ends = find_segment(&clean, b"ENDS");
    let mut file = clean.clone();
    let copy = clean[ids..ends].to_vec();
    file.splice(ends..ends, copy);
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::DuplicateSegment { offset, .. } if offset == ends as u64
    ));
}

#[test]
fn a_missing_end_and_a_wrong_end_offset_are_refused() {
    let clean = plain_file();
    let ends = find_segment(&clean, b"ENDS");
    assert!(matches!(
        read(&clean[..ends]).unwrap_err(),
        FormatError::MissingEnd { offset } if offset == ends as u64
    ));
    let mut wrong = clean.clone();
    wrong[ends + 12] ^= 1;
    assert!(matches!(
        read(&wrong).unwrap_err(),
        FormatError::EndOffsetMismatch { .. }
    ));
}

#[test]
fn cross_references_out_of_range_are_refused_with_the_segment() {
    let clean = plain_file();
    // The one id of record 0 names stack 2 of 1.
    let mut file = clean.clone();
    let ids = find_segment(&file, b"sIDS");
    file[ids + 16] = 2;
    let err = read(&file).unwrap_err();
    assert!(
        matches!(&err, FormatError::IndexOutOfRange { what: "stack", index: 1, count: 1, offset, .. } if *offset == ids as u64 + 12),
        "{err}"
    );
    // The stack names frame 7 of 2.
    let mut file = clean.clone();
    let stk = find_segment(&file, b"sSTK");
    file[stk + 12 + 4 + 2] = 7;
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::IndexOutOfRange {
            what: "frame",
            index: 7,
            ..
        }
    ));
    // A frame names string 9 of 3.
    let mut file = clean.clone();
    let frm = find_segment(&file, b"sFRM");
    file[frm + 12 + 4 + 8] = 10;
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::IndexOutOfRange {
            what: "string",
            index: 9,
            ..
        }
    ));
}

#[test]
fn one_stack_id_per_record_and_valid_utf8() {
    let clean = plain_file();
    // sIDS says 3 ids (and has the bytes for them) for 2 records.
    let mut file = clean.clone();
    let ids = find_segment(&file, b"sIDS");
    file[ids + 4] = 16;
    file[ids + 12] = 3;
    file.splice(ids + 24..ids + 24, 0u32.to_le_bytes());
    let ends = find_segment(&file, b"ENDS");
    let first = u64::from_le_bytes(file[ends + 12..ends + 20].try_into().unwrap());
    assert_eq!(first, find_segment(&file, b"sSTR") as u64);
    let err = read(&file).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::StackIdCount {
                found: 3,
                records: 2,
                ..
            }
        ),
        "{err}"
    );
    // A function name that is not UTF-8.
    let mut file = clean.clone();
    let strs = find_segment(&file, b"sSTR");
    file[strs + 12 + 4 + 4] = 0xff;
    let err = read(&file).unwrap_err();
    assert!(err.to_string().contains("invalid utf-8"), "{err}");
}

#[test]
fn trailing_bytes_inside_a_segment_and_a_cut_segment_are_refused() {
    let clean = plain_file();
    let mut file = clean.clone();
    let ids = find_segment(&file, b"sIDS");
    file[ids + 4] += 1; // one byte longer than its content...
    file.insert(ids + 24, 0); // ...and that byte is there
    let ends = find_segment(&file, b"ENDS");
    let _ = ends;
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::SegmentTrailing { extra: 1, .. }
    ));
    let mut file = clean.clone();
    let ids = find_segment(&file, b"sIDS");
    file[ids + 4..ids + 12].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::SegmentTooLong { .. }
    ));
}

#[test]
fn the_stacks_flag_and_the_segments_must_agree() {
    let mut file = plain_file();
    file[12] &= !8;
    assert!(matches!(
        read(&file).unwrap_err(),
        FormatError::StacksFlagMismatch {
            flag_set: false,
            ..
        }
    ));
}

#[test]
fn every_cut_of_a_version_2_file_is_refused() {
    let (records, stacks) = sample();
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().checksum(false),
        BinaryExportConfig::new()
            .compression_level(3)
            .include_details(true),
    ] {
        let file = export(config, &records, &stacks);
        for cut in 0..file.len() {
            assert!(
                read(&file[..cut]).is_err(),
                "a cut at {cut} of {}",
                file.len()
            );
        }
        read(&file).unwrap();
    }
}

#[test]
fn every_flipped_bit_of_a_checksummed_version_2_file_is_refused() {
    let (records, stacks) = sample();
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().compression_level(1),
    ] {
        let file = export(config, &records, &stacks);
        for byte in 0..file.len() {
            for bit in 0..8 {
                let mut flipped = file.clone();
                flipped[byte] ^= 1 << bit;
                assert!(read(&flipped).is_err(), "bit {bit} of byte {byte}");
            }
        }
    }
}

#[test]
fn a_module_map_round_trips_for_offline_symbolization() {
    let (records, mut stacks) = sample();
    let path = stacks.intern_string("/usr/bin/app");
    stacks.modules = vec![Module {
        start: 0x5000,
        end: 0x9000,
        file_offset: 0x1000,
        path,
        build_id: vec![0xab; 20],
    }];
    let file = export(BinaryExportConfig::new(), &records, &stacks);
    assert_eq!(read(&file).unwrap().1.unwrap().modules, stacks.modules);
}

fn arbitrary_file() -> impl Strategy<Value = (Vec<AllocationInfo>, CallStacks)> {
    let record = (
        1usize..1 << 40,
        0usize..1 << 20,
        any::<u64>(),
        proptest::option::of("[a-z]{0,8}"),
    )
        .prop_map(|(ptr, size, t, name)| AllocationInfo {
            ptr,
            size,
            timestamp_alloc: t,
            var_name: name.clone(),
            type_name: name,
        });
    (
        proptest::collection::vec(record, 0..20),
        proptest::collection::vec("[a-zA-Z:_]{1,12}", 0..6),
        proptest::collection::vec(
            (any::<u64>(), 0u32..8, 0u32..8, any::<u32>(), any::<bool>()),
            1..10,
        ),
        proptest::collection::vec(proptest::collection::vec(0u32..100, 0..6), 1..8),
    )
        .prop_map(|(records, strings, frames, stacks)| {
            let mut table = CallStacks {
                strings,
                ..Default::default()
            };
            let n = table.strings.len() as u32;
            for (address, f, file, line, inlined) in frames {
                table.push_frame(Frame {
                    address,
                    function: if n == 0 { 0 } else { f % (n + 1) },
                    file: if n == 0 { 0 } else { file % (n + 1) },
                    line,
                    flags: u32::from(inlined),
                });
            }
            let frames = table.frames.len() as u32;
            for stack in stacks {
                table.push_stack(stack.into_iter().map(|f| f % frames).collect());
            }
            let count = table.stacks.len() as u32;
            table.ids = (0..records.len() as u32).map(|i| i % (count + 1)).collect();
            (records, table)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_variant_round_trips(
        (records, stacks) in arbitrary_file(),
        details in any::<bool>(),
        level in prop_oneof![Just(0u8), Just(1u8)],
        checksum in any::<bool>(),
    ) {
        let config = BinaryExportConfig::new()
            .include_details(details)
            .compression_level(level)
            .checksum(checksum);
        let file = export(config, &records, &stacks);
        let (read_records, read_stacks) = read(&file).unwrap();
        let expected: Vec<AllocationInfo> = records
            .iter()
            .map(|r| if details { r.clone() } else { AllocationInfo::new(r.ptr, r.size, r.timestamp_alloc) })
            .collect();
        prop_assert_eq!(read_records, expected);
        prop_assert_eq!(read_stacks.unwrap(), stacks);
        let flags = BinaryReader::new(file.as_slice()).unwrap().flags();
        prop_assert!(flags.contains(Flags::STACKS));
    }
}
