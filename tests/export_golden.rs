//! Golden files: for a small fixed snapshot, the whole exported file
//! compared byte for byte with FORMAT.md written out by hand, in the basic,
//! detailed, compressed and checksummed variants.

use memscope_export::{BinaryExportConfig, BinaryExporter, FileContents};
use memscope_tracker::{AllocationInfo, MemoryStats};

const TIMESTAMP: u64 = 0x0102_0304_0506_0708;

fn snapshot() -> (MemoryStats, Vec<AllocationInfo>) {
    let stats = MemoryStats {
        total_allocations: 3,
        total_deallocations: 1,
        active_allocations: 2,
        active_memory: 80,
        peak_memory: 96,
        total_allocated: 96,
        total_deallocated: 16,
        ..Default::default()
    };
    let mut named = AllocationInfo::new(0x1000, 64, 1);
    named.var_name = Some("buf".into());
    named.type_name = Some("Vec<u8>".into());
    let unnamed = AllocationInfo::new(0x2000, 16, 2);
    (stats, vec![named, unnamed])
}

fn export(config: BinaryExportConfig) -> Vec<u8> {
    let (stats, records) = snapshot();
    let mut file = Vec::new();
    BinaryExporter::new(config.timestamp(TIMESTAMP))
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap();
    file
}

#[rustfmt::skip]
fn header(flags: u8) -> Vec<u8> {
    vec![
        b'M', b'E', b'M', b'S', b'C', b'O', b'P', b'E', // magic
        1, 0, 0, 0,                                     // version 1
        flags, 0, 0, 0,                                 // flags
        8, 7, 6, 5, 4, 3, 2, 1,                         // export timestamp
    ]
}

#[rustfmt::skip]
const STATS_AND_SEGMENT_HEAD: [u8; 68] = [
    b'S', b'T', b'A', b'T',
    3, 0, 0, 0, 0, 0, 0, 0,  // total_allocations
    1, 0, 0, 0, 0, 0, 0, 0,  // total_deallocations
    2, 0, 0, 0, 0, 0, 0, 0,  // active_allocations
    80, 0, 0, 0, 0, 0, 0, 0, // active_memory
    96, 0, 0, 0, 0, 0, 0, 0, // peak_memory
    96, 0, 0, 0, 0, 0, 0, 0, // total_allocated
    16, 0, 0, 0, 0, 0, 0, 0, // total_deallocated
    b'A', b'L', b'O', b'C',
    2, 0, 0, 0,              // record count
];

#[rustfmt::skip]
const BASIC_RECORDS: [u8; 48] = [
    0x00, 0x10, 0, 0, 0, 0, 0, 0, // ptr 0x1000
    64, 0, 0, 0, 0, 0, 0, 0,      // size
    1, 0, 0, 0, 0, 0, 0, 0,       // timestamp_alloc
    0x00, 0x20, 0, 0, 0, 0, 0, 0, // ptr 0x2000
    16, 0, 0, 0, 0, 0, 0, 0,      // size
    2, 0, 0, 0, 0, 0, 0, 0,       // timestamp_alloc
];

#[rustfmt::skip]
fn detailed_records() -> Vec<u8> {
    let mut bytes = BASIC_RECORDS[..24].to_vec();
    bytes.extend_from_slice(&[
        3, 0, b'b', b'u', b'f',                             // var_name
        7, 0, b'V', b'e', b'c', b'<', b'u', b'8', b'>',     // type_name
        0b11,                                               // both present
    ]);
    bytes.extend_from_slice(&BASIC_RECORDS[24..]);
    bytes.extend_from_slice(&[
        0, 0,                                               // var_name absent
        0, 0,                                               // type_name absent
        0b00,                                               // neither present
    ]);
    bytes
}

fn file(flags: u8, records: &[u8]) -> Vec<u8> {
    let mut bytes = header(flags);
    bytes.extend_from_slice(&STATS_AND_SEGMENT_HEAD);
    bytes.extend_from_slice(records);
    bytes
}

fn with_footer(mut bytes: Vec<u8>, crc: u32) -> Vec<u8> {
    bytes.extend_from_slice(b"CSUM");
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

#[test]
fn basic_file_without_checksum() {
    let expected = file(0b000, &BASIC_RECORDS);
    assert_eq!(expected.len(), 24 + 60 + 8 + 24 * 2);
    assert_eq!(export(BinaryExportConfig::new().checksum(false)), expected);
}

#[test]
fn basic_file_with_checksum_ends_with_the_zlib_crc32() {
    // The CRC-32 below was computed independently, with Python's
    // zlib.crc32 over the 140 bytes before the footer.
    let expected = with_footer(file(0b100, &BASIC_RECORDS), 0x749c_5a8e);
    assert_eq!(export(BinaryExportConfig::new()), expected);
}

#[test]
fn detailed_file_with_checksum() {
    let records = detailed_records();
    assert_eq!(records.len(), (29 + 3 + 7) + 29);
    let body = file(0b101, &records);
    let crc = crc32fast::hash(&body);
    assert_eq!(
        export(BinaryExportConfig::new().include_details(true)),
        with_footer(body, crc)
    );
}

#[test]
fn compressed_file_keeps_tag_and_count_plain_and_the_records_in_one_frame() {
    for (details, records, flags) in [
        (false, BASIC_RECORDS.to_vec(), 0b110),
        (true, detailed_records(), 0b111),
    ] {
        let bytes = export(
            BinaryExportConfig::new()
                .include_details(details)
                .compression_level(3),
        );
        let plain = file(flags, &[]);
        assert_eq!(
            &bytes[..plain.len()],
            plain,
            "header, stats, tag and count stay plain"
        );
        let (frame, footer) = bytes[plain.len()..].split_at(bytes.len() - plain.len() - 8);
        assert_eq!(zstd::decode_all(frame).unwrap(), records);
        // Exactly one frame: its compressed size is the whole span.
        assert_eq!(
            zstd::zstd_safe::find_frame_compressed_size(frame).unwrap(),
            frame.len()
        );
        assert_eq!(&footer[..4], b"CSUM");
        let crc = crc32fast::hash(&bytes[..bytes.len() - 8]);
        assert_eq!(footer[4..], crc.to_le_bytes());
    }
}

#[test]
fn export_stats_describe_the_file() {
    let (stats, records) = snapshot();
    let mut file = Vec::new();
    let exported = BinaryExporter::new(BinaryExportConfig::new().include_details(true))
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap();
    assert_eq!(exported.file_size, file.len());
    assert_eq!(exported.allocations_count, 2);
    assert_eq!(exported.stats_size, 60);
    assert_eq!(exported.allocations_size, 8 + detailed_records().len());
    assert_eq!(
        exported.avg_allocation_size(),
        detailed_records().len() as f64 / 2.0
    );
    assert_eq!(exported.compression_ratio_vs_json(file.len() * 4), 4.0);
    assert_eq!(exported.compression_ratio_vs_json(0), 0.0);
}
