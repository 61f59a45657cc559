//! What every test needs: files written with the library, and a way to run
//! the command and look at what it did.

use std::path::{Path, PathBuf};

use memscope_export::{BinaryExportConfig, BinaryExporter, CallStacks, ResolvedFrame};
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

/// Writes `records` to `dir/name` with `config` and stats that agree with
/// them; returns the path.
pub fn write(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[AllocationInfo],
) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(config)
        .write_snapshot(file, &stats_of(records), records)
        .unwrap();
    path
}

/// Writes `records` and their call `stacks` (a version-2 file) to
/// `dir/name` with `config`; returns the path.
pub fn write_with_stacks(
    dir: &Path,
    name: &str,
    config: BinaryExportConfig,
    records: &[AllocationInfo],
    stacks: &CallStacks,
) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    BinaryExporter::new(config)
        .write_snapshot_with_stacks(file, &stats_of(records), records, stacks)
        .unwrap();
    path
}

/// A frame: function and file (`None` when unknown), line, whether it was
/// inlined into the next.
pub type FrameSpec<'a> = (Option<&'a str>, Option<&'a str>, u32, bool);

/// Stack tables holding `stacks` (ids 1, 2, ... in order), each a list of
/// frames innermost first; a frame without a function gets the address
/// `0x5555_0000_1000 + its index`, the others `0x5555_0000_0000 + index`.
pub fn stacks_of(stacks: &[&[FrameSpec<'_>]]) -> CallStacks {
    let mut table = CallStacks::default();
    for frames in stacks {
        let mut indices = Vec::new();
        for &(function, file, line, inlined) in *frames {
            let index = table.frames.len() as u64;
            let address = 0x5555_0000_0000 + if function.is_none() { 0x1000 } else { 0 } + index;
            indices.push(table.push_resolved(ResolvedFrame {
                address,
                function,
                file,
                line: Some(line),
                inlined,
            }));
        }
        table.push_stack(indices);
    }
    table
}

/// The outermost frame of every stack of [`stacked`] and [`later`].
const MAIN: FrameSpec<'static> = (Some("app::main"), Some("src/main.rs"), 10, false);

/// The stack of `app::index::add` in [`stacked`] and [`later`]: the
/// allocator's `finish_grow`, `Vec::push` inlined into `app::index::add`,
/// then `app::main`.
fn index_add() -> [FrameSpec<'static>; 4] {
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

/// Six records of 1676 bytes from three call stacks, detailed, with a
/// checksum:
///
/// | stack | frames, innermost first | records |
/// |---|---|---|
/// | 1 | `alloc::raw_vec::finish_grow`, `Vec::push` inlined into `app::index::add`, `app::main` | 100 + 200 bytes |
/// | 2 | `app::load`, `app::main` | 300 + 1000 bytes |
/// | 3 | an address without a symbol, `app::main` | 64 bytes |
/// | none | | 12 bytes |
pub fn stacked(dir: &Path, name: &str) -> PathBuf {
    let main = MAIN;
    let stacks = stacks_of(&[
        &index_add(),
        &[(Some("app::load"), Some("src/load.rs"), 7, false), main],
        &[(None, None, 0, false), main],
    ]);
    stacked_with(dir, name, &stacks, [1, 1, 2, 2, 3, 0])
}

/// The six records of [`stacked`] with `stacks`, record `i` allocated
/// under stack `ids[i]`.
pub fn stacked_with(dir: &Path, name: &str, stacks: &CallStacks, ids: [u32; 6]) -> PathBuf {
    let records = [
        record(0x1000, 100, 1, Some("index"), Some("Vec<u32>")),
        record(0x2000, 200, 2, Some("index"), Some("Vec<u32>")),
        record(0x3000, 300, 3, None, Some("String")),
        record(0x4000, 1000, 4, Some("text"), Some("String")),
        record(0x5000, 64, 5, None, None),
        record(0x6000, 12, 6, None, None),
    ];
    let mut stacks = stacks.clone();
    stacks.ids = ids.to_vec();
    write_with_stacks(dir, name, detailed(), &records, &stacks)
}

/// A second export of [`stacked`]'s program: the same stacks stored in
/// another order (other ids) at other addresses, stack 3 gone, and more
/// records under what was stack 1.
pub fn later(dir: &Path) -> PathBuf {
    let main = MAIN;
    let stacks = stacks_of(&[
        &[(Some("app::load"), Some("src/load.rs"), 7, false), main],
        &index_add(),
    ]);
    stacked_with(dir, "later.memscope", &stacks, [2, 2, 1, 1, 2, 0])
}

/// Stats that agree with `records`.
fn stats_of(records: &[AllocationInfo]) -> MemoryStats {
    let memory: u64 = records.iter().map(|r| r.size as u64).sum();
    MemoryStats {
        total_allocations: records.len() as u64 + 2,
        total_deallocations: 2,
        active_allocations: records.len() as u64,
        active_memory: memory,
        peak_memory: memory + 100,
        total_allocated: memory + 100,
        total_deallocated: 100,
        ..MemoryStats::default()
    }
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

/// What a run of the command did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

/// Runs `memscope-binary` with `args`.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let (code, stdout, stderr) = run_bytes(args);
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr,
    }
}

/// Runs `memscope-binary` with `args`; returns the exit code, standard
/// output as bytes (a converter's binary output), and standard error.
pub fn run_bytes<I, S>(args: I) -> (i32, Vec<u8>, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = assert_cmd::cargo::cargo_bin_cmd!("memscope-binary")
        .args(args)
        .output()
        .unwrap();
    let code = output
        .status
        .code()
        .expect("exited, not killed by a signal");
    (
        code,
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

impl Run {
    /// Asserts a success that printed nothing on standard error.
    pub fn assert_ok(&self) -> &Self {
        assert_eq!((self.code, self.stderr.as_str()), (0, ""), "{self:#?}");
        self
    }

    /// Asserts exit code 1 and exactly one line on standard error, starting
    /// with `error: ` and containing every one of `needles`.
    pub fn assert_one_error_line(&self, needles: &[&str]) -> &Self {
        assert_eq!(self.code, 1, "{self:#?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{self:#?}");
        assert!(lines[0].starts_with("error: "), "{self:#?}");
        for needle in needles {
            assert!(
                lines[0].contains(needle),
                "{needle:?} not in {:?}",
                lines[0]
            );
        }
        self
    }

    /// The line of standard output that starts with `prefix`.
    pub fn line(&self, prefix: &str) -> &str {
        self.stdout
            .lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starting with {prefix:?} in\n{}", self.stdout))
    }

    /// The words of the line that starts with `prefix`.
    pub fn words(&self, prefix: &str) -> Vec<&str> {
        self.line(prefix).split_whitespace().collect()
    }
}

/// The names of the entries of `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A path as a command-line argument (temporary directories have UTF-8
/// paths).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}
