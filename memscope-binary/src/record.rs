//! The [`BinaryRecord`] trait, the [`Layout`] that selects which fields are
//! written, and [`EncodedSize`], the compile-time bounds on an encoding.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::CodecError;
use crate::plain::Plain;

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

    /// At least `self.min` bytes, and no upper bound: an extensible record,
    /// which a newer writer may have made longer.
    pub const fn at_least(self) -> Self {
        EncodedSize {
            min: self.min,
            max: None,
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

    /// The size of up to `count` values in a row: anything from none of
    /// them (a `#[binary(count = field)]` sequence, whose length is held
    /// elsewhere).
    pub const fn up_to(count: u64, element: EncodedSize) -> Self {
        EncodedSize {
            min: 0,
            max: match element.max {
                Some(0) => Some(0),
                // A count over `usize::MAX` bytes is no bound at all.
                Some(max) if count <= usize::MAX as u64 => max.checked_mul(count as usize),
                _ => None,
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

/// A value with a binary encoding in two layouts: the one trait every
/// encodable type implements, owned or borrowed.
///
/// Derive it with `#[derive(BinaryRecord)]` (see the [crate docs](crate) for
/// the attributes); the impls for integers, floats, `bool`, `char`,
/// `String`, `Option`, `Vec`, arrays, tuples, `Box`, `Rc`, `Arc`, `Cow`,
/// maps and sets, `Duration`, the `NonZero` integers, IP addresses, `&str`
/// and `&[u8]` live in this crate (see the [crate docs](crate#std-types) for
/// their bytes).
///
/// One family, as serde's `Deserialize<'de>` and `DeserializeOwned`: every
/// type writes itself, says its sizes and its [`Schema`](crate::Schema)
/// through this trait, and decodes from a slice that outlives it through
/// [`BorrowRecord<'de>`], its subtrait. A type that borrows nothing (every
/// std type but `&str` and `&[u8]`, every derived type without a borrowing
/// field) also decodes into an owned value here, from a slice
/// ([`decode_slice`](Self::decode_slice)) or a [`Read`]
/// ([`read_with`](Self::read_with)). A type that borrows (a derived
/// `Entry<'a>` with a `&'a str`) has the same encoding methods, `to_bytes`
/// included, and decodes with [`BorrowRecord::decode_borrowed`]; asking it
/// for `decode_slice` or `read_with` is a compile error (`cargo build`
/// reports it where the call is instantiated).
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
///
/// // A borrowed record writes with the same methods.
/// #[derive(BinaryRecord)]
/// struct Named<'a> {
///     id: u32,
///     name: &'a str,
/// }
/// assert_eq!(Named { id: 1, name: "a" }.to_bytes(Layout::Basic).unwrap(), [1, 0, 0, 0, 1, 0, b'a']);
/// ```
///
/// A hand-written impl provides the sizes, `write_with` and `encoded_len`,
/// and for an owned type `decode_slice` and `read_with`; its
/// `BorrowRecord` impl delegates:
///
/// ```
/// use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
///
/// struct Millis(u64);
///
/// impl BinaryRecord for Millis {
///     const BASIC_SIZE: EncodedSize = EncodedSize::exact(8);
///     const DETAILED_SIZE: EncodedSize = EncodedSize::exact(8);
///
///     fn write_with<W: std::io::Write + ?Sized>(&self, w: &mut W, l: Layout) -> Result<usize, CodecError> {
///         self.0.write_with(w, l)
///     }
///     fn read_with<R: std::io::Read + ?Sized>(r: &mut R, l: Layout) -> Result<Self, CodecError> {
///         u64::read_with(r, l).map(Millis)
///     }
///     fn decode_slice(b: &[u8], l: Layout) -> Result<(Self, usize), CodecError> {
///         u64::decode_slice(b, l).map(|(v, n)| (Millis(v), n))
///     }
///     fn encoded_len(&self, _: Layout) -> usize {
///         8
///     }
/// }
///
/// impl<'de> BorrowRecord<'de> for Millis {
///     fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
///         Self::decode_slice(bytes, layout)
///     }
/// }
///
/// assert_eq!(Millis(5).to_bytes(Layout::Basic).unwrap(), 5u64.to_le_bytes());
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

    /// Whether the type's memory is its encoding, so that slices of it are
    /// copied in bulk. Set by this crate and the derive, after proving it;
    /// no other impl should set it (only `unsafe` code can make it true).
    #[doc(hidden)]
    const __PLAIN: Plain<Self> = Plain::NO;

    /// Writes the value in `layout` and returns how many bytes it wrote.
    fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout)
    -> Result<usize, CodecError>;

    /// How many bytes [`write_with`](Self::write_with) writes for this
    /// value in `layout`.
    fn encoded_len(&self, layout: Layout) -> usize;

    /// Reads one value in `layout`, consuming exactly its bytes. Every type
    /// that borrows nothing provides it; for one that borrows, a call is a
    /// compile error.
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        let _ = (r, layout);
        #[allow(clippy::let_unit_value)]
        let () = <crate::__private::NotOwned<Self>>::ERROR;
        unreachable!("evaluating NotOwned::ERROR fails to compile")
    }

    /// Decodes one value in `layout` from the front of `bytes`, without a
    /// `Read` adapter, and returns it with the number of bytes it used.
    /// Every type that borrows nothing provides it; for one that borrows,
    /// a call is a compile error (use [`BorrowRecord::decode_borrowed`]).
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        let _ = (bytes, layout);
        #[allow(clippy::let_unit_value)]
        let () = <crate::__private::NotOwned<Self>>::ERROR;
        unreachable!("evaluating NotOwned::ERROR fails to compile")
    }

    /// The wire layout of the type in `layout`: its fields in wire order,
    /// their types, offsets and sizes (see [`Schema`](crate::Schema)).
    /// Derived types list their fields; a type without fields of its own
    /// (an integer, a `String`, a hand-written impl) is one opaque piece.
    fn schema(layout: Layout) -> crate::Schema {
        crate::Schema::opaque::<Self>(layout)
    }

    /// Where each piece of this value's encoding in `layout` lies, for
    /// [`hexdump`](crate::hexdump): derived types name their fields (and
    /// recurse into derived fields); other types are one piece.
    #[doc(hidden)]
    fn __pieces(&self, layout: Layout, out: &mut crate::hexdump::Pieces) {
        out.leaf(self.encoded_len(layout));
    }

    /// [`write_with`](Self::write_with) in big-endian byte order when `BE`:
    /// what a `#[binary(big_endian)]` field calls. Types with a byte order
    /// of their own (integers, floats, and the std types that hold them)
    /// override it; others (a derived type, a string's bytes) write as they
    /// always do.
    #[doc(hidden)]
    #[inline]
    fn __write_ordered<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        self.write_with(w, layout)
    }

    /// [`read_with`](Self::read_with) in big-endian byte order when `BE`.
    #[doc(hidden)]
    #[inline]
    fn __read_ordered<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        Self::read_with(r, layout)
    }

    /// [`decode_slice`](Self::decode_slice) in big-endian byte order when
    /// `BE`.
    #[doc(hidden)]
    #[inline]
    fn __decode_ordered<const BE: bool>(
        bytes: &[u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        Self::decode_slice(bytes, layout)
    }

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

    /// Writes `values` back to back in `layout`, with no count, and returns
    /// how many bytes that was. A slice of a plain struct (fixed-size
    /// integers, floats and arrays of them, laid out in memory as on the
    /// wire: the derive checks) is written with one `write_all`.
    ///
    /// ```
    /// use memscope_binary::{BinaryRecord, Layout};
    ///
    /// #[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
    /// struct Block {
    ///     ptr: u64,
    ///     size: u64,
    ///     timestamp: u64,
    /// }
    ///
    /// let blocks = vec![Block { ptr: 1, size: 2, timestamp: 3 }; 1000];
    /// let mut bytes = Vec::new();
    /// assert_eq!(Block::write_many(&blocks, &mut bytes, Layout::Basic).unwrap(), 24_000);
    /// let (back, used) = Block::decode_many(&bytes, 1000, Layout::Basic).unwrap();
    /// assert_eq!((back, used), (blocks, 24_000));
    /// ```
    fn write_many<W: Write + ?Sized>(
        values: &[Self],
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        crate::impls::seq::write_slice(values, w, Self::__PLAIN, |value, w| {
            value.write_with(w, layout)
        })
    }

    /// Decodes `count` values written back to back in `layout` from the
    /// front of `bytes`, and returns them with the bytes used. The count is
    /// checked against `bytes` before anything is allocated; values of a
    /// plain struct are copied with one `memcpy`.
    fn decode_many(
        bytes: &[u8],
        count: usize,
        layout: Layout,
    ) -> Result<(Vec<Self>, usize), CodecError> {
        <Vec<Self> as crate::LengthPrefixed>::decode_elements::<false>(bytes, count as u64, layout)
    }
}

/// Decoding from a slice that outlives the value: `&'a str` and `&'a [u8]`
/// fields borrow their bytes from it instead of copying them, so decoding
/// allocates nothing for them. The decoding half of the [`BinaryRecord`]
/// family, as serde's `Deserialize<'de>`: every type implements it, owned
/// types for every `'de` (by decoding as they do owned), so owned and
/// borrowed types nest.
///
/// Derive it by deriving [`BinaryRecord`]. A type whose written fields
/// borrow (name one of its lifetimes: `&'a str`, `&'a [u8]`,
/// `Cow<'a, str>`, `Cow<'a, [u8]>`, or derived types with lifetimes)
/// decodes only this way. Its encoding is the same as the owned type's with
/// the same fields (a `&str` is written as a `String` is), and decoding
/// checks the same things (UTF-8, lengths, flags) with the same errors.
///
/// The encoding side is [`BinaryRecord`]'s; the items `write_borrowed`,
/// `borrowed_len`, `borrowed_size` and the `BORROWED_*` sizes are the same
/// things under the names they had when the two traits were twins.
///
/// ```
/// use memscope_binary::{BinaryRecord, BorrowRecord, Layout};
///
/// #[derive(BinaryRecord, Debug, PartialEq)]
/// struct Entry<'a> {
///     id: u32,
///     name: &'a str,
///     bytes: &'a [u8],
/// }
///
/// let entry = Entry { id: 7, name: "heap", bytes: &[1, 2, 3] };
/// let encoded = entry.to_bytes(Layout::Basic).unwrap();
/// assert_eq!(encoded.len(), 4 + (2 + 4) + (4 + 3));
///
/// let (back, used) = Entry::decode_borrowed(&encoded, Layout::Basic).unwrap();
/// assert_eq!((back, used), (entry, encoded.len()));
/// // `back.name` points into `encoded`: nothing was copied.
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no binary encoding that a borrowed record can hold",
    label = "`{Self}` does not implement `BorrowRecord`",
    note = "derive `BinaryRecord` on it (owned types then implement `BorrowRecord` too); a borrowed slice must be `&[u8]`, and only `&str` and `&[u8]` borrow"
)]
pub trait BorrowRecord<'de>: BinaryRecord {
    /// Bounds on the basic encoding: [`BinaryRecord::BASIC_SIZE`].
    const BORROWED_BASIC_SIZE: EncodedSize = <Self as BinaryRecord>::BASIC_SIZE;

    /// Bounds on the detailed encoding: [`BinaryRecord::DETAILED_SIZE`].
    const BORROWED_DETAILED_SIZE: EncodedSize = <Self as BinaryRecord>::DETAILED_SIZE;

    /// Decodes one value in `layout` from the front of `bytes`, borrowing
    /// from `bytes` where the type does, and returns it with the number of
    /// bytes it used.
    fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError>;

    /// [`decode_borrowed`](Self::decode_borrowed) in big-endian byte order
    /// when `BE` (see `BinaryRecord::__write_ordered`).
    #[doc(hidden)]
    #[inline]
    fn __decode_borrowed_ordered<const BE: bool>(
        bytes: &'de [u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        Self::decode_borrowed(bytes, layout)
    }

    /// [`BinaryRecord::write_with`].
    #[inline]
    fn write_borrowed<W: Write + ?Sized>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        self.write_with(w, layout)
    }

    /// [`BinaryRecord::encoded_len`].
    #[inline]
    fn borrowed_len(&self, layout: Layout) -> usize {
        self.encoded_len(layout)
    }

    /// [`BinaryRecord::encoded_size`].
    #[inline]
    fn borrowed_size(layout: Layout) -> EncodedSize {
        <Self as BinaryRecord>::encoded_size(layout)
    }
}
