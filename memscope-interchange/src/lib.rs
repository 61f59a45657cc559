//! Converts memscope files for the tools people already run.
//!
//! - [`to_pprof`]: a gzip-compressed pprof `profile.proto`, the format of
//!   `go tool pprof`, speedscope, Pyroscope, Parca and Grafana: the live
//!   blocks as samples of `inuse_objects` and `inuse_space`, one per call
//!   stack, variable name, type name and thread.
//! - [`to_parquet`]: a zstd-compressed Parquet file, one row per live
//!   block, for DuckDB, Spark, Polars and pyarrow; written in row groups
//!   of at most [`ROWS_PER_GROUP`] records and [`NAME_BYTES_PER_GROUP`]
//!   bytes of names, so memory stays flat however many records the file
//!   holds.
//!
//! Both read the records once, as they stream from a [`BinaryReader`];
//! a version-2 file's call stacks must be known before its records (a
//! reader of a seekable input reads them first: [`BinaryReader::open`]).
//!
//! ```
//! use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
//! use memscope_tracker::MemoryTracker;
//!
//! let tracker = MemoryTracker::new();
//! tracker.record_alloc_at(0x1000, 64, 7);
//! let mut file = Vec::new();
//! BinaryExporter::new(BinaryExportConfig::new().include_details(true))
//!     .export_to_writer(&tracker, &mut file)
//!     .unwrap();
//!
//! let mut profile = Vec::new();
//! let written = memscope_interchange::to_pprof(BinaryReader::new(file.as_slice()).unwrap(), &mut profile).unwrap();
//! assert_eq!((written.samples, written.bytes), (1, 64));
//! assert_eq!(profile[..2], [0x1f, 0x8b], "gzip");
//!
//! let mut table = Vec::new();
//! let written = memscope_interchange::to_parquet(BinaryReader::new(file.as_slice()).unwrap(), &mut table).unwrap();
//! assert_eq!(written.rows, 1);
//! assert_eq!(table[..4], *b"PAR1");
//! ```
//!
//! # Errors
//!
//! Each conversion reports an [`InterchangeError`]: the input (the
//! reader's [`FormatError`](memscope_export::FormatError), with its byte
//! offset), the output (the i/o error), or a figure the output cannot
//! carry.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod error;
mod parquet;
pub mod pprof;

use std::io::Read;

use memscope_export::format::{FLAGS_OFFSET, Flags};
use memscope_export::{BinaryReader, CallStacks, FormatError, RecordPlace, ResolvedFrame, Thread};
use memscope_tracker::AllocationInfo;

pub use crate::error::{InterchangeError, InterchangeResult};
pub use crate::parquet::{COLUMNS, NAME_BYTES_PER_GROUP, ParquetStats, ROWS_PER_GROUP, to_parquet};
pub use crate::pprof::{PprofStats, to_pprof};

/// A frame as one line of text: `function (file:line)`, the function
/// replaced by its address (`0x…`) when unknown, and `(file)` or nothing
/// when the line or the file is.
///
/// ```
/// use memscope_export::ResolvedFrame;
/// use memscope_interchange::frame_text;
///
/// let frame = ResolvedFrame { address: 0x1234, function: Some("app::main"), file: Some("src/main.rs"), line: Some(7), inlined: false };
/// assert_eq!(frame_text(&frame), "app::main (src/main.rs:7)");
/// let raw = ResolvedFrame { function: None, file: None, line: None, ..frame };
/// assert_eq!(frame_text(&raw), "0x1234");
/// ```
pub fn frame_text(frame: &ResolvedFrame<'_>) -> String {
    let function = match frame.function {
        Some(name) => name.to_owned(),
        None => format!("{:#x}", frame.address),
    };
    match (frame.file, frame.line) {
        (Some(file), Some(line)) => format!("{function} ({file}:{line})"),
        (Some(file), None) => format!("{function} ({file})"),
        (None, _) => function,
    }
}

/// The name of a block without a call stack (a version-1 file, or a
/// record the tracker could not walk): its variable and type, as
/// `var: Type`, either alone, or `(unnamed)`.
///
/// ```
/// use memscope_interchange::unstacked_name;
///
/// assert_eq!(unstacked_name(Some("buf"), Some("Vec<u8>")), "buf: Vec<u8>");
/// assert_eq!(unstacked_name(None, Some("Vec<u8>")), "Vec<u8>");
/// assert_eq!(unstacked_name(None, None), "(unnamed)");
/// ```
pub fn unstacked_name(var_name: Option<&str>, type_name: Option<&str>) -> String {
    match (var_name, type_name) {
        (Some(var), Some(ty)) => format!("{var}: {ty}"),
        (Some(name), None) | (None, Some(name)) => name.to_owned(),
        (None, None) => "(unnamed)".to_owned(),
    }
}

/// Where a record came from ([`RecordPlace`]: its stack id and thread
/// entry, by which converters make what they write of a thread once per
/// thread, not once per record) and, when the file carries threads
/// (`tHRD`) known before the records, its thread.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    at: RecordPlace,
    thread: Option<&'a Thread>,
}

/// Streams every record of `reader` into `each` with its [`Place`], in
/// file order, and returns the file's call stacks once its end has
/// checked out. Refuses a file with call stacks whose stacks were not
/// read ahead of the records: each record needs its stack as it passes.
/// Threads that follow the records (a stream that cannot seek, with no
/// call stacks) are left out: every record's thread is then unknown.
fn stream<R: Read>(
    reader: BinaryReader<R>,
    mut each: impl FnMut(AllocationInfo, Place<'_>) -> InterchangeResult<()>,
) -> InterchangeResult<Option<CallStacks>> {
    if reader.flags().contains(Flags::STACKS) && reader.stacks().is_none() {
        return Err(FormatError::StacksAfterRecords {
            offset: FLAGS_OFFSET as u64,
        }
        .into());
    }
    let mut records = reader.records();
    while let Some(record) = records.next() {
        let place = Place {
            at: records.last_place(),
            thread: records.last_thread(),
        };
        each(record?, place)?;
    }
    Ok(records.take_stacks())
}
