//! Our JSON export: `JsonDocumentWriter` (the document the library's
//! `export_to_json` writes: one line per allocation, serde_json for each
//! record), read back by serde_json into typed structs (`from_slice`, its
//! fast path: the file is read whole first).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use memscope_export::{JsonDocumentWriter, JsonTables};

use super::{Contestant, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, Snapshot};

/// The export timestamp written into the document.
const TIMESTAMP: u64 = 1_795_600_000_000_000_000;

/// The JSON document's shape, for serde_json to parse into.
#[derive(Debug, serde::Deserialize)]
pub struct JsonDocument {
    /// Always `"memscope"`.
    pub format: String,
    /// The document shape's version.
    pub version: u32,
    /// Export time.
    pub timestamp: u64,
    /// The seven counters.
    pub stats: JsonStats,
    /// One per live allocation.
    pub allocations: Vec<JsonAllocation>,
}

/// The stats object of the document.
#[derive(Debug, serde::Deserialize)]
#[allow(missing_docs)]
pub struct JsonStats {
    pub total_allocations: u64,
    pub total_deallocations: u64,
    pub active_allocations: u64,
    pub active_memory: u64,
    pub peak_memory: u64,
    pub total_allocated: u64,
    pub total_deallocated: u64,
}

/// One allocation line of the document.
#[derive(Debug, serde::Deserialize)]
#[allow(missing_docs)]
pub struct JsonAllocation {
    pub ptr: u64,
    pub size: u64,
    pub timestamp_alloc: u64,
    pub var_name: Option<String>,
    pub type_name: Option<String>,
}

/// Our JSON export and serde_json's parse of it.
#[derive(Debug)]
pub struct Json<'a> {
    snapshot: &'a Snapshot,
}

impl<'a> Json<'a> {
    /// The JSON export of `snapshot`.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Json { snapshot }
    }

    fn write<W: Write>(&self, out: W) -> io::Result<()> {
        let header = memscope_export::JsonDocument {
            timestamp: TIMESTAMP,
            stats: &self.snapshot.stats,
            tables: JsonTables::None,
        };
        let mut document = JsonDocumentWriter::begin(out, header).map_err(io::Error::other)?;
        for record in &self.snapshot.records {
            document
                .record(&record.into(), None, None)
                .map_err(io::Error::other)?;
        }
        document.finish().map_err(io::Error::other)?;
        Ok(())
    }
}

fn parse(bytes: &[u8]) -> io::Result<JsonDocument> {
    serde_json::from_slice(bytes).map_err(invalid)
}

fn digest(document: &JsonDocument) -> Digest {
    let mut digest = Digest::default();
    for a in &document.allocations {
        digest.add(a.size, a.var_name.as_deref(), a.type_name.as_deref());
    }
    digest
}

impl Contestant for Json<'_> {
    fn id(&self) -> &'static str {
        "json"
    }

    fn label(&self) -> &'static str {
        "our JSON export"
    }

    fn content(&self) -> Content {
        Content::Detailed
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(&mut *out).expect("writing to memory");
        out.len()
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        digest(&parse(bytes).expect("our own document"))
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        // `finish` flushes the sink, as every other export's caller does.
        self.write(out)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        Ok(digest(&parse(read_whole(path, scratch)?)?))
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        parse(bytes)
            .expect("our own document")
            .allocations
            .into_iter()
            .map(|a| Mirror {
                ptr: a.ptr,
                size: a.size,
                timestamp: a.timestamp_alloc,
                var_name: a.var_name,
                type_name: a.type_name,
            })
            .collect()
    }
}
