//! The binary export: [`BinaryExportConfig`], [`BinaryExporter`] and
//! [`BinaryExportStats`], with the names of the original design note,
//! writing the bytes of [FORMAT.md](crate::spec) from a tracker snapshot.
//!
//! The exporter is thin: every segment is a derived [`BinaryRecord`]
//! ([`FileHeader`], [`MemoryStats`], [`AllocationSegmentHeader`],
//! [`AllocationInfo`], [`Footer`]) and the [layout table](crate::format)
//! gives their order; this file only writes them, streams the records (no
//! copy of them all is ever made), and adds compression, the checksum and
//! the atomic rename.

use std::borrow::Borrow;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::{AllocationInfo, MemoryStats, MemoryTracker, now_ns};

use crate::atomic::write_atomically;
use crate::counting::CountingWriter;
use crate::error::{TrackingError, TrackingResult};
use crate::format::{
    ALLOCATIONS, AllocationSegmentHeader, FileHeader, FileLayout, Flags, Footer, RECORDS_OFFSET,
    STATS,
};
use crate::stacks::{self, CallStacks, EndBody, SegmentHead};
use crate::symbolize::{StackNames, call_stacks_of};
use crate::threads::{THREADS, Threads};

/// The highest zstd level.
pub const MAX_COMPRESSION_LEVEL: u8 = 22;

/// How an export is written. Build it with the methods below; `Default`
/// gives the documented defaults. The fields are public to read; an
/// export checks them ([`validate`](Self::validate)) before writing
/// anything.
///
/// ```
/// use memscope_export::BinaryExportConfig;
///
/// let config = BinaryExportConfig::new()
///     .buffer_size(128 * 1024)
///     .include_details(true)
///     .compression_level(3);
/// assert_eq!(config.compression_level, 3);
/// assert!(config.checksum);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BinaryExportConfig {
    /// The write buffer size in bytes (default 64 KiB; at least 1).
    pub buffer_size: usize,
    /// Whether records carry variable and type names (the detailed layout;
    /// default false).
    pub include_details: bool,
    /// 0 for none (the default), 1 to 22 for that zstd level.
    pub compression_level: u8,
    /// Whether the file ends with a CRC-32 footer (default true).
    pub checksum: bool,
    /// A fixed export timestamp (nanoseconds since the UNIX epoch); `None`
    /// (the default) takes the time of the export.
    pub timestamp: Option<u64>,
    /// Whether exports of a tracker that recorded call stacks carry them
    /// (a version-2 file; default true).
    pub call_stacks: bool,
    /// Whether call stacks are resolved to function, file and line at
    /// export time (default true, with the `symbolize` feature), or kept
    /// as raw addresses with the module map, for symbolizing elsewhere.
    pub symbolize: bool,
    /// Whether exports with call stacks also carry the thread that
    /// allocated each record, with thread names (the `tHRD` segment;
    /// default true). A version-1 export carries no threads.
    pub threads: bool,
    /// Whether exporting a tracker that has never seen an allocation
    /// writes an empty file (true) or fails with
    /// [`TrackingError::NothingTracked`] (false, the default): an empty
    /// tracker almost always means the tracking allocator is not
    /// installed.
    pub allow_empty: bool,
}

impl Default for BinaryExportConfig {
    fn default() -> Self {
        BinaryExportConfig {
            buffer_size: 64 * 1024,
            include_details: false,
            compression_level: 0,
            checksum: true,
            timestamp: None,
            call_stacks: true,
            symbolize: cfg!(feature = "symbolize"),
            threads: true,
            allow_empty: false,
        }
    }
}

impl BinaryExportConfig {
    /// The defaults: 64 KiB buffer, basic records, no compression, checksum
    /// on, timestamp taken at export.
    pub fn new() -> Self {
        Self::default()
    }

    /// The write buffer size in bytes (default 64 KiB; at least 1).
    pub fn buffer_size(mut self, size: usize) -> Self {
        self.buffer_size = size;
        self
    }

    /// Whether records carry variable and type names (the detailed layout;
    /// default false).
    pub fn include_details(mut self, include: bool) -> Self {
        self.include_details = include;
        self
    }

    /// 0 for none (the default), 1 to 22 for that zstd level, zstd's whole
    /// range (the original design note's 1 to 9 are a subset; 19 and up
    /// are slow and need more memory to write, not to read). Above 22 the
    /// export fails with [`TrackingError::InvalidConfig`]: no silent clamp.
    pub fn compression_level(mut self, level: u8) -> Self {
        self.compression_level = level;
        self
    }

    /// Whether to end the file with a CRC-32 footer (default true).
    pub fn checksum(mut self, checksum: bool) -> Self {
        self.checksum = checksum;
        self
    }

    /// A fixed export timestamp (nanoseconds since the UNIX epoch) for
    /// reproducible files; by default the time of the export.
    pub fn timestamp(mut self, nanos: u64) -> Self {
        self.timestamp = Some(nanos);
        self
    }

    /// Whether exports carry the call stacks the tracker recorded (default
    /// true). Without them the file is version 1.
    pub fn call_stacks(mut self, include: bool) -> Self {
        self.call_stacks = include;
        self
    }

    /// Whether call stacks are resolved to names at export time (default
    /// true with the `symbolize` feature) or written as raw addresses plus
    /// the module map (the path, load address and build id of every
    /// mapped module), for offline symbolization.
    pub fn symbolize(mut self, resolve: bool) -> Self {
        self.symbolize = resolve;
        self
    }

    /// Whether exports with call stacks also carry the allocating thread
    /// of each record and the threads' names (default true; about 4 bytes
    /// a record). `summary --by thread` reads them.
    pub fn threads(mut self, include: bool) -> Self {
        self.threads = include;
        self
    }

    /// Whether exporting a tracker that has never seen an allocation writes
    /// an empty file, instead of failing with
    /// [`TrackingError::NothingTracked`] (the default), which names the
    /// likely cause: the missing `#[global_allocator]` line.
    ///
    /// ```
    /// use memscope_export::{BinaryExportConfig, BinaryExporter, TrackingError};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let empty = MemoryTracker::new();
    /// let err = BinaryExporter::default().export_to_writer(&empty, Vec::new()).unwrap_err();
    /// assert!(matches!(err, TrackingError::NothingTracked));
    /// assert!(err.to_string().contains("#[global_allocator]"));
    ///
    /// let exporter = BinaryExporter::new(BinaryExportConfig::new().allow_empty(true));
    /// assert_eq!(exporter.export_to_writer(&empty, Vec::new()).unwrap().allocations_count, 0);
    /// ```
    pub fn allow_empty(mut self, allow: bool) -> Self {
        self.allow_empty = allow;
        self
    }

    /// The header flags this configuration writes.
    pub fn flags(&self) -> Flags {
        let mut flags = Flags::NONE;
        if self.include_details {
            flags |= Flags::DETAILS;
        }
        if self.compression_level > 0 {
            flags |= Flags::COMPRESSED;
        }
        if self.checksum {
            flags |= Flags::CHECKSUM;
        }
        flags
    }

    /// Checks the settings an export cannot honour.
    pub fn validate(&self) -> TrackingResult<()> {
        if self.compression_level > MAX_COMPRESSION_LEVEL {
            return Err(TrackingError::InvalidConfig {
                setting: "compression_level",
                expected: "0 (none) to 22",
                found: self.compression_level.to_string(),
            });
        }
        if self.compression_level > 0 && !cfg!(feature = "zstd") {
            return Err(compression_unavailable(self.compression_level));
        }
        if self.buffer_size == 0 {
            return Err(TrackingError::InvalidConfig {
                setting: "buffer_size",
                expected: "at least 1 byte",
                found: "0".to_string(),
            });
        }
        Ok(())
    }

    fn layout(&self) -> Layout {
        self.flags().layout()
    }
}

/// What an export wrote and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryExportStats {
    /// Wall time of the export: the snapshot, the symbolization, the
    /// encoding and the writing, and for an export to a path the sync and
    /// the rename too.
    pub export_duration: Duration,
    /// Bytes in the file, footer included.
    pub file_size: usize,
    /// Allocation records written.
    pub allocations_count: usize,
    /// Bytes of the stats segment (always 60).
    pub stats_size: usize,
    /// Bytes of the allocation segment: tag, count and records as stored
    /// (compressed, when compression is on).
    pub allocations_size: usize,
}

impl BinaryExportStats {
    /// How many times smaller this file is than a JSON export of `json_size`
    /// bytes (5.0 means a fifth of the size); 0.0 when either size is 0.
    pub fn compression_ratio_vs_json(&self, json_size: usize) -> f64 {
        if self.file_size == 0 || json_size == 0 {
            return 0.0;
        }
        json_size as f64 / self.file_size as f64
    }

    /// Stored bytes per allocation record (the segment's 8-byte tag and
    /// count excluded); 0.0 for an export without records.
    pub fn avg_allocation_size(&self) -> f64 {
        if self.allocations_count == 0 {
            return 0.0;
        }
        self.allocations_size.saturating_sub(ALLOCATIONS.fixed_size) as f64
            / self.allocations_count as f64
    }
}

/// Writes a tracker's state in the binary format.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::{BinaryExportConfig, BinaryExporter};
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x1000, 64);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("snapshot.bin");
///
/// let exporter = BinaryExporter::new(BinaryExportConfig::new().include_details(true));
/// let stats = exporter.export(&tracker, &path).unwrap();
/// assert_eq!(stats.allocations_count, 1);
/// assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, stats.file_size);
/// ```
#[derive(Debug, Clone, Default)]
pub struct BinaryExporter {
    config: BinaryExportConfig,
}

impl BinaryExporter {
    /// An exporter with `config`.
    pub fn new(config: BinaryExportConfig) -> Self {
        BinaryExporter { config }
    }

    /// The configuration.
    pub fn config(&self) -> &BinaryExportConfig {
        &self.config
    }

    /// Exports `tracker` to the file at `path` through [`write_atomically`]:
    /// a regular file is replaced only when the new one is complete and
    /// synced (on any error the previous file at `path` is untouched and no
    /// temporary file remains), a symbolic link's target is replaced and
    /// the link kept, a FIFO or a character device is written straight
    /// through.
    pub fn export<P: AsRef<Path>>(
        &self,
        tracker: &MemoryTracker,
        path: P,
    ) -> TrackingResult<BinaryExportStats> {
        self.config.validate()?;
        let started = Instant::now();
        let mut stats =
            write_atomically(path.as_ref(), |file| self.export_to_writer(tracker, file))?;
        // The whole export, the sync and the rename included.
        stats.export_duration = started.elapsed();
        Ok(stats)
    }

    /// Exports `tracker` to any writer (a pipe, a socket, a `Vec<u8>`). The
    /// writer is buffered here; pass it unbuffered.
    ///
    /// The records come from one [`MemoryTracker::snapshot`]: the tracker
    /// is locked only while it is copied, never while the file is written,
    /// so the writer may allocate, or be read by a thread that allocates.
    pub fn export_to_writer<W: Write>(
        &self,
        tracker: &MemoryTracker,
        writer: W,
    ) -> TrackingResult<BinaryExportStats> {
        self.config.validate()?;
        let snapshot = tracker.snapshot();
        if !self.config.allow_empty {
            check_tracked(snapshot.stats())?;
        }
        // The basic layout writes no names: records without them cost no
        // allocation (cloning a named block's names would cost four
        // tracked allocator calls each).
        let detailed = self.config.include_details;
        let records = snapshot.blocks().map(move |block| {
            if detailed {
                block.to_info()
            } else {
                AllocationInfo::new(block.ptr, block.size, block.timestamp_alloc)
            }
        });
        if self.config.call_stacks && snapshot.has_stacks() {
            let names = if self.config.symbolize {
                StackNames::Resolved
            } else {
                StackNames::Raw
            };
            let stacks = call_stacks_of(&snapshot, names);
            let threads = self.config.threads.then(|| Threads::of_snapshot(&snapshot));
            let extensions = Extensions {
                stacks: Some(&stacks),
                threads: threads.as_ref(),
            };
            self.write_file(writer, snapshot.stats(), records, extensions)
        } else {
            self.write_file(writer, snapshot.stats(), records, Extensions::NONE)
        }
    }

    /// Writes one consistent snapshot: `stats` and the `records` they
    /// describe. `stats.active_allocations` must equal the number of records
    /// and `stats.active_memory` the sum of their sizes, as the tracker's
    /// snapshots guarantee; a file that contradicts itself is never written
    /// silently. The writer is buffered here; pass it unbuffered.
    ///
    /// The records may be borrowed or owned: an iterator that makes each
    /// record as it is asked for (a generator, a converter) writes a file of
    /// any size in constant memory. The file is version 1;
    /// [`write_snapshot_with_stacks`](Self::write_snapshot_with_stacks)
    /// writes version 2. A compressed detailed export walks a
    /// clone of the iterator once before writing, to state the frame's size.
    pub fn write_snapshot<W, I>(
        &self,
        writer: W,
        stats: &MemoryStats,
        records: I,
    ) -> TrackingResult<BinaryExportStats>
    where
        W: Write,
        I: IntoIterator,
        I::Item: Borrow<AllocationInfo>,
        I::IntoIter: ExactSizeIterator + Clone,
    {
        self.write_file(writer, stats, records, Extensions::NONE)
    }

    /// [`write_snapshot`](Self::write_snapshot) with the call stack of each
    /// record: a version-2 file, whose stack segments follow the records
    /// (FORMAT.md, "Version 2"). `stacks.ids` holds one stack id per
    /// record, in record order; every index must be in range, or nothing
    /// is written.
    ///
    /// ```
    /// use memscope_export::{BinaryExporter, BinaryReader, CallStacks, Frame};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let records = [AllocationInfo::new(0x1000, 64, 1)];
    /// let stats = MemoryStats { total_allocations: 1, active_allocations: 1, active_memory: 64, ..Default::default() };
    /// let mut stacks = CallStacks::default();
    /// let name = stacks.intern_string("my_crate::load");
    /// let frame = stacks.push_frame(Frame { address: 0x5555_0000_1234, function: name + 1, file: 0, line: 0, flags: 0 });
    /// stacks.ids = vec![stacks.push_stack(vec![frame])];
    ///
    /// let mut file = Vec::new();
    /// BinaryExporter::default().write_snapshot_with_stacks(&mut file, &stats, &records, &stacks).unwrap();
    /// let reader = BinaryReader::new(file.as_slice()).unwrap();
    /// assert_eq!(reader.header().version, 2);
    /// let mut records = reader.records();
    /// assert_eq!(records.by_ref().count(), 1);
    /// let read = records.stacks().unwrap();
    /// assert_eq!(read.stack_of_record(0).unwrap()[0].function, Some("my_crate::load"));
    /// ```
    pub fn write_snapshot_with_stacks<W, I>(
        &self,
        writer: W,
        stats: &MemoryStats,
        records: I,
        stacks: &CallStacks,
    ) -> TrackingResult<BinaryExportStats>
    where
        W: Write,
        I: IntoIterator,
        I::Item: Borrow<AllocationInfo>,
        I::IntoIter: ExactSizeIterator + Clone,
    {
        let extensions = Extensions {
            stacks: Some(stacks),
            threads: None,
        };
        self.write_file(writer, stats, records, extensions)
    }

    /// [`write_snapshot`](Self::write_snapshot) with any of the version-2
    /// extensions: the call stack of each record, the thread of each
    /// record. With neither, the file is version 1.
    ///
    /// ```
    /// use memscope_export::{BinaryExporter, BinaryReader, Thread, Threads};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let records = [AllocationInfo::new(0x1000, 64, 1)];
    /// let stats = MemoryStats { total_allocations: 1, active_allocations: 1, active_memory: 64, ..Default::default() };
    /// let threads = Threads { threads: vec![Thread { id: 3, name: "loader".into() }], of_records: vec![1] };
    ///
    /// let mut file = Vec::new();
    /// BinaryExporter::default().write_snapshot_with(&mut file, &stats, &records, None, Some(&threads)).unwrap();
    /// let reader = BinaryReader::new(file.as_slice()).unwrap();
    /// assert_eq!(reader.header().version, 2);
    /// let mut records = reader.records();
    /// assert_eq!(records.by_ref().count(), 1);
    /// assert_eq!(records.threads().unwrap().thread_of_record(0).unwrap().name(), Some("loader"));
    /// ```
    pub fn write_snapshot_with<W, I>(
        &self,
        writer: W,
        stats: &MemoryStats,
        records: I,
        stacks: Option<&CallStacks>,
        threads: Option<&Threads>,
    ) -> TrackingResult<BinaryExportStats>
    where
        W: Write,
        I: IntoIterator,
        I::Item: Borrow<AllocationInfo>,
        I::IntoIter: ExactSizeIterator + Clone,
    {
        self.write_file(writer, stats, records, Extensions { stacks, threads })
    }

    /// Writes a file: version 1 without extensions, version 2 with any.
    fn write_file<W, I>(
        &self,
        writer: W,
        stats: &MemoryStats,
        records: I,
        extensions: Extensions<'_>,
    ) -> TrackingResult<BinaryExportStats>
    where
        W: Write,
        I: IntoIterator,
        I::Item: Borrow<AllocationInfo>,
        I::IntoIter: ExactSizeIterator + Clone,
    {
        self.config.validate()?;
        let started = Instant::now();
        let records = records.into_iter();
        let count = records.len();
        let declared = u32::try_from(count).map_err(|_| TrackingError::TooManyRecords {
            count: count as u64,
            max: u64::from(u32::MAX),
        })?;
        if stats.active_allocations != count as u64 {
            return Err(TrackingError::InconsistentSnapshot {
                what: "active_allocations",
                stats: stats.active_allocations,
                records: count as u64,
            });
        }

        if let Some(stacks) = extensions.stacks {
            stacks
                .validate(count as u64)
                .map_err(TrackingError::InvalidStacks)?;
        }
        if let Some(threads) = extensions.threads {
            threads
                .validate(count as u64)
                .map_err(TrackingError::InvalidThreads)?;
        }
        let mut flags = self.config.flags();
        if extensions.stacks.is_some() {
            flags |= Flags::STACKS;
        }
        let timestamp = self.config.timestamp.unwrap_or_else(now_ns);
        let counting = if self.config.checksum {
            CountingWriter::with_crc32(writer)
        } else {
            CountingWriter::new(writer)
        };
        let mut out = BufWriter::with_capacity(self.config.buffer_size, counting);
        let io = |e| TrackingError::io("writing", None, e);

        // The segments in the layout table's order: header, stats, the
        // allocation segment's head, the records, the footer.
        let header = if extensions.is_none() {
            FileHeader::new(flags, timestamp)
        } else {
            FileHeader::with_extensions(flags, timestamp)
        };
        header.write_to(&mut out)?;
        stats.write_to(&mut out)?;
        AllocationSegmentHeader { count: declared }.write_to(&mut out)?;

        let layout = self.config.layout();
        let written = if self.config.compression_level > 0 {
            write_compressed(&mut out, records, &self.config)?
        } else {
            write_records(&mut out, records, layout)?
        };
        if written.count != count {
            return Err(TrackingError::InconsistentSnapshot {
                what: "record count",
                stats: count as u64,
                records: written.count as u64,
            });
        }
        if written.memory != stats.active_memory {
            return Err(TrackingError::InconsistentSnapshot {
                what: "active_memory",
                stats: stats.active_memory,
                records: written.memory,
            });
        }

        out.flush().map_err(io)?;
        let file_layout = FileLayout::new(flags, out.get_ref().bytes() - RECORDS_OFFSET as u64);
        if !extensions.is_none() {
            write_extension_segments(&mut out, extensions, &self.config)?;
            // The checksum below covers what reached the counting writer.
            out.flush().map_err(io)?;
        }
        if let Some(crc32) = out.get_ref().crc32() {
            Footer { crc32 }.write_to(&mut out)?;
        }
        let counting = out.into_inner().map_err(|e| io(e.into_error()))?;
        let file_size = counting.bytes();
        counting.into_inner().flush().map_err(io)?;
        if extensions.is_none() {
            debug_assert_eq!(file_size, file_layout.file_size());
        }

        Ok(BinaryExportStats {
            export_duration: started.elapsed(),
            file_size: file_size as usize,
            allocations_count: count,
            stats_size: STATS.fixed_size,
            allocations_size: file_layout.allocation_segment_size() as usize,
        })
    }
}

/// Writes the records as one zstd frame at `level`.
#[cfg(feature = "zstd")]
fn write_compressed<W: Write>(
    out: &mut W,
    records: impl ExactSizeIterator<Item = impl Borrow<AllocationInfo>> + Clone,
    config: &BinaryExportConfig,
) -> TrackingResult<Written> {
    let io = |e| TrackingError::io("writing", None, e);
    let layout = config.layout();
    let level = i32::from(config.compression_level);
    let mut encoder = zstd::stream::write::Encoder::new(out, level).map_err(io)?;
    // The frame then states its content size (a reader checks it against
    // the count before inflating anything) and zstd sizes its window to the
    // content, so readers need no larger one.
    let record_bytes = match AllocationInfo::encoded_size(layout).exact_len() {
        Some(each) => (each * records.len()) as u64,
        None => records
            .clone()
            .map(|r| r.borrow().encoded_len(layout) as u64)
            .sum(),
    };
    encoder
        .set_pledged_src_size(Some(record_bytes))
        .map_err(io)?;
    // zstd works per call: feed it large chunks, not 24-byte records.
    let mut chunks = BufWriter::with_capacity(config.buffer_size, encoder);
    let written = write_records(&mut chunks, records, layout)?;
    let encoder = chunks.into_inner().map_err(|e| io(e.into_error()))?;
    encoder.finish().map_err(io)?;
    Ok(written)
}

/// Without the `zstd` feature, [`BinaryExportConfig::validate`] refuses
/// compression before anything is written.
#[cfg(not(feature = "zstd"))]
fn write_compressed<W: Write>(
    _out: &mut W,
    _records: impl ExactSizeIterator<Item = impl Borrow<AllocationInfo>> + Clone,
    config: &BinaryExportConfig,
) -> TrackingResult<Written> {
    Err(compression_unavailable(config.compression_level))
}

/// The error for a compression level in a build without compression.
#[cfg_attr(feature = "zstd", allow(dead_code))]
fn compression_unavailable(level: u8) -> TrackingError {
    TrackingError::InvalidConfig {
        setting: "compression_level",
        expected: "0: this build has no compression (enable the `zstd` feature of memscope-export)",
        found: level.to_string(),
    }
}

/// What a version-2 file carries after its records.
#[derive(Debug, Clone, Copy)]
struct Extensions<'a> {
    stacks: Option<&'a CallStacks>,
    threads: Option<&'a Threads>,
}

impl Extensions<'_> {
    /// No extension: a version-1 file.
    const NONE: Extensions<'static> = Extensions {
        stacks: None,
        threads: None,
    };

    fn is_none(&self) -> bool {
        self.stacks.is_none() && self.threads.is_none()
    }
}

/// Writes the extension segments and `ENDS` (FORMAT.md, "Version 2"):
/// the stack segments, then `tHRD`; each body is compressed like the
/// records when the configuration says so.
fn write_extension_segments<W: Write>(
    out: &mut BufWriter<CountingWriter<W>>,
    extensions: Extensions<'_>,
    config: &BinaryExportConfig,
) -> TrackingResult<()> {
    let io = |e| TrackingError::io("writing", None, e);
    out.flush().map_err(io)?;
    let first_segment = out.get_ref().bytes();
    let mut bodies = match extensions.stacks {
        Some(stacks) => stacks::encode_bodies(stacks)?,
        None => Vec::new(),
    };
    if let Some(threads) = extensions.threads {
        bodies.push((THREADS, threads.encode_body()?));
    }
    for (tag, body) in bodies {
        let stored = if config.compression_level > 0 {
            compress_body(&body, config.compression_level)?
        } else {
            body
        };
        SegmentHead {
            tag,
            length: stored.len() as u64,
        }
        .write_to(out)?;
        out.write_all(&stored).map_err(io)?;
    }
    SegmentHead {
        tag: stacks::END,
        length: 8,
    }
    .write_to(out)?;
    EndBody { first_segment }.write_to(out)?;
    Ok(())
}

/// A compressed segment body: its content length, then one zstd frame.
#[cfg(feature = "zstd")]
fn compress_body(content: &[u8], level: u8) -> TrackingResult<Vec<u8>> {
    let io = |e| TrackingError::io("compressing", None, e);
    let mut stored = (content.len() as u64).to_le_bytes().to_vec();
    let mut encoder =
        zstd::stream::write::Encoder::new(&mut stored, i32::from(level)).map_err(io)?;
    encoder
        .set_pledged_src_size(Some(content.len() as u64))
        .map_err(io)?;
    encoder.write_all(content).map_err(io)?;
    encoder.finish().map_err(io)?;
    Ok(stored)
}

/// Without the `zstd` feature, [`BinaryExportConfig::validate`] refuses
/// compression before anything is written.
#[cfg(not(feature = "zstd"))]
fn compress_body(_content: &[u8], level: u8) -> TrackingResult<Vec<u8>> {
    Err(compression_unavailable(level))
}

/// What [`write_records`] wrote.
struct Written {
    count: usize,
    memory: u64,
}

/// Streams the records, one derived `write_with` each. An error names the
/// record's index and its offset in the file (in the record bytes, for a
/// compressed file).
fn write_records<W: Write>(
    w: &mut W,
    records: impl Iterator<Item = impl Borrow<AllocationInfo>>,
    layout: Layout,
) -> TrackingResult<Written> {
    let mut offset = RECORDS_OFFSET as u64;
    let mut written = Written {
        count: 0,
        memory: 0,
    };
    for record in records {
        let record = record.borrow();
        let n = record
            .write_with(w, layout)
            .map_err(|source| TrackingError::Record {
                index: written.count as u64,
                source: source.shifted(offset),
            })?;
        offset += n as u64;
        written.count += 1;
        written.memory = written.memory.wrapping_add(record.size as u64);
    }
    Ok(written)
}

/// Adds `export_to_binary` to [`MemoryTracker`], as the design note has it.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::{BinaryExportConfig, TrackerBinaryExport};
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x2000, 128);
/// let dir = tempfile::tempdir().unwrap();
///
/// // Basic use
/// let stats = tracker.export_to_binary(dir.path().join("output.bin")).unwrap();
/// assert_eq!(stats.file_size, 24 + 60 + 8 + 24 + 8);
///
/// // A custom configuration
/// let config = BinaryExportConfig::new()
///     .buffer_size(128 * 1024)
///     .include_details(true);
/// let stats = tracker
///     .export_to_binary_with_config(dir.path().join("detailed.bin"), config)
///     .unwrap();
/// assert_eq!(stats.allocations_count, 1);
/// ```
pub trait TrackerBinaryExport {
    /// Exports with the default configuration.
    fn export_to_binary<P: AsRef<Path>>(&self, path: P) -> TrackingResult<BinaryExportStats>;

    /// Exports with `config`.
    fn export_to_binary_with_config<P: AsRef<Path>>(
        &self,
        path: P,
        config: BinaryExportConfig,
    ) -> TrackingResult<BinaryExportStats>;
}

impl TrackerBinaryExport for MemoryTracker {
    fn export_to_binary<P: AsRef<Path>>(&self, path: P) -> TrackingResult<BinaryExportStats> {
        export_to_binary(self, path)
    }

    fn export_to_binary_with_config<P: AsRef<Path>>(
        &self,
        path: P,
        config: BinaryExportConfig,
    ) -> TrackingResult<BinaryExportStats> {
        export_to_binary_with_config(self, path, config)
    }
}

/// Fails with [`TrackingError::NothingTracked`] when `stats` are those of
/// a tracker that has never seen an allocation, recorded or not.
pub(crate) fn check_tracked(stats: &MemoryStats) -> TrackingResult<()> {
    if !stats.has_seen_allocations() {
        return Err(TrackingError::NothingTracked);
    }
    Ok(())
}

/// Exports `tracker` to `path` with the default configuration.
///
/// ```
/// use memscope_tracker::MemoryTracker;
/// use memscope_export::export_to_binary;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x1000, 64, 1);
/// let dir = tempfile::tempdir().unwrap();
/// let stats = export_to_binary(&tracker, dir.path().join("simple.bin")).unwrap();
/// assert_eq!(stats.allocations_count, 1);
/// assert_eq!(stats.avg_allocation_size(), 24.0); // bytes per stored record
/// ```
pub fn export_to_binary<P: AsRef<Path>>(
    tracker: &MemoryTracker,
    path: P,
) -> TrackingResult<BinaryExportStats> {
    BinaryExporter::default().export(tracker, path)
}

/// Exports `tracker` to `path` with `config`.
pub fn export_to_binary_with_config<P: AsRef<Path>>(
    tracker: &MemoryTracker,
    path: P,
    config: BinaryExportConfig,
) -> TrackingResult<BinaryExportStats> {
    BinaryExporter::new(config).export(tracker, path)
}
