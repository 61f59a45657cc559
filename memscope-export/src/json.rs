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
use crate::binary::check_tracked;
use crate::counting::CountingWriter;
use crate::error::{FormatError, Tag, TrackingError, TrackingResult};
use crate::escape::SafeJson;
use crate::stacks::{self, CallStacks};
use crate::symbolize::{StackNames, call_stacks_of};
use crate::threads::Threads;

/// The newest version of the document shape, in its `"version"` field: 2,
/// a document with call stacks. A document without them is written as
/// version 1, the shape it always had, as the binary format does.
pub const JSON_FORMAT_VERSION: u32 = 2;

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
/// A tracker that has never seen an allocation is not exported: the
/// error, [`TrackingError::NothingTracked`], names the likely cause (the
/// tracking allocator not installed). [`JsonDocumentWriter`] writes any
/// stats and records, empty ones included.
///
/// When the tracker recorded call stacks, the document is version 2 and
/// carries them, resolved as the binary export resolves them by default
/// (function, file and line with the `symbolize` feature, raw addresses
/// without it), so that it is the document `convert_to_json` makes of
/// that binary export.
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
    check_tracked(snapshot.stats())?;
    let out = BufWriter::with_capacity(BUFFER_SIZE, CountingWriter::new(writer));
    let (allocations, out) = if snapshot.has_stacks() {
        let names = if cfg!(feature = "symbolize") {
            StackNames::Resolved
        } else {
            StackNames::Raw
        };
        let stacks = call_stacks_of(&snapshot, names);
        // The threads, as a binary export with its default configuration
        // carries them (so that its conversion is this document).
        let threads = Threads::of_snapshot(&snapshot);
        let mut document = JsonDocumentWriter::begin_with_stacks_and_threads(
            out,
            export_timestamp_ns,
            snapshot.stats(),
        )?;
        for (index, (block, &id)) in snapshot.blocks().zip(&stacks.ids).enumerate() {
            let thread = threads.thread_of_record(index).map(|thread| thread.id);
            document.record_in_thread(&RecordView::from(block), id, thread)?;
        }
        (
            document.records_written(),
            document.finish_with_threads(&stacks, &threads)?,
        )
    } else {
        let mut document = JsonDocumentWriter::begin(out, export_timestamp_ns, snapshot.stats())?;
        for block in snapshot.blocks() {
            document.record_view(&RecordView::from(block))?;
        }
        (document.records_written(), document.finish()?)
    };
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
/// [`finish`](Self::finish); with call stacks,
/// [`begin_with_stacks`](Self::begin_with_stacks),
/// [`record_with_stack`](Self::record_with_stack) and
/// [`finish_with_stacks`](Self::finish_with_stacks).
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
/// # Version 2: call stacks
///
/// A document of a state with call stacks (a version-2 binary file, a
/// tracker that recorded them) is version 2: every allocation gets one
/// more field, `stack`, and two arrays follow `allocations`, each entry on
/// a line of its own:
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
/// | `stack` | the allocation's stack id: its stack is `stacks[stack - 1]`; `null` when it has none |
/// | `stacks` | one array per stack, in id order: indices into `frames`, innermost frame (the allocating function) first |
/// | `frames` | each frame once: `address` (the return address as captured, an integer), `function`, `file` (strings, `null` when unknown, escaped as names are), `line` (an integer, `null` when unknown), `inlined` (`true` when the frame was inlined into the frame that follows it in a stack) |
///
/// These are the stack segments of FORMAT.md's version 2 with the string
/// table resolved: the ids, indices and order are the file's. A stack
/// table of raw addresses (exported without symbolization) gives frames
/// with `null` names; its module map is not part of the document.
///
/// A state that knows the thread of each allocation (a tracker; a file
/// with a `tHRD` segment read from a seekable input) adds, after `stack`,
/// `thread`, the id of the thread that allocated it (`null` when unknown),
/// and after `frames` a table `threads`: each thread once,
/// `{"id":1,"name":"main"}`, `name` `null` for an unnamed thread (FORMAT.md's
/// `tHRD`, with its indices resolved to ids).
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
    /// Whether this is a version-2 document, with call stacks.
    with_stacks: bool,
    /// Whether its allocations carry their thread, and a `threads` table
    /// ends it.
    with_threads: bool,
    /// The largest stack id written.
    max_stack: u32,
}

impl<W: Write> JsonDocumentWriter<W> {
    /// Writes everything before the first allocation of a version-1
    /// document (no call stacks): the format, the version,
    /// `export_timestamp_ns` and `stats`.
    pub fn begin(out: W, export_timestamp_ns: u64, stats: &MemoryStats) -> TrackingResult<Self> {
        Self::begin_version(out, 1, export_timestamp_ns, stats)
    }

    /// Writes everything before the first allocation of a version-2
    /// document, one with call stacks: give each allocation its stack with
    /// [`record_with_stack`](Self::record_with_stack) and end with
    /// [`finish_with_stacks`](Self::finish_with_stacks).
    ///
    /// ```
    /// use memscope_export::{CallStacks, Frame, JsonDocumentWriter, RecordView};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let mut stacks = CallStacks::default();
    /// let main = stacks.intern_string("app::main");
    /// let frame = stacks.push_frame(Frame { address: 0x10, function: main + 1, file: 0, line: 0, flags: 0 });
    /// let id = stacks.push_stack(vec![frame]);
    ///
    /// let mut document = JsonDocumentWriter::begin_with_stacks(Vec::new(), 7, &MemoryStats::default()).unwrap();
    /// let info = AllocationInfo::new(16, 8, 3);
    /// document.record_with_stack(&RecordView::from(&info), id).unwrap();
    /// let json = String::from_utf8(document.finish_with_stacks(&stacks).unwrap()).unwrap();
    /// assert!(json.starts_with(r#"{"format":"memscope","version":2,"#));
    /// assert!(json.ends_with(concat!(
    ///     r#""type_name":null,"stack":1}"#, "\n",
    ///     r#"],"stacks":["#, "\n",
    ///     "[0]\n",
    ///     r#"],"frames":["#, "\n",
    ///     r#"{"address":16,"function":"app::main","file":null,"line":null,"inlined":false}"#, "\n",
    ///     "]}\n",
    /// )));
    /// ```
    pub fn begin_with_stacks(
        out: W,
        export_timestamp_ns: u64,
        stats: &MemoryStats,
    ) -> TrackingResult<Self> {
        let mut writer = Self::begin_version(out, 2, export_timestamp_ns, stats)?;
        writer.with_stacks = true;
        Ok(writer)
    }

    /// [`begin_with_stacks`](Self::begin_with_stacks) for a state that
    /// also knows the thread of each allocation: every allocation gets a
    /// `thread` field ([`record_in_thread`](Self::record_in_thread)) and
    /// the document ends with a `threads` table
    /// ([`finish_with_threads`](Self::finish_with_threads)).
    ///
    /// ```
    /// use memscope_export::{CallStacks, JsonDocumentWriter, RecordView, Thread, Threads};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let threads = Threads { threads: vec![Thread { id: 3, name: "loader".into() }], of_records: vec![1] };
    /// let mut document = JsonDocumentWriter::begin_with_stacks_and_threads(Vec::new(), 7, &MemoryStats::default()).unwrap();
    /// document.record_in_thread(&RecordView::from(&AllocationInfo::new(16, 8, 3)), 0, Some(3)).unwrap();
    /// let json = String::from_utf8(document.finish_with_threads(&CallStacks::default(), &threads).unwrap()).unwrap();
    /// assert!(json.ends_with(concat!(
    ///     r#""type_name":null,"stack":null,"thread":3}"#, "\n",
    ///     r#"],"stacks":["#, "\n",
    ///     r#"],"frames":["#, "\n",
    ///     r#"],"threads":["#, "\n",
    ///     r#"{"id":3,"name":"loader"}"#, "\n",
    ///     "]}\n",
    /// )));
    /// ```
    pub fn begin_with_stacks_and_threads(
        out: W,
        export_timestamp_ns: u64,
        stats: &MemoryStats,
    ) -> TrackingResult<Self> {
        let mut writer = Self::begin_with_stacks(out, export_timestamp_ns, stats)?;
        writer.with_threads = true;
        Ok(writer)
    }

    fn begin_version(
        mut out: W,
        version: u32,
        export_timestamp_ns: u64,
        stats: &MemoryStats,
    ) -> TrackingResult<Self> {
        write!(
            out,
            r#"{{"format":"memscope","version":{version},"timestamp":{export_timestamp_ns},"stats":"#
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
        Ok(JsonDocumentWriter {
            out,
            records: 0,
            with_stacks: false,
            with_threads: false,
            max_stack: 0,
        })
    }

    /// Writes one allocation, on a line of its own (in a version-2
    /// document, without a stack).
    pub fn record(&mut self, info: &AllocationInfo) -> TrackingResult<()> {
        self.record_with_stack(&RecordView::from(info), 0)
    }

    /// Writes one allocation given as a view (borrowed names), on a line of
    /// its own (in a version-2 document, without a stack).
    pub fn record_view(&mut self, view: &RecordView<'_>) -> TrackingResult<()> {
        self.record_with_stack(view, 0)
    }

    /// Writes one allocation with its stack id (0 for none, written as
    /// `null`), on a line of its own. A version-1 document takes no stack:
    /// a non-zero `stack` is [`TrackingError::DocumentWithoutStacks`].
    pub fn record_with_stack(&mut self, view: &RecordView<'_>, stack: u32) -> TrackingResult<()> {
        self.record_in_thread(view, stack, None)
    }

    /// Writes one allocation with its stack id (0 for none) and, in a
    /// document begun with
    /// [`begin_with_stacks_and_threads`](Self::begin_with_stacks_and_threads),
    /// the id of the thread that allocated it (`null` when unknown); other
    /// documents take no thread ([`TrackingError::DocumentWithoutStacks`]).
    pub fn record_in_thread(
        &mut self,
        view: &RecordView<'_>,
        stack: u32,
        thread: Option<u64>,
    ) -> TrackingResult<()> {
        if !self.with_threads && thread.is_some() {
            return Err(TrackingError::DocumentWithoutStacks {
                what: "a record's thread",
            });
        }
        if !self.with_stacks && stack != 0 {
            return Err(TrackingError::DocumentWithoutStacks {
                what: "a record's stack",
            });
        }
        let separator: &[u8] = if self.records == 0 { b"\n" } else { b",\n" };
        self.out.write_all(separator).map_err(stream_error)?;
        let mut json = serde_json::Serializer::with_formatter(&mut self.out, SafeJson::compact());
        if self.with_threads {
            ThreadedRecord {
                record: StackedRecord::new(view, stack),
                thread,
            }
            .serialize(&mut json)?;
            self.max_stack = self.max_stack.max(stack);
        } else if self.with_stacks {
            StackedRecord::new(view, stack).serialize(&mut json)?;
            self.max_stack = self.max_stack.max(stack);
        } else {
            view.serialize(&mut json)?;
        }
        self.records += 1;
        Ok(())
    }

    /// How many allocations have been written.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Closes the document, flushes the writer and returns it. A version-2
    /// document ends with empty stack tables, which only records without a
    /// stack can have: see [`finish_with_stacks`](Self::finish_with_stacks).
    pub fn finish(self) -> TrackingResult<W> {
        if self.with_stacks {
            return self.finish_with_stacks(&CallStacks::default());
        }
        self.close()
    }

    /// Writes the stack tables of a version-2 document, `stacks` and
    /// `frames`, closes it, flushes the writer and returns it. The tables
    /// must hold every stack id written, and their indices must be in
    /// range ([`CallStacks::validate`]), or nothing more is written and
    /// the document stays incomplete; a version-1 document takes none
    /// ([`TrackingError::DocumentWithoutStacks`]).
    pub fn finish_with_stacks(self, stacks: &CallStacks) -> TrackingResult<W> {
        self.finish_tables(stacks, None)
    }

    /// [`finish_with_stacks`](Self::finish_with_stacks), then the
    /// `threads` table of a document begun with
    /// [`begin_with_stacks_and_threads`](Self::begin_with_stacks_and_threads):
    /// each thread once, `{"id","name"}` (`name` null when it had none,
    /// escaped as names are).
    pub fn finish_with_threads(self, stacks: &CallStacks, threads: &Threads) -> TrackingResult<W> {
        self.finish_tables(stacks, Some(threads))
    }

    /// Writes the tables after the allocations, and closes the document.
    fn finish_tables(
        mut self,
        stacks: &CallStacks,
        threads: Option<&Threads>,
    ) -> TrackingResult<W> {
        if !self.with_stacks {
            return Err(TrackingError::DocumentWithoutStacks {
                what: "the stack tables",
            });
        }
        stacks
            .validate(stacks.ids.len() as u64)
            .map_err(TrackingError::InvalidStacks)?;
        if self.max_stack as usize > stacks.stacks.len() {
            return Err(TrackingError::InvalidStacks(FormatError::IndexOutOfRange {
                what: "stack",
                index: u64::from(self.max_stack) - 1,
                count: stacks.stacks.len() as u64,
                tag: Tag(stacks::IDS),
                offset: 0,
            }));
        }
        let out = &mut self.out;
        out.write_all(b"\n],\"stacks\":[").map_err(stream_error)?;
        for (i, stack) in stacks.stacks.iter().enumerate() {
            out.write_all(if i == 0 { b"\n[" } else { b",\n[" })
                .map_err(stream_error)?;
            for (j, frame) in stack.frames.iter().enumerate() {
                let comma = if j == 0 { "" } else { "," };
                write!(out, "{comma}{frame}").map_err(stream_error)?;
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
        if self.with_threads {
            out.write_all(b"\n],\"threads\":[").map_err(stream_error)?;
            for (i, thread) in threads.map_or(&[][..], |t| &t.threads).iter().enumerate() {
                out.write_all(if i == 0 { b"\n" } else { b",\n" })
                    .map_err(stream_error)?;
                let mut json =
                    serde_json::Serializer::with_formatter(&mut *out, SafeJson::compact());
                ThreadJson {
                    id: thread.id,
                    name: thread.name(),
                }
                .serialize(&mut json)?;
            }
        } else if threads.is_some() {
            return Err(TrackingError::DocumentWithoutStacks {
                what: "the threads table",
            });
        }
        self.close()
    }

    /// Writes the end of the last array and of the document, and flushes.
    fn close(mut self) -> TrackingResult<W> {
        self.out.write_all(b"\n]}\n").map_err(stream_error)?;
        self.out.flush().map_err(stream_error)?;
        Ok(self.out)
    }
}

/// An allocation of a version-2 document: the record's fields, then its
/// stack id (`null` for none).
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
    fn new(view: &RecordView<'a>, stack: u32) -> Self {
        StackedRecord {
            ptr: view.ptr,
            size: view.size,
            timestamp_alloc: view.timestamp_alloc,
            var_name: view.var_name,
            type_name: view.type_name,
            stack: (stack != 0).then_some(stack),
        }
    }
}

/// An allocation of a document with threads: a [`StackedRecord`], then
/// the id of its thread (`null` when unknown).
#[derive(Serialize)]
struct ThreadedRecord<'a> {
    #[serde(flatten)]
    record: StackedRecord<'a>,
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

impl<'a> From<crate::stacks::ResolvedFrame<'a>> for FrameJson<'a> {
    fn from(frame: crate::stacks::ResolvedFrame<'a>) -> Self {
        FrameJson {
            address: frame.address,
            function: frame.function,
            file: frame.file,
            line: frame.line,
            inlined: frame.inlined,
        }
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
    fn a_thread_is_refused_by_a_document_begun_without_threads_and_the_error_says_how() {
        let stats = MemoryStats::default();
        let info = AllocationInfo::new(16, 8, 3);
        let mut document = JsonDocumentWriter::begin_with_stacks(Vec::new(), 7, &stats).unwrap();
        let err = document
            .record_in_thread(&RecordView::from(&info), 0, Some(1))
            .unwrap_err();
        assert!(
            err.to_string().contains("begin_with_stacks_and_threads"),
            "{err}"
        );
        let threads = Threads::default();
        let err = document
            .finish_with_threads(&CallStacks::default(), &threads)
            .unwrap_err();
        assert!(matches!(
            err,
            TrackingError::DocumentWithoutStacks {
                what: "the threads table"
            }
        ));
    }

    #[test]
    fn a_tracker_that_never_saw_an_allocation_is_not_exported_and_the_error_says_why() {
        let err = export_to_json_writer(&MemoryTracker::new(), Vec::new(), 1).unwrap_err();
        assert!(matches!(err, TrackingError::NothingTracked), "{err}");
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
    fn a_version_2_document_is_exactly_these_bytes() {
        let mut stacks = CallStacks::default();
        let load = stacks.intern_string("app::load");
        let main = stacks.intern_string("app::main\u{202e}");
        let file = stacks.intern_string("src/main.rs");
        let inner = stacks.push_frame(crate::Frame {
            address: 0x5000,
            function: load + 1,
            file: file + 1,
            line: 3,
            flags: crate::INLINED,
        });
        let outer = stacks.push_frame(crate::Frame {
            address: 0x5000,
            function: main + 1,
            file: 0,
            line: 0,
            flags: 0,
        });
        let id = stacks.push_stack(vec![inner, outer]);
        stacks.push_stack(vec![outer]);
        let stats = MemoryStats::default();
        let mut document = JsonDocumentWriter::begin_with_stacks(Vec::new(), 7, &stats).unwrap();
        let a = AllocationInfo::new(0x1000, 64, 5);
        let b = AllocationInfo::new(0x2000, 32, 6);
        document
            .record_with_stack(&RecordView::from(&a), id)
            .unwrap();
        document.record(&b).unwrap();
        let json = String::from_utf8(document.finish_with_stacks(&stacks).unwrap()).unwrap();
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
    fn stacks_and_documents_of_the_other_version_do_not_mix() {
        let stats = MemoryStats::default();
        let info = AllocationInfo::new(16, 8, 3);
        let mut v1 = JsonDocumentWriter::begin(Vec::new(), 1, &stats).unwrap();
        let err = v1
            .record_with_stack(&RecordView::from(&info), 1)
            .unwrap_err();
        assert!(
            matches!(err, TrackingError::DocumentWithoutStacks { .. }),
            "{err}"
        );
        v1.record_with_stack(&RecordView::from(&info), 0).unwrap();
        assert!(matches!(
            v1.finish_with_stacks(&CallStacks::default()),
            Err(TrackingError::DocumentWithoutStacks { .. })
        ));
        // A stack id the tables do not hold.
        let mut v2 = JsonDocumentWriter::begin_with_stacks(Vec::new(), 1, &stats).unwrap();
        v2.record_with_stack(&RecordView::from(&info), 2).unwrap();
        let err = v2.finish().unwrap_err();
        assert!(matches!(err, TrackingError::InvalidStacks(_)), "{err}");
        // Without any stack, the tables are empty.
        let v2 = JsonDocumentWriter::begin_with_stacks(Vec::new(), 1, &stats).unwrap();
        let json = String::from_utf8(v2.finish().unwrap()).unwrap();
        assert!(json.ends_with("\"allocations\":[\n],\"stacks\":[\n],\"frames\":[\n]}\n"));
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
