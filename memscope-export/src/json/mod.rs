//! JSON export: the content of the binary format as one JSON document.
//!
//! The document's shape is documented on [`JsonDocumentWriter`], which
//! every JSON export goes through.

mod document;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use memscope_tracker::{MemoryTracker, now_ns, untracked};

use crate::atomic::write_atomically;
use crate::binary::check_tracked;
use crate::counting::CountingWriter;
use crate::error::{ExportError, ExportResult};
use crate::tracked::{Places, StackNames};

pub use document::{JsonDocument, JsonDocumentWriter, JsonTables, RecordView};

/// The newest version of the document shape, in its `"version"` field: 2,
/// a document with call stacks or threads. A document without either is
/// written as version 1, the shape it always had, as the binary format
/// does.
pub const JSON_FORMAT_VERSION: u32 = 2;

/// Size of the buffer the exporters put in front of the output.
const BUFFER_SIZE: usize = 64 * 1024;

/// What a JSON export wrote and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonExportReport {
    /// Wall time of the export: the snapshot, the writing, and for an
    /// export to a path the sync and the rename too.
    pub export_duration: Duration,
    /// Bytes of the document.
    pub file_size: usize,
    /// Allocation records written.
    pub allocations_count: usize,
}

/// Writes the JSON document of the tracker's current state to `path`,
/// stamped with the current time, and reports what it wrote.
///
/// The document is described on [`JsonDocumentWriter`].
///
/// The file is written as [`write_atomically`] does: a regular file is
/// replaced atomically (on any error an existing file at `path` is left
/// untouched and no temporary file remains), a symbolic link's target is
/// replaced, a FIFO or a device is written straight through.
///
/// The records come from one [`MemoryTracker::snapshot`]: other threads
/// wait at most for a shard's copy, never for the writing. The export runs
/// [`untracked`]: what it allocates is not the program's memory.
pub fn export_to_json(
    tracker: &MemoryTracker,
    path: impl AsRef<Path>,
) -> ExportResult<JsonExportReport> {
    untracked(|| {
        let path = path.as_ref();
        let started = Instant::now();
        let mut report = write_atomically(path, |file| {
            write_json(tracker, file, now_ns()).map_err(|e| e.in_file(path))
        })?;
        // The whole export, the sync and the rename included.
        report.export_duration = started.elapsed();
        Ok(report)
    })
}

/// Writes the JSON document of the tracker's current state to `writer`,
/// stamped `export_timestamp_ns` (nanoseconds since the UNIX epoch), and
/// reports what it wrote. The writer is buffered here and flushed at the
/// end.
///
/// The records come from one [`MemoryTracker::snapshot`], taken before
/// anything is written: the writer runs with no tracker lock held. The
/// export runs [`untracked`]: what it and the writer allocate is not the
/// program's memory.
///
/// A tracker that has never seen an allocation is not exported: the
/// error, [`ExportError::NothingTracked`],
/// names the likely cause (the tracking allocator not installed).
/// [`JsonDocumentWriter`] writes any stats and records, empty ones
/// included.
///
/// When the tracker recorded call stacks, the document is version 2 and
/// carries them and the threads, resolved as the binary export resolves
/// them by default (function, file and line with the `symbolize` feature,
/// raw addresses without it), so that it is the document
/// [`convert_to_json`](crate::convert_to_json) makes of that binary
/// export.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::export_to_json_writer;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x1000, 64, 5);
/// let mut out = Vec::new();
/// let report = export_to_json_writer(&tracker, &mut out, 9).unwrap();
/// assert_eq!(report.allocations_count, 1);
/// assert_eq!(report.file_size, out.len());
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.ends_with(
///     r#"{"ptr":4096,"size":64,"timestamp_alloc":5,"var_name":null,"type_name":null}
/// ]}
/// "#
/// ));
/// ```
pub fn export_to_json_writer<W: Write>(
    tracker: &MemoryTracker,
    writer: W,
    export_timestamp_ns: u64,
) -> ExportResult<JsonExportReport> {
    untracked(|| write_json(tracker, writer, export_timestamp_ns))
}

/// [`export_to_json_writer`], on a thread already untracked.
fn write_json<W: Write>(
    tracker: &MemoryTracker,
    writer: W,
    export_timestamp_ns: u64,
) -> ExportResult<JsonExportReport> {
    let started = Instant::now();
    let snapshot = tracker.snapshot();
    check_tracked(snapshot.stats())?;
    if let Some(mean) = snapshot.sample_mean() {
        return Err(ExportError::SampledToJson { mean });
    }
    let names = if cfg!(feature = "symbolize") {
        StackNames::Resolved
    } else {
        StackNames::Raw
    };
    // The threads, as a binary export with its default configuration
    // carries them (so that its conversion is this document).
    let places = Places::of(&snapshot, Some(names), true);
    let tables = JsonTables::of(places.stacks.as_ref(), places.threads.as_ref());
    let out = BufWriter::with_capacity(BUFFER_SIZE, CountingWriter::new(writer));
    let document = JsonDocument {
        timestamp: export_timestamp_ns,
        stats: snapshot.stats(),
        tables,
    };
    let mut json = JsonDocumentWriter::begin(out, document)?;
    for (index, block) in snapshot.blocks().enumerate() {
        let stack = places.stack_of.get(index).copied().flatten();
        let thread = places.thread_of.get(index).copied().flatten();
        json.record(&RecordView::from(block), stack, thread)?;
    }
    let allocations = json.records_written();
    let out = json.finish()?;
    let bytes = out.get_ref().bytes();
    Ok(JsonExportReport {
        export_duration: started.elapsed(),
        file_size: usize::try_from(bytes).unwrap_or(usize::MAX),
        allocations_count: usize::try_from(allocations).unwrap_or(usize::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExportError;
    use memscope_tracker::{HeapBlock, MemoryStats, Trackable};

    /// A value whose heap block starts wherever the test says.
    struct At(usize);

    impl Trackable for At {
        fn heap_block(&self) -> Option<HeapBlock> {
            Some(HeapBlock::at(self.0))
        }
    }

    fn small_tracker() -> MemoryTracker {
        let tracker = MemoryTracker::new();
        tracker.record_alloc_at(0x2000, 32, 1_500);
        tracker.record_alloc_at(0x1000, 64, 1_000);
        tracker.record_alloc_at(0x3000, 16, 2_000);
        tracker.record_dealloc(0x3000);
        assert!(tracker.track_var(&At(0x1000), "buf").is_named());
        tracker
    }

    fn export(tracker: &MemoryTracker, timestamp: u64) -> String {
        let mut out = Vec::new();
        export_to_json_writer(tracker, &mut out, timestamp).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_small_tracker_exports_to_exactly_this_document() {
        let expected = concat!(
            r#"{"format":"memscope","version":1,"timestamp":9000,"stats":{"total_allocations":3,"total_deallocations":1,"active_allocations":2,"active_memory":96,"peak_memory":112,"total_allocated":112,"total_deallocated":16},"allocations":["#,
            "\n",
            r#"{"ptr":4096,"size":64,"timestamp_alloc":1000,"var_name":"buf","type_name":"memscope_export::json::tests::At"},"#,
            "\n",
            r#"{"ptr":8192,"size":32,"timestamp_alloc":1500,"var_name":null,"type_name":null}"#,
            "\n]}\n",
        );
        assert_eq!(export(&small_tracker(), 9000), expected);
    }

    #[test]
    fn a_tracker_with_no_live_block_exports_an_empty_allocation_array() {
        let tracker = MemoryTracker::new();
        tracker.record_alloc_at(0x1000, 8, 1);
        tracker.record_dealloc(0x1000);
        let json = export(&tracker, 1);
        assert!(json.ends_with(concat!(
            r#""total_deallocated":8},"allocations":["#,
            "\n]}\n"
        )));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["allocations"], serde_json::json!([]));
    }

    #[test]
    fn a_tracker_that_never_saw_an_allocation_is_not_exported_and_the_error_says_why() {
        let err = export_to_json_writer(&MemoryTracker::new(), Vec::new(), 1).unwrap_err();
        assert!(matches!(err, ExportError::NothingTracked), "{err}");
        assert!(err.to_string().contains("#[global_allocator]"));
    }

    #[test]
    fn the_document_parses_with_the_documented_fields() {
        let tracker = small_tracker();
        tracker.record_alloc_at(0x4000, 1, 3);
        assert!(
            tracker
                .track_var(&At(0x4000), "quote\" newline\n tab\t é 🦀 \u{0}")
                .is_named()
        );
        let parsed: serde_json::Value = serde_json::from_str(&export(&tracker, u64::MAX)).unwrap();

        assert_eq!(parsed["format"], "memscope");
        assert_eq!(parsed["version"], 1, "a document without stacks");
        assert_eq!(parsed["timestamp"], u64::MAX);
        let stats = parsed["stats"].as_object().unwrap();
        let keys: Vec<&str> = stats.keys().map(String::as_str).collect();
        let mut expected_keys = [
            "total_allocations",
            "total_deallocations",
            "active_allocations",
            "active_memory",
            "peak_memory",
            "total_allocated",
            "total_deallocated",
        ];
        expected_keys.sort_unstable(); // serde_json's map is sorted
        assert_eq!(keys, expected_keys);
        assert_eq!(stats["active_allocations"], 3);

        let mut allocations = parsed["allocations"].as_array().unwrap().clone();
        allocations.sort_by_key(|a| a["ptr"].as_u64());
        let ptrs: Vec<u64> = allocations
            .iter()
            .map(|a| a["ptr"].as_u64().unwrap())
            .collect();
        assert_eq!(ptrs, [0x1000, 0x2000, 0x4000]);
        assert_eq!(
            allocations[2]["var_name"],
            "quote\" newline\n tab\t é 🦀 \u{0}"
        );
        assert_eq!(allocations[1]["type_name"], serde_json::Value::Null);
        for allocation in allocations {
            assert_eq!(allocation.as_object().unwrap().len(), 5);
        }
    }

    #[test]
    fn a_tracker_with_call_stacks_exports_a_version_2_document() {
        let tracker = MemoryTracker::new();
        // Addresses that resolve to nothing: frames with only an address.
        tracker.record_alloc_with_stack(0x1000, 64, 5, &[0x10, 0x20]);
        tracker.record_alloc_with_stack(0x2000, 32, 6, &[0x10, 0x20]);
        tracker.record_alloc_at(0x3000, 16, 7);
        let parsed: serde_json::Value = serde_json::from_str(&export(&tracker, 1)).unwrap();
        assert_eq!(parsed["version"], 2);
        let mut stacks: Vec<serde_json::Value> = parsed["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["stack"].clone())
            .collect();
        stacks.sort_by_key(|s| s.as_u64());
        assert_eq!(stacks, [serde_json::json!(null), 1.into(), 1.into()]);
        assert_eq!(parsed["stacks"], serde_json::json!([[0, 1]]));
        assert_eq!(
            parsed["frames"][1],
            serde_json::json!({"address": 0x20, "function": null, "file": null, "line": null, "inlined": false})
        );
    }

    #[test]
    fn the_report_counts_records_and_bytes() {
        let mut out = Vec::new();
        let report = export_to_json_writer(&small_tracker(), &mut out, 1).unwrap();
        assert_eq!(report.allocations_count, 2);
        assert_eq!(report.file_size, out.len());
    }

    /// A writer that accepts `budget` bytes, then fails.
    #[derive(Debug)]
    struct FailsAfter {
        budget: usize,
    }

    impl Write for FailsAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.budget == 0 {
                return Err(std::io::Error::other("device full"));
            }
            let n = buf.len().min(self.budget);
            self.budget -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_writer_is_an_io_error_on_the_output_stream() {
        for budget in [0, 10, 300] {
            let err =
                export_to_json_writer(&small_tracker(), FailsAfter { budget }, 1).unwrap_err();
            assert_eq!(
                err.to_string(),
                "i/o error writing output stream: device full"
            );
        }
        let stats = MemoryStats::default();
        let document = JsonDocument {
            timestamp: 1,
            stats: &stats,
            tables: JsonTables::None,
        };
        let err = JsonDocumentWriter::begin(FailsAfter { budget: 5 }, document).unwrap_err();
        assert!(matches!(err, ExportError::Io { path: None, .. }), "{err:?}");
    }

    #[test]
    fn export_to_json_writes_a_complete_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let stats = export_to_json(&small_tracker(), &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(stats.file_size, text.len());
        assert_eq!(stats.allocations_count, 2);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(parsed["timestamp"].is_u64());
        assert_eq!(file_names(dir.path()), ["state.json"]);
    }

    #[test]
    fn export_to_json_replaces_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "old").unwrap();
        export_to_json(&small_tracker(), &path).unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .starts_with(r#"{"format":"memscope""#)
        );
        assert_eq!(file_names(dir.path()), ["state.json"]);
    }

    #[test]
    fn exporting_to_a_directory_is_refused_and_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), "keep").unwrap();

        let err = export_to_json(&small_tracker(), &target).unwrap_err();

        assert!(
            matches!(&err, ExportError::NotWritable { found: "a directory", path } if *path == target),
            "{err:?}"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("inside")).unwrap(),
            "keep"
        );
        assert_eq!(file_names(dir.path()), ["taken"]);
    }

    #[test]
    fn exporting_into_a_missing_directory_names_the_file_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing").join("state.json");
        let err = export_to_json(&small_tracker(), &target).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "i/o error creating a temporary file beside {}: ",
                target.display()
            )),
            "{message}"
        );
    }

    #[test]
    fn exporting_to_a_path_without_a_file_name_fails_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = export_to_json(&MemoryTracker::new(), dir.path().join("..")).unwrap_err();
        assert!(matches!(&err, ExportError::NotWritable { .. }), "{err:?}");
        assert!(file_names(dir.path()).is_empty());
    }

    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }
}
