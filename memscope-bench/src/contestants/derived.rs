//! Our derived codec alone: `BinaryRecord::write_with` and `decode_slice`
//! per record, the records back to back with no file framing (no header,
//! count, checksum or buffer of its own). The same bytes as the records
//! segment of our file, and exactly what [`hand`](super::hand) writes.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use memscope_binary::{AllocationInfo, BinaryRecord, Layout};

use super::{Contestant, read_whole};
use crate::data::{Content, Digest, Mirror, Snapshot};

/// The derived `BinaryRecord` impl of `AllocationInfo` in one layout.
#[derive(Debug)]
pub struct Derived<'a> {
    records: &'a [AllocationInfo],
    content: Content,
}

impl<'a> Derived<'a> {
    /// The codec in the layout that carries `content`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Derived {
            records: &snapshot.records,
            content,
        }
    }

    fn layout(&self) -> Layout {
        layout(self.content)
    }

    fn write<W: Write>(&self, out: &mut W) -> io::Result<usize> {
        let layout = self.layout();
        let mut written = 0;
        for record in self.records {
            written += record.write_with(out, layout).map_err(io::Error::other)?;
        }
        Ok(written)
    }

    fn for_each(&self, bytes: &[u8], mut visit: impl FnMut(AllocationInfo)) -> io::Result<()> {
        let layout = self.layout();
        let mut at = 0;
        while at < bytes.len() {
            let (record, used) =
                AllocationInfo::decode_slice(&bytes[at..], layout).map_err(io::Error::other)?;
            visit(record);
            at += used;
        }
        Ok(())
    }
}

/// Our layout for `content`.
pub fn layout(content: Content) -> Layout {
    match content {
        Content::Basic => Layout::Basic,
        Content::Detailed => Layout::Detailed,
    }
}

impl Contestant for Derived<'_> {
    fn id(&self) -> &'static str {
        match self.content {
            Content::Basic => "derived_basic",
            Content::Detailed => "derived_detailed",
        }
    }

    fn label(&self) -> &'static str {
        match self.content {
            Content::Basic => "derived codec basic (records only)",
            Content::Detailed => "derived codec detailed (records only)",
        }
    }

    fn content(&self) -> Content {
        self.content
    }

    fn encode(&mut self, out: &mut Vec<u8>) -> usize {
        self.write(out).expect("names fit their prefixes")
    }

    fn decode(&mut self, bytes: &[u8]) -> Digest {
        let mut digest = Digest::default();
        self.for_each(bytes, |r| digest.add_info(&r))
            .expect("our own bytes");
        digest
    }

    fn export(&mut self, out: &mut BufWriter<File>) -> io::Result<()> {
        self.write(out).map(drop)
    }

    fn read(&mut self, path: &Path, scratch: &mut Vec<u8>) -> io::Result<Digest> {
        let bytes = read_whole(path, scratch)?;
        let mut digest = Digest::default();
        self.for_each(bytes, |r| digest.add_info(&r))?;
        Ok(digest)
    }

    fn decode_to_mirrors(&mut self, bytes: &[u8]) -> Vec<Mirror> {
        let mut mirrors = Vec::new();
        self.for_each(bytes, |r| mirrors.push(Mirror::from(&r)))
            .expect("our own bytes");
        mirrors
    }
}
