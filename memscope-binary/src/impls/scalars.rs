//! [`BinaryRecord`] for the scalar types: integers, floats, `bool`, `char`,
//! `usize`/`isize` (always 8 bytes on the wire), `()` and `PhantomData`.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;
use core::marker::PhantomData;

use crate::error::{CodecError, Location, RangeDetails};
use crate::plain::{Plain, Scalar};
use crate::record::{BinaryRecord, EncodedSize, Layout};
use crate::wire;

/// Integers and floats: their `to_le_bytes` (`to_be_bytes` in big-endian
/// order), nothing else.
macro_rules! fixed_width {
    ($($ty:ty),* $(,)?) => {$(
        impl BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize = EncodedSize::exact(size_of::<$ty>());
            const DETAILED_SIZE: EncodedSize = EncodedSize::exact(size_of::<$ty>());
            const __PLAIN: Plain<Self> = <$ty as Scalar>::PLAIN;

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
            fn encoded_len(&self, _: Layout) -> usize {
                size_of::<$ty>()
            }

            #[inline]
            fn __write_ordered<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                _: Layout,
            ) -> Result<usize, CodecError> {
                match BE {
                    false => wire::write_bytes(w, &self.to_le_bytes()),
                    true => wire::write_bytes(w, &self.to_be_bytes()),
                }
            }

            #[inline]
            fn __read_ordered<R: Read + ?Sized, const BE: bool>(
                r: &mut R,
                _: Layout,
            ) -> Result<Self, CodecError> {
                let bytes = wire::read_array(r)?;
                Ok(match BE {
                    false => <$ty>::from_le_bytes(bytes),
                    true => <$ty>::from_be_bytes(bytes),
                })
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                _: Layout,
            ) -> Result<(Self, usize), CodecError> {
                // The integer straight from the slice, not an array through
                // a `Result`: the optimiser then keeps it in a register.
                match bytes.first_chunk() {
                    Some(array) => Ok((
                        match BE {
                            false => <$ty>::from_le_bytes(*array),
                            true => <$ty>::from_be_bytes(*array),
                        },
                        size_of::<$ty>(),
                    )),
                    None => Err(wire::too_short(size_of::<$ty>(), bytes.len())),
                }
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
            fn encoded_len(&self, _: Layout) -> usize {
                8
            }

            #[inline]
            fn __write_ordered<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                match <$wire>::try_from(*self) {
                    Ok(wide) => wide.__write_ordered::<W, BE>(w, layout),
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
            fn __read_ordered<R: Read + ?Sized, const BE: bool>(
                r: &mut R,
                layout: Layout,
            ) -> Result<Self, CodecError> {
                narrow(<$wire>::__read_ordered::<R, BE>(r, layout)?)
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let (wide, used) = <$wire>::__decode_ordered::<BE>(bytes, layout)?;
                Ok((narrow(wide)?, used))
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
            target: core::any::type_name::<Narrow>(),
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

/// A Unicode scalar value as its `u32`.
impl BinaryRecord for char {
    const BASIC_SIZE: EncodedSize = EncodedSize::exact(4);
    const DETAILED_SIZE: EncodedSize = EncodedSize::exact(4);

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
    fn encoded_len(&self, _: Layout) -> usize {
        4
    }

    #[inline]
    fn __write_ordered<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        u32::from(*self).__write_ordered::<W, BE>(w, layout)
    }

    #[inline]
    fn __read_ordered<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        char_from(u32::__read_ordered::<R, BE>(r, layout)?)
    }

    #[inline]
    fn __decode_ordered<const BE: bool>(
        bytes: &[u8],
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let (scalar, used) = u32::__decode_ordered::<BE>(bytes, layout)?;
        Ok((char_from(scalar)?, used))
    }
}

#[inline]
fn char_from(found: u32) -> Result<char, CodecError> {
    char::from_u32(found).ok_or_else(|| CodecError::InvalidChar {
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
