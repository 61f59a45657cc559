//! Version 2 (FORMAT.md, "Version 2"): call stacks in extension segments
//! after the records. Golden bytes written out by hand, a round trip of
//! every variant, and every rule for readers broken once: each a distinct
//! typed error. Every cut and every flipped bit of a version-2 file is
//! refused, whether the reader streams it or reads its stacks first from
//! the end (a seekable input), when each record comes with its stack.

use memscope_binary::{BinaryRecord, Layout};
use memscope_export::format::{Flags, RECORDS_OFFSET};
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, FileContents, FormatError, Frame,
    FrameId, Module, PlacedRecord, StackId, StringId,
};
use memscope_tracker::{AllocationInfo, MemoryStats};
use proptest::prelude::*;

/// Two records, the first allocated in `load` inlined into `main`, the
/// second without a stack.
fn sample() -> (Vec<PlacedRecord>, CallStacks) {
    let mut stacks = CallStacks::default();
    let load = stacks.intern_string("app::load");
    let main = stacks.intern_string("app::main");
    let file = stacks.intern_string("src/main.rs");
    let inner = stacks.push_frame(Frame {
        address: 0x5000,
        function: Some(load),
        file: Some(file),
        line: Some(3),
        inlined: true,
    });
    let outer = stacks.push_frame(Frame {
        address: 0x5000,
        function: Some(main),
        file: Some(file),
        line: Some(9),
        inlined: false,
    });
    let id = stacks.push_stack([inner, outer]);
    let records = vec![
        PlacedRecord::new(AllocationInfo::new(0x1000, 64, 7)).with_stack(id),
        PlacedRecord::new(AllocationInfo::new(0x2000, 16, 8)),
    ];
    (records, stacks)
}

/// The allocations of `records`.
fn allocations(records: &[PlacedRecord]) -> Vec<AllocationInfo> {
    records.iter().map(|r| r.allocation.clone()).collect()
}

fn export(config: BinaryExportConfig, records: &[PlacedRecord], stacks: &CallStacks) -> Vec<u8> {
    let mut file = Vec::new();
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    BinaryExporter::new(config.timestamp(0x0102))
        .export_to_writer(
            &FileContents::new(stats, records).with_stacks(stacks),
            &mut file,
        )
        .unwrap();
    file
}

/// Every record of `reader`, each with its stack, then the stacks.
fn read_all<R: std::io::Read>(
    mut reader: BinaryReader<R>,
) -> Result<(Vec<PlacedRecord>, Option<CallStacks>), FormatError> {
    let stacks = reader.stacks().cloned();
    let records = reader
        .records()
        .map(|r| r.map(|r| r.into_placed()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((records, stacks))
}

/// Reads a file in memory (the stacks first, from its end), every record
/// with its stack.
fn read(file: &[u8]) -> Result<(Vec<PlacedRecord>, Option<CallStacks>), FormatError> {
    read_all(BinaryReader::from_bytes(file)?)
}

/// Reads a file as a stream that cannot seek: copied to a temporary file
/// first, then read as [`read`] does.
fn read_stream(file: &[u8]) -> Result<(Vec<PlacedRecord>, Option<CallStacks>), FormatError> {
    read_all(BinaryReader::from_stream(file)?)
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
    let allocations = allocations(&records);
    expected.extend(
        MemoryStats::of_live(&allocations)
            .to_bytes(Layout::Basic)
            .unwrap(),
    );
    expected.extend(b"ALOC");
    expected.extend(2u32.to_le_bytes());
    for r in &allocations {
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
    let records = allocations(&sample().0);
    let mut file = Vec::new();
    let contents = FileContents::new(MemoryStats::of_live(&records), &records);
    BinaryExporter::default()
        .export_to_writer(&contents, &mut file)
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
    let first: Vec<_> = read_stacks
        .stack(read_records[0].stack.unwrap())
        .unwrap()
        .frames()
        .collect();
    let names: Vec<_> = first.iter().map(|f| f.function.unwrap()).collect();
    assert_eq!(names, ["app::load", "app::main"]);
    assert!(first[0].inlined && !first[1].inlined);
    assert_eq!(
        (first[0].file, first[0].line),
        (Some("src/main.rs"), Some(3))
    );
    assert!(read_records[1].stack.is_none());
}

#[test]
fn every_input_has_the_stacks_before_the_first_record_and_each_record_its_stack() {
    let (records, stacks) = sample();
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().checksum(false),
        BinaryExportConfig::new()
            .compression_level(3)
            .include_details(true),
    ] {
        let file = export(config, &records, &stacks);
        for mut reader in [
            BinaryReader::from_stream(file.as_slice()).unwrap(),
            BinaryReader::new(tempfile_of(&file)).unwrap(),
        ] {
            assert_eq!(reader.stacks(), Some(&stacks), "before any record");
            let ids: Vec<Option<StackId>> =
                reader.records().map(|r| r.unwrap().stack_id()).collect();
            assert_eq!(ids, [Some(StackId::from_index(0)), None]);
        }
    }
}

/// A temporary file holding `bytes`, rewound.
fn tempfile_of(bytes: &[u8]) -> std::fs::File {
    use std::io::{Seek, Write};
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    file.rewind().unwrap();
    file
}

#[test]
fn the_extension_segments_are_listed_with_their_offsets_and_lengths() {
    let file = plain_file();
    let reader = BinaryReader::from_bytes(&file).unwrap();
    let segments = reader.extension_segments().to_vec();
    let tags: Vec<[u8; 4]> = segments.iter().map(|s| s.tag.0).collect();
    assert_eq!(tags, [*b"sSTR", *b"sFRM", *b"sSTK", *b"sIDS", *b"ENDS"]);
    assert_eq!(segments[0].offset, RECORDS_OFFSET as u64 + 48);
    for pair in segments.windows(2) {
        assert_eq!(pair[0].end(), pair[1].offset, "back to back");
    }
    assert_eq!(segments[1].length, 4 + 2 * 24);
    assert_eq!(segments[4].end(), file.len() as u64);
    assert_eq!(
        segments[3].meaning(),
        "call stacks: the stack of each record"
    );
    // A stream finds them the same.
    let streamed = BinaryReader::from_stream(file.as_slice()).unwrap();
    assert_eq!(streamed.extension_segments(), segments);
}

#[test]
fn open_reads_the_stacks_ahead_from_a_file_on_disk() {
    let (records, stacks) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stacks.memscope");
    std::fs::write(&path, export(BinaryExportConfig::new(), &records, &stacks)).unwrap();
    let mut reader = BinaryReader::open(&path).unwrap();
    assert_eq!(reader.stacks(), Some(&stacks));
    let record = reader.records().next().unwrap().unwrap();
    let innermost = record.stack.unwrap().frames().next().unwrap();
    assert_eq!(innermost.function, Some("app::load"));
}

#[test]
fn a_damaged_end_is_refused_when_a_seekable_file_is_opened() {
    let clean = plain_file();
    let ends = find_segment(&clean, b"ENDS");
    // Not an ENDS where the last 20 bytes are.
    let mut file = clean.clone();
    file[ends] = b'X';
    assert!(matches!(
        BinaryReader::from_bytes(&file).unwrap_err(),
        FormatError::MissingEnd { offset } if offset == ends as u64
    ));
    // An offset past ENDS, or before the records.
    for found in [ends as u64 + 1, 10] {
        let mut file = clean.clone();
        file[ends + 12..ends + 20].copy_from_slice(&found.to_le_bytes());
        let err = BinaryReader::from_bytes(&file).unwrap_err();
        assert!(
            matches!(err, FormatError::EndOffsetOutOfRange { found: f, min: 92, offset } if f == found && offset == ends as u64),
            "{err}"
        );
    }
    // Bytes between an earlier ENDS and the last one.
    let mut file = clean.clone();
    let tail = clean[ends..].to_vec();
    file.extend(&tail);
    let ends_2 = ends + tail.len();
    file[ends_2 + 12..ends_2 + 20].copy_from_slice(&(ends as u64 + 1).to_le_bytes());
    assert!(BinaryReader::from_bytes(&file).is_err());
    let mut file = clean.clone();
    file.extend(&tail);
    let err = BinaryReader::from_bytes(&file).unwrap_err();
    assert!(
        matches!(&err, FormatError::TrailingBytes { after: "ENDS segment", offset, .. } if *offset == clean.len() as u64),
        "{err}"
    );
    // A too short file.
    let err = BinaryReader::from_bytes(&clean[..100]).unwrap_err();
    assert!(matches!(err, FormatError::MissingEnd { .. }), "{err}");
}

#[test]
fn segments_that_change_between_open_and_the_end_of_the_records_are_refused() {
    // Records past the reader's 64 KiB buffer, so the segments are read
    // from the file twice: ahead, and after the records.
    let (_, mut stacks) = sample();
    let second = stacks.push_stack([FrameId::from_index(1)]);
    let first_stack = StackId::from_index(0);
    let records: Vec<PlacedRecord> = (0..5000)
        .map(|i| {
            let record = PlacedRecord::new(AllocationInfo::new(0x1000 + i * 16, 8, i as u64));
            match i % 3 {
                0 => record,
                1 => record.with_stack(first_stack),
                _ => record.with_stack(second),
            }
        })
        .collect();
    let file = export(BinaryExportConfig::new().checksum(false), &records, &stacks);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changing.memscope");
    std::fs::write(&path, &file).unwrap();
    let mut reader = BinaryReader::open(&path).unwrap();
    // Another process rewrites one stack id in place: still a sound file.
    let ids = find_segment(&file, b"sIDS");
    let mut changed = file.clone();
    changed[ids + 16] = 2;
    std::fs::write(&path, &changed).unwrap();
    let err = reader
        .records()
        .find_map(Result::err)
        .expect("the change is seen");
    let first = find_segment(&file, b"sSTR") as u64;
    assert!(
        matches!(err, FormatError::PrefetchMismatch { offset } if offset == first),
        "{err}"
    );
}

#[test]
fn inconsistent_stacks_are_refused_before_anything_is_written() {
    let (mut records, stacks) = sample();
    records[1].stack = Some(StackId::from_index(1));
    let mut file = Vec::new();
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let err = BinaryExporter::default()
        .export_to_writer(
            &FileContents::new(stats, &records).with_stacks(&stacks),
            &mut file,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "allocation record 1: its stack 2, but the table holds 1"
    );
    assert!(file.is_empty());
    // A stack named without stack tables.
    let err = BinaryExporter::default()
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap_err();
    assert!(err.to_string().contains("no such table"), "{err}");
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
    // Where ENDS should be: the last 20 bytes (before a footer).
    let err = read(&clean[..ends]).unwrap_err();
    assert!(
        matches!(err, FormatError::MissingEnd { offset } if offset == ends as u64 - 20),
        "{err}"
    );
    // An offset one byte off: read from there, the segments make no
    // sense (here, the tag `STR-`).
    let mut wrong = clean.clone();
    wrong[ends + 12] ^= 1;
    assert!(read(&wrong).is_err());
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
            assert!(
                read_stream(&file[..cut]).is_err(),
                "a cut at {cut} of {}, read as a stream",
                file.len()
            );
        }
        read(&file).unwrap();
        read_stream(&file).unwrap();
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
                assert!(
                    read_stream(&flipped).is_err(),
                    "bit {bit} of byte {byte}, read as a stream"
                );
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

fn arbitrary_file() -> impl Strategy<Value = (Vec<PlacedRecord>, CallStacks)> {
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
            // Index `n` of `n + 1` is none.
            let string = |i: u32| {
                (n > 0 && i % (n + 1) < n).then(|| StringId::from_index((i % (n + 1)) as usize))
            };
            for (address, f, file, line, inlined) in frames {
                table.push_frame(Frame {
                    address,
                    function: string(f),
                    file: string(file),
                    line: (line != 0).then_some(line),
                    inlined,
                });
            }
            let frames = table.frames.len();
            for stack in stacks {
                table.push_stack(
                    stack
                        .into_iter()
                        .map(|f| FrameId::from_index(f as usize % frames)),
                );
            }
            let count = table.stacks.len();
            let records = records
                .into_iter()
                .enumerate()
                .map(|(i, record)| PlacedRecord {
                    allocation: record,
                    stack: (i % (count + 1) < count).then(|| StackId::from_index(i % (count + 1))),
                    thread: None,
                    sample_mean: None,
                })
                .collect();
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
        let expected: Vec<PlacedRecord> = records
            .iter()
            .map(|r| {
                let a = &r.allocation;
                PlacedRecord {
                    allocation: if details { a.clone() } else { AllocationInfo::new(a.ptr, a.size, a.timestamp_alloc) },
                    ..r.clone()
                }
            })
            .collect();
        prop_assert_eq!(&read_records, &expected);
        prop_assert_eq!(read_stacks.as_ref(), Some(&stacks));
        let (streamed, streamed_stacks) = read_stream(&file).unwrap();
        prop_assert_eq!(streamed, expected);
        prop_assert_eq!(streamed_stacks, Some(stacks));
        let flags = BinaryReader::from_bytes(&file).unwrap().flags();
        prop_assert!(flags.contains(Flags::STACKS));
    }
}
