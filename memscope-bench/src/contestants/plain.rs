//! Our derived codec on the three-field mirror, which is plain (three
//! `u64`s laid out as on the wire): `BinaryRecord::write_many` writes the
//! whole slice with one `write_all` and `decode_many` copies it back with
//! one `memcpy`, into a new `Vec` like the competitors' decoders. The
//! bytes are our basic records'; the row to read against speedy's three
//! fields, which does the same.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use memscope_binary::{BinaryRecord, Layout};

use super::{Contestant, Op, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, MirrorBasic, Snapshot, digest_of};

/// `write_many` / `decode_many` of [`MirrorBasic`].
#[derive(Debug)]
pub struct Plain<'a> {
    records: &'a [MirrorBasic],
}

impl<'a> Plain<'a> {
    /// The snapshot's three-field mirrors.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Plain {
            records: &snapshot.basic_mirrors,
        }
    }

    fn decode_vec(&self, bytes: &[u8]) -> io::Result<Vec<MirrorBasic>> {
        let count = bytes.len() / 24;
        let (records, _) =
            MirrorBasic::decode_many(bytes, count, Layout::Basic).map_err(invalid)?;
        Ok(records)
    }
}

impl Contestant for Plain<'_> {
    fn id(&self) -> &'static str {
        "derived_plain"
    }

    fn label(&self) -> &'static str {
        "derived codec, plain 3 fields (one copy)"
    }

    fn content(&self) -> Content {
        Content::Basic
    }

    fn ops(&self) -> &'static [Op] {
        &[Op::Encode, Op::Decode]
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        MirrorBasic::write_many(self.records, out, Layout::Basic).expect("writing to memory")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        digest_of(&self.decode_vec(bytes).expect("our own bytes"))
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        MirrorBasic::write_many(self.records, out, Layout::Basic)
            .map(drop)
            .map_err(io::Error::other)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        Ok(digest_of(&self.decode_vec(read_whole(path, scratch)?)?))
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        self.decode_vec(bytes)
            .expect("our own bytes")
            .into_iter()
            .map(Mirror::from)
            .collect()
    }
}
