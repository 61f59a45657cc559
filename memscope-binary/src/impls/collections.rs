//! Maps and sets: a `u32` count (the width `#[binary(len = ...)]` can
//! change), then the entries, each a key then its value for a map: the bytes
//! of a `Vec<(K, V)>` or `Vec<T>`. A hash map is written in its iteration
//! order, a B-tree map in key order. Decoding refuses a key that appears
//! twice ([`CodecError::DuplicateKey`]), and checks the count against the
//! remaining input before it reserves anything.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};
use std::io::{Read, Write};

use super::containers::VEC_LEN;
use super::seq;
use crate::codec::{BorrowPrefixed, LengthPrefixed};
use crate::error::CodecError;
use crate::record::{BinaryRecord, BorrowRecord, EncodedSize, Layout};

/// Both worlds of a map: `$new` makes an empty one that can hold `$cap`
/// entries.
macro_rules! map {
    ($([$($owned:tt)*] [$($borrowed:tt)*] $ty:ty, |$cap:ident| $new:expr;)*) => {$(
        impl<$($owned)*> LengthPrefixed for $ty {
            const BASIC_ELEMENT: EncodedSize = K::BASIC_SIZE.then(V::BASIC_SIZE);
            const DETAILED_ELEMENT: EncodedSize = K::DETAILED_SIZE.then(V::DETAILED_SIZE);

            #[inline]
            fn element_count(&self) -> usize {
                self.len()
            }

            fn write_elements<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                seq::write_each(self, w, |(key, value), w| {
                    seq::write_pair(w, |w| key.write_with(w, layout), |w| value.write_with(w, layout))
                })
            }

            fn elements_len(&self, layout: Layout) -> usize {
                seq::len_each(self, |(key, value)| {
                    key.encoded_len(layout).saturating_add(value.encoded_len(layout))
                })
            }

            fn read_elements<R: Read + ?Sized>(r: &mut R, count: u64, layout: Layout) -> Result<Self, CodecError> {
                let $cap = seq::read_capacity(count, <(K, V)>::encoded_size(layout), size_of::<(K, V)>())?;
                let mut map = $new;
                seq::read_each(
                    r,
                    count,
                    |r| <(K, V)>::read_with(r, layout),
                    |entry| entry.encoded_len(layout),
                    |(key, value)| insert_new(map.insert(key, value).is_none()),
                )?;
                Ok(map)
            }

            fn decode_elements(bytes: &[u8], count: u64, layout: Layout) -> Result<(Self, usize), CodecError> {
                let size = <(K, V)>::encoded_size(layout);
                let $cap = seq::checked_capacity(count, size, size_of::<(K, V)>(), bytes.len())?;
                let mut map = $new;
                let used = seq::decode_each(
                    bytes,
                    count,
                    |rest| <(K, V)>::decode_slice(rest, layout),
                    |(key, value)| insert_new(map.insert(key, value).is_none()),
                )?;
                Ok((map, used))
            }
        }

        impl<$($borrowed)*> BorrowPrefixed<'de> for $ty {
            const BORROWED_BASIC_ELEMENT: EncodedSize = K::BORROWED_BASIC_SIZE.then(V::BORROWED_BASIC_SIZE);
            const BORROWED_DETAILED_ELEMENT: EncodedSize =
                K::BORROWED_DETAILED_SIZE.then(V::BORROWED_DETAILED_SIZE);

            #[inline]
            fn borrowed_element_count(&self) -> usize {
                self.len()
            }

            fn write_borrowed_elements<W: Write + ?Sized>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                seq::write_each(self, w, |(key, value), w| {
                    seq::write_pair(w, |w| key.write_borrowed(w, layout), |w| value.write_borrowed(w, layout))
                })
            }

            fn borrowed_elements_len(&self, layout: Layout) -> usize {
                seq::len_each(self, |(key, value)| {
                    key.borrowed_len(layout).saturating_add(value.borrowed_len(layout))
                })
            }

            fn decode_borrowed_elements(
                bytes: &'de [u8],
                count: u64,
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let size = <(K, V)>::borrowed_size(layout);
                let $cap = seq::checked_capacity(count, size, size_of::<(K, V)>(), bytes.len())?;
                let mut map = $new;
                let used = seq::decode_each(
                    bytes,
                    count,
                    |rest| <(K, V)>::decode_borrowed(rest, layout),
                    |(key, value)| insert_new(map.insert(key, value).is_none()),
                )?;
                Ok((map, used))
            }
        }

        prefixed_record!([$($owned)*] $ty => VEC_LEN);
        borrowed_prefixed_record!([$($borrowed)*] $ty => VEC_LEN);
    )*};
}

/// Both worlds of a set, as for a map.
macro_rules! set {
    ($([$($owned:tt)*] [$($borrowed:tt)*] $ty:ty, |$cap:ident| $new:expr;)*) => {$(
        impl<$($owned)*> LengthPrefixed for $ty {
            const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
            const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

            #[inline]
            fn element_count(&self) -> usize {
                self.len()
            }

            fn write_elements<W: Write + ?Sized>(&self, w: &mut W, layout: Layout) -> Result<usize, CodecError> {
                seq::write_each(self, w, |element, w| element.write_with(w, layout))
            }

            fn elements_len(&self, layout: Layout) -> usize {
                seq::len_each(self, |element| element.encoded_len(layout))
            }

            fn read_elements<R: Read + ?Sized>(r: &mut R, count: u64, layout: Layout) -> Result<Self, CodecError> {
                let $cap = seq::read_capacity(count, T::encoded_size(layout), size_of::<T>())?;
                let mut set = $new;
                seq::read_each(
                    r,
                    count,
                    |r| T::read_with(r, layout),
                    |element| element.encoded_len(layout),
                    |element| insert_new(set.insert(element)),
                )?;
                Ok(set)
            }

            fn decode_elements(bytes: &[u8], count: u64, layout: Layout) -> Result<(Self, usize), CodecError> {
                let $cap = seq::checked_capacity(count, T::encoded_size(layout), size_of::<T>(), bytes.len())?;
                let mut set = $new;
                let used = seq::decode_each(
                    bytes,
                    count,
                    |rest| T::decode_slice(rest, layout),
                    |element| insert_new(set.insert(element)),
                )?;
                Ok((set, used))
            }
        }

        impl<$($borrowed)*> BorrowPrefixed<'de> for $ty {
            const BORROWED_BASIC_ELEMENT: EncodedSize = T::BORROWED_BASIC_SIZE;
            const BORROWED_DETAILED_ELEMENT: EncodedSize = T::BORROWED_DETAILED_SIZE;

            #[inline]
            fn borrowed_element_count(&self) -> usize {
                self.len()
            }

            fn write_borrowed_elements<W: Write + ?Sized>(
                &self,
                w: &mut W,
                layout: Layout,
            ) -> Result<usize, CodecError> {
                seq::write_each(self, w, |element, w| element.write_borrowed(w, layout))
            }

            fn borrowed_elements_len(&self, layout: Layout) -> usize {
                seq::len_each(self, |element| element.borrowed_len(layout))
            }

            fn decode_borrowed_elements(
                bytes: &'de [u8],
                count: u64,
                layout: Layout,
            ) -> Result<(Self, usize), CodecError> {
                let size = T::borrowed_size(layout);
                let $cap = seq::checked_capacity(count, size, size_of::<T>(), bytes.len())?;
                let mut set = $new;
                let used = seq::decode_each(
                    bytes,
                    count,
                    |rest| T::decode_borrowed(rest, layout),
                    |element| insert_new(set.insert(element)),
                )?;
                Ok((set, used))
            }
        }

        prefixed_record!([$($owned)*] $ty => VEC_LEN);
        borrowed_prefixed_record!([$($borrowed)*] $ty => VEC_LEN);
    )*};
}

/// `Ok` when an insert added a new key, the duplicate-key error otherwise.
#[inline]
fn insert_new(new: bool) -> Result<(), CodecError> {
    if new {
        Ok(())
    } else {
        Err(seq::duplicate_key())
    }
}

map! {
    [K: BinaryRecord + Eq + Hash, V: BinaryRecord, S: BuildHasher + Default]
    ['de, K: BorrowRecord<'de> + Eq + Hash, V: BorrowRecord<'de>, S: BuildHasher + Default]
    HashMap<K, V, S>, |capacity| HashMap::with_capacity_and_hasher(capacity, S::default());

    [K: BinaryRecord + Ord, V: BinaryRecord]
    ['de, K: BorrowRecord<'de> + Ord, V: BorrowRecord<'de>]
    BTreeMap<K, V>, |_capacity| BTreeMap::new();
}

set! {
    [T: BinaryRecord + Eq + Hash, S: BuildHasher + Default]
    ['de, T: BorrowRecord<'de> + Eq + Hash, S: BuildHasher + Default]
    HashSet<T, S>, |capacity| HashSet::with_capacity_and_hasher(capacity, S::default());

    [T: BinaryRecord + Ord]
    ['de, T: BorrowRecord<'de> + Ord]
    BTreeSet<T>, |_capacity| BTreeSet::new();
}
