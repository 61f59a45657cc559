//! [`FormatError`]: what is wrong with a memscope file being read, or
//! with reading it.

use std::path::{Path, PathBuf};

use memscope_binary::CodecError;

use crate::error::{EscapedBytes, FramePart, HexBytes, Input, Tag};
use crate::format::{COUNT_OFFSET, MAGIC};

/// Everything that can be wrong with a memscope file, or with reading one.
///
/// Each rule of [FORMAT.md](crate::spec) broken is its own variant, saying
/// what was expected, what was found and at which byte; the offsets come
/// from the [layout table](crate::format).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// Opening or reading the input failed.
    #[error("i/o error {action} {}: {source}", Input(.path.as_deref()))]
    Io {
        /// What was being done, e.g. `opening` or `reading`.
        action: &'static str,
        /// The file, when there is one (else the caller's stream).
        path: Option<PathBuf>,
        /// The error the operating system or the reader returned.
        #[source]
        source: std::io::Error,
    },

    /// The file does not start with `MEMSCOPE`.
    #[error("not a memscope file: expected magic {} at byte 0, found {}", EscapedBytes(&MAGIC), EscapedBytes(.found))]
    NotMemscope {
        /// The first bytes of the file (fewer than 8 if it is that short).
        found: Vec<u8>,
    },

    /// The file's format version is not one this reader knows.
    #[error(
        "unsupported format version {found} at byte {offset}: this reader supports versions up to {supported}"
    )]
    UnsupportedVersion {
        /// The version in the file.
        found: u32,
        /// The newest version this reader knows.
        supported: u32,
        /// Where the version is.
        offset: u64,
    },

    /// The header sets a flag bit that the file's version does not define.
    #[error(
        "unknown flag bit {bit} set at byte {offset} (flags {flags:#010x}): this reader knows bits 0 to {}",
        31 - .known.leading_zeros()
    )]
    UnknownFlag {
        /// The lowest unknown bit that is set.
        bit: u32,
        /// All the flags.
        flags: u32,
        /// The bits the file's version defines (bit 0 up, without gaps).
        known: u32,
        /// Where the flags are.
        offset: u64,
    },

    /// The header, stats segment, segment head or footer is malformed or
    /// cut short; the codec error's offset is from the start of the file.
    #[error("malformed {segment}: {source}")]
    Segment {
        /// The segment's name in the layout table, e.g. `stats segment`.
        segment: &'static str,
        /// What is wrong, and where.
        #[source]
        source: CodecError,
    },

    /// The record count claims more records than the rest of the file can
    /// hold.
    #[error(
        "record count {count} at byte {} cannot fit: {count} records need at least {needed} bytes, {available} remain after byte {offset}",
        COUNT_OFFSET
    )]
    CountExceedsInput {
        /// The count in the file.
        count: u32,
        /// The fewest bytes that many records occupy.
        needed: u64,
        /// The bytes that remain.
        available: u64,
        /// Where the records begin.
        offset: u64,
    },

    /// A stored allocation record is malformed. The codec error's offset is
    /// from the start of the file.
    #[error("allocation record {index}: {source}")]
    Record {
        /// The record's index, from 0.
        index: u64,
        /// What went wrong, with the field and byte offset.
        #[source]
        source: CodecError,
    },

    /// A record of a compressed file is malformed. The codec error's offset
    /// is counted in the decompressed record bytes, from their start.
    #[error("allocation record {index} (in the decompressed records): {source}")]
    CompressedRecord {
        /// The record's index, from 0.
        index: u64,
        /// What went wrong, with the field and the offset in the
        /// decompressed record bytes.
        #[source]
        source: CodecError,
    },

    /// Bytes follow the last record (or the footer), or the decompressed
    /// records continue past the last one.
    #[error("trailing bytes after the {after} at byte {offset}{}", if *.compressed { " of the decompressed records" } else { "" })]
    TrailingBytes {
        /// What they follow: `last record` or `footer`.
        after: &'static str,
        /// Where they begin (in the decompressed records when `compressed`).
        offset: u64,
        /// Whether the offset counts decompressed record bytes.
        compressed: bool,
    },

    /// The CHECKSUM flag is set but the file ends without the footer.
    #[error(
        "missing checksum footer at byte {offset}: the CHECKSUM flag is set but the file ends there"
    )]
    MissingFooter {
        /// Where the footer should begin.
        offset: u64,
    },

    /// The footer's CRC-32 does not match the bytes before it.
    #[error(
        "checksum mismatch at byte {offset}: the footer says {expected:#010x}, the file's bytes give {found:#010x}"
    )]
    ChecksumMismatch {
        /// The CRC in the footer.
        expected: u32,
        /// The CRC of the bytes before the footer.
        found: u32,
        /// Where the footer's CRC is.
        offset: u64,
    },

    /// The compressed records are not a valid zstd frame, or inflate past
    /// what the record count allows.
    #[error("invalid compressed records (frame at byte {offset}): {reason}")]
    Decompression {
        /// Where the zstd frame begins.
        offset: u64,
        /// What the decompressor found.
        reason: String,
    },

    /// An extension segment whose tag is critical (first letter upper
    /// case) and unknown to this reader.
    #[error(
        "unknown critical segment {tag} at byte {offset}: this reader cannot read the file correctly without understanding it"
    )]
    UnknownCriticalSegment {
        /// The tag.
        tag: Tag,
        /// Where the segment begins.
        offset: u64,
    },

    /// An extension segment whose tag is not four ASCII letters.
    #[error("invalid segment tag {tag} at byte {offset}: a tag is four ASCII letters (A-Z, a-z)")]
    InvalidTag {
        /// The tag as found.
        tag: Tag,
        /// Where the segment begins.
        offset: u64,
    },

    /// `ENDS` with another length than 8.
    #[error("ENDS at byte {offset} has length {found}: its length is always 8")]
    EndLength {
        /// The length it states.
        found: u64,
        /// Where `ENDS` begins.
        offset: u64,
    },

    /// A segment that FORMAT.md specifies, appearing a second time.
    #[error("duplicate segment {tag} at byte {offset}: each segment appears at most once")]
    DuplicateSegment {
        /// The tag.
        tag: Tag,
        /// Where the second one begins.
        offset: u64,
    },

    /// A version-2 file that ends without its `ENDS` segment.
    #[error("missing ENDS segment at byte {offset}: a version-2 file ends its segments with one")]
    MissingEnd {
        /// Where a segment (or `ENDS`) should begin.
        offset: u64,
    },

    /// A segment longer than the reader's budget, or than `ENDS` allows.
    #[error("segment {tag} at byte {offset} is {length} bytes long: at most {limit} allowed")]
    SegmentTooLong {
        /// The tag.
        tag: Tag,
        /// The declared length.
        length: u64,
        /// The most this reader accepts.
        limit: u64,
        /// Where the segment begins.
        offset: u64,
    },

    /// Reading the file would hold more memory than its budget (FORMAT.md,
    /// "Memory budget (both versions)": 32 MiB + 16 bytes for each byte of
    /// the file, unless a larger one was given).
    #[error(
        "{what} at byte {offset} would bring the memory this file needs to {needed} bytes, past its budget of {budget} bytes"
    )]
    MemoryBudget {
        /// What the memory was for.
        what: &'static str,
        /// What the reader would hold with it.
        needed: u64,
        /// The budget.
        budget: u64,
        /// Where in the file what needs it is.
        offset: u64,
    },

    /// What a sound segment's counts call for cannot be allocated on this
    /// machine (more than its address space, or more than the system
    /// gives): the reader stops instead of aborting.
    #[error(
        "segment {tag} at byte {offset}: its entries need {bytes} bytes of memory, which could not be allocated"
    )]
    OutOfMemory {
        /// The tag.
        tag: Tag,
        /// The bytes asked for.
        bytes: u64,
        /// Where the segment's body begins.
        offset: u64,
    },

    /// A segment's body ends before its declared length does.
    #[error(
        "segment {tag} cut short at byte {offset}: its length says {length} bytes, {available} remain"
    )]
    SegmentCut {
        /// The tag.
        tag: Tag,
        /// The declared length.
        length: u64,
        /// The bytes that were there.
        available: u64,
        /// Where the body begins.
        offset: u64,
    },

    /// A segment's body is malformed; the codec error's offset is from
    /// the start of the file (or of the decompressed body).
    #[error("malformed segment {tag}: {source}")]
    SegmentBody {
        /// The tag.
        tag: Tag,
        /// What is wrong, and where.
        #[source]
        source: CodecError,
    },

    /// A segment's body has bytes after what its counts describe.
    #[error("{extra} trailing bytes in segment {tag} at byte {offset}")]
    SegmentTrailing {
        /// The tag.
        tag: Tag,
        /// Where they begin.
        offset: u64,
        /// How many there are.
        extra: u64,
    },

    /// A compressed segment body that is not one valid zstd frame of its
    /// stated content length.
    #[error("invalid compressed segment {tag} at byte {offset}: {reason}")]
    SegmentDecompression {
        /// The tag.
        tag: Tag,
        /// Where the segment's body begins.
        offset: u64,
        /// What was found.
        reason: String,
    },

    /// `ENDS` gives another offset for the first segment than where the
    /// segments began.
    #[error(
        "ENDS at byte {offset} says the segments begin at byte {found}, they begin at byte {expected}"
    )]
    EndOffsetMismatch {
        /// What `ENDS` says.
        found: u64,
        /// Where they began.
        expected: u64,
        /// Where `ENDS` is.
        offset: u64,
    },

    /// `ENDS`, found at the end of the file, gives an offset for the first
    /// segment that lies outside the file's extension area: before the
    /// records end or after `ENDS` itself.
    #[error(
        "ENDS at byte {offset} says the segments begin at byte {found}: they must begin between byte {min} and byte {offset}"
    )]
    EndOffsetOutOfRange {
        /// What `ENDS` says.
        found: u64,
        /// The earliest they can begin: where the records begin.
        min: u64,
        /// Where `ENDS` is (the latest they can begin).
        offset: u64,
    },

    /// The extension segments read after the records differ from those
    /// read ahead of them when the file was opened: the file changed
    /// while it was being read.
    #[error(
        "the extension segments at byte {offset} differ from those read when the file was opened: the file changed while it was read"
    )]
    PrefetchMismatch {
        /// Where the segments begin.
        offset: u64,
    },

    /// The STACKS flag and the stack segments disagree.
    #[error("the STACKS flag is {} but {}", if *.flag_set { "set" } else { "clear" }, if *.flag_set { format!("segment {} is missing (flags at byte {})", .tag, .offset) } else { format!("segment {} is present at byte {}", .tag, .offset) })]
    StacksFlagMismatch {
        /// Whether the flag is set.
        flag_set: bool,
        /// The segment missing (flag set) or present (flag clear).
        tag: Tag,
        /// Where the segment present begins, or where the flags are when
        /// one is missing.
        offset: u64,
    },

    /// A string, frame or stack index that names no entry.
    #[error(
        "{what} index {index} out of range in segment {tag} (body at byte {offset}): there are {count}"
    )]
    IndexOutOfRange {
        /// `string`, `frame` or `stack`.
        what: &'static str,
        /// The index (0-based).
        index: u64,
        /// How many there are.
        count: u64,
        /// The segment holding the index.
        tag: Tag,
        /// Where that segment's body begins.
        offset: u64,
    },

    /// A stack of more frames than `sSTK`'s u16 count can state.
    #[error(
        "a stack of {depth} frames in segment sSTK (body at byte {offset}): a stack holds at most {max}"
    )]
    StackTooDeep {
        /// Its frames.
        depth: u64,
        /// The most a stack holds.
        max: u64,
        /// Where the segment's body begins.
        offset: u64,
    },

    /// `sIDS` holds another number of ids than there are records.
    #[error("segment sIDS (body at byte {offset}) has {found} stack ids for {records} records")]
    StackIdCount {
        /// Ids in `sIDS`.
        found: u64,
        /// Records in the allocation segment.
        records: u64,
        /// Where `sIDS`'s body begins.
        offset: u64,
    },

    /// `tHRD` holds another number of record entries than there are
    /// records.
    #[error(
        "segment tHRD (body at byte {offset}) has {found} thread entries for {records} records"
    )]
    ThreadRecordCount {
        /// Entries in `tHRD`.
        found: u64,
        /// Records in the allocation segment.
        records: u64,
        /// Where `tHRD`'s body begins.
        offset: u64,
    },

    /// `SMPL` holds another number of record means than there are
    /// records.
    #[error(
        "segment SMPL (body at byte {offset}) has {found} sampling means for {records} records"
    )]
    SamplingRecordCount {
        /// Entries in `SMPL`.
        found: u64,
        /// Records in the allocation segment.
        records: u64,
        /// Where `SMPL`'s body begins.
        offset: u64,
    },

    /// An `sITE` row whose stack is not before the next one's: rows are
    /// in strictly ascending order of stack, each stack once.
    #[error(
        "segment sITE: row {row} (at byte {offset}) has stack {stack}, not above the previous row's {previous}; rows are in ascending order of stack, each once"
    )]
    SiteOrder {
        /// The row, from 0.
        row: u64,
        /// Its stack id (0: none).
        stack: u32,
        /// The previous row's.
        previous: u32,
        /// Where the row begins.
        offset: u64,
    },

    /// An `sITE` count above what it is part of (freed above allocated,
    /// peak above allocated, temporary above freed).
    #[error(
        "segment sITE: row {row} (at byte {offset}) has {field} {found}, more than its {bound} {limit}"
    )]
    SiteCount {
        /// The row, from 0.
        row: u64,
        /// The count that is too large.
        field: &'static str,
        /// Its value.
        found: u64,
        /// The count it is part of.
        bound: &'static str,
        /// That count's value.
        limit: u64,
        /// Where the row begins.
        offset: u64,
    },

    /// An `sITE` row whose stack is not in the stack table (or any stack
    /// but 0 in a file without stacks).
    #[error(
        "segment sITE: row {row} (at byte {offset}) names stack {stack}, but {}",
        match stacks { Some(count) => format!("sSTK holds {count}"), None => "the file has no call stacks".to_owned() }
    )]
    SiteStack {
        /// The row, from 0.
        row: u64,
        /// The stack id it names.
        stack: u32,
        /// How many stacks the file holds; `None` without stacks.
        stacks: Option<u64>,
        /// Where the row begins.
        offset: u64,
    },

    /// A `tIME` whose buckets are 0 ns wide.
    #[error("segment tIME: the bucket width at byte {offset} is 0 ns; it is at least 1")]
    TimelineWidth {
        /// Where the width is.
        offset: u64,
    },

    /// A `tIME` bucket whose least level is above its most.
    #[error(
        "segment tIME: bucket {bucket} (at byte {offset}) has least {what} {min} above its most {max}"
    )]
    TimelineBucket {
        /// The bucket, from 0.
        bucket: u64,
        /// `bytes` or `blocks`.
        what: &'static str,
        /// Its least level.
        min: u64,
        /// Its most.
        max: u64,
        /// Where the bucket begins.
        offset: u64,
    },

    /// A `tIME` with more buckets or marks than a file may hold.
    #[error("segment tIME: {count} {what} at byte {offset}, more than the {max} a file may hold")]
    TimelineTooLong {
        /// `buckets` or `marks`.
        what: &'static str,
        /// How many the count says.
        count: u64,
        /// The most allowed.
        max: u64,
        /// Where the count is.
        offset: u64,
    },

    /// A sampling mean of 0 bytes in `SMPL`: the file's (`record` is
    /// `None`) or a record's.
    #[error(
        "segment SMPL: the sampling mean {} is 0 bytes at byte {offset}; a mean is at least 1",
        match record { Some(index) => format!("of record {index}"), None => "of the file".to_owned() }
    )]
    ZeroSampleMean {
        /// The record whose mean is 0, or `None` for the file's.
        record: Option<u64>,
        /// Where the mean is.
        offset: u64,
    },

    /// A thread name longer than `tHRD`'s u16 length can state (only a
    /// writer meets this: a reader cannot decode one).
    #[error(
        "thread {id}'s name is {length} bytes: segment tHRD (body at byte {offset}) holds at most 65535"
    )]
    ThreadNameTooLong {
        /// The thread's id.
        id: u64,
        /// The name's length in bytes.
        length: u64,
        /// Where `tHRD`'s body begins (0 before it is written).
        offset: u64,
    },

    /// `tHRD` lists a thread id twice.
    #[error("segment tHRD (body at byte {offset}) lists thread id {id} twice")]
    DuplicateThread {
        /// The thread id.
        id: u64,
        /// Where `tHRD`'s body begins.
        offset: u64,
    },

    /// A frame with a flag bit that version 2 does not define.
    #[error(
        "reserved frame flags {flags:#010x} in segment sFRM (body at byte {offset}): only bit 0 is defined"
    )]
    ReservedFrameFlags {
        /// The flags.
        flags: u32,
        /// Where `sFRM`'s body begins.
        offset: u64,
    },

    /// Where a zstd frame must begin (the compressed records, a compressed
    /// segment's body after its content length), something else: a
    /// skippable frame, a frame of zstd's legacy formats, or no frame.
    #[error(
        "{part}: expected a zstd frame (magic 28 b5 2f fd) at byte {offset}, found {}: no skippable or legacy frames are allowed",
        HexBytes(.found)
    )]
    NotAFrame {
        /// What the frame should hold.
        part: FramePart,
        /// The bytes found where the frame's magic should be (fewer than
        /// 4 when the part ends first).
        found: Vec<u8>,
        /// Where the frame should begin.
        offset: u64,
    },

    /// A zstd frame's header that the format does not allow, or that is
    /// cut short: a reserved bit set, a dictionary named.
    #[error("{part}: zstd frame header at byte {offset}: {problem}")]
    FrameHeader {
        /// What the frame holds.
        part: FramePart,
        /// What is wrong.
        problem: String,
        /// Where the frame begins.
        offset: u64,
    },

    /// A zstd frame whose window is larger than its part may need.
    #[error(
        "{part}: the zstd frame at byte {offset} needs a window of {window} bytes, at most {limit} allowed"
    )]
    FrameWindowTooLarge {
        /// What the frame holds.
        part: FramePart,
        /// The window its header states.
        window: u64,
        /// The largest allowed for it.
        limit: u64,
        /// Where the frame begins.
        offset: u64,
    },

    /// Bytes after a zstd frame that its part of the file still covers:
    /// between the records' frame and the footer (version 1) or the first
    /// extension segment (version 2), or after a segment's frame inside
    /// its body.
    #[error(
        "{part}: {extra} bytes after the zstd frame at byte {offset}: the frame must end where its part of the file does"
    )]
    FrameTrailing {
        /// What the frame holds.
        part: FramePart,
        /// Where the bytes after the frame begin.
        offset: u64,
        /// How many there are.
        extra: u64,
    },

    /// The file is compressed, and this build was made without the `zstd`
    /// feature.
    #[error(
        "compressed records at byte {offset}: this build cannot read them (enable the `zstd` feature of memscope-export)"
    )]
    CompressionUnsupported {
        /// Where the compressed records begin.
        offset: u64,
    },
}

/// The result of reading a file.
pub type FormatResult<T> = Result<T, FormatError>;

impl FormatError {
    /// An i/o error while doing `action` to the input file at `path` (or to
    /// the caller's stream, when `path` is `None`).
    #[cold]
    pub(crate) fn io(action: &'static str, path: Option<&Path>, source: std::io::Error) -> Self {
        FormatError::Io {
            action,
            path: path.map(Path::to_path_buf),
            source,
        }
    }

    /// Names `file` as the input of an i/o error raised by code reading a
    /// stream without knowing which file it was (a file opened, then read
    /// as a stream); any other error is returned as it is.
    #[cold]
    pub fn in_file(mut self, file: &Path) -> Self {
        if let FormatError::Io {
            path: path @ None, ..
        } = &mut self
        {
            *path = Some(file.to_path_buf());
        }
        self
    }
}
