//! The [`BinaryRecord`] trait, the [`Layout`] that selects which fields are
//! written, and [`EncodedSize`], the compile-time bounds on an encoding.

use std::io::{Read, Write};

use crate::error::CodecError;

/// Which of a record's two encodings to use.
///
/// The basic layout writes every field except those marked
/// `#[binary(detail)]`; the detailed layout writes those too. The caller
/// chooses at run time and the choice travels down into nested records, so
/// one value can be written compactly or in full.
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
///
/// #[derive(BinaryRecord, Debug, PartialEq)]
/// struct Event {
///     at: u64,
///     #[binary(detail)]
///     note: String,
/// }
///
/// let e = Event { at: 7, note: "hi".into() };
/// assert_eq!(e.to_bytes(Layout::Basic).unwrap().len(), 8);
/// assert_eq!(e.to_bytes(Layout::Detailed).unwrap().len(), 8 + 2 + 2);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Only the fields that are not marked `detail`.
    #[default]
    Basic,
    /// Every field that is not skipped.
    Detailed,
}

/// Bounds on how many bytes every value of a type encodes to in one layout,
/// known at compile time.
///
/// `min == max` means every value encodes to exactly that many bytes (see
/// [`EncodedSize::exact_len`]). Readers use `min` to reject a record count
/// that the remaining input cannot hold, and `max` to refuse input that
/// inflates past what a count of records can occupy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EncodedSize {
    /// No value encodes to fewer bytes.
    pub min: usize,
    /// No value encodes to more bytes; `None` when there is no such bound
    /// (or it does not fit in `usize`).
    pub max: Option<usize>,
}

impl EncodedSize {
    /// Zero bytes, always.
    pub const ZERO: EncodedSize = EncodedSize::exact(0);

    /// Nothing is known: anything from zero bytes up.
    pub const UNKNOWN: EncodedSize = EncodedSize { min: 0, max: None };

    /// Exactly `n` bytes.
    pub const fn exact(n: usize) -> Self {
        EncodedSize {
            min: n,
            max: Some(n),
        }
    }

    /// `Some(n)` when every value encodes to exactly `n` bytes.
    pub const fn exact_len(self) -> Option<usize> {
        match self.max {
            Some(max) if max == self.min => Some(max),
            _ => None,
        }
    }

    /// The size of `self` followed by `next`.
    pub const fn then(self, next: EncodedSize) -> Self {
        EncodedSize {
            min: self.min.saturating_add(next.min),
            max: match (self.max, next.max) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            },
        }
    }

    /// The size of `count` values in a row.
    pub const fn repeat(self, count: usize) -> Self {
        EncodedSize {
            min: self.min.saturating_mul(count),
            max: match self.max {
                Some(max) => max.checked_mul(count),
                None => None,
            },
        }
    }

    /// The size of either `self` or `other`.
    pub const fn either(self, other: EncodedSize) -> Self {
        EncodedSize {
            min: if self.min < other.min {
                self.min
            } else {
                other.min
            },
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(if a > b { a } else { b }),
                _ => None,
            },
        }
    }

    /// The size of a length prefix of `width` followed by up to
    /// `width.max_len()` elements of size `element`.
    pub const fn length_prefixed(width: crate::LenWidth, element: EncodedSize) -> Self {
        let prefix = width.bytes();
        let max = match element.max {
            Some(0) => Some(prefix),
            // Lengths fit in u32, which fits in usize on every supported target.
            Some(max) => match max.checked_mul(width.max_len() as usize) {
                Some(body) => body.checked_add(prefix),
                None => None,
            },
            None => None,
        };
        EncodedSize { min: prefix, max }
    }
}

/// A value with a little-endian binary encoding in two layouts.
///
/// Derive it with `#[derive(BinaryRecord)]` (see the [crate docs](crate) for
/// the attributes); the impls for integers, floats, `bool`, `char`,
/// `String`, `Option`, `Vec`, arrays, tuples and `Box` live in this crate.
///
/// Encodings carry no padding and no type information: a reader must know
/// the type and the layout. Every method reports errors as [`CodecError`]s
/// that name the field path and the byte offset.
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
///
/// #[derive(BinaryRecord, Debug, PartialEq)]
/// struct Block {
///     ptr: usize,
///     size: u64,
/// }
/// assert_eq!(Block::BASIC_SIZE.exact_len(), Some(16));
///
/// let block = Block { ptr: 0x1000, size: 64 };
/// let mut bytes = Vec::new();
/// assert_eq!(block.write_to(&mut bytes).unwrap(), 16);
/// assert_eq!(Block::read_from(&mut bytes.as_slice()).unwrap(), block);
///
/// let (decoded, used) = Block::decode_slice(&bytes, Layout::Basic).unwrap();
/// assert_eq!((decoded, used), (block, 16));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no binary encoding",
    label = "`{Self}` does not implement `BinaryRecord`",
    note = "derive it with `#[derive(BinaryRecord)]`, skip the field with `#[binary(skip)]`, or give it a codec with `#[binary(with = ...)]`"
)]
pub trait BinaryRecord: Sized {
    /// Bounds on the basic encoding of every value.
    const BASIC_SIZE: EncodedSize;

    /// Bounds on the detailed encoding of every value.
    const DETAILED_SIZE: EncodedSize;

    /// Writes the value in `layout` and returns how many bytes it wrote.
    fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout)
    -> Result<usize, CodecError>;

    /// Reads one value in `layout`, consuming exactly its bytes.
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError>;

    /// Decodes one value in `layout` from the front of `bytes`, without a
    /// `Read` adapter, and returns it with the number of bytes it used.
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError>;

    /// How many bytes [`write_with`](Self::write_with) writes for this
    /// value in `layout`.
    fn encoded_len(&self, layout: Layout) -> usize;

    /// Bounds on every value's encoding in `layout`.
    #[inline]
    fn encoded_size(layout: Layout) -> EncodedSize {
        match layout {
            Layout::Basic => Self::BASIC_SIZE,
            Layout::Detailed => Self::DETAILED_SIZE,
        }
    }

    /// Writes the basic encoding and returns how many bytes it wrote.
    #[inline]
    fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> Result<usize, CodecError> {
        self.write_with(w, Layout::Basic)
    }

    /// Reads one value in the basic layout.
    #[inline]
    fn read_from<R: Read + ?Sized>(r: &mut R) -> Result<Self, CodecError> {
        Self::read_with(r, Layout::Basic)
    }

    /// The encoding in `layout`, as a new vector of exactly the right size.
    fn to_bytes(&self, layout: Layout) -> Result<Vec<u8>, CodecError> {
        let mut bytes = Vec::with_capacity(self.encoded_len(layout));
        self.write_with(&mut bytes, layout)?;
        Ok(bytes)
    }
}
