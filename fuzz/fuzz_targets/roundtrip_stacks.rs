//! Arbitrary records and call stacks through a version-2 export and back,
//! in every variant: what comes back is what went in, read as a stream or
//! with the stacks first, and each record comes with its stack id.
#![no_main]

use std::io::Cursor;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, Frame, INLINED, Module,
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
    details: bool,
    level: u8,
    checksum: bool,
}

/// `index` folded into `0..len` (`None` when there is nothing to name).
fn within(index: u16, len: usize) -> Option<u32> {
    (len > 0).then(|| u32::from(index) % len as u32)
}

fuzz_target!(|input: Input| {
    // Names the detailed layout can hold; every index in range.
    let fits = |name: &Option<String>| name.as_ref().is_none_or(|n| n.len() <= u16::MAX as usize);
    let records: Vec<AllocationInfo> = input
        .records
        .iter()
        .filter(|r| fits(&r.var_name) && fits(&r.type_name))
        .map(|r| AllocationInfo {
            ptr: r.ptr as usize,
            size: r.size as usize,
            timestamp_alloc: r.timestamp,
            var_name: r.var_name.clone(),
            type_name: r.type_name.clone(),
        })
        .collect();
    let mut stacks = CallStacks {
        strings: input.strings.clone(),
        ..CallStacks::default()
    };
    let strings = stacks.strings.len();
    // Index + 1, or 0 for unknown.
    let name = |index: u16| within(index, strings + 1).unwrap_or(0);
    for frame in &input.frames {
        stacks.push_frame(Frame {
            address: frame.address,
            function: name(frame.function),
            file: name(frame.file),
            line: frame.line,
            flags: if frame.inlined { INLINED } else { 0 },
        });
    }
    let frames = stacks.frames.len();
    for stack in &input.stacks {
        let indices = stack
            .iter()
            .filter_map(|&f| within(f, frames))
            .take(u16::MAX as usize)
            .collect();
        stacks.push_stack(indices);
    }
    let stack_count = stacks.stacks.len();
    stacks.ids = input
        .records
        .iter()
        .filter(|r| fits(&r.var_name) && fits(&r.type_name))
        .map(|r| within(r.stack, stack_count + 1).unwrap_or(0))
        .collect();
    if strings > 0 {
        for module in &input.modules {
            stacks.modules.push(Module {
                start: module.start,
                end: module.end,
                file_offset: module.file_offset,
                path: within(module.path, strings).unwrap_or(0),
                build_id: module
                    .build_id
                    .iter()
                    .copied()
                    .take(u16::MAX as usize)
                    .collect(),
            });
        }
    }

    let memory = records
        .iter()
        .map(|r| r.size as u64)
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
    let mut file = Vec::new();
    BinaryExporter::new(config)
        .write_snapshot_with_stacks(&mut file, &stats, &records, &stacks)
        .unwrap();

    let expected: Vec<AllocationInfo> = records
        .iter()
        .map(|r| {
            if input.details {
                r.clone()
            } else {
                AllocationInfo::new(r.ptr, r.size, r.timestamp_alloc)
            }
        })
        .collect();
    // As a stream: the stacks after the records.
    let mut streamed = BinaryReader::new(file.as_slice()).unwrap().records();
    let read: Vec<AllocationInfo> = streamed.by_ref().map(Result::unwrap).collect();
    assert_eq!(read, expected);
    assert_eq!(streamed.take_stacks().as_ref(), Some(&stacks));
    // Seekable: the stacks first, each record with its id.
    let reader = BinaryReader::from_seekable(Cursor::new(&file)).unwrap();
    assert_eq!(reader.stacks(), Some(&stacks));
    let mut records = reader.records();
    let mut index = 0;
    while let Some(record) = records.next() {
        assert_eq!(record.unwrap(), expected[index]);
        assert_eq!(records.last_stack_id(), stacks.ids[index]);
        index += 1;
    }
    assert_eq!(index, expected.len());
});
