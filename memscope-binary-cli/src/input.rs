//! Opening and streaming input files, with errors that name the file.

use std::fs::File;
use std::path::Path;

use memscope_export::format::{FLAGS_OFFSET, FileHeader, Flags};
use memscope_export::{BinaryReader, CallStacks, FormatError};
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
    mut each: impl FnMut(AllocationInfo, u32),
) -> Result<Opened, CliError> {
    let header = *reader.header();
    let stacks_ahead = reader.stacks().is_some();
    let mut records = reader.records();
    let mut count = 0;
    while let Some(record) = records.next() {
        each(
            record.map_err(|e| CliError::input(path, e))?,
            records.last_stack_id(),
        );
        count += 1;
    }
    Ok(Opened {
        header,
        records: count,
        stacks_ahead,
        stacks: records.take_stacks(),
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
}
