//! The I/O floor: our files' bytes, already made, written to the shared
//! sink with one `write_all` and read back with one `read_to_end` into the
//! shared pre-sized vector. No format can export or read the same bytes
//! faster through the same file calls.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::read_whole;

/// Writes and reads the bytes of one of our files.
#[derive(Debug)]
pub struct IoFloor {
    id: &'static str,
    label: &'static str,
    bytes: Vec<u8>,
}

impl IoFloor {
    /// The floor for `bytes`, the file of the contestant `of`:
    /// `memscope_basic` or `memscope_detailed` (any other id panics).
    pub fn new(of: &str, bytes: Vec<u8>) -> Self {
        let (id, label) = match of {
            "memscope_basic" => ("io_floor_basic", "I/O floor, basic file's bytes"),
            "memscope_detailed" => ("io_floor_detailed", "I/O floor, detailed file's bytes"),
            other => panic!("no I/O floor is set up for {other}"),
        };
        IoFloor { id, label, bytes }
    }

    /// Benchmark id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The row's label.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// How many bytes it writes and reads.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// One `write_all` of the bytes (a write of 64 KiB or more goes past
    /// the sink's buffer straight to the file).
    pub fn export(&self, out: &mut BufWriter<File>) -> io::Result<()> {
        out.write_all(&self.bytes)
    }

    /// One `read_to_end` of the file at `path` into `scratch`; the bytes
    /// read.
    pub fn read(&self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<usize> {
        Ok(read_whole(path, scratch)?.len())
    }
}
