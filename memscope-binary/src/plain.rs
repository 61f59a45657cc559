//! Bulk copies of plain values: types whose bytes in memory are their
//! encoding, so that a slice of them is written with one `write_all` and a
//! vector of them decoded with one `memcpy`, as speedy's `write_slice` and
//! rkyv's copy optimization do.
//!
//! A type says it is plain through a [`Plain<T>`] constant, which only
//! `unsafe` code can make true: this crate for the integers and floats
//! (and arrays of them), the derive for a struct after proving its layout
//! at compile time with `offset_of!` and `size_of` (see
//! [`plain_layout`]). Every `unsafe` block of the crate but one is in this
//! file, and each relies on the one invariant below. (The other is the
//! ASCII check of short strings in `impls/containers.rs`, which relies on
//! nothing but its own loop.)
//!
//! **The invariant.** When `Plain<T>::get()` is true, on this target:
//! 1. the `size_of::<T>()` bytes of every `T` are exactly its encoding, in
//!    both layouts (so its encoding has that fixed size);
//! 2. those bytes are all initialized: `T` has no padding;
//! 3. every sequence of `size_of::<T>()` bytes is a valid `T`;
//! 4. `T` has no interior mutability.
//!
//! The unit tests below and `tests/bulk_copy.rs` run clean under Miri:
//! `cargo +nightly miri test -p memscope-binary --lib plain` and
//! `cargo +nightly miri test -p memscope-binary --test bulk_copy -- plain_is_decided
//! a_slice_is_written arrays_of_plain a_short_input`.
//!
//! Integers and floats (little-endian targets only), arrays of plain types,
//! and structs whose fields are all plain and lie back to back in
//! declaration order fill all four; `bool`, `char`, references, tuples
//! (whose layout Rust does not promise) and anything with padding do not.

#[allow(unused_imports)]
use crate::prelude::*;
use core::marker::PhantomData;

/// Whether `T` is plain: its memory is its encoding, with no padding, no
/// invalid bit patterns and no interior mutability (the invariant is stated
/// in full in `plain.rs`).
/// The type parameter keeps one type's proof from being claimed for
/// another.
pub struct Plain<T: ?Sized>(bool, PhantomData<fn() -> T>);

impl<T: ?Sized> Clone for Plain<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Plain<T> {}

impl<T: ?Sized> Plain<T> {
    /// Not plain: what every type is unless it says otherwise.
    pub const NO: Self = Plain(false, PhantomData);

    /// A type's claim to be plain, when `plain` is true.
    ///
    /// # Safety
    ///
    /// `plain` may be true only if `T` fills the invariant of the
    /// module docs of `plain.rs`: its memory is its encoding, with no padding, no
    /// invalid bit patterns and no interior mutability.
    pub const unsafe fn assume(plain: bool) -> Self {
        Plain(plain, PhantomData)
    }

    /// Whether the type is plain.
    #[inline(always)]
    pub const fn get(self) -> bool {
        self.0
    }
}

impl<T> Plain<T> {
    /// An array of `T` is plain when `T` is.
    pub(crate) const fn array<const N: usize>(self) -> Plain<[T; N]> {
        // SAFETY: an array is its `N` elements back to back (its stride is
        // `size_of::<T>()`, so there is no padding between them), and its
        // encoding is the `N` encodings back to back; every byte sequence
        // is `N` valid elements. The invariant holds for `[T; N]` when it
        // holds for `T`.
        unsafe { Plain::assume(self.0) }
    }
}

/// The integers and floats: on a little-endian target their memory is their
/// `to_le_bytes`, and every bit pattern is a value. `usize` and `isize` are
/// written as 8 bytes, which is their memory only where they are 8 bytes.
pub(crate) trait Scalar: Sized {
    /// Whether the type is plain on this target.
    const PLAIN: Plain<Self>;
}

macro_rules! plain_scalars {
    ($($ty:ty),*) => {$(
        impl Scalar for $ty {
            // SAFETY: as the trait says; the condition is this target's,
            // evaluated at compile time: little-endian, and the memory as
            // wide as the encoding.
            const PLAIN: Plain<$ty> = unsafe {
                Plain::assume(
                    cfg!(target_endian = "little")
                        && size_of::<$ty>() == <$ty as crate::BinaryRecord>::BASIC_SIZE.min,
                )
            };
        }
    )*};
}

plain_scalars!(
    u8, u16, u32, u64, u128, i8, i16, i32, i64, i128, f32, f64, usize, isize
);

/// Whether a struct's fields, given as `(offset_of!, size_of, plain)` in
/// declaration order for a struct of `size` bytes, make it plain: the target
/// is little-endian, every field is plain, and the fields start at 0 and lie
/// back to back to the struct's end (so there is no padding and the memory
/// order is the wire order). The derive passes the compiler's own numbers.
pub const fn plain_layout(size: usize, fields: &[(usize, usize, bool)]) -> bool {
    if !cfg!(target_endian = "little") {
        return false;
    }
    let mut end = 0;
    let mut index = 0;
    while index < fields.len() {
        let (offset, field_size, plain) = fields[index];
        if !plain || offset != end {
            return false;
        }
        end += field_size;
        index += 1;
    }
    end == size
}

/// The bytes of `values`, when `T` is plain: their encoding, to be written
/// with one `write_all`.
#[inline]
pub(crate) fn bytes_of<T>(values: &[T], plain: Plain<T>) -> Option<&[u8]> {
    if !plain.get() {
        return None;
    }
    // SAFETY: `values` is `size_of_val(values)` bytes of memory, readable
    // for as long as it is borrowed; by the invariant every one of them is
    // initialized (no padding) and none changes while it is borrowed (no
    // interior mutability). `u8` has alignment 1.
    Some(unsafe { core::slice::from_raw_parts(values.as_ptr().cast::<u8>(), size_of_val(values)) })
}

/// `count` values of `T` copied out of the front of `bytes` with one
/// `memcpy`, when `T` is plain and `bytes` holds them; `None` otherwise (the
/// caller then decodes element by element, which reports what is wrong).
#[inline]
pub(crate) fn copy_vec<T>(bytes: &[u8], count: usize, plain: Plain<T>) -> Option<Vec<T>> {
    if !plain.get() {
        return None;
    }
    let len = count.checked_mul(size_of::<T>())?;
    let source = bytes.get(..len)?;
    let mut values = Vec::<T>::with_capacity(count);
    // SAFETY: the vector has room for `count` values, `len` bytes; `source`
    // is `len` readable bytes; a new allocation does not overlap the input.
    // By the invariant any `len` bytes are `count` valid values, so the
    // first `count` elements are initialized when `set_len` says so.
    unsafe {
        core::ptr::copy_nonoverlapping(source.as_ptr(), values.as_mut_ptr().cast::<u8>(), len);
        values.set_len(count);
    }
    Some(values)
}

/// An array of `T` copied out of the front of `bytes`, when `T` is plain
/// and `bytes` holds it.
#[inline]
pub(crate) fn copy_array<T, const N: usize>(bytes: &[u8], plain: Plain<T>) -> Option<[T; N]> {
    if !plain.get() {
        return None;
    }
    let source = bytes.get(..size_of::<[T; N]>())?;
    // SAFETY: `source` is `size_of::<[T; N]>()` readable bytes, read
    // without assuming any alignment; by the invariant they are a valid
    // array.
    Some(unsafe { core::ptr::read_unaligned(source.as_ptr().cast::<[T; N]>()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BinaryRecord;

    #[test]
    fn a_layout_with_a_gap_or_out_of_order_is_not_plain() {
        assert!(plain_layout(16, &[(0, 8, true), (8, 8, true)]));
        // Padding after a field.
        assert!(!plain_layout(16, &[(0, 1, true), (8, 8, true)]));
        // Padding at the end.
        assert!(!plain_layout(24, &[(0, 8, true), (8, 8, true)]));
        // Memory order differs from declaration order.
        assert!(!plain_layout(16, &[(8, 8, true), (0, 8, true)]));
        // A field that is not plain.
        assert!(!plain_layout(16, &[(0, 8, true), (8, 8, false)]));
        assert!(plain_layout(0, &[]));
    }

    #[test]
    fn only_little_endian_integers_and_floats_are_plain_scalars() {
        let little = cfg!(target_endian = "little");
        assert_eq!(u64::__PLAIN.get(), little);
        assert_eq!(f32::__PLAIN.get(), little);
        assert_eq!(<[u16; 3]>::__PLAIN.get(), little);
        assert_eq!(usize::__PLAIN.get(), little && size_of::<usize>() == 8);
        assert!(!bool::__PLAIN.get());
        assert!(!char::__PLAIN.get());
        assert!(!<(u32, u32)>::__PLAIN.get());
        assert!(!String::__PLAIN.get());
    }

    #[test]
    fn copies_are_the_values_and_refuse_short_input() {
        let values: [u32; 3] = [1, 0x0203_0405, u32::MAX];
        let bytes = bytes_of(&values, u32::__PLAIN).unwrap();
        assert_eq!(bytes, values.map(u32::to_le_bytes).concat());
        assert_eq!(copy_vec(bytes, 3, u32::__PLAIN).unwrap(), values);
        // From an odd offset: the source need not be aligned.
        assert_eq!(
            copy_vec::<u32>(&bytes[1..], 2, u32::__PLAIN).unwrap(),
            [0x0500_0000, 0xff02_0304]
        );
        assert_eq!(copy_vec::<u32>(bytes, 4, u32::__PLAIN), None);
        assert_eq!(copy_vec::<u32>(bytes, usize::MAX, u32::__PLAIN), None);
        assert_eq!(copy_array::<u32, 3>(bytes, u32::__PLAIN), Some(values));
        assert_eq!(copy_array::<u32, 4>(bytes, u32::__PLAIN), None);
        assert_eq!(bytes_of(&[true], bool::__PLAIN), None);
    }
}
