//! bitcode 0.6 with its own `Encode`/`Decode` derive. bitcode encodes a
//! whole value at once, column by column, and cannot write into a caller's
//! buffer or writer: `bitcode::Buffer` is its way to reuse memory, keeping
//! its column encoders and its output vector between calls. So encode
//! produces the bytes in that reused buffer (not in the shared vector:
//! copying them there would be work the others do not do); export writes
//! that buffer's bytes to the shared sink with one `write_all`; decode and
//! read go through `Buffer::decode`, which reuses the column decoders and
//! returns a new `Vec<Mirror>`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{Contestant, Op, by_content, competitor_id, competitor_ops, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, MirrorRecord, Snapshot, digest_of};

/// bitcode on one of the mirror types.
pub struct Bitcode<'a> {
    snapshot: &'a Snapshot,
    content: Content,
    buffer: bitcode::Buffer,
}

impl std::fmt::Debug for Bitcode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bitcode")
            .field("content", &self.content)
            .finish_non_exhaustive()
    }
}

impl<'a> Bitcode<'a> {
    /// bitcode on the mirrors of `content`, with a new `Buffer`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Bitcode {
            snapshot,
            content,
            buffer: bitcode::Buffer::new(),
        }
    }

    fn decode_digest(&mut self, bytes: &[u8]) -> io::Result<Digest> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let records: Vec<T> = self.buffer.decode(bytes).map_err(invalid)?;
            Ok(digest_of(&records))
        })
    }
}

impl Contestant for Bitcode<'_> {
    fn id(&self) -> &'static str {
        competitor_id(self.content, "bitcode", "bitcode_basic")
    }

    fn label(&self) -> &'static str {
        competitor_id(self.content, "bitcode 0.6", "bitcode 0.6, 3 fields")
    }

    fn content(&self) -> Content {
        self.content
    }

    fn ops(&self) -> &'static [Op] {
        competitor_ops(self.content)
    }

    fn encode(&mut self, _out: &mut Vec<u8>) -> usize {
        by_content!(self.content, self.snapshot, |records, T| self
            .buffer
            .encode(records)
            .len())
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        self.decode_digest(bytes).expect("our own bytes")
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        let bytes = by_content!(self.content, self.snapshot, |records, T| self
            .buffer
            .encode(records));
        out.write_all(bytes)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        self.decode_digest(read_whole(path, scratch)?)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let records: Vec<T> = self.buffer.decode(bytes).expect("our own bytes");
            records.into_iter().map(T::into_mirror).collect()
        })
    }
}
