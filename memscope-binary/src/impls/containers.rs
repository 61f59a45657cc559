//! [`BinaryRecord`] and [`LengthPrefixed`] for the std containers: `String`,
//! `Vec<T>`, `Option<T>`, `[T; N]`, tuples and `Box<T>`.

use std::io::{Read, Write};

use crate::codec::LengthPrefixed;
use crate::error::{CodecError, LenWidth, Location};
use crate::record::{BinaryRecord, EncodedSize, Layout};
use crate::wire;

/// The prefix width of a `String` field without `#[binary(len = ...)]`.
pub const STRING_LEN: LenWidth = LenWidth::U16;
/// The prefix width of a `Vec` field without `#[binary(len = ...)]`.
pub const VEC_LEN: LenWidth = LenWidth::U32;

impl LengthPrefixed for String {
    const BASIC_ELEMENT: EncodedSize = EncodedSize::exact(1);
    const DETAILED_ELEMENT: EncodedSize = EncodedSize::exact(1);

    #[inline]
    fn write_prefixed<W: Write + ?Sized>(
        &self,
        w: &mut W,
        width: LenWidth,
        _: Layout,
    ) -> Result<usize, CodecError> {
        let prefix = wire::write_len(w, width, self.len())?;
        let body = wire::write_bytes(w, self.as_bytes()).map_err(|e| e.shifted(prefix as u64))?;
        Ok(prefix + body)
    }

    fn read_prefixed<R: Read + ?Sized>(
        r: &mut R,
        width: LenWidth,
        _: Layout,
    ) -> Result<Self, CodecError> {
        let len = wire::read_len(r, width)?;
        let bytes = wire::read_vec(r, width.bytes(), len)?;
        String::from_utf8(bytes).map_err(|e| invalid_utf8(width.bytes(), e.utf8_error()))
    }

    #[inline]
    fn decode_prefixed(
        bytes: &[u8],
        width: LenWidth,
        _: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let prefix = width.bytes();
        let len = wire::decode_len(bytes, width)?;
        let body = wire::take_bytes(&bytes[prefix..], prefix, len)?;
        match std::str::from_utf8(body) {
            Ok(text) => Ok((text.to_owned(), prefix + body.len())),
            Err(e) => Err(invalid_utf8(prefix, e)),
        }
    }

    #[inline]
    fn prefixed_len(&self, width: LenWidth, _: Layout) -> usize {
        width.bytes() + self.len()
    }
}

#[cold]
fn invalid_utf8(body_offset: usize, source: std::str::Utf8Error) -> CodecError {
    CodecError::InvalidUtf8 {
        at: Location::at((body_offset + source.valid_up_to()) as u64),
        source,
    }
}

impl<T: BinaryRecord> LengthPrefixed for Vec<T> {
    const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
    const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

    fn write_prefixed<W: Write + ?Sized>(
        &self,
        w: &mut W,
        width: LenWidth,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        let mut written = wire::write_len(w, width, self.len())?;
        for (index, element) in self.iter().enumerate() {
            written += element
                .write_with(w, layout)
                .map_err(|e| e.in_element(index as u64, written))?;
        }
        Ok(written)
    }

    fn read_prefixed<R: Read + ?Sized>(
        r: &mut R,
        width: LenWidth,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        let count = wire::read_len(r, width)?;
        let mut elements = Vec::with_capacity(up_front_capacity::<T>(count, layout)?);
        let mut offset = width.bytes();
        for index in 0..count {
            let element = T::read_with(r, layout).map_err(|e| e.in_element(index, offset))?;
            offset += element.encoded_len(layout);
            elements.push(element);
        }
        Ok(elements)
    }

    fn decode_prefixed(
        bytes: &[u8],
        width: LenWidth,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let count = wire::decode_len(bytes, width)?;
        let mut offset = width.bytes();
        // The count must fit in the input before anything is allocated.
        let min = T::encoded_size(layout).min as u64;
        let available = (bytes.len() - offset) as u64;
        if count.saturating_mul(min) > available {
            return Err(CodecError::UnexpectedEnd {
                at: Location::at(offset as u64),
                needed: count.saturating_mul(min),
                available,
            });
        }
        let mut elements = Vec::with_capacity(up_front_capacity::<T>(count, layout)?);
        for index in 0..count {
            let (element, used) = T::decode_slice(&bytes[offset..], layout)
                .map_err(|e| e.in_element(index, offset))?;
            offset += used;
            elements.push(element);
        }
        Ok((elements, offset))
    }

    fn prefixed_len(&self, width: LenWidth, layout: Layout) -> usize {
        self.iter().fold(width.bytes(), |n, e| {
            n.saturating_add(e.encoded_len(layout))
        })
    }
}

/// How many elements a decoder may reserve before it has read any: never
/// more than 64 KiB of them, so a corrupt count costs nothing until bytes
/// back it up. A count of elements that occupy no bytes on the wire but do
/// occupy memory is refused outright: no input could justify it.
fn up_front_capacity<T: BinaryRecord>(count: u64, layout: Layout) -> Result<usize, CodecError> {
    if count > 0 && size_of::<T>() > 0 && T::encoded_size(layout).max == Some(0) {
        return Err(CodecError::invalid(
            0,
            format!(
                "a sequence of {count} elements of {} that occupy no bytes",
                std::any::type_name::<T>()
            ),
        ));
    }
    let budget = (64 * 1024 / size_of::<T>().max(1)) as u64;
    Ok(count.min(budget) as usize)
}

/// `String` and `Vec<T>` as whole records use their default prefix widths.
macro_rules! prefixed_record {
    ($([$($generics:tt)*] $ty:ty => $width:expr),* $(,)?) => {$(
        impl<$($generics)*> BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize =
                EncodedSize::length_prefixed($width, <$ty as LengthPrefixed>::BASIC_ELEMENT);
            const DETAILED_SIZE: EncodedSize =
                EncodedSize::length_prefixed($width, <$ty as LengthPrefixed>::DETAILED_ELEMENT);

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                self.write_prefixed(w, $width, layout)
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
                Self::read_prefixed(r, $width, layout)
            }

            #[inline]
            fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                Self::decode_prefixed(bytes, $width, layout)
            }

            #[inline]
            fn encoded_len(&self, layout: Layout) -> usize {
                self.prefixed_len($width, layout)
            }
        }
    )*};
}

prefixed_record!([] String => STRING_LEN, [T: BinaryRecord] Vec<T> => VEC_LEN);

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
        match self {
            None => wire::write_bytes(w, &[0]),
            Some(value) => {
                let tag = wire::write_bytes(w, &[1])?;
                Ok(tag + value.write_with(w, layout).map_err(|e| e.shifted(1))?)
            }
        }
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        match wire::read_array::<1, R>(r)?[0] {
            0 => Ok(None),
            1 => T::read_with(r, layout).map(Some).map_err(|e| e.shifted(1)),
            found => Err(CodecError::InvalidOptionTag {
                at: Location::at(0),
                found,
            }),
        }
    }

    #[inline]
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        match wire::take_array::<1>(bytes)?[0] {
            0 => Ok((None, 1)),
            1 => match T::decode_slice(&bytes[1..], layout) {
                Ok((value, used)) => Ok((Some(value), used + 1)),
                Err(e) => Err(e.shifted(1)),
            },
            found => Err(CodecError::InvalidOptionTag {
                at: Location::at(0),
                found,
            }),
        }
    }

    #[inline]
    fn encoded_len(&self, layout: Layout) -> usize {
        1 + self.as_ref().map_or(0, |value| value.encoded_len(layout))
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
}

/// Arrays: the elements back to back, no prefix.
impl<T: BinaryRecord, const N: usize> BinaryRecord for [T; N] {
    const BASIC_SIZE: EncodedSize = T::BASIC_SIZE.repeat(N);
    const DETAILED_SIZE: EncodedSize = T::DETAILED_SIZE.repeat(N);

    #[inline]
    fn write_with<W: Write + ?Sized>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        let mut written = 0;
        for (index, element) in self.iter().enumerate() {
            written += element
                .write_with(w, layout)
                .map_err(|e| e.in_element(index as u64, written))?;
        }
        Ok(written)
    }

    fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
        let mut offset = 0;
        try_array_from_fn(|index| {
            let element =
                T::read_with(r, layout).map_err(|e| e.in_element(index as u64, offset))?;
            offset += element.encoded_len(layout);
            Ok(element)
        })
    }

    #[inline]
    fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
        let mut offset = 0;
        let array = try_array_from_fn(|index| {
            let (element, used) = T::decode_slice(&bytes[offset..], layout)
                .map_err(|e| e.in_element(index as u64, offset))?;
            offset += used;
            Ok(element)
        })?;
        Ok((array, offset))
    }

    #[inline]
    fn encoded_len(&self, layout: Layout) -> usize {
        self.iter()
            .fold(0usize, |n, e| n.saturating_add(e.encoded_len(layout)))
    }
}

/// Builds an array from a fallible constructor, stopping at the first error.
fn try_array_from_fn<T, const N: usize>(
    mut make: impl FnMut(usize) -> Result<T, CodecError>,
) -> Result<[T; N], CodecError> {
    let mut failure = None;
    let slots: [Option<T>; N] = std::array::from_fn(|index| {
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
    Ok(std::array::from_fn(|_| match slots.next() {
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
                let mut written = 0;
                $(
                    written += self.$index
                        .write_with(w, layout)
                        .map_err(|e| e.in_element($index, written))?;
                )+
                Ok(written)
            }

            #[inline]
            #[allow(unused_assignments)] // the last element's offset is not needed
            fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
                let mut offset = 0;
                Ok(($({
                    let element = $name::read_with(r, layout).map_err(|e| e.in_element($index, offset))?;
                    offset += element.encoded_len(layout);
                    element
                },)+))
            }

            #[inline]
            fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                let mut offset = 0;
                let tuple = ($({
                    let (element, used) = $name::decode_slice(&bytes[offset..], layout)
                        .map_err(|e| e.in_element($index, offset))?;
                    offset += used;
                    element
                },)+);
                Ok((tuple, offset))
            }

            #[inline]
            fn encoded_len(&self, layout: Layout) -> usize {
                0usize $(.saturating_add(self.$index.encoded_len(layout)))+
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
