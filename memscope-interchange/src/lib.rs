//! Converts memscope files for the tools people already run.
//!
//! - [`to_pprof`]: a gzip-compressed pprof `profile.proto`, the format of
//!   `go tool pprof`, speedscope, Pyroscope, Parca and Grafana: the live
//!   blocks as samples of `inuse_objects` and `inuse_space`, one per call
//!   stack, variable name, type name and thread; with each call site's
//!   totals over the run (`sITE`), also `alloc_*`, `peak_*` and
//!   `temporary_*` ([`pprof::SAMPLE_TYPES`]), one sample per call stack.
//! - [`to_parquet`]: a zstd-compressed Parquet file, one row per live
//!   block, for DuckDB, Spark, Polars and pyarrow; written in row groups
//!   of at most [`ROWS_PER_GROUP`] records and [`NAME_BYTES_PER_GROUP`]
//!   bytes of names, so memory stays flat however many records the file
//!   holds; [`to_parquet_sites`], a second table of each call site's
//!   totals over the run (`sITE`), one row per call stack, that joins the
//!   first on `stack_id`.
//!
//! Both read the records once, as they stream from a [`BinaryReader`],
//! each with its call stack and thread. Frames are classified and
//! labelled as every output of `memscope-analysis` does: the
//! allocator's frames never appear, and each frame has the one short
//! label.
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
//! let options = memscope_interchange::PprofOptions::default();
//! let written = memscope_interchange::to_pprof(BinaryReader::from_bytes(&file).unwrap(), &mut profile, options).unwrap();
//! // The live block, and (a tracker's export has its call sites' totals)
//! // its call site's allocated, peak and temporary counts.
//! assert_eq!((written.samples, written.site_samples, written.bytes), (2, 1, 64));
//! assert_eq!(written.allocated_bytes, 64);
//! assert_eq!(profile[..2], [0x1f, 0x8b], "gzip");
//!
//! let mut table = Vec::new();
//! let written = memscope_interchange::to_parquet(BinaryReader::from_bytes(&file).unwrap(), &mut table).unwrap();
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

use memscope_export::{BinaryReader, StackId, ThreadView};
use memscope_tracker::AllocationInfo;

pub use crate::error::{InterchangeError, InterchangeResult};
pub use crate::parquet::{
    COLUMNS, NAME_BYTES_PER_GROUP, ParquetReport, ROWS_PER_GROUP, SITE_COLUMNS, to_parquet,
    to_parquet_sites,
};
pub use crate::pprof::{PprofOptions, PprofReport, to_pprof};

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

/// Streams every record of `reader` into `each` with its stack, its
/// thread and its weight (1, or in a sampled file how many blocks it
/// stands for), in file order, and checks the end of the file.
fn stream<R: Read>(
    reader: &mut BinaryReader<R>,
    mut each: impl FnMut(
        AllocationInfo,
        Option<StackId>,
        Option<ThreadView<'_>>,
        f64,
    ) -> InterchangeResult<()>,
) -> InterchangeResult<()> {
    for record in reader.records() {
        let record = record?;
        let (stack, weight) = (record.stack_id(), record.weight());
        each(record.allocation, stack, record.thread, weight)?;
    }
    Ok(())
}
