//! A file that says what happened over its run, beside its live blocks:
//! each call site's totals (FORMAT.md's `sITE`) and the timeline of live
//! memory (`tIME`), for the outputs that show them.

use memscope_export::{
    BinaryExportConfig, BinaryExporter, CallStacks, FileContents, History, Mark, MarkKind,
    PlacedRecord, RunTimeline, SiteTotals, StackId, TimelineBucket, TimelineMark,
};
use memscope_tracker::MemoryStats;

use crate::{EXPORTED, MAIN, index_add, placed, six_allocations, stacks_of};

/// One second, in nanoseconds.
const SECOND: u64 = 1_000_000_000;

/// When the run's timeline starts: ten seconds before [`EXPORTED`],
/// 2023-11-14T22:13:10.123456789Z.
pub const RUN_START: u64 = EXPORTED - 10 * SECOND;

/// When the run's peak was reached: 4.5 seconds into it,
/// 2023-11-14T22:13:14.623456789Z.
pub const PEAK_TIME: u64 = RUN_START + 4 * SECOND + SECOND / 2;

/// The live bytes at the peak: 6,008 (5.87 KiB), the sum of
/// [`run_sites`]' peak bytes.
pub const PEAK_BYTES: u64 = 6008;

/// The stacks of [`run_records`]: [`three_stacks`](crate::three_stacks)'
/// three, then a fourth, `app::parse` under `app::main`, whose blocks
/// were all freed (the churn).
pub fn run_stacks() -> CallStacks {
    stacks_of(&[
        &index_add(),
        &[(Some("app::load"), Some("src/load.rs"), 7, false), MAIN],
        &[(None, None, 0, false), MAIN],
        &[(Some("app::parse"), Some("src/parse.rs"), 20, false), MAIN],
    ])
}

/// What each call site of [`run_records`] did over the run, by stack:
///
/// | stack | allocated | freed | live now | at the peak | temporary |
/// |---|---|---|---|---|---|
/// | none | 1 block, 12 B | 0 | 1, 12 B | 1, 12 B | 0 |
/// | 1 `app::index::add` | 5, 700 B | 3, 400 B | 2, 300 B | 4, 600 B | 1, 100 B |
/// | 2 `app::load` | 2, 1,300 B | 0 | 2, 1,300 B | 2, 1,300 B | 0 |
/// | 3 (no symbol) | 1, 64 B | 0 | 1, 64 B | 0 | 0 |
/// | 4 `app::parse` | 1,000, 4,096,000 B | all | 0 | 1, 4,096 B | 1,000, 4,096,000 B |
///
/// The live counts are the records' ([`six_allocations`] placed as
/// [`six_records`](crate::six_records) places them); the peak's add up
/// to [`PEAK_BYTES`] in 8 blocks.
pub fn run_sites() -> Vec<SiteTotals> {
    let site = |stack: u32, allocated: (u64, u64), freed: (u64, u64), peak, temporary| {
        let (peak_blocks, peak_bytes): (u64, u64) = peak;
        let (temporary_blocks, temporary_bytes): (u64, u64) = temporary;
        SiteTotals {
            stack: (stack > 0).then(|| StackId::from_index(stack as usize - 1)),
            allocated_blocks: allocated.0,
            allocated_bytes: allocated.1,
            freed_blocks: freed.0,
            freed_bytes: freed.1,
            peak_blocks,
            peak_bytes,
            temporary_blocks,
            temporary_bytes,
        }
    };
    vec![
        site(0, (1, 12), (0, 0), (1, 12), (0, 0)),
        site(1, (5, 700), (3, 400), (4, 600), (1, 100)),
        site(2, (2, 1300), (0, 0), (2, 1300), (0, 0)),
        site(3, (1, 64), (0, 0), (0, 0), (0, 0)),
        site(
            4,
            (1000, 4_096_000),
            (1000, 4_096_000),
            (1, 4096),
            (1000, 4_096_000),
        ),
    ]
}

/// The run's timeline: ten buckets of one second from [`RUN_START`], the
/// peak of [`PEAK_BYTES`] in 8 blocks at [`PEAK_TIME`] (bucket 4), a
/// snapshot two seconds in (2,000 bytes in 3 blocks) and the file's own
/// at [`EXPORTED`] (1,676 bytes in 6 blocks).
pub fn run_timeline() -> RunTimeline {
    let bucket = |min_bytes, max_bytes, min_blocks, max_blocks| TimelineBucket {
        min_bytes,
        max_bytes,
        min_blocks,
        max_blocks,
    };
    RunTimeline {
        start_ns: RUN_START,
        bucket_ns: SECOND,
        buckets: vec![
            bucket(0, 1000, 0, 2),
            bucket(1000, 2000, 2, 3),
            bucket(1500, 2500, 3, 4),
            bucket(1800, 3000, 3, 5),
            bucket(2000, PEAK_BYTES, 4, 8),
            bucket(1900, 5000, 5, 7),
            bucket(1700, 2600, 5, 6),
            bucket(1700, 1900, 6, 6),
            bucket(1676, 1800, 6, 6),
            bucket(1676, 1676, 6, 6),
        ],
        peak: Some(TimelineMark {
            time_ns: PEAK_TIME,
            bytes: PEAK_BYTES,
            blocks: 8,
        }),
        marks: vec![
            Mark {
                kind: MarkKind::Snapshot,
                time_ns: RUN_START + 2 * SECOND,
                bytes: 2000,
                blocks: 3,
            },
            Mark {
                kind: MarkKind::Snapshot,
                time_ns: EXPORTED,
                bytes: 1676,
                blocks: 6,
            },
        ],
    }
}

/// The six records of [`six_records`](crate::six_records) (no threads)
/// under [`run_stacks`], with [`run_sites`] and [`run_timeline`].
pub fn run_records() -> (Vec<PlacedRecord>, CallStacks, History) {
    let records = placed(&six_allocations(), &[1, 1, 2, 2, 3, 0], &[]);
    let history = History {
        sites: Some(run_sites()),
        timeline: Some(run_timeline()),
    };
    (records, run_stacks(), history)
}

/// The bytes of the file of [`run_records`], written with `config`,
/// its stats those of the run: 1,676 bytes in 6 blocks live, a peak of
/// [`PEAK_BYTES`] in 8 blocks, 4,098,076 bytes in 1,009 blocks allocated
/// and 4,096,400 in 1,003 freed.
///
/// ```
/// use memscope_test_support::{detailed, run_file_bytes};
///
/// let bytes = run_file_bytes(detailed());
/// let reader = memscope_export::BinaryReader::from_bytes(&bytes).unwrap();
/// assert_eq!(reader.history().sites.as_ref().unwrap().len(), 5);
/// assert_eq!(reader.stats().peak_memory, 6008);
/// ```
pub fn run_file_bytes(config: BinaryExportConfig) -> Vec<u8> {
    let (records, stacks, history) = run_records();
    let sites = run_sites();
    let sum = |count: fn(&SiteTotals) -> u64| sites.iter().map(count).sum::<u64>();
    let stats = MemoryStats {
        total_allocations: sum(|s| s.allocated_blocks),
        total_deallocations: sum(|s| s.freed_blocks),
        peak_memory: PEAK_BYTES,
        peak_allocations: 8,
        total_allocated: sum(|s| s.allocated_bytes),
        total_deallocated: sum(|s| s.freed_bytes),
        ..MemoryStats::of_live(records.iter().map(|r| &r.allocation))
    };
    let contents = FileContents::new(stats, &records)
        .with_stacks(&stacks)
        .with_history(&history);
    let mut bytes = Vec::new();
    BinaryExporter::new(config)
        .export_to_writer(&contents, &mut bytes)
        .expect("the fixture's records, tables and history agree");
    bytes
}
