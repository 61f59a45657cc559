//! Exporters: what a [`MemoryTracker`](crate::MemoryTracker) holds, written
//! to a stream or, atomically, to a file.
//!
//! Every exporter reads the tracker through
//! [`with_live_allocations`](crate::MemoryTracker::with_live_allocations),
//! so a document's stats always agree with its records.

mod atomic;
pub mod json;

use std::io::{self, Write};
use std::time::Duration;

pub(crate) use atomic::write_atomically;

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportSummary {
    /// Allocation records written.
    pub allocations: u64,
    /// Bytes written.
    pub bytes: u64,
    /// How long the export took, waiting for the tracker's locks included.
    pub elapsed: Duration,
}

/// A writer that counts the bytes it passes on.
pub(crate) struct CountingWriter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> CountingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        CountingWriter { inner, bytes: 0 }
    }

    /// Bytes written so far.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes = self.bytes.saturating_add(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
