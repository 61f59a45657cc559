//! `to-json FILE [-o OUT]`: the library's [`convert_to_json`], streamed to
//! standard output or atomically to a file, with a progress bar for large
//! files when a person is watching.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use memscope_export::{BinaryReader, TrackingError, convert_to_json};

use crate::error::{CliError, Target};
use crate::input;
use crate::output::{self, Conversion};

/// Convert FILE to the JSON document of the JSON export
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file, and where its output goes.
    #[command(flatten)]
    pub paths: Conversion,
}

/// Runs `to-json`: converts the file and writes the document to `-o OUT`,
/// replaced atomically, or else to `out`, standard output.
pub fn run(args: &Args, out: &mut impl Write) -> Result<(), CliError> {
    let path = &args.paths.file;
    let reader = input::open(path)?;
    let progress = progress_bar(reader.record_count());
    let converted = output::write_to(args.paths.output.as_deref(), out, |writer, target| {
        convert(path, reader, writer, target, &progress)
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    converted
}

/// Files with at least this many records get a progress bar (when
/// standard error is a terminal).
pub const PROGRESS_MIN_RECORDS: u32 = 100_000;

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
) -> Result<(), CliError> {
    let mut sink = Progress {
        inner: writer,
        lines: 0,
        progress: progress.as_ref(),
    };
    // `convert_to_json` buffers in front of the writer it is given, so the
    // bar moves once per 64 KiB, not once per record.
    let result = convert_to_json(reader, &mut sink);
    result.map(drop).map_err(|e| match e {
        TrackingError::Input(source) => CliError::input(path, source),
        TrackingError::Io { source, .. } => CliError::Output {
            target,
            action: "cannot write",
            source,
        },
        other => CliError::File(other),
    })
}

/// The writer beneath the library's buffer: passes bytes on and moves the progress
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
