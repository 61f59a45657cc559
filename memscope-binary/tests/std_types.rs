//! The std types users reach for: maps and sets, boxed, shared and
//! copy-on-write strings and slices, `Duration`, the `NonZero` integers,
//! IP addresses, and `#[repr(packed)]` structs. Golden bytes for each
//! encoding, the values their types refuse, round trips in both layouts.

mod common;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::num::{NonZeroI64, NonZeroU8, NonZeroU32, NonZeroUsize};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use common::{every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

/// A hasher with fixed keys: the round trip compares re-encoded bytes, and
/// a hash map is written in its iteration order.
type Fixed = std::hash::BuildHasherDefault<std::hash::DefaultHasher>;

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Everything {
    counts: HashMap<String, u32, Fixed>,
    sorted: BTreeMap<u16, Vec<u8>>,
    tags: HashSet<u8, Fixed>,
    ordered: BTreeSet<i32>,
    #[binary(len = u8)]
    short_map: BTreeMap<u8, u8>,
    name: Box<str>,
    shared_name: Rc<str>,
    thread_name: Arc<str>,
    bytes: Box<[u8]>,
    shared: Rc<[u16]>,
    atomic: Arc<[u16]>,
    cow_text: Cow<'static, str>,
    cow_slice: Cow<'static, [u32]>,
    counter: Rc<u64>,
    boxed: Arc<(u8, u8)>,
    elapsed: Duration,
    nonzero: Option<NonZeroU32>,
    signed: NonZeroI64,
    local: Ipv4Addr,
    remote: Ipv6Addr,
    #[binary(detail)]
    detail: BTreeMap<String, Duration>,
}

#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[repr(C, packed)]
struct Packed {
    kind: u8,
    address: u64,
    port: u16,
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Lookup<'a> {
    by_name: HashMap<&'a str, u32>,
    names: BTreeSet<&'a str>,
    raw: Box<[&'a [u8]]>,
}

fn everything() -> Everything {
    Everything {
        counts: [("a".to_owned(), 1), ("bc".to_owned(), 2)]
            .into_iter()
            .collect(),
        sorted: [(3, vec![1]), (1, vec![])].into(),
        tags: [7, 9].into_iter().collect(),
        ordered: [-1, 5].into(),
        short_map: [(1, 2)].into(),
        name: "box".into(),
        shared_name: "rc".into(),
        thread_name: "arc".into(),
        bytes: vec![1, 2].into(),
        shared: vec![3].into(),
        atomic: vec![].into(),
        cow_text: Cow::Borrowed("cow"),
        cow_slice: Cow::Owned(vec![4]),
        counter: Rc::new(5),
        boxed: Arc::new((6, 7)),
        elapsed: Duration::new(8, 9),
        nonzero: NonZeroU32::new(10),
        signed: NonZeroI64::new(-11).unwrap(),
        local: Ipv4Addr::new(127, 0, 0, 1),
        remote: Ipv6Addr::LOCALHOST,
        detail: [("d".to_owned(), Duration::from_millis(1))].into(),
    }
}

#[test]
fn maps_and_sets_are_a_u32_count_then_the_entries() {
    let map: BTreeMap<u16, Vec<u8>> = [(3, vec![1]), (1, vec![])].into();
    #[rustfmt::skip]
    assert_eq!(map.to_bytes(Layout::Basic).unwrap(), [
        2, 0, 0, 0,             // two entries
        1, 0, 0, 0, 0, 0,       // key 1 (u16), value: an empty Vec
        3, 0, 1, 0, 0, 0, 1,    // key 3, value: one byte, 1
    ]);
    let set: BTreeSet<i32> = [-1, 5].into();
    #[rustfmt::skip]
    assert_eq!(set.to_bytes(Layout::Basic).unwrap(), [
        2, 0, 0, 0,             // two elements, in order
        0xff, 0xff, 0xff, 0xff, // -1
        5, 0, 0, 0,             // 5
    ]);
    assert_eq!(
        <HashMap<u8, u8>>::BASIC_SIZE,
        EncodedSize {
            min: 4,
            max: Some(4 + 2 * u32::MAX as usize)
        }
    );
}

#[test]
fn a_repeated_key_is_refused() {
    #[rustfmt::skip]
    let twice: &[u8] = &[
        2, 0, 0, 0, // two entries
        1, 10,      // key 1 → 10
        1, 20,      // key 1 again
    ];
    for error in [
        <HashMap<u8, u8>>::decode_slice(twice, Layout::Basic).unwrap_err(),
        <BTreeMap<u8, u8>>::decode_slice(twice, Layout::Basic).unwrap_err(),
        <HashMap<u8, u8>>::read_with(&mut &twice[..], Layout::Basic).unwrap_err(),
        <HashSet<(u8, u8)>>::decode_slice(&[2, 0, 0, 0, 1, 10, 1, 10], Layout::Basic).unwrap_err(),
        <BTreeSet<u16>>::decode_slice(&[2, 0, 0, 0, 1, 0, 1, 0], Layout::Basic).unwrap_err(),
    ] {
        assert!(
            matches!(error, CodecError::DuplicateKey { .. }),
            "{error:?}"
        );
        assert_eq!(error.offset(), 6);
        assert_eq!(
            error.to_string(),
            "duplicate key at byte 6 in [1]: a map's keys and a set's elements each appear once"
        );
    }
}

#[test]
fn a_map_count_the_input_cannot_hold_is_refused_before_allocating() {
    let bytes = [0xff, 0xff, 0xff, 0xff, 1, 2];
    let error = <HashMap<u64, u64>>::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert!(
        matches!(error, CodecError::UnexpectedEnd { available: 2, .. }),
        "{error:?}"
    );
    assert_eq!(error.offset(), 4);
}

#[test]
fn strings_and_slices_behind_pointers_are_encoded_as_string_and_vec() {
    let value = everything();
    let as_string = String::from("box").to_bytes(Layout::Basic).unwrap();
    assert_eq!(value.name.to_bytes(Layout::Basic).unwrap(), as_string);
    assert_eq!(
        Cow::<str>::Borrowed("box").to_bytes(Layout::Basic).unwrap(),
        as_string
    );
    let as_vec = vec![1u8, 2].to_bytes(Layout::Basic).unwrap();
    assert_eq!(value.bytes.to_bytes(Layout::Basic).unwrap(), as_vec);
    assert_eq!(
        Rc::<[u8]>::from(vec![1, 2])
            .to_bytes(Layout::Basic)
            .unwrap(),
        as_vec
    );
    assert_eq!(
        Arc::new(5u64).to_bytes(Layout::Basic).unwrap(),
        5u64.to_le_bytes()
    );
    let (cow, _) = Cow::<[u32]>::decode_slice(&[1, 0, 0, 0, 4, 0, 0, 0], Layout::Basic).unwrap();
    assert!(matches!(cow, Cow::Owned(v) if v == [4]));
}

#[test]
fn durations_are_seconds_then_nanoseconds_below_one_second() {
    let duration = Duration::new(0x0102, 999_999_999);
    #[rustfmt::skip]
    assert_eq!(duration.to_bytes(Layout::Basic).unwrap(), [
        0x02, 0x01, 0, 0, 0, 0, 0, 0, // seconds, u64
        0xff, 0xc9, 0x9a, 0x3b,       // nanoseconds, u32: 999,999,999
    ]);
    let mut carry = duration.to_bytes(Layout::Basic).unwrap();
    carry[8..].copy_from_slice(&1_000_000_000u32.to_le_bytes());
    let error = Duration::decode_slice(&carry, Layout::Basic).unwrap_err();
    assert!(matches!(
        &error,
        CodecError::InvalidValue { details, .. }
            if details.ty == "Duration" && details.found == 1_000_000_000
    ));
    assert_eq!(error.offset(), 8);
    // u64::MAX seconds and a carry would overflow `Duration::new`: refused, not a panic.
    let mut overflow = [0xff; 12];
    overflow[8..].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(Duration::decode_slice(&overflow, Layout::Basic).is_err());
    assert!(Duration::read_with(&mut &overflow[..], Layout::Basic).is_err());
}

#[test]
fn a_zero_non_zero_integer_is_refused() {
    assert_eq!(
        NonZeroU32::new(7).unwrap().to_bytes(Layout::Basic).unwrap(),
        [7, 0, 0, 0]
    );
    let error = NonZeroU32::decode_slice(&[0; 4], Layout::Basic).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid NonZeroU32 at byte 0: found 0, expected a value other than zero"
    );
    assert!(NonZeroUsize::read_with(&mut &[0u8; 8][..], Layout::Basic).is_err());
    assert!(NonZeroU8::decode_slice(&[1], Layout::Basic).is_ok());
    // Inside a struct, the path says which field.
    let mut bytes = everything().to_bytes(Layout::Basic).unwrap();
    let signed_at = bytes.len() - 16 - 4 - 8;
    bytes[signed_at..signed_at + 8].fill(0);
    let error = Everything::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "Everything.signed");
}

#[test]
fn ip_addresses_are_their_octets() {
    assert_eq!(
        Ipv4Addr::new(10, 0, 0, 1).to_bytes(Layout::Basic).unwrap(),
        [10, 0, 0, 1]
    );
    let v6 = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    assert_eq!(v6.to_bytes(Layout::Basic).unwrap(), v6.octets());
    assert_eq!(Ipv6Addr::BASIC_SIZE, EncodedSize::exact(16));
}

#[test]
fn a_packed_struct_is_its_fields_copied_out() {
    let packed = Packed {
        kind: 1,
        address: 0x0807_0605_0403_0201,
        port: 0x0a09,
    };
    let bytes = packed.to_bytes(Layout::Basic).unwrap();
    assert_eq!(bytes, [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(
        Packed::decode_slice(&bytes, Layout::Basic).unwrap(),
        (packed, 11)
    );
    assert_eq!(Packed::BASIC_SIZE, EncodedSize::exact(11));
}

#[test]
fn borrowed_maps_and_sets_borrow_their_keys() {
    let lookup = Lookup {
        by_name: [("heap", 1), ("stack", 2)].into(),
        names: ["a", "b"].into(),
        raw: vec![&b"xy"[..], &b""[..]].into(),
    };
    let mut bytes = Vec::new();
    lookup.write_borrowed(&mut bytes, Layout::Basic).unwrap();
    let (back, used) = Lookup::decode_borrowed(&bytes, Layout::Basic).unwrap();
    assert_eq!((&back, used), (&lookup, bytes.len()));
    let input = bytes.as_ptr_range();
    assert!(back.by_name.keys().all(|key| input.contains(&key.as_ptr())));
}

#[test]
fn every_truncation_of_every_std_type_is_an_error() {
    for layout in [Layout::Basic, Layout::Detailed] {
        every_truncation_fails::<Everything>(&everything().to_bytes(layout).unwrap(), layout);
    }
}

proptest! {
    #[test]
    fn std_types_round_trip(
        layout in layouts(),
        counts in proptest::collection::hash_map(".{0,4}", any::<u32>(), 0..5),
        sorted in proptest::collection::btree_map(any::<u16>(), proptest::collection::vec(any::<u8>(), 0..3), 0..5),
        tags in proptest::collection::hash_set(any::<u8>(), 0..5),
        ordered in proptest::collection::btree_set(any::<i32>(), 0..5),
        text in ".{0,8}",
        numbers in proptest::collection::vec(any::<u16>(), 0..5),
        secs in any::<u64>(),
        nanos in 0u32..1_000_000_000,
        nonzero in any::<Option<NonZeroU32>>(),
        signed in any::<NonZeroI64>(),
        v4 in any::<[u8; 4]>(),
        v6 in any::<[u8; 16]>(),
    ) {
        let value = Everything {
            counts: counts.into_iter().collect(),
            sorted,
            tags: tags.into_iter().collect(),
            ordered: ordered.clone(),
            short_map: BTreeMap::new(),
            name: text.clone().into(),
            shared_name: text.as_str().into(),
            thread_name: text.as_str().into(),
            bytes: text.clone().into_bytes().into(),
            shared: numbers.clone().into(),
            atomic: numbers.clone().into(),
            cow_text: Cow::Owned(text.clone()),
            cow_slice: Cow::Owned(numbers.iter().map(|&n| u32::from(n)).collect()),
            counter: Rc::new(secs),
            boxed: Arc::new((v4[0], v4[1])),
            elapsed: Duration::new(secs, nanos),
            nonzero,
            signed,
            local: Ipv4Addr::from(v4),
            remote: Ipv6Addr::from(v6),
            detail: BTreeMap::new(),
        };
        same(value, layout)?;
        same(ordered, layout)?;
        same(Packed { kind: v4[0], address: secs, port: numbers.first().copied().unwrap_or(0) }, layout)?;
    }
}
