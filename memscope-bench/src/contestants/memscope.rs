//! Our file format, whole: `BinaryExporter::export_to_writer` of a `FileContents` (header,
//! stats, record count, records, CRC-32 footer; zstd around the records
//! when compressed) and `BinaryReader` (streaming, every FORMAT.md rule
//! checked, CRC verified).
//!
//! The export goes from a `Vec<AllocationInfo>` through `export_to_writer`,
//! not from a `MemoryTracker`: the tracker's snapshot iteration is not
//! measured here. `export_to_writer` puts its own 64 KiB `BufWriter` in front
//! of the writer it is given, so it writes to the shared sink's file, past
//! the sink's buffer (see `export`).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader, FileContents, Records};

use super::Contestant;
use crate::data::{Content, Digest, Mirror, Snapshot};

/// Which configuration of the exporter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// 24-byte records, no names.
    Basic,
    /// Records with both names and the flags byte.
    Detailed,
    /// Detailed, zstd level 1.
    Zstd1,
    /// Detailed, zstd level 3.
    Zstd3,
}

/// Our exporter and reader in one [`Variant`].
#[derive(Debug)]
pub struct Memscope<'a> {
    snapshot: &'a Snapshot,
    variant: Variant,
    exporter: BinaryExporter,
}

impl<'a> Memscope<'a> {
    /// The exporter for `variant`, with a fixed timestamp so that every run
    /// writes the same bytes.
    pub fn new(snapshot: &'a Snapshot, variant: Variant) -> Self {
        let config = BinaryExportConfig::new().timestamp(1_795_600_000_000_000_000);
        let config = match variant {
            Variant::Basic => config,
            Variant::Detailed => config.include_details(true),
            Variant::Zstd1 => config.include_details(true).compression_level(1),
            Variant::Zstd3 => config.include_details(true).compression_level(3),
        };
        Memscope {
            snapshot,
            variant,
            exporter: BinaryExporter::new(config),
        }
    }

    fn write(&self, out: impl io::Write) -> io::Result<usize> {
        let contents = FileContents::new(self.snapshot.stats, &self.snapshot.records);
        let report = self
            .exporter
            .export_to_writer(&contents, out)
            .map_err(io::Error::other)?;
        Ok(report.file_size)
    }
}

fn digest<R: io::Read>(records: Records<R>) -> io::Result<Digest> {
    let mut digest = Digest::default();
    for record in records {
        digest.add_info(&record.map_err(io::Error::other)?.allocation);
    }
    Ok(digest)
}

impl Contestant for Memscope<'_> {
    fn id(&self) -> &'static str {
        match self.variant {
            Variant::Basic => "memscope_basic",
            Variant::Detailed => "memscope_detailed",
            Variant::Zstd1 => "memscope_zstd1",
            Variant::Zstd3 => "memscope_zstd3",
        }
    }

    fn label(&self) -> &'static str {
        match self.variant {
            Variant::Basic => "memscope basic",
            Variant::Detailed => "memscope detailed",
            Variant::Zstd1 => "memscope detailed + zstd 1",
            Variant::Zstd3 => "memscope detailed + zstd 3",
        }
    }

    fn content(&self) -> Content {
        match self.variant {
            Variant::Basic => Content::Basic,
            _ => Content::Detailed,
        }
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(&mut *out)
            .expect("a consistent snapshot exports")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        let mut reader = BinaryReader::from_bytes(bytes).expect("our own bytes");
        digest(reader.records()).expect("our own bytes")
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        // `export_to_writer` buffers (64 KiB, like the sink) and wants its
        // writer unbuffered, as `BinaryExporter::export` gives it the file.
        // Through the sink's buffer too, every byte would be copied twice:
        // its chunks end on record boundaries, a little short of 64 KiB, so
        // the sink copies each one rather than passing it through.
        out.flush()?;
        self.write(out.get_mut()).map(drop)
    }

    fn read(&mut self, path: &Path, _scratch: &mut Vec<u8>) -> io::Result<Digest> {
        // Streams from the file through the reader's own 64 KiB buffer.
        let mut reader = BinaryReader::open(path).map_err(io::Error::other)?;
        digest(reader.records())
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        BinaryReader::from_bytes(bytes)
            .expect("our own bytes")
            .records()
            .map(|r| Mirror::from(&r.expect("our own bytes").allocation))
            .collect()
    }
}
