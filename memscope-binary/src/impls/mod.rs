//! The std impls of [`BinaryRecord`](crate::BinaryRecord) and
//! [`BorrowRecord`](crate::BorrowRecord), and of the sequence traits.
//!
//! | file | holds |
//! |---|---|
//! | `scalars.rs` | integers, floats, `bool`, `char`, `()`, `PhantomData` |
//! | `containers.rs` | `String`, `Vec`, `Option`, `Box`, arrays, tuples |
//! | `collections.rs` | `HashMap`, `BTreeMap`, `HashSet`, `BTreeSet` |
//! | `pointers.rs` | `Rc` and `Arc`; `Box`, `Rc` and `Arc` of `str` and `[T]`; `Cow` decoded owned |
//! | `borrowed.rs` | `&str`, `&[u8]`, `Cow<str>`, `Cow<[u8]>` decoded borrowed |
//! | `std_values.rs` | `Duration`, the `NonZero` integers, `Ipv4Addr`, `Ipv6Addr` |
//! | `seq.rs` | the element loops every sequence shares |
//!
//! Each impl is written once, in either byte order (`const BE: bool`,
//! big-endian when true, for `#[binary(big_endian)]` fields); the
//! little-endian methods every caller sees are the `BE = false` instances.

/// `BorrowRecord` for owned types: decoding borrows nothing, so it is the
/// owned decoder.
macro_rules! borrow_via_owned {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<'de, $($generics)*> $crate::BorrowRecord<'de> for $ty {
            #[inline]
            fn decode_borrowed(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BinaryRecord>::decode_slice(bytes, layout)
            }

            #[inline]
            fn __decode_borrowed_ordered<const BE: bool>(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BinaryRecord>::__decode_ordered::<BE>(bytes, layout)
            }
        }
    )*};
}

/// `BorrowPrefixed` for owned sequences whose elements are owned too: the
/// owned decoder.
macro_rules! borrow_prefixed_via_owned {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<'de, $($generics)*> $crate::BorrowPrefixed<'de> for $ty {
            #[inline]
            fn decode_borrowed_elements<const BE: bool>(
                bytes: &'de [u8],
                count: u64,
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::decode_elements::<BE>(bytes, count, layout)
            }
        }
    )*};
}

/// `BinaryRecord` for a sequence: its `LengthPrefixed` elements behind a
/// prefix of its default width. `owned` sequences also decode owned; a
/// `borrowed` one (`&str`, `&[u8]`) only writes here.
macro_rules! prefixed_record {
    (@encode $ty:ty => $width:expr) => {
        const BASIC_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
            $width,
            <$ty as $crate::LengthPrefixed>::BASIC_ELEMENT,
        );
        const DETAILED_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
            $width,
            <$ty as $crate::LengthPrefixed>::DETAILED_ELEMENT,
        );

        #[inline]
        fn write_with<W: $crate::io::Write + ?Sized>(
            &self,
            w: &mut W,
            layout: $crate::Layout,
        ) -> Result<usize, $crate::CodecError> {
            <$ty as $crate::LengthPrefixed>::write_prefixed::<W, false>(self, w, $width, layout)
        }

        #[inline]
        fn __write_ordered<W: $crate::io::Write + ?Sized, const BE: bool>(
            &self,
            w: &mut W,
            layout: $crate::Layout,
        ) -> Result<usize, $crate::CodecError> {
            <$ty as $crate::LengthPrefixed>::write_prefixed::<W, BE>(self, w, $width, layout)
        }

        #[inline]
        fn encoded_len(&self, layout: $crate::Layout) -> usize {
            <$ty as $crate::LengthPrefixed>::prefixed_len(self, $width, layout)
        }
    };
    ($($mode:ident [$($generics:tt)*] $ty:ty => $width:expr),* $(,)?) => {$(
        prefixed_record!(@impl $mode [$($generics)*] $ty => $width);
    )*};
    (@impl borrowed [$($generics:tt)*] $ty:ty => $width:expr) => {
        impl<$($generics)*> $crate::BinaryRecord for $ty {
            prefixed_record!(@encode $ty => $width);
        }
    };
    (@impl owned [$($generics:tt)*] $ty:ty => $width:expr) => {
        impl<$($generics)*> $crate::BinaryRecord for $ty {
            prefixed_record!(@encode $ty => $width);

            #[inline]
            fn read_with<R: $crate::io::Read + ?Sized>(
                r: &mut R,
                layout: $crate::Layout,
            ) -> Result<Self, $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::read_prefixed::<R, false>(r, $width, layout)
            }

            #[inline]
            fn decode_slice(
                bytes: &[u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::decode_prefixed::<false>(bytes, $width, layout)
            }

            #[inline]
            fn __read_ordered<R: $crate::io::Read + ?Sized, const BE: bool>(
                r: &mut R,
                layout: $crate::Layout,
            ) -> Result<Self, $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::read_prefixed::<R, BE>(r, $width, layout)
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::decode_prefixed::<BE>(bytes, $width, layout)
            }
        }
    };
}

/// `BorrowRecord` for a sequence decoded borrowing: its `BorrowPrefixed`
/// elements behind a prefix of its default width.
macro_rules! borrowed_prefixed_record {
    ($([$($generics:tt)*] $ty:ty => $width:expr),* $(,)?) => {$(
        impl<$($generics)*> $crate::BorrowRecord<'de> for $ty {
            #[inline]
            fn decode_borrowed(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BorrowPrefixed<'de>>::decode_borrowed_prefixed::<false>(bytes, $width, layout)
            }

            #[inline]
            fn __decode_borrowed_ordered<const BE: bool>(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BorrowPrefixed<'de>>::decode_borrowed_prefixed::<BE>(bytes, $width, layout)
            }
        }
    )*};
}

mod borrowed;
mod collections;
pub(crate) mod containers;
mod pointers;
mod scalars;
pub(crate) mod seq;
mod std_values;
