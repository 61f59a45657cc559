//! Opening and streaming input files, with errors that name the file.

use std::fs::File;
use std::path::Path;

use memscope_export::format::{FLAGS_OFFSET, FileHeader, Flags};
use memscope_export::{BinaryReader, CallStacks, FormatError, RecordPlace, Threads};
use memscope_tracker::AllocationInfo;

use crate::error::CliError;

/// Opens the memscope file at `path`: its header, stats segment and record
/// count are read and checked, the records not yet; a version-2 file's
/// call stacks are read ahead of the records when the file can seek (a
/// regular file).
pub fn open(path: &Path) -> Result<BinaryReader<File>, CliError> {
    BinaryReader::open(path).map_err(|e| CliError::input(path, e))
}

/// Whether the file of `reader` has call stacks ([`Flags::STACKS`]).
pub fn has_stacks(reader: &BinaryReader<File>) -> bool {
    reader.flags().contains(Flags::STACKS)
}

/// Refuses a file with call stacks whose stacks were not read ahead of its
/// records (it cannot seek: a FIFO, a device), for a command that needs
/// each record's stack as it streams past.
pub fn require_stacks_ahead(path: &Path, reader: &BinaryReader<File>) -> Result<(), CliError> {
    if has_stacks(reader) && reader.stacks().is_none() {
        return Err(CliError::input(
            path,
            FormatError::StacksAfterRecords {
                offset: FLAGS_OFFSET as u64,
            },
        ));
    }
    Ok(())
}

/// Refuses a file whose records' threads are not known before its records
/// stream: a file without a `tHRD` segment (version 1, or exported
/// without threads), or one that cannot seek to read it first.
pub fn require_threads_ahead(path: &Path, reader: &BinaryReader<File>) -> Result<(), CliError> {
    if reader.threads().is_some() {
        return Ok(());
    }
    let prefetched = !reader.extension_segments().is_empty();
    let reason = if reader.header().version >= 2 && !prefetched {
        "its threads follow the records and this input cannot seek to read them first: \
         read it from a regular file"
    } else if has_stacks(reader) {
        "the file carries call stacks but no threads (a tHRD segment): it was exported with \
         BinaryExportConfig::threads(false)"
    } else {
        "the file carries no threads (a tHRD segment): threads are exported with call \
         stacks, so install TrackingAllocator::with_call_stacks()"
    };
    Err(CliError::NoThreads {
        path: path.to_owned(),
        reason,
    })
}

/// Streams every record of the file at `path` into `each`, in file order,
/// in memory independent of the number of records. Returns what the file
/// said about itself once its end (the footer's checksum included) has
/// checked out.
pub fn for_each_record(
    path: &Path,
    mut each: impl FnMut(AllocationInfo),
) -> Result<Opened, CliError> {
    stream(path, open(path)?, |record, _| each(record))
}

/// Streams every record of `reader` (the file at `path`) into `each` with
/// its stack id (0 for none, and for every record when the stacks were not
/// read ahead), in file order. Returns what the file said about itself
/// once its end has checked out, its call stacks included.
pub fn stream(
    path: &Path,
    reader: BinaryReader<File>,
    mut each: impl FnMut(AllocationInfo, RecordPlace),
) -> Result<Opened, CliError> {
    let header = *reader.header();
    let stacks_ahead = reader.stacks().is_some();
    let threads_ahead = reader.threads().is_some();
    let mut records = reader.records();
    let mut count = 0;
    while let Some(record) = records.next() {
        let record = record.map_err(|e| CliError::input(path, e))?;
        each(record, records.last_place());
        count += 1;
    }
    Ok(Opened {
        header,
        records: count as u64,
        stacks_ahead,
        stacks: records.take_stacks(),
        threads_ahead,
        threads: records.take_threads(),
    })
}

/// What a fully read file said about itself.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The header.
    pub header: FileHeader,
    /// How many records were read (all of them).
    pub records: u64,
    /// Whether the stacks were known while the records streamed, so each
    /// record was given its stack id.
    pub stacks_ahead: bool,
    /// Its call stacks, when it has them.
    pub stacks: Option<CallStacks>,
    /// Whether the threads were known while the records streamed, so each
    /// record was given its thread.
    pub threads_ahead: bool,
    /// The thread of each record, when the file has them.
    pub threads: Option<Threads>,
}
