//! Opening input files: errors that name the file, a stream that cannot
//! seek copied to a temporary file first, and progress shown while a
//! large file is read.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::OnceLock;

use memscope_analysis::{Analysis, AnalysisError, Comparison, Options, Which};
use memscope_export::{BinaryReader, FormatError, spool_stream};

use crate::error::CliError;
use crate::progress::{Counted, Output, bar_for};

/// An input file, read through a counter that moves a progress bar.
pub type Input = Counted<File>;

/// `--max-memory`: the memory budget every input is read with, at least.
static MAX_MEMORY: OnceLock<u64> = OnceLock::new();

/// Sets what `--max-memory` asked for, once, before any file is read.
pub fn set_max_memory(bytes: Option<u64>) {
    if let Some(bytes) = bytes {
        let _ = MAX_MEMORY.set(bytes);
    }
}

/// A reader of `input` with the file's memory budget, or the larger one
/// `--max-memory` gives.
pub fn reader<R: Read + Seek>(input: R) -> Result<BinaryReader<R>, FormatError> {
    BinaryReader::with_budget(input, MAX_MEMORY.get().copied().unwrap_or(0))
}

/// Opens the memscope file at `path`: its header, stats segment, record
/// count and (version 2) extension segments are read and checked, the
/// records not yet. What is not a regular file (a FIFO) is copied to a
/// temporary file first. A progress bar shows while it is read when
/// the file is large and `output` is seen.
pub fn open(path: &Path, output: Output) -> Result<BinaryReader<Input>, CliError> {
    let failed = |e: FormatError| CliError::input(path, e.in_file(path));
    let file = File::open(path).map_err(|e| {
        CliError::input(
            path,
            FormatError::Io {
                action: "opening",
                path: Some(path.to_owned()),
                source: e,
            },
        )
    })?;
    let metadata = file.metadata().map_err(|e| {
        CliError::input(
            path,
            FormatError::Io {
                action: "reading the metadata of",
                path: Some(path.to_owned()),
                source: e,
            },
        )
    })?;
    let (file, len) = if metadata.is_file() {
        (file, metadata.len())
    } else {
        let spooled = spool_stream(file).map_err(failed)?;
        let len = spooled.metadata().map_or(0, |m| m.len());
        (spooled, len)
    };
    reader(Counted::new(file, bar_for(len, output))).map_err(failed)
}

/// Reads and counts the file at `path`.
pub fn analyse(path: &Path, options: Options, output: Output) -> Result<Analysis, CliError> {
    let reader = open(path, output)?;
    Analysis::of_reader(reader, options).map_err(|e| analysis_error(path, e))
}

/// Reads and counts two files of one program, OLD first.
pub fn compare(
    old: &Path,
    new: &Path,
    options: Options,
    output: Output,
) -> Result<Comparison, CliError> {
    let (old_reader, new_reader) = (open(old, output)?, open(new, output)?);
    Comparison::of_readers(old_reader, new_reader, options).map_err(|e| {
        let path = if e.which() == Some(Which::Old) {
            old
        } else {
            new
        };
        analysis_error(path, e)
    })
}

/// An analysis's failure to read the file at `path`.
fn analysis_error(path: &Path, error: AnalysisError) -> CliError {
    CliError::input(path, error.into_format_error().in_file(path))
}
