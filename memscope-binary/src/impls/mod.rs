//! The std impls: [`BinaryRecord`](crate::BinaryRecord) for owned types and
//! [`BorrowRecord`](crate::BorrowRecord) for every type, owned or borrowed.
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

/// `BorrowRecord` for owned types: decoding borrows nothing, so it is the
/// owned decoder, and writing is `BinaryRecord`'s.
macro_rules! borrow_via_owned {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<'de, $($generics)*> $crate::BorrowRecord<'de> for $ty {
            const BORROWED_BASIC_SIZE: $crate::EncodedSize = <$ty as $crate::BinaryRecord>::BASIC_SIZE;
            const BORROWED_DETAILED_SIZE: $crate::EncodedSize = <$ty as $crate::BinaryRecord>::DETAILED_SIZE;
            const __BORROWED_PLAIN: $crate::__private::Plain<Self> = <$ty as $crate::BinaryRecord>::__PLAIN;

            #[inline]
            fn decode_borrowed(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BinaryRecord>::decode_slice(bytes, layout)
            }

            #[inline]
            fn write_borrowed<W: std::io::Write + ?Sized>(
                &self,
                w: &mut W,
                layout: $crate::Layout,
            ) -> Result<usize, $crate::CodecError> {
                <$ty as $crate::BinaryRecord>::write_with(self, w, layout)
            }

            #[inline]
            fn borrowed_len(&self, layout: $crate::Layout) -> usize {
                <$ty as $crate::BinaryRecord>::encoded_len(self, layout)
            }
        }
    )*};
}

/// `BorrowPrefixed` for owned sequences whose elements are owned too: the
/// owned `LengthPrefixed` impl.
macro_rules! borrow_prefixed_via_owned {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<'de, $($generics)*> $crate::BorrowPrefixed<'de> for $ty {
            const BORROWED_BASIC_ELEMENT: $crate::EncodedSize = <$ty as $crate::LengthPrefixed>::BASIC_ELEMENT;
            const BORROWED_DETAILED_ELEMENT: $crate::EncodedSize = <$ty as $crate::LengthPrefixed>::DETAILED_ELEMENT;

            #[inline]
            fn borrowed_element_count(&self) -> usize {
                <$ty as $crate::LengthPrefixed>::element_count(self)
            }

            #[inline]
            fn write_borrowed_elements<W: std::io::Write + ?Sized>(
                &self,
                w: &mut W,
                layout: $crate::Layout,
            ) -> Result<usize, $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::write_elements(self, w, layout)
            }

            #[inline]
            fn borrowed_elements_len(&self, layout: $crate::Layout) -> usize {
                <$ty as $crate::LengthPrefixed>::elements_len(self, layout)
            }

            #[inline]
            fn decode_borrowed_elements(
                bytes: &'de [u8],
                count: u64,
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::decode_elements(bytes, count, layout)
            }
        }
    )*};
}

/// `BinaryRecord` for an owned sequence: its `LengthPrefixed` elements
/// behind a prefix of its default width.
macro_rules! prefixed_record {
    ($([$($generics:tt)*] $ty:ty => $width:expr),* $(,)?) => {$(
        impl<$($generics)*> $crate::BinaryRecord for $ty {
            const BASIC_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
                $width,
                <$ty as $crate::LengthPrefixed>::BASIC_ELEMENT,
            );
            const DETAILED_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
                $width,
                <$ty as $crate::LengthPrefixed>::DETAILED_ELEMENT,
            );

            #[inline]
            fn write_with<W: std::io::Write + ?Sized>(
                &self,
                w: &mut W,
                layout: $crate::Layout,
            ) -> Result<usize, $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::write_prefixed(self, w, $width, layout)
            }

            #[inline]
            fn read_with<R: std::io::Read + ?Sized>(
                r: &mut R,
                layout: $crate::Layout,
            ) -> Result<Self, $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::read_prefixed(r, $width, layout)
            }

            #[inline]
            fn decode_slice(
                bytes: &[u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::LengthPrefixed>::decode_prefixed(bytes, $width, layout)
            }

            #[inline]
            fn encoded_len(&self, layout: $crate::Layout) -> usize {
                <$ty as $crate::LengthPrefixed>::prefixed_len(self, $width, layout)
            }
        }
    )*};
}

/// `BorrowRecord` for a sequence of the borrowed world: its `BorrowPrefixed`
/// elements behind a prefix of its default width.
macro_rules! borrowed_prefixed_record {
    ($([$($generics:tt)*] $ty:ty => $width:expr),* $(,)?) => {$(
        impl<$($generics)*> $crate::BorrowRecord<'de> for $ty {
            const BORROWED_BASIC_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
                $width,
                <$ty as $crate::BorrowPrefixed<'de>>::BORROWED_BASIC_ELEMENT,
            );
            const BORROWED_DETAILED_SIZE: $crate::EncodedSize = $crate::EncodedSize::length_prefixed(
                $width,
                <$ty as $crate::BorrowPrefixed<'de>>::BORROWED_DETAILED_ELEMENT,
            );

            #[inline]
            fn decode_borrowed(
                bytes: &'de [u8],
                layout: $crate::Layout,
            ) -> Result<(Self, usize), $crate::CodecError> {
                <$ty as $crate::BorrowPrefixed<'de>>::decode_borrowed_prefixed(bytes, $width, layout)
            }

            #[inline]
            fn write_borrowed<W: std::io::Write + ?Sized>(
                &self,
                w: &mut W,
                layout: $crate::Layout,
            ) -> Result<usize, $crate::CodecError> {
                <$ty as $crate::BorrowPrefixed<'de>>::write_borrowed_prefixed(self, w, $width, layout)
            }

            #[inline]
            fn borrowed_len(&self, layout: $crate::Layout) -> usize {
                <$ty as $crate::BorrowPrefixed<'de>>::borrowed_prefixed_len(self, $width, layout)
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
