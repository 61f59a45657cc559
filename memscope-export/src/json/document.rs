//! [`JsonDocumentWriter`]: the one writer of the JSON document, and the
//! document's shape.

use std::io::Write;

use memscope_tracker::{AllocationInfo, LiveBlock, MemoryStats};
use serde::Serialize;

use crate::error::{ExportError, ExportResult};
use crate::escape::SafeJson;
use crate::model::ids::{StackId, ThreadIndex};
use crate::model::stacks::{CallStacks, ResolvedFrame};
use crate::model::threads::Threads;

/// What a document is about: its export time and stats, and the tables
/// its allocations refer to. Given whole to
/// [`JsonDocumentWriter::begin`], so that the document's shape is decided
/// once, before the first byte.
#[derive(Debug, Clone, Copy)]
pub struct JsonDocument<'a> {
    /// Export time, nanoseconds since the UNIX epoch.
    pub timestamp: u64,
    /// The stats segment's counters.
    pub stats: &'a MemoryStats,
    /// The tables: none (a version-1 document), call stacks, threads, or
    /// both (version 2).
    pub tables: JsonTables<'a>,
}

/// The tables of a JSON document, as a binary file may carry them
/// (FORMAT.md: the stack segments with the STACKS flag, `tHRD` with or
/// without it).
#[derive(Debug, Clone, Copy, Default)]
pub enum JsonTables<'a> {
    /// None: a version-1 document.
    #[default]
    None,
    /// Call stacks: a version-2 document whose allocations each have a
    /// `stack`.
    Stacks(&'a CallStacks),
    /// Call stacks and threads: each allocation also has its `thread`,
    /// and a `threads` table ends the document.
    StacksAndThreads(&'a CallStacks, &'a Threads),
    /// Threads without call stacks: a version-2 document whose
    /// allocations each have a `thread` (and no `stack`), ended by a
    /// `threads` table.
    Threads(&'a Threads),
}

impl<'a> JsonTables<'a> {
    /// The tables a binary file carries: its call stacks, its threads,
    /// either, both or none.
    pub fn of(stacks: Option<&'a CallStacks>, threads: Option<&'a Threads>) -> Self {
        match (stacks, threads) {
            (None, None) => JsonTables::None,
            (Some(stacks), None) => JsonTables::Stacks(stacks),
            (Some(stacks), Some(threads)) => JsonTables::StacksAndThreads(stacks, threads),
            (None, Some(threads)) => JsonTables::Threads(threads),
        }
    }

    fn stacks(&self) -> Option<&'a CallStacks> {
        match *self {
            JsonTables::None | JsonTables::Threads(_) => None,
            JsonTables::Stacks(stacks) | JsonTables::StacksAndThreads(stacks, _) => Some(stacks),
        }
    }

    fn threads(&self) -> Option<&'a Threads> {
        match *self {
            JsonTables::StacksAndThreads(_, threads) | JsonTables::Threads(threads) => {
                Some(threads)
            }
            JsonTables::None | JsonTables::Stacks(_) => None,
        }
    }
}

/// Writes one JSON document piece by piece: [`begin`](Self::begin) with a
/// [`JsonDocument`] (time, stats, tables), [`record`](Self::record) for
/// each allocation, then [`finish`](Self::finish), which writes the
/// tables.
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
/// | `version` | [`JSON_FORMAT_VERSION`](crate::JSON_FORMAT_VERSION), the version of this document shape |
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
/// # Version 2: call stacks
///
/// A document with call stacks ([`JsonTables::Stacks`]) is version 2:
/// every allocation gets one more field, `stack`, and two arrays follow
/// `allocations`, each entry on a line of its own:
///
/// ```text
/// {"format":"memscope","version":2,"timestamp":7,"stats":{...},"allocations":[
/// {"ptr":4096,"size":64,"timestamp_alloc":5,"var_name":null,"type_name":null,"stack":1},
/// {"ptr":8192,"size":32,"timestamp_alloc":6,"var_name":null,"type_name":null,"stack":null}
/// ],"stacks":[
/// [0,1]
/// ],"frames":[
/// {"address":20480,"function":"app::load","file":"src/main.rs","line":3,"inlined":true},
/// {"address":20480,"function":"app::main","file":"src/main.rs","line":9,"inlined":false}
/// ]}
/// ```
///
/// | field | value |
/// |---|---|
/// | `stack` | the allocation's stack: its [number](StackId::number), so that its stack is `stacks[stack - 1]`; `null` when it has none |
/// | `stacks` | one array per stack, in id order: indices into `frames`, innermost frame (the allocating function) first |
/// | `frames` | each frame once: `address` (the return address as captured, an integer), `function`, `file` (strings, `null` when unknown, escaped as names are), `line` (an integer, `null` when unknown), `inlined` (`true` when the frame was inlined into the frame that follows it in a stack) |
///
/// These are the stack segments of FORMAT.md's version 2 with the string
/// table resolved. A stack table of raw addresses (exported without
/// symbolization) gives frames with `null` names; its module map is not
/// part of the document.
///
/// With threads too ([`JsonTables::StacksAndThreads`]), each allocation
/// has, after `stack`, `thread`, the id of the thread that allocated it
/// (`null` when unknown), and after `frames` a table `threads`: each
/// thread once, `{"id":1,"name":"main"}`, `name` `null` for an unnamed
/// thread (FORMAT.md's `tHRD`, with its indices resolved to ids).
///
/// # Version 2: threads without call stacks
///
/// A binary file may carry threads without call stacks (`tHRD` without
/// the STACKS flag). Its document ([`JsonTables::Threads`]) is version 2
/// as well: each allocation has `thread` right after `type_name`, and
/// `threads` alone follows `allocations`. There is no `stack` field and
/// no `stacks` or `frames` array: in every version-2 document, `stack`,
/// `stacks` and `frames` are there exactly when it has call stacks,
/// `thread` and `threads` exactly when it has threads.
///
/// ```text
/// {"format":"memscope","version":2,"timestamp":7,"stats":{...},"allocations":[
/// {"ptr":4096,"size":64,"timestamp_alloc":5,"var_name":null,"type_name":null,"thread":1},
/// {"ptr":8192,"size":32,"timestamp_alloc":6,"var_name":null,"type_name":null,"thread":null}
/// ],"threads":[
/// {"id":1,"name":"main"}
/// ]}
/// ```
///
/// ```
/// use memscope_export::{CallStacks, JsonDocument, JsonDocumentWriter, JsonTables, RecordView, ResolvedFrame};
/// use memscope_tracker::{AllocationInfo, MemoryStats};
///
/// let mut stacks = CallStacks::default();
/// let frame = stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some("app::main"), file: None, line: None, inlined: false });
/// let id = stacks.push_stack([frame]);
///
/// let stats = MemoryStats::default();
/// let document = JsonDocument { timestamp: 7, stats: &stats, tables: JsonTables::Stacks(&stacks) };
/// let mut json = JsonDocumentWriter::begin(Vec::new(), document).unwrap();
/// json.record(&RecordView::from(&AllocationInfo::new(16, 8, 3)), Some(id), None).unwrap();
/// let text = String::from_utf8(json.finish().unwrap()).unwrap();
/// assert!(text.starts_with(r#"{"format":"memscope","version":2,"#));
/// assert!(text.ends_with(concat!(
///     r#""type_name":null,"stack":1}"#, "\n",
///     r#"],"stacks":["#, "\n",
///     "[0]\n",
///     r#"],"frames":["#, "\n",
///     r#"{"address":16,"function":"app::main","file":null,"line":null,"inlined":false}"#, "\n",
///     "]}\n",
/// )));
/// ```
#[derive(Debug)]
#[must_use = "the document is complete only after `finish`"]
pub struct JsonDocumentWriter<'a, W: Write> {
    out: W,
    records: u64,
    tables: JsonTables<'a>,
}

impl<'a, W: Write> JsonDocumentWriter<'a, W> {
    /// Writes everything before the first allocation: the format, the
    /// version (2 with call stacks or threads, else 1), the time and the
    /// stats. The
    /// tables must be sound ([`CallStacks::validate`],
    /// [`Threads::validate`]), or nothing is written.
    pub fn begin(mut out: W, document: JsonDocument<'a>) -> ExportResult<Self> {
        if let Some(stacks) = document.tables.stacks() {
            stacks.validate().map_err(ExportError::InvalidStacks)?;
        }
        if let Some(threads) = document.tables.threads() {
            threads.validate().map_err(ExportError::InvalidThreads)?;
        }
        let version = match document.tables {
            JsonTables::None => 1,
            _ => 2,
        };
        let timestamp = document.timestamp;
        write!(
            out,
            r#"{{"format":"memscope","version":{version},"timestamp":{timestamp},"stats":"#
        )
        .map_err(stream_error)?;
        for (i, counter) in document.stats.exported_counters().into_iter().enumerate() {
            let open = if i == 0 { "{" } else { "," };
            let (name, value) = (counter.name, counter.value);
            write!(out, r#"{open}"{name}":{value}"#).map_err(stream_error)?;
        }
        out.write_all(b"}").map_err(stream_error)?;
        out.write_all(br#","allocations":["#)
            .map_err(stream_error)?;
        Ok(JsonDocumentWriter {
            out,
            records: 0,
            tables: document.tables,
        })
    }

    /// Writes one allocation on a line of its own, with its stack and its
    /// thread. Each must be in the document's tables: a stack in a
    /// document without call stacks, a thread in one without threads, or
    /// an id the tables do not hold is [`ExportError::UnknownPlace`], and
    /// nothing is written.
    pub fn record(
        &mut self,
        view: &RecordView<'_>,
        stack: Option<StackId>,
        thread: Option<ThreadIndex>,
    ) -> ExportResult<()> {
        let index = self.records;
        let stacks = self.tables.stacks();
        if let Some(id) = stack
            && !stacks.is_some_and(|stacks| stacks.has(id))
        {
            return Err(ExportError::UnknownPlace {
                index,
                what: "stack",
                found: id.to_string(),
                count: stacks.map(|s| s.stacks.len() as u64),
            });
        }
        let threads = self.tables.threads();
        let thread_id = match (thread, threads) {
            (None, _) => None,
            (Some(thread), Some(threads)) if threads.has(thread) => {
                threads.get(thread).map(|t| t.id)
            }
            (Some(thread), _) => {
                return Err(ExportError::UnknownPlace {
                    index,
                    what: "thread",
                    found: thread.index().to_string(),
                    count: threads.map(|t| t.len() as u64),
                });
            }
        };
        let separator: &[u8] = if self.records == 0 { b"\n" } else { b",\n" };
        self.out.write_all(separator).map_err(stream_error)?;
        let mut json = serde_json::Serializer::with_formatter(&mut self.out, SafeJson::compact());
        let stack = stack.map(StackId::number);
        match self.tables {
            JsonTables::None => view.serialize(&mut json)?,
            JsonTables::Stacks(_) => StackedRecord::new(view, stack).serialize(&mut json)?,
            JsonTables::StacksAndThreads(..) => ThreadedRecord {
                record: StackedRecord::new(view, stack),
                thread: thread_id,
            }
            .serialize(&mut json)?,
            JsonTables::Threads(_) => ThreadedRecord {
                record: view,
                thread: thread_id,
            }
            .serialize(&mut json)?,
        }
        self.records += 1;
        Ok(())
    }

    /// How many allocations have been written.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Writes the tables the document was begun with, closes it, flushes
    /// the writer and returns it.
    pub fn finish(mut self) -> ExportResult<W> {
        if let Some(stacks) = self.tables.stacks() {
            self.write_stacks(stacks)?;
        }
        if let Some(threads) = self.tables.threads() {
            self.write_threads(threads)?;
        }
        self.out.write_all(b"\n]}\n").map_err(stream_error)?;
        self.out.flush().map_err(stream_error)?;
        Ok(self.out)
    }

    /// `stacks` and `frames`.
    fn write_stacks(&mut self, stacks: &CallStacks) -> ExportResult<()> {
        let out = &mut self.out;
        out.write_all(b"\n],\"stacks\":[").map_err(stream_error)?;
        for (i, stack) in stacks.stacks.iter().enumerate() {
            out.write_all(if i == 0 { b"\n[" } else { b",\n[" })
                .map_err(stream_error)?;
            for (j, frame) in stack.frames.iter().enumerate() {
                let comma = if j == 0 { "" } else { "," };
                write!(out, "{comma}{}", frame.index()).map_err(stream_error)?;
            }
            out.write_all(b"]").map_err(stream_error)?;
        }
        out.write_all(b"\n],\"frames\":[").map_err(stream_error)?;
        for (i, frame) in stacks.frames.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })
                .map_err(stream_error)?;
            let mut json = serde_json::Serializer::with_formatter(&mut *out, SafeJson::compact());
            FrameJson::from(stacks.resolve(frame)).serialize(&mut json)?;
        }
        Ok(())
    }

    /// `threads`.
    fn write_threads(&mut self, threads: &Threads) -> ExportResult<()> {
        let out = &mut self.out;
        out.write_all(b"\n],\"threads\":[").map_err(stream_error)?;
        for (i, thread) in threads.threads.iter().enumerate() {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })
                .map_err(stream_error)?;
            let mut json = serde_json::Serializer::with_formatter(&mut *out, SafeJson::compact());
            ThreadJson {
                id: thread.id,
                name: thread.name(),
            }
            .serialize(&mut json)?;
        }
        Ok(())
    }
}

/// An allocation of a version-2 document: the record's fields, then its
/// stack's number (`null` for none).
#[derive(Serialize)]
struct StackedRecord<'a> {
    ptr: u64,
    size: u64,
    timestamp_alloc: u64,
    var_name: Option<&'a str>,
    type_name: Option<&'a str>,
    stack: Option<u32>,
}

impl<'a> StackedRecord<'a> {
    fn new(view: &RecordView<'a>, stack: Option<u32>) -> Self {
        StackedRecord {
            ptr: view.ptr,
            size: view.size,
            timestamp_alloc: view.timestamp_alloc,
            var_name: view.var_name,
            type_name: view.type_name,
            stack,
        }
    }
}

/// An allocation of a document with threads: a [`StackedRecord`] (or,
/// without call stacks, a [`RecordView`]), then the id of its thread
/// (`null` when unknown).
#[derive(Serialize)]
struct ThreadedRecord<R> {
    #[serde(flatten)]
    record: R,
    thread: Option<u64>,
}

/// One entry of a document's `threads`.
#[derive(Serialize)]
struct ThreadJson<'a> {
    id: u64,
    name: Option<&'a str>,
}

/// One entry of a version-2 document's `frames`.
#[derive(Serialize)]
struct FrameJson<'a> {
    address: u64,
    function: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    inlined: bool,
}

impl<'a> From<ResolvedFrame<'a>> for FrameJson<'a> {
    fn from(frame: ResolvedFrame<'a>) -> Self {
        FrameJson {
            address: frame.address,
            function: frame.function,
            file: frame.file,
            line: frame.line,
            inlined: frame.inlined,
        }
    }
}

pub(crate) fn stream_error(source: std::io::Error) -> ExportError {
    ExportError::io("writing", None, source)
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
    use crate::model::threads::Thread;

    fn head<'a>(stats: &'a MemoryStats, tables: JsonTables<'a>) -> JsonDocument<'a> {
        JsonDocument {
            timestamp: 7,
            stats,
            tables,
        }
    }

    #[test]
    fn a_version_2_document_is_exactly_these_bytes() {
        let mut stacks = CallStacks::default();
        let inner = stacks.push_resolved(ResolvedFrame {
            address: 0x5000,
            function: Some("app::load"),
            file: Some("src/main.rs"),
            line: Some(3),
            inlined: true,
        });
        let outer = stacks.push_resolved(ResolvedFrame {
            address: 0x5000,
            function: Some("app::main\u{202e}"),
            file: None,
            line: None,
            inlined: false,
        });
        let id = stacks.push_stack([inner, outer]);
        stacks.push_stack([outer]);
        let stats = MemoryStats::default();
        let mut document =
            JsonDocumentWriter::begin(Vec::new(), head(&stats, JsonTables::Stacks(&stacks)))
                .unwrap();
        let a = AllocationInfo::new(0x1000, 64, 5);
        let b = AllocationInfo::new(0x2000, 32, 6);
        document
            .record(&RecordView::from(&a), Some(id), None)
            .unwrap();
        document.record(&RecordView::from(&b), None, None).unwrap();
        let json = String::from_utf8(document.finish().unwrap()).unwrap();
        let expected = concat!(
            r#"{"format":"memscope","version":2,"timestamp":7,"stats":{"total_allocations":0,"total_deallocations":0,"active_allocations":0,"active_memory":0,"peak_memory":0,"total_allocated":0,"total_deallocated":0},"allocations":["#,
            "\n",
            r#"{"ptr":4096,"size":64,"timestamp_alloc":5,"var_name":null,"type_name":null,"stack":1},"#,
            "\n",
            r#"{"ptr":8192,"size":32,"timestamp_alloc":6,"var_name":null,"type_name":null,"stack":null}"#,
            "\n",
            r#"],"stacks":["#,
            "\n[0,1],\n[1]\n",
            r#"],"frames":["#,
            "\n",
            r#"{"address":20480,"function":"app::load","file":"src/main.rs","line":3,"inlined":true},"#,
            "\n",
            r#"{"address":20480,"function":"app::main\u202e","file":null,"line":null,"inlined":false}"#,
            "\n]}\n",
        );
        assert_eq!(json, expected);
    }

    #[test]
    fn threads_follow_the_stacks_and_each_allocation_names_its_thread_by_id() {
        let mut threads = Threads::default();
        let loader = threads.push(Thread {
            id: 3,
            name: "loader".into(),
        });
        let stacks = CallStacks::default();
        let stats = MemoryStats::default();
        let tables = JsonTables::StacksAndThreads(&stacks, &threads);
        let mut document = JsonDocumentWriter::begin(Vec::new(), head(&stats, tables)).unwrap();
        let info = AllocationInfo::new(16, 8, 3);
        document
            .record(&RecordView::from(&info), None, Some(loader))
            .unwrap();
        let json = String::from_utf8(document.finish().unwrap()).unwrap();
        assert!(json.ends_with(concat!(
            r#""type_name":null,"stack":null,"thread":3}"#,
            "\n",
            r#"],"stacks":["#,
            "\n",
            r#"],"frames":["#,
            "\n",
            r#"],"threads":["#,
            "\n",
            r#"{"id":3,"name":"loader"}"#,
            "\n",
            "]}\n",
        )));
    }

    #[test]
    fn threads_without_stacks_make_a_version_2_document_without_stack_fields() {
        let mut threads = Threads::default();
        let main = threads.push(Thread {
            id: 1,
            name: "main".into(),
        });
        let stats = MemoryStats::default();
        let tables = JsonTables::of(None, Some(&threads));
        assert!(matches!(tables, JsonTables::Threads(_)));
        let mut document = JsonDocumentWriter::begin(Vec::new(), head(&stats, tables)).unwrap();
        let a = AllocationInfo::new(0x1000, 64, 5);
        let b = AllocationInfo::new(0x2000, 32, 6);
        document
            .record(&RecordView::from(&a), None, Some(main))
            .unwrap();
        document.record(&RecordView::from(&b), None, None).unwrap();
        // A stack has no table here.
        let err = document
            .record(&RecordView::from(&a), Some(StackId::from_index(0)), None)
            .unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::UnknownPlace {
                    what: "stack",
                    count: None,
                    ..
                }
            ),
            "{err}"
        );
        let json = String::from_utf8(document.finish().unwrap()).unwrap();
        let expected = concat!(
            r#"{"format":"memscope","version":2,"timestamp":7,"stats":{"total_allocations":0,"total_deallocations":0,"active_allocations":0,"active_memory":0,"peak_memory":0,"total_allocated":0,"total_deallocated":0},"allocations":["#,
            "\n",
            r#"{"ptr":4096,"size":64,"timestamp_alloc":5,"var_name":null,"type_name":null,"thread":1},"#,
            "\n",
            r#"{"ptr":8192,"size":32,"timestamp_alloc":6,"var_name":null,"type_name":null,"thread":null}"#,
            "\n",
            r#"],"threads":["#,
            "\n",
            r#"{"id":1,"name":"main"}"#,
            "\n]}\n",
        );
        assert_eq!(json, expected);
    }

    #[test]
    fn a_stack_or_thread_the_document_has_no_table_for_is_refused_and_nothing_is_written() {
        let stats = MemoryStats::default();
        let info = AllocationInfo::new(16, 8, 3);
        let mut v1 = JsonDocumentWriter::begin(Vec::new(), head(&stats, JsonTables::None)).unwrap();
        let err = v1
            .record(&RecordView::from(&info), Some(StackId::from_index(0)), None)
            .unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::UnknownPlace {
                    what: "stack",
                    count: None,
                    ..
                }
            ),
            "{err}"
        );
        let err = v1
            .record(
                &RecordView::from(&info),
                None,
                Some(ThreadIndex::from_index(0)),
            )
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("the export was given no such table"),
            "{err}"
        );
        v1.record(&RecordView::from(&info), None, None).unwrap();
        assert_eq!(v1.records_written(), 1);
        // A stack id the tables do not hold.
        let stacks = CallStacks::default();
        let mut v2 =
            JsonDocumentWriter::begin(Vec::new(), head(&stats, JsonTables::Stacks(&stacks)))
                .unwrap();
        let err = v2
            .record(&RecordView::from(&info), Some(StackId::from_index(1)), None)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "allocation record 0: its stack 2, but the table holds 0"
        );
        // Without any stack, the tables are empty.
        let json = String::from_utf8(v2.finish().unwrap()).unwrap();
        assert!(json.ends_with("\"allocations\":[\n],\"stacks\":[\n],\"frames\":[\n]}\n"));
    }

    #[test]
    fn unsound_tables_are_refused_before_anything_is_written() {
        let mut stacks = CallStacks::default();
        stacks.push_stack([crate::FrameId::from_index(0)]);
        let stats = MemoryStats::default();
        let err = JsonDocumentWriter::begin(Vec::new(), head(&stats, JsonTables::Stacks(&stacks)))
            .unwrap_err();
        assert!(matches!(err, ExportError::InvalidStacks(_)), "{err}");
    }
}
