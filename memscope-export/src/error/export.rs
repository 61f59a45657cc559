//! [`ExportError`]: what went wrong while exporting, or while writing any
//! other output of this crate.

use std::path::{Path, PathBuf};

use memscope_binary::CodecError;

use crate::error::{FormatError, Output};

/// Everything that can go wrong while exporting what a
/// `MemoryTracker` holds, or writing any other output of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
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
    /// as [`ExportError::Io`]).
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

    /// The call sites or the timeline given to an export contradict
    /// themselves or the stack table (FORMAT.md's rules for `sITE` and
    /// `tIME`).
    #[error("invalid run history: {0}")]
    InvalidHistory(#[source] FormatError),

    /// A record named a stack or a thread that the tables given to the
    /// export (or to the JSON document) do not hold, or any at all when
    /// none were given.
    #[error("allocation record {index}: its {what} {found}, but {}", match .count { Some(count) => format!("the table holds {count}"), None => "the export was given no such table".to_string() })]
    UnknownPlace {
        /// The record's index, from 0.
        index: u64,
        /// `stack` or `thread`.
        what: &'static str,
        /// The id or index it named, as outputs show it (a stack's number,
        /// a thread's index).
        found: String,
        /// How many entries the table holds; `None` without a table.
        count: Option<u64>,
    },

    /// A record carries a sampling mean (it is a sample) in an export that
    /// was not told it is sampled: written as it is, the file would count
    /// samples as blocks.
    #[error(
        "allocation record {index} is a sample (mean {mean} bytes), but the export is not sampled: give the file its mean (FileContents::with_sampling)"
    )]
    SampleInLosslessFile {
        /// The record's index, from 0.
        index: u64,
        /// The mean it was sampled at.
        mean: u64,
    },

    /// The JSON document has no place for samples' means: a sampled
    /// tracker or file (one with `SMPL`) is not converted, rather than
    /// read as if it held every block.
    #[error(
        "the records are samples (mean {mean} bytes), which the JSON document cannot say: export a binary file, and read it with `memscope-binary` or the analysis library"
    )]
    SampledToJson {
        /// The sampling mean.
        mean: u64,
    },

    /// A file cannot be symbolized: it has no call stacks, or no module
    /// map (`sMOD`) because its frames were resolved when it was written.
    #[error("{} cannot be symbolized: {reason}", .path.display())]
    NothingToSymbolize {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: &'static str,
    },

    /// A module's file on this machine is not the one the addresses were
    /// recorded in (its build id differs): resolving would name the wrong
    /// functions, so nothing is written.
    #[error(
        "module {module} (mapped at {start:#x}) cannot be symbolized: {reason}; give the matching binary or debug file with --debug-dir"
    )]
    ModuleMismatch {
        /// The module's path as the file records it.
        module: String,
        /// Where it was mapped.
        start: u64,
        /// What did not match, in words.
        reason: String,
    },

    /// A sampling mean of 0 bytes given to an export: a mean is at least 1.
    #[error("the sampling mean of {what} is 0 bytes; a mean is at least 1")]
    ZeroSampleMean {
        /// `the file`, or the record (`record 7`).
        what: String,
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
pub type ExportResult<T> = Result<T, ExportError>;

impl ExportError {
    /// An i/o error while doing `action` to the output file at `path` (or
    /// to the caller's stream, when `path` is `None`).
    #[cold]
    pub(crate) fn io(action: &'static str, path: Option<&Path>, source: std::io::Error) -> Self {
        ExportError::Io {
            action,
            path: path.map(Path::to_path_buf),
            source,
        }
    }

    /// Names `file` as the target of an output error raised by code writing
    /// to a stream without knowing which file it was.
    #[cold]
    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        if let ExportError::Io {
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
impl From<CodecError> for ExportError {
    fn from(error: CodecError) -> Self {
        match error {
            CodecError::Io { source, .. } => ExportError::io("writing", None, source),
            error => ExportError::Codec(error),
        }
    }
}

/// serde_json wraps the writer's i/o errors in its own; they come out here
/// as [`ExportError::Io`], like every other failed write.
impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        if error.is_io() {
            ExportError::io("writing", None, error.into())
        } else {
            ExportError::Json(error)
        }
    }
}
