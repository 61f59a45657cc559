//! Owning pointers and `Cow`: each is encoded as what it points to. `Rc<T>`
//! and `Arc<T>` as `T` (as `Box<T>` is); `Box<str>`, `Rc<str>`, `Arc<str>`
//! and `Cow<str>` as a `String` (a `u16` length, then UTF-8); `Box<[T]>`,
//! `Rc<[T]>`, `Arc<[T]>` and `Cow<[T]>` as a `Vec<T>` (a `u32` count, then
//! the elements). Decoding makes one allocation of the exact size: a `Cow`
//! decodes as `Cow::Owned` here, and as `Cow::Borrowed` in a borrowed type
//! (`borrowed.rs`).
//!
//! Shared pointers are written once per pointer: two `Rc`s to one value are
//! two copies on the wire, and decode as two values.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::borrow::Cow;
use alloc::rc::Rc;
use alloc::sync::Arc;

use super::containers::{STRING_LEN, VEC_LEN, plain_in, str_from};
use super::seq;
use crate::codec::{BorrowPrefixed, LengthPrefixed};
use crate::error::CodecError;
use crate::record::{BinaryRecord, BorrowRecord, EncodedSize, Layout};
use crate::wire;

/// `Rc<T>` and `Arc<T>`: `T`'s encoding.
macro_rules! shared {
    ($($ptr:ident),*) => {$(
        impl<T: BinaryRecord> BinaryRecord for $ptr<T> {
            const BASIC_SIZE: EncodedSize = T::BASIC_SIZE;
            const DETAILED_SIZE: EncodedSize = T::DETAILED_SIZE;

            #[inline]
            fn write_with<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                (**self).write_with(w, layout)
            }

            #[inline]
            fn read_with<R: Read + ?Sized>(r: &mut R, layout: Layout) -> Result<Self, CodecError> {
                T::read_with(r, layout).map($ptr::new)
            }

            #[inline]
            fn decode_slice(bytes: &[u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                T::decode_slice(bytes, layout).map(|(value, used)| ($ptr::new(value), used))
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
                T::__read_ordered::<R, BE>(r, layout).map($ptr::new)
            }

            #[inline]
            fn __decode_ordered<const BE: bool>(
                bytes: &[u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                T::__decode_ordered::<BE>(bytes, layout).map(|(value, used)| ($ptr::new(value), used))
            }
        }

        impl<'de, T: BorrowRecord<'de>> BorrowRecord<'de> for $ptr<T> {
            #[inline]
            fn decode_borrowed(bytes: &'de [u8], layout: Layout) -> Result<(Self, usize), CodecError> {
                T::decode_borrowed(bytes, layout).map(|(value, used)| ($ptr::new(value), used))
            }

            #[inline]
            fn __decode_borrowed_ordered<const BE: bool>(
                bytes: &'de [u8],
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                T::__decode_borrowed_ordered::<BE>(bytes, layout)
                    .map(|(value, used)| ($ptr::new(value), used))
            }
        }
    )*};
}

shared!(Rc, Arc);

/// Owned strings other than `String`: made from the decoded `&str` in one
/// allocation (`$from_str`), or from a `String` read from a `Read`.
macro_rules! str_like {
    ($([$($generics:tt)*] $ty:ty => $from_str:expr, $from_string:expr;)*) => {$(
        impl<$($generics)*> LengthPrefixed for $ty {
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
                layout: Layout,
            ) -> Result<Self, CodecError> {
                String::read_elements::<R, BE>(r, count, layout).map($from_string)
            }

            #[inline]
            fn decode_elements<const BE: bool>(
                bytes: &[u8],
                count: u64,
                _: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let text = str_from(bytes, count)?;
                Ok(($from_str(text), text.len()))
            }
        }

        prefixed_record!(owned [$($generics)*] $ty => STRING_LEN);
    )*};
}

str_like! {
    [] Box<str> => Box::from, String::into_boxed_str;
    [] Rc<str> => Rc::from, Rc::from;
    [] Arc<str> => Arc::from, Arc::from;
    ['a] Cow<'a, str> => |text: &str| Cow::Owned(text.to_owned()), Cow::Owned;
}

borrow_via_owned!([] Box<str>, [] Rc<str>, [] Arc<str>);
borrow_prefixed_via_owned!([] Box<str>, [] Rc<str>, [] Arc<str>);

/// Owned slices other than `Vec<T>`: made from the decoded `Vec<T>`
/// (`$from`), whose capacity is its length, so `Box<[T]>` keeps the
/// allocation and `Rc<[T]>` copies it once.
macro_rules! slice_like {
    ($($ptr:ident),*) => {$(
        impl<T: BinaryRecord> LengthPrefixed for $ptr<[T]> {
            const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
            const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

            #[inline]
            fn element_count(&self) -> usize {
                self.len()
            }

            fn write_elements<W: Write + ?Sized, const BE: bool>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                seq::write_slice(self, w, plain_in::<T, BE>(T::__PLAIN), |element, w| {
                    element.__write_ordered::<W, BE>(w, layout)
                })
            }

            fn elements_len(&self, layout: Layout) -> usize {
                seq::len_each(self.iter(), |element| element.encoded_len(layout))
            }

            fn read_elements<R: Read + ?Sized, const BE: bool>(
                r: &mut R,
                count: u64,
                layout: Layout,
            ) -> Result<Self, CodecError> {
                Vec::<T>::read_elements::<R, BE>(r, count, layout).map($ptr::from)
            }

            fn decode_elements<const BE: bool>(
                bytes: &[u8],
                count: u64,
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let (elements, used) = Vec::<T>::decode_elements::<BE>(bytes, count, layout)?;
                Ok(($ptr::from(elements), used))
            }
        }

        impl<'de, T: BorrowRecord<'de>> BorrowPrefixed<'de> for $ptr<[T]> {
            fn decode_borrowed_elements<const BE: bool>(
                bytes: &'de [u8],
                count: u64,
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let (elements, used) = Vec::<T>::decode_borrowed_elements::<BE>(bytes, count, layout)?;
                Ok(($ptr::from(elements), used))
            }
        }

        prefixed_record!(owned [T: BinaryRecord] $ptr<[T]> => VEC_LEN);
        borrowed_prefixed_record!(['de, T: BorrowRecord<'de>] $ptr<[T]> => VEC_LEN);
    )*};
}

slice_like!(Box, Rc, Arc);

/// `Cow<[T]>` as an owned field: `Cow::Owned` on decoding. (In a borrowed
/// type, `Cow<[u8]>` borrows instead.)
impl<'a, T: BinaryRecord + Clone> LengthPrefixed for Cow<'a, [T]> {
    const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
    const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_slice(self, w, plain_in::<T, BE>(T::__PLAIN), |element, w| {
            element.__write_ordered::<W, BE>(w, layout)
        })
    }

    fn elements_len(&self, layout: Layout) -> usize {
        seq::len_each(self.iter(), |element| element.encoded_len(layout))
    }

    fn read_elements<R: Read + ?Sized, const BE: bool>(
        r: &mut R,
        count: u64,
        layout: Layout,
    ) -> Result<Self, CodecError> {
        Vec::<T>::read_elements::<R, BE>(r, count, layout).map(Cow::Owned)
    }

    fn decode_elements<const BE: bool>(
        bytes: &[u8],
        count: u64,
        layout: Layout,
    ) -> Result<(Self, usize), CodecError> {
        let (elements, used) = Vec::<T>::decode_elements::<BE>(bytes, count, layout)?;
        Ok((Cow::Owned(elements), used))
    }
}

prefixed_record!(owned ['a, T: BinaryRecord + Clone] Cow<'a, [T]> => VEC_LEN);
