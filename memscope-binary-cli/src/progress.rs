//! Progress for people: a command reading a large file shows, on a
//! terminal, the bytes read of the total with a rate, and nothing when
//! nobody would see it (standard error is not a terminal, or the
//! command's output is piped).

use std::io::{self, IsTerminal, Read, Seek, SeekFrom};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files smaller than this read too quickly to need a bar.
pub const PROGRESS_MIN_BYTES: u64 = 16 << 20;

/// Where a command's output goes, for deciding whether a bar is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file named with `-o`.
    File,
}

/// A bar for reading `len` bytes, when a person would see it: standard
/// error is a terminal, and the output is a file or a terminal.
pub fn bar_for(len: u64, output: Output) -> Option<ProgressBar> {
    let watched =
        io::stderr().is_terminal() && (output == Output::File || io::stdout().is_terminal());
    if len < PROGRESS_MIN_BYTES || !watched {
        return None;
    }
    let style = ProgressStyle::with_template(
        "{wide_bar} {bytes}/{total_bytes} read, {bytes_per_sec}, {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(style);
    Some(bar)
}

/// An input that moves a bar by the bytes read from it.
#[derive(Debug)]
pub struct Counted<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R> Counted<R> {
    /// `inner`, moving `bar` (if any) as it is read.
    pub fn new(inner: R, bar: Option<ProgressBar>) -> Self {
        Counted { inner, bar }
    }
}

impl<R> Drop for Counted<R> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            // The extension segments are read twice (ahead of the
            // records, and again after them): the bar stops at its end.
            let len = bar.length().unwrap_or(u64::MAX);
            bar.set_position((bar.position() + n as u64).min(len));
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_reads_pass_the_bytes_through_and_seek_as_the_input_does() {
        let mut input = Counted::new(io::Cursor::new(vec![1u8, 2, 3, 4]), None);
        let mut two = [0u8; 2];
        input.read_exact(&mut two).unwrap();
        assert_eq!(two, [1, 2]);
        assert_eq!(input.seek(SeekFrom::End(-1)).unwrap(), 3);
        input.read_exact(&mut two[..1]).unwrap();
        assert_eq!(two[0], 4);
    }

    #[test]
    fn a_small_file_never_has_a_bar() {
        assert!(bar_for(PROGRESS_MIN_BYTES - 1, Output::File).is_none());
    }
}
