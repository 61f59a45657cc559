//! Values of std types with a fixed encoding: `Duration` (seconds as a
//! `u64`, then nanoseconds as a `u32`: 12 bytes), the `NonZero` integers
//! (as their integer; zero is refused on read), and IP addresses (their
//! octets in network order: 4 and 16 bytes).

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;
use core::net::{Ipv4Addr, Ipv6Addr};
use core::num::{
    NonZeroI8, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI128, NonZeroIsize, NonZeroU8,
    NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU128, NonZeroUsize,
};
use core::time::Duration;

use crate::error::{CodecError, Location, ValueDetails};
use crate::record::{BinaryRecord, EncodedSize, Layout};

/// A type encoded as a fixed-size `$wire` value: `$into` converts to it,
/// `$from` back, refusing what the type cannot hold.
macro_rules! via {
    ($($ty:ty => $wire:ty, |$value:ident| $into:expr, |$raw:ident| $from:expr;)*) => {$(
        impl BinaryRecord for $ty {
            const BASIC_SIZE: EncodedSize = <$wire as BinaryRecord>::BASIC_SIZE;
            const DETAILED_SIZE: EncodedSize = <$wire as BinaryRecord>::DETAILED_SIZE;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                let $value = self;
                <$wire as BinaryRecord>::write_with(&$into, w, layout)
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
                let $raw = <$wire as BinaryRecord>::read_with(r, layout)?;
                $from
            }

            #[inline]
            fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                let ($raw, used) = <$wire as BinaryRecord>::decode_slice(bytes, layout)?;
                Ok(($from?, used))
            }

            #[inline]
            fn encoded_len(&self, layout: Layout) -> usize {
                let $value = self;
                <$wire as BinaryRecord>::encoded_len(&$into, layout)
            }

            #[inline]
            fn __write_ordered<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                let $value = self;
                <$wire as BinaryRecord>::__write_ordered::<W, BE>(&$into, w, layout)
            }

            #[inline]
            fn __read_ordered<R: Read + ?Sized, const BE: bool>(
                r: &mut R,
                layout: Layout,
            ) -> Result<Self, CodecError> {
                let $raw = <$wire as BinaryRecord>::__read_ordered::<R, BE>(r, layout)?;
                $from
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let ($raw, used) = <$wire as BinaryRecord>::__decode_ordered::<BE>(bytes, layout)?;
                Ok(($from?, used))
            }
        }

        borrow_via_owned!([] $ty);
    )*};
}

via! {
    Duration => (u64, u32), |d| (d.as_secs(), d.subsec_nanos()), |raw| duration(raw);
    Ipv4Addr => [u8; 4], |ip| ip.octets(), |raw| Ok(Ipv4Addr::from(raw));
    Ipv6Addr => [u8; 16], |ip| ip.octets(), |raw| Ok(Ipv6Addr::from(raw));
}

/// A `Duration` from its seconds and nanoseconds, which must be under one
/// second: `Duration::new` would carry them into the seconds, so two
/// encodings would mean one value (and the carry could overflow).
#[inline]
fn duration((secs, nanos): (u64, u32)) -> Result<Duration, CodecError> {
    if nanos < 1_000_000_000 {
        Ok(Duration::new(secs, nanos))
    } else {
        Err(invalid_value(
            "Duration",
            u64::from(nanos),
            "fewer than 1000000000 nanoseconds",
            8,
        ))
    }
}

/// The `NonZero` integers: their integer, and zero is refused.
macro_rules! non_zero {
    ($($ty:ident => $int:ty),*) => {
        via! {$(
            $ty => $int, |n| n.get(), |raw| <$ty>::new(raw)
                .ok_or_else(|| invalid_value(stringify!($ty), 0, "a value other than zero", 0));
        )*}
    };
}

non_zero!(
    NonZeroU8 => u8, NonZeroU16 => u16, NonZeroU32 => u32, NonZeroU64 => u64,
    NonZeroU128 => u128, NonZeroUsize => usize,
    NonZeroI8 => i8, NonZeroI16 => i16, NonZeroI32 => i32, NonZeroI64 => i64,
    NonZeroI128 => i128, NonZeroIsize => isize
);

#[inline(always)]
fn invalid_value(ty: &'static str, found: u64, expected: &'static str, at: u64) -> CodecError {
    CodecError::InvalidValue {
        at: Location::at(at),
        details: crate::error::boxed(ValueDetails {
            ty,
            found,
            expected,
        }),
    }
}
