//! postcard 1.x through serde (`Serialize`/`Deserialize` derived on the
//! mirrors). Integers are varints, so its files are smaller than fixed-width
//! ones. It writes straight into any `io::Write` (`postcard::to_io`): the
//! shared vector for encode, the shared buffered file for export; it
//! decodes only from a slice (`from_bytes`), into a new `Vec`.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

use super::{Contestant, Op, by_content, competitor_id, competitor_ops, invalid, read_whole};
use crate::data::{Content, Digest, Mirror, MirrorRecord, Snapshot, digest_of};

/// postcard on one of the mirror types.
#[derive(Debug)]
pub struct Postcard<'a> {
    snapshot: &'a Snapshot,
    content: Content,
}

impl<'a> Postcard<'a> {
    /// postcard on the mirrors of `content`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Postcard { snapshot, content }
    }

    fn write<W: io::Write>(&self, out: W) -> io::Result<()> {
        by_content!(self.content, self.snapshot, |records, T| {
            postcard::to_io(records, out).map_err(io::Error::other)?;
        });
        Ok(())
    }

    fn decode_digest(&self, bytes: &[u8]) -> io::Result<Digest> {
        by_content!(self.content, self.snapshot, |_records, T| {
            let records: Vec<T> = postcard::from_bytes(bytes).map_err(invalid)?;
            Ok(digest_of(&records))
        })
    }
}

impl Contestant for Postcard<'_> {
    fn id(&self) -> &'static str {
        competitor_id(self.content, "postcard", "postcard_basic")
    }

    fn label(&self) -> &'static str {
        competitor_id(
            self.content,
            "postcard 1 (serde)",
            "postcard 1 (serde), 3 fields",
        )
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
            let records: Vec<T> = postcard::from_bytes(bytes).expect("our own bytes");
            records.into_iter().map(T::into_mirror).collect()
        })
    }
}
