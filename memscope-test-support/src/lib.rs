//! Fixtures for the workspace's tests, written once: records, call stack
//! tables described in a line each, memscope files written with the
//! library (in memory or on disk), the corpus of hostile files
//! ([`hostile`]), a file with its run's history ([`run_file_bytes`]),
//! FIFOs, directory listings, and waiting for a forked child
//! (`child`, Unix).
//!
//! ```
//! use memscope_test_support::{EXPORTED, detailed, file_bytes, six_records};
//!
//! let (records, stacks, threads) = six_records();
//! let bytes = file_bytes(detailed(), &records, Some(&stacks), Some(&threads));
//! let mut reader = memscope_export::BinaryReader::from_bytes(&bytes).unwrap();
//! assert_eq!(reader.header().timestamp, EXPORTED);
//! assert_eq!(reader.records().count(), 6);
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(unix)]
pub mod child;
pub mod hostile;
mod run;

pub use run::{
    PEAK_BYTES, PEAK_TIME, RUN_START, run_file_bytes, run_records, run_sites, run_stacks,
    run_timeline,
};

use std::path::{Path, PathBuf};

use memscope_export::{
    BinaryExportConfig, BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame,
    StackId, Thread, ThreadIndex, Threads,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// The export timestamp of every file written here:
/// 2023-11-14T22:13:20.123456789Z.
pub const EXPORTED: u64 = 1_700_000_000_123_456_789;

/// A record with optional names.
pub fn record(
    ptr: usize,
    size: usize,
    timestamp: u64,
    var_name: Option<&str>,
    type_name: Option<&str>,
) -> AllocationInfo {
    AllocationInfo {
        var_name: var_name.map(str::to_owned),
        type_name: type_name.map(str::to_owned),
        ..AllocationInfo::new(ptr, size, timestamp)
    }
}

/// The detailed configuration with a checksum and the fixed timestamp.
pub fn detailed() -> BinaryExportConfig {
    BinaryExportConfig::new()
        .include_details(true)
        .timestamp(EXPORTED)
}

/// A frame: function and file (`None` when unknown), line, whether it was
/// inlined into the next.
pub type FrameSpec<'a> = (Option<&'a str>, Option<&'a str>, u32, bool);

/// Stack tables holding `stacks` (in order, so that stack `i` has index
/// `i`), each a list of frames innermost first. A frame with a function
/// that another stack has already (same function, file, line and
/// inlining) is that frame, as the exporter stores it once. A new frame
/// without a function gets the address `0x5555_0000_1000 + its index`,
/// the others `0x5555_0000_0000 + index`, except that an inlined frame
/// has the address of the frame it was inlined into (the next that is
/// not), as a symbolizer gives them.
///
/// ```
/// use memscope_test_support::stacks_of;
///
/// let stacks = stacks_of(&[&[(Some("Vec::push"), None, 9, true), (Some("app::load"), Some("src/load.rs"), 7, false), (Some("app::main"), None, 1, false)]]);
/// assert_eq!(stacks.stacks.len(), 1);
/// let addresses: Vec<u64> = stacks.frames.iter().map(|f| f.address).collect();
/// assert_eq!(addresses, [0x5555_0000_0001, 0x5555_0000_0001, 0x5555_0000_0002]);
/// ```
pub fn stacks_of(stacks: &[&[FrameSpec<'_>]]) -> CallStacks {
    let mut table = CallStacks::default();
    let mut known: Vec<(FrameSpec<'_>, memscope_export::FrameId)> = Vec::new();
    for frames in stacks {
        // The frames that are new, and the index each will have.
        let mut next = table.frames.len() as u64;
        let indices: Vec<Option<u64>> = frames
            .iter()
            .map(|spec| {
                let seen = spec.0.is_some() && known.iter().any(|(k, _)| k == spec);
                (!seen).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        // From the outermost in: an inlined frame takes the address of
        // the frame after it.
        let mut addresses = vec![0; frames.len()];
        let mut caller = None;
        for (i, &(function, _, _, inlined)) in frames.iter().enumerate().rev() {
            let own = 0x5555_0000_0000
                + if function.is_none() { 0x1000 } else { 0 }
                + indices[i].unwrap_or(0);
            let address = match (inlined, caller) {
                (true, Some(address)) => address,
                _ => own,
            };
            addresses[i] = address;
            caller = Some(address);
        }
        let mut ids = Vec::new();
        for (&spec, address) in frames.iter().zip(addresses) {
            let (function, file, line, inlined) = spec;
            let seen = known.iter().find(|(k, _)| spec.0.is_some() && *k == spec);
            let id = match seen {
                Some(&(_, id)) => id,
                None => {
                    let id = table.push_resolved(ResolvedFrame {
                        address,
                        function,
                        file,
                        line: Some(line),
                        inlined,
                    });
                    known.push((spec, id));
                    id
                }
            };
            ids.push(id);
        }
        table.push_stack(ids);
    }
    table
}

/// `records`, record `i` allocated under the stack of index
/// `stacks[i] - 1` (0: none) and by the thread of index `threads[i] - 1`
/// (0: unknown). Short lists leave the rest nowhere.
pub fn placed(records: &[AllocationInfo], stacks: &[u32], threads: &[u32]) -> Vec<PlacedRecord> {
    let index = |list: &[u32], i: usize| list.get(i).copied().filter(|&n| n > 0);
    records
        .iter()
        .enumerate()
        .map(|(i, record)| PlacedRecord {
            allocation: record.clone(),
            stack: index(stacks, i).map(|n| StackId::from_index(n as usize - 1)),
            thread: index(threads, i).map(|n| ThreadIndex::from_index(n as usize - 1)),
            sample_mean: None,
        })
        .collect()
}

/// Stats that agree with `records`, with two blocks freed before.
pub fn stats_of<'a>(records: impl IntoIterator<Item = &'a AllocationInfo>) -> MemoryStats {
    let live = MemoryStats::of_live(records);
    MemoryStats {
        total_allocations: live.active_allocations.saturating_add(2),
        total_deallocations: 2,
        peak_memory: live.active_memory.saturating_add(100),
        total_allocated: live.active_memory.saturating_add(100),
        total_deallocated: 100,
        ..live
    }
}

/// The bytes of a file of `records` (with their stacks and threads, when
/// given: version 2) written with `config`. Without stacks (or threads),
/// the records' stacks (or threads) are left out: one fixture gives the
/// files with and without them.
pub fn file_bytes(
    config: BinaryExportConfig,
    records: &[PlacedRecord],
    stacks: Option<&CallStacks>,
    threads: Option<&Threads>,
) -> Vec<u8> {
    let stats = stats_of(records.iter().map(|r| &r.allocation));
    let records: Vec<PlacedRecord> = records
        .iter()
        .map(|record| PlacedRecord {
            allocation: record.allocation.clone(),
            stack: record.stack.filter(|_| stacks.is_some()),
            thread: record.thread.filter(|_| threads.is_some()),
            sample_mean: None,
        })
        .collect();
    let mut contents = FileContents::new(stats, &records);
    if let Some(stacks) = stacks {
        contents = contents.with_stacks(stacks);
    }
    if let Some(threads) = threads {
        contents = contents.with_threads(threads);
    }
    let mut bytes = Vec::new();
    BinaryExporter::new(config)
        .export_to_writer(&contents, &mut bytes)
        .expect("the fixture's records and tables agree");
    bytes
}

/// Writes a file of `records` (see [`file_bytes`]) to `dir/name`; returns
/// the path.
pub fn write_file(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[PlacedRecord],
    stacks: Option<&CallStacks>,
    threads: Option<&Threads>,
) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, file_bytes(config, records, stacks, threads))
        .expect("the test's directory takes files");
    path
}

/// Writes `records` without stacks (version 1) to `dir/name`.
pub fn write_records(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[AllocationInfo],
) -> PathBuf {
    let placed = placed(records, &[], &[]);
    write_file(dir, name, config, &placed, None, None)
}

/// The outermost frame of every stack of [`three_stacks`].
pub const MAIN: FrameSpec<'static> = (Some("app::main"), Some("src/main.rs"), 10, false);

/// The stack of `app::index::add` in [`three_stacks`]: the allocator's
/// `finish_grow`, `Vec::push` inlined into `app::index::add`, then
/// `app::main`.
pub fn index_add() -> [FrameSpec<'static>; 4] {
    [
        (
            Some("alloc::raw_vec::finish_grow"),
            Some("/rustc/library/alloc/src/raw_vec.rs"),
            480,
            false,
        ),
        (
            Some("alloc::vec::Vec<T>::push"),
            Some("/rustc/library/alloc/src/vec/mod.rs"),
            1200,
            true,
        ),
        (Some("app::index::add"), Some("src/index.rs"), 42, false),
        MAIN,
    ]
}

/// Three stacks, innermost first:
///
/// 1. `alloc::raw_vec::finish_grow`, `Vec::push` inlined into
///    `app::index::add`, `app::main`;
/// 2. `app::load`, `app::main`;
/// 3. an address without a symbol, `app::main`.
pub fn three_stacks() -> CallStacks {
    stacks_of(&[
        &index_add(),
        &[(Some("app::load"), Some("src/load.rs"), 7, false), MAIN],
        &[(None, None, 0, false), MAIN],
    ])
}

/// The six records of [`six_records`], without their places.
pub fn six_allocations() -> Vec<AllocationInfo> {
    vec![
        record(0x1000, 100, 1, Some("index"), Some("Vec<u32>")),
        record(0x2000, 200, 2, Some("index"), Some("Vec<u32>")),
        record(0x3000, 300, 3, None, Some("String")),
        record(0x4000, 1000, 4, Some("text"), Some("String")),
        record(0x5000, 64, 5, None, None),
        record(0x6000, 12, 6, None, None),
    ]
}

/// Six records of 1676 bytes under [`three_stacks`] (record `i` under
/// stack `[1, 1, 2, 2, 3, none][i]`), the first three allocated by
/// `loader` (id 2), the next two by an unnamed thread (id 9), the last by
/// a thread the file does not know:
///
/// | stack | frames, innermost first | records |
/// |---|---|---|
/// | 1 | `alloc::raw_vec::finish_grow`, `Vec::push` inlined into `app::index::add`, `app::main` | 100 + 200 bytes |
/// | 2 | `app::load`, `app::main` | 300 + 1000 bytes |
/// | 3 | an address without a symbol, `app::main` | 64 bytes |
/// | none | | 12 bytes |
pub fn six_records() -> (Vec<PlacedRecord>, CallStacks, Threads) {
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
    };
    let records = placed(&six_allocations(), &[1, 1, 2, 2, 3, 0], &[1, 1, 1, 2, 2, 0]);
    (records, three_stacks(), threads)
}

/// `count` records at ascending addresses, sizes 1 to 64, alternately
/// named and unnamed.
pub fn many(count: usize) -> Vec<AllocationInfo> {
    (0..count)
        .map(|i| {
            let named = i % 2 == 0;
            record(
                0x10_0000 + i * 0x100,
                1 + i % 64,
                i as u64,
                named.then_some("buffer"),
                named.then_some("alloc::vec::Vec<u8>"),
            )
        })
        .collect()
}

/// The names of the entries of `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the test's directory lists")
        .map(|entry| {
            entry
                .expect("the test's directory lists")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Makes a FIFO at `path` (read and write for the owner).
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        0,
    )
    .expect("a FIFO can be made in the test's directory");
}
