//! Our derived codec alone: `BinaryRecord::write_with` and `decode_slice`
//! per record, the records back to back with no file framing (no header,
//! count, checksum or buffer of its own). The same bytes as the records
//! segment of our file, and exactly what [`hand`](super::hand) writes.

use std::io::{self, Write};

use memscope_binary::{BinaryRecord, Layout};
use memscope_tracker::AllocationInfo;

use super::RecordCodec;
use crate::data::{Content, Snapshot};

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
}

/// Our layout for `content`.
pub fn layout(content: Content) -> Layout {
    match content {
        Content::Basic => Layout::Basic,
        Content::Detailed => Layout::Detailed,
    }
}

impl RecordCodec for Derived<'_> {
    fn names(&self) -> (&'static str, &'static str) {
        match self.content {
            Content::Basic => ("derived_basic", "derived codec basic (records only)"),
            Content::Detailed => ("derived_detailed", "derived codec detailed (records only)"),
        }
    }

    fn content(&self) -> Content {
        self.content
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
