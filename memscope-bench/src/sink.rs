//! The sinks every contestant writes through, owned by the caller and
//! reused across runs so that no contestant pays for allocating or faulting
//! in a fresh buffer that another skips.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::contestants::SINK_BUFFER;

/// A vector of `capacity` bytes whose pages have all been touched once,
/// emptied: encoding into it never reallocates or page-faults.
pub fn prefaulted(capacity: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; capacity];
    bytes.clear();
    bytes
}

/// One file behind a `BufWriter::with_capacity(64 KiB, ..)`, rewound and
/// truncated before each export.
#[derive(Debug)]
pub struct FileSink {
    path: PathBuf,
    writer: BufWriter<File>,
}

impl FileSink {
    /// Creates (or truncates) the file at `path`.
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(FileSink {
            path: path.to_path_buf(),
            writer: BufWriter::with_capacity(SINK_BUFFER, File::create(path)?),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Empties the file and returns the writer, positioned at its start,
    /// its buffer empty.
    pub fn rewind(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.writer.flush()?;
        let file = self.writer.get_mut();
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(&mut self.writer)
    }

    /// Flushes what the last export left in the buffer (no fsync: none of
    /// the contestants asks the disk to persist anything).
    pub fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
