//! `sITE` and `tIME` (FORMAT.md): what a tracker's export says about the
//! whole run, read back as it was written, kept through a re-export, and
//! refused when it contradicts the file.

use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, ExportError, FileContents,
    FormatError, History, MarkKind, PlacedRecord, ResolvedFrame, SiteTotals, read_file,
};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker};

/// A run whose peak (3,000 bytes at one site) is gone by the export.
fn run() -> MemoryTracker {
    let tracker = MemoryTracker::new();
    for i in 0..3 {
        tracker.record_alloc_with_stack(0x1000 * (i + 1), 1000, 1_000_000_000, &[0x5555_0000_0100]);
    }
    for i in 0..3 {
        tracker.record_dealloc(0x1000 * (i + 1));
    }
    tracker.record_alloc_with_stack(0x9000, 10, 1_002_000_000, &[0x5555_0000_0200]);
    tracker
}

fn export(tracker: &MemoryTracker, config: BinaryExportConfig) -> Vec<u8> {
    let mut file = Vec::new();
    BinaryExporter::new(config.symbolize(false))
        .export_to_writer(tracker, &mut file)
        .unwrap();
    file
}

#[test]
fn an_export_keeps_each_sites_peak_and_total_after_the_peak_is_gone() {
    for config in [
        BinaryExportConfig::new(),
        BinaryExportConfig::new().compression_level(3),
    ] {
        let file = export(&run(), config);
        let reader = BinaryReader::from_bytes(&file).unwrap();
        let history = reader.history();
        let sites = history.sites.as_ref().unwrap();
        let stacks = reader.stacks().unwrap();
        let address = |site: &SiteTotals| {
            stacks
                .stack(site.stack.unwrap())
                .unwrap()
                .frames()
                .next()
                .unwrap()
                .address
        };
        let builder = sites
            .iter()
            .find(|s| address(s) == 0x5555_0000_0100)
            .unwrap();
        assert_eq!(
            (builder.allocated_blocks, builder.allocated_bytes),
            (3, 3000)
        );
        assert_eq!((builder.peak_blocks, builder.peak_bytes), (3, 3000));
        assert_eq!((builder.live_blocks(), builder.temporary_blocks), (0, 1));
        let later = sites
            .iter()
            .find(|s| address(s) == 0x5555_0000_0200)
            .unwrap();
        assert_eq!((later.peak_bytes, later.live_bytes()), (0, 10));

        let timeline = history.timeline.as_ref().unwrap();
        let peak = timeline.peak.unwrap();
        assert_eq!(
            (peak.bytes, peak.blocks, peak.time_ns),
            (3000, 3, 1_000_000_000)
        );
        assert_eq!(timeline.start_ns, 1_000_000_000);
        assert_eq!(timeline.buckets[0].max_bytes, 3000);
        let last = timeline.marks.last().unwrap();
        assert_eq!(
            (last.kind, last.bytes, last.blocks),
            (MarkKind::Snapshot, 10, 1)
        );
    }
}

#[test]
fn without_stacks_in_the_file_the_sites_are_one_row_for_the_process() {
    let file = export(&run(), BinaryExportConfig::new().call_stacks(false));
    let reader = BinaryReader::from_bytes(&file).unwrap();
    let sites = reader.history().sites.clone().unwrap();
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0].stack, None);
    assert_eq!(
        (sites[0].allocated_bytes, sites[0].peak_bytes),
        (3010, 3000)
    );
}

#[test]
fn a_re_export_of_a_file_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.memscope");
    std::fs::write(&first, export(&run(), BinaryExportConfig::new())).unwrap();
    let read = read_file(&first).unwrap();
    let mut again = Vec::new();
    BinaryExporter::default()
        .export_to_writer(&read, &mut again)
        .unwrap();
    let reader = BinaryReader::from_bytes(&again).unwrap();
    assert_eq!(reader.history(), &read.history);
    assert!(!read.history.is_empty());
}

#[test]
fn without_history_a_tracker_without_stacks_still_writes_version_1() {
    let tracker = MemoryTracker::new();
    tracker.record_alloc_at(0x1000, 64, 1);
    let file = export(&tracker, BinaryExportConfig::new().history(false));
    let reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.header().version, 1);
    assert!(reader.history().is_empty());
}

/// A one-stack file by hand, with `sites` as its `sITE`.
fn by_hand(sites: Vec<SiteTotals>) -> Result<Vec<u8>, ExportError> {
    let mut stacks = CallStacks::default();
    let frame = stacks.push_resolved(ResolvedFrame {
        address: 0x10,
        function: Some("app::main"),
        file: None,
        line: None,
        inlined: false,
    });
    let stack = stacks.push_stack([frame]);
    let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1)).with_stack(stack)];
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let history = History {
        sites: Some(
            sites
                .into_iter()
                .map(|mut s| {
                    s.stack = s.stack.map(|_| stack);
                    s
                })
                .collect(),
        ),
        timeline: None,
    };
    let contents = FileContents::new(stats, &records)
        .with_stacks(&stacks)
        .with_history(&history);
    let mut file = Vec::new();
    BinaryExporter::default().export_to_writer(&contents, &mut file)?;
    Ok(file)
}

fn site(allocated: u64, freed: u64) -> SiteTotals {
    SiteTotals {
        stack: Some(memscope_export::StackId::from_index(0)),
        allocated_blocks: allocated,
        allocated_bytes: 64 * allocated,
        freed_blocks: freed,
        freed_bytes: 64 * freed,
        ..SiteTotals::default()
    }
}

#[test]
fn a_history_that_contradicts_itself_is_never_written() {
    let file = by_hand(vec![site(2, 1)]).unwrap();
    let reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.history().sites.as_ref().unwrap()[0].freed_bytes, 64);

    let freed_too_much = by_hand(vec![site(1, 2)]).unwrap_err();
    assert!(
        matches!(
            freed_too_much,
            ExportError::InvalidHistory(FormatError::SiteCount {
                field: "freed blocks",
                ..
            })
        ),
        "{freed_too_much}"
    );
    let twice = by_hand(vec![site(1, 0), site(1, 0)]).unwrap_err();
    assert!(
        matches!(
            twice,
            ExportError::InvalidHistory(FormatError::SiteOrder { .. })
        ),
        "{twice}"
    );
}

#[test]
fn a_site_naming_a_stack_the_file_lacks_is_refused_with_its_offset() {
    let mut file = by_hand(vec![site(2, 1)]).unwrap();
    // The row's stack id: 1 → 2, past the one stack.
    let tag = file.windows(4).position(|w| w == b"sITE").unwrap();
    let row = tag + 12 + 4;
    file[row..row + 4].copy_from_slice(&2u32.to_le_bytes());
    let error = BinaryReader::from_bytes(&file).unwrap_err();
    match error {
        FormatError::SiteStack {
            row: 0,
            stack: 2,
            stacks: Some(1),
            offset,
        } => {
            assert_eq!(offset, row as u64);
        }
        other => panic!("{other}"),
    }
}
