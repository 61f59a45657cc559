//! Reading memscope binary files: [`BinaryReader`] checks every rule of
//! [FORMAT.md](crate::spec) and hands each record out with its call
//! stack and thread ([`Records`]); [`read_file`] reads a whole file at
//! once; [`convert_to_json`] turns a file into exactly the JSON the JSON
//! export writes.
//!
//! - `source`: the buffered, checksummed input; `shared`: the input read
//!   at several places at once.
//! - `beside`: the stack and thread of each record, read beside the
//!   records when keeping them would cost more.
//! - `budget`: the memory a file may make the reader hold, charged as it
//!   is read.
//! - `frame`: the header of a zstd frame, checked before it is inflated.
//! - `extensions`: the extension segments of a version-2 file, read
//!   ahead of the records from the end of the file, and compared with
//!   the file again after them.
//! - `records`: the records' pass, and the checks at the end of the file.
//! - `file`: a whole file in memory.
//! - `convert`: a file as a JSON document.

mod beside;
pub(crate) mod budget;
mod convert;
mod extensions;
mod file;
#[cfg(feature = "zstd")]
mod frame;
mod records;
mod shared;
mod source;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::{AllocationInfo, MemoryStats};

use crate::error::{FormatError, FormatResult};
use crate::format::{
    ALLOCATIONS, ALLOCATIONS_OFFSET, AllocationSegmentHeader, FLAGS_OFFSET, FileHeader, FileLayout,
    Flags, HEADER, MAGIC, RECORDS_OFFSET, STATS, STATS_OFFSET, VERSION, VERSION_OFFSET,
};
use crate::model::history::History;
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;

pub use budget::{MEMORY_ALLOWANCE, MEMORY_PER_FILE_BYTE, memory_budget};
pub use convert::convert_to_json;
pub use extensions::{ExtensionSegment, MAX_SEGMENT};
pub use file::{BinaryFile, read_file};
pub use records::Records;

use budget::Budget;
use extensions::{Extensions, prefetch};
use records::{Cursor, Shape};
use shared::Shared;
use source::{Source, read_up_to, segment};

/// A reader of one memscope binary file.
///
/// Opening it ([`open`](Self::open), [`new`](Self::new)) reads and checks
/// everything but the records: the header, the stats segment, the record
/// count against the input's length, and, in a version-2 file, the
/// extension segments (call stacks, threads), which it reads first from
/// the end of the file. [`records`](Self::records) then yields the
/// records one by one, each with its stack and thread, and after the last
/// checks the end of the file: the extension segments read again where
/// they are (under the checksum) and compared, by length and CRC-32, with
/// what was read ahead, then nothing or the checksum footer.
///
/// Memory stays O(1) in the number of records: besides the tables,
/// bounded by their segments' size (FORMAT.md, "Rules for readers,
/// version 2"), the stack and thread of each record of a version-2 file
/// are read beside the records, through a second place in the input (a
/// small file's, or one whose compressed segments need a window as large
/// as their content, are kept instead: 4 bytes each, one copy). All of it together is bounded by the file's
/// memory budget ([`memory_budget`]: 32 MiB + 16 bytes for each byte of
/// the file, FORMAT.md "Memory budget"), or by a larger one given to
/// [`with_budget`](Self::with_budget): past it the file is refused with
/// [`FormatError::MemoryBudget`] before anything more is allocated. A
/// consumer that keeps the tables after the records takes them with
/// [`into_tables`](Self::into_tables) rather than cloning them.
///
/// The input must seek (a `File`, a `Cursor`); a stream that cannot
/// (a pipe, a socket) is copied to a temporary file first by
/// [`from_stream`](Self::from_stream).
///
/// ```
/// use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_at(0x1000, 64, 7);
/// let mut file = Vec::new();
/// BinaryExporter::new(BinaryExportConfig::new().compression_level(3))
///     .export_to_writer(&tracker, &mut file)
///     .unwrap();
///
/// let mut reader = BinaryReader::from_bytes(&file).unwrap();
/// assert_eq!(reader.stats().active_allocations, 1);
/// for record in reader.records() {
///     let record = record.unwrap();
///     assert_eq!((record.allocation.ptr, record.allocation.size), (0x1000, 64));
///     assert!(record.stack.is_none(), "this tracker recorded no stacks");
/// }
/// ```
#[derive(Debug)]
pub struct BinaryReader<R: Read> {
    cursor: Cursor<R>,
    header: FileHeader,
    stats: MemoryStats,
    count: u32,
    /// Where the records end: the first extension segment (version 2),
    /// or the footer or the end of the input (version 1). A compressed
    /// file's frame must end exactly there.
    records_end: u64,
    /// The extension segments (empty for a version-1 file).
    tables: Extensions,
}

impl<R: Read> std::fmt::Debug for Cursor<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl BinaryReader<File> {
    /// Opens the file at `path`. What is not a regular file (a FIFO, a
    /// character device) is copied to a temporary file first, as
    /// [`from_stream`](Self::from_stream) does.
    pub fn open(path: impl AsRef<Path>) -> FormatResult<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| FormatError::io("opening", Some(path), e))?;
        Self::from_file(file, path)
    }

    /// Reads the file already open as `file`, as [`open`](Self::open)
    /// does; `path` names it in errors.
    pub fn from_file(file: File, path: &Path) -> FormatResult<Self> {
        let metadata = file
            .metadata()
            .map_err(|e| FormatError::io("reading the metadata of", Some(path), e))?;
        let reader = if metadata.is_file() {
            BinaryReader::new(file)
        } else {
            BinaryReader::from_stream(file)
        };
        reader.map_err(|e| e.in_file(path))
    }

    /// Reads a stream that cannot seek (a pipe, a socket, standard
    /// input): checks that it starts as a memscope file does, then copies
    /// it whole to an unnamed temporary file and reads that. The disk
    /// holds the copy while the reader lives; memory does not grow with
    /// the stream.
    ///
    /// ```
    /// use memscope_export::{BinaryExporter, BinaryReader};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 7);
    /// let mut file = Vec::new();
    /// BinaryExporter::default().export_to_writer(&tracker, &mut file).unwrap();
    ///
    /// // A `&[u8]` reads like a pipe: it cannot seek.
    /// let mut reader = BinaryReader::from_stream(file.as_slice()).unwrap();
    /// assert_eq!(reader.records().count(), 1);
    /// ```
    pub fn from_stream(input: impl Read) -> FormatResult<Self> {
        BinaryReader::new(spool_stream(input)?)
    }
}

/// Copies a stream that cannot seek (a pipe, a socket) to an unnamed
/// temporary file, rewound, after checking that it starts as a memscope
/// file does: what [`BinaryReader::from_stream`] reads, for a caller that
/// wraps the file (to count the bytes read, say) before reading it.
pub fn spool_stream(mut input: impl Read) -> FormatResult<File> {
    let mut magic = [0u8; MAGIC.len()];
    let got = read_up_to(&mut input, &mut magic)?;
    if got < MAGIC.len() || magic != MAGIC {
        return Err(FormatError::NotMemscope {
            found: magic[..got].to_vec(),
        });
    }
    let spooling = |e| FormatError::io("copying to a temporary file", None, e);
    let mut spool = tempfile::tempfile().map_err(spooling)?;
    io::Write::write_all(&mut spool, &magic).map_err(spooling)?;
    let mut buffer = vec![0u8; source::BUFFER];
    loop {
        let n = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(FormatError::io("reading", None, e)),
        };
        io::Write::write_all(&mut spool, &buffer[..n]).map_err(spooling)?;
    }
    spool.seek(SeekFrom::Start(0)).map_err(spooling)?;
    Ok(spool)
}

impl<'a> BinaryReader<io::Cursor<&'a [u8]>> {
    /// Reads a file held in memory.
    pub fn from_bytes(bytes: &'a [u8]) -> FormatResult<Self> {
        BinaryReader::new(io::Cursor::new(bytes))
    }
}

impl<R: Read + Seek> BinaryReader<R> {
    /// Reads and checks everything before the records: magic, version,
    /// flags, stats segment, the allocation segment's tag and count (which
    /// the input's length must be able to hold), and a version-2 file's
    /// extension segments, from the end of the input; within the file's
    /// memory budget ([`memory_budget`]).
    pub fn new(input: R) -> FormatResult<Self> {
        Self::with_budget(input, 0)
    }

    /// Reads as [`new`](Self::new) does, with a memory budget of at least
    /// `at_least` bytes: the larger of it and the file's own
    /// ([`memory_budget`]), for a file that needs more than FORMAT.md
    /// gives every file (`memscope-binary --max-memory`).
    ///
    /// ```
    /// use memscope_export::{BinaryExporter, BinaryReader, FormatError};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 7);
    /// let mut file = Vec::new();
    /// BinaryExporter::default().export_to_writer(&tracker, &mut file).unwrap();
    ///
    /// let mut reader = BinaryReader::with_budget(std::io::Cursor::new(&file), 1 << 30).unwrap();
    /// assert_eq!(reader.records().count(), 1);
    /// ```
    pub fn with_budget(input: R, at_least: u64) -> FormatResult<Self> {
        let mut source = Source::new(input);
        let (header, stats, count) = read_head_from(&mut source)?;
        let seeking = |e| FormatError::io("seeking in", None, e);
        // The source has buffered ahead: the input is where its buffer
        // ends, and must be there again for the records.
        let resume = source.input.stream_position().map_err(seeking)?;
        let size = source.input.seek(SeekFrom::End(0)).map_err(seeking)?;
        let mut budget = Budget::for_file(size, at_least);
        // A version-2 file's records end where its extension segments
        // begin, which `prefetch` checks the count against before reading
        // them; a version-1 file's, at most at the end of the input (a
        // footer that is missing is the records' pass to find and name).
        let (tables, records_end) = if header.version >= 2 {
            let tables = prefetch(&mut source.input, header.flags(), count, &mut budget)?;
            let start = tables.start;
            (tables, start)
        } else {
            let end = source.input.seek(SeekFrom::End(0)).map_err(seeking)?;
            records_fit(header.flags(), count, end)?;
            let trailer = FileLayout::new(header.flags(), 0).trailer_size();
            (Extensions::default(), end.saturating_sub(trailer))
        };
        // The records are read on from there through a view of the input;
        // the stack and thread of each record, when they are not kept,
        // through others beside it.
        let (source, shared) = source.map_input(|input| {
            let shared = Shared::new(input);
            (shared.view(resume), shared)
        });
        Ok(BinaryReader {
            cursor: Cursor::new(source, shared, header.flags(), budget),
            header,
            stats,
            count,
            records_end,
            tables,
        })
    }
}

/// Refuses a record count that the bytes from the records' start to
/// `records_end` cannot hold, in a plain file (compressed records can be
/// smaller than their count suggests).
pub(crate) fn records_fit(flags: Flags, count: u32, records_end: u64) -> FormatResult<()> {
    if flags.contains(Flags::COMPRESSED) {
        return Ok(());
    }
    let available = records_end.saturating_sub(RECORDS_OFFSET as u64);
    let needed = u64::from(count) * AllocationInfo::encoded_size(flags.layout()).min as u64;
    if needed > available {
        return Err(FormatError::CountExceedsInput {
            count,
            needed,
            available,
            offset: RECORDS_OFFSET as u64,
        });
    }
    Ok(())
}

/// What a file says before its records: its header, its stats segment
/// and how many records it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileHead {
    /// The header.
    pub header: FileHeader,
    /// The stats segment.
    pub stats: MemoryStats,
    /// How many records the allocation segment holds.
    pub record_count: u32,
}

/// Reads and checks what a file says before its records, and nothing
/// else: for a tool that shows what it can of a file damaged further on
/// (a [`BinaryReader`] refuses a file whose extension segments are
/// damaged before yielding any record).
pub fn read_head(input: impl Read) -> FormatResult<FileHead> {
    let (header, stats, record_count) = read_head_from(&mut Source::new(input))?;
    Ok(FileHead {
        header,
        stats,
        record_count,
    })
}

/// Reads and checks the header, the stats segment and the allocation
/// segment's head.
fn read_head_from<R: Read>(source: &mut Source<R>) -> FormatResult<(FileHeader, MemoryStats, u32)> {
    let mut head = [0u8; HEADER.fixed_size];
    let got = read_up_to(source, &mut head)?;
    if got < MAGIC.len() || head[..MAGIC.len()] != MAGIC {
        return Err(FormatError::NotMemscope {
            found: head[..got.min(MAGIC.len())].to_vec(),
        });
    }
    let header = segment(
        HEADER.name,
        0,
        FileHeader::decode_slice(&head[..got], Layout::Basic),
    )?
    .0;
    // The one place versions dispatch. Each version names the flag bits
    // it defines; a newer reader adds an arm here (and to the segment and
    // record reading, where its layout differs) and keeps the older arms,
    // so old files stay readable. Versions are checked before flags: a
    // newer version may define more bits.
    let Some(known_flags) = Flags::known_in(header.version) else {
        return Err(FormatError::UnsupportedVersion {
            found: header.version,
            supported: VERSION,
            offset: VERSION_OFFSET as u64,
        });
    };
    if let Some(bit) = header.flags().first_bit_outside(known_flags) {
        return Err(FormatError::UnknownFlag {
            bit,
            flags: header.flags,
            known: known_flags.bits(),
            offset: FLAGS_OFFSET as u64,
        });
    }
    let stats = segment(
        STATS.name,
        STATS_OFFSET as u64,
        MemoryStats::read_from(&mut *source),
    )?;
    let segment_head = segment(
        ALLOCATIONS.name,
        ALLOCATIONS_OFFSET as u64,
        AllocationSegmentHeader::read_from(&mut *source),
    )?;
    Ok((header, stats, segment_head.count))
}

impl<R: Read> BinaryReader<R> {
    /// The header: version, flags and export timestamp.
    pub fn header(&self) -> &FileHeader {
        &self.header
    }

    /// The flags.
    pub fn flags(&self) -> Flags {
        self.header.flags()
    }

    /// The layout of the records.
    pub fn layout(&self) -> Layout {
        self.flags().layout()
    }

    /// The stats segment.
    pub fn stats(&self) -> &MemoryStats {
        &self.stats
    }

    /// How many records the allocation segment holds.
    pub fn record_count(&self) -> u32 {
        self.count
    }

    /// The call stacks of a version-2 file with [`Flags::STACKS`].
    pub fn stacks(&self) -> Option<&CallStacks> {
        self.tables.stacks.as_ref()
    }

    /// The threads of a version-2 file with a `tHRD` segment.
    pub fn threads(&self) -> Option<&Threads> {
        self.tables.threads.as_ref()
    }

    /// When the file is a sample (it has `SMPL`): the mean gap in bytes
    /// between samples at export. Each record then carries the mean it
    /// was sampled at ([`Record::sample_mean`](crate::Record::sample_mean))
    /// and stands for [`Record::weight`](crate::Record::weight) blocks, and
    /// the stats count the samples.
    pub fn sample_mean(&self) -> Option<u64> {
        self.tables.sample_mean
    }

    /// What the file says about the whole run beside its live records:
    /// each call site's totals over the run (allocated, freed, at the
    /// peak, temporary) and the timeline of live memory, from its `sITE`
    /// and `tIME` segments; empty parts for a file without them.
    pub fn history(&self) -> &History {
        &self.tables.history
    }

    /// The extension segments of a version-2 file, in file order and
    /// `ENDS` last; empty for version 1.
    pub fn extension_segments(&self) -> &[ExtensionSegment] {
        &self.tables.segments
    }

    /// Takes the file's tables out of the reader, as they are, without a
    /// copy: the call stacks ([`stacks`](Self::stacks)) and the threads
    /// ([`threads`](Self::threads)). For a consumer that keeps them after
    /// the records: an analysis, a conversion that writes them last.
    ///
    /// The reader is gone afterwards, and with it the stack and thread of
    /// each record when they were kept (4 bytes a record each), which is
    /// freed; so are any records not read yet, unchecked. Call it after the records'
    /// iteration ended without an error (the end of the file was then
    /// checked too).
    ///
    /// ```
    /// use memscope_export::{BinaryExporter, BinaryReader, CallStacks, FileContents, PlacedRecord, ResolvedFrame};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let mut stacks = CallStacks::default();
    /// let frame = stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some("app::main"), file: None, line: None, inlined: false });
    /// let stack = stacks.push_stack([frame]);
    /// let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1)).with_stack(stack)];
    /// let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    /// let mut file = Vec::new();
    /// BinaryExporter::default()
    ///     .export_to_writer(&FileContents::new(stats, &records).with_stacks(&stacks), &mut file)
    ///     .unwrap();
    ///
    /// let mut reader = BinaryReader::from_bytes(&file).unwrap();
    /// let mut bytes = 0;
    /// reader.records().visit(|record| bytes += record.allocation.size).unwrap();
    /// let (read_stacks, threads) = reader.into_tables();
    /// assert_eq!((bytes, read_stacks, threads), (64, Some(stacks), None));
    /// ```
    pub fn into_tables(self) -> (Option<CallStacks>, Option<Threads>) {
        (self.tables.stacks, self.tables.threads)
    }

    /// The records, in file order, each with its call stack and thread.
    /// Iterating ends after the last record once the end of the file has
    /// checked out, or with the first error; a second call yields what
    /// the first left.
    pub fn records(&mut self) -> Records<'_, R> {
        let shape = Shape {
            layout: self.layout(),
            flags: self.flags(),
            version: self.header.version,
            count: self.count,
            records_end: self.records_end,
        };
        Records {
            cursor: &mut self.cursor,
            tables: &self.tables,
            shape,
        }
    }
}
