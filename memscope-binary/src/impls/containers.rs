//! [`BinaryRecord`] and [`LengthPrefixed`] for the std containers: `String`,
//! `Vec<T>`, `Option<T>`, `[T; N]`, tuples and `Box<T>`; and their
//! [`BorrowRecord`] and [`BorrowPrefixed`] impls, generic over borrowed
//! elements. Each is written once for both byte orders (`BE`).

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;

use super::seq;
use crate::codec::{BorrowPrefixed, LengthPrefixed};
use crate::error::{CodecError, LenWidth, Location};
use crate::plain::{self, Plain};
use crate::record::{BinaryRecord, BorrowRecord, EncodedSize, Layout};
use crate::wire;

/// The prefix width of a `String` field without `#[binary(len = ...)]`.
pub const STRING_LEN: LenWidth = LenWidth::U16;
/// The prefix width of a `Vec` field without `#[binary(len = ...)]`.
pub const VEC_LEN: LenWidth = LenWidth::U32;

impl LengthPrefixed for String {
    const BASIC_ELEMENT: EncodedSize = EncodedSize::exact(1);
    const DETAILED_ELEMENT: EncodedSize = EncodedSize::exact(1);

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    #[inline]
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        _: Layout,
    ) -> Result<usize, CodecError> {
        wire::write_bytes(w, self.as_bytes())
    }

    #[inline]
    fn elements_len(&self, _: Layout) -> usize {
        self.len()
    }

    fn read_elements<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        count: u64,
        _: Layout,
    ) -> Result<Self, CodecError> {
        let bytes = wire::read_vec(r, 0, count)?;
        String::from_utf8(bytes).map_err(|e| invalid_utf8(e.utf8_error()))
    }

    /// The empty string (most optional names) inline, with no call; any
    /// other where the optimiser puts it.
    #[inline(always)]
    fn decode_elements<const BE: bool>(
        bytes: &[u8],
        count: u64,
        _: Layout,
    ) -> Result<(Self, usize), CodecError> {
        if count == 0 {
            return Ok((String::new(), 0));
        }
        string_from(bytes, count)
    }
}

#[inline]
fn string_from(bytes: &[u8], len: u64) -> Result<(String, usize), CodecError> {
    let text = str_from(bytes, len)?;
    Ok((text.to_owned(), text.len()))
}

/// The first `len` bytes of `bytes`, checked to be UTF-8.
#[inline]
pub(crate) fn str_from(bytes: &[u8], len: u64) -> Result<&str, CodecError> {
    // Most optional names are absent, written as the empty string: no call
    // into the UTF-8 validator for them.
    if len == 0 {
        return Ok("");
    }
    let body = wire::take_bytes(bytes, 0, len)?;
    if let Some(text) = short_ascii(body) {
        return Ok(text);
    }
    core::str::from_utf8(body).map_err(invalid_utf8)
}

/// `bytes` as a string when they are at most 64 bytes, all ASCII: checked
/// a word at a time, inline, where the standard validator is a call that
/// returns through memory. `None` for anything else, which the caller
/// hands to `str::from_utf8`.
#[inline(always)]
fn short_ascii(bytes: &[u8]) -> Option<&str> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = bytes.len();
    let high = match n {
        0 => 0,
        1..=7 => {
            // The first and last four (or two, or one) bytes, overlapping.
            let word = |at: usize, len: usize| {
                let mut word = [0u8; 8];
                word[..len].copy_from_slice(&bytes[at..at + len]);
                u64::from_ne_bytes(word)
            };
            match n {
                4..=7 => word(0, 4) | word(n - 4, 4),
                2..=3 => word(0, 2) | word(n - 2, 2),
                _ => word(0, 1),
            }
        }
        8..=64 => {
            let mut high = 0;
            let mut at = 0;
            while at + 8 <= n {
                high |= u64::from_ne_bytes(*bytes[at..].first_chunk::<8>()?);
                at += 8;
            }
            // The last eight, overlapping what the loop saw.
            high | u64::from_ne_bytes(*bytes[n - 8..].first_chunk::<8>()?)
        }
        _ => return None,
    };
    if high & HIGH != 0 {
        return None;
    }
    // SAFETY: every byte is below 0x80 (each was OR-ed into `high`, whose
    // high bits are clear), and ASCII is UTF-8.
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

#[inline(always)]
fn invalid_utf8(source: core::str::Utf8Error) -> CodecError {
    CodecError::InvalidUtf8 {
        at: Location::at(source.valid_up_to() as u64),
        source,
    }
}

/// `T`'s plainness in byte order `BE`: a plain type's memory is its
/// little-endian encoding, so in big-endian order nothing is copied in
/// bulk.
#[inline(always)]
pub(crate) const fn plain_in<T, const BE: bool>(plain: Plain<T>) -> Plain<T> {
    match BE {
        false => plain,
        true => Plain::NO,
    }
}

impl<T: BinaryRecord> LengthPrefixed for Vec<T> {
    const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
    const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    #[inline]
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_slice(self, w, plain_in::<T, BE>(T::__PLAIN), |element, w| {
            element.__write_ordered::<W, BE>(w, layout)
        })
    }

    #[inline]
    fn elements_len(&self, layout: Layout) -> usize {
        match T::BASIC_SIZE.exact_len() {
            Some(n) if T::__PLAIN.get() => n * self.len(),
            _ => seq::len_each(self, |element| element.encoded_len(layout)),
        }
    }

    fn read_elements<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        count: u64,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        seq::read_vec(
            r,
            count,
            T::encoded_size(layout),
            plain_in::<T, BE>(T::__PLAIN),
            |r| T::__read_ordered::<R, BE>(r, layout),
            |element| element.encoded_len(layout),
        )
    }

    #[inline]
    fn decode_elements<const BE: bool>(
        bytes: &[u8],
        count: u64,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        seq::decode_vec(
            bytes,
            count,
            T::encoded_size(layout),
            plain_in::<T, BE>(T::__PLAIN),
            |rest| T::__decode_ordered::<BE>(rest, layout),
        )
    }
}

impl<'de, T: BorrowRecord<'de>> BorrowPrefixed<'de> for Vec<T> {
    #[inline]
    fn decode_borrowed_elements<const BE: bool>(
        bytes: &'de [u8],
        count: u64,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        seq::decode_vec(
            bytes,
            count,
            T::encoded_size(layout),
            plain_in::<T, BE>(T::__PLAIN),
            |rest| T::__decode_borrowed_ordered::<BE>(rest, layout),
        )
    }
}

prefixed_record!(owned [] String => STRING_LEN, owned [T: BinaryRecord] Vec<T> => VEC_LEN);
borrowed_prefixed_record!(['de, T: BorrowRecord<'de>] Vec<T> => VEC_LEN);
borrow_via_owned!([] String);
borrow_prefixed_via_owned!([] String);

/// `Option<T>` on its own: a tag byte (0 = `None`, 1 = `Some`), then the
/// value. (A field with `#[binary(presence_bit = N)]` is encoded differently:
/// see the crate docs.)
impl<T: BinaryRecord> BinaryRecord for Option<T> {
    const BASIC_SIZE: EncodedSize =
        EncodedSize::exact(1).then(EncodedSize::ZERO.either(T::BASIC_SIZE));
    const DETAILED_SIZE: EncodedSize =
        EncodedSize::exact(1).then(EncodedSize::ZERO.either(T::DETAILED_SIZE));

    #[inline]
    fn write_with<W: Write + ?Sized>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        self.__write_ordered::<W, false>(w, layout)
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        Self::__read_ordered::<R, false>(r, layout)
    }

    #[inline]
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        Self::__decode_ordered::<false>(bytes, layout)
    }

    #[inline]
    fn encoded_len(&self, layout: Layout) -> usize {
        1 + self.as_ref().map_or(0, |value| value.encoded_len(layout))
    }

    #[inline]
    fn __write_ordered<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        match self {
            None => wire::write_bytes(w, &[0]),
            Some(value) => {
                let tag = wire::write_bytes(w, &[1])?;
                let value = value
                    .__write_ordered::<W, BE>(w, layout)
                    .map_err(|e| e.shifted(1))?;
                Ok(tag + value)
            }
        }
    }

    #[inline]
    fn __read_ordered<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        match wire::read_array::<1, R>(r)?[0] {
            0 => Ok(None),
            1 => T::__read_ordered::<R, BE>(r, layout)
                .map(Some)
                .map_err(|e| e.shifted(1)),
            found => Err(invalid_option_tag(found)),
        }
    }

    #[inline]
    fn __decode_ordered<const BE: bool>(
        bytes: &[u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        decode_option(bytes, |rest| T::__decode_ordered::<BE>(rest, layout))
    }
}

impl<'de, T: BorrowRecord<'de>> BorrowRecord<'de> for Option<T> {
    #[inline]
    fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        Self::__decode_borrowed_ordered::<false>(bytes, layout)
    }

    #[inline]
    fn __decode_borrowed_ordered<const BE: bool>(
        bytes: &'de [u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        decode_option(bytes, |rest| {
            T::__decode_borrowed_ordered::<BE>(rest, layout)
        })
    }
}

/// An option's tag byte, then the value `decode` takes from the rest.
#[inline]
fn decode_option<'de, T>(
    bytes: &'de [u8],
    decode: impl FnOnce(&'de [u8]) -> Result<(T, usize), CodecError>,
) -> Result<(Option<T>, usize), CodecError> {
    match wire::take_array::<1>(bytes)?[0] {
        0 => Ok((None, 1)),
        1 => match decode(&bytes[1..]) {
            Ok((value, used)) => Ok((Some(value), used + 1)),
            Err(e) => Err(e.shifted(1)),
        },
        found => Err(invalid_option_tag(found)),
    }
}

#[inline(always)]
fn invalid_option_tag(found: u8) -> CodecError {
    CodecError::InvalidOptionTag {
        at: Location::at(0),
        found,
    }
}

impl<T: BinaryRecord> BinaryRecord for Box<T> {
    const BASIC_SIZE: EncodedSize = T::BASIC_SIZE;
    const DETAILED_SIZE: EncodedSize = T::DETAILED_SIZE;

    #[inline]
    fn write_with<W: Write + ?Sized>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        (**self).write_with(w, layout)
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        T::read_with(r, layout).map(Box::new)
    }

    #[inline]
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        T::decode_slice(bytes, layout).map(|(value, used)| (Box::new(value), used))
    }

    #[inline]
    fn encoded_len(&self, layout: Layout) -> usize {
        (**self).encoded_len(layout)
    }

    #[inline]
    fn __write_ordered<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        (**self).__write_ordered::<W, BE>(w, layout)
    }

    #[inline]
    fn __read_ordered<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        T::__read_ordered::<R, BE>(r, layout).map(Box::new)
    }

    #[inline]
    fn __decode_ordered<const BE: bool>(
        bytes: &[u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        T::__decode_ordered::<BE>(bytes, layout).map(|(value, used)| (Box::new(value), used))
    }
}

impl<'de, T: BorrowRecord<'de>> BorrowRecord<'de> for Box<T> {
    #[inline]
    fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        T::decode_borrowed(bytes, layout).map(|(value, used)| (Box::new(value), used))
    }

    #[inline]
    fn __decode_borrowed_ordered<const BE: bool>(
        bytes: &'de [u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        T::__decode_borrowed_ordered::<BE>(bytes, layout)
            .map(|(value, used)| (Box::new(value), used))
    }
}

/// Arrays: the elements back to back, no prefix; an array of plain values
/// is one copy.
impl<T: BinaryRecord, const N: usize> BinaryRecord for [T; N] {
    const BASIC_SIZE: EncodedSize = T::BASIC_SIZE.repeat(N);
    const DETAILED_SIZE: EncodedSize = T::DETAILED_SIZE.repeat(N);
    const __PLAIN: Plain<Self> = T::__PLAIN.array::<N>();

    #[inline]
    fn write_with<W: Write + ?Sized>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        self.__write_ordered::<W, false>(w, layout)
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        Self::__read_ordered::<R, false>(r, layout)
    }

    #[inline]
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        Self::__decode_ordered::<false>(bytes, layout)
    }

    #[inline]
    fn encoded_len(&self, layout: Layout) -> usize {
        seq::len_each(self, |element| element.encoded_len(layout))
    }

    #[inline]
    fn __write_ordered<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_slice(self, w, plain_in::<T, BE>(T::__PLAIN), |element, w| {
            element.__write_ordered::<W, BE>(w, layout)
        })
    }

    fn __read_ordered<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        let mut offset = 0;
        try_array_from_fn(|index| {
            let element = T::__read_ordered::<R, BE>(r, layout)
                .map_err(|e| e.in_element(index as u64, offset))?;
            offset += element.encoded_len(layout);
            Ok(element)
        })
    }

    #[inline]
    fn __decode_ordered<const BE: bool>(
        bytes: &[u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        if let Some(array) = plain::copy_array(bytes, plain_in::<T, BE>(T::__PLAIN)) {
            return Ok((array, size_of::<Self>()));
        }
        decode_array(bytes, |rest| T::__decode_ordered::<BE>(rest, layout))
    }
}

impl<'de, T: BorrowRecord<'de>, const N: usize> BorrowRecord<'de> for [T; N] {
    #[inline]
    fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        Self::__decode_borrowed_ordered::<false>(bytes, layout)
    }

    #[inline]
    fn __decode_borrowed_ordered<const BE: bool>(
        bytes: &'de [u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        if let Some(array) = plain::copy_array(bytes, plain_in::<T, BE>(T::__PLAIN)) {
            return Ok((array, size_of::<Self>()));
        }
        decode_array(bytes, |rest| {
            T::__decode_borrowed_ordered::<BE>(rest, layout)
        })
    }
}

/// An array decoded element by element from the front of `bytes`.
#[inline]
fn decode_array<'de, T, const N: usize>(
    bytes: &'de [u8],
    mut decode: impl FnMut(&'de [u8]) -> Result<(T, usize), CodecError>,
) -> Result<([T; N], usize), CodecError> {
    let mut offset = 0;
    let array = try_array_from_fn(|index| {
        let (element, used) = decode(crate::__private::rest(bytes, offset))
            .map_err(|e| e.in_element(index as u64, offset))?;
        offset += used;
        Ok(element)
    })?;
    Ok((array, offset))
}

/// Builds an array from a fallible constructor, stopping at the first error.
fn try_array_from_fn<T, const N: usize>(
    mut make: impl FnMut(usize) -> Result<T, CodecError>,
) -> Result<[T; N], CodecError> {
    let mut failure = None;
    let slots: [Option<T>; N] = core::array::from_fn(|index| {
        if failure.is_some() {
            return None;
        }
        make(index).map_err(|e| failure = Some(e)).ok()
    });
    if let Some(e) = failure {
        return Err(e);
    }
    // No error means every slot was filled.
    let mut slots = slots.into_iter().flatten();
    Ok(core::array::from_fn(|_| match slots.next() {
        Some(element) => element,
        None => unreachable!("every slot was filled when no element failed"),
    }))
}

/// Tuples: the elements in order, no prefix.
macro_rules! tuple {
    ($(($($name:ident $index:tt),+))*) => {$(
        impl<$($name: BinaryRecord),+> BinaryRecord for ($($name,)+) {
            const BASIC_SIZE: EncodedSize = EncodedSize::ZERO$(.then($name::BASIC_SIZE))+;
            const DETAILED_SIZE: EncodedSize = EncodedSize::ZERO$(.then($name::DETAILED_SIZE))+;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                self.__write_ordered::<W, false>(w, layout)
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
                Self::__read_ordered::<R, false>(r, layout)
            }

            #[inline]
            fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                Self::__decode_ordered::<false>(bytes, layout)
            }

            #[inline]
            fn encoded_len(&self, layout: Layout) -> usize {
                0usize $(.saturating_add(self.$index.encoded_len(layout)))+
            }

            #[inline]
            fn __write_ordered<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                let mut written = 0;
                $(
                    written += self.$index
                        .__write_ordered::<W, BE>(w, layout)
                        .map_err(|e| e.in_element($index, written))?;
                )+
                Ok(written)
            }

            #[inline]
            #[allow(unused_assignments)] // the last element's offset is not needed
            fn __read_ordered<R: Read + ?Sized, const BE: bool>(
                r: &mut R,
                layout: Layout,
            ) -> Result<Self, CodecError> {
                let mut offset = 0;
                Ok(($({
                    let element = $name::__read_ordered::<R, BE>(r, layout)
                        .map_err(|e| e.in_element($index, offset))?;
                    offset += element.encoded_len(layout);
                    element
                },)+))
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let mut offset = 0;
                let tuple = ($({
                    let (element, used) = $name::__decode_ordered::<BE>(
                        crate::__private::rest(bytes, offset),
                        layout,
                    )
                    .map_err(|e| e.in_element($index, offset))?;
                    offset += used;
                    element
                },)+);
                Ok((tuple, offset))
            }
        }

        impl<'de, $($name: BorrowRecord<'de>),+> BorrowRecord<'de> for ($($name,)+) {
            #[inline]
            fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                Self::__decode_borrowed_ordered::<false>(bytes, layout)
            }

            #[inline]
            fn __decode_borrowed_ordered<const BE: bool>(
                bytes: &'de [u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let mut offset = 0;
                let tuple = ($({
                    let (element, used) = $name::__decode_borrowed_ordered::<BE>(
                        crate::__private::rest(bytes, offset),
                        layout,
                    )
                    .map_err(|e| e.in_element($index, offset))?;
                    offset += used;
                    element
                },)+);
                Ok((tuple, offset))
            }
        }
    )*};
}

tuple! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length up to past the fast path's 64 bytes, with one byte at
    /// every position set to every value with its high bit, and to ASCII:
    /// the fast path says "ASCII" exactly when the bytes are ASCII, and
    /// `str_from` agrees with `str::from_utf8` on all of them.
    #[test]
    fn the_short_ascii_check_sees_every_byte() {
        for len in 0..=72usize {
            let ascii: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let expected = (len <= 64).then(|| core::str::from_utf8(&ascii).unwrap());
            assert_eq!(short_ascii(&ascii), expected, "len {len}");
            for at in 0..len {
                for byte in [0x7f, 0x80, 0xc3, 0xff] {
                    let mut bytes = ascii.clone();
                    bytes[at] = byte;
                    let is_ascii = byte < 0x80;
                    assert_eq!(
                        short_ascii(&bytes).is_some(),
                        is_ascii && len <= 64,
                        "len {len}, byte {byte:#x} at {at}"
                    );
                    let decoded = str_from(&bytes, len as u64).map(str::as_bytes);
                    match core::str::from_utf8(&bytes) {
                        Ok(text) => assert_eq!(decoded.unwrap(), text.as_bytes()),
                        Err(e) => assert_eq!(
                            decoded.unwrap_err().offset(),
                            e.valid_up_to() as u64,
                            "len {len}, byte {byte:#x} at {at}"
                        ),
                    }
                }
            }
        }
    }

    /// A multi-byte character that is valid UTF-8 takes the slow path and
    /// comes back whole.
    #[test]
    fn non_ascii_text_still_decodes() {
        let text = "größe_µs";
        assert_eq!(short_ascii(text.as_bytes()), None);
        assert_eq!(str_from(text.as_bytes(), text.len() as u64).unwrap(), text);
    }
}
