//! `symbolize_file`: a file exported with raw addresses
//! (`symbolize(false)`) and resolved later from its module map gives the
//! same frames, record by record, as the export resolved in the process;
//! a module whose build id does not match is refused, by name.

use std::collections::HashMap;

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, ExportError, FileContents, SymbolizeOptions,
    read_file, symbolize_file,
};
use memscope_tracker::{TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

#[inline(never)]
fn load_table() -> Vec<Vec<u64>> {
    (0..64).map(|i| vec![i; 100 + i as usize]).collect()
}

/// Each record's frames, by address: function, file, line, inlined.
type FramesByBlock = HashMap<usize, Vec<(Option<String>, Option<String>, Option<u32>, bool)>>;

fn frames_by_block(bytes: &[u8]) -> FramesByBlock {
    let mut reader = BinaryReader::from_bytes(bytes).unwrap();
    let mut by_block = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let frames = record.stack.map_or_else(Vec::new, |stack| {
            stack
                .frames()
                .map(|f| {
                    (
                        f.function.map(str::to_owned),
                        f.file.map(str::to_owned),
                        f.line,
                        f.inlined,
                    )
                })
                .collect()
        });
        by_block.insert(record.allocation.ptr, frames);
    }
    by_block
}

#[test]
fn raw_addresses_resolved_later_give_the_frames_of_an_export_resolved_in_the_process() {
    let table = load_table();
    let dir = tempfile::tempdir().unwrap();
    let (raw, later) = (
        dir.path().join("raw.memscope"),
        dir.path().join("later.memscope"),
    );

    let mut resolved_now = Vec::new();
    BinaryExporter::new(BinaryExportConfig::new().include_details(true))
        .export_to_writer(global_tracker(), &mut resolved_now)
        .unwrap();
    BinaryExporter::new(
        BinaryExportConfig::new()
            .include_details(true)
            .symbolize(false),
    )
    .export(global_tracker(), &raw)
    .unwrap();
    let report = symbolize_file(&raw, &later, &SymbolizeOptions::default()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.records > 64);

    let (now, later_frames) = (
        frames_by_block(&resolved_now),
        frames_by_block(&std::fs::read(&later).unwrap()),
    );
    let ours: Vec<usize> = table.iter().map(|v| v.as_ptr() as usize).collect();
    for ptr in &ours {
        let frames = &later_frames[ptr];
        assert!(
            frames.iter().any(|f| f
                .0
                .as_deref()
                .is_some_and(|name| name.ends_with("load_table"))),
            "the table's blocks name load_table: {frames:?}"
        );
    }
    // Every block both exports hold has the same frames.
    let mut compared = 0;
    for (ptr, frames) in &now {
        if let Some(later) = later_frames.get(ptr) {
            assert_eq!(later, frames, "block {ptr:#x}");
            compared += 1;
        }
    }
    assert!(compared >= ours.len(), "{compared}");

    // The call sites' totals follow their stacks to the resolved ids.
    let raw_history = BinaryReader::open(&raw).unwrap().history().clone();
    let later_reader = BinaryReader::open(&later).unwrap();
    let later_sites = later_reader.history().sites.clone().unwrap();
    let allocated = |sites: &[memscope_export::SiteTotals]| -> u64 {
        sites.iter().map(|site| site.allocated_bytes).sum()
    };
    assert_eq!(
        allocated(&later_sites),
        allocated(&raw_history.sites.unwrap())
    );
    assert_eq!(later_reader.history().timeline, raw_history.timeline);
    let stacks = later_reader.stacks().unwrap();
    let loads: u64 = later_sites
        .iter()
        .filter(|site| {
            site.stack.is_some_and(|id| {
                stacks.stack(id).unwrap().frames().any(|frame| {
                    frame
                        .function
                        .is_some_and(|name| name.ends_with("load_table"))
                })
            })
        })
        .map(|site| site.allocated_blocks)
        .sum();
    assert!(loads >= 64, "load_table allocated its 64 rows: {loads}");
    drop(table);
}

#[test]
fn a_module_whose_build_id_differs_is_refused_by_name() {
    let table = load_table();
    let dir = tempfile::tempdir().unwrap();
    let (raw, altered, later) = (
        dir.path().join("raw.memscope"),
        dir.path().join("altered.memscope"),
        dir.path().join("later.memscope"),
    );
    BinaryExporter::new(BinaryExportConfig::new().symbolize(false))
        .export(global_tracker(), &raw)
        .unwrap();
    // The same file, as if recorded from another build of every module.
    let mut file = read_file(&raw).unwrap();
    let stacks = file.stacks.as_mut().unwrap();
    for module in &mut stacks.modules {
        if let Some(byte) = module.build_id.first_mut() {
            *byte ^= 0xFF;
        }
    }
    let contents = FileContents::new(file.stats, &file.records)
        .with_stacks(file.stacks.as_ref().unwrap())
        .with_threads(file.threads.as_ref().unwrap());
    BinaryExporter::default()
        .export(&contents, &altered)
        .unwrap();

    let error = symbolize_file(&altered, &later, &SymbolizeOptions::default()).unwrap_err();
    let ExportError::ModuleMismatch { module, .. } = &error else {
        panic!("expected a module mismatch, got {error}");
    };
    assert!(error.to_string().contains(module.as_str()), "{error}");
    assert!(error.to_string().contains("build id mismatch"), "{error}");
    assert!(!later.exists(), "nothing written");
    drop(table);
}

#[test]
fn a_file_resolved_when_it_was_exported_has_nothing_to_symbolize() {
    let table = load_table();
    let dir = tempfile::tempdir().unwrap();
    let (resolved, later) = (dir.path().join("r.memscope"), dir.path().join("l.memscope"));
    BinaryExporter::default()
        .export(global_tracker(), &resolved)
        .unwrap();
    let error = symbolize_file(&resolved, &later, &SymbolizeOptions::default()).unwrap_err();
    assert!(
        matches!(error, ExportError::NothingToSymbolize { .. }),
        "{error}"
    );
    drop(table);
}
