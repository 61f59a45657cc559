//! The README, kept true: every Rust snippet in it is compiled and run,
//! here (the library snippets, in a temporary directory) or as an example
//! (the setup, `examples/quickstart.rs`, run here as a program).
// The snippets bind what they show, and derive a type they do not use.
#![allow(unused_variables, dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ```rust blocks of the README, each as its lines.
fn rust_snippets() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut snippets = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(_), "```") => snippets.push(current.take().unwrap()),
            (Some(lines), _) => lines.push(line.to_owned()),
            (None, _) => {}
        }
    }
    snippets
}

/// Whether `snippet`'s lines (indentation aside) appear one after the
/// other in `file`.
fn contains(file: &Path, snippet: &[String]) -> bool {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let wanted: Vec<&str> = snippet.iter().map(|l| l.trim()).collect();
    lines.windows(wanted.len()).any(|window| window == wanted)
}

#[test]
fn every_rust_snippet_of_the_readme_is_compiled_here_or_is_an_example() {
    let homes = [
        root().join("tests/readme.rs"),
        root().join("examples/quickstart.rs"),
    ];
    let snippets = rust_snippets();
    assert!(snippets.len() >= 4, "the README's snippets were found");
    for snippet in snippets {
        assert!(
            homes.iter().any(|home| contains(home, &snippet)),
            "this README snippet is neither in tests/readme.rs nor in an example:\n{}",
            snippet.join("\n")
        );
    }
}

/// The quickstart example, as `cargo test` built it (a run of this test
/// alone, `--test readme`, builds no example: then it is built here).
fn quickstart() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let profile = deps.parent().and_then(Path::parent).unwrap();
    let example = profile.join("examples").join("quickstart");
    if !example.exists() {
        let built = Command::new(env!("CARGO"))
            .args(["build", "--example", "quickstart"])
            .current_dir(root())
            .status()
            .unwrap();
        assert!(built.success());
    }
    example
}

#[test]
fn the_setup_in_the_readme_runs_and_its_file_answers_where_the_memory_is() {
    let dir = tempfile::tempdir().unwrap();
    let run = Command::new(quickstart())
        .current_dir(dir.path())
        .output()
        .expect("cargo test builds the examples");
    assert!(run.status.success(), "{run:?}");
    let out = String::from_utf8(run.stdout).unwrap();
    assert!(out.ends_with("live blocks in app.memscope\n"), "{out}");

    let file = memscope_export::read_file(dir.path().join("app.memscope")).unwrap();
    assert_eq!(file.header.version, 2);
    let stacks = file.stacks.expect("call stacks");
    let threads = file.threads.expect("threads");
    let named = file
        .records
        .iter()
        .position(|r| r.var_name.as_deref() == Some("word counts"))
        .expect("the map's table is named");
    // It was allocated in the example's main, on the main thread.
    let site = stacks.call_site(stacks.ids[named]).unwrap();
    assert_eq!(site.function, Some("quickstart::main"));
    assert_eq!(
        threads.thread_of_record(named).unwrap().name(),
        Some("main")
    );
    // The scratch buffer of the paused section is not there.
    assert!(file.records.iter().all(|r| r.size != 1 << 20));
}

/// The library snippets, in the README's order, run in a temporary
/// directory (they write files where they stand). Kept as the README
/// shows them, so not formatted.
#[rustfmt::skip]
#[test]
fn the_library_snippets_of_the_readme_run() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::env::set_current_dir(dir.path())?;

    // README: exporting
    use memscope_export::{BinaryExportConfig, TrackerBinaryExport, export_to_json};
    use memscope_tracker::MemoryTracker;

    let tracker = MemoryTracker::new(); // or global_tracker(), fed by the TrackingAllocator
    tracker.record_alloc(0x1000, 64);
    tracker.export_to_binary("basic.memscope")?;
    let config = BinaryExportConfig::new().include_details(true).compression_level(3);
    tracker.export_to_binary_with_config("detailed.memscope", config)?;
    export_to_json(&tracker, "state.json")?;

    // README: reading
    use memscope_export::{BinaryReader, convert_to_json, read_file};

    let reader = BinaryReader::open("detailed.memscope")?;
    println!("{} records, flags {}", reader.record_count(), reader.flags());
    let mut records = reader.records();
    while let Some(record) = records.next() {
        let record = record?; // AllocationInfo
        // A version-2 file: where the record was allocated, and by which thread.
        if let Some(stacks) = records.stacks() {
            let frames = stacks.stack(records.last_stack_id()); // innermost first
            let call_site = stacks.call_site(records.last_stack_id());
        }
        let thread = records.last_thread().and_then(|thread| thread.name());
    }
    let whole = read_file("detailed.memscope")?; // header, stats, records, stacks, threads
    convert_to_json(BinaryReader::open("detailed.memscope")?, std::io::stdout())?;

    assert_eq!(whole.records.len(), 1);
    deriving()?;
    Ok(())
}

/// README: deriving the encoding.
#[rustfmt::skip]
fn deriving() -> Result<(), Box<dyn std::error::Error>> {
    use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, Layout};

    // Enums with data: the discriminant as the repr integer, then the fields.
    #[derive(BinaryRecord, Debug, PartialEq)]
    #[repr(u8)]
    enum Event {
        Alloc { ptr: u64, size: u64 } = 1,
        Free { ptr: u64 } = 2,
        Realloc { old: u64, new: u64, size: u64 } = 3,
    }
    let bytes = Event::Free { ptr: 0x1000 }.to_bytes(Layout::Basic)?;
    assert_eq!(bytes, [2, 0x00, 0x10, 0, 0, 0, 0, 0, 0]);

    // Borrowed decoding: the names are slices of the input.
    #[derive(BinaryRecord, Debug, PartialEq)]
    struct Record<'a> {
        ptr: u64,
        #[binary(detail, presence_bit = 0)]
        var_name: Option<&'a str>,
    }
    let mut bytes = Vec::new();
    Record { ptr: 1, var_name: Some("buf") }.write_borrowed(&mut bytes, Layout::Detailed)?;
    let (record, _) = Record::decode_borrowed(&bytes, Layout::Detailed)?;
    assert_eq!(record.var_name, Some("buf"));

    // A length kept in another field, written once and checked on write.
    #[derive(BinaryRecord)]
    struct Trace {
        depth: u8,
        #[binary(count = depth)]
        frames: Vec<u64>,
    }
    let wrong = Trace { depth: 3, frames: vec![1] };
    assert!(matches!(wrong.to_bytes(Layout::Basic), Err(CodecError::CountMismatch { .. })));

    // Recursive types derive; decoding stops at 128 levels with an error.
    #[derive(BinaryRecord)]
    struct Node {
        value: u32,
        children: Vec<Node>,
    }

    // Plain structs (fixed-size numbers laid out as on the wire, proved at
    // compile time): slices of them are one memcpy each way.
    #[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
    struct Block {
        ptr: u64,
        size: u64,
        timestamp: u64,
    }
    let blocks = vec![Block { ptr: 1, size: 2, timestamp: 3 }; 1000];
    let mut bytes = Vec::new();
    Block::write_many(&blocks, &mut bytes, Layout::Basic)?;
    assert_eq!(Block::decode_many(&bytes, 1000, Layout::Basic)?.0, blocks);
    Ok(())
}
