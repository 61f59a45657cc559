//! What every round-trip and hostile-input test checks, shared by the test
//! files of the codec and the derive (`codec_*.rs`, `derive_*.rs`, ...), and
//! the file format's records (`records.rs`). Each file uses a part.
#![allow(dead_code)]

pub mod records;

use std::fmt::Debug;

use memscope_binary::{BinaryRecord, Layout};
use proptest::prelude::*;

pub fn layouts() -> impl Strategy<Value = Layout> {
    prop_oneof![Just(Layout::Basic), Just(Layout::Detailed)]
}

/// Encodes `value` in `layout` and checks every promise of the trait: the
/// length is `encoded_len` and within the compile-time `EncodedSize`, both
/// decoders consume exactly the encoded bytes (and leave what follows), and
/// they agree. Returns the decoded value.
pub fn round_trip<T: BinaryRecord + Debug>(value: &T, layout: Layout) -> Result<T, TestCaseError> {
    let bytes = value
        .to_bytes(layout)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(bytes.len(), value.encoded_len(layout));
    let size = T::encoded_size(layout);
    prop_assert!(
        bytes.len() >= size.min,
        "{} < min {}",
        bytes.len(),
        size.min
    );
    if let Some(max) = size.max {
        prop_assert!(bytes.len() <= max, "{} > max {}", bytes.len(), max);
    }
    let mut padded = bytes.clone();
    padded.extend_from_slice(&[0xAB; 3]);
    let (from_slice, used) =
        T::decode_slice(&padded, layout).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(used, bytes.len());
    let mut reader = padded.as_slice();
    let from_reader =
        T::read_with(&mut reader, layout).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(reader.len(), 3, "read_with consumed bytes past the value");
    prop_assert_eq!(
        from_reader.to_bytes(layout).unwrap(),
        from_slice.to_bytes(layout).unwrap()
    );
    Ok(from_slice)
}

/// `round_trip`, and the value comes back equal.
pub fn same<T: BinaryRecord + Debug + PartialEq>(
    value: T,
    layout: Layout,
) -> Result<(), TestCaseError> {
    let back = round_trip(&value, layout)?;
    prop_assert_eq!(back, value);
    Ok(())
}

/// Decodes `bytes` both ways; the decoders must agree on success or failure
/// and on the value, and an error must point inside the input. `Some(used)`
/// on success.
pub fn decode_both<T: BinaryRecord + Debug + PartialEq>(
    bytes: &[u8],
    layout: Layout,
) -> Option<usize> {
    let from_slice = T::decode_slice(bytes, layout);
    let mut reader = bytes;
    let from_reader = T::read_with(&mut reader, layout);
    match (from_slice, from_reader) {
        (Ok((a, used)), Ok(b)) => {
            // Equal, or (a float that is NaN) with equal bytes.
            if a != b {
                assert_eq!(a.to_bytes(layout).ok(), b.to_bytes(layout).ok(), "{a:?}");
            }
            assert_eq!(used, bytes.len() - reader.len());
            Some(used)
        }
        (Err(a), Err(b)) => {
            assert!(a.offset() <= bytes.len() as u64, "{a}");
            assert!(b.offset() <= bytes.len() as u64, "{b}");
            assert!(!a.to_string().contains('\n'));
            None
        }
        (a, b) => panic!("decoders disagree: {a:?} vs {b:?}"),
    }
}

/// Every proper prefix of `bytes` (a whole encoding) is refused by both
/// decoders.
pub fn every_truncation_fails<T: BinaryRecord + Debug + PartialEq>(bytes: &[u8], layout: Layout) {
    assert_eq!(decode_both::<T>(bytes, layout), Some(bytes.len()));
    for cut in 0..bytes.len() {
        assert_eq!(
            decode_both::<T>(&bytes[..cut], layout),
            None,
            "{} {layout:?} truncated to {cut} of {} bytes decoded",
            std::any::type_name::<T>(),
            bytes.len()
        );
    }
}

/// Every byte of `bytes` set to each of a few values decodes to an error or
/// a value, never a panic; returns (decoded, refused) counts.
pub fn every_byte_changed<T: BinaryRecord + Debug + PartialEq>(
    bytes: &[u8],
    layout: Layout,
) -> (usize, usize) {
    let (mut decoded, mut refused) = (0, 0);
    for at in 0..bytes.len() {
        for value in [0x00, 0x01, 0x02, 0x7f, 0x80, 0xc3, 0xfe, 0xff] {
            let mut mutated = bytes.to_vec();
            mutated[at] = value;
            match decode_both::<T>(&mutated, layout) {
                Some(used) => {
                    assert!(used <= mutated.len());
                    decoded += 1;
                }
                None => refused += 1,
            }
        }
    }
    (decoded, refused)
}

/// Every single bit of `bytes` flipped in turn: each decodes to an error or
/// a value, never a panic, and both decoders agree; returns (decoded,
/// refused) counts.
pub fn every_bit_flipped<T: BinaryRecord + Debug + PartialEq>(
    bytes: &[u8],
    layout: Layout,
) -> (usize, usize) {
    let (mut decoded, mut refused) = (0, 0);
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut mutated = bytes.to_vec();
            mutated[at] ^= 1 << bit;
            match decode_both::<T>(&mutated, layout) {
                Some(used) => {
                    assert!(used <= mutated.len());
                    decoded += 1;
                }
                None => refused += 1,
            }
        }
    }
    (decoded, refused)
}
