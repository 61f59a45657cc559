//! The binary export: one way in for a path ([`BinaryExporter::export`])
//! and one for a writer ([`BinaryExporter::export_to_writer`]), both with
//! the one [`BinaryExportConfig`], from any [`ExportSource`]: a tracker,
//! a file read back, or contents assembled by hand ([`FileContents`]).
//! The names of the original design note ([`TrackerBinaryExport`],
//! [`export_to_binary`], [`export_to_binary_with_config`]) are thin
//! aliases of the first.
//!
//! - `config`: [`BinaryExportConfig`].
//! - `write`: the bytes of [FORMAT.md](crate::spec), every segment a
//!   derived `BinaryRecord`, records streamed (no copy of them all is
//!   ever made), compression and the checksum.

mod config;
mod write;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker, untracked};

use crate::atomic::write_atomically;
use crate::error::{ExportError, ExportResult};
use crate::format::ALLOCATIONS;
use crate::model::history::History;
use crate::model::record::{PlacedRecord, WritableRecord};
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;
use crate::read::BinaryFile;
use crate::tracked::{Places, StackNames};

pub use config::{BinaryExportConfig, MAX_COMPRESSION_LEVEL};
use write::{Parts, write_file};

/// What an export wrote and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryExportReport {
    /// Wall time of the export: the snapshot, the symbolization, the
    /// encoding and the writing, and for an export to a path the sync and
    /// the rename too.
    pub export_duration: Duration,
    /// Bytes in the file, footer included.
    pub file_size: usize,
    /// Allocation records written.
    pub allocations_count: usize,
    /// Bytes of the stats segment (always 60).
    pub stats_size: usize,
    /// Bytes of the allocation segment: tag, count and records as stored
    /// (compressed, when compression is on).
    pub allocations_size: usize,
}

impl BinaryExportReport {
    /// How many times smaller this file is than a JSON export of `json_size`
    /// bytes (5.0 means a fifth of the size); 0.0 when either size is 0.
    pub fn compression_ratio_vs_json(&self, json_size: usize) -> f64 {
        if self.file_size == 0 || json_size == 0 {
            return 0.0;
        }
        json_size as f64 / self.file_size as f64
    }

    /// Stored bytes per allocation record (the segment's 8-byte tag and
    /// count excluded); 0.0 for an export without records.
    pub fn avg_allocation_size(&self) -> f64 {
        if self.allocations_count == 0 {
            return 0.0;
        }
        self.allocations_size.saturating_sub(ALLOCATIONS.fixed_size) as f64
            / self.allocations_count as f64
    }
}

/// Writes memscope binary files.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::{BinaryExportConfig, BinaryExporter};
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x1000, 64);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("snapshot.memscope");
///
/// let exporter = BinaryExporter::new(BinaryExportConfig::new().include_details(true));
/// let report = exporter.export(&tracker, &path).unwrap();
/// assert_eq!(report.allocations_count, 1);
/// assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, report.file_size);
/// ```
#[derive(Debug, Clone, Default)]
pub struct BinaryExporter {
    config: BinaryExportConfig,
}

impl BinaryExporter {
    /// An exporter with `config`.
    pub fn new(config: BinaryExportConfig) -> Self {
        BinaryExporter { config }
    }

    /// The configuration.
    pub fn config(&self) -> &BinaryExportConfig {
        &self.config
    }

    /// Exports `source` to the file at `path` through [`write_atomically`]:
    /// a regular file is replaced only when the new one is complete and
    /// synced (on any error the previous file at `path` is untouched and no
    /// temporary file remains), a symbolic link's target is replaced and
    /// the link kept, a FIFO or a character device is written straight
    /// through.
    ///
    /// The export runs [`untracked`]: what it allocates is not the
    /// program's memory, and no tracker records it.
    pub fn export(
        &self,
        source: &impl ExportSource,
        path: impl AsRef<Path>,
    ) -> ExportResult<BinaryExportReport> {
        untracked(|| {
            self.config.validate()?;
            let path = path.as_ref();
            let started = Instant::now();
            let mut report = write_atomically(path, |file| {
                source
                    .write_file(&self.config, file)
                    .map_err(|e| e.in_file(path))
            })?;
            // The whole export, the sync and the rename included.
            report.export_duration = started.elapsed();
            Ok(report)
        })
    }

    /// Exports `source` to any writer (a pipe, a socket, a `Vec<u8>`). The
    /// writer is buffered here; pass it unbuffered. Like
    /// [`export`](Self::export), it runs [`untracked`].
    pub fn export_to_writer(
        &self,
        source: &impl ExportSource,
        writer: impl Write,
    ) -> ExportResult<BinaryExportReport> {
        untracked(|| source.write_file(&self.config, writer))
    }
}

/// What can be exported: a [`MemoryTracker`] (its live blocks, from one
/// consistent snapshot), a [`BinaryFile`] read back, or [`FileContents`]
/// assembled by hand.
pub trait ExportSource: sealed::Sealed {
    /// Writes the file of this source with `config` to `writer`.
    #[doc(hidden)]
    fn write_file<W: Write>(
        &self,
        config: &BinaryExportConfig,
        writer: W,
    ) -> ExportResult<BinaryExportReport>;
}

mod sealed {
    /// Only this crate's sources: the trait's method is how the exporter
    /// works, not a promise to implementors.
    pub trait Sealed {}

    impl Sealed for memscope_tracker::MemoryTracker {}
    impl Sealed for crate::read::BinaryFile {}
    impl<I> Sealed for super::FileContents<'_, I> {}
}

/// A tracker's live blocks, from one [`MemoryTracker::snapshot`]: the
/// tracker is locked only while it is copied, never while the file is
/// written, so the writer may allocate, or be read by a thread that
/// allocates. A tracker that has never seen an allocation is refused
/// ([`ExportError::NothingTracked`]) unless
/// [`allow_empty`](BinaryExportConfig::allow_empty) says otherwise.
impl ExportSource for MemoryTracker {
    fn write_file<W: Write>(
        &self,
        config: &BinaryExportConfig,
        writer: W,
    ) -> ExportResult<BinaryExportReport> {
        config.validate()?;
        let snapshot = self.snapshot();
        if !config.allow_empty {
            check_tracked(snapshot.stats())?;
        }
        let names = match (config.call_stacks, config.symbolize) {
            (false, _) => None,
            (true, true) => Some(StackNames::Resolved),
            (true, false) => Some(StackNames::Raw),
        };
        let places = Places::of(&snapshot, names, config.threads);
        // The basic layout writes no names: records without them cost no
        // allocation (cloning a named block's names would cost four
        // tracked allocator calls each).
        let detailed = config.include_details;
        let places_ref = &places;
        let sampled = snapshot.sample_mean();
        let records = snapshot.blocks().enumerate().map(move |(index, block)| {
            let allocation = if detailed {
                block.to_info()
            } else {
                AllocationInfo::new(block.ptr, block.size, block.timestamp_alloc)
            };
            PlacedRecord {
                allocation,
                stack: places_ref.stack_of.get(index).copied().flatten(),
                thread: places_ref.thread_of.get(index).copied().flatten(),
                // In a sampled snapshot a block recorded with certainty
                // (by hand) has mean 1: weight 1.
                sample_mean: sampled.map(|_| block.sample_mean.unwrap_or(1)),
            }
        });
        let parts = Parts {
            stats: snapshot.stats(),
            records,
            stacks: places.stacks.as_ref(),
            threads: places.threads.as_ref(),
            sample_mean: snapshot.sample_mean(),
            history: if config.history {
                &places.history
            } else {
                &NO_HISTORY
            },
            places_known: true,
        };
        write_file(config, writer, parts)
    }
}

/// A file as it was read: the same stats, records, stacks and threads (a
/// new header: the configuration decides the flags and the time).
impl ExportSource for BinaryFile {
    fn write_file<W: Write>(
        &self,
        config: &BinaryExportConfig,
        writer: W,
    ) -> ExportResult<BinaryExportReport> {
        let mut contents = FileContents::new(self.stats, &self.records);
        contents.stacks = self.stacks.as_ref();
        contents.threads = self.threads.as_ref();
        contents.sample_mean = self.sample_mean;
        contents.history = Some(&self.history);
        contents.write_file(config, writer)
    }
}

/// What a file holds, assembled by hand: stats and the records they
/// describe, and, for a version-2 file, the call stacks and threads the
/// records name. `stats.active_allocations` must equal the number of
/// records and `stats.active_memory` the sum of their sizes, as the
/// tracker's snapshots guarantee, and every stack and thread a record
/// names must be in the tables: a file that contradicts itself is never
/// written silently.
///
/// The records are any iterator that can be walked again (a slice, a
/// `Vec`'s `iter()`, a generator that makes each record as it is asked
/// for) of [`AllocationInfo`]s or [`PlacedRecord`]s, so a file of any size
/// can be written in constant memory. A compressed detailed export walks
/// them once more before writing, to state the frame's size.
///
/// ```
/// use memscope_export::{BinaryExporter, BinaryReader, CallStacks, FileContents, PlacedRecord, ResolvedFrame, Thread, Threads};
/// use memscope_tracker::{AllocationInfo, MemoryStats};
///
/// let mut stacks = CallStacks::default();
/// let frame = stacks.push_resolved(ResolvedFrame { address: 0x5555_0000_1234, function: Some("my_crate::load"), file: None, line: None, inlined: false });
/// let stack = stacks.push_stack([frame]);
/// let mut threads = Threads::default();
/// let loader = threads.push(Thread { id: 3, name: "loader".into() });
/// let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1)).with_stack(stack).with_thread(loader)];
/// let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
///
/// let contents = FileContents::new(stats, &records).with_stacks(&stacks).with_threads(&threads);
/// let mut file = Vec::new();
/// BinaryExporter::default().export_to_writer(&contents, &mut file).unwrap();
///
/// let mut reader = BinaryReader::from_bytes(&file).unwrap();
/// assert_eq!(reader.header().version, 2);
/// let record = reader.records().next().unwrap().unwrap();
/// assert_eq!(record.thread.unwrap().name(), Some("loader"));
/// assert_eq!(record.stack.unwrap().frames().next().unwrap().function, Some("my_crate::load"));
/// ```
#[derive(Debug, Clone)]
pub struct FileContents<'a, I> {
    stats: MemoryStats,
    records: I,
    stacks: Option<&'a CallStacks>,
    threads: Option<&'a Threads>,
    sample_mean: Option<u64>,
    history: Option<&'a History>,
}

impl<'a, I> FileContents<'a, I>
where
    I: IntoIterator + Clone,
    I::IntoIter: ExactSizeIterator + Clone,
    I::Item: WritableRecord,
{
    /// `stats` and the `records` they describe: a version-1 file.
    pub fn new(stats: MemoryStats, records: I) -> Self {
        FileContents {
            stats,
            records,
            stacks: None,
            threads: None,
            sample_mean: None,
            history: None,
        }
    }

    /// With the call stacks the records name ([`PlacedRecord::stack`]):
    /// a version-2 file.
    pub fn with_stacks(mut self, stacks: &'a CallStacks) -> Self {
        self.stacks = Some(stacks);
        self
    }

    /// With the threads the records name ([`PlacedRecord::thread`]): a
    /// version-2 file.
    pub fn with_threads(mut self, threads: &'a Threads) -> Self {
        self.threads = Some(threads);
        self
    }

    /// The records are samples taken at a mean gap of `mean` bytes (each
    /// record's own [`PlacedRecord::sample_mean`] when it has one): a
    /// version-2 file with `SMPL`, whose stats count the samples.
    pub fn with_sampling(mut self, mean: u64) -> Self {
        self.sample_mean = Some(mean);
        self
    }

    /// With what the run did beside the live records: each call site's
    /// totals (their stacks in the call stacks given) and the timeline
    /// (`sITE` and `tIME`): a version-2 file.
    pub fn with_history(mut self, history: &'a History) -> Self {
        self.history = Some(history);
        self
    }
}

impl<I> ExportSource for FileContents<'_, I>
where
    I: IntoIterator + Clone,
    I::IntoIter: ExactSizeIterator + Clone,
    I::Item: WritableRecord,
{
    fn write_file<W: Write>(
        &self,
        config: &BinaryExportConfig,
        writer: W,
    ) -> ExportResult<BinaryExportReport> {
        let parts = Parts {
            stats: &self.stats,
            records: self.records.clone().into_iter(),
            stacks: self.stacks,
            threads: self.threads,
            sample_mean: self.sample_mean,
            history: self.history.unwrap_or(&NO_HISTORY),
            places_known: false,
        };
        write_file(config, writer, parts)
    }
}

/// What a file without `sITE` and `tIME` says of its run: nothing.
static NO_HISTORY: History = History {
    sites: None,
    timeline: None,
};

/// Adds `export_to_binary` to [`MemoryTracker`], as the original design
/// note has it: aliases of [`BinaryExporter::export`].
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::{BinaryExportConfig, TrackerBinaryExport};
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x2000, 128);
/// let dir = tempfile::tempdir().unwrap();
///
/// // Basic use
/// let report = tracker.export_to_binary(dir.path().join("output.bin")).unwrap();
/// assert_eq!(report.allocations_count, 1);
///
/// // A custom configuration
/// let config = BinaryExportConfig::new()
///     .buffer_size(128 * 1024)
///     .include_details(true);
/// let report = tracker
///     .export_to_binary_with_config(dir.path().join("detailed.bin"), config)
///     .unwrap();
/// assert_eq!(report.allocations_count, 1);
/// ```
pub trait TrackerBinaryExport {
    /// Exports with the default configuration:
    /// `BinaryExporter::default().export(self, path)`.
    fn export_to_binary<P: AsRef<Path>>(&self, path: P) -> ExportResult<BinaryExportReport>;

    /// Exports with `config`: `BinaryExporter::new(config).export(self, path)`.
    fn export_to_binary_with_config<P: AsRef<Path>>(
        &self,
        path: P,
        config: BinaryExportConfig,
    ) -> ExportResult<BinaryExportReport>;
}

impl TrackerBinaryExport for MemoryTracker {
    fn export_to_binary<P: AsRef<Path>>(&self, path: P) -> ExportResult<BinaryExportReport> {
        export_to_binary(self, path)
    }

    fn export_to_binary_with_config<P: AsRef<Path>>(
        &self,
        path: P,
        config: BinaryExportConfig,
    ) -> ExportResult<BinaryExportReport> {
        export_to_binary_with_config(self, path, config)
    }
}

/// Exports `tracker` to `path` with the default configuration: the
/// design note's name for `BinaryExporter::default().export(tracker, path)`.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::export_to_binary;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x1000, 64, 1);
/// let dir = tempfile::tempdir().unwrap();
/// let report = export_to_binary(&tracker, dir.path().join("simple.bin")).unwrap();
/// assert_eq!(report.allocations_count, 1);
/// assert_eq!(report.avg_allocation_size(), 24.0); // bytes per stored record
/// ```
pub fn export_to_binary<P: AsRef<Path>>(
    tracker: &MemoryTracker,
    path: P,
) -> ExportResult<BinaryExportReport> {
    BinaryExporter::default().export(tracker, path)
}

/// Exports `tracker` to `path` with `config`: the design note's name for
/// `BinaryExporter::new(config).export(tracker, path)`.
pub fn export_to_binary_with_config<P: AsRef<Path>>(
    tracker: &MemoryTracker,
    path: P,
    config: BinaryExportConfig,
) -> ExportResult<BinaryExportReport> {
    BinaryExporter::new(config).export(tracker, path)
}

/// Fails with [`ExportError::NothingTracked`] when `stats` are those of
/// a tracker that has never seen an allocation, recorded or not.
pub(crate) fn check_tracked(stats: &MemoryStats) -> ExportResult<()> {
    if !stats.has_seen_allocations() {
        return Err(ExportError::NothingTracked);
    }
    Ok(())
}
