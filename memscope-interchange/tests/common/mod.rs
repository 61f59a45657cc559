//! Memscope files for the tests, written in memory with the library from
//! the workspace's fixtures (`memscope-test-support`).

#![allow(dead_code)] // Each test file uses its share.

use memscope_export::{BinaryExportConfig, BinaryReader, CallStacks, Module, PlacedRecord};
use memscope_tracker::AllocationInfo;

pub use memscope_test_support::{EXPORTED, file_bytes, placed, six_records};

/// A record with optional names, allocated at time `ptr`.
pub fn block(ptr: usize, size: usize, var: Option<&str>, ty: Option<&str>) -> AllocationInfo {
    memscope_test_support::record(ptr, size, ptr as u64, var, ty)
}

/// The bytes of a file of `records` (with `stacks` and `threads` when
/// given: version 2), detailed, compressed with zstd, with a checksum.
pub fn file(
    records: &[PlacedRecord],
    stacks: Option<&CallStacks>,
    threads: Option<&memscope_export::Threads>,
) -> Vec<u8> {
    let config = BinaryExportConfig::new()
        .include_details(true)
        .compression_level(3)
        .timestamp(EXPORTED);
    file_bytes(config, records, stacks, threads)
}

/// The bytes of a version-1 file of `records`.
pub fn plain_file(records: &[AllocationInfo]) -> Vec<u8> {
    file(&placed(records, &[], &[]), None, None)
}

/// A reader of `bytes`.
pub fn reader(bytes: &[u8]) -> BinaryReader<std::io::Cursor<&[u8]>> {
    BinaryReader::from_bytes(bytes).unwrap()
}

/// A module mapped at `start..end` from `path`, for raw-address files.
pub fn module(stacks: &mut CallStacks, start: u64, end: u64, path: &str) -> Module {
    Module {
        start,
        end,
        file_offset: 0x1000,
        path: stacks.intern_string(path),
        build_id: vec![0xab, 0xcd],
    }
}
