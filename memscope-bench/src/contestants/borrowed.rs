//! Our derived codec in the detailed layout, decoded borrowed:
//! [`AllocationRecord`]`::decode_borrowed` per record, its two names slices
//! of the input, so a record allocates nothing. The same bytes as
//! [`derived`](super::derived)'s detailed records (it writes them with
//! `write_borrowed`); each record is visited as it is decoded, as the
//! derived row does.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use memscope_binary::{BorrowRecord, Layout};

use super::{Contestant, Op, invalid, read_whole};
use crate::data::{AllocationRecord, Content, Digest, Mirror, Snapshot};

/// `AllocationRecord<'_>` in the detailed layout.
#[derive(Debug)]
pub struct Borrowed<'a> {
    records: Vec<AllocationRecord<'a>>,
}

impl<'a> Borrowed<'a> {
    /// The snapshot's records, borrowed.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Borrowed {
            records: snapshot
                .records
                .iter()
                .map(AllocationRecord::from)
                .collect(),
        }
    }

    fn write<W: Write>(&self, out: &mut W) -> io::Result<usize> {
        let mut written = 0;
        for record in &self.records {
            written += record
                .write_borrowed(out, Layout::Detailed)
                .map_err(io::Error::other)?;
        }
        Ok(written)
    }

    fn for_each<'b>(
        bytes: &'b [u8],
        mut visit: impl FnMut(AllocationRecord<'b>),
    ) -> io::Result<()> {
        let mut at = 0;
        while at < bytes.len() {
            let (record, used) = AllocationRecord::decode_borrowed(&bytes[at..], Layout::Detailed)
                .map_err(invalid)?;
            visit(record);
            at += used;
        }
        Ok(())
    }

    fn digest(bytes: &[u8]) -> io::Result<Digest> {
        let mut digest = Digest::default();
        Self::for_each(bytes, |r| {
            digest.add(r.size as u64, r.var_name, r.type_name)
        })?;
        Ok(digest)
    }
}

impl Contestant for Borrowed<'_> {
    fn id(&self) -> &'static str {
        "borrowed_detailed"
    }

    fn label(&self) -> &'static str {
        "derived codec detailed, borrowed (records only)"
    }

    fn content(&self) -> Content {
        Content::Detailed
    }

    fn ops(&self) -> &'static [Op] {
        &[Op::Encode, Op::Decode]
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(out).expect("names fit their prefixes")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        Self::digest(bytes).expect("our own bytes")
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        self.write(out).map(drop)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        Self::digest(read_whole(path, scratch)?)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        let mut mirrors = Vec::new();
        Self::for_each(bytes, |r| {
            mirrors.push(Mirror {
                ptr: r.ptr as u64,
                size: r.size as u64,
                timestamp: r.timestamp_alloc,
                var_name: r.var_name.map(str::to_owned),
                type_name: r.type_name.map(str::to_owned),
            })
        })
        .expect("our own bytes");
        mirrors
    }
}
