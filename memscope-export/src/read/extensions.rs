//! The extension segments of a version-2 file (FORMAT.md, "Extension
//! segments"): found from `ENDS` at the end of the file and read ahead
//! of the records ([`prefetch`]), every rule of FORMAT.md's "Version 2"
//! checked, what they hold coming out as the model: the tables, and the
//! stack and thread of each record. After the records, the same bytes
//! are read again where they are, under the checksum, and compared with
//! what was read ahead by their length and CRC-32 ([`check_again`]), not
//! decoded a second time.
//!
//! What a segment may cost is bounded by the rest of the file (FORMAT.md,
//! "Rules for readers, version 2"): the per-record ids by the record
//! count, 4 bytes a record, checked here and either kept (decoded
//! straight into their vectors) or read again beside the records
//! (`read::beside`), whichever holds less; a table by its stored bytes
//! ([`TABLE_RATIO`], [`TABLE_FLOOR`]) and by [`MAX_SEGMENT`]. All of it
//! is charged to the file's memory budget (`read::budget`).

use std::collections::HashMap;
use std::io::{self, BufRead, Read, Seek, SeekFrom};

use memscope_binary::{BinaryRecord, Layout};

#[cfg(feature = "zstd")]
use crate::error::FramePart;
use crate::error::{FormatError, FormatResult, Tag};
use crate::format::{FLAGS_OFFSET, FileLayout, Flags, RECORDS_OFFSET};
use crate::model::history::{History, RunTimeline, SiteTotals};
use crate::model::ids::{StackId, ThreadIndex};
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;
use crate::read::beside::{EntriesAt, PerRecord, Stored};
use crate::read::budget::{Budget, cost, table_cost};
#[cfg(feature = "zstd")]
use crate::read::frame::{self, FrameHead};
use crate::read::records_fit;
use crate::read::source::{Source, read_up_to, segment};
use crate::wire::content::Content;
use crate::wire::stacks::{IdsRead, StackSegments, check_ids, read_ids};
use crate::wire::{self, EndBody, Held, SegmentHead};

/// One extension segment of a version-2 file, where the reader met it.
///
/// ```
/// use memscope_export::{ExtensionSegment, Tag};
///
/// let segment = ExtensionSegment { tag: Tag(*b"sFRM"), offset: 300, length: 52 };
/// assert_eq!(segment.end(), 364);
/// assert_eq!(segment.meaning(), "call stacks: frames");
/// assert!(!segment.is_critical());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionSegment {
    /// Its tag.
    pub tag: Tag,
    /// Where it begins (its tag), from the start of the file.
    pub offset: u64,
    /// The length of its body as stored (compressed, in a compressed
    /// file), without the 12 bytes of tag and length.
    pub length: u64,
}

impl ExtensionSegment {
    /// The offset just past its body.
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(12).saturating_add(self.length)
    }

    /// Whether a reader that does not know it must refuse the file (the
    /// tag's first letter is upper case).
    pub fn is_critical(&self) -> bool {
        wire::is_critical(self.tag.0)
    }

    /// What it holds, in words.
    pub fn meaning(&self) -> &'static str {
        wire::meaning(self.tag.0)
    }
}

/// What the extension segments of a version-2 file hold (nothing, for a
/// version-1 file).
#[derive(Debug, Default)]
pub(crate) struct Extensions {
    /// Where the first one begins (or `ENDS`, when there is none).
    pub(crate) start: u64,
    /// Each segment, in file order, `ENDS` last.
    pub(crate) segments: Vec<ExtensionSegment>,
    /// The call stacks, when the STACKS flag is set.
    pub(crate) stacks: Option<CallStacks>,
    /// The stack of each record, when there are stacks: kept, or where
    /// to read it beside the records.
    pub(crate) stack_of: PerRecord<StackId>,
    /// The threads, when the file has `tHRD`.
    pub(crate) threads: Option<Threads>,
    /// The thread of each record, when there are threads: kept, or where
    /// to read it beside the records.
    pub(crate) thread_of: PerRecord<ThreadIndex>,
    /// When the file has `SMPL`: the sampling mean in force at export.
    pub(crate) sample_mean: Option<u64>,
    /// The mean each record was sampled at, when the file has `SMPL`.
    pub(crate) mean_of: Vec<u64>,
    /// The call sites' totals (`sITE`) and the timeline (`tIME`).
    pub(crate) history: History,
    /// The bytes of the segments, from `start` to the end of `ENDS`, as
    /// they were read ahead: what [`check_again`] compares the file with
    /// after the records.
    pub(crate) area: AreaSum,
}

/// The length and CRC-32 of a run of bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct AreaSum {
    pub(crate) len: u64,
    pub(crate) crc: u32,
}

/// Reads the extension segments of a version-2 file of `count` records
/// from the end of `input`: `ENDS`, the last 20 bytes before the footer,
/// gives where they begin (and so, in a plain file, where the records end,
/// which must hold `count` records); they are read and checked from
/// there, in the memory the rest of the file justifies, each charged to
/// `memory`. Leaves `input` wherever it stopped.
pub(crate) fn prefetch<R: Read + Seek>(
    input: &mut R,
    flags: Flags,
    count: u32,
    memory: &mut Budget,
) -> FormatResult<Extensions> {
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
    if head.tag != wire::END {
        return Err(FormatError::MissingEnd { offset: ends_at });
    }
    if head.length != 8 {
        return Err(FormatError::EndLength {
            found: head.length,
            offset: ends_at,
        });
    }
    let first = wire::decode_body::<EndBody>(wire::END, &tail[12..], ends_at + 12)?.first_segment;
    if first < records || first > ends_at {
        return Err(FormatError::EndOffsetOutOfRange {
            found: first,
            min: records,
            offset: ends_at,
        });
    }
    // The records end where the segments begin: a count they cannot
    // hold is refused before the per-record segments are read for it.
    records_fit(flags, count, first)?;
    input.seek(SeekFrom::Start(first)).map_err(seeking)?;
    // Never past `ENDS`: a length that runs on reads no footer.
    let area = ends_at + ends_len - first;
    let mut source = Source::new(input.by_ref().take(area));
    source.base = first;
    let mut extensions = read_extensions(&mut source, flags, u64::from(count), ends_at, memory)?;
    if source.offset() != ends_at + ends_len {
        return Err(FormatError::TrailingBytes {
            after: "ENDS segment",
            offset: source.offset(),
            compressed: false,
        });
    }
    extensions.area = AreaSum {
        len: area,
        crc: source.crc(),
    };
    Ok(extensions)
}

/// After the records, where `source` now is: checks that the extension
/// segments begin there and are, byte for byte, those read ahead
/// (`tables`), by their length and CRC-32, without decoding them again or
/// holding a second copy. The bytes pass through `source`, so the
/// footer's checksum covers them.
pub(crate) fn check_again<R: Read>(
    source: &mut Source<R>,
    tables: &Extensions,
) -> FormatResult<()> {
    let at = source.offset();
    if at != tables.start {
        return Err(FormatError::EndOffsetMismatch {
            found: tables.start,
            expected: at,
            offset: tables.segments.last().map_or(at, |end| end.offset),
        });
    }
    let mut crc = crc32fast::Hasher::new();
    let mut left = tables.area.len;
    while left > 0 {
        let buffered = source
            .fill_buf()
            .map_err(|e| FormatError::io("reading", None, e))?;
        if buffered.is_empty() {
            break;
        }
        let n = buffered
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        crc.update(&buffered[..n]);
        source.consume(n);
        left -= n as u64;
    }
    if left > 0 || crc.finalize() != tables.area.crc {
        return Err(FormatError::PrefetchMismatch {
            offset: tables.start,
        });
    }
    Ok(())
}

/// The most bytes the content of one table segment (`sSTR`, `sFRM`,
/// `sSTK`, `sMOD`, the thread table of `tHRD`) may have, whatever the
/// file: the reader's allocation ceiling per table (FORMAT.md, "Rules for
/// readers, version 2"). The per-record ids of `sIDS` and `tHRD` are
/// bounded by the record count instead, 4 bytes a record.
pub const MAX_SEGMENT: u64 = 1 << 30;

/// How many times its stored bytes the content of a compressed table
/// segment may inflate to, beyond [`TABLE_FLOOR`] (FORMAT.md, "Rules for
/// readers, version 2"). Tables compress 5 to 25 times (measured on a
/// 14.8-million-record file at zstd levels 1 to 19); zstd itself reaches
/// 32,768.
pub(crate) const TABLE_RATIO: u64 = 256;

/// The content every compressed table segment may have, however few
/// bytes it is stored in: small tables compress unpredictably well.
pub(crate) const TABLE_FLOOR: u64 = 1 << 20;

/// The window every compressed segment's frame may use, whatever its
/// content length: 8 MiB, the largest zstd uses at levels 1 to 19
/// (FORMAT.md, "Rules for readers, version 2").
#[cfg(feature = "zstd")]
const WINDOW_LOG_FLOOR: u32 = 23;

/// The most bytes the content of a table segment stored in `stored` bytes
/// may have: all of them when plain, [`TABLE_RATIO`] times them (at least
/// [`TABLE_FLOOR`]) when compressed, never more than [`MAX_SEGMENT`].
fn table_budget(stored: u64, compressed: bool) -> u64 {
    let budget = if compressed {
        stored.saturating_mul(TABLE_RATIO).max(TABLE_FLOOR)
    } else {
        stored
    };
    budget.min(MAX_SEGMENT)
}

/// Reads the extension segments of a version-2 file of `records`
/// records, up to and including `ENDS`, which is at `ends_at`, checking
/// every rule of FORMAT.md's "Version 2" and charging what they make the
/// reader hold to `memory`; returns where they are and what they hold.
fn read_extensions<R: Read>(
    source: &mut Source<R>,
    flags: Flags,
    records: u64,
    ends_at: u64,
    memory: &mut Budget,
) -> FormatResult<Extensions> {
    let first = source.offset();
    let mut parts = Parts::default();
    let mut segments = Vec::new();
    // Where each known tag's body begins: a known tag twice is an error;
    // unknown ancillary ones may repeat.
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
        memory.charge(cost::SEGMENT, "the list of extension segments", at)?;
        if !wire::is_valid_tag(tag) {
            return Err(FormatError::InvalidTag {
                tag: Tag(tag),
                offset: at,
            });
        }
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
        if tag == wire::END {
            if head.length != 8 {
                return Err(FormatError::EndLength {
                    found: head.length,
                    offset: at,
                });
            }
            let mut body = [0u8; 8];
            let got = read_up_to(source, &mut body)?;
            if got < 8 {
                return Err(FormatError::SegmentCut {
                    tag: Tag(tag),
                    length: head.length,
                    available: got as u64,
                    offset: body_at,
                });
            }
            let end = wire::decode_body::<EndBody>(tag, &body, body_at)?;
            if end.first_segment != first {
                return Err(FormatError::EndOffsetMismatch {
                    found: end.first_segment,
                    expected: first,
                    offset: at,
                });
            }
            break;
        }
        if wire::is_known(tag) {
            seen.insert(tag, body_at);
        }
        // The stack segments, `sMOD` included, belong to STACKS.
        if wire::is_stack_segment(tag) && !flags.contains(Flags::STACKS) {
            return Err(FormatError::StacksFlagMismatch {
                flag_set: false,
                tag: Tag(tag),
                offset: at,
            });
        }
        // Every body ends before `ENDS`, whose place the end of the file
        // gives: no length can ask for more than the bytes up to it.
        let room = ends_at.saturating_sub(body_at);
        if head.length > room {
            return Err(FormatError::SegmentTooLong {
                tag: Tag(tag),
                length: head.length,
                limit: room,
                offset: at,
            });
        }
        if !wire::is_known(tag) {
            if wire::is_critical(tag) {
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
        let stored = source.by_ref().take(head.length);
        if flags.contains(Flags::COMPRESSED) {
            read_compressed(stored, tag, body_at, records, &mut parts, memory)?;
        } else {
            let limit = table_budget(head.length, false);
            if wire::is_table(tag) && head.length > limit {
                return Err(FormatError::SegmentTooLong {
                    tag: Tag(tag),
                    length: head.length,
                    limit,
                    offset: at,
                });
            }
            let mut content = Content::plain(stored, tag, head.length, body_at);
            parts.read(&mut content, records, limit, memory, Storage::Plain)?;
            content.end()?;
        }
    }
    let required = [wire::STRINGS, wire::FRAMES, wire::STACKS, wire::IDS];
    if flags.contains(Flags::STACKS)
        && let Some(&tag) = required.iter().find(|&&tag| !seen.contains_key(&tag))
    {
        return Err(FormatError::StacksFlagMismatch {
            flag_set: true,
            tag: Tag(tag),
            offset: FLAGS_OFFSET as u64,
        });
    }
    let (stacks, stack_of) = match parts.ids {
        Some((ids, stack_of)) if flags.contains(Flags::STACKS) => {
            let at = |tag| seen.get(&tag).copied().unwrap_or(0);
            let tables = parts.stacks.into_model(at)?;
            check_ids(ids.largest, tables.stacks.len(), at(wire::IDS))?;
            (Some(tables), stack_of)
        }
        _ => (None, PerRecord::None),
    };
    let (threads, thread_of) = match parts.threads {
        Some((table, of_records)) => (Some(table), of_records),
        None => (None, PerRecord::None),
    };
    let (sample_mean, mean_of) = match parts.sampling {
        Some((mean, of_records)) => (Some(mean), of_records),
        None => (None, Vec::new()),
    };
    if let Some((sites, first_row)) = &parts.sites {
        let row_at = |row: usize| first_row + wire::history::SITE_ROW * row as u64;
        wire::history::check_site_stacks(sites, stacks.as_ref().map(|s| s.stacks.len()), row_at)?;
    }
    let history = History {
        sites: parts.sites.map(|(sites, _)| sites),
        timeline: parts.timeline,
    };
    Ok(Extensions {
        start: first,
        segments,
        stacks,
        stack_of,
        threads,
        thread_of,
        sample_mean,
        mean_of,
        history,
        area: AreaSum::default(),
    })
}

/// What the known segments read so far hold.
#[derive(Default)]
struct Parts {
    stacks: StackSegments,
    /// What `sIDS` held, and the stack of each record.
    ids: Option<(IdsRead, PerRecord<StackId>)>,
    threads: Option<(Threads, PerRecord<ThreadIndex>)>,
    /// What `SMPL` held: the file's mean and each record's (kept: a
    /// sampled file holds few records).
    sampling: Option<(u64, Vec<u64>)>,
    /// What `sITE` held, and where its first row is (for errors found
    /// once the stack table is known).
    sites: Option<(Vec<SiteTotals>, u64)>,
    /// What `tIME` held.
    timeline: Option<RunTimeline>,
}

/// How a segment's content is stored, for reading its per-record entries
/// again beside the records.
#[derive(Debug, Clone, Copy)]
enum Storage {
    /// The body is the content.
    Plain,
    /// The content is inflated from the frame at `frame_at`, whose window
    /// is `window` bytes (allowed up to `2^window_log`).
    #[cfg_attr(not(feature = "zstd"), allow(dead_code))]
    Compressed {
        frame_at: u64,
        window: u64,
        window_log: u32,
    },
}

/// Below this, the per-record entries of a plain segment are kept: a
/// stream beside the records would buffer as much.
const KEEP_PLAIN: u64 = 64 << 10;

/// What a zstd decoder holds besides its window: its blocks.
const DECODER: u64 = 256 << 10;

impl Storage {
    /// Whether `count` per-record entries stored so are kept rather than
    /// read again beside the records: when reading them beside would hold
    /// about as much (a small segment, a frame whose window is as large as
    /// its content).
    fn keeps(self, count: u64) -> bool {
        let kept = count.saturating_mul(4);
        match self {
            Storage::Plain => kept <= KEEP_PLAIN,
            Storage::Compressed { window, .. } => window.saturating_add(DECODER) >= kept,
        }
    }

    /// Where the entries whose first is at `first` in the content (whose
    /// body is at `body_at`) are.
    fn entries_at(self, body_at: u64, first: u64) -> EntriesAt {
        let stored = match self {
            Storage::Plain => Stored::Plain {
                first: body_at + first,
            },
            Storage::Compressed {
                frame_at,
                window_log,
                ..
            } => Stored::Compressed {
                frame_at,
                first,
                window_log,
            },
        };
        EntriesAt { body_at, stored }
    }
}

/// The per-record entries read: kept, or where they are.
fn per_record<T>(kept: Option<Vec<Option<T>>>, at: EntriesAt) -> PerRecord<T> {
    match kept {
        Some(entries) => PerRecord::Kept(entries),
        None => PerRecord::Beside(at),
    }
}

impl Parts {
    /// Reads the content of a known segment, stored as `storage`, a
    /// table no larger than `table_limit`: a table whole, then decoded;
    /// the per-record ids in order, straight into their vectors or, when
    /// reading them again beside the records holds less, checked and
    /// dropped. What each holds is charged to `memory` first (FORMAT.md,
    /// "Memory budget").
    fn read<I: Read>(
        &mut self,
        content: &mut Content<I>,
        records: u64,
        table_limit: u64,
        memory: &mut Budget,
        storage: Storage,
    ) -> FormatResult<()> {
        let at = content.body_at();
        let keep = storage.keeps(records);
        match content.tag() {
            wire::IDS => {
                let mut ids = read_ids(content, Some(records), memory, keep)?;
                let where_ = storage.entries_at(at, ids.first);
                let kept = per_record(ids.kept.take(), where_);
                self.ids = Some((ids, kept));
            }
            wire::THREADS => {
                let mut read = wire::threads::read(content, records, table_limit, memory, keep)?;
                let where_ = storage.entries_at(at, read.first);
                self.threads = Some((read.threads, per_record(read.kept.take(), where_)));
            }
            wire::SAMPLING => {
                // Kept, 8 bytes a record, charged first: a sampled file
                // holds few records, and its means are read once.
                memory.charge(
                    records.saturating_mul(8),
                    wire::held(wire::SAMPLING, Held::Entries),
                    at,
                )?;
                self.sampling = Some(wire::sampling::read(content, records)?);
            }
            wire::SITES => {
                let first_row = content.base() + 4;
                self.sites = Some((wire::history::read_sites(content, memory)?, first_row));
            }
            wire::TIMELINE => {
                self.timeline = Some(wire::history::read_timeline(content, memory)?);
            }
            tag => {
                let whole = content.left();
                memory.charge(whole, wire::held(tag, Held::Content), at)?;
                let body = content.read_rest()?;
                memory.charge(table_cost(tag, &body), wire::held(tag, Held::Entries), at)?;
                self.stacks.apply(tag, &body, content.base())?;
                drop(body);
                memory.release(whole);
            }
        }
        Ok(())
    }
}

/// Reads a compressed segment body, `stored`: a u64 content length, then
/// one zstd frame of exactly that many bytes, inflated as it is read
/// (FORMAT.md, "zstd frames (both versions)"). A table's content length
/// is refused above its budget before anything is inflated, and so is a
/// frame that is not one, declares another length or needs a larger
/// window than the content; the frame is never read past its content
/// length, and the body must end where it does.
#[cfg(feature = "zstd")]
fn read_compressed<B: BufRead>(
    mut stored: io::Take<B>,
    tag: [u8; 4],
    body_at: u64,
    records: u64,
    parts: &mut Parts,
    memory: &mut Budget,
) -> FormatResult<()> {
    let bad = |reason: String| FormatError::SegmentDecompression {
        tag: Tag(tag),
        offset: body_at,
        reason,
    };
    let part = FramePart::Segment(Tag(tag));
    let stored_len = stored.limit();
    let mut length = [0u8; 8];
    if read_up_to(&mut stored, &mut length)? < length.len() {
        return Err(bad("shorter than its 8-byte content length".into()));
    }
    let length = u64::from_le_bytes(length);
    // What the content may be, from the rest of the file, before a byte
    // is inflated: a table, its budget; the per-record ids, 4 bytes for
    // each of the file's records (and the thread table, its budget).
    let budget = table_budget(stored.limit(), true);
    let per_record = records.saturating_mul(4);
    let limit = match tag {
        wire::IDS => per_record.saturating_add(4),
        wire::THREADS => per_record.saturating_add(8).saturating_add(budget),
        wire::SAMPLING => records.saturating_mul(8).saturating_add(12),
        _ => budget,
    };
    if length > limit {
        return Err(FormatError::SegmentTooLong {
            tag: Tag(tag),
            length,
            limit,
            offset: body_at,
        });
    }
    let frame_at = body_at + 8;
    let head = FrameHead::read(&mut stored, part, frame_at)?;
    if let Some(declared) = head.content_size
        && declared != length
    {
        return Err(bad(format!(
            "the frame declares {declared} bytes, the content length says {length}"
        )));
    }
    // The decoder's window is its one large allocation: no larger than
    // the content, as a writer that states the content size makes it, or
    // than the window zstd picks at levels 1 to 19 when it is not told
    // the size (a streaming writer, the zstd command reading a pipe).
    let window_log = frame::window_log_for(length, WINDOW_LOG_FLOOR);
    head.check_window(window_log, part, frame_at)?;
    let window = head.window;
    memory.charge(window, wire::held(tag, Held::Window), frame_at)?;
    let mut decoder = zstd::stream::read::Decoder::with_buffer(head.then(stored))
        .map_err(|e| bad(e.to_string()))?
        .single_frame();
    decoder
        .window_log_max(window_log)
        .map_err(|e| bad(e.to_string()))?;
    let mut content = Content::inflated(decoder, tag, length, body_at);
    let storage = Storage::Compressed {
        frame_at,
        window,
        window_log,
    };
    parts.read(&mut content, records, budget, memory, storage)?;
    content.end()?;
    // Nothing more in the frame, and nothing after it in the body.
    let mut decoder = content.into_inner();
    let mut probe = [0u8; 1];
    let more = read_up_to(&mut decoder, &mut probe).map_err(|e| match e {
        FormatError::Io { source, .. } => bad(source.to_string()),
        e => e,
    })?;
    if more > 0 {
        return Err(bad(format!(
            "the frame holds more than its content length of {length} bytes"
        )));
    }
    let (_, stored) = decoder.finish().into_inner();
    memory.release(window);
    if stored.limit() > 0 {
        return Err(FormatError::FrameTrailing {
            part,
            offset: body_at + stored_len - stored.limit(),
            extra: stored.limit(),
        });
    }
    Ok(())
}

/// Without the `zstd` feature, compressed segments cannot be read.
#[cfg(not(feature = "zstd"))]
fn read_compressed<B: BufRead>(
    _stored: io::Take<B>,
    _tag: [u8; 4],
    body_at: u64,
    _records: u64,
    _parts: &mut Parts,
    _memory: &mut Budget,
) -> FormatResult<()> {
    Err(FormatError::CompressionUnsupported { offset: body_at })
}
