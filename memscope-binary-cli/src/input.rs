//! Opening and streaming input files, with errors that name the file.

use std::fs::File;
use std::path::Path;

use memscope_export::BinaryReader;
use memscope_tracker::AllocationInfo;

use crate::error::CliError;

/// Opens the memscope file at `path`: its header, stats segment and record
/// count are read and checked, the records not yet.
pub fn open(path: &Path) -> Result<BinaryReader<File>, CliError> {
    BinaryReader::open(path).map_err(|e| CliError::input(path, e))
}

/// Streams every record of the file at `path` into `each`, in file order,
/// in memory independent of the number of records. Returns the file's
/// header and the number of records once the end of the file (the
/// footer's checksum included) has checked out.
pub fn for_each_record(
    path: &Path,
    mut each: impl FnMut(AllocationInfo),
) -> Result<Opened, CliError> {
    let reader = open(path)?;
    let mut opened = Opened {
        header: *reader.header(),
        records: 0,
    };
    for record in reader.records() {
        each(record.map_err(|e| CliError::input(path, e))?);
        opened.records += 1;
    }
    Ok(opened)
}

/// What a fully read file said about itself.
#[derive(Debug, Clone, Copy)]
pub struct Opened {
    /// The header.
    pub header: memscope_export::format::FileHeader,
    /// How many records were read (all of them).
    pub records: u64,
}
