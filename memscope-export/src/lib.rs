//! Writing and reading memscope files: the binary format specified in
//! [FORMAT.md](spec), its JSON form, and the file handling both share.
//!
//! - **Layout:** [`format`](mod@format) is the one table of the file's segments, tags,
//!   sizes and offsets that the writer, the reader and every error message
//!   use.
//! - **Export:** [`BinaryExporter`] with a [`BinaryExportConfig`] writes a
//!   [`MemoryTracker`](memscope_tracker::MemoryTracker)'s consistent
//!   snapshot; [`TrackerBinaryExport`] adds `export_to_binary` to the
//!   tracker, and [`export_to_json`] writes the same content as JSON.
//! - **Read:** [`BinaryReader`] streams the records of any `Read` in
//!   constant memory and checks every rule of the format on the way;
//!   [`read_file`] and [`convert_to_json`] build on it.
//! - **Files:** every write to a path goes through [`write_atomically`]:
//!   a file appears whole or not at all, and what is not a file (a FIFO, a
//!   device) is written through, never replaced.
//! - **Text:** [`escape`](mod@escape) lists the characters no output shows
//!   raw (controls, bidirectional overrides, zero-width characters) and
//!   escapes them for people and in JSON.
//!
//! ```
//! use memscope_export::{BinaryExportConfig, BinaryReader, TrackerBinaryExport};
//! use memscope_tracker::MemoryTracker;
//!
//! let tracker = MemoryTracker::new();
//! tracker.record_alloc(0x1000, 64);
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("snapshot.memscope");
//! let config = BinaryExportConfig::new().include_details(true);
//! let stats = tracker.export_to_binary_with_config(&path, config).unwrap();
//! assert_eq!(stats.allocations_count, 1);
//!
//! let reader = BinaryReader::open(&path).unwrap();
//! assert_eq!(reader.stats().active_memory, 64);
//! for record in reader.records() {
//!     assert_eq!(record.unwrap().size, 64);
//! }
//! ```
//!
//! # Errors
//!
//! Reading reports a [`FormatError`], one variant per rule of the format,
//! with the byte offset; exporting reports a [`TrackingError`]. An i/o
//! error of the first is always the input, of the second always the
//! output.
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
#![forbid(unsafe_code)]

mod atomic;
mod binary;
mod counting;
mod error;
pub mod escape;
pub mod format;
mod json;
mod read;
mod stacks;
mod symbolize;
mod threads;

/// The file format, version 1, byte for byte: the contract between the
/// exporter, the reader and every outside tool. This is the crate's
/// `FORMAT.md`, the living copy of the specification.
pub mod spec {
    #![doc = include_str!("../FORMAT.md")]
}

pub use atomic::write_atomically;
pub use binary::{
    BinaryExportConfig, BinaryExportStats, BinaryExporter, MAX_COMPRESSION_LEVEL,
    TrackerBinaryExport, export_to_binary, export_to_binary_with_config,
};
pub use counting::CountingWriter;
pub use error::{FormatError, FormatResult, Tag, TrackingError, TrackingResult};
pub use json::{
    JSON_FORMAT_VERSION, JsonDocumentWriter, JsonExportStats, RecordView, export_to_json,
    export_to_json_writer,
};
pub use read::{BinaryFile, BinaryReader, RecordPlace, Records, convert_to_json, read_file};
pub use stacks::{
    CallStacks, ExtensionSegment, Frame, INLINED, Module, ResolvedFrame, Stack,
    is_allocator_function, is_library_file, is_library_function, is_program_frame,
};
pub use threads::{Thread, Threads};
