//! Codecs for single fields: [`LengthPrefixed`] types, whose prefix width
//! `#[binary(len = u8|u16|u32)]` chooses, and [`FieldCodec`], the custom
//! codec that `#[binary(with = Codec)]` plugs in.

use std::io::{Read, Write};

use crate::error::{CodecError, LenWidth};
use crate::record::{EncodedSize, Layout};
use crate::wire;

/// A sequence written as a length prefix followed by its elements: `String`
/// (the length counts bytes) and `Vec<T>` (it counts elements).
///
/// `#[binary(len = u8)]` on a field of such a type picks the prefix width;
/// without it, `String` uses `u16` and `Vec<T>` uses `u32`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no length, so `#[binary(len = ...)]` does not apply to it",
    label = "`len` needs a type with a length prefix",
    note = "`len` applies to `String` and `Vec<T>` (and to the value inside an `Option` field with `presence_bit`); remove it from this field"
)]
pub trait LengthPrefixed: Sized {
    /// Bounds on one element's encoding in the basic layout.
    const BASIC_ELEMENT: EncodedSize;
    /// Bounds on one element's encoding in the detailed layout.
    const DETAILED_ELEMENT: EncodedSize;

    /// Writes the prefix of `width` and the elements; a length the prefix
    /// cannot hold is a [`CodecError::LengthOverflow`].
    fn write_prefixed<W: Write + ?Sized>(
        &self,
        w: &mut W,
        width: LenWidth,
        layout: Layout,
    ) -> Result<usize, CodecError>;

    /// Reads a prefix of `width` and that many elements.
    fn read_prefixed<R: Read + ?Sized>(
        r: &mut R,
        width: LenWidth,
        layout: Layout,
    ) -> Result<Self, CodecError>;

    /// Decodes a prefix of `width` and that many elements from the front of
    /// `bytes`, returning the value and the bytes used.
    fn decode_prefixed(
        bytes: &[u8],
        width: LenWidth,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError>;

    /// Bytes [`write_prefixed`](Self::write_prefixed) writes.
    fn prefixed_len(&self, width: LenWidth, layout: Layout) -> usize;
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
