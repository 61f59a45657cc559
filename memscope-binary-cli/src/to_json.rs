//! `to-json FILE [-o OUT]`: the library's [`convert_to_json`], streamed to
//! standard output or atomically to a file, with a progress bar for large
//! files when a person is watching.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use memscope_export::{BinaryReader, TrackingError, convert_to_json, write_atomically};

use crate::error::{CliError, Target};
use crate::input;

/// Files with at least this many records get a progress bar (when
/// standard error is a terminal).
pub const PROGRESS_MIN_RECORDS: u32 = 100_000;

/// How much output is buffered before it is written.
const BUFFER: usize = 64 * 1024;

/// Runs `to-json`: converts the file at `path` and writes the document to
/// `output`, or to standard output. Returns the number of records.
pub fn run(path: &Path, output: Option<&Path>) -> Result<u64, CliError> {
    let reader = input::open(path)?;
    let progress = progress_bar(reader.record_count());
    let converted = match output {
        None => convert(path, reader, io::stdout().lock(), Target::Stdout, &progress),
        Some(out) => write_atomically(out, |file| {
            convert(
                path,
                reader,
                file,
                Target::File(out.to_path_buf()),
                &progress,
            )
        }),
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    converted
}

/// A bar on standard error driven by the number of records converted, or
/// none when nobody would see it or the file is quick to convert.
fn progress_bar(records: u32) -> Option<ProgressBar> {
    if records < PROGRESS_MIN_RECORDS || !io::stderr().is_terminal() {
        return None;
    }
    let style = ProgressStyle::with_template("{wide_bar} {pos}/{len} records, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::with_draw_target(Some(u64::from(records)), ProgressDrawTarget::stderr());
    bar.set_style(style);
    Some(bar)
}

/// Converts; the library's error says whether the input or the output
/// failed.
fn convert<R: io::Read, W: Write>(
    path: &Path,
    reader: BinaryReader<R>,
    writer: W,
    target: Target,
    progress: &Option<ProgressBar>,
) -> Result<u64, CliError> {
    let mut sink = Progress {
        inner: writer,
        lines: 0,
        progress: progress.as_ref(),
    };
    let result = convert_to_json(reader, BufWriter::with_capacity(BUFFER, &mut sink));
    result.map_err(|e| match e {
        TrackingError::Input(source) => CliError::input(path, source),
        TrackingError::Io { source, .. } => CliError::Output {
            target,
            action: "cannot write",
            source,
        },
        other => CliError::File(other),
    })
}

/// The writer beneath the buffer: passes bytes on and moves the progress
/// bar. The document has one record per line, so the lines written so far
/// count the records.
struct Progress<'a, W> {
    inner: W,
    lines: u64,
    progress: Option<&'a ProgressBar>,
}

impl<W: Write> Write for Progress<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(bar) = self.progress {
            self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            bar.set_position(self.lines.min(bar.length().unwrap_or(0)));
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
