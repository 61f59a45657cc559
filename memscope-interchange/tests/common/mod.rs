//! Memscope files for the tests, written in memory with the library.

#![allow(dead_code)] // Each test file uses its share.

use std::io::Cursor;

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, Module, ResolvedFrame, Thread,
    Threads,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// The export time of every file here.
pub const EXPORTED: u64 = 1_700_000_000_123_456_789;

/// A record with optional names.
pub fn block(ptr: usize, size: usize, var: Option<&str>, ty: Option<&str>) -> AllocationInfo {
    AllocationInfo {
        var_name: var.map(str::to_owned),
        type_name: ty.map(str::to_owned),
        ..AllocationInfo::new(ptr, size, ptr as u64)
    }
}

/// Adds a frame at `address` to `stacks`: function and file when known,
/// line, and whether it was inlined into the next frame.
pub fn frame(
    stacks: &mut CallStacks,
    address: u64,
    at: (Option<&str>, Option<&str>, u32),
    inlined: bool,
) -> u32 {
    stacks.push_resolved(ResolvedFrame {
        address,
        function: at.0,
        file: at.1,
        line: Some(at.2),
        inlined,
    })
}

/// Three stacks, innermost first:
///
/// 1. `alloc::raw_vec::finish_grow` (0x1000), `Vec::push` inlined into
///    `app::index::add` (both 0x2000), `app::main` (0x3000);
/// 2. `app::load` (0x4000), `app::main` (0x3000, the same frame);
/// 3. an address without a symbol (0x5000), `app::main`.
pub fn three_stacks() -> CallStacks {
    let mut stacks = CallStacks::default();
    let grow = frame(
        &mut stacks,
        0x1000,
        (
            Some("alloc::raw_vec::finish_grow"),
            Some("/rustc/library/alloc/src/raw_vec.rs"),
            480,
        ),
        false,
    );
    let push = frame(
        &mut stacks,
        0x2000,
        (
            Some("alloc::vec::Vec<T>::push"),
            Some("/rustc/library/alloc/src/vec/mod.rs"),
            1200,
        ),
        true,
    );
    let add = frame(
        &mut stacks,
        0x2000,
        (Some("app::index::add"), Some("src/index.rs"), 42),
        false,
    );
    let main = frame(
        &mut stacks,
        0x3000,
        (Some("app::main"), Some("src/main.rs"), 10),
        false,
    );
    let load = frame(
        &mut stacks,
        0x4000,
        (Some("app::load"), Some("src/load.rs"), 7),
        false,
    );
    let unknown = frame(&mut stacks, 0x5000, (None, None, 0), false);
    stacks.push_stack(vec![grow, push, add, main]);
    stacks.push_stack(vec![load, main]);
    stacks.push_stack(vec![unknown, main]);
    stacks
}

/// Six records of 1676 bytes under [`three_stacks`], record `i` under
/// stack `[1, 1, 2, 2, 3, 0][i]`.
pub fn six_records() -> (Vec<AllocationInfo>, CallStacks) {
    let records = vec![
        block(0x10, 100, Some("index"), Some("Vec<u32>")),
        block(0x20, 200, Some("index"), Some("Vec<u32>")),
        block(0x30, 300, None, Some("String")),
        block(0x40, 1000, Some("text"), Some("String")),
        block(0x50, 64, None, None),
        block(0x60, 12, None, None),
    ];
    let mut stacks = three_stacks();
    stacks.ids = vec![1, 1, 2, 2, 3, 0];
    (records, stacks)
}

/// The bytes of a file of `records`, with `stacks` when given (version
/// 2), detailed, compressed with zstd, with a checksum.
pub fn file(records: &[AllocationInfo], stacks: Option<&CallStacks>) -> Vec<u8> {
    let config = BinaryExportConfig::new()
        .include_details(true)
        .compression_level(3)
        .timestamp(EXPORTED);
    let mut bytes = Vec::new();
    let exporter = BinaryExporter::new(config);
    let stats = MemoryStats::of_live(records);
    exporter
        .write_snapshot_with(&mut bytes, &stats, records, stacks, None)
        .unwrap();
    bytes
}

/// The six records of [`six_records`] with their stacks and threads: the
/// first three allocated by `loader` (id 2), the next two by an unnamed
/// thread (id 9), the last by a thread the file does not know.
pub fn six_records_with_threads() -> Vec<u8> {
    let (records, stacks) = six_records();
    let threads = Threads {
        threads: vec![
            Thread {
                id: 2,
                name: "loader".into(),
            },
            Thread {
                id: 9,
                name: String::new(),
            },
        ],
        of_records: vec![1, 1, 1, 2, 2, 0],
    };
    let mut bytes = Vec::new();
    BinaryExporter::new(
        BinaryExportConfig::new()
            .include_details(true)
            .timestamp(EXPORTED),
    )
    .write_snapshot_with(
        &mut bytes,
        &MemoryStats::of_live(&records),
        &records,
        Some(&stacks),
        Some(&threads),
    )
    .unwrap();
    bytes
}

/// A reader of `bytes` that has read the call stacks first.
pub fn reader(bytes: &[u8]) -> BinaryReader<Cursor<&[u8]>> {
    BinaryReader::from_seekable(Cursor::new(bytes)).unwrap()
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
