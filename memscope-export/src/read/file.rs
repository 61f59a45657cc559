//! [`read_file`]: a whole file in memory, as a [`BinaryFile`].

use std::path::Path;

use memscope_tracker::MemoryStats;

use crate::error::FormatResult;
use crate::format::FileHeader;
use crate::model::history::History;
use crate::model::record::PlacedRecord;
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;
use crate::read::BinaryReader;

/// A whole file, read at once by [`read_file`]. It exports as it was read
/// ([`BinaryExporter::export`](crate::BinaryExporter::export)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryFile {
    /// The header.
    pub header: FileHeader,
    /// The stats segment.
    pub stats: MemoryStats,
    /// Every record, in file order, with its stack and thread by id.
    pub records: Vec<PlacedRecord>,
    /// The call stacks of a version-2 file with them.
    pub stacks: Option<CallStacks>,
    /// The threads, when the file has them.
    pub threads: Option<Threads>,
    /// When the records are samples: the mean gap in bytes between them
    /// (see [`BinaryReader::sample_mean`](crate::BinaryReader::sample_mean)).
    pub sample_mean: Option<u64>,
    /// The call sites' totals and the timeline (see
    /// [`BinaryReader::history`](crate::BinaryReader::history)).
    pub history: History,
}

/// Reads and checks a whole file.
///
/// ```
/// use memscope_export::{TrackerBinaryExport, read_file};
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x1000, 64);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("snapshot.bin");
/// tracker.export_to_binary(&path).unwrap();
///
/// let file = read_file(&path).unwrap();
/// assert_eq!(file.records.len(), 1);
/// assert_eq!(file.records[0].allocation.size, 64);
/// assert_eq!(file.stats.active_memory, 64);
/// ```
pub fn read_file(path: impl AsRef<Path>) -> FormatResult<BinaryFile> {
    let path = path.as_ref();
    let mut reader = BinaryReader::open(path)?;
    let records = reader
        .records()
        .map(|record| record.map(|r| r.into_placed()))
        .collect::<FormatResult<Vec<_>>>()
        .map_err(|e| e.in_file(path))?;
    let (header, stats) = (*reader.header(), *reader.stats());
    let sample_mean = reader.sample_mean();
    let history = reader.history().clone();
    let (stacks, threads) = reader.into_tables();
    Ok(BinaryFile {
        header,
        stats,
        records,
        stacks,
        threads,
        sample_mean,
        history,
    })
}
