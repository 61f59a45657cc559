//! An annotated hex dump of one record's bytes: each piece of the encoding
//! (a field, recursively into derived types, or a piece that is not a
//! field: the tag, a discriminant, a length, presence flags, a group of
//! bit fields) on its own lines, with its field path and its offset.
//!
//! ```
//! use memscope_binary::{BinaryRecord, Layout, hexdump};
//!
//! #[derive(BinaryRecord)]
//! struct Point { x: u16, y: u16 }
//!
//! #[derive(BinaryRecord)]
//! #[binary(tag = b"LINE")]
//! struct Line {
//!     from: Point,
//!     to: Point,
//!     #[binary(detail)]
//!     label: String,
//! }
//!
//! let line = Line { from: Point { x: 1, y: 2 }, to: Point { x: 3, y: 4 }, label: "ab".into() };
//! let bytes = line.to_bytes(Layout::Detailed).unwrap();
//! let dump = hexdump::annotate::<Line>(&bytes, Layout::Detailed).unwrap();
//! assert_eq!(dump.to_string(), "\
//! 00000000  4c 49 4e 45  Line.(tag)
//! 00000004  01 00        Line.from.x
//! 00000006  02 00        Line.from.y
//! 00000008  03 00        Line.to.x
//! 0000000a  04 00        Line.to.y
//! 0000000c  02 00 61 62  Line.label
//! ");
//! assert_eq!(dump.pieces[4].path, "Line.to.y");
//! assert_eq!((dump.pieces[4].start, dump.pieces[4].len), (10, 2));
//! ```

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

use crate::error::CodecError;
use crate::record::{BinaryRecord, BorrowRecord, Layout};

/// One piece of a record's encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its field path: `Line.from.x`, `Event.(discriminant)`.
    pub path: String,
    /// Where it begins, from the record's first byte.
    pub start: usize,
    /// How many bytes it has.
    pub len: usize,
}

/// The pieces of one record and its bytes, which [`fmt::Display`] renders
/// as an annotated hex dump: an offset, at most 16 bytes in hex, and the
/// field path, per line (a longer piece continues on the next lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexDump {
    /// The pieces in wire order; together they cover the record.
    pub pieces: Vec<Piece>,
    /// The record's bytes.
    pub bytes: Vec<u8>,
}

/// Decodes one `T` in `layout` from the front of `bytes` and returns where
/// each piece of it lies. An input that does not decode is the decoder's
/// error, with its path and offset; bytes after the record are not part of
/// the dump.
pub fn annotate<'de, T: BorrowRecord<'de>>(
    bytes: &'de [u8],
    layout: Layout,
) -> Result<HexDump, CodecError> {
    let (value, used) = T::decode_borrowed(bytes, layout)?;
    Ok(annotate_value(
        &value,
        layout,
        &bytes[..used.min(bytes.len())],
    ))
}

/// Where each piece of `value`'s encoding in `layout` lies, with `bytes`
/// (its encoding) to show beside them.
pub fn annotate_value<T: BinaryRecord>(value: &T, layout: Layout, bytes: &[u8]) -> HexDump {
    let mut pieces = Pieces {
        pieces: Vec::new(),
        path: String::from(T::schema(layout).name),
        offset: 0,
    };
    value.__pieces(layout, &mut pieces);
    HexDump {
        pieces: pieces.pieces,
        bytes: bytes.to_vec(),
    }
}

/// Collects the pieces of one value, as the derived `__pieces` methods
/// visit them: each field entered with [`field`](Self::field), each piece
/// that has no named parts measured with [`leaf`](Self::leaf). (Called by
/// generated code.)
#[derive(Debug)]
pub struct Pieces {
    pieces: Vec<Piece>,
    path: String,
    offset: usize,
}

impl Pieces {
    /// Visits the parts of the field `name`.
    pub fn field(&mut self, name: &str, visit: impl FnOnce(&mut Self)) {
        let outer = self.path.len();
        self.path.push('.');
        self.path.push_str(name);
        visit(self);
        self.path.truncate(outer);
    }

    /// A piece of `len` bytes at the current path.
    pub fn leaf(&mut self, len: usize) {
        self.pieces.push(Piece {
            path: self.path.clone(),
            start: self.offset,
            len,
        });
        self.offset = self.offset.saturating_add(len);
    }
}

/// Bytes shown per line.
const PER_LINE: usize = 16;

impl fmt::Display for HexDump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hex column is as wide as the widest line needs.
        let widest = self
            .pieces
            .iter()
            .map(|piece| piece.len.min(PER_LINE))
            .max()
            .unwrap_or(0);
        let column = widest * 3 + 1;
        for piece in &self.pieces {
            let end = piece.start.saturating_add(piece.len).min(self.bytes.len());
            let bytes = self.bytes.get(piece.start..end).unwrap_or(&[]);
            let mut lines = bytes.chunks(PER_LINE).peekable();
            if lines.peek().is_none() {
                // An empty piece (an empty list) still has its line.
                writeln!(f, "{:08x}  {:column$}{}", piece.start, "", piece.path)?;
                continue;
            }
            let mut at = piece.start;
            for line in lines {
                let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
                let hex = hex.join(" ");
                let path = match at == piece.start {
                    true => piece.path.as_str(),
                    false => "",
                };
                let text = format!("{at:08x}  {hex:column$}{path}");
                writeln!(f, "{}", text.trim_end())?;
                at += line.len();
            }
        }
        Ok(())
    }
}
