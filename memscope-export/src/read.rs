//! Reading memscope binary files: [`BinaryReader`] streams the records of
//! any `Read` in O(1) memory, validating every rule of
//! [FORMAT.md](crate::spec) on the way; [`read_file`] reads a whole file at
//! once; [`convert_to_json`] turns a file into exactly the JSON the JSON
//! export writes.
//!
//! The call stacks of a version-2 file follow its records. A reader of a
//! seekable input ([`BinaryReader::open`], [`from_file`](BinaryReader::from_file),
//! [`from_seekable`](BinaryReader::from_seekable)) reads them first, from
//! the end of the file, so that each record comes with its stack as it
//! is yielded; a reader of a plain stream has them once the records are
//! done.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::path::Path;

use memscope_binary::BorrowRecord;
use memscope_binary::{BinaryRecord, CodecError, Layout};
use memscope_tracker::{AllocationInfo, AllocationRecord, MemoryStats};

use crate::error::Tag;
use crate::error::{FormatError, FormatResult, TrackingResult};
use crate::format::{
    ALLOCATIONS, ALLOCATIONS_OFFSET, AllocationSegmentHeader, FLAGS_OFFSET, FOOTER, FileHeader,
    FileLayout, Flags, Footer, HEADER, MAGIC, RECORDS_OFFSET, STATS, STATS_OFFSET, VERSION,
    VERSION_OFFSET,
};
use crate::json::{JsonDocumentWriter, RecordView};
use crate::stacks::{self, CallStacks, EndBody, ExtensionSegment, SegmentHead};
use crate::threads::{THREADS, Threads};

/// How much of the input is buffered at once.
const BUFFER: usize = 64 * 1024;

/// A streaming reader of one memscope binary file.
///
/// [`new`](Self::new) reads and checks the header, the stats segment and the
/// record count; [`records`](Self::records) then yields the records one by
/// one and, after the last, checks what must follow (the extension
/// segments of a version-2 file, then nothing or the checksum footer).
/// Memory stays O(1) in the number of records; a version-2 file's call
/// stacks are held whole, in memory bounded by their segments' size.
///
/// Call stacks follow the records in the file. A reader of a seekable
/// input reads them first ([`open`](Self::open), [`from_file`](Self::from_file),
/// [`from_seekable`](Self::from_seekable), or
/// [`prefetch_extensions`](Self::prefetch_extensions) after
/// [`new`](Self::new)), from `ENDS` at the end of the file, so that
/// [`stacks`](Self::stacks) has them before any record is read and
/// [`Records::last_stack_id`] gives each record's stack as it is yielded.
/// The records' pass still reads the segments where they are, under the
/// checksum, and fails if they differ from those read first. A reader of a
/// stream that cannot seek ([`new`](Self::new) alone) has the stacks only
/// once the records are done ([`Records::stacks`]).
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
/// let reader = BinaryReader::new(file.as_slice()).unwrap();
/// assert_eq!(reader.stats().active_allocations, 1);
/// let records: Vec<_> = reader.records().collect::<Result<_, _>>().unwrap();
/// assert_eq!((records[0].ptr, records[0].size), (0x1000, 64));
/// ```
#[derive(Debug)]
pub struct BinaryReader<R: Read> {
    source: Source<R>,
    header: FileHeader,
    stats: MemoryStats,
    count: u32,
    /// The extension segments, when read ahead of the records.
    prefetched: Option<Extensions>,
}

impl BinaryReader<File> {
    /// Opens the file at `path`. Knowing its length, the reader also refuses
    /// a record count the file cannot hold before reading any record, and
    /// reads a version-2 file's extension segments (its call stacks) ahead
    /// of the records.
    pub fn open(path: impl AsRef<Path>) -> FormatResult<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| FormatError::io("opening", Some(path), e))?;
        Self::from_file(file, path)
    }

    /// Reads the file already open as `file`, as [`open`](Self::open) does;
    /// `path` names it in errors. Whoever opened it can keep a duplicate of
    /// the handle (`File::try_clone`) to read the same file again later.
    ///
    /// What is not a regular file (a FIFO, a character device) cannot
    /// seek: its extension segments are read after the records, as
    /// [`new`](Self::new) reads them.
    pub fn from_file(file: File, path: &Path) -> FormatResult<Self> {
        let metadata = file
            .metadata()
            .map_err(|e| FormatError::io("reading the metadata of", Some(path), e))?;
        let mut reader = BinaryReader::new(file).map_err(|e| e.in_file(path))?;
        if metadata.is_file() {
            reader.prefetch_extensions().map_err(|e| e.in_file(path))?;
        }
        reader
            .check_count_fits(metadata.len())
            .map_err(|e| e.in_file(path))?;
        Ok(reader)
    }
}

impl<R: Read + Seek> BinaryReader<R> {
    /// Reads what [`new`](Self::new) reads, then a version-2 file's
    /// extension segments from the end of the input
    /// ([`prefetch_extensions`](Self::prefetch_extensions)).
    ///
    /// ```
    /// use std::io::Cursor;
    ///
    /// use memscope_export::{BinaryExporter, BinaryReader, CallStacks, Frame};
    /// use memscope_tracker::{AllocationInfo, MemoryStats};
    ///
    /// let records = [AllocationInfo::new(0x1000, 64, 1), AllocationInfo::new(0x2000, 8, 2)];
    /// let stats = MemoryStats { active_allocations: 2, active_memory: 72, ..Default::default() };
    /// let mut stacks = CallStacks::default();
    /// let name = stacks.intern_string("app::load");
    /// let frame = stacks.push_frame(Frame { address: 0x1234, function: name + 1, file: 0, line: 0, flags: 0 });
    /// stacks.ids = vec![stacks.push_stack(vec![frame]), 0];
    /// let mut file = Vec::new();
    /// BinaryExporter::default().write_snapshot_with_stacks(&mut file, &stats, &records, &stacks).unwrap();
    ///
    /// let reader = BinaryReader::from_seekable(Cursor::new(file)).unwrap();
    /// assert!(reader.stacks().is_some(), "known before the first record");
    /// let mut records = reader.records();
    /// while let Some(record) = records.next() {
    ///     let record = record.unwrap();
    ///     let call_site = records.stacks().unwrap().call_site(records.last_stack_id());
    ///     let function = call_site.and_then(|frame| frame.function);
    ///     assert_eq!(function, (record.ptr == 0x1000).then_some("app::load"));
    /// }
    /// ```
    pub fn from_seekable(input: R) -> FormatResult<Self> {
        let mut reader = Self::new(input)?;
        reader.prefetch_extensions()?;
        Ok(reader)
    }

    /// Reads a version-2 file's extension segments ahead of its records:
    /// `ENDS`, the last 20 bytes before the footer, gives where they begin;
    /// they are read and checked from there (every rule of FORMAT.md, in
    /// the memory the segments justify), then the input is put back where
    /// the records stream from. Nothing to do for a version-1 file, or
    /// when done already.
    ///
    /// The records' pass reads the segments again where they are, under
    /// the checksum, and fails with [`FormatError::PrefetchMismatch`] if
    /// they differ.
    pub fn prefetch_extensions(&mut self) -> FormatResult<()> {
        if self.header.version < 2 || self.prefetched.is_some() {
            return Ok(());
        }
        let seeking = |e| FormatError::io("seeking in", None, e);
        let input = &mut self.source.input;
        // The source has buffered ahead: the input is where its buffer
        // ends, and must be there again for the records.
        let resume = input.stream_position().map_err(seeking)?;
        let prefetched = prefetch(input, self.header.flags(), self.count);
        input.seek(SeekFrom::Start(resume)).map_err(seeking)?;
        self.prefetched = Some(prefetched?);
        Ok(())
    }
}

/// Reads the extension segments from the end of `input` (see
/// [`BinaryReader::prefetch_extensions`]).
fn prefetch<R: Read + Seek>(input: &mut R, flags: Flags, count: u32) -> FormatResult<Extensions> {
    let seeking = |e| FormatError::io("seeking in", None, e);
    let end = input.seek(SeekFrom::End(0)).map_err(seeking)?;
    let footer = FileLayout::new(flags, 0).trailer_size();
    let ends_len = (SegmentHead::BASIC_SIZE.min + EndBody::BASIC_SIZE.min) as u64;
    let records = RECORDS_OFFSET as u64;
    let ends_at = end
        .checked_sub(footer + ends_len)
        .filter(|&at| at >= records)
        .ok_or(FormatError::MissingEnd {
            offset: end.saturating_sub(footer).max(records),
        })?;
    input.seek(SeekFrom::Start(ends_at)).map_err(seeking)?;
    let mut tail = [0u8; 20];
    if read_up_to(input, &mut tail)? < tail.len() {
        return Err(FormatError::MissingEnd { offset: ends_at });
    }
    let head = segment(
        "ENDS",
        ends_at,
        SegmentHead::decode_slice(&tail, Layout::Basic),
    )?
    .0;
    if head.tag != stacks::END || head.length != 8 {
        return Err(FormatError::MissingEnd { offset: ends_at });
    }
    let first =
        stacks::decode_body::<EndBody>(stacks::END, &tail[12..], ends_at + 12)?.first_segment;
    if first < records || first > ends_at {
        return Err(FormatError::EndOffsetOutOfRange {
            found: first,
            min: records,
            offset: ends_at,
        });
    }
    input.seek(SeekFrom::Start(first)).map_err(seeking)?;
    // Never past `ENDS`: a length that runs on reads no footer.
    let area = ends_at + ends_len - first;
    let mut source = Source::new(input.by_ref().take(area));
    source.base = first;
    let extensions = read_extensions(&mut source, flags, u64::from(count))?;
    if source.offset() != ends_at + ends_len {
        return Err(FormatError::TrailingBytes {
            after: "ENDS segment",
            offset: source.offset(),
            compressed: false,
        });
    }
    Ok(extensions)
}

impl<R: Read> BinaryReader<R> {
    /// Reads and checks everything before the records: magic, version,
    /// flags, stats segment, and the allocation segment's tag and count.
    pub fn new(input: R) -> FormatResult<Self> {
        let mut source = Source::new(input);
        let mut head = [0u8; HEADER.fixed_size];
        let got = read_up_to(&mut source, &mut head)?;
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
        // it defines; a version 2 reader adds an arm here (and to the
        // segment and record reading below, where its layout differs) and
        // keeps the version 1 arm, so old files stay readable. Versions are
        // checked before flags: a newer version may define more bits.
        let known_flags = match Flags::known_in(header.version) {
            Some(known) => known,
            None => {
                let found = header.version;
                return Err(FormatError::UnsupportedVersion {
                    found,
                    supported: VERSION,
                    offset: VERSION_OFFSET as u64,
                });
            }
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
            MemoryStats::read_from(&mut source),
        )?;
        let segment_head = segment(
            ALLOCATIONS.name,
            ALLOCATIONS_OFFSET as u64,
            AllocationSegmentHeader::read_from(&mut source),
        )?;
        Ok(BinaryReader {
            source,
            header,
            stats,
            count: segment_head.count,
            prefetched: None,
        })
    }

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

    /// The call stacks of a version-2 file with [`Flags::STACKS`], when
    /// its extension segments were read ahead of the records (see
    /// [`prefetch_extensions`](Self::prefetch_extensions)); `None`
    /// otherwise. Record `i`'s stack is
    /// [`CallStacks::stack_of_record`]`(i)`.
    pub fn stacks(&self) -> Option<&CallStacks> {
        self.prefetched.as_ref()?.stacks.as_ref()
    }

    /// The thread of each record of a version-2 file with a `tHRD`
    /// segment, when its extension segments were read ahead of the
    /// records; `None` otherwise.
    pub fn threads(&self) -> Option<&Threads> {
        self.prefetched.as_ref()?.threads.as_ref()
    }

    /// The extension segments of a version-2 file, in file order and
    /// `ENDS` last, when they were read ahead of the records; empty
    /// otherwise.
    pub fn extension_segments(&self) -> &[ExtensionSegment] {
        self.prefetched
            .as_ref()
            .map_or(&[], |e| e.segments.as_slice())
    }

    /// Refuses a record count that `file_len` bytes cannot hold (for a plain
    /// file; compressed records can be smaller than their count suggests).
    /// The extension segments, when read ahead, say exactly where the
    /// records end.
    pub fn check_count_fits(&self, file_len: u64) -> FormatResult<()> {
        if self.flags().contains(Flags::COMPRESSED) {
            return Ok(());
        }
        let records_end = match &self.prefetched {
            Some(extensions) => extensions.start,
            None => {
                let trailer = FileLayout::new(self.flags(), 0).trailer_size();
                // At least `ENDS` follows the records of a version-2 file.
                let ends = if self.header.version >= 2 { 20 } else { 0 };
                file_len.saturating_sub(trailer + ends)
            }
        };
        let available = records_end.saturating_sub(RECORDS_OFFSET as u64);
        let needed = u64::from(self.count) * AllocationInfo::encoded_size(self.layout()).min as u64;
        if needed > available {
            return Err(FormatError::CountExceedsInput {
                count: self.count,
                needed,
                available,
                offset: RECORDS_OFFSET as u64,
            });
        }
        Ok(())
    }

    /// The records, in file order. The iterator ends after the last record
    /// once the end of the file has checked out, or with the first error
    /// (which it yields, then stops).
    pub fn records(self) -> Records<R> {
        let flags = self.flags();
        let layout = self.layout();
        Records {
            state: if flags.contains(Flags::COMPRESSED) {
                State::FrameAhead(self.source)
            } else {
                State::Plain(self.source)
            },
            layout,
            flags,
            version: self.header.version,
            count: self.count,
            index: 0,
            offset: RECORDS_OFFSET as u64,
            prefetched: self.prefetched.is_some(),
            extensions: self.prefetched,
            complete: false,
        }
    }
}

/// The records of a [`BinaryReader`], each decoded and checked.
pub struct Records<R: Read> {
    state: State<R>,
    layout: Layout,
    flags: Flags,
    version: u32,
    count: u32,
    index: u32,
    /// Offset of the next record: in the file, or in the decompressed
    /// record bytes.
    offset: u64,
    /// The extension segments of a version-2 file: read ahead of the
    /// records, or once read after them.
    extensions: Option<Extensions>,
    /// Whether `extensions` were read ahead of the records, so those read
    /// after them must be the same.
    prefetched: bool,
    /// Whether the end of the file has checked out.
    complete: bool,
}

/// What the extension segments of a version-2 file hold.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Extensions {
    /// Where the first one begins (or `ENDS`, when there is none).
    start: u64,
    /// Each segment, in file order, `ENDS` last.
    segments: Vec<ExtensionSegment>,
    /// The call stacks, when the STACKS flag is set.
    stacks: Option<CallStacks>,
    /// The thread of each record, when the file has `tHRD`.
    threads: Option<Threads>,
}

/// Where the records come from; each state owns what it reads, so no
/// state can be built without it.
enum State<R: Read> {
    /// Plain records, straight from the file.
    Plain(Source<R>),
    /// Compressed records whose frame is not open yet.
    FrameAhead(Source<R>),
    /// Compressed records, from the open frame.
    #[cfg(feature = "zstd")]
    InFrame(Frame<R>),
    /// After the end of the file checked out, or after an error.
    Done,
}

impl<R: Read> std::fmt::Debug for Records<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("count", &self.count)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "zstd")]
type Frame<R> = io::BufReader<zstd::stream::read::Decoder<'static, Source<R>>>;

impl<R: Read> Records<R> {
    /// The call stacks of a version-2 file with [`Flags::STACKS`]: from the
    /// start when the reader read them ahead of the records (a seekable
    /// input, see [`BinaryReader::prefetch_extensions`]), else once the
    /// iteration has ended without an error (they follow the records in
    /// the file); `None` before, and for files without stacks. Record
    /// `i`'s stack is [`CallStacks::stack_of_record`]`(i)`.
    pub fn stacks(&self) -> Option<&CallStacks> {
        self.extensions.as_ref()?.stacks.as_ref()
    }

    /// The call stacks, taken out once the iteration has ended without an
    /// error; `None` before (the end of the file is checked against
    /// them), and for files without stacks.
    pub fn take_stacks(&mut self) -> Option<CallStacks> {
        if !self.complete {
            return None;
        }
        self.extensions.as_mut()?.stacks.take()
    }

    /// The thread of each record, when the file has a `tHRD` segment:
    /// known when [`stacks`](Self::stacks) would be. Record `i`'s thread
    /// is [`Threads::thread_of_record`]`(i)`.
    pub fn threads(&self) -> Option<&Threads> {
        self.extensions.as_ref()?.threads.as_ref()
    }

    /// The thread of the record yielded last, when known (see
    /// [`last_stack_id`](Self::last_stack_id)).
    pub fn last_thread(&self) -> Option<&crate::Thread> {
        self.threads()?
            .threads
            .get((self.last_thread_entry() as usize).checked_sub(1)?)
    }

    /// Where the record yielded last came from: its stack id
    /// ([`last_stack_id`](Self::last_stack_id)) and its thread entry
    /// ([`last_thread_entry`](Self::last_thread_entry)).
    pub fn last_place(&self) -> RecordPlace {
        RecordPlace {
            stack: self.last_stack_id(),
            thread: self.last_thread_entry(),
        }
    }

    /// The thread of the record yielded last as the file numbers it: its
    /// index in [`Threads::threads`] + 1, 0 when unknown (or not known
    /// yet). One pass over the records can count by it.
    pub fn last_thread_entry(&self) -> u32 {
        match (self.index.checked_sub(1), self.threads()) {
            (Some(last), Some(threads)) => {
                threads.of_records.get(last as usize).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// The threads, taken out once the iteration has ended without an
    /// error, as [`take_stacks`](Self::take_stacks).
    pub fn take_threads(&mut self) -> Option<Threads> {
        if !self.complete {
            return None;
        }
        self.extensions.as_mut()?.threads.take()
    }

    /// The extension segments of a version-2 file, in file order, `ENDS`
    /// last: known from the start, or once the iteration has ended, as
    /// [`stacks`](Self::stacks) are.
    pub fn extension_segments(&self) -> &[ExtensionSegment] {
        self.extensions
            .as_ref()
            .map_or(&[], |e| e.segments.as_slice())
    }

    /// How many records have been yielded.
    pub fn position(&self) -> u32 {
        self.index
    }

    /// The stack id of the record yielded last, as [`stacks`](Self::stacks)
    /// numbers them: 0 when it has none, before the first record, and
    /// while the stacks are not known yet (a stream that cannot seek).
    /// With it, one pass over the records attributes each to its stack.
    pub fn last_stack_id(&self) -> u32 {
        match (self.index.checked_sub(1), self.stacks()) {
            (Some(last), Some(stacks)) => stacks.id_of_record(last as usize),
            _ => 0,
        }
    }

    /// Visits every remaining record without building an owned
    /// [`AllocationInfo`] for it: each comes as an [`AllocationRecord`]
    /// whose names borrow the reader's buffer, decoded where it lies. The
    /// same checks as the iterator, the end of the file included; stops at
    /// the first error and returns it. Afterwards the iteration is over
    /// (and the stacks of a version-2 file are known).
    ///
    /// ```
    /// use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 7);
    /// tracker.record_alloc_at(0x2000, 32, 8);
    /// let mut file = Vec::new();
    /// BinaryExporter::new(BinaryExportConfig::new().include_details(true))
    ///     .export_to_writer(&tracker, &mut file)
    ///     .unwrap();
    ///
    /// let mut records = BinaryReader::new(file.as_slice()).unwrap().records();
    /// let mut bytes = 0;
    /// records.visit(|record| bytes += record.size).unwrap();
    /// assert_eq!(bytes, 96);
    /// ```
    pub fn visit(&mut self, mut each: impl FnMut(AllocationRecord<'_>)) -> FormatResult<()> {
        loop {
            // Every record whole in the buffer, decoded in place.
            let layout = self.layout;
            let left = self.count - self.index;
            let (bytes, records) = match &mut self.state {
                State::Plain(source) => visit_buffered(source, layout, left, &mut each),
                #[cfg(feature = "zstd")]
                State::InFrame(frame) => visit_buffered(frame, layout, left, &mut each),
                _ => (0, 0),
            };
            self.offset += bytes;
            self.index += records;
            // The rest, one record at a time: buffer edges, the frame's
            // start, errors, the end of the file.
            if matches!(self.state, State::Done) {
                return Ok(());
            }
            match self.next_record() {
                Ok(Some(record)) => each(AllocationRecord::from(&record)),
                Ok(None) => {
                    self.state = State::Done;
                    return Ok(());
                }
                Err(e) => {
                    self.state = State::Done;
                    return Err(e);
                }
            }
        }
    }

    fn next_record(&mut self) -> FormatResult<Option<AllocationInfo>> {
        if matches!(self.state, State::FrameAhead(_)) {
            self.start_frame()?;
        }
        if self.index == self.count {
            self.finish()?;
            self.complete = true;
            return Ok(None);
        }
        let index = u64::from(self.index);
        let (record, used) = match &mut self.state {
            State::Plain(source) => {
                next_record(source, self.layout).map_err(|e| FormatError::Record {
                    index,
                    source: e.shifted(self.offset),
                })?
            }
            #[cfg(feature = "zstd")]
            State::InFrame(frame) => next_record(frame, self.layout).map_err(|e| match e {
                CodecError::Io { source, .. } => FormatError::Decompression {
                    offset: RECORDS_OFFSET as u64,
                    reason: source.to_string(),
                },
                e => FormatError::CompressedRecord {
                    index,
                    source: e.shifted(self.offset),
                },
            })?,
            State::FrameAhead(_) | State::Done => return Ok(None),
        };
        self.offset += used as u64;
        self.index += 1;
        Ok(Some(record))
    }

    /// Opens the zstd frame, refusing one that declares more decompressed
    /// bytes than `count` records can occupy, or a window larger than that.
    #[cfg(feature = "zstd")]
    fn start_frame(&mut self) -> FormatResult<()> {
        let State::FrameAhead(mut source) = std::mem::replace(&mut self.state, State::Done) else {
            return Ok(());
        };
        let bad = |reason: String| FormatError::Decompression {
            offset: RECORDS_OFFSET as u64,
            reason,
        };
        let size = AllocationInfo::encoded_size(self.layout);
        let most = u64::from(self.count).saturating_mul(size.max.unwrap_or(usize::MAX) as u64);
        let head = source.fill_buf().map_err(|e| bad(e.to_string()))?;
        if let Ok(Some(declared)) = zstd::zstd_safe::get_frame_content_size(head)
            && declared > most
        {
            return Err(bad(format!(
                "the frame declares {declared} bytes, but {} records occupy at most {most}",
                self.count
            )));
        }
        let mut decoder = zstd::stream::read::Decoder::with_buffer(source)
            .map_err(|e| bad(e.to_string()))?
            .single_frame();
        // The decoder's window is its one large allocation: no larger than
        // the records can justify (2^10 is zstd's smallest window).
        let window_log = most
            .max(1)
            .checked_next_power_of_two()
            .map_or(64, u64::trailing_zeros)
            .clamp(10, 27);
        decoder
            .window_log_max(window_log)
            .map_err(|e| bad(e.to_string()))?;
        self.state = State::InFrame(io::BufReader::with_capacity(BUFFER, decoder));
        self.offset = 0;
        Ok(())
    }

    /// Without the `zstd` feature, compressed records cannot be read.
    #[cfg(not(feature = "zstd"))]
    fn start_frame(&mut self) -> FormatResult<()> {
        self.state = State::Done;
        Err(FormatError::CompressionUnsupported {
            offset: RECORDS_OFFSET as u64,
        })
    }

    /// After the last record: nothing more in the frame, then the footer if
    /// the flag says so, then the end of the file.
    fn finish(&mut self) -> FormatResult<()> {
        let mut source = match std::mem::replace(&mut self.state, State::Done) {
            State::Plain(source) => source,
            #[cfg(feature = "zstd")]
            State::InFrame(mut frame) => {
                let mut probe = [0u8; 1];
                let extra = read_up_to(&mut frame, &mut probe).map_err(|e| match e {
                    FormatError::Io { source, .. } => FormatError::Decompression {
                        offset: RECORDS_OFFSET as u64,
                        reason: source.to_string(),
                    },
                    e => e,
                })?;
                if extra > 0 {
                    return Err(FormatError::TrailingBytes {
                        after: "last record",
                        offset: self.offset,
                        compressed: true,
                    });
                }
                frame.into_inner().finish()
            }
            State::FrameAhead(_) | State::Done => return Ok(()),
        };
        if self.version >= 2 {
            let read = read_extensions(&mut source, self.flags, u64::from(self.count))?;
            match &self.extensions {
                Some(ahead) if self.prefetched && *ahead != read => {
                    return Err(FormatError::PrefetchMismatch { offset: read.start });
                }
                // The same as read ahead: keep those, which may be lent out.
                Some(_) if self.prefetched => {}
                _ => self.extensions = Some(read),
            }
        }
        let records_end = source.offset();
        if self.flags.contains(Flags::CHECKSUM) {
            let computed = source.crc();
            let mut footer = [0u8; FOOTER.fixed_size];
            let got = read_up_to(&mut source, &mut footer)?;
            if got == 0 {
                return Err(FormatError::MissingFooter {
                    offset: records_end,
                });
            }
            let footer = segment(
                FOOTER.name,
                records_end,
                Footer::decode_slice(&footer[..got], Layout::Basic),
            )?
            .0;
            if footer.crc32 != computed {
                return Err(FormatError::ChecksumMismatch {
                    expected: footer.crc32,
                    found: computed,
                    offset: records_end + 4,
                });
            }
        }
        let end = source.offset();
        let mut probe = [0u8; 1];
        if read_up_to(&mut source, &mut probe)? > 0 {
            return Err(FormatError::TrailingBytes {
                after: if self.flags.contains(Flags::CHECKSUM) {
                    "footer"
                } else {
                    "last record"
                },
                offset: end,
                compressed: false,
            });
        }
        Ok(())
    }
}

impl<R: Read> Iterator for Records<R> {
    type Item = FormatResult<AllocationInfo>;

    fn next(&mut self) -> Option<Self::Item> {
        // The common case, kept short: a plain record whole in the buffer.
        if let State::Plain(source) = &mut self.state
            && self.index < self.count
            && let Ok(buffered) = source.fill_buf()
            && let Ok((record, used)) = AllocationInfo::decode_slice(buffered, self.layout)
        {
            source.consume(used);
            self.offset += used as u64;
            self.index += 1;
            return Some(Ok(record));
        }
        // Everything else: buffer edges, frames, errors, the end.
        if matches!(self.state, State::Done) {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => {
                self.state = State::Done;
                None
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.count - self.index) as usize;
        // An error may end the iteration early, or add one item.
        (0, Some(left + 1))
    }
}

/// Decodes, borrowed, the records that lie whole in `input`'s buffer, at
/// most `left` of them, and hands each to `each`; returns the bytes and
/// records consumed. The first record that does not decode (cut by the
/// buffer's end, or malformed) is left for the slow path, which reads
/// across the edge or reports the error where it is.
fn visit_buffered<B: BufRead>(
    input: &mut B,
    layout: Layout,
    left: u32,
    each: &mut impl FnMut(AllocationRecord<'_>),
) -> (u64, u32) {
    let Ok(buffered) = input.fill_buf() else {
        return (0, 0);
    };
    let mut at = 0;
    let mut records = 0;
    while records < left {
        match AllocationRecord::decode_borrowed(&buffered[at..], layout) {
            Ok((record, used)) => {
                each(record);
                at += used;
                records += 1;
            }
            Err(_) => break,
        }
    }
    input.consume(at);
    (at as u64, records)
}

/// The most bytes one extension segment's content may have: the reader's
/// allocation budget per segment (FORMAT.md, "Version 2").
pub const MAX_SEGMENT: u64 = 1 << 30;

/// Reads the extension segments of a version-2 file, up to and including
/// `ENDS`, checking every rule of FORMAT.md's "Version 2"; returns where
/// they are and the call stacks when the file has them.
fn read_extensions<R: Read>(
    source: &mut Source<R>,
    flags: Flags,
    records: u64,
) -> FormatResult<Extensions> {
    let first = source.offset();
    let mut stacks = CallStacks::default();
    let mut threads = None;
    let mut segments = Vec::new();
    // Where each tag's body begins: a tag twice is an error, however many
    // distinct (ancillary) tags a file holds.
    let mut seen: HashMap<[u8; 4], u64> = HashMap::new();
    loop {
        let at = source.offset();
        let mut head = [0u8; 12];
        let got = read_up_to(source, &mut head)?;
        if got == 0 {
            return Err(FormatError::MissingEnd { offset: at });
        }
        let head = segment(
            "extension segment head",
            at,
            SegmentHead::decode_slice(&head[..got], Layout::Basic),
        )?
        .0;
        let tag = head.tag;
        let body_at = at + 12;
        if seen.contains_key(&tag) {
            return Err(FormatError::DuplicateSegment {
                tag: Tag(tag),
                offset: at,
            });
        }
        segments.push(ExtensionSegment {
            tag: Tag(tag),
            offset: at,
            length: head.length,
        });
        if tag == stacks::END {
            let mut body = [0u8; 8];
            let got = read_up_to(source, &mut body)?;
            if head.length != 8 || got < 8 {
                return Err(FormatError::SegmentCut {
                    tag: Tag(tag),
                    length: head.length,
                    available: got as u64,
                    offset: body_at,
                });
            }
            let end = stacks::decode_body::<EndBody>(tag, &body, body_at)?;
            if end.first_segment != first {
                return Err(FormatError::EndOffsetMismatch {
                    found: end.first_segment,
                    expected: first,
                    offset: at,
                });
            }
            break;
        }
        seen.insert(tag, body_at);
        if !stacks::is_known(tag) {
            if stacks::is_critical(tag) {
                return Err(FormatError::UnknownCriticalSegment {
                    tag: Tag(tag),
                    offset: at,
                });
            }
            let skipped = io::copy(&mut source.by_ref().take(head.length), &mut io::sink())
                .map_err(|e| FormatError::io("reading", None, e))?;
            if skipped < head.length {
                return Err(FormatError::SegmentCut {
                    tag: Tag(tag),
                    length: head.length,
                    available: skipped,
                    offset: body_at,
                });
            }
            continue;
        }
        if head.length > MAX_SEGMENT + 8 {
            return Err(FormatError::SegmentTooLong {
                tag: Tag(tag),
                length: head.length,
                limit: MAX_SEGMENT + 8,
                offset: at,
            });
        }
        // Grown as bytes arrive: a length that lies costs no more memory
        // than the bytes that are there.
        let mut body = Vec::new();
        source
            .by_ref()
            .take(head.length)
            .read_to_end(&mut body)
            .map_err(|e| FormatError::io("reading", None, e))?;
        if (body.len() as u64) < head.length {
            return Err(FormatError::SegmentCut {
                tag: Tag(tag),
                length: head.length,
                available: body.len() as u64,
                offset: body_at,
            });
        }
        let (content, content_at) = if flags.contains(Flags::COMPRESSED) {
            // Offsets in a decompressed body count from its start.
            (decompress_body(tag, &body, body_at)?, 0)
        } else {
            (body, body_at)
        };
        if tag == THREADS {
            threads = Some(stacks::decode_body::<Threads>(tag, &content, content_at)?);
        } else {
            stacks::apply_body(&mut stacks, tag, &content, content_at)?;
        }
    }
    let has = |tag| seen.contains_key(&tag);
    let required = [stacks::STRINGS, stacks::FRAMES, stacks::STACKS, stacks::IDS];
    if flags.contains(Flags::STACKS) {
        if let Some(&tag) = required.iter().find(|&&tag| !has(tag)) {
            return Err(FormatError::StacksFlagMismatch {
                flag_set: true,
                tag: Tag(tag),
            });
        }
    } else if let Some(&tag) = required
        .iter()
        .chain(&[stacks::MODULES])
        .find(|&&tag| has(tag))
    {
        return Err(FormatError::StacksFlagMismatch {
            flag_set: false,
            tag: Tag(tag),
        });
    }
    let stacks = if flags.contains(Flags::STACKS) {
        stacks.check(records, |tag| seen.get(&tag).copied().unwrap_or(0))?;
        Some(stacks)
    } else {
        None
    };
    if let Some(threads) = &threads {
        threads.check(records, seen.get(&THREADS).copied().unwrap_or(0))?;
    }
    Ok(Extensions {
        start: first,
        segments,
        stacks,
        threads,
    })
}

/// The content of a compressed segment body: a u64 content length, then
/// one zstd frame of exactly that many bytes.
#[cfg(feature = "zstd")]
fn decompress_body(tag: [u8; 4], body: &[u8], body_at: u64) -> FormatResult<Vec<u8>> {
    let bad = |reason: String| FormatError::SegmentDecompression {
        tag: Tag(tag),
        offset: body_at,
        reason,
    };
    let (length, frame) = body
        .split_first_chunk::<8>()
        .ok_or_else(|| bad("shorter than its 8-byte content length".into()))?;
    let length = u64::from_le_bytes(*length);
    if length > MAX_SEGMENT {
        return Err(FormatError::SegmentTooLong {
            tag: Tag(tag),
            length,
            limit: MAX_SEGMENT,
            offset: body_at,
        });
    }
    let mut decoder = zstd::stream::read::Decoder::new(frame)
        .map_err(|e| bad(e.to_string()))?
        .single_frame();
    decoder.window_log_max(30).map_err(|e| bad(e.to_string()))?;
    let mut content = Vec::new();
    decoder
        .take(length + 1)
        .read_to_end(&mut content)
        .map_err(|e| bad(e.to_string()))?;
    if content.len() as u64 != length {
        return Err(bad(format!(
            "the frame holds {} bytes, the content length says {length}",
            content.len()
        )));
    }
    Ok(content)
}

/// Without the `zstd` feature, compressed segments cannot be read.
#[cfg(not(feature = "zstd"))]
fn decompress_body(_tag: [u8; 4], _body: &[u8], body_at: u64) -> FormatResult<Vec<u8>> {
    Err(FormatError::CompressionUnsupported { offset: body_at })
}

/// Decodes one record from `input`, from its buffer when the record fits
/// there (no copy), or reading across the buffer's end when it does not.
fn next_record<B: BufRead>(
    input: &mut B,
    layout: Layout,
) -> Result<(AllocationInfo, usize), CodecError> {
    let buffered = input.fill_buf().map_err(|e| CodecError::io(0, e))?;
    match AllocationInfo::decode_slice(buffered, layout) {
        Ok((record, used)) => {
            input.consume(used);
            Ok((record, used))
        }
        // Cut by the buffer's end (or the input's): decode as a stream,
        // which reads on and reports a real end precisely.
        Err(CodecError::UnexpectedEnd { .. }) => {
            let record = AllocationInfo::read_with(input, layout)?;
            let used = record.encoded_len(layout);
            Ok((record, used))
        }
        Err(e) => Err(e),
    }
}

/// The file as read so far: a buffered reader that checksums and counts
/// the bytes it hands out (not the bytes it buffers), so the CRC covers
/// exactly what came before the footer. Consumed bytes are hashed in bulk,
/// just before the buffer is refilled, where the CRC's wide path applies:
/// hashing each 24-byte record as it goes costs more than decoding it.
struct Source<R> {
    input: R,
    buf: Box<[u8]>,
    /// Next byte to hand out.
    pos: usize,
    /// End of the valid bytes in `buf`.
    filled: usize,
    /// `buf[..hashed]` is in `crc` already; `buf[hashed..pos]` is not yet.
    hashed: usize,
    crc: crc32fast::Hasher,
    /// File offset of `buf[0]`.
    base: u64,
}

impl<R> std::fmt::Debug for Source<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("offset", &(self.base + self.pos as u64))
            .finish_non_exhaustive()
    }
}

impl<R: Read> Source<R> {
    fn new(input: R) -> Self {
        Source {
            input,
            buf: vec![0; BUFFER].into_boxed_slice(),
            pos: 0,
            filled: 0,
            hashed: 0,
            crc: crc32fast::Hasher::new(),
            base: 0,
        }
    }

    /// File offset of the next byte handed out.
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The CRC-32 of every byte handed out so far.
    fn crc(&mut self) -> u32 {
        self.hash_consumed();
        self.crc.clone().finalize()
    }

    fn hash_consumed(&mut self) {
        self.crc.update(&self.buf[self.hashed..self.pos]);
        self.hashed = self.pos;
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled {
            return self.refill();
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.filled);
    }
}

impl<R: Read> Source<R> {
    /// Hashes what was handed out, then refills the buffer from the start.
    #[cold]
    fn refill(&mut self) -> io::Result<&[u8]> {
        self.hash_consumed();
        self.base += self.pos as u64;
        (self.pos, self.filled, self.hashed) = (0, 0, 0);
        self.filled = loop {
            match self.input.read(&mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        Ok(&self.buf[..self.filled])
    }
}

/// Fills as much of `buf` as the input has; returns how much that was.
fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> FormatResult<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FormatError::io("reading", None, e)),
        }
    }
    Ok(filled)
}

/// A segment's codec error, placed at the segment's offset in the file.
fn segment<T>(
    segment: &'static str,
    offset: u64,
    result: Result<T, CodecError>,
) -> FormatResult<T> {
    result.map_err(|source| match source {
        CodecError::Io { source, .. } => FormatError::io("reading", None, source),
        source => FormatError::Segment {
            segment,
            source: source.shifted(offset),
        },
    })
}

/// Where a record came from, as far as the file says while it streams
/// ([`Records::last_place`]): numbers a pass over the records can count by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordPlace {
    /// Its call stack's id (0: none, or not known yet).
    pub stack: u32,
    /// Its thread: an index into the file's threads + 1 (0: unknown, or
    /// not known yet).
    pub thread: u32,
}

/// A whole file, read at once by [`read_file`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryFile {
    /// The header.
    pub header: FileHeader,
    /// The stats segment.
    pub stats: MemoryStats,
    /// Every allocation record, in file order.
    pub records: Vec<AllocationInfo>,
    /// The call stacks of a version-2 file; record `i`'s is
    /// `stacks.stack_of_record(i)`.
    pub stacks: Option<CallStacks>,
    /// The thread of each record, when the file has them; record `i`'s
    /// is `threads.thread_of_record(i)`.
    pub threads: Option<Threads>,
}

/// Reads and checks a whole file.
///
/// ```
/// use memscope_export::{TrackerBinaryExport, read_file};
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc(0x1000, 64);
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("snapshot.bin");
/// tracker.export_to_binary(&path).unwrap();
///
/// let file = read_file(&path).unwrap();
/// assert_eq!(file.records.len(), 1);
/// assert_eq!(file.stats.active_memory, 64);
/// ```
pub fn read_file(path: impl AsRef<Path>) -> FormatResult<BinaryFile> {
    let path = path.as_ref();
    let reader = BinaryReader::open(path)?;
    let header = *reader.header();
    let stats = *reader.stats();
    let mut iter = reader.records();
    let records = iter
        .by_ref()
        .collect::<FormatResult<Vec<_>>>()
        .map_err(|e| e.in_file(path))?;
    Ok(BinaryFile {
        header,
        stats,
        records,
        stacks: iter.take_stacks(),
        threads: iter.take_threads(),
    })
}

/// Writes the JSON document the JSON export writes for the same data (the
/// fields the binary carries), streaming: memory does not grow with the
/// number of records. `out` is buffered here (pass it unbuffered) and
/// flushed at the end. Returns the number of records converted.
///
/// A file with call stacks becomes a version-2 document, each allocation
/// with its stack id (see [`JsonDocumentWriter`]). Those ids are written
/// with the records, so the stacks must be known before the records: the
/// reader must have read them ahead, as [`BinaryReader::open`] and
/// [`from_seekable`](BinaryReader::from_seekable) do. From a reader of a
/// stream that cannot seek, such a file is refused before anything is
/// written ([`FormatError::StacksAfterRecords`]): the alternative, holding
/// every record until the stacks arrive at the end, would cost memory in
/// proportion to the file, which this converter exists not to.
///
/// A damaged or unreadable input is a [`TrackingError::Input`](crate::TrackingError::Input);
/// a failed write, a [`TrackingError::Io`](crate::TrackingError::Io).
pub fn convert_to_json<R: Read, W: Write>(reader: BinaryReader<R>, out: W) -> TrackingResult<u64> {
    let with_stacks = reader.flags().contains(Flags::STACKS);
    if with_stacks && reader.stacks().is_none() {
        return Err(FormatError::StacksAfterRecords {
            offset: FLAGS_OFFSET as u64,
        }
        .into());
    }
    let out = io::BufWriter::with_capacity(BUFFER, out);
    let (timestamp, stats) = (reader.header().timestamp, reader.stats());
    // Threads go with the stacks, as the JSON export writes them; they
    // must be known before the records (a seekable input reads them
    // first), else the document has none.
    let with_threads = with_stacks && reader.threads().is_some();
    let mut json = if with_threads {
        JsonDocumentWriter::begin_with_stacks_and_threads(out, timestamp, stats)?
    } else if with_stacks {
        JsonDocumentWriter::begin_with_stacks(out, timestamp, stats)?
    } else {
        JsonDocumentWriter::begin(out, timestamp, stats)?
    };
    let mut records = reader.records();
    while let Some(record) = records.next() {
        let record = record?;
        let thread = records
            .last_thread()
            .filter(|_| with_threads)
            .map(|thread| thread.id);
        json.record_in_thread(&RecordView::from(&record), records.last_stack_id(), thread)?;
    }
    let converted = json.records_written();
    match (records.stacks(), records.threads()) {
        (Some(stacks), Some(threads)) if with_threads => {
            json.finish_with_threads(stacks, threads)?
        }
        (Some(stacks), _) if with_stacks => json.finish_with_stacks(stacks)?,
        _ => json.finish()?,
    };
    Ok(converted)
}
