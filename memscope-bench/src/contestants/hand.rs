//! The floor: what a careful person writes by hand for our two record
//! layouts, byte for byte the same as the derived codec
//! ([`derived`](super::derived)): little-endian `ptr`, `size`, `timestamp`
//! (24 bytes), and in the detailed layout the two names as u16-prefixed
//! UTF-8 (empty when absent) and a flags byte (bit 0: `var_name` present,
//! bit 1: `type_name` present). It checks what the derived decoder checks
//! (lengths, UTF-8, flag bits, absent names empty) and builds the same
//! `AllocationInfo`s.

use std::io::{self, Write};

use memscope_tracker::AllocationInfo;

use super::{RecordCodec, invalid};
use crate::data::{Content, Snapshot};

/// Writes the basic record: 24 bytes.
#[inline]
pub fn write_basic<W: Write + ?Sized>(r: &AllocationInfo, w: &mut W) -> io::Result<usize> {
    let mut head = [0u8; 24];
    head[0..8].copy_from_slice(&(r.ptr as u64).to_le_bytes());
    head[8..16].copy_from_slice(&(r.size as u64).to_le_bytes());
    head[16..24].copy_from_slice(&r.timestamp_alloc.to_le_bytes());
    w.write_all(&head)?;
    Ok(24)
}

/// Writes the detailed record.
#[inline]
pub fn write_detailed<W: Write + ?Sized>(r: &AllocationInfo, w: &mut W) -> io::Result<usize> {
    let mut written = write_basic(r, w)?;
    let mut flags = 0u8;
    for (bit, name) in [&r.var_name, &r.type_name].into_iter().enumerate() {
        let text = name.as_deref().unwrap_or("");
        let len = u16::try_from(text.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "name too long"))?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(text.as_bytes())?;
        written += 2 + text.len();
        if name.is_some() {
            flags |= 1 << bit;
        }
    }
    w.write_all(&[flags])?;
    Ok(written + 1)
}

/// Decodes a basic record from the front of `bytes`, with the bytes used.
#[inline]
pub fn decode_basic(bytes: &[u8]) -> Option<(AllocationInfo, usize)> {
    let head: &[u8; 24] = bytes.first_chunk()?;
    let word = |i: usize| u64::from_le_bytes(head[i..i + 8].try_into().unwrap());
    let info = AllocationInfo::new(
        usize::try_from(word(0)).ok()?,
        usize::try_from(word(8)).ok()?,
        word(16),
    );
    Some((info, 24))
}

/// Decodes a detailed record from the front of `bytes`, with the bytes
/// used; `None` for anything the format forbids.
#[inline]
pub fn decode_detailed(bytes: &[u8]) -> Option<(AllocationInfo, usize)> {
    let (mut info, mut at) = decode_basic(bytes)?;
    let mut name = || -> Option<&str> {
        let len = u16::from_le_bytes(*bytes.get(at..)?.first_chunk()?) as usize;
        let text = std::str::from_utf8(bytes.get(at + 2..at + 2 + len)?).ok()?;
        at += 2 + len;
        Some(text)
    };
    let var_name = name()?;
    let type_name = name()?;
    let flags = *bytes.get(at)?;
    if flags & !0b11 != 0 {
        return None;
    }
    let present = |bit: u8, text: &str| {
        if flags & bit != 0 {
            Some(Some(text.to_owned()))
        } else if text.is_empty() {
            Some(None)
        } else {
            None
        }
    };
    info.var_name = present(1, var_name)?;
    info.type_name = present(2, type_name)?;
    Some((info, at + 1))
}

/// The hand-written codec in one layout.
#[derive(Debug)]
pub struct Hand<'a> {
    records: &'a [AllocationInfo],
    content: Content,
}

impl<'a> Hand<'a> {
    /// The codec of the layout that carries `content`.
    pub fn new(snapshot: &'a Snapshot, content: Content) -> Self {
        Hand {
            records: &snapshot.records,
            content,
        }
    }
}

impl RecordCodec for Hand<'_> {
    fn names(&self) -> (&'static str, &'static str) {
        match self.content {
            Content::Basic => ("hand_basic", "hand-written basic (floor)"),
            Content::Detailed => ("hand_detailed", "hand-written detailed (floor)"),
        }
    }

    fn content(&self) -> Content {
        self.content
    }

    fn write<W: Write>(&self, out: &mut W) -> io::Result<usize> {
        let mut written = 0;
        match self.content {
            Content::Basic => {
                for r in self.records {
                    written += write_basic(r, out)?;
                }
            }
            Content::Detailed => {
                for r in self.records {
                    written += write_detailed(r, out)?;
                }
            }
        }
        Ok(written)
    }

    fn for_each(&self, bytes: &[u8], mut visit: impl FnMut(AllocationInfo)) -> io::Result<()> {
        let decode = match self.content {
            Content::Basic => decode_basic,
            Content::Detailed => decode_detailed,
        };
        let mut at = 0;
        while at < bytes.len() {
            let (record, used) =
                decode(&bytes[at..]).ok_or_else(|| invalid(format!("bad record at {at}")))?;
            visit(record);
            at += used;
        }
        Ok(())
    }
}
