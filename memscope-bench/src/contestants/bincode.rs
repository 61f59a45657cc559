//! bincode 2.0.1 (pinned: bincode 3 is an empty crate) with its own
//! `Encode`/`Decode` derive and `config::standard()`, its default: varint
//! integers, little endian, no size limit. It writes straight into any
//! `io::Write` (`encode_into_std_write`): the shared vector for encode, the
//! shared buffered file for export; decode and read use
//! `decode_from_slice`, into a new `Vec`.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use super::{Contestant, Op, by_content, competitor_id, competitor_ops, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, MirrorRecord, Snapshot, digest_of};

/// bincode on one of the mirror types.
#[derive(Debug)]
pub struct Bincode<'a> {
    snapshot: &'a Snapshot,
    content: Content,
}

impl<'a> Bincode<'a> {
    /// bincode on the mirrors of `content`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Bincode { snapshot, content }
    }

    fn write<W: io::Write>(&self, out: &mut W) -> io::Result<usize> {
        by_content!(self.content, self.snapshot, |records, T| {
            bincode::encode_into_std_write(records, out, bincode::config::standard())
                .map_err(io::Error::other)
        })
    }

    fn decode_digest(&self, bytes: &[u8]) -> io::Result<Digest> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let (records, _): (Vec<T>, usize) =
                bincode::decode_from_slice(bytes, bincode::config::standard()).map_err(invalid)?;
            Ok(digest_of(&records))
        })
    }
}

impl Contestant for Bincode<'_> {
    fn id(&self) -> &'static str {
        competitor_id(self.content, "bincode", "bincode_basic")
    }

    fn label(&self) -> &'static str {
        competitor_id(self.content, "bincode 2.0.1", "bincode 2.0.1, 3 fields")
    }

    fn content(&self) -> Content {
        self.content
    }

    fn ops(&self) -> &'static [Op] {
        competitor_ops(self.content)
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(out).expect("writing to memory")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        self.decode_digest(bytes).expect("our own bytes")
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        self.write(out).map(drop)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        self.decode_digest(read_whole(path, scratch)?)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let (records, _): (Vec<T>, usize) =
                bincode::decode_from_slice(bytes, bincode::config::standard())
                    .expect("our own bytes");
            records.into_iter().map(T::into_mirror).collect()
        })
    }
}
