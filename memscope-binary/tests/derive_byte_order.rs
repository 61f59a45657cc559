//! `#[binary(big_endian)]`: on a struct or enum it covers its integers,
//! floats, length prefixes, counts, enum tags, frame lengths and bit-field
//! groups; on a field it turns that field big-endian, and
//! `#[binary(little_endian)]` turns one back. Nested derived types keep
//! their own order. Bulk copies stay memcpy only where the wire image
//! equals memory: never in big-endian order.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::{every_bit_flipped, every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, CodecError, Layout};
use proptest::prelude::*;

/// A network header: big-endian throughout, one field little-endian.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(big_endian, tag = b"NETH")]
struct Header {
    version: u16,
    length: u32,
    ratio: f32,
    #[binary(little_endian)]
    host_order: u32,
    name: String,
    #[binary(len = u8)]
    short: Vec<u16>,
    count: u16,
    #[binary(count = count)]
    items: Vec<i32>,
    #[binary(bits = 12)]
    flags: u16,
    #[binary(bits = 4)]
    kind: u8,
    inner: Inner,
    optional: Option<u64>,
    pairs: BTreeMap<u16, u32>,
    wide: usize,
}

/// Nested: little-endian, whatever contains it.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Inner {
    value: u32,
}

/// A little-endian struct with one big-endian field.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Mixed {
    little: u32,
    #[binary(big_endian)]
    big: u32,
    #[binary(big_endian)]
    list: Vec<u16>,
}

/// Big-endian enum tags and frame lengths.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(big_endian, extensible)]
#[repr(u16)]
enum Message {
    Ping = 0x0102,
    Data(u32),
    #[binary(unknown)]
    Other(u16, Vec<u8>),
}

/// A plain struct, big-endian: never copied in bulk.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq)]
#[binary(big_endian)]
struct Point {
    x: u32,
    y: u32,
}

fn header() -> Header {
    Header {
        version: 0x0102,
        length: 0x0304_0506,
        ratio: 1.5,
        host_order: 0x0A0B_0C0D,
        name: "ab".into(),
        short: vec![0x1122],
        count: 2,
        items: vec![-2, 3],
        flags: 0xABC,
        kind: 0xD,
        inner: Inner { value: 0x0102_0304 },
        optional: Some(0x0102),
        pairs: [(1, 2)].into(),
        wide: 0x0102_0304_0506,
    }
}

#[test]
fn a_big_endian_record_writes_every_number_most_significant_byte_first() {
    #[rustfmt::skip]
    let expected: &[u8] = &[
        b'N', b'E', b'T', b'H',                  // the tag: bytes, no order
        0x01, 0x02,                              // version
        0x03, 0x04, 0x05, 0x06,                  // length
        0x3f, 0xc0, 0x00, 0x00,                  // ratio, f32 1.5
        0x0d, 0x0c, 0x0b, 0x0a,                  // host_order: little_endian
        0x00, 0x02, b'a', b'b',                  // name: u16 length
        0x01, 0x11, 0x22,                        // short: u8 length, one u16
        0x00, 0x02,                              // count
        0xff, 0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x03, // items: no prefix
        0xda, 0xbc,                              // flags (bits 0-11), kind (12-15): the group big-endian
        0x04, 0x03, 0x02, 0x01,                  // inner: its own order, little-endian
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, // optional: tag, then u64
        0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // pairs: u32 count, key, value
        0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, // wide: usize as 8 bytes
    ];
    let bytes = header().to_bytes(Layout::Basic).unwrap();
    assert_eq!(bytes, expected);
    assert_eq!(
        Header::decode_slice(expected, Layout::Basic).unwrap(),
        (header(), expected.len())
    );
    assert_eq!(
        Header::read_with(&mut &expected[..], Layout::Basic).unwrap(),
        header()
    );
}

#[test]
fn one_field_can_take_the_other_order() {
    let mixed = Mixed {
        little: 1,
        big: 1,
        list: vec![1, 2],
    };
    let bytes = mixed.to_bytes(Layout::Basic).unwrap();
    #[rustfmt::skip]
    assert_eq!(bytes, [
        1, 0, 0, 0,             // little
        0, 0, 0, 1,             // big
        0, 0, 0, 2, 0, 1, 0, 2, // list: a big-endian count and elements
    ]);
    assert_eq!(Mixed::decode_slice(&bytes, Layout::Basic).unwrap().0, mixed);
}

#[test]
fn enum_tags_and_frame_lengths_follow_the_enum() {
    assert_eq!(
        Message::Ping.to_bytes(Layout::Basic).unwrap(),
        [0x01, 0x02, 0, 0, 0, 0]
    );
    let data = Message::Data(7).to_bytes(Layout::Basic).unwrap();
    assert_eq!(data, [0x01, 0x03, 0, 0, 0, 4, 0, 0, 0, 7]);
    let other = Message::Other(0x0A0B, vec![9]);
    let bytes = other.to_bytes(Layout::Basic).unwrap();
    assert_eq!(bytes, [0x0A, 0x0B, 0, 0, 0, 1, 9]);
    assert_eq!(
        Message::decode_slice(&bytes, Layout::Basic).unwrap().0,
        other
    );
}

#[test]
fn bulk_copies_stay_little_endian() {
    let points = vec![Point { x: 1, y: 2 }; 3];
    let mut bytes = Vec::new();
    Point::write_many(&points, &mut bytes, Layout::Basic).unwrap();
    assert_eq!(&bytes[..8], [0, 0, 0, 1, 0, 0, 0, 2]);
    assert_eq!(
        Point::decode_many(&bytes, 3, Layout::Basic).unwrap().0,
        points
    );
    // A `Vec<u64>` field of a big-endian struct is never one copy.
    let list = Mixed {
        little: 0,
        big: 0,
        list: (0..100).collect(),
    };
    let bytes = list.to_bytes(Layout::Basic).unwrap();
    assert_eq!(&bytes[12..16], [0, 0, 0, 1]);
    assert_eq!(Mixed::decode_slice(&bytes, Layout::Basic).unwrap().0, list);
}

#[test]
fn errors_in_big_endian_fields_name_the_field() {
    let mut bytes = header().to_bytes(Layout::Basic).unwrap();
    bytes.truncate(10);
    let error = Header::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "Header.ratio");
    let mut wrong = header();
    wrong.flags = 0x1000;
    let error = wrong.to_bytes(Layout::Basic).unwrap_err();
    assert!(matches!(error, CodecError::BitsOverflow { .. }));
    assert_eq!(error.path().to_string(), "Header.flags");
}

#[test]
fn every_truncation_and_every_flipped_bit_is_an_error_or_a_value() {
    let bytes = header().to_bytes(Layout::Basic).unwrap();
    every_truncation_fails::<Header>(&bytes, Layout::Basic);
    every_bit_flipped::<Header>(&bytes, Layout::Basic);
    let message = Message::Other(3, vec![1, 2])
        .to_bytes(Layout::Basic)
        .unwrap();
    every_truncation_fails::<Message>(&message, Layout::Basic);
    every_bit_flipped::<Message>(&message, Layout::Basic);
}

proptest! {
    #[test]
    fn every_value_round_trips_in_big_endian_order(
        version in any::<u16>(),
        length in any::<u32>(),
        ratio in any::<f32>().prop_filter("NaN is not equal to itself", |r| !r.is_nan()),
        host_order in any::<u32>(),
        name in ".{0,6}",
        short in proptest::collection::vec(any::<u16>(), 0..4),
        items in proptest::collection::vec(any::<i32>(), 0..4),
        flags in 0u16..4096,
        kind in 0u8..16,
        value in any::<u32>(),
        optional in any::<Option<u64>>(),
        pairs in proptest::collection::btree_map(any::<u16>(), any::<u32>(), 0..4),
        wide in any::<u32>(),
        layout in layouts(),
    ) {
        let count = items.len() as u16;
        let header = Header {
            version, length, ratio, host_order, name, short, count, items, flags, kind,
            inner: Inner { value }, optional, pairs, wide: wide as usize,
        };
        same(header, layout)?;
        same(Mixed { little: value, big: length, list: short_list(version) }, layout)?;
    }

    #[test]
    fn a_map_in_big_endian_order_is_still_canonical(
        entries in proptest::collection::vec((any::<u16>(), any::<u8>()), 0..8),
    ) {
        #[derive(BinaryRecord, Debug, PartialEq)]
        #[binary(big_endian)]
        struct Table {
            map: HashMap<u16, u8>,
        }
        let forward: HashMap<u16, u8> = entries.iter().copied().collect();
        // The same entries, inserted in the other order into a bigger table.
        let mut backward: HashMap<u16, u8> = HashMap::with_capacity(64);
        let mut sorted: Vec<(u16, u8)> = forward.iter().map(|(k, v)| (*k, *v)).collect();
        sorted.sort_unstable();
        backward.extend(sorted.into_iter().rev());
        let a = Table { map: forward }.to_bytes(Layout::Basic).unwrap();
        let b = Table { map: backward }.to_bytes(Layout::Basic).unwrap();
        prop_assert_eq!(a, b);
    }
}

fn short_list(seed: u16) -> Vec<u16> {
    (0..seed % 5).collect()
}
