//! Writing and reading memscope files: the binary format specified in
//! [FORMAT.md](spec), its JSON form, and the file handling both share.
//!
//! ```
//! use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
//! use memscope_tracker::MemoryTracker;
//!
//! // In a program, `memscope_tracker::global_tracker()`.
//! let tracker = MemoryTracker::new();
//! tracker.record_alloc(0x1000, 64);
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("snapshot.memscope");
//!
//! // Export: one way in for a path, one for a writer, one config.
//! let exporter = BinaryExporter::new(BinaryExportConfig::new().include_details(true));
//! let report = exporter.export(&tracker, &path).unwrap();
//! assert_eq!(report.allocations_count, 1);
//!
//! // Read: each record comes with its call stack and thread.
//! let mut reader = BinaryReader::open(&path).unwrap();
//! assert_eq!(reader.stats().active_memory, 64);
//! for record in reader.records() {
//!     let record = record.unwrap();
//!     assert_eq!(record.allocation.size, 64);
//!     assert!(record.stack.is_none()); // this tracker recorded none
//! }
//! ```
//!
//! What a program answers from a file (the call sites holding the most,
//! what grew) is `memscope-analysis`'s job; this crate is the format.
//!
//! - **Export:** [`BinaryExporter`] with a [`BinaryExportConfig`] writes
//!   any [`ExportSource`]: a [`MemoryTracker`](memscope_tracker::MemoryTracker)'s
//!   consistent snapshot, a [`BinaryFile`] read back, or
//!   [`FileContents`] assembled by hand. [`TrackerBinaryExport`] and
//!   [`export_to_binary`] are the original design note's names for it;
//!   [`export_to_json`] writes the same content as JSON.
//! - **Read:** [`BinaryReader`] checks every rule of the format and yields
//!   each [`Record`] with its call stack ([`StackView`]) and thread
//!   ([`ThreadView`]); [`read_file`] and [`convert_to_json`] build on it.
//! - **Model:** [`CallStacks`] and [`Threads`] are a file's tables, named
//!   by typed ids ([`StackId`], [`FrameId`], [`StringId`],
//!   [`ThreadIndex`]); the file's own encodings stay inside the wire code.
//! - **Layout:** [`format`](mod@format) is the one table of the file's
//!   fixed segments, sizes and offsets.
//! - **Files:** every write to a path goes through [`write_atomically`]:
//!   a file appears whole or not at all, and what is not a file (a FIFO, a
//!   device) or is already open (`/dev/stdout`, `/dev/fd/N`) is written
//!   through, never replaced.
//! - **Snapshots that outlive the process** (Unix): [`TrackerWatch`] on
//!   a tracker: [`snapshot_on_peak`](TrackerWatch::snapshot_on_peak)
//!   starts a [`PeakWatcher`] thread that writes a snapshot each time the
//!   peak has grown by a [`Growth`] step (and, with
//!   [`WatchConfig::on_signal`], on a signal), keeping the newest few, so
//!   a process killed for its memory leaves its heap near the end behind;
//!   [`export_on_exit`](TrackerWatch::export_on_exit) writes one at
//!   normal exit. Their errors are [`WatchError`]s.
//! - **Text:** [`escape`](mod@escape) lists the characters no output shows
//!   raw (controls, bidirectional overrides, zero-width characters) and
//!   escapes them for people and in JSON.
//!
//! # Errors
//!
//! Reading reports a [`FormatError`], one variant per rule of the format,
//! with the byte offset; exporting reports an [`ExportError`]. An i/o
//! error of the first is always the input, of the second always the
//! output. The watcher, the signal and the snapshot at exit report a
//! [`WatchError`].
//!
//! # Features
//!
//! - `zstd` (on by default): compressed exports and reading compressed
//!   files. Without it both fail with a typed error that names the
//!   feature.
//! - `symbolize` (on by default): call stacks are written with function,
//!   file and line, resolved at export time (`memscope-symbols`). Without
//!   it they are written as raw addresses with the module map.
#![deny(missing_docs)]
// `unsafe` is allowed only where it is: borrowing a descriptor number
// that a path such as `/dev/fd/5` names, to duplicate it (atomic.rs), and
// the system calls of the snapshots that outlive the process
// (watch/signal.rs: the self-pipe, the handler, sigaction, poll;
// watch/process.rs: pthread_atfork and its lock; watch/exit.rs: atexit).
#![deny(unsafe_code)]

mod atomic;
mod binary;
mod counting;
mod error;
pub mod escape;
pub mod format;
mod json;
mod model;
#[cfg(feature = "symbolize")]
mod process_symbols;
mod read;
#[cfg(feature = "symbolize")]
mod symbolize;
mod tracked;
#[cfg(unix)]
mod watch;
mod wire;

/// The file format, versions 1 and 2, byte for byte: the contract between
/// the exporter, the reader and every outside tool. This is the crate's
/// `FORMAT.md`, the living copy of the specification.
pub mod spec {
    #![doc = include_str!("../FORMAT.md")]
}

pub use atomic::write_atomically;
pub use binary::{
    BinaryExportConfig, BinaryExportReport, BinaryExporter, ExportSource, FileContents,
    MAX_COMPRESSION_LEVEL, TrackerBinaryExport, export_to_binary, export_to_binary_with_config,
};
pub use counting::CountingWriter;
#[cfg(unix)]
pub use error::WatchError;
pub use error::{ExportError, ExportResult, FormatError, FormatResult, FramePart, Tag};
pub use json::{
    JSON_FORMAT_VERSION, JsonDocument, JsonDocumentWriter, JsonExportReport, JsonTables,
    RecordView, export_to_json, export_to_json_writer,
};
pub use model::history::{
    History, Mark, MarkKind, RunTimeline, SiteTotals, TimelineBucket, TimelineMark,
};
pub use model::ids::{FrameId, StackId, StringId, ThreadIndex};
pub use model::record::{PlacedRecord, Record, WritableRecord};
pub use model::stacks::{CallStacks, Frame, Frames, Module, ResolvedFrame, Stack, StackView};
pub use model::threads::{Thread, ThreadView, Threads};
pub use read::{
    BinaryFile, BinaryReader, ExtensionSegment, FileHead, MAX_SEGMENT, MEMORY_ALLOWANCE,
    MEMORY_PER_FILE_BYTE, Records, convert_to_json, memory_budget, read_file, read_head,
    spool_stream,
};
#[cfg(feature = "symbolize")]
pub use symbolize::{SymbolizeOptions, SymbolizeReport, symbolize_file};
#[cfg(unix)]
pub use watch::{
    DEFAULT_KEEP, DEFAULT_MINIMUM_PEAK, DEFAULT_POLL_INTERVAL, DEFAULT_SNAPSHOT_COMPRESSION,
    Growth, PeakWatcher, TrackerWatch, WATCHER_THREAD_NAME, WatchConfig,
};
