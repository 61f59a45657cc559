//! Codecs for single fields: sequences ([`LengthPrefixed`], and
//! [`BorrowPrefixed`] for borrowed types), whose length prefix
//! `#[binary(len = u8|u16|u32)]` sizes or `#[binary(count = field)]`
//! replaces, and [`FieldCodec`], the custom codec that
//! `#[binary(with = Codec)]` plugs in.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{CodecError, LenWidth};
use crate::record::{EncodedSize, Layout};
use crate::wire;

/// A sequence whose length can be written apart from its elements: `String`
/// (the length counts bytes), `Vec<T>` (it counts elements), and the other
/// std sequences, `&str` and `&[u8]` included. The encoding half and the
/// owned decoding; [`BorrowPrefixed`] decodes borrowing, as
/// [`BorrowRecord`](crate::BorrowRecord) does for [`BinaryRecord`](crate::BinaryRecord).
///
/// A field of such a type is written as a length prefix, whose width
/// `#[binary(len = u8)]` picks (without it, the type's own: `u16` for
/// strings, `u32` for the rest), then its elements; with
/// `#[binary(count = field)]` the length is an earlier field's value and no
/// prefix is written. Implementors provide the elements; the prefixed
/// methods are built on them. `BE` is the byte order of the prefix and of
/// the elements' integers: big-endian when true (`#[binary(big_endian)]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length, so `#[binary(len = ...)]` and `#[binary(count = ...)]` do not apply to it",
    label = "`len` and `count` need a sequence",
    note = "`len` and `count` apply to strings, `Vec<T>`, boxed, shared and `Cow` strings and slices, maps and sets, and in a borrowed type to `&str` and `&[u8]` (`len` also to the value inside an `Option` field with `presence_bit`); remove it from this field"
)]
pub trait LengthPrefixed: Sized {
    /// Bounds on one element's encoding in the basic layout.
    const BASIC_ELEMENT: EncodedSize;
    /// Bounds on one element's encoding in the detailed layout.
    const DETAILED_ELEMENT: EncodedSize;

    /// The length that is written: bytes for a string, elements otherwise.
    fn element_count(&self) -> usize;

    /// Writes the elements alone, without a length.
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError>;

    /// Bytes [`write_elements`](Self::write_elements) writes.
    fn elements_len(&self, layout: Layout) -> usize;

    /// Reads `count` elements. A sequence that borrows (`&str`, `&[u8]`)
    /// has no owned reader: a call is a compile error.
    fn read_elements<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        count: u64,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        let _ = (r, count, layout);
        #[allow(clippy::let_unit_value)]
        let () = <crate::__private::NotOwned<Self>>::ERROR;
        unreachable!("evaluating NotOwned::ERROR fails to compile")
    }

    /// Decodes `count` elements from the front of `bytes`, returning the
    /// value and the bytes used. A count that the bytes cannot hold is an
    /// error before anything is allocated. A sequence that borrows decodes
    /// with [`BorrowPrefixed`]: a call is a compile error.
    fn decode_elements<const BE: bool>(
        bytes: &[u8],
        count: u64,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let _ = (bytes, count, layout);
        #[allow(clippy::let_unit_value)]
        let () = <crate::__private::NotOwned<Self>>::ERROR;
        unreachable!("evaluating NotOwned::ERROR fails to compile")
    }

    /// Writes the length as a prefix of `width`, then the elements; a length
    /// the prefix cannot hold is a [`CodecError::LengthOverflow`].
    #[inline]
    fn write_prefixed<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        width: LenWidth,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        let prefix = wire::write_len_ordered::<W, BE>(w, width, self.element_count())?;
        let body = self
            .write_elements::<W, BE>(w, layout)
            .map_err(|e| e.shifted(prefix as u64))?;
        Ok(prefix + body)
    }

    /// Reads a prefix of `width` and that many elements.
    #[inline]
    fn read_prefixed<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        width: LenWidth,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        let count = wire::read_len_ordered::<R, BE>(r, width)?;
        Self::read_elements::<R, BE>(r, count, layout).map_err(|e| e.shifted(width.bytes() as u64))
    }

    /// Decodes a prefix of `width` and that many elements from the front of
    /// `bytes`, returning the value and the bytes used.
    #[inline(always)]
    fn decode_prefixed<const BE: bool>(
        bytes: &[u8],
        width: LenWidth,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let count = wire::decode_len_ordered::<BE>(bytes, width)?;
        let prefix = width.bytes();
        match Self::decode_elements::<BE>(crate::__private::rest(bytes, prefix), count, layout) {
            Ok((value, used)) => Ok((value, prefix + used)),
            Err(e) => Err(e.shifted(prefix as u64)),
        }
    }

    /// Bytes [`write_prefixed`](Self::write_prefixed) writes.
    #[inline]
    fn prefixed_len(&self, width: LenWidth, layout: Layout) -> usize {
        width.bytes().saturating_add(self.elements_len(layout))
    }
}

/// [`LengthPrefixed`] decoded from a slice that outlives the value:
/// `&'a str` and `&'a [u8]` borrow their bytes from it; an owned sequence
/// (`String`, `Vec<T>` of owned `T`) decodes as it does owned. Its encoding
/// side is [`LengthPrefixed`]'s.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length, so `#[binary(len = ...)]` and `#[binary(count = ...)]` do not apply to it",
    label = "`len` and `count` need a sequence",
    note = "`len` and `count` apply to strings, `Vec<T>`, boxed, shared and `Cow` strings and slices, maps and sets, and in a borrowed type to `&str` and `&[u8]` (`len` also to the value inside an `Option` field with `presence_bit`); remove it from this field"
)]
pub trait BorrowPrefixed<'de>: LengthPrefixed {
    /// Decodes `count` elements from the front of `bytes`, borrowing from
    /// it where the type does, and returns the value and the bytes used.
    fn decode_borrowed_elements<const BE: bool>(
        bytes: &'de [u8],
        count: u64,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError>;

    /// Decodes a prefix of `width` and that many elements.
    #[inline(always)]
    fn decode_borrowed_prefixed<const BE: bool>(
        bytes: &'de [u8],
        width: LenWidth,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let count = wire::decode_len_ordered::<BE>(bytes, width)?;
        let prefix = width.bytes();
        match Self::decode_borrowed_elements::<BE>(
            crate::__private::rest(bytes, prefix),
            count,
            layout,
        ) {
            Ok((value, used)) => Ok((value, prefix + used)),
            Err(e) => Err(e.shifted(prefix as u64)),
        }
    }
}

/// A custom encoding for fields of type `T`, plugged in with
/// `#[binary(with = Codec)]`.
///
/// Only [`write_with`](Self::write_with) and [`read_with`](Self::read_with)
/// are required; the slice decoder and the length have defaults built on
/// them.
///
/// ```
/// use memscope_binary::{BinaryRecord, CodecError, FieldCodec, Layout, wire};
/// use std::io::{Read, Write};
///
/// /// Milliseconds on the wire, `Duration` in memory.
/// struct Millis;
///
/// impl FieldCodec<std::time::Duration> for Millis {
///     const BASIC_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(8);
///     const DETAILED_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(8);
///
///     fn write_with<W: Write + ?Sized>(
///         value: &std::time::Duration,
///         w: &mut W,
///         _: Layout,
///     ) -> Result<usize, CodecError> {
///         let millis = u64::try_from(value.as_millis())
///             .map_err(|_| CodecError::invalid(0, "duration over u64::MAX milliseconds"))?;
///         wire::write_bytes(w, &millis.to_le_bytes())
///     }
///
///     fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<std::time::Duration, CodecError> {
///         Ok(std::time::Duration::from_millis(u64::from_le_bytes(wire::read_array(r)?)))
///     }
/// }
///
/// #[derive(BinaryRecord, Debug, PartialEq)]
/// struct Span {
///     #[binary(with = Millis)]
///     elapsed: std::time::Duration,
/// }
///
/// let span = Span { elapsed: std::time::Duration::from_millis(1500) };
/// let bytes = span.to_bytes(Layout::Basic).unwrap();
/// assert_eq!(bytes, 1500u64.to_le_bytes());
/// assert_eq!(Span::decode_slice(&bytes, Layout::Basic).unwrap(), (span, 8));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a codec for fields of type `{T}`",
    label = "used by `#[binary(with = ...)]`",
    note = "implement `FieldCodec<{T}>` for `{Self}`"
)]
pub trait FieldCodec<T> {
    /// Bounds on the basic encoding; unknown unless the codec says.
    const BASIC_SIZE: EncodedSize = EncodedSize::UNKNOWN;
    /// Bounds on the detailed encoding; unknown unless the codec says.
    const DETAILED_SIZE: EncodedSize = EncodedSize::UNKNOWN;

    /// Writes `value` and returns how many bytes it wrote.
    fn write_with<W: Write + ?Sized>(
        value: &T,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError>;

    /// Reads one value.
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<T, CodecError>;

    /// Decodes one value from the front of `bytes`, returning it and the
    /// bytes used.
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(T, usize), CodecError> {
        let mut rest = bytes;
        let value = Self::read_with(&mut rest, layout)?;
        Ok((value, bytes.len() - rest.len()))
    }

    /// Bytes [`write_with`](Self::write_with) writes for `value`.
    fn encoded_len(value: &T, layout: Layout) -> usize {
        let mut sink = wire::CountingSink::default();
        match Self::write_with(value, &mut sink, layout) {
            Ok(_) => sink.count,
            // A value that cannot be written has no length; the write that
            // follows reports why.
            Err(_) => 0,
        }
    }
}

/// What the `#[binary(unknown)]` variant of an extensible enum keeps as
/// the body it could not read: `Vec<u8>` or `Box<[u8]>` in an owned enum,
/// also `&[u8]` or `Cow<[u8]>` in a borrowed one. Written back, as it was,
/// through `AsRef<[u8]>`. (See the [`unknown`](crate::attributes#unknown)
/// attribute.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold the body of an unknown variant",
    label = "the body of the `unknown` variant",
    note = "use `Vec<u8>` (or `Box<[u8]>`; `&'a [u8]` or `Cow<'a, [u8]>` in a borrowed enum)"
)]
pub trait UnknownBody<'de>: AsRef<[u8]> + Sized {
    /// The body, from the input it was decoded from.
    fn from_slice(bytes: &'de [u8]) -> Self;

    /// The body, read into a vector (only owned enums read from a `Read`).
    fn from_vec(bytes: Vec<u8>) -> Self;
}

impl UnknownBody<'_> for Vec<u8> {
    fn from_slice(bytes: &[u8]) -> Self {
        bytes.to_vec()
    }

    fn from_vec(bytes: Vec<u8>) -> Self {
        bytes
    }
}

impl UnknownBody<'_> for Box<[u8]> {
    fn from_slice(bytes: &[u8]) -> Self {
        bytes.into()
    }

    fn from_vec(bytes: Vec<u8>) -> Self {
        bytes.into_boxed_slice()
    }
}

impl<'de: 'a, 'a> UnknownBody<'de> for alloc::borrow::Cow<'a, [u8]> {
    fn from_slice(bytes: &'de [u8]) -> Self {
        alloc::borrow::Cow::Borrowed(bytes)
    }

    fn from_vec(bytes: Vec<u8>) -> Self {
        alloc::borrow::Cow::Owned(bytes)
    }
}

impl<'de: 'a, 'a> UnknownBody<'de> for &'a [u8] {
    fn from_slice(bytes: &'de [u8]) -> Self {
        bytes
    }

    /// Never called: a type that borrows has no `read_with`.
    fn from_vec(_: Vec<u8>) -> Self {
        &[]
    }
}
