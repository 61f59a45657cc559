//! JSON export: the content of the binary format as one JSON document.
//!
//! The document's shape is documented on [`JsonDocumentWriter`], which
//! every JSON export goes through.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use memscope_tracker::{AllocationInfo, LiveBlock, MemoryStats, MemoryTracker, now_ns};
use serde::Serialize;

use crate::atomic::write_atomically;
use crate::counting::CountingWriter;
use crate::error::{TrackingError, TrackingResult};
use crate::escape::SafeJson;

/// The version of the document shape, in its `"version"` field.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// Size of the buffer the exporters put in front of the output.
const BUFFER_SIZE: usize = 64 * 1024;

/// What a JSON export wrote and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonExportStats {
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
/// wait at most for a shard's copy, never for the writing.
pub fn export_to_json(
    tracker: &MemoryTracker,
    path: impl AsRef<Path>,
) -> TrackingResult<JsonExportStats> {
    let path = path.as_ref();
    let started = Instant::now();
    let mut stats = write_atomically(path, |file| {
        export_to_json_writer(tracker, file, now_ns()).map_err(|e| e.in_file(path))
    })?;
    // The whole export, the sync and the rename included.
    stats.export_duration = started.elapsed();
    Ok(stats)
}

/// Writes the JSON document of the tracker's current state to `writer`,
/// stamped `export_timestamp_ns` (nanoseconds since the UNIX epoch), and
/// reports what it wrote. The writer is buffered here and flushed at the
/// end.
///
/// The records come from one [`MemoryTracker::snapshot`], taken before
/// anything is written: the writer runs with no tracker lock held, and
/// what it allocates is recorded after the snapshot, not in it.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::export_to_json_writer;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x1000, 64, 5);
/// let mut out = Vec::new();
/// let stats = export_to_json_writer(&tracker, &mut out, 9).unwrap();
/// assert_eq!(stats.allocations_count, 1);
/// assert_eq!(stats.file_size, out.len());
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
) -> TrackingResult<JsonExportStats> {
    let started = Instant::now();
    let snapshot = tracker.snapshot();
    let out = BufWriter::with_capacity(BUFFER_SIZE, CountingWriter::new(writer));
    let mut document = JsonDocumentWriter::begin(out, export_timestamp_ns, snapshot.stats())?;
    for block in snapshot.blocks() {
        document.record_view(&RecordView::from(block))?;
    }
    let allocations = document.records_written();
    let out = document.finish()?;
    let bytes = out.get_ref().bytes();
    let export_duration = started.elapsed();
    Ok(JsonExportStats {
        export_duration,
        file_size: usize::try_from(bytes).unwrap_or(usize::MAX),
        allocations_count: usize::try_from(allocations).unwrap_or(usize::MAX),
    })
}

/// Writes one JSON document piece by piece: [`begin`](Self::begin) with
/// the stats, [`record`](Self::record) for each allocation, then
/// [`finish`](Self::finish).
///
/// The exporters use it, and so should anything else that produces the
/// document (a binary-to-JSON converter, say), so that the same content is
/// always the same bytes. Nothing is buffered here: give it a buffered
/// writer.
///
/// # The document
///
/// One object, written in this order, with one allocation per line:
///
/// ```text
/// {"format":"memscope","version":1,"timestamp":1700000000000000000,"stats":{"total_allocations":3,"total_deallocations":1,"active_allocations":2,"active_memory":96,"peak_memory":96,"total_allocated":112,"total_deallocated":16},"allocations":[
/// {"ptr":4096,"size":64,"timestamp_alloc":1699999999000000000,"var_name":"buf","type_name":"alloc::vec::Vec<u8>"},
/// {"ptr":8192,"size":32,"timestamp_alloc":1699999999500000000,"var_name":null,"type_name":null}
/// ]}
/// ```
///
/// | field | value |
/// |---|---|
/// | `format` | always `"memscope"` |
/// | `version` | [`JSON_FORMAT_VERSION`], the version of this document shape |
/// | `timestamp` | export time, nanoseconds since the UNIX epoch |
/// | `stats` | the seven counters of the stats segment (`MemoryStats::exported_counters`), in its order, as integers |
/// | `allocations` | the live allocations, in the tracker's snapshot order (see `memscope_tracker::LiveAllocations`) |
/// | `ptr`, `size`, `timestamp_alloc` | integers, as in the basic binary record |
/// | `var_name`, `type_name` | strings, or `null` when absent, as in the detailed record; besides what JSON requires, the characters of [`needs_escape`](crate::escape::needs_escape) (DEL, C1 controls, bidirectional and zero-width characters, line separators) are written as `\u` escapes, so the document is safe to show on a terminal |
///
/// These are exactly the fields the binary format carries, so a binary
/// file converted to JSON and a direct JSON export of the same state are
/// the same document, byte for byte, when both are written with this
/// writer.
///
/// ```
/// use memscope_tracker::{AllocationInfo, MemoryStats};
/// use memscope_export::JsonDocumentWriter;
///
/// let stats = MemoryStats { total_allocations: 1, active_allocations: 1, ..Default::default() };
/// let mut document = JsonDocumentWriter::begin(Vec::new(), 7, &stats).unwrap();
/// document.record(&AllocationInfo::new(16, 0, 3)).unwrap();
/// let json = String::from_utf8(document.finish().unwrap()).unwrap();
/// assert!(json.starts_with(r#"{"format":"memscope","version":1,"timestamp":7,"stats":{"#));
/// ```
#[derive(Debug)]
#[must_use = "the document is complete only after `finish`"]
pub struct JsonDocumentWriter<W: Write> {
    out: W,
    records: u64,
}

impl<W: Write> JsonDocumentWriter<W> {
    /// Writes everything before the first allocation: the format, the
    /// version, `export_timestamp_ns` and `stats`.
    pub fn begin(
        mut out: W,
        export_timestamp_ns: u64,
        stats: &MemoryStats,
    ) -> TrackingResult<Self> {
        write!(
            out,
            r#"{{"format":"memscope","version":{JSON_FORMAT_VERSION},"timestamp":{export_timestamp_ns},"stats":"#
        )
        .map_err(stream_error)?;
        for (i, counter) in stats.exported_counters().into_iter().enumerate() {
            let open = if i == 0 { "{" } else { "," };
            let (name, value) = (counter.name, counter.value);
            write!(out, r#"{open}"{name}":{value}"#).map_err(stream_error)?;
        }
        out.write_all(b"}").map_err(stream_error)?;
        out.write_all(br#","allocations":["#)
            .map_err(stream_error)?;
        Ok(JsonDocumentWriter { out, records: 0 })
    }

    /// Writes one allocation, on a line of its own.
    pub fn record(&mut self, info: &AllocationInfo) -> TrackingResult<()> {
        self.record_view(&RecordView::from(info))
    }

    /// Writes one allocation given as a view (borrowed names), on a line of
    /// its own.
    pub fn record_view(&mut self, view: &RecordView<'_>) -> TrackingResult<()> {
        let separator: &[u8] = if self.records == 0 { b"\n" } else { b",\n" };
        self.out.write_all(separator).map_err(stream_error)?;
        let mut json = serde_json::Serializer::with_formatter(&mut self.out, SafeJson::compact());
        view.serialize(&mut json)?;
        self.records += 1;
        Ok(())
    }

    /// How many allocations have been written.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Closes the document, flushes the writer and returns it.
    pub fn finish(mut self) -> TrackingResult<W> {
        self.out.write_all(b"\n]}\n").map_err(stream_error)?;
        self.out.flush().map_err(stream_error)?;
        Ok(self.out)
    }
}

fn stream_error(source: io::Error) -> TrackingError {
    TrackingError::io("writing", None, source)
}

/// An allocation record as the file carries it: the fields of the
/// detailed record, with widths that do not depend on the machine. It is
/// one entry of the JSON document's `allocations`, and what every output
/// that shows records is made from.
///
/// ```
/// use memscope_export::RecordView;
/// use memscope_tracker::AllocationInfo;
///
/// let mut info = AllocationInfo::new(0x1000, 64, 5);
/// info.var_name = Some("buf".into());
/// let view = RecordView::from(&info);
/// assert_eq!((view.ptr, view.size, view.var_name), (0x1000, 64, Some("buf")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordView<'a> {
    /// The block's address.
    pub ptr: u64,
    /// The block's size in bytes.
    pub size: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// The variable's name, if one was attached.
    pub var_name: Option<&'a str>,
    /// The type's name, if one was attached.
    pub type_name: Option<&'a str>,
}

impl<'a> From<LiveBlock<'a>> for RecordView<'a> {
    fn from(block: LiveBlock<'a>) -> Self {
        RecordView {
            // usize is at most 64 bits on every target Rust supports.
            ptr: block.ptr as u64,
            size: block.size as u64,
            timestamp_alloc: block.timestamp_alloc,
            var_name: block.var_name,
            type_name: block.type_name,
        }
    }
}

impl<'a> From<&'a AllocationInfo> for RecordView<'a> {
    fn from(info: &'a AllocationInfo) -> Self {
        RecordView {
            // usize is at most 64 bits on every target Rust supports.
            ptr: info.ptr as u64,
            size: info.size as u64,
            timestamp_alloc: info.timestamp_alloc,
            var_name: info.var_name.as_deref(),
            type_name: info.type_name.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_tracker::{HeapBlock, Trackable};

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
        assert!(tracker.track_var(&At(0x1000), "buf"));
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
    fn an_empty_tracker_exports_an_empty_allocation_array() {
        let json = export(&MemoryTracker::new(), 1);
        assert!(json.ends_with(concat!(
            r#""total_deallocated":0},"allocations":["#,
            "\n]}\n"
        )));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["allocations"], serde_json::json!([]));
    }

    #[test]
    fn the_document_parses_with_the_documented_fields() {
        let tracker = small_tracker();
        tracker.record_alloc_at(0x4000, 1, 3);
        assert!(tracker.track_var(&At(0x4000), "quote\" newline\n tab\t é 🦀 \u{0}"));
        let parsed: serde_json::Value = serde_json::from_str(&export(&tracker, u64::MAX)).unwrap();

        assert_eq!(parsed["format"], "memscope");
        assert_eq!(parsed["version"], JSON_FORMAT_VERSION);
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
    fn the_document_writer_gives_the_exporters_bytes_from_owned_records() {
        let tracker = small_tracker();
        let (stats, records) =
            tracker.with_live_allocations(|stats, live| (*stats, live.collect::<Vec<_>>()));
        // As a converter would: owned records, decoded one by one.
        let mut document = JsonDocumentWriter::begin(Vec::new(), 9000, &stats).unwrap();
        for record in records {
            document.record(&record).unwrap();
        }
        assert_eq!(document.records_written(), 2);
        let converted = String::from_utf8(document.finish().unwrap()).unwrap();
        assert_eq!(converted, export(&tracker, 9000));
    }

    #[test]
    fn the_export_stats_count_records_and_bytes() {
        let mut out = Vec::new();
        let stats = export_to_json_writer(&small_tracker(), &mut out, 1).unwrap();
        assert_eq!(stats.allocations_count, 2);
        assert_eq!(stats.file_size, out.len());
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
        let err = JsonDocumentWriter::begin(FailsAfter { budget: 5 }, 1, &MemoryStats::default())
            .unwrap_err();
        assert!(
            matches!(err, TrackingError::Io { path: None, .. }),
            "{err:?}"
        );
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
            matches!(&err, TrackingError::NotWritable { found: "a directory", path } if *path == target),
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
        assert!(matches!(&err, TrackingError::NotWritable { .. }), "{err:?}");
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
