//! The derived codecs of `src/lib.rs`, generated through `msb`, work like
//! any other: sizes, both layouts, errors with field paths.

use memscope_binary_renamed_test::{Allocation, Kind, Marker, Pair, Stats, Wrapper};
use msb::{BinaryRecord, CodecError, Layout};

fn round_trip<T: BinaryRecord + PartialEq + std::fmt::Debug>(value: &T, layout: Layout) -> Vec<u8> {
    let bytes = value.to_bytes(layout).unwrap();
    assert_eq!(bytes.len(), value.encoded_len(layout));
    let (decoded, used) = T::decode_slice(&bytes, layout).unwrap();
    assert_eq!((&decoded, used), (value, bytes.len()));
    assert_eq!(&T::read_with(&mut bytes.as_slice(), layout).unwrap(), value);
    bytes
}

#[test]
fn fixed_size_tagged_struct_round_trips() {
    let stats = Stats { total: 3, peak: 9 };
    let bytes = round_trip(&stats, Layout::Basic);
    assert_eq!(&bytes[..4], b"STAT");
    assert_eq!(Stats::BASIC_SIZE.exact_len(), Some(20));
}

#[test]
fn every_field_attribute_round_trips_in_both_layouts() {
    let allocation = Allocation {
        ptr: 0x1000,
        size: 64,
        var_name: Some("buf".into()),
        type_name: None,
        frames: vec![1, 2, 3],
        thread_id: 0,
        stats: Stats { total: 1, peak: 2 },
    };
    round_trip(&allocation, Layout::Detailed);
    let basic = Allocation {
        var_name: None,
        ..allocation
    };
    round_trip(&basic, Layout::Basic);
}

#[test]
fn generic_tuple_unit_and_enum_round_trip() {
    round_trip(
        &Wrapper {
            value: 5u32,
            note: Some(6),
        },
        Layout::Detailed,
    );
    round_trip(&Pair(7, "seven".into()), Layout::Basic);
    round_trip(&Marker, Layout::Basic);
    let bytes = round_trip(&Kind::Stack, Layout::Basic);
    assert_eq!(bytes, [b'K', b'I', b'N', b'D', 7, 0]);
}

#[test]
fn errors_name_the_field() {
    let bytes = Stats { total: 1, peak: 2 }.to_bytes(Layout::Basic).unwrap();
    let error: CodecError = Stats::decode_slice(&bytes[..14], Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "Stats.peak");
}
