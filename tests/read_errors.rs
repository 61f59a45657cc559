//! Every rule for readers in FORMAT.md, broken once: each is a distinct
//! typed error that says what was expected, what was found and where.

use memscope_binary::{BinaryRecord, CodecError, Layout};
use memscope_export::format::{Flags, RECORDS_OFFSET};
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, FileContents, FormatError, FormatResult,
    FramePart,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

fn snapshot() -> (MemoryStats, Vec<AllocationInfo>) {
    let mut named = AllocationInfo::new(0x1000, 64, 1);
    named.var_name = Some("buf".into());
    named.type_name = Some("Vec<u8>".into());
    let records = vec![
        named,
        AllocationInfo::new(0x2000, 16, 2),
        AllocationInfo::new(0x3000, 8, 3),
    ];
    let stats = MemoryStats {
        total_allocations: 3,
        active_allocations: 3,
        active_memory: 88,
        peak_memory: 88,
        total_allocated: 88,
        ..Default::default()
    };
    (stats, records)
}

fn export(config: BinaryExportConfig) -> Vec<u8> {
    let (stats, records) = snapshot();
    let mut file = Vec::new();
    BinaryExporter::new(config.timestamp(5))
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap();
    file
}

fn plain() -> Vec<u8> {
    export(BinaryExportConfig::new().checksum(false))
}

fn detailed() -> Vec<u8> {
    export(
        BinaryExportConfig::new()
            .include_details(true)
            .checksum(false),
    )
}

fn read(bytes: &[u8]) -> FormatResult<Vec<AllocationInfo>> {
    BinaryReader::from_bytes(bytes)?
        .records()
        .map(|r| r.map(|r| r.allocation))
        .collect()
}

#[test]
fn wrong_magic() {
    let mut bytes = plain();
    bytes[..8].copy_from_slice(b"NOTMEMSC");
    let err = read(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"not a memscope file: expected magic b"MEMSCOPE" at byte 0, found b"NOTMEMSC""#
    );
    let err = read(b"MEM").unwrap_err();
    assert!(
        matches!(&err, FormatError::NotMemscope { found } if found == b"MEM"),
        "{err}"
    );
}

#[test]
fn a_newer_version_is_refused_naming_both_versions() {
    let mut bytes = plain();
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    let err = read(&bytes).unwrap_err();
    assert!(matches!(
        err,
        FormatError::UnsupportedVersion {
            found: 3,
            supported: 2,
            offset: 8
        }
    ));
    assert_eq!(
        err.to_string(),
        "unsupported format version 3 at byte 8: this reader supports versions up to 2"
    );
}

#[test]
fn an_unknown_flag_bit_is_named() {
    let mut bytes = plain();
    bytes[12] |= 1 << 5;
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::UnknownFlag {
                bit: 5,
                offset: 12,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("this reader knows bits 0 to 2"),
        "{err}"
    );
}

#[test]
fn wrong_segment_tags_name_the_segment_and_offset() {
    let mut bytes = plain();
    bytes[24..28].copy_from_slice(b"STAX");
    let err = read(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"malformed stats segment: wrong tag at byte 24 in MemoryStats.(tag): expected b"STAT", found b"STAX""#
    );
    let mut bytes = plain();
    bytes[84..88].copy_from_slice(b"ALOK");
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(&err, FormatError::Segment { segment: "allocation segment", source } if source.offset() == 84),
        "{err}"
    );
}

#[test]
fn a_truncated_header_or_stats_segment_says_where() {
    let bytes = plain();
    let err = read(&bytes[..50]).unwrap_err();
    assert!(
        matches!(
            &err,
            FormatError::Segment {
                segment: "stats segment",
                source: CodecError::UnexpectedEnd { .. }
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "malformed stats segment: unexpected end of input at byte 44 in MemoryStats.active_allocations: needed 8 more bytes, found 6"
    );
}

#[test]
fn a_count_the_file_cannot_hold_is_refused_before_reading_records() {
    let mut bytes = plain();
    bytes[88..92].copy_from_slice(&1_000_000u32.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lying.bin");
    std::fs::write(&path, &bytes).unwrap();
    let err = BinaryReader::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::CountExceedsInput {
                count: 1_000_000,
                needed: 24_000_000,
                available: 72,
                ..
            }
        ),
        "{err}"
    );
    // Every reader knows the input's length (a stream is copied first).
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(&err, FormatError::CountExceedsInput { .. }),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_record_field_and_file_offset() {
    let mut bytes = detailed();
    // var_name "buf" starts after the first record's 24 bytes and 2-byte length.
    let at = RECORDS_OFFSET + 24 + 2;
    bytes[at + 1] = 0xff;
    let err = read(&bytes).unwrap_err();
    let FormatError::Record { index: 0, source } = &err else {
        panic!("{err}");
    };
    assert!(matches!(source, CodecError::InvalidUtf8 { .. }));
    assert_eq!(source.path().to_string(), "AllocationInfo.var_name");
    assert_eq!(source.offset(), (at + 1) as u64);
}

#[test]
fn a_reserved_record_flag_bit_is_refused() {
    let mut bytes = detailed();
    // The first record's flags byte: 24 + (2 + 3) + (2 + 7) bytes in.
    let at = RECORDS_OFFSET + 24 + 5 + 9;
    assert_eq!(bytes[at], 0b11);
    bytes[at] = 0b111;
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(&err, FormatError::Record { index: 0, source: CodecError::ReservedFlagBits { found: 0b111, .. } } if err.to_string().contains(&format!("at byte {at}"))),
        "{err}"
    );
}

#[test]
fn an_absent_name_with_a_length_is_refused() {
    let mut bytes = detailed();
    let at = RECORDS_OFFSET + 24 + 5 + 9;
    bytes[at] = 0b10; // var_name says absent, but "buf" is there
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(
            &err,
            FormatError::Record {
                index: 0,
                source: CodecError::AbsentNotEmpty { .. }
            }
        ),
        "{err}"
    );
}

#[test]
fn trailing_bytes_after_the_last_record_or_the_footer() {
    let mut bytes = plain();
    let end = bytes.len() as u64;
    bytes.push(0);
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(err, FormatError::TrailingBytes { after: "last record", offset, compressed: false } if offset == end),
        "{err}"
    );
    let mut bytes = export(BinaryExportConfig::new());
    bytes.extend_from_slice(b"junk");
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::TrailingBytes {
                after: "footer",
                ..
            }
        ),
        "{err}"
    );
}

/// A compressed file whose frame holds `records` as its content.
fn compressed_file(count: u32, frame: &[u8]) -> Vec<u8> {
    let mut bytes = plain()[..RECORDS_OFFSET].to_vec();
    bytes[12] = Flags::COMPRESSED.bits() as u8;
    bytes[88..92].copy_from_slice(&count.to_le_bytes());
    bytes.extend_from_slice(frame);
    bytes
}

#[test]
fn trailing_bytes_inside_the_frame_are_refused() {
    let mut content = AllocationInfo::new(0x1000, 88, 1)
        .to_bytes(Layout::Basic)
        .unwrap();
    content.push(0xAA);
    // A frame that does not declare its size (else it is refused up front,
    // see below), with zstd's smallest window.
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    encoder.include_contentsize(false).unwrap();
    encoder.window_log(10).unwrap();
    std::io::Write::write_all(&mut encoder, &content).unwrap();
    let bytes = compressed_file(1, &encoder.finish().unwrap());
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::TrailingBytes {
                after: "last record",
                offset: 24,
                compressed: true
            }
        ),
        "{err}"
    );
}

#[test]
fn a_frame_declaring_more_than_the_count_allows_is_refused_up_front() {
    let content = vec![0u8; 24 * 100];
    let bytes = compressed_file(1, &zstd::encode_all(content.as_slice(), 3).unwrap());
    let err = read(&bytes).unwrap_err();
    assert!(matches!(err, FormatError::Decompression { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("declares 2400 bytes, but 1 records occupy at most 24"),
        "{err}"
    );
}

#[test]
fn a_frame_that_needs_a_larger_window_than_its_records_justify_is_refused() {
    // Streamed without a declared size, zstd picks a large window.
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 19).unwrap();
    std::io::Write::write_all(&mut encoder, &vec![7u8; 4 << 20]).unwrap();
    let frame = encoder.finish().unwrap();
    let err = read(&compressed_file(1, &frame)).unwrap_err();
    // One basic record needs 24 bytes: zstd's smallest window, 1 KiB.
    assert!(
        matches!(
            err,
            FormatError::FrameWindowTooLarge {
                part: FramePart::Records,
                limit: 1024,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_corrupt_frame_is_a_decompression_error() {
    let mut bytes = export(
        BinaryExportConfig::new()
            .compression_level(3)
            .checksum(false),
    );
    let middle = RECORDS_OFFSET + (bytes.len() - RECORDS_OFFSET) / 2;
    bytes.truncate(middle);
    let err = read(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            FormatError::Decompression { .. } | FormatError::CompressedRecord { .. }
        ),
        "{err}"
    );
}

#[test]
fn a_missing_or_damaged_footer_and_a_checksum_mismatch() {
    let bytes = export(BinaryExportConfig::new());
    let footer_at = (bytes.len() - 8) as u64;
    let err = read(&bytes[..bytes.len() - 8]).unwrap_err();
    assert!(
        matches!(err, FormatError::MissingFooter { offset } if offset == footer_at),
        "{err}"
    );

    let err = read(&bytes[..bytes.len() - 3]).unwrap_err();
    assert!(
        matches!(
            &err,
            FormatError::Segment {
                segment: "footer",
                source: CodecError::UnexpectedEnd { .. }
            }
        ),
        "{err}"
    );

    let mut damaged = bytes.clone();
    damaged[footer_at as usize] = b'X';
    let err = read(&damaged).unwrap_err();
    assert!(
        matches!(
            &err,
            FormatError::Segment {
                segment: "footer",
                source: CodecError::TagMismatch { .. }
            }
        ),
        "{err}"
    );

    let mut flipped = bytes.clone();
    flipped[RECORDS_OFFSET + 9] ^= 0x10; // a record's size: still a valid record
    let err = read(&flipped).unwrap_err();
    assert!(
        matches!(err, FormatError::ChecksumMismatch { offset, .. } if offset == footer_at + 4),
        "{err}"
    );
}
