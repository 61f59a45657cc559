//! Maps and sets: a `u32` count (the width `#[binary(len = ...)]` can
//! change), then the entries, each a key then its value for a map: the bytes
//! of a `Vec<(K, V)>` or `Vec<T>`.
//!
//! The order is canonical, so equal maps give equal bytes: a B-tree map or
//! set is written in its key order, a hash map or set in the order of its
//! keys' encodings (compared as byte strings), whatever its insertion
//! order, capacity or hasher seed. Decoding accepts entries in any order
//! (files written before hash maps were sorted still read), refuses a key
//! that appears twice ([`CodecError::DuplicateKey`]), and checks the count
//! against the remaining input before it reserves anything.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::collections::{BTreeMap, BTreeSet};
#[cfg(feature = "std")]
use alloc::vec::Vec;
#[cfg(feature = "std")]
use core::hash::{BuildHasher, Hash};
#[cfg(feature = "std")]
use std::collections::{HashMap, HashSet};

use super::containers::VEC_LEN;
use super::seq;
use crate::codec::{BorrowPrefixed, LengthPrefixed};
use crate::error::CodecError;
use crate::record::{BinaryRecord, BorrowRecord, EncodedSize, Layout};

/// The decoding side of a map, shared by both kinds: `$new` makes an empty
/// one that can hold `$cap` entries.
macro_rules! map_decoding {
    (@owned $ty:ty, |$cap:ident| $new:expr) => {
        fn read_elements<R: Read + ?Sized, const BE: bool>(
            r: &mut R,
            count: u64,
            layout: Layout,
        ) -> Result<Self, CodecError> {
            let $cap =
                seq::read_capacity(count, <(K, V)>::encoded_size(layout), size_of::<(K, V)>())?;
            let mut map = $new;
            seq::read_each(
                r,
                count,
                |r| <(K, V)>::__read_ordered::<R, BE>(r, layout),
                |entry| entry.encoded_len(layout),
                |(key, value)| insert_new(map.insert(key, value).is_none()),
            )?;
            Ok(map)
        }

        fn decode_elements<const BE: bool>(
            bytes: &[u8],
            count: u64,
            layout: Layout,
        ) -> Result<(Self, usize), CodecError> {
            let size = <(K, V)>::encoded_size(layout);
            let $cap = seq::checked_capacity(count, size, size_of::<(K, V)>(), bytes.len())?;
            let mut map = $new;
            let used = seq::decode_each(
                bytes,
                count,
                |rest| <(K, V)>::__decode_ordered::<BE>(rest, layout),
                |(key, value)| insert_new(map.insert(key, value).is_none()),
            )?;
            Ok((map, used))
        }
    };
    (@borrowed $ty:ty, |$cap:ident| $new:expr) => {
        fn decode_borrowed_elements<const BE: bool>(
            bytes: &'de [u8],
            count: u64,
            layout: Layout,
        ) -> Result<(Self, usize), CodecError> {
            let size = <(K, V)>::encoded_size(layout);
            let $cap = seq::checked_capacity(count, size, size_of::<(K, V)>(), bytes.len())?;
            let mut map = $new;
            let used = seq::decode_each(
                bytes,
                count,
                |rest| <(K, V)>::__decode_borrowed_ordered::<BE>(rest, layout),
                |(key, value)| insert_new(map.insert(key, value).is_none()),
            )?;
            Ok((map, used))
        }
    };
}

/// The decoding side of a set, as [`map_decoding`].
macro_rules! set_decoding {
    (@owned $ty:ty, |$cap:ident| $new:expr) => {
        fn read_elements<R: Read + ?Sized, const BE: bool>(
            r: &mut R,
            count: u64,
            layout: Layout,
        ) -> Result<Self, CodecError> {
            let $cap = seq::read_capacity(count, T::encoded_size(layout), size_of::<T>())?;
            let mut set = $new;
            seq::read_each(
                r,
                count,
                |r| T::__read_ordered::<R, BE>(r, layout),
                |element| element.encoded_len(layout),
                |element| insert_new(set.insert(element)),
            )?;
            Ok(set)
        }

        fn decode_elements<const BE: bool>(
            bytes: &[u8],
            count: u64,
            layout: Layout,
        ) -> Result<(Self, usize), CodecError> {
            let $cap =
                seq::checked_capacity(count, T::encoded_size(layout), size_of::<T>(), bytes.len())?;
            let mut set = $new;
            let used = seq::decode_each(
                bytes,
                count,
                |rest| T::__decode_ordered::<BE>(rest, layout),
                |element| insert_new(set.insert(element)),
            )?;
            Ok((set, used))
        }
    };
    (@borrowed $ty:ty, |$cap:ident| $new:expr) => {
        fn decode_borrowed_elements<const BE: bool>(
            bytes: &'de [u8],
            count: u64,
            layout: Layout,
        ) -> Result<(Self, usize), CodecError> {
            let size = T::encoded_size(layout);
            let $cap = seq::checked_capacity(count, size, size_of::<T>(), bytes.len())?;
            let mut set = $new;
            let used = seq::decode_each(
                bytes,
                count,
                |rest| T::__decode_borrowed_ordered::<BE>(rest, layout),
                |element| insert_new(set.insert(element)),
            )?;
            Ok((set, used))
        }
    };
}

#[cfg(feature = "std")]
impl<K: BinaryRecord + Eq + Hash, V: BinaryRecord, S: BuildHasher + Default> LengthPrefixed
    for HashMap<K, V, S>
{
    const BASIC_ELEMENT: EncodedSize = K::BASIC_SIZE.then(V::BASIC_SIZE);
    const DETAILED_ELEMENT: EncodedSize = K::DETAILED_SIZE.then(V::DETAILED_SIZE);

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    /// In the order of the keys' encodings: equal maps, equal bytes.
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_canonical(
            self.iter(),
            w,
            K::encoded_size(layout).exact_len(),
            |(key, _), buffer| key.__write_ordered::<Vec<u8>, BE>(buffer, layout),
            Some(|(_, value): &(&K, &V), w: &mut W| value.__write_ordered::<W, BE>(w, layout)),
        )
    }

    fn elements_len(&self, layout: Layout) -> usize {
        seq::len_each(self, |(key, value)| {
            key.encoded_len(layout)
                .saturating_add(value.encoded_len(layout))
        })
    }

    map_decoding!(@owned HashMap<K, V, S>, |capacity| HashMap::with_capacity_and_hasher(capacity, S::default()));
}

#[cfg(feature = "std")]
impl<'de, K, V, S> BorrowPrefixed<'de> for HashMap<K, V, S>
where
    K: BorrowRecord<'de> + Eq + Hash,
    V: BorrowRecord<'de>,
    S: BuildHasher + Default,
{
    map_decoding!(@borrowed HashMap<K, V, S>, |capacity| HashMap::with_capacity_and_hasher(capacity, S::default()));
}

impl<K: BinaryRecord + Ord, V: BinaryRecord> LengthPrefixed for BTreeMap<K, V> {
    const BASIC_ELEMENT: EncodedSize = K::BASIC_SIZE.then(V::BASIC_SIZE);
    const DETAILED_ELEMENT: EncodedSize = K::DETAILED_SIZE.then(V::DETAILED_SIZE);

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    /// In key order.
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_each(self, w, |(key, value), w| {
            seq::write_pair(
                w,
                |w| key.__write_ordered::<W, BE>(w, layout),
                |w| value.__write_ordered::<W, BE>(w, layout),
            )
        })
    }

    fn elements_len(&self, layout: Layout) -> usize {
        seq::len_each(self, |(key, value)| {
            key.encoded_len(layout)
                .saturating_add(value.encoded_len(layout))
        })
    }

    map_decoding!(@owned BTreeMap<K, V>, |_capacity| BTreeMap::new());
}

impl<'de, K: BorrowRecord<'de> + Ord, V: BorrowRecord<'de>> BorrowPrefixed<'de> for BTreeMap<K, V> {
    map_decoding!(@borrowed BTreeMap<K, V>, |_capacity| BTreeMap::new());
}

#[cfg(feature = "std")]
impl<T: BinaryRecord + Eq + Hash, S: BuildHasher + Default> LengthPrefixed for HashSet<T, S> {
    const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
    const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    /// In the order of the elements' encodings: equal sets, equal bytes.
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_canonical(
            self.iter(),
            w,
            T::encoded_size(layout).exact_len(),
            |element, buffer| element.__write_ordered::<Vec<u8>, BE>(buffer, layout),
            None::<fn(&&T, &mut W) -> Result<usize, CodecError>>,
        )
    }

    fn elements_len(&self, layout: Layout) -> usize {
        seq::len_each(self, |element| element.encoded_len(layout))
    }

    set_decoding!(@owned HashSet<T, S>, |capacity| HashSet::with_capacity_and_hasher(capacity, S::default()));
}

#[cfg(feature = "std")]
impl<'de, T: BorrowRecord<'de> + Eq + Hash, S: BuildHasher + Default> BorrowPrefixed<'de>
    for HashSet<T, S>
{
    set_decoding!(@borrowed HashSet<T, S>, |capacity| HashSet::with_capacity_and_hasher(capacity, S::default()));
}

impl<T: BinaryRecord + Ord> LengthPrefixed for BTreeSet<T> {
    const BASIC_ELEMENT: EncodedSize = T::BASIC_SIZE;
    const DETAILED_ELEMENT: EncodedSize = T::DETAILED_SIZE;

    #[inline]
    fn element_count(&self) -> usize {
        self.len()
    }

    /// In order.
    fn write_elements<W: Write + ?Sized, const BE: bool>(
        &self,
        w: &mut W,
        layout: Layout,
    ) -> Result<usize, CodecError> {
        seq::write_each(self, w, |element, w| {
            element.__write_ordered::<W, BE>(w, layout)
        })
    }

    fn elements_len(&self, layout: Layout) -> usize {
        seq::len_each(self, |element| element.encoded_len(layout))
    }

    set_decoding!(@owned BTreeSet<T>, |_capacity| BTreeSet::new());
}

impl<'de, T: BorrowRecord<'de> + Ord> BorrowPrefixed<'de> for BTreeSet<T> {
    set_decoding!(@borrowed BTreeSet<T>, |_capacity| BTreeSet::new());
}

prefixed_record!(
    owned [K: BinaryRecord + Ord, V: BinaryRecord] BTreeMap<K, V> => VEC_LEN,
    owned [T: BinaryRecord + Ord] BTreeSet<T> => VEC_LEN,
);

#[cfg(feature = "std")]
prefixed_record!(
    owned [K: BinaryRecord + Eq + Hash, V: BinaryRecord, S: BuildHasher + Default] HashMap<K, V, S> => VEC_LEN,
    owned [T: BinaryRecord + Eq + Hash, S: BuildHasher + Default] HashSet<T, S> => VEC_LEN,
);

borrowed_prefixed_record!(
    ['de, K: BorrowRecord<'de> + Ord, V: BorrowRecord<'de>] BTreeMap<K, V> => VEC_LEN,
    ['de, T: BorrowRecord<'de> + Ord] BTreeSet<T> => VEC_LEN,
);

#[cfg(feature = "std")]
borrowed_prefixed_record!(
    ['de, K: BorrowRecord<'de> + Eq + Hash, V: BorrowRecord<'de>, S: BuildHasher + Default] HashMap<K, V, S> => VEC_LEN,
    ['de, T: BorrowRecord<'de> + Eq + Hash, S: BuildHasher + Default] HashSet<T, S> => VEC_LEN,
);

/// `Ok` when an insert added a new key, the duplicate-key error otherwise.
#[inline]
fn insert_new(new: bool) -> Result<(), CodecError> {
    if new {
        Ok(())
    } else {
        Err(seq::duplicate_key())
    }
}
