//! speedy 0.8 with its own serde-free `Readable`/`Writable` derive, little
//! endian: fixed-width integers, a u8 tag per `Option`, u32 length
//! prefixes. It writes straight into any `io::Write` (`write_to_stream`,
//! one `write_all` per field): the shared vector for encode, the shared
//! buffered file for export; decode and read use `read_from_buffer`, into
//! a new `Vec`.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use speedy::{Readable, Writable};

use super::{Contestant, Op, by_content, competitor_id, competitor_ops, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, MirrorRecord, Snapshot, digest_of};

/// speedy on one of the mirror types.
#[derive(Debug)]
pub struct Speedy<'a> {
    snapshot: &'a Snapshot,
    content: Content,
}

impl<'a> Speedy<'a> {
    /// speedy on the mirrors of `content`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Speedy { snapshot, content }
    }

    fn write<W: io::Write>(&self, out: W) -> io::Result<()> {
        by_content!(self.content, self.snapshot, |records, T| {
            records.write_to_stream(out).map_err(io::Error::other)
        })
    }

    fn decode_digest(&self, bytes: &[u8]) -> io::Result<Digest> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let records = Vec::<T>::read_from_buffer(bytes).map_err(invalid)?;
            Ok(digest_of(&records))
        })
    }
}

impl Contestant for Speedy<'_> {
    fn id(&self) -> &'static str {
        competitor_id(self.content, "speedy", "speedy_basic")
    }

    fn label(&self) -> &'static str {
        competitor_id(self.content, "speedy 0.8", "speedy 0.8, 3 fields")
    }

    fn content(&self) -> Content {
        self.content
    }

    fn ops(&self) -> &'static [Op] {
        competitor_ops(self.content)
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(&mut *out).expect("writing to memory");
        out.len()
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        self.decode_digest(bytes).expect("our own bytes")
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        self.write(out)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        self.decode_digest(read_whole(path, scratch)?)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        by_content!(self.content, self.snapshot, |_records, T| {
            Vec::<T>::read_from_buffer(bytes)
                .expect("our own bytes")
                .into_iter()
                .map(T::into_mirror)
                .collect()
        })
    }
}
