//! The element loops that every sequence shares, owned or borrowed: each
//! error placed at its element's index and offset, and every count checked
//! against the remaining input before anything is allocated.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{CodecError, Location};
use crate::plain::{self, Plain};
use crate::record::EncodedSize;
use crate::wire;

/// Writes each item with `write`, returning the bytes written.
#[inline]
pub(crate) fn write_each<I, W: Write + ?Sized>(
    items: impl IntoIterator<Item = I>,
    w: &mut W,
    mut write: impl FnMut(I, &mut W) -> Result<usize, CodecError>,
) -> Result<usize, CodecError> {
    let mut written = 0usize;
    for (index, item) in items.into_iter().enumerate() {
        written += write(item, w).map_err(|e| e.in_element(index as u64, written))?;
    }
    Ok(written)
}

/// The bytes `write_each` writes, given each item's length.
#[inline]
pub(crate) fn len_each<I>(items: impl IntoIterator<Item = I>, len: impl Fn(I) -> usize) -> usize {
    items
        .into_iter()
        .fold(0usize, |n, item| n.saturating_add(len(item)))
}

/// Checks that `count` elements of at least `element.min` bytes each can be
/// in the `available` bytes, and returns how many elements of `size` bytes
/// in memory a decoder may reserve up front: all of them while they take no
/// more memory than the input has bytes (or 64 KiB), so a plain sequence
/// reserves once; a vector of wide records grows as elements arrive.
///
/// A count of elements that occupy no bytes on the wire but do occupy
/// memory is refused outright: no input could justify it.
pub(crate) fn checked_capacity(
    count: u64,
    element: EncodedSize,
    size: usize,
    available: usize,
) -> Result<usize, CodecError> {
    let needed = count.saturating_mul(element.min as u64);
    if needed > available as u64 {
        return Err(CodecError::UnexpectedEnd {
            at: Location::at(0),
            needed,
            available: available as u64,
        });
    }
    if count > 0 && size > 0 && element.max == Some(0) {
        return Err(zero_size_elements(count));
    }
    let budget = (available.max(UP_FRONT) / size.max(1)) as u64;
    Ok(count.min(budget) as usize)
}

/// How many elements of `size` bytes a reader reserves before it has read
/// any: it cannot see how much input is left, so at most 64 KiB of them.
pub(crate) fn read_capacity(
    count: u64,
    element: EncodedSize,
    size: usize,
) -> Result<usize, CodecError> {
    if count > 0 && size > 0 && element.max == Some(0) {
        return Err(zero_size_elements(count));
    }
    Ok(count.min((UP_FRONT / size.max(1)) as u64) as usize)
}

/// What a decoder may reserve with no input to back it.
const UP_FRONT: usize = 64 * 1024;

#[cold]
fn zero_size_elements(count: u64) -> CodecError {
    CodecError::invalid(
        0,
        format!("a sequence of {count} elements that occupy no bytes"),
    )
}

/// Decodes `count` elements from the front of `bytes` with `decode`, hands
/// each to `push`, and returns the bytes used.
#[inline]
pub(crate) fn decode_each<'de, T>(
    bytes: &'de [u8],
    count: u64,
    mut decode: impl FnMut(&'de [u8]) -> Result<(T, usize), CodecError>,
    mut push: impl FnMut(T) -> Result<(), CodecError>,
) -> Result<usize, CodecError> {
    let mut offset = 0;
    for index in 0..count {
        let rest = crate::__private::rest(bytes, offset);
        let (element, used) = decode(rest).map_err(|e| e.in_element(index, offset))?;
        offset += used;
        push(element).map_err(|e| e.in_element(index, offset - used))?;
    }
    Ok(offset)
}

/// Reads `count` elements with `read`, hands each to `push`; `len` gives
/// each element's encoded length, for the offsets of errors.
#[inline]
pub(crate) fn read_each<R: Read + ?Sized, T>(
    r: &mut R,
    count: u64,
    mut read: impl FnMut(&mut R) -> Result<T, CodecError>,
    len: impl Fn(&T) -> usize,
    mut push: impl FnMut(T) -> Result<(), CodecError>,
) -> Result<(), CodecError> {
    let mut offset = 0;
    for index in 0..count {
        let element = read(r).map_err(|e| e.in_element(index, offset))?;
        let used = len(&element);
        push(element).map_err(|e| e.in_element(index, offset))?;
        offset += used;
    }
    Ok(())
}

/// Writes a key and its value, as a tuple of the two is written.
#[inline]
pub(crate) fn write_pair<W: Write + ?Sized>(
    w: &mut W,
    key: impl FnOnce(&mut W) -> Result<usize, CodecError>,
    value: impl FnOnce(&mut W) -> Result<usize, CodecError>,
) -> Result<usize, CodecError> {
    let key = key(w).map_err(|e| e.in_element(0, 0))?;
    let value = value(w).map_err(|e| e.in_element(1, key))?;
    Ok(key + value)
}

/// Writes the entries of a hash map or set in a canonical order: the order
/// of their keys' encodings, compared as byte strings, whatever the order
/// the table iterates in. `key` encodes an entry's key into a buffer;
/// `value` writes what follows it (for a map, whose entries are pairs;
/// `None` for a set). `key_width` is the keys' encoded length when every
/// key has the same one (an integer's): keys of at most 8 bytes are then
/// sorted as numbers, in one allocation; others are encoded into one
/// buffer and sorted as byte strings.
#[cfg(feature = "std")]
pub(crate) fn write_canonical<E, W: Write + ?Sized>(
    entries: impl ExactSizeIterator<Item = E>,
    w: &mut W,
    key_width: Option<usize>,
    mut key: impl FnMut(&E, &mut Vec<u8>) -> Result<usize, CodecError>,
    mut value: Option<impl FnMut(&E, &mut W) -> Result<usize, CodecError>>,
) -> Result<usize, CodecError> {
    let pairs = value.is_some();
    // A key's error is at `[index][0]` in a map, `[index]` in a set.
    let in_key = |e: CodecError| if pairs { e.in_element(0, 0) } else { e };
    let mut write_value =
        |entry: &E, w: &mut W, position: usize, key_len: usize, at: usize| match value.as_mut() {
            Some(value) => value(entry, w)
                .map_err(|e| e.in_element(1, key_len).in_element(position as u64, at)),
            None => Ok(0),
        };
    let mut written = 0usize;
    if let Some(width @ 0..=8) = key_width {
        // Each key's bytes, read big-endian into the top of a number:
        // numbers in the order of the bytes.
        let mut buffer = Vec::with_capacity(8);
        let mut keyed: Vec<(u64, E)> = Vec::with_capacity(entries.len());
        for (index, entry) in entries.enumerate() {
            buffer.clear();
            key(&entry, &mut buffer).map_err(|e| in_key(e).in_element(index as u64, 0))?;
            let mut number = [0u8; 8];
            let len = buffer.len().min(8);
            number[..len].copy_from_slice(&buffer[..len]);
            keyed.push((u64::from_be_bytes(number), entry));
        }
        keyed.sort_unstable_by_key(|(number, _)| *number);
        for (position, (number, entry)) in keyed.iter().enumerate() {
            let at = written;
            written += wire::write_bytes(w, &number.to_be_bytes()[..width])
                .map_err(|e| in_key(e).in_element(position as u64, at))?;
            written += write_value(entry, w, position, width, at)?;
        }
        return Ok(written);
    }
    let mut keys = Vec::new();
    let mut order: Vec<(usize, usize, E)> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.enumerate() {
        let start = keys.len();
        key(&entry, &mut keys).map_err(|e| in_key(e).in_element(index as u64, 0))?;
        order.push((start, keys.len(), entry));
    }
    order.sort_by(|a, b| keys[a.0..a.1].cmp(&keys[b.0..b.1]));
    for (position, (start, end, entry)) in order.iter().enumerate() {
        let at = written;
        written += wire::write_bytes(w, &keys[*start..*end])
            .map_err(|e| in_key(e).in_element(position as u64, at))?;
        written += write_value(entry, w, position, end - start, at)?;
    }
    Ok(written)
}

/// The error for a key (or set element) that a map already holds.
#[inline(always)]
pub(crate) fn duplicate_key() -> CodecError {
    CodecError::DuplicateKey {
        at: Location::at(0),
    }
}

/// Writes a slice's elements back to back: with one `write_all` when `T`
/// is plain, else each with `write`.
#[inline]
pub(crate) fn write_slice<T, W: Write + ?Sized>(
    values: &[T],
    w: &mut W,
    plain: Plain<T>,
    write: impl FnMut(&T, &mut W) -> Result<usize, CodecError>,
) -> Result<usize, CodecError> {
    match plain::bytes_of(values, plain) {
        Some(bytes) => wire::write_bytes(w, bytes),
        None => write_each(values, w, write),
    }
}

/// Decodes `count` elements of at least `element.min` bytes into a vector
/// that reserves its checked count once: copied with one `memcpy` when `T`
/// is plain, else each with `decode`.
#[inline]
pub(crate) fn decode_vec<'de, T>(
    bytes: &'de [u8],
    count: u64,
    element: EncodedSize,
    plain: Plain<T>,
    decode: impl FnMut(&'de [u8]) -> Result<(T, usize), CodecError>,
) -> Result<(Vec<T>, usize), CodecError> {
    let capacity = checked_capacity(count, element, size_of::<T>(), bytes.len())?;
    if let Ok(count) = usize::try_from(count)
        && let Some(values) = plain::copy_vec(bytes, count, plain)
    {
        return Ok((values, count * size_of::<T>()));
    }
    let mut values = Vec::with_capacity(capacity);
    let used = decode_each(bytes, count, decode, |value| {
        values.push(value);
        Ok(())
    })?;
    Ok((values, used))
}

/// Reads `count` elements into a vector: a plain `T` as one run of bytes
/// (which grows only as they arrive) copied into place, else each with
/// `read`, `len` giving each one's length for the offsets of errors.
#[inline]
pub(crate) fn read_vec<R: Read + ?Sized, T>(
    r: &mut R,
    count: u64,
    element: EncodedSize,
    plain: Plain<T>,
    read: impl FnMut(&mut R) -> Result<T, CodecError>,
    len: impl Fn(&T) -> usize,
) -> Result<Vec<T>, CodecError> {
    let capacity = read_capacity(count, element, size_of::<T>())?;
    if plain.get()
        && let Ok(count) = usize::try_from(count)
        && let Some(byte_len) = count.checked_mul(size_of::<T>())
    {
        let bytes = wire::read_vec(r, 0, byte_len as u64)?;
        if let Some(values) = plain::copy_vec(&bytes, count, plain) {
            return Ok(values);
        }
    }
    let mut values = Vec::with_capacity(capacity);
    read_each(r, count, read, len, |value| {
        values.push(value);
        Ok(())
    })?;
    Ok(values)
}
