//! The types that borrow from the input: `&str` and `&[u8]`, and `Cow`s of
//! them, decoded as `Cow::Borrowed`. On the wire they are exactly `String`
//! (a `u16` length, then UTF-8) and `Vec<u8>` (a `u32` count, then the
//! bytes), and they are checked the same way. `&str` and `&[u8]` write
//! here too (`Cow`s write as owned, in `pointers.rs`).

use crate::io::Write;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;

use super::containers::{STRING_LEN, VEC_LEN, str_from};
use crate::codec::{BorrowPrefixed, LengthPrefixed};
use crate::error::CodecError;
use crate::record::{EncodedSize, Layout};
use crate::wire;

/// The writing side of `&str` and `&[u8]`: one write, no byte order.
macro_rules! borrowed_writes {
    ($([$($generics:tt)*] $ty:ty => $bytes:expr;)*) => {$(
        impl<$($generics)*> LengthPrefixed for $ty {
            const BASIC_ELEMENT: EncodedSize = EncodedSize::exact(1);
            const DETAILED_ELEMENT: EncodedSize = EncodedSize::exact(1);

            #[inline]
            fn element_count(&self) -> usize {
                $bytes(self).len()
            }

            #[inline]
            fn write_elements<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                _: Layout,
            ) -> Result<usize, CodecError> {
                wire::write_bytes(w, $bytes(self))
            }

            #[inline]
            fn elements_len(&self, _: Layout) -> usize {
                $bytes(self).len()
            }
        }
    )*};
}

borrowed_writes! {
    ['a] &'a str => str::as_bytes;
    ['a] &'a [u8] => bytes_of;
}

prefixed_record!(borrowed ['a] &'a str => STRING_LEN, borrowed ['a] &'a [u8] => VEC_LEN);

/// The bytes of a string or a byte slice: one bounds check, and no copy on
/// the way in. `$from` makes the value from the input and the length;
/// `$bytes` views a value as its bytes.
macro_rules! borrowed_bytes {
    ($([$($generics:tt)*] $ty:ty => $from:expr, $bytes:expr;)*) => {$(
        impl<$($generics)*> BorrowPrefixed<'de> for $ty {
            #[inline]
            fn decode_borrowed_elements<const BE: bool>(
                bytes: &'de [u8],
                count: u64,
                _: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let value: Self = $from(bytes, count)?;
                let used = $bytes(&value).len();
                Ok((value, used))
            }
        }
    )*};
}

borrowed_bytes! {
    ['de: 'a, 'a] &'a str => str_from, str::as_bytes;
    ['de: 'a, 'a] &'a [u8] => slice_from, bytes_of;
    ['de: 'a, 'a] Cow<'a, str> => cow_str_from, str::as_bytes;
    ['de: 'a, 'a] Cow<'a, [u8]> => cow_slice_from, bytes_of;
}

/// The first `len` bytes of `bytes`.
#[inline]
fn slice_from(bytes: &[u8], len: u64) -> Result<&[u8], CodecError> {
    wire::take_bytes(bytes, 0, len)
}

#[inline]
fn cow_str_from(bytes: &[u8], len: u64) -> Result<Cow<'_, str>, CodecError> {
    str_from(bytes, len).map(Cow::Borrowed)
}

#[inline]
fn cow_slice_from(bytes: &[u8], len: u64) -> Result<Cow<'_, [u8]>, CodecError> {
    slice_from(bytes, len).map(Cow::Borrowed)
}

/// The bytes themselves (a `&&[u8]` or `&Cow<[u8]>` coerces to them).
#[inline]
fn bytes_of(bytes: &[u8]) -> &[u8] {
    bytes
}

borrowed_prefixed_record!(
    ['de: 'a, 'a] &'a str => STRING_LEN,
    ['de: 'a, 'a] &'a [u8] => VEC_LEN,
    ['de: 'a, 'a] Cow<'a, str> => STRING_LEN,
    ['de: 'a, 'a] Cow<'a, [u8]> => VEC_LEN,
);
