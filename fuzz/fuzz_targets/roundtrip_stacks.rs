//! Arbitrary records, call stacks and threads through a version-2 export
//! and back, in every variant: what comes back is what went in, read from
//! memory or from a stream, each record with its stack and thread.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, FileContents, Frame, Module,
    PlacedRecord, StackId, StringId, Thread, ThreadIndex, Threads,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

#[derive(Arbitrary, Debug)]
struct Record {
    ptr: u32,
    size: u32,
    timestamp: u64,
    var_name: Option<String>,
    type_name: Option<String>,
    stack: u16,
    thread: u16,
}

#[derive(Arbitrary, Debug)]
struct RawFrame {
    address: u64,
    function: u16,
    file: u16,
    line: u32,
    inlined: bool,
}

#[derive(Arbitrary, Debug)]
struct RawModule {
    start: u64,
    end: u64,
    file_offset: u64,
    path: u16,
    build_id: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    records: Vec<Record>,
    strings: Vec<String>,
    frames: Vec<RawFrame>,
    stacks: Vec<Vec<u16>>,
    modules: Vec<RawModule>,
    threads: Vec<(u64, String)>,
    details: bool,
    level: u8,
    checksum: bool,
}

/// `index` folded into `0..len` (`None` when there is nothing to name).
fn within(index: u16, len: usize) -> Option<usize> {
    (len > 0).then(|| usize::from(index) % len)
}

/// `index` folded into `0..=len`, 0 meaning none: the id of one of `len`
/// entries, or none.
fn maybe(index: u16, len: usize) -> Option<usize> {
    within(index, len + 1).and_then(|i| i.checked_sub(1))
}

/// A name the detailed layout can hold.
fn fits(name: &Option<String>) -> bool {
    name.as_ref().is_none_or(|n| n.len() <= u16::MAX as usize)
}

fuzz_target!(|input: Input| {
    let mut stacks = CallStacks::default();
    let strings: Vec<StringId> = input
        .strings
        .iter()
        .map(|s| stacks.intern_string(s))
        .collect();
    let string = |index: u16| maybe(index, strings.len()).map(|i| strings[i]);
    let frames: Vec<_> = input
        .frames
        .iter()
        .map(|frame| {
            stacks.push_frame(Frame {
                address: frame.address,
                function: string(frame.function),
                file: string(frame.file),
                line: (frame.line != 0).then_some(frame.line),
                inlined: frame.inlined,
            })
        })
        .collect();
    let stack_ids: Vec<StackId> = input
        .stacks
        .iter()
        .map(|stack| {
            let ids: Vec<_> = stack
                .iter()
                .filter_map(|&f| within(f, frames.len()).map(|i| frames[i]))
                .take(u16::MAX as usize)
                .collect();
            stacks.push_stack(ids)
        })
        .collect();
    if !strings.is_empty() {
        for module in &input.modules {
            let path = strings[within(module.path, strings.len()).unwrap_or(0)];
            stacks.modules.push(Module {
                start: module.start,
                end: module.end,
                file_offset: module.file_offset,
                path,
                build_id: module
                    .build_id
                    .iter()
                    .copied()
                    .take(u16::MAX as usize)
                    .collect(),
            });
        }
    }
    // Threads as a file holds them: each id once, names that fit.
    let mut threads = Threads::default();
    let mut seen = std::collections::HashSet::new();
    let thread_ids: Vec<ThreadIndex> = input
        .threads
        .iter()
        .filter(|(id, name)| name.len() <= u16::MAX as usize && seen.insert(*id))
        .map(|(id, name)| {
            threads.push(Thread {
                id: *id,
                name: name.clone(),
            })
        })
        .collect();

    let records: Vec<PlacedRecord> = input
        .records
        .iter()
        .filter(|r| fits(&r.var_name) && fits(&r.type_name))
        .map(|r| PlacedRecord {
            allocation: AllocationInfo {
                ptr: r.ptr as usize,
                size: r.size as usize,
                timestamp_alloc: r.timestamp,
                var_name: r.var_name.clone(),
                type_name: r.type_name.clone(),
            },
            stack: maybe(r.stack, stack_ids.len()).map(|i| stack_ids[i]),
            thread: maybe(r.thread, thread_ids.len()).map(|i| thread_ids[i]),
            sample_mean: None,
        })
        .collect();
    let memory = records
        .iter()
        .map(|r| r.allocation.size as u64)
        .fold(0u64, u64::wrapping_add);
    let stats = MemoryStats {
        active_allocations: records.len() as u64,
        active_memory: memory,
        ..MemoryStats::default()
    };
    let config = BinaryExportConfig::new()
        .include_details(input.details)
        .compression_level(input.level % 4)
        .checksum(input.checksum)
        .timestamp(1);
    let contents = FileContents::new(stats, records.iter().cloned())
        .with_stacks(&stacks)
        .with_threads(&threads);
    let mut file = Vec::new();
    BinaryExporter::new(config)
        .export_to_writer(&contents, &mut file)
        .unwrap();

    let expected: Vec<PlacedRecord> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if !input.details {
                let a = &r.allocation;
                r.allocation = AllocationInfo::new(a.ptr, a.size, a.timestamp_alloc);
            }
            r
        })
        .collect();
    let from_memory = BinaryReader::from_bytes(&file).unwrap();
    let from_stream = BinaryReader::from_stream(file.as_slice()).unwrap();
    assert_eq!(read_back(from_memory, &stacks, &threads), expected);
    assert_eq!(read_back(from_stream, &stacks, &threads), expected);
});

/// The records of `reader`, with their places, after checking that its
/// tables are `stacks` and `threads`.
fn read_back<R: std::io::Read>(
    mut reader: BinaryReader<R>,
    stacks: &CallStacks,
    threads: &Threads,
) -> Vec<PlacedRecord> {
    assert_eq!(reader.stacks(), Some(stacks));
    assert_eq!(reader.threads(), Some(threads));
    let mut records = reader.records();
    let mut read = Vec::new();
    while let Some(record) = records.next() {
        read.push(record.unwrap().into_placed());
    }
    read
}
