//! The two error domains of this crate: [`FormatError`], what is wrong
//! with a file being read (or with reading it), and [`TrackingError`],
//! what went wrong while exporting (or writing any output). Their i/o
//! variants are the answer to "did the input or the output fail?": a
//! [`FormatError::Io`] is always the input, a [`TrackingError::Io`] always
//! the output.

use std::fmt;
use std::path::{Path, PathBuf};

use memscope_binary::CodecError;

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

    /// A known segment that appears a second time.
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

    /// A file with call stacks read from an input that cannot seek, by a
    /// reader that needs the stacks before the records (they follow the
    /// records in the file).
    #[error(
        "flag STACKS at byte {offset} says the call stacks follow the records, and this input cannot seek to read them first: read it from a regular file"
    )]
    StacksAfterRecords {
        /// Where the flags are.
        offset: u64,
    },

    /// The STACKS flag and the stack segments disagree.
    #[error("the STACKS flag is {} but {}", if *.flag_set { "set" } else { "clear" }, if *.flag_set { format!("segment {} is missing", .tag) } else { format!("segment {} is present", .tag) })]
    StacksFlagMismatch {
        /// Whether the flag is set.
        flag_set: bool,
        /// The segment missing (flag set) or present (flag clear).
        tag: Tag,
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
    /// stream without knowing which file it was.
    #[cold]
    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        if let FormatError::Io {
            path: path @ None, ..
        } = &mut self
        {
            *path = Some(file.to_path_buf());
        }
        self
    }
}

/// Everything that can go wrong while exporting what a
/// `MemoryTracker` holds, or writing any other output of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrackingError {
    /// A fixed segment could not be encoded; the codec error names the
    /// field and the byte offset.
    #[error(transparent)]
    Codec(CodecError),

    /// Writing, syncing or renaming the output failed.
    #[error("i/o error {action} {}: {source}", Output(.path.as_deref()))]
    Io {
        /// What was being done, e.g. `writing` or `replacing`.
        action: &'static str,
        /// The file it was done to, when there is one (else the caller's
        /// stream).
        path: Option<PathBuf>,
        /// The error the operating system or the writer returned.
        #[source]
        source: std::io::Error,
    },

    /// Reading the input of a conversion failed, or the input is damaged.
    #[error(transparent)]
    Input(#[from] FormatError),

    /// Producing JSON failed for a reason other than i/o (which is reported
    /// as [`TrackingError::Io`]).
    #[error("json error: {0}")]
    Json(#[source] serde_json::Error),

    /// An export setting has a value the export cannot honour.
    #[error("invalid export setting `{setting}`: expected {expected}, found {found}")]
    InvalidConfig {
        /// The setting, e.g. `compression_level`.
        setting: &'static str,
        /// What it may be.
        expected: &'static str,
        /// What it was.
        found: String,
    },

    /// More allocation records than the format's u32 count can state.
    #[error("too many allocation records: {count}, the format holds at most {max}")]
    TooManyRecords {
        /// Records in the snapshot.
        count: u64,
        /// The most a file can hold.
        max: u64,
    },

    /// The tracker to export has never seen an allocation. Almost always
    /// the tracking allocator is not the global allocator; set
    /// [`BinaryExportConfig::allow_empty`](crate::BinaryExportConfig::allow_empty)
    /// to export an empty tracker on purpose.
    #[error(
        "nothing to export: the tracker has seen no allocation; is \
         `#[global_allocator] static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();` \
         missing? (to export an empty tracker on purpose, set BinaryExportConfig::allow_empty)"
    )]
    NothingTracked,

    /// A snapshot whose stats contradict its records; exporting it would
    /// write a file that contradicts itself.
    #[error("inconsistent snapshot: stats say {what} is {stats}, the records give {records}")]
    InconsistentSnapshot {
        /// The quantity that disagrees.
        what: &'static str,
        /// Its value in the stats.
        stats: u64,
        /// Its value computed from the records.
        records: u64,
    },

    /// The call stacks given to a version-2 export contradict themselves
    /// or the records (an index out of range, one id too few).
    #[error("invalid call stacks: {0}")]
    InvalidStacks(#[source] FormatError),

    /// The threads given to a version-2 export contradict themselves or
    /// the records (an index out of range, one entry too few, a thread id
    /// twice).
    #[error("invalid threads: {0}")]
    InvalidThreads(#[source] FormatError),

    /// A call stack, or a thread, given to a JSON document begun without
    /// them ([`JsonDocumentWriter::begin`](crate::JsonDocumentWriter::begin)
    /// writes version 1, which has neither; `begin_with_stacks`, no
    /// threads).
    #[error(
        "the JSON document was begun without {} and cannot take {what}: begin it with {}",
        if .what.contains("thread") { "threads" } else { "call stacks" },
        if .what.contains("thread") { "begin_with_stacks_and_threads" } else { "begin_with_stacks" }
    )]
    DocumentWithoutStacks {
        /// What it was given: `a record's stack`, `the stack tables`, `a
        /// record's thread` or `the threads table`.
        what: &'static str,
    },

    /// The output path names something that cannot take a file's bytes:
    /// a directory, a block device, a loop of symbolic links. Nothing was
    /// written and nothing was replaced.
    #[error("cannot write to {}: it is {found}; expected a regular file, a FIFO, a character device or a socket", .path.display())]
    NotWritable {
        /// The path as given.
        path: PathBuf,
        /// What is there, e.g. `a directory`.
        found: &'static str,
    },

    /// An allocation record could not be written. The codec error's offset
    /// is from the start of the file (for a compressed file, of the record
    /// bytes, counted as if they were stored plain).
    #[error("allocation record {index}: {source}")]
    Record {
        /// The record's index, from 0.
        index: u64,
        /// What went wrong, with the field and byte offset.
        #[source]
        source: CodecError,
    },
}

/// The result of tracking and export operations.
pub type TrackingResult<T> = Result<T, TrackingError>;

impl TrackingError {
    /// An i/o error while doing `action` to the output file at `path` (or
    /// to the caller's stream, when `path` is `None`).
    #[cold]
    pub(crate) fn io(action: &'static str, path: Option<&Path>, source: std::io::Error) -> Self {
        TrackingError::Io {
            action,
            path: path.map(Path::to_path_buf),
            source,
        }
    }

    /// Names `file` as the target of an output error raised by code writing
    /// to a stream without knowing which file it was.
    #[cold]
    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        if let TrackingError::Io {
            path: path @ None, ..
        } = &mut self
        {
            *path = Some(file.to_path_buf());
        }
        self
    }
}

/// A codec error while writing a fixed segment: the writer's failures are
/// output errors like any other failed write, the rest stay codec errors.
impl From<CodecError> for TrackingError {
    fn from(error: CodecError) -> Self {
        match error {
            CodecError::Io { source, .. } => TrackingError::io("writing", None, source),
            error => TrackingError::Codec(error),
        }
    }
}

/// serde_json wraps the writer's i/o errors in its own; they come out here
/// as [`TrackingError::Io`], like every other failed write.
impl From<serde_json::Error> for TrackingError {
    fn from(error: serde_json::Error) -> Self {
        if error.is_io() {
            TrackingError::io("writing", None, error.into())
        } else {
            TrackingError::Json(error)
        }
    }
}

/// A segment tag, shown as a Rust byte string, e.g. `b"sIDS"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(pub [u8; 4]);

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        EscapedBytes(&self.0).fmt(f)
    }
}

/// Bytes shown as a Rust byte string.
struct EscapedBytes<'a>(&'a [u8]);

impl fmt::Display for EscapedBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b\"")?;
        for &b in self.0 {
            write!(f, "{}", std::ascii::escape_default(b))?;
        }
        f.write_str("\"")
    }
}

/// The input of a [`FormatError::Io`]: the file, or the caller's stream.
struct Input<'a>(Option<&'a Path>);

impl fmt::Display for Input<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str("input stream"),
        }
    }
}

/// The output of a [`TrackingError::Io`]: the file, or the caller's stream.
struct Output<'a>(Option<&'a Path>);

impl fmt::Display for Output<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str("output stream"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_stay_small_enough_to_return_by_value() {
        // Under clippy's 128-byte large-error threshold.
        assert!(
            size_of::<FormatError>() < 128,
            "{}",
            size_of::<FormatError>()
        );
        assert!(
            size_of::<TrackingError>() < 128,
            "{}",
            size_of::<TrackingError>()
        );
    }

    #[test]
    fn io_error_names_the_action_and_the_file() {
        let source = std::io::Error::other("disk full");
        let err = TrackingError::io("writing", Some(Path::new("out/a.json")), source);
        assert_eq!(err.to_string(), "i/o error writing out/a.json: disk full");
    }

    #[test]
    fn an_output_error_without_a_file_names_the_output_stream() {
        let err = TrackingError::io("writing", None, std::io::Error::other("broken pipe"));
        assert_eq!(
            err.to_string(),
            "i/o error writing output stream: broken pipe"
        );
    }

    #[test]
    fn an_input_error_without_a_file_names_the_input_stream() {
        let err = FormatError::io("reading", None, std::io::Error::other("reset"));
        assert_eq!(err.to_string(), "i/o error reading input stream: reset");
        // Whatever the action is called: the type says it is the input.
        let err = FormatError::io("opening", None, std::io::Error::other("reset"));
        assert_eq!(err.to_string(), "i/o error opening input stream: reset");
    }

    #[test]
    fn in_file_names_the_file_of_a_stream_error_but_keeps_a_known_one() {
        let from_stream = TrackingError::io("writing", None, std::io::Error::other("full"));
        assert_eq!(
            from_stream.in_file(Path::new("b.json")).to_string(),
            "i/o error writing b.json: full"
        );
        let known = TrackingError::io(
            "replacing",
            Some(Path::new("a.json")),
            std::io::Error::other("x"),
        );
        assert_eq!(
            known.in_file(Path::new("b.json")).to_string(),
            "i/o error replacing a.json: x"
        );
        let input = FormatError::io("reading", None, std::io::Error::other("x"));
        assert_eq!(
            input.in_file(Path::new("c.memscope")).to_string(),
            "i/o error reading c.memscope: x"
        );
    }

    #[test]
    fn json_errors_caused_by_the_writer_become_io_errors() {
        struct Broken;
        impl std::io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("no space"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = TrackingError::from(serde_json::to_writer(Broken, &1u8).unwrap_err());
        assert!(
            matches!(
                &err,
                TrackingError::Io {
                    action: "writing",
                    path: None,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn codec_errors_pass_through_unchanged_and_writer_failures_become_output_errors() {
        let codec = CodecError::unexpected_end(3, 8, 5);
        let message = codec.to_string();
        assert_eq!(TrackingError::from(codec).to_string(), message);
        let failed = CodecError::io(0, std::io::Error::other("full"));
        assert_eq!(
            TrackingError::from(failed).to_string(),
            "i/o error writing output stream: full"
        );
    }

    #[test]
    fn a_version_error_names_both_versions_and_the_offset() {
        let err = FormatError::UnsupportedVersion {
            found: 9,
            supported: 1,
            offset: crate::format::VERSION_OFFSET as u64,
        };
        assert_eq!(
            err.to_string(),
            "unsupported format version 9 at byte 8: this reader supports versions up to 1"
        );
    }
}
