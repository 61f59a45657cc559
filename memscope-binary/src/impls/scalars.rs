//! [`BinaryRecord`] for the scalar types: integers, floats, `bool`, `char`,
//! `usize`/`isize` (always 8 bytes on the wire), `()` and `PhantomData`.

use std::io::{Read, Write};
use std::marker::PhantomData;

use crate::error::{CodecError, Location, RangeDetails};
use crate::plain::{Plain, Scalar};
use crate::record::{BinaryRecord, EncodedSize, Layout};
use crate::wire;

/// Integers and floats: their `to_le_bytes`, nothing else.
macro_rules! fixed_width {
    ($($ty:ty),* $(,)?) => {$(
        impl BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize = EncodedSize::exact(size_of::<$ty>());
            const DETAILED_SIZE: EncodedSize = EncodedSize::exact(size_of::<$ty>());
            const __PLAIN: Plain<Self> = <$ty as Scalar>::PLAIN;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, _: Layout) -> Result<usize, CodecError> {
                wire::write_bytes(w, &self.to_le_bytes())
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<Self, CodecError> {
                wire::read_array(r).map(<$ty>::from_le_bytes)
            }

            #[inline]
            fn decode_slice(bytes: &[u8], _: Layout) -> Result<(Self, usize), CodecError> {
                // The integer straight from the slice, not an array through
                // a `Result`: the optimiser then keeps it in a register.
                match bytes.first_chunk() {
                    Some(array) => Ok((<$ty>::from_le_bytes(*array), size_of::<$ty>())),
                    None => Err(wire::too_short(size_of::<$ty>(), bytes.len())),
                }
            }

            #[inline]
            fn encoded_len(&self, _: Layout) -> usize {
                size_of::<$ty>()
            }
        }
    )*};
}

fixed_width!(u8, u16, u32, u64, u128, i8, i16, i32, i64, i128, f32, f64);

/// `usize` and `isize` travel as 8 bytes so that 32- and 64-bit machines
/// read each other's files; a value the reading machine cannot hold is an
/// error, never a truncation.
macro_rules! pointer_width {
    ($($ty:ty => $wire:ty),* $(,)?) => {$(
        impl BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize = EncodedSize::exact(8);
            const DETAILED_SIZE: EncodedSize = EncodedSize::exact(8);
            const __PLAIN: Plain<Self> = <$ty as Scalar>::PLAIN;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, _: Layout) -> Result<usize, CodecError> {
                match <$wire>::try_from(*self) {
                    Ok(wide) => wire::write_bytes(w, &wide.to_le_bytes()),
                    Err(_) => Err(CodecError::OutOfRange {
                        at: Location::at(0),
                        details: Box::new(RangeDetails {
                            target: stringify!($wire),
                            found: *self as i128,
                        }),
                    }),
                }
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<Self, CodecError> {
                narrow(<$wire>::from_le_bytes(wire::read_array(r)?))
            }

            #[inline]
            fn decode_slice(bytes: &[u8], _: Layout) -> Result<(Self, usize), CodecError> {
                Ok((narrow(<$wire>::from_le_bytes(wire::take_array(bytes)?))?, 8))
            }

            #[inline]
            fn encoded_len(&self, _: Layout) -> usize {
                8
            }
        }
    )*};
}

pointer_width!(usize => u64, isize => i64);

#[inline]
fn narrow<Wide, Narrow>(wide: Wide) -> Result<Narrow, CodecError>
where
    Wide: Copy + Into<i128>,
    Narrow: TryFrom<Wide>,
{
    Narrow::try_from(wide).map_err(|_| CodecError::OutOfRange {
        at: Location::at(0),
        details: Box::new(RangeDetails {
            target: std::any::type_name::<Narrow>(),
            found: wide.into(),
        }),
    })
}

impl BinaryRecord for bool {
    const BASIC_SIZE: EncodedSize = EncodedSize::exact(1);
    const DETAILED_SIZE: EncodedSize = EncodedSize::exact(1);

    #[inline]
    fn write_with<W: Write + ?Sized>(&self, w: &mut W, _: Layout) -> Result<usize, CodecError> {
        wire::write_bytes(w, &[u8::from(*self)])
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<Self, CodecError> {
        bool_from(wire::read_array::<1, R>(r)?[0])
    }

    #[inline]
    fn decode_slice(bytes: &[u8], _: Layout) -> Result<(Self, usize), CodecError> {
        Ok((bool_from(wire::take_array::<1>(bytes)?[0])?, 1))
    }

    #[inline]
    fn encoded_len(&self, _: Layout) -> usize {
        1
    }
}

#[inline]
fn bool_from(byte: u8) -> Result<bool, CodecError> {
    match byte {
        0 => Ok(false),
        1 => Ok(true),
        found => Err(CodecError::InvalidBool {
            at: Location::at(0),
            found,
        }),
    }
}

impl BinaryRecord for char {
    const BASIC_SIZE: EncodedSize = EncodedSize::exact(4);
    const DETAILED_SIZE: EncodedSize = EncodedSize::exact(4);

    #[inline]
    fn write_with<W: Write + ?Sized>(&self, w: &mut W, _: Layout) -> Result<usize, CodecError> {
        wire::write_bytes(w, &u32::from(*self).to_le_bytes())
    }

    #[inline]
    fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<Self, CodecError> {
        char_from(u32::from_le_bytes(wire::read_array(r)?))
    }

    #[inline]
    fn decode_slice(bytes: &[u8], _: Layout) -> Result<(Self, usize), CodecError> {
        Ok((char_from(u32::from_le_bytes(wire::take_array(bytes)?))?, 4))
    }

    #[inline]
    fn encoded_len(&self, _: Layout) -> usize {
        4
    }
}

#[inline]
fn char_from(found: u32) -> Result<char, CodecError> {
    char::from_u32(found).ok_or(CodecError::InvalidChar {
        at: Location::at(0),
        found,
    })
}

/// Types that encode to nothing at all.
macro_rules! zero_sized {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($generics)*> BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize = EncodedSize::ZERO;
            const DETAILED_SIZE: EncodedSize = EncodedSize::ZERO;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, _: &mut W, _: Layout) -> Result<usize, CodecError> {
                Ok(0)
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(_: &mut R, _: Layout) -> Result<Self, CodecError> {
                Ok(Default::default())
            }

            #[inline]
            fn decode_slice(_: &[u8], _: Layout) -> Result<(Self, usize), CodecError> {
                Ok((Default::default(), 0))
            }

            #[inline]
            fn encoded_len(&self, _: Layout) -> usize {
                0
            }
        }
    )*};
}

zero_sized!([] (), [T: ?Sized] PhantomData<T>);

borrow_via_owned!(
    [] u8, [] u16, [] u32, [] u64, [] u128,
    [] i8, [] i16, [] i32, [] i64, [] i128,
    [] f32, [] f64, [] usize, [] isize, [] bool, [] char,
    [] (), [T: ?Sized] PhantomData<T>,
);
