//! Bit fields: [`BitField`], the trait of the types that
//! `#[binary(bits = N)]` packs into `N` bits, and the helpers the derive's
//! generated code calls for a group of them.
//!
//! Consecutive bit fields (in wire order, written in the same layouts)
//! share whole bytes: the first field in the lowest bits of the group, as
//! `presence_bit` numbers its flags. The group is a little-endian integer
//! of as many bytes as its widths need (at most 8); its unused high bits
//! are zero, so that every byte of a valid record has one meaning.

use crate::error::{BitsDetails, CodecError, Location};
#[allow(unused_imports)]
use crate::prelude::*;

/// A type that `#[binary(bits = N)]` packs into `N` bits of a bit-field
/// group: the unsigned and signed integers up to 64 bits (two's
/// complement, sign-extended on read), `bool` (one bit), and the fieldless
/// enums that derive [`BinaryRecord`](crate::BinaryRecord) (their
/// discriminant; a pattern that names no variant is refused).
///
/// ```
/// use memscope_binary::{BinaryRecord, Layout};
///
/// #[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
/// #[repr(u8)]
/// enum Mode { Read, Write, Exec }
///
/// #[derive(BinaryRecord, Debug, PartialEq)]
/// struct Header {
///     #[binary(bits = 3)]
///     version: u8,
///     #[binary(bits = 1)]
///     compressed: bool,
///     #[binary(bits = 2)]
///     mode: Mode,
///     #[binary(bits = 10)]
///     delta: i16,
/// }
///
/// let header = Header { version: 5, compressed: true, mode: Mode::Exec, delta: -2 };
/// // 3 + 1 + 2 + 10 = 16 bits: two bytes, the version in the lowest bits.
/// let bytes = header.to_bytes(Layout::Basic).unwrap();
/// assert_eq!(u16::from_le_bytes([bytes[0], bytes[1]]), 5 | 1 << 3 | 2 << 4 | 0b11_1111_1110 << 6);
/// assert_eq!(Header::decode_slice(&bytes, Layout::Basic).unwrap(), (header, 2));
/// assert_eq!(Header::BASIC_SIZE.exact_len(), Some(2));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a bit field",
    label = "`#[binary(bits = N)]` packs this field into N bits",
    note = "bit fields are the integers up to 64 bits, `bool`, and fieldless enums that derive `BinaryRecord`"
)]
pub trait BitField: Sized {
    /// The widest `N` the type accepts: its own width in bits.
    const MAX_BITS: u32;

    /// The value as the low `width` bits of a `u64` (the rest zero), or
    /// [`CodecError::BitsOverflow`] when it does not fit in `width` bits.
    fn to_bits(&self, width: u32) -> Result<u64, CodecError>;

    /// The value whose `width` bits are the low bits of `bits` (the rest
    /// are zero); an error only for a pattern that names no value (an
    /// enum's).
    fn from_bits(bits: u64, width: u32) -> Result<Self, CodecError>;
}

/// The low `width` bits set.
#[inline(always)]
const fn mask(width: u32) -> u64 {
    if width >= 64 {
        u64::MAX
    } else {
        (1 << width) - 1
    }
}

#[inline(always)]
fn overflow(width: u32, found: i128) -> CodecError {
    CodecError::BitsOverflow {
        at: Location::at(0),
        details: crate::error::boxed(BitsDetails { width, found }),
    }
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl BitField for $ty {
            const MAX_BITS: u32 = <$ty>::BITS;

            #[inline]
            fn to_bits(&self, width: u32) -> Result<u64, CodecError> {
                let value = *self as u64;
                match value & !mask(width) {
                    0 => Ok(value),
                    _ => Err(overflow(width, value as i128)),
                }
            }

            #[inline]
            fn from_bits(bits: u64, _: u32) -> Result<Self, CodecError> {
                // `width` is at most `MAX_BITS` (checked at compile time),
                // so the bits fit.
                Ok(bits as $ty)
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64, usize);

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl BitField for $ty {
            const MAX_BITS: u32 = <$ty>::BITS;

            #[inline]
            fn to_bits(&self, width: u32) -> Result<u64, CodecError> {
                let value = *self as i64;
                // The bits above the sign bit must all equal it.
                let shift = 64 - width.clamp(1, 64);
                match (value << shift) >> shift == value {
                    true => Ok(value as u64 & mask(width)),
                    false => Err(overflow(width, value as i128)),
                }
            }

            #[inline]
            fn from_bits(bits: u64, width: u32) -> Result<Self, CodecError> {
                let shift = 64 - width.clamp(1, 64);
                Ok((((bits << shift) as i64) >> shift) as $ty)
            }
        }
    )*};
}

signed!(i8, i16, i32, i64, isize);

impl BitField for bool {
    const MAX_BITS: u32 = 1;

    #[inline]
    fn to_bits(&self, _: u32) -> Result<u64, CodecError> {
        Ok(u64::from(*self))
    }

    #[inline]
    fn from_bits(bits: u64, _: u32) -> Result<Self, CodecError> {
        Ok(bits & 1 == 1)
    }
}

/// The `width` bits at `shift` in a group.
#[inline(always)]
pub fn bits_at(group: u64, width: u32, shift: u32) -> u64 {
    (group >> shift) & mask(width)
}

/// The group from the front of `bytes`: `len` bytes, little-endian (or
/// big-endian when `BE`), whose bits outside `used` must be zero.
#[inline]
pub fn decode_bits<const BE: bool>(bytes: &[u8], len: usize, used: u64) -> Result<u64, CodecError> {
    match bytes.get(..len) {
        Some(group) => check_unused(from_bytes::<BE>(group), used),
        None => Err(CodecError::unexpected_end(0, len, bytes.len())),
    }
}

/// The group from a reader, as [`decode_bits`].
#[inline]
pub fn read_bits<R: crate::io::Read + ?Sized, const BE: bool>(
    r: &mut R,
    len: usize,
    used: u64,
) -> Result<u64, CodecError> {
    let mut group = [0u8; 8];
    let len = len.min(8);
    crate::wire::read_exact(r, &mut group[..len])?;
    check_unused(from_bytes::<BE>(&group[..len]), used)
}

/// Writes the group's `len` bytes, little-endian (or big-endian when `BE`).
#[inline]
pub fn write_bits<W: crate::io::Write + ?Sized, const BE: bool>(
    w: &mut W,
    group: u64,
    len: usize,
) -> Result<usize, CodecError> {
    let len = len.min(8);
    match BE {
        false => crate::wire::write_bytes(w, &group.to_le_bytes()[..len]),
        true => crate::wire::write_bytes(w, &group.to_be_bytes()[8 - len..]),
    }
}

/// The group's value from its `len` bytes (at most 8).
#[inline(always)]
fn from_bytes<const BE: bool>(bytes: &[u8]) -> u64 {
    let len = bytes.len().min(8);
    let mut group = [0u8; 8];
    match BE {
        false => {
            group[..len].copy_from_slice(&bytes[..len]);
            u64::from_le_bytes(group)
        }
        true => {
            group[8 - len..].copy_from_slice(&bytes[..len]);
            u64::from_be_bytes(group)
        }
    }
}

#[inline]
fn check_unused(group: u64, used: u64) -> Result<u64, CodecError> {
    match group & !used {
        0 => Ok(group),
        _ => Err(CodecError::UnusedBits {
            at: Location::at(0),
            found: group,
            allowed: used,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_a_signed_field_reads_and_writes_back() {
        for width in 1..=8 {
            for bits in 0..(1u64 << width) {
                let value = i8::from_bits(bits, width).unwrap();
                assert_eq!(
                    value.to_bits(width).unwrap(),
                    bits,
                    "{width} bits {bits:#b}"
                );
            }
        }
        assert_eq!(i16::from_bits(0b11_1111_1110, 10).unwrap(), -2);
        assert!(i16::to_bits(&512, 10).is_err());
        assert!(i16::to_bits(&-513, 10).is_err());
        assert_eq!(i16::to_bits(&-512, 10).unwrap(), 0b10_0000_0000);
    }

    #[test]
    fn an_unsigned_value_too_wide_is_refused() {
        assert_eq!(u8::to_bits(&7, 3).unwrap(), 7);
        let error = u8::to_bits(&8, 3).unwrap_err();
        assert_eq!(
            error.to_string(),
            "value 8 does not fit in a bit field of 3 bits at byte 0"
        );
        assert_eq!(u64::to_bits(&u64::MAX, 64).unwrap(), u64::MAX);
        assert_eq!(i64::to_bits(&i64::MIN, 64).unwrap(), i64::MIN as u64);
    }

    #[test]
    fn a_group_with_unused_bits_set_is_refused() {
        assert_eq!(decode_bits::<false>(&[0b0101], 1, 0b0111).unwrap(), 0b0101);
        assert!(matches!(
            decode_bits::<false>(&[0b1101], 1, 0b0111),
            Err(CodecError::UnusedBits {
                found: 0b1101,
                allowed: 0b0111,
                ..
            })
        ));
        assert!(decode_bits::<false>(&[1], 2, 0xffff).is_err());
        assert_eq!(
            decode_bits::<false>(&[1, 2, 3], 3, 0xff_ffff).unwrap(),
            0x03_0201
        );
    }

    #[test]
    fn a_big_endian_group_is_written_most_significant_byte_first() {
        assert_eq!(
            decode_bits::<true>(&[1, 2, 3], 3, 0xff_ffff).unwrap(),
            0x01_0203
        );
        let mut bytes = Vec::new();
        write_bits::<_, true>(&mut bytes, 0x01_0203, 3).unwrap();
        assert_eq!(bytes, [1, 2, 3]);
        let mut reader: &[u8] = &[0, 5];
        assert_eq!(read_bits::<_, true>(&mut reader, 2, 0xffff).unwrap(), 5);
    }
}
