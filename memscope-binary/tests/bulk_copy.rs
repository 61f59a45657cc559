//! Bulk copies: a struct whose fields are fixed-size integers, floats or
//! arrays of them, laid out in memory exactly as on the wire (declaration
//! order, no padding, a little-endian target), is "plain": slices, vectors
//! and arrays of it are written with one `write_all` and decoded with one
//! `memcpy`. The derive decides at compile time; anything else goes field
//! by field. These tests pin which types are plain and check that the bulk
//! path gives exactly the field-by-field path's bytes, values and errors.

mod common;

use common::{layouts, same};
use memscope_binary::{BinaryRecord, CodecError, Layout};
use proptest::prelude::*;

/// The benchmark's record: three `u64`s, 24 bytes in memory and on the wire.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[binary(size = 24)]
struct Plain3 {
    ptr: u64,
    size: u64,
    timestamp: u64,
}

/// A plain struct nests: its fields are plain and back to back.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
struct Nested {
    inner: Plain3,
    pair: [u32; 2],
    ratio: f64,
}

/// Padding after `a`: memory is not the wire.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[repr(C)]
struct Padded {
    a: u8,
    b: u64,
}

/// Rust may reorder these fields to save padding, so memory order is not
/// declaration order (and there is padding at the end).
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
struct Reordered {
    a: u8,
    b: u64,
    c: u8,
}

/// Packed: no padding, fields in order; plain again.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[repr(C, packed)]
struct Packed {
    a: u8,
    b: u64,
}

/// Plain for plain `T`, not for others.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
struct Pair<T> {
    a: T,
    b: T,
}

/// A `bool` has invalid bit patterns; a skipped field is not on the wire.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
struct WithBool {
    a: u64,
    flag: bool,
}

#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
struct WithSkip {
    a: u64,
    #[binary(skip)]
    cache: u64,
}

fn is_plain<T: BinaryRecord>() -> bool {
    T::__PLAIN.get()
}

#[test]
fn plain_is_decided_by_the_compiler_from_the_layout() {
    let little = cfg!(target_endian = "little");
    assert_eq!(is_plain::<Plain3>(), little);
    assert_eq!(is_plain::<Nested>(), little);
    assert_eq!(is_plain::<Packed>(), little);
    assert_eq!(is_plain::<Pair<u16>>(), little);
    assert_eq!(is_plain::<[Plain3; 4]>(), little);
    assert!(!is_plain::<Padded>());
    assert!(!is_plain::<Reordered>());
    assert!(!is_plain::<Pair<bool>>());
    assert!(!is_plain::<Pair<(u8, u8)>>());
    assert!(!is_plain::<WithBool>());
    assert!(!is_plain::<WithSkip>());
    assert!(!is_plain::<common::records::AllocationInfo>());
}

/// The same 24-byte records as a tuple, which is never plain: the
/// field-by-field reference for the bulk path.
type Tuple3 = (u64, u64, u64);

fn to_tuple(r: &Plain3) -> Tuple3 {
    (r.ptr, r.size, r.timestamp)
}

#[test]
fn a_slice_is_written_as_its_records_back_to_back() {
    let records: Vec<Plain3> = (0..100)
        .map(|i| Plain3 {
            ptr: i,
            size: i * 8,
            timestamp: !i,
        })
        .collect();
    let mut bulk = Vec::new();
    assert_eq!(
        Plain3::write_many(&records, &mut bulk, Layout::Basic).unwrap(),
        2400
    );
    let tuples: Vec<Tuple3> = records.iter().map(to_tuple).collect();
    let mut one_by_one = Vec::new();
    Tuple3::write_many(&tuples, &mut one_by_one, Layout::Basic).unwrap();
    assert_eq!(bulk, one_by_one);
    assert_eq!(
        records.to_bytes(Layout::Detailed).unwrap(),
        tuples.to_bytes(Layout::Detailed).unwrap()
    );
    let (back, used) = Plain3::decode_many(&bulk, 100, Layout::Basic).unwrap();
    assert_eq!((back, used), (records.clone(), 2400));
    let back = <Vec<Plain3>>::read_with(
        &mut records.to_bytes(Layout::Basic).unwrap().as_slice(),
        Layout::Basic,
    )
    .unwrap();
    assert_eq!(back, records);
}

#[test]
fn a_short_input_is_the_same_error_as_field_by_field() {
    let records = vec![
        Plain3 {
            ptr: 1,
            size: 2,
            timestamp: 3
        };
        10
    ];
    let bytes = records.to_bytes(Layout::Basic).unwrap();
    for cut in 0..bytes.len() {
        let bulk = <Vec<Plain3>>::decode_slice(&bytes[..cut], Layout::Basic).unwrap_err();
        let reference = <Vec<Tuple3>>::decode_slice(&bytes[..cut], Layout::Basic).unwrap_err();
        assert_eq!(bulk.to_string(), reference.to_string(), "cut at {cut}");
        assert!(<Vec<Plain3>>::read_with(&mut &bytes[..cut], Layout::Basic).is_err());
    }
    // A count the input cannot hold is refused before anything is reserved.
    let mut lying = u32::MAX.to_le_bytes().to_vec();
    lying.extend_from_slice(&[0; 48]);
    let error = <Vec<Plain3>>::decode_slice(&lying, Layout::Basic).unwrap_err();
    assert!(
        matches!(error, CodecError::UnexpectedEnd { available: 48, .. }),
        "{error:?}"
    );
}

#[test]
fn a_large_byte_vector_is_one_copy_each_way() {
    let payload: Vec<u8> = (0..16 << 20).map(|i: u32| (i * 31) as u8).collect();
    let bytes = payload.to_bytes(Layout::Basic).unwrap();
    assert_eq!(&bytes[..4], &(16u32 << 20).to_le_bytes());
    assert_eq!(&bytes[4..], payload.as_slice());
    assert_eq!(
        <Vec<u8>>::decode_slice(&bytes, Layout::Basic).unwrap().0,
        payload
    );
    assert_eq!(
        <Vec<u8>>::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap(),
        payload
    );
}

#[test]
fn arrays_of_plain_records_are_one_copy() {
    let array = [Plain3 {
        ptr: 7,
        size: 8,
        timestamp: 9,
    }; 3];
    let bytes = array.to_bytes(Layout::Basic).unwrap();
    assert_eq!(
        bytes,
        array.map(|r| to_tuple(&r)).to_bytes(Layout::Basic).unwrap()
    );
    assert_eq!(
        <[Plain3; 3]>::decode_slice(&bytes, Layout::Basic).unwrap(),
        (array, 72)
    );
    assert!(<[Plain3; 3]>::decode_slice(&bytes[..71], Layout::Basic).is_err());
}

proptest! {
    #[test]
    fn bulk_and_field_by_field_decode_any_bytes_alike(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        count in 0usize..12,
    ) {
        let bulk = Plain3::decode_many(&bytes, count, Layout::Basic);
        let reference = Tuple3::decode_many(&bytes, count, Layout::Basic);
        match (bulk, reference) {
            (Ok((records, used)), Ok((tuples, used_t))) => {
                prop_assert_eq!(used, used_t);
                prop_assert_eq!(records.iter().map(to_tuple).collect::<Vec<_>>(), tuples);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "bulk {:?} but field by field {:?}", a, b),
        }
    }

    #[test]
    fn plain_and_padded_structs_round_trip(
        layout in layouts(),
        raw in proptest::collection::vec(any::<(u64, u64, u64, u8, u32, f64)>(), 0..20),
    ) {
        let plain: Vec<Plain3> = raw.iter().map(|r| Plain3 { ptr: r.0, size: r.1, timestamp: r.2 }).collect();
        same(plain.clone(), layout)?;
        let nested: Vec<Nested> = raw.iter().map(|r| Nested {
            inner: Plain3 { ptr: r.0, size: r.1, timestamp: r.2 },
            pair: [r.4, !r.4],
            ratio: f64::from(r.4),
        }).collect();
        same(nested.into_boxed_slice(), layout)?;
        same(raw.iter().map(|r| Padded { a: r.3, b: r.0 }).collect::<Vec<_>>(), layout)?;
        same(raw.iter().map(|r| Reordered { a: r.3, b: r.0, c: !r.3 }).collect::<Vec<_>>(), layout)?;
        same(raw.iter().map(|r| Packed { a: r.3, b: r.1 }).collect::<Vec<_>>(), layout)?;
        same(raw.iter().map(|r| Pair { a: r.4, b: r.4 }).collect::<std::rc::Rc<[_]>>(), layout)?;
        same(raw.iter().map(|r| r.3).collect::<Vec<u8>>(), layout)?;
    }
}
